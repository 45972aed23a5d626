//! The `polder` command line: a thin layer over the library.
//!
//! Exit codes: 0 success, 1 a failure while running (e.g. a disk that fills up), 2 bad input
//! (a scenario, an option or an output directory that cannot be used).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use polder::compare::{self, ChunkInfo};
use polder::load_scenario;
use polder::output::csv::{RunTables, compare_table};
use polder::output::report::{compare_report, policies_report};
use polder::policy::{self, PolicySpec};
use polder::report::files::scenario_file;
use polder::scenario::{DEFAULT_SCENARIO_PATH, DEFAULT_SCENARIO_TEXT, Scenario, parse_scenario};
use polder::summary::{BatchSummary, MeanAcc, wilson95};
use polder::sweep::{self, SweepError};
use polder::trace::{self, Lang};

/// polder simulates multi-party collaboration processes (government, market parties and civil
/// society around one table) and the four domains of process trust: content, social,
/// procedural, task & time. It reports how often parties drop out and how often an agreement is
/// reached that the constituencies carry.
///
/// Without a command, polder runs its built-in default scenario (scenarios/regional-energy.toml)
/// 1000 times and writes results/default/.
#[derive(Parser)]
#[command(name = "polder", version, about, long_about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run replicates of a scenario and write runs.csv and rounds.csv.
    Run(RunArgs),
    /// Compare process-manager policies on the same replicates (paired) and write compare.csv
    /// and runs.csv.
    Compare(CompareArgs),
    /// List the built-in policies (and a scenario's own) and the interventions they use.
    Policies {
        /// Scenario file (TOML): also list the policies it defines, and its intervention costs.
        scenario: Option<PathBuf>,
    },
    /// Sweep scenario parameters and policies over many replicates (factorial, LHS, Sobol or
    /// Saltelli designs); writes runs.csv, summary.csv, design.csv and sweep.json. See README "Sweeps".
    Sweep(SweepArgs),
    /// Combine the shard directories of a sweep into the files an unsharded sweep writes.
    Merge(MergeArgs),
    /// Tell one run round by round as a story a workshop audience can follow; with --versus,
    /// two process managers side by side on the same parties with the same luck.
    Trace(TraceArgs),
    /// Turn the output of run, compare, sweep or trace into one self-contained HTML report
    /// with charts.
    Report(ReportArgs),
    /// Check a scenario file and print the parameters it resolves to (defaults filled in).
    Check {
        /// Scenario file (TOML), e.g. scenarios/regional-energy.toml.
        scenario: PathBuf,
    },
    /// Test the model against the seed article's claims (paired experiments with 95% CIs) and
    /// print the evidence; exit code 1 if a claim fails.
    Validate {
        /// Replicates per arm of each experiment.
        #[arg(long, short = 'n', default_value_t = 2000)]
        runs: u64,
        /// Master seed.
        #[arg(long, short = 's', default_value_t = 20_171_031)]
        seed: u64,
    },
}

#[derive(Args)]
struct RunArgs {
    /// Scenario file (TOML), e.g. scenarios/regional-energy.toml.
    scenario: PathBuf,
    /// Number of replicates to run.
    #[arg(long, short = 'n', default_value_t = 1000)]
    runs: u64,
    /// Master seed: the same seed gives byte-identical output.
    #[arg(long, short = 's', default_value_t = 1)]
    seed: u64,
    /// Process-manager policy: a built-in one or one the scenario defines (see `polder
    /// policies`); `none` is no process manager.
    #[arg(long, short = 'p', default_value = "none")]
    policy: String,
    /// Output directory [default: results/<scenario file name>].
    #[arg(long, short = 'o')]
    out: Option<PathBuf>,
    /// Worker threads [default: RAYON_NUM_THREADS, else all cores]. Output does not depend on it.
    #[arg(long, short = 't')]
    threads: Option<usize>,
    /// Skip rounds.csv (one row per run and round; large for many runs).
    #[arg(long)]
    no_rounds: bool,
    /// Replace results already in the output directory.
    #[arg(long)]
    force: bool,
    /// No progress bar and no summary on the terminal.
    #[arg(long, short = 'q')]
    quiet: bool,
}

#[derive(Args)]
struct CompareArgs {
    /// Scenario file (TOML), e.g. scenarios/regional-energy.toml.
    scenario: PathBuf,
    /// Policies to compare, comma-separated, e.g. none,balanced,monitor: built-in ones or ones
    /// the scenario defines (see `polder policies`).
    #[arg(long, short = 'p', value_delimiter = ',', required = true)]
    policies: Vec<String>,
    /// The policy the others are compared against; added to --policies (first) if absent.
    #[arg(long, short = 'b', default_value = "none")]
    baseline: String,
    /// Replicates per policy; every policy plays the same ones.
    #[arg(long, short = 'n', default_value_t = 1000)]
    runs: u64,
    /// Master seed: the same seed gives byte-identical output.
    #[arg(long, short = 's', default_value_t = 1)]
    seed: u64,
    /// Output directory [default: results/<scenario file name>-compare].
    #[arg(long, short = 'o')]
    out: Option<PathBuf>,
    /// Worker threads [default: RAYON_NUM_THREADS, else all cores]. Output does not depend on it.
    #[arg(long, short = 't')]
    threads: Option<usize>,
    /// Replace results already in the output directory.
    #[arg(long)]
    force: bool,
    /// No progress bar and no report on the terminal.
    #[arg(long, short = 'q')]
    quiet: bool,
}

#[derive(Args)]
struct SweepArgs {
    /// Sweep file (TOML), e.g. scenarios/sweep-saboteurs.toml.
    #[arg(required_unless_present = "resume")]
    sweep: Option<PathBuf>,
    /// Continue the interrupted (or killed) sweep in DIR, without losing or repeating a run.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["sweep", "out", "seed", "rounds", "shard", "force"])]
    resume: Option<PathBuf>,
    /// Output directory [default: results/<sweep file name>]; a shard writes into its
    /// subdirectory shard-KKKK-of-NNNN.
    #[arg(long, short = 'o')]
    out: Option<PathBuf>,
    /// Master seed [default: the sweep file's `seed`, else 1].
    #[arg(long, short = 's')]
    seed: Option<u64>,
    /// Worker threads [default: SLURM_CPUS_PER_TASK, else RAYON_NUM_THREADS, else all cores].
    /// Output does not depend on it.
    #[arg(long, short = 't')]
    threads: Option<usize>,
    /// Also write rounds.csv with every K-th round of every run (and its last round).
    #[arg(long, value_name = "every=K", value_parser = parse_rounds)]
    rounds: Option<u32>,
    /// Run only shard K of N (K counted from 0): a contiguous block of run ids [default: from
    /// SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT in a Slurm array job].
    #[arg(long, value_name = "K/N", value_parser = parse_shard)]
    shard: Option<polder::sweep::Shard>,
    /// Runs per chunk; each chunk is written and checkpointed before the next one starts
    /// [default: 1024 per thread, 128 per thread with --rounds].
    #[arg(long, value_name = "RUNS")]
    chunk: Option<u64>,
    /// Replace a sweep already in the output directory.
    #[arg(long)]
    force: bool,
    /// No progress bar, estimate or summary on the terminal.
    #[arg(long, short = 'q')]
    quiet: bool,
}

#[derive(Args)]
struct MergeArgs {
    /// Shard directories, or directories holding shard-* directories.
    #[arg(required = true)]
    dirs: Vec<PathBuf>,
    /// Where to write the merged files.
    #[arg(long, short = 'o')]
    out: PathBuf,
    /// Replace results already in the output directory.
    #[arg(long)]
    force: bool,
    /// Print nothing on success.
    #[arg(long, short = 'q')]
    quiet: bool,
}

fn parse_rounds(s: &str) -> Result<u32, String> {
    s.strip_prefix("every=")
        .and_then(|k| k.trim().parse::<u32>().ok())
        .filter(|&k| k >= 1)
        .ok_or_else(|| format!("expected every=K with K a whole number of at least 1, got `{s}`"))
}

fn parse_shard(s: &str) -> Result<polder::sweep::Shard, String> {
    polder::sweep::Shard::parse(s)
}

#[derive(Args)]
struct TraceArgs {
    /// Scenario file (TOML), e.g. scenarios/regional-energy.toml.
    scenario: PathBuf,
    /// Process-manager policy: a built-in one or one the scenario defines (see `polder
    /// policies`); `none` is no process manager.
    #[arg(long, short = 'p', default_value = "none")]
    policy: String,
    /// A second policy, played on the same parties with the same luck: the story shows where
    /// the two runs part ways and why.
    #[arg(long)]
    versus: Option<String>,
    /// Master seed: the same seed gives the same story.
    #[arg(long, short = 's', default_value_t = 1)]
    seed: u64,
    /// Which run to tell: run N of `polder run` with the same seed.
    #[arg(long, default_value_t = 0)]
    run: u64,
    /// Language of the story: en (English) or nl (Dutch, in the seed article's terms).
    #[arg(long, default_value = "en", value_parser = ["en", "nl"])]
    lang: String,
    /// Also write the run(s) into this directory (story.txt, rounds.csv, participants.csv,
    /// events.csv, trace.toml, scenario.toml) for `polder report`.
    #[arg(long, short = 'o')]
    out: Option<PathBuf>,
    /// Replace results already in the output directory.
    #[arg(long)]
    force: bool,
}

#[derive(Args)]
struct ReportArgs {
    /// A directory written by `polder run`, `compare`, `sweep` or `trace --out`.
    results: PathBuf,
    /// The HTML file to write [default: RESULTS/report.html]; an existing report is replaced.
    #[arg(long, short = 'o')]
    out: Option<PathBuf>,
    /// Language of the report: en or nl [default: the trace's language, else en].
    #[arg(long, value_parser = ["en", "nl"])]
    lang: Option<String>,
}

/// Input the user has to fix: exit code 2.
#[derive(Debug)]
struct BadInput(String);

impl std::fmt::Display for BadInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BadInput {}

fn bad(msg: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(BadInput(msg.into()))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::Run(args)) => load_scenario(&args.scenario)
            .map_err(|e| bad(e.to_string()))
            .and_then(|s| {
                let out = args
                    .out
                    .clone()
                    .unwrap_or_else(|| default_out(&args.scenario));
                run(&s, &args, &out)
            }),
        Some(Command::Compare(args)) => load_scenario(&args.scenario)
            .map_err(|e| bad(e.to_string()))
            .and_then(|s| {
                let out = args.out.clone().unwrap_or_else(|| {
                    let mut dir = default_out(&args.scenario).into_os_string();
                    dir.push("-compare");
                    dir.into()
                });
                compare_policies(&s, &args, &out)
            }),
        Some(Command::Trace(args)) => load_scenario(&args.scenario)
            .map_err(|e| bad(e.to_string()))
            .and_then(|s| trace(&s, &args)),
        Some(Command::Report(args)) => report(&args),
        Some(Command::Policies { scenario }) => list_policies(scenario.as_deref()),
        Some(Command::Sweep(args)) => return sweep(&args),
        Some(Command::Merge(args)) => merge(&args),
        Some(Command::Check { scenario }) => check(&scenario),
        Some(Command::Validate { runs, seed }) => validate(runs, seed),
        None => run_default(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.downcast_ref::<Interrupted>().is_some() => {
            eprintln!("polder: {e}");
            ExitCode::from(INTERRUPTED)
        }
        Err(e) => {
            eprintln!("polder: error: {e:#}");
            if e.downcast_ref::<BadInput>().is_some() {
                ExitCode::from(2)
            } else {
                ExitCode::from(1)
            }
        }
    }
}

/// Exit code of a run or sweep stopped by Ctrl-C (128 + SIGINT).
const INTERRUPTED: u8 = 130;

/// A run stopped by Ctrl-C after writing every finished chunk.
#[derive(Debug)]
struct Interrupted(String);

impl std::fmt::Display for Interrupted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Interrupted {}

/// Ctrl-C sets STOP; the job finishes the chunk in flight. A second Ctrl-C stops at once.
fn stop_on_interrupt(what: &'static str) {
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

static STOP: AtomicBool = AtomicBool::new(false);

fn sweep_error(e: SweepError) -> anyhow::Error {
    match e {
        SweepError::BadInput(m) => bad(m),
        SweepError::Failed(m) => anyhow::anyhow!(m),
    }
}

/// `polder sweep`: start or resume; Ctrl-C finishes the chunk in flight and exits with 130.
fn sweep(args: &SweepArgs) -> ExitCode {
    let result = (|| -> anyhow::Result<sweep::Report> {
        let env = |k: &str| std::env::var(k).ok();
        let threads = args.threads.or_else(|| sweep::threads_from_env(env));
        let free_bytes = env("POLDER_ASSUME_FREE_BYTES").and_then(|v| v.parse().ok());
        let _ = ctrlc::set_handler(|| {
            if STOP.swap(true, Ordering::SeqCst) {
                eprintln!(
                    "polder: second interrupt: stopping now; the checkpoint keeps every finished chunk"
                );
                std::process::exit(i32::from(INTERRUPTED));
            }
            eprintln!(
                "\npolder: interrupt: finishing the chunk in flight (Ctrl-C again to stop at once)"
            );
        });
        let command_line: Vec<String> = std::env::args().collect();
        let mut progress = polder::output::progress::SweepProgress::new(args.quiet);
        let report = match &args.resume {
            Some(dir) => sweep::resume(
                dir,
                threads,
                args.chunk,
                command_line,
                free_bytes,
                &mut progress,
                &STOP,
            ),
            None => {
                let shard = match args.shard {
                    Some(s) => Some(s),
                    None => sweep::shard_from_env(env).map_err(bad)?,
                };
                let opts = sweep::Options {
                    sweep_file: args
                        .sweep
                        .clone()
                        .expect("clap requires a sweep file without --resume"),
                    out: args.out.clone(),
                    seed: args.seed,
                    threads,
                    rounds_every: args.rounds,
                    shard,
                    force: args.force,
                    chunk: args.chunk,
                    command_line,
                    free_bytes,
                };
                sweep::start(&opts, &mut progress, &STOP)
            }
        };
        report.map_err(sweep_error)
    })();
    match result {
        Ok(r) => report_sweep(&r, args.quiet),
        Err(e) => {
            eprintln!("polder: error: {e:#}");
            if e.downcast_ref::<BadInput>().is_some() {
                ExitCode::from(2)
            } else {
                ExitCode::from(1)
            }
        }
    }
}

fn report_sweep(r: &sweep::Report, quiet: bool) -> ExitCode {
    let dir = r.dir.display();
    match r.status {
        sweep::Status::AlreadyComplete => {
            eprintln!("polder: {dir} already holds a complete sweep; nothing to resume");
            ExitCode::SUCCESS
        }
        sweep::Status::Interrupted => {
            eprintln!(
                "polder: interrupted after {} of {} runs; the finished runs are in {}; resume with `polder sweep --resume {dir}`",
                r.shape.runs_done,
                r.shape.runs,
                r.files
                    .first()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default()
            );
            ExitCode::from(INTERRUPTED)
        }
        sweep::Status::Complete => {
            if !quiet {
                let secs = r.secs.max(1e-9);
                let shard = r
                    .shard
                    .map(|s| format!(", shard {}/{} of {} runs", s.index, s.count, r.runs_total))
                    .unwrap_or_default();
                eprintln!(
                    "polder: sweep of {} runs ({} points x {} policies x {} replicates{shard}) in {:.2} s on {} threads: {:.0} runs/s, {:.2} M participant-rounds/s",
                    r.shape.runs,
                    r.shape.points,
                    r.shape.policies,
                    r.shape.replicates,
                    secs,
                    r.shape.threads,
                    r.computed as f64 / secs,
                    r.participant_rounds as f64 / secs / 1e6
                );
                for f in &r.files {
                    println!("wrote {}", f.display());
                }
            }
            ExitCode::SUCCESS
        }
    }
}

/// `polder merge`.
fn merge(args: &MergeArgs) -> anyhow::Result<()> {
    let r = sweep::merge(
        &args.dirs,
        &args.out,
        args.force,
        std::env::args().collect(),
    )
    .map_err(sweep_error)?;
    if !args.quiet {
        eprintln!(
            "polder: merged {} shards ({} runs) into {}",
            r.shards,
            r.runs,
            r.dir.display()
        );
        for f in &r.files {
            println!("wrote {}", f.display());
        }
    }
    Ok(())
}

fn default_out(scenario: &Path) -> PathBuf {
    let stem = scenario
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "run".into());
    Path::new("results").join(stem)
}

fn run_default() -> anyhow::Result<()> {
    let s = parse_scenario(DEFAULT_SCENARIO_TEXT, Path::new(DEFAULT_SCENARIO_PATH))
        .map_err(|e| bad(e.to_string()))?;
    let args = RunArgs {
        scenario: DEFAULT_SCENARIO_PATH.into(),
        runs: 1000,
        seed: 1,
        policy: "none".into(),
        out: None,
        threads: None,
        no_rounds: false,
        // the default job replaces its own earlier results
        force: true,
        quiet: false,
    };
    eprintln!(
        "polder: no command given, running the built-in default scenario ({DEFAULT_SCENARIO_PATH}); see `polder --help`"
    );
    run(&s, &args, Path::new("results/default"))
}

fn validate(runs: u64, seed: u64) -> anyhow::Result<()> {
    if runs < 2 {
        return Err(bad("--runs must be at least 2 for a confidence interval"));
    }
    let options = polder::validation::Options { runs, seed };
    let results = polder::validation::run_all(&options);
    print!("{}", polder::validation::render(&results, &options));
    let failed: Vec<String> = results
        .iter()
        .filter(|r| !r.passed)
        .map(|r| r.id.to_string())
        .collect();
    if failed.is_empty() {
        Ok(())
    } else {
        Err(anyhow::anyhow!("claims {} failed", failed.join(", ")))
    }
}

fn check(path: &Path) -> anyhow::Result<()> {
    let s = load_scenario(path).map_err(|e| bad(e.to_string()))?;
    let text = toml::to_string(&s)?;
    println!(
        "# {} is valid; the parameters it resolves to:\n{text}",
        path.display()
    );
    Ok(())
}

/// Files polder writes into an output directory; any of them there means earlier results.
const RESULT_FILES: [&str; 8] = [
    "runs.csv",
    "rounds.csv",
    "compare.csv",
    polder::trace::files::MANIFEST,
    polder::trace::files::PARTICIPANTS,
    polder::trace::files::EVENTS,
    polder::trace::files::STORY,
    polder::report::files::SCENARIO,
];

/// Make sure `out` is a directory we may write results into.
fn prepare_out(out: &Path, force: bool) -> anyhow::Result<()> {
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
    std::fs::write(&probe, b"")
        .map_err(|e| bad(format!("cannot write into {}: {e}", out.display())))?;
    let _ = std::fs::remove_file(probe);
    Ok(())
}

/// Check `--runs` (at least `min`) and `--threads`.
fn check_counts(runs: u64, min: u64, threads: Option<usize>) -> anyhow::Result<()> {
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
    if threads == Some(0) {
        return Err(bad("--threads must be at least 1"));
    }
    Ok(())
}

fn thread_pool(threads: Option<usize>) -> anyhow::Result<rayon::ThreadPool> {
    Ok(match threads {
        Some(t) => rayon::ThreadPoolBuilder::new().num_threads(t).build()?,
        None => rayon::ThreadPoolBuilder::new().build()?,
    })
}

/// A progress bar over `len` runs, drawn only when stderr is a terminal.
fn progress(len: u64, quiet: bool) -> ProgressBar {
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
fn resolve_policy(option: &str, name: &str, s: &Scenario) -> anyhow::Result<PolicySpec> {
    if name.trim().is_empty() {
        return Err(bad(format!(
            "{option}: empty policy name; valid policies: {}",
            valid_policies(s)
        )));
    }
    policy::resolve(name, &s.policies).map_err(|e| bad(format!("{option}: {e}")))
}

fn valid_policies(s: &Scenario) -> String {
    let mut names: Vec<&str> = policy::builtin_names();
    names.extend(s.policies.iter().map(|p| p.name.as_str()));
    names.join(", ")
}

fn run(s: &Scenario, args: &RunArgs, out: &Path) -> anyhow::Result<()> {
    check_counts(args.runs, 1, args.threads)?;
    let policy = resolve_policy("--policy", &args.policy, s)?;
    let estimated = polder::output::disk::estimate_run_bytes(
        s,
        Some(&policy),
        args.seed,
        args.runs,
        !args.no_rounds,
    );
    polder::output::disk::check_fits(estimated, polder::output::disk::free_bytes_for(out))
        .map_err(|e| {
            bad(format!(
                "refusing {} runs into {}: {e}; use fewer --runs{}",
                args.runs,
                out.display(),
                if args.no_rounds {
                    ""
                } else {
                    " or --no-rounds"
                }
            ))
        })?;
    prepare_out(out, args.force)?;
    let pool = thread_pool(args.threads)?;
    let bar = progress(args.runs, args.quiet);

    let started = Instant::now();
    let mut tables = RunTables::create(s, out, !args.no_rounds)?;
    let mut summary = BatchSummary::default();
    stop_on_interrupt("chunk of runs");
    let mut stopped = false;
    pool.install(|| {
        polder::runner::run_replicates(
            s,
            Some(&policy),
            args.seed,
            args.runs,
            0,
            !args.no_rounds,
            |chunk| {
                tables.write(&policy.name, chunk)?;
                for r in chunk {
                    summary.push(&r.outcome, r.outcome.participant_rounds);
                }
                bar.inc(chunk.len() as u64);
                if STOP.load(Ordering::SeqCst) {
                    stopped = true;
                    return Err(anyhow::Error::new(Interrupted(String::new())));
                }
                Ok::<(), anyhow::Error>(())
            },
        )
    })
    .or_else(|e| {
        if stopped && e.downcast_ref::<Interrupted>().is_some() {
            Ok(())
        } else {
            Err(e)
        }
    })?;
    let mut written = tables.commit()?;
    written.push(scenario_file(out, s)?.commit()?);
    bar.finish_and_clear();
    if stopped {
        return Err(anyhow::Error::new(Interrupted(format!(
            "interrupted: {} of {} runs finished and written, complete and in run order, to {} (runs 0 to {}); \
             run the rest with `polder sweep` (a sweep file with `replicates = {}`), which can be resumed with `polder sweep --resume DIR`",
            summary.runs,
            args.runs,
            written
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(" and "),
            summary.runs.saturating_sub(1),
            args.runs
        ))));
    }
    let secs = started.elapsed().as_secs_f64().max(1e-9);

    if !args.quiet {
        let with_policy = if policy.name == "none" {
            String::new()
        } else {
            format!(", policy {}", policy.name)
        };
        eprintln!(
            "polder: {} runs of \"{}\" (seed {}{with_policy}) in {:.2} s on {} threads: {:.0} runs/s, {:.2} M participant-rounds/s",
            summary.runs,
            s.name,
            args.seed,
            secs,
            pool.current_num_threads(),
            summary.runs as f64 / secs,
            summary.participant_rounds as f64 / secs / 1e6
        );
        for w in &written {
            println!("wrote {}", w.display());
        }
        print_summary(&summary);
        if policy.name != "none" {
            println!(
                "manager         policy {}: {:.1} interventions and {:.1} budget units per run ({:.2} units per round)",
                policy.name,
                summary.interventions.mean(),
                summary.budget_spent.mean(),
                summary.budget_spent.mean() / summary.rounds.mean().max(1.0)
            );
        }
    }
    Ok(())
}

/// The policies of `polder compare`, in the order given, with the baseline's index (the
/// baseline is put first if it was not listed).
fn compared_policies(s: &Scenario, args: &CompareArgs) -> anyhow::Result<(Vec<PolicySpec>, usize)> {
    let mut policies: Vec<PolicySpec> = Vec::with_capacity(args.policies.len() + 1);
    for name in &args.policies {
        let p = resolve_policy("--policies", name.trim(), s)?;
        if policies.iter().any(|q| q.name == p.name) {
            return Err(bad(format!(
                "--policies: policy \"{}\" is listed twice; list each policy once",
                p.name
            )));
        }
        policies.push(p);
    }
    let baseline = resolve_policy("--baseline", args.baseline.trim(), s)?;
    let index = match policies.iter().position(|p| p.name == baseline.name) {
        Some(i) => i,
        None => {
            policies.insert(0, baseline);
            0
        }
    };
    Ok((policies, index))
}

fn compare_policies(s: &Scenario, args: &CompareArgs, out: &Path) -> anyhow::Result<()> {
    check_counts(args.runs, 2, args.threads)?;
    let (policies, baseline) = compared_policies(s, args)?;
    let estimated: f64 = policies
        .iter()
        .map(|p| polder::output::disk::estimate_run_bytes(s, Some(p), args.seed, args.runs, false))
        .sum();
    polder::output::disk::check_fits(estimated, polder::output::disk::free_bytes_for(out))
        .map_err(|e| {
            bad(format!(
                "refusing {} policies x {} runs into {}: {e}; use fewer --runs",
                policies.len(),
                args.runs,
                out.display()
            ))
        })?;
    prepare_out(out, args.force)?;
    let pool = thread_pool(args.threads)?;
    let total = compare::simulations(policies.len(), baseline, args.runs);
    let bar = progress(total, args.quiet);

    let started = Instant::now();
    let mut tables = RunTables::create(s, out, false)?;
    let mut participant_rounds = 0u64;
    let result = pool.install(|| {
        compare::compare(
            s,
            &policies,
            baseline,
            args.seed,
            args.runs,
            |info: ChunkInfo, chunk| {
                if !info.prepass {
                    tables.write(&policies[info.policy].name, chunk)?;
                }
                participant_rounds += chunk
                    .iter()
                    .map(|r| r.outcome.participant_rounds)
                    .sum::<u64>();
                bar.inc(chunk.len() as u64);
                Ok::<(), anyhow::Error>(())
            },
        )
    })?;
    let summary = compare_table(&result, out)?;
    let mut written = tables.commit()?;
    written.push(summary.commit()?);
    written.push(scenario_file(out, s)?.commit()?);
    bar.finish_and_clear();
    let secs = started.elapsed().as_secs_f64().max(1e-9);

    if !args.quiet {
        eprintln!(
            "polder: {} policies x {} runs of \"{}\" (seed {}, baseline {}) in {:.2} s on {} threads: {:.0} runs/s, {:.2} M participant-rounds/s",
            policies.len(),
            args.runs,
            s.name,
            args.seed,
            policies[baseline].name,
            secs,
            pool.current_num_threads(),
            total as f64 / secs,
            participant_rounds as f64 / secs / 1e6
        );
        for w in &written {
            println!("wrote {}", w.display());
        }
        print!("{}", compare_report(&result));
    }
    Ok(())
}

/// `polder policies [SCENARIO]`.
fn list_policies(scenario: Option<&Path>) -> anyhow::Result<()> {
    let loaded = match scenario {
        Some(path) => Some((path, load_scenario(path).map_err(|e| bad(e.to_string()))?)),
        None => None,
    };
    print!(
        "{}",
        policies_report(loaded.as_ref().map(|(path, s)| (*path, s)))
    );
    Ok(())
}

fn pct(x: f64) -> String {
    format!("{:.1}%", 100.0 * x)
}

fn print_summary(b: &BatchSummary) {
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

/// `polder trace`: tell one run (or two side by side) on stdout; with --out also write it for
/// `polder report`.
fn trace(s: &Scenario, args: &TraceArgs) -> anyhow::Result<()> {
    let policy = resolve_policy("--policy", &args.policy, s)?;
    let versus = match &args.versus {
        Some(name) => Some(resolve_policy("--versus", name, s)?),
        None => None,
    };
    if versus.as_ref().is_some_and(|v| v.name == policy.name) {
        return Err(bad(format!(
            "--versus names the same policy as --policy ({}); choose a different one to compare",
            policy.name
        )));
    }
    if args.run > polder::rng::MAX_REPLICATE {
        return Err(bad(format!(
            "--run {} is more than the {} replicates a seed can address",
            args.run,
            polder::rng::MAX_REPLICATE
        )));
    }
    let lang = Lang::from_key(&args.lang).expect("clap checks the language");
    if let Some(out) = &args.out {
        prepare_out(out, args.force)?;
    }
    let seed = polder::RunSeed::new(args.seed, 0, args.run);
    let a = trace::record(s, Some(&policy), seed);
    let b = versus.as_ref().map(|v| trace::record(s, Some(v), seed));
    let text = match &b {
        None => trace::narrate(s, &a, lang).text(),
        Some(b) => trace::versus::narrate_versus(s, &a, b, lang),
    };
    print!("{text}");
    if let Some(out) = &args.out {
        let traces: Vec<&trace::Trace> = std::iter::once(&a).chain(b.as_ref()).collect();
        let manifest = trace::files::Manifest::of(s, &args.scenario, lang, &traces);
        for w in trace::files::write(out, s, &manifest, &traces, &text)? {
            eprintln!("wrote {}", w.display());
        }
    }
    Ok(())
}

/// `polder report`: one self-contained HTML file from a results directory.
fn report(args: &ReportArgs) -> anyhow::Result<()> {
    let lang = args
        .lang
        .as_deref()
        .map(|l| Lang::from_key(l).expect("clap checks the language"));
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| args.results.join("report.html"));
    if out.is_dir() {
        return Err(bad(format!(
            "-o {} is a directory; give the HTML file to write, e.g. report.html",
            out.display()
        )));
    }
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !parent.is_dir() {
        return Err(bad(format!(
            "cannot write {}: the directory {} does not exist",
            out.display(),
            parent.display()
        )));
    }
    let report = polder::report::build(&args.results, lang).map_err(|e| match e {
        polder::report::ReportError::Input(m) => bad(m),
        other => anyhow::Error::new(other),
    })?;
    let mut file = polder::output::atomic::AtomicFile::create(&out)
        .map_err(|e| bad(format!("cannot write {}: {e}", out.display())))?;
    std::io::Write::write_all(&mut file, report.html.as_bytes())?;
    let written = file.commit()?;
    println!(
        "wrote {} ({} report, {} charts)",
        written.display(),
        report.kind.key(),
        report.charts
    );
    Ok(())
}
