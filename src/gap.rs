//! Gap analysis: which ratings must rise for each dimension to reach a
//! target level.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::assessment::ModelRef;
use crate::classify::Status;
use crate::model::{Answer, BoundAssessment, Model};
use crate::problem::Error;
use crate::rules::Method;
use crate::target::TargetProfile;

mod count;
mod select;

pub use self::count::GapCounts;

/// The level each dimension should reach.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Target {
    /// One level above where each dimension stands now.
    #[default]
    NextLevel,
    /// The level with this id, for every dimension.
    Level(String),
    /// A level per dimension; dimensions the profile does not name aim for
    /// their next level.
    Profile(TargetProfile),
}

/// The ratings each dimension must raise to reach its target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Maturity gap report")]
#[non_exhaustive]
pub struct GapReport {
    /// The model and version used.
    pub model: ModelRef,
    /// Id of the subject assessed.
    pub subject: String,
    /// One entry per dimension, in model order.
    pub dimensions: Vec<DimensionGap>,
}

impl GapReport {
    /// Returns every gap item of every dimension, in report order.
    pub fn items(&self) -> impl Iterator<Item = &GapItem> {
        self.dimensions
            .iter()
            .flat_map(|dimension| dimension.items.iter())
    }

    /// Returns whether every assessable dimension already stands at or
    /// above its target.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.dimensions
            .iter()
            .all(|dimension| dimension.items.is_empty())
    }
}

/// The gap of one dimension.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct DimensionGap {
    /// Id of the dimension.
    pub dimension: String,
    /// Id of the level the dimension stands at; `null` when it is not
    /// assessable.
    pub current: Option<String>,
    /// Id of the level to reach; `null` when the dimension is not
    /// assessable or already at the top level.
    pub target: Option<String>,
    /// True when the dimension already stands at or above the target.
    pub reached: bool,
    /// The model's guidance for every level the dimension must cross, lowest
    /// first.
    pub advance: Vec<AdvanceStep>,
    /// The ratings to raise, ordered by level, then prerequisites first,
    /// then model order.
    pub items: Vec<GapItem>,
}

/// The model's guidance for moving from one level to the next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct AdvanceStep {
    /// Id of the level to leave.
    pub from: String,
    /// Id of the level to reach.
    pub to: String,
    /// The model's guidance text for the step.
    pub guidance: String,
}

/// One rating to raise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct GapItem {
    /// Id of the indicator.
    pub indicator: String,
    /// Id of the indicator's dimension.
    pub dimension: String,
    /// Id of the indicator's level.
    pub level: String,
    /// Displayed number of the indicator's level.
    pub number: u32,
    /// The current rating; `null` when unanswered.
    pub current: Option<String>,
    /// Whether the indicator is rated too low or not rated at all.
    pub status: Status,
    /// Id of the lowest scale point that closes the gap.
    pub required: String,
    /// The indicator's weight.
    pub weight: u32,
    /// The indicator's statement.
    pub statement: String,
    /// The indicator's guidance on evidence.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub guidance: String,
}

impl BoundAssessment<'_> {
    /// Lists the ratings that must rise for each dimension to reach
    /// `target`.
    ///
    /// Raising every listed rating to its `required` point and classifying
    /// again puts each assessable dimension at or above its target, under
    /// every level rule.
    ///
    /// - Under `all` the list is exact: it holds every indicator below its
    ///   threshold, and each is needed.
    /// - Under `share` and `mean` many sets would do, so the list is a
    ///   small one chosen the same way every time. At each level that falls
    ///   short, indicators are taken in order of the largest contribution,
    ///   their weight times the score points the rating must rise, then in
    ///   model order, until the level passes.
    /// - Under `share` a final pass drops every item the level can pass
    ///   without, so leaving out any one remaining item misses the target.
    /// - Under `mean` each item must reach the top point of its scale,
    ///   except the last one taken, which needs only the lowest point that
    ///   closes the remaining shortfall.
    ///
    /// # Errors
    ///
    /// Returns an error of kind [`ErrorKind::InvalidTarget`](crate::ErrorKind::InvalidTarget) when
    /// [`Target::Level`] names a level the model does not have, or when a
    /// [`Target::Profile`] does not fit the model (see
    /// [`TargetProfile::resolve`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use maturity::{Assessment, Subject, SubjectKind, Target};
    ///
    /// let model = maturity::kam();
    /// let assessment = Assessment::new("kam", "1.0.0", Subject::new("t1", SubjectKind::Team));
    /// let report = model.bind(&assessment)?.gaps(&Target::NextLevel)?;
    /// let first = report.items().next().unwrap();
    /// assert_eq!(first.level, "awareness");
    /// assert_eq!(first.required, "largely");
    /// # Ok::<(), maturity::Error>(())
    /// ```
    pub fn gaps(&self, target: &Target) -> Result<GapReport, Error> {
        let model = self.model;
        let targets = self.resolve_target(target)?;
        let dimensions = targets
            .iter()
            .enumerate()
            .map(|(dimension, &fixed_target)| self.dimension_gap(dimension, fixed_target))
            .collect();
        Ok(GapReport {
            model: ModelRef {
                id: model.id().to_owned(),
                version: model.version().to_owned(),
            },
            subject: self.subject.id.clone(),
            dimensions,
        })
    }

    /// Returns the target level index of each dimension, in model order;
    /// `None` means the level above the current one.
    pub(crate) fn resolve_target(&self, target: &Target) -> Result<Vec<Option<usize>>, Error> {
        let model = self.model;
        let count = model.dimensions().len();
        match target {
            Target::NextLevel => Ok(vec![None; count]),
            Target::Profile(profile) => profile.resolve(model),
            Target::Level(id) => Ok(vec![Some(model.target_level_index(id)?); count]),
        }
    }

    fn dimension_gap(&self, dimension: usize, fixed_target: Option<usize>) -> DimensionGap {
        let model = self.model;
        let levels = model.levels();
        let current = self.dimension_level(dimension);
        let target = self.target_level(current, fixed_target);
        let reached = match (current, target) {
            (Some(current), Some(target)) => current >= target,
            _ => true,
        };
        let (advance, items) = match (current, target) {
            (Some(current), Some(target)) if !reached => (
                self.advance_steps(current, target),
                self.gap_items(dimension, target)
                    .into_iter()
                    .map(|(indicator, required)| self.gap_item(indicator, required))
                    .collect(),
            ),
            _ => (Vec::new(), Vec::new()),
        };
        DimensionGap {
            dimension: model.dimensions()[dimension].id.clone(),
            current: current.map(|index| levels[index].id.clone()),
            target: target.map(|index| levels[index].id.clone()),
            reached,
            advance,
            items,
        }
    }

    /// Returns the level index a dimension at `current` aims for: none when
    /// it is not assessable, else `fixed_target` or, without one, the level
    /// above `current` unless that is the top.
    pub(crate) fn target_level(
        &self,
        current: Option<usize>,
        fixed_target: Option<usize>,
    ) -> Option<usize> {
        match (current?, fixed_target) {
            (_, Some(target)) => Some(target),
            (reached, None) => (reached + 1 < self.model.levels().len()).then_some(reached + 1),
        }
    }

    fn advance_steps(&self, current: usize, target: usize) -> Vec<AdvanceStep> {
        let levels = self.model.levels();
        (current..target)
            .filter_map(|index| {
                let guidance = levels[index].advance.clone()?;
                Some(AdvanceStep {
                    from: levels[index].id.clone(),
                    to: levels[index + 1].id.clone(),
                    guidance,
                })
            })
            .collect()
    }

    fn gap_item(&self, indicator: usize, required: usize) -> GapItem {
        let model = self.model;
        let spec = &model.indicators()[indicator];
        let (_, level) = model.indicator_position(indicator);
        let current = match self.answers[indicator] {
            Answer::Point(point) => Some(model.point(indicator, point).id.clone()),
            Answer::Unanswered | Answer::NotApplicable => None,
        };
        GapItem {
            indicator: spec.id.clone(),
            dimension: spec.dimension.clone(),
            level: spec.level.clone(),
            number: model.levels()[level].number,
            current,
            status: self.status(indicator, required),
            required: model.point(indicator, required).id.clone(),
            weight: spec.weight,
            statement: spec.statement.clone(),
            guidance: spec.guidance.clone(),
        }
    }

    /// Returns the indicators of a dimension, with the scale point each
    /// needs, whose ratings must rise for it to stand at `target`.
    ///
    /// They are ordered by level, then with prerequisites before the
    /// indicators that require them, then in model order.
    pub(crate) fn gap_items(&self, dimension: usize, target: usize) -> Vec<(usize, usize)> {
        let mut items = Vec::new();
        for level in 1..=target.min(self.model.levels().len() - 1) {
            let mut chosen = self.level_gap(dimension, level, target);
            chosen.sort_unstable();
            self.push_prerequisites_first(&chosen, &mut items);
        }
        items
    }

    /// Returns the indicators at `level`, with the point each needs, whose
    /// ratings must rise for the dimension to stand at `target`, in no
    /// particular order.
    pub(crate) fn level_gap(
        &self,
        dimension: usize,
        level: usize,
        target: usize,
    ) -> Vec<(usize, usize)> {
        match self.model.rules().methods[dimension] {
            Method::All => self.short_of_threshold(dimension, level, target),
            Method::Share { percent } => self.share_shortfall(dimension, level, percent),
            Method::Mean { percent } => self.mean_shortfall(dimension, level, percent),
        }
    }

    /// Returns every indicator at `level` below the point it needs for the
    /// dimension to stand at `target`, as the `all` rule requires.
    fn short_of_threshold(
        &self,
        dimension: usize,
        level: usize,
        target: usize,
    ) -> Vec<(usize, usize)> {
        self.model
            .group(dimension, level)
            .iter()
            .map(|&indicator| (indicator, self.required_point(indicator, target)))
            .filter(|&(indicator, required)| self.falls_short(indicator, required))
            .collect()
    }

    /// Returns whether an indicator is rated below a point or unanswered.
    pub(crate) fn falls_short(&self, indicator: usize, required: usize) -> bool {
        matches!(
            self.status(indicator, required),
            Status::Below | Status::Unanswered
        )
    }

    /// Appends `chosen`, sorted by indicator, to `items` so that each comes
    /// after those of its prerequisites that are in `chosen`, breaking ties
    /// by model order.
    ///
    /// This is Kahn's topological sort with the ready entries kept in a
    /// min-heap of positions. Prerequisites are found by binary search in
    /// `chosen`, so the work is O(k log k) for k entries and their
    /// prerequisites, with a fixed number of allocations.
    fn push_prerequisites_first(&self, chosen: &[(usize, usize)], items: &mut Vec<(usize, usize)>) {
        if chosen.len() <= 1 {
            items.extend_from_slice(chosen);
            return;
        }
        let graph = PrerequisiteGraph::new(self.model, chosen);
        let mut pending = graph.pending.clone();
        let mut done = vec![false; chosen.len()];
        let mut ready: BinaryHeap<Reverse<usize>> = (0..chosen.len())
            .filter(|&position| pending[position] == 0)
            .map(Reverse)
            .collect();
        items.reserve(chosen.len());
        let mut remaining = chosen.len();
        while remaining > 0 {
            // Validation rules out cycles, so some entry is always ready;
            // taking the first one left keeps the loop finite regardless.
            let next = match ready.pop() {
                Some(Reverse(position)) => position,
                None => match done.iter().position(|&is_done| !is_done) {
                    Some(position) => position,
                    None => break,
                },
            };
            if done[next] {
                continue;
            }
            done[next] = true;
            remaining -= 1;
            items.push(chosen[next]);
            for &dependent in graph.dependents(next) {
                pending[dependent] = pending[dependent].saturating_sub(1);
                if pending[dependent] == 0 && !done[dependent] {
                    ready.push(Reverse(dependent));
                }
            }
        }
    }
}

/// The prerequisite edges among a list of indicators, by position in the
/// list, in compressed sparse row form.
struct PrerequisiteGraph {
    /// Number of prerequisites of each entry that are in the list.
    pending: Vec<usize>,
    /// Where the dependents of each entry start in `dependents`, with the
    /// end of the last appended.
    starts: Vec<usize>,
    dependents: Vec<usize>,
}

impl PrerequisiteGraph {
    /// Builds the graph of `chosen`, which is sorted by indicator.
    fn new(model: &Model, chosen: &[(usize, usize)]) -> PrerequisiteGraph {
        let position = |indicator: usize| {
            chosen
                .binary_search_by_key(&indicator, |&(chosen, _)| chosen)
                .ok()
        };
        let edges = || {
            chosen
                .iter()
                .enumerate()
                .flat_map(move |(dependent, &(indicator, _))| {
                    let prerequisites = model.prerequisites(indicator).iter();
                    prerequisites
                        .filter_map(move |&required| Some((position(required)?, dependent)))
                })
        };
        let mut pending = vec![0; chosen.len()];
        let mut starts = vec![0; chosen.len() + 1];
        for (required, dependent) in edges() {
            pending[dependent] += 1;
            starts[required + 1] += 1;
        }
        for position in 0..chosen.len() {
            starts[position + 1] += starts[position];
        }
        let mut next = starts.clone();
        let mut dependents = vec![0; starts[chosen.len()]];
        for (required, dependent) in edges() {
            dependents[next[required]] = dependent;
            next[required] += 1;
        }
        PrerequisiteGraph {
            pending,
            starts,
            dependents,
        }
    }

    /// Returns the positions of the entries that require the entry at
    /// `position`.
    fn dependents(&self, position: usize) -> &[usize] {
        &self.dependents[self.starts[position]..self.starts[position + 1]]
    }
}
