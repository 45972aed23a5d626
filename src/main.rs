//! The `polder` command line: a thin layer over the library. The commands' glue lives in
//! src/cli/ (args.rs: the options; jobs.rs: run, compare, policies, check, validate;
//! sweeps.rs: sweep and merge; tune.rs: tune; trainer.rs: trace and report; common.rs: shared pieces).
//!
//! Exit codes: 0 success, 1 a failure while running (e.g. a disk that fills up), 2 bad input
//! (a scenario, an option or an output directory that cannot be used), 130 stopped by Ctrl-C.
//! A processor too old for the build (src/cli/cpu.rs) is exit code 1, before anything runs.

mod cli;

use std::process::ExitCode;

use clap::Parser;
use polder::load_scenario;

use cli::args::{Cli, Command};
use cli::common::{INTERRUPTED, Interrupted, bad, compare_out, default_out, exit_for};
use cli::jobs::{calibrate, check, compare_policies, list_policies, run, run_default, validate};
use cli::sweeps::{merge, robust, sweep};
use cli::trainer::{report, trace};

/// A reader that stops early (`polder compare ... | head`) closes the pipe. Rust ignores
/// SIGPIPE and turns the failed write into a panic in `print!`; restore the conventional
/// behaviour of command-line tools instead: the process ends quietly on the signal. Every output
/// file is written to a temporary name and renamed when complete, so nothing half-written is
/// left behind; what goes to the terminal is only a summary of files already written.
fn quiet_on_broken_pipe() {
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to its default before any other thread exists
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

fn main() -> ExitCode {
    quiet_on_broken_pipe();
    if let Err(message) = cli::cpu::check() {
        eprintln!("{message}");
        return ExitCode::from(1);
    }
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
        Some(Command::Compare(args)) => args
            .scenarios
            .iter()
            .map(|path| load_scenario(path).map_err(|e| bad(e.to_string())))
            .collect::<anyhow::Result<Vec<_>>>()
            .and_then(|scenarios| {
                let out = args
                    .out
                    .clone()
                    .unwrap_or_else(|| compare_out(&args.scenarios));
                compare_policies(&scenarios, &args, &out)
            }),
        Some(Command::Trace(args)) => load_scenario(&args.scenario)
            .map_err(|e| bad(e.to_string()))
            .and_then(|s| trace(&s, &args)),
        Some(Command::Report(args)) => report(&args),
        Some(Command::Policies { scenario }) => list_policies(scenario.as_deref()),
        Some(Command::Sweep(args)) => return sweep(&args),
        Some(Command::Merge(args)) => merge(&args),
        Some(Command::Robust(args)) => return robust(&args),
        Some(Command::Tune(args)) => cli::tune::tune(&args),
        Some(Command::Calibrate(args)) => calibrate(&args),
        Some(Command::App(args)) => cli::app::app(&args),
        Some(Command::Check { scenario }) => check(&scenario),
        Some(Command::Validate { runs, seed, set }) => validate(runs, seed, &set),
        None => run_default(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.downcast_ref::<Interrupted>().is_some() => {
            eprintln!("polder: {e}");
            ExitCode::from(INTERRUPTED)
        }
        Err(e) => exit_for(&e),
    }
}
