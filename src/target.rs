//! Target profiles: the level each dimension should reach.

use std::io::Read;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::assessment::ModelRef;
use crate::load::{self, Limits};
use crate::model::Model;
use crate::problem::{Error, ErrorKind, Problem, ProblemCode};
use crate::spec::{FORMAT_VERSION, ID_PATTERN};

/// A target profile document: a target level for some or all dimensions of
/// one model.
///
/// Dimensions the profile does not name aim for the level above the one
/// they stand at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Maturity target profile")]
#[non_exhaustive]
pub struct TargetProfile {
    /// Location of the JSON Schema for editors; accepted and ignored.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Version of the file format. Only `1` exists.
    #[schemars(range(min = 1, max = 1))]
    pub format_version: u32,
    /// The model, and its version, that the targets refer to.
    pub model: ModelRef,
    /// One entry per dimension with a target of its own.
    pub targets: Vec<DimensionTarget>,
}

/// The target level of one dimension.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct DimensionTarget {
    /// Id of the dimension.
    #[schemars(pattern(ID_PATTERN))]
    pub dimension: String,
    /// Id of the level the dimension should reach.
    #[schemars(pattern(ID_PATTERN))]
    pub level: String,
}

impl TargetProfile {
    /// Creates an empty profile for a model, in which every dimension aims
    /// for its next level.
    #[must_use]
    pub fn new(model: &Model) -> TargetProfile {
        TargetProfile {
            schema: None,
            format_version: FORMAT_VERSION,
            model: ModelRef {
                id: model.id().to_owned(),
                version: model.version().to_owned(),
            },
            targets: Vec::new(),
        }
    }

    /// Sets the target level of a dimension, replacing any earlier target
    /// for it.
    pub fn set(&mut self, dimension: &str, level: &str) -> &mut TargetProfile {
        self.targets.retain(|target| target.dimension != dimension);
        self.targets.push(DimensionTarget {
            dimension: dimension.to_owned(),
            level: level.to_owned(),
        });
        self
    }

    /// Parses a target profile from JSON text, without checking it against
    /// a model; [`TargetProfile::resolve`] does that.
    ///
    /// # Errors
    ///
    /// Returns an error of kind [`ErrorKind::Parse`] for malformed JSON, an
    /// unknown or repeated key, a value of the wrong type, an unsupported
    /// `format_version` or an input over the default [`Limits`].
    pub fn from_json_str(text: &str) -> Result<TargetProfile, Error> {
        load::from_json_slice(text.as_bytes(), &Limits::default())
    }

    /// Reads and parses a target profile from a JSON reader.
    ///
    /// # Errors
    ///
    /// Returns an error of kind [`ErrorKind::Io`] when reading fails, and
    /// otherwise as [`TargetProfile::from_json_str`].
    pub fn from_json_reader(reader: impl Read) -> Result<TargetProfile, Error> {
        let limits = Limits::default();
        let bytes = load::read_limited(reader, &limits)?;
        load::from_json_slice(&bytes, &limits)
    }

    /// Parses a target profile from TOML text with the same structure as
    /// the JSON format.
    ///
    /// # Errors
    ///
    /// As [`TargetProfile::from_json_str`].
    #[cfg(feature = "toml")]
    pub fn from_toml_str(text: &str) -> Result<TargetProfile, Error> {
        load::from_toml_str(text, &Limits::default())
    }

    /// Checks the profile against a model and returns the target level
    /// index of each dimension, in model order; `None` means the next level.
    ///
    /// # Errors
    ///
    /// Returns an error of kind [`ErrorKind::InvalidTarget`] listing every
    /// problem: a model id or version that does not match, an unknown
    /// dimension or level, a dimension named twice, or the floor level as a
    /// target.
    pub fn resolve(&self, model: &Model) -> Result<Vec<Option<usize>>, Error> {
        let mut problems = self.check_model(model);
        let mut resolved = vec![None; model.dimensions().len()];
        let mut named_at: Vec<Option<usize>> = vec![None; model.dimensions().len()];
        for (position, target) in self.targets.iter().enumerate() {
            let base = format!("/targets/{position}");
            let dimension = model
                .dimensions()
                .iter()
                .position(|d| d.id == target.dimension);
            let level = model.levels().iter().position(|l| l.id == target.level);
            match dimension {
                None => problems.push(unknown_dimension(model, &base, &target.dimension)),
                Some(index) => {
                    if let Some(first) = named_at[index] {
                        problems.push(Problem::error(
                            format!("{base}/dimension"),
                            ProblemCode::DuplicateId,
                            format!(
                                "dimension {:?} already has a target at /targets/{first}",
                                target.dimension
                            ),
                            "give each dimension one target",
                        ));
                    }
                    named_at[index] = Some(position);
                }
            }
            match level {
                None => problems.push(unknown_level(model, &base, &target.level)),
                Some(0) => problems.push(Problem::error(
                    format!("{base}/level"),
                    ProblemCode::InvalidValue,
                    format!(
                        "target level {:?} is the floor, which every subject already stands at",
                        target.level
                    ),
                    "aim for a level above the floor",
                )),
                Some(_) => {}
            }
            if let (Some(dimension), Some(level)) = (dimension, level) {
                resolved[dimension] = Some(level);
            }
        }
        if !problems.is_empty() {
            return Err(Error::new(ErrorKind::InvalidTarget, problems));
        }
        Ok(resolved)
    }

    fn check_model(&self, model: &Model) -> Vec<Problem> {
        let mut problems = Vec::new();
        if self.format_version != FORMAT_VERSION {
            problems.push(Problem::error(
                "/format_version",
                ProblemCode::UnsupportedVersion,
                format!("format_version {} is not supported", self.format_version),
                format!("this release reads format_version {FORMAT_VERSION} only"),
            ));
        }
        if self.model.id != model.id() || self.model.version != model.version() {
            problems.push(Problem::error(
                "/model",
                ProblemCode::ModelMismatch,
                format!(
                    "the profile is for model {:?} version {:?}, not {:?} version {:?}",
                    self.model.id,
                    self.model.version,
                    model.id(),
                    model.version()
                ),
                "use the profile with the model it names, or update its model reference",
            ));
        }
        problems
    }
}

fn unknown_dimension(model: &Model, base: &str, id: &str) -> Problem {
    let ids: Vec<String> = model
        .dimensions()
        .iter()
        .map(|d| format!("{:?}", d.id))
        .collect();
    Problem::error(
        format!("{base}/dimension"),
        ProblemCode::UnknownReference,
        format!("unknown dimension {id:?}"),
        format!("use one of: {}", ids.join(", ")),
    )
}

fn unknown_level(model: &Model, base: &str, id: &str) -> Problem {
    let ids: Vec<String> = model
        .levels()
        .iter()
        .skip(1)
        .map(|l| format!("{:?}", l.id))
        .collect();
    Problem::error(
        format!("{base}/level"),
        ProblemCode::UnknownReference,
        format!("unknown level {id:?}"),
        format!("use one of: {}", ids.join(", ")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile(targets: &[(&str, &str)]) -> TargetProfile {
        let mut profile = TargetProfile::new(crate::kam());
        for (dimension, level) in targets {
            profile.targets.push(DimensionTarget {
                dimension: (*dimension).to_owned(),
                level: (*level).to_owned(),
            });
        }
        profile
    }

    fn codes(error: &Error) -> Vec<(String, &'static str)> {
        error
            .problems()
            .iter()
            .map(|p| (p.path.clone(), p.code.as_str()))
            .collect()
    }

    #[test]
    fn resolve_maps_named_dimensions_and_leaves_others_next() {
        let resolved = profile(&[("technology", "predictable"), ("process", "activating")])
            .resolve(crate::kam())
            .unwrap();
        assert_eq!(resolved, vec![Some(4), None, None, None, None, Some(3)]);
    }

    #[test]
    fn resolve_reports_every_problem() {
        let mut bad = profile(&[
            ("process", "ad-hoc"),
            ("sales", "awareness"),
            ("process", "repeatable"),
            ("technology", "level-9"),
        ]);
        bad.model.version = "0.9.0".to_owned();
        let error = bad.resolve(crate::kam()).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidTarget);
        assert_eq!(
            codes(&error),
            vec![
                ("/model".to_owned(), "model-mismatch"),
                ("/targets/0/level".to_owned(), "invalid-value"),
                ("/targets/1/dimension".to_owned(), "unknown-reference"),
                ("/targets/2/dimension".to_owned(), "duplicate-id"),
                ("/targets/3/level".to_owned(), "unknown-reference"),
            ]
        );
    }

    #[test]
    fn set_replaces_an_earlier_target() {
        let mut profile = TargetProfile::new(crate::kam());
        profile
            .set("process", "repeatable")
            .set("process", "predictable");
        assert_eq!(profile.targets.len(), 1);
        assert_eq!(profile.targets[0].level, "predictable");
    }

    #[test]
    fn parse_rejects_unknown_keys() {
        let text = r#"{"format_version": 1, "model": {"id": "kam", "version": "1.0.0"},
            "targets": [{"dimension": "process", "level": "predictable", "by": "2027"}]}"#;
        let error = TargetProfile::from_json_str(text).unwrap_err();
        assert_eq!(
            codes(&error),
            vec![("/targets/0/by".to_owned(), "unknown-field")]
        );
    }
}
