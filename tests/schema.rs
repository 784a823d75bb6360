//! The exported schemas: committed copies, agreement with the library over
//! the corpus under `tests/corpus/`, and validity of every bundled file.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use maturity::{Assessment, Model, ProblemCode, Target};
use serde_json::Value;

/// Each bad corpus file, by directory and name, with the code of the first
/// problem the library reports.
///
/// Files under `bad/` break a rule that the schema states too, so both
/// reject them. Files under `library-only/` break a rule that only the
/// library checks, so the schema accepts them.
const BAD_FILES: &[(&str, &str, ProblemCode)] = &[
    ("bad", "assessment-date-not-iso", ProblemCode::InvalidValue),
    (
        "bad",
        "assessment-missing-ratings",
        ProblemCode::MissingField,
    ),
    ("bad", "assessment-null-indicator", ProblemCode::InvalidType),
    (
        "bad",
        "assessment-rating-as-number",
        ProblemCode::InvalidType,
    ),
    ("bad", "assessment-unknown-key", ProblemCode::UnknownField),
    (
        "bad",
        "assessment-unknown-subject-kind",
        ProblemCode::InvalidValue,
    ),
    (
        "bad",
        "model-dimension-weight-too-large",
        ProblemCode::InvalidValue,
    ),
    ("bad", "model-empty-name", ProblemCode::InvalidValue),
    (
        "bad",
        "model-fractional-level-number",
        ProblemCode::InvalidValue,
    ),
    (
        "bad",
        "model-future-format-version",
        ProblemCode::UnsupportedVersion,
    ),
    ("bad", "model-invalid-id", ProblemCode::InvalidValue),
    (
        "bad",
        "model-level-number-too-large",
        ProblemCode::InvalidValue,
    ),
    ("bad", "model-missing-name", ProblemCode::MissingField),
    ("bad", "model-name-as-number", ProblemCode::InvalidType),
    ("bad", "model-negative-weight", ProblemCode::InvalidValue),
    (
        "bad",
        "model-not-applicable-as-string",
        ProblemCode::InvalidType,
    ),
    ("bad", "model-null-level-number", ProblemCode::InvalidType),
    (
        "bad",
        "model-number-out-of-range",
        ProblemCode::InvalidValue,
    ),
    ("bad", "model-one-level", ProblemCode::TooFewLevels),
    (
        "bad",
        "model-one-scale-point",
        ProblemCode::TooFewScalePoints,
    ),
    ("bad", "model-score-above-100", ProblemCode::InvalidValue),
    ("bad", "model-score-as-string", ProblemCode::InvalidType),
    ("bad", "model-trailing-comma", ProblemCode::Syntax),
    ("bad", "model-unknown-key", ProblemCode::UnknownField),
    (
        "bad",
        "model-unknown-key-in-indicator",
        ProblemCode::UnknownField,
    ),
    (
        "bad",
        "model-unknown-key-in-level-rule",
        ProblemCode::UnknownField,
    ),
    (
        "bad",
        "model-unknown-rule-method",
        ProblemCode::InvalidValue,
    ),
    ("bad", "model-zero-weight", ProblemCode::InvalidValue),
    ("bad", "model-weight-too-large", ProblemCode::InvalidValue),
    (
        "library-only",
        "assessment-blank-subject-id",
        ProblemCode::InvalidValue,
    ),
    (
        "library-only",
        "assessment-duplicate-rating",
        ProblemCode::DuplicateRating,
    ),
    (
        "library-only",
        "assessment-impossible-date",
        ProblemCode::InvalidValue,
    ),
    (
        "library-only",
        "assessment-model-version-mismatch",
        ProblemCode::ModelMismatch,
    ),
    (
        "library-only",
        "assessment-unknown-indicator",
        ProblemCode::UnknownReference,
    ),
    (
        "library-only",
        "assessment-unknown-rating",
        ProblemCode::UnknownReference,
    ),
    (
        "library-only",
        "model-advance-on-top-level",
        ProblemCode::AdvanceGuidance,
    ),
    (
        "library-only",
        "model-blank-statement",
        ProblemCode::InvalidValue,
    ),
    (
        "library-only",
        "model-duplicate-indicator-id",
        ProblemCode::DuplicateId,
    ),
    (
        "library-only",
        "model-duplicate-key",
        ProblemCode::DuplicateKey,
    ),
    (
        "library-only",
        "model-duplicate-level-id",
        ProblemCode::DuplicateId,
    ),
    (
        "library-only",
        "model-empty-dimension",
        ProblemCode::EmptyDimension,
    ),
    (
        "library-only",
        "model-indicator-on-floor",
        ProblemCode::IndicatorOnFloor,
    ),
    (
        "library-only",
        "model-level-number-gap",
        ProblemCode::LevelNumberGap,
    ),
    (
        "library-only",
        "model-requires-cycle",
        ProblemCode::RequiresCycle,
    ),
    (
        "library-only",
        "model-requires-higher-level",
        ProblemCode::RequiresHigherLevel,
    ),
    (
        "library-only",
        "model-requires-itself",
        ProblemCode::RequiresCycle,
    ),
    (
        "library-only",
        "model-score-not-increasing",
        ProblemCode::ScoreNotIncreasing,
    ),
    (
        "library-only",
        "model-unknown-dimension",
        ProblemCode::UnknownReference,
    ),
    (
        "library-only",
        "model-unknown-prerequisite",
        ProblemCode::UnknownReference,
    ),
    (
        "library-only",
        "model-unknown-threshold",
        ProblemCode::UnknownReference,
    ),
    (
        "library-only",
        "model-whole-number-with-fraction",
        ProblemCode::InvalidValue,
    ),
];

/// The committed schema copies and the functions that generate them.
type SchemaEntry = (&'static str, fn() -> Value);

const SCHEMAS: [SchemaEntry; 6] = [
    ("model.schema.json", maturity::model_schema),
    ("assessment.schema.json", maturity::assessment_schema),
    (
        "classification.schema.json",
        maturity::classification_schema,
    ),
    ("gap-report.schema.json", maturity::gap_report_schema),
    (
        "target-profile.schema.json",
        maturity::target_profile_schema,
    ),
    ("roadmap.schema.json", maturity::roadmap_schema),
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|err| panic!("cannot list {}: {err}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    files
}

fn read(path: &Path) -> Vec<u8> {
    fs::read(path).unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()))
}

/// Lists the good models: the built-in one, the bundled ones and the
/// corpus's.
fn good_models() -> Vec<PathBuf> {
    let mut models = vec![root().join("src/models/kam.json")];
    models.extend(json_files(&root().join("examples/models")));
    let corpus = json_files(&root().join("tests/corpus/good"));
    models.extend(corpus.into_iter().filter(|path| is_model(path)));
    models
}

/// Lists the good assessments: the bundled ones and the corpus's.
fn good_assessments() -> Vec<PathBuf> {
    let mut assessments = json_files(&root().join("examples/assessments"));
    let corpus = json_files(&root().join("tests/corpus/good"));
    assessments.extend(corpus.into_iter().filter(|path| !is_model(path)));
    assessments
}

/// Tells models from assessments: the corpus names its assessments
/// `assessment-*`, and the bundled ones sit in `examples/assessments/`.
fn is_model(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|name| name.to_str())
        .unwrap_or("");
    let in_assessments = path
        .parent()
        .is_some_and(|dir| dir.ends_with("assessments"));
    !name.starts_with("assessment-") && !in_assessments
}

fn loaded_models() -> Vec<Model> {
    good_models()
        .iter()
        .map(|path| {
            Model::from_json_slice(&read(path))
                .unwrap_or_else(|err| panic!("{}: {err}", path.display()))
        })
        .collect()
}

/// Runs a file through the library: a model is loaded, and an assessment is
/// parsed and bound to the model it names. Returns the first problem's code.
fn library_check(path: &Path, models: &[Model]) -> Result<(), ProblemCode> {
    let bytes = read(path);
    let first_code = |err: maturity::Error| err.problems()[0].code;
    if is_model(path) {
        return Model::from_json_slice(&bytes).map(drop).map_err(first_code);
    }
    let assessment = Assessment::from_json_slice(&bytes).map_err(first_code)?;
    let model = models
        .iter()
        .find(|model| model.id() == assessment.model.id)
        .unwrap_or_else(|| panic!("{}: no model {:?}", path.display(), assessment.model.id));
    model.bind(&assessment).map(drop).map_err(first_code)
}

/// Runs a file through the `jsonschema` validator. A file that is not JSON
/// at all is rejected, as an editor would reject it.
fn schema_accepts(path: &Path) -> bool {
    let Ok(instance) = serde_json::from_slice::<Value>(&read(path)) else {
        return false;
    };
    let schema = if is_model(path) {
        maturity::model_schema()
    } else {
        maturity::assessment_schema()
    };
    let validator = jsonschema::draft202012::new(&schema).expect("the schema compiles");
    validator.is_valid(&instance)
}

#[test]
fn committed_schemas_are_current() {
    for (file, generate) in SCHEMAS {
        let path = root().join("examples/schemas").join(file);
        let committed = fs::read_to_string(&path).unwrap_or_default();
        let mut current = serde_json::to_string_pretty(&generate()).expect("schema serializes");
        current.push('\n');
        assert!(
            committed == current,
            "{} is stale; run `cargo run --example schema -- --write`",
            path.display()
        );
    }
}

#[test]
fn schemas_are_valid_draft_2020_12() {
    for (file, generate) in SCHEMAS {
        let schema = generate();
        assert_eq!(
            schema["$schema"], "https://json-schema.org/draft/2020-12/schema",
            "{file}"
        );
        if let Err(err) = jsonschema::meta::validate(&schema) {
            panic!("{file} is not a valid schema: {err}");
        }
    }
}

#[test]
fn schemas_use_only_standard_formats() {
    fn formats(value: &Value, found: &mut BTreeSet<String>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(format)) = map.get("format") {
                    found.insert(format.clone());
                }
                map.values().for_each(|value| formats(value, found));
            }
            Value::Array(items) => items.iter().for_each(|value| formats(value, found)),
            _ => {}
        }
    }
    for (file, generate) in SCHEMAS {
        let mut found = BTreeSet::new();
        formats(&generate(), &mut found);
        assert!(found.is_empty(), "{file} uses formats {found:?}");
    }
}

#[test]
fn schemas_forbid_unknown_keys_in_every_object() {
    fn check(value: &Value, at: &str) {
        match value {
            Value::Object(map) => {
                if map.contains_key("properties") {
                    assert_eq!(
                        map.get("additionalProperties"),
                        Some(&Value::Bool(false)),
                        "object schema at {at} allows unknown keys"
                    );
                }
                for (key, value) in map {
                    check(value, &format!("{at}/{key}"));
                }
            }
            Value::Array(items) => {
                for (index, value) in items.iter().enumerate() {
                    check(value, &format!("{at}/{index}"));
                }
            }
            _ => {}
        }
    }
    for (file, generate) in SCHEMAS {
        check(&generate(), file);
    }
}

#[test]
fn input_schemas_bound_every_integer() {
    fn check(value: &Value, at: &str, file: &str) {
        match value {
            Value::Object(map) => {
                let integer = Value::from("integer");
                let is_integer = match map.get("type") {
                    Some(Value::Array(types)) => types.contains(&integer),
                    other => other == Some(&integer),
                };
                if is_integer {
                    assert!(map.contains_key("minimum"), "{file}{at} has no minimum");
                    assert!(map.contains_key("maximum"), "{file}{at} has no maximum");
                }
                for (key, value) in map {
                    check(value, &format!("{at}/{key}"), file);
                }
            }
            Value::Array(items) => {
                for (index, value) in items.iter().enumerate() {
                    check(value, &format!("{at}/{index}"), file);
                }
            }
            _ => {}
        }
    }
    let inputs: [SchemaEntry; 3] = [
        ("model.schema.json", maturity::model_schema),
        ("assessment.schema.json", maturity::assessment_schema),
        (
            "target-profile.schema.json",
            maturity::target_profile_schema,
        ),
    ];
    for (file, generate) in inputs {
        check(&generate(), "", file);
    }
}

#[test]
fn good_files_pass_library_and_schema() {
    let models = loaded_models();
    for path in good_models().iter().chain(&good_assessments()) {
        assert_eq!(
            library_check(path, &models),
            Ok(()),
            "{}: the library rejects a good file",
            path.display()
        );
        assert!(
            schema_accepts(path),
            "{}: the schema rejects a good file",
            path.display()
        );
    }
}

#[test]
fn bad_files_fail_with_their_code() {
    let models = loaded_models();
    for &(dir, name, code) in BAD_FILES {
        let path = root().join(format!("tests/corpus/{dir}/{name}.json"));
        assert_eq!(
            library_check(&path, &models),
            Err(code),
            "{}: wrong outcome from the library",
            path.display()
        );
    }
}

#[test]
fn schema_agrees_on_bad_files() {
    for &(dir, name, _) in BAD_FILES {
        let path = root().join(format!("tests/corpus/{dir}/{name}.json"));
        let expected = dir == "library-only";
        assert_eq!(
            schema_accepts(&path),
            expected,
            "{}: the schema should {} it",
            path.display(),
            if expected { "accept" } else { "reject" }
        );
    }
}

#[test]
fn every_corpus_file_is_listed() {
    let listed: BTreeSet<String> = BAD_FILES
        .iter()
        .map(|(dir, name, _)| format!("{dir}/{name}.json"))
        .collect();
    let mut found = BTreeSet::new();
    for dir in ["bad", "library-only"] {
        for path in json_files(&root().join("tests/corpus").join(dir)) {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            found.insert(format!("{dir}/{name}"));
        }
    }
    assert_eq!(found, listed);
}

#[test]
fn results_validate_against_output_schemas() {
    let classification = jsonschema::draft202012::new(&maturity::classification_schema())
        .expect("the classification schema compiles");
    let gap_report = jsonschema::draft202012::new(&maturity::gap_report_schema())
        .expect("the gap report schema compiles");
    let models = loaded_models();
    for path in good_assessments() {
        let assessment = Assessment::from_json_slice(&read(&path)).expect("good assessment");
        let model = models
            .iter()
            .find(|model| model.id() == assessment.model.id)
            .expect("the named model");
        let bound = model.bind(&assessment).expect("binds");
        let result = serde_json::to_value(bound.classify()).expect("serializes");
        assert!(classification.is_valid(&result), "{}", path.display());
        let gaps = bound.gaps(&Target::NextLevel).expect("gap report");
        let result = serde_json::to_value(gaps).expect("serializes");
        assert!(gap_report.is_valid(&result), "{}", path.display());
    }
}

#[test]
fn schema_example_prints_one_schema() {
    let output = std::process::Command::new(env!("CARGO"))
        .current_dir(root())
        .args(["run", "--quiet", "--example", "schema", "--", "model"])
        .output()
        .expect("cargo runs");
    assert!(output.status.success());
    let printed: Value = serde_json::from_slice(&output.stdout).expect("JSON output");
    assert_eq!(printed, maturity::model_schema());
}
