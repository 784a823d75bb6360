//! Whole-model validation: each rule's path and code, every problem of a
//! faulty model in one pass and in order, and no cascades.

use maturity::{ErrorKind, Model, ModelSpec, ProblemCode, Severity};
use serde_json::{Value, json};

const CORPUS_MODEL: &str = include_str!("corpus/good/model-corpus.json");

fn corpus_model() -> Value {
    serde_json::from_str(CORPUS_MODEL).expect("corpus model is JSON")
}

/// Validates `model` and returns every problem as (path, code), in order.
fn problems(model: &Value) -> Vec<(String, ProblemCode)> {
    let spec: ModelSpec = serde_json::from_value(model.clone()).expect("the model parses");
    match Model::from_spec(spec) {
        Ok(model) => model
            .warnings()
            .iter()
            .map(|problem| (problem.path.clone(), problem.code))
            .collect(),
        Err(error) => {
            assert_eq!(error.kind(), ErrorKind::InvalidModel);
            error
                .problems()
                .iter()
                .map(|problem| (problem.path.clone(), problem.code))
                .collect()
        }
    }
}

/// Applies `edit` to the corpus model and asserts that validation reports
/// exactly `expected`.
#[track_caller]
fn check(edit: impl FnOnce(&mut Value), expected: &[(&str, ProblemCode)]) {
    let mut model = corpus_model();
    edit(&mut model);
    let found = problems(&model);
    let expected: Vec<(String, ProblemCode)> = expected
        .iter()
        .map(|&(path, code)| (path.to_owned(), code))
        .collect();
    assert_eq!(found, expected);
}

#[test]
fn corpus_model_is_clean() {
    check(|_| {}, &[]);
}

#[test]
fn duplicate_ids() {
    use ProblemCode::DuplicateId;
    check(
        |m| {
            let again = json!({"id": "testing", "name": "Testing again"});
            m["dimensions"].as_array_mut().expect("list").push(again);
        },
        &[("/dimensions/2/id", DuplicateId)],
    );
    check(
        |m| m["scale"]["points"][1]["id"] = json!("no"),
        &[("/scale/points/1/id", DuplicateId)],
    );
    check(
        |m| {
            m["indicators"][3]["id"] = json!("delivery-2-scripted");
            m["indicators"][3]["requires"] = json!([]);
        },
        &[("/indicators/3/id", DuplicateId)],
    );
    check(
        |m| {
            m["levels"][2]["id"] = json!("managed");
            m["indicators"][1]["level"] = json!("managed");
            m["indicators"][3]["level"] = json!("managed");
        },
        &[("/levels/2/id", DuplicateId)],
    );
    check(
        |m| {
            m["indicators"][1]["requires"] = json!(["testing-2-unit-tests", "testing-2-unit-tests"])
        },
        &[("/indicators/1/requires/1", DuplicateId)],
    );
}

#[test]
fn unknown_references() {
    use ProblemCode::UnknownReference;
    check(
        |m| m["indicators"][2]["dimension"] = json!("deliver"),
        &[("/indicators/2/dimension", UnknownReference)],
    );
    check(
        |m| m["indicators"][2]["level"] = json!("manged"),
        &[("/indicators/2/level", UnknownReference)],
    );
    check(
        |m| m["rules"]["level"]["below_level"] = json!("mostly"),
        &[("/rules/level/below_level", UnknownReference)],
    );
    check(
        |m| m["indicators"][1]["requires"] = json!(["testing-2-unit-test"]),
        &[("/indicators/1/requires/0", UnknownReference)],
    );
}

#[test]
fn requires_cycles() {
    use ProblemCode::RequiresCycle;
    check(
        |m| m["indicators"][0]["requires"] = json!(["testing-2-unit-tests"]),
        &[("/indicators/0/requires/0", RequiresCycle)],
    );
    check(
        |m| {
            m["indicators"][0]["requires"] = json!(["delivery-2-scripted"]);
            m["indicators"][2]["requires"] = json!(["testing-2-unit-tests"]);
        },
        &[("/indicators/0/requires/0", RequiresCycle)],
    );
}

#[test]
fn cycle_message_names_every_indicator() {
    let mut model = corpus_model();
    model["indicators"][1]["requires"] = json!(["delivery-3-pipeline"]);
    model["indicators"][3]["requires"] = json!(["testing-3-coverage"]);
    let spec: ModelSpec = serde_json::from_value(model).expect("parses");
    let error = Model::from_spec(spec).expect_err("a cycle");
    let first = &error.problems()[0];
    assert_eq!(first.path, "/indicators/1/requires/0");
    assert_eq!(
        first.message,
        "prerequisites form a cycle: testing-3-coverage -> delivery-3-pipeline -> testing-3-coverage"
    );
}

#[test]
fn level_and_scale_structure() {
    check(
        |m| {
            m["indicators"][0]["requires"] = json!(["testing-3-coverage"]);
            m["indicators"][1]["requires"] = json!([]);
        },
        &[("/indicators/0/requires/0", ProblemCode::RequiresHigherLevel)],
    );
    check(
        |m| m["indicators"][0]["level"] = json!("initial"),
        &[
            ("/indicators/0/level", ProblemCode::IndicatorOnFloor),
            // Testing has no other indicator at the level it left.
            ("/dimensions/0", ProblemCode::UncoveredLevel),
        ],
    );
    check(
        |m| m["levels"][2]["number"] = json!(4),
        &[("/levels/2/number", ProblemCode::LevelNumberGap)],
    );
    check(
        |m| {
            m["levels"] = json!([m["levels"][0].clone()]);
            m["levels"][0]["advance"] = Value::Null;
        },
        &[("/levels", ProblemCode::TooFewLevels)],
    );
    check(
        |m| m["scale"]["points"][1]["score"] = json!(0),
        &[("/scale/points/1/score", ProblemCode::ScoreNotIncreasing)],
    );
    check(
        |m| m["scale"]["points"] = json!([m["scale"]["points"][2].clone()]),
        &[("/scale/points", ProblemCode::TooFewScalePoints)],
    );
}

#[test]
fn level_number_gap_is_reported_once() {
    use ProblemCode::LevelNumberGap;
    // A gap shifts every later number: only the first level is wrong.
    check(
        |m| {
            m["levels"][1]["number"] = json!(3);
            m["levels"][2]["number"] = json!(4);
        },
        &[("/levels/1/number", LevelNumberGap)],
    );
    // One level off by itself: only that level is wrong.
    check(
        |m| m["levels"][1]["number"] = json!(7),
        &[("/levels/1/number", LevelNumberGap)],
    );
}

#[test]
fn coverage() {
    check(
        |m| {
            m["dimensions"]
                .as_array_mut()
                .expect("list")
                .push(json!({"id": "security", "name": "Security"}))
        },
        &[("/dimensions/2", ProblemCode::EmptyDimension)],
    );
    let mut model = corpus_model();
    model["indicators"][3]["level"] = json!("managed");
    model["indicators"][3]["requires"] = json!([]);
    let spec: ModelSpec = serde_json::from_value(model).expect("parses");
    let model = Model::from_spec(spec).expect("warnings do not block loading");
    let warnings = model.warnings();
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].path, "/dimensions/1");
    assert_eq!(warnings[0].code, ProblemCode::UncoveredLevel);
    assert_eq!(warnings[0].severity, Severity::Warning);
}

#[test]
fn broken_reference_does_not_cascade() {
    // The only testing indicators name a mistyped dimension: no
    // empty-dimension or uncovered-level problem follows from it.
    check(
        |m| {
            m["indicators"][0]["dimension"] = json!("tsting");
            m["indicators"][1]["dimension"] = json!("tsting");
        },
        &[
            ("/indicators/0/dimension", ProblemCode::UnknownReference),
            ("/indicators/1/dimension", ProblemCode::UnknownReference),
        ],
    );
    // An out-of-range score is not compared with its neighbours.
    check(
        |m| m["scale"]["points"][1]["score"] = json!(500),
        &[("/scale/points/1/score", ProblemCode::InvalidValue)],
    );
    // With no scale points, the thresholds are not reported as unknown.
    check(
        |m| m["scale"]["points"] = json!([]),
        &[("/scale/points", ProblemCode::TooFewScalePoints)],
    );
}

#[test]
fn many_faults_are_reported_in_order() {
    use ProblemCode::*;
    let model: Value = serde_json::from_str(include_str!("corpus/many-faults.json")).expect("JSON");
    let expected = [
        ("/id", InvalidValue),
        ("/levels/2/id", DuplicateId),
        ("/levels/2/number", LevelNumberGap),
        ("/dimensions/1/id", DuplicateId),
        ("/scale/points/1/score", ScoreNotIncreasing),
        ("/rules/level/at_level", UnknownReference),
        ("/indicators/0/level", IndicatorOnFloor),
        ("/indicators/1/requires/1", RequiresCycle),
        ("/indicators/2/requires/1", UnknownReference),
        ("/indicators/3/id", DuplicateId),
        ("/indicators/3/statement", InvalidValue),
        ("/indicators/3/weight", InvalidValue),
        ("/indicators/1/requires/0", RequiresCycle),
    ];
    let expected: Vec<(String, ProblemCode)> = expected
        .iter()
        .map(|&(path, code)| (path.to_owned(), code))
        .collect();
    assert_eq!(problems(&model), expected);
}

#[test]
fn messages_quote_the_bad_value() {
    let mut model = corpus_model();
    model["indicators"][2]["dimension"] = json!("deliver");
    let spec: ModelSpec = serde_json::from_value(model).expect("parses");
    let error = Model::from_spec(spec).expect_err("an error");
    let first = &error.problems()[0];
    assert_eq!(first.message, "unknown dimension \"deliver\"");
    assert_eq!(first.hint, "use one of: \"testing\", \"delivery\"");
}

/// Runs the `validate` example with `args` from the crate root and returns
/// its exit code, standard output and standard error.
fn run_validate_example(args: &[&str]) -> (Option<i32>, String, String) {
    let mut command = std::process::Command::new(env!("CARGO"));
    command.current_dir(env!("CARGO_MANIFEST_DIR")).args([
        "run",
        "--quiet",
        "--example",
        "validate",
    ]);
    if cfg!(feature = "toml") {
        command.args(["--features", "toml"]);
    }
    let output = command.arg("--").args(args).output().expect("cargo runs");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output.status.code(), stdout, stderr)
}

#[test]
fn validate_example_reports_each_file() {
    let (code, stdout, _) = run_validate_example(&[
        "--model",
        "examples/models/capability.json",
        "examples/assessments/capability-sample.json",
        "src/models/kam.json",
        "tests/corpus/bad/model-zero-weight.json",
    ]);
    assert_eq!(code, Some(1));
    let expected = "examples/assessments/capability-sample.json: ok\n\
        src/models/kam.json: ok\n\
        tests/corpus/bad/model-zero-weight.json: /indicators/3/weight: \
        weight 0 is not positive (use a weight of 1 or more, or leave the key out for 1)\n";
    assert_eq!(stdout, expected);
}

#[test]
fn validate_example_exits_zero_on_clean_files() {
    let (code, stdout, _) = run_validate_example(&["examples/assessments/steady-team.json"]);
    assert_eq!(code, Some(0));
    assert_eq!(stdout, "examples/assessments/steady-team.json: ok\n");
}

#[test]
fn validate_example_without_arguments_prints_usage() {
    let (code, stdout, stderr) = run_validate_example(&[]);
    assert_eq!(code, Some(2));
    assert_eq!(stdout, "");
    assert!(stderr.contains("usage: validate"), "{stderr}");
}

/// Returns the corpus model with a named scale `binary`, `no` and `yes`,
/// that indicator 2 is rated on.
fn with_binary_scale() -> Value {
    let mut model = corpus_model();
    model["scales"] = json!([{
        "id": "binary",
        "points": [
            {"id": "no", "label": "No", "score": 0},
            {"id": "yes", "label": "Yes", "score": 100},
        ],
    }]);
    model["indicators"][2]["scale"] = json!("binary");
    model
}

/// Validates `model` and returns the message and hint of its first problem.
fn first_problem(model: &Value) -> (String, String) {
    let spec: ModelSpec = serde_json::from_value(model.clone()).expect("the model parses");
    let error = Model::from_spec(spec).expect_err("an invalid model");
    let first = &error.problems()[0];
    (first.message.clone(), first.hint.clone())
}

#[test]
fn threshold_hint_names_a_point_of_each_scale() {
    let mut model = with_binary_scale();
    model["rules"]["level"]["at_level"] = json!("partly");
    let (message, hint) = first_problem(&model);
    assert_eq!(
        message,
        "threshold \"partly\" is not a point of scale \"binary\""
    );
    assert_eq!(
        hint,
        "name a point of each scale with {\"by_scale\": {\"default\": \"partly\", \
         \"binary\": \"yes\"}}, or a score such as {\"percent\": 50}"
    );

    // Both suggestions are valid thresholds.
    for suggested in [
        json!({"by_scale": {"default": "partly", "binary": "yes"}}),
        json!({"percent": 50}),
    ] {
        model["rules"]["level"]["at_level"] = suggested.clone();
        assert_eq!(problems(&model), [], "{suggested}");
    }
}

#[test]
fn threshold_hint_lists_points_when_no_scale_has_it() {
    let mut model = with_binary_scale();
    model["rules"]["level"]["at_level"] = json!("mostly");
    let (message, hint) = first_problem(&model);
    assert_eq!(
        message,
        "threshold \"mostly\" is not a point of scales \"default\", \"binary\""
    );
    assert_eq!(
        hint,
        "name a point of each scale with {\"by_scale\": {...}}, or a score such as \
         {\"percent\": 60}; scale \"default\" has \"no\", \"partly\", \"yes\" and \
         scale \"binary\" has \"no\", \"yes\""
    );
}

#[test]
fn reserved_scale_id_hint_asks_for_a_rename() {
    let mut model = with_binary_scale();
    model["scales"][0]["id"] = json!("default");
    let spec: ModelSpec = serde_json::from_value(model).expect("the model parses");
    let error = Model::from_spec(spec).expect_err("an invalid model");
    let unknown = error
        .problems()
        .iter()
        .find(|problem| problem.path == "/indicators/2/scale")
        .expect("the indicator's scale is unknown");
    assert_eq!(unknown.message, "unknown scale \"binary\"");
    assert_eq!(
        unknown.hint,
        "use one of: \"default\", or rename the scale at /scales/0 from the reserved \
         id \"default\" to \"binary\""
    );
}
