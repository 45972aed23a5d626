//! The Sobol low-discrepancy sequence, unscrambled, in Gray-code order (Antonov and Saleev),
//! with the direction numbers of Joe and Kuo (2008) for up to 64 dimensions.
//!
//! Point `i` is computed directly from its index, so any point of the sequence can be made
//! without the ones before it. The first points are the published ones (and those of
//! `scipy.stats.qmc.Sobol(d, scramble=False)`): 0, 1/2, 3/4, 1/4, 3/8, 7/8, 5/8, 1/8 in the
//! first dimension. Coordinates have 32 bits, so the sequence has 2^32 distinct points.

use super::joe_kuo::{DIMENSIONS, TABLE};

/// Bits per coordinate.
const BITS: usize = 32;

/// Most dimensions the shipped direction numbers support.
pub const MAX_DIMENSIONS: usize = DIMENSIONS;

/// Most points with distinct coordinates.
pub const MAX_POINTS: u64 = 1 << BITS;

/// A Sobol generator for a fixed number of dimensions.
#[derive(Debug, Clone)]
pub struct Sobol {
    /// Direction numbers per dimension, `v[d][k]` for bit `k` of the (Gray-coded) index.
    v: Vec<[u32; BITS]>,
}

impl Sobol {
    /// A generator for `dims` dimensions (1..=64).
    pub fn new(dims: usize) -> Option<Self> {
        if dims == 0 || dims > DIMENSIONS {
            return None;
        }
        let v = TABLE[..dims]
            .iter()
            .map(|&(poly, m)| directions(poly, m))
            .collect();
        Some(Self { v })
    }

    pub fn dims(&self) -> usize {
        self.v.len()
    }

    /// Point `index` of the sequence, each coordinate in [0, 1).
    pub fn point(&self, index: u64) -> Vec<f64> {
        debug_assert!(index < MAX_POINTS);
        let gray = index ^ (index >> 1);
        self.v
            .iter()
            .map(|v| {
                let mut x = 0u32;
                let mut g = gray;
                let mut k = 0;
                while g != 0 {
                    if g & 1 == 1 {
                        x ^= v[k];
                    }
                    g >>= 1;
                    k += 1;
                }
                f64::from(x) / (MAX_POINTS as f64)
            })
            .collect()
    }
}

/// The 32 direction numbers of one dimension, scaled to 32 bits.
fn directions(poly: u32, m: &[u32]) -> [u32; BITS] {
    let mut v = [0u32; BITS];
    let s = (32 - poly.leading_zeros() - 1) as usize;
    if s == 0 {
        // the first dimension: all m = 1, the van der Corput sequence in base 2
        for (k, vk) in v.iter_mut().enumerate() {
            *vk = 1 << (BITS - 1 - k);
        }
        return v;
    }
    for k in 0..s.min(BITS) {
        v[k] = m[k] << (BITS - 1 - k);
    }
    // the coefficients a_1..a_{s-1} are the bits between the leading and the constant term
    let a = (poly >> 1) & ((1 << (s - 1)) - 1);
    for k in s..BITS {
        let mut x = v[k - s] ^ (v[k - s] >> s);
        for j in 1..s {
            if (a >> (s - 1 - j)) & 1 == 1 {
                x ^= v[k - j];
            }
        }
        v[k] = x;
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_points_match_the_published_ones() {
        // scipy.stats.qmc.Sobol(d=6, scramble=False).random(8)
        let expected = [
            [0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
            [0.5, 0.5, 0.5, 0.5, 0.5, 0.5],
            [0.75, 0.25, 0.25, 0.25, 0.75, 0.75],
            [0.25, 0.75, 0.75, 0.75, 0.25, 0.25],
            [0.375, 0.375, 0.625, 0.875, 0.375, 0.125],
            [0.875, 0.875, 0.125, 0.375, 0.875, 0.625],
            [0.625, 0.125, 0.875, 0.625, 0.625, 0.875],
            [0.125, 0.625, 0.375, 0.125, 0.125, 0.375],
        ];
        let s = Sobol::new(6).unwrap();
        for (i, row) in expected.iter().enumerate() {
            assert_eq!(s.point(i as u64), row.to_vec(), "point {i}");
        }
    }

    #[test]
    fn later_points_in_high_dimensions_match_scipy() {
        // scipy.stats.qmc.Sobol(d=64, scramble=False).random(1024), rows 1000, 1023 and 5
        let s = Sobol::new(64).unwrap();
        let p = s.point(1000);
        let want = [
            (0, 0.2197265625),
            (1, 0.0966796875),
            (10, 0.0849609375),
            (31, 0.1455078125),
            (63, 0.4462890625),
        ];
        for (d, x) in want {
            assert_eq!(p[d], x, "dimension {d}");
        }
        let p = s.point(1023);
        assert_eq!((p[0], p[63]), (0.0009765625, 0.0400390625));
        let p = s.point(5);
        assert_eq!((p[40], p[50], p[63]), (0.375, 0.625, 0.625));
    }

    #[test]
    fn dimension_limits() {
        assert!(Sobol::new(0).is_none());
        assert!(Sobol::new(65).is_none());
        assert_eq!(Sobol::new(64).unwrap().dims(), 64);
    }
}
