//! The web page's entry points (src/web.rs), run natively: a table played round by round through
//! them ends exactly as the same run of `polder run` (its runs.csv row), for every built-in
//! scenario and several policies and seeds; and the per-round state they report is the table's.

use std::path::Path;

use polder::scenario::parse_scenario;
use polder::web::{self, OUTCOME_FIELDS, ROUND_FIELDS, SCENARIOS, SEAT_FIELDS};
use tempfile::TempDir;

use crate::common::{p, polder, text};

/// Play run `run` of `seed` to its end through the entry points; the outcome by runs.csv
/// column, and the rounds played.
fn play(scenario: u32, policy: u32, seed: u64, run: u64) -> (Vec<(&'static str, f64)>, u32) {
    let seats = web::polder_start(scenario, policy, seed, run);
    assert!(seats > 0);
    assert!(web::outcome_fields().is_none(), "no outcome before the end");
    let mut steps = 0;
    while web::polder_step() == 1 {
        steps += 1;
        assert!(steps < 10_000);
    }
    assert_eq!(web::polder_step(), 0, "a finished run stays finished");
    (
        web::outcome_fields().expect("an outcome at the end"),
        steps + 1,
    )
}

fn policy_index(name: &str) -> u32 {
    (0..web::polder_policy_count())
        .find(|&k| web::text(web::polder_policy_name(k)) == name)
        .expect("a built-in policy")
}

/// `polder run FILE --runs runs --seed seed --policy policy --out out --force` (the same table may
/// be asked for twice), which must succeed.
fn polder_run(file: &Path, runs: u32, policy: &str, seed: u64, out: &Path) {
    let run = polder(&[
        "run",
        p(file),
        "--runs",
        &runs.to_string(),
        "--seed",
        &seed.to_string(),
        "--policy",
        policy,
        "--out",
        p(out),
        "--force",
    ]);
    assert!(run.status.success(), "{}", text(&run.stderr));
}

/// Play every run of `out`'s runs.csv (written by `polder run --policy policy --seed seed`)
/// through the entry points on the page's scenario `i` (`scenario` as parsed, for phase names):
/// each outcome is its row, column by column. The endings seen.
fn same_as_runs_csv(
    i: u32,
    scenario: &polder::Scenario,
    policy: &str,
    seed: u64,
    out: &Path,
) -> std::collections::BTreeSet<String> {
    let csv = std::fs::read_to_string(out.join("runs.csv")).unwrap();
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let mut endings = std::collections::BTreeSet::new();
    for (r, line) in lines.enumerate() {
        let row: Vec<&str> = line.split(',').collect();
        let (outcome, rounds) = play(i, policy_index(policy), seed, r as u64);
        for (name, value) in outcome {
            let cell = row[col(name)];
            let ours = match name {
                "ending" => {
                    ["ratified", "rejected", "deadline", "collapsed"][value as usize].to_string()
                }
                "agreement" | "ratified" | "inclusive" => (value == 1.0).to_string(),
                "agreement_round" if value < 0.0 => String::new(),
                "phase_reached" => scenario.process.phases[value as usize].name.clone(),
                _ if value.fract() == 0.0 && !cell.contains('.') => format!("{value}"),
                _ => format!("{value:.6}"),
            };
            assert_eq!(
                ours, cell,
                "{} {policy} seed {seed} run {r}: {name}",
                scenario.name
            );
        }
        assert_eq!(rounds.to_string(), row[col("rounds")]);
        endings.insert(row[col("ending")].to_string());
    }
    endings
}

#[test]
fn the_page_s_runs_are_polder_run_s_runs_csv_rows() {
    let dir = TempDir::new().unwrap();
    for (i, (file, text_of)) in SCENARIOS.iter().enumerate() {
        let scenario = parse_scenario(text_of, Path::new(file)).unwrap();
        assert_eq!(
            web::text(web::polder_scenario_name(i as u32)),
            scenario.name
        );
        for (policy, seed) in [("none", 1u64), ("phased", 5), ("monitor", 28)] {
            let out = dir.path().join(format!("{i}-{policy}"));
            polder_run(&Path::new("scenarios").join(file), 12, policy, seed, &out);
            let endings = same_as_runs_csv(i as u32, &scenario, policy, seed, &out);
            // the runs compared are not all alike
            assert!(
                endings.len() > 1 || file.contains("care"),
                "{file} {policy}: {endings:?}"
            );
        }
    }
}

/// Bit for bit: the outcome's numbers are those of the library's own run of the same table.
#[test]
fn the_page_s_numbers_are_the_library_s_bits() {
    let (file, text_of) = SCENARIOS[0];
    let s = parse_scenario(text_of, Path::new(file)).unwrap();
    let monitor = polder::policy::builtin("monitor").unwrap();
    for run in 0..5 {
        let seed = polder::RunSeed::new(28, 0, run);
        let o = polder::runner::simulate_policy(
            &s,
            Some(&monitor),
            seed,
            &mut polder::outcome::NoObserver,
        );
        let (fields, _) = play(0, policy_index("monitor"), 28, run);
        let get = |n: &str| fields.iter().find(|(k, _)| *k == n).unwrap().1;
        for (d, name) in [
            "final_content",
            "final_social",
            "final_procedural",
            "final_task_time",
        ]
        .iter()
        .enumerate()
        {
            assert_eq!(get(name).to_bits(), o.final_table.certainty[d].to_bits());
        }
        assert_eq!(get("dropout_rate").to_bits(), o.dropout_rate.to_bits());
        assert_eq!(get("budget_spent").to_bits(), o.budget_spent.to_bits());
    }
}

/// What a round reports: the state of the table after it, every seat, and the bounds.
#[test]
fn rounds_and_seats_describe_the_table() {
    let fields = |which| web::text(web::polder_fields(which));
    assert_eq!(fields(0), ROUND_FIELDS.join(","));
    assert_eq!(fields(1), SEAT_FIELDS.join(","));
    assert_eq!(fields(2), OUTCOME_FIELDS.join(","));
    assert_eq!(web::polder_start(9, 0, 1, 0), -1, "unknown scenario");
    assert_eq!(web::polder_start(0, 99, 1, 0), -1, "unknown policy");

    let (file, text_of) = SCENARIOS[0];
    let s = parse_scenario(text_of, Path::new(file)).unwrap();
    let none = polder::policy::builtin("none").unwrap();
    let mut m = polder::Model::with_policy(&s, Some(&none), polder::RunSeed::new(135, 0, 0));
    let n = web::polder_start(0, policy_index("none"), 135, 0) as usize;
    assert_eq!(n, m.people.len());
    for d in 0..4 {
        assert_eq!(web::polder_bound(0, d), m.lower_bounds[d as usize]);
        assert_eq!(web::polder_bound(1, d), m.challenges[d as usize]);
    }
    let mut exits = 0.0;
    let mut left;
    loop {
        let more = m.step();
        assert_eq!(web::polder_step(), i32::from(more));
        let round = unsafe { std::slice::from_raw_parts(web::polder_round(), ROUND_FIELDS.len()) };
        let seats =
            unsafe { std::slice::from_raw_parts(web::polder_seats(), n * SEAT_FIELDS.len()) };
        let r = polder::RoundRecord::of(&m);
        assert_eq!(round[0], f64::from(r.round));
        assert_eq!(round[2], r.active as f64);
        for d in 0..4 {
            assert_eq!(round[5 + d], r.table.certainty[d]);
        }
        exits += round[15];
        // the events, by code: as many exits as counted, each naming a seat that has left
        let events = unsafe {
            std::slice::from_raw_parts(
                web::polder_events(),
                web::polder_event_count() as usize * web::EVENT_STRIDE,
            )
        };
        assert_eq!(events.len(), m.events.len() * web::EVENT_STRIDE);
        let exit_code = web::EVENT_KINDS.iter().position(|k| k.0 == "exit").unwrap() as f64;
        let exit_events: Vec<&[f64]> = events
            .chunks(web::EVENT_STRIDE)
            .filter(|e| e[0] == exit_code)
            .collect();
        assert_eq!(exit_events.len() as f64, round[15]);
        for e in exit_events {
            let who = e[1] as usize;
            assert_eq!(seats[who * SEAT_FIELDS.len()], 1.0, "seat {who} left");
        }
        let at_table = seats
            .chunks(SEAT_FIELDS.len())
            .filter(|s| s[0] == 0.0)
            .count();
        assert_eq!(at_table, r.active);
        for (person, seat) in m.people.iter().zip(seats.chunks(SEAT_FIELDS.len())) {
            assert_eq!(&seat[5..9], &person.certainty[..]);
        }
        left = seats
            .chunks(SEAT_FIELDS.len())
            .filter(|s| s[0] == 1.0)
            .count();
        assert_eq!(round[26], f64::from(u8::from(!more)));
        if !more {
            break;
        }
    }
    // seed 135 collapses without a manager: parties leave, and every exit was counted
    assert_eq!(web::text(web::polder_ending()), "collapsed");
    assert!(left > 3, "{left}");
    assert_eq!(exits, left as f64);
}

/// The ticker's text is `polder trace`'s story, in English and in Dutch: the header, each round's
/// block once (and only once) the table has played it, and the ending once it has ended.
#[test]
fn the_story_is_polder_trace_s_story_round_by_round() {
    use polder::text::Lang;
    let (file, text_of) = SCENARIOS[0];
    let s = parse_scenario(text_of, Path::new(file)).unwrap();
    for (policy, seed, run) in [
        ("none", 135u64, 0u64),
        ("monitor", 135, 0),
        ("phased", 5, 2),
    ] {
        let spec = polder::policy::builtin(policy).unwrap();
        let trace = polder::trace::record(&s, Some(&spec), polder::RunSeed::new(seed, 0, run));
        let stories = Lang::ALL.map(|l| polder::trace::narrate(&s, &trace, l));
        // the command line prints exactly this story
        let cli = polder(&[
            "trace",
            "scenarios/regional-energy.toml",
            "--policy",
            policy,
            "--seed",
            &seed.to_string(),
            "--run",
            &run.to_string(),
            "--lang",
            "nl",
        ]);
        assert!(cli.status.success(), "{}", text(&cli.stderr));
        assert!(text(&cli.stdout).contains(&stories[1].rounds[0].1));
        web::polder_start(0, policy_index(policy), seed, run);
        let story =
            |lang: u32, part: u32, round: u32| web::text(web::polder_story(lang, part, round));
        for (l, st) in stories.iter().enumerate() {
            assert_eq!(story(l as u32, 0, 0), st.header);
            let hidden = story(l as u32, 3, 0);
            assert!(
                !hidden.trim().is_empty() && st.header.contains(&hidden),
                "{hidden}"
            );
            assert_eq!(story(l as u32, 1, 1), "", "round 1 is not played yet");
            assert_eq!(story(l as u32, 2, 0), "", "no ending yet");
        }
        assert_eq!(story(2, 0, 0), "", "no third language");
        let mut round = 0;
        loop {
            let more = web::polder_step() == 1;
            round += 1;
            for (l, st) in stories.iter().enumerate() {
                assert_eq!(story(l as u32, 1, round), st.rounds[round as usize - 1].1);
                assert_eq!(story(l as u32, 1, round + 1), "");
            }
            if !more {
                break;
            }
        }
        assert_eq!(round as usize, stories[0].rounds.len());
        for (l, st) in stories.iter().enumerate() {
            assert_eq!(story(l as u32, 2, 0), st.footer);
        }
    }
}

/// Playing the manager through the page's entry points: a survey's estimates (not the truth),
/// refusals with their reasons, and at the end the trainee's run beside every built-in
/// policy's on the same table; a trainee who does what `monitor` does gets `monitor`'s run.
#[test]
fn the_page_plays_the_manager_and_compares_with_every_policy() {
    use polder::intervention::Intervention;
    let (file, text_of) = SCENARIOS[0];
    let s = parse_scenario(text_of, Path::new(file)).unwrap();
    let seed = polder::RunSeed::new(135, 0, 0);
    let monitor = polder::policy::builtin("monitor").unwrap();
    let theirs = polder::trace::record(&s, Some(&monitor), seed);
    let k = |iv: Intervention| iv.index() as u32;

    assert_eq!(web::polder_play_start(9, 135, 0), -1, "unknown scenario");
    let n = web::polder_play_start(0, 135, 0) as usize;
    assert_eq!(n, theirs.parties.len());
    assert_eq!(web::polder_play_budget(0, 0), s.manager.budget);
    assert_eq!(
        web::polder_play_budget(2, k(Intervention::JointFactFinding)),
        s.interventions.cost(Intervention::JointFactFinding)
    );
    assert_eq!(
        web::polder_play_budget(3, k(Intervention::BilateralTalks)),
        2.0
    );
    assert!(web::polder_play_survey().is_null(), "no survey yet");
    let refused = web::polder_play_intervene(k(Intervention::ClarifyScope), 3, -1, 0);
    assert!(web::text(refused).contains("takes no target"));
    // the same refusal in Dutch, as the library's words say it
    let refused = web::polder_play_intervene(k(Intervention::ClarifyScope), 3, -1, 1);
    assert_eq!(
        web::text(refused),
        polder::desk::Refusal::NoTargets(Intervention::ClarifyScope)
            .said_in(polder::text::Lang::Nl)
    );
    assert!(web::text(refused).contains("heeft geen doelwit"));
    assert!(web::text(web::polder_play_intervene(99, -1, -1, 0)).contains("no intervention 99"));
    assert!(web::text(web::polder_play_intervene(99, -1, -1, 1)).contains("geen interventie 99"));
    assert_eq!(
        web::polder_play_compare(),
        -1,
        "no comparison before the end"
    );

    let mut round = 0;
    loop {
        for e in &theirs.rounds[round].events {
            if let polder::events::Event::Intervention { kind, .. } = e {
                let why = web::polder_play_intervene(k(*kind), -1, -1, 0);
                assert_eq!(why, 0, "{}", web::text(why));
            }
        }
        if round == 0 {
            // the survey: estimates near the truth, never the truth itself
            let ptr = web::polder_play_survey();
            assert!(!ptr.is_null());
            let v = unsafe { std::slice::from_raw_parts(ptr, 6 + 4 * n) };
            assert_eq!(v[0], 1.0, "taken in round 1");
            let truth = &theirs.start.parties;
            let mut off = 0.0;
            for i in 0..n {
                for d in 0..4 {
                    let e = v[6 + 4 * i + d];
                    assert!((0.0..=1.0).contains(&e));
                    off += (e - truth[i].certainty[d]).abs();
                }
            }
            assert!(off > 0.0 && off / (4 * n) as f64 <= 0.2, "{off}");
            let public = unsafe { std::slice::from_raw_parts(web::polder_play_public(), 3 * n) };
            assert!(
                public.chunks(3).all(|p| p[0] == 0.0),
                "all seated in round 1"
            );
        }
        round += 1;
        let more = web::polder_play_advance();
        let r = unsafe { std::slice::from_raw_parts(web::polder_round(), ROUND_FIELDS.len()) };
        assert_eq!(r[0], round as f64);
        if more == 0 {
            break;
        }
    }
    assert_eq!(round, theirs.rounds.len());
    assert_eq!(web::polder_play_advance(), 0);
    let best = web::polder_play_compare();
    let names = polder::policy::builtin_names();
    assert!(best >= 0 && (best as usize) < names.len());
    let rows = names.len() + 1;
    let all = unsafe {
        std::slice::from_raw_parts(web::polder_play_compared(), rows * OUTCOME_FIELDS.len())
    };
    let row = |r: usize| &all[r * OUTCOME_FIELDS.len()..(r + 1) * OUTCOME_FIELDS.len()];
    let mon = names.iter().position(|n| *n == "monitor").unwrap();
    let bits = |r: &[f64]| r.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
    assert_eq!(
        bits(row(0)),
        bits(row(1 + mon)),
        "the trainee did what monitor does"
    );
    assert_ne!(bits(row(0)), bits(row(1)), "and not what no manager does");
    assert_eq!(row(1)[0], 3.0, "without a manager the table collapses");
    // the same run as monitor's: the tables never part; against no manager they do, in the
    // first round (the survey)
    assert_eq!(web::polder_play_versus(1, mon as u32), -1);
    assert_eq!(web::polder_play_versus(0, 0), 1);
    assert!(web::polder_play_versus(1, 0) >= 1);
    for lang in [2, 3] {
        let story = web::text(web::polder_play_versus(lang, 0) as u32);
        assert!(story.contains("`trainee`"), "{story}");
        let nl = story.contains("Naast elkaar");
        assert_eq!(nl, lang == 3);
    }
    // the story of the trainee's own run, as on any table
    assert!(
        !web::text(web::polder_story(0, 2, 0)).is_empty(),
        "the ending"
    );
    assert_eq!(
        web::text(web::polder_story(0, 1, round as u32)),
        polder::trace::narrate(&s, &theirs, polder::text::Lang::En).rounds[round - 1].1
    );
}

/// The page's scenario settings (`path = value` lines on a shipped scenario) are checked as
/// the scenario file is, with the validation's own messages, and a table seated after them
/// plays the scenario with those values, bit for bit; no settings restore the shipped one.
#[test]
fn scenario_settings_are_validated_as_the_file_is() {
    let (file, text_of) = SCENARIOS[0];
    let shipped = parse_scenario(text_of, Path::new(file)).unwrap();
    let customise = |settings: &str| {
        let bytes = settings.as_bytes();
        let ptr = web::polder_input(bytes.len() as u32);
        unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), ptr, bytes.len()) };
        match web::polder_customise(0) {
            0 => Ok(()),
            len => Err(web::text(len)),
        }
    };
    // the library's own check of the same value gives the same field and message
    let mut wrong = shipped.clone();
    wrong.archetypes.saboteur_share = 2.0;
    let invalid = wrong.validate().unwrap_err();
    let e = customise("archetypes.saboteur_share = 2").unwrap_err();
    assert!(
        e.contains(&invalid.field) && e.contains(&invalid.message),
        "{e} vs {invalid:?}"
    );
    let e = polder::scenario::parse_scenario_with(
        text_of,
        Path::new(file),
        &[("archetypes.saboteur_share", "2")],
    )
    .unwrap_err();
    assert_eq!(e.field.as_deref(), Some(invalid.field.as_str()));
    assert_eq!(e.message, invalid.message);
    assert_eq!(e.line, None);
    // an unknown path, a value that is not TOML, a line without `=`
    let e = customise("exit.contagon = 2.5").unwrap_err();
    assert!(
        e.contains("unknown field `contagon`") && e.contains("contagion"),
        "{e}"
    );
    let e = customise("exit.contagion = lots").unwrap_err();
    assert!(e.contains("lots is not a TOML value"), "{e}");
    let e = customise("exit.contagion 2.5").unwrap_err();
    assert!(e.contains("expected PATH = VALUE"), "{e}");
    let e = customise("exit.contagion = 1\nname = \"x\"\n[exit]").unwrap_err();
    assert!(e.contains("expected PATH = VALUE"), "{e}");
    let e = customise("exit.contagion = 1\nname = 'x'\nkey with space = 1").unwrap_err();
    assert!(e.contains("dotted parameter path"), "{e}");
    // refused settings leave the shipped scenario in place
    let none = policy_index("none");
    let seated = |scenario| {
        let n = web::polder_start(scenario, none, 28, 0);
        assert!(n > 0);
        while web::polder_step() == 1 {}
        web::outcome_fields().unwrap()
    };
    let plain = seated(0);

    // valid settings: the run is the library's run of the scenario with those values
    customise("# stronger contagion\nexit.contagion = 2.5\n\narchetypes.saboteur_share = 0.0")
        .unwrap();
    let mut changed = shipped.clone();
    changed.exit.contagion = 2.5;
    changed.archetypes.saboteur_share = 0.0;
    changed.validate().unwrap();
    let native = polder::runner::simulate_policy(
        &changed,
        None,
        polder::RunSeed::new(28, 0, 0),
        &mut polder::outcome::NoObserver,
    );
    let custom = seated(0);
    let get = |o: &[(&str, f64)], n: &str| o.iter().find(|(k, _)| *k == n).unwrap().1;
    assert_eq!(
        get(&custom, "final_content").to_bits(),
        native.final_table.certainty[0].to_bits()
    );
    assert_eq!(get(&custom, "rounds"), f64::from(native.rounds));
    assert_ne!(custom, plain, "the settings change the run");
    assert_eq!(
        web::polder_play_start(0, 28, 0) as usize,
        native.participants
    );
    // other scenarios are untouched; no settings restore the shipped scenario
    assert!(web::polder_start(1, none, 28, 0) > 0);
    customise("  \n# nothing\n").unwrap();
    assert_eq!(seated(0), plain);
}

/// Every slider and picker of the page names a single value of every shipped scenario, and
/// that value is one the control can show (within its range, on its steps; one of its names).
#[test]
fn every_control_shows_each_shipped_scenario_s_value() {
    use polder::web::controls::{CONTROLS, Control};
    let listed = web::text(web::polder_controls());
    assert_eq!(listed.lines().count(), CONTROLS.len());
    for (i, (file, _)) in SCENARIOS.iter().enumerate() {
        let values = web::text(web::polder_values(i as u32, 0));
        assert_eq!(values.lines().count(), CONTROLS.len(), "{file}");
        for ((path, control), line) in CONTROLS.iter().zip(values.lines()) {
            let (p, v) = line.split_once('\t').unwrap();
            assert_eq!(p, *path);
            match control {
                Control::Range { min, max, step } => {
                    let x: f64 = v.parse().unwrap_or_else(|_| panic!("{file} {path}: {v}"));
                    assert!((*min..=*max).contains(&x), "{file} {path}: {x}");
                    let steps = (x - min) / step;
                    assert!((steps - steps.round()).abs() < 1e-6, "{file} {path}: {x}");
                }
                Control::Choice(names) => {
                    assert!(
                        names.iter().any(|n| format!("\"{n}\"") == v),
                        "{file} {path}: {v}"
                    );
                }
            }
        }
    }
    assert_eq!(web::text(web::polder_values(9, 0)), "", "no scenario 9");
}

/// The settings the sliders and pickers write (`path = value`, through the page's one checked
/// path) play exactly as a scenario file with those values does under `polder run`: 12 runs,
/// every column of runs.csv. And they change the run: the shipped file's runs differ.
#[test]
fn control_settings_play_as_an_equivalent_scenario_file() {
    let dir = TempDir::new().unwrap();
    let (file, shipped) = SCENARIOS[0];
    // what the page writes when these controls are moved, and the same values in the file
    let settings = [
        (
            "archetypes.saboteur_share",
            "0.20",
            "saboteur_share = 0.05",
            "saboteur_share = 0.2",
        ),
        (
            "archetypes.free_rider_share",
            "0.05",
            "free_rider_share = 0.15",
            "free_rider_share = 0.05",
        ),
        (
            "constituency.strength",
            "1.50",
            "strength = 1.0 ",
            "strength = 1.5 ",
        ),
        (
            "domains.social.initial",
            "0.40",
            "[domains.social]\ninitial = 0.55",
            "[domains.social]\ninitial = 0.4",
        ),
        (
            "process.decision_rule",
            "\"majority\"",
            "decision_rule = \"consensus\"",
            "decision_rule = \"majority\"",
        ),
        ("process.pace", "0.80", "pace = 1.0 ", "pace = 0.8 "),
    ];
    let mut edited = shipped.to_string();
    let mut lines = String::new();
    for (path, value, from, to) in settings {
        assert_eq!(edited.matches(from).count(), 1, "{from}");
        edited = edited.replace(from, to);
        lines.push_str(&format!("{path} = {value}\n"));
    }
    let scenario_file = dir.path().join(file);
    std::fs::write(&scenario_file, &edited).unwrap();
    let edited = parse_scenario(&edited, &scenario_file).unwrap();

    let bytes = lines.as_bytes();
    let at = web::polder_input(bytes.len() as u32);
    unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), at, bytes.len()) };
    assert_eq!(web::polder_customise(0), 0, "accepted");
    // the controls now show the values set, and the shipped ones are kept apart
    let now = web::text(web::polder_values(0, 1));
    for (path, value, _, _) in settings {
        let shown = now
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{path}\t")))
            .unwrap();
        assert_eq!(
            shown.parse::<f64>().ok(),
            value.parse::<f64>().ok(),
            "{path}"
        );
        assert!(
            value.parse::<f64>().is_ok() || shown == value,
            "{path}: {shown}"
        );
    }
    assert_ne!(now, web::text(web::polder_values(0, 0)));

    for (policy, seed) in [("none", 3u64), ("monitor", 11)] {
        let out = dir.path().join(policy);
        polder_run(&scenario_file, 12, policy, seed, &out);
        let endings = same_as_runs_csv(0, &edited, policy, seed, &out);
        assert!(!endings.is_empty());
        // the shipped scenario's runs of the same seed are not these
        let changed = (0..12u64).any(|r| {
            let mine = play(0, policy_index(policy), seed, r).0;
            let shipped_run = polder::runner::simulate_policy(
                &parse_scenario(shipped, Path::new(file)).unwrap(),
                polder::policy::builtin(policy).as_ref(),
                polder::RunSeed::new(seed, 0, r),
                &mut polder::outcome::NoObserver,
            );
            let social = mine.iter().find(|(k, _)| *k == "final_social").unwrap().1;
            social.to_bits() != shipped_run.final_table.certainty[1].to_bits()
        });
        assert!(changed, "{policy}: the settings change the runs");
    }
    // an empty input restores the shipped scenario
    web::polder_input(0);
    assert_eq!(web::polder_customise(0), 0);
    assert_eq!(
        web::text(web::polder_values(0, 1)),
        web::text(web::polder_values(0, 0))
    );
}

/// Side by side: a second table beside the first, the same parties with the same luck under
/// another manager, played round by round; each ends as the library's run of its policy, and
/// where they part ways and the story of both are `polder trace --versus`'s.
#[test]
fn two_tables_side_by_side_are_trace_versus() {
    let (file, text_of) = SCENARIOS[0];
    let s = parse_scenario(text_of, Path::new(file)).unwrap();
    let (none, phased) = (policy_index("none"), policy_index("phased"));
    assert_eq!(web::polder_versus_start(phased), -1, "no first table yet");
    web::polder_start(0, none, 135, 0);
    assert_eq!(web::polder_view(1), -1, "nothing beside it yet");
    assert_eq!(web::polder_versus(1), -1);
    assert_eq!(web::polder_versus_start(99), -1, "unknown policy");
    assert_eq!(web::polder_versus_start(phased), 20);
    let (mut a, mut b) = (1, 1);
    while a == 1 || b == 1 {
        a = web::polder_step();
        b = web::polder_versus_step();
    }
    let seed = polder::RunSeed::new(135, 0, 0);
    for (view, policy) in [(0, "none"), (1, "phased")] {
        assert_eq!(web::polder_view(view), 0);
        let spec = polder::policy::builtin(policy).unwrap();
        let native = polder::runner::simulate_policy(
            &s,
            Some(&spec),
            seed,
            &mut polder::outcome::NoObserver,
        );
        let fields = web::outcome_fields().unwrap();
        let get = |n: &str| fields.iter().find(|(k, _)| *k == n).unwrap().1;
        assert_eq!(get("ending"), native.ending.index() as f64, "{policy}");
        assert_eq!(get("rounds"), f64::from(native.rounds), "{policy}");
        for d in 0..4 {
            let name = [
                "final_content",
                "final_social",
                "final_procedural",
                "final_task_time",
            ][d];
            assert_eq!(
                get(name).to_bits(),
                native.final_table.certainty[d].to_bits()
            );
        }
        assert_eq!(web::text(web::polder_ending()), native.ending.key());
    }
    web::polder_view(0);
    let ta = polder::trace::record(&s, polder::policy::builtin("none").as_ref(), seed);
    let tb = polder::trace::record(&s, polder::policy::builtin("phased").as_ref(), seed);
    let div = polder::trace::versus::divergence(&ta, &tb);
    let parting = div.parting.expect("phased acts on this table");
    assert_eq!(web::polder_versus(1), parting as i32);
    assert_eq!(
        web::polder_versus(0),
        div.first_different_action.unwrap() as i32
    );
    for lang in polder::text::Lang::ALL {
        let len = web::polder_versus(2 + lang as u32);
        assert_eq!(
            web::text(len as u32),
            polder::trace::versus::narrate_versus(&s, &ta, &tb, lang)
        );
    }
    // a new table has nothing beside it
    web::polder_start(0, none, 135, 0);
    assert_eq!(web::polder_versus(1), -1);
    assert_eq!(web::polder_view(1), -1);
}

/// The first row of runs.csv of `polder run FILE --runs 1 --seed seed --policy policy`, by
/// column: the table of run 0 of that seed, on the command line's path.
fn cli_run(dir: &Path, file: &Path, policy: &str, seed: u64) -> Vec<(String, String)> {
    let out = dir.join(format!("{policy}-{seed}"));
    polder_run(file, 1, policy, seed, &out);
    let csv = std::fs::read_to_string(out.join("runs.csv")).unwrap();
    let mut lines = csv.lines();
    let header = lines.next().unwrap().split(',').map(String::from);
    header
        .zip(lines.next().unwrap().split(',').map(String::from))
        .collect()
}

/// Demo tables: every seed the page's search finds (200 seeds of the regional energy strategy,
/// each criterion) meets its criterion when `polder run` plays it, and the first seeds it
/// passes over do not; seed 135, the documented example, is found for `phased`.
#[test]
fn demo_tables_found_meet_their_criterion_under_polder_run() {
    use polder::demo::Criterion;
    let dir = TempDir::new().unwrap();
    let file = Path::new("scenarios").join(SCENARIOS[0].0);
    let cell = |row: &[(String, String)], name: &str| {
        row.iter().find(|(k, _)| k == name).unwrap().1.clone()
    };
    assert_eq!(web::polder_demo_count() as usize, Criterion::ALL.len());
    assert_eq!(web::polder_demo_search(9, 0, 1, 10), -1);
    for (k, c) in Criterion::ALL.into_iter().enumerate() {
        let n = web::polder_demo_search(0, k as u32, 1, 200);
        assert!(n > 0, "{}: nothing found in 200 seeds", c.key());
        let found: Vec<u64> =
            unsafe { std::slice::from_raw_parts(web::polder_demo_found(), n as usize) }
                .iter()
                .map(|&s| s as u64)
                .collect();
        assert!(found.iter().all(|s| (1..=200).contains(s)));
        if c == Criterion::SavedByPhased {
            assert!(found.contains(&135), "{found:?}");
        }
        // the managers, as the page reads them
        let (a, b) = c.policies();
        let managers = web::text(web::polder_demo_name(k as u32, 1, 0));
        let expected: Vec<String> = [Some(a), b]
            .into_iter()
            .flatten()
            .map(|n| policy_index(n).to_string())
            .collect();
        assert_eq!(managers, expected.join("\t"));
        // found, and the first five passed over
        let passed_over = (1..=200u64).filter(|s| !found.contains(s)).take(5);
        for (seed, expect) in found
            .iter()
            .map(|&s| (s, true))
            .chain(passed_over.map(|s| (s, false)))
        {
            let first = cli_run(dir.path(), &file, a, seed);
            let ending = cell(&first, "ending");
            let met = match c {
                Criterion::SavedByPhased | Criterion::SavedByMonitor => {
                    ending == "collapsed"
                        && cell(&cli_run(dir.path(), &file, b.unwrap(), seed), "ending")
                            == "ratified"
                }
                Criterion::RejectedAtHome => ending == "rejected",
                Criterion::SaboteurExcluded => {
                    ending == "ratified"
                        && cell(&first, "saboteurs_revealed") != "0"
                        && cell(&first, "excluded") != "0"
                }
            };
            assert_eq!(met, expect, "{} seed {seed}", c.key());
        }
    }
}
