//! Gap analysis: which ratings must rise for each dimension to reach a
//! target level.

use std::collections::{BTreeMap, BTreeSet};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::assessment::ModelRef;
use crate::classify::Status;
use crate::model::{Answer, BoundAssessment};
use crate::problem::{Error, ErrorKind, Problem, ProblemCode};
use crate::rules::Method;
use crate::target::TargetProfile;

mod select;

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

/// What must change for each dimension to reach its target.
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
    /// What it takes.
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
    /// Returns an error of kind [`ErrorKind::InvalidTarget`] when
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
            Target::Level(id) => match model.levels().iter().position(|level| &level.id == id) {
                Some(index) => Ok(vec![Some(index); count]),
                None => {
                    let ids: Vec<String> = model
                        .levels()
                        .iter()
                        .map(|level| format!("{:?}", level.id))
                        .collect();
                    let problem = Problem::error(
                        "",
                        ProblemCode::UnknownReference,
                        format!("unknown target level {id:?}"),
                        format!("use one of: {}", ids.join(", ")),
                    );
                    Err(Error::single(ErrorKind::InvalidTarget, problem))
                }
            },
        }
    }

    fn dimension_gap(&self, dimension: usize, fixed_target: Option<usize>) -> DimensionGap {
        let model = self.model;
        let levels = model.levels();
        let current = self.dimension_level(dimension);
        let target = match (current, fixed_target) {
            (None, _) => None,
            (Some(_), Some(target)) => Some(target),
            (Some(reached), None) => (reached + 1 < levels.len()).then_some(reached + 1),
        };
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
        let model = self.model;
        let mut items = Vec::new();
        for level in 1..=target.min(model.levels().len() - 1) {
            let mut chosen = match model.rules().methods[dimension] {
                Method::All => self.short_of_threshold(dimension, level, target),
                Method::Share { percent } => self.share_shortfall(dimension, level, percent),
                Method::Mean { percent } => self.mean_shortfall(dimension, level, percent),
            };
            chosen.sort_unstable();
            let required: BTreeMap<usize, usize> = chosen.iter().copied().collect();
            let ordered = self.prerequisites_first(chosen.iter().map(|&(i, _)| i).collect());
            items.extend(ordered.into_iter().filter_map(|indicator| {
                let point = required.get(&indicator)?;
                Some((indicator, *point))
            }));
        }
        items
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
            .filter(|&(indicator, required)| {
                matches!(
                    self.status(indicator, required),
                    Status::Below | Status::Unanswered
                )
            })
            .collect()
    }

    /// Orders indicators so that each comes after those of its prerequisites
    /// that are in the list, breaking ties by model order.
    fn prerequisites_first(&self, indicators: Vec<usize>) -> Vec<usize> {
        let model = self.model;
        let members: BTreeSet<usize> = indicators.iter().copied().collect();
        let pending_prerequisites = |indicator: usize, done: &BTreeSet<usize>| {
            model.indicators()[indicator]
                .requires
                .iter()
                .filter_map(|id| model.indicator_index(id))
                .filter(|required| members.contains(required) && !done.contains(required))
                .count()
        };
        let mut done = BTreeSet::new();
        let mut ordered = Vec::with_capacity(indicators.len());
        while ordered.len() < indicators.len() {
            // Validation rules out cycles, so some indicator is always ready;
            // the fallback keeps the loop finite regardless.
            let next = indicators
                .iter()
                .copied()
                .find(|i| !done.contains(i) && pending_prerequisites(*i, &done) == 0)
                .or_else(|| indicators.iter().copied().find(|i| !done.contains(i)));
            let Some(next) = next else { break };
            done.insert(next);
            ordered.push(next);
        }
        ordered
    }
}
