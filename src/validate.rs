//! Every rule of the model format that the types alone cannot enforce.
//!
//! [`validate`] collects all problems in one pass, in document order: the
//! header, levels, dimensions, scale, rules and indicators, then the checks
//! that span the whole model (prerequisite cycles and coverage). A broken
//! reference is reported once, where it is written: checks that depend on
//! it are skipped rather than reported again as a consequence.

mod cycles;
mod indicators;
mod rules;

use std::collections::BTreeMap;

use crate::problem::{Problem, ProblemCode};
use crate::spec::{FORMAT_VERSION, ModelSpec, ScalePoint};

/// Returns whether `id` matches [`ID_PATTERN`](crate::spec::ID_PATTERN).
pub(crate) fn is_valid_id(id: &str) -> bool {
    let bytes = id.as_bytes();
    let allowed =
        |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_' | b'.');
    match bytes.first() {
        Some(first) => {
            (first.is_ascii_lowercase() || first.is_ascii_digit())
                && bytes.len() <= 64
                && bytes.iter().all(allowed)
        }
        None => false,
    }
}

/// Checks `spec` and returns every problem found, errors and warnings.
pub(crate) fn validate(spec: &ModelSpec) -> Vec<Problem> {
    let mut check = Check::default();
    check.header(spec);
    check.levels(spec);
    check.dimensions(spec);
    check.scale(spec);
    check.rules(spec);
    let references_resolve = check.indicators(spec);
    check.cycles(spec);
    if references_resolve {
        check.coverage(spec);
    }
    check.problems
}

#[derive(Default)]
struct Check {
    problems: Vec<Problem>,
}

impl Check {
    fn error(&mut self, path: String, code: ProblemCode, message: String, hint: impl Into<String>) {
        self.problems
            .push(Problem::error(path, code, message, hint));
    }

    fn warning(&mut self, path: String, code: ProblemCode, message: String, hint: &str) {
        self.problems
            .push(Problem::warning(path, code, message, hint));
    }

    fn id(&mut self, path: String, id: &str) {
        if !is_valid_id(id) {
            let message = format!("invalid id {id:?}");
            let hint = "use 1 to 64 lowercase letters, digits, '-', '_' or '.', starting with a letter or digit";
            self.error(path, ProblemCode::InvalidValue, message, hint);
        }
    }

    fn non_empty(&mut self, path: String, what: &str, value: &str) {
        if value.trim().is_empty() {
            let message = format!("the {what} {value:?} is empty");
            self.error(
                path,
                ProblemCode::InvalidValue,
                message,
                format!("write a {what}"),
            );
        }
    }

    /// Checks the id of entry `index` of the list at `list`: its pattern,
    /// and whether an earlier entry, at the index in `first`, has it.
    fn entry_id(&mut self, list: &str, index: usize, id: &str, first: Option<usize>) {
        // Paths are written only for a problem, so a valid model builds
        // no string per entry.
        let path = || format!("/{list}/{index}/id");
        if !is_valid_id(id) {
            self.id(path(), id);
        }
        if let Some(first) = first.filter(|&first| first != index) {
            let message = format!("duplicate id {id:?}, already used by /{list}/{first}");
            let hint = "give each entry its own id";
            self.error(path(), ProblemCode::DuplicateId, message, hint);
        }
    }

    fn header(&mut self, spec: &ModelSpec) {
        if spec.format_version != FORMAT_VERSION {
            let message = format!(
                "format_version {} is not supported; this release reads {FORMAT_VERSION}",
                spec.format_version
            );
            let hint = format!("set format_version to {FORMAT_VERSION}");
            self.error(
                "/format_version".into(),
                ProblemCode::UnsupportedVersion,
                message,
                hint,
            );
        }
        self.id("/id".into(), &spec.id);
        self.non_empty("/name".into(), "name", &spec.name);
        self.non_empty("/version".into(), "version", &spec.version);
    }

    fn levels(&mut self, spec: &ModelSpec) {
        let levels = &spec.levels;
        if levels.len() < 2 {
            let message = format!(
                "the model has {} level(s), expected at least 2",
                levels.len()
            );
            let hint = "define a floor level and at least one level above it";
            self.error("/levels".into(), ProblemCode::TooFewLevels, message, hint);
        }
        let first = first_indices(levels.iter().map(|level| level.id.as_str()));
        let mut expected = levels.first().map(|floor| u64::from(floor.number) + 1);
        for (index, level) in levels.iter().enumerate() {
            self.entry_id(
                "levels",
                index,
                &level.id,
                first.get(level.id.as_str()).copied(),
            );
            self.non_empty(format!("/levels/{index}/name"), "name", &level.name);
            if index > 0 {
                expected = self.level_number(spec, index, expected);
            }
            self.advance_guidance(index, levels.len(), level);
        }
    }

    /// Checks that level `index` is numbered `expected` and returns the
    /// number expected of the next level.
    ///
    /// A level that is off by itself is reported alone, and the count goes
    /// on as if it were right. When the next level follows the wrong number,
    /// the numbering has a gap: it is reported once, at its first level, and
    /// the count goes on from there.
    fn level_number(
        &mut self,
        spec: &ModelSpec,
        index: usize,
        expected: Option<u64>,
    ) -> Option<u64> {
        let levels = &spec.levels;
        let number = u64::from(levels.get(index)?.number);
        let expected = expected?;
        if number == expected {
            return Some(expected + 1);
        }
        let message = format!(
            "level {:?} has number {number}, expected {expected}",
            levels.get(index)?.id
        );
        let hint = format!("number the levels up from the floor in steps of one: {expected} here");
        let path = format!("/levels/{index}/number");
        self.error(path, ProblemCode::LevelNumberGap, message, hint);

        let next_follows = levels
            .get(index + 1)
            .is_some_and(|next| u64::from(next.number) == number + 1);
        if next_follows {
            Some(number + 1)
        } else {
            Some(expected + 1)
        }
    }

    fn advance_guidance(&mut self, index: usize, count: usize, level: &crate::spec::Level) {
        let path = format!("/levels/{index}/advance");
        let is_top = index + 1 == count;
        match (&level.advance, is_top) {
            (Some(_), true) if count > 1 => {
                let message = format!("the top level {:?} has advance guidance", level.id);
                let hint = "remove `advance` from the top level, since no level follows it";
                self.error(path, ProblemCode::AdvanceGuidance, message, hint);
            }
            (None, false) => {
                let message = format!("level {:?} has no advance guidance", level.id);
                let hint = "add `advance`: what it takes to reach the next level";
                self.warning(path, ProblemCode::AdvanceGuidance, message, hint);
            }
            _ => {}
        }
    }

    fn dimensions(&mut self, spec: &ModelSpec) {
        if spec.dimensions.is_empty() {
            let message = "the model has no dimensions".to_owned();
            let hint = "define at least one dimension";
            self.error(
                "/dimensions".into(),
                ProblemCode::InvalidValue,
                message,
                hint,
            );
        }
        let first = first_indices(spec.dimensions.iter().map(|d| d.id.as_str()));
        for (index, dimension) in spec.dimensions.iter().enumerate() {
            let first = first.get(dimension.id.as_str()).copied();
            self.entry_id("dimensions", index, &dimension.id, first);
            self.non_empty(format!("/dimensions/{index}/name"), "name", &dimension.name);
        }
    }

    fn scale(&mut self, spec: &ModelSpec) {
        self.scale_points("scale/points", &spec.scale.points);
    }

    /// Checks the points of a scale; `list` is the path to them without the
    /// leading slash.
    fn scale_points(&mut self, list: &str, points: &[ScalePoint]) {
        if points.len() < 2 {
            let message = format!(
                "the scale has {} point(s), expected at least 2",
                points.len()
            );
            let hint = "define at least two points, such as `no` and `yes`";
            self.error(
                format!("/{list}"),
                ProblemCode::TooFewScalePoints,
                message,
                hint,
            );
        }
        let first = first_indices(points.iter().map(|point| point.id.as_str()));
        // The last point with a score in range, which the next must exceed.
        let mut previous: Option<&ScalePoint> = None;
        for (index, point) in points.iter().enumerate() {
            let first = first.get(point.id.as_str()).copied();
            self.entry_id(list, index, &point.id, first);
            let path = format!("/{list}/{index}/label");
            self.non_empty(path, "label", &point.label);
            let path = format!("/{list}/{index}/score");
            if point.score > 100 {
                let message = format!("score {} is above 100", point.score);
                let hint = "use a score from 0 to 100";
                self.error(path, ProblemCode::InvalidValue, message, hint);
                continue;
            }
            if let Some(lower) = previous.filter(|lower| point.score <= lower.score) {
                let message = format!(
                    "score {} of point {:?} is not above score {} of point {:?}",
                    point.score, point.id, lower.score, lower.id
                );
                let hint = "list the points lowest first, with strictly increasing scores";
                self.error(path, ProblemCode::ScoreNotIncreasing, message, hint);
            }
            previous = Some(point);
        }
    }

    /// Reports each dimension without indicators, as an error, and each
    /// level above the floor without an indicator in some dimension, as a
    /// warning. It runs only when every indicator names a known dimension
    /// and level, so that a mistyped reference is not reported again here.
    fn coverage(&mut self, spec: &ModelSpec) {
        for (index, dimension) in spec.dimensions.iter().enumerate() {
            let path = format!("/dimensions/{index}");
            let of_dimension: Vec<&str> = spec
                .indicators
                .iter()
                .filter(|indicator| indicator.dimension == dimension.id)
                .map(|indicator| indicator.level.as_str())
                .collect();
            if of_dimension.is_empty() {
                let message = format!("dimension {:?} has no indicators", dimension.id);
                let hint = "add indicators to the dimension or remove it";
                self.error(path, ProblemCode::EmptyDimension, message, hint);
                continue;
            }
            for level in spec.levels.iter().skip(1) {
                if !of_dimension.contains(&level.id.as_str()) {
                    let message = format!(
                        "dimension {:?} has no indicator at level {:?}",
                        dimension.id, level.id
                    );
                    let hint =
                        "add an indicator there; until then the level passes without evidence";
                    self.warning(path.clone(), ProblemCode::UncoveredLevel, message, hint);
                }
            }
        }
    }
}

/// Maps each id to the index of its first entry.
fn first_indices<'a>(ids: impl Iterator<Item = &'a str>) -> BTreeMap<&'a str, usize> {
    let mut first = BTreeMap::new();
    for (index, id) in ids.enumerate() {
        first.entry(id).or_insert(index);
    }
    first
}

fn join_ids<'a>(ids: impl Iterator<Item = &'a str>) -> String {
    ids.map(|id| format!("{id:?}"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_follow_the_pattern() {
        for id in [
            "kam",
            "process-2-documented",
            "a",
            "0",
            "x.y_z",
            &"a".repeat(64),
        ] {
            assert!(is_valid_id(id), "{id}");
        }
        for id in ["", "Kam", "-a", ".a", "a b", "n/a", "é", &"a".repeat(65)] {
            assert!(!is_valid_id(id), "{id}");
        }
    }
}
