//! The files of `polder sweep`: rows of runs.csv and rounds.csv formatted in parallel and
//! appended in whole chunks, design.csv, summary.csv, and small JSON files written atomically.
//!
//! CSV follows the csv crate's conventions: `\n` line ends, and a field is quoted only when it
//! holds a comma, a quote or a line break, or when it is guarded against formula injection
//! (see [`super::cell`]). Every CSV file polder writes is written by [`super::cell::push_record`].

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::atomic::AtomicFile;
use super::cell::push_record;
use super::csv::{ROUND_COLUMNS, RUN_COLUMNS, round_row, run_row};
use crate::outcome::RoundRecord;
use crate::runner::RunResult;
use crate::scenario::Scenario;

/// The identifying columns at the start of `polder run`'s runs.csv (`run_id`, `replicate`,
/// `seed`, `scenario`, `policy`). A sweep row has them too, with `point` after `run_id`, and then
/// the varied parameters before the outcome columns from `ending` on.
const RUN_ID_COLUMNS: usize = 5;

/// The columns of a sweep's rounds.csv before those of `polder run`'s rounds.csv from `round`
/// on: what identifies the run, so that rounds can be grouped without a join on runs.csv.
pub const ROUND_KEY_COLUMNS: &[&str] = &["run_id", "point", "replicate", "policy"];

/// The outcome columns of a sweep's runs.csv (those of `polder run` from `ending` on).
pub fn outcome_columns() -> &'static [&'static str] {
    &RUN_COLUMNS[RUN_ID_COLUMNS..]
}

/// Header of a sweep's runs.csv: `run_id, point, replicate, seed, scenario, policy`, the
/// parameter columns, then the outcome columns.
pub fn runs_header(param_columns: &[String]) -> String {
    let ids = &RUN_COLUMNS[..RUN_ID_COLUMNS];
    let mut cols: Vec<&str> = vec![ids[0], "point"];
    cols.extend(&ids[1..]);
    cols.extend(param_columns.iter().map(String::as_str));
    cols.extend(outcome_columns());
    let mut s = String::new();
    push_record(&mut s, &cols);
    s
}

/// Header of a sweep's rounds.csv: [`ROUND_KEY_COLUMNS`], then the columns of `polder run`'s
/// rounds.csv from `round` on.
pub fn rounds_header() -> String {
    let mut cols = ROUND_KEY_COLUMNS.to_vec();
    cols.extend(&ROUND_COLUMNS[1..]);
    let mut s = String::new();
    push_record(&mut s, &cols);
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
    ];
    let row = run_row(scenario, key.policy, r)?;
    // `scenario` and `policy` as `polder run` writes them, the parameters, the outcome
    let fields: Vec<&str> = ids
        .iter()
        .chain(&row[3..RUN_ID_COLUMNS])
        .chain(params)
        .chain(&row[RUN_ID_COLUMNS..])
        .map(String::as_str)
        .collect();
    push_record(buf, &fields);
    Ok(())
}

/// Append the rounds.csv rows of one run; an error if a number of them is not finite.
pub fn push_rounds(
    buf: &mut String,
    scenario: &Scenario,
    key: &RunKey<'_>,
    rounds: &[RoundRecord],
) -> io::Result<()> {
    let ids = [
        key.run_id.to_string(),
        key.point.to_string(),
        key.replicate.to_string(),
        key.policy.to_string(),
    ];
    for rec in rounds {
        let row = round_row(scenario, key.run_id, rec)?;
        let fields: Vec<&str> = ids.iter().chain(&row[1..]).map(String::as_str).collect();
        push_record(buf, &fields);
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
    /// SHA-256 of the file's first `len` bytes, kept up to date as chunks are appended.
    hash: sha2::Sha256,
}

impl ChunkFile {
    /// Create (or replace) the file with `header` as its first bytes, synced.
    pub fn create(path: &Path, header: &str) -> io::Result<Self> {
        use sha2::Digest;
        let mut file = super::atomic::create_fresh(path)?;
        file.write_all(header.as_bytes())?;
        file.sync_data()?;
        Ok(Self {
            path: path.to_path_buf(),
            file,
            len: header.len() as u64,
            hash: sha2::Sha256::new_with_prefix(header.as_bytes()),
        })
    }

    /// Open an existing file and cut it back to `len` bytes (the last checkpoint), reading
    /// those bytes for [`ChunkFile::sha256`].
    pub fn reopen(path: &Path, len: u64) -> io::Result<Self> {
        let file = super::atomic::no_follow()
            .read(true)
            .write(true)
            .open(path)?;
        let actual = file.metadata()?.len();
        if actual < len {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "{} holds {actual} bytes, fewer than the {len} its checkpoint records; the directory was changed outside polder",
                    path.display()
                ),
            ));
        }
        file.set_len(len)?;
        file.sync_data()?;
        use sha2::Digest;
        use std::io::{Read, Seek};
        let mut hash = sha2::Sha256::new();
        let mut kept = (&file).take(len);
        let mut buf = vec![0u8; 1 << 16];
        loop {
            let n = kept.read(&mut buf)?;
            if n == 0 {
                break;
            }
            hash.update(&buf[..n]);
        }
        let mut f = Self {
            path: path.to_path_buf(),
            file,
            len,
            hash,
        };
        f.file.seek(io::SeekFrom::Start(len))?;
        Ok(f)
    }

    /// Append one chunk and make it durable.
    pub fn append(&mut self, bytes: &[u8]) -> io::Result<()> {
        use sha2::Digest;
        self.file.write_all(bytes)?;
        self.file.sync_data()?;
        self.len += bytes.len() as u64;
        self.hash.update(bytes);
        Ok(())
    }

    /// Hex SHA-256 of the file's first [`ChunkFile::len`] bytes (all that has been appended).
    pub fn sha256(&self) -> String {
        use sha2::Digest;
        let d = self.hash.clone().finalize();
        d.iter().map(|b| format!("{b:02x}")).collect()
    }

    pub fn path(&self) -> &Path {
        &self.path
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A sweep's tables keep `polder run`'s columns in `polder run`'s order, with the sweep's
    /// keys added: runs.csv `point` after `run_id` and the parameters before `ending`; rounds.csv
    /// the keys of the run before `round`.
    #[test]
    fn sweep_headers_extend_those_of_run() {
        let runs = runs_header(&["a.b".to_string()]);
        let cols: Vec<&str> = runs.trim_end().split(',').collect();
        assert_eq!(cols.len(), RUN_COLUMNS.len() + 2);
        let without: Vec<&str> = cols
            .iter()
            .copied()
            .filter(|c| *c != "point" && *c != "a.b")
            .collect();
        assert_eq!(without, RUN_COLUMNS);
        let at = |c: &str| cols.iter().position(|x| *x == c).unwrap();
        assert_eq!(at("point"), at("run_id") + 1);
        assert_eq!(at("a.b"), at("policy") + 1);
        assert_eq!(at("ending"), at("a.b") + 1);
        assert!(at("scenario") < at("policy"));

        let rounds = rounds_header();
        let cols: Vec<&str> = rounds.trim_end().split(',').collect();
        assert_eq!(&cols[..ROUND_KEY_COLUMNS.len()], ROUND_KEY_COLUMNS);
        assert_eq!(&cols[ROUND_KEY_COLUMNS.len()..], &ROUND_COLUMNS[1..]);
        assert_eq!(ROUND_COLUMNS[0], "run_id");
    }
}
