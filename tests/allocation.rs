//! No heap allocation per round in the hot loop: once a run is set up and has played its first
//! round (buffers reach their working size), stepping a model allocates nothing, decision
//! moments included, with or without a process manager (surveys, bilateral talks, sanctions and
//! spoiler management included). A counting global allocator in this test binary (which holds
//! this single test, so no other thread allocates) counts the allocations.
//! Sizes: 40 replicates of each shipped scenario without a manager and 8 under each of the 10
//! built-in policies and the scenario's own, played to the end.

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use polder::model::Model;
use polder::policy::{PolicySpec, builtin, builtin_names};
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

/// One test for all cases: a second test in this binary would allocate on another thread
/// while this one counts.
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
        // no manager, every built-in policy, and the scenario's own policies
        let mut policies: Vec<Option<PolicySpec>> = vec![None];
        policies.extend(builtin_names().into_iter().map(builtin));
        policies.extend(s.policies.iter().cloned().map(Some));
        for policy in &policies {
            let name = policy.as_ref().map_or("no manager", |p| p.name.as_str());
            let replicates = if policy.is_none() { 40 } else { 8 };
            for r in 0..replicates {
                let setup = ALLOCATIONS.load(Ordering::Relaxed);
                let mut m = Model::with_policy(&s, policy.as_ref(), RunSeed::new(5, 0, r));
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
                    "{file}, {name}, replicate {r}: {} allocations in {} rounds",
                    after - before,
                    m.round
                );
            }
        }
    }
    assert!(rounds > 10_000, "only {rounds} rounds were checked");
}
