//! Throughput of the model on one thread, without output: play N runs of a scenario and print
//! the participant-rounds played and the time per participant-round. Also the profiling aid:
//! `valgrind --tool=callgrind target/release/examples/hotloop SCENARIO RUNS`.
//!
//! `cargo run --release --example hotloop [SCENARIO] [RUNS] [hundred]` (defaults: the default
//! scenario, 20 000 runs). With `hundred`, the table plays 100 rounds with nobody leaving, as in
//! benches/hundred-rounds.toml (phases stretched to 100 planned rounds, deadline 100, exit
//! baseline -20). docs/performance.md's figures are the best of five.
use std::time::Instant;

use polder::outcome::NoObserver;
use polder::{RunSeed, load_scenario, simulate};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = args
        .get(1)
        .map(String::as_str)
        .unwrap_or("scenarios/regional-energy.toml");
    let runs: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(20_000);
    let mut s = load_scenario(std::path::Path::new(path)).expect("scenario loads");
    if args.get(3).is_some_and(|a| a == "hundred") {
        s.process.max_rounds = 100;
        let plan = [20, 25, 30, 25];
        for (phase, rounds) in s.process.phases.iter_mut().zip(plan) {
            phase.rounds = rounds;
        }
        s.exit.baseline = -20.0;
    }
    let started = Instant::now();
    let mut pr = 0u64;
    for r in 0..runs {
        pr += simulate(&s, RunSeed::new(1, 0, r), &mut NoObserver).participant_rounds;
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{runs} runs, {pr} participant-rounds in {secs:.2} s on one thread: {:.1} ns per participant-round, {:.2} M participant-rounds/s",
        secs * 1e9 / pr as f64,
        pr as f64 / secs / 1e6
    );
}
