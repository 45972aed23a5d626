//! Two runs side by side: the same parties and the same luck (common random numbers), two
//! process managers. Until the managers act differently the two tables are identical; the story
//! says where they part ways and why, then follows both in compact form.

use std::fmt::Write as _;

use super::record::{RoundState, Trace, is_manager_event};
use super::story::Narrator;
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
        let l = self.lang;
        let na = self.narrator(self.a);
        let nb = self.narrator(self.b);
        let div = divergence(self.a, self.b);
        let mut out = String::new();

        // the shared header, with both managers named
        let header = na.header();
        let mut lines = header.lines();
        if let Some(title) = lines.next() {
            let _ = writeln!(out, "{title}");
        }
        let _ = lines.next();
        let _ = writeln!(
            out,
            "{} {}, {} {}: A = {}, B = {}.",
            l.pick("Seed", "Seed"),
            self.a.seed.master,
            l.pick("run", "run"),
            self.a.seed.replicate,
            l.policy(&self.a.policy),
            l.policy(&self.b.policy)
        );
        let _ = writeln!(
            out,
            "{}",
            l.pick(
                "Side by side: the same parties with the same luck (common random numbers), two process managers. Until the managers act differently, both tables are the same.",
                "Naast elkaar: dezelfde partijen met hetzelfde toeval (common random numbers), twee procesmanagers. Tot de procesmanagers verschillend handelen, zijn beide tafels gelijk."
            )
        );
        for line in lines {
            let _ = writeln!(out, "{line}");
        }

        let parting = div.parting;
        let shared_until = parting.map_or(self.a.rounds.len() as u32, |r| r - 1);
        if shared_until > 0 {
            let _ = writeln!(
                out,
                "\n{} 1–{shared_until}: {}",
                capital(l.rounds()),
                l.pick(
                    "both runs are identical (told once).",
                    "beide runs zijn gelijk (één keer verteld)."
                )
            );
            let mut prev = &self.a.start;
            for state in self.a.rounds.iter().take(shared_until as usize) {
                out.push('\n');
                out.push_str(&na.round_block(prev, state));
                prev = state;
            }
        }

        let Some(r) = parting else {
            let _ = writeln!(
                out,
                "\n{}",
                l.pick(
                    "The two runs never part ways: the managers' actions made no difference to the table.",
                    "De twee runs gaan nergens uiteen: wat de procesmanagers deden maakte voor de tafel geen verschil."
                )
            );
            out.push('\n');
            out.push_str(&na.footer());
            return out;
        };

        let _ = writeln!(
            out,
            "\n══ {} {r}: {}",
            capital(l.round()),
            l.pick("the runs part ways.", "de runs gaan uiteen.")
        );
        let from = div.first_different_action.unwrap_or(r).min(r);
        for (tag, t) in [("A", self.a), ("B", self.b)] {
            let actions = self.actions(t, from, r);
            let _ = writeln!(
                out,
                "   {tag} {}: {}",
                t.policy,
                if actions.is_empty() {
                    l.pick("the manager does nothing", "de procesmanager doet niets")
                        .to_string()
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
                "   {} {} (A {}, B {}).",
                l.pick(
                    "At the end of the round the groups differ most in",
                    "Aan het eind van de ronde verschillen de groepen het meest in"
                ),
                l.domain(d),
                l.num(ga[d.index()], 3),
                l.num(gb[d.index()], 3)
            );
        }

        let _ = writeln!(
            out,
            "\n{}",
            l.pick(
                "From here on, both runs side by side:",
                "Vanaf hier beide runs naast elkaar:"
            )
        );
        let width = self.a.policy.len().max(self.b.policy.len());
        let last = self.a.rounds.len().max(self.b.rounds.len()) as u32;
        for round in r..=last {
            let _ = writeln!(out, "── {} {round}", capital(l.round()));
            for (tag, t, n) in [("A", self.a, &na), ("B", self.b, &nb)] {
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

        let _ = writeln!(
            out,
            "\n══ {}",
            l.pick("How the two runs ended", "Hoe de twee runs eindigden")
        );
        for (tag, t, n) in [("A", self.a, &na), ("B", self.b, &nb)] {
            let o = &t.outcome;
            let last = t.rounds.last().unwrap_or(&t.start);
            let _ = writeln!(
                out,
                "   {tag} {:width$} │ {} {} {}; {} {} {} {}; {}",
                t.policy,
                l.ending(o.ending),
                l.pick("after", "na"),
                format_args!("{} {}", o.rounds, l.rounds()),
                o.exited,
                l.pick("of", "van"),
                o.participants,
                l.pick("left", "uitgestapt"),
                n.levels(&last.group())
            );
        }
        out
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
                    format!("{} {round}: ", l.round())
                };
                out.push(format!("{prefix}{}", names.join(", ")));
            }
        }
        out
    }

    /// One run's round in one line.
    /// One run's round: its levels and table size, and its key events.
    fn compact(&self, t: &Trace, n: &Narrator, round: u32) -> (String, Vec<String>) {
        let l = self.lang;
        let Some(state) = self.at(t, round) else {
            let o = &t.outcome;
            let ended = format!(
                "{} {} {}: {}",
                l.pick("ended in", "geëindigd in"),
                l.round(),
                o.rounds,
                l.ending_short(o.ending)
            );
            return (ended, Vec::new());
        };
        let levels = format!(
            "{} │ {} {}",
            n.levels(&state.group()),
            state.record.active,
            l.pick("at the table", "aan tafel")
        );
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
            out.push(format!(
                "{}: {}",
                l.pick("manager", "procesmanager"),
                interventions.join(", ")
            ));
        }
        let mut carried = (0usize, 0usize);
        for e in &state.events {
            let s = match e {
                Event::Exit { who, .. } => {
                    format!("{} {}", n.name(*who), l.pick("leaves", "stapt uit"))
                }
                Event::SaboteurRevealed { who } => format!(
                    "{} {}",
                    n.name(*who),
                    l.pick("shows itself as saboteur", "blijkt saboteur")
                ),
                Event::FreeRiderDetected { who } => format!(
                    "{} {}",
                    n.name(*who),
                    l.pick("noticed as free-rider", "opgemerkt als meelifter")
                ),
                Event::Excluded { who } => {
                    format!("{} {}", n.name(*who), l.pick("excluded", "uitgesloten"))
                }
                Event::Vote {
                    final_vote,
                    yes,
                    voters,
                    passed,
                    ..
                } => format!(
                    "{} {yes}/{voters} {}",
                    if *final_vote {
                        l.pick("final vote", "eindstemming")
                    } else {
                        l.pick("vote", "stemming")
                    },
                    if *passed {
                        l.pick("passed", "aangenomen")
                    } else {
                        l.pick("failed", "verworpen")
                    }
                ),
                Event::Withdrawal { who } => format!(
                    "{} {}",
                    n.name(*who),
                    l.pick("withdraws its yes", "trekt ja-stem in")
                ),
                Event::AgreementUnravelled { .. } => l
                    .pick("decision unravels", "besluit valt uit elkaar")
                    .into(),
                Event::CarelessDecision => {
                    l.pick("careless decision", "onzorgvuldig besluit").into()
                }
                Event::Ratification { carried: c, .. } => {
                    carried.0 += usize::from(*c);
                    carried.1 += 1;
                    continue;
                }
                Event::Collapsed => l.pick("collapses", "loopt vast").into(),
                Event::DeadlineReached => l.pick("deadline", "deadline").into(),
                Event::PhaseStarted { phase } => {
                    format!("→ {}", self.scenario.process.phases[*phase].label(l))
                }
                _ => continue,
            };
            out.push(s);
        }
        if carried.1 > 0 {
            out.push(format!(
                "{} {}/{}",
                l.pick("constituencies carry it", "achterbannen dragen het"),
                carried.0,
                carried.1
            ));
        }
        if let Some(end) = state.end {
            out.push(format!("⇒ {}", l.ending_short(end)));
        }
        out
    }

    /// What happens to a party in one run and not in the other in this round: exits,
    /// free-riders noticed, saboteurs showing themselves, exclusions.
    fn only_in_one(&self, round: u32) -> Vec<String> {
        let l = self.lang;
        let (Some(x), Some(y)) = (self.at(self.a, round), self.at(self.b, round)) else {
            return Vec::new();
        };
        let personal = |s: &RoundState| -> Vec<(u8, usize)> {
            s.events
                .iter()
                .filter_map(|e| match e {
                    Event::Exit { who, .. } => Some((0, *who)),
                    Event::FreeRiderDetected { who } => Some((1, *who)),
                    Event::SaboteurRevealed { who } => Some((2, *who)),
                    Event::Excluded { who } => Some((3, *who)),
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
            for &(kind, who) in mine.iter().filter(|e| !theirs.contains(e)) {
                let what = match kind {
                    0 => l.pick("leaves the table", "stapt uit"),
                    1 => l.pick(
                        "is noticed as a free-rider",
                        "wordt opgemerkt als meelifter",
                    ),
                    2 => l.pick("shows itself as a saboteur", "ontpopt zich als saboteur"),
                    _ => l.pick("is excluded", "wordt uitgesloten"),
                };
                out.push(format!(
                    "{} {what} {} {me}, {} {other}",
                    n.name(who),
                    l.pick("under", "bij"),
                    l.pick("not under", "niet bij")
                ));
            }
        }
        out
    }
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
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
