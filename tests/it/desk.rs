//! The manager's desk (`polder::desk`): a trainee makes the process manager's
//! decisions round by round. A trainee who starts exactly what a built-in policy started gets
//! that policy's run, bit for bit; one who does nothing gets the run without a manager; an
//! intervention the budget does not allow, or aimed at the wrong party, is refused with a clear
//! message and costs nothing.

use std::path::Path;

use polder::desk::{self, Desk, Refusal};
use polder::events::Event;
use polder::intervention::Intervention;
use polder::scenario::{Scenario, parse_scenario};
use polder::web::SCENARIOS;
use polder::{RunOutcome, RunSeed};

fn shipped(i: usize) -> Scenario {
    let (file, text) = SCENARIOS[i];
    parse_scenario(text, Path::new(file)).unwrap()
}

/// The interventions a policy's manager started in each round of run `seed`, and the run.
fn policy_run(
    s: &Scenario,
    policy: &str,
    seed: RunSeed,
) -> (Vec<Vec<Intervention>>, polder::trace::Trace) {
    let spec = polder::policy::builtin(policy).unwrap();
    let trace = polder::trace::record(s, Some(&spec), seed);
    let rounds = trace
        .rounds
        .iter()
        .map(|r| {
            r.events
                .iter()
                .filter_map(|e| match e {
                    Event::Intervention { kind, .. } => Some(*kind),
                    _ => None,
                })
                .collect()
        })
        .collect();
    (rounds, trace)
}

/// Play `decisions` (per round) at a desk to the end.
fn replay<'s>(s: &'s Scenario, seed: RunSeed, decisions: &[Vec<Intervention>]) -> Desk<'s> {
    let mut d = Desk::new(s, seed, "trainee");
    let mut round = 0;
    loop {
        for &iv in decisions.get(round).map_or(&[][..], Vec::as_slice) {
            d.intervene(iv, &[])
                .unwrap_or_else(|r| panic!("round {}: {iv:?} refused: {r}", round + 1));
        }
        round += 1;
        if !d.advance() {
            break;
        }
        assert!(round < 10_000);
    }
    d
}

#[test]
fn replaying_a_policy_s_decisions_gives_its_run_bit_for_bit() {
    let mut replayed = 0;
    let mut surveys = 0;
    let mut talks = 0;
    for i in 0..SCENARIOS.len() {
        let s = shipped(i);
        for policy in polder::policy::builtin_names() {
            for (seed, run) in [(28u64, 0u64), (7, 3), (1, 5)] {
                let seed = RunSeed::new(seed, 0, run);
                let (decisions, theirs) = policy_run(&s, policy, seed);
                // a policy's diagnosis of a saboteur draws from the manager's random stream,
                // a trainee's is made in their head: such runs part ways by design
                let diagnosed = policy == "spoiler-first"
                    && theirs
                        .events()
                        .any(|(_, e)| matches!(e, Event::SaboteurRevealed { .. }));
                if diagnosed {
                    continue;
                }
                let d = replay(&s, seed, &decisions);
                let what = format!("{} {policy} {seed:?}", s.name);
                assert_eq!(d.outcome().as_ref(), Some(&theirs.outcome), "{what}");
                assert_eq!(d.trace().rounds.len(), theirs.rounds.len(), "{what}");
                for (a, b) in d.trace().rounds.iter().zip(&theirs.rounds) {
                    assert_eq!(a.fingerprint, b.fingerprint, "{what} round {}", a.round);
                    assert_eq!(a.events, b.events, "{what} round {}", a.round);
                }
                let div = polder::trace::versus::divergence(d.trace(), &theirs);
                assert_eq!(div.parting, None, "{what}");
                let flat = decisions.iter().flatten();
                surveys += flat.clone().filter(|&&k| k == Intervention::Survey).count();
                talks += flat.filter(|&&k| k == Intervention::BilateralTalks).count();
                replayed += 1;
            }
        }
    }
    // every policy but a diagnosing one, with surveys (monitor, compensate) and talks among them
    assert!(replayed >= 3 * 9 * 3, "{replayed}");
    assert!(
        surveys > 10 && talks > 10,
        "{surveys} surveys, {talks} talks"
    );
}

#[test]
fn a_trainee_who_does_nothing_gets_the_run_without_a_manager() {
    for i in 0..SCENARIOS.len() {
        let s = shipped(i);
        for run in 0..4 {
            let seed = RunSeed::new(28, 0, run);
            let d = replay(&s, seed, &[]);
            let none =
                polder::runner::simulate_policy(&s, None, seed, &mut polder::outcome::NoObserver);
            assert_eq!(d.outcome(), Some(none.clone()));
            let (_, builtin_none) = policy_run(&s, "none", seed);
            assert_eq!(builtin_none.outcome, none);
            assert!(d.decisions().is_empty());
            assert_eq!(d.outcome().unwrap().budget_spent, 0.0);
        }
    }
    // seed 135's first table of the energy strategy collapses without a manager
    let s = shipped(0);
    let d = replay(&s, RunSeed::new(135, 0, 0), &[]);
    assert_eq!(d.outcome().unwrap().ending.key(), "collapsed");
}

#[test]
fn refused_interventions_say_why_and_cost_nothing() {
    let s = shipped(0);
    let mut d = Desk::new(&s, RunSeed::new(28, 0, 0), "trainee");
    let budget = s.manager.budget;
    assert!(
        !d.is_open() && d.budget_left() == 0.0,
        "round 1 opens when asked"
    );
    assert!(d.open());
    assert_eq!(d.budget_left(), budget);
    let spent = |d: &Desk| {
        (
            d.budget_left(),
            d.model().manager.spent,
            d.model().events.len(),
        )
    };
    let before = spent(&d);

    // nothing to act on in round 1: no free-rider noticed yet, no saboteur disrupting
    for iv in [Intervention::Sanction, Intervention::Coercion] {
        let r = d.intervene(iv, &[]).unwrap_err();
        assert_eq!(r, Refusal::NothingToActOn(iv));
        assert!(r.to_string().contains("costs nothing"), "{r}");
        assert_eq!(spent(&d), before, "{iv:?} cost nothing");
    }
    // targets: none for a table-wide intervention, seats that exist, at most two parties to
    // talk with, a spoiler strategy only on a saboteur that disrupts the table
    let r = d.intervene(Intervention::ClarifyScope, &[0]).unwrap_err();
    assert_eq!(r, Refusal::NoTargets(Intervention::ClarifyScope));
    assert!(r.to_string().contains("takes no target"), "{r}");
    let r = d
        .intervene(Intervention::BilateralTalks, &[999])
        .unwrap_err();
    assert!(
        r.to_string().contains("no party 999") && r.to_string().contains("20 seats"),
        "{r}"
    );
    let r = d
        .intervene(Intervention::BilateralTalks, &[1, 2, 3])
        .unwrap_err();
    assert!(r.to_string().contains("at most 2 parties, got 3"), "{r}");
    let r = d
        .intervene(Intervention::BilateralTalks, &[4, 4])
        .unwrap_err();
    assert_eq!(r, Refusal::Repeated(4));
    let r = d.intervene(Intervention::Inducement, &[0]).unwrap_err();
    assert!(
        r.to_string()
            .contains("disrupts the table; party 0 does not"),
        "{r}"
    );
    assert_eq!(spent(&d), before);

    // the budget: spend it, then be refused
    d.intervene(Intervention::Survey, &[]).unwrap();
    assert!(d.survey().is_some_and(|k| k.round == 1));
    let r = d.intervene(Intervention::Survey, &[]).unwrap_err();
    assert_eq!(r, Refusal::Twice(Intervention::Survey));
    assert!(r.to_string().contains("already used this round"), "{r}");
    let mut spent_now = s.interventions.cost(Intervention::Survey);
    for iv in [
        Intervention::JointFactFinding,
        Intervention::CoCreateRules,
        Intervention::InterestDialogue,
        Intervention::Inducement,
    ] {
        let cost = s.interventions.cost(iv);
        let res = d.intervene(iv, &[]);
        if cost > budget - spent_now + 1e-12 {
            let r = res.unwrap_err();
            assert!(
                matches!(r, Refusal::OverBudget { .. }),
                "{iv:?} over budget: {r}"
            );
            let text = r.to_string();
            assert!(
                text.contains(&format!("costs {cost}"))
                    && text.contains(&format!("budget of {budget}")),
                "{text}"
            );
            break;
        }
        res.unwrap();
        spent_now += cost;
        assert_eq!(d.budget_left(), budget - spent_now);
    }
    assert!(d.budget_left() < budget);
    assert_eq!(d.model().manager.spent, spent_now);

    // a new round, a new budget; at the end nothing is left to manage
    assert!(d.advance());
    assert_eq!(d.budget_left(), budget);
    while d.advance() {}
    assert!(!d.is_open());
    let r = d.intervene(Intervention::ClarifyScope, &[]).unwrap_err();
    assert_eq!(r, Refusal::Ended);
    assert!(r.to_string().contains("has ended"));
}

/// The parties whose signal in some domain rose since `before`.
fn reached(d: &Desk, before: &[[f64; 4]]) -> Vec<usize> {
    d.model()
        .people
        .iter()
        .zip(before)
        .filter(|(p, b)| (0..4).any(|k| p.signal[k] > b[k]))
        .map(|(p, _)| p.id)
        .collect()
}

/// Bilateral talks with chosen parties reach those parties (their weakest domain's signal
/// rises), not the ones the manager's own pick would have reached.
#[test]
fn chosen_targets_are_the_ones_reached() {
    let s = shipped(0);
    let seed = RunSeed::new(28, 0, 0);
    let chosen = [17usize, 3];
    let mut d = Desk::new(&s, seed, "trainee");
    d.open();
    let before: Vec<[f64; 4]> = d.model().people.iter().map(|p| p.signal).collect();
    d.intervene(Intervention::BilateralTalks, &chosen).unwrap();
    let gained = reached(&d, &before);
    assert_eq!(gained, vec![3, 17]);
    assert_eq!(
        d.decisions(),
        &[desk::Decision {
            round: 1,
            intervention: Intervention::BilateralTalks,
            targets: chosen.to_vec(),
        }]
    );
    // the default pick reaches two other parties
    let mut other = Desk::new(&s, seed, "trainee");
    other.open();
    other.intervene(Intervention::BilateralTalks, &[]).unwrap();
    let picked = reached(&other, &before);
    assert_eq!(picked.len(), 2);
    assert_ne!(picked, gained);
}

/// The comparison at the end: every built-in policy on the same table, ranked.
#[test]
fn the_best_built_in_run_is_ranked_first() {
    let s = shipped(0);
    let seed = RunSeed::new(28, 0, 0);
    let all = desk::builtin_outcomes(&s, seed);
    assert_eq!(all.len(), polder::policy::builtin_names().len());
    let (name, best) = desk::best(&all).unwrap();
    assert_eq!(best.ending.key(), "ratified", "{name}");
    for (_, o) in &all {
        assert!(desk::rank(best) <= desk::rank(o));
    }
    let none: &RunOutcome = &all[0].1;
    assert_eq!(all[0].0, "none");
    assert!(desk::rank(none) > desk::rank(best));
}
