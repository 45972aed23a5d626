//! What a run produces: one outcome row per run and one record per round.

use crate::domain::{Domain, PerDomain};
use crate::events::{Event, EventCounts};
use crate::model::{Ending, Model};
use crate::participant::{Archetype, Participation};
use crate::process::Status;

/// Columns of runs.csv, in order: a run's keys and the measures of [`RunOutcome`]. They live here,
/// with the outcome, so that the sweep file's check on column names needs no writer; docs/output.md
/// explains each.
pub const RUN_COLUMNS: &[&str] = &[
    "run_id",
    "replicate",
    "seed",
    "scenario",
    "policy",
    "ending",
    "rounds",
    "agreement",
    "agreement_round",
    "ratified",
    "inclusive",
    "home_rejections",
    "participants",
    "active",
    "exited",
    "excluded",
    "dropout_rate",
    "final_content",
    "final_social",
    "final_procedural",
    "final_task_time",
    "final_process_trust",
    "share_dutiful",
    "share_engaged",
    "share_co_owner",
    "mean_contribution",
    "mean_contribution_sincere",
    "free_riders",
    "free_riders_detected",
    "saboteurs",
    "saboteurs_revealed",
    "first_reveal_round",
    "regretters",
    "withdrawals",
    "votes",
    "careless_decisions",
    "confidentiality_breaches",
    "voiced_share",
    "phase_reached",
    "final_proposal",
    "position_spread",
    "interventions",
    "budget_spent",
    "surveys",
];

/// Columns of rounds.csv, in order.
pub const ROUND_COLUMNS: &[&str] = &[
    "run_id",
    "round",
    "phase",
    "status",
    "active",
    "exited",
    "excluded",
    "mean_content",
    "mean_social",
    "mean_procedural",
    "mean_task_time",
    "mean_process_trust",
    "mean_contribution",
    "share_dutiful",
    "share_engaged",
    "share_co_owner",
    "work",
    "progress",
    "proposal",
    "position_spread",
    "mean_relation",
    "events",
    "exits",
    "voices",
    "detections",
    "reveals",
    "breaches",
    "exclusions",
    "careless",
    "votes",
    "withdrawals",
];

/// Mean certainty per domain, mean process trust and participation shares of a set of
/// participants (the active ones, or everyone if none is left).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct TableState {
    pub certainty: PerDomain<f64>,
    pub process_trust: f64,
    pub contribution: f64,
    pub share_dutiful: f64,
    pub share_engaged: f64,
    pub share_co_owner: f64,
    pub position_mean: f64,
    pub position_sd: f64,
    /// Mean relation strength between the parties counted.
    pub relation: f64,
}

impl TableState {
    pub fn of(m: &Model) -> Self {
        let any_active = m.people.iter().any(|p| p.is_active());
        let mut t = TableState::default();
        let mut n = 0usize;
        for p in m.people.iter().filter(|p| p.is_active() || !any_active) {
            n += 1;
            for d in 0..4 {
                t.certainty[d] += p.certainty[d];
            }
            t.process_trust += p.process_trust;
            t.contribution += p.contribution;
            t.position_mean += p.position;
            t.relation += m.mean_relation(p.id);
            match p.participation {
                Participation::Dutiful => t.share_dutiful += 1.0,
                Participation::Engaged => t.share_engaged += 1.0,
                Participation::CoOwner => t.share_co_owner += 1.0,
            }
        }
        if n == 0 {
            return t;
        }
        let nf = n as f64;
        for c in &mut t.certainty {
            *c /= nf;
        }
        t.process_trust /= nf;
        t.contribution /= nf;
        t.share_dutiful /= nf;
        t.share_engaged /= nf;
        t.share_co_owner /= nf;
        t.position_mean /= nf;
        t.relation /= nf;
        let var = m
            .people
            .iter()
            .filter(|p| p.is_active() || !any_active)
            .map(|p| (p.position - t.position_mean).powi(2))
            .sum::<f64>()
            / nf;
        t.position_sd = var.sqrt();
        t
    }
}

/// One round of one run.
#[derive(Debug, Clone, PartialEq)]
pub struct RoundRecord {
    pub round: u32,
    pub phase: usize,
    pub status: Status,
    pub active: usize,
    pub exited: usize,
    pub excluded: usize,
    pub table: TableState,
    /// Work done this round relative to the plan (1 = planned pace).
    pub work: f64,
    /// Planned rounds' worth of work done so far.
    pub progress: f64,
    /// The proposal on the table at the end of the round.
    pub proposal: f64,
    pub events: EventCounts,
}

impl RoundRecord {
    pub fn of(m: &Model) -> Self {
        let (exited, excluded) = m.departures();
        RoundRecord {
            round: m.round,
            phase: m.process.phase,
            status: m.process.status(m.scenario, m.round),
            active: m.active_count(),
            exited,
            excluded,
            table: TableState::of(m),
            work: m.process.last_work,
            progress: m.process.position_in_plan(m.scenario),
            proposal: m.current_proposal(),
            events: EventCounts::of(&m.events),
        }
    }
}

impl RoundRecord {
    /// The first number of this record that is not finite, by its rounds.csv column, if any.
    pub fn first_non_finite(&self) -> Option<(&'static str, f64)> {
        let t = &self.table;
        let fields = [
            ("mean_content", t.certainty[0]),
            ("mean_social", t.certainty[1]),
            ("mean_procedural", t.certainty[2]),
            ("mean_task_time", t.certainty[3]),
            ("mean_process_trust", t.process_trust),
            ("mean_contribution", t.contribution),
            ("share_dutiful", t.share_dutiful),
            ("share_engaged", t.share_engaged),
            ("share_co_owner", t.share_co_owner),
            ("work", self.work),
            ("progress", self.progress),
            ("proposal", self.proposal),
            ("position_spread", t.position_sd),
            ("mean_relation", t.relation),
        ];
        fields.into_iter().find(|(_, v)| !v.is_finite())
    }
}

/// Everything a run ends with.
#[derive(Debug, Clone, PartialEq)]
pub struct RunOutcome {
    pub ending: Ending,
    pub rounds: u32,
    pub agreement: bool,
    pub agreement_round: Option<u32>,
    pub ratified: bool,
    /// Ratified, with every essential party and kind still at the table and enough of the
    /// original seats (see [`Model::inclusive`]).
    pub inclusive: bool,
    /// Signatories whose constituency rejected the final agreement when it was put to them
    /// (0 when no final vote passed). Under a qualified majority an agreement can stand with
    /// some of them.
    pub home_rejections: u32,
    pub participants: usize,
    pub active: usize,
    pub exited: usize,
    pub excluded: usize,
    pub dropout_rate: f64,
    pub final_table: TableState,
    pub phase_reached: usize,
    pub free_riders: usize,
    pub free_riders_detected: usize,
    pub saboteurs: usize,
    pub saboteurs_revealed: usize,
    pub first_reveal_round: Option<u32>,
    pub regretters: usize,
    pub withdrawals: u32,
    pub votes: u32,
    pub careless_decisions: u32,
    pub confidentiality_breaches: u32,
    pub voiced_share: f64,
    pub mean_contribution: f64,
    pub mean_contribution_sincere: f64,
    pub final_proposal: f64,
    /// Participant-rounds played (sum over rounds of the parties at the table).
    pub participant_rounds: u64,
    /// Interventions the process manager made.
    pub interventions: u32,
    /// Budget units the manager spent.
    pub budget_spent: f64,
    /// Surveys (temperature takings) held.
    pub surveys: u32,
}

impl RunOutcome {
    pub fn of(m: &Model) -> Self {
        let n = m.people.len();
        let (exited, excluded) = m.departures();
        let t = &m.tally;
        let mean = |sum: f64, count: u64| if count == 0 { 0.0 } else { sum / count as f64 };
        let ending = m.end.unwrap_or(Ending::Deadline);
        RunOutcome {
            ending,
            rounds: m.round,
            agreement: t.agreement_round.is_some(),
            agreement_round: t.agreement_round,
            ratified: ending == Ending::Ratified,
            inclusive: m.inclusive(),
            home_rejections: t.home_rejections,
            participants: n,
            active: m.active_count(),
            exited,
            excluded,
            dropout_rate: exited as f64 / n as f64,
            final_table: TableState::of(m),
            phase_reached: m.process.phase,
            free_riders: m.count_archetype(Archetype::FreeRider),
            free_riders_detected: m.people.iter().filter(|p| p.detected).count(),
            saboteurs: m.count_archetype(Archetype::Saboteur),
            saboteurs_revealed: m
                .people
                .iter()
                .filter(|p| p.archetype == Archetype::Saboteur && p.revealed)
                .count(),
            first_reveal_round: t.first_reveal_round,
            regretters: m.count_archetype(Archetype::Regretter),
            withdrawals: t.withdrawals,
            votes: t.votes,
            careless_decisions: t.careless_decisions,
            confidentiality_breaches: t.confidentiality_breaches,
            voiced_share: m.people.iter().filter(|p| p.interests_voiced).count() as f64 / n as f64,
            mean_contribution: mean(t.contribution_sum, t.contribution_count),
            mean_contribution_sincere: mean(
                t.sincere_contribution_sum,
                t.sincere_contribution_count,
            ),
            final_proposal: m.current_proposal(),
            participant_rounds: t.contribution_count,
            interventions: m.manager.interventions,
            budget_spent: m.manager.spent,
            surveys: m.manager.surveys,
        }
    }

    /// The first number of this outcome that is not finite, by its runs.csv column, if any.
    /// polder never writes NaN or an infinity: a writer refuses the row instead.
    pub fn first_non_finite(&self) -> Option<(&'static str, f64)> {
        let t = &self.final_table;
        let fields = [
            ("dropout_rate", self.dropout_rate),
            ("final_content", t.certainty[0]),
            ("final_social", t.certainty[1]),
            ("final_procedural", t.certainty[2]),
            ("final_task_time", t.certainty[3]),
            ("final_process_trust", t.process_trust),
            ("share_dutiful", t.share_dutiful),
            ("share_engaged", t.share_engaged),
            ("share_co_owner", t.share_co_owner),
            ("mean_contribution", self.mean_contribution),
            ("mean_contribution_sincere", self.mean_contribution_sincere),
            ("voiced_share", self.voiced_share),
            ("final_proposal", self.final_proposal),
            ("position_spread", t.position_sd),
            ("budget_spent", self.budget_spent),
        ];
        fields.into_iter().find(|(_, v)| !v.is_finite())
    }

    /// Final mean certainty of a domain.
    pub fn final_certainty(&self, d: Domain) -> f64 {
        self.final_table.certainty[d.index()]
    }
}

/// Receives each round of a run as it is played (for rounds.csv, traces and reports).
pub trait Observer {
    /// Called after every round, with the round's events.
    fn round(&mut self, model: &Model, events: &[Event]);
}

/// Records nothing.
pub struct NoObserver;

impl Observer for NoObserver {
    #[inline]
    fn round(&mut self, _: &Model, _: &[Event]) {}
}

/// Records a [`RoundRecord`] per round.
#[derive(Default)]
pub struct RoundRecorder {
    pub rounds: Vec<RoundRecord>,
}

impl Observer for RoundRecorder {
    fn round(&mut self, model: &Model, _: &[Event]) {
        self.rounds.push(RoundRecord::of(model));
    }
}
