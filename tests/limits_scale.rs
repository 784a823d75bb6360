//! The default limits at scale: a generated model of 10,000 indicators
//! loads, and one with more indicators than `max_list_len` is rejected by
//! the first pass, before the typed parse.

#[path = "../benches/support/generated.rs"]
mod generated;

use generated::{Recipe, Rule};
use maturity::{Assessment, ErrorKind, Limits, Model, ProblemCode};

#[test]
fn large_model_loads_within_default_limits() {
    let recipe = Recipe::LARGE;
    let text = recipe.model_json();
    assert!(
        text.len() <= Limits::DEFAULT_MAX_INPUT_BYTES,
        "{} bytes",
        text.len()
    );

    let model = Model::from_json_str(&text).expect("large model loads");
    assert_eq!(model.indicators().len(), 10_000);
    assert_eq!(model.dimensions().len(), 10);

    let assessment =
        Assessment::from_json_str(&recipe.assessment_json(1)).expect("large assessment parses");
    let bound = model.bind(&assessment).expect("large assessment binds");
    let levels = bound.classify_levels();
    assert_eq!(levels.dimensions.len(), 10);
}

/// Builds a model with `count` indicators in one dimension and level, and a
/// top-level key that the typed parse rejects as unknown.
fn model_with_indicators(count: usize) -> String {
    let recipe = Recipe {
        dimensions: 1,
        levels: 1,
        per_level: count,
        rule: Rule::All,
    };
    let text = recipe.model_json();
    let body = text
        .strip_suffix('}')
        .expect("model JSON ends with a brace");
    format!(r#"{body}, "unknown_key": true}}"#)
}

#[test]
fn indicators_at_list_limit_reach_typed_parse() {
    let limits = Limits::default().with_max_list_len(10_000);
    let text = model_with_indicators(10_000);
    let error = Model::from_json_slice_with_limits(text.as_bytes(), &limits)
        .expect_err("unknown key is rejected");
    let problem = &error.problems()[0];
    assert_eq!(problem.code, ProblemCode::UnknownField, "{problem:?}");
    assert_eq!(problem.path, "/unknown_key");
}

#[test]
fn indicators_past_list_limit_fail_before_typed_parse() {
    let limits = Limits::default().with_max_list_len(10_000);
    let text = model_with_indicators(10_001);
    let error = Model::from_json_slice_with_limits(text.as_bytes(), &limits)
        .expect_err("too many indicators");
    assert_eq!(error.kind(), ErrorKind::Parse);
    assert_eq!(error.problems().len(), 1);
    let problem = &error.problems()[0];
    assert_eq!(problem.code.as_str(), "limit-exceeded");
    assert_eq!(problem.path, "/indicators");
    assert!(
        problem.message.contains("max_list_len = 10000"),
        "{}",
        problem.message
    );
}

/// Builds an assessment whose `subject` object has `count` extra keys
/// `k0`, `k1`, ..., then `repeat` once more when given.
fn subject_with_keys(count: usize, repeat: Option<usize>) -> String {
    let mut keys: Vec<String> = (0..count).map(|i| format!(r#""k{i}": {i}"#)).collect();
    if let Some(index) = repeat {
        keys.push(format!(r#""k{index}": 0"#));
    }
    format!(
        r#"{{"format_version": 1, "model": {{"id": "kam", "version": "1.0.0"}},
            "subject": {{{}}}, "ratings": []}}"#,
        keys.join(", ")
    )
}

#[track_caller]
fn assert_first_problem(text: &str, code: ProblemCode, path: &str) {
    let error = Assessment::from_json_str(text).expect_err("document is rejected");
    let problem = &error.problems()[0];
    assert_eq!(problem.code, code, "{problem:?}");
    assert_eq!(problem.path, path, "{problem:?}");
}

#[test]
fn duplicate_keys_found_in_large_objects() {
    let cases = [
        (3, Some(1), ProblemCode::DuplicateKey, "/subject/k1"),
        (32, Some(31), ProblemCode::DuplicateKey, "/subject/k31"),
        (33, Some(0), ProblemCode::DuplicateKey, "/subject/k0"),
        (500, Some(250), ProblemCode::DuplicateKey, "/subject/k250"),
        (500, None, ProblemCode::UnknownField, "/subject/k0"),
    ];
    for (count, repeat, code, path) in cases {
        assert_first_problem(&subject_with_keys(count, repeat), code, path);
    }
}
