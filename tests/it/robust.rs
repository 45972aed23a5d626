//! `polder robust`: robustness metrics, regret, scenario discovery with PRIM, and PRIM checked
//! against the EMA Workbench.

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::common::{p, polder, text};
use polder::robust::prim::{self, Settings};
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use tempfile::TempDir;

/// A small robustness file on care-network: 8 LHS variants of two uncertainties, three
/// policies, 30 replicates (720 runs, about a second).
fn robust_file(dir: &Path) -> std::path::PathBuf {
    let scenario = fs::canonicalize("scenarios/care-network.toml").expect("shipped scenario");
    let f = dir.join("rb.toml");
    fs::write(
        &f,
        format!(
            "scenario = {:?}\nreplicates = 30\npolicies = [\"none\", \"phased\", \"spoiler-first\"]\nseed = 7\n\n[design]\nkind = \"lhs\"\nsamples = 8\n\n[[parameters]]\npath = \"archetypes.saboteur_share\"\nmin = 0.0\nmax = 0.3\n\n[[parameters]]\npath = \"constituency.strength\"\nmin = 0.5\nmax = 2.0\n",
            scenario.to_str().expect("UTF-8 path")
        ),
    )
    .expect("write");
    f
}

fn rows(file: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(file).expect("csv");
    let h = r
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    let rows = r
        .records()
        .map(|x| x.expect("row").iter().map(String::from).collect())
        .collect();
    (h, rows)
}

fn col(h: &[String], name: &str) -> usize {
    h.iter()
        .position(|c| c == name)
        .unwrap_or_else(|| panic!("no column {name}"))
}

/// In every variant and for every outcome with a regret, the best policy's regret is 0, no
/// regret is negative, and each regret is the gap to the best; robust.csv's regret columns
/// are the mean and maximum of regret.csv's; exactly one policy is the most robust, and it has
/// the smallest maximum regret on the ratified rate. `--from` on the same directory rewrites
/// the same files byte for byte.
#[test]
fn regret_is_the_gap_to_the_best_policy_and_from_reproduces_it() {
    let tmp = TempDir::new().expect("tmp");
    let f = robust_file(tmp.path());
    let out = tmp.path().join("out");
    let o = polder(&["robust", p(&f), "--out", p(&out), "-q"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let (h, regret) = rows(&out.join("regret.csv"));
    let (point, policy, metric, value, best, reg) = (
        col(&h, "point"),
        col(&h, "policy"),
        col(&h, "metric"),
        col(&h, "value"),
        col(&h, "best"),
        col(&h, "regret"),
    );
    assert_eq!(regret.len(), 8 * 3 * 4, "variants x policies x outcomes");
    let mut min_regret = std::collections::BTreeMap::<(String, String), f64>::new();
    let mut per_policy = std::collections::BTreeMap::<(String, String), Vec<f64>>::new();
    for r in &regret {
        if r[reg].is_empty() {
            assert_eq!(r[metric], "budget_spent");
            continue;
        }
        let (v, b, g): (f64, f64, f64) = (
            r[value].parse().unwrap(),
            r[best].parse().unwrap(),
            r[reg].parse().unwrap(),
        );
        assert!(g >= 0.0, "negative regret {r:?}");
        assert!(
            (g - (b - v).abs()).abs() < 2e-6,
            "regret is not the gap: {r:?}"
        );
        let k = (r[point].clone(), r[metric].clone());
        let m = min_regret.entry(k).or_insert(f64::INFINITY);
        *m = m.min(g);
        per_policy
            .entry((r[policy].clone(), r[metric].clone()))
            .or_default()
            .push(g);
    }
    for (k, m) in &min_regret {
        assert_eq!(*m, 0.0, "no policy has regret 0 at {k:?}");
    }
    let (h, robust) = rows(&out.join("robust.csv"));
    let (rp, rm, mean, max, most) = (
        col(&h, "policy"),
        col(&h, "metric"),
        col(&h, "regret_mean"),
        col(&h, "regret_max"),
        col(&h, "most_robust"),
    );
    let mut best_max = f64::INFINITY;
    let mut flagged = Vec::new();
    for r in &robust {
        if r[rm] == "budget_spent" {
            continue;
        }
        let gs = &per_policy[&(r[rp].clone(), r[rm].clone())];
        let m: f64 = r[mean].parse().unwrap();
        let x: f64 = r[max].parse().unwrap();
        assert!(
            (m - gs.iter().sum::<f64>() / gs.len() as f64).abs() < 2e-6,
            "{r:?}"
        );
        assert!(
            (x - gs.iter().copied().fold(0.0, f64::max)).abs() < 2e-6,
            "{r:?}"
        );
        if r[rm] == "ratified_rate" {
            best_max = best_max.min(x);
            if r[most] == "true" {
                flagged.push((r[rp].clone(), x));
            }
        }
    }
    assert_eq!(flagged.len(), 1, "{flagged:?}");
    assert_eq!(flagged[0].1, best_max);
    // discovery.csv explains the failures of the most robust policy, by default those of a
    // ratified rate below one half
    let (h, discovery) = rows(&out.join("discovery.csv"));
    let (dp, df) = (col(&h, "policy"), col(&h, "failure"));
    assert!(!discovery.is_empty());
    for r in &discovery {
        assert_eq!(r[dp], flagged[0].0, "{r:?}");
        assert_eq!(r[df], "ratified_rate below 0.5", "{r:?}");
    }
    // and those of the policy asked for, with the failure asked for
    let asked = tmp.path().join("asked");
    let o = polder(&[
        "robust",
        p(&f),
        "--out",
        p(&asked),
        "--policy",
        "none",
        "--regret-above",
        "0.1",
        "-q",
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let (h, discovery) = rows(&asked.join("discovery.csv"));
    let (dp, df) = (col(&h, "policy"), col(&h, "failure"));
    for r in &discovery {
        assert_eq!(r[dp], "none", "{r:?}");
        assert_eq!(r[df], "regret on ratified_rate above 0.1", "{r:?}");
    }

    let before: Vec<Vec<u8>> = ["robust.csv", "regret.csv", "discovery.csv"]
        .iter()
        .map(|n| fs::read(out.join(n)).unwrap())
        .collect();
    let o = polder(&["robust", "--from", p(&out), "-q"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    for (i, n) in ["robust.csv", "regret.csv", "discovery.csv"]
        .iter()
        .enumerate()
    {
        assert_eq!(fs::read(out.join(n)).unwrap(), before[i], "{n} differs");
    }
}

/// Two shards merged give the same robustness files as the unsharded run.
#[test]
fn shards_merged_give_the_same_robustness() {
    let tmp = TempDir::new().expect("tmp");
    let f = robust_file(tmp.path());
    let whole = tmp.path().join("whole");
    let o = polder(&["robust", p(&f), "--out", p(&whole), "-q"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let sharded = tmp.path().join("sharded");
    for k in 0..2 {
        let o = polder(&[
            "robust",
            p(&f),
            "--out",
            p(&sharded),
            "--shard",
            &format!("{k}/2"),
            "-q",
        ]);
        assert!(o.status.success(), "{}", text(&o.stderr));
    }
    let merged = tmp.path().join("merged");
    let o = polder(&["merge", p(&sharded), "--out", p(&merged), "-q"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let o = polder(&["robust", "--from", p(&merged), "-q"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    for n in ["robust.csv", "regret.csv", "discovery.csv"] {
        assert_eq!(
            fs::read(whole.join(n)).unwrap(),
            fs::read(merged.join(n)).unwrap(),
            "{n} differs"
        );
    }
}

/// The small robustness file of [`robust_file`] with other base scenarios: `scenario = ...`
/// for one, `scenarios = [...]` for several.
fn robust_file_on(dir: &Path, name: &str, scenarios: &[&str]) -> std::path::PathBuf {
    let paths: Vec<String> = scenarios
        .iter()
        .map(|s| {
            let f = fs::canonicalize(format!("scenarios/{s}")).expect("shipped scenario");
            format!("{:?}", f.to_str().expect("UTF-8 path"))
        })
        .collect();
    let base = if paths.len() == 1 {
        format!("scenario = {}", paths[0])
    } else {
        format!("scenarios = [{}]", paths.join(", "))
    };
    let text = fs::read_to_string(robust_file(dir)).expect("read");
    let first = text.lines().next().expect("scenario line").to_string();
    let f = dir.join(name);
    fs::write(&f, text.replacen(&first, &base, 1)).expect("write");
    f
}

/// Several base scenarios in one robustness file: every policy meets every variant of each on
/// the same replicates, so each scenario's sweep is the single-scenario sweep byte for byte
/// (runs.csv), and the scenario's rows of robust.csv, regret.csv and discovery.csv are the
/// single-scenario run's rows; across the scenarios (`all`), regret is per (scenario,
/// variant): the best policy's is 0 in each, the maximum is the larger of the scenarios'
/// maxima and the mean their mean; `polder sweep` refuses the file. Sizes: 2 scenarios x 8
/// variants x 3 policies x 30 replicates.
#[test]
fn several_base_scenarios_are_the_single_runs_side_by_side() {
    let tmp = TempDir::new().expect("tmp");
    let names = ["care-network.toml", "area-development.toml"];
    let both = robust_file_on(tmp.path(), "both.toml", &names);
    let out = tmp.path().join("both");
    let o = polder(&["robust", p(&both), "--out", p(&out), "--policy", "phased"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let terminal = text(&o.stdout);
    assert!(
        terminal.contains("== across all base scenarios"),
        "{terminal}"
    );
    let (h, all_rows) = rows(&out.join("robust.csv"));
    assert_eq!(h[0], "scenario");
    let mut scenario_names = Vec::new();
    for (k, name) in names.iter().enumerate() {
        let single = robust_file_on(tmp.path(), &format!("s{k}.toml"), &[name]);
        let one = tmp.path().join(format!("one{k}"));
        let o = polder(&[
            "robust",
            p(&single),
            "--out",
            p(&one),
            "--policy",
            "phased",
            "-q",
        ]);
        assert!(o.status.success(), "{}", text(&o.stderr));
        let stem = name.trim_end_matches(".toml");
        assert_eq!(
            fs::read(one.join("runs.csv")).unwrap(),
            fs::read(out.join(stem).join("runs.csv")).unwrap(),
            "{name}: the same replicates"
        );
        let key = &rows(&one.join("runs.csv")).1[0][4];
        scenario_names.push(key.clone());
        for f in ["robust.csv", "regret.csv", "discovery.csv"] {
            let (h1, r1) = rows(&one.join(f));
            let (hk, rk) = rows(&out.join(f));
            assert_eq!(hk[1..], h1[..], "{f}");
            let mine: Vec<Vec<String>> = rk
                .into_iter()
                .filter(|r| r[0] == *key)
                .map(|r| r[1..].to_vec())
                .collect();
            assert_eq!(mine, r1, "{f}: {name}'s rows");
        }
    }
    // across: 16 (scenario, variant) pairs
    let c = |n: &str| col(&h, n);
    let get = |scenario: &str, policy: &str, metric: &str, column: &str| -> f64 {
        all_rows
            .iter()
            .find(|r| r[0] == scenario && r[c("policy")] == policy && r[c("metric")] == metric)
            .unwrap_or_else(|| panic!("{scenario} {policy} {metric}"))[c(column)]
        .parse()
        .unwrap()
    };
    for policy in ["none", "phased", "spoiler-first"] {
        for metric in ["ratified_rate", "inclusive_rate", "dropout_rate"] {
            let each = |col: &'static str| {
                scenario_names
                    .iter()
                    .map(move |s| get(s, policy, metric, col))
            };
            assert_eq!(get("all", policy, metric, "variants"), 16.0);
            let mean = each("mean").sum::<f64>() / 2.0;
            assert!((get("all", policy, metric, "mean") - mean).abs() < 2e-6);
            let rmax = each("regret_max").fold(0.0, f64::max);
            assert!((get("all", policy, metric, "regret_max") - rmax).abs() < 1e-9);
            let rmean = each("regret_mean").sum::<f64>() / 2.0;
            assert!((get("all", policy, metric, "regret_mean") - rmean).abs() < 2e-6);
        }
    }
    // in every (scenario, variant), the best policy's regret is 0
    let (h, regret) = rows(&out.join("regret.csv"));
    let mut min = std::collections::BTreeMap::<(String, String, String), f64>::new();
    for r in &regret {
        if let Ok(g) = r[col(&h, "regret")].parse::<f64>() {
            let k = (
                r[0].clone(),
                r[col(&h, "point")].clone(),
                r[col(&h, "metric")].clone(),
            );
            let m = min.entry(k).or_insert(f64::INFINITY);
            *m = m.min(g);
        }
    }
    assert_eq!(min.len(), 2 * 8 * 3);
    assert!(min.values().all(|&g| g == 0.0), "{min:?}");
    // the report reads it: a heat map per scenario, PRIM per scenario and across
    let o = polder(&["report", p(&out)]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let page = fs::read_to_string(out.join("report.html")).unwrap();
    assert_eq!(page.matches("id=\"regret-").count(), 2);
    assert_eq!(page.matches("id=\"prim-trajectory-").count(), 3);
    // a sweep varies one base scenario
    let o = polder(&["sweep", p(&both), "--out", p(&tmp.path().join("sw"))]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("field `scenarios`"),
        "{}",
        text(&o.stderr)
    );
    // --from analyses the directory again, to the same files
    let before = fs::read(out.join("robust.csv")).unwrap();
    let o = polder(&["robust", "--from", p(&out), "--policy", "phased", "-q"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(before, fs::read(out.join("robust.csv")).unwrap());
}

/// A robustness file's base scenarios are checked when it is read: `scenario` and `scenarios`
/// together, an empty list and a scenario listed twice are refused with exit code 2, a message
/// naming the field, and nothing written.
#[test]
fn several_base_scenarios_are_checked() {
    let tmp = TempDir::new().expect("tmp");
    let one = fs::read_to_string(robust_file_on(
        tmp.path(),
        "one.toml",
        &["care-network.toml"],
    ))
    .expect("read");
    let care = fs::canonicalize("scenarios/care-network.toml").expect("shipped scenario");
    let care = format!("{:?}", care.to_str().expect("UTF-8 path"));
    let first = one.lines().next().expect("scenario line").to_string();
    let cases = [
        (
            format!("scenarios = [{care}]\n{one}"),
            "give `scenario` (one base scenario) or `scenarios` (several), not both",
        ),
        (
            one.replacen(&first, "scenarios = []", 1),
            "expected at least one base scenario file",
        ),
        (
            one.replacen(&first, &format!("scenarios = [{care}, {care}]"), 1),
            "is listed twice",
        ),
    ];
    for (k, (body, expect)) in cases.iter().enumerate() {
        let f = tmp.path().join(format!("bad{k}.toml"));
        fs::write(&f, body).expect("write");
        let out = tmp.path().join(format!("out{k}"));
        let o = polder(&["robust", p(&f), "--out", p(&out), "-q"]);
        assert_eq!(o.status.code(), Some(2), "case {k}: {}", text(&o.stderr));
        let err = text(&o.stderr);
        assert!(
            err.contains("field `scenarios`") && err.contains(expect),
            "case {k}: {err}"
        );
        assert!(!out.exists(), "case {k}: output written");
    }
}

/// Bad requests are refused with exit 2 and a message that names what was wrong.
#[test]
fn bad_requests_are_refused() {
    let tmp = TempDir::new().expect("tmp");
    let f = robust_file(tmp.path());
    let out = tmp.path().join("out");
    assert!(
        polder(&["robust", p(&f), "--out", p(&out), "-q"])
            .status
            .success()
    );
    let cases: [(&[&str], &str); 4] = [
        (
            &["--policy", "spoiler_first"],
            "has the policies none, phased, spoiler-first",
        ),
        (
            &["--threshold", "ratified=0.5"],
            "unknown metric `ratified`",
        ),
        (&["--threshold", "ratified_rate=1.5"], "expected 0..1"),
        (&["--threshold", "ratified_rate"], "expected METRIC=VALUE"),
    ];
    for (extra, expect) in cases {
        let mut args = vec!["robust", "--from", p(&out)];
        args.extend_from_slice(extra);
        let o = polder(&args);
        assert_eq!(o.status.code(), Some(2), "{extra:?}: {}", text(&o.stderr));
        assert!(
            text(&o.stderr).contains(expect),
            "{extra:?}: {}",
            text(&o.stderr)
        );
    }
    let o = polder(&["robust", "--from", p(tmp.path())]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("holds no summary.csv"),
        "{}",
        text(&o.stderr)
    );
}

/// Synthetic cases: 300 points in three parameters (six decimals, so the CSV round trip is
/// exact), cases of interest where a > 0.5 and b < 0.5, with 5% of the labels flipped.
fn synthetic(seed: u64) -> (Vec<Vec<f64>>, Vec<bool>) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut x = Vec::new();
    let mut y = Vec::new();
    for _ in 0..300 {
        let row: Vec<f64> = (0..3)
            .map(|_| format!("{:.6}", rng.random::<f64>()).parse().unwrap())
            .collect();
        let inside = row[0] > 0.5 && row[1] < 0.5;
        y.push(inside != (rng.random::<f64>() < 0.05));
        x.push(row);
    }
    (x, y)
}

/// PRIM finds the planted box of the synthetic cases: a dense box (≥ 0.8) that covers most
/// cases of interest (≥ 0.7), limits near 0.5 on a and b, and c left alone or nearly so.
#[test]
fn prim_recovers_a_planted_box_in_noisy_data() {
    for seed in 1..=3 {
        let (x, y) = synthetic(seed);
        let r = prim::prim(&x, &y, Settings::default());
        let b = &r.trajectory[r.chosen];
        assert!(b.density >= 0.8 && b.coverage >= 0.7, "seed {seed}: {b:?}");
        assert!(
            (b.lows[0] - 0.5).abs() < 0.1,
            "seed {seed}: a from {}",
            b.lows[0]
        );
        assert!(
            (b.highs[1] - 0.5).abs() < 0.1,
            "seed {seed}: b to {}",
            b.highs[1]
        );
        let c_width = b.highs[2] - b.lows[2];
        assert!(c_width > 0.8, "seed {seed}: c cut to {c_width}");
    }
}

/// The same cases through the EMA Workbench's PRIM (scripts/ema-prim.py) and polder's give
/// the same trajectory: the same number of boxes, each with the same cases, cases of interest,
/// coverage, density, mass and limits. Runs when the Workbench is importable by
/// POLDER_EMA_PYTHON (default python3); .ci/run installs it and sets POLDER_REQUIRE_EMA=1 so that
/// CI fails rather than skips.
#[test]
fn prim_matches_the_ema_workbench() {
    let python = std::env::var("POLDER_EMA_PYTHON").unwrap_or_else(|_| "python3".into());
    let importable = Command::new(&python)
        .args(["-c", "import ema_workbench"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !importable {
        assert!(
            std::env::var("POLDER_REQUIRE_EMA").as_deref() != Ok("1"),
            "POLDER_REQUIRE_EMA=1 but {python} cannot import ema_workbench"
        );
        eprintln!("skipping: {python} cannot import ema_workbench (pip install ema-workbench)");
        return;
    }
    let tmp = TempDir::new().expect("tmp");
    for seed in 1..=3 {
        let (x, y) = synthetic(seed);
        let csv_path = tmp.path().join(format!("cases{seed}.csv"));
        let mut s = String::from("a,b,c,y\n");
        for (row, &yy) in x.iter().zip(&y) {
            s += &format!(
                "{:.6},{:.6},{:.6},{}\n",
                row[0],
                row[1],
                row[2],
                u8::from(yy)
            );
        }
        fs::write(&csv_path, s).unwrap();
        let o = Command::new(&python)
            .args(["scripts/ema-prim.py", p(&csv_path)])
            .output()
            .expect("python runs");
        assert!(o.status.success(), "{}", text(&o.stderr));
        let ema: Vec<Vec<f64>> = text(&o.stdout)
            .lines()
            .map(|l| l.split(',').map(|v| v.parse().unwrap()).collect())
            .collect();
        let ours = prim::prim(&x, &y, Settings::default());
        assert!(
            ema.len() > 5,
            "seed {seed}: the Workbench peeled only {} boxes",
            ema.len()
        );
        assert_eq!(
            ours.trajectory.len(),
            ema.len(),
            "seed {seed}: trajectory length"
        );
        for (i, (b, e)) in ours.trajectory.iter().zip(&ema).enumerate() {
            let close = |a: f64, b: f64| (a - b).abs() <= 1e-12;
            assert!(
                close(b.coverage, e[0]) && close(b.density, e[1]) && close(b.mass, e[2]),
                "seed {seed}, box {i}: ours {b:?}, Workbench {e:?}"
            );
            assert_eq!(
                (b.cases as f64, b.of_interest as f64),
                (e[3], e[4]),
                "seed {seed}, box {i}"
            );
            for j in 0..3 {
                assert!(
                    close(b.lows[j], e[5 + j]),
                    "seed {seed}, box {i}, low {j}: {b:?} vs {e:?}"
                );
                assert!(
                    close(b.highs[j], e[8 + j]),
                    "seed {seed}, box {i}, high {j}: {b:?} vs {e:?}"
                );
            }
        }
    }
}
