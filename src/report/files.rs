//! What the report reads from a results directory, and the copy of the resolved scenario that
//! `run`, `compare` and `trace` leave there so that the report knows the scenario's lower
//! bounds and challenges.

use std::io::{self, Write};
use std::path::Path;

use crate::output::atomic::AtomicFile;
use crate::scenario::Scenario;

/// The resolved scenario, written next to the results.
pub const SCENARIO: &str = "scenario.toml";

/// The resolved scenario (every parameter, defaults filled in) as an atomic file in `dir`,
/// still to be committed.
pub fn scenario_file(dir: &Path, scenario: &Scenario) -> io::Result<AtomicFile> {
    let text = scenario.to_toml().map_err(io::Error::other)?;
    let mut f = AtomicFile::create(&dir.join(SCENARIO))?;
    writeln!(
        f,
        "# The resolved scenario of these results, written by polder {}: every parameter, defaults\n\
         # filled in. `polder report` reads its lower bounds and challenges; `polder run` can run it again.",
        env!("CARGO_PKG_VERSION")
    )?;
    f.write_all(text.as_bytes())?;
    Ok(f)
}
