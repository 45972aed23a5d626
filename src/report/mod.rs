//! `polder report`: one self-contained HTML file with charts of a results directory.
//!
//! The report knows what it is drawing from the files present: `trace.toml` (written by `polder
//! trace --out`), `compare.csv` (`polder compare`), `summary.csv` (`polder sweep`) or, failing
//! those, `runs.csv` (`polder run`). `scenario.toml`, which `run`, `compare` and `trace` write
//! next to their results, gives the lower bounds and challenges drawn as bands. Charts are
//! drawn with plotters' SVG backend and embedded inline; the page needs no network.

pub mod chart;
pub mod files;
pub mod html;
pub mod read;
mod rounds;
mod sweep;

use std::collections::BTreeMap;
use std::path::Path;

use chart::{
    BLUE, CiChart, CiSeries, DomainLine, DomainPanels, GREEN, Layer, Line, LineChart, Markers,
    ORANGE, PURPLE, SKY, StackedShares, VERMILLION, XAxis, YFormat, domain_colour,
};
use html::Page;
use read::Table;

use crate::domain::{Domain, PerDomain};
use crate::error::InputError;
use crate::participant::{Participation, PartyKind};
use crate::scenario::{Scenario, parse_scenario};
use crate::summary::{MeanAcc, wilson95};
use crate::trace::Lang;
use crate::trace::files::{EVENTS, MANIFEST, Manifest, PARTICIPANTS, STORY};
use crate::trace::labels::party_name;

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
}

impl Kind {
    pub const fn key(self) -> &'static str {
        match self {
            Kind::Trace => "trace",
            Kind::Run => "run",
            Kind::Compare => "compare",
            Kind::Sweep => "sweep",
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
            "{} does not exist; give the directory that `polder run`, `compare`, `sweep` or `trace --out` wrote",
            dir.display()
        )));
    }
    if !dir.is_dir() {
        return Err(ReportError::input(format!(
            "{} is not a directory; give the directory that `polder run`, `compare`, `sweep` or `trace --out` wrote",
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
    if has("summary.csv") {
        found.push((Kind::Sweep, "summary.csv"));
    }
    match found.len() {
        0 if has("runs.csv") => Ok(Kind::Run),
        0 => Err(ReportError::input(format!(
            "{} holds no polder results: expected trace.toml (polder trace --out), compare.csv (polder compare), summary.csv (polder sweep) or runs.csv (polder run)",
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
        Kind::Trace => trace_report(dir, lang)?,
        Kind::Run => run_report(dir, lang.unwrap_or_default())?,
        Kind::Compare => compare_report(dir, lang.unwrap_or_default())?,
        Kind::Sweep => sweep::report(dir, lang.unwrap_or_default())?,
    };
    let charts = html.matches("<svg ").count();
    Ok(Report { kind, html, charts })
}

/// The scenario copy next to the results, if there is one.
fn read_scenario(dir: &Path) -> Result<Option<Scenario>, ReportError> {
    let path = dir.join(files::SCENARIO);
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
        Some(_) => lang
            .pick(
                "Grey band: under the domain's lower bound (ondergrens), where the urge to leave is strong; yellow band: above its challenge (uitdaging), where partners act as co-owners. Bounds from the scenario (scenario.toml).",
                "Grijze band: onder de ondergrens van het domein, waar de neiging om uit te stappen groot is; gele band: boven de uitdaging, waar partners zich als mede-eigenaren gedragen. Grenzen uit het scenario (scenario.toml).",
            )
            .to_string(),
        None => lang
            .pick(
                "No scenario.toml next to these results, so the lower bounds and challenges are not drawn (results of an older polder).",
                "Geen scenario.toml bij deze resultaten, dus ondergrens en uitdaging zijn niet getekend (resultaten van een oudere polder).",
            )
            .to_string(),
    }
}

fn round_axis(l: Lang) -> String {
    format!(
        "{} ({})",
        l.round(),
        l.pick("one meeting cycle", "één overlegcyclus")
    )
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

fn participation_layers(l: Lang, points: &[(f64, [f64; 3])]) -> Vec<Layer> {
    let levels = [
        (Participation::Dutiful, ORANGE),
        (Participation::Engaged, SKY),
        (Participation::CoOwner, GREEN),
    ];
    levels
        .iter()
        .enumerate()
        .map(|(k, &(p, c))| Layer {
            label: l.participation(p).to_string(),
            colour: c,
            points: points.iter().map(|&(x, s)| (x, s[k])).collect(),
        })
        .collect()
}

fn participation_title(l: Lang) -> String {
    l.pick(
        "Participation spectrum: from dutiful participation to co-ownership",
        "Deelnamespectrum: van plichtmatige deelname naar mede-eigenaarschap",
    )
    .to_string()
}

// ---------------------------------------------------------------------------------------------
// polder trace --out

/// One traced run read back.
struct TraceRun {
    policy: String,
    ending: Option<String>,
    /// (round, active, certainty per domain, shares dutiful/engaged/co-owner), from round 0.
    rounds: Vec<(u32, usize, PerDomain<f64>, [f64; 3])>,
    /// Per party, per domain, (round, certainty) while at the table (and the round it left).
    individuals: Vec<PerDomain<Vec<(f64, f64)>>>,
    /// (round, event, participant, detail)
    events: Vec<(u32, String, Option<usize>, String)>,
}

fn trace_report(dir: &Path, lang: Option<Lang>) -> Result<String, ReportError> {
    let path = dir.join(MANIFEST);
    let text = std::fs::read_to_string(&path)
        .map_err(|e| ReportError::input(format!("cannot read {}: {e}", path.display())))?;
    let manifest: Manifest = toml::from_str(&text).map_err(|e| {
        ReportError::input(format!(
            "{} is not a polder trace manifest: {}",
            path.display(),
            e.message()
        ))
    })?;
    if manifest.kind != "trace" || manifest.policies.is_empty() || manifest.policies.len() > 2 {
        return Err(ReportError::input(format!(
            "{}: expected kind = \"trace\" and one or two policies",
            path.display()
        )));
    }
    let l = lang.unwrap_or(manifest.lang);
    let scenario = read_scenario(dir)?;
    let n_runs = manifest.policies.len();

    let participants = Table::read(&dir.join(PARTICIPANTS))?;
    let rounds_csv = Table::read(&dir.join("rounds.csv"))?;
    let events_csv = Table::read(&dir.join(EVENTS))?;

    // who is who, from round 0 of run 0
    let (p_run, p_round, p_who, p_kind, p_number, p_presence) = (
        participants.col("run_id")?,
        participants.col("round")?,
        participants.col("participant")?,
        participants.col("kind")?,
        participants.col("number")?,
        participants.col("presence")?,
    );
    let p_dom: Vec<usize> = Domain::ALL
        .iter()
        .map(|d| participants.col(d.key()))
        .collect::<Result<_, _>>()?;
    let p_level = participants.col("participation")?;
    let mut names: Vec<String> = Vec::new();
    let mut runs: Vec<TraceRun> = (0..n_runs)
        .map(|k| TraceRun {
            policy: manifest.policies[k].clone(),
            ending: manifest.endings.get(k).cloned(),
            rounds: Vec::new(),
            individuals: Vec::new(),
            events: Vec::new(),
        })
        .collect();
    // round 0 group state and individual lines
    let mut start: Vec<(usize, PerDomain<f64>, [f64; 3])> = vec![(0, [0.0; 4], [0.0; 3]); n_runs];
    let mut ended: Vec<Vec<bool>> = vec![Vec::new(); n_runs];
    for row in 0..participants.rows.len() {
        let run = participants.u64(row, p_run)? as usize;
        if run >= n_runs {
            return Err(ReportError::input(format!(
                "{}, line {}: run_id {run}, but trace.toml lists {n_runs} policies",
                participants.path.display(),
                row + 2
            )));
        }
        let round = participants.u64(row, p_round)? as u32;
        let who = participants.u64(row, p_who)? as usize;
        let presence = participants.str(row, p_presence);
        let mut c = [0.0; 4];
        for (k, &col) in p_dom.iter().enumerate() {
            c[k] = participants.f64(row, col)?;
        }
        if run == 0 && round == 0 {
            let kind = kind_key(participants.str(row, p_kind)).ok_or_else(|| {
                ReportError::input(format!(
                    "{}, line {}: unknown party kind `{}`",
                    participants.path.display(),
                    row + 2,
                    participants.str(row, p_kind)
                ))
            })?;
            let number = participants.u64(row, p_number)? as usize;
            if who != names.len() {
                return Err(ReportError::input(format!(
                    "{}, line {}: participants of round 0 must be listed in order",
                    participants.path.display(),
                    row + 2
                )));
            }
            names.push(party_name(l, kind, number));
        }
        let tr = &mut runs[run];
        if tr.individuals.len() <= who {
            tr.individuals.resize(who + 1, Default::default());
            ended[run].resize(who + 1, false);
        }
        // a party's line runs while it is at the table and ends in the round it left
        if !ended[run][who] {
            for (d, &v) in c.iter().enumerate() {
                tr.individuals[who][d].push((f64::from(round), v));
            }
            ended[run][who] = presence != "active";
        }
        if round == 0 && presence == "active" {
            let s = &mut start[run];
            s.0 += 1;
            for (total, v) in s.1.iter_mut().zip(c) {
                *total += v;
            }
            if let Some(p) = participation_key(participants.str(row, p_level)) {
                s.2[p as usize] += 1.0;
            }
        }
    }
    for (run, s) in start.iter().enumerate() {
        let n = s.0.max(1) as f64;
        runs[run]
            .rounds
            .push((0, s.0, s.1.map(|v| v / n), s.2.map(|v| v / n)));
    }

    let (r_run, r_round, r_active) = (
        rounds_csv.col("run_id")?,
        rounds_csv.col("round")?,
        rounds_csv.col("active")?,
    );
    let r_dom: Vec<usize> = Domain::ALL
        .iter()
        .map(|d| rounds_csv.col(&format!("mean_{}", d.key())))
        .collect::<Result<_, _>>()?;
    let r_share: Vec<usize> = ["share_dutiful", "share_engaged", "share_co_owner"]
        .iter()
        .map(|c| rounds_csv.col(c))
        .collect::<Result<_, _>>()?;
    for row in 0..rounds_csv.rows.len() {
        let run = rounds_csv.u64(row, r_run)? as usize;
        if run >= n_runs {
            return Err(ReportError::input(format!(
                "{}, line {}: run_id {run}, but trace.toml lists {n_runs} policies",
                rounds_csv.path.display(),
                row + 2
            )));
        }
        let mut c = [0.0; 4];
        for (k, &col) in r_dom.iter().enumerate() {
            c[k] = rounds_csv.f64(row, col)?;
        }
        let mut sh = [0.0; 3];
        for (k, &col) in r_share.iter().enumerate() {
            sh[k] = rounds_csv.f64(row, col)?;
        }
        runs[run].rounds.push((
            rounds_csv.u64(row, r_round)? as u32,
            rounds_csv.u64(row, r_active)? as usize,
            c,
            sh,
        ));
    }

    let (e_run, e_round, e_event, e_who, e_detail) = (
        events_csv.col("run_id")?,
        events_csv.col("round")?,
        events_csv.col("event")?,
        events_csv.col("participant")?,
        events_csv.col("detail")?,
    );
    for row in 0..events_csv.rows.len() {
        let run = events_csv.u64(row, e_run)? as usize;
        if run >= n_runs {
            return Err(ReportError::input(format!(
                "{}, line {}: run_id {run}, but trace.toml lists {n_runs} policies",
                events_csv.path.display(),
                row + 2
            )));
        }
        let who = match events_csv.str(row, e_who) {
            "" => None,
            _ => {
                let w = events_csv.u64(row, e_who)? as usize;
                if w >= names.len() {
                    return Err(ReportError::input(format!(
                        "{}, line {}: participant {w} is not in {}",
                        events_csv.path.display(),
                        row + 2,
                        PARTICIPANTS
                    )));
                }
                Some(w)
            }
        };
        runs[run].events.push((
            events_csv.u64(row, e_round)? as u32,
            events_csv.str(row, e_event).to_string(),
            who,
            events_csv.str(row, e_detail).to_string(),
        ));
    }

    let versus = n_runs == 2;
    let tag = |k: usize| {
        if versus {
            format!("{} {}", ["A", "B"][k], runs[k].policy)
        } else {
            runs[k].policy.clone()
        }
    };
    let title = format!(
        "{} — {}",
        manifest.scenario,
        if versus {
            l.pick(
                "two process managers side by side",
                "twee procesmanagers naast elkaar",
            )
        } else {
            l.pick(
                "one process, round by round",
                "één proces, ronde voor ronde",
            )
        }
    );
    let subtitle = format!(
        "{} {}, {} {}; {}. {} {}.",
        l.pick("Seed", "Seed"),
        manifest.seed,
        l.pick("run", "run"),
        manifest.run,
        if versus {
            format!(
                "A = {}, B = {}",
                l.policy(&runs[0].policy),
                l.policy(&runs[1].policy)
            )
        } else {
            l.policy(&runs[0].policy)
        },
        l.pick("Scenario file", "Scenariobestand"),
        manifest.scenario_file
    );
    let mut page = Page::new(l, &title, &subtitle);
    if versus {
        page.paragraph(l.pick(
            "The same parties with the same luck (common random numbers): the two runs differ only by what the process managers do.",
            "Dezelfde partijen met hetzelfde geluk (common random numbers): de twee runs verschillen alleen in wat de procesmanagers doen.",
        ));
    }

    // key numbers
    page.heading(l.pick("How it ended", "Hoe het afliep"));
    let mut headers = vec![String::new()];
    headers.extend((0..n_runs).map(tag));
    let ending_text = |e: &Option<String>| -> String {
        let e = e.as_deref().unwrap_or("");
        let ending = [
            crate::model::Ending::Ratified,
            crate::model::Ending::Rejected,
            crate::model::Ending::Deadline,
            crate::model::Ending::Collapsed,
        ]
        .into_iter()
        .find(|x| x.key() == e);
        ending.map_or_else(|| e.to_string(), |x| l.ending(x).to_string())
    };
    let count = |tr: &TraceRun, ev: &str| tr.events.iter().filter(|e| e.1 == ev).count();
    let mut rows: Vec<Vec<String>> = Vec::new();
    rows.push(
        std::iter::once(l.pick("ending", "afloop").to_string())
            .chain(runs.iter().map(|r| ending_text(&r.ending)))
            .collect(),
    );
    rows.push(
        std::iter::once(l.pick("rounds played", "rondes gespeeld").to_string())
            .chain(
                runs.iter()
                    .map(|r| r.rounds.last().map_or(0, |x| x.0).to_string()),
            )
            .collect(),
    );
    rows.push(
        std::iter::once(l.pick("left the table", "uitgestapt").to_string())
            .chain(
                runs.iter()
                    .map(|r| format!("{} / {}", count(r, "exit"), names.len())),
            )
            .collect(),
    );
    rows.push(
        std::iter::once(
            l.pick("excluded saboteurs", "uitgesloten saboteurs")
                .to_string(),
        )
        .chain(runs.iter().map(|r| count(r, "excluded").to_string()))
        .collect(),
    );
    rows.push(
        std::iter::once(
            l.pick(
                "manager's interventions",
                "interventies van de procesmanager",
            )
            .to_string(),
        )
        .chain(runs.iter().map(|r| count(r, "intervention").to_string()))
        .collect(),
    );
    for d in Domain::ALL {
        rows.push(
            std::iter::once(format!(
                "{} {}",
                l.domain(d),
                l.pick("at the end", "aan het eind")
            ))
            .chain(runs.iter().map(|r| {
                r.rounds
                    .last()
                    .map_or(String::new(), |x| l.num(x.2[d.index()], 2))
            }))
            .collect(),
        );
    }
    page.table(&headers, &rows);

    let x_max = runs
        .iter()
        .filter_map(|r| r.rounds.last().map(|x| f64::from(x.0)))
        .fold(1.0, f64::max);
    let bounds = bounds_of(&scenario);

    // the four domains
    page.heading(l.pick(
        "The four domains of process trust",
        "De vier domeinen van procesvertrouwen",
    ));
    let lines: Vec<DomainLine> = if versus {
        runs.iter()
            .enumerate()
            .map(|(k, r)| DomainLine {
                label: tag(k),
                colour: Some([BLUE, VERMILLION][k]),
                points: Domain::ALL.map(|d| {
                    r.rounds
                        .iter()
                        .map(|x| (f64::from(x.0), x.2[d.index()]))
                        .collect()
                }),
                spread: None,
                spread_label: String::new(),
            })
            .collect()
    } else {
        Domain::ALL
            .iter()
            .map(|&d| DomainLine {
                label: format!(
                    "{} ({})",
                    l.domain_short(d),
                    l.pick("group mean", "groepsgemiddelde")
                ),
                colour: Some(domain_colour(d)),
                points: Domain::ALL.map(|e| {
                    if e == d {
                        runs[0]
                            .rounds
                            .iter()
                            .map(|x| (f64::from(x.0), x.2[d.index()]))
                            .collect()
                    } else {
                        Vec::new()
                    }
                }),
                spread: None,
                spread_label: String::new(),
            })
            .collect()
    };
    let panels = DomainPanels {
        id: "domains".into(),
        title: if versus {
            l.pick(
                "Mean certainty of the group per domain, both runs on shared axes",
                "Gemiddelde zekerheid van de groep per domein, beide runs op dezelfde assen",
            )
            .to_string()
        } else {
            l.pick(
                "Certainty per domain: the group and each party",
                "Zekerheid per domein: de groep en elke partij",
            )
            .to_string()
        },
        lang: l,
        x_max,
        bounds,
        lines,
        context: if versus {
            Vec::new()
        } else {
            runs[0].individuals.clone()
        },
        context_label: l
            .pick("each party at the table", "elke partij aan tafel")
            .into(),
    };
    page.figure(
        &panels.draw()?,
        &format!(
            "{} {}",
            if versus {
                l.pick(
                    "The two runs are identical until the managers act differently.",
                    "De twee runs zijn gelijk tot de procesmanagers verschillend handelen.",
                )
            } else {
                l.pick(
                    "Thick line: the mean of the parties at the table; thin grey lines: each party, ending where it left.",
                    "Dikke lijn: het gemiddelde van de partijen aan tafel; dunne grijze lijnen: elke partij, tot waar die uitstapte.",
                )
            },
            bounds_note(l, &scenario)
        ),
    );

    // parties at the table
    page.heading(l.pick("Parties at the table", "Partijen aan tafel"));
    let mut chart_lines = Vec::new();
    let mut markers = Vec::new();
    for (k, r) in runs.iter().enumerate() {
        let colour = [BLUE, VERMILLION][k];
        chart_lines.push(Line {
            label: format!("{} ({})", l.pick("at the table", "aan tafel"), tag(k)),
            colour,
            points: step_points(
                &r.rounds
                    .iter()
                    .map(|x| (x.0, x.1 as f64))
                    .collect::<Vec<_>>(),
            ),
        });
        for (ev, label, colour) in [
            ("exit", l.pick("left", "uitgestapt"), [ORANGE, PURPLE][k]),
            (
                "excluded",
                l.pick("excluded", "uitgesloten"),
                [GREEN, SKY][k],
            ),
        ] {
            let mut by_round: BTreeMap<u32, Vec<String>> = BTreeMap::new();
            for (round, e, who, _) in &r.events {
                if e == ev
                    && let Some(w) = who
                {
                    by_round.entry(*round).or_default().push(names[*w].clone());
                }
            }
            if by_round.is_empty() {
                continue;
            }
            let active_at = |round: u32| {
                r.rounds
                    .iter()
                    .find(|x| x.0 == round)
                    .map_or(0.0, |x| x.1 as f64)
            };
            markers.push(Markers {
                label: if versus {
                    format!("{label} ({})", tag(k))
                } else {
                    label.to_string()
                },
                colour,
                points: by_round
                    .into_iter()
                    .map(|(round, who)| (f64::from(round), active_at(round), who.join(", ")))
                    .collect(),
            });
        }
    }
    let n = names.len() as f64;
    let parties = LineChart {
        id: "parties".into(),
        title: l
            .pick(
                "Parties at the table, with every exit named",
                "Partijen aan tafel, met elke uitstapper bij naam",
            )
            .into(),
        lang: l,
        x_desc: round_axis(l),
        y_desc: l
            .pick(
                "parties at the table (count)",
                "partijen aan tafel (aantal)",
            )
            .into(),
        x_range: 0.0..x_max,
        y_range: 0.0..(n + 1.0),
        lines: chart_lines,
        markers,
        height: 420,
    };
    page.figure(
        &parties.draw()?,
        l.pick(
            "A marker stands where parties left (or a saboteur was excluded), with their names; each exit also shakes the social certainty of those who stay.",
            "Een markering staat waar partijen uitstapten (of een saboteur werd uitgesloten), met hun namen; elk vertrek schudt ook de sociale zekerheid van wie blijft.",
        ),
    );

    // participation
    page.heading(&participation_title(l));
    for (k, r) in runs.iter().enumerate() {
        let chart = StackedShares {
            id: format!("participation-{k}"),
            title: if versus {
                format!("{} — {}", participation_title(l), tag(k))
            } else {
                participation_title(l)
            },
            lang: l,
            x_desc: round_axis(l),
            y_desc: l
                .pick(
                    "share of the parties at the table (%)",
                    "aandeel van de partijen aan tafel (%)",
                )
                .into(),
            x_max,
            layers: participation_layers(
                l,
                &r.rounds
                    .iter()
                    .map(|x| (f64::from(x.0), x.3))
                    .collect::<Vec<_>>(),
            ),
        };
        page.figure(
            &chart.draw()?,
            l.pick(
                "Dutiful (plichtmatig), engaged (betrokken) and co-owners (mede-eigenaren) among the parties at the table.",
                "Plichtmatig, betrokken en mede-eigenaar onder de partijen aan tafel.",
            ),
        );
    }

    // key moments
    page.heading(l.pick("Key moments", "Sleutelmomenten"));
    let mut moments: Vec<Vec<String>> = Vec::new();
    for (k, r) in runs.iter().enumerate() {
        let mut ratification: BTreeMap<u32, (usize, usize)> = BTreeMap::new();
        for (round, e, who, det) in &r.events {
            let d = detail(det);
            let name = who.map(|w| names[w].clone()).unwrap_or_default();
            let text = match e.as_str() {
                "exit" => format!(
                    "{name} {} ({}: {})",
                    l.pick("leaves the table", "stapt uit"),
                    l.pick("weakest", "zwakst"),
                    d.get("weakest")
                        .and_then(|k| domain_key(k))
                        .map_or("?", |d| l.domain(d))
                ),
                "saboteur_revealed" => {
                    format!(
                        "{name} {}",
                        l.pick("shows itself as a saboteur", "laat zich zien als saboteur")
                    )
                }
                "free_rider_detected" => {
                    format!(
                        "{name} {}",
                        l.pick(
                            "is noticed as a free-rider",
                            "wordt opgemerkt als free-rider"
                        )
                    )
                }
                "excluded" => format!(
                    "{name} {}",
                    l.pick("is excluded by the table", "wordt uitgesloten")
                ),
                "withdrawal" => format!(
                    "{name} {}",
                    l.pick(
                        "withdraws its yes (spijtoptant)",
                        "trekt zijn ja-stem in (spijtoptant)"
                    )
                ),
                "agreement_unravelled" => l
                    .pick("the decision unravels", "het besluit valt uit elkaar")
                    .into(),
                "vote" => format!(
                    "{} {}: {} {} {} — {}",
                    if d.get("final") == Some(&"true") {
                        l.pick("final vote", "eindstemming")
                    } else {
                        l.pick("interim vote on", "tussenstemming over")
                    },
                    d.get("phase").copied().unwrap_or(""),
                    d.get("yes").copied().unwrap_or("?"),
                    l.pick("of", "van de"),
                    d.get("voters").copied().unwrap_or("?"),
                    if d.get("passed") == Some(&"true") {
                        l.pick("passed", "aangenomen")
                    } else {
                        l.pick("not passed", "verworpen")
                    }
                ),
                "ratification" => {
                    let e = ratification.entry(*round).or_default();
                    e.0 += usize::from(d.get("carried") == Some(&"true"));
                    e.1 += 1;
                    continue;
                }
                "collapsed" => l
                    .pick("the process collapses", "het proces loopt vast")
                    .into(),
                "deadline_reached" => l
                    .pick("the deadline passes", "de deadline verstrijkt")
                    .into(),
                _ => continue,
            };
            moments.push(vec![tag(k), round.to_string(), text]);
        }
        for (round, (carried, of)) in ratification {
            moments.push(vec![
                tag(k),
                round.to_string(),
                format!(
                    "{}: {carried} {} {of}",
                    l.pick(
                        "constituencies (achterbannen) carrying the agreement",
                        "achterbannen die het akkoord dragen"
                    ),
                    l.pick("of", "van de")
                ),
            ]);
        }
    }
    moments.sort_by_key(|m| (m[1].parse::<u32>().unwrap_or(0), m[0].clone()));
    let mut headers = vec![
        l.pick("run", "run").to_string(),
        capital(l.round()),
        l.pick("what happened", "wat er gebeurde").to_string(),
    ];
    if !versus {
        headers.remove(0);
        for m in &mut moments {
            m.remove(0);
        }
    }
    page.table(&headers, &moments);

    if let Ok(story) = std::fs::read_to_string(dir.join(STORY)) {
        page.details(
            l.pick("The story, round by round", "Het verhaal, ronde voor ronde"),
            &story,
            false,
        );
    }
    Ok(page.finish(&dir.display().to_string()))
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

fn capital(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

// ---------------------------------------------------------------------------------------------
// polder run

fn run_report(dir: &Path, l: Lang) -> Result<String, ReportError> {
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
    let n = runs.rows.len() as u64;
    let mut dropout = MeanAcc::default();
    let mut to_agreement = MeanAcc::default();
    let (mut agreed, mut ratified, mut inclusive) = (0u64, 0u64, 0u64);
    let mut endings: BTreeMap<String, u64> = BTreeMap::new();
    let mut policies: Vec<String> = Vec::new();
    for row in 0..runs.rows.len() {
        dropout.push(runs.f64(row, c_drop)?);
        agreed += u64::from(runs.bool(row, c_agr)?);
        ratified += u64::from(runs.bool(row, c_rat)?);
        inclusive += u64::from(runs.bool(row, c_inc)?);
        if let Some(r) = runs.opt_f64(row, c_round)? {
            to_agreement.push(r);
        }
        *endings.entry(runs.str(row, c_end).to_string()).or_default() += 1;
        let p = runs.str(row, c_pol).to_string();
        if !policies.contains(&p) {
            policies.push(p);
        }
    }
    let scenario_name = runs.str(0, c_scn).to_string();
    let title = format!(
        "{scenario_name} — {} {n} {}",
        l.pick("report of", "verslag van"),
        l.pick("runs", "runs")
    );
    let subtitle = format!(
        "{} {}; {}.",
        l.pick("Seed", "Seed"),
        runs.str(0, c_seed),
        policies
            .iter()
            .map(|p| l.policy(p))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let mut page = Page::new(l, &title, &subtitle);
    page.heading(l.pick("Key numbers", "Kerncijfers"));
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
            l.pick(
                "dropout rate (share of parties that left)",
                "uitval (aandeel partijen dat uitstapte)",
            )
            .to_string(),
            pct(dropout.mean()),
            if n > 1 {
                ci(dropout.ci95())
            } else {
                String::new()
            },
        ],
        rate_row(l.pick("agreement at the table", "overeenstemming aan tafel"), agreed),
        rate_row(
            l.pick(
                "agreement carried by the constituencies (ratified)",
                "akkoord gedragen door de achterbannen (bekrachtigd)",
            ),
            ratified,
        ),
        rate_row(
            l.pick(
                "inclusive agreement (ratified, essential parties and enough of the table still there)",
                "inclusief akkoord (bekrachtigd, met de onmisbare partijen en genoeg van de tafel nog aan boord)",
            ),
            inclusive,
        ),
    ];
    if to_agreement.n > 0 {
        rows.push(vec![
            l.pick(
                "rounds to agreement (mean)",
                "rondes tot overeenstemming (gemiddeld)",
            )
            .to_string(),
            l.num(to_agreement.mean(), 1),
            if to_agreement.n > 1 {
                let (lo, hi) = to_agreement.ci95();
                format!("[{} – {}]", l.num(lo, 1), l.num(hi, 1))
            } else {
                String::new()
            },
        ]);
    }
    for (ending, count) in &endings {
        let shown = [
            crate::model::Ending::Ratified,
            crate::model::Ending::Rejected,
            crate::model::Ending::Deadline,
            crate::model::Ending::Collapsed,
        ]
        .into_iter()
        .find(|e| e.key() == ending)
        .map_or(ending.as_str(), |e| l.ending_short(e));
        rows.push(vec![
            format!("{}: {shown}", l.pick("runs ending", "runs met afloop")),
            count.to_string(),
            pct(*count as f64 / n as f64),
        ]);
    }
    page.table(
        &[
            String::new(),
            l.pick("estimate", "schatting").into(),
            l.pick("95% interval", "95%-interval").into(),
        ],
        &rows,
    );

    let rounds_path = dir.join("rounds.csv");
    if !rounds_path.is_file() {
        page.paragraph(l.pick(
            "No rounds.csv (the runs were made with --no-rounds): the charts over time need it.",
            "Geen rounds.csv (de runs zijn gemaakt met --no-rounds): de grafieken door de tijd hebben die nodig.",
        ));
        return Ok(page.finish(&dir.display().to_string()));
    }
    let agg = rounds::aggregate(&rounds_path)?;
    let x_max = agg.rounds.last().copied().unwrap_or(1.0);
    let carry = l.pick(
        "A run that has ended keeps its last state, so every round averages over all runs.",
        "Een run die is afgelopen houdt zijn laatste toestand, zodat elke ronde over alle runs middelt.",
    );

    page.heading(l.pick(
        "The four domains of process trust",
        "De vier domeinen van procesvertrouwen",
    ));
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
                spread_label: l
                    .pick(
                        "shaded: ± 1 SD across runs",
                        "gearceerd: ± 1 sd over de runs",
                    )
                    .into(),
            }
        })
        .collect();
    let panels = DomainPanels {
        id: "domains".into(),
        title: format!(
            "{} {} {}",
            l.pick(
                "Mean certainty per domain over",
                "Gemiddelde zekerheid per domein over"
            ),
            agg.runs,
            l.pick("runs", "runs")
        ),
        lang: l,
        x_max,
        bounds: bounds_of(&scenario),
        lines,
        context: Vec::new(),
        context_label: String::new(),
    };
    page.figure(
        &panels.draw()?,
        &format!("{carry} {}", bounds_note(l, &scenario)),
    );

    page.heading(l.pick("Parties at the table", "Partijen aan tafel"));
    let count = scenario
        .as_ref()
        .map(|s| s.participants.count as f64)
        .unwrap_or_else(|| {
            agg.max(rounds::ACTIVE) + agg.max(rounds::EXITED) + agg.max(rounds::EXCLUDED)
        });
    let mut markers = Vec::new();
    if agg.runs == 1 {
        let pts: Vec<(f64, f64, String)> = agg
            .rounds
            .iter()
            .enumerate()
            .filter(|(k, _)| agg.exits[*k] > 0.0)
            .map(|(k, &x)| {
                (
                    x,
                    agg.mean[k][rounds::ACTIVE],
                    format!("{} {}", agg.exits[k], l.pick("left", "uitgestapt")),
                )
            })
            .collect();
        if !pts.is_empty() {
            markers.push(Markers {
                label: l.pick("exits", "uitstappers").into(),
                colour: ORANGE,
                points: pts,
            });
        }
    }
    let chart = LineChart {
        id: "parties".into(),
        title: l
            .pick(
                "Parties at the table, and who left",
                "Partijen aan tafel, en wie vertrok",
            )
            .into(),
        lang: l,
        x_desc: round_axis(l),
        y_desc: l
            .pick("parties (mean count)", "partijen (gemiddeld aantal)")
            .into(),
        x_range: 0.0..x_max,
        y_range: 0.0..(count + 1.0),
        lines: vec![
            Line {
                label: l.pick("at the table", "aan tafel").into(),
                colour: BLUE,
                points: agg.points(rounds::ACTIVE),
            },
            Line {
                label: l
                    .pick("left so far (exits)", "tot nu toe uitgestapt")
                    .into(),
                colour: VERMILLION,
                points: agg.points(rounds::EXITED),
            },
            Line {
                label: l
                    .pick(
                        "excluded so far (saboteurs)",
                        "tot nu toe uitgesloten (saboteurs)",
                    )
                    .into(),
                colour: PURPLE,
                points: agg.points(rounds::EXCLUDED),
            },
        ],
        markers,
        height: 400,
    };
    page.figure(&chart.draw()?, carry);

    page.heading(&participation_title(l));
    let shares: Vec<(f64, [f64; 3])> = agg
        .rounds
        .iter()
        .enumerate()
        .map(|(k, &x)| {
            (
                x,
                [
                    agg.mean[k][rounds::DUTIFUL],
                    agg.mean[k][rounds::ENGAGED],
                    agg.mean[k][rounds::CO_OWNER],
                ],
            )
        })
        .collect();
    let chart = StackedShares {
        id: "participation".into(),
        title: participation_title(l),
        lang: l,
        x_desc: round_axis(l),
        y_desc: l
            .pick(
                "mean share of the parties at the table (%)",
                "gemiddeld aandeel van de partijen aan tafel (%)",
            )
            .into(),
        x_max,
        layers: participation_layers(l, &shares),
    };
    page.figure(&chart.draw()?, carry);
    Ok(page.finish(&dir.display().to_string()))
}

// ---------------------------------------------------------------------------------------------
// polder compare

fn compare_report(dir: &Path, l: Lang) -> Result<String, ReportError> {
    let cmp = Table::read(&dir.join("compare.csv"))?;
    let scenario = read_scenario(dir)?;
    let (c_pol, c_met, c_n, c_est, c_lo, c_hi, c_base, c_diff, c_dlo, c_dhi, c_ver) = (
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
    type Est = (Option<f64>, Option<(f64, f64)>);
    let mut policies: Vec<String> = Vec::new();
    let mut est: BTreeMap<(String, String), Est> = BTreeMap::new();
    let mut diff: BTreeMap<(String, String), (Est, String)> = BTreeMap::new();
    let mut runs_n = 0u64;
    for row in 0..cmp.rows.len() {
        let p = cmp.str(row, c_pol).to_string();
        let m = cmp.str(row, c_met).to_string();
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
                cmp.opt_f64(row, c_est)?,
                pair(cmp.opt_f64(row, c_lo)?, cmp.opt_f64(row, c_hi)?),
            ),
        );
        diff.insert(
            (p, m),
            (
                (
                    cmp.opt_f64(row, c_diff)?,
                    pair(cmp.opt_f64(row, c_dlo)?, cmp.opt_f64(row, c_dhi)?),
                ),
                cmp.str(row, c_ver).to_string(),
            ),
        );
    }
    let baseline = cmp.str(0, c_base).to_string();
    let name = scenario
        .as_ref()
        .map_or_else(|| dir.display().to_string(), |s| s.name.clone());
    let title = format!(
        "{name} — {}",
        l.pick(
            "policies of the process manager compared",
            "beleid van de procesmanager vergeleken"
        )
    );
    let subtitle = format!(
        "{} {}, {runs_n} {}; {} {baseline}.",
        policies.len(),
        l.pick("policies", "beleidsvormen"),
        l.pick(
            "replicates each (the same parties with the same luck)",
            "replicaties elk (dezelfde partijen met hetzelfde geluk)"
        ),
        l.pick("baseline", "basislijn"),
    );
    let mut page = Page::new(l, &title, &subtitle);

    let metrics = [
        ("dropout_rate", l.pick("dropout rate", "uitval"), VERMILLION),
        (
            "agreement_rate",
            l.pick("agreement at the table", "overeenstemming aan tafel"),
            BLUE,
        ),
        (
            "ratified_rate",
            l.pick(
                "ratified by the constituencies",
                "bekrachtigd door de achterbannen",
            ),
            GREEN,
        ),
        (
            "inclusive_rate",
            l.pick(
                "inclusive (ratified, essential parties still there)",
                "inclusief (bekrachtigd, onmisbare partijen nog aan boord)",
            ),
            PURPLE,
        ),
    ];
    let cats: Vec<String> = policies.clone();
    let series: Vec<CiSeries> = metrics
        .iter()
        .map(|&(key, label, colour)| CiSeries {
            label: label.to_string(),
            colour,
            points: cats
                .iter()
                .enumerate()
                .filter_map(|(k, p)| {
                    let (v, ci) = est.get(&(p.clone(), key.to_string())).copied()?;
                    Some((k as f64, v?, ci))
                })
                .collect(),
            connect: false,
        })
        .collect();
    page.heading(l.pick(
        "Dropout and agreement per policy",
        "Uitval en overeenstemming per beleid",
    ));
    let chart = CiChart {
        id: "rates".into(),
        title: l
            .pick(
                "Dropout and agreement per policy, with 95% intervals",
                "Uitval en overeenstemming per beleid, met 95%-intervallen",
            )
            .into(),
        lang: l,
        x_desc: l
            .pick(
                "policy of the process manager",
                "beleid van de procesmanager",
            )
            .into(),
        y_desc: l
            .pick(
                "share (% of parties, or of runs)",
                "aandeel (% van de partijen, of van de runs)",
            )
            .into(),
        x: XAxis::Categories(cats.clone()),
        y_range: 0.0..1.0,
        y_format: YFormat::Percent,
        zero_line: false,
        series,
    };
    page.figure(
        &chart.draw()?,
        l.pick(
            "Dropout: mean share of parties that left (Student t interval). Agreement and ratification: share of runs (Wilson interval).",
            "Uitval: gemiddeld aandeel partijen dat uitstapte (Student-t-interval). Overeenstemming en bekrachtiging: aandeel runs (Wilson-interval).",
        ),
    );

    let others: Vec<String> = policies
        .iter()
        .filter(|p| **p != baseline)
        .cloned()
        .collect();
    if !others.is_empty() {
        let series: Vec<CiSeries> = metrics
            .iter()
            .map(|&(key, label, colour)| CiSeries {
                label: label.to_string(),
                colour,
                points: others
                    .iter()
                    .enumerate()
                    .filter_map(|(k, p)| {
                        let ((v, ci), _) = diff.get(&(p.clone(), key.to_string())).cloned()?;
                        Some((k as f64, v?, ci))
                    })
                    .collect(),
                connect: false,
            })
            .collect();
        let (lo, hi) = series
            .iter()
            .flat_map(|s| s.points.iter())
            .flat_map(|&(_, v, ci)| {
                let (a, b) = ci.unwrap_or((v, v));
                [v, a, b]
            })
            .fold((0.0f64, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
        let pad = 0.1 * (hi - lo).max(0.02);
        let chart = CiChart {
            id: "differences".into(),
            title: format!(
                "{} {baseline}, {}",
                l.pick("Paired differences against", "Gepaarde verschillen met"),
                l.pick("with 95% intervals", "met 95%-intervallen")
            ),
            lang: l,
            x_desc: l
                .pick(
                    "policy of the process manager",
                    "beleid van de procesmanager",
                )
                .into(),
            y_desc: format!(
                "{} {baseline} ({})",
                l.pick("policy minus", "beleid min"),
                l.pick("percentage points", "procentpunten")
            ),
            x: XAxis::Categories(others.clone()),
            y_range: (lo - pad)..(hi + pad),
            y_format: YFormat::Points,
            zero_line: true,
            series,
        };
        page.figure(
            &chart.draw()?,
            &format!(
                "{} {baseline}. {}",
                l.pick(
                    "Each policy met the same replicates as",
                    "Elk beleid speelde dezelfde replicaties als"
                ),
                l.pick(
                    "A difference is the mean over replicates of policy minus baseline on the same replicate; an interval that excludes 0 is a clear difference. Lower dropout is better; higher agreement is better.",
                    "Een verschil is het gemiddelde over de replicaties van beleid min basislijn op dezelfde replicatie; een interval zonder 0 is een duidelijk verschil. Lagere uitval is beter; meer overeenstemming is beter."
                )
            ),
        );
    }

    let series: Vec<CiSeries> = Domain::ALL
        .iter()
        .map(|&d| CiSeries {
            label: l.domain(d).to_string(),
            colour: domain_colour(d),
            points: cats
                .iter()
                .enumerate()
                .filter_map(|(k, p)| {
                    let (v, ci) = est
                        .get(&(p.clone(), format!("final_{}", d.key())))
                        .copied()?;
                    Some((k as f64, v?, ci))
                })
                .collect(),
            connect: false,
        })
        .collect();
    page.heading(l.pick(
        "Where the groups end up, per domain",
        "Waar de groepen eindigen, per domein",
    ));
    let chart = CiChart {
        id: "final-certainty".into(),
        title: l
            .pick(
                "Final certainty per domain and policy, with 95% intervals",
                "Zekerheid aan het eind per domein en beleid, met 95%-intervallen",
            )
            .into(),
        lang: l,
        x_desc: l
            .pick(
                "policy of the process manager",
                "beleid van de procesmanager",
            )
            .into(),
        y_desc: l
            .pick(
                "mean certainty at the end (0–1)",
                "gemiddelde zekerheid aan het eind (0–1)",
            )
            .into(),
        x: XAxis::Categories(cats.clone()),
        y_range: 0.0..1.0,
        y_format: YFormat::Plain,
        zero_line: false,
        series,
    };
    let bounds_text = match &scenario {
        Some(s) => {
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
                capital(l.lower_bound()),
                l.challenge(),
                parts.join(", ")
            )
        }
        None => String::new(),
    };
    page.figure(
        &chart.draw()?,
        &format!(
            "{} {bounds_text}",
            l.pick(
                "Mean over runs of the group's certainty at the end of the run.",
                "Gemiddelde over de runs van de zekerheid van de groep aan het eind."
            )
        ),
    );

    page.heading(l.pick("The numbers", "De cijfers"));
    let mut rows = Vec::new();
    for row in 0..cmp.rows.len() {
        let metric = cmp.str(row, c_met);
        let share = matches!(
            metric,
            "dropout_rate" | "agreement_rate" | "ratified_rate" | "inclusive_rate"
        );
        let show = |v: Option<f64>, signed: bool| -> String {
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
                        if metric == "rounds_to_agreement" {
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
        };
        let interval = |a: Option<f64>, b: Option<f64>, signed: bool| match (a, b) {
            (Some(a), Some(b)) => {
                format!("[{} – {}]", show(Some(a), signed), show(Some(b), signed))
            }
            _ => String::new(),
        };
        rows.push(vec![
            cmp.str(row, c_pol).to_string(),
            metric.to_string(),
            show(cmp.opt_f64(row, c_est)?, false),
            interval(cmp.opt_f64(row, c_lo)?, cmp.opt_f64(row, c_hi)?, false),
            show(cmp.opt_f64(row, c_diff)?, true),
            interval(cmp.opt_f64(row, c_dlo)?, cmp.opt_f64(row, c_dhi)?, true),
            cmp.str(row, c_ver).to_string(),
        ]);
    }
    page.table(
        &[
            l.pick("policy", "beleid").into(),
            l.pick("metric", "maat").into(),
            l.pick("estimate", "schatting").into(),
            l.pick("95% interval", "95%-interval").into(),
            format!("{} {baseline}", l.pick("vs", "t.o.v.")),
            l.pick("95% interval", "95%-interval").into(),
            l.pick("verdict", "oordeel").into(),
        ],
        &rows,
    );
    page.paragraph(l.pick(
        "Differences of shares are in percentage points.",
        "Verschillen van aandelen zijn in procentpunten.",
    ));
    Ok(page.finish(&dir.display().to_string()))
}
