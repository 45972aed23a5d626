//! The integration tests, as modules of one test binary (one link step, one place for the
//! shared helpers in `common`). tests/allocation.rs stays a binary of its own: it installs a
//! counting global allocator, which would count every other test's allocations too.

mod common;

mod app;
mod cli;
mod compare;
mod corpus;
mod desk;
mod determinism;
mod garbage;
mod hostile;
mod interventions;
mod invariants;
mod mechanisms;
mod parameters;
mod properties;
mod report;
mod robust;
mod scenario_claims;
mod sweep;
mod trace;
mod tune;
mod validation;
mod web;
