//! `polder tune`: search a family of policies ([`family`]) for the one with the highest
//! ratified (or inclusive) agreement rate at a given budget, then confirm the winner against
//! every built-in policy on fresh replicates.
//!
//! **Why successive halving over a Latin hypercube, not CMA-ES.** A point of the family is
//! eleven numbers, but what the manager does is a rule list: the weights only decide how many
//! rules each item gets and in which order, and the other knobs are levels. The objective is
//! therefore piecewise constant, with large plateaus (many points give the same rules) and noise
//! on top. CMA-ES (the `cmaes` crate, 0.2.2, MIT/Apache-2.0, last released December 2024, with
//! nalgebra and a plotting back end by default) adapts a step size and a covariance from the
//! ranks of nearby points, which on plateaus carry no signal; and a new dependency of that
//! weight would buy little. Successive halving (Jamieson & Talwalkar 2016) fits a finite,
//! noisy family: sample the family evenly (a Latin hypercube, [`crate::sweep::design::lhs`],
//! the sweep's own), merge the points that give the same rules, play every distinct candidate
//! on the same first replicates, keep the best third, triple the replicates, and so on, until
//! three or fewer remain; the best of the last rung wins (on a tie, the one with fewer rules). Noise is cheap to fight this way:
//! the many poor candidates are dropped after few runs, the few good ones meet many.
//!
//! **Common random numbers.** Every candidate of a rung has met exactly the same replicates
//! (`0..r`, seeds `RunSeed::new(seed, 0, r)`, as `polder compare` numbers them), so candidates
//! are ranked on the same parties and the same luck. The built-in policies the family can
//! express start in the candidate list ([`family::Knobs::builtin`]), so the search begins at
//! least as good as they are.
//!
//! **No winner's curse.** The winner's search estimate is biased upwards: it won because its
//! replicates were kind to it. The confirmation therefore plays it against every built-in policy
//! on *fresh* replicates, from a different master seed, with compare's paired statistics
//! ([`confirm`]).

pub mod family;

use crate::compare::{self, ChunkInfo, Comparison, Metric};
use crate::policy::PolicySpec;
use crate::runner::RunResult;
use crate::scenario::Scenario;
use crate::summary::wilson95;
use family::Knobs;

/// The factor by which each rung keeps fewer candidates and plays more replicates.
pub const ETA: u64 = 3;

/// The most points of the family a search samples.
pub const MAX_POINTS: usize = 100_000;

/// Seed of the Latin hypercube of the family, apart from the replicates' seeds.
const DESIGN_SALT: u64 = 0x7475_6e65; // "tune"

/// How a search runs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// Points of the family sampled (a Latin hypercube), before merging equal rule lists.
    pub points: usize,
    /// Whether the built-in policies the family can express start in the candidate list.
    pub builtins: bool,
    /// Replicates of the first rung (each later rung plays [`ETA`] times as many).
    pub replicates: u64,
    /// Master seed of the search's replicates (and of the Latin hypercube).
    pub seed: u64,
    /// What the search maximises: the ratified or the inclusive agreement rate.
    pub objective: Metric,
}

/// One candidate of a search.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Where it comes from: `builtin:NAME` or `lhs:K` (the K-th point of the hypercube).
    pub origin: String,
    pub knobs: Knobs,
    pub policy: PolicySpec,
    /// The rung it reached (0 = the first).
    pub rung: usize,
    /// Replicates it met (`0..replicates`).
    pub replicates: u64,
    pub ratified: u64,
    pub inclusive: u64,
    /// Budget units spent over those replicates.
    pub spent: f64,
}

impl Candidate {
    /// Successes on `objective` (the ratified or the inclusive rate).
    pub fn successes(&self, objective: Metric) -> u64 {
        match objective {
            Metric::InclusiveRate => self.inclusive,
            _ => self.ratified,
        }
    }

    /// The search estimate of `objective` with its Wilson 95% interval.
    pub fn estimate(&self, objective: Metric) -> (f64, (f64, f64)) {
        let k = self.successes(objective);
        let n = self.replicates.max(1);
        (k as f64 / n as f64, wilson95(k, n))
    }

    /// Mean budget units spent per run.
    pub fn mean_spent(&self) -> f64 {
        self.spent / self.replicates.max(1) as f64
    }
}

/// The rungs of a search of `candidates` candidates starting with `replicates` replicates:
/// (candidates played, replicates each has met at the end of the rung).
pub fn rungs(candidates: usize, replicates: u64) -> Vec<(usize, u64)> {
    let mut out = Vec::new();
    let (mut n, mut r) = (candidates, replicates);
    while n > 0 {
        out.push((n, r));
        if n <= ETA as usize {
            break;
        }
        n = n.div_ceil(ETA as usize);
        r = r.saturating_mul(ETA);
    }
    out
}

/// Runs a search of `candidates` candidates plays in all (each rung plays only the replicates
/// its candidates have not met yet).
pub fn simulations(candidates: usize, replicates: u64) -> u64 {
    let mut met = 0;
    rungs(candidates, replicates)
        .into_iter()
        .map(|(n, r)| {
            let new = (r - met) * n as u64;
            met = r;
            new
        })
        .sum()
}

/// The candidates of a search: the built-ins the family expresses (if asked), then the points
/// of a Latin hypercube; a point whose rules equal an earlier candidate's is left out.
/// Returns the candidates and how many points were left out.
pub fn candidates(opts: &Options, name: &str) -> (Vec<Candidate>, usize) {
    let builtins = crate::policy::builtin_names()
        .into_iter()
        .filter(|_| opts.builtins)
        .filter(|&n| n != "none")
        .filter_map(|n| Knobs::builtin(n).map(|k| (format!("builtin:{n}"), k)));
    let lhs = crate::sweep::design::lhs(opts.points, family::DIMENSIONS, opts.seed ^ DESIGN_SALT)
        .into_iter()
        .enumerate()
        .map(|(k, u)| (format!("lhs:{k}"), Knobs::from_unit(&u)));
    let mut out: Vec<Candidate> = Vec::new();
    let mut merged = 0;
    let mut seen = std::collections::HashSet::new();
    for (origin, knobs) in builtins.chain(lhs) {
        let policy = knobs.policy(name);
        let rules: Vec<String> = policy
            .rules
            .iter()
            .map(|r| format!("{} {}", r.when, r.action))
            .collect();
        if !seen.insert(rules) {
            merged += 1;
            continue;
        }
        out.push(Candidate {
            origin,
            knobs,
            policy,
            rung: 0,
            replicates: 0,
            ratified: 0,
            inclusive: 0,
            spent: 0.0,
        });
    }
    (out, merged)
}

/// The result of a search.
#[derive(Debug, Clone)]
pub struct Search {
    /// Every candidate, in the order made ([`candidates`]).
    pub candidates: Vec<Candidate>,
    /// Points of the family left out because an earlier candidate has their rules.
    pub merged: usize,
    /// Index of the winner in `candidates`.
    pub winner: usize,
    /// The rungs played: (candidates, replicates each has met).
    pub rungs: Vec<(usize, u64)>,
}

/// Search the family on `scenario` (with the budget it has): successive halving over the
/// [`candidates`], every candidate of a rung on the same replicates. `progress` gets each chunk
/// of finished runs (its error stops the search). The result is the same for any number of
/// threads: runs are counted, in replicate order, per candidate.
pub fn search<E: Send>(
    scenario: &Scenario,
    opts: &Options,
    name: &str,
    mut progress: impl FnMut(&[RunResult]) -> Result<(), E> + Send,
) -> Result<Search, E> {
    let (mut all, merged) = candidates(opts, name);
    let plan = rungs(all.len(), opts.replicates);
    let mut alive: Vec<usize> = (0..all.len()).collect();
    for (rung, &(n, r)) in plan.iter().enumerate() {
        // the best n of those alive, by their estimate so far
        alive.sort_by_key(|&k| rank_key(&all, k, opts.objective));
        alive.truncate(n);
        alive.sort_unstable();
        for &k in &alive {
            let c = &mut all[k];
            let (mut ratified, mut inclusive, mut spent) = (0, 0, 0.0);
            crate::runner::run_replicate_range(
                scenario,
                Some(&c.policy),
                opts.seed,
                c.replicates..r,
                0,
                false,
                |chunk| {
                    for run in chunk {
                        ratified += u64::from(run.outcome.ratified);
                        inclusive += u64::from(run.outcome.inclusive);
                        spent += run.outcome.budget_spent;
                    }
                    progress(chunk)
                },
            )?;
            c.ratified += ratified;
            c.inclusive += inclusive;
            c.spent += spent;
            c.replicates = r;
            c.rung = rung;
        }
    }
    let winner = alive
        .iter()
        .copied()
        .min_by_key(|&k| rank_key(&all, k, opts.objective))
        .expect("a search has at least one candidate");
    Ok(Search {
        candidates: all,
        merged,
        winner,
        rungs: plan,
    })
}

/// The order of candidates, best first: the most successes on the objective over the
/// replicates all have met; on a tie the one with fewer rules (the simpler policy), then the
/// earlier one.
fn rank_key(
    all: &[Candidate],
    k: usize,
    objective: Metric,
) -> (std::cmp::Reverse<u64>, usize, usize) {
    (
        std::cmp::Reverse(all[k].successes(objective)),
        all[k].policy.rules.len(),
        k,
    )
}

/// `scenario` at `budget` units per round with the tuned policy added to its own: the scenario
/// the confirmation plays and tune's scenario.toml holds. An error if the name is taken.
pub fn tuned_scenario(
    scenario: &Scenario,
    budget: f64,
    tuned: &PolicySpec,
) -> Result<Scenario, String> {
    if scenario.policies.iter().any(|p| p.name == tuned.name) {
        return Err(format!(
            "the scenario already defines a policy named \"{}\"; give the tuned one another --name",
            tuned.name
        ));
    }
    let phases: Vec<&str> = scenario
        .process
        .phases
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    tuned
        .validate(&phases)
        .map_err(|e| format!("--name: {}", e.message))?;
    let mut s = scenario.clone();
    s.manager.budget = budget;
    s.policies.push(tuned.clone());
    Ok(s)
}

/// The policies of the confirmation, in the order `polder compare --policies all` plays them on
/// the tuned scenario (every built-in policy, then the scenario's own, the tuned one last), and
/// the index of the tuned one, the baseline: `polder compare SCENARIO --policies all --baseline
/// NAME --seed CONFIRM_SEED --runs N` on tune's scenario.toml gives the same compare.csv.
pub fn confirmation_policies(tuned: &Scenario, name: &str) -> (Vec<PolicySpec>, usize) {
    let policies: Vec<PolicySpec> = crate::policy::builtin_names()
        .into_iter()
        .filter_map(crate::policy::builtin)
        .chain(tuned.policies.iter().cloned())
        .collect();
    let baseline = policies
        .iter()
        .position(|p| p.name == name)
        .expect("the tuned scenario holds the tuned policy");
    (policies, baseline)
}

/// Confirm the tuned policy named `name` on the tuned scenario ([`tuned_scenario`]): every
/// policy of [`confirmation_policies`] on replicates `0..runs` of `seed` (a seed other than the
/// search's, so that the replicates are fresh), paired against the tuned one with compare's
/// statistics.
pub fn confirm<E: Send>(
    tuned: &Scenario,
    name: &str,
    seed: u64,
    runs: u64,
    sink: impl FnMut(ChunkInfo, &[RunResult]) -> Result<(), E> + Send,
) -> Result<Comparison, E> {
    let (policies, baseline) = confirmation_policies(tuned, name);
    compare::compare(tuned, &policies, baseline, seed, runs, sink)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rungs_keep_a_third_and_triple_the_replicates() {
        assert_eq!(rungs(72, 100), [(72, 100), (24, 300), (8, 900), (3, 2700)]);
        // 72 x 100 + 24 x 200 + 8 x 600 + 3 x 1800
        assert_eq!(simulations(72, 100), 22_200);
        assert_eq!(rungs(3, 50), [(3, 50)]);
        assert_eq!(rungs(4, 50), [(4, 50), (2, 150)]);
        assert_eq!(rungs(0, 50), []);
    }

    #[test]
    fn candidates_merge_equal_rule_lists() {
        let opts = Options {
            points: 40,
            builtins: true,
            replicates: 10,
            seed: 5,
            objective: Metric::RatifiedRate,
        };
        let (c, merged) = candidates(&opts, "tuned");
        // eight built-ins the family expresses (none is not a candidate), then the points
        assert_eq!(c[0].origin, "builtin:content");
        assert_eq!(c[7].origin, "builtin:phased");
        assert_eq!(c.len() + merged, 8 + 40);
        for (i, a) in c.iter().enumerate() {
            for b in &c[i + 1..] {
                assert_ne!(a.policy.rules, b.policy.rules);
            }
        }
        // the same options give the same candidates
        assert_eq!(candidates(&opts, "tuned").0, c);
    }
}
