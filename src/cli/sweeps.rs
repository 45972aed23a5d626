//! `polder sweep` and `polder merge`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::Ordering;

use super::args::*;
use super::common::*;
use polder::sweep::{self, SweepError};

pub(crate) fn sweep_error(e: SweepError) -> anyhow::Error {
    match e {
        SweepError::BadInput(e) => anyhow::Error::new(BadInput(e)),
        SweepError::Failed(m) => anyhow::anyhow!(m),
    }
}

/// `polder sweep`: start or resume; Ctrl-C finishes the chunk in flight and exits with 130.
pub(crate) fn sweep(args: &SweepArgs) -> ExitCode {
    match run_sweep(args) {
        Ok(r) => report_sweep(&r, args.quiet),
        Err(e) => exit_for(&e),
    }
}

/// Start or resume the sweep `args` describes (shared by `polder sweep` and `polder robust`).
pub(crate) fn run_sweep(args: &SweepArgs) -> anyhow::Result<sweep::Report> {
    run_sweep_of(args, None)
}

/// Start or resume the sweep `args` describes, of the `scenario`-th base scenario of a file
/// with several.
fn run_sweep_of(args: &SweepArgs, scenario: Option<usize>) -> anyhow::Result<sweep::Report> {
    {
        let env = |k: &str| std::env::var(k).ok();
        let threads = args.run.threads.or_else(|| sweep::threads_from_env(env));
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
        let mut progress = super::progress::SweepProgress::new(args.quiet);
        let report = match &args.resume {
            Some(dir) => sweep::resume(
                dir,
                threads,
                args.run.chunk,
                command_line,
                free_bytes,
                &mut progress,
                &STOP,
            ),
            None => {
                let shard = match args.run.shard {
                    Some(s) => Some(s),
                    None => sweep::shard_from_env(env).map_err(bad)?,
                };
                let opts = sweep::Options {
                    sweep_file: args
                        .sweep
                        .clone()
                        .expect("clap requires a sweep file without --resume"),
                    out: args.run.out.clone(),
                    seed: args.run.seed,
                    threads,
                    rounds_every: args.rounds,
                    shard,
                    force: args.run.force,
                    chunk: args.run.chunk,
                    command_line,
                    free_bytes,
                    allow_long: args.run.allow_long,
                    scenario,
                };
                sweep::start(&opts, &mut progress, &STOP)
            }
        };
        report.map_err(sweep_error)
    }
}

pub(crate) fn report_sweep(r: &sweep::Report, quiet: bool) -> ExitCode {
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
                    .map(|s| format!(", shard {}/{}", s.index, s.count))
                    .unwrap_or_default();
                eprintln!(
                    "polder: sweep of {}{shard} in {:.2} s on {} threads: {:.0} runs/s, {:.2} M participant-rounds/s",
                    super::progress::runs_of(&r.shape),
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
pub(crate) fn merge(args: &MergeArgs) -> anyhow::Result<()> {
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

/// `polder robust`: run (or resume) the robustness sweep (one per base scenario when the file
/// names several), then analyse its summary.csv; with `--from`, only analyse.
pub(crate) fn robust(args: &RobustArgs) -> ExitCode {
    let dir = match &args.from {
        Some(dir) => dir.clone(),
        None => match robust_sweeps(args) {
            Ok(Ok(dir)) => dir,
            Ok(Err(code)) => return code,
            Err(e) => return exit_for(&e),
        },
    };
    match analyse(args, &dir) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => exit_for(&e),
    }
}

/// The sweeps of a robustness run: (the sweep's arguments, which base scenario of several).
type Sweeps = Vec<(SweepArgs, Option<usize>)>;

/// Which sweeps `polder robust` starts or resumes, and the directory it analyses: one sweep for
/// one base scenario; for several, one sweep each in DIR/<scenario file name>.
fn robust_plan(args: &RobustArgs) -> anyhow::Result<(Sweeps, Option<PathBuf>)> {
    let sweep_args = |sweep: Option<PathBuf>, resume: Option<PathBuf>, out: Option<PathBuf>| {
        let mut run = args.run.clone();
        run.out = out;
        SweepArgs {
            sweep,
            resume,
            run,
            rounds: None,
            quiet: args.quiet,
        }
    };
    if let Some(dir) = &args.resume {
        if dir.join(sweep::state::MANIFEST).is_file() {
            return Ok((
                vec![(sweep_args(None, Some(dir.clone()), None), None)],
                None,
            ));
        }
        let subs = base_scenario_sweeps(dir)?;
        let sweeps = subs
            .into_iter()
            .map(|(d, m)| (sweep_args(None, Some(d), None), m.base_scenario))
            .collect();
        return Ok((sweeps, Some(dir.clone())));
    }
    let file = args
        .file
        .clone()
        .expect("clap requires a file without --resume or --from");
    let spec = sweep::load_sweep(&file).map_err(|e| bad(e.to_string()))?;
    if spec.scenarios.len() == 1 {
        return Ok((
            vec![(sweep_args(Some(file), None, args.run.out.clone()), None)],
            None,
        ));
    }
    let top = args
        .run
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("results").join(file.file_stem().unwrap_or_default()));
    let sweeps = spec
        .scenarios
        .iter()
        .enumerate()
        .map(|(k, path)| {
            let out = top.join(path.file_stem().unwrap_or_default());
            (sweep_args(Some(file.clone()), None, Some(out)), Some(k))
        })
        .collect();
    Ok((sweeps, Some(top)))
}

/// Run the sweeps of a robustness file: the directory to analyse, or the exit code when a
/// sweep was interrupted or only a shard ran.
fn robust_sweeps(args: &RobustArgs) -> anyhow::Result<Result<PathBuf, ExitCode>> {
    let (sweeps, top) = robust_plan(args)?;
    let mut last = None;
    let mut shard = None;
    for (sweep_args, scenario) in &sweeps {
        let r = run_sweep_of(sweep_args, *scenario)?;
        if r.status == sweep::Status::Interrupted {
            return Ok(Err(report_sweep(&r, args.quiet)));
        }
        if r.shard.is_some() {
            let code = report_sweep(&r, args.quiet);
            if code != ExitCode::SUCCESS {
                return Ok(Err(code));
            }
            shard = r.shard;
        }
        last = Some(r.dir);
    }
    if let Some(s) = shard {
        if !args.quiet {
            let each = if top.is_some() {
                " (each base scenario's shards by themselves, into MERGED/<scenario file name>)"
            } else {
                ""
            };
            eprintln!(
                "polder: shard {}/{} done; when every shard is, merge them with `polder merge`{each} and analyse with `polder robust --from MERGED`",
                s.index, s.count
            );
        }
        return Ok(Err(ExitCode::SUCCESS));
    }
    Ok(Ok(top
        .or(last)
        .expect("a robustness file has a base scenario")))
}

/// The sweeps of a robustness file with several base scenarios under `dir`: its subdirectories
/// that hold a sweep.json naming a base scenario, in the file's order.
fn base_scenario_sweeps(dir: &Path) -> anyhow::Result<Vec<(PathBuf, sweep::state::Manifest)>> {
    let mut subs = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let d = e.path();
            if let Ok(m) = sweep::state::Manifest::read(&d)
                && m.base_scenario.is_some()
            {
                subs.push((d, m));
            }
        }
    }
    subs.sort_by_key(|(_, m)| m.base_scenario);
    if subs.is_empty() {
        return Err(bad(format!(
            "{} holds no sweep: expected the directory of a finished sweep (or of merged shards), or of a robustness file's sweeps, one per base scenario",
            dir.display()
        )));
    }
    Ok(subs)
}

/// One part of the analysis: a base scenario (named when there are several) or all of them.
struct Part {
    key: Option<String>,
    v: polder::robust::Variants,
}

/// The variants to analyse in `dir`: its summary.csv, or, for several base scenarios, each
/// scenario's sweep's and then all of them pooled (keyed [`sweep::ACROSS`]).
fn read_parts(dir: &Path) -> anyhow::Result<Vec<Part>> {
    use polder::output::robust as files;
    let summary = dir.join("summary.csv");
    if summary.is_file() {
        let v = files::read_summary(&summary).map_err(|e| bad(e.to_string()))?;
        return Ok(vec![Part { key: None, v }]);
    }
    let subs = base_scenario_sweeps(dir).map_err(|_| {
        bad(format!(
            "{} holds no summary.csv: expected the directory of a finished sweep (or of merged shards)",
            dir.display()
        ))
    })?;
    let mut parts = Vec::new();
    for (d, m) in subs {
        let file = d.join("summary.csv");
        if !file.is_file() {
            return Err(bad(format!(
                "{} holds no summary.csv: the sweep of base scenario \"{}\" has not finished (resume it with `polder robust --resume {}`)",
                d.display(),
                m.scenario_name,
                dir.display()
            )));
        }
        let v = files::read_summary(&file).map_err(|e| bad(e.to_string()))?;
        parts.push(Part {
            key: Some(m.scenario_name),
            v,
        });
    }
    let first = &parts[0].v;
    if let Some(p) = parts
        .iter()
        .find(|p| p.v.policies != first.policies || p.v.params != first.params)
    {
        return Err(bad(format!(
            "the sweeps in {} differ in their policies or parameters ({} against {}): they are not one robustness file's",
            dir.display(),
            p.key.as_deref().unwrap_or_default(),
            parts[0].key.as_deref().unwrap_or_default()
        )));
    }
    let pooled = polder::robust::Variants {
        params: first.params.clone(),
        policies: first.policies.clone(),
        points: parts.iter().flat_map(|p| p.v.points.clone()).collect(),
    };
    parts.push(Part {
        key: Some(sweep::ACROSS.to_string()),
        v: pooled,
    });
    Ok(parts)
}

/// One part analysed: robustness, the most robust policy, scenario discovery.
struct Analysed {
    rows: Vec<polder::robust::Robustness>,
    best: usize,
    prim: polder::robust::prim::Prim,
    names: Vec<String>,
    qps: Vec<Vec<(Option<f64>, Option<f64>)>>,
}

fn analyse_part(
    v: &polder::robust::Variants,
    thresholds: &[polder::robust::Threshold],
    policy: usize,
    failure: polder::robust::Failure,
    min_density: f64,
) -> Analysed {
    use polder::robust::{self, prim};
    let rows = robust::robustness(v, thresholds);
    let best = robust::most_robust(v);
    let (cols, x) = robust::numeric_params(v);
    let y: Vec<bool> = v.points.iter().map(|p| failure.holds(p, policy)).collect();
    let settings = prim::Settings {
        min_density,
        ..prim::Settings::default()
    };
    let found = prim::prim(&x, &y, settings);
    let names: Vec<String> = cols.iter().map(|&j| v.params[j].clone()).collect();
    let qps = (0..found.trajectory.len())
        .map(|b| prim::quasi_p(&x, &y, &found, b))
        .collect();
    Analysed {
        rows,
        best,
        prim: found,
        names,
        qps,
    }
}

fn analyse(args: &RobustArgs, dir: &std::path::Path) -> anyhow::Result<()> {
    use polder::output::robust as files;
    use polder::robust::{self, DEFAULT_THRESHOLD, Failure, Outcome};
    let parts = read_parts(dir)?;
    let mut thresholds = args.threshold.clone();
    if !thresholds.iter().any(|t| t.outcome == Outcome::Ratified) {
        thresholds.insert(0, DEFAULT_THRESHOLD);
    }
    // across the base scenarios when there are several: the last part
    let whole = &parts[parts.len() - 1].v;
    let policy = match &args.policy {
        None => robust::most_robust(whole),
        Some(name) => whole
            .policies
            .iter()
            .position(|p| p == name)
            .ok_or_else(|| {
                bad(format!(
                    "--policy {name}: the sweep in {} has the policies {}",
                    dir.display(),
                    whole.policies.join(", ")
                ))
            })?,
    };
    let failure = match args.regret_above {
        Some(r) => Failure::RegretAbove(r),
        None => Failure::Misses(
            *thresholds
                .iter()
                .find(|t| t.outcome == Outcome::Ratified)
                .unwrap_or(&DEFAULT_THRESHOLD),
        ),
    };
    let done: Vec<Analysed> = parts
        .iter()
        .map(|p| analyse_part(&p.v, &thresholds, policy, failure, args.min_density))
        .collect();
    let robust_parts: Vec<_> = parts
        .iter()
        .zip(&done)
        .map(|(p, a)| (key(p), a.rows.as_slice(), p.v.policies[a.best].as_str()))
        .collect();
    // regret per (scenario, variant): the pooled part repeats the scenarios' rows
    let regret_parts: Vec<_> = parts
        .iter()
        .filter(|p| parts.len() == 1 || key(p) != Some(sweep::ACROSS))
        .map(|p| (key(p), &p.v))
        .collect();
    let failure_text = failure.describe();
    let discovery_parts: Vec<_> = parts
        .iter()
        .zip(&done)
        .map(|(p, a)| files::DiscoveryRows {
            key: key(p),
            policy: p.v.policies[policy].as_str(),
            failure: failure_text.as_str(),
            prim: &a.prim,
            names: &a.names,
            qps: &a.qps,
        })
        .collect();
    let written = [
        files::write_robust(dir, &robust_parts)?,
        files::write_regret(dir, &regret_parts)?,
        files::write_discovery(dir, &discovery_parts)?,
    ];
    if !args.quiet {
        for (p, a) in parts.iter().zip(&done) {
            if let Some(k) = key(p) {
                println!("\n== {} ==", across_heading(k));
            }
            print!(
                "{}",
                files::terminal(
                    &p.v,
                    &a.rows,
                    a.best,
                    &files::Discovery {
                        policy,
                        failure,
                        prim: &a.prim,
                        names: &a.names,
                        qp: &a.qps[a.prim.chosen],
                    },
                )
            );
        }
        for f in &written {
            println!("wrote {}", f.display());
        }
    }
    Ok(())
}

/// A part's key in the files' `scenario` column (none for one base scenario).
fn key(p: &Part) -> Option<&str> {
    p.key.as_deref()
}

/// The terminal's heading of a part of a robustness analysis with several base scenarios.
fn across_heading(key: &str) -> String {
    if key == sweep::ACROSS {
        "across all base scenarios: every scenario and variant".to_string()
    } else {
        format!("base scenario: {key}")
    }
}
