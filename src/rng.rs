//! The one place that decides how random numbers are made.
//!
//! Every run owns its random numbers; nothing in the model uses a global or thread-local RNG. A
//! run is identified by the master seed, a design point and a replicate. Two kinds of source:
//!
//! - **Streams** (ChaCha8) for the draws whose number varies: seating the table, the table's own
//!   events, the process manager. The ChaCha8 key comes from (master seed, design point), the
//!   stream number from (replicate, slot), where the slot separates the purposes.
//! - **Dice** ([`Dice`]), counter-based, for the participants' per-round draws: the die of
//!   participant `i` in round `t` for purpose `k` is a pure function of the run and `(i, t, k)`.
//!   Nothing is stored or advanced, a die costs only when a rule reads it, and the same
//!   participant in the same round gets the same number for the same purpose under every
//!   policy, however differently the runs went before (common random numbers).
//!
//! Runs that share master seed, design point and replicate therefore share their population and
//! their luck, whatever policy they compare and whatever thread runs them.

use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;

/// The name of the generator, written into run manifests.
pub const ALGORITHM: &str = "ChaCha8Rng (rand 0.10), key from SplitMix64(master seed, design point), stream = replicate << 20 | slot; dice: SplitMix64 of the run key read at (round << 24 | participant << 3 | purpose)";

/// Identity of one run for random-number purposes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RunSeed {
    pub master: u64,
    pub point: u64,
    pub replicate: u64,
}

/// What a stream is used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    Population,
    Table,
    Manager,
}

impl Slot {
    fn index(self) -> u64 {
        match self {
            Slot::Population => 0,
            Slot::Table => 1,
            Slot::Manager => 2,
        }
    }
}

/// A uniform number in the open interval (0, 1) from 32 random bits: (bits + 1/2) / 2^32.
/// Per-round dice use it: 32 bits resolve probabilities to 2.3e-10.
#[inline]
pub fn unit_from_bits(bits: u32) -> f64 {
    (f64::from(bits) + 0.5) * (1.0 / 4_294_967_296.0)
}

/// Replicates must fit in the stream number next to the slot.
pub const MAX_REPLICATE: u64 = (1 << 44) - 1;

/// SplitMix64's increment, the golden ratio times 2^64 (Steele, Lea and Flood 2014).
const GOLDEN_GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

/// SplitMix64's output function (Stafford's Mix13 variant): a bijection of 64-bit words in
/// which every input bit affects every output bit.
#[inline]
fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[inline]
fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(GOLDEN_GAMMA);
    mix64(*state)
}

/// Constants xored into the design point and the replicate before they are mixed into a key
/// (docs/reproduction.md section 2).
const POINT_SALT: u64 = 0xA076_1D64_78BD_642F;
const REPLICATE_SALT: u64 = 0xE703_7ED1_A0B4_28DB;

/// Participants per table the dice can tell apart (2^21).
pub const MAX_DICE_PARTICIPANTS: usize = 1 << 21;

/// The participants' per-round dice of one run, counter-based.
///
/// The die of participant `who` in round `round` for purpose `purpose` (below 8) is the word at
/// position `c = round << 24 | who << 3 | purpose` of the SplitMix64 sequence seeded with the
/// run's key: `mix64(key + (c + 1) * GOLDEN_GAMMA)`, whose upper 32 bits become a uniform in
/// (0, 1) by [`unit_from_bits`]. SplitMix64 is the generator of Steele, Lea and Flood
/// (OOPSLA 2014), which passes BigCrush; reading it at a position, as Random123's Philox and
/// JAX's Threefry are read, makes it counter-based. The key is SplitMix64 of (master seed,
/// design point, replicate), see [`RunSeed::dice`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dice {
    key: u64,
}

impl Dice {
    /// The 32 random bits of one die.
    #[inline]
    pub fn bits(self, round: u32, who: usize, purpose: usize) -> u32 {
        debug_assert!(purpose < 8 && who < MAX_DICE_PARTICIPANTS);
        let c = (u64::from(round) << 24) | ((who as u64) << 3) | purpose as u64;
        let z = mix64(
            self.key
                .wrapping_add(c.wrapping_add(1).wrapping_mul(GOLDEN_GAMMA)),
        );
        (z >> 32) as u32
    }

    /// One die as a uniform number in (0, 1).
    #[inline]
    pub fn uniform(self, round: u32, who: usize, purpose: usize) -> f64 {
        unit_from_bits(self.bits(round, who, purpose))
    }
}

impl RunSeed {
    pub fn new(master: u64, point: u64, replicate: u64) -> Self {
        Self {
            master,
            point,
            replicate,
        }
    }

    fn key(&self) -> [u8; 32] {
        let mut state = self.master;
        let mut key = [0u8; 32];
        let mixed_point = {
            let mut p = self.point ^ POINT_SALT;
            splitmix64(&mut p)
        };
        state ^= mixed_point;
        for chunk in key.chunks_exact_mut(8) {
            chunk.copy_from_slice(&splitmix64(&mut state).to_le_bytes());
        }
        key
    }

    /// The participants' dice of this run: the key is SplitMix64 seeded with the master seed,
    /// with the mixed design point and the mixed replicate folded in, so that neighbouring runs
    /// get unrelated keys.
    pub fn dice(&self) -> Dice {
        let mut state = self.master ^ mix64(self.point ^ POINT_SALT);
        state ^= mix64(self.replicate ^ REPLICATE_SALT);
        Dice {
            key: splitmix64(&mut state),
        }
    }

    /// The generator for one purpose of this run.
    pub fn stream(&self, slot: Slot) -> ChaCha8Rng {
        debug_assert!(self.replicate <= MAX_REPLICATE);
        let mut rng = ChaCha8Rng::from_seed(self.key());
        rng.set_stream((self.replicate << 20) | slot.index());
        rng
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::RngExt;

    #[test]
    fn unit_from_bits_stays_strictly_inside_the_unit_interval() {
        assert!(unit_from_bits(0) > 0.0);
        assert!(unit_from_bits(u32::MAX) < 1.0);
        assert!((unit_from_bits(1 << 31) - 0.5).abs() < 1e-9);
    }

    #[test]
    fn streams_differ_by_slot_replicate_and_point() {
        let draw = |s: RunSeed, slot| s.stream(slot).random::<u64>();
        let a = RunSeed::new(1, 0, 0);
        assert_eq!(draw(a, Slot::Table), draw(a, Slot::Table));
        assert_ne!(draw(a, Slot::Table), draw(a, Slot::Population));
        assert_ne!(
            draw(a, Slot::Table),
            draw(RunSeed::new(1, 0, 1), Slot::Table)
        );
        assert_ne!(
            draw(a, Slot::Table),
            draw(RunSeed::new(1, 1, 0), Slot::Table)
        );
        assert_ne!(
            draw(a, Slot::Table),
            draw(RunSeed::new(2, 0, 0), Slot::Table)
        );
        assert_ne!(draw(a, Slot::Manager), draw(a, Slot::Table));
    }

    /// The dice are pinned to the formula of docs/model.md 6.2 (the expected values were
    /// computed from it independently, in Python's integers).
    #[test]
    fn dice_follow_the_documented_formula() {
        let d = RunSeed::new(42, 0, 7).dice();
        assert_eq!(d.key, 0x04f5_cb8d_4012_0642);
        assert_eq!(d.bits(1, 0, 0), 2_401_704_002);
        assert_eq!(d.bits(3, 5, 2), 3_377_875_336);
        assert_eq!(d.bits(100, 19, 6), 1_153_107_671);
    }

    #[test]
    fn dice_differ_by_run_round_participant_and_purpose() {
        let a = RunSeed::new(1, 0, 0).dice();
        let base = a.bits(5, 3, 2);
        assert_eq!(base, a.bits(5, 3, 2));
        for other in [
            a.bits(6, 3, 2),
            a.bits(5, 4, 2),
            a.bits(5, 3, 3),
            RunSeed::new(1, 0, 1).dice().bits(5, 3, 2),
            RunSeed::new(1, 1, 0).dice().bits(5, 3, 2),
            RunSeed::new(2, 0, 0).dice().bits(5, 3, 2),
        ] {
            assert_ne!(base, other);
        }
    }

    /// 2^20 dice of 64 replicates x 128 rounds x 16 participants x 8 purposes, in 64 equal
    /// bins: the chi-square statistic (63 degrees of freedom, mean 63, sd 11.2) must stay below
    /// 120, more than five sd above its mean; and neighbouring dice (the next purpose, the next
    /// participant, the next round, the next replicate) must be uncorrelated: with 2^20 pairs a
    /// correlation's sd is 0.001, and the bound is 0.006.
    #[test]
    fn dice_are_uniform_and_neighbours_uncorrelated() {
        let mut bins = [0u32; 64];
        let mut sums = [0.0f64; 4];
        let mut sq = 0.0;
        let mut total = 0.0;
        let mut n = 0.0;
        for rep in 0..64u64 {
            let d = RunSeed::new(9, 0, rep).dice();
            let next_rep = RunSeed::new(9, 0, rep + 1).dice();
            for round in 1..=128u32 {
                for who in 0..16 {
                    for k in 0..8 {
                        let u = d.uniform(round, who, k) - 0.5;
                        bins[(d.bits(round, who, k) >> 26) as usize] += 1;
                        let neighbours = [
                            d.uniform(round, who, (k + 1) % 8),
                            d.uniform(round, (who + 1) % 16, k),
                            d.uniform(round + 1, who, k),
                            next_rep.uniform(round, who, k),
                        ];
                        for (s, v) in sums.iter_mut().zip(neighbours) {
                            *s += u * (v - 0.5);
                        }
                        sq += u * u;
                        total += u;
                        n += 1.0;
                    }
                }
            }
        }
        let expected = n / 64.0;
        let chi2: f64 = bins
            .iter()
            .map(|&b| (f64::from(b) - expected).powi(2) / expected)
            .sum();
        assert!(chi2 < 120.0, "chi-square {chi2}");
        assert!((total / n).abs() < 0.003, "mean off by {}", total / n);
        for (what, s) in ["purpose", "participant", "round", "replicate"]
            .iter()
            .zip(sums)
        {
            let r = s / sq;
            assert!(r.abs() < 0.006, "correlation with the next {what}: {r}");
        }
    }
}
