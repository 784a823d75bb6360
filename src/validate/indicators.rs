//! Checks of each indicator: its id, text, weight and references.

use std::collections::BTreeMap;

use super::{Check, first_indices, join_ids};
use crate::problem::ProblemCode;
use crate::spec::{Indicator, ModelSpec};

/// Indices of a model's ids, built once for the indicator checks.
struct Index<'a> {
    levels: BTreeMap<&'a str, usize>,
    dimensions: BTreeMap<&'a str, usize>,
    indicators: BTreeMap<&'a str, usize>,
}

impl Check {
    /// Checks every indicator and returns whether every dimension and level
    /// reference resolves.
    pub(super) fn indicators(&mut self, spec: &ModelSpec) -> bool {
        let index = Index {
            levels: first_indices(spec.levels.iter().map(|l| l.id.as_str())),
            dimensions: first_indices(spec.dimensions.iter().map(|d| d.id.as_str())),
            indicators: first_indices(spec.indicators.iter().map(|i| i.id.as_str())),
        };
        let mut resolved = true;
        for (position, indicator) in spec.indicators.iter().enumerate() {
            resolved &= self.indicator(spec, &index, position, indicator);
        }
        resolved
    }

    fn indicator(
        &mut self,
        spec: &ModelSpec,
        index: &Index<'_>,
        position: usize,
        indicator: &Indicator,
    ) -> bool {
        // Other paths are written only for a problem.
        let base = format!("/indicators/{position}");
        let first = index.indicators.get(indicator.id.as_str()).copied();
        self.entry_id("indicators", position, &indicator.id, first);
        let dimension_known = self.dimension_reference(spec, index, &base, indicator);
        let level = self.level_reference(spec, index, &base, indicator);
        if indicator.statement.trim().is_empty() {
            let path = format!("{base}/statement");
            self.non_empty(path, "statement", &indicator.statement);
        }
        if indicator.weight == 0 {
            let message = "weight 0 is not positive".to_owned();
            let hint = "use a weight of 1 or more, or leave the key out for 1";
            self.error(
                format!("{base}/weight"),
                ProblemCode::InvalidValue,
                message,
                hint,
            );
        }
        for (key, value) in [("effort", indicator.effort), ("impact", indicator.impact)] {
            if let Some(value) = value
                && !(1..=5).contains(&value)
            {
                let message = format!("{key} {value} is outside 1 to 5");
                let hint = "use a whole number from 1 to 5, or leave the key out";
                self.error(
                    format!("{base}/{key}"),
                    ProblemCode::InvalidValue,
                    message,
                    hint,
                );
            }
        }
        self.requires(spec, index, &base, indicator, level);
        dimension_known && level.is_some()
    }

    fn dimension_reference(
        &mut self,
        spec: &ModelSpec,
        index: &Index<'_>,
        base: &str,
        indicator: &Indicator,
    ) -> bool {
        if index.dimensions.contains_key(indicator.dimension.as_str()) {
            return true;
        }
        if !spec.dimensions.is_empty() {
            let message = format!("unknown dimension {:?}", indicator.dimension);
            let ids = join_ids(spec.dimensions.iter().map(|d| d.id.as_str()));
            let path = format!("{base}/dimension");
            self.error(
                path,
                ProblemCode::UnknownReference,
                message,
                format!("use one of: {ids}"),
            );
        }
        false
    }

    /// Checks the level reference and returns the level's index.
    fn level_reference(
        &mut self,
        spec: &ModelSpec,
        index: &Index<'_>,
        base: &str,
        indicator: &Indicator,
    ) -> Option<usize> {
        let path = || format!("{base}/level");
        let level = index.levels.get(indicator.level.as_str()).copied();
        match level {
            None if spec.levels.len() > 1 => {
                let message = format!("unknown level {:?}", indicator.level);
                let ids = join_ids(spec.levels.iter().skip(1).map(|l| l.id.as_str()));
                let hint = format!("use one of: {ids}");
                self.error(path(), ProblemCode::UnknownReference, message, hint);
            }
            Some(0) if spec.levels.len() > 1 => {
                let message = format!(
                    "indicator {:?} is on the floor level {:?}",
                    indicator.id, indicator.level
                );
                let hint =
                    "move it to a higher level: every subject stands at the floor without criteria";
                self.error(path(), ProblemCode::IndicatorOnFloor, message, hint);
            }
            // With fewer than two levels, already reported, every reference
            // would be reported again.
            _ => {}
        }
        level
    }

    fn requires(
        &mut self,
        spec: &ModelSpec,
        index: &Index<'_>,
        base: &str,
        indicator: &Indicator,
        own_level: Option<usize>,
    ) {
        for (position, required) in indicator.requires.iter().enumerate() {
            let path = || format!("{base}/requires/{position}");
            if indicator.requires[..position].contains(required) {
                let message = format!("prerequisite {required:?} is listed twice");
                self.error(
                    path(),
                    ProblemCode::DuplicateId,
                    message,
                    "list each prerequisite once",
                );
                continue;
            }
            if *required == indicator.id {
                let message = format!("indicator {required:?} requires itself");
                let hint = "remove the indicator's own id from `requires`";
                self.error(path(), ProblemCode::RequiresCycle, message, hint);
                continue;
            }
            let Some(&target) = index.indicators.get(required.as_str()) else {
                let message = format!("unknown indicator {required:?}");
                let hint = "name the id of an indicator of this model";
                self.error(path(), ProblemCode::UnknownReference, message, hint);
                continue;
            };
            let Some(target) = spec.indicators.get(target) else {
                continue;
            };
            let target_level = index.levels.get(target.level.as_str()).copied();
            if let (Some(own), Some(theirs)) = (own_level, target_level)
                && theirs > own
            {
                let message = format!(
                    "indicator {:?} at level {:?} requires {required:?} at the higher level {:?}",
                    indicator.id, indicator.level, target.level
                );
                let hint = "a prerequisite must sit at the same or a lower level; move one of them or drop the prerequisite";
                self.error(path(), ProblemCode::RequiresHigherLevel, message, hint);
            }
        }
    }

    /// Reports each prerequisite cycle of two or more indicators once,
    /// naming every indicator in it. Self-requirements are reported where
    /// they are written, by [`Check::requires`].
    pub(super) fn cycles(&mut self, spec: &ModelSpec) {
        let index = first_indices(spec.indicators.iter().map(|i| i.id.as_str()));
        let edges: Vec<Vec<usize>> = spec
            .indicators
            .iter()
            .enumerate()
            .map(|(own, indicator)| {
                indicator
                    .requires
                    .iter()
                    .filter_map(|id| index.get(id.as_str()).copied())
                    .filter(|&target| target != own)
                    .collect()
            })
            .collect();
        for cycle in super::cycles::find_cycles(&edges) {
            let mut names: Vec<&str> = cycle
                .iter()
                .filter_map(|&i| spec.indicators.get(i))
                .map(|indicator| indicator.id.as_str())
                .collect();
            let (Some(&first), Some(&start)) = (cycle.first(), names.first()) else {
                continue;
            };
            let next = names.get(1).copied().unwrap_or(start);
            let mut path = format!("/indicators/{first}/requires");
            if let Some(position) = spec.indicators[first]
                .requires
                .iter()
                .position(|id| id == next)
            {
                path.push_str(&format!("/{position}"));
            }
            names.push(start);
            let message = format!("prerequisites form a cycle: {}", names.join(" -> "));
            let hint = "remove one prerequisite from the cycle";
            self.error(path, ProblemCode::RequiresCycle, message, hint);
        }
    }
}
