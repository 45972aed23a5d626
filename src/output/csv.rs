//! runs.csv and rounds.csv: tidy tables, one column per variable, lower_snake_case headers,
//! rows in run order (and round order within a run).

use std::io;
use std::path::Path;

use super::atomic::AtomicFile;
use crate::compare::{Comparison, Metric, PER_BUDGET, Ranks};
use crate::outcome::{RoundRecord, RunOutcome};
use crate::runner::RunResult;
use crate::scenario::Scenario;

pub use crate::outcome::{ROUND_COLUMNS, RUN_COLUMNS};

/// Six decimals: enough for rates and certainties, identical on every platform.
#[inline]
pub fn num(x: f64) -> String {
    format!("{x:.6}")
}

fn opt(x: Option<u32>) -> String {
    x.map(|v| v.to_string()).unwrap_or_default()
}

/// The error for a number polder will not write: `field` of `place` (`run 3`, `run 3, round
/// 7`) is NaN or infinite. The job fails (exit code 1) rather than put it in a CSV file.
pub fn non_finite(place: &str, field: &str, value: f64) -> io::Error {
    io::Error::other(format!(
        "{place}: `{field}` is {value}, not a finite number; nothing written for it (polder writes no NaN or infinity: a scenario parameter lets the arithmetic degenerate, please report it)"
    ))
}

/// The fields of one runs.csv row of a run under the policy named `policy`; an error if a
/// number of the outcome is not finite.
pub fn run_row(scenario: &Scenario, policy: &str, r: &RunResult) -> io::Result<Vec<String>> {
    let o: &RunOutcome = &r.outcome;
    if let Some((field, value)) = o.first_non_finite() {
        return Err(non_finite(&format!("run {}", r.run_id), field, value));
    }
    let t = &o.final_table;
    let phase = &scenario.process.phases[o.phase_reached].name;
    Ok(vec![
        r.run_id.to_string(),
        r.seed.replicate.to_string(),
        r.seed.master.to_string(),
        scenario.name.clone(),
        policy.to_string(),
        o.ending.key().to_string(),
        o.rounds.to_string(),
        o.agreement.to_string(),
        opt(o.agreement_round),
        o.ratified.to_string(),
        o.inclusive.to_string(),
        o.home_rejections.to_string(),
        o.participants.to_string(),
        o.active.to_string(),
        o.exited.to_string(),
        o.excluded.to_string(),
        num(o.dropout_rate),
        num(t.certainty[0]),
        num(t.certainty[1]),
        num(t.certainty[2]),
        num(t.certainty[3]),
        num(t.process_trust),
        num(t.share_dutiful),
        num(t.share_engaged),
        num(t.share_co_owner),
        num(o.mean_contribution),
        num(o.mean_contribution_sincere),
        o.free_riders.to_string(),
        o.free_riders_detected.to_string(),
        o.saboteurs.to_string(),
        o.saboteurs_revealed.to_string(),
        opt(o.first_reveal_round),
        o.regretters.to_string(),
        o.withdrawals.to_string(),
        o.votes.to_string(),
        o.careless_decisions.to_string(),
        o.confidentiality_breaches.to_string(),
        num(o.voiced_share),
        phase.clone(),
        num(o.final_proposal),
        num(t.position_sd),
        o.interventions.to_string(),
        num(o.budget_spent),
        o.surveys.to_string(),
    ])
}

/// The fields of one rounds.csv row; an error if a number of the record is not finite.
pub fn round_row(scenario: &Scenario, run_id: u64, r: &RoundRecord) -> io::Result<Vec<String>> {
    if let Some((field, value)) = r.first_non_finite() {
        let place = format!("run {run_id}, round {}", r.round);
        return Err(non_finite(&place, field, value));
    }
    let t = &r.table;
    let e = &r.events;
    Ok(vec![
        run_id.to_string(),
        r.round.to_string(),
        scenario.process.phases[r.phase].name.clone(),
        r.status.key().to_string(),
        r.active.to_string(),
        r.exited.to_string(),
        r.excluded.to_string(),
        num(t.certainty[0]),
        num(t.certainty[1]),
        num(t.certainty[2]),
        num(t.certainty[3]),
        num(t.process_trust),
        num(t.contribution),
        num(t.share_dutiful),
        num(t.share_engaged),
        num(t.share_co_owner),
        num(r.work),
        num(r.progress),
        num(r.proposal),
        num(t.position_sd),
        num(t.relation),
        e.total.to_string(),
        e.exits.to_string(),
        e.voices.to_string(),
        e.detections.to_string(),
        e.reveals.to_string(),
        e.breaches.to_string(),
        e.exclusions.to_string(),
        e.careless.to_string(),
        e.votes.to_string(),
        e.withdrawals.to_string(),
    ])
}

/// A CSV table written atomically (fields as [`super::cell::push_record`] writes them).
pub struct Table {
    file: AtomicFile,
    line: String,
}

impl Table {
    pub fn create(path: &Path, header: &[&str]) -> io::Result<Self> {
        let mut t = Self {
            file: AtomicFile::create(path)?,
            line: String::new(),
        };
        t.row(header)?;
        Ok(t)
    }

    pub fn row<S: AsRef<str>>(&mut self, fields: &[S]) -> io::Result<()> {
        use std::io::Write;
        self.line.clear();
        super::cell::push_record(&mut self.line, fields);
        self.file.write_all(self.line.as_bytes())
    }

    /// Flush and move the file into place.
    pub fn commit(self) -> io::Result<std::path::PathBuf> {
        self.file.commit()
    }
}

/// runs.csv and, optionally, rounds.csv of one `polder run` or `polder compare`.
pub struct RunTables<'a> {
    scenario: &'a Scenario,
    runs: Table,
    rounds: Option<Table>,
}

impl<'a> RunTables<'a> {
    pub fn create(scenario: &'a Scenario, dir: &Path, with_rounds: bool) -> io::Result<Self> {
        let runs = Table::create(&dir.join("runs.csv"), RUN_COLUMNS)?;
        let rounds = if with_rounds {
            Some(Table::create(&dir.join("rounds.csv"), ROUND_COLUMNS)?)
        } else {
            None
        };
        Ok(Self {
            scenario,
            runs,
            rounds,
        })
    }

    /// Write the runs that follow as runs of `scenario` (several scenarios compared in one
    /// call share one runs.csv).
    pub fn set_scenario(&mut self, scenario: &'a Scenario) {
        self.scenario = scenario;
    }

    /// Write runs played under the policy named `policy`.
    pub fn write(&mut self, policy: &str, results: &[RunResult]) -> io::Result<()> {
        for r in results {
            self.runs.row(&run_row(self.scenario, policy, r)?)?;
            if let Some(rounds) = &mut self.rounds {
                for rec in &r.rounds {
                    rounds.row(&round_row(self.scenario, r.run_id, rec)?)?;
                }
            }
        }
        Ok(())
    }

    pub fn commit(self) -> io::Result<Vec<std::path::PathBuf>> {
        let mut out = vec![self.runs.commit()?];
        if let Some(r) = self.rounds {
            out.push(r.commit()?);
        }
        Ok(out)
    }
}

/// Columns of compare.csv, in order: one row per policy and metric.
pub const COMPARE_COLUMNS: &[&str] = &[
    "scenario",
    "policy",
    "metric",
    "n",
    "estimate",
    "ci_low",
    "ci_high",
    "baseline",
    "difference",
    "difference_ci_low",
    "difference_ci_high",
    "verdict",
    "best",
    "per_10_units",
    "per_10_units_ci_low",
    "per_10_units_ci_high",
    "on_frontier",
];

fn opt_num(x: Option<f64>) -> String {
    x.map(num).unwrap_or_default()
}

/// The fields of one compare.csv row: policy `policy` of `c` on `metric`, with the ranking
/// `r` of the whole comparison. The difference cells are empty for the baseline itself; the
/// ranking cells (`best`, `per_10_units`, `on_frontier`) are filled on the ratified and
/// inclusive rates only.
fn compare_row(
    scenario: &str,
    c: &Comparison,
    r: &Ranks,
    policy: usize,
    metric: Metric,
) -> Vec<String> {
    let e = c.estimate(policy, metric);
    let d = c.difference(policy, metric);
    let diff_ci = d.and_then(|d| d.ci);
    let ranked = PER_BUDGET.iter().position(|&m| m == metric);
    let flag = |v: &[Vec<bool>; 2]| ranked.map(|k| v[k][policy].to_string()).unwrap_or_default();
    let per_10 = d
        .is_some()
        .then(|| c.paired[policy].per_10_units(metric))
        .flatten();
    vec![
        scenario.to_string(),
        c.names[policy].clone(),
        metric.key().to_string(),
        e.n.to_string(),
        opt_num(e.value),
        opt_num(e.ci.map(|ci| ci.0)),
        opt_num(e.ci.map(|ci| ci.1)),
        c.baseline_name().to_string(),
        opt_num(d.and_then(|d| d.value)),
        opt_num(diff_ci.map(|ci| ci.0)),
        opt_num(diff_ci.map(|ci| ci.1)),
        d.map(|d| d.verdict.key().to_string()).unwrap_or_default(),
        flag(&r.best),
        opt_num(per_10.map(|p| p.0)),
        opt_num(per_10.map(|p| p.1.0)),
        opt_num(per_10.map(|p| p.1.1)),
        flag(&r.frontier),
    ]
}

/// compare.csv of one `polder compare`, written atomically: a table that still has to be
/// committed (move it into place with [`Table::commit`]), with each comparison's ranks. Rows:
/// scenarios in the order given
/// (each named by its `name`), then policies in the order given, then metrics in the order of
/// [`Metric::ALL`].
pub fn compare_table(cs: &[(&str, &Comparison, &Ranks)], dir: &Path) -> io::Result<Table> {
    let mut t = Table::create(&dir.join("compare.csv"), COMPARE_COLUMNS)?;
    for (name, c, r) in cs {
        for k in 0..c.names.len() {
            for m in Metric::ALL {
                t.row(&compare_row(name, c, r, k, m))?;
            }
        }
    }
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::RunSeed;
    use crate::runner::run_one;

    #[test]
    fn a_non_finite_number_is_refused_with_run_and_field() {
        let s = crate::scenario::parse_scenario("name = \"t\"\n", Path::new("t.toml")).unwrap();
        let mut r = run_one(&s, None, 3, RunSeed::new(1, 0, 3), true);
        assert!(run_row(&s, "none", &r).is_ok());
        r.outcome.final_table.certainty[1] = f64::NAN;
        let e = run_row(&s, "none", &r).unwrap_err().to_string();
        assert!(
            e.starts_with("run 3: `final_social` is NaN, not a finite number"),
            "{e}"
        );
        r.rounds[4].proposal = f64::INFINITY;
        let e = round_row(&s, 3, &r.rounds[4]).unwrap_err().to_string();
        assert!(e.starts_with("run 3, round 5: `proposal` is inf"), "{e}");
    }
}
