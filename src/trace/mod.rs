//! The narrated trace: one run told round by round as a story a workshop audience can follow,
//! in English or Dutch, built from the model's own state and events; and two runs side by side
//! (the same parties and the same luck, two process managers).
//!
//! [`record`] plays a run and keeps what the story needs; [`story`] tells one run, [`versus`]
//! two; [`files`] writes a trace for `polder report`. The sentences both tell, in both
//! languages, are in [`words`]; the names of things (domains, kinds, interventions) in
//! [`crate::text`].

#[cfg(feature = "cli")]
pub mod files;
pub mod record;
pub mod story;
pub mod versus;
pub mod words;

pub use record::{Trace, record};
pub use story::{Story, narrate};
