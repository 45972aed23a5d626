//! Pairwise personal relations between participants ("how are the personal relations?").
//!
//! Relations carry influence (how far a meeting moves positions) and carry news: an exit, a
//! detected free-rider, a revealed saboteur or a withdrawn "yes" hits those who are close to
//! the party concerned harder.

/// A symmetric matrix of relation strengths in 0..1, stored in full for fast row access. Rows
/// are padded with zeros to a multiple of four cells so that sums
/// over a row run in whole SIMD lanes.
#[derive(Debug, Clone)]
pub struct RelationMatrix {
    n: usize,
    stride: usize,
    cells: Vec<f64>,
}

impl RelationMatrix {
    pub fn new(n: usize) -> Self {
        let stride = Self::padded(n);
        Self {
            n,
            stride,
            cells: vec![0.0; n * stride],
        }
    }

    /// `n` rounded up to a multiple of four.
    pub const fn padded(n: usize) -> usize {
        n.div_ceil(4) * 4
    }

    #[inline]
    pub fn get(&self, i: usize, j: usize) -> f64 {
        self.cells[i * self.stride + j]
    }

    /// Set both r(i,j) and r(j,i), clamped to 0..1.
    #[inline]
    pub fn set(&mut self, i: usize, j: usize, v: f64) {
        debug_assert_ne!(
            i, j,
            "the diagonal stays 0: nobody has a relation with itself"
        );
        let v = v.clamp(0.0, 1.0);
        self.cells[i * self.stride + j] = v;
        self.cells[j * self.stride + i] = v;
    }

    /// Relations of `i` with everyone (length n).
    #[inline]
    pub fn row(&self, i: usize) -> &[f64] {
        &self.padded_row(i)[..self.n]
    }

    /// Relations of `i` with everyone, followed by zeros up to a multiple of four cells.
    #[inline]
    pub fn padded_row(&self, i: usize) -> &[f64] {
        &self.cells[i * self.stride..(i + 1) * self.stride]
    }

    /// `sums[c]` = the sum of column `c` over the rows `rows`, for every column of the padded
    /// matrix (`sums` is [`RelationMatrix::padded`]`(n)` long): each column's terms are added one
    /// at a time in the order of `rows`, starting from 0. The matrix is symmetric, so these are
    /// also each party's summed relations with `rows`. Tables of up to 24 seats keep the whole
    /// row of sums in registers while the rows stream past (the width is a constant there);
    /// larger ones add each row into memory.
    pub fn sum_rows_into(&self, rows: &[usize], sums: &mut [f64]) {
        debug_assert_eq!(sums.len(), self.stride, "one sum per padded column");
        match self.stride {
            4 => self.sum_rows_fixed::<4>(rows, sums),
            8 => self.sum_rows_fixed::<8>(rows, sums),
            12 => self.sum_rows_fixed::<12>(rows, sums),
            16 => self.sum_rows_fixed::<16>(rows, sums),
            20 => self.sum_rows_fixed::<20>(rows, sums),
            24 => self.sum_rows_fixed::<24>(rows, sums),
            _ => {
                sums.fill(0.0);
                for &j in rows {
                    for (sum, r) in sums.iter_mut().zip(self.padded_row(j)) {
                        *sum += r;
                    }
                }
            }
        }
    }

    fn sum_rows_fixed<const W: usize>(&self, rows: &[usize], sums: &mut [f64]) {
        let mut acc = [0.0f64; W];
        for &j in rows {
            let row: &[f64; W] = self
                .padded_row(j)
                .try_into()
                .expect("a padded row is W wide");
            for (a, r) in acc.iter_mut().zip(row) {
                *a += r;
            }
        }
        sums.copy_from_slice(&acc);
    }

    #[inline]
    pub fn improve(&mut self, i: usize, j: usize, rate: f64) {
        let r = self.get(i, j);
        self.set(i, j, r + rate * (1.0 - r));
    }

    /// Weaken: r -= rate * r.
    #[inline]
    pub fn weaken(&mut self, i: usize, j: usize, rate: f64) {
        let r = self.get(i, j);
        self.set(i, j, r - rate * r);
    }

    pub fn len(&self) -> usize {
        self.n
    }

    pub fn is_empty(&self) -> bool {
        self.n == 0
    }
}
