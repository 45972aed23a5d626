//! Which run is which: run ids, the interleaved run order, and shards.
//!
//! Run ids count replicate-major: `run_id = (replicate * points + point) * policies + policy`.
//! The first `points * policies` runs are replicate 0 of every design point under every policy,
//! the next ones replicate 1, and so on; a sweep stopped halfway has therefore covered every
//! design point with about half its replicates, and the runs of one point and replicate under
//! the different policies (which share their random numbers) sit next to each other.

use std::ops::Range;

use crate::rng::RunSeed;

/// The shape of a sweep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    pub points: u64,
    pub policies: u64,
    pub replicates: u64,
}

/// Where a run sits in the sweep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    pub replicate: u64,
    pub point: u64,
    pub policy: usize,
}

impl Layout {
    /// Runs in the whole sweep (the caller has checked that it fits in a u64).
    pub fn total(&self) -> u64 {
        self.points * self.policies * self.replicates
    }

    pub fn locate(&self, run_id: u64) -> Slot {
        let per_replicate = self.points * self.policies;
        Slot {
            replicate: run_id / per_replicate,
            point: (run_id / self.policies) % self.points,
            policy: (run_id % self.policies) as usize,
        }
    }

    pub fn run_id(&self, s: Slot) -> u64 {
        (s.replicate * self.points + s.point) * self.policies + s.policy as u64
    }

    /// The random-number identity of a run: the same for every policy at one point and
    /// replicate (common random numbers).
    pub fn seed(&self, master: u64, run_id: u64) -> RunSeed {
        let s = self.locate(run_id);
        RunSeed::new(master, s.point, s.replicate)
    }
}

/// One of `count` slices of a sweep: a contiguous block of run ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// 0-based.
    pub index: u64,
    pub count: u64,
}

/// Most shards a sweep can be split into.
pub const MAX_SHARDS: u64 = 1_000_000;

impl Shard {
    /// Parse `K/N` (K counted from 0).
    pub fn parse(s: &str) -> Result<Shard, String> {
        let err =
            || format!("expected K/N with 0 <= K < N (K counted from 0), e.g. 3/10, got `{s}`");
        let (k, n) = s.split_once('/').ok_or_else(err)?;
        let index: u64 = k.trim().parse().map_err(|_| err())?;
        let count: u64 = n.trim().parse().map_err(|_| err())?;
        Shard::new(index, count).ok_or_else(err)
    }

    pub fn new(index: u64, count: u64) -> Option<Shard> {
        ((1..=MAX_SHARDS).contains(&count) && index < count).then_some(Shard { index, count })
    }

    /// The run ids of this shard out of `total`: shard K gets `K*total/N .. (K+1)*total/N`.
    pub fn range(&self, total: u64) -> Range<u64> {
        let at = |k: u64| (u128::from(total) * u128::from(k) / u128::from(self.count)) as u64;
        at(self.index)..at(self.index + 1)
    }

    /// The directory name of this shard's output, e.g. `shard-0003-of-0010`.
    pub fn dir_name(&self) -> String {
        format!("shard-{:04}-of-{:04}", self.index, self.count)
    }
}

/// The shard of a Slurm array task, from `SLURM_ARRAY_TASK_ID`, `SLURM_ARRAY_TASK_COUNT` and
/// (for arrays that do not start at 0) `SLURM_ARRAY_TASK_MIN`; `None` outside an array job.
/// Arrays with a step (`--array=0-9:2`) are refused, because their ids do not number the
/// shards 0..N-1.
pub fn shard_from_env(get: impl Fn(&str) -> Option<String>) -> Result<Option<Shard>, String> {
    let (Some(id), Some(count)) = (get("SLURM_ARRAY_TASK_ID"), get("SLURM_ARRAY_TASK_COUNT"))
    else {
        return Ok(None);
    };
    let num = |name: &str, v: &str| -> Result<u64, String> {
        v.trim()
            .parse()
            .map_err(|_| format!("{name}={v} is not a whole number"))
    };
    let id = num("SLURM_ARRAY_TASK_ID", &id)?;
    let count = num("SLURM_ARRAY_TASK_COUNT", &count)?;
    let min = match get("SLURM_ARRAY_TASK_MIN") {
        Some(m) => num("SLURM_ARRAY_TASK_MIN", &m)?,
        None => 0,
    };
    if let Some(step) = get("SLURM_ARRAY_TASK_STEP")
        && step.trim() != "1"
    {
        return Err(format!(
            "SLURM_ARRAY_TASK_STEP={step}: submit the array without a step (e.g. --array=0-{}) so that task ids number the shards",
            count.saturating_sub(1)
        ));
    }
    id.checked_sub(min)
        .and_then(|k| Shard::new(k, count))
        .map(Some)
        .ok_or_else(|| {
            format!(
                "SLURM_ARRAY_TASK_ID={id} (min {min}) does not number one of SLURM_ARRAY_TASK_COUNT={count} shards; submit with --array=0-{}",
                count.saturating_sub(1)
            )
        })
}

/// Worker threads from `SLURM_CPUS_PER_TASK` (set when the job asks for `--cpus-per-task`).
pub fn threads_from_env(get: impl Fn(&str) -> Option<String>) -> Option<usize> {
    get("SLURM_CPUS_PER_TASK")?
        .trim()
        .parse()
        .ok()
        .filter(|&t| t >= 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_ids_round_trip_replicate_major() {
        let l = Layout {
            points: 5,
            policies: 3,
            replicates: 4,
        };
        for r in 0..l.total() {
            assert_eq!(l.run_id(l.locate(r)), r);
        }
        // the first points x policies runs are replicate 0 of every point and policy
        let first: Vec<Slot> = (0..15).map(|r| l.locate(r)).collect();
        assert!(first.iter().all(|s| s.replicate == 0));
        for p in 0..5 {
            for k in 0..3 {
                assert!(first.contains(&Slot {
                    replicate: 0,
                    point: p,
                    policy: k
                }));
            }
        }
        assert_eq!(
            l.locate(16),
            Slot {
                replicate: 1,
                point: 0,
                policy: 1
            }
        );
    }

    #[test]
    fn shards_tile_the_runs() {
        for total in [0u64, 1, 7, 100, 1001] {
            for count in [1u64, 2, 3, 7, 64] {
                let mut next = 0;
                for k in 0..count {
                    let r = Shard::new(k, count).unwrap().range(total);
                    assert_eq!(r.start, next);
                    next = r.end;
                }
                assert_eq!(next, total);
            }
        }
        assert_eq!(
            Shard::parse("3/10").unwrap(),
            Shard {
                index: 3,
                count: 10
            }
        );
        assert!(Shard::parse("10/10").is_err());
        assert!(Shard::parse("1-10").is_err());
        assert_eq!(Shard::new(3, 10).unwrap().dir_name(), "shard-0003-of-0010");
    }

    #[test]
    fn slurm_environment() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(shard_from_env(env(&[])), Ok(None));
        assert_eq!(
            shard_from_env(env(&[
                ("SLURM_ARRAY_TASK_ID", "2"),
                ("SLURM_ARRAY_TASK_COUNT", "4")
            ])),
            Ok(Some(Shard { index: 2, count: 4 }))
        );
        assert_eq!(
            shard_from_env(env(&[
                ("SLURM_ARRAY_TASK_ID", "4"),
                ("SLURM_ARRAY_TASK_COUNT", "4"),
                ("SLURM_ARRAY_TASK_MIN", "1")
            ])),
            Ok(Some(Shard { index: 3, count: 4 }))
        );
        assert!(
            shard_from_env(env(&[
                ("SLURM_ARRAY_TASK_ID", "4"),
                ("SLURM_ARRAY_TASK_COUNT", "4")
            ]))
            .is_err()
        );
        assert!(
            shard_from_env(env(&[
                ("SLURM_ARRAY_TASK_ID", "2"),
                ("SLURM_ARRAY_TASK_COUNT", "4"),
                ("SLURM_ARRAY_TASK_STEP", "2")
            ]))
            .is_err()
        );
        assert_eq!(
            threads_from_env(env(&[("SLURM_CPUS_PER_TASK", "8")])),
            Some(8)
        );
        assert_eq!(threads_from_env(env(&[("SLURM_CPUS_PER_TASK", "0")])), None);
    }
}
