//! The bad-input corpus (tests/corpus/): broken scenario and sweep files checked in with the
//! exact error each must give (tests/corpus/expected.toml), plus output and size problems. For each case:
//! exit code 2, exactly the expected message, and nothing written.

use std::path::{Path, PathBuf};

use assert_cmd::cargo::cargo_bin_cmd;
use serde::Deserialize;
use tempfile::TempDir;

#[derive(Deserialize)]
struct Manifest {
    case: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    file: String,
    error: String,
}

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

fn polder(args: &[&str]) -> (i32, String, String) {
    let out = cargo_bin_cmd!("polder")
        .args(args)
        .output()
        .expect("polder runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn every_broken_scenario_gives_its_exact_error() {
    let text = std::fs::read_to_string(corpus().join("expected.toml")).expect("manifest");
    let manifest: Manifest = toml::from_str(&text).expect("manifest parses");
    assert!(
        manifest.case.len() >= 20,
        "the corpus has {} cases",
        manifest.case.len()
    );
    // every file in the corpus has an expected error
    let mut files: Vec<String> = ["scenarios", "sweeps"]
        .iter()
        .flat_map(|dir| {
            std::fs::read_dir(corpus().join(dir))
                .expect("corpus dir")
                .map(move |e| format!("{dir}/{}", e.expect("entry").file_name().to_string_lossy()))
        })
        .collect();
    files.sort();
    let mut listed: Vec<String> = manifest.case.iter().map(|c| c.file.clone()).collect();
    listed.sort();
    assert_eq!(files, listed, "corpus files and manifest entries differ");

    for case in &manifest.case {
        let path = corpus().join(&case.file);
        let shown = path.to_str().expect("utf-8 path");
        let dir = path.parent().unwrap().to_str().unwrap();
        let expected = case.error.replace("{file}", shown).replace("{dir}", dir);
        let tmp = TempDir::new().expect("temp dir");
        let out = tmp.path().join("out");
        if case.file.starts_with("sweeps/") {
            let (code, stdout, stderr) =
                polder(&["sweep", shown, "--out", out.to_str().unwrap(), "--quiet"]);
            assert_eq!(code, 2, "{}: exit code, stderr: {stderr}", case.file);
            assert_eq!(stderr.trim_end(), expected, "{}", case.file);
            assert!(stdout.is_empty(), "{}: printed {stdout}", case.file);
            assert!(
                !out.exists(),
                "{}: the output directory was created",
                case.file
            );
            continue;
        }
        let (code, stdout, stderr) =
            polder(&["run", shown, "--runs", "2", "--out", out.to_str().unwrap()]);
        assert_eq!(code, 2, "{}: exit code, stderr: {stderr}", case.file);
        assert_eq!(stderr.trim_end(), expected, "{}", case.file);
        assert!(stdout.is_empty(), "{}: printed {stdout}", case.file);
        assert!(
            !out.exists(),
            "{}: the output directory was created",
            case.file
        );
        let (code, _, stderr) = polder(&["check", shown]);
        assert_eq!(code, 2, "{}: check exit code", case.file);
        assert_eq!(stderr.trim_end(), expected, "{} (check)", case.file);
    }
}

#[test]
fn unwritable_output_and_absurd_sizes_are_refused_up_front() {
    let scenario = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/care-network.toml");
    let scenario = scenario.to_str().unwrap();
    let tmp = TempDir::new().unwrap();

    // an output directory that cannot be created: it would sit inside a regular file
    let file = tmp.path().join("a-file");
    std::fs::write(&file, "not a directory").unwrap();
    let inside = file.join("out");
    let (code, _, stderr) = polder(&[
        "run",
        scenario,
        "--runs",
        "2",
        "--out",
        inside.to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("cannot create output directory"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "not a directory");

    // a billion runs: refused with the size estimate, before anything is created (with
    // --allow-long, past the limit on work, which refuses it first otherwise)
    let out = tmp.path().join("huge");
    let (code, _, stderr) = polder(&[
        "run",
        scenario,
        "--allow-long",
        "--runs",
        "1000000000",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("refusing 1000000000 runs") && stderr.contains("would need about"),
        "{stderr}"
    );
    assert!(!out.exists());

    // the same for a comparison
    let (code, _, stderr) = polder(&[
        "compare",
        scenario,
        "--allow-long",
        "--policies",
        "none,balanced",
        "--runs",
        "10000000000",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("would need about"), "{stderr}");
    assert!(!out.exists());
}

/// Exit code 2 and exactly `expected` on stderr, nothing on stdout.
fn refused(args: &[&str], expected: &str) {
    let (code, stdout, stderr) = polder(args);
    assert_eq!(code, 2, "{args:?}: {stderr}");
    assert_eq!(stderr.trim_end(), expected, "{args:?}");
    assert!(stdout.is_empty(), "{args:?}: printed {stdout}");
}

#[test]
fn devices_pipes_and_huge_files_are_refused_before_reading() {
    let tmp = TempDir::new().unwrap();
    let t = |name: &str| tmp.path().join(name).to_str().unwrap().to_string();
    // a device that never ends: refused before a byte is read
    refused(
        &["check", "/dev/zero"],
        "polder: error: invalid scenario /dev/zero: expected a scenario file (TOML), but this is a character device",
    );
    // a named pipe without a writer: refused, not waited on
    let fifo = t("pipe.toml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    refused(
        &["check", &fifo],
        &format!(
            "polder: error: invalid scenario {fifo}: expected a scenario file (TOML), but this is a named pipe (FIFO)"
        ),
    );
    refused(
        &["sweep", &fifo, "--out", &t("out")],
        &format!(
            "polder: error: invalid sweep file {fifo}: expected a sweep file (TOML), but this is a named pipe (FIFO)"
        ),
    );
    // a file over the size limit: refused by its size
    let big = t("big.toml");
    std::fs::write(&big, "#".repeat(2_000_000)).unwrap();
    refused(
        &["check", &big],
        &format!(
            "polder: error: invalid scenario {big}: the file holds 2000000 bytes, more than the 1048576 (1 MiB) a scenario file may hold"
        ),
    );
    // the same through a sweep's `scenario =`
    let sweep = t("sweep.toml");
    std::fs::write(
        &sweep,
        "scenario = \"/dev/urandom\"\nreplicates = 1\n[[parameters]]\npath = \"process.pace\"\nvalues = [1.0]\n",
    )
    .unwrap();
    refused(
        &["sweep", &sweep, "--out", &t("out")],
        &format!(
            "polder: error: invalid sweep file {sweep}, line 1, field `scenario`: invalid scenario /dev/urandom: expected a scenario file (TOML), but this is a character device"
        ),
    );
    assert!(!tmp.path().join("out").exists());
}

#[test]
fn validate_refuses_an_absurd_number_of_runs_up_front() {
    for runs in ["100000000", "1000000000000"] {
        let (code, stdout, stderr) = polder(&["validate", "--runs", runs]);
        assert_eq!(code, 2, "{stderr}");
        assert!(
            stderr.starts_with(&format!(
                "polder: error: refusing --runs {runs}: more than the 1000000 replicates per arm"
            )),
            "{stderr}"
        );
        assert!(stdout.is_empty());
    }
}

#[test]
fn threads_are_bounded() {
    let scenario = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/care-network.toml");
    let tmp = TempDir::new().unwrap();
    let out = tmp.path().join("out");
    let (code, _, stderr) = polder(&[
        "run",
        scenario.to_str().unwrap(),
        "--threads",
        "100000",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(
        stderr.trim_end(),
        "polder: error: --threads 100000 is more than the 1024 worker threads polder starts; give at most the machine's cores"
    );
    assert!(!out.exists());
}

/// Every table of a scenario file and of a sweep file refuses an array in its place (serde
/// would read a struct from a sequence, its fields in order, and ignore what is left over):
/// each table of the resolved default scenario (with a policy and its rule, and a phase) in
/// turn is replaced by `[2, 0.5, 7, 8]`.
#[test]
fn an_array_where_a_table_belongs_is_refused_everywhere() {
    use toml::Value;
    let text = "name = \"t\"\n[[policies]]\nname = \"own\"\nrules = [{ when = \"always\", do = \"survey\" }]\n";
    let s = polder::scenario::parse_scenario(text, Path::new("t.toml")).unwrap();
    let full = Value::try_from(s.resolved()).unwrap();
    // the paths of every table: (path in the document as a list of keys and indices)
    #[derive(Clone, Debug)]
    enum Step {
        Key(String),
        Index(usize),
    }
    fn walk(v: &Value, at: Vec<Step>, out: &mut Vec<Vec<Step>>) {
        match v {
            Value::Table(t) => {
                if !at.is_empty() {
                    out.push(at.clone());
                }
                for (k, v) in t {
                    let mut p = at.clone();
                    p.push(Step::Key(k.clone()));
                    walk(v, p, out);
                }
            }
            Value::Array(a) => {
                for (i, v) in a.iter().enumerate() {
                    let mut p = at.clone();
                    p.push(Step::Index(i));
                    walk(v, p, out);
                }
            }
            _ => {}
        }
    }
    fn at<'a>(v: &'a mut Value, path: &[Step]) -> &'a mut Value {
        path.iter().fold(v, |v, s| match s {
            Step::Key(k) => v.get_mut(k.as_str()).unwrap(),
            Step::Index(i) => v.get_mut(*i).unwrap(),
        })
    }
    let mut paths = Vec::new();
    walk(&full, Vec::new(), &mut paths);
    assert!(paths.len() > 40, "{} tables", paths.len());
    for path in &paths {
        let mut doc = full.clone();
        *at(&mut doc, path) = Value::Array(vec![
            Value::Integer(2),
            Value::Float(0.5),
            Value::Integer(7),
            Value::Integer(8),
        ]);
        let text = toml::to_string(&doc).unwrap();
        let e = polder::scenario::parse_scenario(&text, Path::new("t.toml"))
            .expect_err(&format!("{path:?} accepted an array:\n{text}"));
        assert!(
            e.message.contains("expected a table") && e.message.contains("found an array"),
            "{path:?}: {e}"
        );
    }

    // the sweep file's tables: the design and each parameter
    let scenario = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/care-network.toml");
    let head = format!(
        "scenario = {:?}\nreplicates = 2\n",
        scenario.to_str().unwrap()
    );
    for body in [
        "design = [\"lhs\", 4]\n[[parameters]]\npath = \"process.pace\"\nmin = 0.5\nmax = 1.5\n",
        "parameters = [[\"process.pace\", \"pace\", [1.0]]]\n",
        "parameters = [{ path = \"process.pace\", values = [1.0] }, [\"exit.baseline\"]]\n",
    ] {
        let text = format!("{head}{body}");
        let e = polder::sweep::spec::parse_sweep(&text, Path::new("s.toml"))
            .expect_err(&format!("accepted:\n{text}"));
        assert!(
            e.message.contains("expected a table") && e.message.contains("found an array"),
            "{text}: {e}"
        );
    }
}

/// A huge unknown key gives a short message (the key cut to 80 characters and its size), and
/// a control character in a key or name never reaches the terminal raw.
#[test]
fn long_keys_are_clipped_and_control_characters_escaped_in_messages() {
    let tmp = TempDir::new().unwrap();
    let file = tmp.path().join("huge-key.toml");
    let key = "k".repeat(500_000);
    std::fs::write(&file, format!("name = \"t\"\n{key} = 1\n")).unwrap();
    let shown = file.to_str().unwrap();
    let (code, _, stderr) = polder(&["check", shown]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.len() < 1000, "a message of {} bytes", stderr.len());
    let cut = format!("{}…(500000 bytes)", "k".repeat(80));
    assert_eq!(
        stderr.trim_end(),
        format!(
            "polder: error: invalid scenario {shown}, line 2, field `{cut}`: unknown field `{cut}`, expected one of `name`, `name_nl`, `description`, `participants`, `kinds`, `archetypes`, `domains`, `trust`, `compensation`, `challenge`, `process`, `negotiation`, `constituency`, `cooperation`, `relations`, `ownership`, `exit`, `free_rider`, `saboteur`, `regretter`, `inclusion`, `manager`, `interventions`, `policies`"
        )
    );

    // a key with ESC and BEL in it (a quoted key), and a value
    std::fs::write(&file, "name = \"t\"\n\"\\u001b[2J\\u0007\" = 1\n").unwrap();
    let (code, _, stderr) = polder(&["check", shown]);
    assert_eq!(code, 2, "{stderr}");
    assert!(!stderr.contains(['\u{1b}', '\u{7}']), "{stderr:?}");
    assert!(
        stderr.contains("unknown field `\\u{1b}[2J\\u{7}`"),
        "{stderr}"
    );
    // a name with control characters is refused by every command that loads the scenario
    std::fs::write(&file, "name = \"t\\u001b[31m\"\n").unwrap();
    for args in [
        vec![
            "run",
            shown,
            "--runs",
            "2",
            "--out",
            tmp.path().join("o").to_str().unwrap(),
        ],
        vec!["trace", shown],
        vec![
            "compare",
            shown,
            "--policies",
            "none,balanced",
            "--runs",
            "2",
        ],
        vec!["policies", shown],
    ] {
        let (code, stdout, stderr) = polder(&args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(
            !stdout.contains('\u{1b}') && !stderr.contains('\u{1b}'),
            "{args:?}"
        );
        assert!(
            stderr.contains("control character U+001B"),
            "{args:?}: {stderr}"
        );
    }
}

/// Absurd work (1000 parties, a deadline of 100000 rounds) is refused up front with the
/// estimate, by run, compare, trace and sweep, unless --allow-long; nothing is written.
#[test]
fn work_over_the_limit_is_refused_up_front_with_the_estimate() {
    let tmp = TempDir::new().unwrap();
    let sc = tmp.path().join("huge.toml");
    std::fs::write(
        &sc,
        "name = \"huge\"\n[participants]\ncount = 1000\n[process]\nmax_rounds = 100000\n",
    )
    .unwrap();
    let sc = sc.to_str().unwrap();
    let out = tmp.path().join("out");
    let o = out.to_str().unwrap();
    let (code, stdout, stderr) = polder(&["run", sc, "--out", o, "--threads", "2"]);
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(
        stderr.trim_end(),
        "polder: error: refusing 1000 runs of 1000 parties up to round 100000: at worst 1.0e11 participant-rounds (every run to its deadline), up to about 6.9 h on 2 threads, more than the 1e10 polder plays without --allow-long; use fewer runs or participants or an earlier deadline (process.max_rounds), or pass --allow-long"
    );
    assert!(stdout.is_empty());
    let (code, _, stderr) = polder(&["compare", sc, "--policies", "none,balanced", "--out", o]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("refusing 2 policies x 1000 runs: at worst 2.0e11"),
        "{stderr}"
    );
    let (code, stdout, stderr) = polder(&["trace", sc, "--out", o]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains(
            "refusing a trace of 1000 parties up to round 100000: at worst 1.0e8 participant-rounds"
        ) && stderr.contains("more than the 1e7 polder plays without --allow-long"),
        "{stderr}"
    );
    assert!(stdout.is_empty(), "no story");
    let sweep = tmp.path().join("s.toml");
    std::fs::write(
        &sweep,
        "scenario = \"huge.toml\"\nreplicates = 100\n[[parameters]]\npath = \"process.pace\"\nvalues = [0.5, 1.0]\n",
    )
    .unwrap();
    let (code, _, stderr) = polder(&[
        "sweep",
        sweep.to_str().unwrap(),
        "--out",
        o,
        "--threads",
        "2",
    ]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("refusing a sweep of 200 runs: at worst 2.0e10 participant-rounds"),
        "{stderr}"
    );
    assert!(!out.exists(), "nothing written");
    // over the limit at worst, but quick in fact (two parties agree long before the
    // deadline): refused, and played with --allow-long, after saying what it may take
    std::fs::write(
        tmp.path().join("huge.toml"),
        "name = \"two\"\n[participants]\ncount = 2\n[process]\nmax_rounds = 100000\n",
    )
    .unwrap();
    let args = ["run", sc, "--runs", "60000", "--no-rounds", "--out", o];
    let (code, _, stderr) = polder(&args);
    assert_eq!(code, 2, "{stderr}");
    assert!(!out.exists(), "nothing written");
    let (code, _, stderr) = polder(&[&args[..], &["--allow-long"]].concat());
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.starts_with("polder: 60000 runs of 2 parties up to round 100000: at worst 1.2e10 participant-rounds, up to about"),
        "{stderr}"
    );
}
