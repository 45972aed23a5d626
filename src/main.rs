//! The `polder` command line: a thin layer over the library.
//!
//! Exit codes: 0 success, 1 a failure while running (e.g. a disk that fills up), 2 bad input
//! (a scenario, an option or an output directory that cannot be used).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use polder::output::csv::RunTables;
use polder::scenario::{DEFAULT_SCENARIO_PATH, DEFAULT_SCENARIO_TEXT, Scenario, parse_scenario};
use polder::summary::{BatchSummary, MeanAcc, wilson95};
use polder::{load_scenario, runner};

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
    /// Check a scenario file and print the parameters it resolves to (defaults filled in).
    Check {
        /// Scenario file (TOML), e.g. scenarios/regional-energy.toml.
        scenario: PathBuf,
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
        Some(Command::Check { scenario }) => check(&scenario),
        None => run_default(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
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

fn check(path: &Path) -> anyhow::Result<()> {
    let s = load_scenario(path).map_err(|e| bad(e.to_string()))?;
    let text = toml::to_string(&s)?;
    println!(
        "# {} is valid; the parameters it resolves to:\n{text}",
        path.display()
    );
    Ok(())
}

/// Make sure `out` is a directory we may write results into.
fn prepare_out(out: &Path, force: bool) -> anyhow::Result<()> {
    if out.exists() && !out.is_dir() {
        return Err(bad(format!(
            "output path {} exists and is not a directory",
            out.display()
        )));
    }
    if !force {
        for name in ["runs.csv", "rounds.csv"] {
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

fn run(s: &Scenario, args: &RunArgs, out: &Path) -> anyhow::Result<()> {
    if args.runs == 0 {
        return Err(bad("--runs must be at least 1"));
    }
    if args.runs > polder::rng::MAX_REPLICATE {
        return Err(bad(format!(
            "--runs {} is more than the {} replicates a seed can address",
            args.runs,
            polder::rng::MAX_REPLICATE
        )));
    }
    if args.threads == Some(0) {
        return Err(bad("--threads must be at least 1"));
    }
    prepare_out(out, args.force)?;
    let pool = match args.threads {
        Some(t) => rayon::ThreadPoolBuilder::new().num_threads(t).build()?,
        None => rayon::ThreadPoolBuilder::new().build()?,
    };

    let bar = if args.quiet || !std::io::stderr().is_terminal() {
        ProgressBar::hidden()
    } else {
        let b = ProgressBar::with_draw_target(Some(args.runs), ProgressDrawTarget::stderr());
        b.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} runs  {per_sec}  eta {eta}")
                .expect("valid template"),
        );
        b
    };

    let started = Instant::now();
    let mut tables = RunTables::create(s, out, !args.no_rounds)?;
    let mut summary = BatchSummary::default();
    pool.install(|| {
        runner::run_replicates(s, args.seed, args.runs, !args.no_rounds, |chunk| {
            tables.write(chunk)?;
            for r in chunk {
                summary.push(&r.outcome, r.outcome.participant_rounds);
            }
            bar.inc(chunk.len() as u64);
            Ok::<(), anyhow::Error>(())
        })
    })?;
    let written = tables.commit()?;
    bar.finish_and_clear();
    let secs = started.elapsed().as_secs_f64().max(1e-9);

    if !args.quiet {
        eprintln!(
            "polder: {} runs of \"{}\" (seed {}) in {:.2} s on {} threads: {:.0} runs/s, {:.2} M participant-rounds/s",
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
    }
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
