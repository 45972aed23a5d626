//! Statistics across runs: streaming means with t intervals and rates with Wilson intervals.

use statrs::distribution::{ContinuousCDF, StudentsT};

use crate::outcome::RunOutcome;

/// Streaming mean and variance (Welford), in a fixed order so results are reproducible.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct MeanAcc {
    pub n: u64,
    mean: f64,
    m2: f64,
}

impl MeanAcc {
    pub fn push(&mut self, x: f64) {
        self.n += 1;
        let d = x - self.mean;
        self.mean += d / self.n as f64;
        self.m2 += d * (x - self.mean);
    }

    pub fn mean(&self) -> f64 {
        self.mean
    }

    pub fn sd(&self) -> f64 {
        if self.n < 2 {
            0.0
        } else {
            (self.m2 / (self.n - 1) as f64).sqrt()
        }
    }

    /// 95% confidence interval of the mean, Student t with n - 1 degrees of freedom.
    pub fn ci95(&self) -> (f64, f64) {
        if self.n < 2 {
            return (self.mean, self.mean);
        }
        let t = StudentsT::new(0.0, 1.0, (self.n - 1) as f64)
            .expect("positive degrees of freedom")
            .inverse_cdf(0.975);
        let half = t * self.sd() / (self.n as f64).sqrt();
        (self.mean - half, self.mean + half)
    }
}

/// The `p` quantile of Student's t distribution with `df` degrees of freedom.
pub fn t_quantile(p: f64, df: u64) -> f64 {
    StudentsT::new(0.0, 1.0, df.max(1) as f64)
        .expect("positive degrees of freedom")
        .inverse_cdf(p)
}

/// Streaming means, variances and covariance of pairs (x, y) (Welford's co-moments), in a
/// fixed order so results are reproducible.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct CoAcc {
    pub n: u64,
    mean_x: f64,
    mean_y: f64,
    m2x: f64,
    m2y: f64,
    cxy: f64,
}

impl CoAcc {
    pub fn push(&mut self, x: f64, y: f64) {
        self.n += 1;
        let n = self.n as f64;
        let dx = x - self.mean_x;
        let dy = y - self.mean_y;
        self.mean_x += dx / n;
        self.mean_y += dy / n;
        self.m2x += dx * (x - self.mean_x);
        self.m2y += dy * (y - self.mean_y);
        self.cxy += dx * (y - self.mean_y);
    }

    pub fn means(&self) -> (f64, f64) {
        (self.mean_x, self.mean_y)
    }

    /// Sample variances of x and y and their covariance (divisor n - 1; 0 below 2 pairs).
    pub fn moments(&self) -> (f64, f64, f64) {
        if self.n < 2 {
            return (0.0, 0.0, 0.0);
        }
        let d = (self.n - 1) as f64;
        (self.m2x / d, self.m2y / d, self.cxy / d)
    }

    /// The ratio mean(x) / mean(y) with a 95% interval by the delta method (Student t with
    /// n - 1 degrees of freedom); `None` unless the 95% t interval of mean(y) excludes 0, since
    /// a ratio to a denominator that may be 0 has no finite interval.
    pub fn ratio95(&self) -> Option<(f64, (f64, f64))> {
        if self.n < 2 {
            return None;
        }
        let n = self.n as f64;
        let (vx, vy, cxy) = self.moments();
        let t = t_quantile(0.975, self.n - 1);
        if self.mean_y.abs() <= t * (vy / n).sqrt() {
            return None;
        }
        let r = self.mean_x / self.mean_y;
        let var = (vx - 2.0 * r * cxy + r * r * vy) / (n * self.mean_y * self.mean_y);
        let half = t * var.max(0.0).sqrt();
        Some((r, (r - half, r + half)))
    }
}

/// 95% Wilson score interval for `k` successes in `n` trials.
pub fn wilson95(k: u64, n: u64) -> (f64, f64) {
    if n == 0 {
        return (0.0, 1.0);
    }
    let z = 1.959_963_984_540_054;
    let nf = n as f64;
    let p = k as f64 / nf;
    let denom = 1.0 + z * z / nf;
    let centre = (p + z * z / (2.0 * nf)) / denom;
    let half = z * (p * (1.0 - p) / nf + z * z / (4.0 * nf * nf)).sqrt() / denom;
    ((centre - half).max(0.0), (centre + half).min(1.0))
}

/// The headline figures of a batch of runs.
#[derive(Debug, Clone, Default)]
pub struct BatchSummary {
    pub runs: u64,
    /// Share of parties that left, per run.
    pub dropout: MeanAcc,
    pub agreements: u64,
    pub ratified: u64,
    /// Ratified agreements with the essential parties and enough of the table still there.
    pub inclusive: u64,
    pub collapsed: u64,
    /// Rounds to agreement, over runs with an agreement at the table.
    pub rounds_to_agreement: MeanAcc,
    /// Rounds played, over all runs.
    pub rounds: MeanAcc,
    pub participant_rounds: u64,
    /// Interventions of the process manager, per run.
    pub interventions: MeanAcc,
    /// Budget units the process manager spent, per run.
    pub budget_spent: MeanAcc,
}

impl BatchSummary {
    pub fn push(&mut self, o: &RunOutcome, participant_rounds: u64) {
        self.runs += 1;
        self.dropout.push(o.dropout_rate);
        if o.agreement {
            self.agreements += 1;
        }
        if o.ratified {
            self.ratified += 1;
        }
        if o.inclusive {
            self.inclusive += 1;
        }
        if o.ending == crate::model::Ending::Collapsed {
            self.collapsed += 1;
        }
        if let Some(r) = o.agreement_round {
            self.rounds_to_agreement.push(f64::from(r));
        }
        self.rounds.push(f64::from(o.rounds));
        self.participant_rounds += participant_rounds;
        self.interventions.push(f64::from(o.interventions));
        self.budget_spent.push(o.budget_spent);
    }

    pub fn agreement_rate(&self) -> f64 {
        rate(self.agreements, self.runs)
    }

    pub fn ratified_rate(&self) -> f64 {
        rate(self.ratified, self.runs)
    }

    pub fn inclusive_rate(&self) -> f64 {
        rate(self.inclusive, self.runs)
    }
}

fn rate(k: u64, n: u64) -> f64 {
    if n == 0 { 0.0 } else { k as f64 / n as f64 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wilson_matches_reference_values() {
        // 8 of 10: 95% Wilson interval (0.4902, 0.9433)
        let (lo, hi) = wilson95(8, 10);
        assert!(
            (lo - 0.4902).abs() < 1e-4 && (hi - 0.9433).abs() < 1e-4,
            "{lo} {hi}"
        );
        let (lo, hi) = wilson95(0, 20);
        assert_eq!(lo, 0.0);
        assert!((hi - 0.1611).abs() < 1e-4);
    }

    #[test]
    fn mean_interval_uses_t() {
        let mut m = MeanAcc::default();
        for x in [1.0, 2.0, 3.0, 4.0, 5.0] {
            m.push(x);
        }
        assert!((m.mean() - 3.0).abs() < 1e-12);
        // sd = 1.5811, t(4, .975) = 2.7764: half-width 1.9632
        let (lo, hi) = m.ci95();
        assert!((hi - lo - 2.0 * 1.9632).abs() < 1e-3, "{lo} {hi}");
    }
}
