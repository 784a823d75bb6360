//! Classification: the level of each dimension and overall, with the
//! evidence behind each decision.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::assessment::{ModelRef, NOT_APPLICABLE, Subject};
use crate::model::{Answer, BoundAssessment, Model};
use crate::spec::OverallRule;

/// The result of classifying one assessment.
///
/// Dimensions appear in model order, and so do the indicators inside each
/// explanation, so the same input always serializes to the same bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Maturity classification")]
#[non_exhaustive]
pub struct Classification {
    /// The model and version used.
    pub model: ModelRef,
    /// Who or what was assessed.
    pub subject: Subject,
    /// Who gave the ratings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessor: Option<String>,
    /// When the ratings were given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The overall level.
    pub overall: OverallResult,
    /// One result per dimension, in model order.
    pub dimensions: Vec<DimensionResult>,
}

impl Classification {
    /// Returns the result for the dimension with the given id.
    #[must_use]
    pub fn dimension(&self, id: &str) -> Option<&DimensionResult> {
        self.dimensions.iter().find(|dimension| dimension.id == id)
    }
}

/// The overall level and what limits it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct OverallResult {
    /// The roll-up rule applied.
    pub rule: OverallRule,
    /// Id of the overall level; `null` when no dimension is assessable.
    pub level: Option<String>,
    /// Displayed number of the overall level.
    pub number: Option<u32>,
    /// Name of the overall level.
    pub name: Option<String>,
    /// Ids of the dimensions that hold the overall level down, in model
    /// order. Under `minimum` these are the dimensions at the lowest level.
    pub limiting: Vec<String>,
    /// Ids of the dimensions left out because every indicator in them is
    /// rated `"n/a"`.
    pub not_assessable: Vec<String>,
}

/// The level of one dimension, with its explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct DimensionResult {
    /// Id of the dimension.
    pub id: String,
    /// Name of the dimension.
    pub name: String,
    /// False when every indicator of the dimension is rated `"n/a"`.
    pub assessable: bool,
    /// Id of the level reached; `null` when the dimension is not assessable.
    pub level: Option<String>,
    /// Displayed number of the level reached.
    pub number: Option<u32>,
    /// Name of the level reached.
    pub level_name: Option<String>,
    /// Progress toward the next level; `null` at the top level or when the
    /// dimension is not assessable.
    pub next: Option<Progress>,
    /// Every level above the floor, lowest first, with each indicator's
    /// rating against its threshold.
    pub levels: Vec<LevelCheck>,
}

/// Progress toward the next level, counted over the criteria that moving up
/// adds: the next level's own indicators, plus the current level's
/// indicators when the rule asks more of levels below the one reached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Progress {
    /// Id of the next level.
    pub level: String,
    /// Displayed number of the next level.
    pub number: u32,
    /// Number of those criteria met.
    pub met: u32,
    /// Number of those criteria that are applicable (not `"n/a"`).
    pub applicable: u32,
    /// Sum of the weights of the criteria met.
    pub met_weight: u64,
    /// Sum of the weights of the applicable criteria.
    pub applicable_weight: u64,
    /// `met_weight / applicable_weight` as a percentage, rounded down.
    pub percent: u32,
    /// The criteria not yet met, which block the next level, in gap order.
    pub blocking: Vec<IndicatorCheck>,
}

/// One level of a dimension, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct LevelCheck {
    /// Id of the level.
    pub level: String,
    /// Displayed number of the level.
    pub number: u32,
    /// Whether every applicable indicator at this level meets its threshold.
    /// A level can be met and still not reached when a lower level is not.
    pub met: bool,
    /// True when the level has no applicable indicator, so it passes without
    /// evidence.
    pub without_evidence: bool,
    /// The indicators of this dimension at this level, in model order.
    pub indicators: Vec<IndicatorCheck>,
}

/// One indicator's rating against the threshold it must reach.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct IndicatorCheck {
    /// Id of the indicator.
    pub indicator: String,
    /// Id of the indicator's level.
    pub level: String,
    /// The rating given: a scale point id or `"n/a"`; `null` when
    /// unanswered.
    pub rating: Option<String>,
    /// Id of the scale point the rating must reach.
    pub required: String,
    /// The outcome.
    pub status: Status,
    /// The indicator's weight.
    pub weight: u32,
    /// The assessor's note on the rating.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The outcome of checking one rating against its threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Status {
    /// Rated at or above the threshold.
    Met,
    /// Rated below the threshold.
    Below,
    /// Not rated; counts as not met.
    Unanswered,
    /// Rated `"n/a"`; left out of every count.
    NotApplicable,
}

impl Status {
    /// Returns whether the indicator counts toward the total.
    #[must_use]
    pub fn is_applicable(self) -> bool {
        self != Status::NotApplicable
    }
}

impl BoundAssessment<'_> {
    /// Classifies the assessment: the level of each dimension, the overall
    /// level, and the evidence behind each.
    ///
    /// # Examples
    ///
    /// ```
    /// use maturity::{Assessment, Subject, SubjectKind};
    ///
    /// let model = maturity::kam();
    /// let assessment = Assessment::new("kam", "1.0.0", Subject::new("t1", SubjectKind::Team));
    /// let classification = model.bind(&assessment)?.classify();
    /// // Nothing is rated, so every dimension stays on the floor.
    /// assert_eq!(classification.overall.level.as_deref(), Some("ad-hoc"));
    /// # Ok::<(), maturity::Error>(())
    /// ```
    #[must_use]
    pub fn classify(&self) -> Classification {
        let model = self.model;
        let dimensions: Vec<DimensionResult> = (0..model.dimensions().len())
            .map(|dimension| self.dimension_result(dimension))
            .collect();
        let overall = overall_result(model, &dimensions);
        Classification {
            model: ModelRef {
                id: model.id().to_owned(),
                version: model.version().to_owned(),
            },
            subject: self.subject.clone(),
            assessor: self.assessor.clone(),
            date: self.date.clone(),
            overall,
            dimensions,
        }
    }

    /// Returns the status of one indicator against a scale point.
    pub(crate) fn status(&self, indicator: usize, required: usize) -> Status {
        match self.answers[indicator] {
            Answer::Unanswered => Status::Unanswered,
            Answer::NotApplicable => Status::NotApplicable,
            Answer::Point(point) if point >= required => Status::Met,
            Answer::Point(_) => Status::Below,
        }
    }

    /// Returns whether every applicable indicator of a dimension at `level`
    /// reaches the threshold for a dimension standing at `target`.
    fn level_meets(&self, dimension: usize, level: usize, target: usize) -> bool {
        let required = self.model.required_point(level, target);
        self.model.group(dimension, level).iter().all(|&indicator| {
            matches!(
                self.status(indicator, required),
                Status::Met | Status::NotApplicable
            )
        })
    }

    /// Returns the level index a dimension stands at, or `None` when every
    /// indicator in it is rated `"n/a"`.
    pub(crate) fn dimension_level(&self, dimension: usize) -> Option<usize> {
        let level_count = self.model.levels().len();
        let assessable = (1..level_count).any(|level| {
            self.model
                .group(dimension, level)
                .iter()
                .any(|&indicator| self.answers[indicator] != Answer::NotApplicable)
        });
        if !assessable {
            return None;
        }
        // A dimension stands at `target` when every level up to it meets the
        // thresholds for `target`; those thresholds only tighten as `target`
        // rises, so the first failure ends the walk.
        let mut reached = 0;
        for target in 1..level_count {
            if !(1..=target).all(|level| self.level_meets(dimension, level, target)) {
                break;
            }
            reached = target;
        }
        Some(reached)
    }

    fn dimension_result(&self, dimension: usize) -> DimensionResult {
        let model = self.model;
        let spec = &model.dimensions()[dimension];
        let reached = self.dimension_level(dimension);
        let level = reached.map(|index| &model.levels()[index]);
        let next = reached.and_then(|index| self.progress(dimension, index));
        let levels = (1..model.levels().len())
            .map(|level| self.level_check(dimension, level, reached.unwrap_or(0)))
            .collect();
        DimensionResult {
            id: spec.id.clone(),
            name: spec.name.clone(),
            assessable: reached.is_some(),
            level: level.map(|level| level.id.clone()),
            number: level.map(|level| level.number),
            level_name: level.map(|level| level.name.clone()),
            next,
            levels,
        }
    }

    /// Checks one level of a dimension. Levels at or below the one reached
    /// are checked against the thresholds that reaching it required; higher
    /// levels against their own threshold.
    fn level_check(&self, dimension: usize, level: usize, reached: usize) -> LevelCheck {
        let target = level.max(reached);
        let checks: Vec<IndicatorCheck> = self
            .model
            .group(dimension, level)
            .iter()
            .map(|&indicator| {
                self.indicator_check(indicator, self.model.required_point(level, target))
            })
            .collect();
        let spec = &self.model.levels()[level];
        LevelCheck {
            level: spec.id.clone(),
            number: spec.number,
            met: checks
                .iter()
                .all(|check| matches!(check.status, Status::Met | Status::NotApplicable)),
            without_evidence: checks.iter().all(|check| !check.status.is_applicable()),
            indicators: checks,
        }
    }

    pub(crate) fn indicator_check(&self, indicator: usize, required: usize) -> IndicatorCheck {
        let model = self.model;
        let spec = &model.indicators()[indicator];
        let rating = match self.answers[indicator] {
            Answer::Unanswered => None,
            Answer::NotApplicable => Some(NOT_APPLICABLE.to_owned()),
            Answer::Point(point) => Some(model.point(point).id.clone()),
        };
        IndicatorCheck {
            indicator: spec.id.clone(),
            level: spec.level.clone(),
            rating,
            required: model.point(required).id.clone(),
            status: self.status(indicator, required),
            weight: spec.weight,
            note: self.notes[indicator].clone(),
        }
    }

    /// Returns the indicators, and the thresholds they need, that moving
    /// from `reached` to the next level adds: the next level's own
    /// indicators, and the reached level's when the rule asks more of lower
    /// levels than of the level itself.
    pub(crate) fn step_criteria(&self, dimension: usize, reached: usize) -> Vec<(usize, usize)> {
        let model = self.model;
        let next = reached + 1;
        let mut criteria = Vec::new();
        if reached >= 1
            && model.required_point(reached, next) != model.required_point(reached, reached)
        {
            let required = model.required_point(reached, next);
            criteria.extend(
                model
                    .group(dimension, reached)
                    .iter()
                    .map(|&i| (i, required)),
            );
        }
        let required = model.required_point(next, next);
        criteria.extend(model.group(dimension, next).iter().map(|&i| (i, required)));
        criteria
    }

    fn progress(&self, dimension: usize, reached: usize) -> Option<Progress> {
        let model = self.model;
        let next = model.levels().get(reached + 1)?;
        let (mut met, mut applicable, mut met_weight, mut applicable_weight) =
            (0u32, 0u32, 0u64, 0u64);
        for (indicator, required) in self.step_criteria(dimension, reached) {
            let status = self.status(indicator, required);
            if !status.is_applicable() {
                continue;
            }
            let weight = u64::from(model.indicators()[indicator].weight);
            applicable += 1;
            applicable_weight += weight;
            if status == Status::Met {
                met += 1;
                met_weight += weight;
            }
        }
        let percent = (met_weight * 100)
            .checked_div(applicable_weight)
            .unwrap_or(100);
        let blocking = self
            .gap_items(dimension, reached + 1)
            .into_iter()
            .map(|(indicator, required)| self.indicator_check(indicator, required))
            .collect();
        Some(Progress {
            level: next.id.clone(),
            number: next.number,
            met,
            applicable,
            met_weight,
            applicable_weight,
            percent: u32::try_from(percent).unwrap_or(100),
            blocking,
        })
    }
}

fn overall_result(model: &Model, dimensions: &[DimensionResult]) -> OverallResult {
    let not_assessable: Vec<String> = dimensions
        .iter()
        .filter(|d| !d.assessable)
        .map(|d| d.id.clone())
        .collect();
    let lowest = dimensions.iter().filter_map(|d| d.number).min();
    let level = lowest.and_then(|number| model.level_by_number(number));
    let limiting = dimensions
        .iter()
        .filter(|d| d.assessable && d.number == lowest)
        .map(|d| d.id.clone())
        .collect();
    OverallResult {
        rule: model.overall_rule(),
        level: level.map(|level| level.id.clone()),
        number: level.map(|level| level.number),
        name: level.map(|level| level.name.clone()),
        limiting,
        not_assessable,
    }
}
