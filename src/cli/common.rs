//! Pieces every command shares: bad-input errors, output directories, thread pools, progress
//! bars, policies by name, the interrupt flag and the summary on the terminal.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use polder::InputError;
use polder::policy::{self, PolicySpec};
use polder::scenario::Scenario;
use polder::summary::{BatchSummary, MeanAcc, wilson95};

/// Input the user has to fix: exit code 2.
#[derive(Debug)]
pub(crate) struct BadInput(pub(crate) InputError);

impl std::fmt::Display for BadInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for BadInput {}

pub(crate) fn bad(msg: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(BadInput(InputError::new(msg)))
}

/// Exit code of a run or sweep stopped by Ctrl-C (128 + SIGINT).
pub(crate) const INTERRUPTED: u8 = 130;

/// A run stopped by Ctrl-C after writing every finished chunk.
#[derive(Debug)]
pub(crate) struct Interrupted(pub(crate) String);

impl std::fmt::Display for Interrupted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Interrupted {}

/// Ctrl-C sets STOP; the job finishes the chunk in flight. A second Ctrl-C stops at once.
pub(crate) fn stop_on_interrupt(what: &'static str) {
    let _ = ctrlc::set_handler(move || {
        if STOP.swap(true, Ordering::SeqCst) {
            eprintln!("polder: second interrupt: stopping now");
            std::process::exit(i32::from(INTERRUPTED));
        }
        eprintln!(
            "\npolder: interrupt: finishing the {what} in flight (Ctrl-C again to stop at once)"
        );
    });
}

pub(crate) static STOP: AtomicBool = AtomicBool::new(false);

pub(crate) fn default_out(scenario: &Path) -> PathBuf {
    let stem = scenario
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "run".into());
    Path::new("results").join(stem)
}

/// The default output directory of `polder compare`: results/<scenario file name>-compare, with
/// several scenarios their file names joined by `+`.
pub(crate) fn compare_out(scenarios: &[PathBuf]) -> PathBuf {
    let stems: Vec<String> = scenarios
        .iter()
        .map(|s| {
            default_out(s)
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
        })
        .collect();
    let mut dir = default_out(&scenarios[0]);
    dir.set_file_name(format!("{}-compare", stems.join("+")));
    dir
}

/// Files polder writes into an output directory; any of them there means earlier results, and
/// `--force` removes every one of them before writing.
pub(crate) const RESULT_FILES: [&str; 9] = [
    "runs.csv",
    "rounds.csv",
    "compare.csv",
    "tune.csv",
    polder::trace::files::MANIFEST,
    polder::trace::files::PARTICIPANTS,
    polder::trace::files::EVENTS,
    polder::trace::files::STORY,
    polder::output::scenario::SCENARIO,
];

/// Make sure `out` is a directory we may write results into.
pub(crate) fn prepare_out(out: &Path, force: bool) -> anyhow::Result<()> {
    if out.exists() && !out.is_dir() {
        return Err(bad(format!(
            "output path {} exists and is not a directory",
            out.display()
        )));
    }
    if !force {
        for name in RESULT_FILES {
            if out.join(name).exists() {
                return Err(bad(format!(
                    "{} already holds results ({name}); choose another --out or pass --force to replace them",
                    out.display()
                )));
            }
        }
    }
    std::fs::create_dir_all(out).map_err(|e| {
        bad(format!(
            "cannot create output directory {}: {e}",
            out.display()
        ))
    })?;
    let probe = out.join(".polder-write-test");
    polder::output::atomic::create_fresh(&probe)
        .map_err(|e| bad(format!("cannot write into {}: {e}", out.display())))?;
    let _ = std::fs::remove_file(probe);
    if force {
        remove_earlier_results(out)?;
    }
    Ok(())
}

/// `--force`: the directory's earlier polder output goes as a whole, so that no stale file
/// (rounds.csv of an earlier run, a trace's story.txt, a report) sits beside the new results.
/// Only polder's own files are removed: the [`RESULT_FILES`] and a report.html that polder
/// wrote; anything else in the directory stays.
fn remove_earlier_results(out: &Path) -> anyhow::Result<()> {
    let report = out.join("report.html");
    let stale = RESULT_FILES
        .iter()
        .map(|name| out.join(name))
        .chain(polder::report::files::is_report(&report).then_some(report));
    for path in stale {
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            return Err(bad(format!(
                "cannot replace the results in {}: {} is a directory",
                out.display(),
                path.display()
            )));
        }
        std::fs::remove_file(&path).map_err(|e| {
            bad(format!(
                "cannot remove the earlier result {}: {e}",
                path.display()
            ))
        })?;
    }
    Ok(())
}

/// Check `--runs` (at least `min`) and `--threads`.
pub(crate) fn check_counts(runs: u64, min: u64, threads: Option<usize>) -> anyhow::Result<()> {
    if runs < min {
        let why = if min > 1 {
            " (a confidence interval needs at least two runs)"
        } else {
            ""
        };
        return Err(bad(format!("--runs must be at least {min}{why}")));
    }
    if runs > polder::rng::MAX_REPLICATE {
        return Err(bad(format!(
            "--runs {runs} is more than the {} replicates a seed can address",
            polder::rng::MAX_REPLICATE
        )));
    }
    polder::runner::check_threads(threads).map_err(bad)?;
    Ok(())
}

/// Refuse work over `limit` participant-rounds at worst without `--allow-long` (exit 2), and
/// say before long work how long it may take (unless `quiet`); see
/// [`polder::output::disk::check_work`].
pub(crate) fn check_work(
    what: &str,
    participant_rounds: f64,
    threads: Option<usize>,
    limit: f64,
    allow_long: bool,
    quiet: bool,
) -> anyhow::Result<()> {
    let threads = threads.unwrap_or_else(rayon::current_num_threads);
    let said =
        polder::output::disk::check_work(what, participant_rounds, threads, limit, allow_long)
            .map_err(bad)?;
    if let Some(line) = said
        && !quiet
    {
        eprintln!("{line}");
    }
    Ok(())
}

pub(crate) fn thread_pool(threads: Option<usize>) -> anyhow::Result<rayon::ThreadPool> {
    Ok(match threads {
        Some(t) => rayon::ThreadPoolBuilder::new().num_threads(t).build()?,
        None => rayon::ThreadPoolBuilder::new().build()?,
    })
}

/// A progress bar over `len` runs, drawn only when stderr is a terminal.
pub(crate) fn progress(len: u64, quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        ProgressBar::hidden()
    } else {
        let b = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
        b.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} runs  {per_sec}  eta {eta}")
                .expect("valid template"),
        );
        b
    }
}

/// A policy by name, or bad input naming the option and listing the valid names.
pub(crate) fn resolve_policy(option: &str, name: &str, s: &Scenario) -> anyhow::Result<PolicySpec> {
    if name.trim().is_empty() {
        return Err(bad(format!(
            "{option}: empty policy name; valid policies: {}",
            valid_policies(s)
        )));
    }
    policy::resolve(name, &s.policies).map_err(|e| bad(format!("{option}: {e}")))
}

pub(crate) fn valid_policies(s: &Scenario) -> String {
    let mut names: Vec<&str> = policy::builtin_names();
    names.extend(s.policies.iter().map(|p| p.name.as_str()));
    names.join(", ")
}

pub(crate) fn pct(x: f64) -> String {
    format!("{:.1}%", 100.0 * x)
}

pub(crate) fn print_summary(b: &BatchSummary) {
    let (dlo, dhi) = b.dropout.ci95();
    println!(
        "dropout rate    {} of parties left the table (95% CI {}-{})",
        pct(b.dropout.mean()),
        pct(dlo.max(0.0)),
        pct(dhi.min(1.0))
    );
    let (alo, ahi) = wilson95(b.agreements, b.runs);
    let (rlo, rhi) = wilson95(b.ratified, b.runs);
    println!(
        "agreement rate  {} agreed at the table (95% CI {}-{}), {} also ratified by the constituencies (95% CI {}-{})",
        pct(b.agreement_rate()),
        pct(alo),
        pct(ahi),
        pct(b.ratified_rate()),
        pct(rlo),
        pct(rhi)
    );
    let (ilo, ihi) = wilson95(b.inclusive, b.runs);
    println!(
        "inclusive       {} ratified with every essential party and enough of the table still there (95% CI {}-{})",
        pct(b.inclusive_rate()),
        pct(ilo),
        pct(ihi)
    );
    let r: &MeanAcc = &b.rounds_to_agreement;
    if r.n > 0 {
        let (lo, hi) = r.ci95();
        println!(
            "mean rounds     {:.1} rounds to agreement (95% CI {:.1}-{:.1}); {:.1} rounds per run overall",
            r.mean(),
            lo,
            hi,
            b.rounds.mean()
        );
    } else {
        println!(
            "mean rounds     no agreement in any run; {:.1} rounds per run",
            b.rounds.mean()
        );
    }
}

/// Report a failed command and give its exit code: 2 for bad input, else 1. A name or key from
/// an input file may hold control characters: never printed raw.
pub(crate) fn exit_for(e: &anyhow::Error) -> ExitCode {
    eprintln!(
        "polder: error: {}",
        polder::error::escape_controls(&format!("{e:#}"))
    );
    if e.downcast_ref::<BadInput>().is_some() {
        ExitCode::from(2)
    } else {
        ExitCode::from(1)
    }
}
