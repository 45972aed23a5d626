//! Spoiler management after Stedman (1997): the answer must fit the spoiler. A limited spoiler
//! (a fixed demand) is stopped by an inducement; a greedy spoiler (demands that grow) can be
//! socialised over time, and an inducement buys only a pause; a total spoiler (unsatisfiable)
//! yields only to coercion ending in exclusion. The manager sees the kind only through a noisy
//! diagnosis, and a misdiagnosis wastes budget or backfires.

use rand::RngExt;

use super::Intervention;
use super::kind::SpoilerKind;
use crate::domain::Domain;
use crate::events::Event;
use crate::model::Model;
use crate::participant::Archetype;

/// The strategy that fits a (diagnosed) kind.
pub const fn spoiler_strategy(kind: SpoilerKind) -> Intervention {
    match kind {
        SpoilerKind::Limited => Intervention::Inducement,
        SpoilerKind::Greedy => Intervention::Socialisation,
        SpoilerKind::Total => Intervention::Coercion,
    }
}

/// Rounds a greedy spoiler keeps quiet after an inducement before its demands grow again.
pub const GREEDY_PAUSE: u32 = 4;

/// Apply a spoiler strategy to saboteur `target` (which must be disrupting at the table), or
/// without a target to the first disrupting saboteur at the table. Returns false when there is
/// none.
pub fn manage_spoiler(
    m: &mut Model,
    strategy: Intervention,
    strength: f64,
    target: Option<usize>,
) -> bool {
    let Some(i) = target.or_else(|| {
        m.active
            .iter()
            .copied()
            .find(|&i| m.people[i].is_active() && m.people[i].is_disrupting())
    }) else {
        return false;
    };
    debug_assert_eq!(m.people[i].archetype, Archetype::Saboteur);
    let kind = m.people[i].spoiler;
    let u: f64 = m.manager_rng.random();
    let round = m.round;
    let mut settled = false;
    match strategy {
        Intervention::Inducement => match kind {
            SpoilerKind::Limited => {
                settled = u < strength;
                if settled {
                    m.people[i].neutralised = true;
                }
            }
            SpoilerKind::Greedy => {
                settled = u < strength;
                if settled {
                    m.people[i].neutralised = true;
                    m.people[i].resume_round = Some(round + GREEDY_PAUSE);
                }
            }
            SpoilerKind::Total => {
                // paying a spoiler who cannot be satisfied rewards bad behaviour
                m.broadcast(Domain::Procedural, -0.1, Some(i), 1.0, 0.0);
            }
        },
        Intervention::Socialisation => {
            let chance = match kind {
                SpoilerKind::Limited => 0.7 * strength,
                SpoilerKind::Greedy => strength,
                SpoilerKind::Total => 0.0,
            };
            settled = u < chance;
            if settled {
                m.people[i].neutralised = true;
            }
        }
        Intervention::Coercion => {
            settled = u < strength;
            if settled {
                crate::opportunism::sabotage::exclude(m, i);
            } else {
                // failed coercion shows the rules cannot be enforced
                m.broadcast(Domain::Procedural, -0.15, Some(i), 1.0, 0.0);
            }
            if kind != SpoilerKind::Total {
                // heavy-handed against a spoiler that could have been talked round
                m.broadcast(Domain::Social, -0.2, Some(i), 1.0, 0.0);
            }
        }
        _ => unreachable!("only spoiler strategies are passed here"),
    }
    m.events.push(Event::SpoilerManaged {
        who: i,
        strategy,
        settled,
    });
    true
}
