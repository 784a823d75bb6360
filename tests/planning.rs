//! Roadmaps, target profiles, what-if projections and progress reports,
//! checked against hand-worked cases.

use maturity::{Assessment, ErrorKind, Model, Rating, Subject, SubjectKind, Target, TargetProfile};

/// A two-dimension model on a no/yes scale. Prerequisites cross dimensions:
/// `a1y` needs `b1x`, and `b2x` needs `a2x`. Inside level 2 of `a`, `a2z`
/// needs `a2y`; `a2x` has the highest impact and `a2y` the lowest effort.
const MODEL: &str = r#"{
  "format_version": 1, "id": "plan-test", "name": "Plan test", "version": "1",
  "levels": [
    { "id": "l0", "number": 0, "name": "Zero", "advance": "start" },
    { "id": "l1", "number": 1, "name": "One", "advance": "keep going" },
    { "id": "l2", "number": 2, "name": "Two" }
  ],
  "dimensions": [ { "id": "a", "name": "A" }, { "id": "b", "name": "B" } ],
  "scale": { "points": [
    { "id": "no", "label": "No", "score": 0 },
    { "id": "yes", "label": "Yes", "score": 100 } ] },
  "rules": { "level": { "method": "all", "at_level": "yes", "below_level": "yes" } },
  "indicators": [
    { "id": "a1x", "dimension": "a", "level": "l1", "statement": "a1x" },
    { "id": "a1y", "dimension": "a", "level": "l1", "statement": "a1y", "requires": ["b1x"] },
    { "id": "a2x", "dimension": "a", "level": "l2", "statement": "a2x", "impact": 5 },
    { "id": "a2y", "dimension": "a", "level": "l2", "statement": "a2y", "effort": 1 },
    { "id": "a2z", "dimension": "a", "level": "l2", "statement": "a2z", "requires": ["a2y"] },
    { "id": "b1x", "dimension": "b", "level": "l1", "statement": "b1x" },
    { "id": "b2x", "dimension": "b", "level": "l2", "statement": "b2x", "requires": ["a2x"] }
  ]
}"#;

fn model() -> Model {
    Model::from_json_str(MODEL).unwrap()
}

fn assessment(ratings: &[(&str, &str)]) -> Assessment {
    let mut assessment = Assessment::new("plan-test", "1", Subject::new("s", SubjectKind::Team));
    for (indicator, rating) in ratings {
        assessment.rate(indicator, rating);
    }
    assessment
}

fn level(id: &str) -> Target {
    Target::Level(id.to_owned())
}

/// Returns each phase as its level and item ids, in order.
#[track_caller]
fn phases(model: &Model, ratings: &[(&str, &str)], target: &Target) -> Vec<(String, Vec<String>)> {
    let roadmap = model
        .bind(&assessment(ratings))
        .unwrap()
        .roadmap(target, None)
        .unwrap();
    roadmap
        .phases
        .iter()
        .map(|phase| {
            let items = phase
                .items
                .iter()
                .map(|item| item.indicator.clone())
                .collect();
            (phase.level.clone(), items)
        })
        .collect()
}

fn owned(phases: &[(&str, &[&str])]) -> Vec<(String, Vec<String>)> {
    phases
        .iter()
        .map(|(level, items)| {
            (
                level.to_string(),
                items.iter().map(|i| i.to_string()).collect(),
            )
        })
        .collect()
}

/// A roadmap case: name, ratings, target and the expected phases.
type RoadmapCase<'a> = (
    &'a str,
    &'a [(&'a str, &'a str)],
    Target,
    &'a [(&'a str, &'a [&'a str])],
);

#[test]
fn roadmap_order_table() {
    let model = model();
    let cases: [RoadmapCase; 4] = [
        (
            "prerequisites across dimensions come first, then impact, effort, model order",
            &[],
            level("l2"),
            &[
                ("l1", &["a1x", "b1x", "a1y"]),
                ("l2", &["a2x", "a2y", "a2z", "b2x"]),
            ],
        ),
        (
            "weakest link first: b joins in phase 1, a in phase 2",
            &[("a1x", "yes"), ("a1y", "yes")],
            Target::NextLevel,
            &[("l1", &["b1x"]), ("l2", &["a2x", "a2y", "a2z"])],
        ),
        (
            "a met prerequisite leaves no ordering constraint",
            &[
                ("a1x", "yes"),
                ("a1y", "yes"),
                ("b1x", "yes"),
                ("a2y", "yes"),
            ],
            level("l2"),
            &[("l2", &["a2x", "a2z", "b2x"])],
        ),
        (
            "nothing to do at the target",
            &[("a1x", "yes"), ("a1y", "yes"), ("b1x", "yes")],
            level("l1"),
            &[],
        ),
    ];
    for (name, ratings, target, expected) in cases {
        assert_eq!(phases(&model, ratings, &target), owned(expected), "{name}");
    }
}

#[test]
fn roadmap_items_explain_their_rank() {
    let model = model();
    let roadmap = model
        .bind(&assessment(&[]))
        .unwrap()
        .roadmap(&level("l2"), None)
        .unwrap();
    let a1y = &roadmap.phases[0].items[2];
    assert_eq!(a1y.indicator, "a1y");
    assert_eq!(a1y.after, ["b1x"]);
    assert_eq!(
        a1y.reason,
        "a stands at level 0; impact 3 (not given), effort 3 (not given); after its prerequisites b1x"
    );
    let a2x = &roadmap.phases[1].items[0];
    assert_eq!(a2x.impact, Some(5));
    assert_eq!(
        a2x.reason,
        "a stands at level 0; impact 5, effort 3 (not given)"
    );
    assert_eq!(roadmap.phases[1].phase, 2);
    assert_eq!(roadmap.phases[1].number, 2);
    assert_eq!(roadmap.phases[1].dimensions, ["a", "b"]);
}

#[test]
fn roadmap_summary_figures() {
    let model = model();
    let baseline = assessment(&[]);
    let current = assessment(&[("a1x", "yes"), ("b1x", "yes"), ("b2x", "no")]);
    let baseline = model.bind(&baseline).unwrap();
    let roadmap = model
        .bind(&current)
        .unwrap()
        .roadmap(&level("l2"), Some(&baseline))
        .unwrap();
    let summary = &roadmap.summary;
    assert_eq!(summary.items, 5);
    let per_dimension: Vec<(&str, u32)> = summary
        .per_dimension
        .iter()
        .map(|c| (c.dimension.as_str(), c.items))
        .collect();
    assert_eq!(per_dimension, [("a", 4), ("b", 1)]);
    // Seven criteria of weight 1 each ask for 100 points; five still miss
    // them, so 200 of 700 points are in place.
    assert_eq!(summary.target_score, 700);
    assert_eq!(summary.gap_score, 500);
    assert_eq!(summary.percent_to_target, 28);
    let baseline = summary.baseline.as_ref().unwrap();
    assert_eq!(baseline.percent_to_target, 0);
    assert_eq!(baseline.change, 28);
    assert_eq!(baseline.closed, ["a1x", "b1x"]);
    assert!(baseline.opened.is_empty());
}

#[test]
fn roadmap_rejects_a_baseline_of_another_subject() {
    let model = model();
    let mut other = assessment(&[]);
    other.subject.id = "other".to_owned();
    let other = model.bind(&other).unwrap();
    let error = model
        .bind(&assessment(&[]))
        .unwrap()
        .roadmap(&Target::NextLevel, Some(&other))
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidAssessment);
    assert_eq!(error.problems()[0].code.as_str(), "mixed-subjects");
}

#[test]
fn target_profile_sets_levels_per_dimension() {
    let model = model();
    let mut profile = TargetProfile::new(&model);
    profile.set("b", "l2");
    let target = Target::Profile(profile);
    let bound = model.bind(&assessment(&[])).unwrap();
    let report = bound.gaps(&target).unwrap();
    let targets: Vec<Option<&str>> = report
        .dimensions
        .iter()
        .map(|d| d.target.as_deref())
        .collect();
    assert_eq!(targets, [Some("l1"), Some("l2")]);
    assert_eq!(
        phases(&model, &[], &target),
        owned(&[("l1", &["a1x", "b1x", "a1y"]), ("l2", &["b2x"])])
    );
}

#[test]
fn target_profile_errors_name_the_path() {
    let text = r#"{"format_version": 1, "model": {"id": "plan-test", "version": "1"},
        "targets": [{"dimension": "c", "level": "l2"}, {"dimension": "a", "level": "l9"}]}"#;
    let profile = TargetProfile::from_json_str(text).unwrap();
    let error = model()
        .bind(&assessment(&[]))
        .unwrap()
        .gaps(&Target::Profile(profile))
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidTarget);
    let paths: Vec<(&str, &str)> = error
        .problems()
        .iter()
        .map(|p| (p.path.as_str(), p.code.as_str()))
        .collect();
    assert_eq!(
        paths,
        [
            ("/targets/0/dimension", "unknown-reference"),
            ("/targets/1/level", "unknown-reference")
        ]
    );
}

fn rating(indicator: &str, rating: &str) -> Rating {
    Rating::new(indicator, rating)
}

#[test]
fn what_if_projects_the_planned_changes() {
    let model = model();
    let current = assessment(&[("a1x", "yes"), ("a1y", "no")]);
    let plan = [rating("a1y", "yes"), rating("b1x", "yes")];
    let projection = model.what_if(&current, &plan).unwrap();
    assert_eq!(projection.current.overall.number, Some(0));
    assert_eq!(projection.projected.overall.number, Some(1));
    assert_eq!(projection.overall.delta, Some(1));
    let deltas: Vec<Option<i64>> = projection.dimensions.iter().map(|d| d.delta).collect();
    assert_eq!(deltas, [Some(1), Some(1)]);
    let changes: Vec<(&str, Option<&str>, Option<&str>)> = projection
        .changes
        .iter()
        .map(|c| {
            (
                c.indicator.as_str(),
                c.before.as_deref(),
                c.after.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        changes,
        [("a1y", Some("no"), Some("yes")), ("b1x", None, Some("yes"))]
    );
}

#[test]
fn what_if_rejects_unknown_indicators_and_ratings() {
    let model = model();
    let plan = [
        rating("zzz", "yes"),
        rating("a1x", "maybe"),
        rating("b1x", "yes"),
        rating("b1x", "no"),
    ];
    let error = model.what_if(&assessment(&[]), &plan).unwrap_err();
    let found: Vec<(&str, &str)> = error
        .problems()
        .iter()
        .map(|p| (p.path.as_str(), p.code.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("/changes/0/indicator", "unknown-reference"),
            ("/changes/1/rating", "unknown-reference"),
            ("/changes/3/indicator", "duplicate-rating"),
        ]
    );
    assert!(
        error.problems()[1]
            .message
            .starts_with("planned change: unknown rating \"maybe\"")
    );
}

#[test]
fn compare_reports_levels_and_indicators() {
    let model = model();
    let mut before = assessment(&[
        ("a1x", "yes"),
        ("a1y", "yes"),
        ("b1x", "no"),
        ("a2x", "yes"),
    ]);
    before.date = Some("2026-01-15".to_owned());
    let mut after = assessment(&[
        ("a1x", "yes"),
        ("a1y", "no"),
        ("b1x", "yes"),
        ("b2x", "yes"),
    ]);
    after.date = Some("2026-04-15".to_owned());
    let report =
        maturity::compare(&model.bind(&before).unwrap(), &model.bind(&after).unwrap()).unwrap();
    assert_eq!(report.before_date.as_deref(), Some("2026-01-15"));
    assert_eq!(report.after_date.as_deref(), Some("2026-04-15"));
    let levels: Vec<(Option<&str>, Option<&str>, Option<i64>)> = report
        .dimensions
        .iter()
        .map(|d| (d.before.as_deref(), d.after.as_deref(), d.delta))
        .collect();
    assert_eq!(
        levels,
        [
            (Some("l1"), Some("l0"), Some(-1)),
            (Some("l0"), Some("l2"), Some(2))
        ]
    );
    assert_eq!(report.overall.delta, Some(0));
    assert_eq!(report.newly_met, ["b1x", "b2x"]);
    assert_eq!(report.regressed, ["a1y", "a2x"]);
    let changed: Vec<&str> = report
        .rating_changes
        .iter()
        .map(|c| c.indicator.as_str())
        .collect();
    assert_eq!(changed, ["a1y", "a2x", "b1x", "b2x"]);
}

#[test]
fn compare_rejects_different_models() {
    let kam = maturity::kam();
    let model = model();
    let kam_assessment = Assessment::new("kam", "1.0.0", Subject::new("s", SubjectKind::Team));
    let ours = assessment(&[]);
    let error = maturity::compare(
        &kam.bind(&kam_assessment).unwrap(),
        &model.bind(&ours).unwrap(),
    )
    .unwrap_err();
    assert_eq!(error.problems()[0].code.as_str(), "model-mismatch");
    assert_eq!(
        error.problems()[0].message,
        "cannot compare model \"kam\" version \"1.0.0\" with model \"plan-test\" version \"1\""
    );
}
