//! `polder sweep` and `polder merge`: designs, seeds, output files, determinism across threads,
//! kill-and-resume of a real process, shards and merge, Slurm environment, bad sweep files.
//!
//! Sizes: sweeps of scenarios/care-network.toml (10 parties, about 60 µs a run). Most CLI
//! sweeps use a 2 x 3 factorial grid (6 points) under 2 policies with 4 to 100 replicates (48
//! to 1200 runs), or 16 to 40 LHS/Sobol points; each takes well under a second. The
//! kill-and-resume tests sweep 12000 runs (1000 replicates) in chunks of 40 on one thread and
//! signal the process once the checkpoint shows a finished chunk; one LHS sweep of 4200 points (4200 runs) runs on
//! 1 and on 2 threads. 12 bad sweep files of at most 10 lines. The whole file takes about 3 s.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use assert_cmd::cargo::cargo_bin_cmd;
use polder::outcome::NoObserver;
use polder::runner::simulate_policy;
use polder::sweep::design::{self, Level};
use polder::sweep::spec::DesignKind;
use polder::sweep::{self, Options, Silent, Status, parse_sweep};
use polder::{RunSeed, policy};
use tempfile::TempDir;

use crate::common::{p, text};

fn care_network() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/care-network.toml")
}

/// Write a sweep file into `dir` whose scenario is care-network; `body` follows the header.
fn sweep_file(dir: &Path, name: &str, replicates: u64, body: &str) -> PathBuf {
    let path = dir.join(name);
    let scenario = care_network();
    fs::write(
        &path,
        format!(
            "scenario = \"{}\"\nreplicates = {replicates}\n{body}",
            scenario.display()
        ),
    )
    .unwrap();
    path
}

const GRID: &str = "policies = [\"none\", \"spoiler-first\"]\n\n[[parameters]]\npath = \"archetypes.saboteur_share\"\nvalues = [0.0, 0.2]\n\n[[parameters]]\npath = \"constituency.strength\"\nstart = 0.5\nstop = 1.5\nstep = 0.5\n";

fn polder(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = cargo_bin_cmd!("polder");
    cmd.args(args)
        .env_remove("RAYON_NUM_THREADS")
        .env_remove("SLURM_ARRAY_TASK_ID")
        .env_remove("SLURM_ARRAY_TASK_COUNT")
        .env_remove("SLURM_ARRAY_TASK_MIN")
        .env_remove("SLURM_CPUS_PER_TASK");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("polder runs")
}

fn ok(o: &Output) {
    assert_eq!(o.status.code(), Some(0), "stderr:\n{}", text(&o.stderr));
}

fn read(path: &Path) -> Vec<u8> {
    fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// runs.csv as rows of named fields.
fn rows(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let head = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            head.iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

#[test]
fn factorial_design_from_values_and_ranges() {
    let dir = TempDir::new().unwrap();
    let f = sweep_file(
        dir.path(),
        "f.toml",
        2,
        "[[parameters]]\npath = \"archetypes.saboteur_share\"\nstart = 0.0\nstop = 0.3\nstep = 0.1\n\n[[parameters]]\npath = \"participants.count\"\nvalues = [8, 12.4]\n\n[[parameters]]\npath = \"process.decision_rule\"\nvalues = [\"consensus\", \"majority\"]\n",
    );
    let spec = sweep::load_sweep(&f).unwrap();
    assert_eq!(spec.kind, DesignKind::Factorial);
    let d = design::build(&spec, 1);
    assert_eq!(d.points(), 4 * 2 * 2);
    let texts: Vec<Vec<String>> = d
        .rows
        .iter()
        .map(|r| r.iter().zip(&spec.params).map(|(l, p)| l.text(p)).collect())
        .collect();
    // the first parameter varies slowest, the last fastest; grid values are clean decimals;
    // whole numbers are rounded
    assert_eq!(texts[0], ["0", "8", "consensus"]);
    assert_eq!(texts[1], ["0", "8", "majority"]);
    assert_eq!(texts[2], ["0", "12", "consensus"]);
    assert_eq!(texts[4], ["0.1", "8", "consensus"]);
    assert_eq!(texts[12], ["0.3", "8", "consensus"]);
    assert!(matches!(d.rows[2][1], Level::Int(12)));
}

#[test]
fn lhs_strata_are_each_hit_once_and_sobol_points_are_the_published_ones() {
    let dir = TempDir::new().unwrap();
    let params = "[[parameters]]\npath = \"archetypes.saboteur_share\"\nmin = 0.0\nmax = 1.0\n\n[[parameters]]\npath = \"constituency.strength\"\nmin = 0.0\nmax = 1.0\n\n[[parameters]]\npath = \"participants.count\"\nmin = 3\nmax = 12\n";
    let lhs = sweep::load_sweep(&sweep_file(
        dir.path(),
        "l.toml",
        1,
        &format!("[design]\nkind = \"lhs\"\nsamples = 40\n\n{params}"),
    ))
    .unwrap();
    let d = design::build(&lhs, 7);
    let unit = d.unit.as_ref().unwrap();
    for k in 0..3 {
        let strata: BTreeSet<usize> = unit.iter().map(|u| (u[k] * 40.0) as usize).collect();
        assert_eq!(strata.len(), 40, "dimension {k}: every stratum once");
    }
    // a [0, 1] range keeps the unit values (to 12 decimals); whole numbers cover 3..=12,
    // each equally often
    for (row, u) in d.rows.iter().zip(unit) {
        let Level::Float(x) = row[0] else { panic!() };
        assert!((x - u[0]).abs() <= 5e-13, "{x} {}", u[0]);
    }
    let mut counts = BTreeMap::new();
    for row in &d.rows {
        let Level::Int(n) = row[2] else { panic!() };
        *counts.entry(n).or_insert(0) += 1;
    }
    assert_eq!(
        counts.keys().copied().collect::<Vec<_>>(),
        (3..=12).collect::<Vec<_>>()
    );
    assert!(counts.values().all(|&c| c == 4), "{counts:?}");
    assert_ne!(
        design::build(&lhs, 8),
        d,
        "the master seed draws the LHS design"
    );

    let sobol = sweep::load_sweep(&sweep_file(
        dir.path(),
        "s.toml",
        1,
        &format!("[design]\nkind = \"sobol\"\nsamples = 8\n\n{params}"),
    ))
    .unwrap();
    let d = design::build(&sobol, 7);
    // Joe & Kuo's (and scipy's unscrambled) first eight points in dimensions 1 and 2
    let first: Vec<f64> = d
        .rows
        .iter()
        .map(|r| match r[0] {
            Level::Float(x) => x,
            _ => panic!(),
        })
        .collect();
    let second: Vec<f64> = d
        .rows
        .iter()
        .map(|r| match r[1] {
            Level::Float(x) => x,
            _ => panic!(),
        })
        .collect();
    assert_eq!(first, [0.0, 0.5, 0.75, 0.25, 0.375, 0.875, 0.625, 0.125]);
    assert_eq!(second, [0.0, 0.5, 0.25, 0.75, 0.375, 0.875, 0.125, 0.625]);
}

#[test]
fn design_matrix_is_exported_and_matches_runs() {
    let dir = TempDir::new().unwrap();
    let f = sweep_file(
        dir.path(),
        "lhs.toml",
        3,
        "policies = [\"none\", \"balanced\"]\n[design]\nkind = \"lhs\"\nsamples = 16\n\n[[parameters]]\npath = \"archetypes.free_rider_share\"\nmin = 0.0\nmax = 0.4\n\n[[parameters]]\npath = \"participants.count\"\nmin = 6\nmax = 14\nname = \"parties\"\n",
    );
    let out = dir.path().join("out");
    ok(&polder(&["sweep", p(&f), "--out", p(&out), "--quiet"], &[]));
    let design = rows(&out.join("design.csv"));
    assert_eq!(design.len(), 16);
    let runs = rows(&out.join("runs.csv"));
    assert_eq!(runs.len(), 16 * 2 * 3);
    for r in &runs {
        let d = &design[r["point"].parse::<usize>().unwrap()];
        assert_eq!(
            r["archetypes.free_rider_share"],
            d["archetypes.free_rider_share"]
        );
        assert_eq!(r["parties"], d["parties"]);
        // the varied parameter really was set: participants = parties
        assert_eq!(r["participants"], r["parties"]);
    }
    let manifest: serde_json::Value =
        serde_json::from_slice(&read(&out.join("sweep.json"))).unwrap();
    let problem = &manifest["design"]["salib_problem"];
    assert_eq!(problem["num_vars"], 2);
    assert_eq!(problem["names"][1], "parties");
    assert_eq!(problem["bounds"][0][1], 0.4);
    assert_eq!(manifest["master_seed"], 1);
    assert_eq!(manifest["status"], "complete");
    assert!(manifest["sweep_file"]["sha256"].as_str().unwrap().len() == 64);
    assert!(manifest["rng"].as_str().unwrap().contains("ChaCha8"));
    assert!(manifest["end_time"].as_str().unwrap().ends_with('Z'));
    // no metadata inside the CSV: the first line is the header
    let runs_text = text(&read(&out.join("runs.csv")));
    assert!(runs_text.starts_with(
        "run_id,point,replicate,seed,scenario,policy,archetypes.free_rider_share,parties,ending,"
    ));
    // the scenario column holds the scenario's name, as in `polder run`'s runs.csv
    let name = polder::load_scenario(&care_network()).unwrap().name;
    assert!(runs.iter().all(|r| r["scenario"] == name));
}

/// Run ids are replicate-major, seeds come from (master, point, replicate), and all policies at
/// one point and replicate meet the same population (common random numbers).
#[test]
fn runs_are_interleaved_and_policies_share_random_numbers() {
    let dir = TempDir::new().unwrap();
    let f = sweep_file(dir.path(), "g.toml", 4, GRID);
    let out = dir.path().join("out");
    ok(&polder(
        &["sweep", p(&f), "--out", p(&out), "--seed", "5", "--quiet"],
        &[],
    ));
    let runs = rows(&out.join("runs.csv"));
    let (points, policies) = (6, 2);
    assert_eq!(runs.len(), points * policies * 4);
    for (i, r) in runs.iter().enumerate() {
        assert_eq!(r["run_id"], i.to_string());
        assert_eq!(r["replicate"], (i / (points * policies)).to_string());
        assert_eq!(r["point"], ((i / policies) % points).to_string());
        assert_eq!(r["policy"], ["none", "spoiler-first"][i % policies]);
        assert_eq!(r["seed"], "5");
    }
    // a prefix of one replicate's length covers every point under every policy
    let first: BTreeSet<(String, String)> = runs[..points * policies]
        .iter()
        .map(|r| (r["point"].clone(), r["policy"].clone()))
        .collect();
    assert_eq!(first.len(), points * policies);
    // common random numbers: the same parties at a point and replicate under both policies
    let mut differ = 0;
    for pair in runs.chunks(policies) {
        for col in ["participants", "free_riders", "saboteurs", "regretters"] {
            assert_eq!(
                pair[0][col], pair[1][col],
                "{col} at run {}",
                pair[0]["run_id"]
            );
        }
        differ += usize::from(pair[0]["interventions"] != pair[1]["interventions"]);
    }
    assert!(differ > 0, "the manager of spoiler-first acts");
    // and a run is exactly the library's run with RunSeed(master, point, replicate)
    let spec = sweep::load_sweep(&f).unwrap();
    let d = design::build(&spec, 5);
    let r = &runs[9]; // replicate 0, point 4, spoiler-first
    let mut s = spec.scenario.clone();
    let Level::Float(sab) = d.rows[4][0] else {
        panic!()
    };
    let Level::Float(strength) = d.rows[4][1] else {
        panic!()
    };
    s.archetypes.saboteur_share = sab;
    s.constituency.strength = strength;
    let o = simulate_policy(
        &s,
        Some(&policy::builtin("spoiler-first").unwrap()),
        RunSeed::new(5, 4, 0),
        &mut NoObserver,
    );
    assert_eq!(r["rounds"], o.rounds.to_string());
    assert_eq!(r["exited"], o.exited.to_string());
    assert_eq!(r["interventions"], o.interventions.to_string());
}

#[test]
fn output_is_byte_identical_for_one_and_two_threads() {
    let dir = TempDir::new().unwrap();
    let f = sweep_file(dir.path(), "g.toml", 10, GRID);
    let mut outs = Vec::new();
    for (t, chunk) in [("1", "7"), ("2", "1000")] {
        let out = dir.path().join(format!("t{t}"));
        ok(&polder(
            &[
                "sweep",
                p(&f),
                "--out",
                p(&out),
                "--threads",
                t,
                "--chunk",
                chunk,
                "--rounds",
                "every=5",
                "--quiet",
            ],
            &[],
        ));
        outs.push(out);
    }
    for name in ["runs.csv", "summary.csv", "design.csv", "rounds.csv"] {
        assert_eq!(
            read(&outs[0].join(name)),
            read(&outs[1].join(name)),
            "{name}"
        );
    }
    // rounds.csv holds rounds 5, 10, ... and each run's last round
    let runs = rows(&outs[0].join("runs.csv"));
    let rounds = rows(&outs[0].join("rounds.csv"));
    let mut per_run: BTreeMap<u64, Vec<u32>> = BTreeMap::new();
    for r in &rounds {
        per_run
            .entry(r["run_id"].parse().unwrap())
            .or_default()
            .push(r["round"].parse().unwrap());
    }
    assert_eq!(per_run.len(), runs.len());
    for r in &runs {
        let last: u32 = r["rounds"].parse().unwrap();
        let mut want: Vec<u32> = (1..=last).filter(|k| k.is_multiple_of(5)).collect();
        if !last.is_multiple_of(5) {
            want.push(last);
        }
        assert_eq!(per_run[&r["run_id"].parse::<u64>().unwrap()], want);
    }
    // rounds.csv carries the keys of its run, the same as runs.csv's
    let by_id: BTreeMap<&str, &BTreeMap<String, String>> =
        runs.iter().map(|r| (r["run_id"].as_str(), r)).collect();
    for r in &rounds {
        let run = by_id[r["run_id"].as_str()];
        for key in ["point", "replicate", "policy"] {
            assert_eq!(r[key], run[key], "{key} of run {}", r["run_id"]);
        }
    }
}

#[test]
fn summary_holds_means_and_intervals_per_point_and_policy() {
    let dir = TempDir::new().unwrap();
    let f = sweep_file(dir.path(), "g.toml", 20, GRID);
    let out = dir.path().join("out");
    ok(&polder(&["sweep", p(&f), "--out", p(&out), "--quiet"], &[]));
    let runs = rows(&out.join("runs.csv"));
    let summary = rows(&out.join("summary.csv"));
    let metrics = polder::sweep::summary::metric_names();
    assert_eq!(summary.len(), 6 * 2 * metrics.len());
    // point 3, spoiler-first, by hand
    let sel: Vec<_> = runs
        .iter()
        .filter(|r| r["point"] == "3" && r["policy"] == "spoiler-first")
        .collect();
    assert_eq!(sel.len(), 20);
    let get = |m: &str| {
        summary
            .iter()
            .find(|s| s["point"] == "3" && s["policy"] == "spoiler-first" && s["metric"] == m)
            .unwrap()
    };
    let dropout: Vec<f64> = sel
        .iter()
        .map(|r| r["dropout_rate"].parse().unwrap())
        .collect();
    let mean = dropout.iter().sum::<f64>() / 20.0;
    let s = get("dropout_rate");
    assert_eq!(s["n"], "20");
    assert!((s["mean"].parse::<f64>().unwrap() - mean).abs() < 1e-6);
    assert_eq!(
        s["archetypes.saboteur_share"],
        sel[0]["archetypes.saboteur_share"]
    );
    let agreed = sel.iter().filter(|r| r["agreement"] == "true").count() as u64;
    let s = get("agreement_rate");
    let (lo, hi) = polder::summary::wilson95(agreed, 20);
    assert!((s["ci_low"].parse::<f64>().unwrap() - lo).abs() < 1e-6);
    assert!((s["ci_high"].parse::<f64>().unwrap() - hi).abs() < 1e-6);
    let s = get("rounds_to_agreement");
    assert_eq!(s["n"], agreed.to_string());
}

/// Start a real sweep, wait until its checkpoint shows a finished chunk, and signal it; with
/// `meddle`, first try to resume the running sweep from another process (refused).
fn interrupted_sweep(f: &Path, out: &Path, signal: i32, meddle: bool) -> std::process::ExitStatus {
    let mut child = Command::new(env!("CARGO_BIN_EXE_polder"))
        .args([
            "sweep",
            p(f),
            "--out",
            p(out),
            "--threads",
            "1",
            "--chunk",
            "40",
            "--quiet",
        ])
        .env_remove("SLURM_ARRAY_TASK_ID")
        .env_remove("SLURM_ARRAY_TASK_COUNT")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        if let Ok(t) = fs::read_to_string(out.join("checkpoint.json"))
            && !t.contains("\"runs_done\":0,")
        {
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(30), "no checkpoint");
        std::thread::sleep(Duration::from_millis(2));
    }
    if meddle {
        let o = polder(&["sweep", "--resume", p(out)], &[]);
        assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
        assert!(
            text(&o.stderr).contains("another polder process"),
            "{}",
            text(&o.stderr)
        );
    }
    // SAFETY: sending a signal to our own child process.
    unsafe { libc::kill(child.id() as i32, signal) };
    child.wait().unwrap()
}

#[test]
fn a_killed_sweep_resumes_to_identical_files() {
    let dir = TempDir::new().unwrap();
    let f = sweep_file(dir.path(), "g.toml", 1000, GRID);
    let full = dir.path().join("full");
    ok(&polder(
        &["sweep", p(&f), "--out", p(&full), "--quiet"],
        &[],
    ));

    let out = dir.path().join("killed");
    let status = interrupted_sweep(&f, &out, libc::SIGKILL, false);
    assert_eq!(status.code(), None, "killed by a signal");
    assert!(
        !out.join("runs.csv").exists(),
        "an unfinished sweep has no runs.csv"
    );
    let ck: serde_json::Value =
        serde_json::from_slice(&read(&out.join("checkpoint.json"))).unwrap();
    let done = ck["runs_done"].as_u64().unwrap();
    assert!(done > 0 && done < 12000, "killed mid-sweep at {done}");
    // a crash can also tear the row being written: the checkpoint cuts it off on resume
    {
        use std::io::Write;
        let mut f = fs::OpenOptions::new()
            .append(true)
            .open(out.join("runs.partial.csv"))
            .unwrap();
        f.write_all(b"4242,3,1,1,spoiler-first,0.2,1,ratif")
            .unwrap();
    }
    let o = polder(&["sweep", "--resume", p(&out), "--quiet"], &[]);
    ok(&o);
    for name in ["runs.csv", "summary.csv", "design.csv"] {
        assert!(
            read(&out.join(name)) == read(&full.join(name)),
            "{name} differs after resume"
        );
    }
    for leftover in ["checkpoint.json", "runs.partial.csv", ".polder-lock"] {
        assert!(!out.join(leftover).exists(), "{leftover} left behind");
    }
    let m: serde_json::Value = serde_json::from_slice(&read(&out.join("sweep.json"))).unwrap();
    assert_eq!(m["status"], "complete");
    assert_eq!(m["resumed"][0]["runs_done_before"].as_u64().unwrap(), done);
    // resuming a complete sweep does nothing
    let o = polder(&["sweep", "--resume", p(&out)], &[]);
    ok(&o);
    assert!(text(&o.stderr).contains("nothing to resume"));
}

#[test]
fn ctrl_c_stops_cleanly_and_the_sweep_resumes() {
    let dir = TempDir::new().unwrap();
    let f = sweep_file(dir.path(), "g.toml", 1000, GRID);
    let full = dir.path().join("full");
    ok(&polder(
        &["sweep", p(&f), "--out", p(&full), "--quiet"],
        &[],
    ));

    let out = dir.path().join("stopped");
    let status = interrupted_sweep(&f, &out, libc::SIGINT, true);
    assert_eq!(status.code(), Some(130));
    // every finished run is written, as whole rows, and the manifest says where it stopped
    let m: serde_json::Value = serde_json::from_slice(&read(&out.join("sweep.json"))).unwrap();
    assert_eq!(m["status"], "interrupted");
    let done = m["runs_done"].as_u64().unwrap() as usize;
    let partial = read(&out.join("runs.partial.csv"));
    let full_runs = read(&full.join("runs.csv"));
    assert_eq!(partial.iter().filter(|&&b| b == b'\n').count(), done + 1);
    assert!(
        full_runs.starts_with(&partial),
        "the finished runs are the first rows"
    );
    ok(&polder(&["sweep", "--resume", p(&out), "--quiet"], &[]));
    assert!(read(&out.join("runs.csv")) == full_runs);
    assert!(read(&out.join("summary.csv")) == read(&full.join("summary.csv")));
}

/// A build whose model computes differently must not finish a sweep that another build
/// started: resume plays the last finished run again and compares its row. Here the stored row
/// is altered (same length) to stand in for a changed model.
#[test]
fn resume_refuses_a_build_that_computes_differently() {
    let dir = TempDir::new().unwrap();
    let f = sweep_file(dir.path(), "g.toml", 1000, GRID);
    let out = dir.path().join("stopped");
    let status = interrupted_sweep(&f, &out, libc::SIGINT, false);
    assert_eq!(status.code(), Some(130));
    let partial = out.join("runs.partial.csv");
    let original = read(&partial);
    // the last digit of the last finished row changes
    let mut altered = original.clone();
    let at = altered.len()
        - 2
        - altered[..altered.len() - 1]
            .iter()
            .rev()
            .position(|b| b.is_ascii_digit())
            .expect("a digit in the last row");
    altered[at] = if altered[at] == b'7' { b'8' } else { b'7' };
    fs::write(&partial, &altered).unwrap();
    // as another build would have written it: the checkpoint's hash is that of its rows
    let checkpoint = out.join("checkpoint.json");
    let ck_original = read(&checkpoint);
    let mut ck: serde_json::Value = serde_json::from_slice(&ck_original).unwrap();
    let len = ck["runs_bytes"].as_u64().unwrap() as usize;
    ck["runs_sha256"] = polder::sweep::state::sha256(&altered[..len]).into();
    fs::write(&checkpoint, ck.to_string()).unwrap();
    let o = polder(&["sweep", "--resume", p(&out), "--quiet"], &[]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).contains("differently from the build that started the sweep"),
        "{}",
        text(&o.stderr)
    );
    assert!(!out.join("runs.csv").exists(), "nothing finished");
    // a sweep started by an older build, whose runs.csv had no `scenario` column, is refused
    // with that reason rather than continued with other columns
    let text_of = String::from_utf8(original.clone()).unwrap();
    let at = text_of
        .lines()
        .next()
        .unwrap()
        .split(',')
        .position(|c| c == "scenario")
        .expect("runs.csv has a scenario column");
    let older: String = text_of
        .lines()
        .map(|l| {
            let mut fields: Vec<&str> = l.split(',').collect();
            fields.remove(at);
            fields.join(",") + "\n"
        })
        .collect();
    fs::write(&partial, older).unwrap();
    let o = polder(&["sweep", "--resume", p(&out), "--quiet"], &[]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).contains("has other columns than this polder writes"),
        "{}",
        text(&o.stderr)
    );
    assert!(!out.join("runs.csv").exists(), "nothing finished");
    // with the true row back, the same build resumes
    fs::write(&partial, &original).unwrap();
    fs::write(&checkpoint, &ck_original).unwrap();
    ok(&polder(&["sweep", "--resume", p(&out), "--quiet"], &[]));
    assert!(out.join("runs.csv").exists());
}

/// Resume checks what sweep.json and checkpoint.json record: design.csv must have the SHA-256
/// sweep.json holds, and the finished rows of runs.partial.csv the one the checkpoint recorded
/// when they were written; a changed file is refused with exit code 2, naming it. The refusal
/// to overwrite names the runs done as the checkpoint counts them.
#[test]
fn resume_refuses_a_changed_design_or_finished_row() {
    let dir = TempDir::new().unwrap();
    let f = sweep_file(dir.path(), "g.toml", 1000, GRID);
    let full = dir.path().join("full");
    ok(&polder(
        &["sweep", p(&f), "--out", p(&full), "--quiet"],
        &[],
    ));
    let out = dir.path().join("killed");
    let status = interrupted_sweep(&f, &out, libc::SIGKILL, false);
    assert_eq!(status.code(), None, "killed by a signal");
    let ck: serde_json::Value =
        serde_json::from_slice(&read(&out.join("checkpoint.json"))).unwrap();
    let done = ck["runs_done"].as_u64().unwrap();
    assert!(done > 0);
    // starting over without --force: refused, with the runs done so far (sweep.json still
    // says 0: it is rewritten only when the sweep stops)
    let o = polder(&["sweep", p(&f), "--out", p(&out), "--quiet"], &[]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).contains(&format!("(a sweep, running: {done} of 12000 runs)")),
        "{}",
        text(&o.stderr)
    );

    let refused = |what: &str| {
        let o = polder(&["sweep", "--resume", p(&out), "--quiet"], &[]);
        assert_eq!(o.status.code(), Some(2), "{what}: {}", text(&o.stderr));
        text(&o.stderr)
    };
    // an emptied design.csv
    let design = out.join("design.csv");
    let design_original = read(&design);
    fs::write(&design, "").unwrap();
    let e = refused("empty design.csv");
    assert!(
        e.contains(&format!(
            "{} does not match sweep.json (its SHA-256 differs",
            design.display()
        )),
        "{e}"
    );
    // a deleted one
    fs::remove_file(&design).unwrap();
    let e = refused("no design.csv");
    assert!(e.contains("cannot read") && e.contains("design.csv"), "{e}");
    fs::write(&design, &design_original).unwrap();

    // a finished row altered (the second run's seed column), same length
    let partial = out.join("runs.partial.csv");
    let original = read(&partial);
    let mut altered = original.clone();
    let second_row = altered.iter().position(|&b| b == b'\n').unwrap() + 1;
    let row_end = second_row
        + altered[second_row..]
            .iter()
            .position(|&b| b == b'\n')
            .unwrap();
    let digit = second_row
        + altered[second_row..row_end]
            .iter()
            .rposition(|b| b.is_ascii_digit())
            .unwrap();
    altered[digit] = if altered[digit] == b'1' { b'2' } else { b'1' };
    fs::write(&partial, &altered).unwrap();
    let e = refused("altered row");
    assert!(
        e.contains(&format!(
            "{} does not match checkpoint.json: its first",
            partial.display()
        )) && e.contains(&format!("the rows of the {done} finished runs")),
        "{e}"
    );
    assert!(!out.join("runs.csv").exists(), "nothing finished");
    // a row deleted
    let mut lines: Vec<&[u8]> = original.split_inclusive(|&b| b == b'\n').collect();
    lines.remove(2);
    fs::write(&partial, lines.concat()).unwrap();
    refused("deleted row");

    // restored, the sweep resumes to the files of the uninterrupted one
    fs::write(&partial, &original).unwrap();
    ok(&polder(&["sweep", "--resume", p(&out), "--quiet"], &[]));
    for name in ["runs.csv", "summary.csv", "design.csv"] {
        assert!(
            read(&out.join(name)) == read(&full.join(name)),
            "{name} differs after resume"
        );
    }
}

#[test]
fn shards_merge_into_the_unsharded_files_and_slurm_variables_are_honoured() {
    let dir = TempDir::new().unwrap();
    let f = sweep_file(dir.path(), "g.toml", 7, GRID);
    let full = dir.path().join("full");
    ok(&polder(
        &[
            "sweep",
            p(&f),
            "--out",
            p(&full),
            "--quiet",
            "--rounds",
            "every=10",
        ],
        &[],
    ));

    let shards = dir.path().join("shards");
    // shard 0 by option; shards 1 and 2 as a Slurm array numbered from 1 would see them
    ok(&polder(
        &[
            "sweep",
            p(&f),
            "--out",
            p(&shards),
            "--shard",
            "0/3",
            "--quiet",
            "--rounds",
            "every=10",
        ],
        &[],
    ));
    for id in ["2", "3"] {
        let o = polder(
            &[
                "sweep",
                p(&f),
                "--out",
                p(&shards),
                "--quiet",
                "--rounds",
                "every=10",
            ],
            &[
                ("SLURM_ARRAY_TASK_ID", id),
                ("SLURM_ARRAY_TASK_COUNT", "3"),
                ("SLURM_ARRAY_TASK_MIN", "1"),
                ("SLURM_CPUS_PER_TASK", "1"),
            ],
        );
        ok(&o);
    }
    let m: serde_json::Value =
        serde_json::from_slice(&read(&shards.join("shard-0001-of-0003/sweep.json"))).unwrap();
    assert_eq!(m["shard"]["index"], 1);
    assert_eq!(m["threads"], 1, "SLURM_CPUS_PER_TASK sets the threads");
    let total = 6 * 2 * 7;
    assert_eq!(m["shard"]["first_run"], total / 3);
    assert!(!shards.join("shard-0001-of-0003/summary.csv").exists());

    // a missing shard is refused, naming it
    let merged = dir.path().join("merged");
    let o = polder(
        &[
            "merge",
            p(&shards.join("shard-0000-of-0003")),
            p(&shards.join("shard-0002-of-0003")),
            "--out",
            p(&merged),
        ],
        &[],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("missing: 1"),
        "{}",
        text(&o.stderr)
    );
    assert!(!merged.join("runs.csv").exists());

    ok(&polder(
        &["merge", p(&shards), "--out", p(&merged), "--quiet"],
        &[],
    ));
    for name in ["runs.csv", "summary.csv", "design.csv", "rounds.csv"] {
        assert!(
            read(&merged.join(name)) == read(&full.join(name)),
            "{name} differs after merge"
        );
    }
    // a Slurm array with a step does not number the shards
    let o = polder(
        &["sweep", p(&f), "--out", p(&dir.path().join("x")), "--quiet"],
        &[
            ("SLURM_ARRAY_TASK_ID", "2"),
            ("SLURM_ARRAY_TASK_COUNT", "3"),
            ("SLURM_ARRAY_TASK_STEP", "2"),
        ],
    );
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn memory_holds_one_chunk_of_results_at_a_time() {
    let dir = TempDir::new().unwrap();
    let f = sweep_file(dir.path(), "g.toml", 25, GRID);
    let opts = Options {
        sweep_file: f,
        out: Some(dir.path().join("out")),
        threads: Some(2),
        chunk: Some(64),
        ..Options::default()
    };
    let r = sweep::start(&opts, &mut Silent, &AtomicBool::new(false)).unwrap();
    assert_eq!(r.status, Status::Complete);
    assert_eq!(r.computed, 6 * 2 * 25);
    assert!(r.max_results_held <= 64, "held {}", r.max_results_held);
    assert!(r.max_results_held > 0);
    // a stop request before the first chunk still writes the calibration chunk, then stops
    let opts = Options {
        out: Some(dir.path().join("stopped")),
        ..opts
    };
    let r = sweep::start(&opts, &mut Silent, &AtomicBool::new(true)).unwrap();
    assert_eq!(r.status, Status::Interrupted);
    assert!(r.shape.runs_done > 0 && r.shape.runs_done <= 64);
}

#[test]
fn a_sweep_that_would_not_fit_on_disk_is_refused_with_the_estimate() {
    let dir = TempDir::new().unwrap();
    let f = sweep_file(dir.path(), "g.toml", 100, GRID);
    let out = dir.path().join("out");
    let o = polder(
        &["sweep", p(&f), "--out", p(&out)],
        &[("POLDER_ASSUME_FREE_BYTES", "50000")],
    );
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(
        err.contains("refusing to start")
            && err.contains("1200 runs")
            && err.contains("50.0 KB free"),
        "{err}"
    );
    assert!(!out.exists(), "nothing written");
    // with room it runs, and says what it expects first
    let o = polder(
        &["sweep", p(&f), "--out", p(&out)],
        &[("POLDER_ASSUME_FREE_BYTES", "100000000")],
    );
    ok(&o);
    assert!(text(&o.stderr).contains("estimated"), "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("participant-rounds/s"));
    // the directory now holds a sweep: refused without --force
    let o = polder(&["sweep", p(&f), "--out", p(&out)], &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("--force"));
}

#[test]
fn bad_sweep_files_name_file_field_and_line_and_write_nothing() {
    let sc = care_network();
    let head = format!("scenario = \"{}\"\nreplicates = 2\n", sc.display());
    let cases: &[(&str, String, &str, usize, &str)] = &[
        (
            "unknown-key",
            format!("{head}replicatez = 3\n"),
            "replicatez",
            3,
            "unknown field",
        ),
        (
            "no-replicates",
            format!(
                "scenario = \"{}\"\n[[parameters]]\npath = \"participants.count\"\nvalues = [5]\n",
                sc.display()
            ),
            "replicates",
            1,
            "missing field",
        ),
        (
            "unknown-path",
            format!("{head}[[parameters]]\npath = \"archetypes.saboteur_shar\"\nvalues = [0.1]\n"),
            "parameters[0].path",
            4,
            "archetypes.saboteur_share",
        ),
        (
            "wrong-type",
            format!("{head}[[parameters]]\npath = \"participants.count\"\nvalues = [5, \"ten\"]\n"),
            "parameters[0].values",
            5,
            "an integer",
        ),
        (
            "invalid-point",
            format!(
                "{head}[[parameters]]\npath = \"archetypes.saboteur_share\"\nvalues = [0.1, 0.95]\n"
            ),
            "parameters[0].values",
            5,
            "design point 1",
        ),
        (
            "bad-enum",
            format!(
                "{head}[[parameters]]\npath = \"process.decision_rule\"\nvalues = [\"unanimity\"]\n"
            ),
            "parameters[0].values",
            5,
            "unanimity",
        ),
        (
            "bad-policy",
            format!(
                "{head}policies = [\"none\", \"balancd\"]\n[[parameters]]\npath = \"participants.count\"\nvalues = [5]\n"
            ),
            "policies",
            3,
            "balanced",
        ),
        (
            "no-samples",
            format!(
                "{head}[design]\nkind = \"sobol\"\n[[parameters]]\npath = \"participants.count\"\nmin = 5\nmax = 9\n"
            ),
            "design.samples",
            3,
            "samples",
        ),
        (
            "values-in-lhs",
            format!(
                "{head}[design]\nkind = \"lhs\"\nsamples = 4\n[[parameters]]\npath = \"participants.count\"\nvalues = [5]\n"
            ),
            "parameters[0].values",
            8,
            "min",
        ),
        (
            "bad-step",
            format!(
                "{head}[[parameters]]\npath = \"constituency.strength\"\nstart = 1.0\nstop = 0.5\nstep = 0.1\n"
            ),
            "parameters[0].step",
            7,
            "stop >= start",
        ),
        (
            "too-many-runs",
            format!(
                "scenario = \"{}\"\nreplicates = 4000000000\n[[parameters]]\npath = \"participants.count\"\nvalues = [5]\n",
                sc.display()
            ),
            "replicates",
            2,
            "4000000000",
        ),
    ];
    for (case, body, field, line, also) in cases {
        let dir = TempDir::new().unwrap();
        let f = dir.path().join(format!("{case}.toml"));
        fs::write(&f, body).unwrap();
        let out = dir.path().join("out");
        let o = polder(&["sweep", p(&f), "--out", p(&out)], &[]);
        let err = text(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{case}: {err}");
        assert!(
            err.contains(&format!("{case}.toml")),
            "{case}: file not named: {err}"
        );
        assert!(
            err.contains(&format!("field `{field}`")),
            "{case}: field not named: {err}"
        );
        assert!(
            err.contains(&format!("line {line},")) || err.contains(&format!("line {line}:")),
            "{case}: line {line} not named: {err}"
        );
        assert!(err.contains(also), "{case}: `{also}` missing: {err}");
        assert!(!out.exists(), "{case}: wrote {}", out.display());
    }
}

/// A bad sweep file comes back typed, in parts: the file, the line and the field, and the text
/// the command line prints.
#[test]
fn bad_sweep_input_names_file_line_and_field_as_parts() {
    let dir = TempDir::new().unwrap();
    let f = sweep_file(dir.path(), "bad.toml", 0, GRID);
    let opts = Options {
        sweep_file: f.clone(),
        out: Some(dir.path().join("out")),
        ..Options::default()
    };
    match sweep::start(&opts, &mut Silent, &AtomicBool::new(false)) {
        Err(sweep::SweepError::BadInput(e)) => {
            assert_eq!(e.file.as_deref(), Some(f.as_path()));
            assert_eq!(e.line, Some(2));
            assert_eq!(e.field.as_deref(), Some("replicates"));
            assert!(
                e.to_string().starts_with(&format!(
                    "invalid sweep file {}, line 2, field `replicates`: ",
                    f.display()
                )),
                "{e}"
            );
        }
        Err(e) => panic!("not an input error: {e}"),
        Ok(_) => panic!("a sweep of 0 replicates ran"),
    }
    assert!(!dir.path().join("out").exists(), "nothing written");
}

#[test]
fn shipped_sweep_files_are_valid() {
    for (name, points, kind) in [
        ("sweep-saboteurs.toml", 12, DesignKind::Factorial),
        ("sweep-sobol.toml", 256, DesignKind::Sobol),
    ] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("scenarios")
            .join(name);
        let text = fs::read_to_string(&path).unwrap();
        let spec = parse_sweep(&text, &path).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(spec.kind, kind);
        assert_eq!(design::build(&spec, 1).points(), points, "{name}");
    }
}

/// Designs of more than 4096 points build each chunk's scenarios on the fly instead of keeping
/// them all; the output is the same for any number of threads.
#[test]
fn large_designs_give_the_same_files_on_one_and_two_threads() {
    let dir = TempDir::new().unwrap();
    let f = sweep_file(
        dir.path(),
        "big.toml",
        1,
        "[design]\nkind = \"lhs\"\nsamples = 4200\n\n[[parameters]]\npath = \"archetypes.saboteur_share\"\nmin = 0.0\nmax = 0.3\n",
    );
    let mut outs = Vec::new();
    for t in ["1", "2"] {
        let out = dir.path().join(format!("t{t}"));
        ok(&polder(
            &[
                "sweep",
                p(&f),
                "--out",
                p(&out),
                "--threads",
                t,
                "--chunk",
                "1500",
                "--quiet",
            ],
            &[],
        ));
        outs.push(out);
    }
    for name in ["runs.csv", "summary.csv", "design.csv"] {
        assert!(
            read(&outs[0].join(name)) == read(&outs[1].join(name)),
            "{name}"
        );
    }
    let runs = rows(&outs[0].join("runs.csv"));
    let design = rows(&outs[0].join("design.csv"));
    assert_eq!(runs.len(), 4200);
    assert_eq!(
        runs[4199]["archetypes.saboteur_share"],
        design[4199]["archetypes.saboteur_share"]
    );
}

/// `polder report` reads a real sweep's summary.csv (long layout): one chart of dropout and one
/// of agreement per varied parameter, one series per policy. 2 × 3 points × 2 policies × 8
/// replicates.
#[test]
fn a_sweep_turns_into_a_report() {
    let dir = TempDir::new().unwrap();
    let f = sweep_file(dir.path(), "g.toml", 8, GRID);
    let out = dir.path().join("out");
    let o = polder(&["sweep", p(&f), "--out", p(&out), "--quiet"], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let html = out.join("report.html");
    let o = polder(&["report", p(&out), "-o", p(&html)], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let page = fs::read_to_string(&html).unwrap();
    // two varied parameters x (dropout, agreement)
    assert_eq!(
        page.matches("<svg").count(),
        4,
        "charts in the sweep report"
    );
    for policy in ["none", "spoiler-first"] {
        assert!(page.contains(policy), "legend names {policy}");
    }
    assert!(page.contains("archetypes.saboteur_share") && page.contains("constituency.strength"));
    assert!(!page.contains("NaN"));
}
