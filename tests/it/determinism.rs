//! Reproducibility: the same seed gives byte-identical output whatever the number of threads.
//!
//! Sizes: CLI runs of scenarios/regional-energy.toml with `--runs 300` (about 2 MB of
//! rounds.csv each; seven runs with seed 42 on 1, 2 or 5 threads, one with seed 43); library
//! runs of replicates 0..8 of the default scenario and of the shipped scenario; 200 replicates
//! through `runner::run_replicates` in a 1-thread and in a 2-thread pool.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::cargo::cargo_bin_cmd;
use polder::outcome::RoundRecorder;
use polder::runner::{self, RunResult};
use polder::{RunSeed, Scenario};
use tempfile::TempDir;

const RUNS: &str = "300";

fn regional_energy() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/regional-energy.toml")
}

/// runs.csv and rounds.csv of one CLI run.
struct Tables {
    runs: Vec<u8>,
    rounds: Vec<u8>,
}

/// Run the CLI on the shipped scenario; `rayon_threads` sets RAYON_NUM_THREADS (else it is
/// removed from the environment); `extra` are further arguments.
/// `threads` is the pool size polder must report using.
fn cli(seed: u64, rayon_threads: Option<&str>, extra: &[&str], threads: usize) -> Tables {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("out");
    let mut cmd = cargo_bin_cmd!("polder");
    cmd.arg("run")
        .arg(regional_energy())
        .args(["--runs", RUNS, "--seed", &seed.to_string(), "--out"])
        .arg(&out)
        .args(extra);
    match rayon_threads {
        Some(t) => cmd.env("RAYON_NUM_THREADS", t),
        None => cmd.env_remove("RAYON_NUM_THREADS"),
    };
    let o = cmd.output().expect("polder runs");
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // the summary line names the pool size: the thread setting was really applied
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains(&format!(" {threads} thread")),
        "expected a run on {threads} threads: {err}"
    );
    let t = Tables {
        runs: fs::read(out.join("runs.csv")).unwrap(),
        rounds: fs::read(out.join("rounds.csv")).unwrap(),
    };
    // not trivially equal: a header and one row per run, and at least one round per run
    let run_lines = t.runs.iter().filter(|&&b| b == b'\n').count();
    assert_eq!(run_lines, 301, "header + 300 runs");
    let round_lines = t.rounds.iter().filter(|&&b| b == b'\n').count();
    assert!(round_lines > 300, "rounds.csv has {round_lines} lines");
    t
}

fn assert_same(a: &Tables, b: &Tables, what: &str) {
    assert!(a.runs == b.runs, "runs.csv differs: {what}");
    assert!(a.rounds == b.rounds, "rounds.csv differs: {what}");
}

#[test]
fn rayon_num_threads_does_not_change_output() {
    let one = cli(42, Some("1"), &[], 1);
    let two = cli(42, Some("2"), &[], 2);
    assert_same(&one, &two, "RAYON_NUM_THREADS=1 vs 2");
}

#[test]
fn threads_option_does_not_change_output() {
    let one = cli(42, None, &["--threads", "1"], 1);
    let two = cli(42, None, &["--threads", "2"], 2);
    assert_same(&one, &two, "--threads 1 vs 2");
    // more threads than cores, too
    let five = cli(42, None, &["--threads", "5"], 5);
    assert_same(&one, &five, "--threads 1 vs 5");
}

#[test]
fn same_command_twice_and_another_seed() {
    let a = cli(42, None, &["--threads", "2"], 2);
    let b = cli(42, None, &["--threads", "2"], 2);
    assert_same(&a, &b, "same command twice");
    let c = cli(43, None, &["--threads", "2"], 2);
    // the seed column alone differs; compare everything but it
    let strip_seed = |t: &Tables| -> Vec<Vec<String>> {
        let mut r = csv::Reader::from_reader(t.runs.as_slice());
        r.records()
            .map(|rec| {
                let rec = rec.unwrap();
                rec.iter()
                    .enumerate()
                    .filter(|&(i, _)| i != 2)
                    .map(|(_, f)| f.to_string())
                    .collect()
            })
            .collect()
    };
    assert_ne!(a.runs, c.runs, "seed 43 gave the same runs.csv as 42");
    assert_ne!(
        strip_seed(&a),
        strip_seed(&c),
        "seed 43 gave the same results as 42 (only the seed column differs)"
    );
}

fn scenarios() -> Vec<(String, Scenario)> {
    let default = Scenario {
        name: "defaults".into(),
        ..Scenario::default()
    };
    default.validate().expect("defaults are valid");
    let shipped = polder::load_scenario(&regional_energy()).expect("shipped scenario loads");
    vec![
        ("defaults".into(), default),
        ("regional-energy".into(), shipped),
    ]
}

#[test]
fn library_run_is_reproducible() {
    for (name, s) in scenarios() {
        let mut results = Vec::new();
        for rep in 0..8 {
            let seed = RunSeed::new(42, 0, rep);
            let a = runner::run_one(&s, None, rep, seed, true);
            let b = runner::run_one(&s, None, rep, seed, true);
            assert_eq!(a.outcome, b.outcome, "{name}, replicate {rep}");
            assert_eq!(a.rounds, b.rounds, "{name}, replicate {rep}");
            assert_eq!(a.rounds.len() as u32, a.outcome.rounds);

            // simulate with a recorder gives the same as run_one
            let mut rec = RoundRecorder::default();
            let c = polder::simulate(&s, seed, &mut rec);
            assert_eq!(c, a.outcome, "{name}, replicate {rep}: simulate vs run_one");
            assert_eq!(rec.rounds, a.rounds, "{name}, replicate {rep}");

            // recording rounds does not change the outcome
            let d = runner::run_one(&s, None, rep, seed, false);
            assert_eq!(
                d.outcome, a.outcome,
                "{name}, replicate {rep}: with/without rounds"
            );
            assert!(d.rounds.is_empty());
            results.push(a);
        }
        // different replicates differ
        for w in results.windows(2) {
            assert!(
                w[0].outcome != w[1].outcome || w[0].rounds != w[1].rounds,
                "{name}: replicates {} and {} are identical",
                w[0].run_id,
                w[1].run_id
            );
        }
        // and so do different master seeds
        let other = runner::run_one(&s, None, 0, RunSeed::new(43, 0, 0), true);
        assert!(
            other.outcome != results[0].outcome || other.rounds != results[0].rounds,
            "{name}: seeds 42 and 43 give the same run"
        );
    }
}

fn collect(s: &Scenario, threads: usize) -> Vec<RunResult> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    let mut all = Vec::new();
    pool.install(|| {
        runner::run_replicates(s, None, 7, 200, 0, true, |chunk| {
            all.extend_from_slice(chunk);
            Ok::<(), ()>(())
        })
    })
    .unwrap();
    all
}

#[test]
fn run_replicates_is_independent_of_pool_size() {
    let (_, s) = scenarios().remove(0);
    let one = collect(&s, 1);
    let two = collect(&s, 2);
    assert_eq!(one.len(), 200);
    assert_eq!(two.len(), 200);
    for (i, (a, b)) in one.iter().zip(&two).enumerate() {
        assert_eq!(a.run_id, i as u64, "run order");
        assert_eq!(b.run_id, i as u64, "run order");
        assert_eq!(a.seed, RunSeed::new(7, 0, i as u64));
        assert_eq!(a.seed, b.seed);
        assert_eq!(a.outcome, b.outcome, "run {i}");
        assert_eq!(a.rounds, b.rounds, "run {i}");
    }
    // each run equals the same replicate played on its own
    for i in [0u64, 63, 64, 199] {
        let alone = runner::run_one(&s, None, i, RunSeed::new(7, 0, i), true);
        assert_eq!(alone.outcome, one[i as usize].outcome, "run {i}");
        assert_eq!(alone.rounds, one[i as usize].rounds, "run {i}");
    }
}
