//! The report of `polder run`: replicates of one policy. Read runs.csv into [`Runs`] (key
//! numbers), aggregate rounds.csv over the runs (if it is there), then render.

use std::collections::BTreeMap;
use std::path::Path;

use super::chart::{
    BLUE, DomainLine, DomainPanels, Line, LineChart, Markers, ORANGE, PURPLE, StackedShares,
    VERMILLION, domain_colour,
};
use super::html::Page;
use super::read::Table;
use super::rounds::{self, Aggregate};
use super::words;
use super::{
    ReportError, bounds_note, bounds_of, ending_key, participation_layers, participation_title,
    read_scenario, round_axis,
};
use crate::domain::Domain;
use crate::scenario::Scenario;
use crate::summary::{MeanAcc, wilson95};
use crate::text::Lang;

/// runs.csv summed up.
struct Runs {
    scenario: String,
    seed: String,
    n: u64,
    dropout: MeanAcc,
    to_agreement: MeanAcc,
    agreed: u64,
    ratified: u64,
    inclusive: u64,
    /// Runs per ending.
    endings: BTreeMap<String, u64>,
    /// In order of appearance.
    policies: Vec<String>,
}

pub(super) fn report(dir: &Path, l: Lang) -> Result<String, ReportError> {
    let (runs, scenario) = read(dir)?;
    let mut page = header(l, &runs);
    key_numbers(&mut page, l, &runs);
    let rounds_path = dir.join("rounds.csv");
    if !rounds_path.is_file() {
        page.paragraph(words::no_rounds_csv_note(l));
        return Ok(page.finish(&dir.display().to_string()));
    }
    let agg = rounds::aggregate(&rounds_path)?;
    domains_section(&mut page, l, &agg, &scenario)?;
    parties_section(&mut page, l, &agg, &scenario)?;
    participation_section(&mut page, l, &agg)?;
    Ok(page.finish(&dir.display().to_string()))
}

/// A run that has ended keeps its last state: the note under every chart over time.
fn carry(l: Lang) -> &'static str {
    words::ended_runs_keep_state_note(l)
}

fn x_max(agg: &Aggregate) -> f64 {
    agg.rounds.last().copied().unwrap_or(1.0)
}

// ---------------------------------------------------------------------------------------------
// read

fn read(dir: &Path) -> Result<(Runs, Option<Scenario>), ReportError> {
    let runs = Table::read(&dir.join("runs.csv"))?;
    let scenario = read_scenario(dir)?;
    if runs.rows.is_empty() {
        return Err(ReportError::input(format!(
            "{} has no runs",
            runs.path.display()
        )));
    }
    let (c_scn, c_pol, c_seed, c_drop, c_agr, c_rat, c_round, c_end) = (
        runs.col("scenario")?,
        runs.col("policy")?,
        runs.col("seed")?,
        runs.col("dropout_rate")?,
        runs.col("agreement")?,
        runs.col("ratified")?,
        runs.col("agreement_round")?,
        runs.col("ending")?,
    );
    let c_inc = runs.col("inclusive")?;
    let mut r = Runs {
        scenario: runs.str(0, c_scn).to_string(),
        seed: runs.str(0, c_seed).to_string(),
        n: runs.rows.len() as u64,
        dropout: MeanAcc::default(),
        to_agreement: MeanAcc::default(),
        agreed: 0,
        ratified: 0,
        inclusive: 0,
        endings: BTreeMap::new(),
        policies: Vec::new(),
    };
    for row in 0..runs.rows.len() {
        r.dropout.push(runs.f64(row, c_drop)?);
        r.agreed += u64::from(runs.bool(row, c_agr)?);
        r.ratified += u64::from(runs.bool(row, c_rat)?);
        r.inclusive += u64::from(runs.bool(row, c_inc)?);
        if let Some(x) = runs.opt_f64(row, c_round)? {
            r.to_agreement.push(x);
        }
        *r.endings
            .entry(runs.str(row, c_end).to_string())
            .or_default() += 1;
        let p = runs.str(row, c_pol).to_string();
        if !r.policies.contains(&p) {
            r.policies.push(p);
        }
    }
    Ok((r, scenario))
}

// ---------------------------------------------------------------------------------------------
// render

fn header(l: Lang, r: &Runs) -> Page {
    let title = format!(
        "{} — {} {} {}",
        r.scenario,
        words::report_of(l),
        r.n,
        words::runs(l)
    );
    let subtitle = format!(
        "{} {}; {}.",
        words::seed(l),
        r.seed,
        r.policies
            .iter()
            .map(|p| l.policy(p))
            .collect::<Vec<_>>()
            .join(", ")
    );
    Page::new(l, &title, &subtitle)
}

fn key_numbers(page: &mut Page, l: Lang, r: &Runs) {
    let n = r.n;
    page.heading(words::key_numbers_heading(l));
    let pct = |x: f64| l.pct(x);
    let ci = |(lo, hi): (f64, f64)| format!("[{} – {}]", pct(lo.max(0.0)), pct(hi.min(1.0)));
    // a share of the runs with its Wilson interval
    let rate_row = |label: &str, k: u64| {
        vec![
            label.to_string(),
            pct(k as f64 / n as f64),
            ci(wilson95(k, n)),
        ]
    };
    let mut rows = vec![
        vec![
            words::dropout_rate_share_left(l).to_string(),
            pct(r.dropout.mean()),
            if n > 1 {
                ci(r.dropout.ci95())
            } else {
                String::new()
            },
        ],
        rate_row(words::agreement_at_the_table(l), r.agreed),
        rate_row(words::ratified_agreement(l), r.ratified),
        rate_row(words::inclusive_agreement(l), r.inclusive),
    ];
    if r.to_agreement.n > 0 {
        rows.push(vec![
            words::rounds_to_agreement_mean(l).to_string(),
            l.num(r.to_agreement.mean(), 1),
            if r.to_agreement.n > 1 {
                let (lo, hi) = r.to_agreement.ci95();
                format!("[{} – {}]", l.num(lo, 1), l.num(hi, 1))
            } else {
                String::new()
            },
        ]);
    }
    for (ending, count) in &r.endings {
        let shown = ending_key(ending).map_or(ending.as_str(), |e| l.ending_short(e));
        rows.push(vec![
            format!("{}: {shown}", words::runs_ending(l)),
            count.to_string(),
            pct(*count as f64 / n as f64),
        ]);
    }
    page.table(
        &[
            String::new(),
            words::estimate(l).into(),
            words::interval_95(l).into(),
        ],
        &rows,
    );
}

fn domains_section(
    page: &mut Page,
    l: Lang,
    agg: &Aggregate,
    scenario: &Option<Scenario>,
) -> Result<(), ReportError> {
    page.heading(words::four_domains_heading(l));
    let lines: Vec<DomainLine> = Domain::ALL
        .iter()
        .map(|&d| {
            let k = rounds::domain_index(d);
            DomainLine {
                label: l.domain(d).to_string(),
                colour: Some(domain_colour(d)),
                points: Domain::ALL.map(|e| if e == d { agg.points(k) } else { Vec::new() }),
                spread: Some(Domain::ALL.map(|e| {
                    if e == d {
                        agg.spread(k, 0.0, 1.0)
                    } else {
                        Vec::new()
                    }
                })),
                spread_label: words::shaded_one_sd(l).into(),
            }
        })
        .collect();
    let panels = DomainPanels {
        id: "domains".into(),
        title: format!(
            "{} {} {}",
            words::mean_certainty_over(l),
            agg.runs,
            words::runs(l)
        ),
        lang: l,
        x_max: x_max(agg),
        bounds: bounds_of(scenario),
        lines,
        context: Vec::new(),
        context_label: String::new(),
        events: Vec::new(),
    };
    page.figure(
        &panels.draw()?,
        &format!("{} {}", carry(l), bounds_note(l, scenario)),
    );
    Ok(())
}

/// With a single run, a marker per round in which parties left.
fn exit_markers(l: Lang, agg: &Aggregate) -> Vec<Markers> {
    if agg.runs != 1 {
        return Vec::new();
    }
    let pts: Vec<(f64, f64, String)> = agg
        .rounds
        .iter()
        .enumerate()
        .filter(|(k, _)| agg.exits[*k] > 0.0)
        .map(|(k, &x)| {
            (
                x,
                agg.mean[k][rounds::ACTIVE],
                format!("{} {}", agg.exits[k], words::left(l)),
            )
        })
        .collect();
    if pts.is_empty() {
        return Vec::new();
    }
    vec![Markers {
        label: words::exits(l).into(),
        colour: ORANGE,
        points: pts,
    }]
}

fn parties_section(
    page: &mut Page,
    l: Lang,
    agg: &Aggregate,
    scenario: &Option<Scenario>,
) -> Result<(), ReportError> {
    page.heading(words::parties_at_the_table(l));
    let count = scenario
        .as_ref()
        .map(|s| s.participants.count as f64)
        .unwrap_or_else(|| {
            agg.max(rounds::ACTIVE) + agg.max(rounds::EXITED) + agg.max(rounds::EXCLUDED)
        });
    let line = |label: &str, colour, k: usize| Line {
        label: label.into(),
        colour,
        points: agg.points(k),
    };
    let chart = LineChart {
        id: "parties".into(),
        title: words::parties_and_who_left(l).into(),
        lang: l,
        x_desc: round_axis(l),
        y_desc: words::parties_mean_count(l).into(),
        x_range: 0.0..x_max(agg),
        y_range: 0.0..(count + 1.0),
        lines: vec![
            line(words::at_the_table(l), BLUE, rounds::ACTIVE),
            line(words::left_so_far(l), VERMILLION, rounds::EXITED),
            line(words::excluded_so_far(l), PURPLE, rounds::EXCLUDED),
        ],
        markers: exit_markers(l, agg),
        height: 400,
    };
    page.figure(&chart.draw()?, carry(l));
    Ok(())
}

fn participation_section(page: &mut Page, l: Lang, agg: &Aggregate) -> Result<(), ReportError> {
    page.heading(&participation_title(l));
    let shares: Vec<(f64, [f64; 4])> = agg
        .rounds
        .iter()
        .enumerate()
        .map(|(k, &x)| {
            let m = &agg.mean[k];
            (
                x,
                [
                    m[rounds::SEAT_DUTIFUL],
                    m[rounds::SEAT_ENGAGED],
                    m[rounds::SEAT_CO_OWNER],
                    m[rounds::SEAT_GONE],
                ],
            )
        })
        .collect();
    let chart = StackedShares {
        id: "participation".into(),
        title: participation_title(l),
        lang: l,
        x_desc: round_axis(l),
        y_desc: words::mean_share_of_the_seats_pct(l).into(),
        x_max: x_max(agg),
        layers: participation_layers(l, &shares),
    };
    let note = format!("{} {}", words::participation_levels_note(l), carry(l));
    page.figure(&chart.draw()?, &note);
    Ok(())
}
