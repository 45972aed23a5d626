//! The trainer's page (`polder app`) in a real browser: headless Chromium opens the written file
//! from disk, with the network cut off (a proxy that does not exist, and the page's own
//! Content-Security-Policy), plays a table to its end, and the outcome it shows (every number's
//! bits) is the native library's run of the same scenario, policy, seed and run.
//!
//! The page needs the model compiled to WebAssembly (scripts/build-app.sh; `.ci/run` builds it
//! before the tests). Without Chromium or that build the test skips with a message, unless
//! POLDER_REQUIRE_BROWSER is set (as `.ci/run` sets it); a build older than the library's sources
//! is never used.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use polder::scenario::parse_scenario;
use polder::web::SCENARIOS;
use tempfile::TempDir;

use crate::common::browser::{chromium, file_url, headless, required};
use crate::common::{p, polder, text};

const WASM: &str = "target/wasm32-unknown-unknown/web/polder.wasm";

/// The newest modification time of the files under `dir` (but for the command line's src/cli,
/// which is not in the WebAssembly).
fn newest(dir: &Path) -> SystemTime {
    let mut t = SystemTime::UNIX_EPOCH;
    for e in fs::read_dir(dir).unwrap().flatten() {
        if e.file_name() == "cli" {
            continue;
        }
        let m = e.metadata().unwrap();
        t = t.max(if m.is_dir() {
            newest(&e.path())
        } else {
            m.modified().unwrap()
        });
    }
    t
}

/// The newest modification time of the files the wasm was built from, as cargo's dep-info
/// beside it lists them (a file of the command line alone does not make the wasm stale; a file
/// added to the library is declared in a listed one). None without a readable dep-info.
fn wasm_sources(root: &Path, wasm: &Path) -> Option<SystemTime> {
    let info = fs::read_to_string(wasm.with_extension("d")).ok()?;
    let (_, deps) = info.lines().next()?.split_once(": ")?;
    let deps = deps.replace("\\ ", "\u{0}");
    let mut t = SystemTime::UNIX_EPOCH;
    for dep in deps.split_whitespace() {
        let path = root.join(dep.replace('\u{0}', " "));
        // a listed file that is gone was renamed or removed: the wasm is stale
        t = t.max(
            fs::metadata(&path)
                .and_then(|m| m.modified())
                .unwrap_or(SystemTime::now()),
        );
    }
    Some(t)
}

/// Skip (or, where required, fail) without what the test needs; the browser and the wasm.
fn setup() -> Option<(PathBuf, PathBuf)> {
    let skip = |why: String| {
        assert!(!required(), "POLDER_REQUIRE_BROWSER is set, but {why}");
        eprintln!("SKIPPED the page's browser test: {why}");
        None
    };
    let Some(browser) = chromium() else {
        return skip("chromium is not installed (apt-get install chromium)".into());
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let wasm = root.join(WASM);
    let Ok(meta) = fs::metadata(&wasm) else {
        return skip(format!("{WASM} is not built (scripts/build-app.sh)"));
    };
    let built = meta.modified().unwrap();
    let sources = wasm_sources(root, &wasm)
        .unwrap_or_else(|| newest(&root.join("src")).max(newest(&root.join("scenarios"))));
    if built < sources {
        return skip(format!(
            "{WASM} is older than the sources; rebuild it with scripts/build-app.sh"
        ));
    }
    Some((browser, wasm))
}

/// Open the page at `fragment` with the network cut off; the DOM once its scripts are done
/// (`--dump-dom`), or nothing with a screenshot.
fn open(browser: &Path, page: &Path, fragment: &str, screenshot: Option<&Path>) -> String {
    let url = format!("{}#{fragment}", file_url(page));
    let args = [
        // no network: every request would go to a proxy that is not there
        "--proxy-server=http://127.0.0.1:9".to_string(),
        "--proxy-bypass-list=<-loopback>".to_string(),
        "--window-size=1280,800".to_string(),
        screenshot.map_or("--dump-dom".to_string(), |p| {
            format!("--screenshot={}", p.display())
        }),
    ];
    let (dom, log) = headless(browser, &url, &args);
    for line in log.lines() {
        assert!(
            !line.contains(":CONSOLE") && !line.contains("net::ERR"),
            "the page reported an error: {line}"
        );
    }
    String::from_utf8(dom).unwrap()
}

/// The outcome the page shows: its ending and each field's bits (as hex).
fn shown(dom: &str) -> (String, Vec<(String, u64)>) {
    assert!(dom.contains("data-ready=\"1\""), "the page did not start");
    outcome_of(&element(dom, "outcome-data"))
}

/// An outcome as the page writes it: JSON with its ending and each field's bits as hex.
fn outcome_of(json: &str) -> (String, Vec<(String, u64)>) {
    let v: serde_json::Value = serde_json::from_str(json).expect("the outcome as JSON");
    let bits = v["bits"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, b)| {
            let b = u64::from_str_radix(b.as_str().unwrap(), 16).unwrap();
            (k.clone(), b)
        })
        .collect();
    (v["ending"].as_str().unwrap().to_string(), bits)
}

/// Write the page with `polder app` into `dir`.
fn write_page(dir: &TempDir, wasm: &Path) -> PathBuf {
    let page = dir.path().join("polder.html");
    let out = polder(&["app", "--wasm", p(wasm), "-o", p(&page)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    page
}

/// The inner HTML of the element with id `id` (up to its first closing tag of its name), with
/// `&quot;` and `&amp;` decoded.
fn element(dom: &str, id: &str) -> String {
    let start = dom
        .find(&format!(" id=\"{id}\""))
        .unwrap_or_else(|| panic!("an element {id}"));
    let tag = &dom[dom[..start].rfind('<').unwrap() + 1..start];
    let inner = &dom[dom[start..].find('>').unwrap() + start + 1..];
    let end = inner.find(&format!("</{tag}>")).unwrap_or(inner.len());
    inner[..end].replace("&quot;", "\"").replace("&amp;", "&")
}

#[test]
fn the_page_plays_the_command_line_s_run_bit_for_bit() {
    let Some((browser, wasm)) = setup() else {
        return;
    };
    let dir = TempDir::new().unwrap();
    let page = write_page(&dir, &wasm);
    let html = fs::read_to_string(&page).unwrap();
    assert!(!html.contains("__POLDER_WASM_BASE64__"));
    // no address but SVG's namespace name
    let html = html.replace("http://www.w3.org/2000/svg", "");
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "the page refers to nothing outside itself"
    );

    let names = polder::policy::builtin_names();
    let mut endings = Vec::new();
    for (scenario, policy, seed, run) in [
        (0usize, "none", 135u64, 0u64),
        (0, "phased", 135, 0),
        (1, "monitor", 7, 3),
        (2, "balanced", 1, 5),
    ] {
        let k = names.iter().position(|n| *n == policy).unwrap();
        let dom = open(
            &browser,
            &page,
            &format!("scenario={scenario}&policy={k}&seed={seed}&run={run}&play=end"),
            None,
        );
        let outcome = shown(&dom);
        let (file, source) = SCENARIOS[scenario];
        let s = parse_scenario(source, Path::new(file)).unwrap();
        let spec = polder::policy::builtin(policy).unwrap();
        let native = polder::runner::simulate_policy(
            &s,
            Some(&spec),
            polder::RunSeed::new(seed, 0, run),
            &mut polder::outcome::NoObserver,
        );
        same_run(
            &outcome,
            &native,
            &format!("{file} {policy} seed {seed} run {run}"),
        );
        let ending = outcome.0;
        endings.push(ending);
    }
    // seed 135 collapses without a manager, and phased saves it
    assert_eq!(endings[0], "collapsed");
    assert_eq!(endings[1], "ratified");

    // the ticker tells `polder trace`'s story, in English or (lang=1) in Dutch: the last round's
    // lines and the ending, as the command line words them
    let (file, source) = SCENARIOS[0];
    let s = parse_scenario(source, Path::new(file)).unwrap();
    let none = polder::policy::builtin("none").unwrap();
    let trace = polder::trace::record(&s, Some(&none), polder::RunSeed::new(135, 0, 0));
    let escape = |t: &str| {
        t.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('\u{a0}', "&nbsp;")
    };
    let mut tickers = Vec::new();
    for lang in polder::text::Lang::ALL {
        let k = lang as usize;
        let story = polder::trace::narrate(&s, &trace, lang);
        let dom = open(
            &browser,
            &page,
            &format!(
                "scenario=0&policy=0&seed=135&run=0&lang={k}&colour=level&audience=1&play=end"
            ),
            None,
        );
        let (_, last) = story.rounds.last().unwrap();
        let items: Vec<&str> = last
            .lines()
            .filter_map(|l| l.trim().strip_prefix("• "))
            .collect();
        assert!(!items.is_empty());
        for item in items {
            assert!(
                dom.contains(&format!("<li>{}</li>", escape(item))),
                "{lang:?}: the ticker tells {item:?}"
            );
        }
        let first = story.footer.lines().find(|l| !l.trim().is_empty()).unwrap();
        assert!(
            dom.contains(&escape(first.trim())),
            "{lang:?}: the ending {first:?}"
        );
        // the audience knows: the trace header's paragraph on who is what behind the scenes
        let mut hidden = String::new();
        polder::trace::story::Narrator::new(&s, &trace, lang).header_hidden(&mut hidden);
        let hidden = hidden.trim();
        assert!(story.header.contains(hidden));
        assert!(
            dom.contains(&format!("<p id=\"hidden\">{}</p>", escape(hidden))),
            "{lang:?}: the audience sees {hidden:?}"
        );
        // seats coloured by participation level, and the saboteur unmasked on its seat
        let co_owner = lang.participation(polder::participant::Participation::CoOwner);
        assert!(
            dom.contains(&format!("{co_owner}</span>")),
            "the participation legend, in the library's words"
        );
        let revealed = trace
            .events()
            .any(|(_, e)| matches!(e, polder::events::Event::SaboteurRevealed { .. }));
        assert_eq!(dom.contains("data-unmasked=\"1\""), revealed);
        let start = dom.find("<ul id=\"ticker\"").unwrap();
        tickers.push(dom[start..].to_string());
    }
    assert_ne!(
        tickers[0], tickers[1],
        "the language switch changes the ticker"
    );

    // a screenshot at a projector's 1280 x 800, kept (CI keeps target/tmp as an artefact)
    let shot = Path::new(env!("CARGO_TARGET_TMPDIR")).join("polder-app-1280x800.png");
    let _ = fs::remove_file(&shot);
    let phased = names.iter().position(|n| *n == "phased").unwrap();
    open(
        &browser,
        &page,
        &format!("scenario=0&policy={phased}&seed=135&run=0&play=end"),
        Some(&shot),
    );
    let decoder = png::Decoder::new(std::io::BufReader::new(fs::File::open(&shot).unwrap()));
    let reader = decoder.read_info().expect("a PNG");
    let info = reader.info();
    assert_eq!((info.width, info.height), (1280, 800));
}

/// Playing the manager in the page: the trainee takes surveys and starts interventions (one
/// aimed at chosen parties, one refused for want of anything to act on) by clicking the desk,
/// sees estimates and public events but not the truth while playing, and at the end sees their
/// run beside every built-in policy's on the same table with the same luck, and where they part
/// ways with the best of them. Every number is the native library's.
#[test]
fn the_trainee_plays_the_manager_and_meets_every_policy() {
    use polder::desk::{self, Desk, Refusal};
    use polder::intervention::Intervention as I;
    let Some((browser, wasm)) = setup() else {
        return;
    };
    let dir = TempDir::new().unwrap();
    let page = write_page(&dir, &wasm);
    let moves = "survey,bilateral_talks:3:5/clarify_scope,sanction/survey,joint_fact_finding";
    let table = "scenario=0&policy=play&seed=28&run=0";

    // the same decisions at a desk of the library's own
    let (file, source) = SCENARIOS[0];
    let s = parse_scenario(source, Path::new(file)).unwrap();
    let seed = polder::RunSeed::new(28, 0, 0);
    let mut mine = Desk::new(&s, seed, "trainee");
    mine.intervene(I::Survey, &[]).unwrap();
    mine.intervene(I::BilateralTalks, &[3, 5]).unwrap();
    assert!(mine.advance());
    mine.intervene(I::ClarifyScope, &[]).unwrap();
    let refused = mine.intervene(I::Sanction, &[]).unwrap_err();
    assert_eq!(refused, Refusal::NothingToActOn(I::Sanction));
    assert!(mine.advance());
    mine.intervene(I::Survey, &[]).unwrap();
    mine.intervene(I::JointFactFinding, &[]).unwrap();
    while mine.advance() {}
    let native = mine.outcome().unwrap();

    // while playing: estimates and public events, not the truth
    let dom = open(
        &browser,
        &page,
        &format!("{table}&audience=1&moves={moves}"),
        None,
    );
    assert!(dom.contains("data-ready=\"1\""), "the page did not start");
    assert!(element(&dom, "desk-status").starts_with("Round 4 · "));
    assert_eq!(
        element(&dom, "status"),
        "Round 4 is yours to manage: 20 of 20 parties at the table"
    );
    assert!(element(&dom, "survey-view").starts_with("Your survey of round 3 (1 round ago)"));
    let log = element(&dom, "desk-log");
    assert!(
        log.contains("Round 1: bilateral talks with Government 4 and Government 6"),
        "{log}"
    );
    assert!(log.contains(&refused.to_string()), "the refusal is shown");
    assert!(element(&dom, "curves-title").starts_with("Your temperature readings"));
    assert!(
        dom.contains("<p id=\"hidden\" hidden=\"\"></p>"),
        "the audience's knowledge waits"
    );
    assert!(element(&dom, "outcome-data").is_empty());
    let trace = mine.trace();
    let story = polder::trace::narrate(&s, trace, polder::text::Lang::En);
    for (_, block) in story.rounds.iter().take(3) {
        let means = block.lines().nth(1).unwrap().trim();
        assert!(means.starts_with("content "), "{means}");
        assert!(!dom.contains(means), "the true means {means:?} stay hidden");
    }

    // at the end: the trainee beside every built-in policy, and where they part ways
    for lang in [0, 1] {
        let dom = open(
            &browser,
            &page,
            &format!("{table}&lang={lang}&moves={moves}&play=end"),
            None,
        );
        let (ending, bits) = shown(&dom);
        assert_eq!(ending, native.ending.key());
        let get = |name: &str| bits.iter().find(|(k, _)| k == name).unwrap().1;
        for (name, value) in [
            ("final_content", native.final_table.certainty[0]),
            ("final_social", native.final_table.certainty[1]),
            ("dropout_rate", native.dropout_rate),
            ("budget_spent", native.budget_spent),
            ("rounds", f64::from(native.rounds)),
            ("surveys", f64::from(native.surveys)),
            ("interventions", f64::from(native.interventions)),
        ] {
            assert_eq!(get(name), value.to_bits(), "{name}");
        }
        assert_eq!(native.surveys, 2);
        assert_eq!(native.interventions, 5);

        let data: serde_json::Value = serde_json::from_str(&element(&dom, "compare-data")).unwrap();
        let rows = data["rows"].as_array().unwrap();
        let builtins = desk::builtin_outcomes(&s, seed);
        assert_eq!(rows.len(), builtins.len() + 1);
        assert_eq!(rows[0]["name"], "you");
        assert_eq!(rows[0]["ending"], ending.as_str());
        let row_bits = |r: &serde_json::Value, f: &str| {
            u64::from_str_radix(r["bits"][f].as_str().unwrap(), 16).unwrap()
        };
        assert_eq!(row_bits(&rows[0], "final_content"), get("final_content"));
        for (row, (name, o)) in rows[1..].iter().zip(&builtins) {
            assert_eq!(row["name"], *name);
            assert_eq!(row["ending"], o.ending.key(), "{name}");
            assert_eq!(
                row_bits(row, "final_content"),
                o.final_table.certainty[0].to_bits(),
                "{name}"
            );
            assert_eq!(
                row_bits(row, "rounds"),
                f64::from(o.rounds).to_bits(),
                "{name}"
            );
            assert!(
                dom.contains(&format!("data-policy=\"{name}\"")),
                "{name}'s row"
            );
        }
        let (best, _) = desk::best(&builtins).unwrap();
        assert_eq!(data["best"], *best);
        assert!(dom.contains(["★ best built-in", "★ beste ingebouwde"][lang]));

        // where the trainee and the best built-in manager part ways, told as `trace --versus`
        let spec = polder::policy::builtin(best).unwrap();
        let theirs = polder::trace::record(&s, Some(&spec), seed);
        let div = polder::trace::versus::divergence(trace, &theirs);
        let parting = div.parting.expect("the trainee did not play `best`");
        let difference = element(&dom, "difference");
        assert!(
            difference.contains(&format!(
                "{} {parting}",
                ["part ways in round", "uiteen in ronde"][lang]
            )),
            "{difference}"
        );
        let lang = polder::text::Lang::ALL[lang];
        let versus = polder::trace::versus::narrate_versus(&s, trace, &theirs, lang);
        let first = versus.lines().nth(1).unwrap();
        assert!(element(&dom, "versus").contains(first), "{first}");
        // the whole truth now: the story of the trainee's run, to its ending
        let footer = story_line(&s, trace, lang);
        assert!(dom.contains(&footer), "{footer}");
    }
}

/// The first line of the ending of `trace`'s story, as the page writes it.
fn story_line(
    s: &polder::Scenario,
    trace: &polder::trace::Trace,
    lang: polder::text::Lang,
) -> String {
    let footer = polder::trace::narrate(s, trace, lang).footer;
    footer
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap()
        .trim()
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The page's scenario settings: a refused one shows the model's own message and seats no
/// table; accepted ones play the scenario with those values, as the library does.
#[test]
fn the_page_s_scenario_settings_are_checked_and_played() {
    let Some((browser, wasm)) = setup() else {
        return;
    };
    let dir = TempDir::new().unwrap();
    let page = write_page(&dir, &wasm);
    let (file, source) = SCENARIOS[0];
    let table = "scenario=0&policy=0&seed=28&run=0&play=end";

    let dom = open(
        &browser,
        &page,
        &format!("{table}&settings=exit.contagon%20%3D%202.5"),
        None,
    );
    let expected =
        polder::scenario::parse_scenario_with(source, Path::new(file), &[("exit.contagon", "2.5")])
            .unwrap_err()
            .to_string();
    let shown_error = element(&dom, "settings-error").replace("&gt;", ">");
    assert_eq!(shown_error, expected);
    assert!(element(&dom, "outcome-data").is_empty(), "no table seated");

    let dom = open(
        &browser,
        &page,
        &format!("{table}&settings=exit.contagion%20%3D%202.5;archetypes.saboteur_share%20%3D%200"),
        None,
    );
    assert!(element(&dom, "settings-error").is_empty());
    let (ending, bits) = shown(&dom);
    let mut s = parse_scenario(source, Path::new(file)).unwrap();
    s.exit.contagion = 2.5;
    s.archetypes.saboteur_share = 0.0;
    let native = polder::runner::simulate_policy(
        &s,
        None,
        polder::RunSeed::new(28, 0, 0),
        &mut polder::outcome::NoObserver,
    );
    assert_eq!(ending, native.ending.key());
    let get = |name: &str| bits.iter().find(|(k, _)| k == name).unwrap().1;
    assert_eq!(
        get("final_social"),
        native.final_table.certainty[1].to_bits()
    );
    assert_eq!(get("rounds"), f64::from(native.rounds).to_bits());
}

/// The browser and the page written into a directory of its own (kept while it lives), or
/// nothing where the test skips ([`setup`]).
fn ready_page() -> Option<(PathBuf, TempDir, PathBuf)> {
    let (browser, wasm) = setup()?;
    let dir = TempDir::new().unwrap();
    let page = write_page(&dir, &wasm);
    Some((browser, dir, page))
}

/// Built-in policy `name`'s number in the page's pickers (`polder policies`' order).
fn number(name: &str) -> usize {
    let names = polder::policy::builtin_names();
    names.iter().position(|n| *n == name).unwrap()
}

/// The outcome in the hidden element `id` (as [`shown`] reads `outcome-data`).
fn shown_in(dom: &str, id: &str) -> (String, Vec<(String, u64)>) {
    outcome_of(&element(dom, id))
}

/// `outcome`'s bits are those of the library's run `native`: ending, rounds, exits, the final
/// table and the budget.
fn same_run(shown: &(String, Vec<(String, u64)>), native: &polder::RunOutcome, what: &str) {
    let (ending, bits) = shown;
    assert_eq!(ending, native.ending.key(), "{what}");
    let get = |name: &str| bits.iter().find(|(k, _)| k == name).unwrap().1;
    let t = &native.final_table;
    for (name, value) in [
        ("rounds", f64::from(native.rounds)),
        ("exited", native.exited as f64),
        ("excluded", native.excluded as f64),
        ("dropout_rate", native.dropout_rate),
        ("final_content", t.certainty[0]),
        ("final_social", t.certainty[1]),
        ("final_procedural", t.certainty[2]),
        ("final_task_time", t.certainty[3]),
        ("final_process_trust", t.process_trust),
        ("budget_spent", native.budget_spent),
    ] {
        assert_eq!(get(name), value.to_bits(), "{what}: {name}");
    }
}

fn native_run(s: &polder::Scenario, policy: &str, seed: u64) -> polder::RunOutcome {
    let spec = polder::policy::builtin(policy).unwrap();
    polder::runner::simulate_policy(
        s,
        Some(&spec),
        polder::RunSeed::new(seed, 0, 0),
        &mut polder::outcome::NoObserver,
    )
}

/// The sliders and pickers: they show the picked scenario's values; moving them (as a trainer
/// does: a change event) writes `path = value` settings and seats the table again, which plays
/// as the library's run with those settings, bit for bit, and differs from the shipped
/// scenario's; a value the loader refuses shows the loader's message and keeps the table.
#[test]
fn moving_the_page_s_controls_plays_the_library_s_run_with_that_setting() {
    let Some((browser, _dir, page)) = ready_page() else {
        return;
    };
    let none = number("none");

    // each shipped scenario's own values on the controls
    for (i, (file, source)) in SCENARIOS.iter().enumerate() {
        let dom = open(
            &browser,
            &page,
            &format!("scenario={i}&policy={none}"),
            None,
        );
        let s = parse_scenario(source, Path::new(file)).unwrap();
        for (path, _) in polder::web::controls::CONTROLS {
            let value = polder::scenario::value_at(&s, path).unwrap();
            let tag = format!(
                "id=\"v-{path}\" data-value=\"{}\"",
                value.replace('"', "&quot;")
            );
            assert!(dom.contains(&tag), "{file}: {tag}");
        }
    }

    let (file, source) = SCENARIOS[0];
    let settings = [
        ("archetypes.saboteur_share", "0.20"),
        ("process.decision_rule", "\"majority\""),
        ("domains.procedural.initial", "0.35"),
    ];
    let set: Vec<String> = settings
        .iter()
        .map(|(p, v)| format!("{p}={}", v.replace('"', "")))
        .collect();
    let dom = open(
        &browser,
        &page,
        &format!(
            "scenario=0&policy={none}&seed=135&run=0&set={}&play=end",
            set.join(";")
        ),
        None,
    );
    assert!(element(&dom, "settings-error").is_empty());
    let written: Vec<String> = settings.iter().map(|(p, v)| format!("{p} = {v}")).collect();
    assert_eq!(element(&dom, "settings-data"), written.join("\n"));
    let s = polder::scenario::parse_scenario_with(source, Path::new(file), &settings).unwrap();
    let moved = native_run(&s, "none", 135);
    same_run(&shown(&dom), &moved, "moved controls");
    let shipped = native_run(
        &parse_scenario(source, Path::new(file)).unwrap(),
        "none",
        135,
    );
    assert_ne!(
        (
            moved.ending,
            moved.rounds,
            moved.final_table.certainty[1].to_bits()
        ),
        (
            shipped.ending,
            shipped.rounds,
            shipped.final_table.certainty[1].to_bits()
        ),
        "moving the controls changes the run"
    );

    // shares of more than one in all: the loader's own message, and no new table
    let dom = open(
        &browser,
        &page,
        &format!(
            "scenario=0&policy={none}&seed=135&run=0&set=archetypes.free_rider_share=0.50;archetypes.saboteur_share=0.50;archetypes.regretter_share=0.50&play=end"
        ),
        None,
    );
    let refused = polder::scenario::parse_scenario_with(
        source,
        Path::new(file),
        &[
            ("archetypes.free_rider_share", "0.50"),
            ("archetypes.saboteur_share", "0.50"),
            ("archetypes.regretter_share", "0.50"),
        ],
    )
    .unwrap_err()
    .to_string();
    assert_eq!(
        element(&dom, "settings-error").replace("&gt;", ">"),
        refused
    );
    // the table of the last accepted move (free-riders 0.5; with saboteurs 0.5 the sum is
    // refused already) was played
    let accepted = polder::scenario::parse_scenario_with(
        source,
        Path::new(file),
        &[("archetypes.free_rider_share", "0.50")],
    )
    .unwrap();
    same_run(
        &shown(&dom),
        &native_run(&accepted, "none", 135),
        "kept table",
    );
}

/// Side by side: two managers on the same parties with the same luck, as `polder trace
/// --versus`: each table ends as the library's run of its manager, bit for bit; the round where
/// the runs part ways is the library's and is marked on both (both status lines, every domain
/// chart); the story under it is `trace --versus`'s, in English and Dutch.
#[test]
fn two_managers_side_by_side_part_ways_where_trace_versus_says() {
    let Some((browser, _dir, page)) = ready_page() else {
        return;
    };
    let (file, source) = SCENARIOS[0];
    let s = parse_scenario(source, Path::new(file)).unwrap();
    let seed = polder::RunSeed::new(135, 0, 0);
    let a = polder::trace::record(&s, polder::policy::builtin("none").as_ref(), seed);
    let b = polder::trace::record(&s, polder::policy::builtin("phased").as_ref(), seed);
    let div = polder::trace::versus::divergence(&a, &b);
    let parting = div.parting.unwrap();
    for lang in polder::text::Lang::ALL {
        let dom = open(
            &browser,
            &page,
            &format!(
                "scenario=0&policy={}&side={}&seed=135&run=0&lang={}&play=end",
                number("none"),
                number("phased"),
                lang as usize
            ),
            None,
        );
        same_run(&shown(&dom), &native_run(&s, "none", 135), "A");
        same_run(
            &shown_in(&dom, "side-data"),
            &native_run(&s, "phased", 135),
            "B",
        );
        for id in ["status", "side-status"] {
            let tag = format!("id=\"{id}\" data-parting=\"{parting}\"");
            assert!(dom.contains(&tag), "{tag}");
        }
        assert_eq!(
            dom.matches(&format!("data-parting=\"{parting}\"")).count(),
            2 + 4,
            "both status lines and the four charts"
        );
        let summary = element(&dom, "side-summary");
        assert!(summary.contains(&format!(" {parting}.")), "{summary}");
        assert!(
            summary.contains(&format!(" {};", div.first_different_action.unwrap())),
            "{summary}"
        );
        let story = polder::trace::versus::narrate_versus(&s, &a, &b, lang);
        let shown_story = element(&dom, "side-story")
            .replace("&lt;", "<")
            .replace("&gt;", ">");
        assert_eq!(shown_story.trim(), story.trim());
    }
}

/// Demo tables in the page: the search over 200 seeds lists the library's finds
/// ([`polder::demo::search`]), and a found seed loads with one click: its two managers side by
/// side, ending as the criterion says.
#[test]
fn the_page_finds_demo_tables_and_loads_one() {
    use polder::demo::{Criterion, search};
    let Some((browser, _dir, page)) = ready_page() else {
        return;
    };
    let (file, source) = SCENARIOS[0];
    let s = parse_scenario(source, Path::new(file)).unwrap();
    let k = Criterion::ALL
        .iter()
        .position(|c| *c == Criterion::SavedByPhased)
        .unwrap();
    let found = search(&s, Criterion::SavedByPhased, 1..201);
    let dom = open(
        &browser,
        &page,
        &format!("scenario=0&demo={k}&demo-first=1&demo-count=200&pick=0&play=end"),
        None,
    );
    let listed: Vec<String> = found.iter().map(u64::to_string).collect();
    assert!(
        dom.contains(&format!("data-found=\"{}\"", listed.join(","))),
        "{listed:?}"
    );
    let first = found[0];
    same_run(&shown(&dom), &native_run(&s, "none", first), "none");
    same_run(
        &shown_in(&dom, "side-data"),
        &native_run(&s, "phased", first),
        "phased",
    );
    assert_eq!(shown(&dom).0, "collapsed");
    assert_eq!(shown_in(&dom, "side-data").0, "ratified");
}

/// The page in Dutch: with the language switch on Nederlands, no English label of the page's
/// own remains on screen. Every visible text (and each picker's choice) of the same tables in
/// English and in Dutch is compared: what the two share may only be names and numbers (policy
/// keys, party letters, "polder", words that are the same in both languages).
#[test]
fn in_dutch_no_english_chrome_remains() {
    let Some((browser, _dir, page)) = ready_page() else {
        return;
    };
    let texts = |lang: usize, extra: &str| -> std::collections::BTreeSet<String> {
        // the extra settings come first: the address's first value of a name counts
        let dom = open(
            &browser,
            &page,
            &format!(
                "{extra}&scenario=0&policy={}&side={}&seed=135&run=0&lang={lang}&audience=1&texts=1",
                number("none"),
                number("phased"),
            ),
            None,
        );
        let json = element(&dom, "texts")
            .replace("&lt;", "<")
            .replace("&gt;", ">");
        let v: Vec<String> = serde_json::from_str(&json).expect("the texts as JSON");
        assert!(v.len() > 40, "{v:?}");
        v.into_iter().collect()
    };
    // the same in both languages: names, keys and words Dutch shares with English
    let mut same: Vec<&str> = vec![
        "polder",
        "Scenario",
        "Seed",
        "Start",
        "consensus",
        "excl",
        "deadline",
    ];
    same.extend(polder::policy::builtin_names().iter().copied());
    // the desk: a refused move (no free-rider noticed yet) and a survey, then round 2 is open
    let desk = "policy=play&moves=sanction,survey";
    for (extra, what) in [
        ("play=end", "at the end"),
        ("", "at the start"),
        (desk, "at the desk"),
    ] {
        let (en, nl) = (texts(0, extra), texts(1, extra));
        let shared: Vec<&String> = en.intersection(&nl).collect();
        for t in &shared {
            let english_words: Vec<&str> = t
                .split(|c: char| !c.is_alphabetic())
                .filter(|w| w.chars().count() >= 3 && !same.contains(w))
                .collect();
            assert!(
                english_words.is_empty(),
                "{what}: {t:?} is on screen in English and in Dutch ({english_words:?})"
            );
        }
        // the Dutch page does say what the English one says, in Dutch
        for label in [
            "Nieuwe tafel",
            "Procesmanager",
            "Instellingen van het scenario",
            "Demotafels",
        ] {
            assert!(nl.contains(label), "{what}: {label}");
        }
        assert!(en.contains("New table"));
    }
    // the desk in Dutch: every intervention's description and the refusal in the library's
    // Dutch words, the English ones in English
    use polder::intervention::Intervention;
    use polder::text::Lang;
    let (en, nl) = (texts(0, desk), texts(1, desk));
    let refusal = polder::desk::Refusal::NothingToActOn(Intervention::Sanction);
    for (lang, shown) in [(Lang::En, &en), (Lang::Nl, &nl)] {
        for iv in Intervention::ALL {
            let what = lang.intervention_what(iv);
            assert!(shown.contains(what), "{lang:?}: the desk says {what:?}");
        }
        let why = refusal.said_in(lang);
        assert!(
            shown.iter().any(|t| t.contains(&why)),
            "{lang:?}: the desk's log refuses with {why:?}"
        );
    }
    assert!(nl.iter().any(|t| t.contains("geen meelifter ontdekt")));
}

/// The page in Firefox (headless, from disk, no network): a table played to its end with a
/// moved control, side by side with a second manager, gives the native library's outcomes bit
/// for bit, as in Chromium. Firefox has no `--dump-dom`: with `selftest=1` the page writes the
/// outcomes to standard output itself (window.dump) and closes. Skips without Firefox unless
/// POLDER_REQUIRE_FIREFOX is set (as `.ci/run` sets it).
#[test]
fn the_page_plays_the_library_s_runs_in_firefox() {
    use crate::common::browser::{firefox, firefox_required, headless_firefox};
    let Some(browser) = firefox() else {
        assert!(
            !firefox_required(),
            "POLDER_REQUIRE_FIREFOX is set, but firefox is not installed (apt-get install firefox-esr)"
        );
        eprintln!("SKIPPED the page's Firefox test: firefox is not installed");
        return;
    };
    let Some((_, wasm)) = setup() else {
        assert!(
            !firefox_required(),
            "POLDER_REQUIRE_FIREFOX is set, but the page cannot be built"
        );
        return;
    };
    let dir = TempDir::new().unwrap();
    let page = write_page(&dir, &wasm);
    let url = format!(
        "{}#scenario=0&policy={}&side={}&seed=135&run=0&set=archetypes.regretter_share=0.10&play=end&selftest=1",
        file_url(&page),
        number("none"),
        number("phased")
    );
    let (out, err) = headless_firefox(&browser, &url);
    assert!(!out.contains("POLDER-ERROR"), "{out}");
    let line = out
        .lines()
        .find_map(|l| l.strip_prefix("POLDER-RESULT "))
        .unwrap_or_else(|| panic!("the page wrote no result\n{out}\n{err}"));
    let v: serde_json::Value = serde_json::from_str(line).unwrap();
    assert_eq!(v["settings"], "", "the setting is accepted");
    let (file, source) = SCENARIOS[0];
    let s = polder::scenario::parse_scenario_with(
        source,
        Path::new(file),
        &[("archetypes.regretter_share", "0.10")],
    )
    .unwrap();
    same_run(
        &outcome_of(v["outcome"].as_str().unwrap()),
        &native_run(&s, "none", 135),
        "A in Firefox",
    );
    same_run(
        &outcome_of(v["side"].as_str().unwrap()),
        &native_run(&s, "phased", 135),
        "B in Firefox",
    );
}
