//! Saboteurs: inside spoilers using strategies of stealth (Stedman 1997). Until its reveal
//! round a saboteur follows the sincere rules exactly. Once revealed it contributes nothing,
//! votes no, breaches confidentiality, spreads doubt through its relations, and stays until the
//! table excludes it.

use crate::domain::Domain;
use crate::events::Event;
use crate::model::Model;
use crate::participant::{Presence, dice};

/// Reveal saboteur i now. Its insider standing is the share of the planned duration it sat at
/// the table undetected: a saboteur that has been inside longer knows more and is believed more
/// (Stedman's strategies of stealth). The others lose procedural certainty, scaled by
/// 0.5 + 0.5 x insider, and social certainty through their relation to it.
pub fn reveal(m: &mut Model, i: usize) {
    let s = &m.scenario.saboteur;
    let insider = (f64::from(m.round) / f64::from(m.process.planned_rounds)).min(1.0);
    m.people[i].revealed = true;
    m.people[i].insider = insider;
    m.tally.first_reveal_round.get_or_insert(m.round);
    m.events.push(Event::SaboteurRevealed { who: i });
    let shock = s.reveal_shock * (0.5 + 0.5 * insider);
    m.broadcast(Domain::Procedural, -shock, Some(i), 1.0, 0.0);
    m.broadcast(Domain::Social, -0.5 * shock, Some(i), 0.5, 0.5);
}

/// Saboteurs whose reveal round has come show themselves.
pub fn reveal_due(m: &mut Model) {
    // the saboteurs at the table, in the order of `active`
    for k in 0..m.saboteurs.len() {
        let i = m.saboteurs[k];
        let p = &m.people[i];
        if p.is_active() && !p.revealed && m.round >= p.reveal_round {
            reveal(m, i);
        }
    }
}

/// Neutralised greedy saboteurs whose pause is over start disrupting again.
pub fn resume_due(m: &mut Model) {
    // only saboteurs are ever neutralised: visit those at the table, in the order of `active`
    for k in 0..m.saboteurs.len() {
        let i = m.saboteurs[k];
        let p = &mut m.people[i];
        if p.is_active() && p.neutralised && p.resume_round.is_some_and(|r| m.round >= r) {
            p.neutralised = false;
            p.resume_round = None;
            m.events.push(Event::SpoilerResumed { who: i });
        }
    }
}

/// What revealed saboteurs do each round, and the table's answer: exclusion, with a probability
/// that grows with the table's procedural certainty (rules that allow it).
pub fn disrupt(m: &mut Model) {
    let s = m.scenario;
    let sab = &s.saboteur;
    let cp = m.challenges[Domain::Procedural.index()];
    // only saboteurs disrupt: visit them in the order of `active`
    for k in 0..m.saboteurs.len() {
        let i = m.saboteurs[k];
        if !m.people[i].is_active() || !m.people[i].is_disrupting() {
            continue;
        }
        let insider = m.people[i].insider;
        let breach = m.people[i].die(dice::BREACH) < sab.breach_probability;
        if breach {
            m.tally.confidentiality_breaches += 1;
            m.events.push(Event::ConfidentialityBreach { who: i });
        }
        for &j in &m.active {
            if j == i || !m.people[j].is_active() {
                continue;
            }
            let r = m.relations.get(j, i);
            let q = &mut m.people[j];
            q.signal[Domain::Content.index()] -= sab.doubt * insider * r;
            if breach {
                // what leaks is what the others still share with the saboteur: the damage
                // scales with twice their relation to it, which distancing erodes
                let shared = q.participation == crate::participant::Participation::CoOwner
                    && q.certainty[Domain::Procedural.index()] > cp;
                q.signal[Domain::Procedural.index()] -=
                    sab.breach_shock * insider * 2.0 * r * if shared { 1.5 } else { 1.0 };
            }
        }
        for k2 in 0..m.active.len() {
            let j = m.active[k2];
            if j != i {
                m.relations.weaken(j, i, sab.distancing);
            }
        }
        if m.people[i].die(dice::EXCLUDE) < sab.exclusion * m.view.mean_procedural {
            m.people[i].presence = Presence::Excluded(m.round);
            m.events.push(Event::Excluded { who: i });
            // the rules worked and it is clear again who takes part
            m.broadcast(Domain::Procedural, sab.exclusion_relief, None, 1.0, 0.0);
            m.broadcast(Domain::Social, sab.exclusion_relief, None, 1.0, 0.0);
        }
    }
}
