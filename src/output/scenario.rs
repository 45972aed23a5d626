//! The copy of the resolved scenario that `run`, `compare` and `trace` leave next to their
//! results, so that `polder report` knows the scenario's lower bounds and challenges and the
//! results can be run again.

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
