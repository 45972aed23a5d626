//! `polder merge`: combine the shard directories of one sweep into the files an unsharded
//! sweep would have written: runs.csv (and rounds.csv) concatenated in run-id order, design.csv,
//! and summary.csv computed from the merged runs.csv, all byte-identical to an unsharded run.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use super::exec::SweepError;
use super::state::{self, Manifest};
use super::summary::summarize;
use crate::output::atomic::AtomicFile;

/// What a merge wrote.
#[derive(Debug, Clone)]
pub struct MergeReport {
    pub dir: PathBuf,
    pub shards: u64,
    pub runs: u64,
    pub files: Vec<PathBuf>,
}

/// The shard directories named by `inputs`: each input is a shard directory (it holds
/// sweep.json) or a directory whose `shard-*` subdirectories are shards.
fn shard_dirs(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, SweepError> {
    let mut out = Vec::new();
    for d in inputs {
        if d.join(state::MANIFEST).exists() {
            out.push(d.clone());
            continue;
        }
        let entries = std::fs::read_dir(d)
            .map_err(|e| SweepError::bad(format!("cannot read {}: {e}", d.display())))?;
        let mut found: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.is_dir()
                    && p.file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with("shard-"))
                    && p.join(state::MANIFEST).exists()
            })
            .collect();
        if found.is_empty() {
            return Err(SweepError::bad(format!(
                "{} is neither a shard directory (no sweep.json) nor holds shard-* directories",
                d.display()
            )));
        }
        found.sort();
        out.extend(found);
    }
    Ok(out)
}

/// Append `src` to `out`, skipping its header line unless `keep_header`; the header must equal
/// `header` (set from the first file).
fn append_csv(
    src: &Path,
    out: &mut impl Write,
    header: &mut Option<String>,
) -> Result<(), SweepError> {
    let f = File::open(src)
        .map_err(|e| SweepError::Failed(format!("cannot read {}: {e}", src.display())))?;
    let mut r = BufReader::with_capacity(1 << 16, f);
    let mut first = String::new();
    r.read_line(&mut first)
        .map_err(|e| SweepError::Failed(format!("cannot read {}: {e}", src.display())))?;
    match header {
        None => {
            out.write_all(first.as_bytes())
                .map_err(|e| SweepError::Failed(e.to_string()))?;
            *header = Some(first);
        }
        Some(h) if *h == first => {}
        Some(_) => {
            return Err(SweepError::bad(format!(
                "{} has other columns than the first shard's",
                src.display()
            )));
        }
    }
    io::copy(&mut r, out)
        .map_err(|e| SweepError::Failed(format!("cannot copy {}: {e}", src.display())))?;
    Ok(())
}

/// A reader that hashes what passes through it.
struct Hashing<R> {
    inner: R,
    hash: sha2::Sha256,
}

impl<R: io::Read> io::Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        use sha2::Digest;
        let n = self.inner.read(buf)?;
        self.hash.update(&buf[..n]);
        Ok(n)
    }
}

/// Read a shard's table `name`, checking each row's run id with `check_id` (given the row's
/// number and its run id), and return its rows and hex SHA-256.
fn read_table(
    dir: &Path,
    name: &str,
    mut check_id: impl FnMut(u64, u64) -> Result<(), String>,
) -> Result<(u64, String), SweepError> {
    use sha2::Digest;
    let path = dir.join(name);
    let file = File::open(&path)
        .map_err(|e| SweepError::Failed(format!("cannot read {}: {e}", path.display())))?;
    let mut hashing = Hashing {
        inner: BufReader::with_capacity(1 << 16, file),
        hash: sha2::Sha256::new(),
    };
    let tampered = |what: String| {
        SweepError::bad(format!(
            "shard {} does not match its sweep.json: {name} {what}; the shard was changed after it finished: run it again (`polder sweep --shard ... --force`)",
            dir.display()
        ))
    };
    let mut rows = 0u64;
    {
        let mut reader = csv::ReaderBuilder::new().from_reader(&mut hashing);
        let mut record = csv::ByteRecord::new();
        loop {
            match reader.read_byte_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => return Err(tampered(format!("is not valid CSV ({e})"))),
            }
            let id = std::str::from_utf8(record.get(0).unwrap_or_default())
                .ok()
                .and_then(|t| t.parse::<u64>().ok());
            let Some(id) = id else {
                return Err(tampered(format!("row {} has no run id", rows + 1)));
            };
            check_id(rows, id).map_err(tampered)?;
            rows += 1;
        }
    }
    let digest = hashing.hash.finalize();
    Ok((rows, digest.iter().map(|b| format!("{b:02x}")).collect()))
}

/// Check a finished shard against its manifest: its runs.csv holds each of its run ids once,
/// in order, and no other (so the row count is right), and its runs.csv and rounds.csv have
/// the content hashes recorded when it finished (shards written before polder recorded them
/// are checked by their run ids only).
fn verify_shard(m: &Manifest, dir: &Path) -> Result<(), SweepError> {
    let s = m.shard.expect("a shard");
    let (rows, runs_hash) = read_table(dir, state::RUNS, |row, id| {
        let want = s.first_run + row;
        match id {
            _ if id == want => Ok(()),
            _ if id < want => Err(format!("holds run {id} twice (or out of order)")),
            _ if want < s.end_run => Err(format!("lacks run {want}")),
            _ => Err(format!("holds run {id}, which is not this shard's")),
        }
    })?;
    if rows != s.end_run - s.first_run {
        return Err(SweepError::bad(format!(
            "shard {} does not match its sweep.json: runs.csv holds {rows} runs, not the {} of runs {}..{}; the shard was changed after it finished: run it again",
            dir.display(),
            s.end_run - s.first_run,
            s.first_run,
            s.end_run
        )));
    }
    let Some(content) = &m.content else {
        return Ok(());
    };
    let mismatch = |name: &str| {
        SweepError::bad(format!(
            "shard {} does not match its sweep.json: {name} has another SHA-256 than the one recorded when the shard finished; the shard was changed after it finished: run it again",
            dir.display()
        ))
    };
    if runs_hash != content.runs_sha256 {
        return Err(mismatch(state::RUNS));
    }
    if let Some(want) = &content.rounds_sha256 {
        let (_, rounds_hash) = read_table(dir, state::ROUNDS, |_, id| {
            if (s.first_run..s.end_run).contains(&id) {
                Ok(())
            } else {
                Err(format!("holds run {id}, which is not this shard's"))
            }
        })?;
        if rounds_hash != *want {
            return Err(mismatch(state::ROUNDS));
        }
    }
    Ok(())
}

/// Merge the shards found in `inputs` into `out`.
pub fn merge(
    inputs: &[PathBuf],
    out: &Path,
    force: bool,
    command_line: Vec<String>,
) -> Result<MergeReport, SweepError> {
    let shards = complete_shards(inputs)?;
    check_tiling(&shards)?;
    for (m, d) in &shards {
        verify_shard(m, d)?;
    }
    prepare_out(out, &shards, force)?;
    let (first, first_dir) = &shards[0];
    let mut files = write_merged(first, first_dir, &shards, out)?;
    let m = merged_manifest(&shards, &files, command_line);
    m.write(out).map_err(io_fail(&out.join(state::MANIFEST)))?;
    files.push(out.join(state::MANIFEST));
    Ok(MergeReport {
        dir: out.to_path_buf(),
        shards: first.shard.expect("checked").count,
        runs: first.runs_total,
        files,
    })
}

/// The atomic writers' errors name the file.
fn io_fail(_: &Path) -> impl Fn(io::Error) -> SweepError {
    |e: io::Error| SweepError::Failed(e.to_string())
}

/// The shards under `inputs`, each complete, in the order of their index.
fn complete_shards(inputs: &[PathBuf]) -> Result<Vec<(Manifest, PathBuf)>, SweepError> {
    let bad = SweepError::bad;
    let dirs = shard_dirs(inputs)?;
    let mut shards: Vec<(Manifest, PathBuf)> = Vec::with_capacity(dirs.len());
    for d in dirs {
        let m = Manifest::read(&d).map_err(bad)?;
        if m.shard.is_none() {
            return Err(bad(format!(
                "{} holds a whole sweep, not a shard; there is nothing to merge",
                d.display()
            )));
        }
        if m.status != "complete" || !d.join(state::RUNS).exists() {
            return Err(bad(format!(
                "shard {} is not complete ({} of {} runs, status {}); finish it with `polder sweep --resume {}`",
                d.display(),
                m.runs_done,
                m.runs,
                m.status,
                d.display()
            )));
        }
        shards.push((m, d));
    }
    shards.sort_by_key(|(m, _)| m.shard.expect("checked").index);
    Ok(shards)
}

/// The shards are of one sweep, each once, all of them, and they tile its run ids.
fn check_tiling(shards: &[(Manifest, PathBuf)]) -> Result<(), SweepError> {
    let bad = SweepError::bad;
    let (first, first_dir) = &shards[0];
    for (m, d) in &shards[1..] {
        if m.identity() != first.identity() {
            return Err(bad(format!(
                "{} and {} are not shards of the same sweep (sweep file, scenario, seed, design, policies, replicates, rounds or shard count differ)",
                first_dir.display(),
                d.display()
            )));
        }
    }
    let count = first.shard.expect("checked").count;
    for w in shards.windows(2) {
        if w[0].0.shard.map(|s| s.index) == w[1].0.shard.map(|s| s.index) {
            return Err(bad(format!(
                "shard {} appears twice: {} and {}",
                w[0].0.shard.expect("checked").index,
                w[0].1.display(),
                w[1].1.display()
            )));
        }
    }
    if shards.len() as u64 != count {
        let have: Vec<u64> = shards
            .iter()
            .map(|(m, _)| m.shard.expect("checked").index)
            .collect();
        let missing: Vec<String> = (0..count)
            .filter(|k| !have.contains(k))
            .take(20)
            .map(|k| k.to_string())
            .collect();
        return Err(bad(format!(
            "the sweep has {count} shards but only {} {} given; missing: {}{}",
            shards.len(),
            if shards.len() == 1 { "was" } else { "were" },
            missing.join(", "),
            if count as usize - shards.len() > missing.len() {
                ", ..."
            } else {
                ""
            }
        )));
    }
    let mut next = 0;
    for (m, d) in shards {
        let s = m.shard.expect("checked");
        if s.first_run != next {
            return Err(bad(format!(
                "shard {} does not start where the one before ends",
                d.display()
            )));
        }
        next = s.end_run;
    }
    if next != first.runs_total {
        return Err(bad("the shards do not cover every run".into()));
    }
    Ok(())
}

/// The output directory: not a file, not a shard, without results unless `force`, and
/// writable.
fn prepare_out(out: &Path, shards: &[(Manifest, PathBuf)], force: bool) -> Result<(), SweepError> {
    let bad = SweepError::bad;
    if out.exists() && !out.is_dir() {
        return Err(bad(format!(
            "output path {} exists and is not a directory",
            out.display()
        )));
    }
    for (_, d) in shards {
        if std::path::absolute(d).ok() == std::path::absolute(out).ok() {
            return Err(bad(format!(
                "--out {} is one of the shards; choose another directory",
                out.display()
            )));
        }
    }
    if !force {
        let held: Vec<&str> = state::ALL_FILES
            .iter()
            .copied()
            .filter(|f| out.join(f).exists())
            .collect();
        if !held.is_empty() {
            return Err(bad(format!(
                "{} already holds results ({}); choose another --out or pass --force to replace them",
                out.display(),
                held.join(", ")
            )));
        }
    }
    std::fs::create_dir_all(out).map_err(|e| {
        bad(format!(
            "cannot create output directory {}: {e}",
            out.display()
        ))
    })?;
    let probe = out.join(".polder-write-test");
    crate::output::atomic::create_fresh(&probe)
        .map_err(|e| bad(format!("cannot write into {}: {e}", out.display())))?;
    let _ = std::fs::remove_file(probe);
    Ok(())
}

/// design.csv (the same in every shard), runs.csv and rounds.csv concatenated, and
/// summary.csv from the merged runs; the files written.
fn write_merged(
    first: &Manifest,
    first_dir: &Path,
    shards: &[(Manifest, PathBuf)],
    out: &Path,
) -> Result<Vec<PathBuf>, SweepError> {
    let mut files = Vec::new();
    let design_src = first_dir.join(state::DESIGN);
    let design = std::fs::read(&design_src)
        .map_err(|e| SweepError::Failed(format!("cannot read {}: {e}", design_src.display())))?;
    if state::sha256(&design) != first.design.sha256 {
        return Err(SweepError::bad(format!(
            "{} does not match its sweep.json",
            design_src.display()
        )));
    }
    let design_path = out.join(state::DESIGN);
    files.push(
        crate::output::sweep::write_atomic(&design_path, &design).map_err(io_fail(&design_path))?,
    );

    let mut tables = vec![state::RUNS];
    if first.rounds_every.is_some() {
        tables.push(state::ROUNDS);
    }
    for name in tables {
        let path = out.join(name);
        let mut f = AtomicFile::create(&path).map_err(io_fail(&path))?;
        let mut header = None;
        for (_, d) in shards {
            append_csv(&d.join(name), &mut f, &mut header)?;
        }
        files.push(f.commit().map_err(io_fail(&path))?);
    }
    let runs_path = out.join(state::RUNS);
    let summary_path = out.join(state::SUMMARY);
    let mut f = AtomicFile::create(&summary_path).map_err(io_fail(&summary_path))?;
    summarize(&runs_path, &mut f).map_err(|e| {
        SweepError::Failed(format!("cannot summarise {}: {e}", runs_path.display()))
    })?;
    files.push(f.commit().map_err(io_fail(&summary_path))?);
    Ok(files)
}

/// The merged sweep.json: the first shard's, made whole, with when and from what it was merged.
fn merged_manifest(
    shards: &[(Manifest, PathBuf)],
    files: &[PathBuf],
    command_line: Vec<String>,
) -> Manifest {
    let first = &shards[0].0;
    let mut m = first.clone();
    m.shard = None;
    m.content = None;
    m.runs = first.runs_total;
    m.runs_done = first.runs_total;
    m.status = "complete".into();
    m.command_line = command_line;
    m.start_time = shards
        .iter()
        .map(|(m, _)| m.start_time.clone())
        .min()
        .unwrap_or_default();
    m.end_time = Some(state::now_utc());
    m.resumed = Vec::new();
    m.merged_from = shards
        .iter()
        .map(|(_, d)| {
            std::path::absolute(d)
                .unwrap_or_else(|_| d.clone())
                .display()
                .to_string()
        })
        .collect();
    m.files = files
        .iter()
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .chain([state::MANIFEST.to_string()])
        .collect();
    m
}
