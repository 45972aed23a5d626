//! What happens at the table, as the model reports it: the raw material of the round counts in
//! rounds.csv and of the narrated trace.

use crate::domain::Domain;
use crate::participant::Participation;

/// One event in one round. `who` is a participant index.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// A new phase began.
    PhaseStarted { phase: usize },
    /// A phase's work was done; `late_by` rounds beyond its plan (0 = on time).
    PhaseCompleted { phase: usize, late_by: u32 },
    /// A party voiced its underlying interests.
    Voiced { who: usize },
    /// The table noticed a free-rider.
    FreeRiderDetected { who: usize },
    /// A detected free-rider was pushed to contribute (formal sanction or peer pressure).
    FreeRiderSanctioned { who: usize, strength: f64 },
    /// A saboteur showed itself.
    SaboteurRevealed { who: usize },
    /// A revealed saboteur leaked confidential information.
    ConfidentialityBreach { who: usize },
    /// The table excluded a revealed saboteur.
    Excluded { who: usize },
    /// Haste led to a careless decision.
    CarelessDecision,
    /// A decision moment: the vote under the decision rule.
    Vote {
        phase: usize,
        final_vote: bool,
        yes: usize,
        voters: usize,
        passed: bool,
    },
    /// A regretter withdrew its "yes" after a passed vote.
    Withdrawal { who: usize },
    /// A passed vote fell apart because of withdrawals.
    AgreementUnravelled { phase: usize },
    /// A constituency voted on the table's agreement.
    Ratification {
        who: usize,
        approval: f64,
        carried: bool,
    },
    /// A party left the table; `weakest` is the domain furthest below (or nearest to) its lower
    /// bound, `breaches` the number of domains under their lower bound.
    Exit {
        who: usize,
        weakest: Domain,
        breaches: u8,
    },
    /// A participant changed participation level.
    LevelChanged {
        who: usize,
        from: Participation,
        to: Participation,
    },
    /// The process manager intervened, with this strength (effect x fatigue).
    Intervention {
        kind: crate::intervention::Intervention,
        strength: f64,
    },
    /// The manager took the temperature: mean estimated certainty per domain, and how many
    /// parties it estimates under a lower bound.
    Survey {
        mean: crate::domain::PerDomain<f64>,
        at_risk: usize,
    },
    /// The manager applied a spoiler strategy to saboteur `who`; `settled` if it worked.
    SpoilerManaged {
        who: usize,
        strategy: crate::intervention::Intervention,
        settled: bool,
    },
    /// A sanctioned free-rider retaliated (counter-punishment).
    Retaliation { who: usize },
    /// A neutralised greedy saboteur resumed disrupting.
    SpoilerResumed { who: usize },
    /// Too few parties remain: the process collapsed.
    Collapsed,
    /// The deadline passed without agreement.
    DeadlineReached,
}

impl Event {
    /// Whether the event shows the rules of the game failing: a reveal, a breach, a careless
    /// decision, a failed vote, a withdrawal or an unravelled agreement.
    pub fn is_procedural_incident(&self) -> bool {
        matches!(
            self,
            Event::SaboteurRevealed { .. }
                | Event::ConfidentialityBreach { .. }
                | Event::CarelessDecision
                | Event::Vote { passed: false, .. }
                | Event::Withdrawal { .. }
                | Event::AgreementUnravelled { .. }
        )
    }
}

/// Per-round counts of events, for rounds.csv.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EventCounts {
    pub total: u32,
    pub exits: u32,
    pub voices: u32,
    pub detections: u32,
    pub reveals: u32,
    pub breaches: u32,
    pub exclusions: u32,
    pub careless: u32,
    pub votes: u32,
    pub withdrawals: u32,
}

impl EventCounts {
    pub fn of(events: &[Event]) -> Self {
        let mut c = EventCounts {
            total: events.len() as u32,
            ..Self::default()
        };
        for e in events {
            match e {
                Event::Exit { .. } => c.exits += 1,
                Event::Voiced { .. } => c.voices += 1,
                Event::FreeRiderDetected { .. } => c.detections += 1,
                Event::SaboteurRevealed { .. } => c.reveals += 1,
                Event::ConfidentialityBreach { .. } => c.breaches += 1,
                Event::Excluded { .. } => c.exclusions += 1,
                Event::CarelessDecision => c.careless += 1,
                Event::Vote { .. } => c.votes += 1,
                Event::Withdrawal { .. } => c.withdrawals += 1,
                _ => {}
            }
        }
        c
    }
}
