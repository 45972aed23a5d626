//! `polder robust` on the shipped file scenarios/robust-regional-energy.toml (60 variants x 6
//! policies), with its replicates cut from 200 to 20 (7200 runs) so that criterion can take ten
//! samples: the sweep on both cores, then the analysis alone (robustness metrics, regret and
//! PRIM over the 60 variants). Run with `cargo bench --bench robust`; README.md and
//! docs/performance.md give the figures.

use std::path::Path;
use std::sync::atomic::AtomicBool;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use polder::output::robust::read_summary;
use polder::robust::{self, DEFAULT_THRESHOLD, Failure, prim};
use polder::sweep::{self, Options, Silent};

fn robust_file(c: &mut Criterion) {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("scenarios/robust-regional-energy.toml"))
        .expect("shipped robustness file")
        .replace(
            "scenario = \"regional-energy.toml\"",
            &format!(
                "scenario = \"{}\"",
                root.join("scenarios/regional-energy.toml").display()
            ),
        )
        .replace("replicates = 200", "replicates = 20");
    let file = dir.path().join("robust.toml");
    std::fs::write(&file, text).expect("write");
    let out = dir.path().join("out");
    let opts = Options {
        sweep_file: file,
        out: Some(out.clone()),
        force: true,
        ..Options::default()
    };
    let mut group = c.benchmark_group("robust");
    group.sample_size(10);
    group.throughput(Throughput::Elements(7200));
    group.bench_function("regional-energy_60x6x20_runs", |b| {
        b.iter(|| sweep::start(&opts, &mut Silent, &AtomicBool::new(false)).expect("sweep runs"))
    });
    group.throughput(Throughput::Elements(60));
    group.bench_function("analysis_60_variants", |b| {
        b.iter(|| {
            let v = read_summary(&out.join("summary.csv")).expect("summary");
            let rows = robust::robustness(&v, &[DEFAULT_THRESHOLD]);
            let best = robust::most_robust(&v);
            let (_, x) = robust::numeric_params(&v);
            let f = Failure::Misses(DEFAULT_THRESHOLD);
            let y: Vec<bool> = v.points.iter().map(|p| f.holds(p, best)).collect();
            (rows, prim::prim(&x, &y, prim::Settings::default()))
        })
    });
    group.finish();
}

criterion_group!(benches, robust_file);
criterion_main!(benches);
