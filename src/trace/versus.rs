//! Two runs side by side: the same parties and the same luck (common random numbers), two
//! process managers. Until the managers act differently the two tables are identical; the story
//! says where they part ways and why, then follows both in compact form.

use std::fmt::Write as _;

use super::record::{RoundState, Trace, is_manager_event};
use super::story::Narrator;
use super::words::{self, Brief, Personal};
use crate::domain::Domain;
use crate::events::Event;
use crate::scenario::Scenario;
use crate::text::Lang;

/// Where two traces of the same replicate part ways.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Divergence {
    /// The first round in which the two managers did something different (interventions,
    /// surveys, spoiler management); `None` if they never did.
    pub first_different_action: Option<u32>,
    /// The first round at whose end the two tables differ (any participant's state, the
    /// relations, the process, or the table's own events), or one run goes on while the other
    /// has ended; `None` if the runs are identical throughout.
    pub parting: Option<u32>,
}

fn manager_events(s: &RoundState) -> Vec<&Event> {
    s.events.iter().filter(|e| is_manager_event(e)).collect()
}

/// Compare two traces round by round.
pub fn divergence(a: &Trace, b: &Trace) -> Divergence {
    let rounds = a.rounds.len().max(b.rounds.len());
    let mut first_different_action = None;
    let mut parting = None;
    for k in 0..rounds {
        let (ra, rb) = (a.rounds.get(k), b.rounds.get(k));
        let round = k as u32 + 1;
        match (ra, rb) {
            (Some(x), Some(y)) => {
                if first_different_action.is_none() && manager_events(x) != manager_events(y) {
                    first_different_action = Some(round);
                }
                if parting.is_none()
                    && (x.fingerprint != y.fingerprint
                        || !x.table_events().eq(y.table_events())
                        || x.end != y.end)
                {
                    parting = Some(round);
                }
            }
            _ => {
                parting.get_or_insert(round);
                first_different_action.get_or_insert(round);
            }
        }
        if parting.is_some() && first_different_action.is_some() {
            break;
        }
    }
    Divergence {
        first_different_action,
        parting,
    }
}

/// The side-by-side story of two runs.
pub struct Versus<'a> {
    pub scenario: &'a Scenario,
    pub a: &'a Trace,
    pub b: &'a Trace,
    pub lang: Lang,
}

impl<'a> Versus<'a> {
    fn narrator(&self, t: &'a Trace) -> Narrator<'a> {
        Narrator::new(self.scenario, t, self.lang)
    }

    /// The whole story.
    pub fn text(&self) -> String {
        let na = self.narrator(self.a);
        let nb = self.narrator(self.b);
        let div = divergence(self.a, self.b);
        let mut out = String::new();
        self.header(&mut out, &na);
        let parting = div.parting;
        let shared_until = parting.map_or(self.a.rounds.len() as u32, |r| r - 1);
        if shared_until > 0 {
            self.shared_rounds(&mut out, &na, shared_until);
        }
        let Some(r) = parting else {
            let _ = writeln!(out, "\n{}", words::never_part(self.lang));
            out.push('\n');
            out.push_str(&na.footer());
            return out;
        };
        self.parting(&mut out, r, div.first_different_action.unwrap_or(r).min(r));
        self.side_by_side(&mut out, [&na, &nb], r);
        self.endings(&mut out, [&na, &nb]);
        out
    }

    /// The shared header, with both managers named.
    fn header(&self, out: &mut String, na: &Narrator) {
        let l = self.lang;
        let header = na.header();
        let mut lines = header.lines();
        if let Some(title) = lines.next() {
            let _ = writeln!(out, "{title}");
        }
        let _ = lines.next();
        let _ = writeln!(
            out,
            "{}",
            words::versus_seed_line(
                l,
                self.a.seed.master,
                self.a.seed.replicate,
                &l.policy(&self.a.policy),
                &l.policy(&self.b.policy)
            )
        );
        let _ = writeln!(out, "{}", words::side_by_side(l));
        for line in lines {
            let _ = writeln!(out, "{line}");
        }
    }

    /// The rounds before the runs part ways, told once.
    fn shared_rounds(&self, out: &mut String, na: &Narrator, until: u32) {
        let _ = writeln!(out, "\n{}", words::shared_rounds(self.lang, until));
        let mut prev = &self.a.start;
        for state in self.a.rounds.iter().take(until as usize) {
            out.push('\n');
            out.push_str(&na.round_block(prev, state));
            prev = state;
        }
    }

    /// Round `r`, where the runs part ways: what each manager did since round `from`, and
    /// the domain in which the groups then differ most.
    fn parting(&self, out: &mut String, r: u32, from: u32) {
        let l = self.lang;
        let _ = writeln!(out, "\n{}", words::runs_part(l, r));
        for (tag, t) in [("A", self.a), ("B", self.b)] {
            let actions = self.actions(t, from, r);
            let _ = writeln!(
                out,
                "   {tag} {}: {}",
                t.policy,
                if actions.is_empty() {
                    words::manager_does_nothing(l).to_string()
                } else {
                    actions.join("; ")
                }
            );
        }
        if let (Some(x), Some(y)) = (self.at(self.a, r), self.at(self.b, r)) {
            let (ga, gb) = (x.group(), y.group());
            let d = Domain::ALL
                .iter()
                .copied()
                .max_by(|p, q| {
                    (ga[p.index()] - gb[p.index()])
                        .abs()
                        .total_cmp(&(ga[q.index()] - gb[q.index()]).abs())
                })
                .expect("four domains");
            let _ = writeln!(
                out,
                "   {}",
                words::differ_most(l, d, ga[d.index()], gb[d.index()])
            );
        }
    }

    fn width(&self) -> usize {
        self.a.policy.len().max(self.b.policy.len())
    }

    /// From round `r` on, both runs side by side, round by round.
    fn side_by_side(&self, out: &mut String, narrators: [&Narrator; 2], r: u32) {
        let l = self.lang;
        let _ = writeln!(out, "\n{}", words::from_here_on(l));
        let width = self.width();
        let last = self.a.rounds.len().max(self.b.rounds.len()) as u32;
        for round in r..=last {
            let _ = writeln!(out, "{}", words::round_heading(l, round));
            for ((tag, t), n) in [("A", self.a), ("B", self.b)].into_iter().zip(narrators) {
                let (levels, events) = self.compact(t, n, round);
                let _ = writeln!(out, "   {tag} {:width$} │ {levels}", t.policy);
                if !events.is_empty() {
                    let _ = writeln!(out, "   {:width$}   │   {}", "", events.join("; "));
                }
            }
            for note in self.only_in_one(round) {
                let _ = writeln!(out, "     ↳ {note}");
            }
        }
    }

    /// How each run ended.
    fn endings(&self, out: &mut String, narrators: [&Narrator; 2]) {
        let l = self.lang;
        let width = self.width();
        let _ = writeln!(out, "\n══ {}", words::how_runs_ended(l));
        for ((tag, t), n) in [("A", self.a), ("B", self.b)].into_iter().zip(narrators) {
            let o = &t.outcome;
            let last = t.rounds.last().unwrap_or(&t.start);
            let _ = writeln!(
                out,
                "   {tag} {:width$} │ {}; {}",
                t.policy,
                words::run_ended(l, o.ending, o.rounds, o.exited, o.participants),
                n.levels(&last.group())
            );
        }
    }

    fn at(&self, t: &'a Trace, round: u32) -> Option<&'a RoundState> {
        t.rounds.get(round as usize - 1)
    }

    /// What the manager of `t` did in rounds `from..=to`.
    fn actions(&self, t: &Trace, from: u32, to: u32) -> Vec<String> {
        let l = self.lang;
        let mut out = Vec::new();
        for round in from..=to {
            let Some(state) = self.at(t, round) else {
                continue;
            };
            let names: Vec<String> = state
                .events
                .iter()
                .filter_map(|e| match e {
                    Event::Intervention { kind, .. } => Some(l.intervention(*kind).to_string()),
                    _ => None,
                })
                .collect();
            if !names.is_empty() {
                let prefix = if from == to {
                    String::new()
                } else {
                    words::in_round(l, round)
                };
                out.push(format!("{prefix}{}", names.join(", ")));
            }
        }
        out
    }

    /// One run's round: its levels and table size, and its key events.
    fn compact(&self, t: &Trace, n: &Narrator, round: u32) -> (String, Vec<String>) {
        let l = self.lang;
        let Some(state) = self.at(t, round) else {
            let o = &t.outcome;
            return (words::ended_in(l, o.rounds, o.ending), Vec::new());
        };
        let levels = words::table_size(&n.levels(&state.group()), state.record.active, l);
        (levels, self.short_events(n, state))
    }

    /// The key events of a round, briefly.
    fn short_events(&self, n: &Narrator, state: &RoundState) -> Vec<String> {
        let l = self.lang;
        let mut out = Vec::new();
        let interventions: Vec<&str> = state
            .events
            .iter()
            .filter_map(|e| match e {
                Event::Intervention { kind, .. } => Some(l.intervention(*kind)),
                _ => None,
            })
            .collect();
        if !interventions.is_empty() {
            out.push(words::manager_brief(l, &interventions));
        }
        let mut carried = (0usize, 0usize);
        for e in &state.events {
            let s = match e {
                Event::Exit { who, .. } => words::brief(l, &n.name(*who), Brief::Leaves),
                Event::SaboteurRevealed { who } => {
                    words::brief(l, &n.name(*who), Brief::ShowsSaboteur)
                }
                Event::FreeRiderDetected { who } => {
                    words::brief(l, &n.name(*who), Brief::NoticedFreeRider)
                }
                Event::Excluded { who } => words::brief(l, &n.name(*who), Brief::Excluded),
                Event::Vote {
                    final_vote,
                    yes,
                    voters,
                    passed,
                    ..
                } => words::vote_brief(l, *final_vote, *yes, *voters, *passed),
                Event::Withdrawal { who } => words::brief(l, &n.name(*who), Brief::Withdraws),
                Event::AgreementUnravelled { .. } => words::unravels_brief(l).into(),
                Event::CarelessDecision => words::careless_brief(l).into(),
                Event::Ratification { carried: c, .. } => {
                    carried.0 += usize::from(*c);
                    carried.1 += 1;
                    continue;
                }
                Event::Collapsed => words::collapses_brief(l).into(),
                Event::DeadlineReached => words::deadline_brief(l).into(),
                Event::PhaseStarted { phase } => {
                    format!("→ {}", self.scenario.process.phases[*phase].label(l))
                }
                _ => continue,
            };
            out.push(s);
        }
        if carried.1 > 0 {
            out.push(words::carried_brief(l, carried.0, carried.1));
        }
        if let Some(end) = state.end {
            out.push(format!("⇒ {}", l.ending_short(end)));
        }
        out
    }

    /// What happens to a party in one run and not in the other in this round: exits,
    /// free-riders noticed, saboteurs showing themselves, exclusions.
    fn only_in_one(&self, round: u32) -> Vec<String> {
        let (Some(x), Some(y)) = (self.at(self.a, round), self.at(self.b, round)) else {
            return Vec::new();
        };
        let personal = |s: &RoundState| -> Vec<(Personal, usize)> {
            s.events
                .iter()
                .filter_map(|e| match e {
                    Event::Exit { who, .. } => Some((Personal::Exit, *who)),
                    Event::FreeRiderDetected { who } => Some((Personal::FreeRiderNoticed, *who)),
                    Event::SaboteurRevealed { who } => Some((Personal::SaboteurShown, *who)),
                    Event::Excluded { who } => Some((Personal::Excluded, *who)),
                    _ => None,
                })
                .collect()
        };
        let (ea, eb) = (personal(x), personal(y));
        let n = self.narrator(self.a);
        let mut out = Vec::new();
        for (mine, theirs, me, other) in [
            (&ea, &eb, &self.a.policy, &self.b.policy),
            (&eb, &ea, &self.b.policy, &self.a.policy),
        ] {
            for &(what, who) in mine.iter().filter(|e| !theirs.contains(e)) {
                out.push(words::only_under(self.lang, &n.name(who), what, me, other));
            }
        }
        out
    }
}

/// The side-by-side story of two traces of the same replicate.
pub fn narrate_versus(scenario: &Scenario, a: &Trace, b: &Trace, lang: Lang) -> String {
    Versus {
        scenario,
        a,
        b,
        lang,
    }
    .text()
}
