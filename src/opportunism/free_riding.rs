//! Free-riders are noticed with a probability that grows with transparency (the table's mean
//! procedural certainty); detection hurts the others' social certainty, most for those close
//! to the free-rider. Once detected, a free-rider is pushed toward the others' contribution by
//! sanctions or peer pressure (cooperation.rs).

use crate::cooperation::sanction_strength;
use crate::domain::Domain;
use crate::events::Event;
use crate::model::Model;
use crate::participant::dice;

pub fn detect(m: &mut Model) {
    let s = m.scenario;
    let prob =
        (s.free_rider.detection * m.view.mean_procedural + m.levers.detection_bonus).min(1.0);
    // the free-riders at the table, in the order of `active`
    for k in 0..m.free_riders.len() {
        let i = m.free_riders[k];
        let p = &m.people[i];
        if !p.is_active() || p.detected {
            continue;
        }
        if p.die(dice::DETECT) < prob {
            m.people[i].detected = true;
            m.events.push(Event::FreeRiderDetected { who: i });
            m.broadcast(
                Domain::Social,
                -s.free_rider.social_shock,
                Some(i),
                0.5,
                0.5,
            );
            let strength = sanction_strength(m);
            if strength > 0.0 {
                m.events
                    .push(Event::FreeRiderSanctioned { who: i, strength });
            }
        }
    }
}
