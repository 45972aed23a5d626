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

#[test]
fn the_page_plays_the_command_line_s_run_bit_for_bit() {
    let Some((browser, wasm)) = setup() else {
        return;
    };
    let dir = TempDir::new().unwrap();
    let page = dir.path().join("polder.html");
    let out = polder(&["app", "--wasm", p(&wasm), "-o", p(&page)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
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
