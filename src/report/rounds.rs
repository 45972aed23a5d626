//! rounds.csv of `polder run`, averaged over runs round by round, in one pass and bounded
//! memory (one row of values per run). A run that has ended keeps its last state in the later
//! rounds, so every round averages over all runs. Besides the file's columns, each row gives the
//! participation levels as shares of the seats the table started with (active + exited +
//! excluded), so that their means stay shares of one fixed whole when parties leave.

use std::collections::BTreeMap;
use std::path::Path;

use super::ReportError;
use super::read::csv_problem;
use crate::domain::Domain;

/// The averaged columns, in this order.
pub const COLUMNS: [&str; 10] = [
    "mean_content",
    "mean_social",
    "mean_procedural",
    "mean_task_time",
    "active",
    "exited",
    "excluded",
    "share_dutiful",
    "share_engaged",
    "share_co_owner",
];
pub const ACTIVE: usize = 4;
pub const EXITED: usize = 5;
pub const EXCLUDED: usize = 6;
pub const DUTIFUL: usize = 7;
pub const ENGAGED: usize = 8;
pub const CO_OWNER: usize = 9;
/// Dutiful, engaged and co-owner parties, and the seats no longer taken, as shares of the
/// original seats: derived from each row, after the file's columns.
pub const SEAT_DUTIFUL: usize = COLUMNS.len();
pub const SEAT_ENGAGED: usize = SEAT_DUTIFUL + 1;
pub const SEAT_CO_OWNER: usize = SEAT_DUTIFUL + 2;
pub const SEAT_GONE: usize = SEAT_DUTIFUL + 3;
const K: usize = SEAT_GONE + 1;

/// Index of a domain's mean certainty in [`COLUMNS`].
pub fn domain_index(d: Domain) -> usize {
    d.index()
}

/// Per round: the mean and SD over runs of each column, and the mean exits in that round.
#[derive(Debug, Clone, Default)]
pub struct Aggregate {
    pub runs: usize,
    /// Round numbers 1..=R.
    pub rounds: Vec<f64>,
    pub mean: Vec<[f64; K]>,
    pub sd: Vec<[f64; K]>,
    /// Mean exits in the round (not carried forward).
    pub exits: Vec<f64>,
}

impl Aggregate {
    /// (round, mean) of column `k`.
    pub fn points(&self, k: usize) -> Vec<(f64, f64)> {
        self.rounds
            .iter()
            .zip(&self.mean)
            .map(|(&x, m)| (x, m[k]))
            .collect()
    }

    /// (round, mean − sd, mean + sd) of column `k`, clipped to lo..hi.
    pub fn spread(&self, k: usize, lo: f64, hi: f64) -> Vec<(f64, f64, f64)> {
        self.rounds
            .iter()
            .zip(self.mean.iter().zip(&self.sd))
            .map(|(&x, (m, s))| (x, (m[k] - s[k]).max(lo), (m[k] + s[k]).min(hi)))
            .collect()
    }

    pub fn max(&self, k: usize) -> f64 {
        self.mean.iter().map(|m| m[k]).fold(0.0, f64::max)
    }
}

#[derive(Clone, Copy, Default)]
struct Acc {
    n: f64,
    sum: [f64; K],
    sq: [f64; K],
}

impl Acc {
    fn add(&mut self, v: &[f64; K]) {
        self.n += 1.0;
        for (k, &x) in v.iter().enumerate() {
            self.sum[k] += x;
            self.sq[k] += x * x;
        }
    }
    fn merge(&mut self, o: &Acc) {
        self.n += o.n;
        for k in 0..K {
            self.sum[k] += o.sum[k];
            self.sq[k] += o.sq[k];
        }
    }
}

/// Average rounds.csv over its runs.
pub fn aggregate(path: &Path) -> Result<Aggregate, ReportError> {
    let mut reader = csv::Reader::from_path(path).map_err(|e| csv_problem(path, &e))?;
    let headers = reader.headers().map_err(|e| csv_problem(path, &e))?.clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim() == name)
            .ok_or_else(|| {
                ReportError::input(format!(
                    "{} has no column `{name}`; was it written by polder run?",
                    path.display()
                ))
            })
    };
    let c_run = col("run_id")?;
    let c_round = col("round")?;
    let c_exits = col("exits")?;
    let cols: Vec<usize> = COLUMNS.iter().map(|c| col(c)).collect::<Result<_, _>>()?;

    let mut per_round: Vec<Acc> = Vec::new();
    let mut exits: Vec<f64> = Vec::new();
    // per run: its last round and values
    let mut last: BTreeMap<u64, (usize, [f64; K])> = BTreeMap::new();
    let mut record = csv::StringRecord::new();
    let mut line = 1u64;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(csv_problem(path, &e)),
        }
        line += 1;
        let bad = |name: &str, s: &str| {
            ReportError::input(format!(
                "{}, line {line}, column `{name}`: expected a number, found `{s}`",
                path.display()
            ))
        };
        let field = |c: usize| record.get(c).unwrap_or("").trim();
        let run: u64 = field(c_run)
            .parse()
            .map_err(|_| bad("run_id", field(c_run)))?;
        let round: usize = field(c_round)
            .parse()
            .map_err(|_| bad("round", field(c_round)))?;
        if round == 0 {
            return Err(bad("round", "0"));
        }
        let mut v = [0.0; K];
        for (k, &c) in cols.iter().enumerate() {
            v[k] = field(c)
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
                .ok_or_else(|| bad(COLUMNS[k], field(c)))?;
        }
        let seats = v[ACTIVE] + v[EXITED] + v[EXCLUDED];
        let shares = [v[DUTIFUL], v[ENGAGED], v[CO_OWNER]];
        let by_seat = super::seat_shares(shares, v[ACTIVE], seats);
        v[SEAT_DUTIFUL..K].copy_from_slice(&by_seat);
        let e: f64 = field(c_exits)
            .parse()
            .map_err(|_| bad("exits", field(c_exits)))?;
        if per_round.len() < round {
            per_round.resize(round, Acc::default());
            exits.resize(round, 0.0);
        }
        per_round[round - 1].add(&v);
        exits[round - 1] += e;
        let entry = last.entry(run).or_insert((round, v));
        if round >= entry.0 {
            *entry = (round, v);
        }
    }
    let runs = last.len();
    if runs == 0 {
        return Err(ReportError::input(format!(
            "{} has no rounds",
            path.display()
        )));
    }
    let rounds = per_round.len();
    // carried-forward states: runs that ended in round r count in every later round
    let mut tail = vec![Acc::default(); rounds + 1];
    for (r, v) in last.values() {
        tail[*r].add(v);
    }
    let mut agg = Aggregate {
        runs,
        ..Aggregate::default()
    };
    let mut carried = Acc::default();
    for t in 1..=rounds {
        carried.merge(&tail[t - 1]);
        let mut a = per_round[t - 1];
        a.merge(&carried);
        let n = a.n.max(1.0);
        let mut mean = [0.0; K];
        let mut sd = [0.0; K];
        for k in 0..K {
            mean[k] = a.sum[k] / n;
            sd[k] = (a.sq[k] / n - mean[k] * mean[k]).max(0.0).sqrt();
        }
        agg.rounds.push(t as f64);
        agg.mean.push(mean);
        agg.sd.push(sd);
        agg.exits.push(exits[t - 1] / runs as f64);
    }
    Ok(agg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ended_runs_carry_their_last_state() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("rounds.csv");
        let header = format!("run_id,round,{},exits", COLUMNS.join(","));
        // run 0 lasts 1 round with active 10; run 1 lasts 3 rounds with active 8, 6, 4
        let row = |run: u32, round: u32, active: f64, exits: u32| {
            format!("{run},{round},0.5,0.5,0.5,0.5,{active},0,0,0.2,0.5,0.3,{exits}")
        };
        let text = [
            header,
            row(0, 1, 10.0, 0),
            row(1, 1, 8.0, 2),
            row(1, 2, 6.0, 2),
            row(1, 3, 4.0, 2),
        ]
        .join("\n");
        std::fs::write(&path, text).expect("write");
        let a = aggregate(&path).expect("reads");
        assert_eq!(a.runs, 2);
        let active: Vec<f64> = a.mean.iter().map(|m| m[ACTIVE]).collect();
        assert_eq!(active, [9.0, 8.0, 7.0]);
        assert_eq!(a.exits, [1.0, 1.0, 1.0]);
        // sd of (10, 4) = 3
        assert!((a.sd[2][ACTIVE] - 3.0).abs() < 1e-12);
    }

    #[test]
    fn participation_is_a_share_of_the_original_seats() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("rounds.csv");
        let header = format!("run_id,round,{},exits", COLUMNS.join(","));
        // ten seats: all at the table in round 1, then 3 exits and 1 exclusion; among those at
        // the table, half dutiful and half engaged
        let text = [
            header,
            "0,1,0.5,0.5,0.5,0.5,10,0,0,0.5,0.5,0,0".into(),
            "0,2,0.5,0.5,0.5,0.5,6,3,1,0.5,0.5,0,3".into(),
        ]
        .join("\n");
        std::fs::write(&path, text).expect("write");
        let a = aggregate(&path).expect("reads");
        let seats =
            |r: usize| [SEAT_DUTIFUL, SEAT_ENGAGED, SEAT_CO_OWNER, SEAT_GONE].map(|k| a.mean[r][k]);
        assert_eq!(seats(0), [0.5, 0.5, 0.0, 0.0]);
        let late = seats(1);
        for (got, want) in late.iter().zip([0.3, 0.3, 0.0, 0.4]) {
            assert!((got - want).abs() < 1e-12, "{late:?}");
        }
        // the shares among the parties at the table are kept as the file gives them
        assert_eq!(a.mean[1][DUTIFUL], 0.5);
    }
}
