//! The narrated story of one run: round by round, in the terms of the seed's four domains.

use std::fmt::Write as _;

use super::record::{PartyState, RoundState, Trace, WAVERING_RISK};
use super::words;
use crate::domain::{Domain, PerDomain};
use crate::events::Event;
use crate::intervention::{Intervention, SpoilerKind, Target, spoiler_strategy};
use crate::model::Ending;
use crate::participant::{Archetype, PartyKind};
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
        let t = self.trace;
        let _ = writeln!(out, "{}", words::title(l, self.scenario.label(l)));
        let _ = writeln!(
            out,
            "{}",
            words::seed_line(l, t.seed.master, t.seed.replicate, &l.policy(&t.policy))
        );
        out.push('\n');
    }

    /// Who sits at the table, and the plan.
    fn header_table(&self, out: &mut String) {
        let l = self.lang;
        let s = self.scenario;
        let t = self.trace;
        let kinds: Vec<String> = PartyKind::ALL
            .iter()
            .map(|&k| {
                let c = t.parties.iter().filter(|p| p.kind == k).count();
                l.kind_count(k, c)
            })
            .collect();
        let rule = l.rule(s.process.decision_rule, s.process.qualified_share);
        let _ = writeln!(
            out,
            "{}",
            words::at_the_table(l, t.parties.len(), &kinds.join(", "), &rule)
        );
        let plan: Vec<String> = s
            .process
            .phases
            .iter()
            .map(|p| format!("{} ({})", p.label(l), p.rounds))
            .collect();
        let _ = writeln!(
            out,
            "{}",
            words::plan(
                l,
                &plan.join(" → "),
                s.process.planned_rounds(),
                s.process.deadline()
            )
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
                        words::hidden_saboteur(l, &self.name(i), p.spoiler, p.reveal_round)
                    })
                    .collect();
                format!("{label} {}", l.list(&details))
            } else {
                format!("{label} {}", self.names(&who))
            };
            hidden.push(part);
        }
        let _ = writeln!(out, "{}", words::behind_the_scenes(l, &hidden));
        out.push('\n');
    }

    /// How to read the story: the domains, their bounds, the manager.
    fn header_how_to_read(&self, out: &mut String) {
        let l = self.lang;
        let s = self.scenario;
        let t = self.trace;
        let _ = writeln!(out, "{}", words::how_to_read(l));
        let domains: Vec<String> = Domain::ALL
            .iter()
            .map(|&d| words::domain_legend(l, d))
            .collect();
        let _ = writeln!(out, "  {}", words::levels_legend(l, &domains));
        let (lb, ch) = (s.domains.lower_bounds(), s.domains.challenges());
        let bounds: Vec<String> = Domain::ALL
            .iter()
            .map(|&d| words::bounds_of(l, d, lb[d.index()], ch[d.index()]))
            .collect();
        let _ = writeln!(out, "  {}", words::markers(l, &bounds));
        let _ = writeln!(out, "  {}", words::wavering_means(l, WAVERING_RISK));
        let _ = writeln!(out, "  {}", words::participation_spectrum(l));
        if t.policy != "none" {
            let _ = writeln!(out, "  {}", words::change_after_intervention(l));
        }
        let _ = writeln!(
            out,
            "\n{} {}",
            words::at_the_start(l),
            self.levels(&t.start.group())
        );
    }

    /// Where the group stands at the start, and who already wavers.
    fn header_start(&self, out: &mut String) {
        let waverers = self.wavering(&self.trace.start);
        if !waverers.is_empty() {
            let _ = writeln!(
                out,
                "  {}",
                words::already_wavering(self.lang, &self.names(&waverers))
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
        let waverers = self.wavering(state).len();
        let mut line = words::status_line(
            l,
            state.round,
            self.phase_name(state.phase()),
            state.status(),
            state.record.active,
            self.trace.parties.len(),
        );
        if waverers > 0 {
            let _ = write!(line, " · {}", l.waverers(waverers));
        }
        line
    }

    /// The text of one round, given the state at the end of the round before.
    pub fn round_block(&self, prev: &RoundState, state: &RoundState) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "{}", self.status_line(state));
        let _ = writeln!(out, "   {}", self.levels(&state.group()));
        let mut items: Vec<String> = Vec::new();
        items.extend(self.after_last_exits(prev, state));
        items.extend(self.event_lines(prev, state));
        items.extend(self.wavering_changes(prev, state));
        for item in items {
            let _ = writeln!(out, "   • {item}");
        }
        out
    }

    /// What last round's exits did to the social certainty of those who stayed.
    fn after_last_exits(&self, prev: &RoundState, state: &RoundState) -> Option<String> {
        let left_last_round: Vec<usize> = prev
            .events
            .iter()
            .filter_map(|e| match e {
                Event::Exit { who, .. } => Some(*who),
                _ => None,
            })
            .collect();
        if left_last_round.is_empty() || prev.round == 0 {
            return None;
        }
        let stayers = both_active(prev, state);
        if stayers.is_empty() {
            return None;
        }
        let d = Domain::Social;
        Some(words::after_exits(
            self.lang,
            &self.names(&left_last_round),
            mean_over(prev, &stayers, d),
            mean_over(state, &stayers, d),
        ))
    }

    /// The round's events in the order they happened; the manager's, the voices, the changes
    /// of participation and the ratification each told once, where the first of them happened.
    fn event_lines(&self, prev: &RoundState, state: &RoundState) -> Vec<String> {
        let events = &state.events;
        let mut items = Vec::new();
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
                        items.push(self.voiced(events));
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
                _ => items.extend(self.event_line(state, k, e)),
            }
        }
        items
    }

    /// Who starts wavering, and who no longer wavers.
    fn wavering_changes(&self, prev: &RoundState, state: &RoundState) -> Vec<String> {
        let before = self.wavering(prev);
        let now = self.wavering(state);
        let mut items: Vec<String> = now
            .iter()
            .filter(|i| !before.contains(i))
            .map(|&i| self.waverer(i, &state.parties[i]))
            .collect();
        let recovered: Vec<usize> = before
            .iter()
            .copied()
            .filter(|i| !now.contains(i) && state.parties[*i].is_active())
            .collect();
        if !recovered.is_empty() {
            items.push(words::no_longer_wavering(
                self.lang,
                &self.names(&recovered),
            ));
        }
        items
    }

    /// The parties that voice their interests this round, in one line.
    fn voiced(&self, events: &[Event]) -> String {
        let who: Vec<usize> = events
            .iter()
            .filter_map(|e| match e {
                Event::Voiced { who } => Some(*who),
                _ => None,
            })
            .collect();
        words::voiced(self.lang, &self.names(&who), who.len())
    }

    fn level_changes(&self, events: &[Event]) -> String {
        let l = self.lang;
        let mut up = Vec::new();
        let mut down = Vec::new();
        for e in events {
            if let Event::LevelChanged { who, from, to } = e {
                let s = words::level_change(l, &self.name(*who), *to);
                if to > from {
                    up.push(s);
                } else {
                    down.push(s);
                }
            }
        }
        words::participation_changes(l, &up, &down)
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
                if let Target::Domain(d) = kind.target()
                    && !domains.contains(&d)
                {
                    domains.push(d);
                }
                if *kind == Intervention::PaceControl {
                    pace = true;
                }
                names.push(words::intervention(l, *kind, *strength));
            }
        }
        if !names.is_empty() {
            let mut line = words::manager_acted(l, &names);
            let stayers = both_active(prev, state);
            if !domains.is_empty() && !stayers.is_empty() {
                domains.sort();
                let changes: Vec<String> = domains
                    .iter()
                    .map(|&d| {
                        words::domain_change(
                            l,
                            d,
                            mean_over(prev, &stayers, d),
                            mean_over(state, &stayers, d),
                        )
                    })
                    .collect();
                line.push_str(&words::group_this_round(l, &changes));
            }
            if pace {
                line.push_str(&words::pace_change(l, prev.pace, state.pace));
            }
            out.push(line);
        }
        for e in &state.events {
            if let Event::Survey { mean, at_risk } = e {
                out.push(words::survey(l, &self.levels(mean), *at_risk));
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
                    rejected.push(words::not_carried_by(l, &self.name(*who), *approval));
                }
            }
        }
        let passed = passes(
            s.process.decision_rule,
            s.process.qualified_share,
            carried,
            voters,
        );
        words::ratification(
            l,
            carried,
            voters,
            &rejected,
            s.constituency.quota,
            &l.rule(s.process.decision_rule, s.process.qualified_share),
            passed,
        )
    }

    fn waverer(&self, i: usize, p: &PartyState) -> String {
        let l = self.lang;
        let lb = self.scenario.domains.lower_bounds();
        let under: Vec<String> = Domain::ALL
            .iter()
            .filter(|d| p.certainty[d.index()] < lb[d.index()])
            .map(|&d| words::under_bound(l, d, p.certainty[d.index()], lb[d.index()]))
            .collect();
        // breaches count the screened certainty; with compensation below the lower bound a
        // domain may sit under its bound without counting
        let why = if p.breaches > 0 && !under.is_empty() {
            words::wavers_because_under(l, &under)
        } else {
            words::wavers_because_of(l, &self.push(p))
        };
        words::wavers(l, &self.name(i), &why, p.exit_risk)
    }

    /// What pushes a party most toward the door.
    fn push(&self, p: &PartyState) -> String {
        words::push(self.lang, p.terms.main_push(), p.weakest, p.process_trust)
    }

    /// One line for an event that is told on its own (not aggregated).
    fn event_line(&self, state: &RoundState, k: usize, e: &Event) -> Option<String> {
        let l = self.lang;
        Some(match e {
            Event::PhaseStarted { phase } => self.phase_started(*phase),
            Event::PhaseCompleted { phase, late_by } => {
                words::phase_completed(l, self.phase_name(*phase), *late_by)
            }
            Event::FreeRiderDetected { who } => self.free_rider_noticed(state, k, *who),
            Event::FreeRiderSanctioned { .. } => return None,
            Event::SaboteurRevealed { who } => self.saboteur_revealed(state, *who),
            Event::ConfidentialityBreach { who } => {
                words::confidentiality_breach(l, &self.name(*who))
            }
            Event::Excluded { who } => words::excluded(l, &self.name(*who)),
            Event::CarelessDecision => words::careless_decision(l).into(),
            Event::Vote {
                phase,
                final_vote,
                yes,
                voters,
                passed,
            } => self.vote_line(state, *phase, *final_vote, *yes, *voters, *passed),
            Event::Withdrawal { who } => words::withdrawal(l, &self.name(*who)),
            Event::AgreementUnravelled { .. } => {
                words::unravelled(l, state.round + self.scenario.process.revote_every)
            }
            Event::Exit {
                who,
                weakest,
                breaches,
            } => self.exit_line(state, k, *who, *weakest, *breaches),
            Event::SpoilerManaged {
                who,
                strategy,
                settled,
            } => self.spoiler_managed(*who, *strategy, *settled),
            Event::Retaliation { who } => words::retaliation(l, &self.name(*who)),
            Event::SpoilerResumed { who } => words::spoiler_resumed(l, &self.name(*who)),
            Event::Collapsed => words::collapsed(l).into(),
            Event::DeadlineReached => words::deadline_passed(l).into(),
            Event::Voiced { .. }
            | Event::LevelChanged { .. }
            | Event::Intervention { .. }
            | Event::Survey { .. }
            | Event::Ratification { .. } => return None,
        })
    }

    /// The start of a phase: its planned length, and whether it invites voice or ends in a vote.
    fn phase_started(&self, phase: usize) -> String {
        let l = self.lang;
        let p = &self.scenario.process.phases[phase];
        words::phase_started(l, p.label(l), p.rounds, p.voice, p.decision)
    }

    /// A free-rider noticed, and the push to contribute if the next event sanctions it.
    fn free_rider_noticed(&self, state: &RoundState, k: usize, who: usize) -> String {
        let sanction = match state.events.get(k + 1) {
            Some(Event::FreeRiderSanctioned { strength, .. }) => Some(*strength),
            _ => None,
        };
        words::free_rider_noticed(self.lang, &self.name(who), sanction)
    }

    /// A saboteur showing itself, late or to block the final vote.
    fn saboteur_revealed(&self, state: &RoundState, who: usize) -> String {
        let p = &self.trace.parties[who];
        let at_vote = state.round < p.reveal_round;
        words::saboteur_revealed(
            self.lang,
            &self.name(who),
            at_vote,
            state.round - 1,
            p.spoiler,
        )
    }

    /// A decision moment: what was voted on, under which rule, and what follows.
    fn vote_line(
        &self,
        state: &RoundState,
        phase: usize,
        final_vote: bool,
        yes: usize,
        voters: usize,
        passed: bool,
    ) -> String {
        let l = self.lang;
        let s = self.scenario;
        let what = words::vote_on(l, final_vote, self.phase_name(phase));
        let revote = state.round + s.process.revote_every;
        let result = words::vote_result(l, final_vote, passed, revote);
        let rule = l.rule(s.process.decision_rule, s.process.qualified_share);
        words::vote(l, &what, &rule, yes, voters, &result)
    }

    /// A party leaving: its risk, its weakest domain or its main push, and after the round's
    /// last exit what the exits do to those who stay.
    fn exit_line(
        &self,
        state: &RoundState,
        k: usize,
        who: usize,
        weakest: Domain,
        breaches: u8,
    ) -> String {
        let l = self.lang;
        let lb = self.scenario.domains.lower_bounds();
        let p = &state.parties[who];
        let d = weakest.index();
        let mut line = words::leaves(l, &self.name(who), p.exit_risk_at_exit(self.scenario));
        if breaches > 0 {
            line.push_str(&words::leaver_weakest(
                l,
                weakest,
                p.certainty[d],
                lb[d],
                breaches,
            ));
        } else {
            line.push_str(&words::leaver_pushed(l, &self.push(p)));
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
                .map(|x| words::risk_rise(l, &self.name(x.who), x.risk_before, x.risk_after))
                .collect();
            line.push_str(&words::exit_echo(l, &echo));
        }
        line
    }

    /// A strategy of spoiler management, whether it worked, and a wrong diagnosis.
    fn spoiler_managed(&self, who: usize, strategy: Intervention, settled: bool) -> String {
        let actual = self.trace.parties[who].spoiler;
        let misdiagnosed = SpoilerKind::ALL
            .iter()
            .copied()
            .find(|&k| spoiler_strategy(k) == strategy)
            .filter(|&d| d != actual)
            .map(|d| (d, actual));
        words::spoiler_managed(self.lang, strategy, &self.name(who), settled, misdiagnosed)
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
        let o = &self.trace.outcome;
        let _ = writeln!(out, "{}", words::ended(l, o.rounds, o.ending));
        if let Some(r) = o.agreement_round {
            let _ = writeln!(out, "   {}", words::agreement_in_round(l, r));
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
        let _ = writeln!(
            out,
            "   {}",
            words::left_the_table(l, &exits, t.parties.len())
        );
        if !excluded.is_empty() {
            let _ = writeln!(out, "   {}", words::excluded_list(l, &excluded));
        }
        let count = |a: Archetype| t.parties.iter().filter(|p| p.archetype == a).count();
        let free_riders = count(Archetype::FreeRider);
        if free_riders > 0 {
            let _ = writeln!(
                out,
                "   {}",
                words::free_riders_noticed(l, &detected, free_riders)
            );
        }
        let saboteurs = count(Archetype::Saboteur);
        if saboteurs > 0 {
            let _ = writeln!(
                out,
                "   {}",
                words::saboteurs_shown(l, &revealed, saboteurs)
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
        let _ = writeln!(out, "   {}", words::participation_at_end(l, levels));
        let _ = writeln!(
            out,
            "   {}",
            words::certainty_at_end(l, &self.levels(&last.group()))
        );
    }

    /// What the process manager did.
    fn footer_manager(&self, out: &mut String) {
        let t = self.trace;
        let o = &t.outcome;
        if t.policy != "none" {
            let _ = writeln!(
                out,
                "   {}",
                words::manager_spent(self.lang, o.interventions, o.budget_spent)
            );
        }
    }

    /// Which home fronts rejected the agreement.
    fn footer_rejected(&self, out: &mut String) {
        if self.trace.outcome.ending == Ending::Rejected {
            let _ = writeln!(out, "   {}", words::dual_loyalty(self.lang));
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

/// The story of one run in one language.
pub fn narrate(scenario: &Scenario, trace: &Trace, lang: Lang) -> Story {
    Narrator::new(scenario, trace, lang).story()
}
