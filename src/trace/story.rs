//! The narrated story of one run: round by round, in the terms of the seed's four domains.

use std::fmt::Write as _;

use super::record::{PartyState, Push, RoundState, Trace, WAVERING_RISK};
use crate::domain::{Domain, PerDomain};
use crate::events::Event;
use crate::intervention::{Intervention, SpoilerKind, Target, spoiler_strategy};
use crate::model::Ending;
use crate::participant::{Archetype, Participation, PartyKind};
use crate::process::decision::passes;
use crate::scenario::Scenario;
use crate::text::{Lang, party_name};

/// A story: a header, one block per round, and an ending.
#[derive(Debug, Clone, PartialEq)]
pub struct Story {
    pub header: String,
    /// (round, text) for every round played.
    pub rounds: Vec<(u32, String)>,
    pub footer: String,
}

impl Story {
    /// The whole story as text.
    pub fn text(&self) -> String {
        let mut out = self.header.clone();
        for (_, block) in &self.rounds {
            out.push('\n');
            out.push_str(block);
        }
        out.push('\n');
        out.push_str(&self.footer);
        out
    }

    /// The block of one round.
    pub fn round(&self, round: u32) -> Option<&str> {
        self.rounds
            .iter()
            .find(|(r, _)| *r == round)
            .map(|(_, t)| t.as_str())
    }
}

/// What the story needs besides the trace: the scenario and the language.
pub struct Narrator<'a> {
    pub scenario: &'a Scenario,
    pub trace: &'a Trace,
    pub lang: Lang,
}

impl<'a> Narrator<'a> {
    pub fn new(scenario: &'a Scenario, trace: &'a Trace, lang: Lang) -> Self {
        Self {
            scenario,
            trace,
            lang,
        }
    }

    /// A party's readable name, e.g. "Market 3" or "Marktpartij 3".
    pub fn name(&self, who: usize) -> String {
        let p = &self.trace.parties[who];
        party_name(self.lang, p.kind, p.number)
    }

    fn names(&self, who: &[usize]) -> String {
        let v: Vec<String> = who.iter().map(|&i| self.name(i)).collect();
        self.lang.list(&v)
    }

    fn num(&self, x: f64) -> String {
        self.lang.num(x, 2)
    }

    fn phase_name(&self, phase: usize) -> &str {
        self.scenario.process.phases[phase].label(self.lang)
    }

    /// The four group levels with markers: ▼ under the lower bound, ▲ above the challenge.
    pub fn levels(&self, c: &PerDomain<f64>) -> String {
        let s = self.scenario;
        let (lb, ch) = (s.domains.lower_bounds(), s.domains.challenges());
        Domain::ALL
            .iter()
            .map(|&d| {
                let k = d.index();
                let mark = if c[k] < lb[k] {
                    "▼"
                } else if c[k] > ch[k] {
                    "▲"
                } else {
                    ""
                };
                format!("{} {}{mark}", self.lang.domain_short(d), self.num(c[k]))
            })
            .collect::<Vec<_>>()
            .join(" · ")
    }

    /// The whole story.
    pub fn story(&self) -> Story {
        let mut rounds = Vec::with_capacity(self.trace.rounds.len());
        let mut prev = &self.trace.start;
        for state in &self.trace.rounds {
            rounds.push((state.round, self.round_block(prev, state)));
            prev = state;
        }
        Story {
            header: self.header(),
            rounds,
            footer: self.footer(),
        }
    }

    /// Who sits at the table, hidden types, the plan, and how to read the lines.
    pub fn header(&self) -> String {
        let mut out = String::new();
        self.header_title(&mut out);
        self.header_table(&mut out);
        self.header_hidden(&mut out);
        self.header_how_to_read(&mut out);
        self.header_start(&mut out);
        out
    }

    /// The title: the scenario and what it is about.
    fn header_title(&self, out: &mut String) {
        let l = self.lang;
        let s = self.scenario;
        let t = self.trace;
        let _ = writeln!(
            out,
            "{} — {}",
            s.label(l),
            l.pick(
                "one collaboration process, round by round",
                "één samenwerkingsproces, ronde voor ronde"
            )
        );
        let _ = writeln!(
            out,
            "{} {}, {} {}; {}. {}",
            l.pick("Seed", "Seed"),
            t.seed.master,
            l.pick("run", "run"),
            t.seed.replicate,
            l.policy(&t.policy),
            l.pick(
                "The same seed gives the same story.",
                "Dezelfde seed geeft hetzelfde verhaal."
            )
        );
        out.push('\n');
    }

    /// Who sits at the table, and the plan.
    fn header_table(&self, out: &mut String) {
        let l = self.lang;
        let s = self.scenario;
        let t = self.trace;
        let n = t.parties.len();
        let kinds: Vec<String> = PartyKind::ALL
            .iter()
            .map(|&k| {
                let c = t.parties.iter().filter(|p| p.kind == k).count();
                l.kind_count(k, c)
            })
            .collect();
        let _ = writeln!(
            out,
            "{} {n} {}: {}. {} {}; {}",
            l.pick("At the table:", "Aan tafel:"),
            l.pick("parties", "partijen"),
            kinds.join(", "),
            l.pick("Decisions by", "Besluitvorming bij"),
            l.rule(s.process.decision_rule, s.process.qualified_share),
            l.pick(
                "an agreement must then be carried by the constituencies (achterbannen) too.",
                "een akkoord moet daarna ook door de achterbannen gedragen worden."
            )
        );
        let plan: Vec<String> = s
            .process
            .phases
            .iter()
            .map(|p| format!("{} ({})", p.label(l), p.rounds))
            .collect();
        let _ = writeln!(
            out,
            "{} {}; {} {} {}, {} {}.",
            l.pick("Plan (rounds):", "Plan (rondes):"),
            plan.join(" → "),
            s.process.planned_rounds(),
            l.rounds(),
            l.pick("planned", "gepland"),
            l.pick("deadline round", "deadline ronde"),
            s.process.deadline()
        );
    }

    /// Behind the scenes: the hidden types, which the audience knows and the table does not.
    pub fn header_hidden(&self, out: &mut String) {
        let l = self.lang;
        let t = self.trace;
        let mut hidden = Vec::new();
        for a in [
            Archetype::FreeRider,
            Archetype::Saboteur,
            Archetype::Regretter,
        ] {
            let who: Vec<usize> = t
                .parties
                .iter()
                .filter(|p| p.archetype == a)
                .map(|p| p.id)
                .collect();
            if who.is_empty() {
                continue;
            }
            let label = if who.len() == 1 {
                l.archetype(a)
            } else {
                l.archetype_plural(a)
            };
            let part = if a == Archetype::Saboteur {
                let details: Vec<String> = who
                    .iter()
                    .map(|&i| {
                        let p = &t.parties[i];
                        format!(
                            "{} ({}, {} {})",
                            self.name(i),
                            l.spoiler_phrase(p.spoiler),
                            l.pick(
                                "due to show itself around round",
                                "ontpopt zich naar verwachting rond ronde"
                            ),
                            p.reveal_round
                        )
                    })
                    .collect();
                format!("{label} {}", l.list(&details))
            } else {
                format!("{label} {}", self.names(&who))
            };
            hidden.push(part);
        }
        if hidden.is_empty() {
            let _ = writeln!(
                out,
                "{}",
                l.pick(
                    "Behind the scenes: every party is sincere.",
                    "Achter de schermen: alle partijen zijn oprecht."
                )
            );
        } else {
            let _ = writeln!(
                out,
                "{} {}.",
                l.pick(
                    "Behind the scenes (the audience knows, the table does not):",
                    "Achter de schermen (het publiek weet het, de tafel niet):"
                ),
                hidden.join("; ")
            );
        }
        out.push('\n');
    }

    /// How to read the story: the domains, their bounds, the manager.
    fn header_how_to_read(&self, out: &mut String) {
        let l = self.lang;
        let s = self.scenario;
        let t = self.trace;
        let _ = writeln!(out, "{}", l.pick("How to read it:", "Zo lees je het:"));
        let domains: Vec<String> = Domain::ALL
            .iter()
            .map(|&d| {
                format!(
                    "{} = {} ({})",
                    l.domain_short(d),
                    l.domain(d),
                    l.domain_question(d)
                )
            })
            .collect();
        let _ = writeln!(
            out,
            "  {} {}.",
            l.pick(
                "The second line of a round is the group's mean certainty per domain:",
                "De tweede regel van een ronde is de gemiddelde zekerheid van de groep per domein:"
            ),
            domains.join("; ")
        );
        let (lb, ch) = (s.domains.lower_bounds(), s.domains.challenges());
        let bounds: Vec<String> = Domain::ALL
            .iter()
            .map(|&d| {
                format!(
                    "{} {}/{}",
                    l.domain_short(d),
                    self.num(lb[d.index()]),
                    self.num(ch[d.index()])
                )
            })
            .collect();
        let _ = writeln!(
            out,
            "  ▼ {} {} ({}), ▲ {} {} ({}). {}/{}: {}.",
            l.pick("the group is under the", "de groep zit onder de"),
            l.lower_bound(),
            l.pick(
                "below it the urge to leave is strong",
                "daaronder is de neiging om uit te stappen groot"
            ),
            l.pick("above the", "boven de"),
            l.challenge(),
            l.pick(
                "partners act as co-owners",
                "partners gedragen zich als mede-eigenaren"
            ),
            capitalise(l.lower_bound()),
            l.challenge(),
            bounds.join(", ")
        );
        let _ = writeln!(
            out,
            "  {} {}.",
            l.pick(
                "Wavering: a party with a domain under its lower bound, or an exit risk of at least",
                "Twijfelaar: een partij met een domein onder de ondergrens, of een kans om uit te stappen van minstens"
            ),
            format_args!("{} {}", l.pct(WAVERING_RISK), l.pick("per round", "per ronde"))
        );
        let _ = writeln!(
            out,
            "  {}",
            l.pick(
                "Participation spectrum: from dutiful participation via engaged to co-ownership (mede-eigenaarschap).",
                "Deelnamespectrum: van plichtmatige deelname via betrokken naar mede-eigenaarschap."
            )
        );
        if t.policy != "none" {
            let _ = writeln!(
                out,
                "  {}",
                l.pick(
                    "After an intervention, the change shown is the round's whole change in that domain, all causes together; `--versus` shows what the manager itself changes.",
                    "Na een interventie staat de hele verandering van die ronde in dat domein, alle oorzaken samen; `--versus` laat zien wat de procesmanager zelf verandert."
                )
            );
        }
        let _ = writeln!(
            out,
            "\n{} {}",
            l.pick("At the start:", "Bij de start:"),
            self.levels(&t.start.group())
        );
    }

    /// Where the group stands at the start, and who already wavers.
    fn header_start(&self, out: &mut String) {
        let l = self.lang;
        let t = self.trace;
        let waverers = self.wavering(&t.start);
        if !waverers.is_empty() {
            let _ = writeln!(
                out,
                "  {} {}.",
                l.pick("Already wavering:", "Twijfelt al:"),
                self.names(&waverers)
            );
        }
    }

    fn wavering(&self, state: &RoundState) -> Vec<usize> {
        state
            .parties
            .iter()
            .enumerate()
            .filter(|(_, p)| p.wavering())
            .map(|(i, _)| i)
            .collect()
    }

    /// The status line of a round.
    pub fn status_line(&self, state: &RoundState) -> String {
        let l = self.lang;
        let n = self.trace.parties.len();
        let waverers = self.wavering(state).len();
        let mut line = format!(
            "── {} {} · {} · {} · {} {} {n} {}",
            capitalise(l.round()),
            state.round,
            self.phase_name(state.phase()),
            l.status(state.status()),
            state.record.active,
            l.pick("of", "van"),
            l.pick("at the table", "aan tafel"),
        );
        if waverers > 0 {
            let _ = write!(line, " · {}", l.waverers(waverers));
        }
        line
    }

    /// The text of one round, given the state at the end of the round before.
    pub fn round_block(&self, prev: &RoundState, state: &RoundState) -> String {
        let l = self.lang;
        let mut out = String::new();
        let _ = writeln!(out, "{}", self.status_line(state));
        let _ = writeln!(out, "   {}", self.levels(&state.group()));
        let mut items: Vec<String> = Vec::new();

        // what last round's exits did to the social certainty of those who stayed
        let left_last_round: Vec<usize> = prev
            .events
            .iter()
            .filter_map(|e| match e {
                Event::Exit { who, .. } => Some(*who),
                _ => None,
            })
            .collect();
        if !left_last_round.is_empty() && prev.round > 0 {
            let stayers = both_active(prev, state);
            if !stayers.is_empty() {
                let d = Domain::Social;
                let (before, after) = (mean_over(prev, &stayers, d), mean_over(state, &stayers, d));
                items.push(format!(
                    "{} {} {}: {} → {}.",
                    l.pick("After the exit of", "Na het vertrek van"),
                    self.names(&left_last_round),
                    if after > before {
                        l.pick(
                            "the social certainty of those who stayed goes",
                            "stijgt de sociale zekerheid van de blijvers",
                        )
                    } else {
                        l.pick(
                            "the social certainty of those who stayed goes",
                            "daalt de sociale zekerheid van de blijvers",
                        )
                    },
                    l.num(before, 3),
                    l.num(after, 3)
                ));
            }
        }

        let events = &state.events;
        let mut done_voice = false;
        let mut done_levels = false;
        let mut done_manager = false;
        let mut done_ratification = false;
        for (k, e) in events.iter().enumerate() {
            let by_manager = matches!(
                e,
                Event::Intervention { .. }
                    | Event::Survey { .. }
                    | Event::SpoilerManaged { .. }
                    | Event::Retaliation { .. }
            );
            if by_manager && !done_manager {
                done_manager = true;
                items.extend(self.manager_lines(prev, state));
            }
            match e {
                Event::Voiced { .. } => {
                    if !done_voice {
                        done_voice = true;
                        let who: Vec<usize> = events
                            .iter()
                            .filter_map(|e| match e {
                                Event::Voiced { who } => Some(*who),
                                _ => None,
                            })
                            .collect();
                        items.push(format!(
                            "{} {} {}.",
                            self.names(&who),
                            if who.len() == 1 {
                                l.pick("voices its interests", "brengt haar belangen in")
                            } else {
                                l.pick("voice their interests", "brengen hun belangen in")
                            },
                            l.pick(
                                "(from positions to interests)",
                                "(van standpunten naar belangen)"
                            )
                        ));
                    }
                }
                Event::LevelChanged { .. } => {
                    if !done_levels {
                        done_levels = true;
                        items.push(self.level_changes(events));
                    }
                }
                Event::Intervention { .. } | Event::Survey { .. } => {}
                Event::Ratification { .. } => {
                    if !done_ratification {
                        done_ratification = true;
                        items.push(self.ratification(events));
                    }
                }
                _ => {
                    if let Some(text) = self.event_line(prev, state, k, e) {
                        items.push(text);
                    }
                }
            }
        }

        // who starts or stops wavering
        let before = self.wavering(prev);
        let now = self.wavering(state);
        for &i in now.iter().filter(|i| !before.contains(i)) {
            items.push(self.waverer(i, &state.parties[i]));
        }
        let recovered: Vec<usize> = before
            .iter()
            .copied()
            .filter(|i| !now.contains(i) && state.parties[*i].is_active())
            .collect();
        if !recovered.is_empty() {
            items.push(format!(
                "{} {}.",
                l.pick("No longer wavering:", "Twijfelt niet meer:"),
                self.names(&recovered)
            ));
        }

        for item in items {
            let _ = writeln!(out, "   • {item}");
        }
        out
    }

    fn level_changes(&self, events: &[Event]) -> String {
        let l = self.lang;
        let mut up = Vec::new();
        let mut down = Vec::new();
        for e in events {
            if let Event::LevelChanged { who, from, to } = e {
                let s = format!("{} → {}", self.name(*who), l.participation(*to));
                if to > from {
                    up.push(s);
                } else {
                    down.push(s);
                }
            }
        }
        let mut parts = Vec::new();
        if !up.is_empty() {
            parts.push(format!(
                "{} {}",
                l.pick(
                    "growing toward co-ownership:",
                    "groeit richting mede-eigenaarschap:"
                ),
                up.join(", ")
            ));
        }
        if !down.is_empty() {
            parts.push(format!(
                "{} {}",
                l.pick("sliding back:", "zakt terug:"),
                down.join(", ")
            ));
        }
        format!(
            "{}: {}.",
            l.pick("Participation", "Deelname"),
            parts.join("; ")
        )
    }

    /// The manager's interventions this round and what the group's certainty did.
    fn manager_lines(&self, prev: &RoundState, state: &RoundState) -> Vec<String> {
        let l = self.lang;
        let mut out = Vec::new();
        let mut names = Vec::new();
        let mut domains: Vec<Domain> = Vec::new();
        let mut pace = false;
        for e in &state.events {
            if let Event::Intervention { kind, strength } = e {
                let target = match kind.target() {
                    Target::Domain(d) => {
                        if !domains.contains(&d) {
                            domains.push(d);
                        }
                        l.domain_short(d)
                    }
                    Target::FreeRiders => l.pick("free-riders", "meelifters"),
                    Target::Saboteurs => l.pick("saboteurs", "saboteurs"),
                    Target::Measurement => l.pick("measurement", "meting"),
                };
                if *kind == Intervention::PaceControl {
                    pace = true;
                }
                names.push(format!(
                    "{} ({target}, {} {})",
                    l.intervention(*kind),
                    l.pick("strength", "sterkte"),
                    self.num(*strength)
                ));
            }
        }
        if !names.is_empty() {
            let mut line = format!("{}: {}.", capitalise(l.manager()), names.join(", "));
            let stayers = both_active(prev, state);
            if !domains.is_empty() && !stayers.is_empty() {
                domains.sort();
                let changes: Vec<String> = domains
                    .iter()
                    .map(|&d| {
                        format!(
                            "{} {} → {}",
                            l.domain_short(d),
                            l.num(mean_over(prev, &stayers, d), 3),
                            l.num(mean_over(state, &stayers, d), 3)
                        )
                    })
                    .collect();
                let _ = write!(
                    line,
                    " {}: {}.",
                    l.pick("The group this round", "De groep deze ronde"),
                    changes.join(", ")
                );
            }
            if pace {
                let _ = write!(
                    line,
                    " {} {} → {}.",
                    l.pick("Pace", "Tempo"),
                    self.num(prev.pace),
                    self.num(state.pace)
                );
            }
            out.push(line);
        }
        for e in &state.events {
            if let Event::Survey { mean, at_risk } = e {
                out.push(format!(
                    "{}: {}; {} {}.",
                    l.pick(
                        "The temperature taken (estimates)",
                        "De temperatuur opgenomen (schattingen)"
                    ),
                    self.levels(mean),
                    at_risk,
                    if *at_risk == 1 {
                        l.pick(
                            "party seems under a lower bound",
                            "partij lijkt onder een ondergrens te zitten",
                        )
                    } else {
                        l.pick(
                            "parties seem under a lower bound",
                            "partijen lijken onder een ondergrens te zitten",
                        )
                    }
                ));
            }
        }
        out
    }

    fn ratification(&self, events: &[Event]) -> String {
        let l = self.lang;
        let s = self.scenario;
        let mut carried = 0usize;
        let mut voters = 0usize;
        let mut rejected = Vec::new();
        for e in events {
            if let Event::Ratification {
                who,
                approval,
                carried: c,
            } = e
            {
                voters += 1;
                if *c {
                    carried += 1;
                } else {
                    rejected.push(format!(
                        "{} ({} {})",
                        self.name(*who),
                        l.pick("approval", "steun"),
                        l.pct(*approval)
                    ));
                }
            }
        }
        let passed = passes(
            s.process.decision_rule,
            s.process.qualified_share,
            carried,
            voters,
        );
        let mut line = format!(
            "{} {carried} {} {voters} {}",
            l.pick(
                "The constituencies (achterbannen) vote on the agreement:",
                "De achterbannen stemmen over het akkoord:"
            ),
            l.pick("of", "van de"),
            l.pick("carry it", "dragen het")
        );
        if !rejected.is_empty() {
            let _ = write!(
                line,
                "; {} {} ({} {})",
                l.pick(
                    "not carried by the achterban of",
                    "niet gedragen door de achterban van"
                ),
                l.list(&rejected),
                l.pick("needs", "nodig"),
                l.pct(s.constituency.quota)
            );
        }
        let _ = write!(
            line,
            " — {} {}: {}.",
            l.pick("under", "bij"),
            l.rule(s.process.decision_rule, s.process.qualified_share),
            if passed {
                l.pick("ratified", "bekrachtigd")
            } else {
                l.pick("rejected", "afgewezen")
            }
        );
        line
    }

    fn waverer(&self, i: usize, p: &PartyState) -> String {
        let l = self.lang;
        let s = self.scenario;
        let lb = s.domains.lower_bounds();
        let under: Vec<String> = Domain::ALL
            .iter()
            .filter(|d| p.certainty[d.index()] < lb[d.index()])
            .map(|&d| {
                format!(
                    "{} {} < {}",
                    l.domain(d),
                    l.num(below(p.certainty[d.index()]), 3),
                    self.num(lb[d.index()])
                )
            })
            .collect();
        // breaches count the screened certainty; with compensation below the lower bound a
        // domain may sit under its bound without counting
        let why = if p.breaches > 0 && !under.is_empty() {
            format!(
                "{} {}",
                l.list(&under),
                if under.len() == 1 {
                    l.pick("is under its lower bound", "ligt onder de ondergrens")
                } else {
                    l.pick("are under their lower bounds", "zitten onder de ondergrens")
                }
            )
        } else {
            format!(
                "{}, {} {}",
                l.pick(
                    "no domain under its lower bound",
                    "geen domein onder de ondergrens"
                ),
                l.pick("but mainly", "maar vooral"),
                self.push(p.terms.main_push(), p)
            )
        };
        format!(
            "{} {}: {} ({} {} {}).",
            self.name(i),
            l.pick("wavers", "twijfelt"),
            why,
            l.pick("exit risk", "kans om uit te stappen"),
            l.pct(p.exit_risk),
            l.pick("per round", "per ronde")
        )
    }

    fn push(&self, push: Push, p: &PartyState) -> String {
        let l = self.lang;
        match push {
            Push::LowerBound => format!(
                "{} {}",
                l.domain(p.weakest),
                l.pick("near its lower bound", "vlak bij de ondergrens")
            ),
            Push::LowTrust => format!(
                "{} ({})",
                l.pick("low process trust", "weinig procesvertrouwen"),
                self.num(p.process_trust)
            ),
            Push::OutsideOption => l
                .pick(
                    "an attractive alternative outside the table",
                    "een aantrekkelijk alternatief buiten de tafel",
                )
                .into(),
            Push::Constituency => l
                .pick(
                    "pressure from its constituency (achterban), unhappy with the proposal",
                    "druk van de achterban, die ontevreden is over het voorstel (dubbele loyaliteit)",
                )
                .into(),
            Push::Contagion => l
                .pick(
                    "parties it was close to have left",
                    "partijen waar ze dicht bij stond zijn vertrokken",
                )
                .into(),
        }
    }

    /// One line for an event that is told on its own (not aggregated).
    fn event_line(
        &self,
        _prev: &RoundState,
        state: &RoundState,
        k: usize,
        e: &Event,
    ) -> Option<String> {
        let l = self.lang;
        let s = self.scenario;
        Some(match e {
            Event::PhaseStarted { phase } => self.phase_started(phase),
            Event::PhaseCompleted { phase, late_by } => self.phase_completed(phase, late_by),
            Event::FreeRiderDetected { who } => self.free_rider_noticed(state, k, who),
            Event::FreeRiderSanctioned { .. } => return None,
            Event::SaboteurRevealed { who } => self.saboteur_revealed(state, who),
            Event::ConfidentialityBreach { who } => format!(
                "{} {} {}",
                l.pick("Saboteur", "Saboteur"),
                self.name(*who),
                l.pick(
                    "leaks confidential information: procedural certainty suffers, most for those who still share with it.",
                    "lekt vertrouwelijke informatie: de procedurele zekerheid lijdt, het meest bij wie er nog mee deelt."
                )
            ),
            Event::Excluded { who } => format!(
                "{} {} {}",
                l.pick("The table excludes saboteur", "De tafel sluit saboteur"),
                self.name(*who),
                l.pick(
                    "from the process: the rules worked (procedural and social relief).",
                    "uit: de spelregels werken (procedurele en sociale opluchting)."
                )
            ),
            Event::CarelessDecision => l
                .pick(
                    "Haste: a careless decision is taken; procedural certainty suffers.",
                    "Haast: er valt een onzorgvuldig besluit; de procedurele zekerheid lijdt.",
                )
                .into(),
            Event::Vote {
                phase,
                final_vote,
                yes,
                voters,
                passed,
            } => self.vote_line(state, phase, final_vote, yes, voters, passed),
            Event::Withdrawal { who } => format!(
                "{} {}",
                self.name(*who),
                l.pick(
                    "withdraws its yes (a regretter, spijtoptant).",
                    "trekt haar ja-stem in (spijtoptant)."
                )
            ),
            Event::AgreementUnravelled { .. } => {
                let revote = state.round + s.process.revote_every;
                format!(
                    "{} {revote}.",
                    l.pick(
                        "Without those yes-votes the decision no longer passes: it unravels; task & time and procedural certainty suffer; next attempt in round",
                        "Zonder die ja-stemmen haalt het besluit het niet meer: het valt uit elkaar; taak- en tijdzekerheid en procedurele zekerheid lijden; volgende poging in ronde"
                    )
                )
            }
            Event::Exit {
                who,
                weakest,
                breaches,
            } => self.exit_line(state, k, who, weakest, breaches),
            Event::SpoilerManaged {
                who,
                strategy,
                settled,
            } => self.spoiler_managed(who, strategy, settled),
            Event::Retaliation { who } => format!(
                "{} {}",
                self.name(*who),
                l.pick(
                    "hits back at the sanction: everyone's social certainty takes a knock.",
                    "slaat terug op de sanctie: ieders sociale zekerheid krijgt een tik."
                )
            ),
            Event::SpoilerResumed { who } => format!(
                "{} {}",
                self.name(*who),
                l.pick(
                    "starts disrupting again: a greedy spoiler whose demands grow.",
                    "ligt weer dwars: een hebzuchtige saboteur wiens eisen groeien."
                )
            ),
            Event::Collapsed => l
                .pick(
                    "Too few parties remain: the process collapses.",
                    "Er blijven te weinig partijen over: het proces loopt vast.",
                )
                .into(),
            Event::DeadlineReached => l
                .pick(
                    "The deadline passes without agreement.",
                    "De deadline verstrijkt zonder overeenstemming.",
                )
                .into(),
            Event::Voiced { .. }
            | Event::LevelChanged { .. }
            | Event::Intervention { .. }
            | Event::Survey { .. }
            | Event::Ratification { .. } => return None,
        })
    }

    /// The start of a phase: its planned length, and whether it invites voice or ends in a vote.
    fn phase_started(&self, phase: &usize) -> String {
        let l = self.lang;
        let s = self.scenario;
        let p = &s.process.phases[*phase];
        let mut notes = vec![format!(
            "{} {} {}",
            l.pick("planned", "gepland"),
            p.rounds,
            l.rounds()
        )];
        if p.voice {
            notes.push(
                l.pick(
                    "parties are invited to voice their interests",
                    "partijen worden uitgenodigd hun belangen in te brengen",
                )
                .into(),
            );
        }
        if p.decision {
            notes.push(
                l.pick(
                    "it ends with a decision moment",
                    "de fase eindigt met een beslismoment",
                )
                .into(),
            );
        }
        format!(
            "{} {} {} ({}).",
            l.pick("The", "De fase"),
            p.label(l),
            l.pick("phase begins", "begint"),
            notes.join("; ")
        )
    }

    /// The end of a phase, on time (a milestone) or late.
    fn phase_completed(&self, phase: &usize, late_by: &u32) -> String {
        let l = self.lang;
        let when = if *late_by == 0 {
            l.pick(
                "on time (a milestone: task & time certainty rises)",
                "op tijd (een mijlpaal: de taak- en tijdzekerheid stijgt)",
            )
            .to_string()
        } else {
            format!(
                "{late_by} {} {}",
                if *late_by == 1 { l.round() } else { l.rounds() },
                l.pick("late", "te laat")
            )
        };
        format!(
            "{} {} {} {when}.",
            l.pick("The", "De fase"),
            self.phase_name(*phase),
            l.pick("phase is done,", "is klaar,")
        )
    }

    /// A free-rider noticed, and the push to contribute if the next event sanctions it.
    fn free_rider_noticed(&self, state: &RoundState, k: usize, who: &usize) -> String {
        let l = self.lang;
        let mut line = format!(
            "{} {} {}",
            l.pick("The table notices that", "De tafel merkt dat"),
            self.name(*who),
            l.pick(
                "is free-riding: it contributes little and takes the benefit. Social certainty suffers, most for those close to it.",
                "meelift: weinig bijdragen en wel profiteren. De sociale zekerheid lijdt, het meest bij wie er dicht bij staat."
            )
        );
        if let Some(Event::FreeRiderSanctioned { strength, .. }) = state.events.get(k + 1) {
            let _ = write!(
                line,
                " {} ({} {}).",
                l.pick(
                    "Sanctions or the peer pressure of those who own the rules push it to contribute from next round",
                    "Sancties of het aanspreken door wie eigenaar is van de spelregels duwen haar vanaf de volgende ronde tot bijdragen"
                ),
                l.pick("strength", "sterkte"),
                self.num(*strength)
            );
        }
        line
    }

    /// A saboteur showing itself, late or to block the final vote.
    fn saboteur_revealed(&self, state: &RoundState, who: &usize) -> String {
        let l = self.lang;
        let p = &self.trace.parties[*who];
        let at_vote = state.round < p.reveal_round;
        format!(
            "{} {}{}{} ({} {} {}; {}). {}",
            self.name(*who),
            l.pick("shows itself as a saboteur", "ontpopt zich als saboteur"),
            l.pick(", ", " – "),
            if at_vote {
                l.pick("to block the final vote", "om de eindstemming te blokkeren")
            } else {
                l.pick("late, as saboteurs do", "laat, zoals saboteurs doen")
            },
            l.pick("after", "na"),
            state.round - 1,
            l.pick("rounds at the table", "rondes aan tafel"),
            l.spoiler_phrase(p.spoiler),
            l.pick(
                "The others' procedural and social certainty take a hit.",
                "De procedurele en sociale zekerheid van de anderen krijgen een klap."
            )
        )
    }

    /// A decision moment: what was voted on, under which rule, and what follows.
    fn vote_line(
        &self,
        state: &RoundState,
        phase: &usize,
        final_vote: &bool,
        yes: &usize,
        voters: &usize,
        passed: &bool,
    ) -> String {
        let l = self.lang;
        let s = self.scenario;
        let what = if *final_vote {
            l.pick("Final vote", "Eindstemming").to_string()
        } else {
            format!(
                "{} {}",
                l.pick(
                    "Decision moment (interim vote) on the",
                    "Beslismoment (tussenstemming) over de fase"
                ),
                self.phase_name(*phase)
            )
        };
        let result = if *passed {
            if *final_vote {
                l.pick(
                    "passed: agreement at the table",
                    "aangenomen: overeenstemming aan tafel",
                )
                .to_string()
            } else {
                l.pick(
                    "passed: a small win for social and task & time certainty",
                    "aangenomen: een kleine winst voor sociale en taak- en tijdzekerheid",
                )
                .to_string()
            }
        } else {
            format!(
                "{} {}",
                l.pick(
                    "not passed: task & time and procedural certainty suffer; next attempt in round",
                    "verworpen: taak- en tijdzekerheid en procedurele zekerheid lijden; volgende poging in ronde"
                ),
                state.round + s.process.revote_every
            )
        };
        format!(
            "{what} ({}): {yes} {} {voters} {} — {result}.",
            l.rule(s.process.decision_rule, s.process.qualified_share),
            l.pick("of", "van de"),
            l.pick("vote yes", "stemmen voor")
        )
    }

    /// A party leaving: its risk, its weakest domain or its main push, and after the round's
    /// last exit what the exits do to those who stay.
    fn exit_line(
        &self,
        state: &RoundState,
        k: usize,
        who: &usize,
        weakest: &Domain,
        breaches: &u8,
    ) -> String {
        let l = self.lang;
        let lb = self.scenario.domains.lower_bounds();
        let p = &state.parties[*who];
        let d = weakest.index();
        let mut line = format!(
            "{} {} ({} {}). ",
            self.name(*who),
            l.pick("leaves the table", "stapt uit"),
            l.pick(
                "its exit risk this round was",
                "de kans daarop was deze ronde"
            ),
            l.pct(p.exit_risk_at_exit(self.scenario))
        );
        if *breaches > 0 {
            let _ = write!(
                line,
                "{}: {} {}, {} {}; {breaches} {}.",
                l.pick("Weakest", "Zwakst"),
                l.domain(*weakest),
                l.num(below(p.certainty[d]), 3),
                l.pick("under the lower bound", "onder de ondergrens"),
                self.num(lb[d]),
                if *breaches == 1 {
                    l.pick("domain under its lower bound", "domein onder de ondergrens")
                } else {
                    l.pick(
                        "domains under their lower bounds",
                        "domeinen onder de ondergrens",
                    )
                }
            );
        } else {
            let _ = write!(
                line,
                "{}: {}.",
                l.pick(
                    "No domain under its lower bound; mainly",
                    "Geen domein onder de ondergrens; vooral"
                ),
                self.push(p.terms.main_push(), p)
            );
        }
        // the echo is computed once per round over all of its exits: tell it with the
        // last exit of the round
        let last_exit = state
            .events
            .iter()
            .rposition(|e| matches!(e, Event::Exit { .. }));
        if last_exit == Some(k) {
            let echo: Vec<String> = state
                .exit_echo
                .iter()
                .filter(|x| x.risk_after - x.risk_before >= 0.0005)
                .take(2)
                .map(|x| {
                    format!(
                        "{} {} → {}",
                        self.name(x.who),
                        l.pct(x.risk_before),
                        l.pct(x.risk_after)
                    )
                })
                .collect();
            let _ = write!(
                line,
                " {}",
                l.pick(
                    "Those who stay feel it: their social certainty takes a knock next round, most for those close to the leaver",
                    "Wie blijven, voelen het: hun sociale zekerheid krijgt volgende ronde een tik, het meest bij wie dicht bij de vertrekker stond"
                )
            );
            if echo.is_empty() {
                line.push('.');
            } else {
                let _ = write!(
                    line,
                    "; {}: {}.",
                    l.pick(
                        "the exit risk of the closest rises",
                        "de kans op uitstappen stijgt het meest bij"
                    ),
                    echo.join(", ")
                );
            }
        }
        line
    }

    /// A strategy of spoiler management, whether it worked, and a wrong diagnosis.
    fn spoiler_managed(&self, who: &usize, strategy: &Intervention, settled: &bool) -> String {
        let l = self.lang;
        let p = &self.trace.parties[*who];
        let diagnosed = SpoilerKind::ALL
            .iter()
            .copied()
            .find(|&k| spoiler_strategy(k) == *strategy);
        let mut line = format!(
            "{}: {} ({}) — {}.",
            l.pick("Spoiler management", "Saboteursmanagement"),
            l.intervention(*strategy),
            self.name(*who),
            match (strategy, settled) {
                (Intervention::Coercion, true) => {
                    l.pick("it is excluded", "hij wordt uitgesloten")
                }
                (_, true) => l.pick("it stops disrupting", "hij stopt met dwarsliggen"),
                (_, false) => l.pick("it does not work", "het werkt niet"),
            }
        );
        if let Some(d) = diagnosed
            && d != p.spoiler
        {
            let _ = write!(
                line,
                " ({} {}; {} {})",
                l.pick("diagnosed as", "ingeschat als"),
                l.spoiler(d),
                l.pick("in fact", "in werkelijkheid"),
                l.spoiler(p.spoiler)
            );
        }
        line
    }

    /// How the run ended, who left, who was noticed, where the group ended.
    pub fn footer(&self) -> String {
        let mut out = String::new();
        self.footer_ending(&mut out);
        self.footer_people(&mut out);
        self.footer_end_state(&mut out);
        self.footer_manager(&mut out);
        self.footer_rejected(&mut out);
        out
    }

    /// How the run ended, and when.
    fn footer_ending(&self, out: &mut String) {
        let l = self.lang;
        let t = self.trace;
        let o = &t.outcome;
        let _ = writeln!(
            out,
            "══ {} {} {}: {}.",
            l.pick("End after", "Einde na"),
            o.rounds,
            l.rounds(),
            l.ending(o.ending)
        );
        if let Some(r) = o.agreement_round {
            let _ = writeln!(
                out,
                "   {} {r}.",
                l.pick(
                    "Agreement at the table in round",
                    "Overeenstemming aan tafel in ronde"
                )
            );
        }
    }

    /// Who left, who was excluded, which free-riders were noticed and which saboteurs showed themselves.
    fn footer_people(&self, out: &mut String) {
        let l = self.lang;
        let t = self.trace;
        let mut exits = Vec::new();
        let mut excluded = Vec::new();
        let mut detected = Vec::new();
        let mut revealed = Vec::new();
        for (round, e) in t.events() {
            match e {
                Event::Exit { who, .. } => exits.push(format!("{} ({round})", self.name(*who))),
                Event::Excluded { who } => excluded.push(format!("{} ({round})", self.name(*who))),
                Event::FreeRiderDetected { who } => {
                    detected.push(format!("{} ({round})", self.name(*who)))
                }
                Event::SaboteurRevealed { who } => {
                    revealed.push(format!("{} ({round})", self.name(*who)))
                }
                _ => {}
            }
        }
        let none = l.pick("nobody", "niemand");
        let or_none = |v: &[String]| {
            if v.is_empty() {
                none.to_string()
            } else {
                l.list(v)
            }
        };
        let _ = writeln!(
            out,
            "   {} {} {}: {}.",
            l.pick("Left the table", "Uitgestapt"),
            l.pick("(round)", "(ronde)"),
            format_args!("{}/{}", exits.len(), t.parties.len()),
            or_none(&exits)
        );
        if !excluded.is_empty() {
            let _ = writeln!(
                out,
                "   {}: {}.",
                l.pick("Excluded", "Uitgesloten"),
                l.list(&excluded)
            );
        }
        let free_riders = t
            .parties
            .iter()
            .filter(|p| p.archetype == Archetype::FreeRider)
            .count();
        if free_riders > 0 {
            let _ = writeln!(
                out,
                "   {} {}/{free_riders}: {}.",
                l.pick("Free-riders noticed", "Meelifters opgemerkt"),
                detected.len(),
                or_none(&detected)
            );
        }
        let saboteurs = t
            .parties
            .iter()
            .filter(|p| p.archetype == Archetype::Saboteur)
            .count();
        if saboteurs > 0 {
            let _ = writeln!(
                out,
                "   {} {}/{saboteurs}: {}.",
                l.pick("Saboteurs shown", "Saboteurs ontmaskerd"),
                revealed.len(),
                or_none(&revealed)
            );
        }
    }

    /// Participation and certainty at the end.
    fn footer_end_state(&self, out: &mut String) {
        let l = self.lang;
        let t = self.trace;
        let last = t.rounds.last().unwrap_or(&t.start);
        let mut levels = [0usize; 3];
        for p in last.parties.iter().filter(|p| p.is_active()) {
            levels[p.participation as usize] += 1;
        }
        let _ = writeln!(
            out,
            "   {}: {}, {}, {}.",
            l.pick(
                "Participation at the end (dutiful → co-ownership)",
                "Deelname aan het eind (plichtmatig → mede-eigenaarschap)"
            ),
            l.participation_count(Participation::Dutiful, levels[0]),
            l.participation_count(Participation::Engaged, levels[1]),
            l.participation_count(Participation::CoOwner, levels[2])
        );
        let _ = writeln!(
            out,
            "   {}: {}.",
            l.pick("Certainty at the end", "Zekerheid aan het eind"),
            self.levels(&last.group())
        );
    }

    /// What the process manager did.
    fn footer_manager(&self, out: &mut String) {
        let l = self.lang;
        let t = self.trace;
        let o = &t.outcome;
        if t.policy != "none" {
            let _ = writeln!(
                out,
                "   {}: {} {}, {} {}.",
                capitalise(l.manager()),
                o.interventions,
                l.pick("interventions", "interventies"),
                l.num(o.budget_spent, 1),
                l.pick("budget units spent", "budgeteenheden besteed")
            );
        }
    }

    /// Which home fronts rejected the agreement.
    fn footer_rejected(&self, out: &mut String) {
        let l = self.lang;
        let t = self.trace;
        let o = &t.outcome;
        if o.ending == Ending::Rejected {
            let _ = writeln!(
                out,
                "   {}",
                l.pick(
                    "The table agreed, but the home front did not: dual loyalty (dubbele loyaliteit).",
                    "De tafel was het eens, de achterban niet: dubbele loyaliteit."
                )
            );
        }
    }
}

impl PartyState {
    /// The exit risk a leaver faced at its draw: its state is frozen at the moment it left
    /// (its contagion memory had already decayed), so the risk from its end-of-round state is
    /// the risk it drew against.
    fn exit_risk_at_exit(&self, s: &Scenario) -> f64 {
        let z = s.exit.baseline + self.terms.sum();
        crate::math::logistic(z)
    }
}

/// A value under a bound, shown with three decimals rounded down, so that it never reads as
/// equal to the bound.
fn below(v: f64) -> f64 {
    (v * 1000.0).floor() / 1000.0
}

/// Parties at the table at the end of both rounds.
fn both_active(a: &RoundState, b: &RoundState) -> Vec<usize> {
    (0..a.parties.len())
        .filter(|&i| a.parties[i].is_active() && b.parties[i].is_active())
        .collect()
}

fn mean_over(state: &RoundState, who: &[usize], d: Domain) -> f64 {
    if who.is_empty() {
        return 0.0;
    }
    who.iter()
        .map(|&i| state.parties[i].certainty[d.index()])
        .sum::<f64>()
        / who.len() as f64
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// The story of one run in one language.
pub fn narrate(scenario: &Scenario, trace: &Trace, lang: Lang) -> Story {
    Narrator::new(scenario, trace, lang).story()
}
