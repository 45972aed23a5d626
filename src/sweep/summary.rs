//! summary.csv: per design point and policy, the number of runs, the mean and the 95% CI of
//! each outcome (Wilson for shares of runs, Student t for means).
//!
//! It is computed from runs.csv alone, reading it in run order, so an uninterrupted sweep, a
//! resumed one and a merge of shards, which have byte-identical runs.csv files, also get
//! byte-identical summaries. Memory grows with the number of design points and policies, not
//! with the number of runs.

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::Path;

use crate::output::cell::push_record;
use crate::output::cell::unguard;
use crate::output::csv::num;
use crate::summary::{MeanAcc, wilson95};

/// How a metric is computed from a runs.csv row.
#[derive(Debug, Clone, Copy)]
enum How {
    /// Share of runs whose `column` equals `value` (Wilson interval).
    Share(&'static str, &'static str),
    /// Mean of `column` over the runs where it is not empty (t interval).
    Mean(&'static str),
}

/// The metrics of summary.csv, in order: name and how.
const METRICS: &[(&str, How)] = &[
    ("dropout_rate", How::Mean("dropout_rate")),
    ("agreement_rate", How::Share("agreement", "true")),
    ("ratified_rate", How::Share("ratified", "true")),
    ("inclusive_rate", How::Share("inclusive", "true")),
    ("collapsed_rate", How::Share("ending", "collapsed")),
    ("rounds", How::Mean("rounds")),
    ("rounds_to_agreement", How::Mean("agreement_round")),
    ("final_content", How::Mean("final_content")),
    ("final_social", How::Mean("final_social")),
    ("final_procedural", How::Mean("final_procedural")),
    ("final_task_time", How::Mean("final_task_time")),
    ("final_process_trust", How::Mean("final_process_trust")),
    ("share_co_owner", How::Mean("share_co_owner")),
    ("mean_contribution", How::Mean("mean_contribution")),
    ("voiced_share", How::Mean("voiced_share")),
    ("interventions", How::Mean("interventions")),
    ("budget_spent", How::Mean("budget_spent")),
];

/// Names of the metrics in summary.csv's `metric` column, in order.
pub fn metric_names() -> Vec<&'static str> {
    METRICS.iter().map(|(n, _)| *n).collect()
}

/// Columns of summary.csv around the parameter columns.
pub const SUMMARY_LEAD: &[&str] = &["point", "policy"];
pub const SUMMARY_TAIL: &[&str] = &["metric", "n", "mean", "ci_low", "ci_high"];

#[derive(Clone, Copy, Default)]
struct Acc {
    n: u64,
    k: u64,
    mean: MeanAcc,
}

struct Group {
    point: u64,
    policy: usize,
    params: Vec<String>,
    accs: Vec<Acc>,
}

fn bad(msg: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg)
}

/// Summarise the runs.csv at `runs` into summary.csv, written to `out`.
pub fn summarize(runs: &Path, out: &mut impl Write) -> io::Result<()> {
    let mut rdr = csv::ReaderBuilder::new()
        .from_path(runs)
        .map_err(|e| bad(format!("{}: {e}", runs.display())))?;
    let header = rdr
        .headers()
        .map_err(|e| bad(format!("{}: {e}", runs.display())))?
        .clone();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| bad(format!("{}: no column `{name}`", runs.display())))
    };
    let point_col = col("point")?;
    let policy_col = col("policy")?;
    let ending_col = col("ending")?;
    // names and values as they were before push_record guarded them (it guards them again)
    let params: Vec<String> = header
        .iter()
        .skip(policy_col + 1)
        .take(ending_col.saturating_sub(policy_col + 1))
        .map(|h| unguard(h).to_string())
        .collect();
    let hows: Vec<(usize, How)> = METRICS
        .iter()
        .map(|(_, how)| {
            let c = match how {
                How::Share(c, _) | How::Mean(c) => c,
            };
            col(c).map(|i| (i, *how))
        })
        .collect::<io::Result<_>>()?;

    let mut policies: Vec<String> = Vec::new();
    let mut index: HashMap<(u64, usize), usize> = HashMap::new();
    let mut groups: Vec<Group> = Vec::new();
    let mut rec = csv::StringRecord::new();
    while rdr
        .read_record(&mut rec)
        .map_err(|e| bad(format!("{}: {e}", runs.display())))?
    {
        let point: u64 = rec[point_col].parse().map_err(|_| {
            bad(format!(
                "{}: bad point `{}`",
                runs.display(),
                &rec[point_col]
            ))
        })?;
        let pol = unguard(&rec[policy_col]);
        let policy = match policies.iter().position(|p| p == pol) {
            Some(i) => i,
            None => {
                policies.push(pol.to_string());
                policies.len() - 1
            }
        };
        let g = *index.entry((point, policy)).or_insert_with(|| {
            groups.push(Group {
                point,
                policy,
                params: (0..params.len())
                    .map(|k| unguard(&rec[policy_col + 1 + k]).to_string())
                    .collect(),
                accs: vec![Acc::default(); METRICS.len()],
            });
            groups.len() - 1
        });
        let g = &mut groups[g];
        for (acc, &(c, how)) in g.accs.iter_mut().zip(&hows) {
            let field = &rec[c];
            match how {
                How::Share(_, yes) => {
                    acc.n += 1;
                    acc.k += u64::from(field == yes);
                }
                How::Mean(_) => {
                    if !field.is_empty() {
                        let x: f64 = field.parse().map_err(|_| {
                            bad(format!("{}: `{field}` is not a number", runs.display()))
                        })?;
                        acc.n += 1;
                        acc.mean.push(x);
                    }
                }
            }
        }
    }
    groups.sort_by_key(|g| (g.point, g.policy));

    let mut line = String::new();
    let mut head: Vec<&str> = SUMMARY_LEAD.to_vec();
    head.extend(params.iter().map(String::as_str));
    head.extend(SUMMARY_TAIL);
    push_record(&mut line, &head);
    out.write_all(line.as_bytes())?;
    for g in &groups {
        for ((name, how), acc) in METRICS.iter().zip(&g.accs) {
            let (mean, lo, hi) = match how {
                How::Share(..) if acc.n > 0 => {
                    let (lo, hi) = wilson95(acc.k, acc.n);
                    (num(acc.k as f64 / acc.n as f64), num(lo), num(hi))
                }
                How::Mean(_) if acc.n > 1 => {
                    let (lo, hi) = acc.mean.ci95();
                    (num(acc.mean.mean()), num(lo), num(hi))
                }
                How::Mean(_) if acc.n == 1 => (num(acc.mean.mean()), String::new(), String::new()),
                _ => (String::new(), String::new(), String::new()),
            };
            let mut fields: Vec<String> = vec![g.point.to_string(), policies[g.policy].clone()];
            fields.extend(g.params.iter().cloned());
            fields.extend([name.to_string(), acc.n.to_string(), mean, lo, hi]);
            line.clear();
            push_record(&mut line, &fields);
            out.write_all(line.as_bytes())?;
        }
    }
    Ok(())
}
