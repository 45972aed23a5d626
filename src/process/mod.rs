//! The process: phases with planned durations (fasering), pace and status, and decision
//! moments.

pub mod decision;
pub mod progress;

use crate::scenario::Scenario;

/// Where the process stands compared with its plan ("where are we, and do we agree?").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Ahead of the plan by more than the tolerance.
    Ahead,
    /// Within the tolerance of the plan.
    OnTrack,
    /// Behind the plan by more than the tolerance.
    Behind,
    /// Past the planned end without agreement.
    Overdue,
}

impl Status {
    pub const fn key(self) -> &'static str {
        match self {
            Status::Ahead => "ahead",
            Status::OnTrack => "on_track",
            Status::Behind => "behind",
            Status::Overdue => "overdue",
        }
    }

    pub const fn label_nl(self) -> &'static str {
        match self {
            Status::Ahead => "voor op schema",
            Status::OnTrack => "op schema",
            Status::Behind => "achter op schema",
            Status::Overdue => "over tijd",
        }
    }
}

/// The process's own state.
#[derive(Debug, Clone)]
pub struct ProcessState {
    /// Index of the current phase.
    pub phase: usize,
    /// Work done in the current phase, in planned rounds.
    pub phase_progress: f64,
    /// First round of the current phase.
    pub phase_started: u32,
    /// Planned rounds of all phases completed so far.
    pub completed_plan: u32,
    /// The table's current level of detail, 0..1.
    pub detail: f64,
    /// Earliest round of the next vote in this phase.
    pub next_vote: u32,
    /// Pace pushed by the process (planned pace; a process manager may change it).
    pub pace: f64,
    /// Work done in the last round relative to the plan (1 = planned pace).
    pub last_work: f64,
    /// Sum of the planned phase durations.
    pub planned_rounds: u32,
    /// Deadline in rounds.
    pub deadline: u32,
}

impl ProcessState {
    pub fn new(s: &Scenario) -> Self {
        Self {
            phase: 0,
            phase_progress: 0.0,
            phase_started: 1,
            completed_plan: 0,
            detail: s.process.phases[0].detail,
            next_vote: 0,
            pace: s.process.pace,
            last_work: 0.0,
            planned_rounds: s.process.planned_rounds(),
            deadline: s.process.deadline(),
        }
    }

    /// Planned rounds' worth of work done so far.
    pub fn position_in_plan(&self, s: &Scenario) -> f64 {
        let phase_rounds = f64::from(s.process.phases[self.phase].rounds);
        f64::from(self.completed_plan) + self.phase_progress.min(phase_rounds)
    }

    /// Status at the end of `round`: the work done against the plan, with a tolerance of one
    /// round or a tenth of the planned duration, whichever is larger.
    pub fn status(&self, s: &Scenario, round: u32) -> Status {
        if round > self.planned_rounds {
            return Status::Overdue;
        }
        let lag = self.lag(s, round);
        let tolerance = self.lag_tolerance();
        if lag > tolerance {
            Status::Behind
        } else if lag < -tolerance {
            Status::Ahead
        } else {
            Status::OnTrack
        }
    }

    /// Rounds behind the plan at the end of `round` (negative: ahead).
    pub fn lag(&self, s: &Scenario, round: u32) -> f64 {
        f64::from(round) - self.position_in_plan(s)
    }

    /// Lag within which the process counts as on track: one round or a tenth of the planned
    /// duration, whichever is larger.
    pub fn lag_tolerance(&self) -> f64 {
        (0.1 * f64::from(self.planned_rounds)).max(1.0)
    }
}
