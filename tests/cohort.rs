//! Roll-up of many subjects: the figures per dimension and overall, the
//! limiting dimension, the errors, and the bundled team example.

use maturity::{
    Assessment, Classification, Error, ErrorKind, LevelFigures, Model, ProblemCode, RollUp, Share,
    Subject, SubjectKind,
};

/// Marks a dimension rated `"n/a"` throughout, so not assessable.
const NA: u32 = 0;

/// Classifies a KAM subject that is at `levels[d]` in dimension `d`:
/// every indicator up to that level is rated `fully`, every one above it
/// `not`, and every one of a dimension at [`NA`] is rated `"n/a"`.
fn subject_at(model: &Model, id: &str, levels: [u32; 6]) -> Classification {
    let subject = Subject::new(id, SubjectKind::Individual);
    let mut assessment = Assessment::new("kam", "1.0.0", subject);
    for indicator in model.indicators() {
        let dimension = model
            .dimensions()
            .iter()
            .position(|d| d.id == indicator.dimension)
            .unwrap();
        let number = model.level(&indicator.level).unwrap().number;
        let rating = match levels[dimension] {
            NA => "n/a",
            level if number <= level => "fully",
            _ => "not",
        };
        assessment.rate(&indicator.id, rating);
    }
    let classification = model.bind(&assessment).unwrap().classify();
    let found: Vec<u32> = classification
        .dimensions
        .iter()
        .map(|d| d.number.unwrap_or(NA))
        .collect();
    assert_eq!(found, levels, "levels of {id}");
    classification
}

/// Five members and one member rated `"n/a"` throughout. Levels per
/// dimension: process, account-planning, communication, leadership,
/// customer-experience, technology.
fn team(model: &Model) -> Vec<Classification> {
    [
        ("ana", [3, 2, 4, 3, 1, NA]),
        ("ben", [2, 2, 3, 3, 2, 3]),
        ("cy", [4, 3, 3, 2, 2, 3]),
        ("dee", [3, 1, 5, 4, 3, NA]),
        ("eve", [5, 2, 2, 3, 2, 4]),
        ("fay", [NA; 6]),
    ]
    .into_iter()
    .map(|(id, levels)| subject_at(model, id, levels))
    .collect()
}

/// Expected figures: counts for levels 1 to 5, minimum, lower median,
/// at target, below target, not assessable.
type Figures<'a> = (
    [u32; 5],
    Option<u32>,
    Option<u32>,
    Share,
    &'a [&'a str],
    &'a [&'a str],
);

#[track_caller]
fn check_figures(label: &str, found: &LevelFigures, expected: Figures<'_>) {
    let (distribution, minimum, median, at_target, below, not_assessable) = expected;
    let counts: Vec<u32> = found.distribution.iter().map(|c| c.count).collect();
    let numbers: Vec<u32> = found.distribution.iter().map(|c| c.number).collect();
    assert_eq!(numbers, [1, 2, 3, 4, 5], "{label}: levels");
    assert_eq!(counts, distribution, "{label}: distribution");
    assert_eq!(
        found.minimum.as_ref().map(|l| l.number),
        minimum,
        "{label}: minimum"
    );
    assert_eq!(
        found.lower_median.as_ref().map(|l| l.number),
        median,
        "{label}: lower median"
    );
    assert_eq!(found.at_target, at_target, "{label}: at target");
    assert_eq!(found.below_target, below, "{label}: below target");
    assert_eq!(
        found.not_assessable, not_assessable,
        "{label}: not assessable"
    );
}

#[test]
fn team_figures_per_dimension() {
    let model = maturity::kam();
    let roll_up = RollUp::build(model, &team(model), "repeatable").unwrap();
    let expected: [(&str, Figures<'_>); 6] = [
        (
            "process",
            (
                [0, 1, 2, 1, 1],
                Some(2),
                Some(3),
                Share::new(4, 5),
                &["ben"],
                &["fay"],
            ),
        ),
        (
            "account-planning",
            (
                [1, 3, 1, 0, 0],
                Some(1),
                Some(2),
                Share::new(1, 5),
                &["ana", "ben", "dee", "eve"],
                &["fay"],
            ),
        ),
        (
            "communication",
            (
                [0, 1, 2, 1, 1],
                Some(2),
                Some(3),
                Share::new(4, 5),
                &["eve"],
                &["fay"],
            ),
        ),
        (
            "leadership",
            (
                [0, 1, 3, 1, 0],
                Some(2),
                Some(3),
                Share::new(4, 5),
                &["cy"],
                &["fay"],
            ),
        ),
        (
            "customer-experience",
            (
                [1, 3, 1, 0, 0],
                Some(1),
                Some(2),
                Share::new(1, 5),
                &["ana", "ben", "cy", "eve"],
                &["fay"],
            ),
        ),
        (
            "technology",
            (
                [0, 0, 2, 1, 0],
                Some(3),
                Some(3),
                Share::new(3, 3),
                &[],
                &["ana", "dee", "fay"],
            ),
        ),
    ];
    assert_eq!(roll_up.dimensions.len(), expected.len());
    for (found, (id, figures)) in roll_up.dimensions.iter().zip(expected) {
        assert_eq!(found.id, id);
        check_figures(id, &found.figures, figures);
    }
}

#[test]
fn team_figures_overall() {
    let model = maturity::kam();
    let roll_up = RollUp::build(model, &team(model), "repeatable").unwrap();
    // Overall levels: ana 1, ben 2, cy 2, dee 1, eve 2, fay not assessable.
    check_figures(
        "overall",
        &roll_up.overall,
        (
            [2, 3, 0, 0, 0],
            Some(1),
            Some(2),
            Share::new(0, 5),
            &["ana", "ben", "cy", "dee", "eve"],
            &["fay"],
        ),
    );
    assert_eq!(roll_up.overall.at_target.percent, Some(0));
}

#[test]
fn team_header_and_limiting_dimension() {
    let model = maturity::kam();
    let roll_up = RollUp::build(model, &team(model), "repeatable").unwrap();
    assert_eq!(roll_up.model.id, "kam");
    assert_eq!(roll_up.target.id, "repeatable");
    assert_eq!(roll_up.target.number, 3);
    assert_eq!(roll_up.subjects, ["ana", "ben", "cy", "dee", "eve", "fay"]);
    // account-planning and customer-experience share the lowest lower
    // median (2) and minimum (1), so model order decides.
    assert_eq!(roll_up.limiting.as_deref(), Some("account-planning"));
    let technology = roll_up.dimension("technology").unwrap();
    assert_eq!(technology.name, "Technology and data");
    assert_eq!(technology.figures.at_target.percent, Some(100));
}

#[track_caller]
fn check_limiting(members: &[[u32; 6]], expected: Option<&str>) {
    let model = maturity::kam();
    let classifications: Vec<Classification> = members
        .iter()
        .enumerate()
        .map(|(index, levels)| subject_at(model, &format!("m{index}"), *levels))
        .collect();
    let roll_up = RollUp::build(model, &classifications, "repeatable").unwrap();
    assert_eq!(roll_up.limiting.as_deref(), expected, "{members:?}");
}

#[test]
fn limiting_dimension_tie_breaks() {
    // Lower medians of an even count: process 2 (of 2, 3), customer-experience
    // 2 (of 2, 2), and the rest 3. The minimum breaks the tie.
    check_limiting(
        &[
            [2, 3, 3, 3, 1, 3],
            [2, 3, 3, 3, 2, 3],
            [3, 3, 3, 3, 2, 3],
            [3, 3, 3, 3, 5, 3],
        ],
        Some("customer-experience"),
    );
    // The lowest lower median wins over a lower minimum elsewhere.
    check_limiting(
        &[[3, 1, 3, 3, 3, 2], [3, 5, 3, 3, 3, 2], [3, 5, 3, 3, 3, 2]],
        Some("technology"),
    );
    // Equal medians and minimums: the lower share at target decides,
    // here 0 of 2 in account-planning against 1 of 2 in process.
    check_limiting(
        &[[2, 2, 4, 4, 4, 4], [3, 2, 4, 4, 4, 4]],
        Some("account-planning"),
    );
    // Shares over different totals compare as fractions: 1 of 3 in
    // account-planning is below 1 of 2 in process.
    check_limiting(
        &[[2, 2, 4, 4, 4, 4], [3, 2, 4, 4, 4, 4], [NA, 3, 4, 4, 4, 4]],
        Some("account-planning"),
    );
    // 1 of 2 and 2 of 4 are equal shares, so model order decides.
    check_limiting(
        &[
            [2, 2, 4, 4, 4, 4],
            [3, 2, 4, 4, 4, 4],
            [NA, 3, 4, 4, 4, 4],
            [NA, 3, 4, 4, 4, 4],
        ],
        Some("process"),
    );
    // Equal medians, minimums and shares: the first in model order.
    check_limiting(&[[4, 4, 4, 4, 4, 4]], Some("process"));
    // A dimension that no one is assessable in never limits.
    check_limiting(
        &[[3, 3, 3, 3, 3, NA], [3, 3, 2, 3, 3, NA]],
        Some("communication"),
    );
    check_limiting(&[[NA; 6]], None);
}

#[test]
fn even_count_takes_lower_middle_level() {
    let model = maturity::kam();
    let classifications = [
        subject_at(model, "a", [5, 2, 2, 2, 2, 2]),
        subject_at(model, "b", [2, 2, 2, 2, 2, 2]),
        subject_at(model, "c", [4, 2, 2, 2, 2, 2]),
        subject_at(model, "d", [3, 2, 2, 2, 2, 2]),
    ];
    let roll_up = RollUp::build(model, &classifications, "predictable").unwrap();
    let process = &roll_up.dimensions[0].figures;
    assert_eq!(process.lower_median.as_ref().map(|l| l.number), Some(3));
    assert_eq!(process.at_target, Share::new(2, 4));
    assert_eq!(process.at_target.percent, Some(50));
    assert_eq!(process.below_target, ["b", "d"]);
}

#[test]
fn above_floor_targets_second_level() {
    let model = maturity::kam();
    let roll_up = RollUp::build_above_floor(model, &team(model)).unwrap();
    assert_eq!(roll_up.target.id, "awareness");
    let account_planning = &roll_up.dimensions[1].figures;
    assert_eq!(account_planning.at_target, Share::new(4, 5));
    assert_eq!(account_planning.below_target, ["dee"]);
}

#[test]
fn roll_up_of_another_model() {
    let model = Model::from_json_str(include_str!("../examples/models/capability.json")).unwrap();
    let text = include_str!("../examples/assessments/capability-sample.json");
    let classification = model
        .bind(&Assessment::from_json_str(text).unwrap())
        .unwrap()
        .classify();
    let roll_up = RollUp::build(&model, &[classification], "managed").unwrap();
    let found: Vec<(&str, Option<u32>)> = roll_up
        .dimensions
        .iter()
        .map(|d| (d.id.as_str(), d.figures.minimum.as_ref().map(|l| l.number)))
        .collect();
    assert_eq!(
        found,
        [("requirements", Some(2)), ("configuration", Some(1))]
    );
    assert_eq!(roll_up.limiting.as_deref(), Some("configuration"));
}

#[track_caller]
fn check_error(
    classifications: &[Classification],
    target: &str,
    kind: ErrorKind,
    expected: &[(&str, ProblemCode, &str)],
) {
    let model = maturity::kam();
    let error: Error = match RollUp::build(model, classifications, target) {
        Ok(_) => panic!("expected {expected:?}, got a roll-up"),
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
fn group_errors() {
    let model = maturity::kam();
    check_error(
        &[],
        "repeatable",
        ErrorKind::InvalidGroup,
        &[("", ProblemCode::EmptyInput, "no classifications to roll up")],
    );
    let ana = subject_at(model, "ana", [2; 6]);
    let ben = subject_at(model, "ben", [2; 6]);
    check_error(
        &[ana.clone(), ben, ana.clone()],
        "repeatable",
        ErrorKind::InvalidGroup,
        &[(
            "/2/subject/id",
            ProblemCode::DuplicateId,
            "subject \"ana\" is already classified at /0",
        )],
    );
    check_error(
        &[ana],
        "expert",
        ErrorKind::InvalidTarget,
        &[(
            "",
            ProblemCode::UnknownReference,
            "unknown target level \"expert\"",
        )],
    );
}

#[test]
fn unknown_target_lists_the_levels() {
    let model = maturity::kam();
    let error = RollUp::build(model, &[subject_at(model, "a", [2; 6])], "3").unwrap_err();
    assert_eq!(
        error.to_string(),
        "/: unknown target level \"3\" (use one of: \"ad-hoc\", \"awareness\", \
         \"repeatable\", \"predictable\", \"activating\")"
    );
}

#[test]
fn classification_errors() {
    let model = maturity::kam();
    let valid = subject_at(model, "ok", [2; 6]);
    let mut other_model = subject_at(model, "a", [2; 6]);
    other_model.model.id = "capability".to_owned();
    let mut other_version = subject_at(model, "b", [2; 6]);
    other_version.model.version = "2.0.0".to_owned();
    let mut unknown_level = subject_at(model, "c", [2; 6]);
    unknown_level.dimensions[2].level = Some("expert".to_owned());
    unknown_level.overall.level = Some("guru".to_owned());
    let mut missing = subject_at(model, "d", [2; 6]);
    missing.dimensions.remove(1);

    check_error(
        &[valid, other_model, other_version, unknown_level, missing],
        "repeatable",
        ErrorKind::InvalidClassification,
        &[
            (
                "/1/model/id",
                ProblemCode::ModelMismatch,
                "the classification is for model \"capability\", not \"kam\"",
            ),
            (
                "/2/model/version",
                ProblemCode::ModelMismatch,
                "the classification is for version \"2.0.0\" of model \"kam\", not \"1.0.0\"",
            ),
            (
                "/3/dimensions/2/level",
                ProblemCode::UnknownReference,
                "unknown level \"expert\" of model \"kam\"",
            ),
            (
                "/3/overall/level",
                ProblemCode::UnknownReference,
                "unknown level \"guru\" of model \"kam\"",
            ),
            (
                "/4/dimensions",
                ProblemCode::MissingField,
                "the classification has no result for dimension \"account-planning\"",
            ),
        ],
    );
}

#[test]
fn roll_up_types_are_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<RollUp>();
    check::<maturity::DimensionRollUp>();
    check::<LevelFigures>();
    check::<Share>();
}

#[allow(dead_code)]
#[path = "../examples/team.rs"]
mod team_example;

#[test]
fn team_example_report() {
    let report = team_example::report().unwrap();
    for line in report.lines() {
        assert!(line.chars().count() < 100, "line too long: {line:?}");
    }
    let expected = [
        "Amara Okafor\n  consensus of Amara Okafor, Hana Novak, 2026-10-09\n  overall level 3 (Repeatable)\n",
        "    technology-5-client-shared-view            Amara Okafor n/a, Hana Novak not\n",
        "    account-planning-3-quarterly-review        Bastian Krüger fully, Hana Novak partly\n",
        "  limited by process, account-planning, communication, leadership, technology\n",
        "Team of 5 against level 3 (Repeatable)\n",
        "  dimension              1  2  3  4  5   min  median  at 3+       below 3\n",
        "  process                0  1  2  1  1     2       3  4/5 (80%)   dev\n",
        "  customer-experience    0  0  4  1  0     3       3  5/5 (100%)  none\n",
        "  technology             0  3  2  0  0     2       2  2/5 (40%)   bastian, chloe, dev\n",
        "  overall                0  3  2  0  0     2       2  2/5 (40%)   bastian, chloe, dev\n",
        "  every member is assessable in every dimension\n",
        "Limiting dimension: technology (lower median 2, minimum 2)\n",
    ];
    for text in expected {
        assert!(report.contains(text), "missing {text:?} in:\n{report}");
    }
}

#[test]
fn roll_up_json_matches_its_schema() {
    let model = maturity::kam();
    let roll_up = RollUp::build(model, &team(model), "repeatable").unwrap();
    let value = serde_json::to_value(&roll_up).unwrap();

    let schema = serde_json::to_value(schemars::schema_for!(RollUp)).unwrap();
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

    let back: RollUp = serde_json::from_value(value).unwrap();
    assert_eq!(back, roll_up);
}
