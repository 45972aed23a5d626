//! Profiling aid: play N runs of a scenario on one thread without output, then print the
//! participant-rounds played. `valgrind --tool=callgrind target/release/examples/hotloop`.
use polder::outcome::NoObserver;
use polder::{RunSeed, load_scenario, simulate};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = args
        .get(1)
        .map(String::as_str)
        .unwrap_or("scenarios/regional-energy.toml");
    let runs: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(300);
    let s = load_scenario(std::path::Path::new(path)).expect("scenario loads");
    let mut pr = 0u64;
    for r in 0..runs {
        pr += simulate(&s, RunSeed::new(1, 0, r), &mut NoObserver).participant_rounds;
    }
    println!("{runs} runs, {pr} participant-rounds");
}
