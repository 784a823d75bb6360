//! Helpers shared by the integration tests: small models built from a
//! compact description, assessments built from rating pairs, and the
//! bundled sample files.

// Each test crate compiles this module and uses a different subset of it.
#![allow(dead_code)]

use std::path::PathBuf;

use maturity::{Assessment, Classification, Model, Rating, Subject, SubjectKind};
use serde_json::{Value, json};

/// Id of every model that [`TinyModel`] builds.
pub const TINY_ID: &str = "tiny";

/// Version of every model that [`TinyModel`] builds.
pub const TINY_VERSION: &str = "1.0.0";

/// Ids of the scale points of every model that [`TinyModel`] builds, lowest
/// first: not achieved, partly, largely, fully.
pub const TINY_POINTS: [&str; 4] = ["n", "p", "l", "f"];

/// A table row's ratings: (indicator, rating) pairs in assessment order.
pub type Ratings = &'static [(&'static str, &'static str)];

/// A compact description of a small model.
///
/// Levels are numbered 1 to `levels` with ids `level-1`, `level-2`, and so
/// on; level 1 is the floor. The scale is [`TINY_POINTS`]. Each indicator
/// is one line of whitespace-separated fields:
///
/// ```text
/// ID DIMENSION LEVEL [w=WEIGHT] [requires=ID,ID]
/// ```
///
/// where `LEVEL` is a level number. Dimensions take the order in which the
/// lines first name them.
#[derive(Debug, Clone)]
pub struct TinyModel {
    pub levels: u32,
    pub at_level: &'static str,
    pub below_level: &'static str,
    pub not_applicable: bool,
    pub indicators: Vec<String>,
}

impl TinyModel {
    /// Describes a model with the `all` rule at `l` for every level and
    /// `"n/a"` allowed.
    pub fn new(levels: u32, indicators: &[&str]) -> TinyModel {
        TinyModel {
            levels,
            at_level: "l",
            below_level: "l",
            not_applicable: true,
            indicators: indicators.iter().map(|line| (*line).to_owned()).collect(),
        }
    }

    /// Sets the scale points that the `all` rule requires of indicators at the
    /// level itself and below it.
    pub fn rule(mut self, at_level: &'static str, below_level: &'static str) -> TinyModel {
        self.at_level = at_level;
        self.below_level = below_level;
        self
    }

    /// Forbids `"n/a"` ratings.
    pub fn without_not_applicable(mut self) -> TinyModel {
        self.not_applicable = false;
        self
    }

    /// Returns the model document as JSON.
    pub fn to_json(&self) -> Value {
        let levels: Vec<Value> = (1..=self.levels)
            .map(|number| {
                let mut level = json!({
                    "id": level_id(number),
                    "number": number,
                    "name": format!("Level {number}"),
                });
                if number < self.levels {
                    level["advance"] = json!(advance_text(number));
                }
                level
            })
            .collect();
        let indicators: Vec<Value> = self.indicators.iter().map(|l| indicator_json(l)).collect();
        let mut dimensions: Vec<Value> = Vec::new();
        for indicator in &indicators {
            let id = &indicator["dimension"];
            if !dimensions.iter().any(|d| &d["id"] == id) {
                let name = format!("Dimension {}", id.as_str().unwrap_or_default());
                dimensions.push(json!({ "id": id, "name": name }));
            }
        }
        let points: Vec<Value> = TINY_POINTS
            .iter()
            .enumerate()
            .map(|(i, id)| json!({ "id": id, "label": id.to_uppercase(), "score": i * 30 }))
            .collect();
        json!({
            "format_version": 1,
            "id": TINY_ID,
            "name": "Tiny model",
            "version": TINY_VERSION,
            "levels": levels,
            "dimensions": dimensions,
            "scale": { "points": points, "not_applicable": self.not_applicable },
            "rules": {
                "level": {
                    "method": "all",
                    "at_level": self.at_level,
                    "below_level": self.below_level,
                },
                "overall": "minimum",
            },
            "indicators": indicators,
        })
    }

    /// Builds the model, panicking with every problem when it is invalid.
    #[track_caller]
    pub fn build(&self) -> Model {
        let text = self.to_json().to_string();
        match Model::from_json_str(&text) {
            Ok(model) => model,
            Err(error) => panic!("invalid test model: {:#?}", error.problems()),
        }
    }
}

/// Returns the id of the level with the given number in a [`TinyModel`].
pub fn level_id(number: u32) -> String {
    format!("level-{number}")
}

/// Returns the advance guidance of a [`TinyModel`] level.
pub fn advance_text(number: u32) -> String {
    format!("Leave level {number}.")
}

/// Returns the statement of a [`TinyModel`] indicator.
pub fn statement_text(id: &str) -> String {
    format!("The team does {id}.")
}

/// Returns the guidance on evidence of a [`TinyModel`] indicator.
pub fn guidance_text(id: &str) -> String {
    format!("Look for records of {id}.")
}

#[track_caller]
fn indicator_json(line: &str) -> Value {
    let mut fields = line.split_whitespace();
    let (Some(id), Some(dimension), Some(level)) = (fields.next(), fields.next(), fields.next())
    else {
        panic!("indicator line {line:?} needs an id, a dimension and a level");
    };
    let number: u32 = level
        .parse()
        .unwrap_or_else(|_| panic!("invalid level in {line:?}"));
    let mut indicator = json!({
        "id": id,
        "dimension": dimension,
        "level": level_id(number),
        "statement": statement_text(id),
        "guidance": guidance_text(id),
    });
    for field in fields {
        match field.split_once('=') {
            Some(("w", weight)) => {
                let weight: u32 = weight
                    .parse()
                    .unwrap_or_else(|_| panic!("invalid weight in {line:?}"));
                indicator["weight"] = json!(weight);
            }
            Some(("requires", ids)) => {
                indicator["requires"] = json!(ids.split(',').collect::<Vec<_>>());
            }
            _ => panic!("unknown field {field:?} in indicator line {line:?}"),
        }
    }
    indicator
}

/// Builds an assessment of subject `s1` that matches `model`, with the
/// given (indicator, rating) pairs in order.
pub fn assessment(model: &Model, ratings: &[(&str, &str)]) -> Assessment {
    let subject = Subject::new("s1", SubjectKind::Team);
    let mut assessment = Assessment::new(model.id(), model.version(), subject);
    // Pushed rather than rated, so that a test can repeat an indicator.
    for (indicator, rating) in ratings {
        assessment.ratings.push(Rating::new(indicator, rating));
    }
    assessment
}

/// Binds and classifies the given ratings, panicking when they do not bind.
#[track_caller]
pub fn classify(model: &Model, ratings: &[(&str, &str)]) -> Classification {
    match model.bind(&assessment(model, ratings)) {
        Ok(bound) => bound.classify(),
        Err(error) => panic!("ratings do not bind: {:#?}", error.problems()),
    }
}

/// Returns the path of a file under the crate's `examples/` folder.
pub fn example_path(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(relative)
}

/// Loads a bundled sample assessment by file stem, such as `steady-team`.
#[track_caller]
pub fn sample_assessment(stem: &str) -> Assessment {
    let path = example_path(&format!("assessments/{stem}.json"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("failed to read {}: {error}", path.display()));
    Assessment::from_json_str(&text)
        .unwrap_or_else(|error| panic!("{}: {:#?}", path.display(), error.problems()))
}

/// Loads a bundled sample model by file stem, such as `capability`.
#[track_caller]
pub fn sample_model(stem: &str) -> Model {
    let path = example_path(&format!("models/{stem}.json"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("failed to read {}: {error}", path.display()));
    Model::from_json_str(&text)
        .unwrap_or_else(|error| panic!("{}: {:#?}", path.display(), error.problems()))
}
