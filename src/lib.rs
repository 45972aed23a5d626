//! polder: an agent-based model of multi-party collaboration processes (government, market
//! parties and civil society around one table) and the four domains of process trust.
//!
//! The library holds the model and does no I/O except in `output`; the `polder` binary is a
//! thin command line over it. The command line's modules (files, reports, sweeps, validation)
//! are the default feature `cli`; without it the model builds for the browser
//! (`wasm32-unknown-unknown`). Start at [`model::Model`] for the schedule of a round, at
//! [`scenario::Scenario`] for the parameters, and at docs/model.md for the full description.

pub mod compare;
pub mod constituency;
pub mod cooperation;
pub mod demo;
pub mod desk;
pub mod domain;
pub mod error;
pub mod events;
pub mod exit;
pub mod input;
pub mod intervention;
pub mod manager;
pub mod math;
pub mod model;
pub mod negotiation;
pub mod opportunism;
pub mod outcome;
#[cfg(feature = "cli")]
pub mod output;
pub mod participant;
pub mod policy;
pub mod process;
pub mod relations;
#[cfg(feature = "cli")]
pub mod report;
pub mod rng;
pub mod robust;
pub mod runner;
pub mod scenario;
pub mod suggest;
pub mod summary;
#[cfg(feature = "cli")]
pub mod sweep;
pub mod text;
pub mod trace;
pub mod trust;
#[cfg(feature = "cli")]
pub mod tune;
#[cfg(feature = "cli")]
pub mod validation;
pub mod web;

pub use error::InputError;
pub use model::{Ending, Model};
pub use outcome::{RoundRecord, RunOutcome};
pub use rng::RunSeed;
pub use runner::simulate;
pub use scenario::{Scenario, ScenarioError, load_scenario, parse_scenario};
