//! JSON Schemas (draft 2020-12) for the file formats and results.
//!
//! The schemas are generated from the types, so their titles and
//! descriptions are the types' documentation. They check shape, types,
//! id patterns and ranges, with the minimum and maximum that the library
//! accepts for every integer field of the input formats. They forbid every
//! key that the parser rejects and accept an optional `$schema` key, so
//! editors can complete and check a file as it is written. They carry no
//! `format` keyword beyond the standard ones, so every draft 2020-12
//! validator reads them the same way.
//!
//! [`model_schema`] lists the rules that only the library checks.

use schemars::Schema;
use schemars::generate::SchemaSettings;
use schemars::transform::RecursiveTransform;
use serde_json::Value;

use crate::assessment::Assessment;
use crate::classify::Classification;
use crate::gap::GapReport;
use crate::roadmap::Roadmap;
use crate::spec::ModelSpec;
use crate::target::TargetProfile;

/// The `format` values that draft 2020-12 defines.
const STANDARD_FORMATS: [&str; 19] = [
    "date-time",
    "date",
    "time",
    "duration",
    "email",
    "idn-email",
    "hostname",
    "idn-hostname",
    "ipv4",
    "ipv6",
    "uri",
    "uri-reference",
    "iri",
    "iri-reference",
    "uuid",
    "uri-template",
    "json-pointer",
    "relative-json-pointer",
    "regex",
];

/// Removes `format` values that draft 2020-12 does not define, such as
/// schemars' `uint32`, which some validators reject as unknown.
fn drop_custom_format(schema: &mut Schema) {
    let custom = schema
        .get("format")
        .and_then(Value::as_str)
        .is_some_and(|format| !STANDARD_FORMATS.contains(&format));
    if custom {
        schema.remove("format");
    }
}

/// Joins the hard-wrapped lines of each description paragraph, so editors
/// that show descriptions as text do not break lines mid-sentence.
fn unwrap_description(schema: &mut Schema) {
    let Some(Value::String(text)) = schema.get_mut("description") else {
        return;
    };
    let paragraphs: Vec<String> = text
        .split("\n\n")
        .map(|paragraph| paragraph.split('\n').collect::<Vec<_>>().join(" "))
        .collect();
    *text = paragraphs.join("\n\n");
}

fn settings_for_input() -> SchemaSettings {
    SchemaSettings::draft2020_12().for_deserialize()
}

/// Settings for results, which describe what serialization writes: a
/// field written even when empty, such as `"level": null`, is required.
fn settings_for_output() -> SchemaSettings {
    SchemaSettings::draft2020_12().for_serialize()
}

fn schema_of<T: schemars::JsonSchema>(settings: SchemaSettings) -> Value {
    let generator = settings
        .with_transform(RecursiveTransform(drop_custom_format))
        .with_transform(RecursiveTransform(unwrap_description))
        .into_generator();
    generator.into_root_schema_for::<T>().to_value()
}

/// Returns the JSON Schema of the model file format.
///
/// # What only the library checks
///
/// A file the schema accepts can still be rejected by the library, for
/// rules a schema cannot state or that JSON parsers hide from it:
///
/// - ids that repeat within a list (`duplicate-id`), and keys that repeat
///   within an object (`duplicate-key`), which a parser resolves before a
///   validator receives the document;
/// - references to levels, dimensions, scale points and indicators that do
///   not exist (`unknown-reference`), and an assessment's model id and
///   version (`model-mismatch`);
/// - prerequisite cycles and self-requirements (`requires-cycle`), and
///   prerequisites at a higher level (`requires-higher-level`);
/// - indicators on the floor level (`indicator-on-floor`), level numbers
///   that do not rise by one (`level-number-gap`), scale scores that do not
///   increase (`score-not-increasing`), dimensions without indicators
///   (`empty-dimension`) and `advance` guidance on the top level
///   (`advance-guidance`);
/// - text made only of spaces where a name, label or statement belongs,
///   real calendar dates such as no `2026-02-30`, and whole numbers written
///   with a fraction or exponent, such as `1.0` (all `invalid-value`);
/// - an assessment's second rating of one indicator (`duplicate-rating`)
///   and `"n/a"` where the model does not allow it
///   (`not-applicable-not-allowed`);
/// - the size and depth limits of [`Limits`](crate::Limits)
///   (`limit-exceeded`).
///
/// # Examples
///
/// ```
/// let schema = maturity::model_schema();
/// assert_eq!(schema["title"], "Maturity model");
/// assert_eq!(schema["additionalProperties"], false);
/// ```
#[must_use]
pub fn model_schema() -> Value {
    schema_of::<ModelSpec>(settings_for_input())
}

/// Returns the JSON Schema of the assessment file format.
///
/// As with [`model_schema`], some rules are checked only by the library,
/// when [`Model::bind`](crate::Model::bind) checks the assessment against
/// its model.
///
/// # Examples
///
/// ```
/// let schema = maturity::assessment_schema();
/// assert_eq!(schema["title"], "Maturity assessment");
/// assert!(schema["required"].as_array().is_some_and(|keys| keys.contains(&"ratings".into())));
/// ```
#[must_use]
pub fn assessment_schema() -> Value {
    schema_of::<Assessment>(settings_for_input())
}

/// Returns the JSON Schema of a serialized [`Classification`].
///
/// # Examples
///
/// ```
/// let schema = maturity::classification_schema();
/// assert_eq!(schema["title"], "Maturity classification");
/// ```
#[must_use]
pub fn classification_schema() -> Value {
    schema_of::<Classification>(settings_for_output())
}

/// Returns the JSON Schema of a serialized [`GapReport`].
///
/// # Examples
///
/// ```
/// let schema = maturity::gap_report_schema();
/// assert_eq!(schema["title"], "Maturity gap report");
/// ```
#[must_use]
pub fn gap_report_schema() -> Value {
    schema_of::<GapReport>(settings_for_output())
}

/// Returns the JSON Schema of the target profile file format.
#[must_use]
pub fn target_profile_schema() -> Value {
    schema_of::<TargetProfile>(settings_for_input())
}

/// Returns the JSON Schema of a serialized [`Roadmap`].
#[must_use]
pub fn roadmap_schema() -> Value {
    schema_of::<Roadmap>(settings_for_output())
}
