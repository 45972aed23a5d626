//! Exit: each round every party at the table may leave, with a logistic hazard driven first by
//! its lower-bound breaches, then by process trust, identification, sunk investment, its outside
//! option, constituency pressure and the exits of related parties (commitment after the
//! investment model, Le & Agnew 2003; exit as in Hirschman 1970).

use crate::domain::Domain;
use crate::events::Event;
use crate::math::{logistic, smaller};
use crate::model::Model;
use crate::participant::{Participant, Presence, dice};
use crate::scenario::Scenario;
use crate::trust;

/// The log-odds of leaving this round.
#[inline]
pub fn log_odds(p: &Participant, s: &Scenario, planned_rounds: u32) -> f64 {
    let e = &s.exit;
    let identification = 0.5 * (p.topic_identification + p.group_identification);
    let investment = smaller(
        p.invested / (s.cooperation.reference * f64::from(planned_rounds.max(1))),
        1.0,
    );
    e.baseline
        + e.lower_bound * f64::from(p.breaches)
        + e.trust * (e.trust_reference - p.process_trust)
        - e.identification * identification
        - e.investment * investment
        + e.outside_option * p.outside_option
        + e.pressure * p.loyalty * p.displeasure
        + e.contagion * p.contagion
}

/// The exit probability this round.
#[inline]
pub fn hazard(p: &Participant, s: &Scenario, planned_rounds: u32) -> f64 {
    logistic(log_odds(p, s, planned_rounds))
}

/// Whether a party with exit log-odds `log_odds` leaves on the die `u`: `u < hazard`, with
/// hazard = 1 / (1 + exp(-log_odds)). Most rounds the answer is a clear no, and a cheap bound
/// settles it without the exponential: for L < 1, hazard < e^L <= 1 / (1 - L), so a die with
/// u (1 - L) > 1 is above the hazard (the test keeps a margin of 1e-9, far beyond rounding).
/// The decision is the one the full formula gives.
#[inline]
pub fn leaves(log_odds: f64, u: f64) -> bool {
    if log_odds < 1.0 && u * (1.0 - 1e-9) * (1.0 - log_odds) > 1.0 {
        return false;
    }
    u < logistic(log_odds)
}

/// Draw exits; each exit is news for the remaining parties (per tenth of their table that the
/// leaver represented, more for those close to it): it hurts their social certainty, and the
/// share of their relations that left is added to their contagion memory. The effects land in
/// the next round's signals.
pub fn exits(m: &mut Model) {
    let s = m.scenario;
    let planned = m.process.planned_rounds;
    let memory = s.exit.contagion_memory;
    let mut left = 0usize;
    for k in 0..m.active.len() {
        let i = m.active[k];
        let p = &mut m.people[i];
        if !p.is_active() {
            continue;
        }
        p.contagion *= memory;
        if p.is_disrupting() {
            continue;
        }
        if leaves(
            log_odds(p, s, planned),
            m.dice.uniform(m.round, i, dice::EXIT),
        ) {
            p.presence = Presence::Exited(m.round);
            let weakest = trust::weakest(&p.certainty, &m.lower_bounds, &s.compensation);
            m.events.push(Event::Exit {
                who: i,
                weakest,
                breaches: p.breaches,
            });
            left += 1;
        }
    }
    m.manager.exits_last_round = left as u32;
    if left == 0 {
        return;
    }
    let round = m.round;
    // relations do not change between the exits of one round: one sum serves them all
    m.sum_relations_for_news();
    for k in 0..m.active.len() {
        let j = m.active[k];
        if m.people[j].presence != Presence::Exited(round) {
            continue;
        }
        m.send_news(j, &[(Domain::Social, -s.exit.social_shock)]);
        for k2 in 0..m.active.len() {
            let i = m.active[k2];
            if i != j && m.people[i].is_active() {
                let w = m.contagion_weight(i, j);
                m.people[i].contagion += w;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shortcut never changes a decision: on a grid of log-odds and dice (with dice just
    /// around each hazard, where a sloppy bound would flip), `leaves` agrees with the formula.
    #[test]
    fn the_shortcut_agrees_with_the_full_formula() {
        let mut shortcuts = 0;
        for k in -4000..=1000 {
            let l = f64::from(k) * 0.01;
            let h = logistic(l);
            let near = [h * (1.0 - 1e-12), h, h * (1.0 + 1e-12)];
            let spread = (1..200).map(|j| f64::from(j) / 200.0);
            for u in near.into_iter().chain(spread) {
                if !(0.0..1.0).contains(&u) || u == 0.0 {
                    continue;
                }
                assert_eq!(leaves(l, u), u < h, "log-odds {l}, die {u}");
                if l < 1.0 && u * (1.0 - 1e-9) * (1.0 - l) > 1.0 {
                    shortcuts += 1;
                }
            }
        }
        // the bound settles most draws at the hazards that matter (a few percent)
        assert!(shortcuts > 500_000, "{shortcuts}");
    }
}
