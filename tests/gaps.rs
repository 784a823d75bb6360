//! Gap analysis: exact gap lists on hand-worked cases, and the laws every
//! gap list obeys on the KAM model and on generated models.

mod common;

use common::{TINY_POINTS, TinyModel, assessment, level_id};
use maturity::{DimensionGap, ErrorKind, GapItem, GapReport, Model, Status, Target};
use proptest::prelude::*;

/// Four levels, two dimensions, the `all` rule at `l` everywhere. `a3q`
/// requires `a3r`, which the model lists after it.
fn two_dimensions() -> Model {
    TinyModel::new(
        4,
        &[
            "a2x a 2",
            "a2y a 2 w=3",
            "a3p a 3",
            "a3q a 3 requires=a3r",
            "a3r a 3",
            "a4x a 4 requires=a2x",
            "b2x b 2",
            "b3x b 3",
            "b4x b 4",
        ],
    )
    .build()
}

/// Three levels, one dimension, the capability rule: `l` at the level and
/// `f` below it.
fn capability() -> Model {
    TinyModel::new(3, &["c2x c 2", "c2y c 2", "c3x c 3", "c3y c 3"])
        .rule("l", "f")
        .build()
}

fn gaps(model: &Model, ratings: &[(&str, &str)], target: &Target) -> GapReport {
    let bound = match model.bind(&assessment(model, ratings)) {
        Ok(bound) => bound,
        Err(error) => panic!("ratings do not bind: {:#?}", error.problems()),
    };
    match bound.gaps(target) {
        Ok(report) => report,
        Err(error) => panic!("target {target:?} is invalid: {:#?}", error.problems()),
    }
}

fn level(number: u32) -> Target {
    Target::Level(level_id(number))
}

/// One expected gap item: (indicator, current rating, required, status).
type ItemRow = (&'static str, Option<&'static str>, &'static str, Status);

/// The expected gap of one dimension.
struct Expected {
    current: Option<u32>,
    target: Option<u32>,
    reached: bool,
    /// Level numbers the advance guidance leaves, lowest first.
    advance: &'static [u32],
    items: &'static [ItemRow],
}

#[track_caller]
fn assert_gap(case: &str, gap: &DimensionGap, expected: &Expected) {
    assert_eq!(
        gap.current,
        expected.current.map(level_id),
        "{case}: current"
    );
    assert_eq!(gap.target, expected.target.map(level_id), "{case}: target");
    assert_eq!(gap.reached, expected.reached, "{case}: reached");
    let advance: Vec<(&str, &str, &str)> = gap
        .advance
        .iter()
        .map(|s| (s.from.as_str(), s.to.as_str(), s.guidance.as_str()))
        .collect();
    let expected_advance: Vec<(String, String, String)> = expected
        .advance
        .iter()
        .map(|&n| (level_id(n), level_id(n + 1), common::advance_text(n)))
        .collect();
    let expected_advance: Vec<(&str, &str, &str)> = expected_advance
        .iter()
        .map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str()))
        .collect();
    assert_eq!(advance, expected_advance, "{case}: advance");
    let items: Vec<(&str, Option<&str>, &str, Status)> = gap
        .items
        .iter()
        .map(|i| {
            let current = i.current.as_deref();
            (i.indicator.as_str(), current, i.required.as_str(), i.status)
        })
        .collect();
    assert_eq!(items, expected.items, "{case}: items");
}

#[track_caller]
fn dimension<'r>(report: &'r GapReport, id: &str) -> &'r DimensionGap {
    match report.dimensions.iter().find(|d| d.dimension == id) {
        Some(gap) => gap,
        None => panic!("no dimension {id:?} in the report"),
    }
}

type Case = (
    &'static str,
    &'static [(&'static str, &'static str)],
    Target,
    &'static str,
    Expected,
);

#[test]
fn gap_lists_of_two_dimension_model() {
    use Status::{Below, Unanswered};
    let model = two_dimensions();
    let level_2 = &[("a2x", "f"), ("a2y", "l")];
    let cases: Vec<Case> = vec![
        (
            "next level from nothing rated",
            &[],
            Target::NextLevel,
            "a",
            Expected {
                current: Some(1),
                target: Some(2),
                reached: false,
                advance: &[1],
                items: &[
                    ("a2x", None, "l", Unanswered),
                    ("a2y", None, "l", Unanswered),
                ],
            },
        ),
        (
            "next level lists only what falls short",
            &[("a2x", "f"), ("a2y", "p"), ("a3p", "n")],
            Target::NextLevel,
            "a",
            Expected {
                current: Some(1),
                target: Some(2),
                reached: false,
                advance: &[1],
                items: &[("a2y", Some("p"), "l", Below)],
            },
        ),
        (
            "prerequisite listed later comes first",
            &[("a2x", "f"), ("a2y", "l"), ("a3p", "n"), ("a3q", "p")],
            Target::NextLevel,
            "a",
            Expected {
                current: Some(2),
                target: Some(3),
                reached: false,
                advance: &[2],
                items: &[
                    ("a3p", Some("n"), "l", Below),
                    ("a3r", None, "l", Unanswered),
                    ("a3q", Some("p"), "l", Below),
                ],
            },
        ),
        (
            "fixed target crosses several levels",
            &[("a2x", "p"), ("a3q", "f"), ("a4x", "l")],
            level(4),
            "a",
            Expected {
                current: Some(1),
                target: Some(4),
                reached: false,
                advance: &[1, 2, 3],
                items: &[
                    ("a2x", Some("p"), "l", Below),
                    ("a2y", None, "l", Unanswered),
                    ("a3p", None, "l", Unanswered),
                    ("a3r", None, "l", Unanswered),
                ],
            },
        ),
        (
            "fixed target skips n/a and met items",
            &[("a2x", "n/a"), ("a2y", "f"), ("a3p", "n/a"), ("a3q", "l")],
            level(4),
            "a",
            Expected {
                current: Some(2),
                target: Some(4),
                reached: false,
                advance: &[2, 3],
                items: &[
                    ("a3r", None, "l", Unanswered),
                    ("a4x", None, "l", Unanswered),
                ],
            },
        ),
        (
            "target at the current level",
            &[
                ("a2x", "f"),
                ("a2y", "l"),
                ("a3p", "l"),
                ("a3q", "l"),
                ("a3r", "l"),
            ],
            level(3),
            "a",
            Expected {
                current: Some(3),
                target: Some(3),
                reached: true,
                advance: &[],
                items: &[],
            },
        ),
        (
            "target below the current level",
            level_2,
            level(1),
            "a",
            Expected {
                current: Some(2),
                target: Some(1),
                reached: true,
                advance: &[],
                items: &[],
            },
        ),
        (
            "next level from the top",
            &[
                ("a2x", "f"),
                ("a2y", "f"),
                ("a3p", "f"),
                ("a3q", "f"),
                ("a3r", "f"),
                ("a4x", "f"),
            ],
            Target::NextLevel,
            "a",
            Expected {
                current: Some(4),
                target: None,
                reached: true,
                advance: &[],
                items: &[],
            },
        ),
        (
            "not assessable dimension has no gap",
            &[("b2x", "n/a"), ("b3x", "n/a"), ("b4x", "n/a")],
            level(4),
            "b",
            Expected {
                current: None,
                target: None,
                reached: true,
                advance: &[],
                items: &[],
            },
        ),
    ];
    for (case, ratings, target, id, expected) in &cases {
        let report = gaps(&model, ratings, target);
        assert_gap(case, dimension(&report, id), expected);
    }
}

#[test]
fn gap_lists_under_capability_rule() {
    use Status::{Below, Unanswered};
    let model = capability();
    let cases: Vec<Case> = vec![
        (
            "lower level item needs fully",
            &[("c2x", "l"), ("c2y", "f"), ("c3x", "n")],
            Target::NextLevel,
            "c",
            Expected {
                current: Some(2),
                target: Some(3),
                reached: false,
                advance: &[2],
                items: &[
                    ("c2x", Some("l"), "f", Below),
                    ("c3x", Some("n"), "l", Below),
                    ("c3y", None, "l", Unanswered),
                ],
            },
        ),
        (
            "next level from the floor needs largely",
            &[("c2x", "p"), ("c2y", "l")],
            Target::NextLevel,
            "c",
            Expected {
                current: Some(1),
                target: Some(2),
                reached: false,
                advance: &[1],
                items: &[("c2x", Some("p"), "l", Below)],
            },
        ),
        (
            "fixed target from the floor needs fully below",
            &[("c2x", "p"), ("c2y", "l"), ("c3x", "l")],
            level(3),
            "c",
            Expected {
                current: Some(1),
                target: Some(3),
                reached: false,
                advance: &[1, 2],
                items: &[
                    ("c2x", Some("p"), "f", Below),
                    ("c2y", Some("l"), "f", Below),
                    ("c3y", None, "l", Unanswered),
                ],
            },
        ),
        (
            "n/a at the lower level is skipped",
            &[("c2x", "n/a"), ("c2y", "l"), ("c3x", "f"), ("c3y", "l")],
            Target::NextLevel,
            "c",
            Expected {
                current: Some(2),
                target: Some(3),
                reached: false,
                advance: &[2],
                items: &[("c2y", Some("l"), "f", Below)],
            },
        ),
    ];
    for (case, ratings, target, id, expected) in &cases {
        let report = gaps(&model, ratings, target);
        assert_gap(case, dimension(&report, id), expected);
    }
}

#[test]
fn gap_item_carries_indicator_details() {
    let model = two_dimensions();
    let report = gaps(&model, &[("a2x", "f")], &Target::NextLevel);
    let items: Vec<&GapItem> = report.items().collect();
    let ids: Vec<&str> = items.iter().map(|i| i.indicator.as_str()).collect();
    assert_eq!(ids, ["a2y", "b2x"]);
    let item = items[0];
    assert_eq!(item.dimension, "a");
    assert_eq!(item.level, "level-2");
    assert_eq!(item.number, 2);
    assert_eq!(item.weight, 3);
    assert_eq!(item.statement, common::statement_text("a2y"));
    assert_eq!(item.guidance, common::guidance_text("a2y"));
    assert_eq!(report.subject, "s1");
    assert_eq!(report.model.id, "tiny");
    assert!(!report.is_empty());
}

#[test]
fn report_is_empty_when_every_target_is_reached() {
    let model = two_dimensions();
    let report = gaps(&model, &[], &level(1));
    assert!(report.is_empty());
    assert_eq!(report.items().count(), 0);
    let dimensions: Vec<&str> = report
        .dimensions
        .iter()
        .map(|d| d.dimension.as_str())
        .collect();
    assert_eq!(dimensions, ["a", "b"]);
}

#[test]
fn unknown_target_level_is_rejected() {
    let model = two_dimensions();
    let bound = match model.bind(&assessment(&model, &[])) {
        Ok(bound) => bound,
        Err(error) => panic!("{:#?}", error.problems()),
    };
    let error = match bound.gaps(&Target::Level("level-9".to_owned())) {
        Ok(_) => panic!("target \"level-9\" is accepted"),
        Err(error) => error,
    };
    assert_eq!(error.kind(), ErrorKind::InvalidTarget);
    let problems = error.problems();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].code.as_str(), "unknown-reference");
    assert_eq!(problems[0].message, "unknown target level \"level-9\"");
    assert_eq!(
        problems[0].hint,
        "use one of: \"level-1\", \"level-2\", \"level-3\", \"level-4\""
    );
}

#[test]
fn kam_emerging_team_next_level_gaps() {
    let model = maturity::kam();
    let bound = match model.bind(&common::sample_assessment("emerging-team")) {
        Ok(bound) => bound,
        Err(error) => panic!("{:#?}", error.problems()),
    };
    let report = match bound.gaps(&Target::NextLevel) {
        Ok(report) => report,
        Err(error) => panic!("{:#?}", error.problems()),
    };
    let items: Vec<(&str, Option<&str>, &str)> = report
        .items()
        .map(|i| {
            (
                i.indicator.as_str(),
                i.current.as_deref(),
                i.required.as_str(),
            )
        })
        .collect();
    let expected = [
        ("process-4-adaptive-procedures", Some("partly"), "largely"),
        ("process-4-procedure-review", Some("not"), "largely"),
        (
            "account-planning-3-quarterly-review",
            Some("partly"),
            "largely",
        ),
        ("communication-3-shared-notes", Some("partly"), "largely"),
        (
            "leadership-4-client-focus-priority",
            Some("partly"),
            "largely",
        ),
        ("leadership-4-retention-measures", Some("not"), "largely"),
        (
            "customer-experience-3-consistent-service",
            Some("partly"),
            "largely",
        ),
        (
            "customer-experience-3-feedback-collected",
            Some("not"),
            "largely",
        ),
        ("technology-3-client-notes", None, "largely"),
    ];
    assert_eq!(items, expected);
}

// Property tests: ratings are drawn as an index per indicator, where the
// scale points come first, then `"n/a"`, then "unanswered".

const NOT_APPLICABLE_CHOICE: usize = 4;

/// Turns rating choices into (indicator, rating) pairs in model order,
/// leaving unanswered indicators out.
fn ratings_from_choices(model: &Model, choices: &[usize]) -> Vec<(String, String)> {
    let points = &model.scale().points;
    model
        .indicators()
        .iter()
        .zip(choices)
        .filter_map(|(indicator, &choice)| {
            let rating = match points.get(choice) {
                Some(point) => point.id.clone(),
                None if choice == NOT_APPLICABLE_CHOICE => maturity::NOT_APPLICABLE.to_owned(),
                None => return None,
            };
            Some((indicator.id.clone(), rating))
        })
        .collect()
}

fn bind_and_run(
    model: &Model,
    ratings: &[(String, String)],
    target: &Target,
) -> (maturity::Classification, GapReport) {
    let pairs: Vec<(&str, &str)> = ratings
        .iter()
        .map(|(i, r)| (i.as_str(), r.as_str()))
        .collect();
    let bound = match model.bind(&assessment(model, &pairs)) {
        Ok(bound) => bound,
        Err(error) => panic!("ratings do not bind: {:#?}", error.problems()),
    };
    match bound.gaps(target) {
        Ok(report) => (bound.classify(), report),
        Err(error) => panic!("target {target:?} is invalid: {:#?}", error.problems()),
    }
}

/// Returns `ratings` with each of `items` set to its required rating.
fn raise<'i>(
    ratings: &[(String, String)],
    items: impl Iterator<Item = &'i GapItem>,
) -> Vec<(String, String)> {
    let mut raised = ratings.to_vec();
    for item in items {
        let rating = (item.indicator.clone(), item.required.clone());
        match raised.iter_mut().find(|(id, _)| *id == item.indicator) {
            Some(existing) => *existing = rating,
            None => raised.push(rating),
        }
    }
    raised
}

/// Returns the displayed number of each dimension's target, in model order.
fn target_numbers(model: &Model, report: &GapReport) -> Vec<Option<u32>> {
    report
        .dimensions
        .iter()
        .map(|d| {
            d.target
                .as_deref()
                .and_then(|id| model.level(id))
                .map(|l| l.number)
        })
        .collect()
}

fn check_gap_closure(
    model: &Model,
    ratings: &[(String, String)],
    target: &Target,
) -> Result<(), TestCaseError> {
    let (before, report) = bind_and_run(model, ratings, target);
    let targets = target_numbers(model, &report);
    let (after, _) = bind_and_run(model, &raise(ratings, report.items()), target);
    for ((old, new), goal) in before
        .dimensions
        .iter()
        .zip(&after.dimensions)
        .zip(&targets)
    {
        prop_assert_eq!(old.assessable, new.assessable, "{}", new.id);
        if let (Some(number), Some(goal)) = (new.number, goal) {
            prop_assert!(number >= *goal, "{} at {} misses {}", new.id, number, goal);
        }
    }
    Ok(())
}

fn check_gap_minimality(
    model: &Model,
    ratings: &[(String, String)],
    target: &Target,
) -> Result<(), TestCaseError> {
    let (_, report) = bind_and_run(model, ratings, target);
    let targets = target_numbers(model, &report);
    let items: Vec<&GapItem> = report.items().collect();
    for (skipped, item) in items.iter().enumerate() {
        let others = items
            .iter()
            .enumerate()
            .filter(|(index, _)| *index != skipped)
            .map(|(_, other)| *other);
        let (after, _) = bind_and_run(model, &raise(ratings, others), target);
        let position = model
            .dimensions()
            .iter()
            .position(|d| d.id == item.dimension);
        let Some(position) = position else {
            return Err(TestCaseError::fail(format!(
                "no dimension {}",
                item.dimension
            )));
        };
        let number = after.dimensions[position].number;
        let goal = targets[position];
        prop_assert!(
            number < goal,
            "{} reaches {:?} without raising {}",
            item.dimension,
            goal,
            item.indicator
        );
    }
    Ok(())
}

fn check_order_independence(
    model: &Model,
    ratings: &[(String, String)],
    order: &[u32],
    target: &Target,
) -> Result<(), TestCaseError> {
    let mut keyed: Vec<(u32, &(String, String))> = order.iter().copied().zip(ratings).collect();
    keyed.sort_by_key(|(key, _)| *key);
    let shuffled: Vec<(String, String)> = keyed.into_iter().map(|(_, r)| r.clone()).collect();
    let (classification, report) = bind_and_run(model, ratings, target);
    let (shuffled_classification, shuffled_report) = bind_and_run(model, &shuffled, target);
    prop_assert_eq!(classification, shuffled_classification);
    prop_assert_eq!(report, shuffled_report);
    Ok(())
}

fn kam_case() -> impl Strategy<Value = (Vec<usize>, Vec<u32>, Target)> {
    let model = maturity::kam();
    let count = model.indicators().len();
    let levels: Vec<Target> = model
        .levels()
        .iter()
        .map(|l| Target::Level(l.id.clone()))
        .collect();
    let target = prop_oneof![Just(Target::NextLevel), proptest::sample::select(levels)];
    (
        proptest::collection::vec(0usize..6, count),
        proptest::collection::vec(any::<u32>(), count),
        target,
    )
}

/// A generated model description, rating choices, rating order keys and a
/// target level number (or `None` for the next level).
#[derive(Debug, Clone)]
struct GeneratedCase {
    model: TinyModel,
    choices: Vec<usize>,
    order: Vec<u32>,
    target: Target,
}

/// Raw draw for one indicator: level offset, dimension, weight and an
/// optional earlier indicator to require.
type RawIndicator = (u32, usize, u32, Option<usize>);

fn describe_model(levels: u32, rule: (usize, usize), raw: &[RawIndicator]) -> TinyModel {
    let mut lines = Vec::with_capacity(raw.len());
    let mut indicator_levels = Vec::with_capacity(raw.len());
    for (index, &(offset, dimension, weight, requires)) in raw.iter().enumerate() {
        let number = 2 + offset % (levels - 1);
        let mut line = format!("i{index} d{dimension} {number} w={weight}");
        // Only an earlier indicator at the same or a lower level, so the
        // prerequisites stay acyclic and never point upward.
        if let Some(earlier) = requires.filter(|_| index > 0).map(|r| r % index)
            && indicator_levels[earlier] <= number
        {
            line.push_str(&format!(" requires=i{earlier}"));
        }
        indicator_levels.push(number);
        lines.push(line);
    }
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    TinyModel::new(levels, &lines).rule(TINY_POINTS[rule.0], TINY_POINTS[rule.1])
}

fn generated_case() -> impl Strategy<Value = GeneratedCase> {
    let raw = proptest::collection::vec(
        (0u32..4, 0usize..3, 1u32..=3, any::<Option<usize>>()),
        1..10,
    );
    (2u32..=5, (0usize..4, 0usize..4), raw).prop_flat_map(|(levels, rule, raw)| {
        let model = describe_model(levels, rule, &raw);
        let count = raw.len();
        let target = prop_oneof![
            Just(Target::NextLevel),
            (1..=levels).prop_map(|n| Target::Level(level_id(n))),
        ];
        (
            Just(model),
            proptest::collection::vec(0usize..6, count),
            proptest::collection::vec(any::<u32>(), count),
            target,
        )
            .prop_map(|(model, choices, order, target)| GeneratedCase {
                model,
                choices,
                order,
                target,
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn prop_raising_listed_items_reaches_the_target_on_kam(
        (choices, _order, target) in kam_case()
    ) {
        let model = maturity::kam();
        check_gap_closure(model, &ratings_from_choices(model, &choices), &target)?;
    }

    #[test]
    fn prop_every_listed_item_is_needed_on_kam((choices, _order, target) in kam_case()) {
        let model = maturity::kam();
        check_gap_minimality(model, &ratings_from_choices(model, &choices), &target)?;
    }

    #[test]
    fn prop_rating_order_does_not_change_the_result_on_kam(
        (choices, order, target) in kam_case()
    ) {
        let model = maturity::kam();
        let ratings = ratings_from_choices(model, &choices);
        check_order_independence(model, &ratings, &order, &target)?;
    }

    #[test]
    fn prop_raising_listed_items_reaches_the_target(case in generated_case()) {
        let model = case.model.build();
        let ratings = ratings_from_choices(&model, &case.choices);
        check_gap_closure(&model, &ratings, &case.target)?;
    }

    #[test]
    fn prop_every_listed_item_is_needed(case in generated_case()) {
        let model = case.model.build();
        let ratings = ratings_from_choices(&model, &case.choices);
        check_gap_minimality(&model, &ratings, &case.target)?;
    }

    #[test]
    fn prop_rating_order_does_not_change_the_result(case in generated_case()) {
        let model = case.model.build();
        let ratings = ratings_from_choices(&model, &case.choices);
        check_order_independence(&model, &ratings, &case.order, &case.target)?;
    }
}
