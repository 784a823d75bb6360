//! The lean paths, `classify_levels`, `gap_counts` and
//! `classify_levels_and_gap_counts`, against the rich
//! `classify`, `classify_batch` and `gaps` on the samples and on random
//! models and ratings.

mod common;
#[path = "../benches/support/generated.rs"]
mod generated;

use generated::{Recipe, Rule};
use maturity::{Assessment, BoundAssessment, Model, Target};
use proptest::prelude::*;
use serde_json::{Value, json};

/// Checks that the lean results of `bound` match the rich ones for the next
/// level and for every level of the model as target.
#[track_caller]
fn assert_lean_matches_rich(bound: &BoundAssessment<'_>, context: &str) {
    let model = bound.model();
    let classification = bound.classify();
    let levels = bound.classify_levels();
    let rich: Vec<Option<u32>> = classification
        .dimensions
        .iter()
        .map(|dimension| dimension.number)
        .collect();
    assert_eq!(levels.dimensions, rich, "dimension levels, {context}");
    assert_eq!(
        levels.overall, classification.overall.number,
        "overall level, {context}"
    );

    let mut targets = vec![Target::NextLevel];
    targets.extend(model.levels().iter().map(|l| Target::Level(l.id.clone())));
    for target in &targets {
        let counts = bound.gap_counts(target).expect("target is valid");
        let report = bound.gaps(target).expect("target is valid");
        let items: Vec<usize> = report.dimensions.iter().map(|d| d.items.len()).collect();
        assert_eq!(
            counts.dimensions, items,
            "gap counts for {target:?}, {context}"
        );
        assert_eq!(
            counts.total(),
            report.items().count(),
            "{target:?}, {context}"
        );
        let (one_walk_levels, one_walk_counts) = bound
            .classify_levels_and_gap_counts(target)
            .expect("target is valid");
        assert_eq!(
            one_walk_levels, levels,
            "levels from one walk for {target:?}, {context}"
        );
        assert_eq!(
            one_walk_counts, counts,
            "gap counts from one walk for {target:?}, {context}"
        );
    }
}

#[test]
fn lean_paths_match_rich_on_samples() {
    let cases = [
        ("kam", "steady-team"),
        ("kam", "emerging-team"),
        ("kam", "leading-individual"),
        ("capability", "capability-sample"),
        ("practice-implementation", "practice-implementation-sample"),
    ];
    for (model_stem, assessment_stem) in cases {
        let model = if model_stem == "kam" {
            maturity::kam().clone()
        } else {
            common::sample_model(model_stem)
        };
        let assessment = common::sample_assessment(assessment_stem);
        let bound = model.bind(&assessment).expect("sample binds");
        assert_lean_matches_rich(&bound, assessment_stem);
    }
}

#[test]
fn batch_levels_match_lean_levels() {
    let model = maturity::kam();
    let assessments: Vec<Assessment> = ["steady-team", "emerging-team", "leading-individual"]
        .into_iter()
        .map(common::sample_assessment)
        .collect();
    let results = maturity::classify_batch(model, &assessments);
    for (assessment, result) in assessments.iter().zip(results) {
        let classification = result.expect("sample binds");
        let levels = model
            .bind(assessment)
            .expect("sample binds")
            .classify_levels();
        let batch: Vec<Option<u32>> = classification
            .dimensions
            .iter()
            .map(|dimension| dimension.number)
            .collect();
        assert_eq!(levels.dimensions, batch, "{}", assessment.subject.id);
        assert_eq!(levels.overall, classification.overall.number);
    }
}

/// Level rules that a dimension of a random model may use in place of the
/// model's.
fn dimension_rules() -> [Value; 6] {
    [
        json!({"method": "all", "at_level": "l", "below_level": "f"}),
        json!({"method": "all", "at_level": "p", "below_level": "l"}),
        json!({"method": "share", "threshold": "l", "percent": 50}),
        json!({"method": "share", "threshold": {"percent": 60}, "percent": 80}),
        json!({"method": "mean", "percent": 60}),
        json!({"method": "mean", "percent": 100}),
    ]
}

/// Builds a small generated model, then gives each dimension a weight and,
/// where `rules` names one, its own level rule.
fn random_model(per_level: usize, overall: &str, dimensions: &[(u32, Option<usize>)]) -> Model {
    let recipe = Recipe {
        dimensions: dimensions.len(),
        levels: 4,
        per_level,
        rule: Rule::All,
    };
    let mut value: Value = serde_json::from_str(&recipe.model_json()).expect("valid JSON");
    value["rules"]["overall"] = json!(overall);
    let rules = dimension_rules();
    for (index, &(weight, rule)) in dimensions.iter().enumerate() {
        let dimension = &mut value["dimensions"][index];
        dimension["weight"] = json!(weight);
        if let Some(rule) = rule {
            dimension["rule"] = rules[rule].clone();
        }
    }
    Model::from_json_str(&value.to_string()).expect("random model is valid")
}

/// Rates each indicator of `model` by the next entry of `choices`: 0
/// leaves it unanswered, 1 rates it `"n/a"` where the model allows it, and
/// the rest pick a point of its scale.
fn rate(model: &Model, choices: &[usize]) -> Assessment {
    let mut assessment: Assessment = serde_json::from_value(json!({
        "format_version": 1,
        "model": {"id": model.id(), "version": model.version()},
        "subject": {"id": "random", "kind": "team"},
        "ratings": []
    }))
    .expect("valid assessment");
    for (indicator, &choice) in model.indicators().iter().zip(choices.iter().cycle()) {
        let points = model.scale_points(&indicator.id).expect("indicator exists");
        match choice % (points.len() + 2) {
            0 => {}
            1 if model.scale().not_applicable => {
                assessment.rate(&indicator.id, "n/a");
            }
            1 => {}
            point => {
                assessment.rate(&indicator.id, &points[point - 2].id);
            }
        }
    }
    assessment
}

fn dimension_spec() -> impl Strategy<Value = (u32, Option<usize>)> {
    (1u32..5, prop::option::of(0..dimension_rules().len()))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn prop_lean_levels_and_gap_counts_equal_rich(
        per_level in 1usize..5,
        overall in prop::sample::select(vec!["minimum", "lower_median", "weighted_mean"]),
        dimensions in prop::collection::vec(dimension_spec(), 1..5),
        choices in prop::collection::vec(0usize..6, 1..80),
    ) {
        let model = random_model(per_level, overall, &dimensions);
        let assessment = rate(&model, &choices);
        let bound = model.bind(&assessment).expect("random ratings bind");
        assert_lean_matches_rich(&bound, "random model");
    }

    #[test]
    fn prop_lean_levels_equal_batch_on_kam(choices in prop::collection::vec(0usize..6, 1..60)) {
        let model = maturity::kam();
        let assessment = rate(model, &choices);
        let bound = model.bind(&assessment).expect("random ratings bind");
        assert_lean_matches_rich(&bound, "kam");
        let batch = maturity::classify_batch(model, std::slice::from_ref(&assessment));
        let classification = batch[0].as_ref().expect("random ratings bind");
        prop_assert_eq!(bound.classify_levels().overall, classification.overall.number);
    }
}
