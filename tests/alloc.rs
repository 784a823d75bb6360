//! Allocation counts of the lean paths, measured by a counting global
//! allocator: they must not grow with the number of indicators.
//!
//! What is asserted, for generated models with 10, 100 and 1,000
//! indicators per dimension (4 dimensions, 5 levels above the floor):
//!
//! - `classify_levels` allocates exactly once, for its vector of levels.
//! - `gap_counts` allocates the same number of times at every size under
//!   the `all` rule, and under `share` and `mean` at most 4 times per level
//!   it ranks candidates on, plus 2.
//! - `classify_levels_and_gap_counts` allocates exactly 3 times under the
//!   `all` rule, and under `share` and `mean` at most 4 times per level it
//!   ranks candidates on, plus 3.
//! - `bind`, of ratings without notes, allocates the same number of times
//!   at every size: its arrays are sized once.
//! - `gaps`, when the same ratings fall short at every size, allocates the
//!   same number of times at every size: its allocations follow the gap
//!   items, not the indicators.

#[path = "../benches/support/generated.rs"]
mod generated;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use generated::{Recipe, Rule};
use maturity::{Assessment, Model, Target};

/// Counts the allocations and reallocations made on each thread, so that
/// tests running in parallel do not see each other's.
struct CountingAllocator;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

fn count_one() {
    // `try_with` fails only while the thread is being torn down.
    let _ = ALLOCATIONS.try_with(|count| count.set(count.get() + 1));
}

// SAFETY: every method forwards to `System` with the same arguments, and
// counting touches only a thread-local `Cell`, which never allocates.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count_one();
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count_one();
        // SAFETY: the caller upholds `GlobalAlloc::alloc_zeroed`'s contract.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count_one();
        // SAFETY: the caller upholds `GlobalAlloc::realloc`'s contract.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller upholds `GlobalAlloc::dealloc`'s contract.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

/// Returns the result of `work` and the number of allocations it made on
/// this thread.
fn count_allocations<T>(work: impl FnOnce() -> T) -> (T, usize) {
    let before = ALLOCATIONS.with(Cell::get);
    let result = work();
    let after = ALLOCATIONS.with(Cell::get);
    (result, after - before)
}

/// The sizes compared: indicators per dimension and level, so 10, 100 and
/// 1,000 per dimension.
const PER_LEVEL: [usize; 3] = [2, 20, 200];

fn recipe(per_level: usize, rule: Rule) -> Recipe {
    Recipe {
        dimensions: 4,
        levels: 5,
        per_level,
        rule,
    }
}

fn model_and_assessment(recipe: &Recipe, assessment: &str) -> (Model, Assessment) {
    let model = Model::from_json_str(&recipe.model_json()).expect("generated model loads");
    let assessment = Assessment::from_json_str(assessment).expect("generated assessment parses");
    (model, assessment)
}

/// Rates every indicator `f` except the first two of each dimension at
/// level 2, which stay at `p`, so every size has the same 8 gap items.
fn two_short_per_dimension(_: usize, level: usize, index: usize) -> Option<&'static str> {
    Some(if level == 2 && index < 2 { "p" } else { "f" })
}

#[test]
fn classify_levels_allocates_once() {
    for rule in [Rule::All, Rule::Share, Rule::Mean] {
        for per_level in PER_LEVEL {
            let recipe = recipe(per_level, rule);
            for seed in 0..4 {
                let text = recipe.assessment_json(seed);
                let (model, assessment) = model_and_assessment(&recipe, &text);
                let bound = model.bind(&assessment).expect("generated assessment binds");
                let (_, count) = count_allocations(|| bound.classify_levels());
                assert_eq!(count, 1, "{rule:?}, {per_level} per level, seed {seed}");
            }
        }
    }
}

#[test]
fn classify_levels_allocates_once_when_levels_rise() {
    for per_level in PER_LEVEL {
        let recipe = recipe(per_level, Rule::All);
        let text = recipe.assessment_json_with(two_short_per_dimension);
        let (model, assessment) = model_and_assessment(&recipe, &text);
        let bound = model.bind(&assessment).expect("generated assessment binds");
        let (levels, count) = count_allocations(|| bound.classify_levels());
        assert_eq!(levels.overall, Some(1), "{per_level} per level");
        assert_eq!(count, 1, "{per_level} per level");
    }
}

#[test]
fn gap_counts_allocations_stay_flat_under_all() {
    let mut counts = Vec::new();
    for per_level in PER_LEVEL {
        let recipe = recipe(per_level, Rule::All);
        let text = recipe.assessment_json_with(two_short_per_dimension);
        let (model, assessment) = model_and_assessment(&recipe, &text);
        let bound = model.bind(&assessment).expect("generated assessment binds");
        for target in [Target::NextLevel, Target::Level("level-5".to_owned())] {
            let (gaps, count) = count_allocations(|| bound.gap_counts(&target));
            let gaps = gaps.expect("target is valid");
            if target == Target::NextLevel {
                assert_eq!(gaps.total(), 8, "{per_level} per level");
            }
            counts.push((per_level, target, count));
        }
    }
    for (per_level, target, count) in &counts {
        assert_eq!(*count, 2, "{per_level} per level, {target:?}");
    }
}

#[test]
fn gap_counts_allocations_bounded_by_levels() {
    for rule in [Rule::Share, Rule::Mean] {
        for per_level in PER_LEVEL {
            let recipe = recipe(per_level, rule);
            for seed in 0..4 {
                let text = recipe.assessment_json(seed);
                let (model, assessment) = model_and_assessment(&recipe, &text);
                let bound = model.bind(&assessment).expect("generated assessment binds");
                let target = Target::Level("level-5".to_owned());
                let (_, count) = count_allocations(|| bound.gap_counts(&target));
                let levels = recipe.dimensions * recipe.levels;
                let context = format!("{rule:?}, {per_level} per level, seed {seed}");
                assert!(count <= 2 + 4 * levels, "{count} allocations, {context}");
            }
        }
    }
}

#[test]
fn one_walk_allocations_stay_flat_under_all() {
    for per_level in PER_LEVEL {
        let recipe = recipe(per_level, Rule::All);
        let text = recipe.assessment_json_with(two_short_per_dimension);
        let (model, assessment) = model_and_assessment(&recipe, &text);
        let bound = model.bind(&assessment).expect("generated assessment binds");
        for target in [Target::NextLevel, Target::Level("level-5".to_owned())] {
            let (result, count) =
                count_allocations(|| bound.classify_levels_and_gap_counts(&target));
            let (levels, gaps) = result.expect("target is valid");
            assert_eq!(levels.overall, Some(1), "{per_level} per level");
            if target == Target::NextLevel {
                assert_eq!(gaps.total(), 8, "{per_level} per level");
            }
            assert_eq!(count, 3, "{per_level} per level, {target:?}");
        }
    }
}

#[test]
fn one_walk_allocations_bounded_by_levels() {
    for rule in [Rule::Share, Rule::Mean] {
        for per_level in PER_LEVEL {
            let recipe = recipe(per_level, rule);
            for seed in 0..4 {
                let text = recipe.assessment_json(seed);
                let (model, assessment) = model_and_assessment(&recipe, &text);
                let bound = model.bind(&assessment).expect("generated assessment binds");
                for target in [Target::NextLevel, Target::Level("level-5".to_owned())] {
                    let (result, count) =
                        count_allocations(|| bound.classify_levels_and_gap_counts(&target));
                    assert!(result.is_ok(), "{target:?} is valid");
                    let levels = recipe.dimensions * recipe.levels;
                    let context = format!("{rule:?}, {per_level} per level, seed {seed}");
                    assert!(count <= 3 + 4 * levels, "{count} allocations, {context}");
                }
            }
        }
    }
}

#[test]
fn bind_allocations_stay_flat() {
    let mut counts = Vec::new();
    for per_level in PER_LEVEL {
        let recipe = recipe(per_level, Rule::All);
        let text = recipe.assessment_json(7);
        let (model, assessment) = model_and_assessment(&recipe, &text);
        let (bound, count) = count_allocations(|| model.bind(&assessment));
        assert!(bound.is_ok(), "{per_level} per level");
        counts.push(count);
    }
    assert_eq!(counts[0], counts[1], "10 and 100 per dimension");
    assert_eq!(counts[1], counts[2], "100 and 1,000 per dimension");
}

#[test]
fn gaps_allocations_follow_gap_items() {
    let mut counts = Vec::new();
    for per_level in PER_LEVEL {
        let recipe = recipe(per_level, Rule::All);
        let text = recipe.assessment_json_with(two_short_per_dimension);
        let (model, assessment) = model_and_assessment(&recipe, &text);
        let bound = model.bind(&assessment).expect("generated assessment binds");
        let (report, count) = count_allocations(|| bound.gaps(&Target::NextLevel));
        let report = report.expect("target is valid");
        assert_eq!(report.items().count(), 8, "{per_level} per level");
        counts.push(count);
    }
    assert_eq!(counts[0], counts[1], "10 and 100 per dimension");
    assert_eq!(counts[1], counts[2], "100 and 1,000 per dimension");
}
