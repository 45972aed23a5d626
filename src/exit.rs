//! Exit: each round every party at the table may leave, with a logistic hazard driven first by
//! its lower-bound breaches, then by process trust, identification, sunk investment, its outside
//! option, constituency pressure and the exits of related parties (commitment after the
//! investment model, Le & Agnew 2003; exit as in Hirschman 1970).

use crate::domain::Domain;
use crate::events::Event;
use crate::model::Model;
use crate::participant::{Participant, Presence, dice};
use crate::scenario::Scenario;
use crate::trust;

/// The log-odds of leaving this round.
#[inline]
pub fn log_odds(p: &Participant, s: &Scenario, planned_rounds: u32) -> f64 {
    let e = &s.exit;
    let identification = 0.5 * (p.topic_identification + p.group_identification);
    let investment =
        (p.invested / (s.cooperation.reference * f64::from(planned_rounds.max(1)))).min(1.0);
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
    1.0 / (1.0 + (-log_odds(p, s, planned_rounds)).exp())
}

/// Draw exits; each exit hurts the remaining parties' social certainty (more for those close to
/// the leaver) and adds the relation to their contagion memory. The effects land in the next
/// round's signals.
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
        if p.dice[dice::EXIT] < hazard(p, s, planned) {
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
    for k in 0..m.active.len() {
        let j = m.active[k];
        if m.people[j].presence != Presence::Exited(round) {
            continue;
        }
        m.broadcast(Domain::Social, -s.exit.social_shock, Some(j), 0.5, 0.5);
        for k2 in 0..m.active.len() {
            let i = m.active[k2];
            if m.people[i].is_active() {
                let r = m.relations.get(i, j);
                m.people[i].contagion += r;
            }
        }
    }
}
