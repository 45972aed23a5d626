//! The command line as clap sees it: every command and option, with its help text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// polder simulates multi-party collaboration processes (government, market parties and civil
/// society around one table) and the four domains of process trust: content, social,
/// procedural, task & time. It reports how often parties drop out and how often an agreement is
/// reached that the constituencies carry.
///
/// Without a command, polder runs its built-in default scenario (scenarios/regional-energy.toml)
/// 1000 times and writes results/default/ (or results/default-2/, ... when earlier results are there).
#[derive(Parser)]
#[command(name = "polder", version, about, long_about)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand)]
pub(crate) enum Command {
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
    /// Saltelli designs); writes runs.csv, summary.csv, design.csv and sweep.json. See docs/researchers.md.
    Sweep(SweepArgs),
    /// Combine the shard directories of a sweep into the files an unsharded sweep writes.
    Merge(MergeArgs),
    /// Compare policies under deep uncertainty: run a sweep over the uncertain parameters (every
    /// policy meets every variant on the same replicates), then write robust.csv (per policy:
    /// mean, percentiles, satisficing share, regret), regret.csv and discovery.csv (PRIM boxes:
    /// where the chosen policy fails). See docs/analysts.md.
    Robust(RobustArgs),
    /// Search a family of policies for the one with the highest ratified (or inclusive)
    /// agreement rate at a budget, on common random numbers, then confirm the winner against
    /// every built-in policy on fresh replicates; prints it as a `[[policies]]` block and writes
    /// tune.csv, compare.csv and scenario.toml. See docs/analysts.md.
    Tune(TuneArgs),
    /// Calibrate by pattern filtering: run every claim and pattern of `validate` at each sample
    /// of an LHS sweep file's parameters; writes calibration.csv and calibration.txt (the
    /// surviving ranges). See docs/validation.md
    Calibrate(CalibrateArgs),
    /// Tell one run round by round as a story a workshop audience can follow; with --versus,
    /// two process managers side by side on the same parties with the same luck.
    Trace(TraceArgs),
    /// Turn the output of run, compare, sweep, robust or trace into one self-contained HTML report
    /// with charts.
    Report(ReportArgs),
    /// Write the trainer's page: one self-contained HTML file that runs the model in the
    /// browser, offline (build its WebAssembly first with scripts/build-app.sh, which also runs
    /// this). See docs/trainers.md.
    App(AppArgs),
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
        /// Set a parameter on every table before the experiments, e.g.
        /// `--set exit.contagion=2.5` (dotted path as in a sweep file; repeatable)
        #[arg(long = "set", value_name = "PATH=VALUE")]
        set: Vec<String>,
    },
}

#[derive(Args)]
pub(crate) struct AppArgs {
    /// The HTML file to write; an earlier page there is replaced, any other file only with
    /// --force.
    #[arg(long, short = 'o', default_value = "polder.html")]
    pub out: PathBuf,
    /// The model compiled to WebAssembly, as scripts/build-app.sh builds it.
    #[arg(long, default_value = "target/wasm32-unknown-unknown/web/polder.wasm")]
    pub wasm: PathBuf,
    /// Replace the -o file even if it is not a page polder wrote (never a link, device or pipe).
    #[arg(long)]
    pub force: bool,
}

#[derive(Args)]
pub(crate) struct RunArgs {
    /// Scenario file (TOML), e.g. scenarios/regional-energy.toml.
    pub scenario: PathBuf,
    /// Number of replicates to run.
    #[arg(long, short = 'n', default_value_t = 1000)]
    pub runs: u64,
    /// Master seed: the same seed gives byte-identical output.
    #[arg(long, short = 's', default_value_t = 1)]
    pub seed: u64,
    /// Process-manager policy: a built-in one or one the scenario defines (see `polder
    /// policies`); `none` is no process manager.
    #[arg(long, short = 'p', default_value = "none")]
    pub policy: String,
    /// Output directory [default: results/<scenario file name>].
    #[arg(long, short = 'o')]
    pub out: Option<PathBuf>,
    /// Worker threads [default: RAYON_NUM_THREADS, else all cores]. Output does not depend on it.
    #[arg(long, short = 't')]
    pub threads: Option<usize>,
    /// Skip rounds.csv (one row per run and round; large for many runs).
    #[arg(long)]
    pub no_rounds: bool,
    /// Play more than polder's limit of participant-rounds (10^10; 10^7 for a trace), which
    /// would run for hours at worst (docs/files-and-limits.md).
    #[arg(long)]
    pub allow_long: bool,
    /// Replace results already in the output directory.
    #[arg(long)]
    pub force: bool,
    /// No progress bar and no summary on the terminal.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

#[derive(Args)]
pub(crate) struct CompareArgs {
    /// Scenario files (TOML), e.g. scenarios/regional-energy.toml; with several, every policy
    /// is compared on each, and also across them.
    #[arg(required = true, num_args = 1..)]
    pub scenarios: Vec<PathBuf>,
    /// Policies to compare, comma-separated, e.g. none,balanced,monitor: built-in ones or ones
    /// the scenario defines (see `polder policies`); `all` for every built-in policy and the
    /// scenario's own.
    #[arg(long, short = 'p', value_delimiter = ',', required = true)]
    pub policies: Vec<String>,
    /// The policy the others are compared against; added to --policies (first) if absent.
    #[arg(long, short = 'b', default_value = "none")]
    pub baseline: String,
    /// Replicates per policy; every policy plays the same ones.
    #[arg(long, short = 'n', default_value_t = 1000)]
    pub runs: u64,
    /// Master seed: the same seed gives byte-identical output.
    #[arg(long, short = 's', default_value_t = 1)]
    pub seed: u64,
    /// Output directory [default: results/<scenario file name>-compare].
    #[arg(long, short = 'o')]
    pub out: Option<PathBuf>,
    /// Worker threads [default: RAYON_NUM_THREADS, else all cores]. Output does not depend on it.
    #[arg(long, short = 't')]
    pub threads: Option<usize>,
    /// Play more than polder's limit of participant-rounds (10^10; 10^7 for a trace), which
    /// would run for hours at worst (docs/files-and-limits.md).
    #[arg(long)]
    pub allow_long: bool,
    /// Replace results already in the output directory.
    #[arg(long)]
    pub force: bool,
    /// No progress bar and no report on the terminal.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// Where and how a sweep runs: shared by `polder sweep` and `polder robust`.
#[derive(Args, Clone)]
pub(crate) struct SweepRun {
    /// Output directory [default: results/<sweep file name>]; a shard writes into its
    /// subdirectory shard-KKKK-of-NNNN.
    #[arg(long, short = 'o')]
    pub out: Option<PathBuf>,
    /// Master seed [default: the sweep file's `seed`, else 1].
    #[arg(long, short = 's')]
    pub seed: Option<u64>,
    /// Worker threads [default: SLURM_CPUS_PER_TASK, else RAYON_NUM_THREADS, else all cores].
    /// Output does not depend on it.
    #[arg(long, short = 't')]
    pub threads: Option<usize>,
    /// Run only shard K of N (K counted from 0): a contiguous block of run ids [default: from
    /// SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT in a Slurm array job].
    #[arg(long, value_name = "K/N", value_parser = parse_shard)]
    pub shard: Option<polder::sweep::Shard>,
    /// Runs per chunk; each chunk is written and checkpointed before the next one starts
    /// [default: 1024 per thread, 128 per thread with --rounds].
    #[arg(long, value_name = "RUNS")]
    pub chunk: Option<u64>,
    /// Play more than polder's limit of participant-rounds (10^10; 10^7 for a trace), which
    /// would run for hours at worst (docs/files-and-limits.md).
    #[arg(long)]
    pub allow_long: bool,
    /// Replace a sweep already in the output directory.
    #[arg(long)]
    pub force: bool,
}

#[derive(Args)]
pub(crate) struct SweepArgs {
    /// Sweep file (TOML), e.g. scenarios/sweep-saboteurs.toml.
    #[arg(required_unless_present = "resume")]
    pub sweep: Option<PathBuf>,
    /// Continue the interrupted (or killed) sweep in DIR, without losing or repeating a run.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["sweep", "out", "seed", "rounds", "shard", "force"])]
    pub resume: Option<PathBuf>,
    #[command(flatten)]
    pub run: SweepRun,
    /// Also write rounds.csv with every K-th round of every run (and its last round).
    #[arg(long, value_name = "every=K", value_parser = parse_rounds)]
    pub rounds: Option<u32>,
    /// No progress bar, estimate or summary on the terminal.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

#[derive(Args)]
pub(crate) struct RobustArgs {
    /// Robustness file (TOML): a sweep file whose parameters are the uncertainties and whose
    /// policies are the candidates, e.g. scenarios/robust-regional-energy.toml.
    #[arg(required_unless_present_any = ["resume", "from"])]
    pub file: Option<PathBuf>,
    /// Analyse the finished sweep in DIR (or the merge of its shards) without running anything.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["file", "resume", "out", "seed", "shard", "force", "chunk", "threads"])]
    pub from: Option<PathBuf>,
    /// Continue the interrupted robustness sweep in DIR, then analyse it.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["file", "out", "seed", "shard", "force"])]
    pub resume: Option<PathBuf>,
    #[command(flatten)]
    pub run: SweepRun,
    /// A satisficing threshold, METRIC=VALUE: ratified_rate and inclusive_rate must be at least
    /// VALUE, dropout_rate and budget_spent at most; repeat for several [default:
    /// ratified_rate=0.5].
    #[arg(long, value_name = "METRIC=VALUE", value_parser = parse_threshold)]
    pub threshold: Vec<polder::robust::Threshold>,
    /// The policy whose failures scenario discovery explains [default: the most robust, the
    /// smallest maximum regret on the ratified rate].
    #[arg(long)]
    pub policy: Option<String>,
    /// Count a variant as a failure of that policy when its regret on the ratified rate is
    /// above REGRET, instead of when it misses the ratified_rate threshold.
    #[arg(long, value_name = "REGRET")]
    pub regret_above: Option<f64>,
    /// The density the offered PRIM box must reach: of the boxes at least this dense, the one
    /// with the best harmonic mean of coverage and density is offered (else the densest).
    #[arg(long, default_value_t = 0.8)]
    pub min_density: f64,
    /// No progress bar and no summary on the terminal.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

pub(crate) fn parse_threshold(s: &str) -> Result<polder::robust::Threshold, String> {
    use polder::robust::{Outcome, Threshold};
    let keys = || {
        Outcome::ALL
            .iter()
            .map(|o| o.key())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (k, v) = s.split_once('=').ok_or_else(|| {
        format!(
            "expected METRIC=VALUE (METRIC one of {}), got `{s}`",
            keys()
        )
    })?;
    let outcome = Outcome::from_key(k.trim())
        .ok_or_else(|| format!("unknown metric `{}`: expected one of {}", k.trim(), keys()))?;
    let value: f64 = v
        .trim()
        .parse()
        .ok()
        .filter(|x: &f64| x.is_finite() && *x >= 0.0)
        .ok_or_else(|| {
            format!(
                "expected a number of at least 0 after `=`, got `{}`",
                v.trim()
            )
        })?;
    if outcome != Outcome::Budget && value > 1.0 {
        return Err(format!(
            "{} is a share: expected 0..1, got {value}",
            outcome.key()
        ));
    }
    Ok(Threshold { outcome, value })
}

#[derive(Args)]
pub(crate) struct MergeArgs {
    /// Shard directories, or directories holding shard-* directories.
    #[arg(required = true)]
    pub dirs: Vec<PathBuf>,
    /// Where to write the merged files.
    #[arg(long, short = 'o')]
    pub out: PathBuf,
    /// Replace results already in the output directory.
    #[arg(long)]
    pub force: bool,
    /// Print nothing on success.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

pub(crate) fn parse_rounds(s: &str) -> Result<u32, String> {
    s.strip_prefix("every=")
        .and_then(|k| k.trim().parse::<u32>().ok())
        .filter(|&k| k >= 1)
        .ok_or_else(|| format!("expected every=K with K a whole number of at least 1, got `{s}`"))
}

pub(crate) fn parse_shard(s: &str) -> Result<polder::sweep::Shard, String> {
    polder::sweep::Shard::parse(s)
}

#[derive(Args)]
pub(crate) struct TraceArgs {
    /// Scenario file (TOML), e.g. scenarios/regional-energy.toml.
    pub scenario: PathBuf,
    /// Process-manager policy: a built-in one or one the scenario defines (see `polder
    /// policies`); `none` is no process manager.
    #[arg(long, short = 'p', default_value = "none")]
    pub policy: String,
    /// A second policy, played on the same parties with the same luck: the story shows where
    /// the two runs part ways and why.
    #[arg(long)]
    pub versus: Option<String>,
    /// Master seed: the same seed gives the same story.
    #[arg(long, short = 's', default_value_t = 1)]
    pub seed: u64,
    /// Which run to tell: run N of `polder run` with the same seed.
    #[arg(long, default_value_t = 0)]
    pub run: u64,
    /// Language of the story.
    #[arg(long, value_enum, default_value_t = LangArg::En)]
    pub lang: LangArg,
    /// Also write the run(s) into this directory (story.txt, rounds.csv, participants.csv,
    /// events.csv, trace.toml, scenario.toml) for `polder report`.
    #[arg(long, short = 'o')]
    pub out: Option<PathBuf>,
    /// Play more than polder's limit of participant-rounds (10^10; 10^7 for a trace), which
    /// would run for hours at worst (docs/files-and-limits.md).
    #[arg(long)]
    pub allow_long: bool,
    /// Replace results already in the output directory.
    #[arg(long)]
    pub force: bool,
}

#[derive(Args)]
pub(crate) struct TuneArgs {
    /// Scenario file (TOML), e.g. scenarios/area-development.toml.
    pub scenario: PathBuf,
    /// The process manager's budget per round (units of time and attention; `polder policies
    /// SCENARIO` shows the costs) for the search and the confirmation [default: the scenario's
    /// manager.budget].
    #[arg(long, allow_hyphen_values = true)]
    pub budget: Option<f64>,
    /// What the search maximises: the ratified or the inclusive agreement rate.
    #[arg(long, value_enum, default_value_t = ObjectiveArg::Ratified)]
    pub objective: ObjectiveArg,
    /// Points of the family sampled (a Latin hypercube), besides the built-in policies it
    /// expresses; points that give the same rules as an earlier candidate are merged.
    #[arg(long, default_value_t = 64)]
    pub candidates: usize,
    /// Replicates per candidate in the first rung of the search; each later rung keeps the best
    /// third of the candidates and triples the replicates.
    #[arg(long, short = 'n', default_value_t = 100)]
    pub replicates: u64,
    /// Replicates per policy of the confirmation (fresh ones, from --confirm-seed).
    #[arg(long, default_value_t = 2000)]
    pub confirm: u64,
    /// Master seed of the search: the same seed gives byte-identical output.
    #[arg(long, short = 's', default_value_t = 1)]
    pub seed: u64,
    /// Master seed of the confirmation's replicates [default: --seed + 1]; it must differ from
    /// --seed, so that the winner is confirmed on replicates it was not chosen on.
    #[arg(long)]
    pub confirm_seed: Option<u64>,
    /// Search the sampled points only, without the built-in policies as candidates.
    #[arg(long)]
    pub no_builtins: bool,
    /// Name of the tuned policy in the printed block, compare.csv and scenario.toml.
    #[arg(long, default_value = "tuned")]
    pub name: String,
    /// Output directory [default: results/<scenario file name>-tune].
    #[arg(long, short = 'o')]
    pub out: Option<PathBuf>,
    /// Worker threads [default: RAYON_NUM_THREADS, else all cores]. Output does not depend on it.
    #[arg(long, short = 't')]
    pub threads: Option<usize>,
    /// Play more than polder's limit of participant-rounds (10^10; 10^7 for a trace), which
    /// would run for hours at worst (docs/files-and-limits.md).
    #[arg(long)]
    pub allow_long: bool,
    /// Replace results already in the output directory.
    #[arg(long)]
    pub force: bool,
    /// No progress bar and no report on the terminal.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// The outcome `polder tune` maximises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ObjectiveArg {
    /// The ratified agreement rate.
    Ratified,
    /// The inclusive agreement rate.
    Inclusive,
}

#[derive(Args)]
pub(crate) struct CalibrateArgs {
    /// An LHS sweep file of numeric parameters with ranges, e.g. scenarios/calibration.toml
    /// (its `replicates` are the replicates per arm of every experiment)
    pub file: PathBuf,
    /// Replicates per arm [default: the file's `replicates`]
    #[arg(long, short = 'n')]
    pub runs: Option<u64>,
    /// Master seed of the design and the experiments [default: the file's `seed`, else 1]
    #[arg(long, short = 's')]
    pub seed: Option<u64>,
    /// Output directory [default: results/<file name>]
    #[arg(long, short = 'o')]
    pub out: Option<PathBuf>,
    /// Replace a calibration already in the output directory
    #[arg(long)]
    pub force: bool,
}

#[derive(Args)]
pub(crate) struct ReportArgs {
    /// A directory written by `polder run`, `compare`, `sweep` or `trace --out`.
    pub results: PathBuf,
    /// The HTML file to write [default: RESULTS/report.html]; an earlier report there is
    /// replaced, any other file only with --force.
    #[arg(long, short = 'o')]
    pub out: Option<PathBuf>,
    /// Language of the report [default: the trace's language, else en].
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
    /// Replace the -o file even if it is not a polder report (never a link, device or pipe).
    #[arg(long)]
    pub force: bool,
}

/// The language of a story or a report, as clap lists and checks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum LangArg {
    /// English
    En,
    /// Dutch, in the seed article's terms (Nederlands)
    Nl,
}

impl From<LangArg> for polder::text::Lang {
    fn from(l: LangArg) -> Self {
        match l {
            LangArg::En => polder::text::Lang::En,
            LangArg::Nl => polder::text::Lang::Nl,
        }
    }
}
