//! The overall roll-up: one level from the assessable dimensions' levels.

use crate::classify::{DimensionResult, OverallResult};
use crate::model::Model;
use crate::ratio::Ratio;
use crate::spec::OverallRule;

/// An assessable dimension's level number and roll-up weight.
struct Entry<'a> {
    result: &'a DimensionResult,
    number: u32,
    weight: u32,
}

/// Rolls the dimension results up into the overall result.
pub(crate) fn overall_result(model: &Model, dimensions: &[DimensionResult]) -> OverallResult {
    let not_assessable = dimensions
        .iter()
        .filter(|d| !d.assessable)
        .map(|d| d.id.clone())
        .collect();
    let entries: Vec<Entry<'_>> = dimensions
        .iter()
        .zip(model.dimensions())
        .filter_map(|(result, spec)| {
            let number = result.number?;
            let weight = spec.weight;
            Some(Entry {
                result,
                number,
                weight,
            })
        })
        .collect();
    let rule = model.overall_rule();
    let Some((number, how)) = roll_up(rule, &entries) else {
        return OverallResult {
            rule,
            level: None,
            number: None,
            name: None,
            limiting: Vec::new(),
            not_assessable,
            explanation: "not assessable: every indicator of every dimension is rated n/a"
                .to_owned(),
        };
    };
    let limiting = limiting(&entries, number);
    let names: Vec<&str> = entries
        .iter()
        .filter(|entry| limiting.contains(&entry.result.id))
        .map(|entry| entry.result.name.as_str())
        .collect();
    let level = model.level_by_number(number);
    OverallResult {
        rule,
        level: level.map(|level| level.id.clone()),
        number: Some(number),
        name: level.map(|level| level.name.clone()),
        limiting,
        not_assessable,
        explanation: format!("{how}: {number} ({})", names.join(", ")),
    }
}

/// Returns the overall level number and the first half of the sentence
/// that explains it, or `None` when no dimension is assessable.
fn roll_up(rule: OverallRule, entries: &[Entry<'_>]) -> Option<(u32, String)> {
    let mut numbers: Vec<u32> = entries.iter().map(|entry| entry.number).collect();
    numbers.sort_unstable();
    match rule {
        OverallRule::Minimum => {
            let lowest = *numbers.first()?;
            Some((lowest, "minimum of dimension levels".to_owned()))
        }
        OverallRule::LowerMedian => {
            let median = *numbers.get(numbers.len().checked_sub(1)? / 2)?;
            let list: Vec<String> = numbers.iter().map(u32::to_string).collect();
            let how = format!("lower median of dimension levels {}", list.join(", "));
            Some((median, how))
        }
        OverallRule::WeightedMean => weighted_mean(entries),
    }
}

/// Returns the weighted mean of the level numbers, rounded down, with the
/// exact mean in the sentence.
fn weighted_mean(entries: &[Entry<'_>]) -> Option<(u32, String)> {
    let total_weight: u64 = entries.iter().map(|entry| u64::from(entry.weight)).sum();
    let weighted_sum: u128 = entries
        .iter()
        .map(|entry| u128::from(entry.weight) * u128::from(entry.number))
        .sum();
    let floor = weighted_sum.checked_div(u128::from(total_weight))?;
    let mean = Ratio::reduced(weighted_sum, u128::from(total_weight));
    let how = format!("weighted mean of dimension levels {mean}, rounded down");
    // The mean lies between the lowest and highest level number, both u32.
    Some((u32::try_from(floor).unwrap_or(u32::MAX), how))
}

/// Returns the overall level number from the level number of each
/// dimension, in model order, as [`overall_result`] does but without
/// allocating.
pub(crate) fn overall_number(model: &Model, numbers: &[Option<u32>]) -> Option<u32> {
    let entries = || {
        numbers
            .iter()
            .zip(model.dimensions())
            .filter_map(|(number, spec)| Some(((*number)?, spec.weight)))
    };
    match model.overall_rule() {
        OverallRule::Minimum => entries().map(|(number, _)| number).min(),
        OverallRule::LowerMedian => {
            let rank = entries().count().checked_sub(1)? / 2;
            nth_smallest(entries().map(|(number, _)| number), rank)
        }
        OverallRule::WeightedMean => {
            let total_weight: u64 = entries().map(|(_, weight)| u64::from(weight)).sum();
            let weighted_sum: u128 = entries()
                .map(|(number, weight)| u128::from(weight) * u128::from(number))
                .sum();
            let floor = weighted_sum.checked_div(u128::from(total_weight))?;
            Some(u32::try_from(floor).unwrap_or(u32::MAX))
        }
    }
}

/// Returns the value at `rank`, counting from 0, of the values sorted
/// ascending, without sorting them: it is the smallest value that at least
/// `rank + 1` values do not exceed. O(n²) for n values, which is fine for a
/// model's dimensions.
fn nth_smallest(values: impl Iterator<Item = u32> + Clone, rank: usize) -> Option<u32> {
    let not_above = |candidate: u32| values.clone().filter(|&value| value <= candidate).count();
    values
        .clone()
        .filter(|&candidate| not_above(candidate) > rank)
        .min()
}

/// Returns the ids of the dimensions below `overall` or, when none is
/// below, those at the lowest level, in model order.
fn limiting(entries: &[Entry<'_>], overall: u32) -> Vec<String> {
    let lowest = entries.iter().map(|entry| entry.number).min();
    let below: Vec<String> = entries
        .iter()
        .filter(|entry| entry.number < overall)
        .map(|entry| entry.result.id.clone())
        .collect();
    if !below.is_empty() {
        return below;
    }
    entries
        .iter()
        .filter(|entry| Some(entry.number) == lowest)
        .map(|entry| entry.result.id.clone())
        .collect()
}
