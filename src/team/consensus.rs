//! Consensus: several assessors' ratings of one subject, combined into one
//! assessment, with a report of where the assessors disagree.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::share::{Share, count, lower_median};
use crate::assessment::{Assessment, NOT_APPLICABLE, Rating};
use crate::model::{BoundAssessment, Model};
use crate::problem::{Error, ErrorKind, Problem, ProblemCode};
use crate::spec::{FORMAT_VERSION, Indicator};

/// How the ratings that several assessors gave one indicator combine into
/// one rating.
///
/// Every policy orders ratings by their position on the scale, lowest
/// first. It ignores `"n/a"` ratings unless every assessor who rated the
/// indicator gave `"n/a"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ConsensusPolicy {
    /// The lowest rating. It is the default because it is the conservative
    /// choice. When every assessor rates every indicator, no level of the
    /// consensus is above the same level of any assessor's own
    /// classification.
    #[default]
    Minimum,
    /// The middle rating, or the lower of the two middle ratings for an
    /// even count.
    LowerMedian,
    /// The most frequent rating. A tie goes to the lower rating.
    Majority,
}

impl ConsensusPolicy {
    /// Returns the snake_case name used in JSON.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            ConsensusPolicy::Minimum => "minimum",
            ConsensusPolicy::LowerMedian => "lower_median",
            ConsensusPolicy::Majority => "majority",
        }
    }

    /// Picks one scale position out of `positions`, or `None` when it is
    /// empty.
    fn pick(self, positions: &[usize]) -> Option<usize> {
        let mut sorted = positions.to_vec();
        sorted.sort_unstable();
        match self {
            ConsensusPolicy::Minimum => sorted.first().copied(),
            ConsensusPolicy::LowerMedian => lower_median(&sorted),
            ConsensusPolicy::Majority => most_frequent(&sorted),
        }
    }
}

/// Returns the most frequent value of a sorted list, the lowest on a tie.
fn most_frequent(sorted: &[usize]) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None;
    for run in sorted.chunk_by(|a, b| a == b) {
        let value = run.first().copied()?;
        // Runs come lowest first, so a later run wins only with a strictly
        // higher count.
        if best.is_none_or(|(_, most)| run.len() > most) {
            best = Some((value, run.len()));
        }
    }
    best.map(|(value, _)| value)
}

/// Several assessments of one subject combined into one, with the places
/// where the assessors disagree.
///
/// Lists of indicators follow model order, and each indicator's ratings
/// follow input order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Maturity consensus")]
#[non_exhaustive]
pub struct Consensus {
    /// The policy that combined the ratings.
    pub policy: ConsensusPolicy,
    /// The combined assessment. Its assessor is `consensus of A, B, ...`,
    /// its date the latest input date, and its ratings follow model order.
    pub assessment: Assessment,
    /// The name of each input's assessor, in input order. An input without
    /// an assessor is named `assessment N`, with N its index from 0.
    pub assessors: Vec<String>,
    /// Indicators whose ratings, `"n/a"` aside, sit on two or more
    /// different scale points.
    pub disagreements: Vec<Disagreement>,
    /// Indicators that some assessor rated `"n/a"` while another gave a
    /// scale point. The `"n/a"` answers were set aside.
    pub not_applicable_set_aside: Vec<Disagreement>,
    /// The agreement share of each dimension, in model order.
    pub agreement: Vec<DimensionAgreement>,
}

/// The ratings that the assessors gave one indicator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Disagreement {
    /// Id of the indicator.
    pub indicator: String,
    /// Id of the indicator's dimension.
    pub dimension: String,
    /// Number of scale steps between the lowest and the highest rating,
    /// `"n/a"` aside.
    pub steps: u32,
    /// Each assessor's rating, in input order.
    pub ratings: Vec<AssessorRating>,
}

/// One assessor's rating of one indicator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct AssessorRating {
    /// The assessor's name, as in [`Consensus::assessors`].
    pub assessor: String,
    /// A scale point id or `"n/a"`; `null` when the assessor left the
    /// indicator unanswered.
    pub rating: Option<String>,
}

/// How often the assessors agree within one dimension.
///
/// The total counts the dimension's indicators that at least one assessor
/// answered, with a scale point or `"n/a"`. An indicator counts as agreed
/// when all its ratings other than `"n/a"` are equal, which includes an
/// indicator rated by one assessor only or rated `"n/a"` by all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct DimensionAgreement {
    /// Id of the dimension.
    pub dimension: String,
    /// Agreed indicators out of answered indicators.
    pub share: Share,
}

/// One input's answer to one indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Answer<'a> {
    Unanswered,
    NotApplicable,
    /// A scale point: its position on the scale, lowest first, and its id.
    Point(usize, &'a str),
}

/// Every input's answer to one indicator, in input order.
struct IndicatorAnswers<'a> {
    indicator: &'a Indicator,
    answers: Vec<Answer<'a>>,
}

impl IndicatorAnswers<'_> {
    fn positions(&self) -> Vec<usize> {
        self.answers
            .iter()
            .filter_map(|answer| match answer {
                Answer::Point(position, _) => Some(*position),
                _ => None,
            })
            .collect()
    }

    fn is_answered(&self) -> bool {
        self.answers.iter().any(|a| *a != Answer::Unanswered)
    }

    /// Returns whether some `"n/a"` answer is set aside because another
    /// assessor gave a scale point.
    fn has_set_aside(&self) -> bool {
        let has_point = self.answers.iter().any(|a| matches!(a, Answer::Point(..)));
        has_point && self.answers.contains(&Answer::NotApplicable)
    }

    /// Returns whether every scale point given is the same one.
    fn is_agreed(&self) -> bool {
        let positions = self.positions();
        positions
            .iter()
            .all(|position| Some(position) == positions.first())
    }

    /// Returns the steps between the lowest and highest scale point given.
    fn steps(&self) -> u32 {
        let positions = self.positions();
        let lowest = positions.iter().min();
        let highest = positions.iter().max();
        match (lowest, highest) {
            (Some(lowest), Some(highest)) => count(highest - lowest),
            _ => 0,
        }
    }

    fn disagreement(&self, assessors: &[String]) -> Disagreement {
        let ratings = assessors
            .iter()
            .zip(&self.answers)
            .map(|(assessor, answer)| AssessorRating {
                assessor: assessor.clone(),
                rating: match answer {
                    Answer::Unanswered => None,
                    Answer::NotApplicable => Some(NOT_APPLICABLE.to_owned()),
                    Answer::Point(_, id) => Some((*id).to_owned()),
                },
            })
            .collect();
        Disagreement {
            indicator: self.indicator.id.clone(),
            dimension: self.indicator.dimension.clone(),
            steps: self.steps(),
            ratings,
        }
    }

    /// Returns the combined rating, or `None` when no assessor answered.
    fn combined(&self, model: &Model, policy: ConsensusPolicy) -> Option<String> {
        if !self.is_answered() {
            return None;
        }
        let positions = self.positions();
        if positions.is_empty() {
            return Some(NOT_APPLICABLE.to_owned());
        }
        let position = policy.pick(&positions)?;
        let point = model.scale_points(&self.indicator.id)?.get(position)?;
        Some(point.id.clone())
    }
}

impl Consensus {
    /// Combines several assessments of one subject into one assessment,
    /// indicator by indicator, under `policy`.
    ///
    /// Ratings are ordered by their position on the indicator's scale. An
    /// indicator becomes `"n/a"` only when every assessor who answered it
    /// rated it `"n/a"`; otherwise the `"n/a"` answers are set aside and
    /// listed in [`Consensus::not_applicable_set_aside`]. An assessor who
    /// left an indicator unanswered is left out for that indicator, and an
    /// indicator that no assessor answered stays unanswered. Each rating of the
    /// result carries the assessors' notes, one line per note, each line
    /// starting with the assessor's name.
    ///
    /// # Errors
    ///
    /// Returns an error of kind [`ErrorKind::InvalidGroup`] for an empty
    /// list (code `empty-input`), or when an assessment names another
    /// subject id, model id or model version than the first one (codes
    /// `mixed-subjects`, `mixed-models`, `mixed-model-versions`). Returns
    /// an error of kind [`ErrorKind::InvalidAssessment`] when an assessment
    /// does not bind to `model`, as [`Model::bind`] reports, with the
    /// input's index in front of each path, such as `/1/ratings/3/rating`.
    ///
    /// # Examples
    ///
    /// ```
    /// use maturity::{Assessment, Consensus, ConsensusPolicy, Subject, SubjectKind};
    ///
    /// let model = maturity::kam();
    /// let subject = Subject::new("north", SubjectKind::Team);
    /// let mut own = Assessment::new("kam", "1.0.0", subject.clone());
    /// own.rate("process-2-documented", "fully");
    /// let mut manager = Assessment::new("kam", "1.0.0", subject);
    /// manager.rate("process-2-documented", "partly");
    ///
    /// let consensus = Consensus::build(model, &[own, manager], ConsensusPolicy::Minimum)?;
    /// assert_eq!(consensus.assessment.ratings[0].rating, "partly");
    /// assert_eq!(consensus.disagreements[0].steps, 2);
    /// # Ok::<(), maturity::Error>(())
    /// ```
    pub fn build(
        model: &Model,
        assessments: &[Assessment],
        policy: ConsensusPolicy,
    ) -> Result<Consensus, Error> {
        let first = check_group(assessments)?;
        let bound = bind_all(model, assessments)?;
        let assessors: Vec<String> = assessments
            .iter()
            .enumerate()
            .map(|(index, assessment)| assessor_name(index, assessment))
            .collect();
        let answers: Vec<IndicatorAnswers<'_>> = model
            .indicators()
            .iter()
            .map(|indicator| collect_answers(model, &bound, indicator))
            .collect();

        let ratings = combined_ratings(model, policy, assessments, &assessors, &answers);
        let disagreements = listed(&answers, &assessors, |answers| !answers.is_agreed());
        let not_applicable_set_aside =
            listed(&answers, &assessors, IndicatorAnswers::has_set_aside);

        Ok(Consensus {
            policy,
            assessment: combined_assessment(first, assessments, &assessors, ratings),
            agreement: dimension_agreement(model, &answers),
            assessors,
            disagreements,
            not_applicable_set_aside,
        })
    }
}

/// Returns the combined rating of every answered indicator, in model order.
fn combined_ratings(
    model: &Model,
    policy: ConsensusPolicy,
    assessments: &[Assessment],
    assessors: &[String],
    answers: &[IndicatorAnswers<'_>],
) -> Vec<Rating> {
    let notes: Vec<BTreeMap<&str, &str>> = assessments.iter().map(notes_by_indicator).collect();
    answers
        .iter()
        .filter_map(|answers| {
            let rating = answers.combined(model, policy)?;
            let indicator = answers.indicator.id.clone();
            let note = joined_notes(&indicator, assessors, &notes);
            Some(Rating {
                indicator,
                rating,
                note,
            })
        })
        .collect()
}

/// Lists the indicators for which `keep` returns true, with every
/// assessor's rating.
fn listed<'a>(
    answers: &[IndicatorAnswers<'a>],
    assessors: &[String],
    keep: impl Fn(&IndicatorAnswers<'a>) -> bool,
) -> Vec<Disagreement> {
    answers
        .iter()
        .filter(|answers| keep(answers))
        .map(|answers| answers.disagreement(assessors))
        .collect()
}

/// Checks that the group is not empty and that every assessment names the
/// first one's subject, model and model version.
fn check_group(assessments: &[Assessment]) -> Result<&Assessment, Error> {
    let Some(first) = assessments.first() else {
        let problem = Problem::error(
            "",
            ProblemCode::EmptyInput,
            "no assessments to combine",
            "pass at least one assessment of the subject",
        );
        return Err(Error::single(ErrorKind::InvalidGroup, problem));
    };
    let problems: Vec<Problem> = assessments
        .iter()
        .enumerate()
        .skip(1)
        .flat_map(|(index, assessment)| mismatches(index, first, assessment))
        .collect();
    if problems.is_empty() {
        Ok(first)
    } else {
        Err(Error::new(ErrorKind::InvalidGroup, problems))
    }
}

/// Returns a problem for each of subject id, model id and model version in
/// which the assessment at `index` differs from the first one.
fn mismatches(index: usize, first: &Assessment, other: &Assessment) -> Vec<Problem> {
    let mut problems = Vec::new();
    if other.subject.id != first.subject.id {
        problems.push(Problem::error(
            format!("/{index}/subject/id"),
            ProblemCode::MixedSubjects,
            format!(
                "assessment {index} is of subject {:?}, but assessment 0 is of subject {:?}",
                other.subject.id, first.subject.id
            ),
            "combine assessments of one subject only",
        ));
    }
    if other.model.id != first.model.id {
        problems.push(Problem::error(
            format!("/{index}/model/id"),
            ProblemCode::MixedModels,
            format!(
                "assessment {index} is for model {:?}, but assessment 0 is for model {:?}",
                other.model.id, first.model.id
            ),
            "combine assessments against one model only",
        ));
    } else if other.model.version != first.model.version {
        problems.push(Problem::error(
            format!("/{index}/model/version"),
            ProblemCode::MixedModelVersions,
            format!(
                "assessment {index} is for version {:?} of model {:?}, but assessment 0 is for version {:?}",
                other.model.version, other.model.id, first.model.version
            ),
            "rate every assessment against the same model version",
        ));
    }
    problems
}

/// Binds every assessment, collecting the problems of all of them with the
/// input index in front of each path.
fn bind_all<'m>(
    model: &'m Model,
    assessments: &[Assessment],
) -> Result<Vec<BoundAssessment<'m>>, Error> {
    let mut bound = Vec::with_capacity(assessments.len());
    let mut problems = Vec::new();
    for (index, assessment) in assessments.iter().enumerate() {
        match model.bind(assessment) {
            Ok(one) => bound.push(one),
            Err(error) => problems.extend(error.into_problems().into_iter().map(|mut problem| {
                problem.path = format!("/{index}{}", problem.path);
                problem
            })),
        }
    }
    if problems.is_empty() {
        Ok(bound)
    } else {
        Err(Error::new(ErrorKind::InvalidAssessment, problems))
    }
}

fn assessor_name(index: usize, assessment: &Assessment) -> String {
    match &assessment.assessor {
        Some(name) => name.clone(),
        None => format!("assessment {index}"),
    }
}

fn notes_by_indicator(assessment: &Assessment) -> BTreeMap<&str, &str> {
    assessment
        .ratings
        .iter()
        .filter_map(|rating| Some((rating.indicator.as_str(), rating.note.as_deref()?)))
        .collect()
}

/// Returns every assessor's note on an indicator, one line each, prefixed
/// by the assessor's name; `None` when there is no note.
fn joined_notes(
    indicator: &str,
    assessors: &[String],
    notes: &[BTreeMap<&str, &str>],
) -> Option<String> {
    let lines: Vec<String> = assessors
        .iter()
        .zip(notes)
        .filter_map(|(assessor, notes)| Some(format!("{assessor}: {}", notes.get(indicator)?)))
        .collect();
    (!lines.is_empty()).then(|| lines.join("\n"))
}

fn collect_answers<'a>(
    model: &'a Model,
    bound: &[BoundAssessment<'a>],
    indicator: &'a Indicator,
) -> IndicatorAnswers<'a> {
    let answers = bound
        .iter()
        .map(|one| match one.rating(&indicator.id) {
            None => Answer::Unanswered,
            Some(NOT_APPLICABLE) => Answer::NotApplicable,
            Some(id) => point_position(model, &indicator.id, id)
                .map_or(Answer::Unanswered, |position| Answer::Point(position, id)),
        })
        .collect();
    IndicatorAnswers { indicator, answers }
}

/// Returns the position of a rating on the indicator's own scale, lowest
/// first.
fn point_position(model: &Model, indicator: &str, rating: &str) -> Option<usize> {
    model
        .scale_points(indicator)?
        .iter()
        .position(|point| point.id == rating)
}

fn dimension_agreement(model: &Model, answers: &[IndicatorAnswers<'_>]) -> Vec<DimensionAgreement> {
    model
        .dimensions()
        .iter()
        .map(|dimension| {
            let answered: Vec<&IndicatorAnswers<'_>> = answers
                .iter()
                .filter(|a| a.indicator.dimension == dimension.id && a.is_answered())
                .collect();
            let agreed = answered.iter().filter(|a| a.is_agreed()).count();
            DimensionAgreement {
                dimension: dimension.id.clone(),
                share: Share::new(count(agreed), count(answered.len())),
            }
        })
        .collect()
}

fn combined_assessment(
    first: &Assessment,
    assessments: &[Assessment],
    assessors: &[String],
    ratings: Vec<Rating>,
) -> Assessment {
    // Bound dates are valid `YYYY-MM-DD` strings, which sort by time.
    let date = assessments.iter().filter_map(|a| a.date.clone()).max();
    Assessment {
        schema: None,
        format_version: FORMAT_VERSION,
        model: first.model.clone(),
        subject: first.subject.clone(),
        assessor: Some(format!("consensus of {}", assessors.join(", "))),
        date,
        ratings,
    }
}
