//! Comparisons of two classifications: what-if projections and progress
//! over time.

use std::collections::BTreeSet;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::assessment::{Assessment, ModelRef, Rating};
use crate::classify::{Classification, DimensionResult, Status};
use crate::model::{BoundAssessment, Model};
use crate::problem::{Error, ErrorKind, Problem, ProblemCode};

/// How one dimension's level changed between two classifications.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct LevelChange {
    /// Id of the dimension; `null` for the overall level.
    pub dimension: Option<String>,
    /// Level id before; `null` when not assessable.
    pub before: Option<String>,
    /// Level id after; `null` when not assessable.
    pub after: Option<String>,
    /// Level number after minus level number before; `null` when either
    /// side is not assessable.
    pub delta: Option<i64>,
}

impl LevelChange {
    fn between(
        dimension: Option<&str>,
        before: (Option<&String>, Option<u32>),
        after: (Option<&String>, Option<u32>),
    ) -> LevelChange {
        let delta = match (before.1, after.1) {
            (Some(b), Some(a)) => Some(i64::from(a) - i64::from(b)),
            _ => None,
        };
        LevelChange {
            dimension: dimension.map(str::to_owned),
            before: before.0.cloned(),
            after: after.0.cloned(),
            delta,
        }
    }

    fn of_dimension(before: &DimensionResult, after: &DimensionResult) -> LevelChange {
        LevelChange::between(
            Some(&before.id),
            (before.level.as_ref(), before.number),
            (after.level.as_ref(), after.number),
        )
    }

    fn of_overall(before: &Classification, after: &Classification) -> LevelChange {
        LevelChange::between(
            None,
            (before.overall.level.as_ref(), before.overall.number),
            (after.overall.level.as_ref(), after.overall.number),
        )
    }
}

/// The projected effect of planned rating changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Maturity what-if projection")]
#[non_exhaustive]
pub struct Projection {
    /// The classification of the assessment as it is.
    pub current: Classification,
    /// The classification with the planned changes applied.
    pub projected: Classification,
    /// The change of the overall level.
    pub overall: LevelChange,
    /// The change of each dimension's level, in model order.
    pub dimensions: Vec<LevelChange>,
    /// The rating changes applied, in plan order.
    pub changes: Vec<RatingChange>,
}

/// One indicator whose rating differs between two assessments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct RatingChange {
    /// Id of the indicator.
    pub indicator: String,
    /// Rating before; `null` when unanswered.
    pub before: Option<String>,
    /// Rating after; `null` when unanswered.
    pub after: Option<String>,
}

impl Model {
    /// Applies planned rating changes to an assessment and returns the
    /// projected classification beside the current one.
    ///
    /// Each planned rating replaces the assessment's rating of that
    /// indicator, or adds one where it was unanswered. A planned note
    /// replaces the old note.
    ///
    /// # Errors
    ///
    /// Returns an error of kind [`ErrorKind::InvalidAssessment`] when the
    /// assessment does not bind to the model, and one that lists every
    /// problem of the plan, with paths such as `/changes/2/rating`, when a
    /// planned change names an unknown indicator or rating or rates one
    /// indicator twice.
    ///
    /// # Examples
    ///
    /// ```
    /// use maturity::{Assessment, Rating, Subject, SubjectKind};
    ///
    /// let model = maturity::kam();
    /// let assessment = Assessment::new("kam", "1.0.0", Subject::new("t1", SubjectKind::Team));
    /// let mut plan = Assessment::new("kam", "1.0.0", Subject::new("t1", SubjectKind::Team));
    /// for indicator in model.indicators().iter().filter(|i| i.dimension == "process") {
    ///     plan.rate(&indicator.id, "fully");
    /// }
    /// let projection = model.what_if(&assessment, &plan.ratings)?;
    /// assert_eq!(projection.dimensions[0].after.as_deref(), Some("activating"));
    /// assert_eq!(projection.overall.delta, Some(0));
    /// # Ok::<(), maturity::Error>(())
    /// ```
    pub fn what_if(
        &self,
        assessment: &Assessment,
        changes: &[Rating],
    ) -> Result<Projection, Error> {
        let current = self.bind(assessment)?;
        self.check_plan(changes)?;

        let mut planned = assessment.clone();
        for change in changes {
            match planned
                .ratings
                .iter_mut()
                .find(|r| r.indicator == change.indicator)
            {
                Some(rating) => *rating = change.clone(),
                None => planned.ratings.push(change.clone()),
            }
        }
        let projected = self.bind(&planned)?;
        let applied = changes
            .iter()
            .map(|change| RatingChange {
                indicator: change.indicator.clone(),
                before: current.rating(&change.indicator).map(str::to_owned),
                after: projected.rating(&change.indicator).map(str::to_owned),
            })
            .collect();
        let (current, projected) = (current.classify(), projected.classify());
        Ok(Projection {
            overall: LevelChange::of_overall(&current, &projected),
            dimensions: dimension_changes(&current, &projected),
            current,
            projected,
            changes: applied,
        })
    }

    /// Checks every planned change on its own, so that the problems carry
    /// plan paths rather than assessment paths.
    fn check_plan(&self, changes: &[Rating]) -> Result<(), Error> {
        let mut plan = Assessment::new(
            self.id(),
            self.version(),
            crate::Subject::new("plan", crate::SubjectKind::Team),
        );
        plan.ratings = changes.to_vec();
        match self.bind(&plan) {
            Ok(_) => Ok(()),
            Err(error) => {
                let problems = error
                    .into_problems()
                    .into_iter()
                    .map(|mut problem| {
                        problem.path = problem.path.replacen("/ratings/", "/changes/", 1);
                        problem.message = format!("planned change: {}", problem.message);
                        problem
                    })
                    .collect();
                Err(Error::new(ErrorKind::InvalidAssessment, problems))
            }
        }
    }
}

fn dimension_changes(before: &Classification, after: &Classification) -> Vec<LevelChange> {
    before
        .dimensions
        .iter()
        .zip(&after.dimensions)
        .map(|(before, after)| LevelChange::of_dimension(before, after))
        .collect()
}

/// How a subject moved between two assessments under the same model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Maturity progress report")]
#[non_exhaustive]
pub struct ProgressReport {
    /// The model and version both assessments use.
    pub model: ModelRef,
    /// Id of the subject.
    pub subject: String,
    /// Date of the earlier assessment, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before_date: Option<String>,
    /// Date of the later assessment, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after_date: Option<String>,
    /// The change of the overall level.
    pub overall: LevelChange,
    /// The change of each dimension's level, in model order.
    pub dimensions: Vec<LevelChange>,
    /// Indicators that meet their threshold now and did not before, in
    /// model order.
    pub newly_met: Vec<String>,
    /// Indicators that met their threshold before and no longer do, in
    /// model order.
    pub regressed: Vec<String>,
    /// Every indicator whose rating changed, in model order.
    pub rating_changes: Vec<RatingChange>,
}

/// Compares two assessments of one subject under one model and version.
///
/// An indicator counts as met when its rating reaches the threshold shown
/// for it in the classification's level checks.
///
/// # Errors
///
/// Returns an error of kind [`ErrorKind::InvalidAssessment`] naming both
/// values when the two assessments are bound to different models or model
/// versions, or are of different subjects.
///
/// # Examples
///
/// ```
/// use maturity::{Assessment, Subject, SubjectKind};
///
/// let model = maturity::kam();
/// let before = Assessment::new("kam", "1.0.0", Subject::new("t1", SubjectKind::Team));
/// let mut after = before.clone();
/// after.rate("process-2-documented", "fully");
/// let report = maturity::compare(&model.bind(&before)?, &model.bind(&after)?)?;
/// assert_eq!(report.newly_met, ["process-2-documented"]);
/// # Ok::<(), maturity::Error>(())
/// ```
pub fn compare(
    before: &BoundAssessment<'_>,
    after: &BoundAssessment<'_>,
) -> Result<ProgressReport, Error> {
    check_comparable(before, after)?;
    let model = after.model();
    let (old, new) = (before.classify(), after.classify());
    let (old_met, new_met) = (met_indicators(model, &old), met_indicators(model, &new));

    let mut newly_met = Vec::new();
    let mut regressed = Vec::new();
    let mut rating_changes = Vec::new();
    for (index, indicator) in model.indicators().iter().enumerate() {
        match (old_met[index], new_met[index]) {
            (false, true) => newly_met.push(indicator.id.clone()),
            (true, false) => regressed.push(indicator.id.clone()),
            _ => {}
        }
        let (was, is) = (before.rating(&indicator.id), after.rating(&indicator.id));
        if was != is {
            rating_changes.push(RatingChange {
                indicator: indicator.id.clone(),
                before: was.map(str::to_owned),
                after: is.map(str::to_owned),
            });
        }
    }
    Ok(ProgressReport {
        model: new.model.clone(),
        subject: new.subject.id.clone(),
        before_date: old.date.clone(),
        after_date: new.date.clone(),
        overall: LevelChange::of_overall(&old, &new),
        dimensions: dimension_changes(&old, &new),
        newly_met,
        regressed,
        rating_changes,
    })
}

fn check_comparable(
    before: &BoundAssessment<'_>,
    after: &BoundAssessment<'_>,
) -> Result<(), Error> {
    let (old, new) = (before.model(), after.model());
    if old.id() != new.id() || old.version() != new.version() {
        let problem = Problem::error(
            "/model",
            ProblemCode::ModelMismatch,
            format!(
                "cannot compare model {:?} version {:?} with model {:?} version {:?}",
                old.id(),
                old.version(),
                new.id(),
                new.version()
            ),
            "classify both assessments with the same model and version",
        );
        return Err(Error::single(ErrorKind::InvalidAssessment, problem));
    }
    if before.subject().id != after.subject().id {
        let problem = Problem::error(
            "/subject/id",
            ProblemCode::MixedSubjects,
            format!(
                "cannot compare subject {:?} with subject {:?}",
                before.subject().id,
                after.subject().id
            ),
            "compare two assessments of the same subject",
        );
        return Err(Error::single(ErrorKind::InvalidAssessment, problem));
    }
    Ok(())
}

/// Returns, in model order, whether each indicator is met according to the
/// level checks of a classification.
fn met_indicators(model: &Model, classification: &Classification) -> Vec<bool> {
    let met: BTreeSet<&str> = classification
        .dimensions
        .iter()
        .flat_map(|dimension| dimension.levels.iter())
        .flat_map(|level| level.indicators.iter())
        .filter(|check| check.status == Status::Met)
        .map(|check| check.indicator.as_str())
        .collect();
    model
        .indicators()
        .iter()
        .map(|indicator| met.contains(indicator.id.as_str()))
        .collect()
}
