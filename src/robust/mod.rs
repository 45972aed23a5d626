//! Robust comparison of policies under deep uncertainty (issue 12): every policy meets every
//! variant of a scenario (a design point of a sweep over the uncertain parameters) on the same
//! replicates, and the question is not "which policy is best on the base scenario" but "which
//! policy does well enough across what we do not know, and where would we regret it".
//!
//! The input is a finished sweep's summary.csv: per design point (variant) and policy the mean
//! of each outcome over the replicates. From it, per policy and outcome:
//!
//! - the **mean** over the variants, and the **10th, 50th and 90th percentiles** (the bad tail
//!   is the 10th percentile of an outcome where higher is better, the 90th where lower is
//!   better; McPhail et al. 2018 call these percentile-based metrics);
//! - the **satisficing share**: the share of variants in which the outcome meets a threshold
//!   the analyst sets (Starr's domain criterion; by default a ratified rate of at least 0.5);
//! - the **regret** in each variant: how far the policy falls short of the best policy in that
//!   variant (Savage's minimax regret; Lempert et al. 2006), and its mean and maximum over the
//!   variants.
//!
//! The most robust policy is the one with the smallest maximum regret on the ratified rate
//! (ties: the smaller mean regret, then the earlier policy). Regret is computed from the
//! variants' sample means, so it includes sampling noise of the size of a paired difference
//! of two rates over the sweep's replicates (the policies in a variant share their replicates,
//! which keeps that noise small); docs/analysts.md says how to read it.
//!
//! Scenario discovery on the variants is in [`prim`].

pub mod prim;

/// An outcome the robustness analysis reports, with the summary.csv metric it is read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Ratified,
    Inclusive,
    Dropout,
    Budget,
}

impl Outcome {
    pub const ALL: [Outcome; 4] = [
        Outcome::Ratified,
        Outcome::Inclusive,
        Outcome::Dropout,
        Outcome::Budget,
    ];

    /// The summary.csv metric (and robust.csv's `metric`).
    pub fn key(self) -> &'static str {
        match self {
            Outcome::Ratified => "ratified_rate",
            Outcome::Inclusive => "inclusive_rate",
            Outcome::Dropout => "dropout_rate",
            Outcome::Budget => "budget_spent",
        }
    }

    /// Position in [`Outcome::ALL`] (and in [`Variant::outcomes`]' arrays).
    pub fn index(self) -> usize {
        self as usize
    }

    pub fn from_key(key: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.key() == key)
    }

    pub fn higher_is_better(self) -> bool {
        matches!(self, Outcome::Ratified | Outcome::Inclusive)
    }

    /// Regret is reported for the outcomes a policy is chosen for, not for its cost.
    pub fn has_regret(self) -> bool {
        !matches!(self, Outcome::Budget)
    }

    /// Whether `x` meets the threshold `t` (at least `t` where higher is better, at most
    /// where lower is better).
    pub fn meets(self, x: f64, t: f64) -> bool {
        if self.higher_is_better() {
            x >= t
        } else {
            x <= t
        }
    }
}

/// The variants of a robustness sweep and each policy's outcomes in them.
#[derive(Debug, Clone, PartialEq)]
pub struct Variants {
    /// The uncertain parameters (summary.csv's parameter columns).
    pub params: Vec<String>,
    pub policies: Vec<String>,
    pub points: Vec<Variant>,
}

/// One variant: a design point.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    pub point: u64,
    /// The parameter values as written in summary.csv.
    pub values: Vec<String>,
    /// `outcomes[policy][outcome]` in the order of [`Outcome::ALL`].
    pub outcomes: Vec<[f64; 4]>,
}

impl Variant {
    pub fn value(&self, policy: usize, o: Outcome) -> f64 {
        self.outcomes[policy][o.index()]
    }

    /// The best outcome any policy reaches in this variant.
    pub fn best(&self, o: Outcome) -> f64 {
        let it = (0..self.outcomes.len()).map(|p| self.value(p, o));
        if o.higher_is_better() {
            it.fold(f64::NEG_INFINITY, f64::max)
        } else {
            it.fold(f64::INFINITY, f64::min)
        }
    }

    /// How far `policy` falls short of the best policy in this variant (0 for the best).
    pub fn regret(&self, policy: usize, o: Outcome) -> f64 {
        (self.best(o) - self.value(policy, o)).abs()
    }
}

/// A threshold for the satisficing share.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Threshold {
    pub outcome: Outcome,
    pub value: f64,
}

/// The default threshold: a ratified rate of at least one half.
pub const DEFAULT_THRESHOLD: Threshold = Threshold {
    outcome: Outcome::Ratified,
    value: 0.5,
};

/// One row of robust.csv: a policy's robustness on one outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct Robustness {
    pub policy: String,
    pub outcome: Outcome,
    pub variants: usize,
    pub mean: f64,
    pub p10: f64,
    pub p50: f64,
    pub p90: f64,
    pub threshold: Option<f64>,
    /// Share of the variants meeting the threshold.
    pub satisficing: Option<f64>,
    pub regret_mean: Option<f64>,
    pub regret_max: Option<f64>,
}

/// The `q`-quantile of `xs` by linear interpolation between order statistics (Hyndman & Fan's
/// type 7, the default of R and numpy).
pub fn quantile(xs: &[f64], q: f64) -> f64 {
    let mut v: Vec<f64> = xs.to_vec();
    v.sort_by(f64::total_cmp);
    if v.is_empty() {
        return f64::NAN;
    }
    let h = (v.len() - 1) as f64 * q.clamp(0.0, 1.0);
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(v.len() - 1);
    v[lo] + (h - lo as f64) * (v[hi] - v[lo])
}

/// Every policy's robustness on every outcome, policies in their order, outcomes in the order
/// of [`Outcome::ALL`].
pub fn robustness(v: &Variants, thresholds: &[Threshold]) -> Vec<Robustness> {
    let mut out = Vec::new();
    let n = v.points.len();
    for (p, name) in v.policies.iter().enumerate() {
        for o in Outcome::ALL {
            let xs: Vec<f64> = v.points.iter().map(|x| x.value(p, o)).collect();
            let threshold = thresholds.iter().find(|t| t.outcome == o).map(|t| t.value);
            let satisficing = threshold
                .map(|t| xs.iter().filter(|&&x| o.meets(x, t)).count() as f64 / n.max(1) as f64);
            let regrets: Vec<f64> = v.points.iter().map(|x| x.regret(p, o)).collect();
            let (regret_mean, regret_max) = if o.has_regret() && n > 0 {
                (
                    Some(regrets.iter().sum::<f64>() / n as f64),
                    Some(regrets.iter().copied().fold(0.0, f64::max)),
                )
            } else {
                (None, None)
            };
            out.push(Robustness {
                policy: name.clone(),
                outcome: o,
                variants: n,
                mean: xs.iter().sum::<f64>() / n.max(1) as f64,
                p10: quantile(&xs, 0.1),
                p50: quantile(&xs, 0.5),
                p90: quantile(&xs, 0.9),
                threshold,
                satisficing,
                regret_mean,
                regret_max,
            });
        }
    }
    out
}

/// The most robust policy: the smallest maximum regret on the ratified rate, then the smallest
/// mean regret, then the earlier policy.
pub fn most_robust(v: &Variants) -> usize {
    let o = Outcome::Ratified;
    let score = |p: usize| {
        let r: Vec<f64> = v.points.iter().map(|x| x.regret(p, o)).collect();
        (r.iter().copied().fold(0.0, f64::max), r.iter().sum::<f64>())
    };
    (0..v.policies.len())
        .min_by(|&a, &b| {
            let (sa, sb) = (score(a), score(b));
            sa.0.total_cmp(&sb.0)
                .then(sa.1.total_cmp(&sb.1))
                .then(a.cmp(&b))
        })
        .unwrap_or(0)
}

/// What counts as a failure of the chosen policy in a variant, for scenario discovery.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Failure {
    /// The outcome misses the threshold.
    Misses(Threshold),
    /// The regret on the ratified rate is above this.
    RegretAbove(f64),
}

impl Failure {
    pub fn holds(self, v: &Variant, policy: usize) -> bool {
        match self {
            Failure::Misses(t) => !t.outcome.meets(v.value(policy, t.outcome), t.value),
            Failure::RegretAbove(r) => v.regret(policy, Outcome::Ratified) > r,
        }
    }

    pub fn describe(self) -> String {
        match self {
            Failure::Misses(t) => format!(
                "{} {} {}",
                t.outcome.key(),
                if t.outcome.higher_is_better() {
                    "below"
                } else {
                    "above"
                },
                t.value
            ),
            Failure::RegretAbove(r) => format!("regret on ratified_rate above {r}"),
        }
    }
}

/// The numeric parameters (columns usable by PRIM) and, per variant, their values.
pub fn numeric_params(v: &Variants) -> (Vec<usize>, Vec<Vec<f64>>) {
    let cols: Vec<usize> = (0..v.params.len())
        .filter(|&j| v.points.iter().all(|x| x.values[j].parse::<f64>().is_ok()))
        .collect();
    let rows = v
        .points
        .iter()
        .map(|x| {
            cols.iter()
                .map(|&j| x.values[j].parse::<f64>().unwrap_or(f64::NAN))
                .collect()
        })
        .collect();
    (cols, rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn variants(table: &[[f64; 2]]) -> Variants {
        Variants {
            params: vec!["x".into()],
            policies: vec!["a".into(), "b".into()],
            points: table
                .iter()
                .enumerate()
                .map(|(i, r)| Variant {
                    point: i as u64,
                    values: vec![i.to_string()],
                    outcomes: vec![[r[0], 0.0, 0.1, 1.0], [r[1], 0.0, 0.2, 2.0]],
                })
                .collect(),
        }
    }

    #[test]
    fn quantile_is_numpys_linear() {
        let xs = [3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0];
        // numpy.percentile(xs, [10, 50, 90]) = [1.0, 3.5, 6.9]
        assert!((quantile(&xs, 0.1) - 1.0).abs() < 1e-12);
        assert!((quantile(&xs, 0.5) - 3.5).abs() < 1e-12);
        assert!((quantile(&xs, 0.9) - 6.9).abs() < 1e-12);
    }

    #[test]
    fn regret_minimax_and_satisficing() {
        // a is better in two variants by a little, b in one by a lot
        let v = variants(&[[0.6, 0.5], [0.7, 0.65], [0.2, 0.6]]);
        let r = robustness(&v, &[DEFAULT_THRESHOLD]);
        let a = &r[0];
        assert_eq!(a.outcome, Outcome::Ratified);
        assert!((a.regret_max.unwrap() - 0.4).abs() < 1e-12);
        assert!((a.satisficing.unwrap() - 2.0 / 3.0).abs() < 1e-12);
        let b = &r[4];
        assert_eq!((b.policy.as_str(), b.outcome), ("b", Outcome::Ratified));
        assert!((b.regret_max.unwrap() - 0.1).abs() < 1e-12);
        assert_eq!(b.satisficing, Some(1.0));
        assert_eq!(most_robust(&v), 1);
        // lower is better for dropout: a (0.1) has regret 0 everywhere
        let d = r
            .iter()
            .find(|x| x.policy == "a" && x.outcome == Outcome::Dropout);
        assert_eq!(d.unwrap().regret_max, Some(0.0));
        // no regret on the budget
        assert_eq!(r[3].regret_max, None);
    }
}
