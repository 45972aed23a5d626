//! `polder report`: one self-contained HTML file with charts of a results directory.
//!
//! The report knows what it is drawing from the files present: `trace.toml` (written by `polder
//! trace --out`), `compare.csv` (`polder compare`), `robust.csv` (`polder robust`), `summary.csv`
//! (`polder sweep`) or, failing
//! those, `runs.csv` (`polder run`). `scenario.toml`, which `run`, `compare` and `trace` write
//! next to their results, gives the lower bounds and challenges drawn as bands. Charts are
//! drawn with plotters' SVG backend and embedded inline; the page needs no network.

mod batch;
pub mod chart;
mod compare;
pub mod files;
pub mod html;
pub mod read;
mod robust;
mod rounds;
mod sweep;
mod trace;
mod why;
mod words;

use std::collections::BTreeMap;
use std::path::Path;

use chart::{GREEN, GREY, Layer, ORANGE, SKY};

use crate::domain::{Domain, PerDomain};
use crate::error::InputError;
use crate::model::Ending;
use crate::participant::{Participation, PartyKind};
use crate::scenario::{Scenario, parse_scenario};
use crate::text::Lang;
use crate::trace::files::MANIFEST;

/// Why a report could not be made.
#[derive(Debug)]
pub enum ReportError {
    /// The directory or a file in it cannot be used (the user has to fix it): exit code 2.
    Input(InputError),
    /// Drawing failed.
    Chart(chart::ChartError),
}

impl std::fmt::Display for ReportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReportError::Input(e) => e.fmt(f),
            ReportError::Chart(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for ReportError {}

impl ReportError {
    /// Bad input whose message names its file, line or column in its own words.
    pub fn input(message: String) -> Self {
        ReportError::Input(InputError::new(message))
    }
}

impl From<chart::ChartError> for ReportError {
    fn from(e: chart::ChartError) -> Self {
        ReportError::Chart(e)
    }
}

/// What a results directory holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `polder trace --out`: one run, or two side by side.
    Trace,
    /// `polder run`: replicates of one policy.
    Run,
    /// `polder compare`: policies on the same replicates.
    Compare,
    /// `polder sweep`: summary.csv over design points.
    Sweep,
    /// `polder robust`: robust.csv, regret.csv and discovery.csv (beside the sweep's files).
    Robust,
}

impl Kind {
    pub const fn key(self) -> &'static str {
        match self {
            Kind::Trace => "trace",
            Kind::Run => "run",
            Kind::Compare => "compare",
            Kind::Sweep => "sweep",
            Kind::Robust => "robust",
        }
    }
}

/// A finished report.
#[derive(Debug, Clone)]
pub struct Report {
    pub kind: Kind,
    pub html: String,
    /// Number of charts (`<svg>` elements) in the page.
    pub charts: usize,
}

/// Which kind of results `dir` holds, by the files present.
pub fn detect(dir: &Path) -> Result<Kind, ReportError> {
    if !dir.exists() {
        return Err(ReportError::input(format!(
            "{} does not exist; give the directory that `polder run`, `compare`, `sweep`, `robust` or `trace --out` wrote",
            dir.display()
        )));
    }
    if !dir.is_dir() {
        return Err(ReportError::input(format!(
            "{} is not a directory; give the directory that `polder run`, `compare`, `sweep`, `robust` or `trace --out` wrote",
            dir.display()
        )));
    }
    let has = |f: &str| dir.join(f).is_file();
    let mut found = Vec::new();
    if has(MANIFEST) {
        found.push((Kind::Trace, MANIFEST));
        // a trace writes no runs.csv: one next to it comes from another command
        if has("runs.csv") {
            found.push((Kind::Run, "runs.csv"));
        }
    }
    if has("compare.csv") {
        found.push((Kind::Compare, "compare.csv"));
    }
    // a robustness analysis stands beside the sweep it analysed (or, with several base
    // scenarios, above their sweeps)
    if has("robust.csv") {
        found.push((Kind::Robust, "robust.csv"));
    } else if has("summary.csv") {
        found.push((Kind::Sweep, "summary.csv"));
    }
    match found.len() {
        0 if has("runs.csv") => Ok(Kind::Run),
        0 => Err(ReportError::input(format!(
            "{} holds no polder results: expected trace.toml (polder trace --out), compare.csv (polder compare), summary.csv (polder sweep), robust.csv (polder robust) or runs.csv (polder run)",
            dir.display()
        ))),
        1 => Ok(found[0].0),
        _ => Err(ReportError::input(format!(
            "{} holds the output of more than one command ({}); give each command its own --out directory",
            dir.display(),
            found.iter().map(|f| f.1).collect::<Vec<_>>().join(", ")
        ))),
    }
}

/// Build the report of `dir`. `lang` defaults to the trace's language, else English.
pub fn build(dir: &Path, lang: Option<Lang>) -> Result<Report, ReportError> {
    let kind = detect(dir)?;
    let html = match kind {
        Kind::Trace => trace::report(dir, lang)?,
        Kind::Run => batch::report(dir, lang.unwrap_or_default())?,
        Kind::Compare => compare::report(dir, lang.unwrap_or_default())?,
        Kind::Sweep => sweep::report(dir, lang.unwrap_or_default())?,
        Kind::Robust => robust::report(dir, lang.unwrap_or_default())?,
    };
    let charts = html.matches("<svg ").count();
    Ok(Report { kind, html, charts })
}

/// The scenario copy next to the results, if there is one.
fn read_scenario(dir: &Path) -> Result<Option<Scenario>, ReportError> {
    let path = dir.join(crate::output::scenario::SCENARIO);
    if !path.is_file() {
        return Ok(None);
    }
    let text = std::fs::read_to_string(&path)
        .map_err(|e| ReportError::input(format!("cannot read {}: {e}", path.display())))?;
    parse_scenario(&text, &path)
        .map(Some)
        .map_err(|e| ReportError::Input(e.into()))
}

fn bounds_of(s: &Option<Scenario>) -> Option<(PerDomain<f64>, PerDomain<f64>)> {
    s.as_ref()
        .map(|s| (s.domains.lower_bounds(), s.domains.challenges()))
}

fn bounds_note(lang: Lang, s: &Option<Scenario>) -> String {
    match s {
        Some(_) => words::bands_note(lang).to_string(),
        None => words::no_scenario_toml_note(lang).to_string(),
    }
}

fn round_axis(l: Lang) -> String {
    format!("{} ({})", l.round(), words::one_meeting_cycle(l))
}

fn domain_key(key: &str) -> Option<Domain> {
    Domain::ALL.iter().copied().find(|d| d.key() == key)
}

fn kind_key(key: &str) -> Option<PartyKind> {
    PartyKind::ALL.iter().copied().find(|k| k.key() == key)
}

fn participation_key(key: &str) -> Option<Participation> {
    [
        Participation::Dutiful,
        Participation::Engaged,
        Participation::CoOwner,
    ]
    .into_iter()
    .find(|p| p.key() == key)
}

/// `key=value` pairs of an events.csv detail.
fn detail(s: &str) -> BTreeMap<&str, &str> {
    s.split_whitespace()
        .filter_map(|kv| kv.split_once('='))
        .collect()
}

/// The stacked layers of a participation chart, from the bottom up: dutiful, engaged and
/// co-owners as shares of the original seats, then the seats no longer taken (parties that left
/// or were excluded). `points` are (round, [dutiful, engaged, co-owner, gone]).
fn participation_layers(l: Lang, points: &[(f64, [f64; 4])]) -> Vec<Layer> {
    let levels = [
        (l.participation(Participation::Dutiful), ORANGE),
        (l.participation(Participation::Engaged), SKY),
        (l.participation(Participation::CoOwner), GREEN),
        (words::seat_no_longer_taken(l), GREY),
    ];
    levels
        .iter()
        .enumerate()
        .map(|(k, &(label, c))| Layer {
            label: label.to_string(),
            colour: c,
            points: points.iter().map(|&(x, s)| (x, s[k])).collect(),
        })
        .collect()
}

/// Shares of the levels among the parties at the table (as the CSV files give them) turned into
/// shares of the `seats` the table started with, plus the share of seats no longer taken.
fn seat_shares(shares: [f64; 3], active: f64, seats: f64) -> [f64; 4] {
    if seats <= 0.0 {
        return [0.0; 4];
    }
    let at_table = (active / seats).clamp(0.0, 1.0);
    [
        shares[0] * at_table,
        shares[1] * at_table,
        shares[2] * at_table,
        1.0 - at_table,
    ]
}

fn participation_title(l: Lang) -> String {
    words::participation_spectrum(l).to_string()
}

fn ending_key(key: &str) -> Option<Ending> {
    [
        Ending::Ratified,
        Ending::Rejected,
        Ending::Deadline,
        Ending::Collapsed,
    ]
    .into_iter()
    .find(|e| e.key() == key)
}

/// Points of a step line: the value holds until the next round.
fn step_points(v: &[(u32, f64)]) -> Vec<(f64, f64)> {
    let mut out = Vec::with_capacity(2 * v.len());
    for (k, &(x, y)) in v.iter().enumerate() {
        if k > 0 {
            out.push((f64::from(x), v[k - 1].1));
        }
        out.push((f64::from(x), y));
    }
    out
}
