//! Recording one run round by round from the model's own state and events, for the narrated
//! story and the report's single-run charts. Recording only reads the model.

use crate::domain::{Domain, PerDomain};
use crate::events::Event;
use crate::exit;
use crate::intervention::SpoilerKind;
use crate::model::{Ending, Model};
use crate::outcome::{RoundRecord, RunOutcome};
use crate::participant::{Archetype, Participant, Participation, PartyKind, Presence};
use crate::policy::PolicySpec;
use crate::process::Status;
use crate::rng::RunSeed;
use crate::scenario::Scenario;
use crate::trust;

/// Exit risk per round from which a party counts as wavering even without a domain under its
/// lower bound. The model's baseline risk is about 0.3% per round; one domain under its lower
/// bound multiplies the odds by e^2 (about 7).
pub const WAVERING_RISK: f64 = 0.05;

/// Who a participant is, as the audience may know it (the table does not know the archetype).
#[derive(Debug, Clone, PartialEq)]
pub struct Party {
    pub id: usize,
    pub kind: PartyKind,
    /// 1-based number within its kind: "Market 3".
    pub number: usize,
    pub archetype: Archetype,
    /// Stedman's spoiler kind (relevant for saboteurs).
    pub spoiler: SpoilerKind,
    /// The round in which a saboteur plans to show itself.
    pub reveal_round: u32,
}

/// What pushes a party toward the exit: the terms of the exit log-odds (docs/model.md 7.16)
/// apart from the baseline.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ExitTerms {
    /// Domains under their lower bound.
    pub lower_bound: f64,
    /// Process trust below the reference (negative when above).
    pub trust: f64,
    /// Identification with the topic and the others (negative: holds a party in).
    pub identification: f64,
    /// Sunk investment (negative: holds a party in).
    pub investment: f64,
    /// The attraction of the outside option.
    pub outside_option: f64,
    /// Constituency (achterban) pressure: loyalty times displeasure with the proposal.
    pub pressure: f64,
    /// Memory of exits of related parties (contagion).
    pub contagion: f64,
}

/// The largest push toward the exit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Push {
    LowerBound,
    LowTrust,
    OutsideOption,
    Constituency,
    Contagion,
}

impl ExitTerms {
    pub fn of(p: &Participant, s: &Scenario, planned_rounds: u32) -> Self {
        let e = &s.exit;
        let identification = 0.5 * (p.topic_identification + p.group_identification);
        let investment =
            (p.invested / (s.cooperation.reference * f64::from(planned_rounds.max(1)))).min(1.0);
        ExitTerms {
            lower_bound: e.lower_bound * f64::from(p.breaches),
            trust: e.trust * (e.trust_reference - p.process_trust),
            identification: -e.identification * identification,
            investment: -e.investment * investment,
            outside_option: e.outside_option * p.outside_option,
            pressure: e.pressure * p.loyalty * p.displeasure,
            contagion: e.contagion * p.contagion,
        }
    }

    /// Sum of the terms (the log-odds minus the baseline).
    pub fn sum(&self) -> f64 {
        self.lower_bound
            + self.trust
            + self.identification
            + self.investment
            + self.outside_option
            + self.pressure
            + self.contagion
    }

    /// The strongest push toward leaving.
    pub fn main_push(&self) -> Push {
        let pushes = [
            (Push::LowerBound, self.lower_bound),
            (Push::LowTrust, self.trust),
            (Push::OutsideOption, self.outside_option),
            (Push::Constituency, self.pressure),
            (Push::Contagion, self.contagion),
        ];
        pushes
            .iter()
            .copied()
            .fold((Push::LowerBound, f64::NEG_INFINITY), |best, (k, v)| {
                if v > best.1 { (k, v) } else { best }
            })
            .0
    }
}

/// One participant at the end of a round.
#[derive(Debug, Clone, PartialEq)]
pub struct PartyState {
    pub presence: Presence,
    pub certainty: PerDomain<f64>,
    pub process_trust: f64,
    /// Domains under their lower bound.
    pub breaches: u8,
    /// The domain furthest below (or nearest to) its lower bound.
    pub weakest: Domain,
    /// Exit probability per round with the party's state at the end of the round; 0 for
    /// parties that left and for disrupting saboteurs (who never leave by themselves).
    pub exit_risk: f64,
    pub terms: ExitTerms,
    pub participation: Participation,
    pub position: f64,
    pub contribution: f64,
    pub revealed: bool,
    pub disrupting: bool,
    pub detected: bool,
    pub contagion: f64,
}

impl PartyState {
    pub fn is_active(&self) -> bool {
        self.presence == Presence::Active
    }

    /// Wavering: at the table, not a disrupting saboteur, and a domain under its lower bound or
    /// an exit risk of at least [`WAVERING_RISK`].
    pub fn wavering(&self) -> bool {
        self.is_active()
            && !self.disrupting
            && (self.breaches > 0 || self.exit_risk >= WAVERING_RISK)
    }
}

/// What the exits of one round did to a party that stayed: its exit risk with and without the
/// contagion those exits added (the exits' social shock lands in the next round's update).
#[derive(Debug, Clone, PartialEq)]
pub struct ExitEcho {
    pub who: usize,
    pub risk_before: f64,
    pub risk_after: f64,
}

/// The table at the end of one round (round 0: as seated).
#[derive(Debug, Clone, PartialEq)]
pub struct RoundState {
    pub round: u32,
    pub record: RoundRecord,
    /// The round's events, in the order they happened.
    pub events: Vec<Event>,
    pub parties: Vec<PartyState>,
    pub end: Option<Ending>,
    /// Pace pushed by the process (a manager's pace control changes it).
    pub pace: f64,
    /// Rounds behind the plan (negative: ahead).
    pub lag: f64,
    /// For the exits of this round: the parties that stayed, most affected first.
    pub exit_echo: Vec<ExitEcho>,
    /// A fingerprint of the whole table (participants, relations, process), not of the
    /// manager: two runs with equal fingerprints are in the same state.
    pub fingerprint: u64,
}

impl RoundState {
    pub fn status(&self) -> Status {
        self.record.status
    }

    pub fn phase(&self) -> usize {
        self.record.phase
    }

    /// Mean certainty of the group (the parties at the table).
    pub fn group(&self) -> PerDomain<f64> {
        self.record.table.certainty
    }

    /// Events not made by the process manager.
    pub fn table_events(&self) -> impl Iterator<Item = &Event> {
        self.events.iter().filter(|e| !is_manager_event(e))
    }
}

/// Events the process manager makes (interventions, surveys, spoiler management).
pub fn is_manager_event(e: &Event) -> bool {
    matches!(
        e,
        Event::Intervention { .. } | Event::Survey { .. } | Event::SpoilerManaged { .. }
    )
}

/// One run, round by round.
#[derive(Debug, Clone)]
pub struct Trace {
    pub policy: String,
    pub seed: RunSeed,
    pub parties: Vec<Party>,
    /// The table as seated, before round 1.
    pub start: RoundState,
    pub rounds: Vec<RoundState>,
    pub outcome: RunOutcome,
}

impl Trace {
    /// The state at the end of `round` (0: as seated).
    pub fn at(&self, round: u32) -> Option<&RoundState> {
        if round == 0 {
            Some(&self.start)
        } else {
            self.rounds.get(round as usize - 1)
        }
    }

    /// Every event of the run with its round.
    pub fn events(&self) -> impl Iterator<Item = (u32, &Event)> {
        self.rounds
            .iter()
            .flat_map(|r| r.events.iter().map(move |e| (r.round, e)))
    }
}

/// Play one run under `policy` (`None`: no manager) and record every round.
pub fn record(scenario: &Scenario, policy: Option<&PolicySpec>, seed: RunSeed) -> Trace {
    let mut m = Model::with_policy(scenario, policy, seed);
    let mut trace = Trace::begin(&m, policy.map_or("none", |p| p.name.as_str()), seed);
    loop {
        let more = m.step();
        trace.push(&m);
        if !more {
            break;
        }
    }
    trace
}

impl Trace {
    /// Start the record of run `seed` as seated in `m`, its manager called `policy`, for a run
    /// played round by round (see [`record`], and [`crate::desk`]).
    pub fn begin(m: &Model, policy: &str, seed: RunSeed) -> Trace {
        Trace {
            policy: policy.to_string(),
            seed,
            parties: parties_of(m),
            start: snapshot(m),
            rounds: Vec::new(),
            outcome: RunOutcome::of(m),
        }
    }

    /// Record the round `m` has just played; the outcome once the run has ended.
    pub fn push(&mut self, m: &Model) {
        self.rounds.push(snapshot(m));
        if m.is_finished() {
            self.outcome = RunOutcome::of(m);
        }
    }
}

fn parties_of(m: &Model) -> Vec<Party> {
    let mut seen = [0usize; 3];
    m.people
        .iter()
        .map(|p| {
            let k = PartyKind::ALL
                .iter()
                .position(|&k| k == p.kind)
                .expect("a listed kind");
            seen[k] += 1;
            Party {
                id: p.id,
                kind: p.kind,
                number: seen[k],
                archetype: p.archetype,
                spoiler: p.spoiler,
                reveal_round: p.reveal_round,
            }
        })
        .collect()
}

fn snapshot(m: &Model) -> RoundState {
    let s = m.scenario;
    let planned = m.process.planned_rounds;
    let parties: Vec<PartyState> = m
        .people
        .iter()
        .map(|p| {
            let active = p.is_active();
            PartyState {
                presence: p.presence,
                certainty: p.certainty,
                process_trust: p.process_trust,
                breaches: p.breaches,
                weakest: trust::weakest(&p.certainty, &m.lower_bounds, &s.compensation),
                exit_risk: if active && !p.is_disrupting() {
                    exit::hazard(p, s, planned)
                } else {
                    0.0
                },
                terms: ExitTerms::of(p, s, planned),
                participation: p.participation,
                position: p.position,
                contribution: p.contribution,
                revealed: p.revealed,
                disrupting: p.is_disrupting(),
                detected: p.detected,
                contagion: p.contagion,
            }
        })
        .collect();

    // What this round's exits added to the others' exit risk (contagion memory rises by the
    // relation to each leaver, docs/model.md 7.16).
    let leavers: Vec<usize> = m
        .events
        .iter()
        .filter_map(|e| match e {
            Event::Exit { who, .. } => Some(*who),
            _ => None,
        })
        .collect();
    let mut exit_echo = Vec::new();
    if !leavers.is_empty() {
        for p in m
            .people
            .iter()
            .filter(|p| p.is_active() && !p.is_disrupting())
        {
            let added: f64 = leavers.iter().map(|&k| m.relations.get(p.id, k)).sum();
            let z = exit::log_odds(p, s, planned);
            let logistic = crate::math::logistic;
            exit_echo.push(ExitEcho {
                who: p.id,
                risk_before: logistic(z - s.exit.contagion * added),
                risk_after: logistic(z),
            });
        }
        exit_echo.sort_by(|a, b| {
            (b.risk_after - b.risk_before)
                .total_cmp(&(a.risk_after - a.risk_before))
                .then(a.who.cmp(&b.who))
        });
    }
    RoundState {
        round: m.round,
        record: RoundRecord::of(m),
        events: m.events.clone(),
        parties,
        end: m.end,
        pace: m.process.pace,
        lag: m.process.lag(s, m.round),
        exit_echo,
        fingerprint: fingerprint(m),
    }
}

/// FNV-1a over the bits of the table's state.
struct Fnv(u64);

impl Fnv {
    fn word(&mut self, w: u64) {
        for b in w.to_le_bytes() {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01B3);
        }
    }
    fn f(&mut self, x: f64) {
        self.word(x.to_bits());
    }
}

fn fingerprint(m: &Model) -> u64 {
    let mut h = Fnv(0xCBF2_9CE4_8422_2325);
    for p in &m.people {
        h.word(match p.presence {
            Presence::Active => 0,
            Presence::Exited(r) => (1 << 32) | u64::from(r),
            Presence::Excluded(r) => (2 << 32) | u64::from(r),
        });
        for d in 0..4 {
            h.f(p.certainty[d]);
            h.f(p.signal[d]);
        }
        for x in [
            p.process_trust,
            p.loyalty,
            p.constituency_ideal,
            p.displeasure,
            p.position,
            p.willingness,
            p.topic_identification,
            p.group_identification,
            p.ownership,
            p.belief,
            p.contribution,
            p.invested,
            p.contagion,
            p.insider,
        ] {
            h.f(x);
        }
        h.word(u64::from(p.breaches));
        h.word(p.participation as u64);
        h.word(
            u64::from(p.interests_voiced)
                | u64::from(p.revealed) << 1
                | u64::from(p.neutralised) << 2
                | u64::from(p.detected) << 3,
        );
        h.word(p.withdrew_in_phase.map_or(u64::MAX, |x| x as u64));
        h.word(p.resume_round.map_or(u64::MAX, u64::from));
    }
    for i in 0..m.relations.len() {
        for &r in m.relations.row(i) {
            h.f(r);
        }
    }
    let pr = &m.process;
    h.word(pr.phase as u64);
    for x in [pr.phase_progress, pr.detail, pr.pace, pr.last_work] {
        h.f(x);
    }
    h.word(u64::from(pr.phase_started));
    h.word(u64::from(pr.completed_plan));
    h.word(u64::from(pr.next_vote));
    h.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::parse_scenario;
    use std::path::Path;

    fn scenario() -> Scenario {
        parse_scenario("name = \"t\"\n", Path::new("t.toml")).expect("valid")
    }

    #[test]
    fn exit_terms_add_up_to_the_model_log_odds() {
        let s = scenario();
        let mut m = Model::new(&s, RunSeed::new(3, 0, 0));
        for _ in 0..12 {
            m.step();
        }
        let planned = m.process.planned_rounds;
        for p in &m.people {
            let t = ExitTerms::of(p, &s, planned);
            let z = exit::log_odds(p, &s, planned);
            assert!(
                (s.exit.baseline + t.sum() - z).abs() < 1e-12,
                "party {}: {} + {} != {z}",
                p.id,
                s.exit.baseline,
                t.sum()
            );
        }
    }

    #[test]
    fn recording_does_not_change_the_run() {
        let s = scenario();
        let seed = RunSeed::new(5, 0, 2);
        let t = record(&s, None, seed);
        let plain = crate::runner::simulate(&s, seed, &mut crate::outcome::NoObserver);
        assert_eq!(t.outcome, plain);
        assert_eq!(t.rounds.len() as u32, plain.rounds);
        assert_eq!(t.rounds.last().unwrap().end, Some(plain.ending));
    }

    #[test]
    fn party_numbers_count_within_each_kind() {
        let s = scenario();
        let t = record(&s, None, RunSeed::new(1, 0, 0));
        for k in PartyKind::ALL {
            let numbers: Vec<usize> = t
                .parties
                .iter()
                .filter(|p| p.kind == k)
                .map(|p| p.number)
                .collect();
            assert_eq!(numbers, (1..=numbers.len()).collect::<Vec<_>>());
        }
    }
}
