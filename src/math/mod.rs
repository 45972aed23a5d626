//! The model's transcendental functions and its Normal and Beta draws, one implementation on
//! every platform.
//!
//! `f64::exp` and `f64::ln` call the platform's maths library: glibc on Linux, another one in
//! the browser (WebAssembly), and they may differ in the last bit. The model takes them from the
//! pure-Rust `libm` crate instead, so that a run in the browser gives the same numbers as
//! `polder run`, bit for bit. The Normal and Beta draws are rand_distr 0.6's algorithms (the
//! same draws from the same random numbers), here because rand_distr's own functions would call
//! the platform's library natively and libm in the browser. Square roots and the four
//! arithmetic operations are exact in IEEE 754 and need nothing of the kind.
//!
//! clippy.toml forbids `f64::exp`, `ln`, `powf` and their kin in the crate, so that a new call
//! cannot slip in unnoticed.

mod ziggurat_tables;

use rand::distr::Open01;
use rand::{Rng, RngExt};

/// e^x.
#[inline]
pub fn exp(x: f64) -> f64 {
    libm::exp(x)
}

/// The natural logarithm.
#[inline]
pub fn ln(x: f64) -> f64 {
    libm::log(x)
}

/// x^n for an integer n by repeated squaring, in the order of compiler-rt's `__powidf2` (what
/// `f64::powi` calls natively), whose precision Rust does not promise across platforms.
#[inline]
pub fn powi(x: f64, n: i32) -> f64 {
    let mut base = x;
    let mut e = n.unsigned_abs();
    let mut r = if e % 2 == 1 { x } else { 1.0 };
    loop {
        e /= 2;
        if e == 0 {
            break;
        }
        base *= base;
        if e % 2 == 1 {
            r *= base;
        }
    }
    if n < 0 { 1.0 / r } else { r }
}

/// The logistic function 1 / (1 + e^-x).
#[inline]
pub fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + exp(-x))
}

/// A standard normal draw: rand_distr 0.6's `StandardNormal` (the ziggurat of Marsaglia and
/// Tsang, with Doornik's improvements), with exp and ln from libm.
pub fn standard_normal<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    use ziggurat_tables::{ZIG_NORM_F, ZIG_NORM_R, ZIG_NORM_X};
    loop {
        let bits = rng.next_u64();
        let i = bits as usize & 0xff;
        // (bits >> 12) as the mantissa of a number in [2, 4), less 3: uniform in [-1, 1)
        let u = f64::from_bits((bits >> 12) | (1024 << 52)) - 3.0;
        let x = u * ZIG_NORM_X[i];
        if x.abs() < ZIG_NORM_X[i + 1] {
            return x;
        }
        if i == 0 {
            // the tail beyond ZIG_NORM_R
            let mut x = 1.0f64;
            let mut y = 0.0f64;
            while -2.0 * y < x * x {
                let x_: f64 = rng.sample(Open01);
                let y_: f64 = rng.sample(Open01);
                x = ln(x_) / ZIG_NORM_R;
                y = ln(y_);
            }
            return if u < 0.0 {
                x - ZIG_NORM_R
            } else {
                ZIG_NORM_R - x
            };
        }
        if ZIG_NORM_F[i + 1] + (ZIG_NORM_F[i] - ZIG_NORM_F[i + 1]) * rng.random::<f64>()
            < exp(-x * x / 2.0)
        {
            return x;
        }
    }
}

/// The normal distribution N(mean, sd^2), drawn as rand_distr 0.6's `Normal`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Normal {
    mean: f64,
    sd: f64,
}

impl Normal {
    /// `None` unless `sd` is finite (as rand_distr's `Normal::new`).
    pub fn new(mean: f64, sd: f64) -> Option<Self> {
        sd.is_finite().then_some(Self { mean, sd })
    }

    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        self.mean + self.sd * standard_normal(rng)
    }
}

/// The Beta distribution, drawn as rand_distr 0.6's `Beta`: Cheng's algorithms BB (both
/// parameters above 1) and BC (R. C. H. Cheng, "Generating beta variates with nonintegral shape
/// parameters", Communications of the ACM 21, 1978), with exp and ln from libm.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Beta {
    a: f64,
    b: f64,
    switched: bool,
    algorithm: BetaAlgorithm,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum BetaAlgorithm {
    Bb {
        alpha: f64,
        beta: f64,
        gamma: f64,
    },
    Bc {
        alpha: f64,
        beta: f64,
        kappa1: f64,
        kappa2: f64,
    },
}

impl Beta {
    /// `None` unless both shape parameters are positive.
    pub fn new(alpha: f64, beta: f64) -> Option<Self> {
        if !(alpha > 0.0 && beta > 0.0) {
            return None;
        }
        let (a, b, switched) = if alpha < beta {
            (alpha, beta, false)
        } else {
            (beta, alpha, true)
        };
        if a > 1.0 {
            let alpha = a + b;
            let beta = ((alpha - 2.0) / (2.0 * a * b - alpha)).sqrt();
            let gamma = a + 1.0 / beta;
            Some(Beta {
                a,
                b,
                switched,
                algorithm: BetaAlgorithm::Bb { alpha, beta, gamma },
            })
        } else {
            // here `a` is the larger parameter
            let (a, b, switched) = (b, a, !switched);
            let alpha = a + b;
            let beta = 1.0 / b;
            let delta = 1.0 + a - b;
            let kappa1 = delta * (1. / 18. / 4. + 3. / 18. / 4. * b) / (a * beta - 14. / 18.);
            let kappa2 = 0.25 + (0.5 + 0.25 / delta) * b;
            Some(Beta {
                a,
                b,
                switched,
                algorithm: BetaAlgorithm::Bc {
                    alpha,
                    beta,
                    kappa1,
                    kappa2,
                },
            })
        }
    }

    // the negated comparisons are rand_distr's: a NaN ends the loop as there
    #[allow(clippy::neg_cmp_op_on_partial_ord)]
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        let mut w;
        match self.algorithm {
            BetaAlgorithm::Bb { alpha, beta, gamma } => loop {
                let u1: f64 = rng.sample(Open01);
                let u2: f64 = rng.sample(Open01);
                let v = beta * ln(u1 / (1.0 - u1));
                w = self.a * exp(v);
                let z = u1 * u1 * u2;
                let r = gamma * v - ln(4.0);
                let s = self.a + r - w;
                if s + 1.0 + ln(5.0) >= 5.0 * z {
                    break;
                }
                let t = ln(z);
                if s >= t {
                    break;
                }
                if !(r + alpha * ln(alpha / (self.b + w)) < t) {
                    break;
                }
            },
            BetaAlgorithm::Bc {
                alpha,
                beta,
                kappa1,
                kappa2,
            } => loop {
                let z;
                let u1: f64 = rng.sample(Open01);
                let u2: f64 = rng.sample(Open01);
                if u1 < 0.5 {
                    let y = u1 * u2;
                    z = u1 * y;
                    if 0.25 * u2 + z - y >= kappa1 {
                        continue;
                    }
                } else {
                    z = u1 * u1 * u2;
                    if z <= 0.25 {
                        let v = beta * ln(u1 / (1.0 - u1));
                        w = self.a * exp(v);
                        break;
                    }
                    if z >= kappa2 {
                        continue;
                    }
                }
                let v = beta * ln(u1 / (1.0 - u1));
                w = self.a * exp(v);
                if !(alpha * (ln(alpha / (self.b + w)) + v) - ln(4.0) < ln(z)) {
                    break;
                }
            },
        }
        if !self.switched {
            if w == f64::INFINITY {
                return 1.0;
            }
            w / (self.b + w)
        } else {
            self.b / (self.b + w)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::ChaCha8Rng;
    use rand_distr::Distribution;

    /// Same draws as rand_distr's: bit for bit inside the ziggurat (where its exp, natively the
    /// platform's, only meets random numbers in comparisons), up to the last bits in the tail
    /// (where ln enters the value); the random streams stay in step.
    #[test]
    fn normal_draws_are_rand_distr_s() {
        let ours = Normal::new(0.3, 0.2).unwrap();
        let theirs = rand_distr::Normal::<f64>::new(0.3, 0.2).unwrap();
        let mut a = ChaCha8Rng::seed_from_u64(11);
        let mut b = ChaCha8Rng::seed_from_u64(11);
        let mut tails = 0;
        for _ in 0..1_000_000 {
            let (x, y) = (ours.sample(&mut a), theirs.sample(&mut b));
            if (y - 0.3).abs() > 0.2 * ziggurat_tables::ZIG_NORM_R {
                tails += 1;
                assert!((x - y).abs() <= 1e-14, "{x} {y}");
            } else {
                assert_eq!(x.to_bits(), y.to_bits());
            }
        }
        assert_eq!(a.next_u64(), b.next_u64(), "out of step");
        // the tail was exercised
        assert!(tails > 100, "{tails}");
    }

    /// Same algorithm as rand_distr's Beta for both of Cheng's cases: the draws differ at most
    /// in the last bits (exp and ln enter the value), and the random streams stay in step.
    #[test]
    fn beta_draws_are_rand_distr_s_up_to_the_last_bits() {
        for (alpha, beta) in [(4.0, 6.0), (6.0, 4.0), (0.5, 3.0), (3.0, 0.5), (0.7, 0.9)] {
            let ours = Beta::new(alpha, beta).unwrap();
            let theirs = rand_distr::Beta::<f64>::new(alpha, beta).unwrap();
            let mut a = ChaCha8Rng::seed_from_u64(5);
            let mut b = ChaCha8Rng::seed_from_u64(5);
            for _ in 0..100_000 {
                let (x, y) = (ours.sample(&mut a), theirs.sample(&mut b));
                assert!(
                    (x - y).abs() <= 1e-13 * y.max(1e-300),
                    "Beta({alpha}, {beta}): {x} {y}"
                );
            }
            assert_eq!(
                a.next_u64(),
                b.next_u64(),
                "Beta({alpha}, {beta}) out of step"
            );
        }
        assert!(Beta::new(0.0, 1.0).is_none() && Beta::new(1.0, f64::NAN).is_none());
    }

    #[test]
    fn powi_and_logistic() {
        for x in [0.9, 0.5, 1.1, -2.5, 1e-3] {
            for n in -3..=40 {
                let ours = powi(x, n);
                let exact = libm::pow(x, f64::from(n));
                assert!(
                    (ours - exact).abs() <= 1e-13 * exact.abs(),
                    "{x}^{n}: {ours} {exact}"
                );
            }
        }
        assert_eq!(powi(0.9, 0), 1.0);
        assert_eq!(powi(0.9, 1), 0.9);
        assert_eq!(powi(0.9, 2), 0.9 * 0.9);
        assert_eq!(logistic(0.0), 0.5);
        assert!((logistic(2.0) + logistic(-2.0) - 1.0).abs() < 1e-15);
        assert_eq!(ln(exp(1.0)), 1.0);
    }
}
