//! Output writers. Files are written under a temporary name and renamed into place when
//! complete, so a reader never sees a half-written file. [`report`] renders results for people
//! on the terminal.

pub mod atomic;
pub mod cell;
pub mod csv;
pub mod disk;
pub mod report;
pub mod robust;
pub mod scenario;
pub mod sweep;
pub mod tune;
