//! Running many replicates: in parallel, in order, in bounded memory.
//!
//! Runs are split into chunks; each chunk is simulated in parallel with rayon and collected in
//! run order (an indexed collect keeps the order whatever the thread count), then handed to the
//! caller, who writes it out before the next chunk starts. Memory therefore stays flat in the
//! number of runs, and output is byte-identical for any number of threads. Without the
//! `parallel` feature (the browser build) the same chunks are simulated in order on the calling
//! thread, with the same results.

#[cfg(feature = "parallel")]
use rayon::prelude::*;

use crate::model::Model;
use crate::outcome::{NoObserver, Observer, RoundRecord, RoundRecorder, RunOutcome};
use crate::policy::PolicySpec;
use crate::rng::RunSeed;
use crate::scenario::Scenario;

/// Play one run to its end without a process manager, reporting each round to the observer.
pub fn simulate<O: Observer>(scenario: &Scenario, seed: RunSeed, observer: &mut O) -> RunOutcome {
    simulate_policy(scenario, None, seed, observer)
}

/// Play one run to its end with a process manager following `policy` (`None`: no manager).
pub fn simulate_policy<O: Observer>(
    scenario: &Scenario,
    policy: Option<&PolicySpec>,
    seed: RunSeed,
    observer: &mut O,
) -> RunOutcome {
    let mut m = Model::with_policy(scenario, policy, seed);
    loop {
        let more = m.step();
        observer.round(&m, &m.events);
        if !more {
            break;
        }
    }
    RunOutcome::of(&m)
}

/// One finished run.
#[derive(Debug, Clone)]
pub struct RunResult {
    pub run_id: u64,
    pub seed: RunSeed,
    pub outcome: RunOutcome,
    /// Per-round records, empty unless asked for.
    pub rounds: Vec<RoundRecord>,
}

/// Play one run (with a process manager following `policy`, or none), with its round records
/// if asked.
pub fn run_one(
    scenario: &Scenario,
    policy: Option<&PolicySpec>,
    run_id: u64,
    seed: RunSeed,
    record_rounds: bool,
) -> RunResult {
    let mut rec = RoundRecorder::default();
    let outcome = if record_rounds {
        simulate_policy(scenario, policy, seed, &mut rec)
    } else {
        simulate_policy(scenario, policy, seed, &mut NoObserver)
    };
    RunResult {
        run_id,
        seed,
        outcome,
        rounds: rec.rounds,
    }
}

/// Most worker threads a job may ask for with `--threads`: far more than any machine polder
/// runs on has cores (more threads than cores only cost memory and switching).
pub const MAX_THREADS: usize = 1024;

/// Check a `--threads` option: at least 1, at most [`MAX_THREADS`].
pub fn check_threads(threads: Option<usize>) -> Result<(), String> {
    match threads {
        Some(0) => Err("--threads must be at least 1".into()),
        Some(t) if t > MAX_THREADS => Err(format!(
            "--threads {t} is more than the {MAX_THREADS} worker threads polder starts; give at most the machine's cores"
        )),
        _ => Ok(()),
    }
}

/// Runs per chunk: enough to keep every thread busy, small enough to keep memory flat.
pub fn chunk_size(record_rounds: bool) -> usize {
    #[cfg(feature = "parallel")]
    let threads = rayon::current_num_threads().max(1);
    #[cfg(not(feature = "parallel"))]
    let threads = 1;
    if record_rounds {
        64 * threads
    } else {
        1024 * threads
    }
}

/// Run replicates `0..runs` of one scenario (design point 0) under `policy` in parallel, in
/// chunks, and hand each chunk to `sink` in replicate order; replicate `r` gets run id
/// `first_run_id + r`. Stops at the first error of the sink.
pub fn run_replicates<E: Send>(
    scenario: &Scenario,
    policy: Option<&PolicySpec>,
    master_seed: u64,
    runs: u64,
    first_run_id: u64,
    record_rounds: bool,
    sink: impl FnMut(&[RunResult]) -> Result<(), E> + Send,
) -> Result<(), E> {
    run_replicate_range(
        scenario,
        policy,
        master_seed,
        0..runs,
        first_run_id,
        record_rounds,
        sink,
    )
}

/// [`run_replicates`] for the replicates `replicates` (e.g. `100..300`, the ones a search adds
/// to those it has played): replicate `r` gets run id `first_run_id + r` and the seed
/// `RunSeed::new(master_seed, 0, r)`, exactly as in `0..runs`.
pub fn run_replicate_range<E: Send>(
    scenario: &Scenario,
    policy: Option<&PolicySpec>,
    master_seed: u64,
    replicates: std::ops::Range<u64>,
    first_run_id: u64,
    record_rounds: bool,
    mut sink: impl FnMut(&[RunResult]) -> Result<(), E> + Send,
) -> Result<(), E> {
    let runs = replicates.end;
    let chunk = chunk_size(record_rounds) as u64;
    let compute = |range: std::ops::Range<u64>| -> Vec<RunResult> {
        #[cfg(feature = "parallel")]
        let range = range.into_par_iter();
        range
            .map(|r| {
                run_one(
                    scenario,
                    policy,
                    first_run_id + r,
                    RunSeed::new(master_seed, 0, r),
                    record_rounds,
                )
            })
            .collect()
    };
    // The sink takes each chunk while the workers compute the next one; if it fails (or
    // stops the job), the chunk in flight is dropped unwritten.
    let mut done: Option<Vec<RunResult>> = None;
    let mut start = replicates.start;
    while start < runs {
        let end = (start + chunk).min(runs);
        done = Some(match done.take() {
            None => compute(start..end),
            Some(results) => {
                #[cfg(feature = "parallel")]
                let (next, taken) = rayon::join(|| compute(start..end), || sink(&results));
                #[cfg(not(feature = "parallel"))]
                let (next, taken) = (compute(start..end), sink(&results));
                taken?;
                next
            }
        });
        start = end;
    }
    match done {
        Some(results) => sink(&results),
        None => Ok(()),
    }
}
