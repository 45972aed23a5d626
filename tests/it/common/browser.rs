//! Headless Chromium for the tests that look at a page in a real browser (tests/it/app.rs, the
//! trainer's page; tests/it/report.rs, the reports): finding it, whether it is required, and
//! one run of it on a page.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use tempfile::TempDir;

/// `chromium` (or `chromium-browser`) on the PATH.
pub fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| ["chromium", "chromium-browser"].map(|n| dir.join(n)))
        .find(|p| p.is_file())
}

/// Whether a test without a browser must fail instead of skipping (POLDER_REQUIRE_BROWSER is set,
/// as `.ci/run` sets it).
pub fn required() -> bool {
    std::env::var("POLDER_REQUIRE_BROWSER").is_ok_and(|v| !v.is_empty() && v != "0")
}

/// The `file://` URL of a page on disk.
pub fn file_url(page: &Path) -> String {
    format!("file://{}", page.canonicalize().unwrap().display())
}

/// Run Chromium headless on `url`, in a fresh profile, with the caller's `args` (window size,
/// `--dump-dom` or `--screenshot=…`, network flags) after the shared ones; (stdout, stderr),
/// once it has exited successfully within 90 s.
pub fn headless(browser: &Path, url: &str, args: &[String]) -> (Vec<u8>, String) {
    let profile = TempDir::new().unwrap();
    // output goes to files: a DOM larger than a pipe's buffer would block chromium
    let stdout_path = profile.path().join("stdout");
    let stderr_path = profile.path().join("stderr");
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!(
            "--user-data-dir={}",
            profile.path().join("profile").display()
        ))
        .args(args)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(fs::File::create(&stdout_path).unwrap())
        .stderr(fs::File::create(&stderr_path).unwrap())
        .spawn()
        .expect("chromium starts");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(90) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish in 90 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let stderr = fs::read_to_string(&stderr_path).unwrap_or_default();
    assert!(status.success(), "chromium failed: {status:?}\n{stderr}");
    (fs::read(&stdout_path).unwrap(), stderr)
}
