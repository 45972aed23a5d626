//! The report of `polder robust`: policies across what we do not know. Read robust.csv,
//! regret.csv and discovery.csv (split by their `scenario` column when the robustness file had
//! several base scenarios), then render per part: the robustness table, the regret heat map
//! (policy x variant) and scenario discovery (PRIM's peeling trajectory and the chosen box's
//! limits on each restricted parameter).

use std::path::Path;

use super::chart::{GREEN, HeatMap, Line, LineChart, Markers, RangeBars, RangeRow, VERMILLION};
use super::html::Page;
use super::read::Table;
use super::{ReportError, words};
use crate::text::Lang;

/// The files of a robustness directory, split into parts (one per base scenario, and `all`
/// across them; a single unnamed part for one base scenario).
struct Parts {
    robust: Vec<(String, Table)>,
    regret: Vec<(String, Table)>,
    discovery: Vec<(String, Table)>,
}

pub(super) fn report(dir: &Path, l: Lang) -> Result<String, ReportError> {
    let parts = Parts {
        robust: Table::read(&dir.join("robust.csv"))?.split_by("scenario")?,
        regret: Table::read(&dir.join("regret.csv"))?.split_by("scenario")?,
        discovery: Table::read(&dir.join("discovery.csv"))?.split_by("scenario")?,
    };
    let several = parts.robust.len() > 1;
    let first = read_robustness(&parts.robust[0].1)?;
    let mut page = Page::new(
        l,
        &format!("{} — {}", dir.display(), words::robust_title(l)),
        &words::robust_subtitle(l, first.policies.len(), first.variants),
    );
    for (name, table) in &parts.robust {
        if several {
            page.heading(&words::robust_part(l, name));
        }
        let r = read_robustness(table)?;
        robustness_section(&mut page, l, &r)?;
        let id = |base: &str| chart_id(base, name, several);
        if let Some((_, t)) = parts.regret.iter().find(|(n, _)| n == name) {
            regret_section(&mut page, l, t, &r, &id("regret"))?;
        }
        if let Some((_, t)) = parts.discovery.iter().find(|(n, _)| n == name) {
            discovery_section(&mut page, l, t, &id)?;
        }
    }
    Ok(page.finish(&dir.display().to_string()))
}

/// A chart's id: `base`, or `base-NAME` when there are several parts.
fn chart_id(base: &str, part: &str, several: bool) -> String {
    if several {
        let slug: String = part
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { '-' })
            .collect();
        format!("{base}-{}", slug.to_lowercase())
    } else {
        base.to_string()
    }
}

// ---------------------------------------------------------------------------------------------
// robust.csv

/// One policy's row of robust.csv on one metric.
struct Metric {
    mean: f64,
    p10: f64,
    threshold: Option<f64>,
    satisficing: Option<f64>,
    regret_mean: Option<f64>,
    regret_max: Option<f64>,
}

struct Robustness {
    /// In robust.csv's order.
    policies: Vec<String>,
    variants: u64,
    most_robust: Option<String>,
    /// (policy, metric) -> row.
    rows: std::collections::BTreeMap<(String, String), Metric>,
}

fn read_robustness(t: &Table) -> Result<Robustness, ReportError> {
    let (pol, met, var, mean, p10, thr, sat, rmean, rmax, most) = (
        t.col("policy")?,
        t.col("metric")?,
        t.col("variants")?,
        t.col("mean")?,
        t.col("p10")?,
        t.col("threshold")?,
        t.col("satisficing_share")?,
        t.col("regret_mean")?,
        t.col("regret_max")?,
        t.col("most_robust")?,
    );
    let mut r = Robustness {
        policies: Vec::new(),
        variants: 0,
        most_robust: None,
        rows: Default::default(),
    };
    for row in 0..t.rows.len() {
        let p = t.str(row, pol).to_string();
        if !r.policies.contains(&p) {
            r.policies.push(p.clone());
        }
        if t.bool(row, most)? {
            r.most_robust = Some(p.clone());
        }
        r.variants = r.variants.max(t.u64(row, var)?);
        r.rows.insert(
            (p, t.str(row, met).to_string()),
            Metric {
                mean: t.f64(row, mean)?,
                p10: t.f64(row, p10)?,
                threshold: t.opt_f64(row, thr)?,
                satisficing: t.opt_f64(row, sat)?,
                regret_mean: t.opt_f64(row, rmean)?,
                regret_max: t.opt_f64(row, rmax)?,
            },
        );
    }
    Ok(r)
}

fn robustness_section(page: &mut Page, l: Lang, r: &Robustness) -> Result<(), ReportError> {
    let pct = |v: Option<f64>| v.map_or(String::new(), |v| format!("{}%", l.num(100.0 * v, 1)));
    let pp = |v: Option<f64>| v.map_or(String::new(), |v| l.num(100.0 * v, 1));
    let threshold = r
        .rows
        .values()
        .find_map(|m| m.threshold.filter(|_| m.satisficing.is_some()));
    let mut rows = Vec::new();
    for p in &r.policies {
        let get = |m: &str| r.rows.get(&(p.clone(), m.to_string()));
        let Some(rat) = get("ratified_rate") else {
            continue;
        };
        rows.push(vec![
            p.clone(),
            pct(Some(rat.mean)),
            pct(Some(rat.p10)),
            pct(rat.satisficing),
            pp(rat.regret_mean),
            pp(rat.regret_max),
            pct(get("inclusive_rate").map(|m| m.mean)),
            pct(get("dropout_rate").map(|m| m.mean)),
            get("budget_spent").map_or(String::new(), |m| l.num(m.mean, 1)),
            if r.most_robust.as_deref() == Some(p) {
                words::yes(l).to_string()
            } else {
                String::new()
            },
        ]);
    }
    page.heading(words::robustness_heading(l));
    page.table(&words::robustness_columns(l, threshold), &rows);
    page.paragraph(&words::robustness_note(l, r.variants));
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// regret.csv

/// The regret heat map of the ratified rate: a row per variant (design point), a column per
/// policy, the regret in percentage points.
fn regret_section(
    page: &mut Page,
    l: Lang,
    t: &Table,
    r: &Robustness,
    id: &str,
) -> Result<(), ReportError> {
    let (point, pol, met, regret) = (
        t.col("point")?,
        t.col("policy")?,
        t.col("metric")?,
        t.col("regret")?,
    );
    let mut points: Vec<String> = Vec::new();
    let mut values: Vec<Vec<Option<f64>>> = Vec::new();
    for row in 0..t.rows.len() {
        if t.str(row, met) != "ratified_rate" {
            continue;
        }
        let pt = t.str(row, point).to_string();
        if points.last() != Some(&pt) {
            points.push(pt);
            values.push(vec![None; r.policies.len()]);
        }
        if let Some(c) = r.policies.iter().position(|p| p == t.str(row, pol)) {
            let v = t.opt_f64(row, regret)?.map(|v| 100.0 * v);
            values.last_mut().expect("pushed above")[c] = v;
        }
    }
    if points.is_empty() {
        return Ok(());
    }
    let chart = HeatMap {
        id: id.to_string(),
        title: words::regret_map_title(l).into(),
        lang: l,
        x_desc: words::policy(l).into(),
        y_desc: words::variant_axis(l).into(),
        columns: r.policies.clone(),
        rows: points,
        values,
        zero_label: words::zero_the_best(l).into(),
        unit: words::pp(l).into(),
    };
    page.heading(words::regret_heading(l));
    page.figure(&chart.draw()?, words::regret_map_note(l));
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// discovery.csv

/// One box of PRIM's trajectory.
struct PrimBox {
    coverage: f64,
    density: f64,
    mass: f64,
    chosen: bool,
    limits: Vec<Limit>,
}

/// A box's limits on one parameter: (parameter, low, high, restricted, quasi-p low, high).
type Limit = (String, f64, f64, bool, Option<f64>, Option<f64>);

fn read_boxes(t: &Table) -> Result<Vec<PrimBox>, ReportError> {
    let c = |n: &str| t.col(n);
    let (bx, cov, den, mass, cho, par, lo, hi, res, ql, qh) = (
        c("box")?,
        c("coverage")?,
        c("density")?,
        c("mass")?,
        c("chosen")?,
        c("parameter")?,
        c("low")?,
        c("high")?,
        c("restricted")?,
        c("qp_low")?,
        c("qp_high")?,
    );
    let mut boxes: Vec<(u64, PrimBox)> = Vec::new();
    for row in 0..t.rows.len() {
        let b = t.u64(row, bx)?;
        if boxes.last().is_none_or(|x| x.0 != b) {
            boxes.push((
                b,
                PrimBox {
                    coverage: t.f64(row, cov)?,
                    density: t.f64(row, den)?,
                    mass: t.f64(row, mass)?,
                    chosen: t.bool(row, cho)?,
                    limits: Vec::new(),
                },
            ));
        }
        let limit = (
            t.str(row, par).to_string(),
            t.f64(row, lo)?,
            t.f64(row, hi)?,
            t.bool(row, res)?,
            t.opt_f64(row, ql)?,
            t.opt_f64(row, qh)?,
        );
        boxes.last_mut().expect("pushed above").1.limits.push(limit);
    }
    Ok(boxes.into_iter().map(|b| b.1).collect())
}

fn discovery_section(
    page: &mut Page,
    l: Lang,
    t: &Table,
    id: &dyn Fn(&str) -> String,
) -> Result<(), ReportError> {
    let boxes = read_boxes(t)?;
    page.heading(words::discovery_heading(l));
    let (Some(full), Some(k)) = (boxes.first(), boxes.iter().position(|b| b.chosen)) else {
        page.paragraph(words::no_box(l));
        return Ok(());
    };
    let chosen = &boxes[k];
    let trajectory = LineChart {
        id: id("prim-trajectory"),
        title: words::trajectory_title(l).into(),
        lang: l,
        x_desc: words::coverage_axis(l).into(),
        y_desc: words::density_axis(l).into(),
        x_range: 0.0..1.05,
        y_range: 0.0..1.05,
        lines: vec![Line {
            label: words::peeling_trajectory(l).into(),
            colour: GREEN,
            points: boxes.iter().map(|b| (b.coverage, b.density)).collect(),
        }],
        markers: vec![Markers {
            label: words::chosen_box(l).into(),
            colour: VERMILLION,
            points: vec![(
                chosen.coverage,
                chosen.density,
                words::box_label(l, k, chosen.coverage, chosen.density, chosen.mass),
            )],
        }],
        height: 460,
    };
    page.figure(&trajectory.draw()?, words::trajectory_note(l));
    let q = |x: Option<f64>| x.map_or("–".to_string(), |p| l.num(p, 3));
    let rows: Vec<RangeRow> = chosen
        .limits
        .iter()
        .zip(&full.limits)
        .filter(|(c, _)| c.3)
        .map(|(c, f)| RangeRow {
            label: c.0.clone(),
            detail: words::limits_detail(
                l,
                (&l.num(c.1, 4), &l.num(c.2, 4)),
                (&l.num(f.1, 4), &l.num(f.2, 4)),
                (&q(c.4), &q(c.5)),
            ),
            full: (f.1, f.2),
            range: (c.1, c.2),
        })
        .collect();
    if rows.is_empty() {
        page.paragraph(words::box_restricts_nothing(l));
        return Ok(());
    }
    let bars = RangeBars {
        id: id("prim-box"),
        title: words::box_limits_title(l, k),
        lang: l,
        x_desc: words::position_in_range_axis(l).into(),
        rows,
        full_label: words::sampled_range(l).into(),
        range_label: words::the_box(l).into(),
    };
    page.figure(&bars.draw()?, words::box_limits_note(l));
    Ok(())
}
