//! Why two runs of the same table ended differently: the summary at the top of a `--versus`
//! report. It is read from the records (rounds.csv and events.csv), not from the story's text:
//! how each run ended, the round in which the managers first acted differently and the tables
//! parted, the domain with the widest gap, who left under one manager and was still at the
//! table when the other run ended, and what each manager did until then.

use std::collections::BTreeMap;

use super::html::Page;
use super::trace::{Trace, TraceRun};
use super::{detail, domain_key, ending_key, words};
use crate::domain::Domain;
use crate::intervention::{Intervention, Target};

/// Whether an event records what the manager did (an intervention, a survey's reading, a
/// spoiler strategy's outcome) rather than what the table did.
fn is_manager_event(event: &str) -> bool {
    matches!(event, "intervention" | "survey" | "spoiler_managed")
}

/// The intervention a manager event records, if it is one: a survey and a spoiler strategy
/// also come as an `intervention` event, so only those are counted.
fn action_of(event: &str, d: &BTreeMap<&str, &str>) -> Option<Intervention> {
    match event {
        "intervention" => d
            .get("intervention")
            .and_then(|k| Intervention::from_key(k)),
        _ => None,
    }
}

/// The manager's events of run `r` in `round`, as (event, detail), in the order they happened.
fn manager_events(r: &TraceRun, round: u32) -> Vec<(&str, &str)> {
    r.events
        .iter()
        .filter(|e| e.0 == round && is_manager_event(&e.1))
        .map(|e| (e.1.as_str(), e.3.as_str()))
        .collect()
}

/// The table's own events of run `r` in `round` (everything but the manager's).
fn table_events(r: &TraceRun, round: u32) -> Vec<(&str, Option<usize>, &str)> {
    r.events
        .iter()
        .filter(|e| e.0 == round && !is_manager_event(&e.1))
        .map(|e| (e.1.as_str(), e.2, e.3.as_str()))
        .collect()
}

/// A party that left the table (or was excluded) in a run.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Departure {
    pub who: usize,
    pub round: u32,
    /// The party's weakest domain when it left; `None` for an exclusion.
    pub weakest: Option<Domain>,
}

fn departures(r: &TraceRun) -> Vec<Departure> {
    r.events
        .iter()
        .filter_map(|(round, e, who, det)| {
            let who = (*who)?;
            match e.as_str() {
                "exit" => Some(Departure {
                    who,
                    round: *round,
                    weakest: detail(det).get("weakest").and_then(|k| domain_key(k)),
                }),
                "excluded" => Some(Departure {
                    who,
                    round: *round,
                    weakest: None,
                }),
                _ => None,
            }
        })
        .collect()
}

/// The facts of the summary, for runs A (0) and B (1).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Why {
    /// The first round in which the managers did something different.
    pub first_action: Option<u32>,
    /// The first round at whose end the two tables differ, or one has ended and the other not.
    pub parting: Option<u32>,
    /// The last round both runs played (the earlier ending).
    pub shared_end: u32,
    /// The domain whose group means differ most at the end of `shared_end`, with A's and B's.
    pub widest: Option<(Domain, f64, f64)>,
    /// Who left in each run.
    pub departed: [Vec<Departure>; 2],
    /// The parties that left run k but were still at the table when the other run ended.
    pub only_in: [Vec<Departure>; 2],
    /// Per run, the manager's actions from the first different round up to `shared_end`.
    pub actions: [Vec<Intervention>; 2],
}

/// The facts of a `--versus` trace; `None` for a single run.
pub(super) fn facts(t: &Trace) -> Option<Why> {
    let [a, b] = t.runs.as_slice() else {
        return None;
    };
    let rounds = a.last_round().max(b.last_round());
    let mut first_action = None;
    let mut parting = None;
    for round in 1..=rounds {
        let (sa, sb) = (a.at(round), b.at(round));
        if first_action.is_none()
            && (sa.is_none() != sb.is_none()
                || manager_events(a, round) != manager_events(b, round))
        {
            first_action = Some(round);
        }
        if parting.is_none() && (sa != sb || table_events(a, round) != table_events(b, round)) {
            parting = Some(round);
        }
    }
    let shared_end = a.last_round().min(b.last_round());
    let widest = match (a.at(shared_end), b.at(shared_end)) {
        (Some(x), Some(y)) => Domain::ALL
            .iter()
            .map(|&d| (d, x.2[d.index()], y.2[d.index()]))
            .filter(|&(_, va, vb)| va != vb)
            .max_by(|p, q| (p.2 - p.1).abs().total_cmp(&(q.2 - q.1).abs())),
        _ => None,
    };
    let departed = [departures(a), departures(b)];
    let only_in = [0, 1].map(|k| {
        let other = &departed[1 - k];
        departed[k]
            .iter()
            .filter(|d| !other.iter().any(|o| o.who == d.who))
            .cloned()
            .collect()
    });
    let from = first_action.unwrap_or(u32::MAX);
    let actions = [a, b].map(|r| {
        r.events
            .iter()
            .filter(|e| e.0 >= from && e.0 <= shared_end)
            .filter_map(|e| action_of(&e.1, &detail(&e.3)))
            .collect()
    });
    Some(Why {
        first_action,
        parting,
        shared_end,
        widest,
        departed,
        only_in,
        actions,
    })
}

/// The section: its heading, the summary's lines and a closing caution.
pub(super) fn section(page: &mut Page, t: &Trace) {
    let Some(why) = facts(t) else {
        return;
    };
    let l = t.lang;
    let endings: Vec<Option<&str>> = t.runs.iter().map(|r| r.ending.as_deref()).collect();
    page.heading(words::why_heading(l, endings[0] == endings[1]));
    let mut lines = vec![ending_line(t)];
    lines.push(parting_line(t, &why));
    if let Some(line) = gap_line(t, &why) {
        lines.push(line);
    }
    lines.push(departures_line(t, &why));
    for k in 0..2 {
        if !why.only_in[k].is_empty() {
            lines.push(only_in_line(t, &why, k));
        }
    }
    if why.first_action.is_some() {
        lines.push(actions_line(t, &why));
    }
    page.bullets(&lines);
    page.paragraph(words::why_caution(l));
}

/// "A (none): collapsed after 20 rounds, 8 of the 20 parties still at the table. …"
fn ending_line(t: &Trace) -> String {
    let l = t.lang;
    let seats = t.names.len();
    let parts: Vec<String> = t
        .runs
        .iter()
        .enumerate()
        .map(|(k, r)| {
            let ending = r.ending.as_deref().unwrap_or("");
            let ending =
                ending_key(ending).map_or_else(|| ending.to_string(), |e| l.ending_short(e).into());
            let seated = r.rounds.last().map_or(0, |x| x.1);
            words::why_ending(l, &t.tag(k), &ending, r.last_round(), seated, seats)
        })
        .collect();
    parts.join(" ")
}

/// What each manager did in a round, for people.
fn round_actions(t: &Trace, k: usize, round: u32) -> String {
    let l = t.lang;
    let mut names: Vec<String> = Vec::new();
    for (e, d) in manager_events(&t.runs[k], round) {
        if let Some(i) = action_of(e, &detail(d)) {
            let name = l.intervention(i).to_string();
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    if names.is_empty() {
        words::nothing(l).into()
    } else {
        l.list(&names)
    }
}

fn parting_line(t: &Trace, why: &Why) -> String {
    let l = t.lang;
    match (why.first_action, why.parting) {
        (None, None) => words::why_never_parted(l).into(),
        (Some(r), parting) => words::why_first_action(
            l,
            r,
            [round_actions(t, 0, r), round_actions(t, 1, r)],
            parting,
        ),
        (None, Some(p)) => words::why_parted(l, p),
    }
}

fn gap_line(t: &Trace, why: &Why) -> Option<String> {
    let l = t.lang;
    let (d, a, b) = why.widest?;
    let lower = t
        .scenario
        .as_ref()
        .map(|s| s.domains.lower_bounds()[d.index()]);
    Some(words::why_widest_gap(l, d, why.shared_end, a, b, lower))
}

/// The domain most often weakest among the exits of a run, with its count.
fn most_weakest(departed: &[Departure]) -> Option<(Domain, usize)> {
    let mut counts = [0usize; 4];
    for d in departed {
        if let Some(w) = d.weakest {
            counts[w.index()] += 1;
        }
    }
    Domain::ALL
        .iter()
        .map(|&d| (d, counts[d.index()]))
        .filter(|x| x.1 > 0)
        // the first domain among equals, in the domains' order
        .fold(None, |best: Option<(Domain, usize)>, x| match best {
            Some(b) if b.1 >= x.1 => Some(b),
            _ => Some(x),
        })
}

fn departures_line(t: &Trace, why: &Why) -> String {
    let l = t.lang;
    let per_run: Vec<String> = (0..2)
        .map(|k| {
            let d = &why.departed[k];
            let exits = d.iter().filter(|x| x.weakest.is_some()).count();
            let excluded = d.len() - exits;
            words::why_departures(l, &t.tag(k), exits, excluded, most_weakest(d))
        })
        .collect();
    per_run.join(" ")
}

/// At most this many parties are named in one line.
const NAMED: usize = 8;

fn only_in_line(t: &Trace, why: &Why, k: usize) -> String {
    let l = t.lang;
    let list = &why.only_in[k];
    let mut named: Vec<String> = list
        .iter()
        .take(NAMED)
        .map(|d| match d.weakest {
            Some(_) => format!("{} ({} {})", t.names[d.who], l.round(), d.round),
            None => format!(
                "{} ({} {}, {})",
                t.names[d.who],
                l.round(),
                d.round,
                words::excluded_tag(l)
            ),
        })
        .collect();
    if list.len() > NAMED {
        named.push(words::more(l, list.len() - NAMED));
    }
    words::why_only_in(l, &t.tag(k), &t.tag(1 - k), list.len(), &l.list(&named))
}

fn actions_line(t: &Trace, why: &Why) -> String {
    let l = t.lang;
    let focus = why.widest.map(|w| w.0);
    let per_run: Vec<String> = (0..2)
        .map(|k| {
            let acts = &why.actions[k];
            let mut counts: Vec<(Intervention, usize)> = Vec::new();
            for &i in acts {
                match counts.iter_mut().find(|c| c.0 == i) {
                    Some(c) => c.1 += 1,
                    None => counts.push((i, 1)),
                }
            }
            // most used first; among equals, the one used first
            counts.sort_by_key(|c| std::cmp::Reverse(c.1));
            let top: Vec<String> = counts
                .iter()
                .take(3)
                .map(|(i, n)| format!("{} ×{n}", l.intervention(*i)))
                .collect();
            let aimed = focus.map(|d| {
                let n = acts
                    .iter()
                    .filter(|i| i.target() == Target::Domain(d))
                    .count();
                (d, n)
            });
            words::why_actions(l, &t.tag(k), acts.len(), &l.list(&top), aimed)
        })
        .collect();
    format!(
        "{} {}",
        words::why_actions_span(l, why.first_action.unwrap_or(1), why.shared_end),
        per_run.join(" ")
    )
}
