//! The one place that decides how random streams are made.
//!
//! Every run owns its generators; nothing in the model uses a global or thread-local RNG. A run
//! is identified by the master seed, a design point and a replicate. The ChaCha8 key comes from
//! (master seed, design point); the ChaCha8 stream number from (replicate, slot), where the slot
//! separates the purposes: the population draw, the table's own events, the process manager,
//! and one stream per participant. Runs that share master seed, design point and replicate
//! therefore share their population and their luck, whatever policy they compare and whatever
//! thread runs them (common random numbers).

use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;

/// The name of the generator, written into run manifests.
pub const ALGORITHM: &str = "ChaCha8Rng (rand 0.10), key from SplitMix64(master seed, design point), stream = replicate << 20 | slot";

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
    Participant(usize),
}

impl Slot {
    fn index(self) -> u64 {
        match self {
            Slot::Population => 0,
            Slot::Table => 1,
            Slot::Manager => 2,
            Slot::Participant(i) => 16 + i as u64,
        }
    }
}

/// A uniform number in the open interval (0, 1) from 32 random bits: (bits + 1/2) / 2^32.
/// Per-round dice use it: 32 bits resolve probabilities to 2.3e-10, and half the bits of a
/// 64-bit draw halve the generator's work in the hot loop.
#[inline]
pub fn unit_from_bits(bits: u32) -> f64 {
    (f64::from(bits) + 0.5) * (1.0 / 4_294_967_296.0)
}

/// Replicates must fit in the stream number next to the slot.
pub const MAX_REPLICATE: u64 = (1 << 44) - 1;

#[inline]
fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
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
            let mut p = self.point ^ 0xA076_1D64_78BD_642F;
            splitmix64(&mut p)
        };
        state ^= mixed_point;
        for chunk in key.chunks_exact_mut(8) {
            chunk.copy_from_slice(&splitmix64(&mut state).to_le_bytes());
        }
        key
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
        assert_ne!(draw(a, Slot::Participant(0)), draw(a, Slot::Participant(1)));
    }
}
