//! Running a sweep: calibrate, check the disk, then simulate chunk after chunk in parallel and
//! append each chunk to the output in run-id order with a checkpoint, so that the sweep can be
//! stopped (Ctrl-C) or killed at any moment and resumed without losing or repeating a run.

use std::collections::BTreeSet;
use std::fmt;
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use rayon::prelude::*;
use toml::Value;

use super::design::{self, Design};
use super::params::{PointInvalid, ResolvedPath};
use super::plan::{Layout, Shard};
use super::spec::{Levels, MAX_POINTS, SweepFileError, SweepSpec, load_sweep_for, parse_sweep_for};
use super::state::{
    self, Checkpoint, DesignInfo, FileRef, Manifest, ParamInfo, Resumption, ShardInfo,
};
use super::summary::summarize;
use crate::error::InputError;
use crate::events::Event;
use crate::model::Model;
use crate::outcome::{NoObserver, Observer, RoundRecord};
use crate::output::atomic::AtomicFile;
use crate::output::cell::push_record;
use crate::output::sweep::{
    ChunkFile, RunKey, push_rounds, push_run, rounds_header, runs_header, write_atomic,
};
use crate::runner::{RunResult, simulate_policy};
use crate::scenario::Scenario;

/// Most runs one sweep may have.
pub const MAX_RUNS: u64 = 1_000_000_000;

/// Designs with at most this many points keep every point's scenario in memory.
const CACHE_POINTS: u64 = 4096;

/// Why a sweep did not run.
#[derive(Debug)]
pub enum SweepError {
    /// Input the user must fix (exit code 2); nothing was written.
    BadInput(InputError),
    /// A failure while running, e.g. a full disk (exit code 1).
    Failed(String),
}

impl fmt::Display for SweepError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SweepError::BadInput(e) => e.fmt(f),
            SweepError::Failed(m) => f.write_str(m),
        }
    }
}

impl SweepError {
    /// Bad input whose message names its file, field or line in its own words.
    pub fn bad(message: String) -> Self {
        SweepError::BadInput(InputError::new(message))
    }
}

impl std::error::Error for SweepError {}

impl From<SweepFileError> for SweepError {
    fn from(e: SweepFileError) -> Self {
        SweepError::BadInput(e.into())
    }
}

/// Why the sweep in `dir` cannot be resumed: bad input, naming the directory.
fn cannot_resume(dir: &Path, message: String) -> SweepError {
    SweepError::BadInput(InputError {
        what: "cannot resume",
        file: Some(dir.to_path_buf()),
        line: None,
        field: None,
        message,
    })
}

/// A fresh rounds.partial file in `dir` when the sweep records rounds, else none.
fn new_rounds_file(dir: &Path, every: Option<u32>) -> Result<Option<ChunkFile>, SweepError> {
    if every.is_none() {
        return Ok(None);
    }
    let p = dir.join(state::ROUNDS_PARTIAL);
    ChunkFile::create(&p, &rounds_header())
        .map(Some)
        .map_err(|e| failed("cannot write", &p, e))
}

fn failed(what: &str, path: &Path, e: io::Error) -> SweepError {
    let message = format!("{what} {}: {e}", path.display());
    // a file that is not what polder left (cut short outside polder) is bad input
    if e.kind() == io::ErrorKind::InvalidData {
        SweepError::bad(message)
    } else {
        SweepError::Failed(message)
    }
}

/// What `polder sweep` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub sweep_file: PathBuf,
    /// Output directory [default: results/<sweep file name>]; a shard writes into its own
    /// subdirectory `shard-KKKK-of-NNNN`.
    pub out: Option<PathBuf>,
    /// Master seed; overrides the sweep file's (default 1).
    pub seed: Option<u64>,
    pub threads: Option<usize>,
    /// Write rounds.csv with every k-th round of every run (and its last).
    pub rounds_every: Option<u32>,
    pub shard: Option<Shard>,
    /// Replace a sweep already in the output directory.
    pub force: bool,
    /// Runs per chunk (and checkpoint) [default: 1024 per thread, 128 with rounds].
    pub chunk: Option<u64>,
    pub command_line: Vec<String>,
    /// Free bytes to assume instead of asking the file system (for tests).
    pub free_bytes: Option<u64>,
    /// Play more than [`crate::output::disk::MAX_PARTICIPANT_ROUNDS`] at worst.
    pub allow_long: bool,
    /// Which base scenario of a file with several (`scenarios = [...]`, a robustness file's)
    /// to sweep; such a file is refused without it.
    pub scenario: Option<usize>,
}

/// The estimate made from the calibration chunk.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    /// Runs still to do in this directory.
    pub runs: u64,
    /// Bytes the output files will hold in all.
    pub bytes: u64,
    pub runs_bytes_per_run: f64,
    pub rounds_bytes_per_run: f64,
    pub seconds: f64,
    /// Free bytes where the output goes, if known.
    pub free: Option<u64>,
}

/// The shape of the sweep, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    pub points: u64,
    pub policies: u64,
    pub replicates: u64,
    pub threads: usize,
    /// Runs in this directory (the shard's, or all).
    pub runs: u64,
    pub runs_done: u64,
}

/// Hooks for a progress display; all optional. Called from one of the sweep's worker threads.
pub trait Progress: Send {
    fn estimate(&mut self, _shape: &Shape, _e: &Estimate) {}
    fn begin(&mut self, _shape: &Shape) {}
    fn advance(&mut self, _runs: u64) {}
    fn end(&mut self) {}
}

/// No progress display.
pub struct Silent;
impl Progress for Silent {}

/// How a sweep invocation ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Complete,
    /// Stopped by a request (Ctrl-C) after a whole chunk; resume to finish.
    Interrupted,
    /// `--resume` of a sweep that was already complete: nothing to do.
    AlreadyComplete,
}

/// What a sweep invocation did.
#[derive(Debug, Clone)]
pub struct Report {
    pub dir: PathBuf,
    pub status: Status,
    pub shape: Shape,
    pub runs_total: u64,
    pub shard: Option<Shard>,
    /// Runs simulated by this invocation.
    pub computed: u64,
    pub participant_rounds: u64,
    pub secs: f64,
    pub files: Vec<PathBuf>,
    /// The most run results held in memory at once (one chunk).
    pub max_results_held: usize,
}

impl Report {
    /// The report of an invocation that has not finished (yet).
    fn new(dir: &Path, shape: Shape, runs_total: u64, shard: Option<Shard>) -> Self {
        Report {
            dir: dir.to_path_buf(),
            status: Status::Interrupted,
            shape,
            runs_total,
            shard,
            computed: 0,
            participant_rounds: 0,
            secs: 0.0,
            files: Vec::new(),
            max_results_held: 0,
        }
    }
}

/// Records every k-th round of a run and its last round.
struct EveryK {
    k: u32,
    rounds: Vec<RoundRecord>,
}

impl Observer for EveryK {
    fn round(&mut self, m: &Model, _: &[Event]) {
        if m.round.is_multiple_of(self.k) || m.end.is_some() {
            self.rounds.push(RoundRecord::of(m));
        }
    }
}

/// A sweep ready to run: its spec, design and layout, with every design point checked.
struct Prepared {
    spec: SweepSpec,
    design: Design,
    layout: Layout,
    seed: u64,
    rounds_every: Option<u32>,
    /// Every point's scenario, for small designs.
    cache: Option<Vec<Scenario>>,
    /// Participant-rounds one replicate of one policy at every design point plays at worst
    /// (set by [`Prepared::check_points`]).
    work: f64,
}

/// One simulated chunk, formatted.
struct Chunk {
    runs: Range<u64>,
    runs_text: String,
    rounds_text: String,
    participant_rounds: u64,
    held: usize,
}

impl Prepared {
    fn new(spec: SweepSpec, seed: u64, rounds_every: Option<u32>) -> Result<Prepared, SweepError> {
        let points = design::point_count(&spec);
        let line = spec.params.first().map(|p| p.values_line).unwrap_or(1);
        if points > u128::from(MAX_POINTS) {
            return Err(spec.error(
                Some(line),
                "parameters",
                format!(
                    "the design has {points} points, more than the {MAX_POINTS} a sweep can hold; use fewer values or an lhs/sobol design"
                ),
            ).into());
        }
        let runs = points * spec.policies.len() as u128 * u128::from(spec.replicates);
        if runs == 0 {
            return Err(spec.error(
                Some(line),
                "parameters",
                format!(
                    "{points} design points x {} policies x {} replicates = 0 runs; expected a design of at least one run",
                    spec.policies.len(),
                    spec.replicates
                ),
            ).into());
        }
        if runs > u128::from(MAX_RUNS) {
            return Err(spec.error(
                Some(spec.replicates_line),
                "replicates",
                format!(
                    "{points} design points x {} policies x {} replicates = {runs} runs, more than the {MAX_RUNS} one sweep may have; reduce `replicates` or the design",
                    spec.policies.len(),
                    spec.replicates
                ),
            ).into());
        }
        let design = design::build(&spec, seed);
        let layout = Layout {
            points: design.points(),
            policies: spec.policies.len() as u64,
            replicates: spec.replicates,
        };
        Ok(Prepared {
            spec,
            design,
            layout,
            seed,
            rounds_every,
            cache: None,
            work: 0.0,
        })
    }

    fn values(&self, point: u64) -> Vec<(&ResolvedPath, Value)> {
        self.spec
            .params
            .iter()
            .zip(&self.design.rows[point as usize])
            .map(|(p, l)| (&p.resolved, l.value(p)))
            .collect()
    }

    fn build(&self, point: u64) -> Result<Scenario, PointInvalid> {
        self.spec.base.scenario(&self.values(point))
    }

    fn param_texts(&self, point: u64) -> Vec<String> {
        self.spec
            .params
            .iter()
            .zip(&self.design.rows[point as usize])
            .map(|(p, l)| l.text(p))
            .collect()
    }

    /// Bad input naming the sweep file, the parameter's line and the invalid field.
    fn point_error(&self, point: u64, inv: PointInvalid) -> SweepError {
        let spec = &self.spec;
        let blame = inv
            .field
            .as_deref()
            .and_then(|f| {
                spec.params.iter().find(|p| {
                    p.path == f
                        || p.path.starts_with(&format!("{f}."))
                        || f.starts_with(&format!("{}.", p.path))
                })
            })
            .unwrap_or(&spec.params[0]);
        let settings: Vec<String> = spec
            .params
            .iter()
            .zip(self.param_texts(point))
            .map(|(p, v)| format!("{} = {v}", p.path))
            .collect();
        let what = match &inv.field {
            Some(f) => format!("scenario field `{f}`: {}", inv.message),
            None => inv.message.clone(),
        };
        let field = match &blame.levels {
            Levels::List(_) => "values",
            Levels::Range { .. } => "min",
        };
        spec.error(
            Some(blame.values_line),
            &format!("parameters[{}].{field}", blame.index),
            format!(
                "design point {point} ({}) gives an invalid scenario: {what}",
                settings.join(", ")
            ),
        )
        .into()
    }

    /// Check every design point's scenario (in parallel); keep them if the design is small.
    fn check_points(&mut self) -> Result<(), SweepError> {
        let n = self.layout.points;
        let worst = crate::output::disk::worst_participant_rounds;
        if n <= CACHE_POINTS {
            let built: Vec<Result<Scenario, PointInvalid>> =
                (0..n).into_par_iter().map(|p| self.build(p)).collect();
            let mut all = Vec::with_capacity(n as usize);
            for (p, r) in built.into_iter().enumerate() {
                all.push(r.map_err(|inv| self.point_error(p as u64, inv))?);
            }
            self.work = all.iter().map(worst).sum();
            self.cache = Some(all);
        } else {
            // the work of the valid points, and the first invalid point
            let (work, first_bad) = (0..n)
                .into_par_iter()
                .map(|p| match self.build(p) {
                    Ok(s) => (worst(&s), None),
                    Err(_) => (0.0, Some(p)),
                })
                .reduce(
                    || (0.0, None),
                    |a, b| (a.0 + b.0, a.1.into_iter().chain(b.1).min()),
                );
            if let Some(p) = first_bad {
                let inv = self.build(p).expect_err("found invalid");
                return Err(self.point_error(p, inv));
            }
            self.work = work;
        }
        Ok(())
    }

    /// Simulate runs `runs` in parallel and format their rows in run order.
    fn compute(&self, runs: Range<u64>) -> Result<Chunk, SweepError> {
        let local: Vec<(u64, Scenario)> = if self.cache.is_some() {
            Vec::new()
        } else {
            let pts: BTreeSet<u64> = runs.clone().map(|r| self.layout.locate(r).point).collect();
            pts.into_par_iter()
                .map(|p| (p, self.build(p).expect("every point was checked")))
                .collect()
        };
        let scenario = |p: u64| -> &Scenario {
            match &self.cache {
                Some(all) => &all[p as usize],
                None => {
                    let i = local
                        .binary_search_by_key(&p, |(q, _)| *q)
                        .expect("chunk points were built");
                    &local[i].1
                }
            }
        };
        let done: Vec<(String, String, u64)> = runs
            .clone()
            .into_par_iter()
            .map(|r| {
                let slot = self.layout.locate(r);
                let s = scenario(slot.point);
                let policy = &self.spec.policies[slot.policy];
                let seed = self.layout.seed(self.seed, r);
                let (outcome, rounds) = match self.rounds_every {
                    Some(k) => {
                        let mut obs = EveryK {
                            k,
                            rounds: Vec::new(),
                        };
                        let o = simulate_policy(s, Some(policy), seed, &mut obs);
                        (o, obs.rounds)
                    }
                    None => (
                        simulate_policy(s, Some(policy), seed, &mut NoObserver),
                        Vec::new(),
                    ),
                };
                let result = RunResult {
                    run_id: r,
                    seed,
                    outcome,
                    rounds,
                };
                let key = RunKey {
                    run_id: r,
                    point: slot.point,
                    replicate: slot.replicate,
                    seed: self.seed,
                    policy: &policy.name,
                };
                let mut line = String::with_capacity(400);
                push_run(&mut line, s, &key, &self.param_texts(slot.point), &result)?;
                let mut rtext = String::new();
                push_rounds(&mut rtext, s, &key, &result.rounds)?;
                Ok((line, rtext, result.outcome.participant_rounds))
            })
            .collect::<io::Result<_>>()
            .map_err(|e| SweepError::Failed(e.to_string()))?;
        let held = done.len();
        let mut runs_text = String::with_capacity(done.iter().map(|d| d.0.len()).sum());
        let mut rounds_text = String::with_capacity(done.iter().map(|d| d.1.len()).sum());
        let mut participant_rounds = 0;
        for (a, b, pr) in done {
            runs_text.push_str(&a);
            rounds_text.push_str(&b);
            participant_rounds += pr;
        }
        Ok(Chunk {
            runs,
            runs_text,
            rounds_text,
            participant_rounds,
            held,
        })
    }

    fn param_columns(&self) -> Vec<String> {
        self.spec.params.iter().map(|p| p.column.clone()).collect()
    }

    fn design_csv(&self) -> String {
        let mut out = String::new();
        let mut head = vec!["point".to_string()];
        head.extend(self.param_columns());
        push_record(&mut out, &head);
        for p in 0..self.layout.points {
            let mut row = vec![p.to_string()];
            row.extend(self.param_texts(p));
            push_record(&mut out, &row);
        }
        out
    }

    fn manifest(
        &self,
        range: &Range<u64>,
        shard: Option<Shard>,
        threads: usize,
        command_line: Vec<String>,
        design_sha: String,
    ) -> Manifest {
        let abs = |p: &Path| {
            std::path::absolute(p)
                .unwrap_or_else(|_| p.to_path_buf())
                .display()
                .to_string()
        };
        let spec = &self.spec;
        let parameters = spec
            .params
            .iter()
            .map(|p| {
                let (values, min, max) = match &p.levels {
                    Levels::List(v) => (
                        Some(
                            v.iter()
                                .map(|x| serde_json::to_value(x).unwrap_or_default())
                                .collect(),
                        ),
                        None,
                        None,
                    ),
                    Levels::Range { min, max } => (None, Some(*min), Some(*max)),
                };
                ParamInfo {
                    path: p.path.clone(),
                    column: p.column.clone(),
                    kind: p.kind.key().to_string(),
                    values,
                    min,
                    max,
                }
            })
            .collect();
        let salib_problem = self.design.unit.as_ref().map(|_| {
            serde_json::json!({
                "num_vars": spec.params.len(),
                "names": spec.params.iter().map(|p| p.column.clone()).collect::<Vec<_>>(),
                "bounds": spec.params.iter().map(|p| match p.levels {
                    Levels::Range { min, max } => vec![min, max],
                    Levels::List(_) => vec![],
                }).collect::<Vec<_>>(),
            })
        });
        let mut files = vec![
            state::RUNS.to_string(),
            state::DESIGN.to_string(),
            state::MANIFEST.to_string(),
        ];
        if shard.is_none() {
            files.push(state::SUMMARY.to_string());
        }
        if self.rounds_every.is_some() {
            files.push(state::ROUNDS.to_string());
        }
        Manifest {
            polder_version: env!("CARGO_PKG_VERSION").to_string(),
            status: "running".into(),
            command_line,
            start_time: state::now_utc(),
            end_time: None,
            sweep_file: FileRef {
                path: abs(&spec.file),
                sha256: state::sha256(spec.text.as_bytes()),
            },
            scenario_file: FileRef {
                path: abs(&spec.scenario_path),
                sha256: state::sha256(spec.scenario_text.as_bytes()),
            },
            scenario_name: spec.scenario.name.clone(),
            master_seed: self.seed,
            rng: crate::rng::ALGORITHM.to_string(),
            seed_derivation: "run streams from RunSeed(master_seed, point, replicate) (docs/model.md 6.2): every policy at the same point and replicate meets the same population and luck; LHS designs draw from RunSeed(master_seed, 2^64-1, 0)".into(),
            run_order: "run_id = (replicate * points + point) * policies + policy; shard K of N holds run ids K*runs_total/N .. (K+1)*runs_total/N".into(),
            design: DesignInfo {
                kind: spec.kind.key().to_string(),
                samples: spec.samples,
                second_order: (spec.kind == super::spec::DesignKind::Saltelli)
                    .then_some(spec.second_order),
                points: self.layout.points,
                parameters,
                file: state::DESIGN.to_string(),
                sha256: design_sha,
                salib_problem,
            },
            policies: spec.policies.iter().map(|p| p.name.clone()).collect(),
            replicates: spec.replicates,
            runs_total: self.layout.total(),
            shard: shard.map(|s| ShardInfo {
                index: s.index,
                count: s.count,
                first_run: range.start,
                end_run: range.end,
            }),
            runs: range.end - range.start,
            runs_done: 0,
            rounds_every: self.rounds_every,
            threads,
            files,
            resumed: Vec::new(),
            merged_from: Vec::new(),
            content: None,
            // which of several base scenarios (a robustness file's) this sweep varies
            base_scenario: (spec.scenarios.len() > 1).then_some(spec.scenario_index),
        }
    }
}

/// An exclusive lock on a sweep directory, held while a process writes into it (released by
/// the operating system when the process ends, however it ends).
struct DirLock {
    _file: std::fs::File,
}

/// The lock file's name; not a result file.
pub const LOCK: &str = ".polder-lock";

fn lock_dir(dir: &Path) -> Result<DirLock, SweepError> {
    use std::os::fd::AsRawFd;
    let path = dir.join(LOCK);
    // a link planted in place of the lock is removed, never opened (a real lock file stays:
    // another polder may hold it)
    if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
        std::fs::remove_file(&path).map_err(|e| failed("cannot remove", &path, e))?;
    }
    let file = crate::output::atomic::no_follow()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| {
            // the first file polder creates there: a directory it cannot write into is bad input
            SweepError::bad(format!("cannot write into {}: {e}", dir.display()))
        })?;
    // SAFETY: flock on a file descriptor we own.
    if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } != 0 {
        return Err(SweepError::bad(format!(
            "another polder process is working on {}; wait for it to finish (or stop it) first",
            dir.display()
        )));
    }
    Ok(DirLock { _file: file })
}

fn pool(threads: Option<usize>) -> Result<rayon::ThreadPool, SweepError> {
    crate::runner::check_threads(threads).map_err(SweepError::bad)?;
    let mut b = rayon::ThreadPoolBuilder::new();
    if let Some(t) = threads {
        b = b.num_threads(t);
    }
    b.build()
        .map_err(|e| SweepError::Failed(format!("cannot start worker threads: {e}")))
}

fn chunk_size(opt: Option<u64>, rounds: bool, threads: usize) -> u64 {
    opt.unwrap_or((if rounds { 128 } else { 1024 }) * threads as u64)
        .max(1)
}

/// Run the calibration chunk, the first runs of `runs` (at most 32 per thread), and estimate
/// from it the output and time of all of `runs`, after `written` bytes already written.
#[allow(clippy::too_many_arguments)]
fn calibrate(
    prep: &Prepared,
    runs: Range<u64>,
    chunk: u64,
    threads: usize,
    written: u64,
    dir: &Path,
    free_override: Option<u64>,
    summary: bool,
) -> Result<(Chunk, Estimate), SweepError> {
    let calib_end = (runs.start + chunk.min(32 * threads as u64)).min(runs.end);
    let t0 = Instant::now();
    let first = prep.compute(runs.start..calib_end)?;
    let e = estimate(
        prep,
        &first,
        runs.end - runs.start,
        written,
        t0.elapsed().as_secs_f64(),
        dir,
        free_override,
        summary,
    )?;
    Ok((first, e))
}

/// Estimate the output and time from the calibration chunk, and refuse a sweep whose output
/// would not fit.
#[allow(clippy::too_many_arguments)]
fn estimate(
    prep: &Prepared,
    first: &Chunk,
    remaining: u64,
    written_so_far: u64,
    secs: f64,
    dir: &Path,
    free_override: Option<u64>,
    summary: bool,
) -> Result<Estimate, SweepError> {
    let n = first.held.max(1) as f64;
    let runs_per = first.runs_text.len() as f64 / n;
    let rounds_per = first.rounds_text.len() as f64 / n;
    let param_len: usize = prep.param_columns().iter().map(|c| c.len() + 8).sum();
    let summary_bytes = if summary {
        prep.layout.points as f64
            * prep.layout.policies as f64
            * super::summary::metric_names().len() as f64
            * (70.0 + param_len as f64)
    } else {
        0.0
    };
    let design_bytes = prep.layout.points as f64 * (8.0 + param_len as f64);
    let bytes = written_so_far as f64
        + remaining as f64 * (runs_per + rounds_per)
        + summary_bytes
        + design_bytes;
    let e = Estimate {
        runs: remaining,
        bytes: bytes as u64,
        runs_bytes_per_run: runs_per,
        rounds_bytes_per_run: rounds_per,
        seconds: secs / n * remaining as f64,
        free: free_override.or_else(|| crate::output::disk::free_bytes_for(dir)),
    };
    let needed = (remaining as f64 * (runs_per + rounds_per) + summary_bytes + design_bytes) * 1.1;
    if let Some(free) = e.free
        && needed > free as f64
    {
        let rounds = if rounds_per > 0.0 {
            format!(
                " and {} of rounds.csv",
                crate::output::disk::human(rounds_per)
            )
        } else {
            String::new()
        };
        return Err(SweepError::bad(format!(
            "refusing to start: the sweep would write about {} more ({} runs x {} of runs.csv{rounds} per run, plus summary and design), but {} has only {} free; use fewer replicates or design points{}, or choose another --out",
            crate::output::disk::human(needed),
            remaining,
            crate::output::disk::human(runs_per),
            dir.display(),
            crate::output::disk::human(free as f64),
            if rounds_per > 0.0 {
                ", a larger --rounds every=k or no --rounds"
            } else {
                ""
            }
        )));
    }
    Ok(e)
}

/// The hashes of a finished shard's tables, for `merge` to check.
fn content_hashes(dir: &Path, with_rounds: bool) -> Result<state::ContentHashes, SweepError> {
    let hash = |name: &str| {
        let path = dir.join(name);
        state::sha256_file(&path).map_err(|e| failed("cannot read", &path, e))
    };
    Ok(state::ContentHashes {
        runs_sha256: hash(state::RUNS)?,
        rounds_sha256: if with_rounds {
            Some(hash(state::ROUNDS)?)
        } else {
            None
        },
    })
}

/// The files a finished sweep leaves, and the manifest marked complete.
fn finalize(
    dir: &Path,
    runs: Option<ChunkFile>,
    rounds: Option<ChunkFile>,
    manifest: &mut Manifest,
) -> Result<Vec<PathBuf>, SweepError> {
    let mut files = Vec::new();
    let runs_path = dir.join(state::RUNS);
    match runs {
        Some(f) => files.push(
            f.finish(&runs_path)
                .map_err(|e| failed("cannot write", &runs_path, e))?,
        ),
        None => files.push(runs_path.clone()),
    }
    let rounds_path = dir.join(state::ROUNDS);
    match rounds {
        Some(f) => files.push(
            f.finish(&rounds_path)
                .map_err(|e| failed("cannot write", &rounds_path, e))?,
        ),
        None => {
            let partial = dir.join(state::ROUNDS_PARTIAL);
            if partial.exists() {
                std::fs::rename(&partial, &rounds_path)
                    .map_err(|e| failed("cannot write", &rounds_path, e))?;
            }
            if rounds_path.exists() {
                files.push(rounds_path);
            }
        }
    }
    if manifest.shard.is_none() {
        let path = dir.join(state::SUMMARY);
        let mut f = AtomicFile::create(&path).map_err(|e| SweepError::Failed(e.to_string()))?;
        summarize(&runs_path, &mut f).map_err(|e| failed("cannot summarise", &runs_path, e))?;
        files.push(f.commit().map_err(|e| SweepError::Failed(e.to_string()))?);
    }
    files.push(dir.join(state::DESIGN));
    if manifest.shard.is_some() {
        manifest.content = Some(content_hashes(dir, manifest.rounds_every.is_some())?);
    }
    manifest.status = "complete".into();
    manifest.runs_done = manifest.runs;
    manifest.end_time = Some(state::now_utc());
    manifest
        .write(dir)
        .map_err(|e| failed("cannot write", &dir.join(state::MANIFEST), e))?;
    files.push(dir.join(state::MANIFEST));
    let _ = std::fs::remove_file(dir.join(state::CHECKPOINT));
    // a finished directory holds only results (the lock ends with the process anyway)
    let _ = std::fs::remove_file(dir.join(LOCK));
    Ok(files)
}

/// Refuse to resume a table whose header is not the one this polder writes: a sweep started by
/// an older build (before runs.csv had `scenario` and rounds.csv `point`, `replicate` and
/// `policy`) cannot be continued with other columns.
fn same_columns(dir: &Path, path: &Path, header: &str) -> Result<(), SweepError> {
    use std::io::BufRead;
    let mut first = String::new();
    std::fs::File::open(path)
        .and_then(|f| std::io::BufReader::new(f).read_line(&mut first))
        .map_err(|e| failed("cannot resume from", path, e))?;
    if first == header {
        return Ok(());
    }
    Err(cannot_resume(
        dir,
        format!(
            "{} has other columns than this polder writes (the sweep was started by an older build); finish it with that build, or start it again with --force",
            path.display()
        ),
    ))
}

/// Refuse to resume from a partial file whose finished rows are not those polder wrote: `f`
/// was cut back to the checkpoint's length and read, and its SHA-256 must be the one the
/// checkpoint recorded (a checkpoint of an older build records none).
fn finished_rows_intact(
    dir: &Path,
    f: &ChunkFile,
    recorded: Option<&str>,
    runs_done: u64,
) -> Result<(), SweepError> {
    match recorded {
        Some(want) if want != f.sha256() => Err(cannot_resume(
            dir,
            format!(
                "{} does not match checkpoint.json: its first {} bytes (the rows of the {runs_done} finished runs) have another SHA-256 than the one recorded when they were written; the file was changed outside polder: start the sweep again with --force",
                f.path().display(),
                f.len()
            ),
        )),
        _ => Ok(()),
    }
}

/// Refuse to resume with a build that computes differently: the last finished run (`run`, whose
/// row ends at byte `end` of the runs file) is played again and must give the same row. The
/// version check cannot catch a rebuilt binary of the same version whose model changed; this
/// catches any change that touches this sweep's numbers, at the cost of one run.
fn same_model(
    prep: &Prepared,
    dir: &Path,
    runs_path: &Path,
    run: u64,
    end: u64,
) -> Result<(), SweepError> {
    use std::io::{Read, Seek, SeekFrom};
    let again = prep.compute(run..run + 1)?.runs_text;
    let tail_len = (again.len() as u64 + 1).min(end);
    let mut tail = vec![0u8; tail_len as usize];
    std::fs::File::open(runs_path)
        .and_then(|mut f| {
            f.seek(SeekFrom::Start(end - tail_len))?;
            f.read_exact(&mut tail)
        })
        .map_err(|e| failed("cannot resume from", runs_path, e))?;
    // the stored row, preceded by the end of the row (or header) before it
    let same =
        tail.ends_with(again.as_bytes()) && (tail_len == again.len() as u64 || tail[0] == b'\n');
    if same {
        Ok(())
    } else {
        Err(cannot_resume(
            dir,
            format!(
                "this polder computes run {run} differently from the build that started the sweep (its model changed); finish the sweep with that build, or start it again with --force",
            ),
        ))
    }
}

/// Run chunks from the checkpoint on, until the range is done or `stop` is set. A chunk's
/// output is appended, synced and checkpointed on a thread of its own while the next chunk is
/// computed, so that the workers do not wait for the disk; the checkpoint still only ever
/// counts runs that are on disk.
#[allow(clippy::too_many_arguments)]
fn run_chunks(
    prep: &Prepared,
    dir: &Path,
    range: &Range<u64>,
    runs: ChunkFile,
    rounds: Option<ChunkFile>,
    mut pos: u64,
    mut pending: Option<Chunk>,
    chunk: u64,
    progress: &mut dyn Progress,
    stop: &AtomicBool,
    report: &mut Report,
    manifest: &mut Manifest,
) -> Result<(), SweepError> {
    let runs_path = dir.join(state::RUNS_PARTIAL);
    let files = std::thread::scope(|scope| -> Result<_, SweepError> {
        let mut files = Some((runs, rounds));
        // the chunk being written: its writer, and what to count once it is on disk
        let mut writing: Option<(std::thread::ScopedJoinHandle<'_, _>, u64, u64)> = None;
        let mut landed = |writing: Option<(std::thread::ScopedJoinHandle<'_, _>, u64, u64)>,
                          files: &mut Option<(ChunkFile, Option<ChunkFile>)>|
         -> Result<(), SweepError> {
            if let Some((writer, held, participant_rounds)) = writing {
                let written: Result<_, SweepError> =
                    writer.join().expect("the chunk writer does not panic");
                *files = Some(written?);
                report.computed += held;
                report.participant_rounds += participant_rounds;
                progress.advance(held);
            }
            Ok(())
        };
        loop {
            let c = match pending.take() {
                Some(c) => c,
                None => {
                    if pos >= range.end || stop.load(Ordering::SeqCst) {
                        break;
                    }
                    prep.compute(pos..(pos + chunk).min(range.end))?
                }
            };
            debug_assert_eq!(c.runs.start, pos);
            landed(writing.take(), &mut files)?;
            report.max_results_held = report.max_results_held.max(c.held);
            let (mut runs, mut rounds) = files.take().expect("the files are back from the writer");
            let runs_done = c.runs.end - range.start;
            let (held, participant_rounds) = (c.held as u64, c.participant_rounds);
            let runs_path = &runs_path;
            let writer = scope.spawn(move || {
                runs.append(c.runs_text.as_bytes())
                    .map_err(|e| failed("cannot write", runs_path, e))?;
                if let Some(r) = rounds.as_mut() {
                    r.append(c.rounds_text.as_bytes())
                        .map_err(|e| failed("cannot write", &dir.join(state::ROUNDS_PARTIAL), e))?;
                }
                Checkpoint {
                    runs_done,
                    runs_bytes: runs.len(),
                    rounds_bytes: rounds.as_ref().map_or(0, ChunkFile::len),
                    runs_sha256: Some(runs.sha256()),
                    rounds_sha256: rounds.as_ref().map(ChunkFile::sha256),
                }
                .write(dir)
                .map_err(|e| failed("cannot write", &dir.join(state::CHECKPOINT), e))?;
                Ok((runs, rounds))
            });
            writing = Some((writer, held, participant_rounds));
            pos = c.runs.end;
        }
        landed(writing.take(), &mut files)?;
        Ok(files.expect("the files are back from the writer"))
    })?;
    let (runs, rounds) = files;
    progress.end();
    report.shape.runs_done = pos - range.start;
    manifest.runs_done = pos - range.start;
    if pos >= range.end {
        report.files = finalize(dir, Some(runs), rounds, manifest)?;
        report.status = Status::Complete;
    } else {
        manifest.status = "interrupted".into();
        manifest
            .write(dir)
            .map_err(|e| failed("cannot write", &dir.join(state::MANIFEST), e))?;
        report.files = vec![runs_path];
        report.status = Status::Interrupted;
    }
    Ok(())
}

fn check_out_dir(dir: &Path, force: bool) -> Result<(), SweepError> {
    if dir.exists() && !dir.is_dir() {
        return Err(SweepError::bad(format!(
            "output path {} exists and is not a directory",
            dir.display()
        )));
    }
    if !force {
        let held: Vec<&str> = state::ALL_FILES
            .iter()
            .copied()
            .filter(|f| dir.join(f).exists())
            .collect();
        if !held.is_empty() {
            let status = Manifest::read(dir)
                .map(|m| {
                    // sweep.json's count is that of its last write; the checkpoint's is current
                    let done = match Checkpoint::read(dir) {
                        Some(c) if m.status != "complete" => c.runs_done,
                        _ => m.runs_done,
                    };
                    format!(" (a sweep, {}: {done} of {} runs)", m.status, m.runs)
                })
                .unwrap_or_default();
            return Err(SweepError::bad(format!(
                "{} already holds results ({}){status}; continue it with `polder sweep --resume {}`, choose another --out, or pass --force to start over",
                dir.display(),
                held.join(", "),
                dir.display()
            )));
        }
    }
    Ok(())
}

/// The output directory of a sweep: `--out` or results/<sweep file name>, plus the shard's
/// own subdirectory.
pub fn output_dir(opts: &Options) -> PathBuf {
    let base = opts.out.clone().unwrap_or_else(|| {
        let stem = opts
            .sweep_file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "sweep".into());
        Path::new("results").join(stem)
    });
    match opts.shard {
        Some(s) => base.join(s.dir_name()),
        None => base,
    }
}

/// Start a sweep.
pub fn start(
    opts: &Options,
    progress: &mut dyn Progress,
    stop: &AtomicBool,
) -> Result<Report, SweepError> {
    let started = Instant::now();
    let spec = load_sweep_for(&opts.sweep_file, opts.scenario.unwrap_or(0))?;
    if spec.scenarios.len() > 1 && opts.scenario.is_none() {
        return Err(spec
            .error(
                None,
                "scenarios",
                "a sweep varies one base scenario; a file with several is for `polder robust`, which runs one sweep per base scenario".to_string(),
            )
            .into());
    }
    if opts.rounds_every == Some(0) {
        return Err(SweepError::BadInput(
            "--rounds every=K needs K of at least 1".into(),
        ));
    }
    let seed = opts.seed.or(spec.seed).unwrap_or(1);
    let mut prep = Prepared::new(spec, seed, opts.rounds_every)?;
    let total = prep.layout.total();
    let range = opts.shard.map_or(0..total, |s| s.range(total));
    let dir = output_dir(opts);
    check_out_dir(&dir, opts.force)?;
    let pool = pool(opts.threads)?;
    let threads = pool.current_num_threads();
    pool.install(|| -> Result<Report, SweepError> {
        prep.check_points()?;
        // the worst case of this directory's runs (run order interleaves the points)
        let runs = range.end - range.start;
        let work = prep.work
            * prep.layout.policies as f64
            * prep.layout.replicates as f64
            * (runs as f64 / total.max(1) as f64);
        crate::output::disk::check_work(
            &format!("a sweep of {runs} runs"),
            work,
            threads,
            crate::output::disk::MAX_PARTICIPANT_ROUNDS,
            opts.allow_long,
        )
        .map_err(SweepError::bad)?;
        let chunk = chunk_size(opts.chunk, opts.rounds_every.is_some(), threads);
        let shape = Shape {
            points: prep.layout.points,
            policies: prep.layout.policies,
            replicates: prep.layout.replicates,
            threads,
            runs: range.end - range.start,
            runs_done: 0,
        };
        let (first, e) = calibrate(
            &prep,
            range.clone(),
            chunk,
            threads,
            0,
            &dir,
            opts.free_bytes,
            opts.shard.is_none(),
        )?;
        progress.estimate(&shape, &e);

        // nothing was written before this point
        std::fs::create_dir_all(&dir).map_err(|e| {
            SweepError::bad(format!(
                "cannot create output directory {}: {e}",
                dir.display()
            ))
        })?;
        let _lock = lock_dir(&dir)?;
        if opts.force {
            for f in state::ALL_FILES {
                let _ = std::fs::remove_file(dir.join(f));
            }
        }
        let design_text = prep.design_csv();
        let design_path = dir.join(state::DESIGN);
        write_atomic(&design_path, design_text.as_bytes())
            .map_err(|e| failed("cannot write", &design_path, e))?;
        let mut manifest = prep.manifest(
            &range,
            opts.shard,
            threads,
            opts.command_line.clone(),
            state::sha256(design_text.as_bytes()),
        );
        manifest
            .write(&dir)
            .map_err(|e| failed("cannot write", &dir.join(state::MANIFEST), e))?;
        let runs_path = dir.join(state::RUNS_PARTIAL);
        let runs = ChunkFile::create(&runs_path, &runs_header(&prep.param_columns()))
            .map_err(|e| failed("cannot write", &runs_path, e))?;
        let rounds = new_rounds_file(&dir, prep.rounds_every)?;
        progress.begin(&shape);
        let mut report = Report::new(&dir, shape, total, opts.shard);
        let first_start = first.runs.start;
        run_chunks(
            &prep,
            &dir,
            &range,
            runs,
            rounds,
            first_start,
            Some(first),
            chunk,
            progress,
            stop,
            &mut report,
            &mut manifest,
        )?;
        report.secs = started.elapsed().as_secs_f64();
        Ok(report)
    })
}

/// Continue the sweep in `dir` where it stopped.
pub fn resume(
    dir: &Path,
    threads: Option<usize>,
    chunk: Option<u64>,
    command_line: Vec<String>,
    free_bytes: Option<u64>,
    progress: &mut dyn Progress,
    stop: &AtomicBool,
) -> Result<Report, SweepError> {
    let started = Instant::now();
    let bad = SweepError::bad;
    // a sweep directory (checked before creating the lock file in it), then read under the lock
    Manifest::read(dir).map_err(bad)?;
    let _lock = lock_dir(dir)?;
    let mut manifest = Manifest::read(dir).map_err(bad)?;
    let shard = resumable(dir, &manifest)?;
    if manifest.status == "complete" && dir.join(state::RUNS).exists() {
        let mut report = Report::new(dir, shape_of(&manifest, 0), manifest.runs_total, shard);
        report.status = Status::AlreadyComplete;
        return Ok(report);
    }
    let mut prep = unchanged_inputs(dir, &manifest)?;
    let total = prep.layout.total();
    let range = shard.map_or(0..total, |s| s.range(total));
    if total != manifest.runs_total || range.end - range.start != manifest.runs {
        return Err(bad(format!(
            "cannot resume {}: sweep.json does not match the sweep file",
            dir.display()
        )));
    }
    let pool = pool(threads)?;
    let threads = pool.current_num_threads();
    manifest.threads = threads;
    pool.install(|| -> Result<Report, SweepError> {
        let mut report = Report::new(dir, shape_of(&manifest, threads), total, shard);
        if !dir.join(state::RUNS_PARTIAL).exists() && dir.join(state::RUNS).exists() {
            // stopped while finishing: every run is written, as the checkpoint recorded them
            finish_written(dir, &mut manifest, &mut report)?;
            report.secs = started.elapsed().as_secs_f64();
            return Ok(report);
        }
        let (ck, runs, rounds) = reopen(dir, &prep, &range)?;
        manifest.resumed.push(Resumption {
            time: state::now_utc(),
            command_line,
            runs_done_before: ck.runs_done,
        });
        manifest.runs_done = ck.runs_done;
        prep.check_points()?;
        let chunk = chunk_size(chunk, prep.rounds_every.is_some(), threads);
        let pos = range.start + ck.runs_done;
        report.shape.runs_done = ck.runs_done;
        let first = if pos < range.end {
            let written = runs.len() + rounds.as_ref().map_or(0, ChunkFile::len);
            let (first, e) = calibrate(
                &prep,
                pos..range.end,
                chunk,
                threads,
                written,
                dir,
                free_bytes,
                shard.is_none(),
            )?;
            progress.estimate(&report.shape, &e);
            Some(first)
        } else {
            None
        };
        manifest.status = "running".into();
        manifest
            .write(dir)
            .map_err(|e| failed("cannot write", &dir.join(state::MANIFEST), e))?;
        progress.begin(&report.shape);
        run_chunks(
            &prep,
            dir,
            &range,
            runs,
            rounds,
            pos,
            first,
            chunk,
            progress,
            stop,
            &mut report,
            &mut manifest,
        )?;
        report.secs = started.elapsed().as_secs_f64();
        Ok(report)
    })
}

/// The shape of the sweep a manifest records, on `threads` threads.
fn shape_of(m: &Manifest, threads: usize) -> Shape {
    Shape {
        points: m.design.points,
        policies: m.policies.len() as u64,
        replicates: m.replicates,
        threads,
        runs: m.runs,
        runs_done: m.runs_done,
    }
}

/// The shard of a sweep this polder can resume (its version started it).
fn resumable(dir: &Path, manifest: &Manifest) -> Result<Option<Shard>, SweepError> {
    let bad = SweepError::bad;
    let shard = manifest
        .shard
        .map(|s| {
            Shard::new(s.index, s.count).ok_or_else(|| bad(format!("{}: bad shard", dir.display())))
        })
        .transpose()?;
    if manifest.polder_version != env!("CARGO_PKG_VERSION") {
        return Err(bad(format!(
            "{} was started by polder {}, this is polder {}; resume it with that version (the model may differ)",
            dir.display(),
            manifest.polder_version,
            env!("CARGO_PKG_VERSION")
        )));
    }
    Ok(shard)
}

/// The sweep prepared again from its files, which must be the ones the sweep started from: the
/// sweep file, the scenario, and the design (as this polder builds it and as design.csv holds
/// it).
fn unchanged_inputs(dir: &Path, manifest: &Manifest) -> Result<Prepared, SweepError> {
    let bad = SweepError::bad;
    let sweep_path = PathBuf::from(&manifest.sweep_file.path);
    let text = crate::input::read_text(&sweep_path, "sweep").map_err(|u| {
        bad(format!(
            "cannot resume {}: cannot read its sweep file {}: {}",
            dir.display(),
            sweep_path.display(),
            u.message
        ))
    })?;
    if state::sha256(text.as_bytes()) != manifest.sweep_file.sha256 {
        return Err(bad(format!(
            "cannot resume {}: the sweep file {} changed since the sweep started (SHA-256 {} recorded in sweep.json); restore it, or start a new sweep",
            dir.display(),
            sweep_path.display(),
            manifest.sweep_file.sha256
        )));
    }
    let spec = parse_sweep_for(&text, &sweep_path, manifest.base_scenario.unwrap_or(0))?;
    if state::sha256(spec.scenario_text.as_bytes()) != manifest.scenario_file.sha256 {
        return Err(bad(format!(
            "cannot resume {}: the scenario file {} changed since the sweep started (SHA-256 {} recorded in sweep.json); restore it, or start a new sweep",
            dir.display(),
            spec.scenario_path.display(),
            manifest.scenario_file.sha256
        )));
    }
    let prep = Prepared::new(spec, manifest.master_seed, manifest.rounds_every)?;
    let design_text = prep.design_csv();
    if state::sha256(design_text.as_bytes()) != manifest.design.sha256 {
        return Err(bad(format!(
            "cannot resume {}: the design this polder builds differs from design.csv",
            dir.display()
        )));
    }
    // design.csv itself, as people and merge read it, must still be the one recorded
    let design_path = dir.join(state::DESIGN);
    match state::sha256_file(&design_path) {
        Ok(h) if h == manifest.design.sha256 => Ok(prep),
        Ok(_) => Err(bad(format!(
            "cannot resume {}: {} does not match sweep.json (its SHA-256 differs from the {} recorded when the sweep started); it was changed outside polder: restore it, or start the sweep again with --force",
            dir.display(),
            design_path.display(),
            manifest.design.sha256
        ))),
        Err(e) => Err(bad(format!(
            "cannot resume {}: cannot read {}: {e}; restore it, or start the sweep again with --force",
            dir.display(),
            design_path.display()
        ))),
    }
}

/// A sweep stopped while finishing: every run is written; check runs.csv against the
/// checkpoint and write what finishing writes.
fn finish_written(
    dir: &Path,
    manifest: &mut Manifest,
    report: &mut Report,
) -> Result<(), SweepError> {
    let runs_path = dir.join(state::RUNS);
    if let Some(ck) = Checkpoint::read(dir)
        && let Some(want) = &ck.runs_sha256
        && ck.runs_done == manifest.runs
        && state::sha256_file(&runs_path).ok().as_ref() != Some(want)
    {
        return Err(cannot_resume(
            dir,
            format!(
                "{} does not match checkpoint.json (its SHA-256 differs from the one recorded when its last rows were written); it was changed outside polder: start the sweep again with --force",
                runs_path.display()
            ),
        ));
    }
    report.files = finalize(dir, None, None, manifest)?;
    report.status = Status::Complete;
    report.shape.runs_done = manifest.runs;
    Ok(())
}

/// The partial files opened where the last checkpoint left them (or fresh ones, before the
/// first checkpoint), with their finished rows checked: intact, and computed alike by this
/// build.
fn reopen(
    dir: &Path,
    prep: &Prepared,
    range: &Range<u64>,
) -> Result<(Checkpoint, ChunkFile, Option<ChunkFile>), SweepError> {
    let runs_partial = dir.join(state::RUNS_PARTIAL);
    let runs_header = runs_header(&prep.param_columns());
    let ck = Checkpoint::read(dir)
        .filter(|_| runs_partial.exists())
        .unwrap_or(Checkpoint {
            runs_done: 0,
            runs_bytes: runs_header.len() as u64,
            rounds_bytes: rounds_header().len() as u64,
            runs_sha256: None,
            rounds_sha256: None,
        });
    if ck.runs_done == 0 {
        let runs = ChunkFile::create(&runs_partial, &runs_header)
            .map_err(|e| failed("cannot write", &runs_partial, e))?;
        let rounds = new_rounds_file(dir, prep.rounds_every)?;
        return Ok((ck, runs, rounds));
    }
    same_columns(dir, &runs_partial, &runs_header)?;
    if prep.rounds_every.is_some() {
        same_columns(dir, &dir.join(state::ROUNDS_PARTIAL), &rounds_header())?;
    }
    let runs = ChunkFile::reopen(&runs_partial, ck.runs_bytes)
        .map_err(|e| failed("cannot resume from", &runs_partial, e))?;
    finished_rows_intact(dir, &runs, ck.runs_sha256.as_deref(), ck.runs_done)?;
    let rounds = match prep.rounds_every {
        Some(_) => {
            let p = dir.join(state::ROUNDS_PARTIAL);
            let f = ChunkFile::reopen(&p, ck.rounds_bytes)
                .map_err(|e| failed("cannot resume from", &p, e))?;
            finished_rows_intact(dir, &f, ck.rounds_sha256.as_deref(), ck.runs_done)?;
            Some(f)
        }
        None => None,
    };
    // the finished rows are those polder wrote: does this build compute them alike?
    same_model(
        prep,
        dir,
        &runs_partial,
        range.start + ck.runs_done - 1,
        ck.runs_bytes,
    )?;
    Ok((ck, runs, rounds))
}
