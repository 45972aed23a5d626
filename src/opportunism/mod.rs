//! Opportunistic and strategic behaviour (social domain): free-riders and saboteurs. Regretters
//! act at decision moments and live in process/decision.rs.

pub mod free_riding;
pub mod sabotage;
