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
    let sources = newest(&root.join("src")).max(newest(&root.join("scenarios")));
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
    let start = dom
        .find("<pre id=\"outcome-data\"")
        .expect("an outcome element");
    let json = &dom[dom[start..].find('>').unwrap() + start + 1..];
    let json = &json[..json.find("</pre>").unwrap()].replace("&quot;", "\"");
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
        (0usize, "none", 129u64, 0u64),
        (0, "phased", 129, 0),
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
        let (ending, bits) = shown(&dom);
        let (file, source) = SCENARIOS[scenario];
        let s = parse_scenario(source, Path::new(file)).unwrap();
        let spec = polder::policy::builtin(policy).unwrap();
        let native = polder::runner::simulate_policy(
            &s,
            Some(&spec),
            polder::RunSeed::new(seed, 0, run),
            &mut polder::outcome::NoObserver,
        );
        let what = format!("{file} {policy} seed {seed} run {run}");
        assert_eq!(ending, native.ending.key(), "{what}");
        let get = |name: &str| {
            let b = bits.iter().find(|(k, _)| k == name).unwrap().1;
            f64::from_bits(b)
        };
        assert_eq!(get("rounds"), f64::from(native.rounds), "{what}");
        assert_eq!(get("exited"), native.exited as f64, "{what}");
        let t = &native.final_table;
        for (name, value) in [
            ("dropout_rate", native.dropout_rate),
            ("final_content", t.certainty[0]),
            ("final_social", t.certainty[1]),
            ("final_procedural", t.certainty[2]),
            ("final_task_time", t.certainty[3]),
            ("final_process_trust", t.process_trust),
            ("budget_spent", native.budget_spent),
        ] {
            assert_eq!(get(name).to_bits(), value.to_bits(), "{what}: {name}");
        }
        endings.push(ending);
    }
    // seed 129 collapses without a manager, and phased saves it
    assert_eq!(endings[0], "collapsed");
    assert_eq!(endings[1], "ratified");

    // the ticker tells `polder trace`'s story, in English or (lang=1) in Dutch: the last round's
    // lines and the ending, as the command line words them
    let (file, source) = SCENARIOS[0];
    let s = parse_scenario(source, Path::new(file)).unwrap();
    let none = polder::policy::builtin("none").unwrap();
    let trace = polder::trace::record(&s, Some(&none), polder::RunSeed::new(129, 0, 0));
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
                "scenario=0&policy=0&seed=129&run=0&lang={k}&colour=level&audience=1&play=end"
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
        assert!(dom.contains("co-owner</span>"), "the participation legend");
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
        &format!("scenario=0&policy={phased}&seed=129&run=0&play=end"),
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
    use polder::intervention::Intervention as I;
    use polder::manager::desk::{self, Desk, Refusal};
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
        assert!(dom.contains("★ best built-in"));

        // where the trainee and the best built-in manager part ways, told as `trace --versus`
        let spec = polder::policy::builtin(best).unwrap();
        let theirs = polder::trace::record(&s, Some(&spec), seed);
        let div = polder::trace::versus::divergence(trace, &theirs);
        let parting = div.parting.expect("the trainee did not play `best`");
        let difference = element(&dom, "difference");
        assert!(
            difference.contains(&format!("part ways in round {parting}")),
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
