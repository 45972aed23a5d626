//! summary.csv of `polder sweep`: one row per design point and policy, with the varied
//! parameters as columns and, per outcome, its mean and 95% interval. The columns are read by
//! name and the layout is guessed defensively, since the sweep's output may still grow:
//!
//! - `point`, `policy` and `n` (or `runs`) are bookkeeping;
//! - an outcome `X` is a column `X` or `X_mean`, with `X_ci_low`/`X_ci_high` (or `X_low`/
//!   `X_high`) for its interval;
//! - every other column whose value changes between rows is a varied parameter.

use std::collections::BTreeMap;
use std::path::Path;

use super::ReportError;
use super::chart::{CiChart, CiPoint, CiSeries, XAxis, YFormat, series_colour};
use super::html::Page;
use super::read::Table;
use super::words;
use crate::text::Lang;

const BOOKKEEPING: [&str; 8] = [
    "point",
    "design_point",
    "policy",
    "n",
    "runs",
    "replicates",
    "seed",
    "scenario",
];
const SUFFIXES: [&str; 8] = [
    "_mean", "_ci_low", "_ci_high", "_low", "_high", "_sd", "_se", "_n",
];

/// Where an outcome's mean and interval are.
struct Outcome {
    key: &'static str,
    value: usize,
    ci: Option<(usize, usize)>,
}

fn find_outcome(t: &Table, key: &'static str) -> Option<Outcome> {
    let value = [
        key.to_string(),
        format!("{key}_mean"),
        format!("mean_{key}"),
    ]
    .iter()
    .find_map(|c| t.headers.iter().position(|h| h == c))?;
    let pos = |c: String| t.headers.iter().position(|h| *h == c);
    let ci = pos(format!("{key}_ci_low"))
        .zip(pos(format!("{key}_ci_high")))
        .or_else(|| pos(format!("{key}_low")).zip(pos(format!("{key}_high"))));
    Some(Outcome { key, value, ci })
}

/// Columns that belong to an outcome (its mean, interval or spread).
fn is_outcome_column(t: &Table, name: &str) -> bool {
    if SUFFIXES.iter().any(|s| name.ends_with(s)) {
        return true;
    }
    if name.starts_with("mean_") {
        return true;
    }
    // X is an outcome if X_ci_low (or X_low) exists
    t.has(&format!("{name}_ci_low")) || t.has(&format!("{name}_low"))
}

/// A parameter's values: numeric if every value parses, else categories in order of appearance.
enum Values {
    Numeric(Vec<f64>),
    Categories(Vec<String>),
}

/// The long layout `polder sweep` writes (`point, policy, <params>, metric, n, mean, ci_low,
/// ci_high`: one row per design point, policy and metric) turned into the wide layout read
/// below (one row per design point and policy; per metric `X`, `X_ci_low`, `X_ci_high`).
fn widen(t: Table) -> Table {
    let (Some(c_metric), Some(c_mean)) = (
        t.headers.iter().position(|h| h == "metric"),
        t.headers.iter().position(|h| h == "mean"),
    ) else {
        return t;
    };
    let pos = |name: &str| t.headers.iter().position(|h| h == name);
    let (c_lo, c_hi, c_n) = (pos("ci_low"), pos("ci_high"), pos("n"));
    let keys: Vec<usize> = (0..t.headers.len())
        .filter(|&c| {
            c != c_metric && c != c_mean && Some(c) != c_lo && Some(c) != c_hi && Some(c) != c_n
        })
        .collect();
    let mut metrics: Vec<String> = Vec::new();
    // (key cells, n, metric -> [mean, ci_low, ci_high])
    type Group = (Vec<String>, String, BTreeMap<String, [String; 3]>);
    let mut groups: Vec<Group> = Vec::new();
    for row in &t.rows {
        let key: Vec<String> = keys
            .iter()
            .map(|&c| row.get(c).unwrap_or("").to_string())
            .collect();
        let metric = row.get(c_metric).unwrap_or("").to_string();
        if !metrics.contains(&metric) {
            metrics.push(metric.clone());
        }
        let cell = |c: Option<usize>| c.and_then(|c| row.get(c)).unwrap_or("").to_string();
        let values = [cell(Some(c_mean)), cell(c_lo), cell(c_hi)];
        match groups.iter_mut().find(|g| g.0 == key) {
            Some(g) => {
                g.2.insert(metric, values);
            }
            None => {
                let mut m = BTreeMap::new();
                m.insert(metric, values);
                groups.push((key, cell(c_n), m));
            }
        }
    }
    let mut headers: Vec<String> = keys.iter().map(|&c| t.headers[c].clone()).collect();
    headers.push("n".into());
    for m in &metrics {
        headers.push(m.clone());
        headers.push(format!("{m}_ci_low"));
        headers.push(format!("{m}_ci_high"));
    }
    let rows = groups
        .into_iter()
        .map(|(key, n, values)| {
            let mut fields = key;
            fields.push(n);
            for m in &metrics {
                let v = values.get(m).cloned().unwrap_or_default();
                fields.extend(v);
            }
            csv::StringRecord::from(fields)
        })
        .collect();
    Table {
        path: t.path,
        headers,
        rows,
    }
}

/// summary.csv read back: the outcomes found, the varied parameters and the policies.
struct Sweep {
    t: Table,
    c_policy: Option<usize>,
    outcomes: Vec<Outcome>,
    /// Columns of the parameters that vary between rows.
    params: Vec<usize>,
    /// In order of appearance.
    policies: Vec<String>,
}

impl Sweep {
    fn policy_of(&self, r: usize) -> String {
        self.c_policy
            .map_or_else(|| "—".to_string(), |c| self.t.str(r, c).to_string())
    }
}

/// One varied parameter along the x axis: its values per row, and the lines it is drawn in.
struct Param<'a> {
    s: &'a Sweep,
    col: usize,
    raw: Vec<String>,
    values: Values,
    /// The other varied parameters, which split the lines.
    others: Vec<usize>,
    /// Policy and the other parameters' values, in order of appearance.
    groups: Vec<String>,
}

impl Param<'_> {
    fn x_of(&self, r: usize) -> f64 {
        match &self.values {
            Values::Numeric(v) => v[r],
            Values::Categories(c) => {
                c.iter().position(|x| *x == self.raw[r]).expect("listed") as f64
            }
        }
    }

    fn group_of(&self, r: usize) -> String {
        let t = &self.s.t;
        let mut g = self.s.policy_of(r);
        for &q in &self.others {
            g.push_str(&format!(" · {}={}", t.headers[q], t.str(r, q)));
        }
        g
    }

    /// Too many lines to draw each: one line per policy, averaged over the others.
    fn marginal(&self) -> bool {
        self.groups.len() > 8
    }

    fn x_axis(&self) -> XAxis {
        match &self.values {
            Values::Numeric(v) => {
                let lo = v.iter().copied().fold(f64::INFINITY, f64::min);
                let hi = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                XAxis::Numeric(lo..hi)
            }
            Values::Categories(c) => XAxis::Categories(c.clone()),
        }
    }
}

pub fn report(dir: &Path, l: Lang) -> Result<String, ReportError> {
    let s = read(dir)?;
    let mut page = header(dir, l, &s);
    for &p in &s.params {
        param_section(&mut page, l, &param(&s, p))?;
    }
    numbers_section(&mut page, l, &s.t);
    Ok(page.finish(&dir.display().to_string()))
}

fn read(dir: &Path) -> Result<Sweep, ReportError> {
    let t = widen(Table::read(&dir.join("summary.csv"))?);
    if t.rows.is_empty() {
        return Err(ReportError::input(format!(
            "{} has no rows",
            t.path.display()
        )));
    }
    let c_policy = t.headers.iter().position(|h| h == "policy");
    let outcomes: Vec<Outcome> = ["dropout_rate", "agreement_rate", "ratified_rate"]
        .into_iter()
        .filter_map(|k| find_outcome(&t, k))
        .collect();
    if !outcomes.iter().any(|o| o.key != "ratified_rate") {
        return Err(ReportError::input(format!(
            "{} has neither a dropout_rate nor an agreement_rate column (or _mean); columns: {}",
            t.path.display(),
            t.headers.join(", ")
        )));
    }
    let params: Vec<usize> = (0..t.headers.len())
        .filter(|&c| {
            let h = &t.headers[c];
            !BOOKKEEPING.contains(&h.as_str()) && !is_outcome_column(&t, h)
        })
        .filter(|&c| {
            let first = t.str(0, c);
            (1..t.rows.len()).any(|r| t.str(r, c) != first)
        })
        .collect();
    let mut s = Sweep {
        t,
        c_policy,
        outcomes,
        params,
        policies: Vec::new(),
    };
    for r in 0..s.t.rows.len() {
        let p = s.policy_of(r);
        if !s.policies.contains(&p) {
            s.policies.push(p);
        }
    }
    Ok(s)
}

/// The values of parameter `p` and the lines to draw against it.
fn param(s: &Sweep, p: usize) -> Param<'_> {
    let t = &s.t;
    let raw: Vec<String> = (0..t.rows.len()).map(|r| t.str(r, p).to_string()).collect();
    let values = if raw
        .iter()
        .all(|v| v.parse::<f64>().is_ok_and(f64::is_finite))
    {
        Values::Numeric(raw.iter().map(|v| v.parse().expect("checked")).collect())
    } else {
        let mut cats: Vec<String> = Vec::new();
        for v in &raw {
            if !cats.contains(v) {
                cats.push(v.clone());
            }
        }
        Values::Categories(cats)
    };
    let mut param = Param {
        s,
        col: p,
        raw,
        values,
        others: s.params.iter().copied().filter(|&q| q != p).collect(),
        groups: Vec::new(),
    };
    for r in 0..t.rows.len() {
        let g = param.group_of(r);
        if !param.groups.contains(&g) {
            param.groups.push(g);
        }
    }
    param
}

fn header(dir: &Path, l: Lang, s: &Sweep) -> Page {
    let t = &s.t;
    let title = format!("{} — {}", words::parameter_sweep_heading(l), dir.display());
    let subtitle = format!(
        "{} {}, {} {}; {}: {}.",
        t.rows.len(),
        words::rows_points_x_policies(l),
        s.policies.len(),
        words::policies(l),
        words::varied(l),
        if s.params.is_empty() {
            words::nothing(l).to_string()
        } else {
            s.params
                .iter()
                .map(|&c| t.headers[c].clone())
                .collect::<Vec<_>>()
                .join(", ")
        }
    );
    let mut page = Page::new(l, &title, &subtitle);
    if s.params.is_empty() {
        page.paragraph(words::nothing_varies_note(l));
    }
    page
}

/// "Against X": a chart per outcome.
fn param_section(page: &mut Page, l: Lang, p: &Param) -> Result<(), ReportError> {
    let name = &p.s.t.headers[p.col];
    page.heading(&format!("{} {name}", words::against_heading(l)));
    if p.marginal() {
        page.paragraph(words::lines_are_means_note(l));
    }
    for o in p.s.outcomes.iter().filter(|o| o.key != "ratified_rate") {
        outcome_chart(page, l, p, o)?;
    }
    Ok(())
}

/// The points of one line: the mean per x over the line's policy (marginal), or the rows of
/// its group with their intervals.
fn line_points(p: &Param, o: &Outcome, line: &str) -> Result<Vec<CiPoint>, ReportError> {
    let t = &p.s.t;
    let mut pts: Vec<CiPoint> = Vec::new();
    if p.marginal() {
        let mut acc: BTreeMap<i64, (f64, f64, usize)> = BTreeMap::new();
        for r in (0..t.rows.len()).filter(|&r| p.s.policy_of(r) == line) {
            let x = p.x_of(r);
            let v = t.f64(r, o.value)?;
            let e = acc.entry((x * 1e9).round() as i64).or_insert((x, 0.0, 0));
            e.1 += v;
            e.2 += 1;
        }
        pts.extend(acc.values().map(|&(x, s, n)| (x, s / n as f64, None)));
    } else {
        for r in (0..t.rows.len()).filter(|&r| p.group_of(r) == line) {
            let ci = match o.ci {
                Some((lo, hi)) => t.opt_f64(r, lo)?.zip(t.opt_f64(r, hi)?),
                None => None,
            };
            pts.push((p.x_of(r), t.f64(r, o.value)?, ci));
        }
        pts.sort_by(|a, b| a.0.total_cmp(&b.0));
    }
    Ok(pts)
}

fn outcome_chart(page: &mut Page, l: Lang, p: &Param, o: &Outcome) -> Result<(), ReportError> {
    let name = &p.s.t.headers[p.col];
    let line_names = if p.marginal() {
        &p.s.policies
    } else {
        &p.groups
    };
    let mut series: Vec<CiSeries> = Vec::new();
    for (k, g) in line_names.iter().enumerate() {
        series.push(CiSeries {
            label: g.clone(),
            colour: series_colour(k),
            points: line_points(p, o, g)?,
            connect: true,
        });
    }
    let (what, desc) = match o.key {
        "dropout_rate" => (
            words::dropout_rate_heading(l),
            words::dropout_rate_pct_left(l),
        ),
        _ => (
            words::agreement_rate_heading(l),
            words::agreement_pct_of_runs(l),
        ),
    };
    let chart = CiChart {
        id: format!("sweep-{}-{}", o.key, slug(name)),
        title: format!(
            "{what} {} {name}, {}",
            words::against(l),
            words::one_line_per_policy(l)
        ),
        lang: l,
        x_desc: format!("{name} ({})", words::scenario_parameter(l)),
        y_desc: desc.into(),
        x: p.x_axis(),
        y_range: 0.0..1.0,
        y_format: YFormat::Percent,
        zero_line: false,
        series,
    };
    page.figure(&chart.draw()?, words::points_and_bars_note(l));
    Ok(())
}

/// The first 500 rows of summary.csv (as widened).
fn numbers_section(page: &mut Page, l: Lang, t: &Table) {
    page.heading(words::numbers_heading(l));
    let shown = t.rows.len().min(500);
    let rows: Vec<Vec<String>> = (0..shown)
        .map(|r| {
            (0..t.headers.len())
                .map(|c| t.str(r, c).to_string())
                .collect()
        })
        .collect();
    page.table(&t.headers, &rows);
    if shown < t.rows.len() {
        page.paragraph(&format!(
            "{} {shown} {} {}.",
            words::the_first(l),
            words::rows_of(l),
            t.rows.len()
        ));
    }
}

fn slug(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}
