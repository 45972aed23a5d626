//! Hostile file systems (issue 14): symbolic links planted in an output directory, `report -o`
//! onto files that are not reports, a full disk (a small tmpfs, only when the test runs as
//! root), `--force` over earlier results, and tampered shards given to `merge`.

use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

use crate::common::{p, polder, text};
use tempfile::TempDir;

fn scenario() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/care-network.toml")
}

/// A `polder run` of `runs` runs into `out`, which must succeed.
fn run_into(out: &Path, runs: &str, extra: &[&str]) {
    let sc = scenario();
    let mut args = vec!["run", p(&sc), "--runs", runs, "--out", p(out), "--quiet"];
    args.extend(extra);
    let o = polder(&args);
    assert!(o.status.success(), "{}", text(&o.stderr));
}

#[test]
fn links_planted_in_the_output_directory_are_never_written_through() {
    let tmp = TempDir::new().unwrap();
    let victim = tmp.path().join("victim");
    std::fs::write(&victim, "keep").unwrap();
    let trap = tmp.path().join("trap");
    std::fs::create_dir(&trap).unwrap();
    symlink(&victim, trap.join(".polder-write-test")).unwrap();
    symlink(&victim, trap.join(".runs.csv.partial")).unwrap();
    symlink(&victim, trap.join(".rounds.csv.partial")).unwrap();
    symlink(&victim, trap.join(".scenario.toml.partial")).unwrap();
    run_into(&trap, "3", &[]);
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep");
    for name in ["runs.csv", "rounds.csv", "scenario.toml"] {
        let meta = std::fs::symlink_metadata(trap.join(name)).unwrap();
        assert!(meta.file_type().is_file(), "{name} is not a regular file");
    }
    assert!(!trap.join(".polder-write-test").exists());

    // the same for a sweep's partial files and its lock
    let sweep_trap = tmp.path().join("sweep-trap");
    std::fs::create_dir(&sweep_trap).unwrap();
    for name in [".polder-lock", "runs.partial.csv", ".sweep.json.partial"] {
        symlink(&victim, sweep_trap.join(name)).unwrap();
    }
    let sweep = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/sweep-saboteurs.toml");
    let o = polder(&[
        "sweep",
        p(&sweep),
        "--out",
        p(&sweep_trap),
        "--quiet",
        "--force",
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep");
    let meta = std::fs::symlink_metadata(sweep_trap.join("runs.csv")).unwrap();
    assert!(meta.file_type().is_file());
}

#[test]
fn report_o_replaces_only_an_earlier_report() {
    let tmp = TempDir::new().unwrap();
    let r = tmp.path().join("r");
    run_into(&r, "5", &["--no-rounds"]);
    let runs = r.join("runs.csv");
    let before = std::fs::read(&runs).unwrap();
    // results are not a report: refused, untouched
    let o = polder(&["report", p(&r), "-o", p(&runs)]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    assert_eq!(
        text(&o.stderr).trim_end(),
        format!(
            "polder: error: -o {} exists and is not a polder report; choose another file or pass --force to replace it",
            p(&runs)
        )
    );
    assert_eq!(std::fs::read(&runs).unwrap(), before);
    // an earlier report is replaced, twice
    let html = tmp.path().join("report.html");
    for _ in 0..2 {
        let o = polder(&["report", p(&r), "-o", p(&html)]);
        assert!(o.status.success(), "{}", text(&o.stderr));
    }
    // any regular file with --force
    let notes = tmp.path().join("notes.txt");
    std::fs::write(&notes, "mine").unwrap();
    let o = polder(&["report", p(&r), "-o", p(&notes)]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&notes).unwrap(), "mine");
    let o = polder(&["report", p(&r), "-o", p(&notes), "--force"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    // never a link or a device, --force or not
    let link = tmp.path().join("link.html");
    symlink(&html, &link).unwrap();
    let o = polder(&["report", p(&r), "-o", p(&link), "--force"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("is a symbolic link; polder replaces only regular files"),
        "{}",
        text(&o.stderr)
    );
    let o = polder(&["report", p(&r), "-o", "/dev/null", "--force"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("-o /dev/null is not a regular file"));
}

/// A tmpfs of `kb` KB mounted on a new directory in `tmp`, unmounted on drop; `None` (with a
/// message) unless the test runs as root and may mount.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(tmp: &Path, kb: u32) -> Option<Tmpfs> {
        Self::mount_with(tmp, &format!("size={kb}k"))
    }

    fn mount_with(tmp: &Path, options: &str) -> Option<Tmpfs> {
        // SAFETY: geteuid has no preconditions
        if unsafe { libc::geteuid() } != 0 {
            println!("skipped: this case needs root to mount a tmpfs (CI runs as root)");
            return None;
        }
        let dir = tmp.join("small");
        std::fs::create_dir(&dir).unwrap();
        let ok = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", options, "tmpfs", p(&dir)])
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            println!("skipped: root, but mounting a tmpfs failed (no CAP_SYS_ADMIN?)");
            return None;
        }
        Some(Tmpfs(dir))
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn a_full_disk_leaves_no_partial_file_and_names_the_file() {
    let tmp = TempDir::new().unwrap();
    let r = tmp.path().join("r");
    run_into(&r, "20", &[]);
    let Some(disk) = Tmpfs::mount(tmp.path(), 4) else {
        return;
    };
    let out = disk.0.join("report.html");
    let o = polder(&["report", p(&r), "-o", p(&out)]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    let err = text(&o.stderr);
    assert!(
        err.contains(&format!(
            "cannot write {}: No space left on device",
            p(&out)
        )),
        "{err}"
    );
    let left: Vec<_> = std::fs::read_dir(&disk.0).unwrap().collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

#[test]
fn force_replaces_the_earlier_results_as_a_whole() {
    let tmp = TempDir::new().unwrap();
    let f = tmp.path().join("f");
    run_into(&f, "7", &[]);
    std::fs::write(f.join("notes.txt"), "mine").unwrap();
    let o = polder(&["report", p(&f)]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    run_into(&f, "3", &["--no-rounds", "--force"]);
    // no rounds.csv of runs 0-6 beside a runs.csv of runs 0-2, no report of the old results
    assert!(!f.join("rounds.csv").exists());
    assert!(!f.join("report.html").exists());
    assert_eq!(
        std::fs::read_to_string(f.join("notes.txt")).unwrap(),
        "mine"
    );
    let runs = std::fs::read_to_string(f.join("runs.csv")).unwrap();
    assert_eq!(runs.lines().count(), 4);

    // a run forced into a trace directory leaves no trace files behind; report reads it
    let t = tmp.path().join("t");
    let sc = scenario();
    let o = polder(&["trace", p(&sc), "--out", p(&t)]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(t.join("story.txt").exists());
    run_into(&t, "3", &["--force"]);
    for stale in ["trace.toml", "story.txt", "participants.csv", "events.csv"] {
        assert!(!t.join(stale).exists(), "{stale} survived --force");
    }
    let o = polder(&["report", p(&t)]);
    assert!(o.status.success(), "{}", text(&o.stderr));
}

/// Three finished shards of the shipped saboteur sweep (with rounds) in `dir/shards`.
fn three_shards(dir: &Path) -> PathBuf {
    let sweep = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/sweep-saboteurs.toml");
    let shards = dir.join("shards");
    for k in 0..3 {
        let shard = format!("{k}/3");
        let o = polder(&[
            "sweep",
            p(&sweep),
            "--out",
            p(&shards),
            "--shard",
            &shard,
            "--quiet",
            "--rounds",
            "every=10",
        ]);
        assert!(o.status.success(), "{}", text(&o.stderr));
    }
    shards
}

/// `merge` of `shards` into `dir/merged`: exit code and stderr.
fn merge(dir: &Path, shards: &Path) -> (Option<i32>, String) {
    let merged = dir.join("merged");
    let o = polder(&["merge", p(shards), "--out", p(&merged), "--quiet"]);
    (o.status.code(), text(&o.stderr))
}

#[test]
fn merge_refuses_tampered_shards() {
    let tmp = TempDir::new().unwrap();
    let shards = three_shards(tmp.path());
    let one = shards.join("shard-0001-of-0003");
    let runs = one.join("runs.csv");
    let original = std::fs::read_to_string(&runs).unwrap();
    let lines: Vec<&str> = original.lines().collect();
    let first_id: u64 = lines[1].split(',').next().unwrap().parse().unwrap();
    let rewrite = |rows: Vec<&str>| {
        std::fs::write(&runs, rows.join("\n") + "\n").unwrap();
    };

    // a row deleted (line 10)
    let mut rows = lines.clone();
    rows.remove(9);
    rewrite(rows);
    let (code, err) = merge(tmp.path(), &shards);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains(&format!(
            "shard {} does not match its sweep.json: runs.csv lacks run {}",
            p(&one),
            first_id + 8
        )),
        "{err}"
    );
    assert!(!tmp.path().join("merged").exists());

    // one row deleted and another duplicated: the count is right, a run is missing
    let mut rows = lines.clone();
    rows.remove(9);
    rows.insert(20, lines[20]);
    rewrite(rows);
    let (code, err) = merge(tmp.path(), &shards);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("runs.csv lacks run"), "{err}");

    // a number changed in place: only the hash sees it
    rewrite(lines.clone());
    let (code, _) = merge(tmp.path(), &shards);
    assert_eq!(code, Some(0), "the restored shard merges");
    let altered = original.replacen(",false,", ",true,", 1);
    assert_ne!(altered, original);
    std::fs::write(&runs, &altered).unwrap();
    let merged = tmp.path().join("again");
    let o = polder(&["merge", p(&shards), "--out", p(&merged), "--quiet"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr)
            .contains("runs.csv has another SHA-256 than the one recorded when the shard finished"),
        "{}",
        text(&o.stderr)
    );
    assert!(!merged.exists());

    // the same for rounds.csv
    std::fs::write(&runs, &original).unwrap();
    let rounds = one.join("rounds.csv");
    let mut r = std::fs::read_to_string(&rounds).unwrap();
    let last = r.lines().last().unwrap().to_string();
    r.push_str(&last);
    r.push('\n');
    std::fs::write(&rounds, r).unwrap();
    let o = polder(&["merge", p(&shards), "--out", p(&merged), "--quiet"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("rounds.csv has another SHA-256"));
}

#[test]
fn sweep_and_merge_refuse_a_read_only_output_directory_as_bad_input() {
    let tmp = TempDir::new().unwrap();
    let shards = three_shards(tmp.path());
    let Some(ro) = Tmpfs::mount_with(tmp.path(), "ro,size=64m") else {
        return;
    };
    let sweep = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/sweep-saboteurs.toml");
    let o = polder(&["sweep", p(&sweep), "--out", p(&ro.0), "--quiet"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).contains(&format!("cannot write into {}", p(&ro.0))),
        "{}",
        text(&o.stderr)
    );
    let o = polder(&["merge", p(&shards), "--out", p(&ro.0), "--quiet"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains(&format!("cannot write into {}", p(&ro.0))));
}

/// Names that a spreadsheet would take for formulas (`=`, `+`, `-`, `@` first) are written
/// guarded, as the OWASP guidance on CSV injection says: a `'` before them and the cell quoted.
/// Numbers, negative ones included, are not. Every reader of polder's own files (report, the
/// sweep summary) takes the guard off, so the names come back as they were.
#[test]
fn formula_names_are_guarded_in_csv_and_read_back_as_they_were() {
    let tmp = TempDir::new().unwrap();
    let sc = tmp.path().join("formulas.toml");
    std::fs::write(
        &sc,
        "name = \"=1+2\"\n\n[[process.phases]]\nname = \"-talk\"\nrounds = 4\n\n[[process.phases]]\nname = \"@decide\"\nrounds = 4\ndecision = true\n\n[[policies]]\nname = \"+own\"\nrules = [{ when = \"always\", do = \"survey\" }]\n",
    )
    .unwrap();
    let out = tmp.path().join("run");
    let o = polder(&[
        "run",
        p(&sc),
        "--runs",
        "4",
        "--policy",
        "+own",
        "--out",
        p(&out),
        "--quiet",
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let runs = std::fs::read_to_string(out.join("runs.csv")).unwrap();
    let row = runs.lines().nth(1).unwrap();
    assert!(row.contains(",\"'=1+2\",\"'+own\","), "{row}");
    assert!(
        row.contains(",\"'-talk\",") || row.contains(",\"'@decide\","),
        "{row}"
    );
    let rounds = std::fs::read_to_string(out.join("rounds.csv")).unwrap();
    assert!(rounds.contains(",\"'-talk\","), "{rounds}");
    // no cell starts with a formula character unguarded; negative numbers stay numbers
    for line in runs.lines().chain(rounds.lines()) {
        for cell in line.split(',') {
            if cell.starts_with(['=', '+', '@'])
                || cell.starts_with('-') && cell.parse::<f64>().is_err()
            {
                panic!("unguarded cell {cell:?} in {line}");
            }
        }
    }
    // the report reads the names back as they were
    let o = polder(&["report", p(&out)]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(
        html.contains("=1+2") && !html.contains("'=1+2"),
        "the scenario's name"
    );
    assert!(
        !html.contains("'+own") && !html.contains("&#39;+own"),
        "the policy"
    );

    // compare.csv and its report
    let out = tmp.path().join("compare");
    let o = polder(&[
        "compare",
        p(&sc),
        "--policies",
        "+own,balanced",
        "--runs",
        "4",
        "--out",
        p(&out),
        "--quiet",
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let compare = std::fs::read_to_string(out.join("compare.csv")).unwrap();
    assert!(compare.contains("\"'=1+2\",\"'+own\","), "{compare}");
    let o = polder(&["report", p(&out)]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("+own") && !html.contains("'+own") && !html.contains("&#39;+own"));

    // a trace's files
    let out = tmp.path().join("trace");
    let o = polder(&["trace", p(&sc), "--policy", "+own", "--out", p(&out)]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let o = polder(&["report", p(&out)]);
    assert!(o.status.success(), "{}", text(&o.stderr));

    // a sweep: a column named like a formula, guarded once in runs.csv, design.csv and
    // summary.csv (which is computed from runs.csv), and its report
    let sweep = tmp.path().join("s.toml");
    std::fs::write(
        &sweep,
        "scenario = \"formulas.toml\"\nreplicates = 2\npolicies = [\"none\", \"+own\"]\n[[parameters]]\npath = \"constituency.strength\"\nname = \"-strength\"\nvalues = [0.5, 1.0]\n",
    )
    .unwrap();
    let out = tmp.path().join("sweep");
    let o = polder(&["sweep", p(&sweep), "--out", p(&out), "--quiet"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    for name in ["runs.csv", "design.csv", "summary.csv"] {
        let t = std::fs::read_to_string(out.join(name)).unwrap();
        let head = t.lines().next().unwrap();
        assert!(head.contains(",\"'-strength\""), "{name}: {head}");
        assert!(!t.contains("''"), "{name}: guarded twice");
    }
    let summary = std::fs::read_to_string(out.join("summary.csv")).unwrap();
    assert!(summary.contains(",\"'+own\","), "{summary}");
    let o = polder(&["report", p(&out)]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("-strength") && !html.contains("'-strength"));
}
