//! Regenerate the reference results table of docs/model.md section 7.19:
//! `cargo run --release --example reference_results`.
//!
//! 1000 runs with master seed 1 of the model defaults and of variants that change one thing,
//! printed as a Markdown table.

use polder::model::Ending;
use polder::outcome::NoObserver;
use polder::scenario::{DecisionRule, Scenario};
use polder::{RunSeed, simulate};
use rayon::prelude::*;

const RUNS: u64 = 1000;

fn variants() -> Vec<(&'static str, Scenario)> {
    let base = Scenario {
        name: "reference".into(),
        ..Scenario::default()
    };
    let with = |f: &dyn Fn(&mut Scenario)| {
        let mut s = base.clone();
        f(&mut s);
        s
    };
    vec![
        (
            "model defaults (a scenario that sets only `name`)",
            base.clone(),
        ),
        (
            "no opportunists (all three shares 0)",
            with(&|s| {
                s.archetypes.free_rider_share = 0.0;
                s.archetypes.saboteur_share = 0.0;
                s.archetypes.regretter_share = 0.0;
            }),
        ),
        (
            "no free-riders",
            with(&|s| s.archetypes.free_rider_share = 0.0),
        ),
        (
            "free-riders 0.3",
            with(&|s| s.archetypes.free_rider_share = 0.3),
        ),
        (
            "free-riders 0.3, `cooperation.sanction = 1`",
            with(&|s| {
                s.archetypes.free_rider_share = 0.3;
                s.cooperation.sanction = 1.0;
            }),
        ),
        (
            "saboteurs 0.1",
            with(&|s| s.archetypes.saboteur_share = 0.1),
        ),
        ("`process.pace = 0.6`", with(&|s| s.process.pace = 0.6)),
        ("`process.pace = 0.8`", with(&|s| s.process.pace = 0.8)),
        ("`process.pace = 1.2`", with(&|s| s.process.pace = 1.2)),
        ("`process.pace = 1.5`", with(&|s| s.process.pace = 1.5)),
        ("`process.pace = 2.0`", with(&|s| s.process.pace = 2.0)),
        (
            "no voice (`voice_probability = voice_outside_phase = 0`)",
            with(&|s| {
                s.negotiation.voice_probability = 0.0;
                s.negotiation.voice_outside_phase = 0.0;
            }),
        ),
        (
            "`compensation.below_lower_bound = true`",
            with(&|s| s.compensation.below_lower_bound = true),
        ),
        (
            "`compensation.strength = 0`",
            with(&|s| s.compensation.strength = 0.0),
        ),
        (
            "`compensation.strength = 1`",
            with(&|s| s.compensation.strength = 1.0),
        ),
        ("`exit.contagion = 0`", with(&|s| s.exit.contagion = 0.0)),
        ("`exit.contagion = 4`", with(&|s| s.exit.contagion = 4.0)),
        (
            "`constituency.strength = 2`, `tolerance = 0.1`",
            with(&|s| {
                s.constituency.strength = 2.0;
                s.constituency.tolerance = 0.1;
            }),
        ),
        (
            "`process.decision_rule = \"majority\"`",
            with(&|s| s.process.decision_rule = DecisionRule::Majority),
        ),
        (
            "no regretters",
            with(&|s| s.archetypes.regretter_share = 0.0),
        ),
    ]
}

fn main() {
    println!(
        "| Variant (change from defaults) | agreement | ratified | collapsed | deadline | dropout | rounds | rounds to agreement | mean contribution | final process trust | careless decisions per run |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    for (label, s) in variants() {
        s.validate().expect("reference variants are valid");
        let outcomes: Vec<_> = (0..RUNS)
            .into_par_iter()
            .map(|r| simulate(&s, RunSeed::new(1, 0, r), &mut NoObserver))
            .collect();
        let n = outcomes.len() as f64;
        let share = |f: &dyn Fn(&polder::RunOutcome) -> bool| {
            outcomes.iter().filter(|o| f(o)).count() as f64 / n
        };
        let mean = |f: &dyn Fn(&polder::RunOutcome) -> f64| outcomes.iter().map(f).sum::<f64>() / n;
        let agreed: Vec<f64> = outcomes
            .iter()
            .filter_map(|o| o.agreement_round.map(f64::from))
            .collect();
        let to_agreement = if agreed.is_empty() {
            f64::NAN
        } else {
            agreed.iter().sum::<f64>() / agreed.len() as f64
        };
        println!(
            "| {label} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.1} | {:.1} | {:.3} | {:.3} | {:.2} |",
            share(&|o| o.agreement),
            share(&|o| o.ratified),
            share(&|o| o.ending == Ending::Collapsed),
            share(&|o| o.ending == Ending::Deadline),
            mean(&|o| o.dropout_rate),
            mean(&|o| f64::from(o.rounds)),
            to_agreement,
            mean(&|o| o.mean_contribution),
            mean(&|o| o.final_table.process_trust),
            mean(&|o| f64::from(o.careless_decisions)),
        );
    }
}
