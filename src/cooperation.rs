//! Contributions to the joint task: conditional cooperation with belief updating, calibrated on
//! the public-goods data of Fischbacher & Gächter (2010), modulated by ownership and by process
//! trust (messy processes deter investment).

use crate::domain::Domain;
use crate::math::larger;
use crate::model::Model;
use crate::participant::{Archetype, Participant};
use crate::scenario::Scenario;

/// How visible one party's effort is in the table's joint work at a table of `m` parties,
/// relative to a table of ten: sqrt(10 / m). One party's effort is one term in a sum of m
/// contributions, and its share stands out against the others' variation as 1 / sqrt(m), so
/// shirking is harder to spot at a large table (Olson 1965; Ostrom 1990). It scales the
/// detection of free-riders (free_riding.rs).
#[inline]
pub fn visibility(m: usize) -> f64 {
    (10.0 / m.max(1) as f64).sqrt()
}

/// The sincere contribution rule: a conditional cooperator with slope rising from `slope` to 1
/// with ownership, plus an ownership effort, times the share of effort that process trust lets
/// through: c = clamp(intercept + (slope + (1 - slope) O) b + ownership_effort O, 0, 1)
/// x (1 - uncertainty_drag x max(0, (uncertainty_reference - PT) / uncertainty_reference)).
#[inline]
pub fn sincere_contribution(p: &Participant, s: &Scenario) -> f64 {
    let c = &s.cooperation;
    let slope = c.slope + (1.0 - c.slope) * p.ownership;
    let raw = (c.intercept + slope * p.belief + c.ownership_effort * p.ownership).clamp(0.0, 1.0);
    let shortfall = larger(
        (c.uncertainty_reference - p.process_trust) / c.uncertainty_reference,
        0.0,
    );
    raw * (1.0 - c.uncertainty_drag * shortfall)
}

/// Strength with which a detected free-rider is pushed toward the others' contribution: the
/// formal sanction or the peer pressure of the table, whichever is stronger. Peer pressure is
/// `challenge.peer_pressure` times the table's readiness to hold each other to account, which
/// grows from the lower bound to the challenge of procedural or task & time certainty: partners
/// address each other more freely the safer the rules feel, and fully once they own them.
#[inline]
pub fn sanction_strength(m: &Model) -> f64 {
    let s = m.scenario;
    s.cooperation
        .sanction
        .max(s.challenge.peer_pressure * m.view.holding_to_account)
        .max(m.levers.sanction)
}

/// A contribution `own` under the table's norm: the sanction strength closes that share of
/// the shortfall from the others' mean contribution (Fehr & Gächter 2000: punishment follows a
/// party's shortfall from the group mean, and the punished make up for it).
#[inline]
pub fn under_norm(own: f64, others: f64, sanction: f64) -> f64 {
    own + sanction * larger(others - own, 0.0)
}

/// A participant's contribution this round given the others' mean contribution last round:
/// the norm reaches a free-rider once it is detected, a sincere party's effort is in plain view.
#[inline]
fn contribution(p: &Participant, others: f64, sanction: f64, s: &Scenario) -> f64 {
    match p.archetype {
        Archetype::FreeRider if p.detected => under_norm(s.free_rider.effort, others, sanction),
        Archetype::FreeRider => s.free_rider.effort,
        Archetype::Saboteur if p.is_disrupting() => 0.0,
        _ => under_norm(sincere_contribution(p, s), others, sanction),
    }
}

/// Contributions before the first round, from the initial beliefs.
pub fn initial_contributions(m: &mut Model) {
    let s = m.scenario;
    for p in m.people.iter_mut() {
        p.contribution = contribution(p, s.cooperation.initial_belief, 0.0, s);
    }
}

/// Each party compares the others' contribution last round with what it expected (a social
/// signal), updates its belief (FG2010: b' = 0.006 + 0.57 b + 0.42 others) and contributes.
pub fn contribute(m: &mut Model) {
    let s = m.scenario;
    let c = &s.cooperation;
    let n = m.view.active;
    if n < 2 {
        return;
    }
    let total = m.view.contribution_sum;
    let sanction = sanction_strength(m);
    // detected free-riders and revealed saboteurs: known not to pull their weight, the others
    // no longer take them as their yardstick
    let (mut known_sum, mut known) = (0.0, 0usize);
    for &i in m.free_riders.iter().chain(&m.saboteurs) {
        let p = &m.people[i];
        if p.is_active() && (p.detected || p.is_disrupting()) {
            known_sum += p.contribution;
            known += 1;
        }
    }
    // what a round at the table costs a party: its dutiful share of the planned work plus its
    // voluntary contribution (progress.rs weighs the table's work the same way)
    let dutiful = c.dutiful_work * c.reference;
    for k in 0..m.active.len() {
        let i = m.active[k];
        let p = &mut m.people[i];
        if !p.is_active() {
            continue;
        }
        let others = (total - p.contribution) / (n - 1) as f64;
        // a party compares itself with the others it has not caught shirking (Gunnthorsdottir
        // et al. 2007: cooperation holds when cooperators know each other)
        let yardstick = if p.detected || p.is_disrupting() || known + 1 >= n {
            others
        } else {
            (total - p.contribution - known_sum) / (n - 1 - known) as f64
        };
        p.signal[Domain::Social.index()] += c.social_weight * (yardstick - p.belief);
        p.belief =
            (c.belief_intercept + c.belief_persistence * p.belief + c.belief_others * yardstick)
                .clamp(0.0, 1.0);
        p.contribution = contribution(p, others, sanction, s);
        p.invested += dutiful + (1.0 - c.dutiful_work) * p.contribution;
        m.tally.contribution_sum += p.contribution;
        m.tally.contribution_count += 1;
        if p.archetype == Archetype::Sincere {
            m.tally.sincere_contribution_sum += p.contribution;
            m.tally.sincere_contribution_count += 1;
        }
    }
}
