//! The `polder` binary's commands; each file holds the glue between the command line and the
//! library for a group of commands.

pub(crate) mod app;
pub(crate) mod args;
pub(crate) mod common;
pub(crate) mod cpu;
pub(crate) mod jobs;
pub(crate) mod progress;
pub(crate) mod sweeps;
pub(crate) mod trainer;
pub(crate) mod tune;
