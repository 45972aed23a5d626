//! Negotiation: positions, willingness to negotiate, voicing interests, and pairwise meetings
//! with bounded confidence (Deffuant et al. 2000) in which relations carry influence.

use crate::domain::Domain;
use crate::events::Event;
use crate::model::Model;
use crate::participant::{Participant, dice};
use crate::scenario::{Constituency, Negotiation};

/// Effective willingness to negotiate: the trait, scaled by social and procedural certainty
/// (0.5 at none, 1 at full) and lowered by constituency displeasure through loyalty (hard-line
/// instructions harden the representative, Druckman 1994).
#[inline]
pub fn willingness(p: &Participant, c: &Constituency) -> f64 {
    let trust = 0.5
        + 0.25 * (p.certainty[Domain::Social.index()] + p.certainty[Domain::Procedural.index()]);
    p.willingness_base * trust * (1.0 - c.hardening * p.loyalty * p.displeasure)
}

/// The widening of every party's room for agreement in one round: voiced interests (weighted
/// by identification) and shared strategic information, both read from the table view.
#[derive(Debug, Clone, Copy)]
pub struct Widening {
    max_radius: f64,
    interests: f64,
    information: f64,
}

impl Widening {
    #[inline]
    pub fn of(n: &Negotiation, view: &crate::model::TableView) -> Self {
        Self {
            max_radius: n.max_radius,
            interests: n.room_interests * view.voiced_weight,
            information: n.room_information * view.information_share,
        }
    }

    /// Room for agreement of one party: its bounded-confidence radius (how far apart two
    /// positions may be for it to move: max_radius x willingness), plus the interest and the
    /// information widening.
    #[inline]
    pub fn room(&self, p: &Participant) -> f64 {
        self.max_radius * p.willingness + self.interests + self.information
    }
}

/// Parties voice their interests: in a voice phase with probability `voice_probability`, else
/// `voice_outside_phase`, both scaled by 0.5 + 0.5 x social certainty (safe enough to speak).
/// Voicing raises the speaker's content and procedural certainty.
pub fn voice(m: &mut Model) {
    if m.view.voiced_share == 1.0 {
        // everyone at the table has voiced (voicing is never undone)
        return;
    }
    let s = m.scenario;
    let n = &s.negotiation;
    let base = if s.process.phases[m.process.phase].voice {
        n.voice_probability
    } else {
        n.voice_outside_phase
    };
    for k in 0..m.active.len() {
        let i = m.active[k];
        let p = &mut m.people[i];
        if !p.is_active() || p.interests_voiced || p.is_disrupting() {
            continue;
        }
        let prob = base * (0.5 + 0.5 * p.certainty[Domain::Social.index()]);
        if m.dice.uniform(m.round, i, dice::VOICE) < prob {
            p.interests_voiced = true;
            p.signal[Domain::Content.index()] += n.voice_content_gain;
            p.signal[Domain::Procedural.index()] += n.voice_procedural_gain;
            m.events.push(Event::Voiced { who: i });
        }
    }
}

/// Each party at the table meets one other, chosen uniformly. When their positions are within
/// the mean of their rooms for agreement (bounded-confidence radius widened by voiced interests
/// and shared information, see `Model::room`), both move toward each other by concession_rate x (1 - loyalty) x
/// relation, and their relation improves; otherwise the relation suffers from another round of
/// fixed moves. Revealed saboteurs no longer move or move others.
pub fn meet(m: &mut Model) {
    let s = m.scenario;
    let n = m.active.len();
    if n < 2 {
        return;
    }
    let mu = s.negotiation.concession_rate;
    let widening = m.widening();
    for k in 0..n {
        let i = m.active[k];
        if !m.people[i].is_active() {
            continue;
        }
        let mut pick = ((m.die(i, dice::PARTNER) * (n - 1) as f64) as usize).min(n - 2);
        if pick >= k {
            pick += 1;
        }
        let j = m.active[pick];
        let (pi, pj) = (&m.people[i], &m.people[j]);
        if !pj.is_active() || pi.is_disrupting() || pj.is_disrupting() {
            continue;
        }
        let d = pj.position - pi.position;
        let reach = 0.5 * (widening.room(pi) + widening.room(pj));
        let r = m.relations.get(i, j);
        if d.abs() < reach {
            let step_i = mu * (1.0 - pi.loyalty) * r;
            let step_j = mu * (1.0 - pj.loyalty) * r;
            m.people[i].position += step_i * d;
            m.people[j].position -= step_j * d;
            m.relations.improve(i, j, s.relations.improve);
        } else {
            m.relations.weaken(i, j, s.relations.damage);
        }
    }
}
