//! Identification and the participation spectrum, from dutiful participation (plichtmatige
//! deelname) to co-ownership (mede-eigenaarschap).

use serde::{Deserialize, Serialize};

use crate::scenario::Ownership;

/// Participation level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Participation {
    /// Plichtmatig: present because it has to be.
    Dutiful,
    /// Betrokken: involved, not yet an owner.
    Engaged,
    /// Mede-eigenaar: co-owner of the process.
    CoOwner,
}

impl Participation {
    pub const fn key(self) -> &'static str {
        match self {
            Participation::Dutiful => "dutiful",
            Participation::Engaged => "engaged",
            Participation::CoOwner => "co_owner",
        }
    }

    pub const fn label_nl(self) -> &'static str {
        match self {
            Participation::Dutiful => "plichtmatig",
            Participation::Engaged => "betrokken",
            Participation::CoOwner => "mede-eigenaar",
        }
    }

    /// The level for an ownership score, with hysteresis around the thresholds: moving up needs
    /// the threshold plus the hysteresis, moving down the threshold minus it.
    pub fn next(self, ownership: f64, p: &Ownership) -> Participation {
        let h = p.hysteresis;
        let up = |threshold: f64| ownership > threshold + h;
        let down = |threshold: f64| ownership < threshold - h;
        match self {
            Participation::Dutiful => {
                if up(p.co_owner_above) {
                    Participation::CoOwner
                } else if up(p.dutiful_below) {
                    Participation::Engaged
                } else {
                    Participation::Dutiful
                }
            }
            Participation::Engaged => {
                if up(p.co_owner_above) {
                    Participation::CoOwner
                } else if down(p.dutiful_below) {
                    Participation::Dutiful
                } else {
                    Participation::Engaged
                }
            }
            Participation::CoOwner => {
                if down(p.dutiful_below) {
                    Participation::Dutiful
                } else if down(p.co_owner_above) {
                    Participation::Engaged
                } else {
                    Participation::CoOwner
                }
            }
        }
    }

    /// The level at the start, without hysteresis.
    pub fn initial(ownership: f64, p: &Ownership) -> Participation {
        if ownership >= p.co_owner_above {
            Participation::CoOwner
        } else if ownership >= p.dutiful_below {
            Participation::Engaged
        } else {
            Participation::Dutiful
        }
    }
}

/// The ownership target from the seed's two indicators (willingness to negotiate and
/// identification, with the topic and with each other) and the number of domains above their
/// challenge: an unweighted mean of willingness, topic identification, group identification and
/// the share of domains above challenge.
#[inline]
pub fn ownership_target(willingness: f64, topic: f64, group: f64, above_challenge: u8) -> f64 {
    (willingness + topic + group + f64::from(above_challenge) * 0.25) * 0.25
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hysteresis_keeps_level_near_threshold() {
        let p = Ownership::default();
        // just above the co-owner threshold but within the hysteresis: an engaged participant
        // stays engaged, a co-owner stays co-owner
        let o = p.co_owner_above + p.hysteresis * 0.5;
        assert_eq!(Participation::Engaged.next(o, &p), Participation::Engaged);
        assert_eq!(Participation::CoOwner.next(o, &p), Participation::CoOwner);
        let o = p.co_owner_above - p.hysteresis * 0.5;
        assert_eq!(Participation::CoOwner.next(o, &p), Participation::CoOwner);
        assert_eq!(
            Participation::CoOwner.next(p.co_owner_above - 2.0 * p.hysteresis, &p),
            Participation::Engaged
        );
        assert_eq!(
            Participation::Dutiful.next(0.95, &p),
            Participation::CoOwner
        );
    }
}
