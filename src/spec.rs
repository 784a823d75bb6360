//! The model file format, as plain serde types.
//!
//! These types mirror the JSON document one to one. They are checked only
//! for shape when parsed; [`Model::from_spec`](crate::Model::from_spec)
//! checks every rule of the format and compiles them into a [`Model`].
//!
//! [`Model`]: crate::Model

use std::collections::BTreeMap;
use std::fmt;

use schemars::JsonSchema;
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

/// The only `format_version` this release reads and writes.
pub const FORMAT_VERSION: u32 = 1;

/// The id that addresses the top-level `scale` in thresholds. A named scale
/// may not use it.
pub const DEFAULT_SCALE_ID: &str = "default";

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
    /// The default rating scale: the one an indicator without a `scale` is
    /// rated on. Thresholds address it as `default`.
    pub scale: Scale,
    /// Further rating scales, each with its own id, that indicators may
    /// name in their `scale` field.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scales: Vec<NamedScale>,
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
    /// Displayed number, from 0 to 4294967295. It rises by exactly one from
    /// each level to the next; the floor may be 0, 1 or any other number.
    #[schemars(range(min = 0, max = u32::MAX))]
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
    /// A level rule for this dimension in place of `rules.level`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<LevelRule>,
    /// Weight of the dimension under the `weighted_mean` roll-up, a whole
    /// number from 1 to 4294967295. Other roll-ups ignore it.
    #[serde(default = "default_weight", skip_serializing_if = "is_default_weight")]
    #[schemars(range(min = 1, max = u32::MAX))]
    pub weight: u32,
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

/// A rating scale with an id, listed under `scales` and named by the
/// indicators rated on it.
///
/// Its points follow the rules of the default scale: at least two, unique
/// ids, and scores from 0 to 100 that strictly increase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct NamedScale {
    /// Machine id, such as `binary`. The id `default` is reserved for the
    /// top-level scale.
    #[schemars(pattern(ID_PATTERN))]
    pub id: String,
    /// Points, lowest first, with strictly increasing scores.
    #[schemars(length(min = 2))]
    pub points: Vec<ScalePoint>,
    /// Whether an assessment may rate an indicator on this scale `"n/a"`.
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
///
/// Each rule walks up from the floor and stops at the first level that
/// fails, so levels are cumulative under every rule. An indicator rated
/// `"n/a"` is left out of every count and an unanswered one counts as not
/// met (score 0 under `mean`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "method", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum LevelRule {
    /// A cumulative gate. A dimension stands at level L when every
    /// applicable indicator at L is rated at least `at_level`, and every
    /// applicable indicator at each level between the floor and L is rated
    /// at least `below_level` and `at_level`.
    ///
    /// With `largely` for both, this is a cumulative implementation gate.
    /// With `largely` at the level and `fully` below, it is a capability
    /// rule.
    All {
        /// Threshold that indicators at the level itself must reach.
        at_level: Threshold,
        /// Threshold that indicators at lower levels must reach.
        below_level: Threshold,
    },
    /// A weighted share. A level passes when the weight of its applicable
    /// indicators rated at least `threshold` is at least `percent` percent
    /// of the weight of all its applicable indicators. A dimension stands
    /// at level L when every level from the floor up to L passes.
    Share {
        /// Threshold each indicator must reach to count toward the share.
        threshold: Threshold,
        /// Required share, from 1 to 100 percent.
        #[schemars(range(min = 1, max = 100))]
        percent: u32,
    },
    /// A weighted mean. A level passes when the weighted mean score of its
    /// applicable indicators, each score divided by 100, is at least
    /// `percent / 100`. A dimension stands at level L when every level from
    /// the floor up to L passes.
    Mean {
        /// Required mean, from 1 to 100 percent of the full score.
        #[schemars(range(min = 1, max = 100))]
        percent: u32,
    },
}

/// The rating an indicator must reach, in one of three forms.
///
/// Each form resolves, for each indicator, to the lowest point of the
/// indicator's own scale that meets it, once, when the model is compiled.
///
/// ```json
/// "largely"
/// { "percent": 60 }
/// { "by_scale": { "default": "largely", "binary": "yes" } }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(untagged)]
#[non_exhaustive]
pub enum Threshold {
    /// A point id that every scale in use under the rule must contain.
    Point(String),
    /// A score from 0 to 100: met by a rating whose score is at least this.
    Percent(PercentThreshold),
    /// A point id for each scale in use under the rule, keyed by scale id;
    /// the default scale is `default`.
    ByScale(ByScaleThreshold),
}

/// The `{ "percent": N }` form of a [`Threshold`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct PercentThreshold {
    /// The lowest score that meets the threshold, from 0 to 100.
    #[schemars(range(max = 100))]
    pub percent: u32,
}

/// The `{ "by_scale": { ... } }` form of a [`Threshold`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ByScaleThreshold {
    /// The point id to reach on each scale, keyed by scale id.
    pub by_scale: BTreeMap<String, String>,
}

impl Threshold {
    /// Creates the point id form.
    #[must_use]
    pub fn point(id: &str) -> Threshold {
        Threshold::Point(id.to_owned())
    }

    /// Creates the `{ "percent": N }` form.
    #[must_use]
    pub fn percent(percent: u32) -> Threshold {
        Threshold::Percent(PercentThreshold { percent })
    }

    /// Creates the `{ "by_scale": { ... } }` form from (scale id, point id)
    /// pairs.
    #[must_use]
    pub fn by_scale<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Threshold {
        let by_scale = pairs
            .into_iter()
            .map(|(scale, point)| (scale.to_owned(), point.to_owned()))
            .collect();
        Threshold::ByScale(ByScaleThreshold { by_scale })
    }
}

impl From<&str> for Threshold {
    fn from(id: &str) -> Threshold {
        Threshold::point(id)
    }
}

impl From<String> for Threshold {
    fn from(id: String) -> Threshold {
        Threshold::Point(id)
    }
}

/// Reads a string as a point id and an object by its single key, so that a
/// bad object gets an error naming the keys allowed rather than the
/// generic "did not match any variant" of an untagged enum.
impl<'de> Deserialize<'de> for Threshold {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Threshold, D::Error> {
        deserializer.deserialize_any(ThresholdVisitor)
    }
}

struct ThresholdVisitor;

const THRESHOLD_KEYS: &[&str] = &["percent", "by_scale"];

impl<'de> Visitor<'de> for ThresholdVisitor {
    type Value = Threshold;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a scale point id, {\"percent\": N} or {\"by_scale\": {...}}")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Threshold, E> {
        Ok(Threshold::point(value))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Threshold, A::Error> {
        let Some(key) = map.next_key::<String>()? else {
            return Err(de::Error::missing_field("percent"));
        };
        let threshold = match key.as_str() {
            "percent" => Threshold::percent(map.next_value()?),
            "by_scale" => Threshold::ByScale(ByScaleThreshold {
                by_scale: map.next_value()?,
            }),
            other => return Err(de::Error::unknown_field(other, THRESHOLD_KEYS)),
        };
        if let Some(extra) = map.next_key::<String>()? {
            let message = format!(
                "unknown field `{extra}`, a threshold object has exactly one key: `percent` or `by_scale`"
            );
            return Err(de::Error::custom(message));
        }
        Ok(threshold)
    }
}

/// How the overall level follows from the dimension levels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum OverallRule {
    /// The lowest level of any assessable dimension: the weakest link.
    #[default]
    Minimum,
    /// The median of the assessable dimensions' level numbers. For an even
    /// count it takes the lower of the two middle levels, so the result is
    /// always a level of some dimension.
    LowerMedian,
    /// The weighted mean of the assessable dimensions' level numbers,
    /// weighted by each dimension's `weight` and rounded down to a whole
    /// level.
    WeightedMean,
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
    /// Relative weight within its level, a whole number from 1 to
    /// 4294967295.
    #[serde(default = "default_weight")]
    #[schemars(range(min = 1, max = u32::MAX))]
    pub weight: u32,
    /// Id of the scale the indicator is rated on: a named scale from
    /// `scales`, or `default`. Absent means the default scale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(pattern(ID_PATTERN))]
    pub scale: Option<String>,
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

// Serde's `skip_serializing_if` passes a reference.
#[allow(clippy::trivially_copy_pass_by_ref)]
fn is_default_weight(weight: &u32) -> bool {
    *weight == 1
}
