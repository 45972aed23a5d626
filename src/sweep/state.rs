//! What a sweep directory records about itself: sweep.json (the manifest, for people and for
//! `--resume` and `merge`) and checkpoint.json (how far the sweep got, rewritten atomically
//! after every chunk).

use std::io;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::output::sweep::write_atomic;

pub const MANIFEST: &str = "sweep.json";
pub const CHECKPOINT: &str = "checkpoint.json";
pub const RUNS: &str = "runs.csv";
pub const ROUNDS: &str = "rounds.csv";
pub const SUMMARY: &str = "summary.csv";
pub const DESIGN: &str = "design.csv";
/// runs.csv and rounds.csv while the sweep is under way: complete rows up to the checkpoint.
pub const RUNS_PARTIAL: &str = "runs.partial.csv";
pub const ROUNDS_PARTIAL: &str = "rounds.partial.csv";

/// Every file a sweep may leave in its directory.
pub const ALL_FILES: &[&str] = &[
    MANIFEST,
    CHECKPOINT,
    RUNS,
    ROUNDS,
    SUMMARY,
    DESIGN,
    RUNS_PARTIAL,
    ROUNDS_PARTIAL,
];

/// Hex SHA-256 of some bytes.
pub fn sha256(bytes: &[u8]) -> String {
    let d = Sha256::digest(bytes);
    d.iter().map(|b| format!("{b:02x}")).collect()
}

/// Hex SHA-256 of a file's contents, read in pieces.
pub fn sha256_file(path: &Path) -> io::Result<String> {
    use std::io::Read;
    let mut f = std::fs::File::open(path)?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(h.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// The current time as `YYYY-MM-DDTHH:MM:SSZ` (UTC).
pub fn now_utc() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    utc(secs)
}

/// Seconds since 1970 as `YYYY-MM-DDTHH:MM:SSZ` (proleptic Gregorian calendar).
pub fn utc(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // civil from days (H. Hinnant)
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// A file the sweep was made from.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct FileRef {
    /// Absolute path when the sweep started.
    pub path: String,
    pub sha256: String,
}

/// One varied parameter, as recorded.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ParamInfo {
    pub path: String,
    pub column: String,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<serde_json::Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
}

/// The design, as recorded.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct DesignInfo {
    pub kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub samples: Option<u64>,
    /// Saltelli designs: whether the rows for second-order indices are included.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub second_order: Option<bool>,
    pub points: u64,
    pub parameters: Vec<ParamInfo>,
    /// design.csv and its SHA-256.
    pub file: String,
    pub sha256: String,
    /// For LHS and Sobol designs: the `problem` dictionary of SALib (names and bounds).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub salib_problem: Option<serde_json::Value>,
}

/// This directory's slice of the sweep.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
pub struct ShardInfo {
    pub index: u64,
    pub count: u64,
    pub first_run: u64,
    pub end_run: u64,
}

/// A later invocation that continued the sweep.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Resumption {
    pub time: String,
    pub command_line: Vec<String>,
    pub runs_done_before: u64,
}

/// sweep.json.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Manifest {
    pub polder_version: String,
    /// `running`, `interrupted` or `complete`.
    pub status: String,
    pub command_line: Vec<String>,
    pub start_time: String,
    pub end_time: Option<String>,
    pub sweep_file: FileRef,
    pub scenario_file: FileRef,
    pub scenario_name: String,
    pub master_seed: u64,
    pub rng: String,
    pub seed_derivation: String,
    pub run_order: String,
    pub design: DesignInfo,
    pub policies: Vec<String>,
    pub replicates: u64,
    /// Runs of the whole sweep.
    pub runs_total: u64,
    /// This directory's slice when it is one shard of the sweep.
    pub shard: Option<ShardInfo>,
    /// Runs this directory holds when complete.
    pub runs: u64,
    /// Runs written so far.
    pub runs_done: u64,
    /// rounds.csv holds every k-th round of every run (and its last round); `None`: no
    /// rounds.csv.
    pub rounds_every: Option<u32>,
    pub threads: usize,
    /// The files of the directory.
    pub files: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resumed: Vec<Resumption>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub merged_from: Vec<String>,
    /// A shard's content hashes, recorded when it finished, which `merge` checks (a whole
    /// sweep records none: its sweep.json stays as it was).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<ContentHashes>,
    /// Which base scenario (its position in the file's `scenarios`) this sweep varies, when the
    /// file names several (a robustness file).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_scenario: Option<usize>,
}

/// Hex SHA-256 of a finished shard's runs.csv and rounds.csv (if any).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ContentHashes {
    pub runs_sha256: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rounds_sha256: Option<String>,
}

impl Manifest {
    pub fn read(dir: &Path) -> Result<Manifest, String> {
        let path = dir.join(MANIFEST);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            format!(
                "{} is not a sweep directory: cannot read {}: {e}",
                dir.display(),
                path.display()
            )
        })?;
        serde_json::from_str(&text).map_err(|e| {
            format!(
                "{}: not a sweep manifest of this polder: {e}",
                path.display()
            )
        })
    }

    pub fn write(&self, dir: &Path) -> io::Result<()> {
        let mut text = serde_json::to_string_pretty(self).map_err(io::Error::other)?;
        text.push('\n');
        write_atomic(&dir.join(MANIFEST), text.as_bytes())?;
        Ok(())
    }

    /// The fields that must agree for two directories to be parts of the same sweep.
    pub fn identity(&self) -> impl PartialEq + std::fmt::Debug + '_ {
        (
            &self.polder_version,
            &self.sweep_file.sha256,
            &self.scenario_file.sha256,
            self.master_seed,
            &self.design.sha256,
            &self.policies,
            self.replicates,
            self.runs_total,
            self.rounds_every,
            self.shard.map(|s| s.count),
            self.base_scenario,
        )
    }
}

/// checkpoint.json: how many runs are in the partial files and how long those files are.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Checkpoint {
    pub runs_done: u64,
    pub runs_bytes: u64,
    pub rounds_bytes: u64,
    /// Hex SHA-256 of the first `runs_bytes` bytes of runs.partial.csv (the finished runs),
    /// which resume checks before it continues (absent in checkpoints of older builds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runs_sha256: Option<String>,
    /// The same for the first `rounds_bytes` bytes of rounds.partial.csv, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rounds_sha256: Option<String>,
}

impl Checkpoint {
    pub fn read(dir: &Path) -> Option<Checkpoint> {
        let text = std::fs::read_to_string(dir.join(CHECKPOINT)).ok()?;
        serde_json::from_str(&text).ok()
    }

    pub fn write(&self, dir: &Path) -> io::Result<()> {
        let text = serde_json::to_string(self).map_err(io::Error::other)?;
        write_atomic(&dir.join(CHECKPOINT), text.as_bytes())?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_dates() {
        assert_eq!(utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(utc(1_798_761_599), "2026-12-31T23:59:59Z");
    }

    #[test]
    fn sha256_of_abc() {
        assert_eq!(
            sha256(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
