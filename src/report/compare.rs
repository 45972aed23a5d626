//! The report of `polder compare`: policies on the same replicates. Read compare.csv into a
//! [`Compare`] (estimates and paired differences per policy and metric), then render a chart
//! per section and the table of numbers.

use std::collections::BTreeMap;
use std::path::Path;

use super::chart::{
    BLUE, CiChart, CiSeries, Colour, CostChart, CostPoint, Forest, ForestRow, GREEN, PURPLE,
    VERMILLION, XAxis, YFormat, domain_colour,
};
use super::html::Page;
use super::read::Table;
use super::words;
use super::{ReportError, read_scenario};
use crate::domain::Domain;
use crate::scenario::Scenario;
use crate::text::{Lang, capitalise};

/// An estimate and its 95% interval (either may be missing).
type Est = (Option<f64>, Option<(f64, f64)>);

/// The columns of compare.csv.
struct Cols {
    pol: usize,
    met: usize,
    est: usize,
    lo: usize,
    hi: usize,
    diff: usize,
    dlo: usize,
    dhi: usize,
    ver: usize,
}

/// compare.csv read back.
struct Compare {
    table: Table,
    cols: Cols,
    scenario: Option<Scenario>,
    /// In order of appearance.
    policies: Vec<String>,
    /// (policy, metric) -> estimate.
    est: BTreeMap<(String, String), Est>,
    /// (policy, metric) -> (difference to the baseline, verdict).
    diff: BTreeMap<(String, String), (Est, String)>,
    /// Replicates per policy.
    runs_n: u64,
    baseline: String,
}

pub(super) fn report(dir: &Path, l: Lang) -> Result<String, ReportError> {
    let all = Table::read(&dir.join("compare.csv"))?;
    let scenario = read_scenario(dir)?;
    let parts = all.split_by("scenario")?;
    let several = parts.len() > 1;
    let mut page = None;
    for (name, table) in parts {
        let c = read(table, scenario.clone())?;
        let page = page.get_or_insert_with(|| header(dir, l, &c, several));
        if several {
            page.heading(&name);
        }
        let metrics = metrics(l);
        policies_section(page, l, &c);
        rates_section(page, l, &c, &metrics)?;
        differences_section(page, l, &c, &metrics)?;
        ranking_section(page, l, &c)?;
        cost_section(page, l, &c)?;
        final_certainty_section(page, l, &c)?;
        numbers_section(page, l, &c)?;
    }
    let page = page.expect("split_by gives at least one part");
    Ok(page.finish(&dir.display().to_string()))
}

// ---------------------------------------------------------------------------------------------
// read

fn read(cmp: Table, scenario: Option<Scenario>) -> Result<Compare, ReportError> {
    let (pol, met, c_n, est, lo, hi, c_base, diff, dlo, dhi, ver) = (
        cmp.col("policy")?,
        cmp.col("metric")?,
        cmp.col("n")?,
        cmp.col("estimate")?,
        cmp.col("ci_low")?,
        cmp.col("ci_high")?,
        cmp.col("baseline")?,
        cmp.col("difference")?,
        cmp.col("difference_ci_low")?,
        cmp.col("difference_ci_high")?,
        cmp.col("verdict")?,
    );
    if cmp.rows.is_empty() {
        return Err(ReportError::input(format!(
            "{} has no rows",
            cmp.path.display()
        )));
    }
    let cols = Cols {
        pol,
        met,
        est,
        lo,
        hi,
        diff,
        dlo,
        dhi,
        ver,
    };
    let mut policies: Vec<String> = Vec::new();
    let mut est: BTreeMap<(String, String), Est> = BTreeMap::new();
    let mut diff: BTreeMap<(String, String), (Est, String)> = BTreeMap::new();
    let mut runs_n = 0u64;
    let k = &cols;
    for row in 0..cmp.rows.len() {
        let p = cmp.str(row, k.pol).to_string();
        let m = cmp.str(row, k.met).to_string();
        if !policies.contains(&p) {
            policies.push(p.clone());
        }
        if m == "dropout_rate" {
            runs_n = runs_n.max(cmp.u64(row, c_n)?);
        }
        let pair = |a: Option<f64>, b: Option<f64>| a.zip(b);
        est.insert(
            (p.clone(), m.clone()),
            (
                cmp.opt_f64(row, k.est)?,
                pair(cmp.opt_f64(row, k.lo)?, cmp.opt_f64(row, k.hi)?),
            ),
        );
        diff.insert(
            (p, m),
            (
                (
                    cmp.opt_f64(row, k.diff)?,
                    pair(cmp.opt_f64(row, k.dlo)?, cmp.opt_f64(row, k.dhi)?),
                ),
                cmp.str(row, k.ver).to_string(),
            ),
        );
    }
    Ok(Compare {
        baseline: cmp.str(0, c_base).to_string(),
        table: cmp,
        cols,
        scenario,
        policies,
        est,
        diff,
        runs_n,
    })
}

// ---------------------------------------------------------------------------------------------
// render

fn header(dir: &Path, l: Lang, c: &Compare, several: bool) -> Page {
    let name = match &c.scenario {
        Some(s) if !several => s.name.clone(),
        _ => dir.display().to_string(),
    };
    let title = format!("{name} — {}", words::policies_compared(l));
    let subtitle = format!(
        "{} {}, {} {}; {} {}.",
        c.policies.len(),
        words::policies(l),
        c.runs_n,
        words::replicates_each_same_luck(l),
        words::baseline(l),
        c.baseline,
    );
    Page::new(l, &title, &subtitle)
}

/// The rates compared: (metric, label, colour).
fn metrics(l: Lang) -> [(&'static str, &'static str, Colour); 4] {
    [
        ("dropout_rate", words::dropout_rate(l), VERMILLION),
        ("agreement_rate", words::agreement_at_the_table(l), BLUE),
        ("ratified_rate", words::ratified_by_constituencies(l), GREEN),
        (
            "inclusive_rate",
            words::inclusive_essential_still_there(l),
            PURPLE,
        ),
    ]
}

/// A series over the policies `cats` (at x = 0, 1, ...), with a point where `get` has a value.
fn series_over(
    label: &str,
    colour: Colour,
    cats: &[String],
    get: impl Fn(&String) -> Option<Est>,
) -> CiSeries {
    CiSeries {
        label: label.to_string(),
        colour,
        points: cats
            .iter()
            .enumerate()
            .filter_map(|(k, p)| {
                let (v, ci) = get(p)?;
                Some((k as f64, v?, ci))
            })
            .collect(),
        connect: false,
    }
}

fn policy_axis(l: Lang) -> String {
    words::manager_policy(l).into()
}

fn rates_section(
    page: &mut Page,
    l: Lang,
    c: &Compare,
    metrics: &[(&'static str, &'static str, Colour)],
) -> Result<(), ReportError> {
    let series: Vec<CiSeries> = metrics
        .iter()
        .map(|&(key, label, colour)| {
            series_over(label, colour, &c.policies, |p| {
                c.est.get(&(p.clone(), key.to_string())).copied()
            })
        })
        .collect();
    page.heading(words::dropout_and_agreement_heading(l));
    let chart = CiChart {
        id: "rates".into(),
        title: words::dropout_and_agreement_chart(l).into(),
        lang: l,
        x_desc: policy_axis(l),
        y_desc: words::share_of_parties_or_runs(l).into(),
        x: XAxis::Categories(c.policies.clone()),
        y_range: 0.0..1.0,
        y_format: YFormat::Percent,
        zero_line: false,
        series,
    };
    page.figure(
        &chart.draw()?,
        words::dropout_and_agreement_intervals_note(l),
    );
    Ok(())
}

/// Paired differences against the baseline as forest plots, one per rate: a row per policy
/// (in compare.csv's order, the baseline left out), the difference as a dot on its 95%
/// interval, and a line at 0.
fn differences_section(
    page: &mut Page,
    l: Lang,
    c: &Compare,
    metrics: &[(&'static str, &'static str, Colour)],
) -> Result<(), ReportError> {
    let baseline = &c.baseline;
    let others: Vec<&String> = c.policies.iter().filter(|p| *p != baseline).collect();
    if others.is_empty() {
        return Ok(());
    }
    page.heading(&format!(
        "{} {baseline}",
        words::paired_differences_against(l)
    ));
    for &(key, label, colour) in metrics {
        let rows: Vec<ForestRow> = others
            .iter()
            .filter_map(|p| {
                let ((v, ci), _) = c.diff.get(&((*p).clone(), key.to_string()))?;
                Some(ForestRow {
                    label: (*p).clone(),
                    estimate: (*v)?,
                    ci: *ci,
                })
            })
            .collect();
        if rows.is_empty() {
            continue;
        }
        let chart = Forest {
            id: format!("forest-{key}"),
            title: words::forest_title(l, label, baseline),
            lang: l,
            x_desc: format!(
                "{} {baseline} ({})",
                words::policy_minus(l),
                words::percentage_points(l)
            ),
            x_format: YFormat::Points,
            series: words::difference_and_interval(l).into(),
            colour,
            zero_label: words::zero_no_difference(l).into(),
            rows,
        };
        page.figure(&chart.draw()?, &words::forest_note(l, baseline));
    }
    page.paragraph(&format!(
        "{} {baseline}. {}",
        words::each_policy_met_the_same(l),
        words::paired_difference_note(l)
    ));
    Ok(())
}

/// Budget spent against the ratified and the inclusive rate, each with the frontier compare.csv
/// marks (`on_frontier`; left out for a compare.csv without it).
fn cost_section(page: &mut Page, l: Lang, c: &Compare) -> Result<(), ReportError> {
    let t = &c.table;
    let Ok(front) = t.col("on_frontier") else {
        return Ok(());
    };
    let row_of = |p: &str, metric: &str| {
        (0..t.rows.len()).find(|&r| t.str(r, c.cols.pol) == p && t.str(r, c.cols.met) == metric)
    };
    page.heading(words::cost_and_outcome_heading(l));
    for (key, label) in [
        ("ratified_rate", words::ratified_by_constituencies(l)),
        ("inclusive_rate", words::inclusive_essential_still_there(l)),
    ] {
        let mut points = Vec::new();
        for p in &c.policies {
            let (Some(b), Some(r)) = (row_of(p, "budget_spent"), row_of(p, key)) else {
                continue;
            };
            let (Some(x), Some(y)) = (t.opt_f64(b, c.cols.est)?, t.opt_f64(r, c.cols.est)?) else {
                continue;
            };
            let ci = |row: usize| -> Result<Option<(f64, f64)>, ReportError> {
                Ok(t.opt_f64(row, c.cols.lo)?.zip(t.opt_f64(row, c.cols.hi)?))
            };
            points.push(CostPoint {
                label: p.clone(),
                x,
                x_ci: ci(b)?,
                y,
                y_ci: ci(r)?,
                frontier: t.str(r, front) == "true",
            });
        }
        if points.is_empty() {
            continue;
        }
        let chart = CostChart {
            id: format!("cost-{key}"),
            title: words::cost_chart_title(l, label),
            lang: l,
            x_desc: words::budget_axis(l).into(),
            y_desc: capitalise(label),
            points,
            frontier_label: words::on_the_frontier_marker(l).into(),
            other_label: words::off_the_frontier_marker(l).into(),
            interval_label: words::intervals_95(l).into(),
        };
        page.figure(&chart.draw()?, words::frontier_note(l));
    }
    Ok(())
}

/// "Lower bound/challenge: ..." per domain, from the scenario (empty without one).
fn bounds_text(l: Lang, scenario: &Option<Scenario>) -> String {
    let Some(s) = scenario else {
        return String::new();
    };
    let (lb, ch) = (s.domains.lower_bounds(), s.domains.challenges());
    let parts: Vec<String> = Domain::ALL
        .iter()
        .map(|&d| {
            format!(
                "{} {}/{}",
                l.domain_short(d),
                l.num(lb[d.index()], 2),
                l.num(ch[d.index()], 2)
            )
        })
        .collect();
    format!(
        "{}/{}: {}.",
        capitalise(l.lower_bound()),
        l.challenge(),
        parts.join(", ")
    )
}

fn final_certainty_section(page: &mut Page, l: Lang, c: &Compare) -> Result<(), ReportError> {
    let series: Vec<CiSeries> = Domain::ALL
        .iter()
        .map(|&d| {
            series_over(l.domain(d), domain_colour(d), &c.policies, |p| {
                c.est
                    .get(&(p.clone(), format!("final_{}", d.key())))
                    .copied()
            })
        })
        .collect();
    page.heading(words::where_groups_end_up(l));
    let chart = CiChart {
        id: "final-certainty".into(),
        title: words::final_certainty_chart(l).into(),
        lang: l,
        x_desc: policy_axis(l),
        y_desc: words::mean_final_certainty_axis(l).into(),
        x: XAxis::Categories(c.policies.clone()),
        y_range: 0.0..1.0,
        y_format: YFormat::Plain,
        zero_line: false,
        series,
    };
    page.figure(
        &chart.draw()?,
        &format!(
            "{} {}",
            words::final_certainty_note(l),
            bounds_text(l, &c.scenario)
        ),
    );
    Ok(())
}

/// A value of `metric` in the table: shares in percent (differences in signed points), rounds
/// to agreement with one decimal, anything else with three.
fn show(l: Lang, metric: &str, v: Option<f64>, signed: bool) -> String {
    let known = crate::compare::Metric::from_key(metric);
    let share = known.is_some_and(|m| m.is_share());
    match v {
        None => String::new(),
        Some(v) if share => {
            let s = l.num(100.0 * v, 1);
            if signed && v > 0.0 {
                format!("+{s}")
            } else if signed {
                s
            } else {
                format!("{s}%")
            }
        }
        Some(v) => {
            let s = l.num(
                v,
                if matches!(
                    known,
                    Some(
                        crate::compare::Metric::RoundsToAgreement
                            | crate::compare::Metric::BudgetSpent
                    )
                ) {
                    1
                } else {
                    3
                },
            );
            if signed && v > 0.0 {
                format!("+{s}")
            } else {
                s
            }
        }
    }
}

/// What each policy does, in one line: the built-in policies' own descriptions, and those of
/// the scenario's policies where the directory holds the scenario.
fn policies_section(page: &mut Page, l: Lang, c: &Compare) {
    let describe = |name: &str| -> String {
        crate::policy::builtin(name)
            .or_else(|| {
                c.scenario
                    .as_ref()
                    .and_then(|s| s.policies.iter().find(|p| p.name == name).cloned())
            })
            .map(|p| p.description)
            .unwrap_or_default()
    };
    let rows: Vec<Vec<String>> = c
        .policies
        .iter()
        .map(|p| vec![p.clone(), describe(p)])
        .collect();
    page.heading(words::policies_heading(l));
    page.table(
        &[words::policy(l).into(), words::what_it_does(l).into()],
        &rows,
    );
}

/// Which policies cannot be told from the best, what their effect costs, and which are on the
/// cost-effectiveness frontier (the `best`, `per_10_units` and `on_frontier` columns of
/// compare.csv; left out for a compare.csv without them).
fn ranking_section(page: &mut Page, l: Lang, c: &Compare) -> Result<(), ReportError> {
    let t = &c.table;
    let (Ok(best), Ok(per_10), Ok(front)) =
        (t.col("best"), t.col("per_10_units"), t.col("on_frontier"))
    else {
        return Ok(());
    };
    let yes = |s: &str| match s {
        "true" => words::yes(l).to_string(),
        "false" => words::no(l).to_string(),
        _ => String::new(),
    };
    let mut rows = Vec::new();
    for p in &c.policies {
        let find = |metric: &str| {
            (0..t.rows.len()).find(|&r| t.str(r, c.cols.pol) == p && t.str(r, c.cols.met) == metric)
        };
        let (Some(r), Some(i), Some(b)) = (
            find("ratified_rate"),
            find("inclusive_rate"),
            find("budget_spent"),
        ) else {
            continue;
        };
        let pp = |row: usize| -> Result<String, ReportError> {
            Ok(t.opt_f64(row, per_10)?
                .map_or(String::new(), |v| show(l, "ratified_rate", Some(v), true)))
        };
        rows.push(vec![
            p.clone(),
            show(l, "budget_spent", t.opt_f64(b, c.cols.est)?, false),
            yes(t.str(r, best)),
            yes(t.str(i, best)),
            pp(r)?,
            pp(i)?,
            format!("{} / {}", yes(t.str(r, front)), yes(t.str(i, front))),
        ]);
    }
    page.heading(words::best_cost_effect_heading(l));
    page.table(
        &[
            words::policy(l).into(),
            words::budget_spent_per_run(l).into(),
            words::among_best_ratified(l).into(),
            words::among_best_inclusive(l).into(),
            words::ratified_pp_per_10_units(l).into(),
            words::inclusive_pp_per_10_units(l).into(),
            words::on_the_frontier(l).into(),
        ],
        &rows,
    );
    page.paragraph(words::among_best_note(l));
    Ok(())
}

/// A row of compare.csv as shown in the table.
fn numbers_row(l: Lang, c: &Compare, row: usize) -> Result<Vec<String>, ReportError> {
    let (t, k) = (&c.table, &c.cols);
    let metric = t.str(row, k.met);
    let interval = |a: Option<f64>, b: Option<f64>, signed: bool| match (a, b) {
        (Some(a), Some(b)) => format!(
            "[{} – {}]",
            show(l, metric, Some(a), signed),
            show(l, metric, Some(b), signed)
        ),
        _ => String::new(),
    };
    Ok(vec![
        t.str(row, k.pol).to_string(),
        metric.to_string(),
        show(l, metric, t.opt_f64(row, k.est)?, false),
        interval(t.opt_f64(row, k.lo)?, t.opt_f64(row, k.hi)?, false),
        show(l, metric, t.opt_f64(row, k.diff)?, true),
        interval(t.opt_f64(row, k.dlo)?, t.opt_f64(row, k.dhi)?, true),
        t.str(row, k.ver).to_string(),
    ])
}

fn numbers_section(page: &mut Page, l: Lang, c: &Compare) -> Result<(), ReportError> {
    page.heading(words::numbers_heading(l));
    let rows = (0..c.table.rows.len())
        .map(|row| numbers_row(l, c, row))
        .collect::<Result<Vec<_>, _>>()?;
    page.table(
        &[
            words::policy(l).into(),
            words::metric(l).into(),
            words::estimate(l).into(),
            words::interval_95(l).into(),
            format!("{} {}", words::versus(l), c.baseline),
            words::interval_95(l).into(),
            words::verdict(l).into(),
        ],
        &rows,
    );
    page.paragraph(words::differences_in_points_note(l));
    Ok(())
}
