//! No heap allocation per round in the hot loop: once a run is set up and has played its first
//! round (buffers reach their working size), stepping a model allocates nothing, decision
//! moments included, with or without a process manager (surveys, bilateral talks, sanctions and
//! spoiler management included). A counting global allocator in this test binary counts the
//! allocations made on the calling thread only: the test harness's own threads (its main thread
//! reports progress and, on a loaded machine, "has been running for over 60 seconds") allocate
//! while this test counts, and a global counter would see them.
//! Sizes: 40 replicates of each shipped scenario without a manager and 8 under each of the 10
//! built-in policies and the scenario's own, played to the end.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::path::Path;

use polder::model::Model;
use polder::policy::{PolicySpec, builtin, builtin_names};
use polder::{RunSeed, load_scenario};

struct Counting;

thread_local! {
    // const-initialised and without Drop: no lazy set-up, so reading it never allocates
    static ALLOCATIONS: Cell<u64> = const { Cell::new(0) };
}

/// Counts one allocation on the current thread. `try_with`: a thread being torn down may still
/// allocate after its thread-locals are gone; that allocation is not this test's.
fn count() {
    let _ = ALLOCATIONS.try_with(|c| c.set(c.get() + 1));
}

/// The allocations made so far on the calling thread.
fn allocations() -> u64 {
    ALLOCATIONS.with(Cell::get)
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count();
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count();
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Counts on its own thread, so other tests in this binary or the harness cannot disturb it.
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
                let setup = allocations();
                let mut m = Model::with_policy(&s, policy.as_ref(), RunSeed::new(5, 0, r));
                // the counter sees allocations: seating the table makes many
                assert!(allocations() > setup + 10);
                // the first round sets up lazily created buffers
                m.step();
                let before = allocations();
                while m.step() {
                    rounds += 1;
                }
                let after = allocations();
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

/// The counter itself: an allocation on this thread counts, and a hundred on another thread,
/// running while this one counts, do not show here (a global counter would see them all).
#[test]
fn the_counter_sees_this_thread_only() {
    let before = allocations();
    let v: Vec<u64> = std::hint::black_box(Vec::with_capacity(16));
    assert_eq!(allocations(), before + 1);
    drop(v);

    let here = allocations();
    let there = std::thread::spawn(|| {
        let b = allocations();
        for _ in 0..100 {
            drop(std::hint::black_box(Vec::<u8>::with_capacity(1024)));
        }
        allocations() - b
    })
    .join()
    .unwrap();
    assert_eq!(there, 100, "the other thread counts its own allocations");
    // spawning and joining allocate a few times on this thread, far fewer than a hundred
    let seen_here = allocations() - here;
    assert!(seen_here < 20, "{seen_here} allocations counted here");
}
