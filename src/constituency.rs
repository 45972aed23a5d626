//! Dual loyalty (dubbele loyaliteit) and the constituency (achterban): pressure on the
//! representative, reverberation of the table back home, and ratification as in Putnam's
//! (1988) two-level game.

use crate::model::Model;
use crate::scenario::Constituency;

/// The error function by Abramowitz & Stegun (1964) formula 7.1.28:
/// erf(x) = 1 - (1 + a1 x + ... + a6 x^6)^-16 for x >= 0, odd in x. Its absolute error is at
/// most 3e-7, far below anything the model can resolve, and it needs no exponential: about
/// 5 ns against 27 ns for a full-precision erf, which ran twice per participant and round.
#[inline]
pub fn erf(x: f64) -> f64 {
    const A: [f64; 6] = [
        0.070_523_078_4,
        0.042_282_012_3,
        0.009_270_527_2,
        0.000_152_014_3,
        0.000_276_567_2,
        0.000_043_063_8,
    ];
    let t = x.abs();
    let p = 1.0 + t * (A[0] + t * (A[1] + t * (A[2] + t * (A[3] + t * (A[4] + t * A[5])))));
    let p2 = p * p;
    let p4 = p2 * p2;
    let p8 = p4 * p4;
    (1.0 - 1.0 / (p8 * p8)).copysign(x)
}

/// A constituency's approval curve for one interest widening, prepared once per round: the
/// tolerance, the scale 1 / (spread sqrt 2) that turns distances into erf arguments, and the
/// reciprocal of the approval at the constituency's own ideal.
#[derive(Debug, Clone, Copy)]
pub struct ApprovalCurve {
    tolerance: f64,
    scale: f64,
    inv_best: f64,
}

impl ApprovalCurve {
    /// Members' ideal points are normal around the constituency's ideal with sd `spread`, and a
    /// member accepts a deal within `tolerance + widening` of its own ideal. `widening` is the
    /// interest-based room a deal gains when the representative voiced its constituency's
    /// interests (see [`interest_widening`]).
    #[inline]
    pub fn new(widening: f64, c: &Constituency) -> Self {
        Self::with_tolerance(c.tolerance, widening, c)
    }

    /// The curve of a constituency whose members tolerate `tolerance` (a party's own, see
    /// `Participant::tolerance`) plus the interest widening.
    #[inline]
    pub fn with_tolerance(tolerance: f64, widening: f64, c: &Constituency) -> Self {
        Self::widened(tolerance + widening, c)
    }

    /// The curve of a constituency whose members tolerate `tolerance`, the widening included.
    #[inline]
    pub fn widened(tolerance: f64, c: &Constituency) -> Self {
        let scale = std::f64::consts::FRAC_1_SQRT_2 / c.spread;
        // the approval at the ideal, Phi(t) - Phi(-t) = erf(t / sqrt 2)
        let best = erf(tolerance * scale);
        Self {
            tolerance,
            scale,
            inv_best: 1.0 / best,
        }
    }

    /// Share of the members that accept a deal at `x`:
    /// Phi((d + tol) / spread) - Phi((d - tol) / spread) with d = x - ideal, written as
    /// (erf((d + tol) k) - erf((d - tol) k)) / 2 with k = 1 / (spread sqrt 2).
    #[inline]
    pub fn approval(&self, ideal: f64, x: f64) -> f64 {
        let d = x - ideal;
        0.5 * (erf((d + self.tolerance) * self.scale) - erf((d - self.tolerance) * self.scale))
    }

    /// Displeasure with a deal at `x`: 1 - approval(x) / approval(ideal), 0 when the deal sits
    /// at the constituency's ideal, toward 1 far from it.
    #[inline]
    pub fn displeasure(&self, ideal: f64, x: f64) -> f64 {
        (1.0 - self.approval(ideal, x) * self.inv_best).clamp(0.0, 1.0)
    }
}

/// Share of a constituency's members that accept a deal at `x` (see [`ApprovalCurve`]).
pub fn approval(ideal: f64, x: f64, widening: f64, c: &Constituency) -> f64 {
    ApprovalCurve::new(widening, c).approval(ideal, x)
}

/// Displeasure with a deal at `x` (see [`ApprovalCurve::displeasure`]).
pub fn displeasure(ideal: f64, x: f64, widening: f64, c: &Constituency) -> f64 {
    ApprovalCurve::new(widening, c).displeasure(ideal, x)
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

/// Every party's displeasure with a deal at `x` ([`ApprovalCurve::displeasure`] with its own
/// tolerance, widened by the interests it voiced), stored for the parties at the table.
///
/// The curves are evaluated for every seat at once, over per-seat arrays copied out of the
/// participants each round (structure of arrays): the loop has no branch and no indirection, so the
/// compiler runs it four seats per instruction (AVX2). Each seat's value is computed by exactly
/// the operations of the one-party formula, so the result is the same to the bit; the values of
/// seats no longer at the table are computed and thrown away.
pub fn refresh_displeasure(m: &mut Model, x: f64) {
    let s = m.scenario;
    let c = &s.constituency;
    let seats = &mut m.seats;
    for ((p, ideal), tolerance) in m
        .people
        .iter()
        .zip(&mut seats.ideal)
        .zip(&mut seats.tolerance)
    {
        *ideal = p.constituency_ideal;
        *tolerance = p.tolerance
            + interest_widening(
                p.interests_voiced,
                m.view.voiced_weight,
                s.negotiation.room_interests,
            );
    }
    for ((out, &ideal), &tolerance) in seats
        .displeasure
        .iter_mut()
        .zip(&seats.ideal)
        .zip(&seats.tolerance)
    {
        *out = ApprovalCurve::widened(tolerance, c).displeasure(ideal, x);
    }
    for (p, &displeasure) in m.people.iter_mut().zip(&seats.displeasure) {
        if p.is_active() {
            p.displeasure = displeasure;
        }
    }
}

/// Per-seat arrays for [`refresh_displeasure`], allocated once per run and filled from the
/// participants every round (they hold no state of their own): the constituencies' ideals, their
/// tolerances widened by the interests voiced, and the displeasures computed from them.
#[derive(Debug, Default)]
pub struct SeatArrays {
    ideal: Vec<f64>,
    tolerance: Vec<f64>,
    displeasure: Vec<f64>,
}

impl SeatArrays {
    pub fn for_table(n: usize) -> Self {
        Self {
            ideal: vec![0.0; n],
            tolerance: vec![0.0; n],
            displeasure: vec![0.0; n],
        }
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
    fn erf_is_within_its_published_error_bound() {
        let mut worst: f64 = 0.0;
        for k in -80_000..=80_000 {
            let x = f64::from(k) * 1e-4;
            let exact = statrs::function::erf::erf(x);
            worst = worst.max((erf(x) - exact).abs());
        }
        assert!(worst < 3e-7, "largest error {worst:e}");
        assert_eq!(erf(0.0), 0.0);
        assert!(erf(-1.0) < 0.0 && erf(1.0) > 0.0);
        assert_eq!(erf(10.0), 1.0);
    }

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

    /// The pass over all seats gives every party at the table the one-party formula's value to
    /// the bit, voiced or not, and leaves a party that has left the table as it was.
    #[test]
    fn displeasure_over_all_seats_is_the_one_party_formula() {
        use crate::participant::Presence;
        use crate::rng::RunSeed;
        use crate::scenario::parse_scenario;
        let s = parse_scenario("name = \"t\"\n", std::path::Path::new("t.toml")).expect("valid");
        let mut m = Model::new(&s, RunSeed::new(7, 0, 0));
        for _ in 0..8 {
            m.step();
        }
        // a voiced and an unvoiced party at the table, and one that has left
        m.people[0].interests_voiced = true;
        m.people[1].interests_voiced = false;
        m.people[2].presence = Presence::Exited(m.round);
        m.people[2].displeasure = -1.0;
        for (k, x) in [0.0, 0.31, 0.5, 0.77, 1.0].into_iter().enumerate() {
            m.view.voiced_weight = 0.2 * k as f64;
            refresh_displeasure(&mut m, x);
            for p in m.people.iter().filter(|p| p.is_active()) {
                let widening = interest_widening(
                    p.interests_voiced,
                    m.view.voiced_weight,
                    s.negotiation.room_interests,
                );
                let one = ApprovalCurve::with_tolerance(p.tolerance, widening, &s.constituency)
                    .displeasure(p.constituency_ideal, x);
                assert_eq!(
                    p.displeasure.to_bits(),
                    one.to_bits(),
                    "party {} at {x}",
                    p.id
                );
            }
            assert_eq!(
                m.people[2].displeasure, -1.0,
                "a departed party is left alone"
            );
        }
    }
}
