//! Process trust within one participant: asymmetric updating of the four certainties, and
//! compensation between domains with the lower-bound screen.

use crate::domain::{Domain, PerDomain, mean4, min4};
use crate::math::larger;
use crate::scenario::{Compensation, Trust};

/// Apply one round's signals to the certainties.
///
/// Signals are first clipped to -1..1; then each domain receives `spillover` times the largest
/// positive signal among the *other* domains (a push in one domain unlocking another); then
/// the asymmetric update (Slovic 1993): a positive signal e closes the gap to 1 at rate `gain`,
/// T += gain * e * (1 - T), a negative one removes certainty at rate `loss`, T += loss * e * T.
#[inline]
pub fn update(certainty: &mut PerDomain<f64>, signal: &PerDomain<f64>, t: &Trust, spillover: f64) {
    let e = signal.map(|s| s.clamp(-1.0, 1.0));
    // the largest signal among the other three domains, for each domain: from the running
    // maxima from the left and from the right (the larger of two values; which of two equal
    // values is taken changes no result), without a branch on which domain leads
    let (left, right) = (larger(e[0], e[1]), larger(e[2], e[3]));
    let others = [
        larger(e[1], right),
        larger(e[0], right),
        larger(left, e[3]),
        larger(left, e[2]),
    ];
    for d in 0..4 {
        let best_other = larger(others[d], 0.0);
        let s = (e[d] + spillover * best_other).clamp(-1.0, 1.0);
        let c = certainty[d];
        // gains close the gap to 1, losses take a share of what is there (both computed and
        // one kept: the four domains then update side by side in one vector)
        let gained = t.gain * s * (1.0 - c);
        let lost = t.loss * s * c;
        certainty[d] = (c + if s >= 0.0 { gained } else { lost }).clamp(0.0, 1.0);
    }
}

/// Process trust: (1 - strength) * weakest domain + strength * mean of domains. Strength 0 is
/// the weakest link (no compensation), 1 the plain mean (full compensation).
#[inline]
pub fn process_trust(certainty: &PerDomain<f64>, c: &Compensation) -> f64 {
    (1.0 - c.strength) * min4(certainty) + c.strength * mean4(certainty)
}

/// The certainty a domain counts with at the lower-bound screen. Without compensation below
/// the lower bound it is the certainty itself; with it, the domain is lifted by `strength` times
/// its shortfall against the mean of the other three.
#[inline]
pub fn screened(certainty: &PerDomain<f64>, d: usize, c: &Compensation) -> f64 {
    let own = certainty[d];
    if !c.below_lower_bound {
        return own;
    }
    let others = (certainty[0] + certainty[1] + certainty[2] + certainty[3] - own) / 3.0;
    own + c.strength * (others - own).max(0.0)
}

/// Number of domains under their lower bound at the screen.
#[inline]
pub fn breaches(certainty: &PerDomain<f64>, lower: &PerDomain<f64>, c: &Compensation) -> u8 {
    (0..4)
        .filter(|&d| screened(certainty, d, c) < lower[d])
        .count() as u8
}

/// Number of domains above their challenge.
#[inline]
pub fn above_challenge(certainty: &PerDomain<f64>, challenge: &PerDomain<f64>) -> u8 {
    (0..4).filter(|&d| certainty[d] > challenge[d]).count() as u8
}

/// The domain with the smallest margin over its lower bound (the most likely reason to leave).
pub fn weakest(certainty: &PerDomain<f64>, lower: &PerDomain<f64>, c: &Compensation) -> Domain {
    let mut best = Domain::Content;
    let mut margin = f64::INFINITY;
    for d in Domain::ALL {
        let m = screened(certainty, d.index(), c) - lower[d.index()];
        if m < margin {
            margin = m;
            best = d;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn losses_weigh_more_than_gains() {
        let t = Trust::default();
        let mut c = [0.5; 4];
        update(&mut c, &[0.5, 0.0, 0.0, 0.0], &t, 0.0);
        update(&mut c, &[-0.5, 0.0, 0.0, 0.0], &t, 0.0);
        assert!(
            c[0] < 0.5,
            "equal good and bad news leave trust below its start: {}",
            c[0]
        );
        assert_eq!(c[1], 0.5);
    }

    #[test]
    fn spillover_reaches_other_domains() {
        let t = Trust::default();
        let mut c = [0.5; 4];
        update(&mut c, &[1.0, 0.0, 0.0, 0.0], &t, 0.5);
        assert!(c[1] > 0.5 && c[2] > 0.5 && c[3] > 0.5);
    }

    #[test]
    fn compensation_strength_moves_process_trust() {
        let c = [0.2, 0.8, 0.8, 0.8];
        let none = Compensation {
            strength: 0.0,
            ..Compensation::default()
        };
        let full = Compensation {
            strength: 1.0,
            ..Compensation::default()
        };
        assert!((process_trust(&c, &none) - 0.2).abs() < 1e-12);
        assert!((process_trust(&c, &full) - 0.65).abs() < 1e-12);
        let lower = [0.3; 4];
        assert_eq!(breaches(&c, &lower, &full), 1);
        let lifting = Compensation {
            strength: 0.5,
            below_lower_bound: true,
            ..Compensation::default()
        };
        assert_eq!(breaches(&c, &lower, &lifting), 0);
    }

    /// The same rule computed the other way (polder's code until November 2026): find the
    /// largest signal (first on ties) and the largest of the rest; each domain's largest other
    /// signal is the second for the leader and the largest for everyone else.
    fn update_by_top_two(c: &mut PerDomain<f64>, signal: &PerDomain<f64>, t: &Trust, sp: f64) {
        let e = signal.map(|s| s.clamp(-1.0, 1.0));
        let (mut top, mut best, mut second) = (0, e[0], f64::NEG_INFINITY);
        for (k, &v) in e.iter().enumerate().skip(1) {
            if v > best {
                (second, best, top) = (best, v, k);
            } else if v > second {
                second = v;
            }
        }
        for d in 0..4 {
            let best_other = if d == top { second } else { best }.max(0.0);
            let s = (e[d] + sp * best_other).clamp(-1.0, 1.0);
            let (rate, room) = if s >= 0.0 {
                (t.gain, 1.0 - c[d])
            } else {
                (t.loss, c[d])
            };
            c[d] = (c[d] + rate * s * room).clamp(0.0, 1.0);
        }
    }

    #[test]
    fn update_equals_the_top_two_rule_to_the_bit() {
        // signals from a small set, so that ties (and +0 against -0) are common, and beyond
        // the clip; every combination of four, from three starting certainties
        let values = [-1.5, -0.4, -0.0, 0.0, 0.2, 0.2, 0.7, 3.0];
        let t = Trust::default();
        for start in [0.0, 0.35, 1.0] {
            for k in 0..values.len().pow(4) {
                let signal = [0, 1, 2, 3].map(|d| values[k / values.len().pow(d) % values.len()]);
                let (mut a, mut b) = ([start; 4], [start; 4]);
                update(&mut a, &signal, &t, 0.3);
                update_by_top_two(&mut b, &signal, &t, 0.3);
                assert_eq!(
                    a.map(f64::to_bits),
                    b.map(f64::to_bits),
                    "signals {signal:?}"
                );
            }
        }
    }
}
