//! Helpers shared by the integration tests: scenarios for the mechanisms and interventions, and
//! running the polder binary.
#![allow(dead_code)]

pub mod browser;

use std::path::Path;
use std::process::Output;

use assert_cmd::cargo::cargo_bin_cmd;
use polder::domain::Domain;
use polder::model::Model;
use polder::scenario::Scenario;

/// The model defaults with every participant sincere (no free-riders, saboteurs or regretters).
pub fn sincere() -> Scenario {
    let mut s = Scenario {
        name: "test".into(),
        ..Scenario::default()
    };
    s.archetypes.free_rider_share = 0.0;
    s.archetypes.saboteur_share = 0.0;
    s.archetypes.regretter_share = 0.0;
    s
}

/// Mean certainty of a domain over the participants at the table, leaving out `skip`.
pub fn mean_certainty(m: &Model, d: Domain, skip: Option<usize>) -> f64 {
    let xs: Vec<f64> = m
        .people
        .iter()
        .filter(|p| p.is_active() && Some(p.id) != skip)
        .map(|p| p.certainty[d.index()])
        .collect();
    xs.iter().sum::<f64>() / xs.len().max(1) as f64
}

/// Run the polder binary (thread count from its own default, not the caller's environment).
pub fn polder(args: &[&str]) -> Output {
    cargo_bin_cmd!("polder")
        .args(args)
        .env_remove("RAYON_NUM_THREADS")
        .output()
        .expect("polder runs")
}

/// Stdout or stderr as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A path as a command-line argument.
pub fn p(path: &Path) -> &str {
    path.to_str().expect("temp paths are UTF-8")
}
