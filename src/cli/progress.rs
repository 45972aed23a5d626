//! The progress display of `polder sweep`: a bar with runs done, runs per second and the ETA
//! on a terminal; a plain line every 10 s elsewhere (Slurm logs); nothing with `--quiet`.

use std::io::IsTerminal;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use polder::output::disk::human;
use polder::output::disk::human_secs;
use polder::sweep::exec::Estimate;
use polder::sweep::{Progress, Shape};

/// The progress of a sweep: a bar on a terminal, a line every 10 s otherwise (Slurm logs).
pub(crate) struct SweepProgress {
    quiet: bool,
    bar: Option<ProgressBar>,
    plain: bool,
    total: u64,
    done: u64,
    at_begin: u64,
    started: Instant,
    last: Instant,
}

impl SweepProgress {
    pub fn new(quiet: bool) -> Self {
        Self {
            quiet,
            bar: None,
            plain: !quiet && !std::io::stderr().is_terminal(),
            total: 0,
            done: 0,
            at_begin: 0,
            started: Instant::now(),
            last: Instant::now(),
        }
    }
}

/// "N runs (P points x Q policies x R replicates)", or for a shard "N runs, this shard's part of
/// T (P points x Q policies x R replicates)", so that the product always matches the total it is
/// printed beside.
pub(crate) fn runs_of(s: &Shape) -> String {
    let total = s.points * s.policies * s.replicates;
    let shape = format!(
        "{} points x {} policies x {} replicates",
        s.points, s.policies, s.replicates
    );
    if s.runs < total {
        format!("{} runs, this shard's part of {total} ({shape})", s.runs)
    } else {
        format!("{} runs ({shape})", s.runs)
    }
}

impl Progress for SweepProgress {
    fn estimate(&mut self, s: &Shape, e: &Estimate) {
        if self.quiet {
            return;
        }
        let resumed = if s.runs_done > 0 {
            format!(", {} done, {} to go", s.runs_done, e.runs)
        } else {
            String::new()
        };
        eprintln!(
            "polder: {}{resumed}; estimated {} of output and {} on {} threads",
            runs_of(s),
            human(e.bytes as f64),
            human_secs(e.seconds),
            s.threads
        );
    }

    fn begin(&mut self, s: &Shape) {
        self.total = s.runs;
        self.done = s.runs_done;
        self.at_begin = s.runs_done;
        self.started = Instant::now();
        self.last = Instant::now();
        if !self.quiet && !self.plain {
            let b = ProgressBar::with_draw_target(Some(s.runs), ProgressDrawTarget::stderr());
            b.set_style(
                ProgressStyle::with_template("{bar:40} {pos}/{len} runs  {rate} runs/s  eta {eta}")
                    .expect("valid template")
                    .with_key(
                        "rate",
                        |st: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                            let _ = write!(w, "{:.0}", st.per_sec());
                        },
                    ),
            );
            b.set_position(s.runs_done);
            b.reset_eta();
            self.bar = Some(b);
        }
    }

    fn advance(&mut self, runs: u64) {
        self.done += runs;
        if let Some(b) = &self.bar {
            b.inc(runs);
        }
        if self.plain && self.last.elapsed().as_secs_f64() >= 10.0 {
            self.last = Instant::now();
            let secs = self.started.elapsed().as_secs_f64().max(1e-9);
            let rate = (self.done - self.at_begin) as f64 / secs;
            eprintln!(
                "polder: {}/{} runs ({:.0}%), {:.0} runs/s, eta {}",
                self.done,
                self.total,
                100.0 * self.done as f64 / self.total.max(1) as f64,
                rate,
                human_secs((self.total - self.done) as f64 / rate.max(1e-9))
            );
        }
    }

    fn end(&mut self) {
        if let Some(b) = self.bar.take() {
            b.finish_and_clear();
        }
    }
}
