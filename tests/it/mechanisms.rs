//! Each mechanism of the model shown in isolation, with fixed seeds.
//!
//! Two kinds of test. Lockstep tests play two models from the same seed that differ in one
//! thing only, so every difference is caused by that thing (common random numbers). Statistical
//! tests compare arms of N runs each (sizes stated per test) with margins far outside the noise:
//! for a rate p with N = 400 runs the standard error is at most 0.025, so a margin of 0.1 is
//! four standard errors.

use crate::common::{mean_certainty, sincere};

use polder::domain::Domain;
use polder::events::Event;
use polder::exit;
use polder::model::{Ending, Model};
use polder::outcome::{NoObserver, RoundRecorder};
use polder::participant::{Archetype, Participation};
use polder::scenario::{DecisionRule, Scenario};
use polder::{RunSeed, simulate};

fn seed(rep: u64) -> RunSeed {
    RunSeed::new(20261127, 0, rep)
}

/// Mean of a statistic over `runs` replicates.
fn mean_over(runs: u64, mut f: impl FnMut(u64) -> f64) -> f64 {
    (0..runs).map(&mut f).sum::<f64>() / runs as f64
}

fn dropout(s: &Scenario, runs: u64) -> f64 {
    mean_over(runs, |r| simulate(s, seed(r), &mut NoObserver).dropout_rate)
}

/// Saboteur: identical to a sincere participant before its reveal round, in every state
/// variable of every participant; after it, the others' procedural certainty is lower.
/// Lockstep over 200 seeds; the procedural gap 3 rounds after the reveal must exceed 0.03.
#[test]
fn saboteur_is_invisible_before_reveal_and_hurts_procedural_certainty_after() {
    let mut plain = sincere();
    plain.saboteur.reveal_at = 0.5;
    plain.saboteur.reveal_jitter = 0;
    let mut with = plain.clone();
    with.archetypes.saboteur_share = 1.0 / 18.0;
    let reveal = (0.5 * f64::from(plain.process.planned_rounds())).round() as u32;

    let mut gap = 0.0;
    let runs = 200;
    for r in 0..runs {
        let mut a = Model::new(&with, seed(r));
        let mut b = Model::new(&plain, seed(r));
        let sab = a
            .people
            .iter()
            .find(|p| p.archetype == Archetype::Saboteur)
            .expect("one saboteur")
            .id;
        while a.round + 1 < reveal {
            let (ca, cb) = (a.step(), b.step());
            assert_eq!(ca, cb);
            for (x, y) in a.people.iter().zip(&b.people) {
                assert_eq!(x.certainty, y.certainty, "round {} seed {r}", a.round);
                assert_eq!(x.position, y.position);
                assert_eq!(x.contribution, y.contribution);
                assert_eq!(x.presence, y.presence);
                assert_eq!(x.participation, y.participation);
            }
            if !ca {
                break;
            }
        }
        if a.is_finished() || !a.people[sab].is_active() {
            continue;
        }
        for _ in 0..4 {
            a.step();
            b.step();
        }
        assert!(a.people[sab].revealed);
        gap += mean_certainty(&b, Domain::Procedural, Some(sab))
            - mean_certainty(&a, Domain::Procedural, Some(sab));
    }
    let gap = gap / runs as f64;
    assert!(gap > 0.03, "procedural gap after reveal {gap:.4}");
}

/// A breach of confidentiality lowers procedural certainty: revealed saboteurs that always
/// leak against ones that never do (lockstep, 200 seeds, gap 5 rounds after the reveal > 0.02).
#[test]
fn confidentiality_breach_lowers_procedural_certainty() {
    let mut leak = sincere();
    leak.archetypes.saboteur_share = 0.1;
    leak.saboteur.reveal_at = 0.2;
    leak.saboteur.reveal_jitter = 0;
    leak.saboteur.exclusion = 0.0;
    leak.saboteur.breach_probability = 1.0;
    let mut tight = leak.clone();
    tight.saboteur.breach_probability = 0.0;
    let rounds = (0.2 * f64::from(leak.process.planned_rounds())).round() as u32 + 5;
    let gap = mean_over(200, |r| {
        let mut a = Model::new(&leak, seed(r));
        let mut b = Model::new(&tight, seed(r));
        while a.round < rounds && a.step() && b.step() {}
        mean_certainty(&b, Domain::Procedural, None) - mean_certainty(&a, Domain::Procedural, None)
    });
    assert!(gap > 0.02, "breach gap {gap:.4}");
}

/// Stagnation and haste both lower task & time certainty against the planned pace. Mean task &
/// time certainty of the table after 6 rounds, 300 runs per arm, margins of 0.02.
#[test]
fn haste_and_stagnation_both_lower_task_time_certainty() {
    let at = |pace: f64| {
        let mut s = sincere();
        s.process.pace = pace;
        mean_over(300, |r| {
            let mut m = Model::new(&s, seed(r));
            while m.round < 6 && m.step() {}
            mean_certainty(&m, Domain::TaskTime, None)
        })
    };
    let (slow, planned, hasty) = (at(0.35), at(1.0), at(2.4));
    assert!(
        planned > slow + 0.02 && planned > hasty + 0.02,
        "task & time after 6 rounds: slow {slow:.3}, planned {planned:.3}, hasty {hasty:.3}"
    );
}

/// Haste brings careless decisions (procedural errors): none at the planned pace, many when
/// hasty. 200 runs per arm.
#[test]
fn haste_brings_careless_decisions() {
    let count = |pace: f64| {
        let mut s = sincere();
        s.process.pace = pace;
        mean_over(200, |r| {
            f64::from(simulate(&s, seed(r), &mut NoObserver).careless_decisions)
        })
    };
    let (planned, hasty) = (count(1.0), count(2.4));
    assert!(
        hasty > 1.0 && hasty > 10.0 * planned.max(0.01),
        "careless decisions per run: planned {planned:.3}, hasty {hasty:.3}"
    );
}

/// Below a lower bound the exit hazard jumps: a participant just under the content lower bound
/// has a hazard more than e^(0.9 x lower_bound weight) times that of one just above it.
#[test]
fn lower_bound_breach_raises_exit_hazard_sharply() {
    let s = sincere();
    let mut m = Model::new(&s, seed(0));
    let lower = m.lower_bounds[Domain::Content.index()];
    let planned = m.process.planned_rounds;
    let hazard_at = |m: &mut Model, c: f64| {
        m.people[0].certainty[Domain::Content.index()] = c;
        m.refresh(false);
        exit::hazard(&m.people[0], &s, planned)
    };
    let above = hazard_at(&mut m, lower + 0.005);
    let below = hazard_at(&mut m, lower - 0.005);
    let ratio = below / above;
    assert!(
        ratio > polder::math::exp(0.9 * s.exit.lower_bound),
        "hazard just above {above:.5}, just below {below:.5}, ratio {ratio:.2}"
    );

    // The same in a population: content clarity just under versus just over the lower bound
    // (no spread), 300 runs each: dropout at least 0.1 higher.
    let mut under = sincere();
    under.domains.content.initial = lower - 0.03;
    under.domains.content.spread = 0.0;
    let mut over = under.clone();
    over.domains.content.initial = lower + 0.03;
    let (du, dov) = (dropout(&under, 300), dropout(&over, 300));
    assert!(du > dov + 0.1, "dropout under {du:.3}, over {dov:.3}");
}

/// Compensation: with one domain weak but above its lower bound, strong compensation keeps
/// more parties at the table than none. 600 runs per arm, margin 0.04 (the standard error of
/// each mean dropout is about 0.01).
#[test]
fn compensation_raises_staying_when_one_domain_is_weak() {
    let mut none = sincere();
    none.domains.procedural.initial = 0.4;
    none.compensation.strength = 0.0;
    let mut full = none.clone();
    full.compensation.strength = 1.0;
    let (d0, d1) = (dropout(&none, 600), dropout(&full, 600));
    assert!(d0 > d1 + 0.04, "dropout without {d0:.3}, with {d1:.3}");
}

/// Compensation below the lower bound: only when allowed does a strong rest of the profile lift
/// a breached domain out of its breach (and lower the exit hazard).
#[test]
fn compensation_below_lower_bound_is_a_switch() {
    let mut s = sincere();
    s.compensation.strength = 0.8;
    let mut m = Model::new(&s, seed(1));
    m.people[0].certainty = [0.25, 0.8, 0.8, 0.8];
    m.refresh(false);
    assert_eq!(m.people[0].breaches, 1);
    let planned = m.process.planned_rounds;
    let strict = exit::hazard(&m.people[0], &s, planned);

    let mut lenient = s.clone();
    lenient.compensation.below_lower_bound = true;
    let mut m2 = Model::new(&lenient, seed(1));
    m2.people[0].certainty = [0.25, 0.8, 0.8, 0.8];
    m2.refresh(false);
    assert_eq!(m2.people[0].breaches, 0);
    assert!(exit::hazard(&m2.people[0], &lenient, planned) < strict);
}

/// Above the challenge a participant moves toward co-ownership: a table that starts above the
/// challenge in every domain ends with far more co-owners. 200 runs per arm.
#[test]
fn above_challenge_grows_co_ownership() {
    let mut high = sincere();
    for d in Domain::ALL {
        let spec = high.domains.get_mut(d);
        spec.initial = 0.85;
        spec.spread = 0.05;
    }
    let low = sincere();
    let share = |s: &Scenario| {
        mean_over(200, |r| {
            let mut m = Model::new(s, seed(r));
            while m.round < 10 && m.step() {}
            let active: Vec<_> = m.people.iter().filter(|p| p.is_active()).collect();
            active
                .iter()
                .filter(|p| p.participation == Participation::CoOwner)
                .count() as f64
                / active.len() as f64
        })
    };
    let (h, l) = (share(&high), share(&low));
    assert!(
        h > l + 0.2,
        "co-owner share after 10 rounds: high {h:.3}, default {l:.3}"
    );
}

/// Voicing interests raises content certainty: every party voices in the interests phase
/// against nobody at all. Mean content certainty at the end of the interests phase (round 12),
/// lockstep over 300 seeds, margin 0.03.
#[test]
fn voicing_interests_raises_content_certainty() {
    let mut voiced = sincere();
    voiced.negotiation.voice_probability = 1.0;
    voiced.negotiation.voice_outside_phase = 0.0;
    let mut silent = voiced.clone();
    silent.negotiation.voice_probability = 0.0;
    let gap = mean_over(300, |r| {
        let mut a = Model::new(&voiced, seed(r));
        let mut b = Model::new(&silent, seed(r));
        while a.round < 12 && a.step() && b.step() {}
        mean_certainty(&a, Domain::Content, None) - mean_certainty(&b, Domain::Content, None)
    });
    assert!(gap > 0.03, "content gain from voice {gap:.4}");
}

/// Moving from positions to interests widens the room for agreement: with interests voiced
/// the same table reaches agreement more often. 400 runs per arm, margin 0.1.
#[test]
fn interests_widen_the_room_for_agreement() {
    let mut wide = sincere();
    wide.negotiation.voice_probability = 1.0;
    let mut narrow = wide.clone();
    narrow.negotiation.room_interests = 0.0;
    let rate = |s: &Scenario| {
        mean_over(400, |r| {
            f64::from(u8::from(simulate(s, seed(r), &mut NoObserver).agreement))
        })
    };
    let (w, n) = (rate(&wide), rate(&narrow));
    assert!(
        w > n + 0.1,
        "agreement with interests {w:.3}, without {n:.3}"
    );
}

/// Free-riding noticed: detection lowers the others' social certainty. Lockstep, free-riders
/// always detected against never, 200 seeds, gap after 4 rounds > 0.01.
#[test]
fn detected_free_riding_lowers_social_certainty() {
    let mut seen = sincere();
    seen.archetypes.free_rider_share = 0.2;
    seen.free_rider.detection = 1.0;
    let mut unseen = seen.clone();
    unseen.free_rider.detection = 0.0;
    let gap = mean_over(200, |r| {
        let mut a = Model::new(&seen, seed(r));
        let mut b = Model::new(&unseen, seed(r));
        while a.round < 4 && a.step() && b.step() {}
        let sincere_social = |m: &Model| {
            let xs: Vec<f64> = m
                .people
                .iter()
                .filter(|p| p.is_active() && p.archetype == Archetype::Sincere)
                .map(|p| p.certainty[Domain::Social.index()])
                .collect();
            xs.iter().sum::<f64>() / xs.len() as f64
        };
        sincere_social(&b) - sincere_social(&a)
    });
    assert!(
        gap > 0.01,
        "social certainty lost to detected free-riding {gap:.4}"
    );
}

/// Free-riders pull the sincere participants' contributions down over the rounds (imperfect
/// conditional cooperation); a formal sanction on detected free-riders holds them up.
/// Mean sincere contribution in rounds 15-20 against rounds 1-3, 200 runs per arm.
#[test]
fn free_riders_erode_contributions_unless_sanctioned() {
    let mut loose = sincere();
    loose.archetypes.free_rider_share = 0.3;
    loose.exit.baseline = -12.0; // keep the table together so only cooperation moves
    let mut strict = loose.clone();
    strict.cooperation.sanction = 1.0;
    strict.free_rider.detection = 0.5;
    let decline = |s: &Scenario| {
        mean_over(200, |r| {
            let mut m = Model::new(s, seed(r));
            let (mut early, mut late) = (0.0, 0.0);
            while m.round < 20 && m.step() {
                let c: Vec<f64> = m
                    .people
                    .iter()
                    .filter(|p| p.is_active() && p.archetype == Archetype::Sincere)
                    .map(|p| p.contribution)
                    .collect();
                let mean = c.iter().sum::<f64>() / c.len() as f64;
                if m.round <= 3 {
                    early += mean / 3.0;
                } else if m.round >= 15 {
                    late += mean / 6.0;
                }
            }
            early - late
        })
    };
    let (dl, ds) = (decline(&loose), decline(&strict));
    assert!(dl > 0.05, "decline without sanctions {dl:.3}");
    assert!(
        dl > ds + 0.04,
        "decline without {dl:.3}, with sanctions {ds:.3}"
    );
}

/// Regretters withdraw after a passed vote: under consensus the first passed vote unravels
/// when regretters always withdraw, and never when they never do. 100 runs per arm; at least
/// half of them must reach a passed first vote.
#[test]
fn regretters_unravel_agreements_under_consensus() {
    let mut fickle = sincere();
    fickle.archetypes.regretter_share = 0.1;
    fickle.regretter.withdraw_probability = 1.0;
    let mut firm = fickle.clone();
    firm.regretter.withdraw_probability = 0.0;
    // (first vote passed before withdrawals, it unravelled)
    let first_vote = |s: &Scenario, r: u64| {
        let mut m = Model::new(s, seed(r));
        loop {
            // a regretter regrets in proportion to its home front's displeasure: make every
            // home front fully displeased, so that withdraw_probability alone decides
            for p in m.people.iter_mut() {
                p.displeasure = 1.0;
            }
            if !m.step() {
                break;
            }
            let passed = m.events.iter().find_map(|e| match e {
                Event::Vote { passed, .. } => Some(*passed),
                _ => None,
            });
            if let Some(passed) = passed {
                let unravelled = m
                    .events
                    .iter()
                    .any(|e| matches!(e, Event::AgreementUnravelled { .. }));
                return Some((passed, unravelled));
            }
        }
        None
    };
    let mut passed_runs = 0;
    for r in 0..100 {
        if let Some((true, unravelled)) = first_vote(&fickle, r) {
            passed_runs += 1;
            assert!(unravelled, "run {r}: a passed vote with a regretter stood");
        }
        if let Some((_, unravelled)) = first_vote(&firm, r) {
            assert!(!unravelled, "run {r}: unravelled without regret");
        }
    }
    assert!(
        passed_runs >= 50,
        "only {passed_runs} of 100 first votes passed"
    );
}

/// The decision rule matters: on a polarised table (constituencies at 0.2, 0.5 and 0.8) a
/// majority rule reaches agreement more often than consensus. 400 runs per arm, margin 0.1.
#[test]
fn majority_rule_agrees_more_often_than_consensus() {
    let mut cons = sincere();
    cons.kinds.society.position = Some(0.2);
    cons.kinds.market.position = Some(0.8);
    let mut maj = cons.clone();
    maj.process.decision_rule = DecisionRule::Majority;
    let rate = |s: &Scenario| {
        mean_over(400, |r| {
            f64::from(u8::from(simulate(s, seed(r), &mut NoObserver).agreement))
        })
    };
    let (c, m) = (rate(&cons), rate(&maj));
    assert!(m > c + 0.1, "agreement: consensus {c:.3}, majority {m:.3}");
}

/// A constituency that rejects the deal blocks ratification although the table agreed:
/// society's constituencies sit far from everyone else (0.2 against 0.5 and 0.55), their
/// representatives are free to move (no loyalty), the constituencies never follow (no
/// reverberation), and society's representatives misread their home fronts: they believe them
/// 0.3 closer to the deal than they are (Putnam's involuntary defection). 300 runs.
#[test]
fn rejecting_constituency_blocks_ratification() {
    let mut s = sincere();
    s.kinds.society.position = Some(0.2);
    s.kinds.society.position_spread = Some(0.0);
    s.kinds.society.loyalty = Some(0.0);
    s.kinds.market.position = Some(0.55);
    for kind in [
        &mut s.kinds.government,
        &mut s.kinds.market,
        &mut s.kinds.society,
    ] {
        kind.willingness = Some(1.0);
    }
    s.constituency.reverberation = 0.0;
    s.negotiation.voice_probability = 0.0;
    s.negotiation.voice_outside_phase = 0.0;
    let mut table = 0;
    let mut ratified = 0;
    let mut society_rejected = 0;
    for r in 0..300 {
        let mut m = Model::new(&s, seed(r));
        for p in m.people.iter_mut() {
            if p.kind == polder::participant::PartyKind::Society {
                p.sounding_error = 0.3;
            }
        }
        m.run_to_end();
        if m.tally.agreement_round.is_some() {
            table += 1;
            if m.end == Some(Ending::Ratified) {
                ratified += 1;
            }
            if m.events.iter().any(|e| {
                matches!(e, Event::Ratification { who, carried: false, .. }
                    if m.people[*who].kind == polder::participant::PartyKind::Society)
            }) {
                society_rejected += 1;
            }
        }
    }
    assert!(table >= 100, "table agreements {table} of 300");
    assert_eq!(
        ratified, 0,
        "ratified {ratified} of {table} table agreements"
    );
    assert_eq!(society_rejected, table);
}

/// Constituency pressure pulls representatives back toward their constituency: with strong
/// pressure and loyalty, positions stay further apart after 15 rounds. 200 runs per arm.
#[test]
fn constituency_pressure_keeps_positions_apart() {
    let mut free = sincere();
    free.constituency.pressure = 0.0;
    let mut pulled = free.clone();
    pulled.constituency.pressure = 0.3;
    pulled.constituency.strength = 2.0;
    let spread = |s: &Scenario| {
        mean_over(200, |r| {
            let mut rec = RoundRecorder::default();
            simulate(s, seed(r), &mut rec);
            let at = rec.rounds[..rec.rounds.len().min(15)]
                .last()
                .expect("a round");
            at.table.position_sd
        })
    };
    let (f, p) = (spread(&free), spread(&pulled));
    assert!(
        p > f + 0.02,
        "position sd after 15 rounds: free {f:.3}, pulled {p:.3}"
    );
}

/// Relations carry the news of an exit: when participant 0 leaves in round 1, a participant
/// with a strong relation to it loses more social certainty, and gains more exit hazard
/// (contagion), than one with a weak relation. Lockstep against the run where 0 stays.
#[test]
fn exits_spread_through_relations() {
    let mut s = sincere();
    s.exit.outside_option = 20.0;
    let mut close_drop = 0.0;
    let mut far_drop = 0.0;
    let mut close_hazard = 0.0;
    let mut far_hazard = 0.0;
    let runs = 100;
    for r in 0..runs {
        let setup = |leaves: bool| {
            let mut m = Model::new(&s, seed(r));
            for p in m.people.iter_mut() {
                p.outside_option = 0.0;
            }
            m.people[0].outside_option = if leaves { 1.0 } else { 0.0 };
            m.relations.set(0, 1, 0.95);
            m.relations.set(0, 2, 0.05);
            m
        };
        let mut a = setup(true);
        let mut b = setup(false);
        a.step();
        b.step();
        assert!(!a.people[0].is_active() && b.people[0].is_active());
        let planned = a.process.planned_rounds;
        close_hazard +=
            exit::log_odds(&a.people[1], &s, planned) - exit::log_odds(&b.people[1], &s, planned);
        far_hazard +=
            exit::log_odds(&a.people[2], &s, planned) - exit::log_odds(&b.people[2], &s, planned);
        a.step();
        b.step();
        let social = Domain::Social.index();
        close_drop += b.people[1].certainty[social] - a.people[1].certainty[social];
        far_drop += b.people[2].certainty[social] - a.people[2].certainty[social];
    }
    assert!(
        close_drop > far_drop && close_drop > 0.0,
        "social drop: close {close_drop:.4}, far {far_drop:.4}"
    );
    assert!(
        close_hazard > far_hazard + 0.5 * runs as f64,
        "log-odds rise: close {close_hazard:.3}, far {far_hazard:.3}"
    );
}

/// News about one party reaches each other party by the share of its table that party is: the
/// weights of one receiver add up to 10 over its whole table, at any table size, and a close
/// relation weighs more than a stranger.
#[test]
fn news_weights_are_shares_of_the_table() {
    let social = Domain::Social.index();
    for count in [6, 18, 40] {
        let mut s = sincere();
        s.participants.count = count;
        let mut m = Model::new(&s, seed(3));
        m.relations.set(0, 1, 0.95);
        m.relations.set(0, 2, 0.05);
        let start = m.people[0].signal[social];
        let mut weights = Vec::new();
        for k in 1..count {
            let before = m.people[0].signal[social];
            m.news(k, &[(Domain::Social, 1.0)]);
            weights.push(m.people[0].signal[social] - before);
        }
        let total = m.people[0].signal[social] - start;
        assert!(
            (total - 10.0).abs() < 1e-9,
            "table of {count}: party 0's weights add up to {total}"
        );
        assert!(
            weights[0] > weights[1],
            "close {} against stranger {}",
            weights[0],
            weights[1]
        );
    }
}

/// Representatives sound out their home fronts: with perfect knowledge (no misreading, no
/// projection) nobody signs a deal its constituency rejects, so under consensus no agreement is
/// rejected at home, while the same table with representatives who project their own view
/// onto their home fronts sees rejections. 300 runs per arm of a table with strong, narrow
/// constituencies.
#[test]
fn representatives_who_sound_out_their_home_front_are_not_rejected() {
    let mut knowing = sincere();
    knowing.constituency.strength = 2.0;
    knowing.constituency.tolerance = 0.12;
    knowing.constituency.sounding_noise = 0.0;
    knowing.constituency.projection = 0.0;
    let mut projecting = knowing.clone();
    projecting.constituency.projection = 1.0;
    let endings = |s: &Scenario| {
        let (mut agreed, mut rejected) = (0, 0);
        for r in 0..300 {
            let o = simulate(s, seed(r), &mut NoObserver);
            agreed += usize::from(o.agreement);
            rejected += usize::from(o.ending == Ending::Rejected);
        }
        (agreed, rejected)
    };
    let (agreed, rejected) = endings(&knowing);
    assert!(agreed >= 30, "only {agreed} agreements to check");
    assert_eq!(
        rejected, 0,
        "{rejected} of {agreed} agreements rejected at home"
    );
    let (_, rejected) = endings(&projecting);
    assert!(rejected >= 5, "projection gave only {rejected} rejections");
}

/// After a final vote held back for the home front, the representatives who held back give
/// feedback: their constituencies move toward the proposal; without feedback they do not.
#[test]
fn feedback_brings_the_home_front_along() {
    let mut s = sincere();
    s.constituency.strength = 2.0;
    s.constituency.tolerance = 0.1;
    s.constituency.reverberation = 0.0;
    s.constituency.sounding_noise = 0.0;
    s.constituency.projection = 0.0;
    let mut none = s.clone();
    none.constituency.feedback = 0.0;
    let mut moved = 0;
    let mut checked = 0;
    for r in 0..100 {
        let mut a = Model::new(&s, seed(r));
        let mut b = Model::new(&none, seed(r));
        // play both until the first failed final vote
        loop {
            let more = a.step() & b.step();
            let failed_final = a.events.iter().any(|e| {
                matches!(
                    e,
                    Event::Vote {
                        final_vote: true,
                        passed: false,
                        ..
                    }
                )
            });
            if failed_final {
                checked += 1;
                let gap = |m: &Model| -> f64 {
                    let x = m.current_proposal();
                    m.people
                        .iter()
                        .filter(|p| p.is_active())
                        .map(|p| (p.constituency_ideal - x).abs())
                        .sum()
                };
                if gap(&a) < gap(&b) - 1e-9 {
                    moved += 1;
                }
                break;
            }
            if !more {
                break;
            }
        }
    }
    assert!(checked >= 20, "only {checked} failed final votes");
    assert!(
        moved * 10 >= checked * 9,
        "home fronts came closer after feedback in {moved} of {checked}"
    );
}

/// An agreement counts as inclusive only with the essential parties still at the table and
/// enough of the seats: the same ratified run is inclusive or not by the scenario's
/// `[inclusion]` alone.
#[test]
fn inclusive_agreements_need_the_essential_parties() {
    let s = sincere();
    let mut found = 0;
    for r in 0..200 {
        let mut m = Model::new(&s, seed(r));
        m.run_to_end();
        if m.end != Some(Ending::Ratified) {
            continue;
        }
        let gone: Vec<usize> = m
            .people
            .iter()
            .filter(|p| !p.is_active())
            .map(|p| p.id)
            .collect();
        let Some(&first_gone) = gone.first() else {
            continue;
        };
        found += 1;
        let kind = m.people[first_gone].kind;
        let number = m.people[..=first_gone]
            .iter()
            .filter(|p| p.kind == kind)
            .count();
        // loose rules: inclusive
        let mut loose = s.clone();
        loose.inclusion.min_seat_share = 0.0;
        // that party essential: not inclusive
        let mut essential = loose.clone();
        match kind {
            polder::participant::PartyKind::Government => {
                essential.inclusion.essential_parties.government = number
            }
            polder::participant::PartyKind::Market => {
                essential.inclusion.essential_parties.market = number
            }
            polder::participant::PartyKind::Society => {
                essential.inclusion.essential_parties.society = number
            }
        }
        // every seat needed: not inclusive
        let mut full = loose.clone();
        full.inclusion.min_seat_share = 1.0;
        let verdict = |sc: &Scenario| {
            let mut m = Model::new(sc, seed(r));
            m.run_to_end();
            assert_eq!(
                m.end,
                Some(Ending::Ratified),
                "[inclusion] changes no dynamics"
            );
            m.inclusive()
        };
        assert!(verdict(&loose), "run {r}");
        assert!(!verdict(&essential), "run {r}: an essential party left");
        if m.people[first_gone].presence != polder::participant::Presence::Active
            && matches!(
                m.people[first_gone].presence,
                polder::participant::Presence::Exited(_)
            )
        {
            assert!(!verdict(&full), "run {r}: a party walked out");
        }
        if found >= 20 {
            break;
        }
    }
    assert!(found >= 10, "only {found} ratified runs with a departure");
}

/// Ratification under a qualified majority: a signatory's home front can reject the agreement
/// (home_rejections ≥ 1) while it still stands, because enough other signatories' home fronts
/// carry it; an agreement that falls at home always had a rejection. area-development switched
/// from consensus to a qualified majority, 400 replicates: about 26 ratified runs carry a home
/// rejection (25 with this seed), and the test asks for at least 8, far
/// below that and far above 0.
#[test]
fn a_qualified_majority_agreement_can_stand_over_a_home_rejection() {
    let mut s = polder::load_scenario(std::path::Path::new("scenarios/area-development.toml"))
        .expect("shipped scenario");
    s.process.decision_rule = DecisionRule::QualifiedMajority;
    let (mut stood, mut fell) = (0, 0);
    for r in 0..400 {
        let o = simulate(&s, seed(r), &mut NoObserver);
        if o.ratified && o.home_rejections > 0 {
            stood += 1;
        }
        if o.ending == Ending::Rejected {
            assert!(
                o.home_rejections > 0,
                "replicate {r}: rejected without a rejection"
            );
            fell += 1;
        }
    }
    assert!(
        stood >= 8,
        "only {stood} ratified runs with a home rejection"
    );
    assert!(fell >= 1, "no agreement fell at home in 400 runs");
}
