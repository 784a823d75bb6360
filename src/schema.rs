//! JSON Schemas (draft 2020-12) for the file formats and results.
//!
//! The schemas are generated from the types, so their titles and
//! descriptions are the types' documentation. They check shape, types,
//! ranges and id patterns. Rules that span several values are checked only
//! by the library: unique ids, references between ids, prerequisite cycles,
//! level numbering, increasing scores, coverage, calendar dates and the
//! match between an assessment and its model.

use schemars::JsonSchema;
use serde_json::Value;

use crate::assessment::Assessment;
use crate::classify::Classification;
use crate::gap::GapReport;
use crate::spec::ModelSpec;
use crate::target::TargetProfile;

fn schema_of<T: JsonSchema>() -> Value {
    let generator = schemars::generate::SchemaSettings::draft2020_12().into_generator();
    generator.into_root_schema_for::<T>().to_value()
}

/// Returns the JSON Schema of the model file format.
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
    schema_of::<ModelSpec>()
}

/// Returns the JSON Schema of the assessment file format.
#[must_use]
pub fn assessment_schema() -> Value {
    schema_of::<Assessment>()
}

/// Returns the JSON Schema of a serialized [`Classification`].
#[must_use]
pub fn classification_schema() -> Value {
    schema_of::<Classification>()
}

/// Returns the JSON Schema of a serialized [`GapReport`].
#[must_use]
pub fn gap_report_schema() -> Value {
    schema_of::<GapReport>()
}

/// Returns the JSON Schema of the target profile file format.
#[must_use]
pub fn target_profile_schema() -> Value {
    schema_of::<TargetProfile>()
}
