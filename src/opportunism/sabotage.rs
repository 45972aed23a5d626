//! Saboteurs: inside spoilers using strategies of stealth (Stedman 1997). Until its reveal
//! round a saboteur follows the sincere rules exactly. Once revealed it contributes nothing,
//! votes no, breaches confidentiality, spreads doubt through its relations, and stays until the
//! table excludes it.

use crate::domain::Domain;
use crate::events::Event;
use crate::model::Model;
use crate::participant::{Presence, dice};

/// Reveal saboteur i now. Its insider standing is the share of the planned duration it sat at
/// the table undetected: what it knows, and so what its leaks and doubt weigh, grows with it
/// (0.5 + 0.5 x insider; Stedman's strategies of stealth). The reveal is a breach of trust, and a breach
/// weighs more the less trust could be built before it (Lount et al. 2008): the shock is
/// multiplied by 1 + early_weight x (1 - insider). The others lose procedural and (half as
/// much) social certainty, as news about the saboteur: per tenth of their table that it
/// represents.
pub fn reveal(m: &mut Model, i: usize) {
    let s = &m.scenario.saboteur;
    let insider = m.plan_elapsed();
    m.people[i].revealed = true;
    m.people[i].insider = insider;
    m.tally.first_reveal_round.get_or_insert(m.round);
    m.events.push(Event::SaboteurRevealed { who: i });
    let shock = s.reveal_shock * (1.0 + s.early_weight * (1.0 - insider));
    m.news(
        i,
        &[(Domain::Procedural, -shock), (Domain::Social, -0.5 * shock)],
    );
}

/// The table excludes saboteur i. The rules worked and it is clear again who takes part: every
/// party at the table gains procedural and social certainty, `exclusion_relief` times
/// 0.5 + 0.5 x the share of the planned duration that has passed (at most 1). Trust that had
/// been built before the breach recovers better; where there was little to restore, there is
/// less relief (Lount et al. 2008). Used by the table's own exclusion and by a manager's
/// coercion.
pub fn exclude(m: &mut Model, i: usize) {
    m.people[i].presence = Presence::Excluded(m.round);
    m.events.push(Event::Excluded { who: i });
    let built = m.plan_elapsed();
    let relief = m.scenario.saboteur.exclusion_relief * (0.5 + 0.5 * built);
    m.broadcast(Domain::Procedural, relief, None, 1.0, 0.0);
    m.broadcast(Domain::Social, relief, None, 1.0, 0.0);
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
        // what it knows and can leak grows with the time it sat inside undetected
        let knows = 0.5 + 0.5 * m.people[i].insider;
        let breach = m.die(i, dice::BREACH) < sab.breach_probability;
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
            q.signal[Domain::Content.index()] -= sab.doubt * knows * r;
            if breach {
                // what leaks is what the others still share with the saboteur: the damage
                // scales with twice their relation to it, which distancing erodes
                let shared = q.participation == crate::participant::Participation::CoOwner
                    && q.certainty[Domain::Procedural.index()] > cp;
                q.signal[Domain::Procedural.index()] -=
                    sab.breach_shock * knows * 2.0 * r * if shared { 1.5 } else { 1.0 };
            }
        }
        for k2 in 0..m.active.len() {
            let j = m.active[k2];
            if j != i {
                m.relations.weaken(j, i, sab.distancing);
            }
        }
        if m.die(i, dice::EXCLUDE) < sab.exclusion * m.view.mean_procedural {
            exclude(m, i);
        }
    }
}
