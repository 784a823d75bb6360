//! Classification of hand-worked cases: levels, progress, statuses and the
//! overall roll-up, on small models and on the bundled samples.

mod common;

use common::{Ratings, TinyModel, classify, sample_assessment, sample_model};
use maturity::{Classification, Model, Status};

/// Four levels, two dimensions, the `all` rule at `l` everywhere.
fn two_dimensions() -> Model {
    TinyModel::new(
        4,
        &[
            "a2x a 2 w=2",
            "a2y a 2",
            "a3x a 3",
            "a4x a 4",
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
        .without_not_applicable()
        .build()
}

const B_FULLY: [(&str, &str); 3] = [("b2x", "f"), ("b3x", "f"), ("b4x", "f")];

/// An owned list of (indicator, rating) pairs.
type RatingList = Vec<(&'static str, &'static str)>;

fn with_b_fully(ratings: Ratings) -> RatingList {
    ratings.iter().copied().chain(B_FULLY).collect()
}

/// The expected outcome of one classification.
struct Levels<'a> {
    dimensions: &'a [(&'a str, Option<u32>)],
    overall: Option<u32>,
    limiting: &'a [&'a str],
    not_assessable: &'a [&'a str],
}

#[track_caller]
fn assert_levels(case: &str, classification: &Classification, expected: &Levels<'_>) {
    let dimensions: Vec<(&str, Option<u32>)> = classification
        .dimensions
        .iter()
        .map(|d| (d.id.as_str(), d.number))
        .collect();
    assert_eq!(dimensions, expected.dimensions, "{case}: dimension levels");
    for dimension in &classification.dimensions {
        let assessable = dimension.number.is_some();
        assert_eq!(dimension.assessable, assessable, "{case}: {}", dimension.id);
        assert_eq!(
            dimension.level.is_some(),
            assessable,
            "{case}: {}",
            dimension.id
        );
    }
    let overall = &classification.overall;
    assert_eq!(overall.number, expected.overall, "{case}: overall number");
    let level_id = expected.overall.map(common::level_id);
    assert_eq!(overall.level, level_id, "{case}: overall level");
    let name = expected.overall.map(|n| format!("Level {n}"));
    assert_eq!(overall.name, name, "{case}: overall name");
    assert_eq!(overall.limiting, expected.limiting, "{case}: limiting");
    assert_eq!(
        overall.not_assessable, expected.not_assessable,
        "{case}: not assessable"
    );
}

#[test]
fn levels_of_two_dimension_model() {
    let model = two_dimensions();
    let cases: Vec<(&str, RatingList, Levels<'_>)> = vec![
        (
            "every indicator fully met",
            with_b_fully(&[("a2x", "f"), ("a2y", "f"), ("a3x", "f"), ("a4x", "f")]),
            Levels {
                dimensions: &[("a", Some(4)), ("b", Some(4))],
                overall: Some(4),
                limiting: &["a", "b"],
                not_assessable: &[],
            },
        ),
        (
            "nothing rated stays on the floor",
            vec![],
            Levels {
                dimensions: &[("a", Some(1)), ("b", Some(1))],
                overall: Some(1),
                limiting: &["a", "b"],
                not_assessable: &[],
            },
        ),
        (
            "threshold reached exactly at largely",
            with_b_fully(&[("a2x", "l"), ("a2y", "l"), ("a3x", "l"), ("a4x", "p")]),
            Levels {
                dimensions: &[("a", Some(3)), ("b", Some(4))],
                overall: Some(3),
                limiting: &["a"],
                not_assessable: &[],
            },
        ),
        (
            "gap at level 3 caps at 2 although level 4 is met",
            with_b_fully(&[("a2x", "f"), ("a2y", "f"), ("a3x", "p"), ("a4x", "f")]),
            Levels {
                dimensions: &[("a", Some(2)), ("b", Some(4))],
                overall: Some(2),
                limiting: &["a"],
                not_assessable: &[],
            },
        ),
        (
            "gap at level 2 caps at the floor",
            with_b_fully(&[("a2x", "f"), ("a2y", "n"), ("a3x", "f"), ("a4x", "f")]),
            Levels {
                dimensions: &[("a", Some(1)), ("b", Some(4))],
                overall: Some(1),
                limiting: &["a"],
                not_assessable: &[],
            },
        ),
        (
            "weakest dimension limits the overall level",
            vec![
                ("a2x", "f"),
                ("a2y", "f"),
                ("a3x", "f"),
                ("a4x", "f"),
                ("b2x", "l"),
                ("b3x", "l"),
                ("b4x", "p"),
            ],
            Levels {
                dimensions: &[("a", Some(4)), ("b", Some(3))],
                overall: Some(3),
                limiting: &["b"],
                not_assessable: &[],
            },
        ),
        (
            "tied weakest dimensions both limit",
            vec![
                ("a2x", "l"),
                ("a2y", "l"),
                ("a3x", "n"),
                ("b2x", "f"),
                ("b3x", "p"),
                ("b4x", "f"),
            ],
            Levels {
                dimensions: &[("a", Some(2)), ("b", Some(2))],
                overall: Some(2),
                limiting: &["a", "b"],
                not_assessable: &[],
            },
        ),
        (
            "level whose indicators are all n/a passes",
            with_b_fully(&[("a2x", "n/a"), ("a2y", "l"), ("a3x", "n/a"), ("a4x", "n")]),
            Levels {
                dimensions: &[("a", Some(3)), ("b", Some(4))],
                overall: Some(3),
                limiting: &["a"],
                not_assessable: &[],
            },
        ),
        (
            "n/a beside a gap does not hide the gap",
            with_b_fully(&[("a2x", "n/a"), ("a2y", "p"), ("a3x", "f"), ("a4x", "f")]),
            Levels {
                dimensions: &[("a", Some(1)), ("b", Some(4))],
                overall: Some(1),
                limiting: &["a"],
                not_assessable: &[],
            },
        ),
        (
            "dimension rated all n/a is left out",
            vec![
                ("a2x", "l"),
                ("a2y", "l"),
                ("a3x", "p"),
                ("b2x", "n/a"),
                ("b3x", "n/a"),
                ("b4x", "n/a"),
            ],
            Levels {
                dimensions: &[("a", Some(2)), ("b", None)],
                overall: Some(2),
                limiting: &["a"],
                not_assessable: &["b"],
            },
        ),
        (
            "every dimension rated all n/a",
            vec![
                ("a2x", "n/a"),
                ("a2y", "n/a"),
                ("a3x", "n/a"),
                ("a4x", "n/a"),
                ("b2x", "n/a"),
                ("b3x", "n/a"),
                ("b4x", "n/a"),
            ],
            Levels {
                dimensions: &[("a", None), ("b", None)],
                overall: None,
                limiting: &[],
                not_assessable: &["a", "b"],
            },
        ),
        (
            "one unanswered indicator counts as not met",
            with_b_fully(&[("a2x", "f"), ("a3x", "f"), ("a4x", "f")]),
            Levels {
                dimensions: &[("a", Some(1)), ("b", Some(4))],
                overall: Some(1),
                limiting: &["a"],
                not_assessable: &[],
            },
        ),
    ];
    for (case, ratings, expected) in &cases {
        assert_levels(case, &classify(&model, ratings), expected);
    }
}

#[test]
fn levels_under_capability_rule() {
    let model = capability();
    let cases: [(&str, Ratings, u32); 6] = [
        (
            "everything fully achieved",
            &[("c2x", "f"), ("c2y", "f"), ("c3x", "f"), ("c3y", "f")],
            3,
        ),
        (
            "top level needs only largely",
            &[("c2x", "f"), ("c2y", "f"), ("c3x", "l"), ("c3y", "l")],
            3,
        ),
        (
            "lower level largely caps below",
            &[("c2x", "l"), ("c2y", "f"), ("c3x", "f"), ("c3y", "f")],
            2,
        ),
        (
            "level 2 largely is enough for 2",
            &[("c2x", "l"), ("c2y", "l"), ("c3x", "n")],
            2,
        ),
        (
            "partly at level 2 stays on the floor",
            &[("c2x", "p"), ("c2y", "f"), ("c3x", "f"), ("c3y", "f")],
            1,
        ),
        (
            "unanswered at level 2",
            &[("c2y", "f"), ("c3x", "f"), ("c3y", "f")],
            1,
        ),
    ];
    for (case, ratings, expected) in cases {
        let classification = classify(&model, ratings);
        let levels = Levels {
            dimensions: &[("c", Some(expected))],
            overall: Some(expected),
            limiting: &["c"],
            not_assessable: &[],
        };
        assert_levels(case, &classification, &levels);
    }
}

#[test]
fn levels_under_strict_level_rule() {
    // `f` at the level itself and `l` below it. Lower levels need both, so `f`.
    let model = TinyModel::new(3, &["c2x c 2", "c3x c 3"])
        .rule("f", "l")
        .build();
    let cases: [(&str, Ratings, u32); 3] = [
        (
            "largely is not enough anywhere",
            &[("c2x", "l"), ("c3x", "f")],
            1,
        ),
        ("fully at level 2 only", &[("c2x", "f"), ("c3x", "l")], 2),
        ("fully everywhere", &[("c2x", "f"), ("c3x", "f")], 3),
    ];
    for (case, ratings, expected) in cases {
        let number = classify(&model, ratings).overall.number;
        assert_eq!(number, Some(expected), "{case}");
    }
}

/// Expected progress toward the next level: (next level number, met,
/// applicable, met weight, applicable weight, percent, blocking ids).
type ProgressRow = (u32, u32, u32, u64, u64, u32, &'static [&'static str]);

#[track_caller]
fn assert_progress(
    case: &str,
    model: &Model,
    ratings: &[(&str, &str)],
    dimension: &str,
    expected: Option<ProgressRow>,
) {
    let classification = classify(model, ratings);
    let Some(result) = classification.dimension(dimension) else {
        panic!("{case}: no dimension {dimension:?}");
    };
    let actual = result.next.as_ref().map(|p| {
        (
            p.number,
            p.met,
            p.applicable,
            p.met_weight,
            p.applicable_weight,
            p.percent,
        )
    });
    let expected_counts = expected.map(|row| (row.0, row.1, row.2, row.3, row.4, row.5));
    assert_eq!(actual, expected_counts, "{case}: progress counts");

    let blocking: Option<Vec<&str>> = result
        .next
        .as_ref()
        .map(|p| p.blocking.iter().map(|c| c.indicator.as_str()).collect());
    assert_eq!(
        blocking,
        expected.map(|row| row.6.to_vec()),
        "{case}: blocking"
    );
    if let Some(progress) = &result.next {
        assert_eq!(progress.level, common::level_id(progress.number), "{case}");
    }
}

#[test]
fn progress_toward_next_level() {
    let model = two_dimensions();
    let cases: [(&str, Ratings, &str, Option<ProgressRow>); 9] = [
        (
            "nothing rated",
            &[],
            "a",
            Some((2, 0, 2, 0, 3, 0, &["a2x", "a2y"])),
        ),
        (
            "weights decide the percent",
            &[("a2x", "f"), ("a2y", "p")],
            "a",
            Some((2, 1, 2, 2, 3, 66, &["a2y"])),
        ),
        (
            "percent rounds down",
            &[("a2x", "n"), ("a2y", "f")],
            "a",
            Some((2, 1, 2, 1, 3, 33, &["a2x"])),
        ),
        (
            "unanswered counts as applicable",
            &[("a2y", "l")],
            "a",
            Some((2, 1, 2, 1, 3, 33, &["a2x"])),
        ),
        (
            "n/a leaves the counts",
            &[("a2x", "p"), ("a2y", "n/a")],
            "a",
            Some((2, 0, 1, 0, 2, 0, &["a2x"])),
        ),
        (
            "counts only the next level",
            &[("a2x", "f"), ("a2y", "l"), ("a4x", "f")],
            "a",
            Some((3, 0, 1, 0, 1, 0, &["a3x"])),
        ),
        (
            "capped level blocks on the gap",
            &[("a2x", "f"), ("a2y", "f"), ("a3x", "p"), ("a4x", "f")],
            "a",
            Some((3, 0, 1, 0, 1, 0, &["a3x"])),
        ),
        (
            "top level has no next",
            &[("a2x", "f"), ("a2y", "f"), ("a3x", "l"), ("a4x", "l")],
            "a",
            None,
        ),
        (
            "not assessable has no next",
            &[("b2x", "n/a"), ("b3x", "n/a"), ("b4x", "n/a")],
            "b",
            None,
        ),
    ];
    for (case, ratings, dimension, expected) in cases {
        assert_progress(case, &model, ratings, dimension, expected);
    }
}

#[test]
fn progress_under_capability_rule() {
    let model = capability();
    let cases: [(&str, Ratings, Option<ProgressRow>); 3] = [
        // From the floor only level 2's own indicators count, at `l`.
        (
            "from the floor",
            &[("c2x", "l"), ("c2y", "p")],
            Some((2, 1, 2, 1, 2, 50, &["c2y"])),
        ),
        // From level 2 its own indicators count again, now at `f`.
        (
            "lower level needs fully",
            &[("c2x", "l"), ("c2y", "f"), ("c3x", "f"), ("c3y", "f")],
            Some((3, 3, 4, 3, 4, 75, &["c2x"])),
        ),
        (
            "nothing met above",
            &[("c2x", "l"), ("c2y", "l"), ("c3x", "p")],
            Some((3, 0, 4, 0, 4, 0, &["c2x", "c2y", "c3x", "c3y"])),
        ),
    ];
    for (case, ratings, expected) in cases {
        assert_progress(case, &model, ratings, "c", expected);
    }
}

/// Expected check of one level: (met, without evidence, indicators as
/// (id, rating, required, status)).
type LevelRow = (
    bool,
    bool,
    &'static [(&'static str, Option<&'static str>, &'static str, Status)],
);

#[track_caller]
fn assert_level_check(
    case: &str,
    classification: &Classification,
    dimension: &str,
    number: u32,
    expected: LevelRow,
) {
    let Some(result) = classification.dimension(dimension) else {
        panic!("{case}: no dimension {dimension:?}");
    };
    let Some(check) = result.levels.iter().find(|l| l.number == number) else {
        panic!("{case}: no level {number} in {dimension:?}");
    };
    assert_eq!(check.level, common::level_id(number), "{case}: level id");
    assert_eq!(check.met, expected.0, "{case}: met");
    assert_eq!(
        check.without_evidence, expected.1,
        "{case}: without evidence"
    );
    let indicators: Vec<(&str, Option<&str>, &str, Status)> = check
        .indicators
        .iter()
        .map(|c| {
            (
                c.indicator.as_str(),
                c.rating.as_deref(),
                c.required.as_str(),
                c.status,
            )
        })
        .collect();
    assert_eq!(indicators, expected.2, "{case}: indicator checks");
}

#[test]
fn level_checks_report_each_status() {
    use Status::{Below, Met, NotApplicable, Unanswered};
    let model = two_dimensions();
    let with_na = classify(
        &model,
        &[("a2x", "n/a"), ("a2y", "l"), ("a3x", "n/a"), ("a4x", "n")],
    );
    let partial = classify(&model, &[("a2x", "p")]);
    let cases: [(&str, &Classification, u32, LevelRow); 5] = [
        (
            "all n/a level passes without evidence",
            &with_na,
            3,
            (true, true, &[("a3x", Some("n/a"), "l", NotApplicable)]),
        ),
        (
            "n/a beside a met rating",
            &with_na,
            2,
            (
                true,
                false,
                &[
                    ("a2x", Some("n/a"), "l", NotApplicable),
                    ("a2y", Some("l"), "l", Met),
                ],
            ),
        ),
        (
            "rating below the threshold",
            &with_na,
            4,
            (false, false, &[("a4x", Some("n"), "l", Below)]),
        ),
        (
            "unanswered apart from below",
            &partial,
            2,
            (
                false,
                false,
                &[
                    ("a2x", Some("p"), "l", Below),
                    ("a2y", None, "l", Unanswered),
                ],
            ),
        ),
        (
            "level above unanswered",
            &partial,
            3,
            (false, false, &[("a3x", None, "l", Unanswered)]),
        ),
    ];
    for (case, classification, number, expected) in cases {
        assert_level_check(case, classification, "a", number, expected);
    }
}

#[test]
fn level_checks_under_capability_rule() {
    use Status::{Below, Met};
    let model = capability();
    let capped = classify(
        &model,
        &[("c2x", "l"), ("c2y", "f"), ("c3x", "f"), ("c3y", "f")],
    );
    let top = classify(
        &model,
        &[("c2x", "f"), ("c2y", "p"), ("c3x", "l"), ("c3y", "l")],
    );
    let cases: [(&str, &Classification, u32, LevelRow); 3] = [
        // Level 2 is reached, so it is checked at the threshold that
        // reaching it needed. The stricter one shows in the progress.
        (
            "reached level at its own threshold",
            &capped,
            2,
            (
                true,
                false,
                &[("c2x", Some("l"), "l", Met), ("c2y", Some("f"), "l", Met)],
            ),
        ),
        (
            "level above at its own threshold",
            &capped,
            3,
            (
                true,
                false,
                &[("c3x", Some("f"), "l", Met), ("c3y", Some("f"), "l", Met)],
            ),
        ),
        (
            "level not reached",
            &top,
            2,
            (
                false,
                false,
                &[("c2x", Some("f"), "l", Met), ("c2y", Some("p"), "l", Below)],
            ),
        ),
    ];
    for (case, classification, number, expected) in cases {
        assert_level_check(case, classification, "c", number, expected);
    }
}

#[test]
fn dimension_results_carry_names() {
    let classification = classify(&two_dimensions(), &[("a2x", "f"), ("a2y", "f")]);
    let Some(a) = classification.dimension("a") else {
        panic!("no dimension a");
    };
    assert_eq!(a.name, "Dimension a");
    assert_eq!(a.level.as_deref(), Some("level-2"));
    assert_eq!(a.level_name.as_deref(), Some("Level 2"));
    let numbers: Vec<u32> = a.levels.iter().map(|l| l.number).collect();
    assert_eq!(numbers, [2, 3, 4]);
    assert_eq!(classification.subject.id, "s1");
    assert_eq!(classification.model.id, "tiny");
    assert_eq!(classification.model.version, "1.0.0");
    assert!(classification.dimension("z").is_none());
}

/// Expected levels of a bundled sample: per dimension, overall, limiting.
type SampleRow = (
    &'static str,
    Option<&'static str>,
    &'static [(&'static str, u32)],
    u32,
    &'static [&'static str],
);

const SAMPLES: [SampleRow; 5] = [
    (
        "emerging-team",
        None,
        &[
            ("process", 3),
            ("account-planning", 2),
            ("communication", 2),
            ("leadership", 3),
            ("customer-experience", 2),
            ("technology", 2),
        ],
        2,
        &[
            "account-planning",
            "communication",
            "customer-experience",
            "technology",
        ],
    ),
    (
        "steady-team",
        None,
        &[
            ("process", 4),
            ("account-planning", 3),
            ("communication", 4),
            ("leadership", 3),
            ("customer-experience", 3),
            ("technology", 3),
        ],
        3,
        &[
            "account-planning",
            "leadership",
            "customer-experience",
            "technology",
        ],
    ),
    (
        "leading-individual",
        None,
        &[
            ("process", 5),
            ("account-planning", 4),
            ("communication", 5),
            ("leadership", 4),
            ("customer-experience", 4),
            ("technology", 4),
        ],
        4,
        &[
            "account-planning",
            "leadership",
            "customer-experience",
            "technology",
        ],
    ),
    (
        "practice-implementation-sample",
        Some("practice-implementation"),
        &[("version-control", 4), ("testing", 3), ("delivery", 3)],
        3,
        &["testing", "delivery"],
    ),
    (
        "capability-sample",
        Some("capability"),
        &[("requirements", 2), ("configuration", 1)],
        1,
        &["configuration"],
    ),
];

#[test]
fn bundled_samples_at_hand_worked_levels() {
    for (stem, model_stem, dimensions, overall, limiting) in SAMPLES {
        let custom = model_stem.map(sample_model);
        let model = custom.as_ref().unwrap_or_else(|| maturity::kam());
        let assessment = sample_assessment(stem);
        let classification = match model.bind(&assessment) {
            Ok(bound) => bound.classify(),
            Err(error) => panic!("{stem}: {:#?}", error.problems()),
        };
        let actual: Vec<(&str, u32)> = classification
            .dimensions
            .iter()
            .map(|d| (d.id.as_str(), d.number.unwrap_or(0)))
            .collect();
        assert_eq!(actual, dimensions, "{stem}: dimension levels");
        assert_eq!(classification.overall.number, Some(overall), "{stem}");
        assert_eq!(classification.overall.limiting, limiting, "{stem}");
        assert!(classification.overall.not_assessable.is_empty(), "{stem}");
    }
}

#[test]
fn emerging_team_details() {
    let classification = match maturity::kam().bind(&sample_assessment("emerging-team")) {
        Ok(bound) => bound.classify(),
        Err(error) => panic!("{:#?}", error.problems()),
    };
    let Some(technology) = classification.dimension("technology") else {
        panic!("no technology dimension");
    };
    let Some(repeatable) = technology.levels.iter().find(|l| l.number == 3) else {
        panic!("no level 3 in technology");
    };
    let notes = repeatable
        .indicators
        .iter()
        .find(|c| c.indicator == "technology-3-client-notes");
    assert_eq!(notes.map(|c| c.status), Some(Status::Unanswered));
    let Some(planning) = classification.dimension("account-planning") else {
        panic!("no account-planning dimension");
    };
    let Some(predictable) = planning.levels.iter().find(|l| l.number == 4) else {
        panic!("no level 4 in account-planning");
    };
    assert!(predictable.met, "level 4 is met but not reached");
    assert_eq!(planning.number, Some(2));
    assert_eq!(classification.overall.name.as_deref(), Some("Awareness"));
    assert_eq!(classification.overall.level.as_deref(), Some("awareness"));
}

#[test]
fn public_types_are_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<maturity::Assessment>();
    assert_send_sync::<maturity::AdvanceStep>();
    assert_send_sync::<maturity::BoundAssessment<'static>>();
    assert_send_sync::<maturity::Classification>();
    assert_send_sync::<maturity::Dimension>();
    assert_send_sync::<maturity::DimensionGap>();
    assert_send_sync::<maturity::DimensionResult>();
    assert_send_sync::<maturity::Error>();
    assert_send_sync::<maturity::ErrorKind>();
    assert_send_sync::<maturity::GapItem>();
    assert_send_sync::<maturity::GapReport>();
    assert_send_sync::<maturity::Indicator>();
    assert_send_sync::<maturity::IndicatorCheck>();
    assert_send_sync::<maturity::Level>();
    assert_send_sync::<maturity::LevelCheck>();
    assert_send_sync::<maturity::LevelRule>();
    assert_send_sync::<maturity::Limits>();
    assert_send_sync::<maturity::Model>();
    assert_send_sync::<maturity::ModelRef>();
    assert_send_sync::<maturity::ModelSpec>();
    assert_send_sync::<maturity::OverallResult>();
    assert_send_sync::<maturity::OverallRule>();
    assert_send_sync::<maturity::Problem>();
    assert_send_sync::<maturity::ProblemCode>();
    assert_send_sync::<maturity::Progress>();
    assert_send_sync::<maturity::Rating>();
    assert_send_sync::<maturity::Rules>();
    assert_send_sync::<maturity::Scale>();
    assert_send_sync::<maturity::ScalePoint>();
    assert_send_sync::<maturity::Severity>();
    assert_send_sync::<maturity::Status>();
    assert_send_sync::<maturity::Subject>();
    assert_send_sync::<maturity::SubjectKind>();
    assert_send_sync::<maturity::Target>();
}
