//! Creating the table: party kinds, hidden archetypes, traits, certainties and relations.
//!
//! The draws happen in a fixed order that does not depend on the archetype mix: the archetype
//! permutation first, then every participant's traits in index order, then the relations. Two
//! scenarios that differ only in their archetype shares therefore seat the same people with the
//! same traits, and differ only in who is what.

use rand::RngExt;
use rand::rngs::ChaCha8Rng;
use rand::seq::SliceRandom;

use super::ownership::Participation;
use super::{Archetype, Participant, PartyKind, Presence};
use crate::domain::Domain;
use crate::intervention::kind::SpoilerKind;
use crate::math::{Beta, Normal};
use crate::relations::RelationMatrix;
use crate::rng::{RunSeed, Slot};
use crate::scenario::Scenario;

/// sqrt(12): a uniform on (-1/2, 1/2) scaled by it has standard deviation 1.
const SQRT_12: f64 = 3.464_101_615_137_754_6;

/// Split `n` seats over categories by their shares with the largest-remainder method; ties go
/// to the earlier category. The shares must add up to 1.
pub fn apportion<const K: usize>(n: usize, shares: [f64; K]) -> [usize; K] {
    let exact = shares.map(|s| s * n as f64);
    let mut counts = exact.map(|e| e.floor() as usize);
    let assigned: usize = counts.iter().sum();
    let mut order: Vec<usize> = (0..K).collect();
    order.sort_by(|&a, &b| {
        let ra = exact[a] - exact[a].floor();
        let rb = exact[b] - exact[b].floor();
        rb.total_cmp(&ra).then(a.cmp(&b))
    });
    for &k in order.iter().take(n.saturating_sub(assigned)) {
        counts[k] += 1;
    }
    counts
}

fn normal01(rng: &mut ChaCha8Rng, mean: f64, sd: f64) -> f64 {
    if sd <= 0.0 {
        return mean.clamp(0.0, 1.0);
    }
    let d = Normal::new(mean, sd).expect("validated: finite mean and positive sd");
    d.sample(rng).clamp(0.0, 1.0)
}

/// A draw in 0..1 with a given mean and sd: Beta by the method of moments, or the mean itself
/// where the Beta distribution degenerates. Built once per domain and run, used per party.
enum Beta01 {
    Fixed(f64),
    Beta(Beta),
}

impl Beta01 {
    fn new(mean: f64, sd: f64) -> Self {
        if sd <= 0.0 || mean <= 0.0 || mean >= 1.0 {
            return Beta01::Fixed(mean);
        }
        // method of moments; validation guarantees sd^2 < mean (1 - mean)
        let k = mean * (1.0 - mean) / (sd * sd) - 1.0;
        // a spread so small that the Beta distribution degenerates: the mean is all there is
        if !(k.is_finite() && k <= 1e9) {
            return Beta01::Fixed(mean);
        }
        Beta01::Beta(
            Beta::new(mean * k, (1.0 - mean) * k).expect("validated: positive Beta parameters"),
        )
    }

    fn sample(&self, rng: &mut ChaCha8Rng) -> f64 {
        match self {
            Beta01::Fixed(mean) => *mean,
            Beta01::Beta(d) => d.sample(rng),
        }
    }
}

/// Seat the table of one run. Every draw comes from the run's population stream, in this
/// order: the archetypes' seats, each participant's traits (in seat order), the relations, the
/// spoiler kinds, the sounding errors.
pub fn populate(s: &Scenario, seed: &RunSeed) -> (Vec<Participant>, RelationMatrix) {
    let n = s.participants.count;
    let mut rng = seed.stream(Slot::Population);

    let kind_counts = apportion(n, PartyKind::ALL.map(|k| s.kinds.profile(k).share));
    let mut kinds = Vec::with_capacity(n);
    for (k, &c) in PartyKind::ALL.iter().zip(kind_counts.iter()) {
        kinds.extend(std::iter::repeat_n(*k, c));
    }
    let archetypes = seat_archetypes(s, &mut rng);

    let initial = Domain::ALL.map(|d| {
        let spec = s.domains.get(d);
        Beta01::new(spec.initial, spec.spread)
    });
    let mut people: Vec<Participant> = (0..n)
        .map(|id| draw_participant(s, id, kinds[id], archetypes[id], &initial, &mut rng))
        .collect();

    let relations = draw_relations(s, &kinds, &mut rng);
    // Stedman's spoiler kind, drawn last so that adding it changed no earlier draw
    let sab = &s.saboteur;
    for p in people.iter_mut() {
        let u: f64 = rng.random();
        p.spoiler = if u < sab.limited_share {
            SpoilerKind::Limited
        } else if u < sab.limited_share + sab.greedy_share {
            SpoilerKind::Greedy
        } else {
            SpoilerKind::Total
        };
    }
    // how each representative misreads its home front (uniform, sd sounding_noise), drawn after
    // everything else for the same reason
    let noise = s.constituency.sounding_noise;
    for p in people.iter_mut() {
        let u: f64 = rng.random();
        p.sounding_error = noise * SQRT_12 * (u - 0.5);
    }
    (people, relations)
}

/// The archetype of every seat: the archetypes' apportioned counts dealt over a shuffled order
/// of the seats.
fn seat_archetypes(s: &Scenario, rng: &mut ChaCha8Rng) -> Vec<Archetype> {
    let n = s.participants.count;
    let a = &s.archetypes;
    let sincere = (1.0 - a.saboteur_share - a.free_rider_share - a.regretter_share).max(0.0);
    let arch_counts = apportion(
        n,
        [
            a.saboteur_share,
            a.free_rider_share,
            a.regretter_share,
            sincere,
        ],
    );
    let arch_order = [
        Archetype::Saboteur,
        Archetype::FreeRider,
        Archetype::Regretter,
        Archetype::Sincere,
    ];
    let mut seats: Vec<usize> = (0..n).collect();
    seats.shuffle(rng);
    let mut archetypes = vec![Archetype::Sincere; n];
    let mut next = 0;
    for (arch, &count) in arch_order.iter().zip(arch_counts.iter()) {
        for &seat in &seats[next..next + count] {
            archetypes[seat] = *arch;
        }
        next += count;
    }
    archetypes
}

/// One participant's traits, drawn in a fixed order, and its state at the start of the run.
fn draw_participant(
    s: &Scenario,
    id: usize,
    kind: PartyKind,
    archetype: Archetype,
    initial: &[Beta01; 4],
    rng: &mut ChaCha8Rng,
) -> Participant {
    let spread = s.participants.trait_spread;
    let planned = f64::from(s.process.planned_rounds());
    let jitter = i64::from(s.saboteur.reveal_jitter);
    let prof = s.kinds.profile(kind);
    let certainty = initial.each_ref().map(|d| d.sample(rng));
    let willingness_base = normal01(rng, prof.willingness, spread);
    let loyalty_trait = normal01(rng, prof.loyalty, spread);
    let topic = normal01(rng, prof.topic_identification, spread);
    let group = normal01(rng, s.ownership.initial_group_identification, spread);
    let outside_option = normal01(rng, prof.outside_option, spread);
    let ideal = normal01(rng, prof.position, prof.position_spread);
    let shift: i64 = rng.random_range(-jitter..=jitter);
    let reveal_round = ((s.saboteur.reveal_at * planned).round() as i64 + shift).max(1) as u32;
    Participant {
        id,
        kind,
        archetype,
        presence: Presence::Active,
        certainty,
        process_trust: 0.0,
        breaches: 0,
        loyalty_base: (loyalty_trait * s.constituency.strength).min(1.0),
        tolerance: s.constituency.tolerance
            * (1.0 - s.constituency.mandate * (loyalty_trait * s.constituency.strength).min(1.0)),
        loyalty: 0.0,
        constituency_ideal: ideal,
        displeasure: 0.0,
        position: ideal,
        willingness_base,
        willingness: 0.0,
        interests_voiced: false,
        topic_identification: topic,
        group_identification: group,
        ownership: 0.0,
        participation: Participation::Dutiful,
        belief: s.cooperation.initial_belief,
        contribution: 0.0,
        invested: 0.0,
        outside_option,
        contagion: 0.0,
        mean_relation: 0.0,
        reveal_round,
        revealed: false,
        spoiler: SpoilerKind::Total,
        neutralised: false,
        resume_round: None,
        insider: 0.0,
        detected: false,
        withdrew_in_phase: None,
        sounding_error: 0.0,
        signal: [0.0; 4],
    }
}

/// The relation of every pair (i < j), in row order; pairs of the same kind start closer.
fn draw_relations(s: &Scenario, kinds: &[PartyKind], rng: &mut ChaCha8Rng) -> RelationMatrix {
    let n = kinds.len();
    let r = &s.relations;
    let mut relations = RelationMatrix::new(n);
    for i in 0..n {
        for j in (i + 1)..n {
            let bonus = if kinds[i] == kinds[j] {
                r.same_kind_bonus
            } else {
                0.0
            };
            relations.set(i, j, normal01(rng, r.mean + bonus, r.spread));
        }
    }
    relations
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apportion_uses_largest_remainder() {
        assert_eq!(apportion(18, [0.3, 0.35, 0.35]), [6, 6, 6]);
        assert_eq!(apportion(20, [0.3, 0.35, 0.35]), [6, 7, 7]);
        assert_eq!(apportion(10, [0.05, 0.1, 0.1, 0.75]), [1, 1, 1, 7]);
        assert_eq!(apportion(4, [0.0, 0.0, 0.0, 1.0]), [0, 0, 0, 4]);
        let c = apportion(7, [1.0 / 3.0; 3]);
        assert_eq!(c.iter().sum::<usize>(), 7);
    }

    #[test]
    fn archetype_mix_does_not_change_traits() {
        let mut a = Scenario {
            name: "a".into(),
            ..Scenario::default()
        };
        a.archetypes.saboteur_share = 0.0;
        let mut b = a.clone();
        b.archetypes.saboteur_share = 0.2;
        let seed = RunSeed::new(7, 0, 3);
        let (pa, ra) = populate(&a, &seed);
        let (pb, rb) = populate(&b, &seed);
        for (x, y) in pa.iter().zip(&pb) {
            assert_eq!(x.certainty, y.certainty);
            assert_eq!(x.position, y.position);
            assert_eq!(x.reveal_round, y.reveal_round);
        }
        assert_eq!(ra.row(3), rb.row(3));
        assert_ne!(
            pa.iter()
                .filter(|p| p.archetype == Archetype::Saboteur)
                .count(),
            pb.iter()
                .filter(|p| p.archetype == Archetype::Saboteur)
                .count()
        );
    }
}
