//! What the shipped scenarios' comments say about their outcomes holds.
//!
//! The scenario files teach the model: a trainer or a researcher reads "try this, and that
//! happens" and believes it. When a revision of the model changes what happens, these tests fail,
//! and the comment (or the model) must change with it. Each claim is measured as the scenario's
//! generated footer measures it (scripts/scenario-outcomes.py: 2 000 runs, master seed 1, the
//! same replicates in every variation), so the figures here are the footer's. A rate from 2 000
//! runs has a standard error of at most 0.011; every margin below is at least three of them,
//! and most are ten or more.

use std::path::Path;

use polder::model::Ending;
use polder::outcome::NoObserver;
use polder::scenario::{DecisionRule, Scenario};
use polder::{RunSeed, load_scenario, simulate};

const RUNS: u64 = 2000;

fn shipped(name: &str) -> Scenario {
    load_scenario(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("scenarios")
            .join(name),
    )
    .expect("shipped scenario is valid")
}

/// The outcomes of the footer's 2 000 runs.
struct Outcomes {
    ratified: f64,
    inclusive: f64,
    endings: [f64; 4],
    /// Of the runs that passed the deadline, the share that had reached the last phase (and so
    /// failed in its final votes, not in getting the work done).
    deadline_in_last_phase: f64,
}

fn outcomes(s: &Scenario) -> Outcomes {
    let last = s.process.phases.len() - 1;
    let (mut ratified, mut inclusive, mut endings) = (0u64, 0u64, [0u64; 4]);
    let mut deadline_in_last_phase = 0u64;
    for r in 0..RUNS {
        let o = simulate(s, RunSeed::new(1, 0, r), &mut NoObserver);
        ratified += u64::from(o.ratified);
        inclusive += u64::from(o.inclusive);
        endings[o.ending.index()] += 1;
        deadline_in_last_phase +=
            u64::from(o.ending == Ending::Deadline && o.phase_reached == last);
    }
    let share = |k: u64| k as f64 / RUNS as f64;
    Outcomes {
        ratified: share(ratified),
        inclusive: share(inclusive),
        endings: endings.map(share),
        deadline_in_last_phase: deadline_in_last_phase as f64
            / endings[Ending::Deadline.index()].max(1) as f64,
    }
}

/// care-network: at the model's default dutiful share of the work, a third free-rider hardly
/// changes the share ratified; when the network is a side job (dutiful_work 0.4) free-riding has
/// a steep cliff between two free-riders and three, and the side job's covenant runs into the
/// deadline rather than into a veto.
#[test]
fn care_network_free_riding_matters_when_the_network_is_a_side_job() {
    let base = shipped("care-network.toml");
    let with_free_riders = |dutiful: f64, share: f64| {
        let mut s = base.clone();
        s.cooperation.dutiful_work = dutiful;
        s.archetypes.free_rider_share = share;
        outcomes(&s)
    };
    let default_dutiful = base.cooperation.dutiful_work;
    let (two, three) = (
        with_free_riders(default_dutiful, 0.2),
        with_free_riders(default_dutiful, 0.3),
    );
    assert!(
        three.ratified > 0.9 && (three.ratified - two.ratified).abs() < 0.05,
        "at the default dutiful share: two free-riders {:.3}, three {:.3}",
        two.ratified,
        three.ratified
    );
    let (side_two, side_three) = (with_free_riders(0.4, 0.2), with_free_riders(0.4, 0.3));
    assert!(
        side_two.ratified > 0.4 && side_three.ratified < 0.2,
        "a side job: two free-riders {:.3}, three {:.3}",
        side_two.ratified,
        side_three.ratified
    );
    let (deadline, rejected) = (
        side_two.endings[Ending::Deadline.index()],
        side_two.endings[Ending::Rejected.index()],
    );
    assert!(
        deadline > rejected + 0.05,
        "a side job ends at the deadline ({deadline:.3}) more than in a veto at home ({rejected:.3})"
    );
}

/// regional-energy: its deadline runs mostly fail in the final votes (they reached the last
/// phase); of its three first experiments, voice in the first phase and a qualified majority
/// lift the share ratified a lot, no regretters a little.
#[test]
fn regional_energy_fails_in_final_votes_and_its_first_experiments_lift_it() {
    let base = shipped("regional-energy.toml");
    let as_is = outcomes(&base);
    assert!(
        as_is.endings[Ending::Deadline.index()] > 0.1 && as_is.deadline_in_last_phase > 0.6,
        "deadline {:.3}, of which in the last phase {:.3}",
        as_is.endings[Ending::Deadline.index()],
        as_is.deadline_in_last_phase
    );
    let mut voice = base.clone();
    voice.process.phases[0].voice = true;
    let mut majority = base.clone();
    majority.process.decision_rule = DecisionRule::QualifiedMajority;
    let mut no_regretters = base.clone();
    no_regretters.archetypes.regretter_share = 0.0;
    let lift = |s: &Scenario| outcomes(s).ratified - as_is.ratified;
    let (voice, majority, no_regretters) = (lift(&voice), lift(&majority), lift(&no_regretters));
    assert!(
        voice > 0.1 && majority > 0.1,
        "a lot: voice first {voice:+.3}, qualified majority {majority:+.3}"
    );
    assert!(
        no_regretters > 0.01 && no_regretters < 0.1,
        "a little: no regretters {no_regretters:+.3}"
    );
}

/// area-development: about half of its runs end ratified and about a third inclusively; its
/// home fronts reject an agreement of the table about twice as often as regional-energy's;
/// with voice moved from the first phase to the second, collapse becomes the most common
/// ending, in about three runs in five.
#[test]
fn area_development_ratifies_about_half_and_collapses_without_early_voice() {
    let base = shipped("area-development.toml");
    let as_is = outcomes(&base);
    let energy = outcomes(&shipped("regional-energy.toml"));
    let rejected_of_agreed = |o: &Outcomes| {
        let e = o.endings;
        e[Ending::Rejected.index()] / (e[Ending::Ratified.index()] + e[Ending::Rejected.index()])
    };
    let (area, energy) = (rejected_of_agreed(&as_is), rejected_of_agreed(&energy));
    assert!(
        area > 1.5 * energy && area < 3.0 * energy,
        "rejected at home per agreement: area {area:.3}, energy {energy:.3}"
    );
    assert!(
        (0.4..0.6).contains(&as_is.ratified) && (0.25..0.42).contains(&as_is.inclusive),
        "ratified {:.3}, inclusive {:.3}",
        as_is.ratified,
        as_is.inclusive
    );
    let mut late_voice = base.clone();
    late_voice.process.phases[0].voice = false;
    late_voice.process.phases[1].voice = true;
    let endings = outcomes(&late_voice).endings;
    let collapsed = endings[Ending::Collapsed.index()];
    assert!(
        endings.iter().all(|&e| e <= collapsed)
            && collapsed > endings[Ending::Ratified.index()] + 0.1
            && (0.5..0.7).contains(&collapsed),
        "endings with voice in the second phase (ratified, rejected, deadline, collapsed): {endings:.3?}"
    );
}
