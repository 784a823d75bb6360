//! The model file format, as plain serde types.
//!
//! These types mirror the JSON document one to one. They are checked only
//! for shape when parsed; [`Model::from_spec`](crate::Model::from_spec)
//! checks every rule of the format and compiles them into a [`Model`].
//!
//! [`Model`]: crate::Model

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The only `format_version` this release reads and writes.
pub const FORMAT_VERSION: u32 = 1;

/// The regular expression that every id must match: lowercase ASCII letters,
/// digits, `-`, `_` and `.`, starting with a letter or digit, at most 64
/// characters.
pub const ID_PATTERN: &str = r"^[a-z0-9][a-z0-9._-]{0,63}$";

/// A maturity model document: ordered levels, dimensions, a rating scale,
/// the rules that turn ratings into levels, and the indicators to rate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Maturity model")]
#[non_exhaustive]
pub struct ModelSpec {
    /// Location of the JSON Schema for editors; accepted and ignored.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Version of the file format. Only `1` exists.
    #[schemars(range(min = 1, max = 1))]
    pub format_version: u32,
    /// Short machine id of the model, such as `kam`.
    #[schemars(pattern(ID_PATTERN))]
    pub id: String,
    /// Human-readable name of the model.
    #[schemars(length(min = 1))]
    pub name: String,
    /// Version of the model's content. Assessments name it and must match it
    /// exactly.
    #[schemars(length(min = 1))]
    pub version: String,
    /// What the model is for.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Levels, lowest first. The first level is the floor: every subject
    /// stands at least there, and it carries no indicators.
    #[schemars(length(min = 2))]
    pub levels: Vec<Level>,
    /// Dimensions of the work being assessed, in display order.
    #[schemars(length(min = 1))]
    pub dimensions: Vec<Dimension>,
    /// The rating scale every indicator is rated on.
    pub scale: Scale,
    /// How ratings decide levels.
    pub rules: Rules,
    /// The criteria to rate, each tied to one dimension and one level.
    #[schemars(length(min = 1))]
    pub indicators: Vec<Indicator>,
}

/// One level of a model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Level {
    /// Machine id, such as `repeatable`.
    #[schemars(pattern(ID_PATTERN))]
    pub id: String,
    /// Displayed number. It rises by exactly one from each level to the next;
    /// the floor may be 0, 1 or any other number.
    pub number: u32,
    /// Human-readable name, such as `Repeatable`.
    #[schemars(length(min = 1))]
    pub name: String,
    /// What a subject at this level looks like.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub summary: String,
    /// What it takes to move from this level to the next one. Absent on the
    /// top level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub advance: Option<String>,
}

/// One dimension of a model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Dimension {
    /// Machine id, such as `process`.
    #[schemars(pattern(ID_PATTERN))]
    pub id: String,
    /// Human-readable name.
    #[schemars(length(min = 1))]
    pub name: String,
    /// What the dimension covers.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

/// An ordered rating scale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Scale {
    /// Points, lowest first, with strictly increasing scores.
    #[schemars(length(min = 2))]
    pub points: Vec<ScalePoint>,
    /// Whether an assessment may rate an indicator `"n/a"`.
    #[serde(default)]
    pub not_applicable: bool,
}

/// One point of a rating scale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ScalePoint {
    /// Machine id, used as the rating in assessments, such as `largely`.
    #[schemars(pattern(ID_PATTERN))]
    pub id: String,
    /// Human-readable label.
    #[schemars(length(min = 1))]
    pub label: String,
    /// Score from 0 to 100.
    #[schemars(range(max = 100))]
    pub score: u32,
}

/// The rules that decide levels.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Rules {
    /// How a dimension's level follows from its ratings.
    pub level: LevelRule,
    /// How the overall level follows from the dimension levels.
    #[serde(default)]
    pub overall: OverallRule,
}

/// How a dimension's level follows from its ratings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "method", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum LevelRule {
    /// A cumulative gate. A dimension stands at level L when every
    /// applicable indicator at L is rated at least `at_level`, and every
    /// applicable indicator at each level between the floor and L is rated
    /// at least `below_level`.
    ///
    /// With `largely` for both, this is a cumulative implementation gate.
    /// With `largely` at the level and `fully` below, it is a capability
    /// rule.
    All {
        /// Scale point that indicators at the level itself must reach.
        #[schemars(pattern(ID_PATTERN))]
        at_level: String,
        /// Scale point that indicators at lower levels must reach.
        #[schemars(pattern(ID_PATTERN))]
        below_level: String,
    },
}

/// How the overall level follows from the dimension levels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum OverallRule {
    /// The lowest level of any assessable dimension: the weakest link.
    #[default]
    Minimum,
}

/// One criterion to rate: an observable statement tied to a dimension and a
/// level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Indicator {
    /// Machine id, unique among the model's indicators.
    #[schemars(pattern(ID_PATTERN))]
    pub id: String,
    /// Id of the dimension the indicator belongs to.
    #[schemars(pattern(ID_PATTERN))]
    pub dimension: String,
    /// Id of the level the indicator belongs to. It may not be the floor.
    #[schemars(pattern(ID_PATTERN))]
    pub level: String,
    /// The observable statement to rate.
    #[schemars(length(min = 1))]
    pub statement: String,
    /// What evidence to look for when rating.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub guidance: String,
    /// Relative weight within its level, a positive integer.
    #[serde(default = "default_weight")]
    #[schemars(range(min = 1))]
    pub weight: u32,
    /// Ids of indicators to meet before this one. They order gap lists and
    /// roadmaps and never change a level.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requires: Vec<String>,
    /// Estimated effort to meet the indicator, from 1 (least) to 5 (most).
    /// It ranks roadmap items inside a phase.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 5))]
    pub effort: Option<u8>,
    /// Estimated impact of meeting the indicator, from 1 (least) to 5
    /// (most). It ranks roadmap items inside a phase.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 5))]
    pub impact: Option<u8>,
}

fn default_weight() -> u32 {
    1
}
