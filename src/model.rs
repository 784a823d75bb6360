//! The validated, compiled model and the binding of assessments to it.

use std::collections::BTreeMap;
use std::io::Read;

use crate::assessment::{self, Assessment, NOT_APPLICABLE, Subject};
use crate::load::{self, Limits};
use crate::problem::{Error, ErrorKind, Problem, ProblemCode};
use crate::rules::{CompiledRules, CompiledScale, WalkEntry};
use crate::spec::{Dimension, Indicator, Level, ModelSpec, OverallRule, Scale, ScalePoint};
use crate::validate;

/// A validated maturity model, compiled for classification.
///
/// A `Model` can only be built from a document that passes every check of
/// the format. Classifying a bound assessment returns no error, and gap
/// analysis fails only for a target level the model does not have.
/// Warnings found while validating are kept and returned by
/// [`Model::warnings`].
///
/// # Examples
///
/// ```
/// let model = maturity::kam();
/// assert_eq!(model.id(), "kam");
/// assert_eq!(model.levels().len(), 5);
/// assert_eq!(model.dimensions()[0].id, "process");
/// ```
#[derive(Debug, Clone)]
pub struct Model {
    spec: ModelSpec,
    warnings: Vec<Problem>,
    rules: CompiledRules,
    /// Indicator indices sorted by id, for lookups by binary search without
    /// a copy of every id.
    indicator_by_id: Vec<usize>,
    /// Dimension index of each indicator.
    indicator_dimension: Vec<usize>,
    /// Level index of each indicator.
    indicator_level: Vec<usize>,
    /// Weight of each indicator.
    indicator_weight: Vec<u64>,
    /// Indices of the prerequisites of each indicator, as written.
    prerequisites: Vec<Vec<usize>>,
    /// Indicator indices sorted by dimension, then level, then model order.
    grouped: Vec<usize>,
    /// Start of each (dimension, level) group in `grouped`, at position
    /// `dimension * level_count + level`, then the end of the last group.
    group_starts: Vec<usize>,
    /// The thresholds, weight and scale of each indicator as the level walk
    /// reads them, in the order of `grouped`.
    walk_entries: Vec<WalkEntry>,
}

impl Model {
    /// Validates a parsed model document and compiles it.
    ///
    /// # Errors
    ///
    /// Returns an error of kind [`ErrorKind::InvalidModel`] that lists every
    /// problem found when the document breaks a rule of the format: a
    /// duplicate id, a reference to an unknown level, dimension, scale,
    /// scale point or indicator, a prerequisite cycle, level numbers that
    /// skip, a threshold that some scale in use lacks or cannot reach, and
    /// so on. The list includes the warnings.
    pub fn from_spec(spec: ModelSpec) -> Result<Model, Error> {
        let problems = validate::validate(&spec);
        if problems.iter().any(Problem::is_error) {
            return Err(Error::new(ErrorKind::InvalidModel, problems));
        }
        Ok(Model::compile(spec, problems))
    }

    /// Parses, validates and compiles a model from JSON text.
    ///
    /// # Errors
    ///
    /// Returns an error of kind [`ErrorKind::Parse`] for malformed JSON, an
    /// unknown or repeated key, a value of the wrong type, an unsupported
    /// `format_version` or an input over the default [`Limits`]; and one of
    /// kind [`ErrorKind::InvalidModel`] as [`Model::from_spec`] does.
    ///
    /// # Examples
    ///
    /// ```
    /// let error = maturity::Model::from_json_str(r#"{"format_version": 1, "id": "x"}"#)
    ///     .unwrap_err();
    /// assert_eq!(error.problems()[0].code.as_str(), "missing-field");
    /// ```
    pub fn from_json_str(text: &str) -> Result<Model, Error> {
        Model::from_json_slice(text.as_bytes())
    }

    /// Parses, validates and compiles a model from JSON bytes. A leading
    /// UTF-8 byte order mark is skipped.
    ///
    /// # Errors
    ///
    /// As [`Model::from_json_str`].
    pub fn from_json_slice(bytes: &[u8]) -> Result<Model, Error> {
        Model::from_json_slice_with_limits(bytes, &Limits::default())
    }

    /// Parses, validates and compiles a model from JSON bytes, with the
    /// given limits.
    ///
    /// # Errors
    ///
    /// As [`Model::from_json_str`], with `limits` in place of the defaults.
    pub fn from_json_slice_with_limits(bytes: &[u8], limits: &Limits) -> Result<Model, Error> {
        let spec: ModelSpec = load::from_json_slice(bytes, limits)?;
        Model::from_spec(spec)
    }

    /// Reads, parses, validates and compiles a model from a JSON reader.
    ///
    /// # Errors
    ///
    /// Returns an error of kind [`ErrorKind::Io`] when reading fails, and
    /// otherwise as [`Model::from_json_str`].
    pub fn from_json_reader(reader: impl Read) -> Result<Model, Error> {
        let limits = Limits::default();
        let bytes = load::read_limited(reader, &limits)?;
        Model::from_json_slice_with_limits(&bytes, &limits)
    }

    /// Parses, validates and compiles a model from TOML text with the same
    /// structure as the JSON format.
    ///
    /// # Errors
    ///
    /// As [`Model::from_json_str`].
    #[cfg(feature = "toml")]
    pub fn from_toml_str(text: &str) -> Result<Model, Error> {
        let spec: ModelSpec = load::from_toml_str(text, &Limits::default())?;
        Model::from_spec(spec)
    }

    fn compile(spec: ModelSpec, warnings: Vec<Problem>) -> Model {
        let level_by_id = index_by_id(spec.levels.iter().map(|level| level.id.as_str()));
        let dimension_by_id = index_by_id(spec.dimensions.iter().map(|dim| dim.id.as_str()));
        // Validation guarantees that every reference below resolves.
        let resolve = |map: &BTreeMap<&str, usize>, id: &str| map.get(id).copied().unwrap_or(0);
        let indicator_dimension: Vec<usize> = spec
            .indicators
            .iter()
            .map(|indicator| resolve(&dimension_by_id, &indicator.dimension))
            .collect();
        let indicator_level: Vec<usize> = spec
            .indicators
            .iter()
            .map(|indicator| resolve(&level_by_id, &indicator.level))
            .collect();
        let mut indicator_by_id: Vec<usize> = (0..spec.indicators.len()).collect();
        indicator_by_id
            .sort_unstable_by(|&a, &b| spec.indicators[a].id.cmp(&spec.indicators[b].id));
        let find = |id: &str| find_indicator(&spec.indicators, &indicator_by_id, id);
        let prerequisites = spec
            .indicators
            .iter()
            .map(|indicator| {
                let ids = indicator.requires.iter();
                ids.filter_map(|id| find(id)).collect()
            })
            .collect();
        let level_count = spec.levels.len();
        let group_of =
            |index: usize| indicator_dimension[index] * level_count + indicator_level[index];
        let (grouped, group_starts) = group_indices(
            spec.indicators.len(),
            spec.dimensions.len() * level_count,
            group_of,
        );
        let rules = CompiledRules::compile(&spec, &indicator_dimension);
        let indicator_weight: Vec<u64> = spec
            .indicators
            .iter()
            .map(|i| u64::from(i.weight))
            .collect();
        let walk_entries = grouped
            .iter()
            .map(|&index| rules.walk_entry(index, indicator_weight[index]))
            .collect();
        Model {
            indicator_weight,
            spec,
            warnings,
            rules,
            indicator_by_id,
            indicator_dimension,
            indicator_level,
            prerequisites,
            grouped,
            group_starts,
            walk_entries,
        }
    }

    /// Returns the document the model was built from.
    #[must_use]
    pub fn spec(&self) -> &ModelSpec {
        &self.spec
    }

    /// Returns the warnings found while validating the model.
    #[must_use]
    pub fn warnings(&self) -> &[Problem] {
        &self.warnings
    }

    /// Returns the model's id.
    #[must_use]
    pub fn id(&self) -> &str {
        &self.spec.id
    }

    /// Returns the model's name.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.spec.name
    }

    /// Returns the version of the model's content.
    #[must_use]
    pub fn version(&self) -> &str {
        &self.spec.version
    }

    /// Returns the levels, lowest first. The first is the floor.
    #[must_use]
    pub fn levels(&self) -> &[Level] {
        &self.spec.levels
    }

    /// Returns the dimensions in display order.
    #[must_use]
    pub fn dimensions(&self) -> &[Dimension] {
        &self.spec.dimensions
    }

    /// Returns the indicators in model order.
    #[must_use]
    pub fn indicators(&self) -> &[Indicator] {
        &self.spec.indicators
    }

    /// Returns the default rating scale, the one indicators without a
    /// `scale` field are rated on.
    #[must_use]
    pub fn scale(&self) -> &Scale {
        &self.spec.scale
    }

    /// Returns the points of the scale an indicator is rated on, lowest
    /// first, or `None` when the model has no such indicator.
    ///
    /// # Examples
    ///
    /// ```
    /// let model = maturity::kam();
    /// let points = model.scale_points("process-2-documented").ok_or("no such indicator")?;
    /// assert_eq!(points[2].id, "largely");
    /// # Ok::<(), &str>(())
    /// ```
    #[must_use]
    pub fn scale_points(&self, indicator: &str) -> Option<&[ScalePoint]> {
        let index = self.indicator_index(indicator)?;
        Some(&self.rules.scale_of(index).points)
    }

    /// Returns the rule that combines dimension levels into the overall
    /// level.
    #[must_use]
    pub fn overall_rule(&self) -> OverallRule {
        self.spec.rules.overall
    }

    /// Returns the level with the given id.
    #[must_use]
    pub fn level(&self, id: &str) -> Option<&Level> {
        self.spec.levels.iter().find(|level| level.id == id)
    }

    /// Returns the index of the level with id `id`, as a target.
    ///
    /// # Errors
    ///
    /// Returns an error of kind [`ErrorKind::InvalidTarget`] that lists the
    /// model's level ids when no level has that id.
    pub(crate) fn target_level_index(&self, id: &str) -> Result<usize, Error> {
        if let Some(index) = self.spec.levels.iter().position(|level| level.id == id) {
            return Ok(index);
        }
        let ids: Vec<String> = self
            .spec
            .levels
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

    /// Returns the level with the given displayed number.
    #[must_use]
    pub fn level_by_number(&self, number: u32) -> Option<&Level> {
        self.spec.levels.iter().find(|level| level.number == number)
    }

    /// Returns the indicator with the given id.
    #[must_use]
    pub fn indicator(&self, id: &str) -> Option<&Indicator> {
        let index = self.indicator_index(id)?;
        self.spec.indicators.get(index)
    }

    /// Checks an assessment against the model and binds its ratings to the
    /// model's indicators, ready to classify.
    ///
    /// # Errors
    ///
    /// Returns an error of kind [`ErrorKind::InvalidAssessment`] that lists
    /// every problem found: a model id or version that does not match, an
    /// unsupported `format_version`, a malformed date, a second rating for
    /// one indicator, an unknown indicator, a rating that is not a point of
    /// the indicator's scale, and `"n/a"` where that scale does not allow
    /// it.
    ///
    /// # Examples
    ///
    /// ```
    /// use maturity::{Assessment, Subject, SubjectKind};
    ///
    /// let model = maturity::kam();
    /// let mut assessment = Assessment::new("kam", "1.0.0", Subject::new("t1", SubjectKind::Team));
    /// assessment.rate("no-such-indicator", "fully");
    /// let error = model.bind(&assessment).unwrap_err();
    /// assert_eq!(error.problems()[0].path, "/ratings/0/indicator");
    /// ```
    pub fn bind(&self, assessment: &Assessment) -> Result<BoundAssessment<'_>, Error> {
        let mut problems = self.check_header(assessment);
        if assessment.model.id != self.spec.id {
            // Ratings of another model would each be reported as unknown,
            // which buries the one problem that matters.
            return Err(Error::new(ErrorKind::InvalidAssessment, problems));
        }
        let mut answers = vec![Answer::Unanswered; self.spec.indicators.len()];
        let mut notes: Vec<Option<String>> = Vec::new();
        let mut rated_at: Vec<Option<usize>> = vec![None; self.spec.indicators.len()];

        for (position, rating) in assessment.ratings.iter().enumerate() {
            let Some(index) = self.indicator_index(&rating.indicator) else {
                problems.push(Problem::error(
                    format!("/ratings/{position}/indicator"),
                    ProblemCode::UnknownReference,
                    format!("unknown indicator {:?}", rating.indicator),
                    format!(
                        "use the id of an indicator of model {:?} {}",
                        self.spec.id, self.spec.version
                    ),
                ));
                continue;
            };
            if let Some(first) = rated_at[index] {
                problems.push(Problem::error(
                    format!("/ratings/{position}/indicator"),
                    ProblemCode::DuplicateRating,
                    format!(
                        "indicator {:?} is already rated at /ratings/{first}",
                        rating.indicator
                    ),
                    "keep one rating per indicator",
                ));
                continue;
            }
            rated_at[index] = Some(position);
            match self.answer(index, &rating.rating) {
                Ok(answer) => answers[index] = answer,
                Err((code, message, hint)) => {
                    let path = format!("/ratings/{position}/rating");
                    problems.push(Problem::error(path, code, message, hint));
                }
            }
            if let Some(note) = &rating.note {
                if notes.is_empty() {
                    notes = vec![None; self.spec.indicators.len()];
                }
                notes[index] = Some(note.clone());
            }
        }
        if !problems.is_empty() {
            return Err(Error::new(ErrorKind::InvalidAssessment, problems));
        }
        Ok(BoundAssessment {
            model: self,
            subject: assessment.subject.clone(),
            assessor: assessment.assessor.clone(),
            date: assessment.date.clone(),
            answers,
            notes,
        })
    }

    fn check_header(&self, assessment: &Assessment) -> Vec<Problem> {
        let mut problems = Vec::new();
        if assessment.format_version != crate::spec::FORMAT_VERSION {
            problems.push(Problem::error(
                "/format_version",
                ProblemCode::UnsupportedVersion,
                format!(
                    "format_version {} is not supported",
                    assessment.format_version
                ),
                format!(
                    "this release reads format_version {} only",
                    crate::spec::FORMAT_VERSION
                ),
            ));
        }
        if assessment.model.id != self.spec.id {
            problems.push(Problem::error(
                "/model/id",
                ProblemCode::ModelMismatch,
                format!(
                    "the assessment is for model {:?}, not {:?}",
                    assessment.model.id, self.spec.id
                ),
                "classify it with the model it names, or fix the model id",
            ));
        }
        if assessment.model.version != self.spec.version {
            problems.push(Problem::error(
                "/model/version",
                ProblemCode::ModelMismatch,
                format!(
                    "the assessment is for version {:?} of model {:?}, not {:?}",
                    assessment.model.version, assessment.model.id, self.spec.version
                ),
                "classify it with the model version it names, or rate it again against this version",
            ));
        }
        if let Some(date) = &assessment.date
            && !assessment::is_valid_date(date)
        {
            problems.push(Problem::error(
                "/date",
                ProblemCode::InvalidValue,
                format!("invalid date {date:?}"),
                "write a calendar date as YYYY-MM-DD",
            ));
        }
        if assessment.subject.id.trim().is_empty() {
            problems.push(Problem::error(
                "/subject/id",
                ProblemCode::InvalidValue,
                "the subject id is empty",
                "give the subject a stable id",
            ));
        }
        problems
    }

    fn answer(
        &self,
        indicator: usize,
        rating: &str,
    ) -> Result<Answer, (ProblemCode, String, String)> {
        let scale = self.rules.scale_of(indicator);
        if rating == NOT_APPLICABLE {
            if scale.not_applicable {
                return Ok(Answer::NotApplicable);
            }
            return Err(not_applicable_rejected(scale));
        }
        match scale.position(rating) {
            Some(point) => Ok(Answer::Point(point)),
            None => Err(unknown_rating(scale, rating)),
        }
    }

    /// Returns the scale point with index `point` on an indicator's scale.
    pub(crate) fn point(&self, indicator: usize, point: usize) -> &ScalePoint {
        // Bound answers and compiled thresholds index this scale, so the
        // fallback is never taken.
        self.rules
            .scale_of(indicator)
            .points
            .get(point)
            .unwrap_or(&MISSING_POINT)
    }

    pub(crate) fn rules(&self) -> &CompiledRules {
        &self.rules
    }

    /// Returns the indices of the indicators of a dimension at a level, in
    /// model order.
    pub(crate) fn group(&self, dimension: usize, level: usize) -> &[usize] {
        self.grouped
            .get(self.group_range(dimension, level))
            .unwrap_or(&[])
    }

    /// Returns the walk entries of the indicators of a dimension at a
    /// level, in model order.
    pub(crate) fn walk_group(&self, dimension: usize, level: usize) -> &[WalkEntry] {
        self.walk_entries
            .get(self.group_range(dimension, level))
            .unwrap_or(&[])
    }

    /// Returns the positions in `grouped` of the indicators of a dimension
    /// at a level.
    fn group_range(&self, dimension: usize, level: usize) -> std::ops::Range<usize> {
        let group = dimension * self.spec.levels.len() + level;
        let start = self.group_starts.get(group).copied().unwrap_or(0);
        let end = self.group_starts.get(group + 1).copied().unwrap_or(start);
        start..end
    }

    /// Returns the weight of an indicator.
    pub(crate) fn weight(&self, indicator: usize) -> u64 {
        self.indicator_weight[indicator]
    }

    /// Returns the indices of an indicator's prerequisites.
    pub(crate) fn prerequisites(&self, indicator: usize) -> &[usize] {
        &self.prerequisites[indicator]
    }

    pub(crate) fn indicator_position(&self, index: usize) -> (usize, usize) {
        (self.indicator_dimension[index], self.indicator_level[index])
    }

    pub(crate) fn indicator_index(&self, id: &str) -> Option<usize> {
        find_indicator(&self.spec.indicators, &self.indicator_by_id, id)
    }
}

/// Returns the index of the indicator with id `id`, given the indicator
/// indices sorted by id.
fn find_indicator(indicators: &[Indicator], by_id: &[usize], id: &str) -> Option<usize> {
    let position = by_id
        .binary_search_by(|&index| indicators[index].id.as_str().cmp(id))
        .ok()?;
    Some(by_id[position])
}

/// Maps each id to its position.
fn index_by_id<'a>(ids: impl Iterator<Item = &'a str>) -> BTreeMap<&'a str, usize> {
    ids.enumerate().map(|(index, id)| (id, index)).collect()
}

/// Sorts `count` indices into `group_count` groups by a counting sort,
/// keeping model order inside each group. Returns the sorted indices and
/// the start of each group, with the end of the last appended.
fn group_indices(
    count: usize,
    group_count: usize,
    group_of: impl Fn(usize) -> usize,
) -> (Vec<usize>, Vec<usize>) {
    // Validation guarantees that every group index is in range; an index
    // that is not leaves its indicator out of every group.
    let group = |index: usize| Some(group_of(index)).filter(|&group| group < group_count);
    let mut starts = vec![0; group_count + 1];
    for group in (0..count).filter_map(group) {
        starts[group + 1] += 1;
    }
    for group in 0..group_count {
        starts[group + 1] += starts[group];
    }
    let mut next = starts.clone();
    let mut grouped = vec![0; starts[group_count]];
    for index in 0..count {
        if let Some(group) = group(index) {
            grouped[next[group]] = index;
            next[group] += 1;
        }
    }
    (grouped, starts)
}

/// A placeholder for a point index outside its scale, which no validated
/// model produces.
static MISSING_POINT: ScalePoint = ScalePoint {
    id: String::new(),
    label: String::new(),
    score: 0,
};

/// The rating of one indicator after binding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Answer {
    Unanswered,
    NotApplicable,
    /// Index of a scale point.
    Point(usize),
}

/// An assessment whose ratings are bound to a model's indicators.
///
/// Built by [`Model::bind`], which checks every rating. Classifying it
/// returns no error, and gap analysis fails only for an unknown target.
#[derive(Debug, Clone)]
pub struct BoundAssessment<'m> {
    pub(crate) model: &'m Model,
    pub(crate) subject: Subject,
    pub(crate) assessor: Option<String>,
    pub(crate) date: Option<String>,
    /// One answer per indicator, in model order.
    pub(crate) answers: Vec<Answer>,
    /// The assessor's note for each indicator, in model order; empty when
    /// no rating has a note.
    pub(crate) notes: Vec<Option<String>>,
}

impl<'m> BoundAssessment<'m> {
    /// Returns the model the assessment is bound to.
    #[must_use]
    pub fn model(&self) -> &'m Model {
        self.model
    }

    /// Returns the subject assessed.
    #[must_use]
    pub fn subject(&self) -> &Subject {
        &self.subject
    }

    /// Returns the assessor's note on an indicator's rating.
    pub(crate) fn note(&self, indicator: usize) -> Option<&String> {
        self.notes.get(indicator)?.as_ref()
    }

    /// Returns the rating given to an indicator: `Some("n/a")`, the id of a
    /// scale point, or `None` when it is unanswered or unknown.
    #[must_use]
    pub fn rating(&self, indicator: &str) -> Option<&'m str> {
        let index = self.model.indicator_index(indicator)?;
        match self.answers[index] {
            Answer::Unanswered => None,
            Answer::NotApplicable => Some(NOT_APPLICABLE),
            Answer::Point(point) => Some(self.model.point(index, point).id.as_str()),
        }
    }
}

fn not_applicable_rejected(scale: &CompiledScale) -> (ProblemCode, String, String) {
    let ids: Vec<String> = scale.points.iter().map(|p| format!("{:?}", p.id)).collect();
    let message = if scale.id == crate::spec::DEFAULT_SCALE_ID {
        "rating \"n/a\" is not allowed by this model".to_owned()
    } else {
        format!("rating \"n/a\" is not allowed by scale {:?}", scale.id)
    };
    let hint = format!(
        "rate the indicator with one of: {}, because the scale sets `not_applicable` to false",
        ids.join(", ")
    );
    (ProblemCode::NotApplicableNotAllowed, message, hint)
}

fn unknown_rating(scale: &CompiledScale, rating: &str) -> (ProblemCode, String, String) {
    let message = if scale.id == crate::spec::DEFAULT_SCALE_ID {
        format!("unknown rating {rating:?}")
    } else {
        format!("unknown rating {rating:?} on scale {:?}", scale.id)
    };
    let mut ids: Vec<String> = scale.points.iter().map(|p| format!("{:?}", p.id)).collect();
    if scale.not_applicable {
        ids.push(format!("{NOT_APPLICABLE:?}"));
    }
    let hint = format!("use one of: {}", ids.join(", "));
    (ProblemCode::UnknownReference, message, hint)
}
