//! Arbitrary bytes, arbitrary JSON values and mutated valid files fed to
//! every entry point: each call must return `Ok` or `Err`, never panic.
//!
//! Each property runs 256 cases by default. Set `MATURITY_FUZZ_CASES` to
//! run more, for example a million:
//!
//! ```sh
//! MATURITY_FUZZ_CASES=1000000 cargo test --release --test never_panic
//! ```

use maturity::{Assessment, Model, Target, TargetProfile};
use proptest::prelude::*;
use serde_json::Value;

const STEADY_TEAM: &str = include_str!("../examples/assessments/steady-team.json");
const CAPABILITY_MODEL: &str = include_str!("../examples/models/capability.json");
const CAPABILITY_SAMPLE: &str = include_str!("../examples/assessments/capability-sample.json");

fn config() -> ProptestConfig {
    let cases = std::env::var("MATURITY_FUZZ_CASES")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(256);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Runs everything the crate offers on a model text and an assessment text.
/// Only panics matter, so every result is dropped.
fn exercise(model_text: &[u8], assessment_text: &[u8]) {
    let assessment = Assessment::from_json_slice(assessment_text);
    let _ = TargetProfile::from_json_str(&String::from_utf8_lossy(assessment_text));
    let model = Model::from_json_slice(model_text);
    #[cfg(feature = "toml")]
    {
        let _ = Model::from_toml_str(&String::from_utf8_lossy(model_text));
        let _ = Assessment::from_toml_str(&String::from_utf8_lossy(assessment_text));
    }
    let (Ok(model), Ok(assessment)) = (model, assessment) else {
        return;
    };
    exercise_bound(&model, &assessment);
}

fn exercise_bound(model: &Model, assessment: &Assessment) {
    let Ok(bound) = model.bind(assessment) else {
        return;
    };
    let classification = bound.classify();
    let _ = serde_json::to_vec(&classification);
    let mut targets = vec![Target::NextLevel];
    targets.extend(
        model
            .levels()
            .iter()
            .map(|level| Target::Level(level.id.clone())),
    );
    targets.push(Target::Level("no-such-level".to_owned()));
    for target in &targets {
        let _ = bound.gaps(target);
        let _ = bound.roadmap(target, Some(&bound));
    }
    let _ = model.what_if(assessment, &assessment.ratings);
    let _ = maturity::compare(&bound, &bound);
}

/// A strategy for arbitrary JSON values, a few levels deep.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        "[a-z/ .-]{0,12}".prop_map(Value::from),
        Just(Value::from("n/a")),
        Just(Value::from("largely")),
        Just(Value::from("kam")),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(field_name(), inner, 0..6)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

/// Field names of the file formats, mixed with arbitrary ones, so that
/// generated values often reach past the first key check.
fn field_name() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "format_version",
            "id",
            "name",
            "version",
            "levels",
            "dimensions",
            "scale",
            "points",
            "rules",
            "level",
            "method",
            "at_level",
            "below_level",
            "overall",
            "indicators",
            "dimension",
            "statement",
            "weight",
            "requires",
            "model",
            "subject",
            "kind",
            "ratings",
            "indicator",
            "rating",
            "score",
            "number",
        ])
        .prop_map(str::to_owned),
        "[a-z_$]{1,8}",
    ]
}

/// A mutation of a valid document's text.
#[derive(Debug, Clone)]
enum Mutation {
    Truncate(usize),
    Remove(usize, usize),
    Insert(usize, String),
    Replace(usize, u8),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), 1..40usize).prop_map(|(at, len)| Mutation::Remove(at, len)),
        (any::<usize>(), snippet()).prop_map(|(at, text)| Mutation::Insert(at, text)),
        (any::<usize>(), any::<u8>()).prop_map(|(at, byte)| Mutation::Replace(at, byte)),
    ]
}

fn snippet() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "null",
        "0",
        "-1",
        "1e400",
        "1.5",
        "\"\"",
        "\"n/a\"",
        "[]",
        "{}",
        ",",
        "\"id\": \"x\",",
        "\"weight\": 0,",
        "\"requires\": [\"process-2-documented\"],",
        "\"level\": \"ad-hoc\",",
        "\"rating\": \"fully\",",
        "\u{FEFF}",
        "\"a\": 1, \"a\": 2,",
    ])
    .prop_map(str::to_owned)
}

fn mutate(text: &str, mutations: &[Mutation]) -> Vec<u8> {
    let mut bytes = text.as_bytes().to_vec();
    for mutation in mutations {
        let len = bytes.len().max(1);
        match mutation {
            Mutation::Truncate(at) => bytes.truncate(at % len),
            Mutation::Remove(at, count) => {
                let start = (at % len).min(bytes.len());
                let end = (start + count).min(bytes.len());
                bytes.drain(start..end);
            }
            Mutation::Insert(at, text) => {
                let at = (at % len).min(bytes.len());
                bytes.splice(at..at, text.bytes());
            }
            Mutation::Replace(at, byte) => {
                if let Some(slot) = bytes.get_mut(at % len) {
                    *slot = *byte;
                }
            }
        }
    }
    bytes
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn prop_arbitrary_bytes_never_panic(model in prop::collection::vec(any::<u8>(), 0..512),
                                        assessment in prop::collection::vec(any::<u8>(), 0..512)) {
        exercise(&model, &assessment);
    }

    #[test]
    fn prop_arbitrary_json_never_panics(model in json_value(), assessment in json_value()) {
        let model = serde_json::to_vec(&model).unwrap();
        let assessment = serde_json::to_vec(&assessment).unwrap();
        exercise(&model, &assessment);
    }

    #[test]
    fn prop_mutated_kam_files_never_panic(model in prop::collection::vec(mutation(), 0..3),
                                          assessment in prop::collection::vec(mutation(), 0..4)) {
        let model = mutate(maturity::KAM_MODEL_JSON, &model);
        let assessment = mutate(STEADY_TEAM, &assessment);
        exercise(&model, &assessment);
    }

    #[test]
    fn prop_mutated_capability_files_never_panic(model in prop::collection::vec(mutation(), 0..3),
                                                 assessment in prop::collection::vec(mutation(), 0..4)) {
        let model = mutate(CAPABILITY_MODEL, &model);
        let assessment = mutate(CAPABILITY_SAMPLE, &assessment);
        exercise(&model, &assessment);
    }

    #[test]
    fn prop_assessment_values_against_kam_never_panic(ratings in prop::collection::vec(
        (prop::sample::select(indicator_ids()), rating_value()), 0..80)) {
        let mut value: Value = serde_json::from_str(STEADY_TEAM).unwrap();
        value["ratings"] = ratings
            .into_iter()
            .map(|(indicator, rating)| serde_json::json!({ "indicator": indicator, "rating": rating }))
            .collect();
        exercise(maturity::KAM_MODEL_JSON.as_bytes(), &serde_json::to_vec(&value).unwrap());
    }
}

fn indicator_ids() -> Vec<String> {
    let mut ids: Vec<String> = maturity::kam()
        .indicators()
        .iter()
        .map(|i| i.id.clone())
        .collect();
    ids.push("unknown-indicator".to_owned());
    ids
}

fn rating_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        prop::sample::select(vec!["not", "partly", "largely", "fully", "n/a", "yes", ""])
            .prop_map(Value::from),
        Just(Value::Null),
        any::<i32>().prop_map(Value::from),
    ]
}

#[test]
fn mutation_helper_changes_the_text() {
    let mutated = mutate(
        "abcdef",
        &[Mutation::Remove(1, 2), Mutation::Insert(0, "x".into())],
    );
    assert_eq!(mutated, b"xadef");
    assert_eq!(mutate("abc", &[Mutation::Truncate(2)]), b"ab");
    assert_eq!(mutate("abc", &[Mutation::Replace(4, b'z')]), b"azc");
}
