//! Dual loyalty (dubbele loyaliteit) and the constituency (achterban): pressure on the
//! representative, reverberation of the table back home, and ratification as in Putnam's
//! (1988) two-level game.

use statrs::function::erf::erf;

use crate::model::Model;
use crate::scenario::Constituency;

#[inline]
fn phi(z: f64) -> f64 {
    0.5 * (1.0 + erf(z / std::f64::consts::SQRT_2))
}

/// Share of a constituency's members that accept a deal at `x`: members' ideal points are
/// normal around the constituency's ideal `ideal` with sd `spread`, and a member accepts within
/// `tolerance + widening` of its own ideal. `widening` is the interest-based room a deal gains
/// when the representative voiced its constituency's interests (see [`interest_widening`]).
#[inline]
pub fn approval(ideal: f64, x: f64, widening: f64, c: &Constituency) -> f64 {
    let d = x - ideal;
    let tol = c.tolerance + widening;
    phi((d + tol) / c.spread) - phi((d - tol) / c.spread)
}

/// Displeasure with a deal at `x`: 1 - approval(x) / approval(ideal), 0 when the deal sits at
/// the constituency's ideal, toward 1 far from it.
#[inline]
pub fn displeasure(ideal: f64, x: f64, widening: f64, c: &Constituency) -> f64 {
    displeasure_given_best(ideal, x, widening, best_approval(widening, c), c)
}

/// Approval of a deal at the constituency's own ideal: Phi(t) - Phi(-t) = erf(t / sqrt 2) with
/// t = (tolerance + widening) / spread. It depends only on the widening, so a round computes it
/// once per widening rather than once per party.
#[inline]
pub fn best_approval(widening: f64, c: &Constituency) -> f64 {
    erf((c.tolerance + widening) / (c.spread * std::f64::consts::SQRT_2))
}

/// [`displeasure`] with the approval at the ideal already computed.
#[inline]
pub fn displeasure_given_best(
    ideal: f64,
    x: f64,
    widening: f64,
    best: f64,
    c: &Constituency,
) -> f64 {
    (1.0 - approval(ideal, x, widening, c) / best).clamp(0.0, 1.0)
}

/// The widening of a constituency's tolerance: room_interests x the table's identification-
/// weighted voiced share, for parties that voiced their interests; 0 for the others.
#[inline]
pub fn interest_widening(voiced: bool, voiced_weight: f64, room_interests: f64) -> f64 {
    if voiced {
        room_interests * voiced_weight
    } else {
        0.0
    }
}

/// The constituency pulls its representative toward its ideal (pressure x loyalty), and the
/// representative's reports pull the constituency toward the table (reverberation x ownership).
pub fn pull(m: &mut Model) {
    let c = &m.scenario.constituency;
    for p in m
        .people
        .iter_mut()
        .filter(|p| p.is_active() && !p.is_disrupting())
    {
        let (pos, ideal) = (p.position, p.constituency_ideal);
        p.position += c.pressure * p.loyalty * (ideal - pos);
        p.constituency_ideal += c.reverberation * p.ownership * (pos - ideal);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn approval_falls_with_distance() {
        let c = Constituency::default();
        let at = approval(0.5, 0.5, 0.0, &c);
        let near = approval(0.5, 0.55, 0.0, &c);
        let far = approval(0.5, 0.9, 0.0, &c);
        assert!(at > near && near > far);
        assert!(far < 0.05);
        assert!((displeasure(0.5, 0.5, 0.0, &c)).abs() < 1e-12);
        assert!(displeasure(0.5, 0.9, 0.0, &c) > 0.9);
        assert!(approval(0.5, 0.8, 0.1, &c) > approval(0.5, 0.8, 0.0, &c));
    }
}
