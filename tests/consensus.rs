//! Consensus of several assessors on one subject: each policy, `"n/a"`
//! handling, the disagreement report and the errors.

use maturity::{
    Assessment, Consensus, ConsensusPolicy, Error, ErrorKind, Model, NOT_APPLICABLE, ProblemCode,
    Share, Subject, SubjectKind,
};
use proptest::prelude::*;

const CAPABILITY_MODEL: &str = include_str!("../examples/models/capability.json");

/// The indicator that the single-indicator cases rate.
const INDICATOR: &str = "process-2-documented";

/// Marks an assessor who leaves the indicator unanswered.
const UNANSWERED: &str = "-";

fn assessment(assessor: &str) -> Assessment {
    let mut assessment = Assessment::new("kam", "1.0.0", Subject::new("north", SubjectKind::Team));
    assessment.assessor = Some(assessor.to_owned());
    assessment
}

/// Builds one assessment per entry, rating [`INDICATOR`] with it, or
/// leaving it unanswered for [`UNANSWERED`].
fn one_indicator(ratings: &[&str]) -> Vec<Assessment> {
    ratings
        .iter()
        .enumerate()
        .map(|(index, rating)| {
            let mut assessment = assessment(&format!("assessor {index}"));
            if *rating != UNANSWERED {
                assessment.rate(INDICATOR, rating);
            }
            assessment
        })
        .collect()
}

fn combined_rating<'a>(consensus: &'a Consensus, indicator: &str) -> Option<&'a str> {
    consensus
        .assessment
        .ratings
        .iter()
        .find(|rating| rating.indicator == indicator)
        .map(|rating| rating.rating.as_str())
}

#[track_caller]
fn check_policy(policy: ConsensusPolicy, ratings: &[&str], expected: Option<&str>) {
    let model = maturity::kam();
    let consensus = Consensus::build(model, &one_indicator(ratings), policy)
        .unwrap_or_else(|error| panic!("{ratings:?}: {error}"));
    assert_eq!(
        combined_rating(&consensus, INDICATOR),
        expected,
        "{policy:?} of {ratings:?}"
    );
}

#[test]
fn minimum_takes_lowest_rating() {
    let cases: [(&[&str], &str); 4] = [
        (&["fully"], "fully"),
        (&["fully", "partly", "largely"], "partly"),
        (&["largely", "not", "fully"], "not"),
        (&["largely", "largely"], "largely"),
    ];
    for (ratings, expected) in cases {
        check_policy(ConsensusPolicy::Minimum, ratings, Some(expected));
    }
}

#[test]
fn minimum_is_the_default_policy() {
    assert_eq!(ConsensusPolicy::default(), ConsensusPolicy::Minimum);
}

#[test]
fn lower_median_takes_lower_middle_rating() {
    let cases: [(&[&str], &str); 6] = [
        (&["partly"], "partly"),
        (&["not", "fully"], "not"),
        (&["fully", "largely"], "largely"),
        (&["partly", "fully", "largely"], "largely"),
        (&["fully", "largely", "partly", "not"], "partly"),
        (&["fully", "fully", "not", "largely"], "largely"),
    ];
    for (ratings, expected) in cases {
        check_policy(ConsensusPolicy::LowerMedian, ratings, Some(expected));
    }
}

#[test]
fn majority_takes_most_frequent_rating() {
    let cases: [(&[&str], &str); 6] = [
        (&["largely"], "largely"),
        (&["largely", "fully", "largely"], "largely"),
        (&["fully", "not", "fully"], "fully"),
        (&["partly", "fully", "fully", "partly", "largely"], "partly"),
        (&["fully", "partly"], "partly"),
        (&["fully", "fully", "not", "not", "largely"], "not"),
    ];
    for (ratings, expected) in cases {
        check_policy(ConsensusPolicy::Majority, ratings, Some(expected));
    }
}

#[test]
fn not_applicable_and_unanswered_handling() {
    let cases: [(&[&str], Option<&str>); 7] = [
        (&["n/a", "n/a"], Some("n/a")),
        (&["n/a", UNANSWERED], Some("n/a")),
        (&["n/a", "partly"], Some("partly")),
        (&["fully", "n/a", "largely"], Some("largely")),
        (&[UNANSWERED, "fully"], Some("fully")),
        (&[UNANSWERED, UNANSWERED], None),
        (&[UNANSWERED, "n/a", "fully", "fully"], Some("fully")),
    ];
    for policy in [
        ConsensusPolicy::Minimum,
        ConsensusPolicy::LowerMedian,
        ConsensusPolicy::Majority,
    ] {
        for (ratings, expected) in cases {
            check_policy(policy, ratings, expected);
        }
    }
}

/// Returns the indicator ids of the `n/a` answers set aside and of the
/// disagreements.
fn reported(consensus: &Consensus) -> (Vec<&str>, Vec<&str>) {
    let set_aside = consensus
        .not_applicable_set_aside
        .iter()
        .map(|d| d.indicator.as_str())
        .collect();
    let spread = consensus
        .disagreements
        .iter()
        .map(|d| d.indicator.as_str())
        .collect();
    (set_aside, spread)
}

#[test]
fn set_aside_not_applicable_is_reported() {
    // (ratings, set aside, disagreement with this many steps)
    let cases: [(&[&str], bool, Option<u32>); 7] = [
        (&["n/a", "n/a"], false, None),
        (&["n/a", UNANSWERED], false, None),
        (&["n/a", "partly"], true, None),
        (&["fully", "n/a", "fully"], true, None),
        (&["fully", "n/a", "partly"], true, Some(2)),
        (&["partly", "largely"], false, Some(1)),
        (&["not", UNANSWERED, "fully"], false, Some(3)),
    ];
    let model = maturity::kam();
    for (ratings, set_aside, steps) in cases {
        let consensus = Consensus::build(model, &one_indicator(ratings), ConsensusPolicy::Minimum)
            .unwrap_or_else(|error| panic!("{ratings:?}: {error}"));
        let (aside, spread) = reported(&consensus);
        let expected_aside: &[&str] = if set_aside { &[INDICATOR] } else { &[] };
        assert_eq!(aside, expected_aside, "set aside for {ratings:?}");
        let expected_spread: &[&str] = if steps.is_some() { &[INDICATOR] } else { &[] };
        assert_eq!(spread, expected_spread, "disagreements for {ratings:?}");
        let found_steps = consensus.disagreements.first().map(|d| d.steps);
        assert_eq!(found_steps, steps, "steps for {ratings:?}");
    }
}

#[test]
fn disagreement_lists_every_assessor_in_input_order() {
    let model = maturity::kam();
    let inputs = one_indicator(&["fully", UNANSWERED, "n/a", "partly"]);
    let consensus = Consensus::build(model, &inputs, ConsensusPolicy::Minimum).unwrap();
    let expected = [
        ("assessor 0", Some("fully")),
        ("assessor 1", None),
        ("assessor 2", Some(NOT_APPLICABLE)),
        ("assessor 3", Some("partly")),
    ];
    for disagreement in [
        &consensus.disagreements[0],
        &consensus.not_applicable_set_aside[0],
    ] {
        assert_eq!(disagreement.dimension, "process");
        let found: Vec<(&str, Option<&str>)> = disagreement
            .ratings
            .iter()
            .map(|r| (r.assessor.as_str(), r.rating.as_deref()))
            .collect();
        assert_eq!(found, expected);
    }
}

#[test]
fn agreement_share_per_dimension() {
    let model = maturity::kam();
    let mut first = assessment("Ana");
    let mut second = assessment("Ben");
    // process: five answered, four agreed.
    first.rate("process-2-documented", "fully");
    second.rate("process-2-documented", "fully");
    first.rate("process-2-formal-meetings", "partly");
    second.rate("process-2-formal-meetings", "largely");
    first.rate("process-3-consistent-adherence", "n/a");
    second.rate("process-3-consistent-adherence", "n/a");
    first.rate("process-3-meeting-follow-up", "fully");
    first.rate("process-3-new-hire-training", "n/a");
    second.rate("process-3-new-hire-training", "largely");
    // communication: one answered, none agreed.
    first.rate("communication-2-team-updates", "not");
    second.rate("communication-2-team-updates", "fully");
    // leadership: three answered, two agreed.
    first.rate("leadership-2-change-commitment", "largely");
    second.rate("leadership-2-change-commitment", "largely");
    first.rate("leadership-2-sales-training", "partly");
    second.rate("leadership-2-sales-training", "not");
    second.rate("leadership-3-adherence-coaching", "fully");

    let consensus = Consensus::build(model, &[first, second], ConsensusPolicy::Minimum).unwrap();
    let expected = [
        ("process", Share::new(4, 5), Some(80)),
        ("account-planning", Share::new(0, 0), None),
        ("communication", Share::new(0, 1), Some(0)),
        ("leadership", Share::new(2, 3), Some(66)),
        ("customer-experience", Share::new(0, 0), None),
        ("technology", Share::new(0, 0), None),
    ];
    assert_eq!(consensus.agreement.len(), expected.len());
    for (found, (dimension, share, percent)) in consensus.agreement.iter().zip(expected) {
        assert_eq!(found.dimension, dimension);
        assert_eq!(found.share, share, "{dimension}");
        assert_eq!(found.share.percent, percent, "{dimension}");
    }
}

#[test]
fn combined_assessment_header() {
    let model = maturity::kam();
    let mut first = assessment("Ana");
    first.date = Some("2026-03-01".to_owned());
    let mut second = assessment("Ben");
    second.assessor = None;
    let mut third = assessment("Cy");
    third.date = Some("2026-05-10".to_owned());
    third.subject.name = Some("North team".to_owned());

    let consensus =
        Consensus::build(model, &[first, second, third], ConsensusPolicy::Minimum).unwrap();
    let combined = &consensus.assessment;
    assert_eq!(
        combined.assessor.as_deref(),
        Some("consensus of Ana, assessment 1, Cy")
    );
    assert_eq!(combined.date.as_deref(), Some("2026-05-10"));
    assert_eq!(combined.subject.id, "north");
    assert_eq!(combined.subject.name, None);
    assert_eq!(combined.model.id, "kam");
    assert_eq!(consensus.assessors, ["Ana", "assessment 1", "Cy"]);
    assert_eq!(consensus.policy, ConsensusPolicy::Minimum);
}

#[test]
fn combined_ratings_follow_model_order_with_notes() {
    let model = maturity::kam();
    let mut first = assessment("Ana");
    first.rate("technology-2-crm-records", "fully");
    first.rate("process-2-documented", "largely");
    first.ratings[1].note = Some("handbook is current".to_owned());
    let mut second = assessment("Ben");
    second.rate("process-2-documented", "fully");
    second.ratings[0].note = Some("seen in March".to_owned());
    second.rate("technology-2-crm-records", "partly");

    let consensus = Consensus::build(model, &[first, second], ConsensusPolicy::Minimum).unwrap();
    let ratings = &consensus.assessment.ratings;
    let found: Vec<(&str, &str, Option<&str>)> = ratings
        .iter()
        .map(|r| (r.indicator.as_str(), r.rating.as_str(), r.note.as_deref()))
        .collect();
    assert_eq!(
        found,
        [
            (
                "process-2-documented",
                "largely",
                Some("Ana: handbook is current\nBen: seen in March")
            ),
            ("technology-2-crm-records", "partly", None),
        ]
    );
    assert!(model.bind(&consensus.assessment).is_ok());
}

#[test]
fn minimum_consensus_of_two_sample_teams() {
    let model = maturity::kam();
    let emerging =
        Assessment::from_json_str(include_str!("../examples/assessments/emerging-team.json"))
            .unwrap();
    let mut steady =
        Assessment::from_json_str(include_str!("../examples/assessments/steady-team.json"))
            .unwrap();
    steady.subject = emerging.subject.clone();

    let consensus = Consensus::build(model, &[emerging, steady], ConsensusPolicy::Minimum).unwrap();
    let classification = model.bind(&consensus.assessment).unwrap().classify();
    let levels: Vec<Option<u32>> = classification.dimensions.iter().map(|d| d.number).collect();
    // Each dimension stands at the lower of the two teams' levels, except
    // technology. The emerging team left technology-3-client-notes
    // unanswered, which holds it at level 2 alone, but the consensus takes
    // the steady team's "largely" for it, and both rate the other level 2
    // and 3 technology indicators at least "largely".
    assert_eq!(
        levels,
        [Some(3), Some(2), Some(2), Some(3), Some(2), Some(3)]
    );
    assert_eq!(classification.overall.number, Some(2));
}

#[track_caller]
fn check_error(inputs: &[Assessment], kind: ErrorKind, expected: &[(&str, ProblemCode, &str)]) {
    let model = maturity::kam();
    let error: Error = match Consensus::build(model, inputs, ConsensusPolicy::Minimum) {
        Ok(_) => panic!("expected {expected:?}, got a consensus"),
        Err(error) => error,
    };
    assert_eq!(error.kind(), kind);
    let found: Vec<(&str, ProblemCode, &str)> = error
        .problems()
        .iter()
        .map(|p| (p.path.as_str(), p.code, p.message.as_str()))
        .collect();
    assert_eq!(found, expected);
}

#[test]
fn empty_input_is_an_error() {
    check_error(
        &[],
        ErrorKind::InvalidGroup,
        &[("", ProblemCode::EmptyInput, "no assessments to combine")],
    );
}

#[test]
fn mixed_inputs_are_errors() {
    let mut other_subject = assessment("Ben");
    other_subject.subject.id = "south".to_owned();
    let mut other_model = assessment("Cy");
    other_model.model.id = "capability".to_owned();
    let mut other_version = assessment("Dee");
    other_version.model.version = "2.0.0".to_owned();
    let inputs = [assessment("Ana"), other_subject, other_model, other_version];
    check_error(
        &inputs,
        ErrorKind::InvalidGroup,
        &[
            (
                "/1/subject/id",
                ProblemCode::MixedSubjects,
                "assessment 1 is of subject \"south\", but assessment 0 is of subject \"north\"",
            ),
            (
                "/2/model/id",
                ProblemCode::MixedModels,
                "assessment 2 is for model \"capability\", but assessment 0 is for model \"kam\"",
            ),
            (
                "/3/model/version",
                ProblemCode::MixedModelVersions,
                "assessment 3 is for version \"2.0.0\" of model \"kam\", but assessment 0 is for version \"1.0.0\"",
            ),
        ],
    );
}

#[test]
fn invalid_assessments_report_input_index() {
    let mut first = assessment("Ana");
    first.rate("process-2-documented", "fully");
    let mut second = assessment("Ben");
    second
        .rate("process-2-documented", "fully")
        .rate("process-2-formal-meetings", "fully")
        .rate("process-3-new-hire-training", "fully")
        .rate("process-3-meeting-follow-up", "mostly");
    let mut third = assessment("Cy");
    third.rate("process-9-unknown", "fully");
    check_error(
        &[first, second, third],
        ErrorKind::InvalidAssessment,
        &[
            (
                "/1/ratings/3/rating",
                ProblemCode::UnknownReference,
                "unknown rating \"mostly\"",
            ),
            (
                "/2/ratings/0/indicator",
                ProblemCode::UnknownReference,
                "unknown indicator \"process-9-unknown\"",
            ),
        ],
    );
}

#[test]
fn group_for_another_model_fails_to_bind() {
    let mut first = assessment("Ana");
    first.model.id = "capability".to_owned();
    let error = Consensus::build(maturity::kam(), &[first], ConsensusPolicy::Minimum).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidAssessment);
    assert_eq!(error.problems()[0].path, "/0/model/id");
    assert_eq!(error.problems()[0].code, ProblemCode::ModelMismatch);
}

#[test]
fn policy_names_match_json() {
    for policy in [
        ConsensusPolicy::Minimum,
        ConsensusPolicy::LowerMedian,
        ConsensusPolicy::Majority,
    ] {
        let json = serde_json::to_string(&policy).unwrap();
        assert_eq!(json, format!("\"{}\"", policy.as_str()));
    }
}

#[test]
fn consensus_types_are_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<Consensus>();
    check::<ConsensusPolicy>();
    check::<maturity::Disagreement>();
    check::<maturity::DimensionAgreement>();
}

/// Generates every indicator's answer for each of 1 to 4 assessors, with
/// answers drawn from `points` or `"n/a"` when `not_applicable` is set.
fn full_ratings(model: &Model) -> impl Strategy<Value = Vec<Vec<String>>> + use<> {
    let mut answers: Vec<String> = model.scale().points.iter().map(|p| p.id.clone()).collect();
    if model.scale().not_applicable {
        answers.push(NOT_APPLICABLE.to_owned());
    }
    let indicators = model.indicators().len();
    // Higher points are likelier, so that levels above the floor occur.
    let weighted: Vec<(u32, Just<String>)> = answers
        .into_iter()
        .enumerate()
        .map(|(position, answer)| {
            let weight = if answer == NOT_APPLICABLE {
                1
            } else {
                1 + 3 * position as u32
            };
            (weight, Just(answer))
        })
        .collect();
    let answer = prop::strategy::Union::new_weighted(weighted);
    prop::collection::vec(prop::collection::vec(answer, indicators), 1..=4)
}

fn rated_group(model: &Model, ratings: &[Vec<String>]) -> Vec<Assessment> {
    ratings
        .iter()
        .enumerate()
        .map(|(index, answers)| {
            let subject = Subject::new("subject", SubjectKind::Team);
            let mut assessment = Assessment::new(model.id(), model.version(), subject);
            assessment.assessor = Some(format!("assessor {index}"));
            for (indicator, answer) in model.indicators().iter().zip(answers) {
                assessment.rate(&indicator.id, answer);
            }
            assessment
        })
        .collect()
}

fn capability() -> Model {
    Model::from_json_str(CAPABILITY_MODEL).expect("the sample model is valid")
}

fn check_minimum_never_exceeds(model: &Model, ratings: &[Vec<String>]) {
    let inputs = rated_group(model, ratings);
    let consensus = Consensus::build(model, &inputs, ConsensusPolicy::Minimum).unwrap();
    let combined = model.bind(&consensus.assessment).unwrap().classify();
    for input in &inputs {
        let own = model.bind(input).unwrap().classify();
        for (mine, theirs) in combined.dimensions.iter().zip(&own.dimensions) {
            if let (Some(low), Some(high)) = (mine.number, theirs.number) {
                assert!(low <= high, "{}: {low} > {high}", mine.id);
            }
        }
        if let (Some(mine), Some(theirs)) = (combined.overall.number, own.overall.number) {
            assert!(mine <= theirs, "overall: {mine} > {theirs}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn prop_minimum_consensus_never_exceeds_an_assessor_on_kam(
        ratings in full_ratings(maturity::kam())
    ) {
        check_minimum_never_exceeds(maturity::kam(), &ratings);
    }

    #[test]
    fn prop_minimum_consensus_never_exceeds_an_assessor_on_capability(
        ratings in full_ratings(&capability())
    ) {
        check_minimum_never_exceeds(&capability(), &ratings);
    }

    #[test]
    fn prop_every_policy_picks_a_rating_given(ratings in full_ratings(maturity::kam())) {
        let model = maturity::kam();
        let inputs = rated_group(model, &ratings);
        for policy in [ConsensusPolicy::Minimum, ConsensusPolicy::LowerMedian, ConsensusPolicy::Majority] {
            let consensus = Consensus::build(model, &inputs, policy).unwrap();
            for (position, rating) in consensus.assessment.ratings.iter().enumerate() {
                let rated: Vec<&str> = ratings.iter().map(|r| r[position].as_str()).collect();
                let points: Vec<&str> = rated.iter().copied().filter(|g| *g != NOT_APPLICABLE).collect();
                if points.is_empty() {
                    prop_assert_eq!(rating.rating.as_str(), NOT_APPLICABLE);
                } else {
                    prop_assert!(points.contains(&rating.rating.as_str()), "{:?}: {}", policy, rating.rating);
                }
            }
        }
    }
}

#[test]
fn consensus_json_matches_its_schema() {
    let model = maturity::kam();
    let inputs = one_indicator(&["fully", "n/a", "partly", UNANSWERED]);
    let consensus = Consensus::build(model, &inputs, ConsensusPolicy::Majority).unwrap();
    let value = serde_json::to_value(&consensus).unwrap();

    let schema = serde_json::to_value(schemars::schema_for!(Consensus)).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");

    let mut extra = value.clone();
    extra["unknown"] = serde_json::Value::Bool(true);
    assert!(
        !validator.is_valid(&extra),
        "the schema accepts an unknown key"
    );

    let back: Consensus = serde_json::from_value(value).unwrap();
    assert_eq!(back, consensus);
}

/// A model whose second indicator is rated on a named yes/no scale.
const NAMED_SCALE_MODEL: &str = r#"{
  "format_version": 1, "id": "named", "name": "Named scales", "version": "1",
  "levels": [
    { "id": "l0", "number": 0, "name": "Zero", "advance": "start" },
    { "id": "l1", "number": 1, "name": "One" }
  ],
  "dimensions": [ { "id": "d", "name": "D" } ],
  "scale": { "points": [
    { "id": "low", "label": "Low", "score": 0 },
    { "id": "high", "label": "High", "score": 100 } ] },
  "scales": [ { "id": "binary", "points": [
    { "id": "no", "label": "No", "score": 0 },
    { "id": "yes", "label": "Yes", "score": 100 } ] } ],
  "rules": { "level": { "method": "all", "at_level": { "percent": 100 }, "below_level": { "percent": 100 } } },
  "indicators": [
    { "id": "plain", "dimension": "d", "level": "l1", "statement": "s" },
    { "id": "binary", "dimension": "d", "level": "l1", "statement": "s", "scale": "binary" }
  ]
}"#;

#[test]
fn named_scale_ratings_are_combined() {
    let model = Model::from_json_str(NAMED_SCALE_MODEL).unwrap();
    let inputs: Vec<Assessment> = [("a", "yes"), ("b", "no")]
        .into_iter()
        .map(|(assessor, rating)| {
            let subject = Subject::new("north", SubjectKind::Team);
            let mut assessment = Assessment::new("named", "1", subject);
            assessment.assessor = Some(assessor.to_owned());
            assessment.rate("plain", "high").rate("binary", rating);
            assessment
        })
        .collect();
    let minimum = Consensus::build(&model, &inputs, ConsensusPolicy::Minimum).unwrap();
    assert_eq!(combined_rating(&minimum, "binary"), Some("no"));
    assert_eq!(combined_rating(&minimum, "plain"), Some("high"));
    let disagreements: Vec<&str> = minimum
        .disagreements
        .iter()
        .map(|d| d.indicator.as_str())
        .collect();
    assert_eq!(disagreements, ["binary"]);
}
