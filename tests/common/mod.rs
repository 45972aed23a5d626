//! Helpers shared by the integration tests of the model's mechanisms and interventions.
#![allow(dead_code)]

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
