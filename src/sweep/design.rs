//! Design points: the full factorial grid, Latin hypercube samples, Sobol points and Saltelli's
//! scheme for Sobol indices.
//!
//! A design is a matrix with one row per design point and one column per varied parameter. The
//! point id is the row number. Factorial points enumerate the combinations with the first
//! parameter varying slowest (as nested loops in the order of the sweep file). LHS and Sobol
//! points (and Saltelli's) are first drawn in the unit cube and then scaled to each parameter's
//! `min..max` (reals rounded to 12 decimals); whole-number parameters take each of
//! `round(min)..=round(max)` with equal probability.

use rand::RngExt;

use super::params::ParamType;
use super::sobol::Sobol;
use super::spec::{DesignKind, Levels, Param, SweepSpec};
use crate::rng::{RunSeed, Slot};

/// The design point id whose random streams draw the LHS design; never a real point.
pub const DESIGN_STREAM_POINT: u64 = u64::MAX;

/// One value of the design matrix.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Level {
    Float(f64),
    Int(i64),
    /// Index into the parameter's listed values (text parameters).
    Text(u32),
    Bool(bool),
}

impl Level {
    /// The value as the scenario takes it.
    pub fn value(self, p: &Param) -> toml::Value {
        match self {
            Level::Float(x) => toml::Value::Float(x),
            Level::Int(i) => toml::Value::Integer(i),
            Level::Bool(b) => toml::Value::Boolean(b),
            Level::Text(k) => match &p.levels {
                Levels::List(v) => v[k as usize].clone(),
                Levels::Range { .. } => unreachable!("text parameters are only listed"),
            },
        }
    }

    /// The value as written in runs.csv, summary.csv and design.csv: the shortest decimal that
    /// reads back as exactly the value used.
    pub fn text(self, p: &Param) -> String {
        match self {
            Level::Float(x) => format!("{x}"),
            Level::Int(i) => i.to_string(),
            Level::Bool(b) => b.to_string(),
            Level::Text(_) => match self.value(p) {
                toml::Value::String(s) => s,
                other => other.to_string(),
            },
        }
    }
}

fn level_of(v: &toml::Value, k: usize) -> Level {
    match v {
        toml::Value::Float(x) => Level::Float(*x),
        toml::Value::Integer(i) => Level::Int(*i),
        toml::Value::Boolean(b) => Level::Bool(*b),
        _ => Level::Text(k as u32),
    }
}

/// The design matrix of a sweep.
#[derive(Debug, Clone, PartialEq)]
pub struct Design {
    pub kind: DesignKind,
    /// `rows[point][parameter]`.
    pub rows: Vec<Vec<Level>>,
    /// LHS, Sobol and Saltelli: the points in the unit cube before scaling.
    pub unit: Option<Vec<Vec<f64>>>,
}

impl Design {
    pub fn points(&self) -> u64 {
        self.rows.len() as u64
    }
}

/// The number of points the sweep's design has, without building it.
pub fn point_count(spec: &SweepSpec) -> u128 {
    match spec.kind {
        DesignKind::Factorial => spec
            .params
            .iter()
            .map(|p| match &p.levels {
                Levels::List(v) => v.len() as u128,
                Levels::Range { .. } => 1,
            })
            .product(),
        DesignKind::Lhs | DesignKind::Sobol => u128::from(spec.samples.unwrap_or(0)),
        DesignKind::Saltelli => {
            let d = spec.params.len() as u128;
            let per_base = if spec.second_order { 2 * d + 2 } else { d + 2 };
            u128::from(spec.samples.unwrap_or(0)) * per_base
        }
    }
}

/// Build the design of `spec`; LHS draws from `master_seed`. The caller has checked
/// [`point_count`] against [`MAX_POINTS`](super::spec::MAX_POINTS).
pub fn build(spec: &SweepSpec, master_seed: u64) -> Design {
    match spec.kind {
        DesignKind::Factorial => factorial(&spec.params),
        DesignKind::Lhs => {
            let n = spec.samples.expect("checked: lhs has samples") as usize;
            let unit = lhs(n, spec.params.len(), master_seed);
            scaled(DesignKind::Lhs, &spec.params, unit)
        }
        DesignKind::Sobol => {
            let n = spec.samples.expect("checked: sobol has samples");
            let s = Sobol::new(spec.params.len()).expect("checked: at most 64 parameters");
            let unit = (0..n).map(|i| s.point(i)).collect();
            scaled(DesignKind::Sobol, &spec.params, unit)
        }
        DesignKind::Saltelli => {
            let n = spec.samples.expect("checked: saltelli has samples");
            let unit = saltelli(n, spec.params.len(), spec.second_order);
            scaled(DesignKind::Saltelli, &spec.params, unit)
        }
    }
}

/// The Sobol points Saltelli's scheme skips for `n` base samples: the first `2^ceil(log2 n)`
/// (as SALib's saltelli.sample did), so that no base point has A = B (the first points of the
/// unscrambled sequence are 0 and 1/2 in every coordinate).
pub fn saltelli_skip(n: u64) -> u64 {
    n.max(1).next_power_of_two()
}

/// Saltelli's sampling scheme in SALib's row order. Base point `i` (points `skip..skip+n` of a
/// Sobol sequence in 2D dimensions, see [`saltelli_skip`]) splits into A (the first D
/// coordinates) and B (the last D) and gives the rows A, AB_1..AB_D (A with column k from B),
/// with `second_order` also BA_1..BA_D (B with column k from A), and B.
pub fn saltelli(n: u64, dims: usize, second_order: bool) -> Vec<Vec<f64>> {
    let s = Sobol::new(2 * dims).expect("checked: at most 32 parameters");
    let per_base = if second_order { 2 * dims + 2 } else { dims + 2 };
    let mut rows = Vec::with_capacity(n as usize * per_base);
    let skip = saltelli_skip(n);
    for i in skip..skip + n {
        let base = s.point(i);
        let (a, b) = base.split_at(dims);
        rows.push(a.to_vec());
        for k in 0..dims {
            let mut ab = a.to_vec();
            ab[k] = b[k];
            rows.push(ab);
        }
        if second_order {
            for k in 0..dims {
                let mut ba = b.to_vec();
                ba[k] = a[k];
                rows.push(ba);
            }
        }
        rows.push(b.to_vec());
    }
    rows
}

fn factorial(params: &[Param]) -> Design {
    let lists: Vec<&Vec<toml::Value>> = params
        .iter()
        .map(|p| match &p.levels {
            Levels::List(v) => v,
            Levels::Range { .. } => unreachable!("factorial parameters are listed"),
        })
        .collect();
    let total: usize = lists.iter().map(|l| l.len()).product();
    let mut rows = Vec::with_capacity(total);
    for mut i in 0..total {
        let mut row = vec![Level::Bool(false); lists.len()];
        for (d, l) in lists.iter().enumerate().rev() {
            let k = i % l.len();
            i /= l.len();
            row[d] = level_of(&l[k], k);
        }
        rows.push(row);
    }
    Design {
        kind: DesignKind::Factorial,
        rows,
        unit: None,
    }
}

/// `n` Latin hypercube points in `dims` dimensions: in every dimension, each of the `n` strata
/// `[k/n, (k+1)/n)` holds exactly one point, placed uniformly inside it.
pub fn lhs(n: usize, dims: usize, master_seed: u64) -> Vec<Vec<f64>> {
    let mut rng = RunSeed::new(master_seed, DESIGN_STREAM_POINT, 0).stream(Slot::Population);
    let mut unit = vec![vec![0.0; dims]; n];
    for d in 0..dims {
        let mut perm: Vec<usize> = (0..n).collect();
        for i in (1..n).rev() {
            let j = rng.random_range(0..=i);
            perm.swap(i, j);
        }
        for (row, &stratum) in unit.iter_mut().zip(&perm) {
            let u: f64 = rng.random();
            row[d] = (stratum as f64 + u) / n as f64;
        }
    }
    unit
}

/// Scale unit-cube points to the parameters' ranges.
fn scaled(kind: DesignKind, params: &[Param], unit: Vec<Vec<f64>>) -> Design {
    let rows = unit
        .iter()
        .map(|u| {
            params
                .iter()
                .zip(u)
                .map(|(p, &x)| {
                    let Levels::Range { min, max } = p.levels else {
                        unreachable!("sampled parameters have ranges")
                    };
                    match p.kind {
                        ParamType::Integer => {
                            let (lo, hi) = (min.round(), max.round());
                            let v = (lo + (x * (hi - lo + 1.0)).floor()).min(hi);
                            Level::Int(v as i64)
                        }
                        _ => Level::Float(super::spec::clean(min + x * (max - min))),
                    }
                })
                .collect()
        })
        .collect();
    Design {
        kind,
        rows,
        unit: Some(unit),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lhs_hits_every_stratum_once() {
        let n = 50;
        let u = lhs(n, 3, 9);
        for d in 0..3 {
            let mut seen = vec![0; n];
            for row in &u {
                assert!((0.0..1.0).contains(&row[d]));
                seen[(row[d] * n as f64).floor() as usize] += 1;
            }
            assert!(seen.iter().all(|&c| c == 1), "dimension {d}: {seen:?}");
        }
        assert_eq!(lhs(n, 3, 9), u, "the same seed gives the same design");
        assert_ne!(lhs(n, 3, 10), u, "another seed gives another design");
    }

    #[test]
    fn saltelli_rows_follow_salib_layout() {
        let (n, d) = (4u64, 3usize);
        let rows = saltelli(n, d, true);
        assert_eq!(rows.len(), n as usize * (2 * d + 2));
        let s = Sobol::new(2 * d).unwrap();
        for i in 0..n as usize {
            let block = &rows[i * (2 * d + 2)..(i + 1) * (2 * d + 2)];
            let base = s.point(saltelli_skip(n) + i as u64);
            assert_ne!(base[..d], base[d..], "A and B differ");
            let (a, b) = base.split_at(d);
            assert_eq!(block[0], a);
            assert_eq!(block[2 * d + 1], b);
            for k in 0..d {
                for j in 0..d {
                    // AB_k: A except column k, which is B's; BA_k: B except column k
                    assert_eq!(block[1 + k][j], if j == k { b[j] } else { a[j] });
                    assert_eq!(block[1 + d + k][j], if j == k { a[j] } else { b[j] });
                }
            }
        }
        let first_order = saltelli(n, d, false);
        assert_eq!(first_order.len(), n as usize * (d + 2));
        assert_eq!(first_order[d + 1], rows[2 * d + 1], "B closes each block");
    }
}
