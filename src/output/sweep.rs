//! The files of `polder sweep`: rows of runs.csv and rounds.csv formatted in parallel and
//! appended in whole chunks, design.csv, summary.csv, and small JSON files written atomically.
//!
//! CSV follows the csv crate's conventions (the ones runs.csv of `polder run` uses): `\n` line
//! ends, and a field is quoted only when it holds a comma, a quote or a line break.

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::atomic::AtomicFile;
use super::csv::{ROUND_COLUMNS, RUN_COLUMNS, round_row, run_row};
use crate::outcome::RoundRecord;
use crate::runner::RunResult;
use crate::scenario::Scenario;

/// Columns of runs.csv that `polder run` writes but a sweep replaces (`run_id`, `replicate`,
/// `seed`, `scenario`, `policy`): a sweep row starts with its own identifiers and the varied
/// parameters, then the outcome columns from `ending` on.
const RUN_ID_COLUMNS: usize = 5;

/// Append one CSV field (quoted if needed) to `buf`.
pub fn push_field(buf: &mut String, field: &str) {
    if field.contains([',', '"', '\n', '\r']) {
        buf.push('"');
        buf.push_str(&field.replace('"', "\"\""));
        buf.push('"');
    } else {
        buf.push_str(field);
    }
}

/// Append one CSV record to `buf`.
pub fn push_record<S: AsRef<str>>(buf: &mut String, fields: &[S]) {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            buf.push(',');
        }
        push_field(buf, f.as_ref());
    }
    buf.push('\n');
}

/// The outcome columns of a sweep's runs.csv (those of `polder run` from `ending` on).
pub fn outcome_columns() -> &'static [&'static str] {
    &RUN_COLUMNS[RUN_ID_COLUMNS..]
}

/// Header of a sweep's runs.csv: `run_id, point, replicate, seed, policy`, the parameter
/// columns, then the outcome columns.
pub fn runs_header(param_columns: &[String]) -> String {
    let mut cols: Vec<&str> = vec!["run_id", "point", "replicate", "seed", "policy"];
    cols.extend(param_columns.iter().map(String::as_str));
    cols.extend(outcome_columns());
    let mut s = String::new();
    push_record(&mut s, &cols);
    s
}

/// Header of rounds.csv (the same as `polder run`'s).
pub fn rounds_header() -> String {
    let mut s = String::new();
    push_record(&mut s, ROUND_COLUMNS);
    s
}

/// Identifiers of one sweep run.
pub struct RunKey<'a> {
    pub run_id: u64,
    pub point: u64,
    pub replicate: u64,
    pub seed: u64,
    pub policy: &'a str,
}

/// Append the runs.csv row of one run; an error if a number of it is not finite.
pub fn push_run(
    buf: &mut String,
    scenario: &Scenario,
    key: &RunKey<'_>,
    params: &[String],
    r: &RunResult,
) -> io::Result<()> {
    let ids = [
        key.run_id.to_string(),
        key.point.to_string(),
        key.replicate.to_string(),
        key.seed.to_string(),
        key.policy.to_string(),
    ];
    let outcome = run_row(scenario, key.policy, r)?;
    let fields: Vec<&str> = ids
        .iter()
        .chain(params)
        .chain(&outcome[RUN_ID_COLUMNS..])
        .map(String::as_str)
        .collect();
    push_record(buf, &fields);
    Ok(())
}

/// Append the rounds.csv rows of one run; an error if a number of them is not finite.
pub fn push_rounds(
    buf: &mut String,
    scenario: &Scenario,
    run_id: u64,
    rounds: &[RoundRecord],
) -> io::Result<()> {
    for rec in rounds {
        push_record(buf, &round_row(scenario, run_id, rec)?);
    }
    Ok(())
}

/// A file grown in whole chunks: each chunk is written, flushed and synced before the caller
/// records the new length in its checkpoint, so that after a crash the file can be cut back to
/// the last recorded length.
pub struct ChunkFile {
    path: PathBuf,
    file: File,
    len: u64,
}

impl ChunkFile {
    /// Create (or replace) the file with `header` as its first bytes, synced.
    pub fn create(path: &Path, header: &str) -> io::Result<Self> {
        let mut file = super::atomic::create_fresh(path)?;
        file.write_all(header.as_bytes())?;
        file.sync_data()?;
        Ok(Self {
            path: path.to_path_buf(),
            file,
            len: header.len() as u64,
        })
    }

    /// Open an existing file and cut it back to `len` bytes (the last checkpoint).
    pub fn reopen(path: &Path, len: u64) -> io::Result<Self> {
        let file = super::atomic::no_follow()
            .read(true)
            .write(true)
            .open(path)?;
        let actual = file.metadata()?.len();
        if actual < len {
            return Err(io::Error::other(format!(
                "{} holds {actual} bytes, fewer than the {len} its checkpoint records; the directory was changed outside polder",
                path.display()
            )));
        }
        file.set_len(len)?;
        file.sync_data()?;
        let mut f = Self {
            path: path.to_path_buf(),
            file,
            len,
        };
        use std::io::Seek;
        f.file.seek(io::SeekFrom::Start(len))?;
        Ok(f)
    }

    /// Append one chunk and make it durable.
    pub fn append(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.file.write_all(bytes)?;
        self.file.sync_data()?;
        self.len += bytes.len() as u64;
        Ok(())
    }

    pub fn len(&self) -> u64 {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Close and move to its final name.
    pub fn finish(self, target: &Path) -> io::Result<PathBuf> {
        self.file.sync_all()?;
        drop(self.file);
        std::fs::rename(&self.path, target)?;
        sync_dir(target);
        Ok(target.to_path_buf())
    }
}

/// Make a rename durable (best effort: not every file system supports syncing a directory).
pub fn sync_dir(path: &Path) {
    if let Some(dir) = path.parent()
        && let Ok(d) = File::open(if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        })
    {
        let _ = d.sync_all();
    }
}

/// Write `bytes` to `path` atomically (temporary file, sync, rename).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<PathBuf> {
    let mut f = AtomicFile::create(path)?;
    f.write_all(bytes)?;
    let p = f.commit()?;
    sync_dir(&p);
    Ok(p)
}
