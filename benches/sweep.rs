//! Throughput of `polder sweep` end to end: a 2 x 2 factorial sweep of care-network under two
//! policies, 64 replicates (512 runs) on one thread, written to a temporary directory with its
//! checkpoints, summary and manifest. Run with `cargo bench --bench sweep`.

use std::path::Path;
use std::sync::atomic::AtomicBool;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use polder::sweep::{self, Options, Silent};

fn sweep_chunk(c: &mut Criterion) {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let scenario = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/care-network.toml");
    let file = dir.path().join("bench.toml");
    std::fs::write(
        &file,
        format!(
            "scenario = \"{}\"\nreplicates = 64\npolicies = [\"none\", \"balanced\"]\n[[parameters]]\npath = \"archetypes.saboteur_share\"\nvalues = [0.0, 0.2]\n[[parameters]]\npath = \"constituency.strength\"\nvalues = [0.5, 1.5]\n",
            scenario.display()
        ),
    )
    .expect("write sweep file");
    let opts = Options {
        sweep_file: file,
        out: Some(dir.path().join("out")),
        threads: Some(1),
        force: true,
        chunk: Some(1024),
        ..Options::default()
    };
    let mut group = c.benchmark_group("sweep");
    group.sample_size(10);
    group.throughput(Throughput::Elements(512));
    group.bench_function("care-network_512_runs_1_thread", |b| {
        b.iter(|| sweep::start(&opts, &mut Silent, &AtomicBool::new(false)).expect("sweep runs"))
    });
    group.finish();
}

criterion_group!(benches, sweep_chunk);
criterion_main!(benches);
