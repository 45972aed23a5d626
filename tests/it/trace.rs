//! `polder trace`: the narrated story of one run, and two runs side by side.
//!
//! - the same seed gives the same story, another seed another one;
//! - the Dutch story uses the seed article's terms and no English labels;
//! - the story mentions every exit, reveal, detection, exclusion, intervention, vote,
//!   withdrawal and ratification that the model's events contain (compared against the event
//!   list, in both languages);
//! - with `--versus`, the runs are identical (same state, same events) until the managers act
//!   differently, and the story says they part ways only there;
//! - bad input (a policy name, `--versus` equal to `--policy`, an output directory with results)
//!   exits with code 2, lists the valid names and writes nothing; `--out` writes the files the
//!   report reads.
//!
//! Sizes: 36 library traces of the shipped scenarios (3 scenarios x 4 policies x 3 seeds, each
//! a few milliseconds); 6 versus pairs; 12 polder calls, each well under a second.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use polder::RunSeed;
use polder::events::Event;
use polder::policy;
use polder::scenario::{Scenario, load_scenario, parse_scenario};
use polder::text::Lang;
use polder::text::party_name;
use polder::trace::versus::divergence;
use polder::trace::{Trace, narrate, record};
use tempfile::TempDir;

use crate::common::{polder, text};

fn scenario_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(name)
}

fn shipped(name: &str) -> Scenario {
    load_scenario(&scenario_path(name)).expect("shipped scenario is valid")
}

fn trace_of(s: &Scenario, policy: &str, seed: u64) -> Trace {
    let p = policy::resolve(policy, &s.policies).expect("known policy");
    record(s, Some(&p), RunSeed::new(seed, 0, 0))
}

fn name(t: &Trace, lang: Lang, who: usize) -> String {
    let p = &t.parties[who];
    party_name(lang, p.kind, p.number)
}

#[test]
fn the_same_seed_tells_the_same_story() {
    let path = scenario_path("regional-energy.toml");
    let args = |seed: &'static str| {
        vec![
            "trace",
            path.to_str().unwrap(),
            "--seed",
            seed,
            "--policy",
            "monitor",
        ]
    };
    let a = polder(&args("4"));
    let b = polder(&args("4"));
    let c = polder(&args("5"));
    assert_eq!(a.status.code(), Some(0), "{}", text(&a.stderr));
    assert!(!a.stdout.is_empty());
    assert_eq!(a.stdout, b.stdout, "same seed, same story");
    assert_ne!(a.stdout, c.stdout, "another seed, another story");
    // the library gives the same text as the command line
    let s = shipped("regional-energy.toml");
    let t = trace_of(&s, "monitor", 4);
    assert_eq!(narrate(&s, &t, Lang::En).text(), text(&a.stdout));
}

#[test]
fn the_dutch_story_uses_the_seed_terms() {
    let path = scenario_path("area-development.toml");
    let o = polder(&[
        "trace",
        path.to_str().unwrap(),
        "--seed",
        "2",
        "--policy",
        "spoiler-first",
        "--lang",
        "nl",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let story = text(&o.stdout);
    for term in [
        "inhoudelijke zekerheid",
        "sociale zekerheid",
        "procedurele zekerheid",
        "taak- en tijdzekerheid",
        "ondergrens",
        "uitdaging",
        "achterban",
        "mede-eigenaarschap",
        "Ronde 1 ",
        "Procesmanager",
        "spijtoptant",
    ] {
        assert!(story.contains(term), "the Dutch story lacks `{term}`");
    }
    for english in [
        "certainty",
        "Round ",
        "at the table",
        "lower bound",
        "challenge",
        "constituenc",
        "wavers",
        " leaves ",
        "process manager",
        "Spoiler management",
        "free-rider",
        "wavering",
        "policy",
        "luck",
        "phase begins",
        "starting-note",
        "search-areas",
        "area-vision",
    ] {
        assert!(
            !story.contains(english),
            "English `{english}` in the Dutch story"
        );
    }
}

/// Dutch stories in every shipped scenario, alone and side by side: counts agree with their
/// nouns, the unidiomatic phrases are gone, and the Dutch labels of scenarios, phases and
/// policies are used.
#[test]
fn the_dutch_story_is_idiomatic() {
    let mut all = String::new();
    for (file, seeds) in [
        ("regional-energy.toml", [28u64, 1, 3]),
        ("care-network.toml", [1, 2, 7]),
        ("area-development.toml", [2, 3, 28]),
    ] {
        let path = scenario_path(file);
        for seed in seeds {
            for extra in [&[][..], &["--versus", "monitor"][..]] {
                let seed = seed.to_string();
                let mut args = vec![
                    "trace",
                    path.to_str().unwrap(),
                    "--seed",
                    &seed,
                    "--lang",
                    "nl",
                ];
                args.extend_from_slice(extra);
                let o = polder(&args);
                assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
                all.push_str(&text(&o.stdout));
            }
        }
    }
    for wrong in [
        "1 twijfelen",
        "twijfelen\n",
        " 1 twijfelaars",
        "Wie blijft voelt",
        "van wie bleef",
        "laat zich zien als saboteur",
        "zichtbaar geworden",
        "partijen bleven over",
        "brengt zijn belangen",
        " overheid,",
        " samenleving.",
        "beleid",
        "hetzelfde geluk",
        "over de planning heen",
        "free-rider",
        "uitstapper",
        "Regional energy strategy",
        "Care network",
        "starting-note",
        "joint-analysis",
        "area-exploration",
    ] {
        assert!(!all.contains(wrong), "`{wrong}` in a Dutch story");
    }
    // 1 and several doubters: singular and plural
    for line in all.lines().filter(|l| l.starts_with("── Ronde")) {
        if let Some(tail) = line.split(" · ").last() {
            if let Some(n) = tail.strip_suffix(" twijfelaar") {
                assert_eq!(n, "1", "{line}");
            } else if let Some(n) = tail.strip_suffix(" twijfelaars") {
                assert_ne!(n, "1", "{line}");
            }
        }
    }
    assert!(
        all.contains(" · 1 twijfelaar\n"),
        "no round with one doubter"
    );
    for right in [
        "8 overheden",
        "maatschappelijke organisaties",
        "Regionale Energiestrategie",
        "startnotitie",
        "concept-RES",
        "Zorgnetwerk",
        "gebiedsvisie",
        "ontpopt zich als saboteur – ",
        "Saboteurs ontmaskerd",
        "de blijvers",
        "Wie blijven, voelen het",
        "aanpak `monitor` (",
        "hetzelfde toeval",
        "mede-eigenaren",
        "meelifter",
        "dubbele loyaliteit",
    ] {
        assert!(all.contains(right), "the Dutch stories lack `{right}`");
    }
    // the closing line is not the only place dual loyalty is named
    assert!(
        all.lines()
            .any(|l| l.contains("dubbele loyaliteit") && !l.contains("De tafel was het eens")),
        "dubbele loyaliteit only in the closing line"
    );
}

/// What the story must say, for the events the brief asks about.
fn expected_mentions(t: &Trace, lang: Lang, e: &Event) -> Option<String> {
    let l = lang;
    Some(match e {
        Event::Exit { who, .. } => {
            format!(
                "{} {}",
                name(t, l, *who),
                l.pick("leaves the table", "stapt uit")
            )
        }
        Event::SaboteurRevealed { who } => format!(
            "{} {}",
            name(t, l, *who),
            l.pick("shows itself as a saboteur", "ontpopt zich als saboteur")
        ),
        Event::FreeRiderDetected { who } => format!(
            "{} {} {}",
            l.pick("notices that", "merkt dat"),
            name(t, l, *who),
            l.pick("is free-riding", "meelift")
        ),
        Event::Excluded { who } => format!(
            "{} {}",
            l.pick("excludes saboteur", "sluit saboteur"),
            name(t, l, *who)
        ),
        Event::Withdrawal { who } => format!(
            "{} {}",
            name(t, l, *who),
            l.pick("withdraws its yes", "trekt haar ja-stem in")
        ),
        Event::Intervention { kind, .. } => l.intervention(*kind).to_string(),
        Event::Vote { yes, voters, .. } => format!(
            "{yes} {} {voters} {}",
            l.pick("of", "van de"),
            l.pick("vote yes", "stemmen voor")
        ),
        Event::Ratification { .. } => l
            .pick(
                "The constituencies (achterbannen) vote on the agreement",
                "De achterbannen stemmen over het akkoord",
            )
            .to_string(),
        Event::Collapsed => l
            .pick("the process collapses", "het proces loopt vast")
            .into(),
        Event::DeadlineReached => l
            .pick("The deadline passes", "De deadline verstrijkt")
            .into(),
        _ => return None,
    })
}

#[test]
fn the_story_mentions_every_event_that_matters() {
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for file in [
        "regional-energy.toml",
        "area-development.toml",
        "care-network.toml",
    ] {
        let s = shipped(file);
        for policy in ["none", "monitor", "spoiler-first", "phased"] {
            for seed in 1..=3 {
                let t = trace_of(&s, policy, seed);
                for lang in Lang::ALL {
                    let story = narrate(&s, &t, lang);
                    assert_eq!(story.rounds.len(), t.rounds.len(), "one block per round");
                    for state in &t.rounds {
                        let block = story.round(state.round).expect("a block per round");
                        for e in &state.events {
                            let Some(want) = expected_mentions(&t, lang, e) else {
                                continue;
                            };
                            assert!(
                                block.contains(&want),
                                "{file}, {policy}, seed {seed}, {}: round {} does not mention {e:?} (`{want}`):\n{block}",
                                lang.key(),
                                state.round
                            );
                            if lang == Lang::En {
                                let kind = format!("{e:?}");
                                let kind = kind.split([' ', '{']).next().unwrap_or("");
                                *seen.entry(leak(kind)).or_default() += 1;
                            }
                        }
                    }
                }
            }
        }
    }
    // the check is not vacuous: every kind of event it covers occurred
    for kind in [
        "Exit",
        "SaboteurRevealed",
        "FreeRiderDetected",
        "Excluded",
        "Withdrawal",
        "Intervention",
        "Vote",
        "Ratification",
    ] {
        assert!(
            seen.get(kind).copied().unwrap_or(0) > 0,
            "no {kind} event in the traced runs: {seen:?}"
        );
    }
}

fn leak(s: &str) -> &'static str {
    Box::leak(s.to_string().into_boxed_str())
}

#[test]
fn versus_runs_are_identical_until_the_managers_act_differently() {
    for (file, a, b, seed) in [
        ("regional-energy.toml", "none", "monitor", 3),
        ("area-development.toml", "spoiler-first", "none", 2),
        ("area-development.toml", "balanced", "phased", 5),
        ("care-network.toml", "covenant-keeper", "none", 1),
        ("care-network.toml", "monitor", "compensate", 4),
    ] {
        let s = shipped(file);
        let ta = trace_of(&s, a, seed);
        let tb = trace_of(&s, b, seed);
        let d = divergence(&ta, &tb);
        let first = d
            .first_different_action
            .expect("these managers act differently");
        let parting = d.parting.expect("and that changes the table");
        assert!(
            parting >= first,
            "{file} {a}/{b}: parted in round {parting} before the managers differed ({first})"
        );
        for k in 0..(first as usize - 1) {
            let (x, y) = (&ta.rounds[k], &tb.rounds[k]);
            assert_eq!(
                x.fingerprint,
                y.fingerprint,
                "{file}: round {} differs",
                k + 1
            );
            assert_eq!(x.events, y.events, "{file}: round {} events differ", k + 1);
        }
        assert_eq!(ta.start.fingerprint, tb.start.fingerprint, "same parties");
    }
}

#[test]
fn a_manager_that_acts_late_parts_ways_late() {
    // a policy that acts only in the negotiation phase of the default plan
    let s = parse_scenario(
        "name = \"late manager\"\n\
         [[policies]]\n\
         name = \"late\"\n\
         rules = [{ when = \"phase:negotiation\", do = \"focus:social\" }]\n",
        Path::new("late.toml"),
    )
    .expect("valid");
    let none = trace_of(&s, "none", 1);
    let late = trace_of(&s, "late", 1);
    // the manager first acts in the round after the negotiation phase has started
    let started = none
        .events()
        .find(|(_, e)| matches!(e, Event::PhaseStarted { phase: 2 }))
        .map(|(r, _)| r)
        .expect("the run reaches the negotiation phase");
    let d = divergence(&none, &late);
    assert_eq!(d.first_different_action, Some(started + 1));
    assert_eq!(
        d.parting,
        Some(started + 1),
        "the table changes with the first intervention"
    );
    assert!(started + 1 > 5, "a late start: round {}", started + 1);

    let dir = TempDir::new().unwrap();
    let path = dir.path().join("late.toml");
    fs::write(
        &path,
        "name = \"late manager\"\n[[policies]]\nname = \"late\"\nrules = [{ when = \"phase:negotiation\", do = \"focus:social\" }]\n",
    )
    .unwrap();
    let o = polder(&["trace", path.to_str().unwrap(), "--versus", "late"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let story = text(&o.stdout);
    let r = started + 1;
    assert!(
        story.contains(&format!("Rounds 1–{}: both runs are identical", r - 1)),
        "{story}"
    );
    assert!(
        story.contains(&format!("Round {r}: the runs part ways.")),
        "{story}"
    );
    assert_eq!(story.matches("the runs part ways").count(), 1);
    // the identical rounds are told once, in full
    assert!(story.contains(&format!("── Round {} ·", r - 1)));
}

#[test]
fn bad_policy_names_exit_2_and_list_the_valid_ones() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("out");
    let care = scenario_path("care-network.toml");
    for args in [
        vec!["--policy", "balancd"],
        vec!["--versus", "montor"],
        vec!["--policy", ""],
    ] {
        let mut all = vec![
            "trace",
            care.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ];
        all.extend(args.iter().copied());
        let o = polder(&all);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = text(&o.stderr);
        for valid in ["none", "balanced", "monitor", "phased", "covenant-keeper"] {
            assert!(
                err.contains(valid),
                "{args:?}: `{valid}` not listed in: {err}"
            );
        }
        assert!(o.stdout.is_empty(), "no story on bad input");
        assert!(!out.exists(), "nothing written on bad input");
    }
    let o = polder(&[
        "trace",
        care.to_str().unwrap(),
        "--policy",
        "monitor",
        "--versus",
        "monitor",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("--versus names the same policy"));
    let o = polder(&["trace", care.to_str().unwrap(), "--lang", "de"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("nl"));
}

#[test]
fn trace_out_writes_what_the_report_reads() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("t");
    let path = scenario_path("area-development.toml");
    let args = [
        "trace",
        path.to_str().unwrap(),
        "--seed",
        "3",
        "--policy",
        "monitor",
        "--versus",
        "none",
        "--lang",
        "nl",
        "--out",
        out.to_str().unwrap(),
    ];
    let o = polder(&args);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let mut names: Vec<String> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "events.csv",
            "participants.csv",
            "rounds.csv",
            "scenario.toml",
            "story.txt",
            "trace.toml"
        ]
    );
    assert_eq!(fs::read(out.join("story.txt")).unwrap(), o.stdout);
    let manifest = fs::read_to_string(out.join("trace.toml")).unwrap();
    assert!(
        manifest.contains("policies = [\"monitor\", \"none\"]"),
        "{manifest}"
    );
    assert!(manifest.contains("lang = \"nl\""));

    // events.csv holds every event of both runs
    let s = shipped("area-development.toml");
    let a = trace_of(&s, "monitor", 3);
    let b = trace_of(&s, "none", 3);
    let events = fs::read_to_string(out.join("events.csv")).unwrap();
    assert_eq!(
        events.lines().count() - 1,
        a.events().count() + b.events().count()
    );
    let exits = events.lines().filter(|l| l.contains(",exit,")).count();
    let lib_exits = a
        .events()
        .chain(b.events())
        .filter(|(_, e)| matches!(e, Event::Exit { .. }))
        .count();
    assert_eq!(exits, lib_exits);
    // the scenario copy is the resolved scenario, every default filled in
    let copy = load_scenario(&out.join("scenario.toml")).expect("a valid scenario");
    assert_eq!(copy, s.resolved());

    // a second trace into the same directory needs --force, and changes nothing without it
    let before = fs::read(out.join("rounds.csv")).unwrap();
    let o = polder(&args);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("--force"));
    assert_eq!(fs::read(out.join("rounds.csv")).unwrap(), before);
}
