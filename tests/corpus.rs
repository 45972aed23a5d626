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

    // a billion runs: refused with the size estimate, before anything is created
    let out = tmp.path().join("huge");
    let (code, _, stderr) = polder(&[
        "run",
        scenario,
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
