//! Classification: the level of each dimension and overall, with the
//! evidence behind each decision.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::assessment::{ModelRef, NOT_APPLICABLE, Subject};
use crate::explain;
use crate::model::{Answer, BoundAssessment};
use crate::ratio::Ratio;
use crate::rollup;
use crate::rules::{self, Method};
use crate::spec::{LevelRule, OverallRule};

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
    /// The subject assessed.
    pub subject: Subject,
    /// Name of the assessor who gave the ratings.
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
    /// order: those below the overall level or, when none is below it,
    /// those at the lowest level. Under `minimum` these are the dimensions
    /// at the lowest level.
    pub limiting: Vec<String>,
    /// Ids of the dimensions left out because every indicator in them is
    /// rated `"n/a"`.
    pub not_assessable: Vec<String>,
    /// One sentence on how the roll-up reached the overall level, such as
    /// `minimum of dimension levels: 2 (Account planning)`.
    pub explanation: String,
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
    /// The level rule applied: the dimension's own rule, or else the
    /// model's.
    pub rule: LevelRule,
    /// The level number plus the exact progress toward the next level, so
    /// its whole part is the level number. At the top level it is the level
    /// number exactly, and it is `null` when the dimension is not
    /// assessable.
    pub score: Option<Ratio>,
    /// Under the `mean` rule: the floor's number plus the mean of every
    /// level above the floor, the sum of answer values per level; `null`
    /// under other rules or when the dimension is not assessable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mean_total: Option<Ratio>,
    /// One sentence on why the dimension stands where it does, such as
    /// `stays at level 2 because 1 of 3 level-3 criteria is below
    /// 'largely': process-3-review`.
    pub explanation: String,
    /// Progress toward the next level; `null` at the top level or when the
    /// dimension is not assessable.
    pub next: Option<Progress>,
    /// Every level above the floor, lowest first, with each indicator's
    /// rating against its threshold.
    pub levels: Vec<LevelCheck>,
}

/// Progress toward the next level.
///
/// Under `all` it counts the criteria that moving up adds: the next level's
/// own indicators, plus the current level's indicators when the rule asks
/// more of levels below the one reached. Under `share` and `mean` it counts
/// the next level's indicators, and under `mean` an indicator counts as met
/// only at the top point of its scale.
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
    /// `fraction` as a percentage, rounded down.
    pub percent: u32,
    /// The exact progress, from 0 up to but excluding 1, that the score adds
    /// to the level number: the weighted share of criteria met under `all`
    /// and `share`, the next level's mean under `mean`.
    pub fraction: Ratio,
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
    /// Whether the level's condition holds: under `all`, every applicable
    /// indicator meets its threshold; under `share` and `mean`, the share or
    /// mean reaches the required percentage. A level can be met and still
    /// not reached when a lower level is not.
    pub met: bool,
    /// True when the level has no applicable indicator, so it passes without
    /// evidence.
    pub without_evidence: bool,
    /// Under `share`: the weighted share of applicable indicators that meet
    /// the threshold; `null` under other rules or without evidence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share: Option<Ratio>,
    /// Under `mean`: the weighted mean score of the applicable indicators,
    /// divided by 100, with unanswered indicators scoring 0; 1 without
    /// evidence; `null` under other rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mean: Option<Ratio>,
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
    /// Id of the scale point the rating must reach, on the indicator's own
    /// scale. Under `mean`, which sets no threshold per indicator, it is the
    /// top point of the scale.
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
        let overall = rollup::overall_result(model, &dimensions);
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

    fn dimension_result(&self, dimension: usize) -> DimensionResult {
        let model = self.model;
        let spec = &model.dimensions()[dimension];
        let reached = self.dimension_level(dimension);
        let level = reached.map(|index| &model.levels()[index]);
        let next = reached.and_then(|index| self.progress(dimension, index));
        let score = level.map(|level| {
            let number = Ratio::integer(u64::from(level.number));
            next.as_ref().map_or(number, |next| number + next.fraction)
        });
        let levels = (1..model.levels().len())
            .map(|level| self.level_check(dimension, level, reached.unwrap_or(0)))
            .collect();
        let method = model.rules().methods[dimension];
        let mean_total = match method {
            Method::Mean { .. } if reached.is_some() => Some(self.mean_total(dimension)),
            _ => None,
        };
        DimensionResult {
            id: spec.id.clone(),
            name: spec.name.clone(),
            assessable: reached.is_some(),
            level: level.map(|level| level.id.clone()),
            number: level.map(|level| level.number),
            level_name: level.map(|level| level.name.clone()),
            rule: model.rules().rules[dimension].clone(),
            score,
            mean_total,
            explanation: explain::dimension(self, dimension, reached),
            next,
            levels,
        }
    }

    /// Returns the floor's number plus the mean of each level above it.
    fn mean_total(&self, dimension: usize) -> Ratio {
        let levels = self.model.levels();
        let floor = Ratio::integer(u64::from(levels[0].number));
        (1..levels.len()).fold(floor, |total, level| {
            let totals = self.level_totals(dimension, level, level);
            total + rules::mean_of(&totals)
        })
    }

    /// Checks one level of a dimension. Levels at or below the one reached
    /// are checked against the thresholds that reaching it required; higher
    /// levels against their own threshold.
    fn level_check(&self, dimension: usize, level: usize, reached: usize) -> LevelCheck {
        let target = level.max(reached);
        let indicators = self
            .model
            .group(dimension, level)
            .iter()
            .map(|&indicator| {
                self.indicator_check(indicator, self.required_point(indicator, target))
            })
            .collect();
        let outcome = self.level_outcome(dimension, level, target);
        let spec = &self.model.levels()[level];
        LevelCheck {
            level: spec.id.clone(),
            number: spec.number,
            met: outcome.passes,
            without_evidence: outcome.without_evidence,
            share: outcome.share,
            mean: outcome.mean,
            indicators,
        }
    }

    pub(crate) fn indicator_check(&self, indicator: usize, required: usize) -> IndicatorCheck {
        let model = self.model;
        let spec = &model.indicators()[indicator];
        let rating = match self.answers[indicator] {
            Answer::Unanswered => None,
            Answer::NotApplicable => Some(NOT_APPLICABLE.to_owned()),
            Answer::Point(point) => Some(model.point(indicator, point).id.clone()),
        };
        IndicatorCheck {
            indicator: spec.id.clone(),
            level: spec.level.clone(),
            rating,
            required: model.point(indicator, required).id.clone(),
            status: self.status(indicator, required),
            weight: spec.weight,
            note: self.note(indicator).cloned(),
        }
    }

    /// Returns the indicators, and the points they need, that moving from
    /// `reached` to the next level adds under the `all` rule: the next
    /// level's own indicators, and the reached level's where the rule asks
    /// more of lower levels than of the level itself.
    pub(crate) fn step_criteria(&self, dimension: usize, reached: usize) -> Vec<(usize, usize)> {
        let model = self.model;
        let next = reached + 1;
        let mut criteria = Vec::new();
        if reached >= 1 {
            criteria.extend(model.group(dimension, reached).iter().filter_map(|&i| {
                let required = self.required_point(i, next);
                (required != self.required_point(i, reached)).then_some((i, required))
            }));
        }
        criteria.extend(
            model
                .group(dimension, next)
                .iter()
                .map(|&i| (i, self.required_point(i, next))),
        );
        criteria
    }

    fn progress(&self, dimension: usize, reached: usize) -> Option<Progress> {
        let model = self.model;
        let next = model.levels().get(reached + 1)?;
        let totals = match model.rules().methods[dimension] {
            Method::All => self.step_totals(dimension, reached),
            Method::Share { .. } | Method::Mean { .. } => {
                self.level_totals(dimension, reached + 1, reached + 1)
            }
        };
        let fraction = match model.rules().methods[dimension] {
            Method::Mean { .. } => rules::mean_of(&totals),
            Method::All | Method::Share { .. } => rules::share_of(&totals).unwrap_or(Ratio::ZERO),
        };
        let percent = fraction.percent_floor();
        let blocking = self
            .gap_items(dimension, reached + 1)
            .into_iter()
            .map(|(indicator, required)| self.indicator_check(indicator, required))
            .collect();
        Some(Progress {
            level: next.id.clone(),
            number: next.number,
            met: totals.met,
            applicable: totals.applicable,
            met_weight: totals.met_weight,
            applicable_weight: totals.applicable_weight,
            percent: u32::try_from(percent).unwrap_or(100),
            fraction,
            blocking,
        })
    }

    /// Sums the applicable step criteria of the `all` rule.
    pub(crate) fn step_totals(&self, dimension: usize, reached: usize) -> rules::LevelTotals {
        let mut totals = rules::LevelTotals::default();
        for (indicator, required) in self.step_criteria(dimension, reached) {
            let status = self.status(indicator, required);
            if !status.is_applicable() {
                continue;
            }
            let weight = self.model.weight(indicator);
            totals.applicable += 1;
            totals.applicable_weight += weight;
            if status == Status::Met {
                totals.met += 1;
                totals.met_weight += weight;
            }
        }
        totals
    }
}
