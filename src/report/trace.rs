//! The report of `polder trace --out`: one traced run, or two side by side. Read (trace.toml,
//! participants.csv, rounds.csv, events.csv) into a [`Trace`], then render it section by
//! section.

use std::collections::BTreeMap;
use std::path::Path;

use super::chart::{
    BLUE, DomainLine, DomainPanels, EventMarks, GREEN, Line, LineChart, MarkAt, Markers, ORANGE,
    PURPLE, SKY, Shape, StackedShares, VERMILLION, domain_colour,
};
use super::html::Page;
use super::read::Table;
use super::{
    ReportError, bounds_note, bounds_of, detail, domain_key, ending_key, kind_key,
    participation_key, participation_layers, participation_title, read_scenario, round_axis,
    seat_shares, step_points,
};
use super::{why, words};
use crate::domain::{Domain, PerDomain};
use crate::intervention::{Intervention, Target};
use crate::scenario::Scenario;
use crate::text::Lang;
use crate::text::{capitalise, party_name};
use crate::trace::files::{EVENTS, MANIFEST, Manifest, PARTICIPANTS, STORY};

/// One traced run read back.
pub(super) struct TraceRun {
    pub(super) policy: String,
    pub(super) ending: Option<String>,
    /// (round, active, certainty per domain, shares dutiful/engaged/co-owner), from round 0.
    pub(super) rounds: Vec<RoundRow>,
    /// Per party, per domain, (round, certainty) while at the table (and the round it left).
    individuals: Vec<PerDomain<Vec<(f64, f64)>>>,
    /// (round, event, participant, detail)
    pub(super) events: Vec<(u32, String, Option<usize>, String)>,
}

/// The group at the end of a round: (round, parties at the table, mean certainty per domain,
/// shares of dutiful, engaged and co-owner parties among those at the table).
pub(super) type RoundRow = (u32, usize, PerDomain<f64>, [f64; 3]);

impl TraceRun {
    /// The group at the end of `round` (round 0: the table as seated), if the run got there.
    pub(super) fn at(&self, round: u32) -> Option<&RoundRow> {
        self.rounds.iter().find(|x| x.0 == round)
    }

    /// The last round the run played (0 if it has none).
    pub(super) fn last_round(&self) -> u32 {
        self.rounds.last().map_or(0, |x| x.0)
    }
}

/// A trace directory read back: one run, or two side by side.
pub(super) struct Trace {
    manifest: Manifest,
    pub(super) lang: Lang,
    pub(super) scenario: Option<Scenario>,
    /// The parties' names, by participant number.
    pub(super) names: Vec<String>,
    pub(super) runs: Vec<TraceRun>,
}

impl Trace {
    fn versus(&self) -> bool {
        self.runs.len() == 2
    }

    /// The run's name in headings and legends: "A none", "B monitor", or just the policy.
    pub(super) fn tag(&self, k: usize) -> String {
        if self.versus() {
            format!("{} {}", ["A", "B"][k], self.runs[k].policy)
        } else {
            self.runs[k].policy.clone()
        }
    }

    /// The last round any run reached (at least 1).
    fn x_max(&self) -> f64 {
        self.runs
            .iter()
            .map(|r| f64::from(r.last_round()))
            .fold(1.0, f64::max)
    }
}

pub(super) fn report(dir: &Path, lang: Option<Lang>) -> Result<String, ReportError> {
    let t = read(dir, lang)?;
    let mut page = header(&t);
    why::section(&mut page, &t);
    outcome_table(&mut page, &t);
    domains_section(&mut page, &t)?;
    parties_section(&mut page, &t)?;
    participation_section(&mut page, &t)?;
    moments_section(&mut page, &t);
    if let Ok(story) = std::fs::read_to_string(dir.join(STORY)) {
        let l = t.lang;
        page.details(words::story_heading(l), &story, false);
    }
    Ok(page.finish(&dir.display().to_string()))
}

// ---------------------------------------------------------------------------------------------
// read

fn read(dir: &Path, lang: Option<Lang>) -> Result<Trace, ReportError> {
    let manifest = read_manifest(dir)?;
    let l = lang.unwrap_or(manifest.lang);
    let scenario = read_scenario(dir)?;
    let participants = Table::read(&dir.join(PARTICIPANTS))?;
    let rounds_csv = Table::read(&dir.join("rounds.csv"))?;
    let events_csv = Table::read(&dir.join(EVENTS))?;
    let mut runs: Vec<TraceRun> = (0..manifest.policies.len())
        .map(|k| TraceRun {
            policy: manifest.policies[k].clone(),
            ending: manifest.endings.get(k).cloned(),
            rounds: Vec::new(),
            individuals: Vec::new(),
            events: Vec::new(),
        })
        .collect();
    let names = read_participants(&participants, l, &mut runs)?;
    read_rounds(&rounds_csv, &mut runs)?;
    read_events(&events_csv, names.len(), &mut runs)?;
    Ok(Trace {
        manifest,
        lang: l,
        scenario,
        names,
        runs,
    })
}

fn read_manifest(dir: &Path) -> Result<Manifest, ReportError> {
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
    Ok(manifest)
}

/// The run of a row, which must be one that trace.toml lists.
fn run_of(t: &Table, row: usize, col: usize, n_runs: usize) -> Result<usize, ReportError> {
    let run = t.u64(row, col)? as usize;
    if run >= n_runs {
        return Err(ReportError::input(format!(
            "{}, line {}: run_id {run}, but trace.toml lists {n_runs} policies",
            t.path.display(),
            row + 2
        )));
    }
    Ok(run)
}

/// participants.csv: the parties' names (from round 0 of run 0), each party's line per domain
/// and the group at round 0 (rounds.csv starts at round 1). Returns the names.
fn read_participants(
    t: &Table,
    l: Lang,
    runs: &mut [TraceRun],
) -> Result<Vec<String>, ReportError> {
    let n_runs = runs.len();
    let (p_run, p_round, p_who, p_kind, p_number, p_presence) = (
        t.col("run_id")?,
        t.col("round")?,
        t.col("participant")?,
        t.col("kind")?,
        t.col("number")?,
        t.col("presence")?,
    );
    let p_dom: Vec<usize> = Domain::ALL
        .iter()
        .map(|d| t.col(d.key()))
        .collect::<Result<_, _>>()?;
    let p_level = t.col("participation")?;
    let mut names: Vec<String> = Vec::new();
    // round 0 group state: (active, certainty totals, participation counts)
    let mut start: Vec<(usize, PerDomain<f64>, [f64; 3])> = vec![(0, [0.0; 4], [0.0; 3]); n_runs];
    let mut ended: Vec<Vec<bool>> = vec![Vec::new(); n_runs];
    for row in 0..t.rows.len() {
        let run = run_of(t, row, p_run, n_runs)?;
        let round = t.u64(row, p_round)? as u32;
        let who = t.u64(row, p_who)? as usize;
        let presence = t.str(row, p_presence);
        let mut c = [0.0; 4];
        for (k, &col) in p_dom.iter().enumerate() {
            c[k] = t.f64(row, col)?;
        }
        if run == 0 && round == 0 {
            names.push(party_of(t, row, (p_kind, p_number), l, who, names.len())?);
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
            if let Some(p) = participation_key(t.str(row, p_level)) {
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
    Ok(names)
}

/// The name of the party in a round-0 row of participants.csv, which must be the next one.
fn party_of(
    t: &Table,
    row: usize,
    (p_kind, p_number): (usize, usize),
    l: Lang,
    who: usize,
    next: usize,
) -> Result<String, ReportError> {
    let kind = kind_key(t.str(row, p_kind)).ok_or_else(|| {
        ReportError::input(format!(
            "{}, line {}: unknown party kind `{}`",
            t.path.display(),
            row + 2,
            t.str(row, p_kind)
        ))
    })?;
    let number = t.u64(row, p_number)? as usize;
    if who != next {
        return Err(ReportError::input(format!(
            "{}, line {}: participants of round 0 must be listed in order",
            t.path.display(),
            row + 2
        )));
    }
    Ok(party_name(l, kind, number))
}

/// rounds.csv: the group per round, after round 0.
fn read_rounds(t: &Table, runs: &mut [TraceRun]) -> Result<(), ReportError> {
    let n_runs = runs.len();
    let (r_run, r_round, r_active) = (t.col("run_id")?, t.col("round")?, t.col("active")?);
    let r_dom: Vec<usize> = Domain::ALL
        .iter()
        .map(|d| t.col(&format!("mean_{}", d.key())))
        .collect::<Result<_, _>>()?;
    let r_share: Vec<usize> = ["share_dutiful", "share_engaged", "share_co_owner"]
        .iter()
        .map(|c| t.col(c))
        .collect::<Result<_, _>>()?;
    for row in 0..t.rows.len() {
        let run = run_of(t, row, r_run, n_runs)?;
        let mut c = [0.0; 4];
        for (k, &col) in r_dom.iter().enumerate() {
            c[k] = t.f64(row, col)?;
        }
        let mut sh = [0.0; 3];
        for (k, &col) in r_share.iter().enumerate() {
            sh[k] = t.f64(row, col)?;
        }
        runs[run].rounds.push((
            t.u64(row, r_round)? as u32,
            t.u64(row, r_active)? as usize,
            c,
            sh,
        ));
    }
    Ok(())
}

/// events.csv: what happened, per run.
fn read_events(t: &Table, n_names: usize, runs: &mut [TraceRun]) -> Result<(), ReportError> {
    let n_runs = runs.len();
    let (e_run, e_round, e_event, e_who, e_detail) = (
        t.col("run_id")?,
        t.col("round")?,
        t.col("event")?,
        t.col("participant")?,
        t.col("detail")?,
    );
    for row in 0..t.rows.len() {
        let run = run_of(t, row, e_run, n_runs)?;
        let who = match t.str(row, e_who) {
            "" => None,
            _ => {
                let w = t.u64(row, e_who)? as usize;
                if w >= n_names {
                    return Err(ReportError::input(format!(
                        "{}, line {}: participant {w} is not in {}",
                        t.path.display(),
                        row + 2,
                        PARTICIPANTS
                    )));
                }
                Some(w)
            }
        };
        runs[run].events.push((
            t.u64(row, e_round)? as u32,
            t.str(row, e_event).to_string(),
            who,
            t.str(row, e_detail).to_string(),
        ));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// render

fn header(t: &Trace) -> Page {
    let (l, m, versus) = (t.lang, &t.manifest, t.versus());
    let scenario = t
        .scenario
        .as_ref()
        .map_or(m.scenario.as_str(), |s| s.label(l));
    let title = words::trace_title(l, scenario, versus);
    let policies = if versus {
        format!(
            "A = {}, B = {}",
            l.policy(&t.runs[0].policy),
            l.policy(&t.runs[1].policy)
        )
    } else {
        l.policy(&t.runs[0].policy)
    };
    let subtitle = words::trace_subtitle(l, m.seed, m.run, &policies, &m.scenario_file);
    let mut page = Page::new(l, &title, &subtitle);
    if versus {
        page.paragraph(words::same_luck_note(l));
    }
    page
}

/// "How it ended": the key numbers, one column per run.
fn outcome_table(page: &mut Page, t: &Trace) {
    let l = t.lang;
    page.heading(words::how_it_ended(l));
    let mut headers = vec![String::new()];
    headers.extend((0..t.runs.len()).map(|k| t.tag(k)));
    let row = |label: String, cell: &dyn Fn(&TraceRun) -> String| -> Vec<String> {
        std::iter::once(label)
            .chain(t.runs.iter().map(cell))
            .collect()
    };
    let count = |tr: &TraceRun, ev: &str| tr.events.iter().filter(|e| e.1 == ev).count();
    let mut rows: Vec<Vec<String>> = vec![
        row(words::ending(l).to_string(), &|r| {
            let e = r.ending.as_deref().unwrap_or("");
            ending_key(e).map_or_else(|| e.to_string(), |x| l.ending(x).to_string())
        }),
        row(words::rounds_played(l).to_string(), &|r| {
            r.last_round().to_string()
        }),
        row(words::left_the_table(l).to_string(), &|r| {
            format!("{} / {}", count(r, "exit"), t.names.len())
        }),
        row(words::excluded_saboteurs(l).to_string(), &|r| {
            count(r, "excluded").to_string()
        }),
        row(words::manager_interventions(l).to_string(), &|r| {
            count(r, "intervention").to_string()
        }),
    ];
    for d in Domain::ALL {
        rows.push(row(
            format!("{} {}", l.domain(d), words::at_the_end(l)),
            &|r| {
                r.rounds
                    .last()
                    .map_or(String::new(), |x| l.num(x.2[d.index()], 2))
            },
        ));
    }
    page.table(&headers, &rows);
}

/// The group's certainty per domain over the rounds: one line per run side by side, else the
/// group and each party.
fn domain_lines(t: &Trace) -> Vec<DomainLine> {
    let l = t.lang;
    let over_rounds = |r: &TraceRun, d: Domain| -> Vec<(f64, f64)> {
        r.rounds
            .iter()
            .map(|x| (f64::from(x.0), x.2[d.index()]))
            .collect()
    };
    if t.versus() {
        t.runs
            .iter()
            .enumerate()
            .map(|(k, r)| DomainLine {
                label: t.tag(k),
                colour: Some([BLUE, VERMILLION][k]),
                points: Domain::ALL.map(|d| over_rounds(r, d)),
                spread: None,
                spread_label: String::new(),
            })
            .collect()
    } else {
        Domain::ALL
            .iter()
            .map(|&d| DomainLine {
                label: format!("{} ({})", l.domain_short(d), words::group_mean(l)),
                colour: Some(domain_colour(d)),
                points: Domain::ALL.map(|e| {
                    if e == d {
                        over_rounds(&t.runs[0], d)
                    } else {
                        Vec::new()
                    }
                }),
                spread: None,
                spread_label: String::new(),
            })
            .collect()
    }
}

fn domains_section(page: &mut Page, t: &Trace) -> Result<(), ReportError> {
    let (l, versus) = (t.lang, t.versus());
    page.heading(words::four_domains_heading(l));
    let panels = DomainPanels {
        id: "domains".into(),
        title: if versus {
            words::group_certainty_both_runs(l).to_string()
        } else {
            words::certainty_group_and_parties(l).to_string()
        },
        lang: l,
        x_max: t.x_max(),
        bounds: bounds_of(&t.scenario),
        lines: domain_lines(t),
        context: if versus {
            Vec::new()
        } else {
            t.runs[0].individuals.clone()
        },
        context_label: words::each_party_at_the_table(l).into(),
        events: event_marks(t),
    };
    let mut caption = format!(
        "{} {}",
        if versus {
            words::identical_until_managers_differ(l)
        } else {
            words::thick_and_thin_lines_note(l)
        },
        bounds_note(l, &t.scenario)
    );
    let strip = |e: &EventMarks| e.at.iter().any(|a| matches!(a.1, MarkAt::Strip { .. }));
    if panels.events.iter().any(strip) {
        caption = format!("{caption} {}", words::intervention_strip_note(l, versus));
    }
    page.figure(&panels.draw()?, &caption);
    Ok(())
}

/// The kind of event marked on the domain curves (see [`words::event_mark`]), if any: a party
/// leaves, a vote passes or fails, a saboteur reveals itself, the manager intervenes.
fn mark_kind(event: &str, detail: &str) -> Option<usize> {
    match event {
        "exit" => Some(0),
        "vote" if detail.contains("passed=true") => Some(1),
        "vote" => Some(2),
        "saboteur_revealed" => Some(3),
        "intervention" => Some(4),
        _ => None,
    }
}

/// The panels an intervention event is shown in: the domain it aims at; sanctions and spoiler
/// management in the social domain, where the seed places opportunism; a survey, which
/// measures all four, in every panel.
fn intervention_panels(detail_text: &str) -> PerDomain<bool> {
    let mut panels = [false; 4];
    let aim = detail(detail_text)
        .get("intervention")
        .and_then(|k| Intervention::from_key(k))
        .map(Intervention::target);
    match aim {
        Some(Target::Domain(d)) => panels[d.index()] = true,
        Some(Target::FreeRiders | Target::Saboteurs) => panels[Domain::Social.index()] = true,
        Some(Target::Measurement) | None => panels = [true; 4],
    }
    panels
}

/// Markers in the domain panels: for each kind of event, every round in which it happens in a
/// run, on that run's group mean, with a shape and a colour per kind. The manager's
/// interventions, often several a round, go small into a strip along the top of the panel of
/// the domain each aims at, one row per run, so that they do not cover the lines.
fn event_marks(t: &Trace) -> Vec<EventMarks> {
    const LOOK: [(Shape, super::chart::Colour); 5] = [
        (Shape::Circle, ORANGE),
        (Shape::Square, GREEN),
        (Shape::Diamond, VERMILLION),
        (Shape::Triangle, PURPLE),
        (Shape::Down, SKY),
    ];
    const INTERVENTION: usize = 4;
    let mut out = Vec::new();
    for (kind, (shape, colour)) in LOOK.into_iter().enumerate() {
        let mut at = Vec::new();
        for (row, r) in t.runs.iter().enumerate() {
            // per round, the panels its events of this kind are shown in
            let mut rounds: Vec<(u32, PerDomain<bool>)> = Vec::new();
            for e in r
                .events
                .iter()
                .filter(|e| mark_kind(&e.1, &e.3) == Some(kind))
            {
                let panels = if kind == INTERVENTION {
                    intervention_panels(&e.3)
                } else {
                    [true; 4]
                };
                match rounds.last_mut() {
                    Some(last) if last.0 == e.0 => {
                        for (p, q) in last.1.iter_mut().zip(panels) {
                            *p |= q;
                        }
                    }
                    _ => rounds.push((e.0, panels)),
                }
            }
            for (round, panels) in rounds {
                if kind == INTERVENTION {
                    at.push((round, MarkAt::Strip { row, panels }));
                } else if let Some(x) = r.at(round) {
                    at.push((round, MarkAt::Line(x.2)));
                }
            }
        }
        if !at.is_empty() {
            out.push(EventMarks {
                label: words::event_mark(t.lang, kind).to_string(),
                colour,
                shape,
                at,
            });
        }
    }
    out
}

/// Markers where parties left (or were excluded) in run `k`, named, one set per kind of event.
fn exit_markers(t: &Trace, k: usize) -> Vec<Markers> {
    let (l, r) = (t.lang, &t.runs[k]);
    let mut markers = Vec::new();
    for (ev, label, colour) in [
        ("exit", words::left(l), [ORANGE, PURPLE][k]),
        ("excluded", words::excluded(l), [GREEN, SKY][k]),
    ] {
        let mut by_round: BTreeMap<u32, Vec<String>> = BTreeMap::new();
        for (round, e, who, _) in &r.events {
            if e == ev
                && let Some(w) = who
            {
                by_round
                    .entry(*round)
                    .or_default()
                    .push(t.names[*w].clone());
            }
        }
        if by_round.is_empty() {
            continue;
        }
        let active_at = |round: u32| r.at(round).map_or(0.0, |x| x.1 as f64);
        markers.push(Markers {
            label: if t.versus() {
                format!("{label} ({})", t.tag(k))
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
    markers
}

fn parties_section(page: &mut Page, t: &Trace) -> Result<(), ReportError> {
    let l = t.lang;
    page.heading(words::parties_at_the_table(l));
    let mut lines = Vec::new();
    let mut markers = Vec::new();
    for (k, r) in t.runs.iter().enumerate() {
        lines.push(Line {
            label: format!("{} ({})", words::at_the_table(l), t.tag(k)),
            colour: [BLUE, VERMILLION][k],
            points: step_points(
                &r.rounds
                    .iter()
                    .map(|x| (x.0, x.1 as f64))
                    .collect::<Vec<_>>(),
            ),
        });
        markers.extend(exit_markers(t, k));
    }
    let n = t.names.len() as f64;
    let parties = LineChart {
        id: "parties".into(),
        title: words::parties_with_exits_named(l).into(),
        lang: l,
        x_desc: round_axis(l),
        y_desc: words::parties_at_the_table_count(l).into(),
        x_range: 0.0..t.x_max(),
        y_range: 0.0..(n + 1.0),
        lines,
        markers,
        height: 420,
    };
    page.figure(&parties.draw()?, words::exit_markers_note(l));
    Ok(())
}

fn participation_section(page: &mut Page, t: &Trace) -> Result<(), ReportError> {
    let l = t.lang;
    page.heading(&participation_title(l));
    let seats = t.names.len() as f64;
    for (k, r) in t.runs.iter().enumerate() {
        let chart = StackedShares {
            id: format!("participation-{k}"),
            title: if t.versus() {
                format!("{} — {}", participation_title(l), t.tag(k))
            } else {
                participation_title(l)
            },
            lang: l,
            x_desc: round_axis(l),
            y_desc: words::share_of_the_seats_pct(l).into(),
            x_max: t.x_max(),
            layers: participation_layers(
                l,
                &r.rounds
                    .iter()
                    .map(|x| (f64::from(x.0), seat_shares(x.3, x.1 as f64, seats)))
                    .collect::<Vec<_>>(),
            ),
        };
        page.figure(&chart.draw()?, words::participation_levels_note(l));
    }
    Ok(())
}

/// What an event says in the key moments, or None for an event that is not shown there.
fn moment_text(l: Lang, event: &str, d: &BTreeMap<&str, &str>, name: &str) -> Option<String> {
    Some(match event {
        "exit" => words::moment_exit(
            l,
            name,
            d.get("weakest")
                .and_then(|k| domain_key(k))
                .map_or("?", |d| l.domain(d)),
        ),
        "saboteur_revealed" => format!("{name} {}", words::shows_itself_as_saboteur(l)),
        "free_rider_detected" => format!("{name} {}", words::noticed_as_free_rider(l)),
        "excluded" => format!("{name} {}", words::excluded_by_the_table(l)),
        "withdrawal" => format!("{name} {}", words::withdraws_its_yes(l)),
        "agreement_unravelled" => words::decision_unravels(l).into(),
        "vote" => words::moment_vote(
            l,
            d.get("final") == Some(&"true"),
            d.get("phase").copied().unwrap_or(""),
            d.get("yes").copied().unwrap_or("?"),
            d.get("voters").copied().unwrap_or("?"),
            d.get("passed") == Some(&"true"),
        ),
        "collapsed" => words::process_collapses(l).into(),
        "deadline_reached" => words::deadline_passes(l).into(),
        _ => return None,
    })
}

/// The key moments of run `k` as rows (run, round, what happened); the constituencies'
/// ratifications of a round are summed up in one row.
fn moments_of(t: &Trace, k: usize) -> Vec<Vec<String>> {
    let l = t.lang;
    let mut moments = Vec::new();
    let mut ratification: BTreeMap<u32, (usize, usize)> = BTreeMap::new();
    for (round, e, who, det) in &t.runs[k].events {
        let mut d = detail(det);
        // a phase by its label in the report's language (the files keep the scenario's name)
        let phase = d.get("phase").and_then(|ph| {
            let s = t.scenario.as_ref()?;
            let p = s.process.phases.iter().find(|p| p.name == *ph)?;
            Some(p.label(l).to_string())
        });
        if let Some(phase) = &phase {
            d.insert("phase", phase);
        }
        if e == "ratification" {
            let e = ratification.entry(*round).or_default();
            e.0 += usize::from(d.get("carried") == Some(&"true"));
            e.1 += 1;
            continue;
        }
        let name = who.map(|w| t.names[w].clone()).unwrap_or_default();
        if let Some(text) = moment_text(l, e, &d, &name) {
            moments.push(vec![t.tag(k), round.to_string(), text]);
        }
    }
    for (round, (carried, of)) in ratification {
        moments.push(vec![
            t.tag(k),
            round.to_string(),
            words::moment_ratification(l, carried, of),
        ]);
    }
    moments
}

fn moments_section(page: &mut Page, t: &Trace) {
    let l = t.lang;
    page.heading(words::key_moments(l));
    let mut moments: Vec<Vec<String>> = (0..t.runs.len()).flat_map(|k| moments_of(t, k)).collect();
    moments.sort_by_key(|m| (m[1].parse::<u32>().unwrap_or(0), m[0].clone()));
    let mut headers = vec![
        words::run(l).to_string(),
        capitalise(l.round()),
        words::what_happened(l).to_string(),
    ];
    if !t.versus() {
        headers.remove(0);
        for m in &mut moments {
            m.remove(0);
        }
    }
    page.table(&headers, &moments);
}
