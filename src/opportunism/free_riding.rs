//! Free-riders are noticed with a probability that grows with transparency (the table's mean
//! procedural certainty); detection hurts the others' social certainty, most for those close
//! to the free-rider. Once detected, a free-rider is pushed toward the others' contribution by
//! sanctions or peer pressure (cooperation.rs).

use crate::cooperation::{sanction_strength, visibility};
use crate::domain::Domain;
use crate::events::Event;
use crate::model::Model;
use crate::participant::dice;

/// Probability per round that an undetected free-rider is noticed: `free_rider.detection` at a
/// table of ten, times the table's mean procedural certainty (transparency), times the
/// visibility of one party's effort at a table of this size ([`visibility`]: sqrt(10 / m)),
/// plus a manager's detection bonus, at most 1: shirking is harder to spot at a large table
/// (monitoring costs grow with group size; Olson 1965, Ostrom 1990).
pub fn detection_probability(m: &Model) -> f64 {
    let s = m.scenario;
    (s.free_rider.detection * m.view.mean_procedural * visibility(m.view.active)
        + m.levers.detection_bonus)
        .min(1.0)
}

pub fn detect(m: &mut Model) {
    let s = m.scenario;
    let prob = detection_probability(m);
    // the free-riders at the table, in the order of `active`
    for k in 0..m.free_riders.len() {
        let i = m.free_riders[k];
        let p = &m.people[i];
        if !p.is_active() || p.detected {
            continue;
        }
        if m.die(i, dice::DETECT) < prob {
            m.people[i].detected = true;
            m.events.push(Event::FreeRiderDetected { who: i });
            m.news(i, &[(Domain::Social, -s.free_rider.social_shock)]);
            let strength = sanction_strength(m);
            if strength > 0.0 {
                m.events
                    .push(Event::FreeRiderSanctioned { who: i, strength });
            }
        }
    }
}
