//! The model's transcendental functions and its Normal, Gamma and Beta draws, one
//! implementation on every platform.
//!
//! `f64::exp` and `f64::ln` call the platform's maths library: glibc on Linux, another one in
//! the browser (WebAssembly), and they may differ in the last bit. The model takes them from the
//! pure-Rust `libm` crate instead, so that a run in the browser gives the same numbers as
//! `polder run`, bit for bit. The Normal and Gamma draws are rand_distr 0.6's algorithms (the
//! same draws from the same random numbers) and a Beta draw is a ratio of two Gamma draws, here
//! because rand_distr's own functions would call the platform's library natively and libm in the
//! browser. Square roots and the four arithmetic operations are exact in IEEE 754 and need
//! nothing of the kind.
//!
//! clippy.toml forbids `f64::exp`, `ln`, `powf` and their kin in the crate, so that a new call
//! cannot slip in unnoticed.

mod ziggurat_tables;

use rand::distr::Open01;
use rand::{Rng, RngExt};

/// The larger of two numbers, neither of them NaN: one instruction (`maxsd`), where `f64::max`
/// spends three on NaN. Of two equal numbers it returns `b` (for +0 and -0, the sign of the zero
/// is the only thing that can differ, and the model adds or multiplies it away).
#[inline]
pub fn larger(a: f64, b: f64) -> f64 {
    if a > b { a } else { b }
}

/// The smaller of two numbers, neither of them NaN (see [`larger`]).
#[inline]
pub fn smaller(a: f64, b: f64) -> f64 {
    if a < b { a } else { b }
}

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

/// The Gamma distribution with unit scale, drawn as rand_distr 0.6's `Gamma` for shapes other
/// than 1: Marsaglia and Tsang's method ("A simple method for generating gamma variables", ACM
/// Transactions on Mathematical Software 26, 2000) for shape `a >= 1`, and for `a < 1` a draw of
/// shape `a + 1` times `u^(1/a)` (u uniform in (0, 1), drawn first). At shape 1 it takes the
/// first branch too, where rand_distr draws an exponential.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Gamma {
    /// `d = a - 1/3` of the shape the squeeze works on (`a`, or `a + 1` below 1).
    d: f64,
    /// `c = 1 / sqrt(9 d)`.
    c: f64,
    /// `1 / a` below shape 1, where the draw is boosted; `None` from shape 1 up.
    boost: Option<f64>,
}

impl Gamma {
    /// `None` unless the shape is positive and finite.
    pub fn new(shape: f64) -> Option<Self> {
        if !(shape > 0.0 && shape.is_finite()) {
            return None;
        }
        let (large, boost) = if shape < 1.0 {
            (shape + 1.0, Some(1.0 / shape))
        } else {
            (shape, None)
        };
        let d = large - 1.0 / 3.0;
        Some(Gamma {
            d,
            c: 1.0 / (9.0 * d).sqrt(),
            boost,
        })
    }

    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match self.boost {
            None => self.squeeze(rng) * self.d,
            Some(inv_shape) => {
                let u: f64 = rng.sample(Open01);
                let a = self.squeeze(rng);
                a * exp(ln(u) * inv_shape) * self.d
            }
        }
    }

    /// Marsaglia and Tsang's `v`: a Gamma(d + 1/3) draw is `d v`.
    fn squeeze<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        loop {
            let x = standard_normal(rng);
            let v_cbrt = 1.0 + self.c * x;
            if v_cbrt <= 0.0 {
                continue;
            }
            let v = v_cbrt * v_cbrt * v_cbrt;
            let u: f64 = rng.sample(Open01);
            let x_sqr = x * x;
            if u < 1.0 - 0.0331 * x_sqr * x_sqr || ln(u) < 0.5 * x_sqr + self.d * (1.0 - v + ln(v))
            {
                return v;
            }
        }
    }
}

/// The Beta distribution as the ratio of two Gamma draws: `x / (x + y)` with `x ~ Gamma(alpha)`
/// drawn first and `y ~ Gamma(beta)` second. Exact, and at the shapes of a table's traits (both
/// above 1) free of logarithms and exponentials in about 98% of the Gamma draws (Marsaglia and
/// Tsang's squeeze), where Cheng's rejection algorithms, which rand_distr uses, take two or three
/// every time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Beta {
    x: Gamma,
    y: Gamma,
}

impl Beta {
    /// `None` unless both shape parameters are positive and finite.
    pub fn new(alpha: f64, beta: f64) -> Option<Self> {
        Some(Beta {
            x: Gamma::new(alpha)?,
            y: Gamma::new(beta)?,
        })
    }

    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        let x = self.x.sample(rng);
        let y = self.y.sample(rng);
        x / (x + y)
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

    /// Same algorithm as rand_distr's Gamma (shape 1 aside, where it draws an exponential): the
    /// draws differ at most in the last bits (ln and exp enter the value), and the random
    /// streams stay in step.
    #[test]
    fn gamma_draws_are_rand_distr_s_up_to_the_last_bits() {
        for shape in [0.3, 0.7, 1.5, 4.0, 17.5] {
            let ours = Gamma::new(shape).unwrap();
            let theirs = rand_distr::Gamma::<f64>::new(shape, 1.0).unwrap();
            let mut a = ChaCha8Rng::seed_from_u64(5);
            let mut b = ChaCha8Rng::seed_from_u64(5);
            for _ in 0..100_000 {
                let (x, y) = (ours.sample(&mut a), theirs.sample(&mut b));
                assert!(
                    (x - y).abs() <= 1e-13 * y.max(1e-300),
                    "Gamma({shape}): {x} {y}"
                );
            }
            assert_eq!(a.next_u64(), b.next_u64(), "Gamma({shape}) out of step");
        }
        assert!(Gamma::new(0.0).is_none() && Gamma::new(f64::INFINITY).is_none());
    }

    /// The ratio of Gammas has the Beta distribution's mean and variance: 200 000 draws each,
    /// where the sd of the sample mean is below 0.0011 and the bounds are five times that.
    #[test]
    fn beta_draws_have_the_beta_moments() {
        for (alpha, beta) in [
            (4.0, 6.0),
            (6.0, 4.0),
            (0.5, 3.0),
            (3.0, 0.5),
            (0.7, 0.9),
            (30.0, 12.0),
        ] {
            let d = Beta::new(alpha, beta).unwrap();
            let mut rng = ChaCha8Rng::seed_from_u64(7);
            let n = 200_000;
            let draws: Vec<f64> = (0..n).map(|_| d.sample(&mut rng)).collect();
            assert!(draws.iter().all(|&x| (0.0..=1.0).contains(&x)));
            let mean = draws.iter().sum::<f64>() / f64::from(n);
            let var = draws.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / f64::from(n - 1);
            let m = alpha / (alpha + beta);
            let v = m * (1.0 - m) / (alpha + beta + 1.0);
            assert!(
                (mean - m).abs() < 0.0055,
                "Beta({alpha}, {beta}) mean {mean} vs {m}"
            );
            assert!(
                (var - v).abs() < 0.05 * v,
                "Beta({alpha}, {beta}) variance {var} vs {v}"
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
