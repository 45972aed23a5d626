//! Pairwise personal relations between participants ("how are the personal relations?").
//!
//! Relations carry influence (how far a meeting moves positions) and carry news: an exit, a
//! detected free-rider, a revealed saboteur or a withdrawn "yes" hits those who are close to
//! the party concerned harder.

/// A symmetric matrix of relation strengths in 0..1, stored in full for fast row access.
#[derive(Debug, Clone)]
pub struct RelationMatrix {
    n: usize,
    cells: Vec<f64>,
}

impl RelationMatrix {
    pub fn new(n: usize) -> Self {
        Self {
            n,
            cells: vec![0.0; n * n],
        }
    }

    #[inline]
    pub fn get(&self, i: usize, j: usize) -> f64 {
        self.cells[i * self.n + j]
    }

    /// Set both r(i,j) and r(j,i), clamped to 0..1.
    #[inline]
    pub fn set(&mut self, i: usize, j: usize, v: f64) {
        let v = v.clamp(0.0, 1.0);
        self.cells[i * self.n + j] = v;
        self.cells[j * self.n + i] = v;
    }

    /// Row i: the relations of participant i with everyone (its own cell is unused).
    #[inline]
    pub fn row(&self, i: usize) -> &[f64] {
        &self.cells[i * self.n..(i + 1) * self.n]
    }

    /// Strengthen after a meeting within reach: r += improve * (1 - r).
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
