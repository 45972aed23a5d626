//! No heap allocation per round in the hot loop: once a run is set up and has played its first
//! rounds (buffers reach their working size), stepping a model without a process manager
//! allocates nothing, decision moments included. A counting global allocator in this test
//! binary (which holds this single test, so no other thread allocates) counts the allocations.
//! Sizes: 40 replicates of each shipped scenario, played to the end.

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use polder::model::Model;
use polder::{RunSeed, load_scenario};

struct Counting;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

#[test]
fn stepping_a_model_allocates_nothing() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut rounds = 0u64;
    for file in [
        "regional-energy.toml",
        "area-development.toml",
        "care-network.toml",
    ] {
        let s = load_scenario(&root.join(file)).expect("shipped scenario");
        for r in 0..40 {
            let setup = ALLOCATIONS.load(Ordering::Relaxed);
            let mut m = Model::new(&s, RunSeed::new(5, 0, r));
            // the counter sees allocations: seating the table makes many
            assert!(ALLOCATIONS.load(Ordering::Relaxed) > setup + 10);
            // the first round sets up lazily created buffers
            m.step();
            let before = ALLOCATIONS.load(Ordering::Relaxed);
            while m.step() {
                rounds += 1;
            }
            let after = ALLOCATIONS.load(Ordering::Relaxed);
            assert_eq!(
                after - before,
                0,
                "{file} replicate {r}: {} allocations in {} rounds",
                after - before,
                m.round
            );
        }
    }
    assert!(rounds > 3000, "only {rounds} rounds were checked");
}
