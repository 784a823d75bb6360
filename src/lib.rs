//! Maturity models as data: classify assessments into levels, explain every
//! decision, and list what must change to reach the next level.
//!
//! ```
//! use maturity::{Assessment, Target};
//!
//! let text = r#"{
//!   "format_version": 1,
//!   "model": { "id": "kam", "version": "1.0.0" },
//!   "subject": { "id": "north-team", "kind": "team" },
//!   "ratings": [
//!     { "indicator": "process-2-documented", "rating": "fully" },
//!     { "indicator": "process-2-formal-meetings", "rating": "partly" }
//!   ]
//! }"#;
//!
//! let model = maturity::kam();
//! let assessment = Assessment::from_json_str(text)?;
//! let bound = model.bind(&assessment)?;
//!
//! let classification = bound.classify();
//! assert_eq!(classification.overall.number, Some(1));
//!
//! let gaps = bound.gaps(&Target::NextLevel)?;
//! let first = gaps.items().next().unwrap();
//! assert_eq!(first.indicator, "process-2-formal-meetings");
//! assert_eq!(first.required, "largely");
//! # Ok::<(), maturity::Error>(())
//! ```
//!
//! # What the crate does
//!
//! A maturity model lists ordered levels and, for each of several
//! dimensions, the observable criteria (indicators) a subject must meet to
//! stand at each level. The crate:
//!
//! - reads models and assessments from JSON (and TOML, behind a feature),
//!   rejecting unknown keys, duplicate keys and out-of-range values with
//!   the path to each;
//! - validates a model completely and reports every problem at once
//!   ([`Model::from_spec`]). A parse problem (syntax, an unknown key, a
//!   wrong type) stops loading before that and is reported alone;
//! - classifies an assessment into a level and an exact score per
//!   dimension and a level overall, with each indicator's rating against
//!   its threshold and a sentence on each decision
//!   ([`BoundAssessment::classify`]);
//! - lists the ratings to raise to reach the next level, a target level or
//!   a [`TargetProfile`] ([`BoundAssessment::gaps`]), and orders them into a
//!   roadmap ([`BoundAssessment::roadmap`]);
//! - projects the effect of planned rating changes ([`Model::what_if`]) and
//!   reports the progress between two assessments ([`compare`]);
//! - combines several assessors' ratings of one subject into a consensus
//!   under a policy, and reports where they disagree ([`Consensus::build`]);
//! - rolls up the levels of many subjects per dimension against a target
//!   level ([`RollUp::build`]);
//! - classifies many assessments at once, each bad one failing on its own
//!   ([`classify_batch`]);
//! - renders a classification as a Markdown report ([`MarkdownReport`]) or
//!   an SVG radar chart ([`render_radar`]);
//! - exports JSON Schemas of every file format and result
//!   ([`model_schema`] and friends);
//! - ships a key account management model ([`kam`]).
//!
//! Every comparison with a threshold uses integers, and every list in the
//! output follows model order, so the same input always gives the same
//! output bytes. The crate does no I/O of its own beyond the reader a caller
//! hands it, and logs nothing.
//!
//! # Level rules
//!
//! The model's `rules.level` decides each dimension's level, and a
//! dimension may replace it with its own `rule`. Every rule walks up from
//! the floor and stops at the first level that fails, so levels are
//! cumulative: a gap at level 3 caps the dimension at level 2 even when all
//! its level 4 criteria are met.
//!
//! - `all` names two thresholds, `at_level` and `below_level`. A level
//!   passes when every applicable indicator at it reaches `at_level`, and
//!   reaching it also needs every indicator below it to reach `below_level`.
//! - `share` passes a level when the weighted share of its applicable
//!   indicators that reach `threshold` is at least `percent` percent.
//! - `mean` passes a level when the weighted mean score of its applicable
//!   indicators, on a scale of 0 to 1, is at least `percent / 100`.
//!
//! A threshold is a point id such as `"largely"`, a minimum score such as
//! `{"percent": 60}`, or a point per scale such as
//! `{"by_scale": {"default": "largely", "binary": "yes"}}`. Indicators are
//! rated on the model's `scale` unless they name one of its `scales`, and
//! each threshold resolves on each indicator's own scale when the model is
//! built.
//!
//! - An indicator rated `"n/a"` is left out of every count. A level whose
//!   indicators are all `"n/a"` passes and is flagged as without evidence.
//! - A dimension whose indicators are all `"n/a"` is not assessable. It is
//!   left out of the overall level, and the result lists it.
//! - An unanswered indicator counts as not met, and scores 0 under `mean`.
//!
//! Each dimension also gets an exact `score`: its level number plus its
//! progress toward the next level, a fraction below 1.
//!
//! The overall rule is `minimum` (the weakest link, by default),
//! `lower_median` or `weighted_mean` (by dimension `weight`, rounded down).
//! The result names the dimensions below the overall level, or those at the
//! lowest level when none is below it, and explains the roll-up in one
//! sentence.
//!
//! ## A worked example of each rule
//!
//! One dimension with three levels above the floor, two indicators each,
//! rated on not / partly / largely / fully (scores 0, 33, 67, 100):
//!
//! | Level | First indicator | Second indicator |
//! | --- | --- | --- |
//! | 1 | fully | largely |
//! | 2 | largely | partly |
//! | 3 | fully | fully |
//!
//! - `all` with `largely` at and below: level 1 passes, level 2 fails on its
//!   `partly`, so the dimension stands at 1 although level 3 is fully met.
//!   One of the two level-2 criteria is met, so the score is 1.50.
//! - `share` with threshold `largely` and 50 percent: every level has at
//!   least half its weight at `largely` or above, so the dimension stands
//!   at 3.
//! - `mean` with 60 percent: level 1 averages 0.835 and passes, level 2
//!   averages 0.50 and fails, so the dimension stands at 1. The published
//!   sum of level means, `mean_total`, is 0 + 0.835 + 0.50 + 1 = 2.335,
//!   shown rounded down as 2.33.
//!
//! ```
//! use maturity::{Assessment, Model, Subject, SubjectKind};
//!
//! fn model(rule: &str) -> Result<Model, maturity::Error> {
//!     let indicators: Vec<String> = (1..=3)
//!         .flat_map(|level| ["a", "b"].map(move |x| (level, x)))
//!         .map(|(level, x)| format!(
//!             r#"{{"id": "i{level}{x}", "dimension": "d", "level": "l{level}", "statement": "s"}}"#
//!         ))
//!         .collect();
//!     Model::from_json_str(&format!(r#"{{
//!         "format_version": 1, "id": "m", "name": "M", "version": "1",
//!         "levels": [
//!             {{"id": "l0", "number": 0, "name": "Zero", "advance": "a"}},
//!             {{"id": "l1", "number": 1, "name": "One", "advance": "a"}},
//!             {{"id": "l2", "number": 2, "name": "Two", "advance": "a"}},
//!             {{"id": "l3", "number": 3, "name": "Three"}}],
//!         "dimensions": [{{"id": "d", "name": "D"}}],
//!         "scale": {{"points": [
//!             {{"id": "not", "label": "Not", "score": 0}},
//!             {{"id": "partly", "label": "Partly", "score": 33}},
//!             {{"id": "largely", "label": "Largely", "score": 67}},
//!             {{"id": "fully", "label": "Fully", "score": 100}}]}},
//!         "rules": {{"level": {rule}}},
//!         "indicators": [{}]
//!     }}"#, indicators.join(",")))
//! }
//!
//! let ratings = [
//!     ("i1a", "fully"), ("i1b", "largely"),
//!     ("i2a", "largely"), ("i2b", "partly"),
//!     ("i3a", "fully"), ("i3b", "fully"),
//! ];
//! let classify = |rule: &str| -> Result<_, maturity::Error> {
//!     let model = model(rule)?;
//!     let mut assessment = Assessment::new("m", "1", Subject::new("s", SubjectKind::Team));
//!     for (indicator, rating) in ratings {
//!         assessment.rate(indicator, rating);
//!     }
//!     Ok(model.bind(&assessment)?.classify().dimensions.remove(0))
//! };
//!
//! let all = classify(r#"{"method": "all", "at_level": "largely", "below_level": "largely"}"#)?;
//! assert_eq!(all.number, Some(1));
//! assert_eq!(all.score.map(|s| s.to_string()).as_deref(), Some("1.50"));
//!
//! let share = classify(r#"{"method": "share", "threshold": "largely", "percent": 50}"#)?;
//! assert_eq!(share.number, Some(3));
//!
//! let mean = classify(r#"{"method": "mean", "percent": 60}"#)?;
//! assert_eq!(mean.number, Some(1));
//! assert_eq!(mean.mean_total.map(|t| t.to_string()).as_deref(), Some("2.33"));
//! # Ok::<(), maturity::Error>(())
//! ```
//!
//! # Planning
//!
//! A gap list names, for each dimension, the ratings to raise and the scale
//! point each must reach, ordered by level with prerequisites first. Raising
//! every listed rating reaches the target under every rule, and under `all`
//! and `share` no item can be left out. A roadmap puts the same items into
//! phases, one per level crossed: phase 1 takes the dimensions at the
//! lowest level one level up, so the dimensions that limit the overall
//! level move first. Inside a phase an item follows its prerequisites, and
//! ties go to dimensions at a lower level, then higher `impact`, lower
//! `effort` and model order.
//!
//! # Several assessors, many subjects
//!
//! [`Consensus::build`] combines the assessments that several assessors
//! made of one subject, indicator by indicator. The default `minimum`
//! policy keeps the lowest rating; `lower_median` and `majority` are the
//! alternatives. An indicator becomes `"n/a"` only when every assessor who
//! rated it said so. The result lists the indicators the assessors rated
//! differently and the share of agreement in each dimension.
//!
//! [`RollUp::build`] sums up the classifications of many subjects, such as
//! the members of a team: per dimension, the number of subjects at each
//! level, the minimum and lower median level, the share at or above a
//! target level, the subjects below it, and the dimension that limits the
//! group.
//!
//! # Features
//!
//! - `toml` (off by default): [`Model::from_toml_str`] and
//!   [`Assessment::from_toml_str`] read TOML documents with the same
//!   structure as the JSON files.
//! - `rayon` (off by default): [`classify_batch`] classifies in parallel on
//!   rayon's global thread pool, with the same results in the same order.
//!   It is off by default so that single-threaded users do not build a
//!   thread pool.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod assessment;
mod classify;
mod compare;
mod explain;
mod gap;
mod kam;
mod levels;
mod load;
mod model;
mod problem;
mod ratio;
mod report;
mod roadmap;
mod rollup;
mod rules;
mod schema;
mod spec;
mod target;
mod team;
mod validate;

pub use crate::assessment::{
    Assessment, DATE_PATTERN, ModelRef, NOT_APPLICABLE, Rating, Subject, SubjectKind,
};
pub use crate::classify::{
    Classification, DimensionResult, IndicatorCheck, LevelCheck, OverallResult, Progress, Status,
};
pub use crate::compare::{LevelChange, ProgressReport, Projection, RatingChange, compare};
pub use crate::gap::{AdvanceStep, DimensionGap, GapCounts, GapItem, GapReport, Target};
pub use crate::kam::{KAM_MODEL_JSON, kam};
pub use crate::levels::Levels;
pub use crate::load::Limits;
pub use crate::model::{BoundAssessment, Model};
pub use crate::problem::{Error, ErrorKind, Problem, ProblemCode, Severity};
pub use crate::ratio::Ratio;
pub use crate::report::{MarkdownReport, RadarSeries, render_cohort_markdown, render_radar};
pub use crate::roadmap::{
    BaselineProgress, DimensionCount, Phase, Roadmap, RoadmapItem, RoadmapSummary,
};
pub use crate::schema::{
    assessment_schema, classification_schema, gap_report_schema, model_schema, roadmap_schema,
    target_profile_schema,
};
pub use crate::spec::{
    ByScaleThreshold, DEFAULT_SCALE_ID, Dimension, FORMAT_VERSION, ID_PATTERN, Indicator, Level,
    LevelRule, ModelSpec, NamedScale, OverallRule, PercentThreshold, Rules, Scale, ScalePoint,
    Threshold,
};
pub use crate::target::{DimensionTarget, TargetProfile};
pub use crate::team::{
    AssessorRating, Consensus, ConsensusPolicy, DimensionAgreement, DimensionRollUp, Disagreement,
    LevelCount, LevelFigures, LevelRef, RollUp, Share, classify_batch,
};

/// Runs the Rust code blocks of README.md as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
