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

/// `firefox-esr` (or `firefox`) on the PATH.
pub fn firefox() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| ["firefox-esr", "firefox"].map(|n| dir.join(n)))
        .find(|p| p.is_file())
}

/// Whether a test without Firefox must fail instead of skipping (POLDER_REQUIRE_FIREFOX is set,
/// as `.ci/run` sets it).
pub fn firefox_required() -> bool {
    std::env::var("POLDER_REQUIRE_FIREFOX").is_ok_and(|v| !v.is_empty() && v != "0")
}

/// What a page writes with `window.dump` when Firefox runs it headless on `url`, in a fresh
/// profile that lets it (`browser.dom.window.dump.enabled`), lets the page close its window
/// (which ends Firefox) and sends every request to a proxy that is not there (no network).
/// Firefox has no `--dump-dom`: the page itself writes what the test reads. Its standard output
/// and error, once it has exited within 180 s.
pub fn headless_firefox(browser: &Path, url: &str) -> (String, String) {
    let dir = TempDir::new().unwrap();
    let profile = dir.path().join("profile");
    fs::create_dir(&profile).unwrap();
    let prefs = [
        ("browser.dom.window.dump.enabled", "true"),
        ("devtools.console.stdout.content", "true"),
        ("dom.allow_scripts_to_close_windows", "true"),
        ("browser.shell.checkDefaultBrowser", "false"),
        ("datareporting.policy.dataSubmissionEnabled", "false"),
        ("toolkit.telemetry.reportingpolicy.firstRun", "false"),
        ("browser.startup.homepage_override.mstone", "\"ignore\""),
        ("app.update.enabled", "false"),
        // no network: a manual proxy that does not exist, for every scheme
        ("network.proxy.type", "1"),
        ("network.proxy.http", "\"127.0.0.1\""),
        ("network.proxy.http_port", "9"),
        ("network.proxy.ssl", "\"127.0.0.1\""),
        ("network.proxy.ssl_port", "9"),
        ("network.proxy.share_proxy_settings", "true"),
    ];
    let user_js: String = prefs
        .iter()
        .map(|(k, v)| format!("user_pref(\"{k}\", {v});\n"))
        .collect();
    fs::write(profile.join("user.js"), user_js).unwrap();
    let stdout_path = dir.path().join("stdout");
    let stderr_path = dir.path().join("stderr");
    let mut child = Command::new(browser)
        .args(["--headless", "--no-remote", "--profile"])
        .arg(&profile)
        .arg(url)
        .env("MOZ_CRASHREPORTER_DISABLE", "1")
        .stdin(Stdio::null())
        .stdout(fs::File::create(&stdout_path).unwrap())
        .stderr(fs::File::create(&stderr_path).unwrap())
        .spawn()
        .expect("firefox starts");
    let started = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if started.elapsed() > Duration::from_secs(180) {
            let _ = child.kill();
            let _ = child.wait();
            let out = fs::read_to_string(&stdout_path).unwrap_or_default();
            panic!("firefox did not finish in 180 s (the page did not close its window)\n{out}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    (
        fs::read_to_string(&stdout_path).unwrap_or_default(),
        fs::read_to_string(&stderr_path).unwrap_or_default(),
    )
}
