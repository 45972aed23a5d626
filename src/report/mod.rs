//! `polder report`: what it reads from a results directory.

pub mod files;
