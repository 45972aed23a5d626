//! Contributions to the joint task: conditional cooperation with belief updating, calibrated on
//! the public-goods data of Fischbacher & Gächter (2010), modulated by ownership and by process
//! trust (messy processes deter investment).

use crate::domain::Domain;
use crate::model::Model;
use crate::participant::{Archetype, Participant};
use crate::scenario::Scenario;

/// The sincere contribution rule: a conditional cooperator with slope rising from `slope` to 1
/// with ownership, plus an ownership effort, times the share of effort that process trust lets
/// through: c = clamp(intercept + (slope + (1 - slope) O) b + ownership_effort O, 0, 1)
/// x (1 - uncertainty_drag x max(0, (uncertainty_reference - PT) / uncertainty_reference)).
#[inline]
pub fn sincere_contribution(p: &Participant, s: &Scenario) -> f64 {
    let c = &s.cooperation;
    let slope = c.slope + (1.0 - c.slope) * p.ownership;
    let raw = (c.intercept + slope * p.belief + c.ownership_effort * p.ownership).clamp(0.0, 1.0);
    let shortfall =
        ((c.uncertainty_reference - p.process_trust) / c.uncertainty_reference).max(0.0);
    raw * (1.0 - c.uncertainty_drag * shortfall)
}

/// Strength with which a detected free-rider is pushed toward the others' contribution: the
/// formal sanction or the peer pressure of those who own the rules and the planning, whichever
/// is stronger.
#[inline]
pub fn sanction_strength(m: &Model) -> f64 {
    let s = m.scenario;
    s.cooperation
        .sanction
        .max(s.challenge.peer_pressure * m.view.share_holding_to_account)
        .max(m.levers.sanction)
}

/// A participant's contribution this round given the others' mean contribution last round.
#[inline]
fn contribution(p: &Participant, others: f64, sanction: f64, s: &Scenario) -> f64 {
    match p.archetype {
        Archetype::FreeRider => {
            let own = s.free_rider.effort;
            if p.detected {
                own.max(sanction * others)
            } else {
                own
            }
        }
        Archetype::Saboteur if p.is_disrupting() => 0.0,
        _ => sincere_contribution(p, s),
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
    for k in 0..m.active.len() {
        let i = m.active[k];
        let p = &mut m.people[i];
        if !p.is_active() {
            continue;
        }
        let others = (total - p.contribution) / (n - 1) as f64;
        p.signal[Domain::Social.index()] += c.social_weight * (others - p.belief);
        p.belief =
            (c.belief_intercept + c.belief_persistence * p.belief + c.belief_others * others)
                .clamp(0.0, 1.0);
        p.contribution = contribution(p, others, sanction, s);
        p.invested += p.contribution;
        m.tally.contribution_sum += p.contribution;
        m.tally.contribution_count += 1;
        if p.archetype == Archetype::Sincere {
            m.tally.sincere_contribution_sum += p.contribution;
            m.tally.sincere_contribution_count += 1;
        }
    }
}
