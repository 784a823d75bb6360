//! Every rule of the model format that the types alone cannot enforce.
//!
//! [`validate`] collects all problems in one pass, in document order: the
//! header, levels, dimensions, scale, rules and indicators, then the checks
//! that span the whole model (prerequisite cycles and coverage).

use std::collections::BTreeMap;

use crate::load::push_token;
use crate::problem::{Problem, ProblemCode};
use crate::spec::{FORMAT_VERSION, Indicator, ModelSpec};

mod rules;

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
    check.indicators(spec);
    check.cycles(spec);
    check.coverage(spec);
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

    fn id(&mut self, path: String, id: &str) {
        if !is_valid_id(id) {
            let message = format!("invalid id {id:?}");
            let hint = "use 1 to 64 lowercase letters, digits, '-', '_' or '.', starting with a letter or digit";
            self.error(path, ProblemCode::InvalidValue, message, hint);
        }
    }

    fn non_empty(&mut self, path: String, what: &str, value: &str) {
        if value.trim().is_empty() {
            let message = format!("the {what} is empty");
            self.error(
                path,
                ProblemCode::InvalidValue,
                message,
                format!("write a {what}"),
            );
        }
    }

    /// Reports every id that repeats an earlier one in the same list.
    fn unique_ids<'a>(&mut self, list: &str, ids: impl Iterator<Item = &'a str>) {
        let mut first_index = BTreeMap::new();
        for (index, id) in ids.enumerate() {
            if let Some(first) = first_index.get(id) {
                let message = format!("duplicate id {id:?}, already used by /{list}/{first}");
                let hint = "give each entry its own id";
                self.error(
                    format!("/{list}/{index}/id"),
                    ProblemCode::DuplicateId,
                    message,
                    hint,
                );
            } else {
                first_index.insert(id, index);
            }
        }
    }

    fn header(&mut self, spec: &ModelSpec) {
        if spec.format_version != FORMAT_VERSION {
            let message = format!("format_version {} is not supported", spec.format_version);
            let hint = format!("this release reads format_version {FORMAT_VERSION} only");
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
            let message = format!("the model has {} level(s)", levels.len());
            let hint = "define a floor level and at least one level above it";
            self.error("/levels".into(), ProblemCode::TooFewLevels, message, hint);
        }
        for (index, level) in levels.iter().enumerate() {
            self.id(format!("/levels/{index}/id"), &level.id);
            self.non_empty(format!("/levels/{index}/name"), "name", &level.name);
        }
        self.unique_ids("levels", levels.iter().map(|level| level.id.as_str()));

        for (index, pair) in levels.windows(2).enumerate() {
            let (lower, upper) = (&pair[0], &pair[1]);
            if lower.number.checked_add(1) != Some(upper.number) {
                let message = format!(
                    "level number {} does not follow {} of level {:?}",
                    upper.number, lower.number, lower.id
                );
                let hint = format!("number this level {}", u64::from(lower.number) + 1);
                let path = format!("/levels/{}/number", index + 1);
                self.error(path, ProblemCode::LevelNumberGap, message, hint);
            }
        }
        self.advance_guidance(spec);
    }

    fn advance_guidance(&mut self, spec: &ModelSpec) {
        let Some(top) = spec.levels.len().checked_sub(1) else {
            return;
        };
        for (index, level) in spec.levels.iter().enumerate() {
            let path = format!("/levels/{index}/advance");
            match (&level.advance, index == top) {
                (Some(_), true) => {
                    let message = format!("the top level {:?} has advance guidance", level.id);
                    let hint = "remove `advance` from the top level, since no level follows it";
                    self.error(path, ProblemCode::AdvanceGuidance, message, hint);
                }
                (None, false) => {
                    let message = format!("level {:?} has no advance guidance", level.id);
                    let hint = "add `advance`: what it takes to reach the next level";
                    self.problems.push(Problem::warning(
                        path,
                        ProblemCode::AdvanceGuidance,
                        message,
                        hint,
                    ));
                }
                _ => {}
            }
        }
    }

    fn dimensions(&mut self, spec: &ModelSpec) {
        if spec.dimensions.is_empty() {
            let message = "the model has no dimensions".to_owned();
            self.error(
                "/dimensions".into(),
                ProblemCode::InvalidValue,
                message,
                "define at least one dimension",
            );
        }
        for (index, dimension) in spec.dimensions.iter().enumerate() {
            self.id(format!("/dimensions/{index}/id"), &dimension.id);
            self.non_empty(format!("/dimensions/{index}/name"), "name", &dimension.name);
        }
        self.unique_ids(
            "dimensions",
            spec.dimensions
                .iter()
                .map(|dimension| dimension.id.as_str()),
        );
    }

    fn scale(&mut self, spec: &ModelSpec) {
        let points = &spec.scale.points;
        if points.len() < 2 {
            let message = format!("the scale has {} point(s)", points.len());
            let hint = "define at least two points, such as `no` and `yes`";
            self.error(
                "/scale/points".into(),
                ProblemCode::TooFewScalePoints,
                message,
                hint,
            );
        }
        for (index, point) in points.iter().enumerate() {
            self.id(format!("/scale/points/{index}/id"), &point.id);
            self.non_empty(
                format!("/scale/points/{index}/label"),
                "label",
                &point.label,
            );
            if point.score > 100 {
                let message = format!("score {} is above 100", point.score);
                let path = format!("/scale/points/{index}/score");
                self.error(
                    path,
                    ProblemCode::InvalidValue,
                    message,
                    "use a score from 0 to 100",
                );
            }
        }
        self.unique_ids("scale/points", points.iter().map(|point| point.id.as_str()));
        for (index, pair) in points.windows(2).enumerate() {
            if pair[1].score <= pair[0].score {
                let message = format!(
                    "score {} of point {:?} is not above score {} of point {:?}",
                    pair[1].score, pair[1].id, pair[0].score, pair[0].id
                );
                let hint = "list the points lowest first, with strictly increasing scores";
                let path = format!("/scale/points/{}/score", index + 1);
                self.error(path, ProblemCode::ScoreNotIncreasing, message, hint);
            }
        }
    }

    fn indicators(&mut self, spec: &ModelSpec) {
        let level_index: BTreeMap<&str, usize> = spec
            .levels
            .iter()
            .enumerate()
            .map(|(i, level)| (level.id.as_str(), i))
            .collect();
        let indicator_index: BTreeMap<&str, usize> = spec
            .indicators
            .iter()
            .enumerate()
            .rev()
            .map(|(i, ind)| (ind.id.as_str(), i))
            .collect();

        for (index, indicator) in spec.indicators.iter().enumerate() {
            self.indicator(spec, index, indicator, &level_index, &indicator_index);
        }
        self.unique_ids(
            "indicators",
            spec.indicators
                .iter()
                .map(|indicator| indicator.id.as_str()),
        );
    }

    fn indicator(
        &mut self,
        spec: &ModelSpec,
        index: usize,
        indicator: &Indicator,
        level_index: &BTreeMap<&str, usize>,
        indicator_index: &BTreeMap<&str, usize>,
    ) {
        let base = format!("/indicators/{index}");
        self.id(format!("{base}/id"), &indicator.id);
        self.non_empty(
            format!("{base}/statement"),
            "statement",
            &indicator.statement,
        );
        if indicator.weight == 0 {
            let message = "weight 0 is not positive".to_owned();
            self.error(
                format!("{base}/weight"),
                ProblemCode::InvalidValue,
                message,
                "use a weight of 1 or more",
            );
        }
        if !spec.dimensions.iter().any(|d| d.id == indicator.dimension) {
            let message = format!("unknown dimension {:?}", indicator.dimension);
            let hint = format!(
                "use one of: {}",
                join_ids(spec.dimensions.iter().map(|d| d.id.as_str()))
            );
            self.error(
                format!("{base}/dimension"),
                ProblemCode::UnknownReference,
                message,
                hint,
            );
        }
        let own_level = level_index.get(indicator.level.as_str()).copied();
        match own_level {
            None => {
                let message = format!("unknown level {:?}", indicator.level);
                let hint = format!(
                    "use one of: {}",
                    join_ids(spec.levels.iter().skip(1).map(|l| l.id.as_str()))
                );
                self.error(
                    format!("{base}/level"),
                    ProblemCode::UnknownReference,
                    message,
                    hint,
                );
            }
            Some(0) => {
                let message = format!(
                    "indicator {:?} is on the floor level {:?}",
                    indicator.id, indicator.level
                );
                let hint =
                    "move it to a higher level: every subject stands at the floor without criteria";
                self.error(
                    format!("{base}/level"),
                    ProblemCode::IndicatorOnFloor,
                    message,
                    hint,
                );
            }
            Some(_) => {}
        }
        self.requires(
            spec,
            &base,
            indicator,
            own_level,
            level_index,
            indicator_index,
        );
    }

    fn requires(
        &mut self,
        spec: &ModelSpec,
        base: &str,
        indicator: &Indicator,
        own_level: Option<usize>,
        level_index: &BTreeMap<&str, usize>,
        indicator_index: &BTreeMap<&str, usize>,
    ) {
        for (position, required) in indicator.requires.iter().enumerate() {
            let path = format!("{base}/requires/{position}");
            if indicator.requires[..position].contains(required) {
                let message = format!("prerequisite {required:?} is listed twice");
                self.error(
                    path,
                    ProblemCode::DuplicateId,
                    message,
                    "list each prerequisite once",
                );
                continue;
            }
            let Some(&target) = indicator_index.get(required.as_str()) else {
                let message = format!("unknown indicator {required:?}");
                self.error(
                    path,
                    ProblemCode::UnknownReference,
                    message,
                    "name the id of an indicator of this model",
                );
                continue;
            };
            let target_level = level_index
                .get(spec.indicators[target].level.as_str())
                .copied();
            if let (Some(own), Some(theirs)) = (own_level, target_level)
                && theirs > own
            {
                let message = format!(
                    "indicator {:?} at level {:?} requires {required:?} at the higher level {:?}",
                    indicator.id, indicator.level, spec.indicators[target].level
                );
                let hint = "a prerequisite must sit at the same or a lower level; move one of them or drop the prerequisite";
                self.error(path, ProblemCode::RequiresHigherLevel, message, hint);
            }
        }
    }

    /// Reports each prerequisite cycle once, naming every indicator in it.
    fn cycles(&mut self, spec: &ModelSpec) {
        let index: BTreeMap<&str, usize> = spec
            .indicators
            .iter()
            .enumerate()
            .rev()
            .map(|(i, ind)| (ind.id.as_str(), i))
            .collect();
        let edges: Vec<Vec<usize>> = spec
            .indicators
            .iter()
            .map(|indicator| {
                indicator
                    .requires
                    .iter()
                    .filter_map(|id| index.get(id.as_str()).copied())
                    .collect()
            })
            .collect();
        for cycle in find_cycles(&edges) {
            let first = cycle[0];
            let mut names: Vec<&str> = cycle
                .iter()
                .map(|&i| spec.indicators[i].id.as_str())
                .collect();
            names.push(names[0]);
            let message = format!("prerequisites form a cycle: {}", names.join(" -> "));
            let hint = "remove one prerequisite from the cycle";
            let mut path = format!("/indicators/{first}");
            push_token(&mut path, "requires");
            self.error(path, ProblemCode::RequiresCycle, message, hint);
        }
    }

    fn coverage(&mut self, spec: &ModelSpec) {
        for (index, dimension) in spec.dimensions.iter().enumerate() {
            let of_dimension: Vec<&Indicator> = spec
                .indicators
                .iter()
                .filter(|indicator| indicator.dimension == dimension.id)
                .collect();
            if of_dimension.is_empty() {
                let message = format!("dimension {:?} has no indicators", dimension.id);
                let hint = "add indicators to the dimension or remove it";
                self.error(
                    format!("/dimensions/{index}"),
                    ProblemCode::EmptyDimension,
                    message,
                    hint,
                );
                continue;
            }
            for level in spec.levels.iter().skip(1) {
                if !of_dimension
                    .iter()
                    .any(|indicator| indicator.level == level.id)
                {
                    let message = format!(
                        "dimension {:?} has no indicator at level {:?}",
                        dimension.id, level.id
                    );
                    let hint =
                        "add an indicator there; until then the level passes without evidence";
                    let path = format!("/dimensions/{index}");
                    self.problems.push(Problem::warning(
                        path,
                        ProblemCode::UncoveredLevel,
                        message,
                        hint,
                    ));
                }
            }
        }
    }
}

fn join_ids<'a>(ids: impl Iterator<Item = &'a str>) -> String {
    ids.map(|id| format!("{id:?}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Finds prerequisite cycles by depth-first search without recursion.
///
/// Returns each cycle as the indices along it, starting at the lowest index,
/// once per distinct set of indices, ordered by that lowest index.
pub(crate) fn find_cycles(edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        OnStack,
        Done,
    }
    let mut marks = vec![Mark::New; edges.len()];
    let mut found: BTreeMap<Vec<usize>, Vec<usize>> = BTreeMap::new();

    for root in 0..edges.len() {
        if marks[root] != Mark::New {
            continue;
        }
        // Each frame is a node and the position of its next edge to follow.
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        marks[root] = Mark::OnStack;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            let Some(&target) = edges[node].get(*next) else {
                marks[node] = Mark::Done;
                stack.pop();
                continue;
            };
            *next += 1;
            match marks[target] {
                Mark::New => {
                    marks[target] = Mark::OnStack;
                    stack.push((target, 0));
                }
                Mark::OnStack => {
                    let start = stack.iter().position(|&(n, _)| n == target).unwrap_or(0);
                    let cycle = rotate_to_lowest(stack[start..].iter().map(|&(n, _)| n).collect());
                    let mut key = cycle.clone();
                    key.sort_unstable();
                    found.entry(key).or_insert(cycle);
                }
                Mark::Done => {}
            }
        }
    }
    let mut cycles: Vec<Vec<usize>> = found.into_values().collect();
    cycles.sort();
    cycles
}

fn rotate_to_lowest(mut cycle: Vec<usize>) -> Vec<usize> {
    if let Some(lowest) = cycle
        .iter()
        .enumerate()
        .min_by_key(|&(_, n)| n)
        .map(|(i, _)| i)
    {
        cycle.rotate_left(lowest);
    }
    cycle
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

    #[test]
    fn cycles_are_found_once_each() {
        // 0 -> 1 -> 2 -> 0, 3 -> 3, 4 -> 0 (not in a cycle)
        let edges = vec![vec![1], vec![2], vec![0], vec![3], vec![0]];
        assert_eq!(find_cycles(&edges), vec![vec![0, 1, 2], vec![3]]);
    }

    #[test]
    fn cycles_start_at_their_lowest_index() {
        let edges = vec![vec![], vec![2], vec![3], vec![1]];
        assert_eq!(find_cycles(&edges), vec![vec![1, 2, 3]]);
    }

    #[test]
    fn acyclic_graph_has_no_cycles() {
        let edges = vec![vec![1, 2], vec![2], vec![], vec![0, 1]];
        assert!(find_cycles(&edges).is_empty());
    }

    #[test]
    fn long_chain_does_not_overflow_the_stack() {
        let mut edges: Vec<Vec<usize>> = (0..200_000).map(|i| vec![i + 1]).collect();
        edges.push(vec![0]);
        let cycles = find_cycles(&edges);
        assert_eq!(cycles.len(), 1);
        assert_eq!(cycles[0].len(), 200_001);
    }
}
