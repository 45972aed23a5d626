//! Generated garbage: thousands of randomly mutated scenario files go through the loader, and
//! none may panic. Every mutant either loads (and then plays a run without panicking or
//! producing a non-finite number) or is refused with a message.
//!
//! Sizes: 4000 mutants of the three shipped scenarios, seven kinds of mutation, fixed seed;
//! mutants that load and seat at most 60 parties play one run.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use polder::outcome::NoObserver;
use polder::{RunSeed, parse_scenario, simulate};
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};

const SPECIALS: &[&str] = &[
    "-1",
    "0",
    "1",
    "2",
    "0.5",
    "-0.0",
    "1e308",
    "-1e308",
    "1e-300",
    "1e-16",
    "5e-324",
    "nan",
    "inf",
    "-inf",
    "99999999999999999999",
    "\"x\"",
    "true",
    "[]",
    "{}",
    "0x10",
    "1_000",
];

fn mutate(text: &str, rng: &mut ChaCha8Rng) -> Vec<u8> {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    match rng.random_range(0..7u32) {
        0 => {
            // replace the value of a random `key = value` line
            let keyed: Vec<usize> = (0..lines.len())
                .filter(|&i| lines[i].contains('=') && !lines[i].trim_start().starts_with('#'))
                .collect();
            if let Some(&i) = keyed.get(rng.random_range(0..keyed.len().max(1))) {
                let key = lines[i].split('=').next().unwrap().to_string();
                let v = SPECIALS[rng.random_range(0..SPECIALS.len())];
                lines[i] = format!("{key}= {v}");
            }
        }
        1 => {
            if !lines.is_empty() {
                let i = rng.random_range(0..lines.len());
                lines.remove(i);
            }
        }
        2 => {
            if !lines.is_empty() {
                let i = rng.random_range(0..lines.len());
                let l = lines[i].clone();
                lines.insert(i, l);
            }
        }
        3 => {
            if lines.len() > 1 {
                let (i, j) = (
                    rng.random_range(0..lines.len()),
                    rng.random_range(0..lines.len()),
                );
                lines.swap(i, j);
            }
        }
        4 => {
            let i = rng.random_range(0..=lines.len());
            let junk: String = (0..rng.random_range(1..20))
                .map(|_| char::from(rng.random_range(32u8..127)))
                .collect();
            lines.insert(i, junk);
        }
        5 => {
            let mut bytes = lines.join("\n").into_bytes();
            if !bytes.is_empty() {
                let cut = rng.random_range(0..bytes.len());
                bytes.truncate(cut);
            }
            return bytes;
        }
        _ => {
            let mut bytes = lines.join("\n").into_bytes();
            for _ in 0..rng.random_range(1..4) {
                if !bytes.is_empty() {
                    let i = rng.random_range(0..bytes.len());
                    bytes[i] = rng.random::<u8>();
                }
            }
            return bytes;
        }
    }
    lines.join("\n").into_bytes()
}

#[test]
fn mutated_scenarios_never_panic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let originals: Vec<String> = [
        "regional-energy.toml",
        "area-development.toml",
        "care-network.toml",
    ]
    .iter()
    .map(|f| std::fs::read_to_string(root.join(f)).expect("shipped scenario"))
    .collect();
    let mut rng = ChaCha8Rng::seed_from_u64(4242);
    let (mut loaded, mut refused, mut played) = (0, 0, 0);
    for k in 0..4000u64 {
        let original = &originals[(k % 3) as usize];
        let mut text = original.clone();
        // one to three mutations on top of each other
        for _ in 0..rng.random_range(1..4) {
            text = String::from_utf8_lossy(&mutate(&text, &mut rng)).into_owned();
        }
        let bytes = mutate(&text, &mut rng);
        let result = catch_unwind(AssertUnwindSafe(|| {
            let text = match String::from_utf8(bytes.clone()) {
                Ok(t) => t,
                Err(_) => return Err("not UTF-8".to_string()),
            };
            parse_scenario(&text, Path::new("mutant.toml")).map_err(|e| e.to_string())
        }));
        let parsed = result.unwrap_or_else(|_| {
            panic!(
                "the loader panicked on mutant {k}:\n{}",
                String::from_utf8_lossy(&bytes)
            )
        });
        match parsed {
            Ok(s) => {
                loaded += 1;
                if s.participants.count <= 60 && s.process.deadline() <= 400 {
                    let o = catch_unwind(AssertUnwindSafe(|| {
                        simulate(&s, RunSeed::new(1, 0, k), &mut NoObserver)
                    }))
                    .unwrap_or_else(|_| panic!("the model panicked on loaded mutant {k}"));
                    // every number a CSV would hold (the writers refuse a non-finite one)
                    let finite =
                        o.first_non_finite().is_none() && (0.0..=1.0).contains(&o.dropout_rate);
                    assert!(
                        finite,
                        "non-finite outcome on mutant {k}: {o:?}\n{}",
                        toml::to_string(&s).unwrap()
                    );
                    played += 1;
                }
            }
            Err(msg) => {
                refused += 1;
                assert!(!msg.is_empty());
            }
        }
    }
    println!("mutants: {loaded} loaded ({played} played), {refused} refused");
    assert!(
        loaded > 200 && refused > 1000,
        "{loaded} loaded, {refused} refused"
    );
}
