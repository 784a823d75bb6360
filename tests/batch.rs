//! Batch classification: one result per input, in input order, equal to
//! classifying each input on its own.

use maturity::{Assessment, Classification, Error, ErrorKind, Model, Subject, SubjectKind};
use proptest::prelude::*;
use serde_json::{Value, json};

const SAMPLES: [&str; 3] = [
    include_str!("../examples/assessments/emerging-team.json"),
    include_str!("../examples/assessments/steady-team.json"),
    include_str!("../examples/assessments/leading-individual.json"),
];

fn sample(index: usize) -> Assessment {
    Assessment::from_json_str(SAMPLES[index]).expect("the sample parses")
}

/// Classifies each assessment on its own, one after the other.
fn one_by_one(model: &Model, assessments: &[Assessment]) -> Vec<Result<Classification, Error>> {
    assessments
        .iter()
        .map(|assessment| model.bind(assessment).map(|bound| bound.classify()))
        .collect()
}

/// Serializes results to JSON: each classification, or each error's kind
/// and problems.
fn to_json(results: &[Result<Classification, Error>]) -> String {
    let values: Vec<Value> = results
        .iter()
        .map(|result| match result {
            Ok(classification) => json!({ "ok": classification }),
            Err(error) => json!({
                "kind": format!("{:?}", error.kind()),
                "problems": error.problems(),
            }),
        })
        .collect();
    serde_json::to_string(&values).expect("results serialize")
}

/// Expected slot: the overall level number, or the path of the first
/// problem.
#[derive(Debug, PartialEq)]
enum Slot<'a> {
    Level(Option<u32>),
    Problem(&'a str),
}

#[track_caller]
fn check_slots(assessments: &[Assessment], expected: &[Slot<'_>]) {
    let results = maturity::classify_batch(maturity::kam(), assessments);
    let found: Vec<Slot<'_>> = results
        .iter()
        .map(|result| match result {
            Ok(classification) => Slot::Level(classification.overall.number),
            Err(error) => Slot::Problem(error.problems()[0].path.as_str()),
        })
        .collect();
    assert_eq!(found, expected);
}

#[test]
fn bad_assessment_fails_in_its_own_slot() {
    let mut stale = sample(1);
    stale.model.version = "0.9.0".to_owned();
    let mut unknown = sample(2);
    unknown.rate("process-9-unknown", "fully");
    let unknown_path = format!("/ratings/{}/indicator", unknown.ratings.len() - 1);
    check_slots(
        &[sample(0), stale, sample(1), unknown, sample(2)],
        &[
            Slot::Level(Some(2)),
            Slot::Problem("/model/version"),
            Slot::Level(Some(3)),
            Slot::Problem(&unknown_path),
            Slot::Level(Some(4)),
        ],
    );
}

#[test]
fn batch_slots_follow_input_order() {
    check_slots(
        &[sample(2), sample(0), sample(1)],
        &[
            Slot::Level(Some(4)),
            Slot::Level(Some(2)),
            Slot::Level(Some(3)),
        ],
    );
    check_slots(&[], &[]);
}

#[test]
fn batch_error_kind_is_invalid_assessment() {
    let mut other = sample(0);
    other.model.id = "capability".to_owned();
    let results = maturity::classify_batch(maturity::kam(), &[other]);
    let kind = results[0].as_ref().err().map(Error::kind);
    assert_eq!(kind, Some(ErrorKind::InvalidAssessment));
}

/// Generates an assessment: a random subset of KAM indicators with random
/// ratings, where a rating may be an unknown id and the model version may
/// be wrong, so that some inputs fail to bind.
fn any_assessment() -> impl Strategy<Value = Assessment> {
    let model = maturity::kam();
    let ids: Vec<String> = model.indicators().iter().map(|i| i.id.clone()).collect();
    let rating = prop::sample::select(vec!["not", "partly", "largely", "fully", "n/a", "mostly"]);
    let ratings = prop::collection::vec(prop::option::weighted(0.8, rating), ids.len());
    let version = prop::sample::select(vec!["1.0.0", "1.0.0", "1.0.0", "0.9.0"]);
    (ratings, version, 0u32..1000).prop_map(move |(ratings, version, id)| {
        let subject = Subject::new(&format!("subject-{id}"), SubjectKind::Team);
        let mut assessment = Assessment::new("kam", version, subject);
        for (indicator, rating) in ids.iter().zip(ratings) {
            if let Some(rating) = rating {
                assessment.rate(indicator, rating);
            }
        }
        assessment
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn prop_batch_results_equal_one_by_one_results(
        assessments in prop::collection::vec(any_assessment(), 0..24)
    ) {
        let model = maturity::kam();
        let batch = maturity::classify_batch(model, &assessments);
        prop_assert_eq!(batch.len(), assessments.len());
        prop_assert_eq!(to_json(&batch), to_json(&one_by_one(model, &assessments)));
    }
}

/// With the `rayon` feature `classify_batch` runs in parallel, so this
/// compares parallel results with sequential ones byte for byte, on a batch
/// large enough to be split across threads.
#[cfg(feature = "rayon")]
#[test]
fn parallel_batch_matches_sequential_bytes() {
    let mut assessments = Vec::new();
    for round in 0..100 {
        for index in 0..SAMPLES.len() {
            let mut assessment = sample(index);
            assessment.subject.id = format!("subject-{round}-{index}");
            if round % 7 == 0 {
                assessment.model.version = "0.9.0".to_owned();
            }
            assessments.push(assessment);
        }
    }
    let model = maturity::kam();
    let parallel = to_json(&maturity::classify_batch(model, &assessments));
    let sequential = to_json(&one_by_one(model, &assessments));
    assert_eq!(parallel.len(), sequential.len());
    assert!(
        parallel == sequential,
        "parallel and sequential results differ"
    );
}
