//! Participants: the party representatives at the table, their state and their creation.

pub mod archetype;
pub mod kind;
pub mod ownership;
pub mod population;

use crate::domain::PerDomain;
pub use archetype::Archetype;
pub use kind::PartyKind;
pub use ownership::Participation;

/// Whether a participant is still at the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    Active,
    /// Left voluntarily in the given round.
    Exited(u32),
    /// Excluded by the table in the given round (revealed saboteurs).
    Excluded(u32),
}

/// The purposes of a participant's per-round dice ([`crate::model::Model::die`]). A die is a
/// function of the run, the round, the participant and the purpose (see [`crate::rng::Dice`]),
/// so one party's luck does not depend on what the others did, nor on which other dice were read
/// (common random numbers).
pub mod dice {
    pub const PARTNER: usize = 0;
    pub const VOICE: usize = 1;
    pub const EXIT: usize = 2;
    pub const DETECT: usize = 3;
    pub const BREACH: usize = 4;
    pub const EXCLUDE: usize = 5;
    pub const REGRET: usize = 6;
}

/// One party's representative. Every state variable of docs/model.md section 2.2 is a field.
#[derive(Debug)]
pub struct Participant {
    pub id: usize,
    pub kind: PartyKind,
    pub archetype: Archetype,
    pub presence: Presence,

    /// Perceived certainty per domain (zekerheid), 0..1.
    pub certainty: PerDomain<f64>,
    /// Process trust: certainties combined under compensation, 0..1.
    pub process_trust: f64,
    /// Number of domains below their lower bound (after compensation where allowed).
    pub breaches: u8,

    /// Loyalty to the constituency before ownership shifts it (scenario strength included), 0..1.
    pub loyalty_base: f64,
    /// Effective dual-loyalty weight toward the constituency, 0..1.
    pub loyalty: f64,
    /// The constituency's ideal point on the issue, 0..1.
    pub constituency_ideal: f64,
    /// The distance from their ideal within which the constituency's members accept a deal:
    /// `constituency.tolerance x (1 - constituency.mandate x loyalty_base)`.
    pub tolerance: f64,
    /// Constituency displeasure with the current proposal, 0..1.
    pub displeasure: f64,
    /// Position the representative takes at the table, 0..1.
    pub position: f64,
    /// Trait willingness to negotiate, 0..1.
    pub willingness_base: f64,
    /// Effective willingness to negotiate this round, 0..1.
    pub willingness: f64,
    /// Whether this party has voiced its underlying interests.
    pub interests_voiced: bool,
    /// Identification with the topic and its urgency, 0..1.
    pub topic_identification: f64,
    /// Identification with the others (the collective), 0..1.
    pub group_identification: f64,
    /// Ownership score driving the participation level, 0..1.
    pub ownership: f64,
    /// Participation level: dutiful, engaged or co-owner.
    pub participation: Participation,

    /// Belief about the others' mean contribution, 0..1.
    pub belief: f64,
    /// Contribution (effort) this round, share of capacity 0..1.
    pub contribution: f64,
    /// Sum of contributions so far (sunk investment).
    pub invested: f64,
    /// Attractiveness of the outside option, 0..1.
    pub outside_option: f64,
    /// Memory of exits by related parties (exit contagion).
    pub contagion: f64,
    /// Mean relation with the other parties at the table, as of this round's signals.
    pub mean_relation: f64,

    /// Round in which a saboteur reveals itself (drawn for every participant).
    pub reveal_round: u32,
    /// A saboteur that has shown itself.
    pub revealed: bool,
    /// Stedman's spoiler kind (drawn for everyone, relevant for saboteurs).
    pub spoiler: crate::intervention::kind::SpoilerKind,
    /// A revealed saboteur that the manager has brought round (it no longer disrupts).
    pub neutralised: bool,
    /// Round in which a neutralised greedy saboteur resumes disrupting, if it will.
    pub resume_round: Option<u32>,
    /// A revealed saboteur's insider standing: the share of the planned duration it spent at
    /// the table undetected (capped at 1). Its access and credibility scale its damage.
    pub insider: f64,
    /// A free-rider the others have noticed.
    pub detected: bool,
    /// Phase in which a regretter last withdrew a "yes" (it withdraws at most once per phase).
    pub withdrew_in_phase: Option<usize>,
    /// How far this representative misreads its constituency's approval when it sounds it out
    /// (a persistent error, drawn at seating).
    pub sounding_error: f64,

    /// Signals collected this round, per domain, before the trust update.
    pub signal: PerDomain<f64>,
}

impl Participant {
    #[inline]
    pub fn is_active(&self) -> bool {
        matches!(self.presence, Presence::Active)
    }

    /// A saboteur that has revealed itself and disrupts.
    #[inline]
    pub fn is_disrupting(&self) -> bool {
        self.revealed && self.archetype == Archetype::Saboteur && !self.neutralised
    }
}
