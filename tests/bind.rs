//! Binding assessments to a model: every assessment error, with its exact
//! path, code and message, and all problems reported at once.

mod common;

use common::{TinyModel, assessment};
use maturity::{Assessment, ErrorKind, Model, Rating, Severity};

fn model() -> Model {
    TinyModel::new(3, &["x2 a 2", "y2 a 2", "x3 a 3"]).build()
}

fn model_without_not_applicable() -> Model {
    TinyModel::new(3, &["x2 a 2", "y2 a 2", "x3 a 3"])
        .without_not_applicable()
        .build()
}

/// One expected problem: (path, code, message).
type ProblemRow = (&'static str, &'static str, &'static str);

#[track_caller]
fn assert_problems(case: &str, model: &Model, assessment: &Assessment, expected: &[ProblemRow]) {
    let error = match model.bind(assessment) {
        Ok(_) => panic!("{case}: the assessment binds"),
        Err(error) => error,
    };
    assert_eq!(error.kind(), ErrorKind::InvalidAssessment, "{case}");
    let actual: Vec<(&str, &str, &str)> = error
        .problems()
        .iter()
        .map(|p| (p.path.as_str(), p.code.as_str(), p.message.as_str()))
        .collect();
    assert_eq!(actual, expected, "{case}");
    for problem in error.problems() {
        assert_eq!(
            problem.severity,
            Severity::Error,
            "{case}: {}",
            problem.path
        );
        assert!(
            !problem.hint.is_empty(),
            "{case}: {} has no hint",
            problem.path
        );
    }
}

/// A change to a valid assessment, and the problems it causes.
type Case = (&'static str, fn(&mut Assessment), &'static [ProblemRow]);

const CASES: [Case; 9] = [
    (
        "second rating for one indicator",
        |a| {
            a.rate("x2", "l").rate("y2", "l");
            a.ratings.push(Rating::new("x2", "f"));
        },
        &[(
            "/ratings/2/indicator",
            "duplicate-rating",
            "indicator \"x2\" is already rated at /ratings/0",
        )],
    ),
    (
        "unknown indicator id",
        |a| {
            a.rate("x2", "l").rate("nope", "l");
        },
        &[(
            "/ratings/1/indicator",
            "unknown-reference",
            "unknown indicator \"nope\"",
        )],
    ),
    (
        "unknown rating id",
        |a| {
            a.rate("x2", "largely");
        },
        &[(
            "/ratings/0/rating",
            "unknown-reference",
            "unknown rating \"largely\"",
        )],
    ),
    (
        "rating ids are case-sensitive",
        |a| {
            a.rate("x2", "L");
        },
        &[(
            "/ratings/0/rating",
            "unknown-reference",
            "unknown rating \"L\"",
        )],
    ),
    (
        "model id mismatch",
        |a| a.model.id = "other".to_owned(),
        &[(
            "/model/id",
            "model-mismatch",
            "the assessment is for model \"other\", not \"tiny\"",
        )],
    ),
    (
        "model version mismatch",
        |a| a.model.version = "1.0".to_owned(),
        &[(
            "/model/version",
            "model-mismatch",
            "the assessment is for version \"1.0\" of model \"tiny\", not \"1.0.0\"",
        )],
    ),
    (
        "impossible date",
        |a| a.date = Some("2026-02-30".to_owned()),
        &[("/date", "invalid-value", "invalid date \"2026-02-30\"")],
    ),
    (
        "malformed date",
        |a| a.date = Some("12/11/2026".to_owned()),
        &[("/date", "invalid-value", "invalid date \"12/11/2026\"")],
    ),
    (
        "unsupported format version",
        |a| a.format_version = 2,
        &[(
            "/format_version",
            "unsupported-version",
            "format_version 2 is not supported",
        )],
    ),
];

#[test]
fn each_assessment_error() {
    let model = model();
    for (case, change, expected) in CASES {
        let mut assessment = assessment(&model, &[]);
        change(&mut assessment);
        assert_problems(case, &model, &assessment, expected);
    }
}

#[test]
fn not_applicable_where_model_forbids_it() {
    let model = model_without_not_applicable();
    let assessment = assessment(&model, &[("x2", "l"), ("y2", "n/a")]);
    let expected = [(
        "/ratings/1/rating",
        "not-applicable-not-allowed",
        "rating \"n/a\" is not allowed by this model",
    )];
    assert_problems("n/a forbidden", &model, &assessment, &expected);
}

#[test]
fn not_applicable_where_model_allows_it() {
    let model = model();
    let assessment = assessment(&model, &[("x2", "n/a")]);
    let bound = match model.bind(&assessment) {
        Ok(bound) => bound,
        Err(error) => panic!("{:#?}", error.problems()),
    };
    assert_eq!(bound.rating("x2"), Some("n/a"));
    assert_eq!(bound.rating("y2"), None);
    assert_eq!(bound.rating("nope"), None);
}

#[test]
fn unknown_rating_hint_lists_the_scale() {
    let cases = [
        (model(), "use one of: \"n\", \"p\", \"l\", \"f\", \"n/a\""),
        (
            model_without_not_applicable(),
            "use one of: \"n\", \"p\", \"l\", \"f\"",
        ),
    ];
    for (model, expected) in cases {
        let assessment = assessment(&model, &[("x2", "yes")]);
        let error = match model.bind(&assessment) {
            Ok(_) => panic!("rating \"yes\" binds"),
            Err(error) => error,
        };
        assert_eq!(error.problems()[0].hint, expected);
    }
}

#[test]
fn several_faults_reported_together_in_order() {
    let model = model_without_not_applicable();
    let text = r#"{
        "format_version": 1,
        "model": { "id": "tiny", "version": "9.9.9" },
        "subject": { "id": "s1", "kind": "team" },
        "date": "2026-13-01",
        "ratings": [
            { "indicator": "x2", "rating": "f" },
            { "indicator": "ghost", "rating": "f" },
            { "indicator": "y2", "rating": "n/a" },
            { "indicator": "x2", "rating": "l" },
            { "indicator": "x3", "rating": "sometimes" }
        ]
    }"#;
    let assessment = match Assessment::from_json_str(text) {
        Ok(assessment) => assessment,
        Err(error) => panic!("{:#?}", error.problems()),
    };
    let expected = [
        (
            "/model/version",
            "model-mismatch",
            "the assessment is for version \"9.9.9\" of model \"tiny\", not \"1.0.0\"",
        ),
        ("/date", "invalid-value", "invalid date \"2026-13-01\""),
        (
            "/ratings/1/indicator",
            "unknown-reference",
            "unknown indicator \"ghost\"",
        ),
        (
            "/ratings/2/rating",
            "not-applicable-not-allowed",
            "rating \"n/a\" is not allowed by this model",
        ),
        (
            "/ratings/3/indicator",
            "duplicate-rating",
            "indicator \"x2\" is already rated at /ratings/0",
        ),
        (
            "/ratings/4/rating",
            "unknown-reference",
            "unknown rating \"sometimes\"",
        ),
    ];
    assert_problems("several faults", &model, &assessment, &expected);
}

#[test]
fn error_display_counts_the_rest() {
    let model = model();
    let mut assessment = assessment(&model, &[("nope", "l"), ("x2", "maybe")]);
    assessment.model.version = "9.9.9".to_owned();
    let error = match model.bind(&assessment) {
        Ok(_) => panic!("the assessment binds"),
        Err(error) => error,
    };
    let first = error.problems()[0].to_string();
    assert!(first.starts_with("/model/version: "), "{first}");
    assert_eq!(error.to_string(), format!("{first}, and 2 more errors"));
}

#[test]
fn other_model_skips_rating_checks() {
    let model = model();
    let mut assessment = assessment(&model, &[("nope", "l"), ("x2", "maybe")]);
    assessment.model.id = "other".to_owned();
    let error = match model.bind(&assessment) {
        Ok(_) => panic!("the assessment binds"),
        Err(error) => error,
    };
    let paths: Vec<&str> = error.problems().iter().map(|p| p.path.as_str()).collect();
    assert_eq!(paths, ["/model/id"]);
    let first = "/model/id: the assessment is for model \"other\", not \"tiny\" \
                 (classify it with the model it names, or fix the model id)";
    assert_eq!(error.to_string(), first);
}

#[test]
fn bundled_samples_bind_to_their_models() {
    let cases = [
        ("emerging-team", None),
        ("steady-team", None),
        ("leading-individual", None),
        (
            "practice-implementation-sample",
            Some("practice-implementation"),
        ),
        ("capability-sample", Some("capability")),
    ];
    for (stem, model_stem) in cases {
        let custom = model_stem.map(common::sample_model);
        let model = custom.as_ref().unwrap_or_else(|| maturity::kam());
        let result = model.bind(&common::sample_assessment(stem));
        assert!(result.is_ok(), "{stem}: {:?}", result.err());
    }
}
