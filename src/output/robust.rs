//! `polder robust`'s files and terminal summary: reading a finished sweep's summary.csv into [`Variants`], and writing robust.csv,
//! regret.csv and discovery.csv.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use crate::output::csv::{Table, num};
use crate::robust::prim::Prim;
use crate::robust::{Failure, Outcome, Robustness, Variant, Variants};
use crate::sweep::summary::{SUMMARY_LEAD, SUMMARY_TAIL};

fn bad(file: &Path, msg: impl std::fmt::Display) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("{}: {msg}", file.display()),
    )
}

/// A variant's outcomes per policy position, as they are read.
type PerPolicy = BTreeMap<usize, [Option<f64>; 4]>;

/// Read the variants from a sweep's summary.csv (`point`, `policy`, the parameter columns,
/// `metric`, `n`, `mean`, ...). Every point must have every policy and every outcome of
/// [`Outcome::ALL`].
pub fn read_summary(file: &Path) -> io::Result<Variants> {
    let mut rdr = csv::Reader::from_path(file).map_err(|e| bad(file, e))?;
    let header: Vec<String> = rdr
        .headers()
        .map_err(|e| bad(file, e))?
        .iter()
        .map(str::to_string)
        .collect();
    let lead = SUMMARY_LEAD.len();
    let tail = SUMMARY_TAIL.len();
    if header.len() < lead + tail
        || header[..lead] != *SUMMARY_LEAD
        || header[header.len() - tail..] != *SUMMARY_TAIL
    {
        return Err(bad(
            file,
            "not a sweep's summary.csv (expected the columns point, policy, the parameters, metric, n, mean, ci_low, ci_high)",
        ));
    }
    let params: Vec<String> = header[lead..header.len() - tail]
        .iter()
        .map(|h| crate::output::cell::unguard(h).to_string())
        .collect();
    let (metric_col, mean_col) = (header.len() - tail, header.len() - tail + 2);
    let mut policies: Vec<String> = Vec::new();
    let mut points: BTreeMap<u64, (Vec<String>, PerPolicy)> = BTreeMap::new();
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec.map_err(|e| bad(file, e))?;
        let line = i + 2;
        let Some(o) = Outcome::from_key(&rec[metric_col]) else {
            continue;
        };
        let point: u64 = rec[0]
            .parse()
            .map_err(|_| bad(file, format!("line {line}: point `{}`", &rec[0])))?;
        let policy = crate::output::cell::unguard(&rec[1]).to_string();
        let p = match policies.iter().position(|x| *x == policy) {
            Some(p) => p,
            None => {
                policies.push(policy);
                policies.len() - 1
            }
        };
        let mean: f64 = rec[mean_col]
            .parse()
            .ok()
            .filter(|x: &f64| x.is_finite())
            .ok_or_else(|| {
                bad(
                    file,
                    format!("line {line}: mean `{}` is not a number", &rec[mean_col]),
                )
            })?;
        let values: Vec<String> = (lead..lead + params.len())
            .map(|j| crate::output::cell::unguard(&rec[j]).to_string())
            .collect();
        let entry = points
            .entry(point)
            .or_insert_with(|| (values, BTreeMap::new()));
        let slot = entry.1.entry(p).or_insert([None; 4]);
        slot[o.index()] = Some(mean);
    }
    if points.is_empty() {
        return Err(bad(file, "no rows: the sweep has no finished design point"));
    }
    let mut out = Vec::with_capacity(points.len());
    for (point, (values, per_policy)) in points {
        let mut outcomes = Vec::with_capacity(policies.len());
        for (p, name) in policies.iter().enumerate() {
            let row = per_policy
                .get(&p)
                .ok_or_else(|| bad(file, format!("point {point} has no rows for policy {name}")))?;
            let mut full = [0.0; 4];
            for (k, v) in row.iter().enumerate() {
                full[k] = v.ok_or_else(|| {
                    bad(
                        file,
                        format!(
                            "point {point}, policy {name}: no {} row",
                            Outcome::ALL[k].key()
                        ),
                    )
                })?;
            }
            outcomes.push(full);
        }
        out.push(Variant {
            point,
            values,
            outcomes,
        });
    }
    Ok(Variants {
        params,
        policies,
        points: out,
    })
}

fn opt(x: Option<f64>) -> String {
    x.map(num).unwrap_or_default()
}

/// robust.csv: per policy and outcome, the robustness metrics.
pub const ROBUST_COLUMNS: &[&str] = &[
    "policy",
    "metric",
    "better",
    "variants",
    "mean",
    "p10",
    "p50",
    "p90",
    "threshold",
    "satisficing_share",
    "regret_mean",
    "regret_max",
    "most_robust",
];

/// The part of a robustness analysis a row belongs to: a base scenario's name (or
/// [`crate::sweep::ACROSS`]) in a leading `scenario` column when the robustness file named
/// several base scenarios; `None` (no such column) for one.
pub type Key<'a> = Option<&'a str>;

/// A header with the `scenario` column first when the parts are keyed.
fn keyed_header<'a>(key: Key, columns: &[&'a str]) -> Vec<&'a str> {
    let mut h = Vec::with_capacity(columns.len() + 1);
    if key.is_some() {
        h.push("scenario");
    }
    h.extend_from_slice(columns);
    h
}

/// A row with its part's key first, if it has one.
fn keyed_row(key: Key, mut row: Vec<String>) -> Vec<String> {
    if let Some(k) = key {
        row.insert(0, k.to_string());
    }
    row
}

/// robust.csv; per part, its rows and its most robust policy.
pub fn write_robust(dir: &Path, parts: &[(Key, &[Robustness], &str)]) -> io::Result<PathBuf> {
    let key = parts.first().and_then(|p| p.0);
    let mut t = Table::create(&dir.join("robust.csv"), &keyed_header(key, ROBUST_COLUMNS))?;
    for &(key, rows, most_robust) in parts {
        for r in rows {
            t.row(&keyed_row(
                key,
                vec![
                    r.policy.clone(),
                    r.outcome.key().to_string(),
                    if r.outcome.higher_is_better() {
                        "higher"
                    } else {
                        "lower"
                    }
                    .to_string(),
                    r.variants.to_string(),
                    num(r.mean),
                    num(r.p10),
                    num(r.p50),
                    num(r.p90),
                    opt(r.threshold),
                    opt(r.satisficing),
                    opt(r.regret_mean),
                    opt(r.regret_max),
                    (r.policy == most_robust).to_string(),
                ],
            ))?;
        }
    }
    t.commit()
}

/// regret.csv: per part, variant and policy, each outcome, the best policy's value and the
/// regret.
pub fn write_regret(dir: &Path, parts: &[(Key, &Variants)]) -> io::Result<PathBuf> {
    let Some(&(key, first)) = parts.first() else {
        return Err(bad(&dir.join("regret.csv"), "nothing to write"));
    };
    let mut header: Vec<&str> = vec!["point"];
    header.extend(first.params.iter().map(String::as_str));
    header.extend(["policy", "metric", "value", "best", "regret"]);
    let mut t = Table::create(&dir.join("regret.csv"), &keyed_header(key, &header))?;
    for &(key, v) in parts {
        for x in &v.points {
            for (p, name) in v.policies.iter().enumerate() {
                for o in Outcome::ALL {
                    let mut row = vec![x.point.to_string()];
                    row.extend(x.values.iter().cloned());
                    row.push(name.clone());
                    row.push(o.key().to_string());
                    row.push(num(x.value(p, o)));
                    row.push(num(x.best(o)));
                    row.push(if o.has_regret() {
                        num(x.regret(p, o))
                    } else {
                        String::new()
                    });
                    t.row(&keyed_row(key, row))?;
                }
            }
        }
    }
    t.commit()
}

/// discovery.csv: PRIM's peeling trajectory, one row per box and parameter.
pub const DISCOVERY_COLUMNS: &[&str] = &[
    "box",
    "coverage",
    "density",
    "mass",
    "cases",
    "chosen",
    "parameter",
    "low",
    "high",
    "restricted",
    "qp_low",
    "qp_high",
    "policy",
    "failure",
];

/// One part's scenario discovery for discovery.csv: PRIM's result over the named parameters,
/// and `qps[box][parameter]`, the quasi-p values of each box's limits (lower, upper), for the
/// failures (`failure`, e.g. "ratified_rate below 0.5") of `policy`.
pub struct DiscoveryRows<'a> {
    pub key: Key<'a>,
    pub policy: &'a str,
    pub failure: &'a str,
    pub prim: &'a Prim,
    pub names: &'a [String],
    pub qps: &'a [Vec<(Option<f64>, Option<f64>)>],
}

/// discovery.csv: per part, PRIM's peeling trajectory, one row per box and parameter.
pub fn write_discovery(dir: &Path, parts: &[DiscoveryRows]) -> io::Result<PathBuf> {
    let key = parts.first().and_then(|p| p.key);
    let mut t = Table::create(
        &dir.join("discovery.csv"),
        &keyed_header(key, DISCOVERY_COLUMNS),
    )?;
    for d in parts {
        let prim = d.prim;
        for (b, step) in prim.trajectory.iter().enumerate() {
            for (j, name) in d.names.iter().enumerate() {
                t.row(&keyed_row(
                    d.key,
                    vec![
                        b.to_string(),
                        num(step.coverage),
                        num(step.density),
                        num(step.mass),
                        step.cases.to_string(),
                        (b == prim.chosen).to_string(),
                        name.clone(),
                        num(step.lows[j]),
                        num(step.highs[j]),
                        step.restricts(j, &prim.full).to_string(),
                        opt(d.qps[b][j].0),
                        opt(d.qps[b][j].1),
                        d.policy.to_string(),
                        d.failure.to_string(),
                    ],
                ))?;
            }
        }
    }
    t.commit()
}

/// Scenario discovery's result for the terminal: the policy, what counts as its failure, PRIM's
/// trajectory over the named parameters, and the quasi-p values of the chosen box's limits.
pub struct Discovery<'a> {
    pub policy: usize,
    pub failure: Failure,
    pub prim: &'a Prim,
    pub names: &'a [String],
    pub qp: &'a [(Option<f64>, Option<f64>)],
}

/// The terminal summary: per policy the ratified rate's robustness, the other outcomes' means,
/// the most robust policy, and where the chosen policy fails.
pub fn terminal(v: &Variants, rows: &[Robustness], best: usize, d: &Discovery) -> String {
    let Discovery {
        policy,
        failure,
        prim,
        names,
        qp,
    } = *d;
    use std::fmt::Write;
    let mut out = String::new();
    let find = |p: &str, o: Outcome| rows.iter().find(|r| r.policy == p && r.outcome == o);
    let width = v.policies.iter().map(String::len).max().unwrap_or(6).max(6);
    let threshold = find(&v.policies[0], Outcome::Ratified)
        .and_then(|r| r.threshold)
        .unwrap_or(0.5);
    let _ = writeln!(
        out,
        "Robustness over {} variants of {} uncertain parameters ({}), every policy on the same replicates",
        v.points.len(),
        v.params.len(),
        v.params.join(", ")
    );
    let _ = writeln!(
        out,
        "\n{:width$}  ratified: mean    p10  share>={threshold}  regret mean    max   inclusive  dropout  budget",
        "policy"
    );
    for p in &v.policies {
        let (Some(r), Some(i), Some(d), Some(b)) = (
            find(p, Outcome::Ratified),
            find(p, Outcome::Inclusive),
            find(p, Outcome::Dropout),
            find(p, Outcome::Budget),
        ) else {
            continue;
        };
        let _ = writeln!(
            out,
            "{p:width$}            {:.3}  {:.3}  {:>11.3}        {:.3}  {:.3}      {:.3}    {:.3}  {:>6.1}",
            r.mean,
            r.p10,
            r.satisficing.unwrap_or(f64::NAN),
            r.regret_mean.unwrap_or(f64::NAN),
            r.regret_max.unwrap_or(f64::NAN),
            i.mean,
            d.mean,
            b.mean
        );
    }
    let _ = writeln!(
        out,
        "\nmost robust (smallest maximum regret on the ratified rate): {}",
        v.policies[best]
    );
    let fails = prim.full.of_interest;
    let _ = writeln!(
        out,
        "\nWhere {} fails ({}): {} of {} variants",
        v.policies[policy],
        failure.describe(),
        fails,
        v.points.len()
    );
    if fails == 0 || names.is_empty() {
        let _ = writeln!(out, "  no box to find");
        return out;
    }
    let b = &prim.trajectory[prim.chosen];
    let _ = writeln!(
        out,
        "  PRIM box {} of {}: coverage {:.2} (of the failures, the share inside), density {:.2} (inside, the share that fails), mass {:.2}",
        prim.chosen,
        prim.trajectory.len() - 1,
        b.coverage,
        b.density,
        b.mass
    );
    let _ = writeln!(
        out,
        "  (quasi-p per limit, lower / upper: small when the limit matters; near 1 when the box does as well without it)"
    );
    let w = names.iter().map(String::len).max().unwrap_or(0);
    let mut any = false;
    for (j, name) in names.iter().enumerate() {
        if b.restricts(j, &prim.full) {
            any = true;
            let q = |x: Option<f64>| x.map(|p| format!("{p:.3}")).unwrap_or_else(|| "-".into());
            let _ = writeln!(
                out,
                "  {name:w$}  {:.4} .. {:.4}   (sampled {:.4} .. {:.4})   quasi-p {} / {}",
                b.lows[j],
                b.highs[j],
                prim.full.lows[j],
                prim.full.highs[j],
                q(qp[j].0),
                q(qp[j].1)
            );
        }
    }
    if !any {
        let _ = writeln!(
            out,
            "  (the box restricts no parameter: failures are spread over the whole range)"
        );
    }
    out
}
