//! `polder sweep` and `polder merge`.

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

/// `polder robust`: run (or resume) the robustness sweep, then analyse its summary.csv; with
/// `--from`, only analyse.
pub(crate) fn robust(args: &RobustArgs) -> ExitCode {
    let dir = match &args.from {
        Some(dir) => dir.clone(),
        None => {
            let sweep_args = SweepArgs {
                sweep: args.file.clone(),
                resume: args.resume.clone(),
                run: args.run.clone(),
                rounds: None,
                quiet: args.quiet,
            };
            let r = match run_sweep(&sweep_args) {
                Ok(r) => r,
                Err(e) => return exit_for(&e),
            };
            if r.status == sweep::Status::Interrupted {
                return report_sweep(&r, args.quiet);
            }
            if let Some(s) = r.shard {
                let code = report_sweep(&r, args.quiet);
                if !args.quiet {
                    eprintln!(
                        "polder: shard {}/{} done; when every shard is, merge them with `polder merge` and analyse with `polder robust --from DIR`",
                        s.index, s.count
                    );
                }
                return code;
            }
            r.dir
        }
    };
    match analyse(args, &dir) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => exit_for(&e),
    }
}

fn analyse(args: &RobustArgs, dir: &std::path::Path) -> anyhow::Result<()> {
    use polder::output::robust as files;
    use polder::robust::{self, DEFAULT_THRESHOLD, Failure, Outcome, prim};
    let summary = dir.join("summary.csv");
    if !summary.is_file() {
        return Err(bad(format!(
            "{} holds no summary.csv: expected the directory of a finished sweep (or of merged shards)",
            dir.display()
        )));
    }
    let v = files::read_summary(&summary).map_err(|e| bad(e.to_string()))?;
    let mut thresholds = args.threshold.clone();
    if !thresholds.iter().any(|t| t.outcome == Outcome::Ratified) {
        thresholds.insert(0, DEFAULT_THRESHOLD);
    }
    let rows = robust::robustness(&v, &thresholds);
    let best = robust::most_robust(&v);
    let policy = match &args.policy {
        None => best,
        Some(name) => v.policies.iter().position(|p| p == name).ok_or_else(|| {
            bad(format!(
                "--policy {name}: the sweep in {} has the policies {}",
                dir.display(),
                v.policies.join(", ")
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
    let (cols, x) = robust::numeric_params(&v);
    let y: Vec<bool> = v.points.iter().map(|p| failure.holds(p, policy)).collect();
    let settings = prim::Settings {
        min_density: args.min_density,
        ..prim::Settings::default()
    };
    let found = prim::prim(&x, &y, settings);
    let names: Vec<String> = cols.iter().map(|&j| v.params[j].clone()).collect();
    let qps: Vec<_> = (0..found.trajectory.len())
        .map(|b| prim::quasi_p(&x, &y, &found, b))
        .collect();
    let written = [
        files::write_robust(dir, &rows, &v.policies[best])?,
        files::write_regret(dir, &v)?,
        files::write_discovery(dir, &found, &names, &qps)?,
    ];
    if !args.quiet {
        print!(
            "{}",
            files::terminal(
                &v,
                &rows,
                best,
                &files::Discovery {
                    policy,
                    failure,
                    prim: &found,
                    names: &names,
                    qp: &qps[found.chosen],
                },
            )
        );
        for f in &written {
            println!("wrote {}", f.display());
        }
    }
    Ok(())
}
