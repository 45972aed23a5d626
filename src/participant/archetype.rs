//! Archetypes: sincere participants and the three kinds of opportunistic or strategic
//! behaviour the seed names (free-riders, saboteurs, regretters).
//!
//! An archetype is hidden: before a saboteur reveals itself it follows exactly the sincere
//! rules, so nothing in the others' view distinguishes it. The behaviour that differs lives in
//! the mechanism modules (cooperation.rs for free-riding, sabotage.rs for saboteurs,
//! decision.rs for regretters); this module only names the types.

use serde::{Deserialize, Serialize};

/// A participant's hidden type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Archetype {
    /// Conditional cooperator acting in good faith.
    Sincere,
    /// Contributes little and takes the benefit.
    FreeRider,
    /// Behaves like a sincere participant until its reveal, then disrupts.
    Saboteur,
    /// Spijtoptant: backs out of what it agreed after decision moments.
    Regretter,
}

impl Archetype {
    pub const ALL: [Archetype; 4] = [
        Archetype::Sincere,
        Archetype::FreeRider,
        Archetype::Saboteur,
        Archetype::Regretter,
    ];

    pub const fn key(self) -> &'static str {
        match self {
            Archetype::Sincere => "sincere",
            Archetype::FreeRider => "free_rider",
            Archetype::Saboteur => "saboteur",
            Archetype::Regretter => "regretter",
        }
    }

    pub const fn label_nl(self) -> &'static str {
        match self {
            Archetype::Sincere => "oprechte deelnemer",
            Archetype::FreeRider => "meelifter",
            Archetype::Saboteur => "saboteur",
            Archetype::Regretter => "spijtoptant",
        }
    }
}
