//! Property tests (proptest) over randomly generated valid scenarios: every rate in [0, 1], no
//! NaN or infinity in any outcome or round record, active + exited + excluded = participants in
//! every round, a run is a pure function of (scenario, policy, seed), and results do not depend
//! on the number of threads.
//!
//! Sizes: 96 generated scenarios (fixed proptest seed, so the cases are the same every time),
//! each played for 2 replicates with and without a process manager; the thread test plays 40
//! replicates per case in a 1-thread and a 2-thread pool.

use polder::RunSeed;
use polder::outcome::{RoundRecorder, RunOutcome};
use polder::policy;
use polder::runner::{run_replicates, simulate_policy};
use polder::scenario::{DecisionRule, PhaseSpec, Scenario};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};

fn config(cases: u32) -> Config {
    Config {
        cases,
        rng_seed: RngSeed::Fixed(10_312_017),
        failure_persistence: None,
        ..Config::default()
    }
}

prop_compose! {
    fn phases()(lengths in prop::collection::vec((1u32..6, 0.0f64..1.0, any::<bool>(), any::<bool>()), 1..5))
        -> Vec<PhaseSpec> {
        let n = lengths.len();
        lengths
            .into_iter()
            .enumerate()
            .map(|(i, (rounds, detail, voice, decision))| PhaseSpec {
                name: format!("phase {i}"),
                name_nl: None,
                rounds,
                detail,
                voice,
                decision: decision || i + 1 == n,
            })
            .collect()
    }
}

prop_compose! {
    fn scenario()(
        count in 2usize..30,
        gov in 0.0f64..1.0,
        market in 0.0f64..1.0,
        arch in (0.0f64..0.4, 0.0f64..0.3, 0.0f64..0.3),
        initial in prop::array::uniform4(0.05f64..0.95),
        bounds in prop::array::uniform4((0.05f64..0.45, 0.5f64..0.95)),
        phases in phases(),
        pace in 0.1f64..4.0,
        rule in 0usize..3,
        strength in 0.0f64..3.0,
        compensation in (0.0f64..1.0, any::<bool>(), 0.0f64..1.0),
        budget in 0.0f64..6.0,
        gain in 0.01f64..0.5,
        loss in 0.01f64..1.0,
    ) -> Scenario {
        let mut s = Scenario { name: "property".into(), ..Scenario::default() };
        s.participants.count = count;
        let total = gov + market + 1.0;
        s.kinds.government.share = Some(gov / total);
        s.kinds.market.share = Some(market / total);
        s.kinds.society.share = Some(1.0 / total);
        s.archetypes.free_rider_share = arch.0;
        s.archetypes.saboteur_share = arch.1;
        s.archetypes.regretter_share = arch.2;
        for (k, d) in polder::domain::Domain::ALL.iter().enumerate() {
            let spec = s.domains.get_mut(*d);
            spec.initial = initial[k];
            spec.spread = 0.05;
            spec.lower_bound = bounds[k].0;
            spec.challenge = bounds[k].1;
        }
        s.process.phases = phases;
        s.process.pace = pace;
        s.process.decision_rule = [DecisionRule::Consensus, DecisionRule::QualifiedMajority, DecisionRule::Majority][rule];
        s.constituency.strength = strength;
        s.compensation.strength = compensation.0;
        s.compensation.below_lower_bound = compensation.1;
        s.compensation.spillover = compensation.2;
        s.manager.budget = budget;
        s.trust.gain = gain;
        s.trust.loss = loss;
        s
    }
}

fn unit(x: f64) -> bool {
    x.is_finite() && (0.0..=1.0).contains(&x)
}

fn check_outcome(o: &RunOutcome) -> Result<(), TestCaseError> {
    prop_assert!(unit(o.dropout_rate));
    prop_assert!(unit(o.voiced_share));
    prop_assert!(o.mean_contribution.is_finite() && o.mean_contribution_sincere.is_finite());
    prop_assert!(o.final_proposal.is_finite() && o.budget_spent.is_finite());
    let t = &o.final_table;
    for c in t.certainty {
        prop_assert!(unit(c));
    }
    prop_assert!(unit(t.process_trust) && unit(t.contribution) && unit(t.relation));
    prop_assert!(unit(t.share_dutiful) && unit(t.share_engaged) && unit(t.share_co_owner));
    prop_assert!(t.position_mean.is_finite() && t.position_sd.is_finite());
    prop_assert_eq!(o.active + o.exited + o.excluded, o.participants);
    prop_assert!(!o.ratified || o.agreement);
    Ok(())
}

proptest! {
    #![proptest_config(config(96))]

    #[test]
    fn runs_are_bounded_finite_and_pure(s in scenario()) {
        prop_assume!(s.validate().is_ok());
        for policy_name in ["none", "monitor"] {
            let policy = policy::builtin(policy_name).expect("built-in");
            for rep in 0..2 {
                let seed = RunSeed::new(7, 0, rep);
                let mut rec = RoundRecorder::default();
                let o = simulate_policy(&s, Some(&policy), seed, &mut rec);
                check_outcome(&o)?;
                prop_assert_eq!(rec.rounds.len() as u32, o.rounds);
                for r in &rec.rounds {
                    prop_assert_eq!(r.active + r.exited + r.excluded, o.participants);
                    for c in r.table.certainty {
                        prop_assert!(unit(c));
                    }
                    prop_assert!(unit(r.table.process_trust) && r.work.is_finite() && r.proposal.is_finite());
                }
                // a pure function of (scenario, policy, seed)
                let again = simulate_policy(&s, Some(&policy), seed, &mut RoundRecorder::default());
                prop_assert_eq!(&again, &o);
            }
        }
    }
}

proptest! {
    #![proptest_config(config(16))]

    #[test]
    fn thread_count_does_not_matter(s in scenario()) {
        prop_assume!(s.validate().is_ok());
        let collect = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("pool");
            let mut out = Vec::new();
            pool.install(|| {
                run_replicates(&s, None, 3, 40, 0, false, |chunk| {
                    out.extend(chunk.iter().map(|r| r.outcome.clone()));
                    Ok::<(), ()>(())
                })
            })
            .expect("no sink errors");
            out
        };
        prop_assert_eq!(collect(1), collect(2));
    }
}
