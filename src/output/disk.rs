//! Refusing output that will not fit: estimate the size of a job's files from a short
//! calibration and compare it with the free space of the output directory's file system.

use std::path::Path;

/// Bytes free for an unprivileged user on the file system holding `path`, if the platform can
/// tell.
#[cfg(unix)]
pub fn free_bytes(path: &Path) -> Option<u64> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c = CString::new(path.as_os_str().as_bytes()).ok()?;
    let mut st: libc::statvfs = unsafe { std::mem::zeroed() };
    // SAFETY: `c` is a valid NUL-terminated path and `st` a properly sized out-parameter.
    let rc = unsafe { libc::statvfs(c.as_ptr(), &mut st) };
    if rc != 0 {
        return None;
    }
    Some((st.f_bavail as u64).saturating_mul(st.f_frsize as u64))
}

#[cfg(not(unix))]
pub fn free_bytes(_path: &Path) -> Option<u64> {
    None
}

/// Free bytes for a path that may not exist yet: asks its nearest existing ancestor.
pub fn free_bytes_for(path: &Path) -> Option<u64> {
    let mut p = Some(path);
    while let Some(q) = p {
        if q.exists() {
            return free_bytes(q);
        }
        p = q.parent().filter(|x| !x.as_os_str().is_empty());
    }
    free_bytes(Path::new("."))
}

/// Human-readable size.
pub fn human(bytes: f64) -> String {
    const UNITS: [&str; 5] = ["B", "KB", "MB", "GB", "TB"];
    let mut v = bytes;
    let mut u = 0;
    while v >= 1000.0 && u < UNITS.len() - 1 {
        v /= 1000.0;
        u += 1;
    }
    format!("{v:.1} {}", UNITS[u])
}

/// Why a job was refused.
#[derive(Debug, Clone, PartialEq)]
pub struct TooLarge {
    pub estimated: f64,
    pub free: u64,
}

impl std::fmt::Display for TooLarge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the output would need about {} but only {} are free",
            human(self.estimated),
            human(self.free as f64)
        )
    }
}

/// Refuse when `estimated` bytes (plus a 5% margin) do not fit in `free`.
pub fn check_fits(estimated: f64, free: Option<u64>) -> Result<(), TooLarge> {
    match free {
        Some(free) if estimated * 1.05 > free as f64 => Err(TooLarge { estimated, free }),
        _ => Ok(()),
    }
}

/// Estimated bytes of runs.csv (and rounds.csv if `with_rounds`) for `runs` replicates of one
/// policy, from a calibration of up to 32 replicates played now (their rows are formatted
/// exactly as the writers would).
pub fn estimate_run_bytes(
    scenario: &crate::scenario::Scenario,
    policy: Option<&crate::policy::PolicySpec>,
    seed: u64,
    runs: u64,
    with_rounds: bool,
) -> f64 {
    use crate::output::csv::{round_row, run_row};
    let sample = runs.clamp(1, 32);
    let name = policy.map(|p| p.name.as_str()).unwrap_or("none");
    let row_bytes = |fields: &[String]| fields.iter().map(|f| f.len() + 1).sum::<usize>();
    let mut bytes = 0usize;
    for r in 0..sample {
        let res = crate::runner::run_one(
            scenario,
            policy,
            r,
            crate::rng::RunSeed::new(seed, 0, r),
            with_rounds,
        );
        // a row that cannot be written counts 0 here; the writer refuses it with its reason
        bytes += row_bytes(&run_row(scenario, name, &res).unwrap_or_default());
        for rec in &res.rounds {
            bytes += row_bytes(&round_row(scenario, r, rec).unwrap_or_default());
        }
    }
    bytes as f64 / sample as f64 * runs as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_refusal() {
        assert_eq!(human(1_500_000.0), "1.5 MB");
        assert!(check_fits(1e6, Some(2_000_000)).is_ok());
        let err = check_fits(1e12, Some(1_000_000_000)).unwrap_err();
        assert!(err.to_string().contains("1.0 TB") && err.to_string().contains("1.0 GB"));
        assert!(check_fits(1e18, None).is_ok());
        assert!(free_bytes(Path::new(".")).is_some_and(|b| b > 0));
    }
}
