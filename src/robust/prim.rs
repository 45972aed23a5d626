//! Scenario discovery with PRIM, the Patient Rule Induction Method (Friedman & Fisher 1999),
//! in the form scenario discovery uses it (Bryant & Lempert 2010): find a box of parameter
//! ranges (lower and upper limit per uncertain parameter) in which the cases of interest (here:
//! the variants in which a policy fails) are concentrated.
//!
//! The algorithm follows the EMA Workbench's `prim` module (Kwakkel 2017) step for step, so
//! that an analyst gets the same boxes from both (tests/it/robust.rs runs the Workbench on the
//! same data when it is installed):
//!
//! - **Peeling.** From the box holding every case, try for every parameter two peels: cut the
//!   cases above the `1 − α` quantile, or below the `α` quantile, of the cases in the box
//!   (α = 0.05; the Workbench's sdtoolkit quantile, [`sd_quantile`]). Score each candidate by
//!   the gain in the share of cases of interest per case removed, (mean_new − mean_old) /
//!   (n_old − n_new) (the Workbench's default objective, "lenient1"); ties go to the candidate
//!   that leaves more parameters unrestricted, then to the earlier one (parameters in order,
//!   upper before lower). Take the best while its score is positive and the box keeps at
//!   least `mass_min` (0.05) of the cases.
//! - **Pasting.** Then, for every restricted parameter, try to widen the box again by the `α`
//!   quantile of the cases just outside it, and take the best widening while it raises the
//!   share of cases of interest.
//! - Every step is one box of the **trajectory**, with its coverage (the share of all cases of
//!   interest that lie in the box), density (the share of the box's cases that are of
//!   interest) and mass (the share of all cases in the box).

/// One box on the trajectory.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub lows: Vec<f64>,
    pub highs: Vec<f64>,
    pub coverage: f64,
    pub density: f64,
    pub mass: f64,
    /// Cases in the box.
    pub cases: usize,
    /// Cases of interest in the box.
    pub of_interest: usize,
}

impl Step {
    /// Whether parameter `j` is restricted relative to the box holding every case.
    pub fn restricts(&self, j: usize, full: &Step) -> bool {
        self.lows[j] != full.lows[j] || self.highs[j] != full.highs[j]
    }

    /// How many parameters the box restricts.
    pub fn restricted(&self, full: &Step) -> usize {
        (0..self.lows.len())
            .filter(|&j| self.restricts(j, full))
            .count()
    }
}

/// The result of one PRIM search.
#[derive(Debug, Clone, PartialEq)]
pub struct Prim {
    /// The box holding every case (each parameter's minimum and maximum).
    pub full: Step,
    /// The peeling and pasting trajectory, starting with `full`.
    pub trajectory: Vec<Step>,
    /// The box offered to the analyst (see [`choose`]).
    pub chosen: usize,
    /// The density the chosen box was asked to reach.
    pub min_density: f64,
}

/// PRIM's settings, with the Workbench's defaults.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    pub peel_alpha: f64,
    pub paste_alpha: f64,
    pub mass_min: f64,
    /// The chosen box must be at least this dense (see [`choose`]).
    pub min_density: f64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            peel_alpha: 0.05,
            paste_alpha: 0.05,
            mass_min: 0.05,
            min_density: 0.8,
        }
    }
}

/// The quantile of sdtoolkit and the EMA Workbench (`prim_util.get_quantile`): between the two
/// order statistics around `(n − 1)·q`, moved outward past ties, the midpoint.
pub fn sd_quantile(data: &[f64], q: f64) -> f64 {
    let mut d = data.to_vec();
    d.sort_by(f64::total_cmp);
    let i = (d.len() - 1) as f64 * q;
    let (mut lo, mut hi) = (i.floor() as usize, i.ceil() as usize);
    if q > 0.5 {
        while d[lo] == d[hi] && lo > 0 {
            lo -= 1;
        }
    } else {
        while d[lo] == d[hi] && hi < d.len() - 1 {
            hi += 1;
        }
    }
    (d[lo] + d[hi]) / 2.0
}

/// A candidate box: its cases and limits.
struct Candidate {
    idx: Vec<usize>,
    lows: Vec<f64>,
    highs: Vec<f64>,
}

struct Search<'a> {
    x: &'a [Vec<f64>],
    y: &'a [bool],
    n: usize,
    total_of_interest: usize,
    full: (Vec<f64>, Vec<f64>),
    s: Settings,
}

impl Search<'_> {
    fn mean(&self, idx: &[usize]) -> f64 {
        if idx.is_empty() {
            return 0.0;
        }
        idx.iter().filter(|&&i| self.y[i]).count() as f64 / idx.len() as f64
    }

    /// The Workbench's "lenient1" objective.
    fn objective(&self, old: &[usize], new: &[usize]) -> f64 {
        let (mo, mn) = (self.mean(old), self.mean(new));
        if mo == mn || old.len() == new.len() {
            return 0.0;
        }
        (mn - mo) / (old.len() as f64 - new.len() as f64).abs()
    }

    fn unrestricted(&self, lows: &[f64], highs: &[f64]) -> usize {
        (0..lows.len())
            .filter(|&j| lows[j] == self.full.0[j] && highs[j] == self.full.1[j])
            .count()
    }

    fn step(&self, lows: Vec<f64>, highs: Vec<f64>, idx: &[usize]) -> Step {
        let k = idx.iter().filter(|&&i| self.y[i]).count();
        Step {
            lows,
            highs,
            coverage: if self.total_of_interest == 0 {
                0.0
            } else {
                k as f64 / self.total_of_interest as f64
            },
            density: if idx.is_empty() {
                0.0
            } else {
                k as f64 / idx.len() as f64
            },
            mass: idx.len() as f64 / self.n as f64,
            cases: idx.len(),
            of_interest: k,
        }
    }

    /// The best candidate by (objective, unrestricted parameters), the first on ties.
    fn best(&self, old: &[usize], candidates: Vec<Candidate>) -> Option<(f64, Candidate)> {
        let mut best: Option<(f64, usize, Candidate)> = None;
        for c in candidates {
            let obj = self.objective(old, &c.idx);
            let free = self.unrestricted(&c.lows, &c.highs);
            let better = match &best {
                None => true,
                Some((bo, bf, _)) => obj > *bo || (obj == *bo && free > *bf),
            };
            if better {
                best = Some((obj, free, c));
            }
        }
        best.map(|(o, _, c)| (o, c))
    }

    fn peel(&self, idx: &[usize], lows: &[f64], highs: &[f64]) -> Vec<Candidate> {
        let mut out = Vec::new();
        for j in 0..lows.len() {
            let col: Vec<f64> = idx.iter().map(|&i| self.x[i][j]).collect();
            // upper: keep the cases at or below the 1 - alpha quantile
            let cut = sd_quantile(&col, 1.0 - self.s.peel_alpha);
            let keep: Vec<usize> = idx
                .iter()
                .copied()
                .filter(|&i| self.x[i][j] <= cut)
                .collect();
            let mut h = highs.to_vec();
            h[j] = cut;
            out.push(Candidate {
                idx: keep,
                lows: lows.to_vec(),
                highs: h,
            });
            // lower: keep the cases at or above the alpha quantile
            let cut = sd_quantile(&col, self.s.peel_alpha);
            let keep: Vec<usize> = idx
                .iter()
                .copied()
                .filter(|&i| self.x[i][j] >= cut)
                .collect();
            let mut l = lows.to_vec();
            l[j] = cut;
            out.push(Candidate {
                idx: keep,
                lows: l,
                highs: highs.to_vec(),
            });
        }
        out
    }

    fn paste(&self, lows: &[f64], highs: &[f64]) -> Vec<Candidate> {
        let mut out = Vec::new();
        let restricted: Vec<usize> = (0..lows.len())
            .filter(|&j| lows[j] != self.full.0[j] || highs[j] != self.full.1[j])
            .collect();
        // membership tests only on the restricted parameters, as the Workbench does
        let within = |i: usize, l: &[f64], h: &[f64]| {
            restricted
                .iter()
                .all(|&j| l[j] <= self.x[i][j] && self.x[i][j] <= h[j])
        };
        for &j in &restricted {
            for lower in [true, false] {
                let (mut pl, mut ph) = (lows.to_vec(), highs.to_vec());
                if lower {
                    pl[j] = self.full.0[j];
                    ph[j] = lows[j];
                } else {
                    pl[j] = highs[j];
                    ph[j] = self.full.1[j];
                }
                let data: Vec<f64> = (0..self.n)
                    .filter(|&i| within(i, &pl, &ph))
                    .map(|i| self.x[i][j])
                    .collect();
                let (mut l, mut h) = (lows.to_vec(), highs.to_vec());
                if lower {
                    l[j] = if data.is_empty() {
                        self.full.0[j]
                    } else {
                        sd_quantile(&data, 1.0 - self.s.paste_alpha)
                    };
                } else {
                    h[j] = if data.is_empty() {
                        self.full.1[j]
                    } else {
                        sd_quantile(&data, self.s.paste_alpha)
                    };
                }
                let idx: Vec<usize> = (0..self.n).filter(|&i| within(i, &l, &h)).collect();
                out.push(Candidate {
                    idx,
                    lows: l,
                    highs: h,
                });
            }
        }
        out
    }
}

/// Run PRIM on the cases `x` (one row per case, one column per parameter) with the cases of
/// interest `y`.
pub fn prim(x: &[Vec<f64>], y: &[bool], s: Settings) -> Prim {
    let n = x.len();
    let dims = x.first().map_or(0, Vec::len);
    let mut lows = vec![f64::INFINITY; dims];
    let mut highs = vec![f64::NEG_INFINITY; dims];
    for row in x {
        for j in 0..dims {
            lows[j] = lows[j].min(row[j]);
            highs[j] = highs[j].max(row[j]);
        }
    }
    let search = Search {
        x,
        y,
        n,
        total_of_interest: y.iter().filter(|&&b| b).count(),
        full: (lows.clone(), highs.clone()),
        s,
    };
    let mut idx: Vec<usize> = (0..n).collect();
    let full = search.step(lows.clone(), highs.clone(), &idx);
    let mut trajectory = vec![full.clone()];
    if n > 1 && dims > 0 {
        // peeling, then pasting: each takes the best candidate while it is accepted
        for pasting in [false, true] {
            loop {
                let candidates = if pasting {
                    search.paste(&lows, &highs)
                } else {
                    search.peel(&idx, &lows, &highs)
                };
                let Some((obj, c)) = search.best(&idx, candidates) else {
                    break;
                };
                let mass_new = c.idx.len() as f64 / n as f64;
                let mass_old = idx.len() as f64 / n as f64;
                let accepted = if pasting {
                    mass_new > mass_old && search.mean(&c.idx) > search.mean(&idx)
                } else {
                    mass_new < mass_old
                };
                if !(accepted && mass_new >= s.mass_min && obj > 0.0) {
                    break;
                }
                trajectory.push(search.step(c.lows.clone(), c.highs.clone(), &c.idx));
                (idx, lows, highs) = (c.idx, c.lows, c.highs);
            }
        }
    }
    let chosen = choose(&trajectory, s.min_density);
    Prim {
        full,
        trajectory,
        chosen,
        min_density: s.min_density,
    }
}

/// Quasi-p values of box `b`'s limits (Bryant & Lempert 2010; the Workbench's
/// `calculate_qp`): for each restricted limit, the one-sided binomial probability of finding
/// at least the box's cases of interest among its cases if that one limit were dropped (the
/// share of interest then being that of the wider box). A small value says the limit matters;
/// a large one that the box would do as well without it. `None` where the limit is not
/// restricted. Per parameter: (lower limit, upper limit).
pub fn quasi_p(x: &[Vec<f64>], y: &[bool], p: &Prim, b: usize) -> Vec<(Option<f64>, Option<f64>)> {
    use statrs::distribution::{Binomial, DiscreteCDF};
    let bx = &p.trajectory[b];
    let dims = bx.lows.len();
    let restricted: Vec<usize> = (0..dims).filter(|&j| bx.restricts(j, &p.full)).collect();
    let test = |lows: &[f64], highs: &[f64]| {
        let (mut t, mut h) = (0u64, 0u64);
        for (i, row) in x.iter().enumerate() {
            if restricted
                .iter()
                .all(|&j| lows[j] <= row[j] && row[j] <= highs[j])
            {
                t += 1;
                h += u64::from(y[i]);
            }
        }
        let share = if t == 0 { 0.0 } else { h as f64 / t as f64 };
        let k = bx.of_interest as u64;
        if k == 0 {
            return 1.0;
        }
        Binomial::new(share, bx.cases as u64)
            .map(|d| d.sf(k - 1))
            .unwrap_or(f64::NAN)
    };
    (0..dims)
        .map(|j| {
            let lower = (bx.lows[j] != p.full.lows[j]).then(|| {
                let mut l = bx.lows.clone();
                l[j] = p.full.lows[j];
                test(&l, &bx.highs)
            });
            let upper = (bx.highs[j] != p.full.highs[j]).then(|| {
                let mut h = bx.highs.clone();
                h[j] = p.full.highs[j];
                test(&bx.lows, &h)
            });
            (lower, upper)
        })
        .collect()
}

/// The box offered to the analyst: among the boxes at least `min_density` dense, the one with
/// the best balance of coverage and density, their harmonic mean 2cd / (c + d) (the F1 score
/// of the box as a classifier of the cases of interest; the trade-off of Bryant & Lempert
/// 2010); if no box is that dense, the densest. On ties the earlier (larger) box.
pub fn choose(trajectory: &[Step], min_density: f64) -> usize {
    let f1 = |s: &Step| {
        if s.coverage + s.density == 0.0 {
            0.0
        } else {
            2.0 * s.coverage * s.density / (s.coverage + s.density)
        }
    };
    let dense: Vec<usize> = (0..trajectory.len())
        .filter(|&b| trajectory[b].density >= min_density)
        .collect();
    let pick = |set: &[usize], key: &dyn Fn(&Step) -> f64| {
        let mut best = set[0];
        for &b in set {
            if key(&trajectory[b]) > key(&trajectory[best]) {
                best = b;
            }
        }
        best
    };
    if !dense.is_empty() {
        pick(&dense, &f1)
    } else {
        let all: Vec<usize> = (0..trajectory.len()).collect();
        pick(&all, &|s| s.density)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sd_quantile_moves_past_ties_and_takes_the_midpoint() {
        let d = [1.0, 2.0, 3.0, 4.0, 5.0];
        // (n-1) q = 0.2: floor 0, ceil 1: (1 + 2) / 2
        assert_eq!(sd_quantile(&d, 0.05), 1.5);
        // (n-1) q = 3.8: floor 3, ceil 4: (4 + 5) / 2
        assert_eq!(sd_quantile(&d, 0.95), 4.5);
        // ties: [1,1,1,2]: q 0.05 -> i 0.15, lo 0 hi 1 equal -> hi moves to 3: (1 + 2) / 2
        assert_eq!(sd_quantile(&[1.0, 1.0, 1.0, 2.0], 0.05), 1.5);
    }

    /// A planted box: cases of interest exactly where x0 > 0.7 and x1 < 0.4 on a grid of
    /// 30 x 30 points; x2 is noise. PRIM must restrict x0 and x1 near those limits and leave
    /// x2 alone, with a dense box that covers most cases of interest.
    #[test]
    fn recovers_a_planted_box() {
        let mut x = Vec::new();
        let mut y = Vec::new();
        for a in 0..30 {
            for b in 0..30 {
                let (x0, x1) = ((a as f64 + 0.5) / 30.0, (b as f64 + 0.5) / 30.0);
                let x2 = ((a * 7 + b * 13) % 30) as f64 / 30.0;
                x.push(vec![x0, x1, x2]);
                y.push(x0 > 0.7 && x1 < 0.4);
            }
        }
        let p = prim(&x, &y, Settings::default());
        let b = &p.trajectory[p.chosen];
        assert!(b.density >= 0.8, "density {}", b.density);
        assert!(b.coverage >= 0.8, "coverage {}", b.coverage);
        assert!((b.lows[0] - 0.7).abs() < 0.06, "x0 low {}", b.lows[0]);
        assert!((b.highs[1] - 0.4).abs() < 0.06, "x1 high {}", b.highs[1]);
        assert!(!b.restricts(2, &p.full), "x2 restricted: {b:?}");
        assert_eq!(p.trajectory[0].coverage, 1.0);
    }
}
