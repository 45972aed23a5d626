//! Comparing policies of the process manager on common random numbers.
//!
//! Every policy meets the same replicates: replicate `r` of every policy runs with
//! `RunSeed::new(seed, 0, r)`, so it seats the same population and gives the participants the
//! same luck (see [`crate::rng`]). A difference between two policies on one replicate is
//! therefore due to the policies alone, and the comparison against the baseline is *paired*: the
//! estimate is the mean of the per-replicate differences (policy minus baseline), with a
//! Student t interval over those differences. Pairing removes the variation between
//! populations that both policies share, which is why paired intervals are much narrower than
//! the two policies' own intervals would suggest.
//!
//! Memory is bounded: runs are simulated policy by policy, chunk by chunk in replicate order,
//! and handed to a sink (which writes runs.csv); the comparison keeps one [`RunMetrics`] per
//! replicate of the baseline (about 56 bytes) and a fixed set of accumulators per policy.
//! Everything is aggregated serially in replicate order, so the result is identical for any
//! number of threads.

use std::fmt;

use crate::domain::Domain;
use crate::outcome::RunOutcome;
use crate::policy::PolicySpec;
use crate::runner::RunResult;
use crate::scenario::Scenario;
use crate::summary::{CoAcc, MeanAcc, t_quantile, wilson95};

/// An outcome measure the comparison reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    /// Mean over runs of the share of parties that left (lower is better).
    DropoutRate,
    /// Share of runs with an agreement at the table.
    AgreementRate,
    /// Share of runs whose agreement the constituencies ratified.
    RatifiedRate,
    /// Share of runs with an inclusive agreement: ratified, with every essential party and
    /// enough of the original table still there (`[inclusion]`).
    InclusiveRate,
    /// Share of the agreements at the table that the constituencies rejected (lower is better).
    RejectedAtHome,
    /// Mean round of agreement, over runs with an agreement (lower is better).
    RoundsToAgreement,
    /// Mean over runs of the final mean certainty at the table in one domain.
    FinalCertainty(Domain),
    /// Mean budget units the process manager spent per run (lower is cheaper).
    BudgetSpent,
}

impl Metric {
    /// Every metric, in the order of compare.csv and of the terminal report.
    pub const ALL: [Metric; 11] = [
        Metric::DropoutRate,
        Metric::AgreementRate,
        Metric::RatifiedRate,
        Metric::InclusiveRate,
        Metric::RejectedAtHome,
        Metric::RoundsToAgreement,
        Metric::FinalCertainty(Domain::Content),
        Metric::FinalCertainty(Domain::Social),
        Metric::FinalCertainty(Domain::Procedural),
        Metric::FinalCertainty(Domain::TaskTime),
        Metric::BudgetSpent,
    ];

    /// Position in [`Metric::ALL`].
    pub const fn index(self) -> usize {
        match self {
            Metric::DropoutRate => 0,
            Metric::AgreementRate => 1,
            Metric::RatifiedRate => 2,
            Metric::InclusiveRate => 3,
            Metric::RejectedAtHome => 4,
            Metric::RoundsToAgreement => 5,
            Metric::FinalCertainty(d) => 6 + d.index(),
            Metric::BudgetSpent => 10,
        }
    }

    /// Name in compare.csv's `metric` column.
    pub const fn key(self) -> &'static str {
        match self {
            Metric::DropoutRate => "dropout_rate",
            Metric::AgreementRate => "agreement_rate",
            Metric::RatifiedRate => "ratified_rate",
            Metric::InclusiveRate => "inclusive_rate",
            Metric::RejectedAtHome => "rejected_at_home_rate",
            Metric::RoundsToAgreement => "rounds_to_agreement",
            Metric::FinalCertainty(Domain::Content) => "final_content",
            Metric::FinalCertainty(Domain::Social) => "final_social",
            Metric::FinalCertainty(Domain::Procedural) => "final_procedural",
            Metric::FinalCertainty(Domain::TaskTime) => "final_task_time",
            Metric::BudgetSpent => "budget_spent",
        }
    }

    /// The metric named `key` in compare.csv's `metric` column.
    pub fn from_key(key: &str) -> Option<Metric> {
        Metric::ALL.into_iter().find(|m| m.key() == key)
    }

    /// A label for people.
    pub const fn label(self) -> &'static str {
        match self {
            Metric::DropoutRate => "dropout rate",
            Metric::AgreementRate => "agreement rate at the table",
            Metric::RatifiedRate => "ratified agreement rate",
            Metric::InclusiveRate => "inclusive agreement rate",
            Metric::RejectedAtHome => "rejected at home (share of the agreements at the table)",
            Metric::RoundsToAgreement => "rounds to agreement",
            Metric::FinalCertainty(Domain::Content) => "final content certainty",
            Metric::FinalCertainty(Domain::Social) => "final social certainty",
            Metric::FinalCertainty(Domain::Procedural) => "final procedural certainty",
            Metric::FinalCertainty(Domain::TaskTime) => "final task & time certainty",
            Metric::BudgetSpent => "budget spent per run (units of time and attention)",
        }
    }

    /// Lower is better for dropout, rejection at home, rounds to agreement and the budget
    /// spent; higher for the rest.
    pub const fn higher_is_better(self) -> bool {
        !matches!(
            self,
            Metric::DropoutRate
                | Metric::RejectedAtHome
                | Metric::RoundsToAgreement
                | Metric::BudgetSpent
        )
    }

    /// Defined only in runs with an agreement at the table, so a paired difference counts only
    /// the replicates in which both policies agreed.
    pub const fn needs_agreement(self) -> bool {
        matches!(self, Metric::RejectedAtHome | Metric::RoundsToAgreement)
    }

    /// A share of runs, with a Wilson interval (the others are means with a t interval).
    pub const fn is_count_rate(self) -> bool {
        matches!(
            self,
            Metric::AgreementRate
                | Metric::RatifiedRate
                | Metric::InclusiveRate
                | Metric::RejectedAtHome
        )
    }

    /// A share (0..1) to be shown as a percentage.
    pub const fn is_share(self) -> bool {
        matches!(
            self,
            Metric::DropoutRate
                | Metric::AgreementRate
                | Metric::RatifiedRate
                | Metric::InclusiveRate
                | Metric::RejectedAtHome
        )
    }

    /// The value of one run; `None` where the metric does not apply (rounds to agreement in a
    /// run without agreement).
    pub fn value(self, m: &RunMetrics) -> Option<f64> {
        let flag = |b: bool| if b { 1.0 } else { 0.0 };
        match self {
            Metric::DropoutRate => Some(m.dropout_rate),
            Metric::AgreementRate => Some(flag(m.agreement)),
            Metric::RatifiedRate => Some(flag(m.ratified)),
            Metric::InclusiveRate => Some(flag(m.inclusive)),
            Metric::RejectedAtHome => m.agreement.then(|| flag(!m.ratified)),
            Metric::RoundsToAgreement => m.agreement_round.map(f64::from),
            Metric::FinalCertainty(d) => Some(m.certainty[d.index()]),
            Metric::BudgetSpent => Some(m.budget_spent),
        }
    }
}

impl fmt::Display for Metric {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// The few values of one run the comparison needs (kept per replicate for the baseline).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RunMetrics {
    pub dropout_rate: f64,
    pub agreement: bool,
    pub ratified: bool,
    pub inclusive: bool,
    pub agreement_round: Option<u32>,
    pub certainty: [f64; 4],
    pub budget_spent: f64,
}

impl RunMetrics {
    pub fn of(o: &RunOutcome) -> Self {
        Self {
            dropout_rate: o.dropout_rate,
            agreement: o.agreement,
            ratified: o.ratified,
            inclusive: o.inclusive,
            agreement_round: o.agreement_round,
            certainty: o.final_table.certainty,
            budget_spent: o.budget_spent,
        }
    }

    /// Bit 0 ratified, bit 1 inclusive: what the ranking keeps of a run.
    fn outcome_bits(&self) -> u8 {
        u8::from(self.ratified) | (u8::from(self.inclusive) << 1)
    }
}

/// A point estimate with its 95% confidence interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    /// Runs the estimate is based on.
    pub n: u64,
    /// `None` without any run to estimate from.
    pub value: Option<f64>,
    /// `None` when no interval can be given (no runs, or a mean of a single run).
    pub ci: Option<(f64, f64)>,
}

/// Mean and Student t interval of a stream of values.
fn t_estimate(acc: &MeanAcc) -> Estimate {
    Estimate {
        n: acc.n,
        value: (acc.n > 0).then(|| acc.mean()),
        ci: (acc.n > 1).then(|| acc.ci95()),
    }
}

/// The verdict on a difference against the baseline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The 95% interval of the difference lies wholly on the good side of 0.
    Better,
    /// The 95% interval of the difference lies wholly on the bad side of 0.
    Worse,
    /// The 95% interval contains 0 (or there is no interval).
    NotDistinguishable,
}

impl Verdict {
    pub const fn key(self) -> &'static str {
        match self {
            Verdict::Better => "better",
            Verdict::Worse => "worse",
            Verdict::NotDistinguishable => "not distinguishable",
        }
    }

    /// The verdict on a difference (policy minus baseline) with interval `ci` on `metric`.
    pub fn of(metric: Metric, ci: Option<(f64, f64)>) -> Verdict {
        let Some((lo, hi)) = ci else {
            return Verdict::NotDistinguishable;
        };
        let up = if lo > 0.0 {
            Some(true)
        } else if hi < 0.0 {
            Some(false)
        } else {
            None
        };
        match up {
            None => Verdict::NotDistinguishable,
            Some(up) if up == metric.higher_is_better() => Verdict::Better,
            Some(_) => Verdict::Worse,
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// A paired difference against the baseline.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Difference {
    /// Pairs (replicates) the difference is based on: every replicate, except for rounds to
    /// agreement, where only replicates in which both policies agreed count.
    pub n: u64,
    /// Mean of the per-replicate differences, policy minus baseline.
    pub value: Option<f64>,
    /// Student t 95% interval of that mean (`None` for fewer than 2 pairs).
    pub ci: Option<(f64, f64)>,
    pub verdict: Verdict,
}

/// Streaming statistics of one policy's runs.
#[derive(Debug, Clone, Default)]
pub struct PolicyStats {
    pub runs: u64,
    pub agreements: u64,
    pub ratified: u64,
    pub inclusive: u64,
    dropout: MeanAcc,
    rounds_to_agreement: MeanAcc,
    certainty: [MeanAcc; 4],
    budget: MeanAcc,
}

impl PolicyStats {
    pub fn push(&mut self, m: &RunMetrics) {
        self.runs += 1;
        self.agreements += u64::from(m.agreement);
        self.ratified += u64::from(m.ratified);
        self.inclusive += u64::from(m.inclusive);
        self.dropout.push(m.dropout_rate);
        if let Some(r) = m.agreement_round {
            self.rounds_to_agreement.push(f64::from(r));
        }
        for (acc, &c) in self.certainty.iter_mut().zip(&m.certainty) {
            acc.push(c);
        }
        self.budget.push(m.budget_spent);
    }

    /// The estimate of a metric: Wilson intervals for the agreement and ratified rates, Student
    /// t intervals for the means (dropout rate, rounds to agreement, final certainties).
    pub fn estimate(&self, metric: Metric) -> Estimate {
        let rate = |k: u64| Estimate {
            n: self.runs,
            value: (self.runs > 0).then(|| k as f64 / self.runs as f64),
            ci: (self.runs > 0).then(|| wilson95(k, self.runs)),
        };
        match metric {
            Metric::AgreementRate => rate(self.agreements),
            Metric::RatifiedRate => rate(self.ratified),
            Metric::InclusiveRate => rate(self.inclusive),
            Metric::RejectedAtHome => {
                let rejected = self.agreements - self.ratified;
                Estimate {
                    n: self.agreements,
                    value: (self.agreements > 0).then(|| rejected as f64 / self.agreements as f64),
                    ci: (self.agreements > 0).then(|| wilson95(rejected, self.agreements)),
                }
            }
            Metric::BudgetSpent => t_estimate(&self.budget),
            Metric::DropoutRate => t_estimate(&self.dropout),
            Metric::RoundsToAgreement => t_estimate(&self.rounds_to_agreement),
            Metric::FinalCertainty(d) => t_estimate(&self.certainty[d.index()]),
        }
    }
}

/// Streaming paired differences of one policy against the baseline.
#[derive(Debug, Clone, Default)]
pub struct PairedStats {
    diffs: [MeanAcc; Metric::ALL.len()],
    /// Per replicate (difference in ratified, difference in budget spent), and the same for
    /// inclusive, for the effect per budget unit.
    cost: [CoAcc; 2],
}

/// The outcomes whose effect per budget unit the comparison reports, and which it ranks.
pub const PER_BUDGET: [Metric; 2] = [Metric::RatifiedRate, Metric::InclusiveRate];

/// The best sets and cost-effectiveness frontiers of a comparison on the outcomes of
/// [`PER_BUDGET`], in that order: computed once ([`Comparison::ranks`]) for compare.csv and
/// the terminal alike.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranks {
    pub best: [Vec<bool>; 2],
    pub frontier: [Vec<bool>; 2],
}

impl PairedStats {
    /// Add one replicate: the policy's run and the baseline's run of the same replicate.
    pub fn push(&mut self, policy: &RunMetrics, baseline: &RunMetrics) {
        for m in Metric::ALL {
            if let (Some(a), Some(b)) = (m.value(policy), m.value(baseline)) {
                self.diffs[m.index()].push(a - b);
            }
        }
        let spent = policy.budget_spent - baseline.budget_spent;
        for (acc, m) in self.cost.iter_mut().zip(PER_BUDGET) {
            let d = m.value(policy).unwrap_or(0.0) - m.value(baseline).unwrap_or(0.0);
            acc.push(d, spent);
        }
    }

    /// The change in `metric` (ratified or inclusive rate) per 10 budget units spent more than
    /// the baseline: 10 x mean(difference in the metric) / mean(difference in budget spent)
    /// over the replicates, with a delta-method 95% interval. `None` when the budget spent is
    /// not distinguishable from the baseline's (the ratio has no finite interval then).
    pub fn per_10_units(&self, metric: Metric) -> Option<(f64, (f64, f64))> {
        let k = PER_BUDGET.iter().position(|&m| m == metric)?;
        let (r, (lo, hi)) = self.cost[k].ratio95()?;
        Some((10.0 * r, (10.0 * lo, 10.0 * hi)))
    }

    pub fn difference(&self, metric: Metric) -> Difference {
        let e = t_estimate(&self.diffs[metric.index()]);
        Difference {
            n: e.n,
            value: e.value,
            ci: e.ci,
            verdict: Verdict::of(metric, e.ci),
        }
    }
}

/// The result of comparing policies on the same replicates.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// Policy names, in the order given.
    pub names: Vec<String>,
    /// One line per policy on what it does (empty where none is given).
    pub descriptions: Vec<String>,
    /// Index of the baseline in `names`.
    pub baseline: usize,
    /// Replicates per policy.
    pub runs: u64,
    pub stats: Vec<PolicyStats>,
    /// Paired differences against the baseline (the baseline's own entry stays empty).
    pub paired: Vec<PairedStats>,
    /// Per policy and replicate: bit 0 ratified, bit 1 inclusive (for the ranking).
    outcomes: Vec<Vec<u8>>,
}

impl Comparison {
    /// An empty comparison of `names` against `names[baseline]`.
    pub fn new(names: Vec<String>, baseline: usize) -> Self {
        assert!(
            baseline < names.len(),
            "the baseline is one of the policies"
        );
        let n = names.len();
        Self {
            descriptions: vec![String::new(); n],
            names,
            baseline,
            runs: 0,
            stats: vec![PolicyStats::default(); n],
            paired: vec![PairedStats::default(); n],
            outcomes: vec![Vec::new(); n],
        }
    }

    /// Record one run of `policy` for the ranking (runs of a policy arrive in replicate order).
    pub fn record(&mut self, policy: usize, m: &RunMetrics) {
        self.outcomes[policy].push(m.outcome_bits());
    }

    /// Which policies cannot be told apart from the best on `metric` (the ratified or the
    /// inclusive rate): multiple comparisons with the best (Hsu 1996, ch. 4) in the Bonferroni
    /// form for paired samples with unknown correlation. A policy is out when some other policy
    /// beats it in a one-sided paired t test at level 0.05 / (k - 1) on the same replicates;
    /// the policies left contain the truly best with probability at least 95%.
    pub fn best_set(&self, metric: Metric) -> Vec<bool> {
        best_set_across(&[self], metric)
    }

    /// [`Comparison::best_set`] and [`Comparison::frontier`] on every outcome of [`PER_BUDGET`].
    pub fn ranks(&self) -> Ranks {
        Ranks {
            best: PER_BUDGET.map(|m| self.best_set(m)),
            frontier: PER_BUDGET.map(|m| self.frontier(m)),
        }
    }

    /// The cost-effectiveness frontier on `metric`: a policy is on it unless another policy
    /// spends no more budget on average and has a rate at least as high, one of the two
    /// strictly (dominance on the estimates, as in health economics).
    pub fn frontier(&self, metric: Metric) -> Vec<bool> {
        let k = self.names.len();
        let point = |p: usize| {
            (
                self.estimate(p, Metric::BudgetSpent).value.unwrap_or(0.0),
                self.estimate(p, metric).value.unwrap_or(0.0),
            )
        };
        (0..k)
            .map(|i| {
                let (bi, ri) = point(i);
                !(0..k).filter(|&j| j != i).any(|j| {
                    let (bj, rj) = point(j);
                    bj <= bi && rj >= ri && (bj < bi || rj > ri)
                })
            })
            .collect()
    }

    pub fn baseline_name(&self) -> &str {
        &self.names[self.baseline]
    }

    pub fn estimate(&self, policy: usize, metric: Metric) -> Estimate {
        self.stats[policy].estimate(metric)
    }

    /// The paired difference of a policy against the baseline; `None` for the baseline itself.
    pub fn difference(&self, policy: usize, metric: Metric) -> Option<Difference> {
        (policy != self.baseline).then(|| self.paired[policy].difference(metric))
    }

    /// Policy indices from the highest ratified agreement rate to the lowest; ties keep the
    /// order given.
    pub fn ranking(&self) -> Vec<usize> {
        self.ranking_by(Metric::RatifiedRate)
    }

    /// Policy indices from the best estimate of `metric` to the worst; ties keep the order
    /// given.
    pub fn ranking_by(&self, metric: Metric) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.names.len()).collect();
        let sign = if metric.higher_is_better() { 1.0 } else { -1.0 };
        let score = |i: usize| {
            self.estimate(i, metric)
                .value
                .map_or(f64::NEG_INFINITY, |v| sign * v)
        };
        order.sort_by(|&a, &b| score(b).total_cmp(&score(a)));
        order
    }
}

/// [`Comparison::best_set`] over several scenarios compared with the same policies and
/// replicates: a policy's value on replicate r is its mean over the scenarios, so the best set
/// answers "which policies cannot be told from the best across these tables".
pub fn best_set_across(cs: &[&Comparison], metric: Metric) -> Vec<bool> {
    let bit = match metric {
        Metric::RatifiedRate => 0,
        Metric::InclusiveRate => 1,
        _ => panic!("best_set ranks the ratified or the inclusive rate"),
    };
    let k = cs.first().map_or(0, |c| c.names.len());
    let n = cs
        .iter()
        .flat_map(|c| c.outcomes.iter().map(Vec::len))
        .min()
        .unwrap_or(0);
    if k < 2 || n < 2 {
        return vec![true; k];
    }
    let t = t_quantile(1.0 - 0.05 / (k - 1) as f64, n as u64 - 1);
    let value = |p: usize, r: usize| {
        cs.iter()
            .map(|c| f64::from((c.outcomes[p][r] >> bit) & 1))
            .sum::<f64>()
            / cs.len() as f64
    };
    (0..k)
        .map(|i| {
            !(0..k).filter(|&j| j != i).any(|j| {
                let mut d = MeanAcc::default();
                for r in 0..n {
                    d.push(value(j, r) - value(i, r));
                }
                d.mean() - t * d.sd() / (n as f64).sqrt() > 0.0
            })
        })
        .collect()
}

/// What a chunk of runs handed to the sink of [`compare`] belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChunkInfo {
    /// Index of the policy in the list given.
    pub policy: usize,
    /// True for the extra first pass over the baseline, made only when the baseline is not the
    /// first policy in the list (its values are needed to pair the policies before it). Its
    /// runs are played again, identically, in the baseline's turn; write them only then.
    pub prepass: bool,
}

/// How many runs [`compare`] simulates in all (for a progress bar).
pub fn simulations(policies: usize, baseline: usize, runs: u64) -> u64 {
    runs * (policies as u64 + u64::from(baseline != 0))
}

/// Compare `policies` against `policies[baseline]` on replicates `0..runs` of seed
/// `master_seed`. Policies are played one after the other, in the order given, each in
/// replicate order; every chunk of finished runs goes to `sink` (to write runs.csv and move a
/// progress bar). The runs of policy `k` get run ids `k * runs + replicate`. When the baseline
/// is not first in the list it is played once more beforehand (see [`ChunkInfo::prepass`]).
pub fn compare<E: Send>(
    scenario: &Scenario,
    policies: &[PolicySpec],
    baseline: usize,
    master_seed: u64,
    runs: u64,
    sink: impl FnMut(ChunkInfo, &[RunResult]) -> Result<(), E> + Send,
) -> Result<Comparison, E> {
    compare_from(scenario, policies, baseline, master_seed, runs, 0, sink)
}

/// [`compare`] with run ids counted from `first_run_id` (the runs of policy `k` get
/// `first_run_id + k * runs + replicate`), for several scenarios compared in one call.
pub fn compare_from<E: Send>(
    scenario: &Scenario,
    policies: &[PolicySpec],
    baseline: usize,
    master_seed: u64,
    runs: u64,
    first_run_id: u64,
    mut sink: impl FnMut(ChunkInfo, &[RunResult]) -> Result<(), E> + Send,
) -> Result<Comparison, E> {
    let names = policies.iter().map(|p| p.name.clone()).collect();
    let mut cmp = Comparison::new(names, baseline);
    cmp.descriptions = policies.iter().map(|p| p.description.clone()).collect();
    cmp.runs = runs;
    // the baseline's values per replicate, for pairing
    let mut base: Vec<RunMetrics> = Vec::new();
    if baseline != 0 {
        let info = ChunkInfo {
            policy: baseline,
            prepass: true,
        };
        crate::runner::run_replicates(
            scenario,
            Some(&policies[baseline]),
            master_seed,
            runs,
            first_run_id + baseline as u64 * runs,
            false,
            |chunk| {
                base.extend(chunk.iter().map(|r| RunMetrics::of(&r.outcome)));
                sink(info, chunk)
            },
        )?;
    }
    for (k, policy) in policies.iter().enumerate() {
        let info = ChunkInfo {
            policy: k,
            prepass: false,
        };
        let stats = &mut cmp.stats[k];
        let paired = &mut cmp.paired[k];
        let outcomes = &mut cmp.outcomes[k];
        let base = &mut base;
        crate::runner::run_replicates(
            scenario,
            Some(policy),
            master_seed,
            runs,
            first_run_id + k as u64 * runs,
            false,
            |chunk| {
                for r in chunk {
                    let m = RunMetrics::of(&r.outcome);
                    outcomes.push(m.outcome_bits());
                    stats.push(&m);
                    if k == baseline {
                        if baseline == 0 {
                            base.push(m);
                        }
                    } else {
                        paired.push(&m, &base[r.seed.replicate as usize]);
                    }
                }
                sink(info, chunk)
            },
        )?;
    }
    Ok(cmp)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(dropout: f64, agreement_round: Option<u32>, ratified: bool, c: f64) -> RunMetrics {
        RunMetrics {
            dropout_rate: dropout,
            agreement: agreement_round.is_some(),
            ratified,
            inclusive: ratified,
            agreement_round,
            certainty: [c, c, c, c],
            budget_spent: 0.0,
        }
    }

    #[test]
    fn metric_order_keys_and_directions() {
        let keys: Vec<&str> = Metric::ALL.iter().map(|m| m.key()).collect();
        assert_eq!(
            keys,
            [
                "dropout_rate",
                "agreement_rate",
                "ratified_rate",
                "inclusive_rate",
                "rejected_at_home_rate",
                "rounds_to_agreement",
                "final_content",
                "final_social",
                "final_procedural",
                "final_task_time",
                "budget_spent"
            ]
        );
        for (i, m) in Metric::ALL.iter().enumerate() {
            assert_eq!(m.index(), i);
        }
        assert!(!Metric::DropoutRate.higher_is_better());
        assert!(!Metric::RoundsToAgreement.higher_is_better());
        assert!(!Metric::RejectedAtHome.higher_is_better());
        assert!(!Metric::BudgetSpent.higher_is_better());
        assert!(Metric::RatifiedRate.higher_is_better());
        assert!(Metric::FinalCertainty(Domain::Social).higher_is_better());
    }

    #[test]
    fn verdicts_follow_the_good_direction() {
        let d = Metric::DropoutRate;
        let r = Metric::RatifiedRate;
        assert_eq!(Verdict::of(d, Some((-0.05, -0.01))), Verdict::Better);
        assert_eq!(Verdict::of(d, Some((0.01, 0.05))), Verdict::Worse);
        assert_eq!(Verdict::of(r, Some((0.01, 0.05))), Verdict::Better);
        assert_eq!(Verdict::of(r, Some((-0.05, -0.01))), Verdict::Worse);
        assert_eq!(
            Verdict::of(Metric::RoundsToAgreement, Some((1.0, 2.0))),
            Verdict::Worse
        );
        // an interval touching or containing 0 does not exclude it
        assert_eq!(
            Verdict::of(r, Some((-0.01, 0.02))),
            Verdict::NotDistinguishable
        );
        assert_eq!(
            Verdict::of(r, Some((0.0, 0.02))),
            Verdict::NotDistinguishable
        );
        assert_eq!(
            Verdict::of(d, Some((0.0, 0.0))),
            Verdict::NotDistinguishable
        );
        assert_eq!(Verdict::of(d, None), Verdict::NotDistinguishable);
        assert_eq!(Verdict::NotDistinguishable.key(), "not distinguishable");
    }

    #[test]
    fn paired_difference_by_hand() {
        // certainties 3,5,4,6 against 1,2,2,3: differences 2,3,2,3.
        // mean 2.5; sd = sqrt(1/3) = 0.577350; se = 0.288675; t(3, .975) = 3.182446;
        // half-width 0.918693: interval (1.581307, 3.418693).
        let mut p = PairedStats::default();
        for (a, b) in [(3.0, 1.0), (5.0, 2.0), (4.0, 2.0), (6.0, 3.0)] {
            p.push(&run(0.0, None, false, a), &run(0.0, None, false, b));
        }
        let d = p.difference(Metric::FinalCertainty(Domain::Content));
        assert_eq!(d.n, 4);
        assert!((d.value.unwrap() - 2.5).abs() < 1e-12);
        let (lo, hi) = d.ci.unwrap();
        assert!(
            (lo - 1.581307).abs() < 1e-5 && (hi - 3.418693).abs() < 1e-5,
            "{lo} {hi}"
        );
        assert_eq!(d.verdict, Verdict::Better);
        // the dropout rates were all equal: difference exactly 0, not distinguishable
        let d = p.difference(Metric::DropoutRate);
        assert_eq!((d.value, d.ci), (Some(0.0), Some((0.0, 0.0))));
        assert_eq!(d.verdict, Verdict::NotDistinguishable);
    }

    #[test]
    fn rates_are_paired_as_zero_one_differences() {
        // ratified: policy 1,1,1,0,1 against baseline 0,1,0,0,0: differences 1,0,1,0,1.
        // mean 0.6; sd = sqrt(0.3) = 0.547723; se = 0.244949; t(4, .975) = 2.776445;
        // half-width 0.680083: interval (-0.080083, 1.280083), which contains 0.
        let mut p = PairedStats::default();
        for (a, b) in [
            (true, false),
            (true, true),
            (true, false),
            (false, false),
            (true, false),
        ] {
            p.push(&run(0.0, Some(10), a, 0.5), &run(0.0, Some(10), b, 0.5));
        }
        let d = p.difference(Metric::RatifiedRate);
        assert!((d.value.unwrap() - 0.6).abs() < 1e-12);
        let (lo, hi) = d.ci.unwrap();
        assert!(
            (lo + 0.080083).abs() < 1e-5 && (hi - 1.280083).abs() < 1e-5,
            "{lo} {hi}"
        );
        assert_eq!(d.verdict, Verdict::NotDistinguishable);
    }

    #[test]
    fn rounds_pair_only_where_both_agreed() {
        let mut p = PairedStats::default();
        // pairs: (30, 40) both agreed; (None, 35) no; (25, None) no; (20, 26) both agreed
        p.push(
            &run(0.0, Some(30), true, 0.5),
            &run(0.0, Some(40), true, 0.5),
        );
        p.push(&run(0.0, None, false, 0.5), &run(0.0, Some(35), true, 0.5));
        p.push(&run(0.0, Some(25), true, 0.5), &run(0.0, None, false, 0.5));
        p.push(
            &run(0.0, Some(20), true, 0.5),
            &run(0.0, Some(26), true, 0.5),
        );
        let d = p.difference(Metric::RoundsToAgreement);
        assert_eq!(d.n, 2);
        // differences -10 and -6: mean -8, sd 2.828427, se 2, t(1, .975) = 12.706205
        assert!((d.value.unwrap() + 8.0).abs() < 1e-12);
        let (lo, hi) = d.ci.unwrap();
        assert!(
            (lo + 33.412409).abs() < 1e-4 && (hi - 17.412409).abs() < 1e-4,
            "{lo} {hi}"
        );
        // the other metrics pair every replicate
        assert_eq!(p.difference(Metric::AgreementRate).n, 4);
        // no pair at all: no value, no interval
        let mut q = PairedStats::default();
        q.push(&run(0.0, None, false, 0.5), &run(0.0, Some(3), true, 0.5));
        let d = q.difference(Metric::RoundsToAgreement);
        assert_eq!((d.n, d.value, d.ci), (0, None, None));
        assert_eq!(d.verdict, Verdict::NotDistinguishable);
    }

    #[test]
    fn policy_estimates_use_wilson_for_rates_and_t_for_means() {
        let mut s = PolicyStats::default();
        // 10 runs, 8 ratified agreements, 9 agreements; dropout 0.1 .. 0.5 twice
        for i in 0..10u32 {
            let agreed = (i != 0).then_some(30 + i);
            let ratified = i >= 2;
            s.push(&run(f64::from(i % 5 + 1) / 10.0, agreed, ratified, 0.5));
        }
        let e = s.estimate(Metric::RatifiedRate);
        assert_eq!(e.n, 10);
        assert!((e.value.unwrap() - 0.8).abs() < 1e-12);
        // 8 of 10: Wilson (0.4902, 0.9433)
        let (lo, hi) = e.ci.unwrap();
        assert!(
            (lo - 0.4902).abs() < 1e-4 && (hi - 0.9433).abs() < 1e-4,
            "{lo} {hi}"
        );
        assert!((s.estimate(Metric::AgreementRate).value.unwrap() - 0.9).abs() < 1e-12);
        // dropout 0.1..0.5 twice: mean 0.3, sd 0.149071, t(9) = 2.262157, half 0.106640
        let e = s.estimate(Metric::DropoutRate);
        assert!((e.value.unwrap() - 0.3).abs() < 1e-12);
        let (lo, hi) = e.ci.unwrap();
        assert!(
            (lo - 0.193360).abs() < 1e-5 && (hi - 0.406640).abs() < 1e-5,
            "{lo} {hi}"
        );
        // rounds to agreement over the 9 agreed runs: 31..39, mean 35
        let e = s.estimate(Metric::RoundsToAgreement);
        assert_eq!(e.n, 9);
        assert!((e.value.unwrap() - 35.0).abs() < 1e-12);
        // no runs: nothing to say
        let e = PolicyStats::default().estimate(Metric::RatifiedRate);
        assert_eq!((e.n, e.value, e.ci), (0, None, None));
    }

    #[test]
    fn ranking_by_ratified_rate_keeps_ties_in_order() {
        let mut c = Comparison::new(vec!["a".into(), "b".into(), "c".into(), "d".into()], 0);
        let ratified = [1, 3, 1, 2];
        for (k, &r) in ratified.iter().enumerate() {
            for i in 0..4 {
                c.stats[k].push(&run(0.0, Some(5), i < r, 0.5));
            }
        }
        assert_eq!(c.ranking(), [1, 3, 0, 2]);
        assert!(c.difference(0, Metric::DropoutRate).is_none());
        assert!(c.difference(1, Metric::DropoutRate).is_some());
        assert_eq!(simulations(4, 0, 100), 400);
        assert_eq!(simulations(4, 2, 100), 500);
    }

    /// A run that ratified (and was inclusive) or not, with an agreement either way.
    fn outcome(ratified: bool, budget: f64) -> RunMetrics {
        RunMetrics {
            budget_spent: budget,
            ..run(0.1, Some(20), ratified, 0.5)
        }
    }

    /// Three policies over 1000 replicates: a and b ratify in 60% of them, on different
    /// replicates (a paired difference of 0 with a wide spread), c in 40%. c is worse than both
    /// by far; a and b cannot be told apart.
    fn three_policies() -> Comparison {
        let mut c = Comparison::new(vec!["a".into(), "b".into(), "c".into()], 0);
        for r in 0..1000 {
            let a = r % 10 < 6;
            let b = (r + 3) % 10 < 6;
            let cc = r % 10 < 4;
            c.record(0, &outcome(a, 0.0));
            c.record(1, &outcome(b, 0.0));
            c.record(2, &outcome(cc, 0.0));
        }
        c
    }

    #[test]
    fn the_best_set_keeps_what_cannot_be_told_from_the_best() {
        let c = three_policies();
        assert_eq!(c.best_set(Metric::RatifiedRate), [true, true, false]);
        assert_eq!(c.best_set(Metric::InclusiveRate), [true, true, false]);
        // with one policy, or too few replicates, nothing can be excluded
        let mut one = Comparison::new(vec!["a".into()], 0);
        one.record(0, &outcome(true, 0.0));
        assert_eq!(one.best_set(Metric::RatifiedRate), [true]);
    }

    #[test]
    fn the_best_set_excludes_a_small_difference_once_it_is_certain() {
        // b ratifies in every replicate that a does, and in 30 of 1000 more: every paired
        // difference is 0 or +1, so a is beaten beyond doubt
        let mut c = Comparison::new(vec!["a".into(), "b".into()], 0);
        for r in 0..1000 {
            let a = r % 2 == 0;
            c.record(0, &outcome(a, 0.0));
            c.record(1, &outcome(a || r % 33 == 1, 0.0));
        }
        assert_eq!(c.best_set(Metric::RatifiedRate), [false, true]);
    }

    #[test]
    fn the_frontier_drops_what_a_cheaper_policy_beats() {
        // a: 0 units, 40%; b: 10 units, 60%; c: 20 units, 50% (beaten by the cheaper b);
        // d: 30 units, 70%
        let mut c = Comparison::new(vec!["a".into(), "b".into(), "c".into(), "d".into()], 0);
        for r in 0..10 {
            for (k, (budget, share)) in [(0.0, 4), (10.0, 6), (20.0, 5), (30.0, 7)]
                .into_iter()
                .enumerate()
            {
                c.stats[k].push(&outcome(r < share, budget));
            }
        }
        assert_eq!(c.frontier(Metric::RatifiedRate), [true, true, false, true]);
    }

    #[test]
    fn the_effect_per_budget_unit_is_a_ratio_of_paired_means() {
        // each replicate: the policy spends 20 + (r mod 5) units more and ratifies in every
        // second replicate the baseline does not: 0.5 / 22 x 10 = 0.227 per 10 units
        let mut p = PairedStats::default();
        for r in 0..400u32 {
            let spent = 20.0 + f64::from(r % 5);
            p.push(&outcome(r % 2 == 0, spent), &outcome(false, 0.0));
        }
        let (v, (lo, hi)) = p.per_10_units(Metric::RatifiedRate).unwrap();
        assert!((v - 10.0 * 0.5 / 22.0).abs() < 1e-9, "{v}");
        assert!(lo < v && v < hi && hi - lo < 0.1, "{lo} {hi}");
        // no extra spending: no ratio
        let mut q = PairedStats::default();
        for r in 0..100u32 {
            q.push(&outcome(r % 2 == 0, 5.0), &outcome(false, 5.0));
        }
        assert_eq!(q.per_10_units(Metric::RatifiedRate), None);
        assert_eq!(q.per_10_units(Metric::DropoutRate), None);
    }

    #[test]
    fn rejection_at_home_counts_among_the_agreements() {
        let mut s = PolicyStats::default();
        // 10 runs: 8 agreements, of which 6 ratified; 2 without agreement
        for i in 0..10 {
            let agreed = i < 8;
            let m = RunMetrics {
                agreement: agreed,
                agreement_round: agreed.then_some(20),
                ratified: i < 6,
                inclusive: i < 6,
                ..run(0.1, None, false, 0.5)
            };
            s.push(&m);
        }
        let e = s.estimate(Metric::RejectedAtHome);
        assert_eq!(e.n, 8);
        assert!((e.value.unwrap() - 0.25).abs() < 1e-12);
        assert_eq!(e.ci, Some(wilson95(2, 8)));
    }

    #[test]
    fn the_best_across_scenarios_ranks_the_mean_over_them() {
        // scenario 1: a 70%, b 60%; scenario 2: a 50%, b 55%. On the mean over both, a is
        // best (60% against 57.5%); b is out by far only in scenario 1 and a only in none.
        let table = |rates: [u32; 2]| {
            let mut c = Comparison::new(vec!["a".into(), "b".into()], 0);
            for r in 0..2000u32 {
                for (k, rate) in rates.into_iter().enumerate() {
                    c.record(k, &outcome(r % 200 < 2 * rate, 0.0));
                }
            }
            c
        };
        let (one, two) = (table([70, 60]), table([50, 55]));
        assert_eq!(one.best_set(Metric::RatifiedRate), [true, false]);
        assert_eq!(two.best_set(Metric::RatifiedRate), [false, true]);
        assert_eq!(
            best_set_across(&[&one, &two], Metric::RatifiedRate),
            [true, false]
        );
    }
}
