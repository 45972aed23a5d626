//! Refusing output that will not fit: estimate the size of a job's files from a short
//! calibration and compare it with the free space of the output directory's file system.
//! And refusing work that would run for hours: the participant-rounds a job plays at worst
//! (every run to its deadline), said before long work and bounded unless `--allow-long`.

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

/// Participant-rounds `run`, `compare` and `sweep` play at worst without `--allow-long`: 10^10,
/// about 40 minutes on 2 threads at [`RATE_PER_THREAD`] (docs/files-and-limits.md).
pub const MAX_PARTICIPANT_ROUNDS: f64 = 1e10;
/// The same for `trace`, which holds every participant's every round in memory and writes
/// each as a row of participants.csv: 10^7 (about 1 GB).
pub const MAX_TRACE_PARTICIPANT_ROUNDS: f64 = 1e7;
/// Participant-rounds one thread plays per second, taken low for the time a job is said to
/// take at most: about 3.5 million were measured on regional-energy (20 parties); larger
/// tables are slower per party.
pub const RATE_PER_THREAD: f64 = 2e6;
/// Work whose worst case would take longer than this many seconds is announced before it
/// starts.
pub const ANNOUNCE_SECONDS: f64 = 30.0;

/// Participant-rounds one run of `s` plays at worst: every party, every round to the deadline.
pub fn worst_participant_rounds(s: &crate::scenario::Scenario) -> f64 {
    s.participants.count as f64 * f64::from(s.process.deadline())
}

/// Check `participant_rounds` (the worst case of `what`, e.g. "1000 runs of 1000 parties up to
/// round 100000") on `threads` threads against `limit`: refused (the message) over the limit
/// unless `allow_long`; else, if the worst case would take more than [`ANNOUNCE_SECONDS`], the
/// line to say before starting.
pub fn check_work(
    what: &str,
    participant_rounds: f64,
    threads: usize,
    limit: f64,
    allow_long: bool,
) -> Result<Option<String>, String> {
    let secs = participant_rounds / (RATE_PER_THREAD * threads.max(1) as f64);
    let time = human_secs(secs);
    if participant_rounds > limit && !allow_long {
        return Err(format!(
            "refusing {what}: at worst {participant_rounds:.1e} participant-rounds (every run to its deadline), up to about {time} on {threads} threads, more than the {limit:.0e} polder plays without --allow-long; use fewer runs or participants or an earlier deadline (process.max_rounds), or pass --allow-long"
        ));
    }
    Ok((secs > ANNOUNCE_SECONDS).then(|| {
        format!(
            "polder: {what}: at worst {participant_rounds:.1e} participant-rounds, up to about {time} on {threads} threads"
        )
    }))
}

/// A duration as people read it.
pub fn human_secs(s: f64) -> String {
    if s < 60.0 {
        format!("{s:.1} s")
    } else if s < 3600.0 {
        format!("{:.1} min", s / 60.0)
    } else if s < 86_400.0 {
        format!("{:.1} h", s / 3600.0)
    } else {
        format!("{:.1} days", s / 86_400.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn work_is_refused_over_the_limit_and_announced_when_long() {
        let e = check_work("1000 runs", 1e11, 2, MAX_PARTICIPANT_ROUNDS, false).unwrap_err();
        assert_eq!(
            e,
            "refusing 1000 runs: at worst 1.0e11 participant-rounds (every run to its deadline), up to about 6.9 h on 2 threads, more than the 1e10 polder plays without --allow-long; use fewer runs or participants or an earlier deadline (process.max_rounds), or pass --allow-long"
        );
        let said = check_work("1000 runs", 1e11, 2, MAX_PARTICIPANT_ROUNDS, true).unwrap();
        assert_eq!(
            said.as_deref(),
            Some(
                "polder: 1000 runs: at worst 1.0e11 participant-rounds, up to about 6.9 h on 2 threads"
            )
        );
        assert_eq!(
            check_work("a", 1e6, 2, MAX_PARTICIPANT_ROUNDS, false),
            Ok(None)
        );
        let s = crate::scenario::parse_scenario("name = \"t\"\n", Path::new("t.toml")).unwrap();
        assert_eq!(
            worst_participant_rounds(&s),
            s.participants.count as f64 * f64::from(s.process.deadline())
        );
    }

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
