//! Interventions of the process manager (procesmanager): what each one costs, what it targets,
//! what it does, and where it backfires.
//!
//! An intervention acts on the model through the same channels the participants use: signals to
//! certainties, voicing, positions, the pace, the table's level of detail, and this round's
//! levers (see [`Levers`]). Effects of messages and meetings are scaled by fatigue: each earlier
//! use of the same intervention in the same phase leaves `manager.fatigue` of the effect.

pub mod kind;
mod spoiler;

pub use kind::{Intervention, SpoilerKind, Target};

pub use spoiler::{manage_spoiler, spoiler_strategy};

use rand::RngExt;

use crate::domain::Domain;
use crate::events::Event;
use crate::model::Model;

/// Per-round modifiers set by interventions and read by the mechanisms; reset every round.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Levers {
    /// Multiplier on this round's work (time spent on process instead of content).
    pub work_factor: f64,
    /// Added to the free-rider detection probability this round.
    pub detection_bonus: f64,
    /// Sanction strength on detected free-riders this round (the larger of this and the
    /// scenario's own sanction and peer pressure applies).
    pub sanction: f64,
}

impl Default for Levers {
    fn default() -> Self {
        Self {
            work_factor: 1.0,
            detection_bonus: 0.0,
            sanction: 0.0,
        }
    }
}

/// Apply `intervention` with `strength` (effect x fatigue). Returns false if it had nothing to
/// act on (e.g. spoiler management without a visible spoiler), having changed nothing.
pub fn apply(m: &mut Model, intervention: Intervention, strength: f64) -> bool {
    apply_to(m, intervention, strength, &[])
}

/// [`apply`] on chosen parties: bilateral talks with these (at most two) parties, a spoiler
/// strategy on this saboteur. Empty `targets` (and for the other interventions, which act on
/// the whole table or on everyone they concern) leave the choice to the intervention: the two
/// parties the manager thinks most at risk, the first disrupting saboteur. The targets must be
/// at the table (bilateral talks: not disrupting; a spoiler strategy: disrupting); see
/// [`crate::desk`], which checks them.
pub fn apply_to(
    m: &mut Model,
    intervention: Intervention,
    strength: f64,
    targets: &[usize],
) -> bool {
    use Intervention::*;
    match intervention {
        ClarifyScope => {
            m.broadcast(Domain::Content, strength, None, 1.0, 0.0);
        }
        JointFactFinding => {
            m.broadcast(Domain::Content, strength, None, 1.0, 0.0);
            let x = m.current_proposal();
            for p in m
                .people
                .iter_mut()
                .filter(|p| p.is_active() && !p.is_disrupting())
            {
                p.position += 0.4 * strength * (x - p.position);
            }
            // fact-finding is detailed work: the table's level of detail rises, which frustrates
            // progress in a phase that needs abstraction (the detail mismatch of progress.rs)
            m.process.detail = (m.process.detail + 0.3).min(1.0);
        }
        InterestDialogue => {
            let n = &m.scenario.negotiation;
            for k in 0..m.active.len() {
                let i = m.active[k];
                let p = &m.people[i];
                if !p.is_active() || p.interests_voiced || p.is_disrupting() {
                    continue;
                }
                let u: f64 = m.manager_rng.random();
                if u < strength {
                    let p = &mut m.people[i];
                    p.interests_voiced = true;
                    p.signal[Domain::Content.index()] += n.voice_content_gain;
                    p.signal[Domain::Procedural.index()] += n.voice_procedural_gain;
                    m.events.push(Event::Voiced { who: i });
                }
            }
            m.levers.work_factor *= 0.85;
        }
        ClarifyParticipation => {
            m.broadcast(Domain::Social, strength, None, 1.0, 0.0);
            m.levers.detection_bonus += 0.3;
        }
        Leadership => {
            m.broadcast(Domain::Social, strength, None, 1.0, 0.0);
            for p in m.people.iter_mut().filter(|p| p.is_active()) {
                p.group_identification = (p.group_identification + 0.25 * strength).min(1.0);
            }
        }
        BilateralTalks => return bilateral_talks(m, strength, targets),
        CoCreateRules => {
            m.broadcast(Domain::Procedural, strength, None, 1.0, 0.0);
            m.levers.work_factor *= 0.85;
        }
        Transparency => {
            m.broadcast(Domain::Procedural, strength, None, 1.0, 0.0);
            m.levers.detection_bonus += 0.2;
        }
        SharedPlanning | StatusReport => {
            m.broadcast(Domain::TaskTime, strength, None, 1.0, 0.0);
        }
        PaceControl => {
            // Slow down once hasty; otherwise speed up while the process lags behind its plan
            // (as of the end of last round). Catching up means working faster than planned, so
            // a push to make up for a stall can tip over into haste.
            let s = m.scenario;
            let w = m.process.last_work;
            let behind = m.process.lag(s, m.round - 1) > m.process.lag_tolerance();
            if w > s.process.haste_above {
                m.process.pace = (m.process.pace * (1.0 - strength)).max(0.1);
            } else if behind {
                m.process.pace = (m.process.pace * (1.0 + strength)).min(5.0);
            } else {
                return false;
            }
        }
        Sanction => return sanction(m, strength, true),
        PeerPressure => {
            // the manager mobilises the group on top of the pressure the table already exerts,
            // as far as the group identifies
            let mean_group = mean_active(m, |p| p.group_identification);
            let table = m.scenario.challenge.peer_pressure * m.view.holding_to_account;
            return sanction(m, (table + strength * mean_group).min(1.0), false);
        }
        Inducement | Socialisation | Coercion => {
            return manage_spoiler(m, intervention, strength, targets.first().copied());
        }
        Survey => {
            // being asked is a small voice event for everyone
            m.broadcast(Domain::Procedural, strength, None, 1.0, 0.0);
        }
    }
    true
}

fn mean_active(m: &Model, f: impl Fn(&crate::participant::Participant) -> f64) -> f64 {
    let (sum, n) = m
        .people
        .iter()
        .filter(|p| p.is_active())
        .fold((0.0, 0usize), |(s, n), p| (s + f(p), n + 1));
    if n == 0 { 0.0 } else { sum / n as f64 }
}

/// Talks with `chosen` parties, or without a choice with the two parties the manager thinks
/// most at risk (from its latest survey, else those whose constituencies are least pleased
/// with the proposal, which is public). Each gets `strength` on its weakest domain and half its
/// exit contagion memory back; the other parties lose a little procedural certainty (back-room
/// talks are noticed).
fn bilateral_talks(m: &mut Model, strength: f64, chosen: &[usize]) -> bool {
    let (two, n) = m.manager.most_at_risk::<2>(m);
    let targets = if chosen.is_empty() { &two[..n] } else { chosen };
    if targets.is_empty() {
        return false;
    }
    for &i in targets {
        let weakest = {
            let c = &m.people[i].certainty;
            (0..4)
                .min_by(|&a, &b| c[a].total_cmp(&c[b]))
                .expect("four domains")
        };
        let p = &mut m.people[i];
        p.signal[weakest] += strength;
        p.contagion *= 0.5;
    }
    for k in 0..m.active.len() {
        let j = m.active[k];
        if !targets.contains(&j) && m.people[j].is_active() {
            m.people[j].signal[Domain::Procedural.index()] -= 0.1 * strength;
        }
    }
    true
}

/// Push detected free-riders toward the others' contribution with `strength` this round. A
/// formal sanction risks counter-punishment (Nikiforakis 2008): each sanctioned free-rider
/// retaliates with probability 0.2, costing everyone social certainty.
fn sanction(m: &mut Model, strength: f64, formal: bool) -> bool {
    let target = |m: &Model, i: usize| m.people[i].is_active() && m.people[i].detected;
    if !m.active.iter().any(|&i| target(m, i)) {
        return false;
    }
    m.levers.sanction = m.levers.sanction.max(strength);
    if formal {
        for k in 0..m.active.len() {
            let i = m.active[k];
            if !target(m, i) {
                continue;
            }
            let u: f64 = m.manager_rng.random();
            if u < 0.2 {
                m.broadcast(Domain::Social, -0.1, Some(i), 1.0, 0.0);
                m.events.push(Event::Retaliation { who: i });
            }
        }
    }
    true
}
