//! Regenerate the reference results table of docs/model.md section 7.19:
//! `cargo run --release --example reference_results`.
//!
//! 1000 runs with master seed 1 of the model defaults and of variants that change one thing,
//! printed as Markdown: the main table, the mean contribution per round of five variants, and a
//! sentence on reveals, withdrawals and votes in the default runs.

use polder::model::Ending;
use polder::outcome::{NoObserver, RoundRecorder};
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
        "| Variant (change from defaults) | agreement | ratified | inclusive | collapsed | deadline | dropout | rounds | rounds to agreement | mean contribution | final process trust | careless decisions per run |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|");
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
            "| {label} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.1} | {:.1} | {:.3} | {:.3} | {:.2} |",
            share(&|o| o.agreement),
            share(&|o| o.ratified),
            share(&|o| o.inclusive),
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
    per_round();
}

/// Mean contribution per round over the runs still going (rounds.csv's `mean_contribution`),
/// for the variants of the contribution table, and the sentence on the default runs.
fn per_round() {
    let all = variants();
    let pick = |label: &str| {
        all.iter()
            .find(|(l, _)| *l == label)
            .map(|(_, s)| s.clone())
            .expect("a variant of the main table")
    };
    let rows = [
        (
            "defaults",
            pick("model defaults (a scenario that sets only `name`)"),
        ),
        ("no free-riders", pick("no free-riders")),
        (
            "no opportunists",
            pick("no opportunists (all three shares 0)"),
        ),
        ("free-riders 0.3", pick("free-riders 0.3")),
        (
            "free-riders 0.3, sanction 1",
            pick("free-riders 0.3, `cooperation.sanction = 1`"),
        ),
    ];
    println!();
    println!("| Variant | round 1 | round 5 | round 10 | round 20 |");
    println!("|---|---|---|---|---|");
    for (label, s) in &rows {
        let records: Vec<Vec<f64>> = (0..RUNS)
            .into_par_iter()
            .map(|r| {
                let mut rec = RoundRecorder::default();
                simulate(s, RunSeed::new(1, 0, r), &mut rec);
                rec.rounds.iter().map(|x| x.table.contribution).collect()
            })
            .collect();
        let at = |round: usize| {
            let xs: Vec<f64> = records
                .iter()
                .filter_map(|c| c.get(round - 1).copied())
                .collect();
            xs.iter().sum::<f64>() / xs.len().max(1) as f64
        };
        println!(
            "| {label} | {:.3} | {:.3} | {:.3} | {:.3} |",
            at(1),
            at(5),
            at(10),
            at(20)
        );
    }
    let s = &rows[0].1;
    let outcomes: Vec<_> = (0..RUNS)
        .into_par_iter()
        .map(|r| simulate(s, RunSeed::new(1, 0, r), &mut NoObserver))
        .collect();
    let reveals: Vec<f64> = outcomes
        .iter()
        .filter_map(|o| o.first_reveal_round.map(f64::from))
        .collect();
    let n = outcomes.len() as f64;
    println!();
    println!(
        "In the default runs the first saboteur reveal comes on average in round {:.1} (in the {} runs with a reveal), regretters withdraw {:.2} yes-votes per run and {:.2} votes are held per run.",
        reveals.iter().sum::<f64>() / reveals.len().max(1) as f64,
        reveals.len(),
        outcomes
            .iter()
            .map(|o| f64::from(o.withdrawals))
            .sum::<f64>()
            / n,
        outcomes.iter().map(|o| f64::from(o.votes)).sum::<f64>() / n,
    );
}
