//! Builders of small models and assessments for the integration tests.

#![allow(dead_code)]

use maturity::{Assessment, BoundAssessment, Classification, Model, Subject, SubjectKind};
use serde_json::{Value, json};

/// The four-point implementation scale: 0, 33, 67 and 100.
pub const FOUR_POINT: &[(&str, u32)] =
    &[("not", 0), ("partly", 33), ("largely", 67), ("fully", 100)];

/// The two-point control scale.
pub const BINARY: &[(&str, u32)] = &[("no", 0), ("yes", 100)];

/// Returns the JSON of a scale with the given (id, score) points.
pub fn scale(points: &[(&str, u32)], not_applicable: bool) -> Value {
    let points: Vec<Value> = points
        .iter()
        .map(|(id, score)| json!({ "id": id, "label": id, "score": score }))
        .collect();
    json!({ "points": points, "not_applicable": not_applicable })
}

/// Returns the JSON of a named scale.
pub fn named_scale(id: &str, points: &[(&str, u32)], not_applicable: bool) -> Value {
    let mut value = scale(points, not_applicable);
    value["id"] = json!(id);
    value
}

/// Returns the JSON of an indicator of weight 1 at level number `level`,
/// whose level id is `l{level}`.
pub fn indicator(id: &str, dimension: &str, level: u32) -> Value {
    json!({
        "id": id,
        "dimension": dimension,
        "level": format!("l{level}"),
        "statement": format!("statement of {id}"),
    })
}

/// Returns the JSON of an indicator with a weight.
pub fn weighted(id: &str, dimension: &str, level: u32, weight: u32) -> Value {
    let mut value = indicator(id, dimension, level);
    value["weight"] = json!(weight);
    value
}

/// Returns the JSON of an indicator rated on a named scale.
pub fn on_scale(id: &str, dimension: &str, level: u32, scale: &str) -> Value {
    let mut value = indicator(id, dimension, level);
    value["scale"] = json!(scale);
    value
}

/// Returns the JSON of a model with levels `floor..=top` (ids `l{n}`),
/// dimensions given as (id, name), the default scale, a level rule and
/// indicators; the overall rule is `minimum`.
pub fn model_json(
    floor: u32,
    top: u32,
    dimensions: &[(&str, &str)],
    scale: Value,
    rule: Value,
    indicators: Vec<Value>,
) -> Value {
    let levels: Vec<Value> = (floor..=top)
        .map(|number| {
            let mut level = json!({
                "id": format!("l{number}"),
                "number": number,
                "name": format!("Level {number}"),
            });
            if number < top {
                level["advance"] = json!(format!("reach level {}", number + 1));
            }
            level
        })
        .collect();
    let dimensions: Vec<Value> = dimensions
        .iter()
        .map(|(id, name)| json!({ "id": id, "name": name }))
        .collect();
    json!({
        "format_version": 1,
        "id": "test",
        "name": "Test model",
        "version": "1",
        "levels": levels,
        "dimensions": dimensions,
        "scale": scale,
        "rules": { "level": rule, "overall": "minimum" },
        "indicators": indicators,
    })
}

/// Builds a model from JSON, failing the test with every problem listed.
#[track_caller]
pub fn build(value: &Value) -> Model {
    match Model::from_json_str(&value.to_string()) {
        Ok(model) => model,
        Err(error) => panic!("invalid test model: {:#?}", error.problems()),
    }
}

/// Returns an assessment of subject `s` with the given ratings.
pub fn assessment(model: &Model, ratings: &[(&str, &str)]) -> Assessment {
    let mut assessment = Assessment::new(
        model.id(),
        model.version(),
        Subject::new("s", SubjectKind::Team),
    );
    for (indicator, rating) in ratings {
        assessment.rate(indicator, rating);
    }
    assessment
}

/// Binds ratings to a model, failing the test when binding fails.
#[track_caller]
pub fn bind<'m>(model: &'m Model, ratings: &[(&str, &str)]) -> BoundAssessment<'m> {
    match model.bind(&assessment(model, ratings)) {
        Ok(bound) => bound,
        Err(error) => panic!("ratings do not bind: {:#?}", error.problems()),
    }
}

/// Classifies ratings against a model.
#[track_caller]
pub fn classify(model: &Model, ratings: &[(&str, &str)]) -> Classification {
    bind(model, ratings).classify()
}
