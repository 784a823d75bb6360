//! Roll-up: the levels of many subjects classified against one model,
//! summed up per dimension against a target level.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::share::{Share, count, lower_median};
use crate::assessment::ModelRef;
use crate::classify::Classification;
use crate::model::Model;
use crate::problem::{Error, ErrorKind, Problem, ProblemCode};

/// A level of the model, by id and displayed number.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct LevelRef {
    /// Id of the level.
    pub id: String,
    /// Displayed number of the level.
    pub number: u32,
}

/// The number of subjects at one level.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct LevelCount {
    /// Id of the level.
    pub level: String,
    /// Displayed number of the level.
    pub number: u32,
    /// Number of subjects at the level.
    pub count: u32,
}

/// The levels of a group of subjects in one dimension, or overall.
///
/// Only assessable subjects count toward the figures; the others are listed
/// in `not_assessable`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct LevelFigures {
    /// The number of subjects at each level of the model, in level order,
    /// with a zero for each level that no subject is at.
    pub distribution: Vec<LevelCount>,
    /// The lowest level; `null` when no subject is assessable.
    pub minimum: Option<LevelRef>,
    /// The middle level, or the lower of the two middle levels for an even
    /// count; `null` when no subject is assessable.
    pub lower_median: Option<LevelRef>,
    /// Subjects at or above the target level, out of the assessable
    /// subjects.
    pub at_target: Share,
    /// Ids of the subjects below the target level, in input order.
    pub below_target: Vec<String>,
    /// Ids of the subjects that are not assessable, in input order.
    pub not_assessable: Vec<String>,
}

/// The roll-up of one dimension.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct DimensionRollUp {
    /// Id of the dimension.
    pub id: String,
    /// Name of the dimension.
    pub name: String,
    /// The subjects' levels in this dimension.
    pub figures: LevelFigures,
}

/// The levels of many subjects, such as the members of a team or the teams
/// of an organization, summed up against a target level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Maturity roll-up")]
#[non_exhaustive]
pub struct RollUp {
    /// The model and version used.
    pub model: ModelRef,
    /// The level each subject should reach.
    pub target: LevelRef,
    /// Ids of the subjects, in input order.
    pub subjects: Vec<String>,
    /// One roll-up per dimension, in model order.
    pub dimensions: Vec<DimensionRollUp>,
    /// The roll-up of the subjects' overall levels.
    pub overall: LevelFigures,
    /// Id of the dimension that limits the group: the one with the
    /// lowest lower median, then the lowest minimum, then the lowest share
    /// at target, then the first in model order. `null` when no dimension
    /// has an assessable subject.
    pub limiting: Option<String>,
}

/// Each subject's level index in one dimension or overall, `None` when the
/// subject is not assessable there.
type Column<'a> = Vec<(&'a str, Option<usize>)>;

impl RollUp {
    /// Rolls up the classifications of many subjects against `model`, with
    /// `target` the id of the level each subject should reach.
    ///
    /// The limiting dimension is the one whose lower median is lowest,
    /// because the median shows the level of the middle of the group. A tie
    /// goes to the dimension with the lower minimum, which shows the weakest
    /// subject. The next tie-break is the lower share of assessable subjects
    /// at target, compared as exact fractions, and the last is model order.
    ///
    /// # Errors
    ///
    /// Returns an error of kind [`ErrorKind::InvalidTarget`] when `target`
    /// is not the id of a level of `model`. Returns one of kind
    /// [`ErrorKind::InvalidGroup`] for an empty list (code `empty-input`) or
    /// when two classifications share a subject id (code `duplicate-id`).
    /// Returns one of kind [`ErrorKind::InvalidClassification`] when a
    /// classification names another model or version (code
    /// `model-mismatch`), lacks a dimension of the model (code
    /// `missing-field`) or names a level the model does not have (code
    /// `unknown-reference`).
    ///
    /// # Examples
    ///
    /// ```
    /// use maturity::{Assessment, RollUp, Subject, SubjectKind};
    ///
    /// let model = maturity::kam();
    /// let mut classifications = Vec::new();
    /// for id in ["ana", "ben"] {
    ///     let assessment = Assessment::new("kam", "1.0.0", Subject::new(id, SubjectKind::Individual));
    ///     classifications.push(model.bind(&assessment)?.classify());
    /// }
    /// let roll_up = RollUp::build(model, &classifications, "repeatable")?;
    /// let process = &roll_up.dimensions[0].figures;
    /// assert_eq!(process.distribution[0].count, 2);
    /// assert_eq!(process.below_target, ["ana", "ben"]);
    /// # Ok::<(), maturity::Error>(())
    /// ```
    pub fn build(
        model: &Model,
        classifications: &[Classification],
        target: &str,
    ) -> Result<RollUp, Error> {
        let (target, target_level) = target_level(model, target)?;
        check_group(classifications)?;
        let matrix = level_matrix(model, classifications)?;

        let dimensions: Vec<DimensionRollUp> = model
            .dimensions()
            .iter()
            .zip(&matrix.dimensions)
            .map(|(dimension, column)| DimensionRollUp {
                id: dimension.id.clone(),
                name: dimension.name.clone(),
                figures: figures(model, target, column),
            })
            .collect();
        Ok(RollUp {
            model: ModelRef {
                id: model.id().to_owned(),
                version: model.version().to_owned(),
            },
            target: target_level,
            subjects: classifications
                .iter()
                .map(|c| c.subject.id.clone())
                .collect(),
            limiting: limiting_dimension(&dimensions),
            overall: figures(model, target, &matrix.overall),
            dimensions,
        })
    }

    /// Rolls up as [`RollUp::build`] does, with the level just above the
    /// floor as the target.
    ///
    /// # Errors
    ///
    /// As [`RollUp::build`], apart from the target, which always exists.
    pub fn build_above_floor(
        model: &Model,
        classifications: &[Classification],
    ) -> Result<RollUp, Error> {
        // A valid model has at least two levels, so the level exists.
        let target = model.levels().get(1).map_or("", |level| level.id.as_str());
        RollUp::build(model, classifications, target)
    }

    /// Returns the roll-up of the dimension with the given id.
    #[must_use]
    pub fn dimension(&self, id: &str) -> Option<&DimensionRollUp> {
        self.dimensions.iter().find(|dimension| dimension.id == id)
    }
}

/// Returns the index of the target level, and the level.
fn target_level(model: &Model, target: &str) -> Result<(usize, LevelRef), Error> {
    let index = model.target_level_index(target)?;
    let level = &model.levels()[index];
    let level = LevelRef {
        id: level.id.clone(),
        number: level.number,
    };
    Ok((index, level))
}

/// Checks that the group is not empty and that no subject id repeats.
fn check_group(classifications: &[Classification]) -> Result<(), Error> {
    if classifications.is_empty() {
        let problem = Problem::error(
            "",
            ProblemCode::EmptyInput,
            "no classifications to roll up",
            "pass at least one classification",
        );
        return Err(Error::single(ErrorKind::InvalidGroup, problem));
    }
    let mut first_at: BTreeMap<&str, usize> = BTreeMap::new();
    let mut problems = Vec::new();
    for (index, classification) in classifications.iter().enumerate() {
        let id = classification.subject.id.as_str();
        match first_at.get(id) {
            Some(first) => problems.push(Problem::error(
                format!("/{index}/subject/id"),
                ProblemCode::DuplicateId,
                format!("subject {id:?} is already classified at /{first}"),
                "keep one classification per subject, such as the consensus of its assessments",
            )),
            None => {
                first_at.insert(id, index);
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::new(ErrorKind::InvalidGroup, problems))
    }
}

/// The level index of every subject, per dimension and overall.
struct LevelMatrix<'a> {
    /// One column per dimension, in model order.
    dimensions: Vec<Column<'a>>,
    overall: Column<'a>,
}

fn level_matrix<'a>(
    model: &Model,
    classifications: &'a [Classification],
) -> Result<LevelMatrix<'a>, Error> {
    let mut matrix = LevelMatrix {
        dimensions: vec![Vec::with_capacity(classifications.len()); model.dimensions().len()],
        overall: Vec::with_capacity(classifications.len()),
    };
    let mut problems = Vec::new();
    for (index, classification) in classifications.iter().enumerate() {
        let subject = classification.subject.id.as_str();
        let mut reader = LevelReader {
            model,
            index,
            problems: &mut problems,
        };
        if !reader.check_model(classification) {
            continue;
        }
        for (column, dimension) in matrix.dimensions.iter_mut().zip(model.dimensions()) {
            column.push((
                subject,
                reader.dimension_level(classification, &dimension.id),
            ));
        }
        matrix
            .overall
            .push((subject, reader.overall_level(classification)));
    }
    if problems.is_empty() {
        Ok(matrix)
    } else {
        Err(Error::new(ErrorKind::InvalidClassification, problems))
    }
}

/// Reads the level indices of one classification, recording a problem for
/// each value that does not fit the model.
struct LevelReader<'r> {
    model: &'r Model,
    /// The classification's index in the input.
    index: usize,
    problems: &'r mut Vec<Problem>,
}

impl LevelReader<'_> {
    /// Returns whether the classification names the model and its version.
    fn check_model(&mut self, classification: &Classification) -> bool {
        let (model, named) = (self.model, &classification.model);
        let index = self.index;
        if named.id != model.id() {
            self.problems.push(Problem::error(
                format!("/{index}/model/id"),
                ProblemCode::ModelMismatch,
                format!(
                    "the classification is for model {:?}, not {:?}",
                    named.id,
                    model.id()
                ),
                "roll up classifications made with one model only",
            ));
            return false;
        }
        if named.version != model.version() {
            self.problems.push(Problem::error(
                format!("/{index}/model/version"),
                ProblemCode::ModelMismatch,
                format!(
                    "the classification is for version {:?} of model {:?}, not {:?}",
                    named.version,
                    named.id,
                    model.version()
                ),
                "classify the subject again with this model version",
            ));
            return false;
        }
        true
    }

    fn dimension_level(&mut self, classification: &Classification, id: &str) -> Option<usize> {
        let index = self.index;
        let found = classification
            .dimensions
            .iter()
            .enumerate()
            .find(|(_, result)| result.id == id);
        let Some((position, result)) = found else {
            self.problems.push(Problem::error(
                format!("/{index}/dimensions"),
                ProblemCode::MissingField,
                format!("the classification has no result for dimension {id:?}"),
                "classify the subject again with this model",
            ));
            return None;
        };
        if !result.assessable {
            return None;
        }
        let path = format!("/{index}/dimensions/{position}/level");
        self.level_index(path, result.level.as_deref())
    }

    fn overall_level(&mut self, classification: &Classification) -> Option<usize> {
        let path = format!("/{}/overall/level", self.index);
        self.level_index(path, classification.overall.level.as_deref())
    }

    fn level_index(&mut self, path: String, level: Option<&str>) -> Option<usize> {
        let level = level?;
        let position = self.model.levels().iter().position(|l| l.id == level);
        if position.is_none() {
            self.problems.push(Problem::error(
                path,
                ProblemCode::UnknownReference,
                format!("unknown level {level:?} of model {:?}", self.model.id()),
                "classify the subject again with this model",
            ));
        }
        position
    }
}

fn figures(model: &Model, target: usize, column: &Column<'_>) -> LevelFigures {
    let mut sorted: Vec<usize> = column.iter().filter_map(|(_, level)| *level).collect();
    sorted.sort_unstable();
    let distribution = model
        .levels()
        .iter()
        .enumerate()
        .map(|(index, level)| LevelCount {
            level: level.id.clone(),
            number: level.number,
            count: count(sorted.iter().filter(|&&l| l == index).count()),
        })
        .collect();
    let at_target = sorted.iter().filter(|&&level| level >= target).count();
    LevelFigures {
        distribution,
        minimum: sorted.first().and_then(|&index| level_ref(model, index)),
        lower_median: lower_median(&sorted).and_then(|index| level_ref(model, index)),
        at_target: Share::new(count(at_target), count(sorted.len())),
        below_target: subjects_where(column, |level| level.is_some_and(|l| l < target)),
        not_assessable: subjects_where(column, |level| level.is_none()),
    }
}

fn subjects_where(column: &Column<'_>, keep: impl Fn(Option<usize>) -> bool) -> Vec<String> {
    column
        .iter()
        .filter(|(_, level)| keep(*level))
        .map(|(subject, _)| (*subject).to_owned())
        .collect()
}

fn level_ref(model: &Model, index: usize) -> Option<LevelRef> {
    model.levels().get(index).map(|level| LevelRef {
        id: level.id.clone(),
        number: level.number,
    })
}

/// Returns the dimension with the lowest lower median, then the lowest
/// minimum, then the lowest share at target, then the first in model order.
/// Level numbers rise with the level order, so comparing numbers compares
/// levels.
fn limiting_dimension(dimensions: &[DimensionRollUp]) -> Option<String> {
    dimensions
        .iter()
        .filter_map(|dimension| {
            let figures = &dimension.figures;
            let median = figures.lower_median.as_ref()?.number;
            let minimum = figures.minimum.as_ref()?.number;
            Some(((median, minimum), figures.at_target, dimension))
        })
        .reduce(|limiting, candidate| {
            let (key, share, _) = &candidate;
            let order = key
                .cmp(&limiting.0)
                .then_with(|| compare_shares(share, &limiting.1));
            if order.is_lt() { candidate } else { limiting }
        })
        .map(|(_, _, dimension)| dimension.id.clone())
}

/// Compares `met / total` of two shares exactly, by cross-multiplying. A
/// share with a total of 0 counts as 0.
fn compare_shares(a: &Share, b: &Share) -> Ordering {
    let left = u64::from(a.met) * u64::from(b.total.max(1));
    let right = u64::from(b.met) * u64::from(a.total.max(1));
    left.cmp(&right)
}
