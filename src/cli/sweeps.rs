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
                    allow_long: args.allow_long,
                };
                sweep::start(&opts, &mut progress, &STOP)
            }
        };
        report.map_err(sweep_error)
    })();
    match result {
        Ok(r) => report_sweep(&r, args.quiet),
        Err(e) => {
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
                    polder::output::progress::runs_of(&r.shape),
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
