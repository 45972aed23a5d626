//! Command-line behaviour: bad input gets a clear error (exit code 2, a message naming the file,
//! the field and the line and saying what was expected) and leaves nothing behind; help and
//! `check` work; a small run writes well-formed tables.
//!
//! Sizes: 22 bad-input cases, each a scenario of at most 8 lines written into its own temp dir
//! and run with `--runs 3`; one `--runs 2` run with `--force`; one `--runs 20` run of
//! scenarios/regional-energy.toml. Every polder call here takes well under a second.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use polder::output::csv::{ROUND_COLUMNS, RUN_COLUMNS};
use tempfile::TempDir;

use crate::common::{p, polder, text};

/// The shipped scenario, whatever its current calibration.
fn regional_energy() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/regional-energy.toml")
}

/// Every file below `dir` (relative name to contents); an absent directory counts as empty.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for e in entries {
            let path = e.expect("readable dir entry").path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path.strip_prefix(root).unwrap().to_path_buf();
                out.insert(rel, fs::read(&path).expect("readable file"));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// No results and no partial files in `out`.
fn assert_no_results(out: &Path, context: &str) {
    for (name, _) in snapshot(out) {
        let s = name.to_string_lossy();
        assert!(
            s != "runs.csv" && s != "rounds.csv" && !s.ends_with(".partial"),
            "{context}: found {s} in {} after a failed run",
            out.display()
        );
    }
}

/// Whether `s` contains `n` as a whole number (not as part of a longer number).
fn has_number(s: &str, n: u64) -> bool {
    let needle = n.to_string();
    let bytes = s.as_bytes();
    s.match_indices(&needle).any(|(i, _)| {
        let before = i == 0 || !bytes[i - 1].is_ascii_digit();
        let after = i + needle.len() >= bytes.len() || !bytes[i + needle.len()].is_ascii_digit();
        before && after
    })
}

/// Whether the message reports line `n` ("line 4", "line 4:", "line 4,").
fn has_line(msg: &str, n: usize) -> bool {
    msg.match_indices("line ").any(|(i, m)| {
        let rest = &msg[i + m.len()..];
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        digits == n.to_string()
    })
}

/// What a bad scenario must produce.
struct Expect<'a> {
    /// Dotted path of the field to blame, if any; alternatives allowed (any one suffices).
    field: &'a [&'a str],
    /// Line of the problem, if there is one.
    line: Option<usize>,
    /// Further substrings the message must hold (e.g. the bad value or the limit).
    also: &'a [&'a str],
}

/// Write `bytes` as a scenario, run it and check the error; then check `polder check` too.
fn bad_scenario(case: &str, bytes: &[u8], expect: Expect) {
    let dir = TempDir::new().unwrap();
    let scenario = dir.path().join(format!("{case}.toml"));
    fs::write(&scenario, bytes).unwrap();
    let out = dir.path().join("out");

    let o = polder(&[
        "run",
        p(&scenario),
        "--out",
        p(&out),
        "--runs",
        "3",
        "--quiet",
    ]);
    let err = text(&o.stderr);
    let ctx = format!("case {case}: stderr was:\n{err}");
    assert_eq!(o.status.code(), Some(2), "{ctx}");
    assert!(err.contains(p(&scenario)), "{ctx}\n(should name the file)");
    if !expect.field.is_empty() {
        assert!(
            expect.field.iter().any(|f| err.contains(f)),
            "{ctx}\n(should name the field, one of {:?})",
            expect.field
        );
    }
    if let Some(line) = expect.line {
        assert!(has_line(&err, line), "{ctx}\n(should name line {line})");
    }
    assert!(
        err.contains("expected"),
        "{ctx}\n(should say what was expected)"
    );
    for s in expect.also {
        assert!(err.contains(s), "{ctx}\n(should mention {s:?})");
    }
    assert!(
        !out.exists() || snapshot(&out).is_empty(),
        "case {case}: files written to {}: {:?}",
        out.display(),
        snapshot(&out).keys().collect::<Vec<_>>()
    );
    assert_no_results(&out, case);
    assert!(
        !text(&o.stdout).contains("wrote"),
        "case {case}: stdout claims output: {}",
        text(&o.stdout)
    );

    // `check` reports the same problem with the same exit code.
    let c = polder(&["check", p(&scenario)]);
    let cerr = text(&c.stderr);
    assert_eq!(c.status.code(), Some(2), "case {case} (check): {cerr}");
    assert!(cerr.contains(p(&scenario)), "case {case} (check): {cerr}");
}

// ---- scenario content ------------------------------------------------------------------------

#[test]
fn unknown_field() {
    bad_scenario(
        "unknown_field",
        b"name = \"x\"\n[exit]\nbaseline = -5\nbasline = 1\n",
        Expect {
            field: &["exit.basline"],
            line: Some(4),
            also: &["basline"],
        },
    );
}

#[test]
fn lower_bound_out_of_range() {
    bad_scenario(
        "lower_bound",
        b"name = \"x\"\n[domains.content]\nlower_bound = 1.5\n",
        Expect {
            field: &["domains.content.lower_bound"],
            line: Some(3),
            also: &["1.5"],
        },
    );
}

#[test]
fn negative_count() {
    bad_scenario(
        "negative_count",
        b"name = \"x\"\n[participants]\ncount = -3\n",
        Expect {
            field: &["participants.count"],
            line: Some(3),
            also: &["-3"],
        },
    );
}

#[test]
fn share_above_one() {
    bad_scenario(
        "share_above_one",
        b"name = \"x\"\n[archetypes]\nsaboteur_share = 1.2\n",
        Expect {
            field: &["archetypes.saboteur_share"],
            line: Some(3),
            also: &["1.2"],
        },
    );
}

#[test]
fn string_where_number_expected() {
    bad_scenario(
        "wrong_type",
        b"name = \"x\"\n[exit]\nbaseline = \"low\"\n",
        Expect {
            field: &["exit.baseline"],
            line: Some(3),
            also: &[],
        },
    );
}

#[test]
fn toml_syntax_error() {
    bad_scenario(
        "syntax",
        b"name = \"x\"\n[exit\nbaseline = -5\n",
        Expect {
            field: &[],
            line: Some(2),
            also: &[],
        },
    );
}

#[test]
fn empty_file_misses_name() {
    bad_scenario(
        "empty",
        b"",
        Expect {
            field: &["name"],
            line: None,
            also: &[],
        },
    );
}

#[test]
fn empty_phase_list() {
    bad_scenario(
        "no_phases",
        b"name = \"x\"\n[process]\nphases = []\n",
        Expect {
            field: &["process.phases"],
            line: Some(3),
            also: &[],
        },
    );
}

#[test]
fn last_phase_without_decision() {
    bad_scenario(
        "last_no_decision",
        b"name = \"x\"\n[[process.phases]]\nname = \"a\"\nrounds = 3\ndecision = true\n\
          [[process.phases]]\nname = \"b\"\nrounds = 3\n",
        Expect {
            field: &["process.phases[1].decision"],
            // the key is absent: the header of the phase that lacks it
            line: Some(6),
            also: &["decision"],
        },
    );
}

#[test]
fn phase_with_zero_rounds() {
    bad_scenario(
        "zero_rounds",
        b"name = \"x\"\n[[process.phases]]\nname = \"a\"\nrounds = 3\n\
          [[process.phases]]\nname = \"b\"\nrounds = 0\ndecision = true\n",
        Expect {
            field: &["process.phases[1].rounds"],
            line: Some(7),
            also: &[],
        },
    );
}

#[test]
fn duplicate_phase_names() {
    bad_scenario(
        "duplicate_phases",
        b"name = \"x\"\n[[process.phases]]\nname = \"a\"\nrounds = 3\n\
          [[process.phases]]\nname = \"a\"\nrounds = 2\ndecision = true\n",
        Expect {
            field: &["process.phases[1].name"],
            line: Some(6),
            also: &["\"a\""],
        },
    );
}

#[test]
fn kind_shares_not_summing_to_one() {
    bad_scenario(
        "kind_shares",
        b"name = \"x\"\n[kinds.government]\nshare = 0.5\n[kinds.market]\nshare = 0.5\n\
          [kinds.society]\nshare = 0.5\n",
        Expect {
            field: &["kinds"],
            line: None,
            also: &["1.5"],
        },
    );
}

#[test]
fn archetype_shares_above_one() {
    bad_scenario(
        "archetype_shares",
        b"name = \"x\"\n[archetypes]\nfree_rider_share = 0.5\nsaboteur_share = 0.4\n\
          regretter_share = 0.3\n",
        Expect {
            field: &["archetypes"],
            line: Some(2),
            also: &[],
        },
    );
}

#[test]
fn lower_bound_above_challenge() {
    bad_scenario(
        "lower_above_challenge",
        b"name = \"x\"\n[domains.social]\nlower_bound = 0.8\nchallenge = 0.6\n",
        Expect {
            field: &["domains.social.challenge", "domains.social.lower_bound"],
            line: None,
            also: &["0.8", "0.6"],
        },
    );
    // The line must be the one of the field blamed.
    let dir = TempDir::new().unwrap();
    let f = dir.path().join("s.toml");
    fs::write(
        &f,
        "name = \"x\"\n[domains.social]\nlower_bound = 0.8\nchallenge = 0.6\n",
    )
    .unwrap();
    let err = text(&polder(&["check", p(&f)]).stderr);
    let ok = (err.contains("domains.social.challenge") && has_line(&err, 4))
        || (err.contains("domains.social.lower_bound") && has_line(&err, 3));
    assert!(ok, "line does not match the field blamed: {err}");
}

#[test]
fn a_million_participants() {
    let dir = TempDir::new().unwrap();
    let f = dir.path().join("million.toml");
    fs::write(&f, "name = \"x\"\n[participants]\ncount = 1000000\n").unwrap();
    let err = text(&polder(&["check", p(&f)]).stderr);
    // the limit itself, not only the value given
    assert!(has_number(&err, 1000), "limit 1000 not named: {err}");
    bad_scenario(
        "million",
        b"name = \"x\"\n[participants]\ncount = 1000000\n",
        Expect {
            field: &["participants.count"],
            line: Some(3),
            also: &["1000000"],
        },
    );
}

#[test]
fn non_utf8_bytes() {
    bad_scenario(
        "non_utf8",
        b"name = \"x\"\ndescription = \"caf\xe9\"\n",
        Expect {
            field: &[],
            line: Some(2),
            also: &["UTF-8"],
        },
    );
}

// ---- files and options -----------------------------------------------------------------------

#[test]
fn directory_as_scenario() {
    let dir = TempDir::new().unwrap();
    let scen = dir.path().join("scenario_dir");
    fs::create_dir(&scen).unwrap();
    let out = dir.path().join("out");
    let o = polder(&["run", p(&scen), "--out", p(&out), "--runs", "3", "-q"]);
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains(p(&scen)), "should name the path: {err}");
    assert!(
        err.contains("directory"),
        "should say it is a directory: {err}"
    );
    assert!(
        err.contains("expected a scenario file") || err.contains("expected a file"),
        "should say a file was expected: {err}"
    );
    assert!(snapshot(&out).is_empty(), "{:?}", snapshot(&out).keys());
}

#[test]
fn nonexistent_scenario() {
    let dir = TempDir::new().unwrap();
    let scen = dir.path().join("no-such-scenario.toml");
    let out = dir.path().join("out");
    let o = polder(&["run", p(&scen), "--out", p(&out), "--runs", "3", "-q"]);
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains(p(&scen)), "should name the path: {err}");
    let lower = err.to_lowercase();
    assert!(
        lower.contains("no such file")
            || lower.contains("not found")
            || lower.contains("does not exist"),
        "should say the file does not exist: {err}"
    );
    assert!(snapshot(&out).is_empty(), "{:?}", snapshot(&out).keys());
}

/// A small valid scenario for the option tests.
fn small_scenario(dir: &Path) -> PathBuf {
    let f = dir.join("small.toml");
    fs::write(&f, "name = \"small\"\n[participants]\ncount = 6\n").unwrap();
    f
}

#[test]
fn out_is_a_regular_file() {
    let dir = TempDir::new().unwrap();
    let scen = small_scenario(dir.path());
    let out = dir.path().join("results.txt");
    fs::write(&out, "keep me\n").unwrap();
    let before = snapshot(dir.path());
    let o = polder(&["run", p(&scen), "--out", p(&out), "--runs", "3", "-q"]);
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains(p(&out)), "should name the --out path: {err}");
    assert!(
        err.contains("not a directory"),
        "should say a directory is needed: {err}"
    );
    assert_eq!(snapshot(dir.path()), before, "files changed");
}

#[test]
fn existing_results_need_force() {
    let dir = TempDir::new().unwrap();
    let scen = small_scenario(dir.path());
    let out = dir.path().join("out");
    fs::create_dir(&out).unwrap();
    fs::write(out.join("runs.csv"), "earlier results\n").unwrap();
    let before = snapshot(&out);

    let o = polder(&["run", p(&scen), "--out", p(&out), "--runs", "2", "-q"]);
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains(p(&out)), "should name the --out dir: {err}");
    assert!(err.contains("--force"), "should point at --force: {err}");
    assert_eq!(snapshot(&out), before, "earlier results touched");

    let o = polder(&[
        "run",
        p(&scen),
        "--out",
        p(&out),
        "--runs",
        "2",
        "-q",
        "--force",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let runs = fs::read_to_string(out.join("runs.csv")).unwrap();
    assert_eq!(runs.lines().next(), Some(RUN_COLUMNS.join(",").as_str()));
    assert_eq!(runs.lines().count(), 3, "header and 2 runs: {runs}");
    assert!(out.join("rounds.csv").is_file());
}

#[test]
fn zero_runs() {
    let dir = TempDir::new().unwrap();
    let scen = small_scenario(dir.path());
    let out = dir.path().join("out");
    let o = polder(&["run", p(&scen), "--out", p(&out), "--runs", "0", "-q"]);
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("--runs"), "should name the option: {err}");
    assert!(
        err.contains("at least 1"),
        "should say what is expected: {err}"
    );
    assert!(snapshot(&out).is_empty(), "{:?}", snapshot(&out).keys());
}

#[test]
fn zero_threads() {
    let dir = TempDir::new().unwrap();
    let scen = small_scenario(dir.path());
    let out = dir.path().join("out");
    let o = polder(&["run", p(&scen), "--out", p(&out), "--threads", "0", "-q"]);
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("--threads"), "should name the option: {err}");
    assert_no_results(&out, "threads 0");
    assert!(snapshot(&out).is_empty(), "{:?}", snapshot(&out).keys());
}

// ---- help, check and a successful run --------------------------------------------------------

#[test]
fn help() {
    let o = polder(&["--help"]);
    let out = text(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    for cmd in ["run", "check"] {
        assert!(
            out.contains(cmd),
            "polder --help should list `{cmd}`:\n{out}"
        );
    }

    let o = polder(&["run", "--help"]);
    let out = text(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    for opt in [
        "--runs",
        "--seed",
        "--out",
        "--threads",
        "--no-rounds",
        "--force",
        "--quiet",
    ] {
        assert!(
            out.contains(opt),
            "polder run --help should mention {opt}:\n{out}"
        );
    }
}

#[test]
fn check_shipped_scenario() {
    let f = regional_energy();
    let o = polder(&["check", p(&f)]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(out.contains("valid"), "{out}");
    // the resolved parameters are printed, defaults included
    assert!(
        out.contains("[participants]") && out.contains("[[process.phases]]"),
        "{out}"
    );
}

/// Every table in `v` (the value itself and those nested in it) that has no entries, by path.
fn empty_tables(path: &str, v: &toml::Value, out: &mut Vec<String>) {
    match v {
        toml::Value::Table(t) if t.is_empty() => out.push(path.to_string()),
        toml::Value::Table(t) => {
            for (k, x) in t {
                empty_tables(&format!("{path}.{k}"), x, out);
            }
        }
        toml::Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                empty_tables(&format!("{path}[{i}]"), x, out);
            }
        }
        _ => {}
    }
}

/// `polder check` prints the effective scenario: loading its output gives the scenario the
/// original file gives, with every default filled in (no empty tables), and it runs the same.
/// Checked on the defaults and on every scenario in scenarios/ (sweep and calibration files,
/// which name a `scenario` or `scenarios`, are not scenarios).
#[test]
fn check_prints_a_complete_scenario_that_loads_back_the_same() {
    let dir = TempDir::new().unwrap();
    let defaults = dir.path().join("defaults.toml");
    fs::write(&defaults, "name = \"defaults\"\n").unwrap();
    let mut files = vec![defaults];
    for e in fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios")).unwrap() {
        let path = e.unwrap().path();
        let table: toml::Table = toml::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
        if !table.contains_key("scenario") && !table.contains_key("scenarios") {
            files.push(path);
        }
    }
    assert!(
        files.len() >= 4,
        "scenarios/ holds the shipped scenarios: {files:?}"
    );
    let policy = polder::policy::builtin("balanced").unwrap();
    for (k, file) in files.iter().enumerate() {
        let o = polder(&["check", p(file)]);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
        let printed = text(&o.stdout);
        let mut empty = Vec::new();
        empty_tables("", &toml::from_str(&printed).unwrap(), &mut empty);
        assert!(
            empty.is_empty(),
            "{}: empty tables {empty:?}",
            file.display()
        );

        let again = dir.path().join(format!("check-{k}.toml"));
        fs::write(&again, &printed).unwrap();
        let original = polder::load_scenario(file).unwrap();
        let back = polder::load_scenario(&again).unwrap();
        assert_eq!(back, original.resolved(), "{}", file.display());
        assert_eq!(back, back.resolved(), "{}", file.display());
        // the filled-in values are the ones the model uses when a scenario leaves them out
        for r in 0..3 {
            let seed = polder::RunSeed::new(7, 0, r);
            let a = polder::runner::run_one(&original, Some(&policy), r, seed, false);
            let b = polder::runner::run_one(&back, Some(&policy), r, seed, false);
            assert_eq!(a.outcome, b.outcome, "{} replicate {r}", file.display());
        }
    }
}

fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(path).expect("csv opens");
    let header = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

#[test]
fn small_run_writes_tables() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("out");
    let o = polder(&[
        "run",
        p(&regional_energy()),
        "--runs",
        "20",
        "--seed",
        "3",
        "--out",
        p(&out),
        "--quiet",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));

    let files: Vec<String> = snapshot(&out)
        .keys()
        .map(|k| k.to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        files,
        ["rounds.csv", "runs.csv", "scenario.toml"],
        "exactly the two tables and the resolved scenario"
    );

    let runs_text = fs::read_to_string(out.join("runs.csv")).unwrap();
    assert_eq!(runs_text.lines().next().unwrap(), RUN_COLUMNS.join(","));
    let rounds_text = fs::read_to_string(out.join("rounds.csv")).unwrap();
    assert_eq!(rounds_text.lines().next().unwrap(), ROUND_COLUMNS.join(","));

    let (_, runs) = read_csv(&out.join("runs.csv"));
    assert_eq!(runs.len(), 20);
    let ids: Vec<u64> = runs.iter().map(|r| r[0].parse().unwrap()).collect();
    assert_eq!(ids, (0..20).collect::<Vec<u64>>(), "run_id in order");
    for r in &runs {
        assert_eq!(r.len(), RUN_COLUMNS.len());
        assert_eq!(r[2], "3", "seed column");
    }

    let (_, rounds) = read_csv(&out.join("rounds.csv"));
    assert!(rounds.len() >= 20, "at least one round per run");
    let round_ids: Vec<u64> = rounds.iter().map(|r| r[0].parse().unwrap()).collect();
    assert!(
        round_ids.windows(2).all(|w| w[0] <= w[1]),
        "rounds.csv in run order"
    );
    let mut distinct = round_ids.clone();
    distinct.dedup();
    assert_eq!(distinct, (0..20).collect::<Vec<u64>>());
}

/// Ctrl-C on a long `polder run`: the process finishes the chunk in flight, writes every
/// finished run (complete rows, in run order, no temporary files left), says how to go on, and
/// exits with 130. A run of 3 million replicates of care-network, interrupted after 1.5 s.
#[test]
fn interrupted_run_keeps_every_finished_run() {
    let tmp = TempDir::new().unwrap();
    let out = tmp.path().join("out");
    let scenario = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/care-network.toml");
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_polder"))
        .args([
            "run",
            p(&scenario),
            "--runs",
            "3000000",
            "--no-rounds",
            "--quiet",
            "--out",
            p(&out),
        ])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("polder starts");
    std::thread::sleep(std::time::Duration::from_millis(1500));
    // SAFETY: sending SIGINT to our own child process.
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let result = child.wait_with_output().expect("polder ends");
    let stderr = text(&result.stderr);
    assert_eq!(result.status.code(), Some(130), "{stderr}");
    assert!(
        stderr.contains("interrupted:") && stderr.contains("polder sweep"),
        "{stderr}"
    );
    let runs = fs::read_to_string(out.join("runs.csv")).expect("runs.csv written");
    let lines: Vec<&str> = runs.lines().collect();
    assert!(
        lines.len() > 1 && lines.len() < 3_000_001,
        "{} lines",
        lines.len()
    );
    let columns = lines[0].split(',').count();
    for (k, line) in lines.iter().enumerate().skip(1) {
        assert_eq!(line.split(',').count(), columns, "row {k} is complete");
        assert!(
            line.starts_with(&format!("{},", k - 1)),
            "row {k} in run order"
        );
    }
    assert!(
        stderr.contains(&format!("{} of 3000000 runs", lines.len() - 1)),
        "{stderr}"
    );
    let leftovers: Vec<_> = fs::read_dir(&out)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".partial"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

/// A reader that stops early (`polder compare ... | head`) closes the pipe. Every command that
/// prints ends quietly then, by the conventional SIGPIPE behaviour of command-line tools,
/// never with a panic (exit 101). The read end is closed before polder writes anything, so
/// every write to standard output fails: the case is deterministic, not a race.
#[test]
fn a_closed_pipe_ends_every_printing_command_quietly() {
    use std::os::unix::process::ExitStatusExt;
    use std::process::{Command, Stdio};

    let dir = TempDir::new().unwrap();
    let out = dir.path().join("cmp");
    let scenario = regional_energy();
    let cases: Vec<Vec<String>> = vec![
        vec!["policies".into()],
        vec!["check".into(), p(&scenario).into()],
        vec![
            "compare".into(),
            p(&scenario).into(),
            "--policies".into(),
            "none,balanced".into(),
            "--runs".into(),
            "20".into(),
            "--out".into(),
            p(&out).into(),
        ],
        vec![
            "trace".into(),
            p(&scenario).into(),
            "--seed".into(),
            "3".into(),
        ],
        vec!["--help".into()],
    ];
    for args in cases {
        let mut child = Command::new(env!("CARGO_BIN_EXE_polder"))
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("polder starts");
        // close the read end at once: the reader has gone before the first line is printed
        drop(child.stdout.take());
        let result = child.wait_with_output().expect("polder ends");
        let stderr = text(&result.stderr);
        assert!(
            !stderr.contains("panicked"),
            "{args:?} panicked on a closed pipe: {stderr}"
        );
        let quiet =
            result.status.code() == Some(0) || result.status.signal() == Some(libc_sigpipe());
        assert!(
            quiet,
            "{args:?} on a closed pipe ended with {:?}: {stderr}",
            result.status
        );
    }
    // the files of compare were written in full before it printed its table
    assert!(out.join("compare.csv").exists() && out.join("runs.csv").exists());
}

/// SIGPIPE's number on Linux and the BSDs.
fn libc_sigpipe() -> i32 {
    13
}

/// `polder report` on a results directory that is not there says so (not that the report's
/// directory is missing), with exit code 2; the same for a file given as the directory.
#[test]
fn report_names_a_missing_results_directory() {
    let dir = TempDir::new().unwrap();
    let missing = dir.path().join("no-such-results");
    let o = polder(&["report", p(&missing)]);
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(
        err.contains("the results directory") && err.contains("does not exist"),
        "{err}"
    );
    assert!(err.contains("no-such-results"), "{err}");
    let file = dir.path().join("runs.csv");
    fs::write(&file, "run_id\n").unwrap();
    let o = polder(&["report", p(&file)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("is not a directory"),
        "{}",
        text(&o.stderr)
    );
    assert!(!missing.exists(), "nothing is created");
}

/// A misspelt policy or scenario field gets the closest valid name; fields use `_` and policies
/// `-`, so the other separator is the commonest slip.
#[test]
fn misspelt_names_get_a_suggestion() {
    let dir = TempDir::new().unwrap();
    let o = polder(&[
        "compare",
        p(&regional_energy()),
        "--policies",
        "spoiler_first",
        "--runs",
        "2",
        "--out",
        p(&dir.path().join("c")),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("did you mean \"spoiler-first\"?"),
        "{}",
        text(&o.stderr)
    );
    let f = dir.path().join("t.toml");
    fs::write(&f, "name = \"t\"\n[archetypes]\nfree-rider_share = 0.1\n").unwrap();
    let o = polder(&["check", p(&f)]);
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(err.contains("did you mean \"free_rider_share\"?"), "{err}");
    assert!(err.contains("line 3"), "{err}");
}

/// `polder calibrate` runs the suite at each sample of an LHS file and writes one row per
/// sample with every claim's verdict; a text parameter is refused (exit 2). A tiny calibration:
/// 2 samples at 2 replicates per arm (the verdicts mean nothing at that size; the files do).
#[test]
fn calibrate_writes_a_row_per_sample() {
    let dir = TempDir::new().unwrap();
    let file = dir.path().join("cal.toml");
    let scenario = regional_energy();
    fs::write(
        &file,
        format!(
            "scenario = \"{}\"\nreplicates = 2\nseed = 3\n[design]\nkind = \"lhs\"\nsamples = 2\n[[parameters]]\npath = \"exit.social_shock\"\nmin = 0.2\nmax = 0.4\n[[parameters]]\npath = \"constituency.feedback\"\nmin = 0.1\nmax = 0.3\n",
            p(&scenario)
        ),
    )
    .unwrap();
    let out = dir.path().join("out");
    let o = polder(&["calibrate", p(&file), "--out", p(&out)]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let csv = fs::read_to_string(out.join("calibration.csv")).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 3, "{csv}");
    assert!(lines[0].starts_with("sample,exit.social_shock,constituency.feedback,claim_1,"));
    assert!(lines[0].ends_with(",claim_18,survives"), "{}", lines[0]);
    for row in &lines[1..] {
        assert_eq!(row.split(',').count(), 1 + 2 + 18 + 1, "{row}");
    }
    let summary = fs::read_to_string(out.join("calibration.txt")).unwrap();
    assert!(
        summary.contains("of 2 samples pass every claim and pattern"),
        "{summary}"
    );
    // again without --force: refused, nothing replaced
    let o = polder(&["calibrate", p(&file), "--out", p(&out)]);
    assert_eq!(o.status.code(), Some(2));
    // a text parameter cannot be sampled
    fs::write(
        &file,
        format!(
            "scenario = \"{}\"\nreplicates = 2\n[[parameters]]\npath = \"process.decision_rule\"\nvalues = [\"consensus\", \"majority\"]\n",
            p(&scenario)
        ),
    )
    .unwrap();
    let o = polder(&["calibrate", p(&file), "--out", p(&dir.path().join("other"))]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("not a number"),
        "{}",
        text(&o.stderr)
    );
}

/// `polder validate --set` checks its paths and values before any experiment runs.
#[test]
fn validate_set_refuses_unknown_paths() {
    let o = polder(&["validate", "--runs", "2", "--set", "exit.no_such_thing=1"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("exit.no_such_thing"),
        "{}",
        text(&o.stderr)
    );
    let o = polder(&["validate", "--runs", "2", "--set", "exit.contagion"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("PATH=VALUE"),
        "{}",
        text(&o.stderr)
    );
}

/// The outputs README.md and the analysts' guide show are what the commands print now: the
/// default job's summary, the worked example's summary, the comparison's tables and the
/// robustness examples (everything but the timing line and the file names). When the model changes, this fails until the
/// documents are regenerated (scripts/regenerate-numbers.py).
#[test]
fn readme_outputs_match_what_the_commands_print() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = ["README.md", "docs/analysts.md"]
        .iter()
        .map(|f| fs::read_to_string(root.join(f)).unwrap())
        .collect::<Vec<_>>()
        .join("\n");
    // the lines of the code block that holds `marker`
    let block = |marker: &str| -> Vec<String> {
        let at = readme
            .find(marker)
            .unwrap_or_else(|| panic!("README.md and docs/analysts.md have no `{marker}`"));
        let open = readme[..at].rfind("```\n").unwrap() + 4;
        let close = at + readme[at..].find("```").unwrap();
        readme[open..close].lines().map(str::to_string).collect()
    };
    let summary = |lines: &[String]| -> Vec<String> {
        lines
            .iter()
            .filter(|l| {
                [
                    "dropout rate",
                    "agreement rate",
                    "inclusive ",
                    "mean rounds",
                ]
                .iter()
                .any(|p| l.starts_with(p))
            })
            .cloned()
            .collect()
    };
    let tables = |lines: &[String]| -> Vec<String> {
        lines
            .iter()
            .skip_while(|l| !l.starts_with("Each policy met"))
            .cloned()
            .collect()
    };
    let dir = TempDir::new().unwrap();
    let scenarios = root.join("scenarios");
    let run = |args: &[&str]| -> Vec<String> {
        let o = polder(args);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
        text(&o.stdout).lines().map(str::to_string).collect()
    };

    let shown = summary(&block(
        "polder: 1000 runs of \"Regional energy strategy\" (seed 1)",
    ));
    assert_eq!(shown.len(), 4);
    let printed = run(&[
        "run",
        p(&scenarios.join("regional-energy.toml")),
        "--runs",
        "1000",
        "--seed",
        "1",
        "--no-rounds",
        "--out",
        p(&dir.path().join("default")),
    ]);
    assert_eq!(
        summary(&printed),
        shown,
        "README: the default job's summary"
    );

    let shown = summary(&block(
        "polder: 2000 runs of \"Area development: housing and nature\" (seed 7)",
    ));
    assert_eq!(shown.len(), 4);
    let printed = run(&[
        "run",
        p(&scenarios.join("area-development.toml")),
        "--runs",
        "2000",
        "--seed",
        "7",
        "--no-rounds",
        "--out",
        p(&dir.path().join("area")),
    ]);
    assert_eq!(
        summary(&printed),
        shown,
        "README: the worked example's summary"
    );

    let shown = tables(&block("polder: 4 policies x 1000 runs"));
    assert!(shown.len() > 40, "{shown:?}");
    let printed = run(&[
        "compare",
        p(&scenarios.join("area-development.toml")),
        "--policies",
        "none,balanced,monitor,phased",
        "--runs",
        "1000",
        "--out",
        p(&dir.path().join("compare")),
    ]);
    assert_eq!(
        tables(&printed),
        shown,
        "docs/analysts.md: the comparison's tables"
    );

    // the robustness example: everything from the table to the PRIM box (72000 runs)
    let robust_part = |lines: &[String]| -> Vec<String> {
        lines
            .iter()
            .skip_while(|l| !l.starts_with("policy "))
            .take_while(|l| !l.starts_with("wrote "))
            .cloned()
            .collect()
    };
    let shown = robust_part(&block("polder: 72000 runs"));
    assert!(shown.len() > 10, "{shown:?}");
    let printed = run(&[
        "robust",
        p(&scenarios.join("robust-regional-energy.toml")),
        "--threshold",
        "ratified_rate=0.75",
        "--out",
        p(&dir.path().join("robust")),
    ]);
    assert_eq!(
        robust_part(&printed),
        shown,
        "docs/analysts.md: the robustness example"
    );

    // two base scenarios (2 x 15000 runs)
    let shown = robust_part(&block("polder: 15000 runs (30 points"));
    assert!(shown.len() > 30, "{shown:?}");
    let printed = run(&[
        "robust",
        p(&scenarios.join("robust-two-tables.toml")),
        "--out",
        p(&dir.path().join("robust-two")),
    ]);
    assert_eq!(
        robust_part(&printed),
        shown,
        "docs/analysts.md: the robustness example with two base scenarios"
    );
}

/// A second bare `polder` keeps the first one's results: it writes into a fresh directory
/// (results/default-2) instead of replacing results/default.
#[test]
fn the_default_job_never_replaces_earlier_results() {
    let dir = TempDir::new().unwrap();
    let run = || {
        assert_cmd::cargo::cargo_bin_cmd!("polder")
            .current_dir(dir.path())
            .env_remove("RAYON_NUM_THREADS")
            .output()
            .unwrap()
    };
    let first = run();
    assert_eq!(first.status.code(), Some(0), "{}", text(&first.stderr));
    let runs = dir.path().join("results/default/runs.csv");
    fs::write(&runs, "kept\n").unwrap();
    let second = run();
    assert_eq!(second.status.code(), Some(0), "{}", text(&second.stderr));
    assert_eq!(fs::read_to_string(&runs).unwrap(), "kept\n");
    assert!(dir.path().join("results/default-2/runs.csv").exists());
    assert!(text(&second.stdout).contains("results/default-2/runs.csv"));
}

/// A shard says that its runs are its part of the sweep (the product of the design is the
/// whole sweep's), and a merge with a shard missing says how many were given in good English.
#[test]
fn shard_messages_add_up() {
    let dir = TempDir::new().unwrap();
    let file = dir.path().join("s.toml");
    fs::write(
        &file,
        format!(
            "scenario = \"{}\"\nreplicates = 3\npolicies = [\"none\"]\n[[parameters]]\npath = \"process.pace\"\nvalues = [0.8, 1.0]\n",
            p(&regional_energy())
        ),
    )
    .unwrap();
    let out = dir.path().join("sw");
    let o = polder(&["sweep", p(&file), "--out", p(&out), "--shard", "0/2"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let err = text(&o.stderr);
    assert!(
        err.contains("3 runs, this shard's part of 6 (2 points x 1 policies x 3 replicates)"),
        "{err}"
    );
    let shard = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.is_dir())
        .expect("the shard's directory");
    let o = polder(&["merge", p(&shard), "--out", p(&dir.path().join("merged"))]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("the sweep has 2 shards but only 1 was given; missing: 1"),
        "{}",
        text(&o.stderr)
    );
}
