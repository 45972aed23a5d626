//! Throughput of the model: one run of each shipped scenario, one run of 100 rounds of the
//! default table, a chunk of runs as a sweep would play them, and the time per
//! participant-round. Run with `cargo bench`; criterion reports time per iteration, and the
//! throughput lines give runs per second (participant-rounds per second in the group
//! `participant_round`, whose reciprocal is docs/performance.md's ns per participant-round).

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use polder::outcome::NoObserver;
use polder::{RunSeed, load_scenario, simulate};

const SCENARIOS: &[&str] = &[
    "scenarios/regional-energy.toml",
    "scenarios/area-development.toml",
    "scenarios/care-network.toml",
];

fn one_run(c: &mut Criterion) {
    let mut group = c.benchmark_group("one_run");
    for path in SCENARIOS {
        let Ok(s) = load_scenario(Path::new(path)) else {
            continue;
        };
        group.throughput(Throughput::Elements(1));
        let mut rep = 0u64;
        group.bench_function(path.trim_start_matches("scenarios/"), |b| {
            b.iter(|| {
                rep += 1;
                black_box(simulate(&s, RunSeed::new(1, 0, rep), &mut NoObserver))
            })
        });
    }
    group.finish();
}

fn chunk(c: &mut Criterion) {
    let s = load_scenario(Path::new(SCENARIOS[0])).expect("default scenario loads");
    let mut group = c.benchmark_group("chunk");
    group.sample_size(10);
    let runs = 256u64;
    group.throughput(Throughput::Elements(runs));
    group.bench_function("regional-energy_256_runs_1_thread", |b| {
        b.iter(|| {
            let mut agreements = 0;
            for r in 0..runs {
                agreements +=
                    u32::from(simulate(&s, RunSeed::new(1, 0, r), &mut NoObserver).agreement);
            }
            black_box(agreements)
        })
    });
    group.finish();
}

/// The table of benches/hundred-rounds.toml: regional-energy with its phases stretched to 100
/// planned rounds, a deadline of 100 and nobody leaving, so that a run is 100 rounds of about
/// 20 parties (about 1 950 participant-rounds) and the per-run seating weighs little.
fn hundred_round_table() -> polder::Scenario {
    let mut s = load_scenario(Path::new(SCENARIOS[0])).expect("default scenario loads");
    s.process.max_rounds = 100;
    for (phase, rounds) in s.process.phases.iter_mut().zip([20, 25, 30, 25]) {
        phase.rounds = rounds;
    }
    s.exit.baseline = -20.0;
    s
}

fn hundred_rounds(c: &mut Criterion) {
    let s = hundred_round_table();
    let mut group = c.benchmark_group("one_run");
    group.throughput(Throughput::Elements(1));
    let mut rep = 0u64;
    group.bench_function("regional-energy_100_rounds", |b| {
        b.iter(|| {
            rep += 1;
            black_box(simulate(&s, RunSeed::new(1, 0, rep), &mut NoObserver))
        })
    });
    group.finish();
}

/// The unit of work, one party at the table for one round, on the default scenario's own runs
/// (seating included, as `examples/hotloop` measures it) and on the 100-round table: the same
/// fixed runs every iteration, with throughput in participant-rounds, counted once beforehand.
fn participant_round(c: &mut Criterion) {
    let mut group = c.benchmark_group("participant_round");
    group.sample_size(20);
    for (name, s, runs) in [
        (
            "regional-energy_own_runs",
            load_scenario(Path::new(SCENARIOS[0])).expect("default scenario loads"),
            64u64,
        ),
        ("regional-energy_100_rounds", hundred_round_table(), 16),
    ] {
        let play = |s: &polder::Scenario| -> u64 {
            (0..runs)
                .map(|r| simulate(s, RunSeed::new(1, 0, r), &mut NoObserver).participant_rounds)
                .sum()
        };
        group.throughput(Throughput::Elements(play(&s)));
        group.bench_function(name, |b| b.iter(|| black_box(play(&s))));
    }
    group.finish();
}

criterion_group!(benches, one_run, hundred_rounds, chunk, participant_round);
criterion_main!(benches);
