//! Hand-worked cases for every level rule, roll-up, threshold form and
//! validation check of the rule engine.

mod rule_helpers;

use maturity::{Classification, LevelRule, Model, Ratio, Target};
use rule_helpers::{
    BINARY, FOUR_POINT, bind, build, classify, indicator, model_json, named_scale, on_scale, scale,
    weighted,
};
use serde_json::{Value, json};

/// An expected dimension result: level number, score as numerator and
/// denominator, its display, and the explanation.
type Expected<'a> = (u32, u64, u64, &'a str, &'a str);

/// Ratings as (indicator, rating) pairs.
type Ratings<'a> = &'a [(&'a str, &'a str)];

/// Controls rated no, strategy levels, overall level, limiting dimensions
/// and the overall explanation.
type ControlsCase<'a> = (&'a [&'a str], [u32; 8], u32, &'a [&'a str], &'a str);

/// Roll-up rule, dimension levels, weights, overall level, limiting
/// dimensions and the overall explanation.
type RollupCase<'a> = (&'a str, &'a [u32], &'a [u32], u32, &'a [&'a str], &'a str);

#[track_caller]
fn check_dimension(classification: &Classification, dimension: &str, expected: Expected<'_>) {
    let (number, numerator, denominator, display, explanation) = expected;
    let result = classification
        .dimension(dimension)
        .unwrap_or_else(|| panic!("no dimension {dimension:?}"));
    let score = result.score.expect("an assessable dimension has a score");
    assert_eq!(result.number, Some(number), "level of {dimension}");
    assert_eq!(score.numerator(), numerator, "score numerator");
    assert_eq!(score.denominator(), denominator, "score denominator");
    assert_eq!(score.to_string(), display, "score display");
    assert_eq!(result.explanation, explanation);
}

#[track_caller]
fn ratio(numerator: u64, denominator: u64) -> Ratio {
    Ratio::new(numerator, denominator).expect("non-zero denominator")
}

/// A four-point cumulative implementation model (`all`, `largely` at and
/// below the level): a level counts as achieved only when every practice at
/// that level and at each level below it is largely or fully implemented.
/// Practice `p3a` weighs 3.
fn implementation_model() -> Model {
    build(&model_json(
        1,
        4,
        &[("practice", "Practice")],
        scale(FOUR_POINT, true),
        json!({ "method": "all", "at_level": "largely", "below_level": "largely" }),
        vec![
            indicator("p2a", "practice", 2),
            indicator("p2b", "practice", 2),
            weighted("p3a", "practice", 3, 3),
            indicator("p3b", "practice", 3),
            indicator("p4a", "practice", 4),
            indicator("p4b", "practice", 4),
        ],
    ))
}

#[test]
fn all_rule_cumulative_implementation() {
    let model = implementation_model();
    let all_fully: Vec<(&str, &str)> = ["p2a", "p2b", "p3a", "p3b", "p4a", "p4b"]
        .into_iter()
        .map(|id| (id, "fully"))
        .collect();
    let cases: &[(Ratings<'_>, Expected<'_>)] = &[
        (
            &all_fully,
            (4, 4, 1, "4.00", "reaches level 4, the top level"),
        ),
        (
            &[],
            (
                1,
                1,
                1,
                "1.00",
                "stays at level 1 because 2 of 2 level-2 criteria are unanswered: p2a, p2b",
            ),
        ),
        (
            &[
                ("p2a", "largely"),
                ("p2b", "fully"),
                ("p3a", "fully"),
                ("p3b", "partly"),
                ("p4a", "fully"),
                ("p4b", "fully"),
            ],
            (
                2,
                11,
                4,
                "2.75",
                "stays at level 2 because 1 of 2 level-3 criteria is below 'largely': p3b",
            ),
        ),
        (
            &[
                ("p2a", "largely"),
                ("p2b", "partly"),
                ("p3a", "fully"),
                ("p3b", "fully"),
                ("p4a", "fully"),
                ("p4b", "fully"),
            ],
            (
                1,
                3,
                2,
                "1.50",
                "stays at level 1 because 1 of 2 level-2 criteria is below 'largely': p2b",
            ),
        ),
        (
            &[("p2a", "largely"), ("p2b", "largely"), ("p3a", "partly")],
            (
                2,
                2,
                1,
                "2.00",
                "stays at level 2 because 2 of 2 level-3 criteria are below 'largely' or unanswered: p3a, p3b",
            ),
        ),
        (
            &[
                ("p2a", "largely"),
                ("p2b", "largely"),
                ("p3a", "n/a"),
                ("p3b", "fully"),
                ("p4a", "partly"),
                ("p4b", "not"),
            ],
            (
                3,
                3,
                1,
                "3.00",
                "stays at level 3 because 2 of 2 level-4 criteria are below 'largely': p4a, p4b",
            ),
        ),
        (
            &[
                ("p2a", "fully"),
                ("p2b", "fully"),
                ("p3a", "fully"),
                ("p3b", "fully"),
                ("p4a", "largely"),
                ("p4b", "n/a"),
            ],
            (4, 4, 1, "4.00", "reaches level 4, the top level"),
        ),
    ];
    for (ratings, expected) in cases {
        check_dimension(&classify(&model, ratings), "practice", *expected);
    }
}

/// A process capability model rated N, P, L or F, where N covers 0 to
/// 15 %, P over 15 % up to 50 %, L over 50 % up to 85 % and F over 85 %.
/// Each point scores the lowest percentage of its band, and the thresholds
/// are written as percentages: a level's own attributes need L or F (51
/// or more) and every attribute of the levels below needs F (86 or more).
fn capability_model() -> Model {
    build(&model_json(
        0,
        3,
        &[("process", "Process")],
        scale(&[("n", 0), ("p", 16), ("l", 51), ("f", 86)], false),
        json!({
            "method": "all",
            "at_level": { "percent": 51 },
            "below_level": { "percent": 86 },
        }),
        vec![
            indicator("c1", "process", 1),
            indicator("m2a", "process", 2),
            indicator("m2b", "process", 2),
            indicator("e3a", "process", 3),
            indicator("e3b", "process", 3),
        ],
    ))
}

#[test]
fn all_rule_capability_levels() {
    let model = capability_model();
    let cases: &[(Ratings<'_>, Expected<'_>)] = &[
        (
            &[
                ("c1", "f"),
                ("m2a", "l"),
                ("m2b", "l"),
                ("e3a", "n"),
                ("e3b", "n"),
            ],
            (
                2,
                2,
                1,
                "2.00",
                "stays at level 2 because 4 of 4 criteria for level 3 are below their thresholds: m2a, m2b, e3a, e3b",
            ),
        ),
        (
            &[
                ("c1", "l"),
                ("m2a", "f"),
                ("m2b", "f"),
                ("e3a", "f"),
                ("e3b", "f"),
            ],
            (
                1,
                5,
                3,
                "1.66",
                "stays at level 1 because 1 of 3 criteria for level 2 is below 'f': c1",
            ),
        ),
        (
            &[
                ("c1", "f"),
                ("m2a", "f"),
                ("m2b", "f"),
                ("e3a", "f"),
                ("e3b", "f"),
            ],
            (3, 3, 1, "3.00", "reaches level 3, the top level"),
        ),
        (
            &[
                ("c1", "p"),
                ("m2a", "f"),
                ("m2b", "f"),
                ("e3a", "f"),
                ("e3b", "f"),
            ],
            (
                0,
                0,
                1,
                "0.00",
                "stays at level 0 because 1 of 1 level-1 criteria is below 'l': c1",
            ),
        ),
        (
            &[
                ("c1", "f"),
                ("m2a", "f"),
                ("m2b", "l"),
                ("e3a", "l"),
                ("e3b", "f"),
            ],
            (
                2,
                11,
                4,
                "2.75",
                "stays at level 2 because 1 of 4 criteria for level 3 is below 'f': m2b",
            ),
        ),
    ];
    for (ratings, expected) in cases {
        check_dimension(&classify(&model, ratings), "process", *expected);
    }
}

const STRATEGIES: [(&str, &str); 8] = [
    ("application-control", "Application control"),
    ("patch-applications", "Patch applications"),
    ("macro-settings", "Office macro settings"),
    ("application-hardening", "User application hardening"),
    ("admin-privileges", "Restrict administrative privileges"),
    ("patch-os", "Patch operating systems"),
    ("mfa", "Multi-factor authentication"),
    ("backups", "Regular backups"),
];

/// Binary controls for eight mitigation strategies, one dimension each,
/// rated no or yes, with levels 0 to 3 and one control per level. Each
/// strategy's level is cumulative: level n needs every control of levels 1
/// to n in place. The overall level is the lowest strategy level.
fn controls_model() -> Model {
    let controls = STRATEGIES
        .iter()
        .flat_map(|(id, _)| {
            (1..=3).map(move |level| indicator(&format!("{id}-{level}"), id, level))
        })
        .collect();
    build(&model_json(
        0,
        3,
        &STRATEGIES,
        scale(BINARY, false),
        json!({ "method": "all", "at_level": "yes", "below_level": "yes" }),
        controls,
    ))
}

#[test]
fn all_rule_binary_controls() {
    let model = controls_model();
    let all_names = STRATEGIES.map(|(_, name)| name).join(", ");
    let all_ids = STRATEGIES.map(|(id, _)| id);
    let everything_at_top = format!("minimum of dimension levels: 3 ({all_names})");
    let cases: &[ControlsCase<'_>] = &[
        (&[], [3; 8], 3, &all_ids, &everything_at_top),
        (
            &["patch-os-2", "mfa-1"],
            [3, 3, 3, 3, 3, 1, 0, 3],
            0,
            &["mfa"],
            "minimum of dimension levels: 0 (Multi-factor authentication)",
        ),
        (
            &["backups-1"],
            [3, 3, 3, 3, 3, 3, 3, 0],
            0,
            &["backups"],
            "minimum of dimension levels: 0 (Regular backups)",
        ),
        (
            &["application-control-3", "admin-privileges-3"],
            [2, 3, 3, 3, 2, 3, 3, 3],
            2,
            &["application-control", "admin-privileges"],
            "minimum of dimension levels: 2 (Application control, Restrict administrative privileges)",
        ),
    ];
    for (missing, levels, overall, limiting, explanation) in cases {
        let ratings: Vec<(String, &str)> = STRATEGIES
            .iter()
            .flat_map(|(id, _)| (1..=3).map(move |level| format!("{id}-{level}")))
            .map(|control| {
                let rating = if missing.contains(&control.as_str()) {
                    "no"
                } else {
                    "yes"
                };
                (control, rating)
            })
            .collect();
        let ratings: Vec<(&str, &str)> = ratings.iter().map(|(id, r)| (id.as_str(), *r)).collect();
        let classification = classify(&model, &ratings);
        let numbers: Vec<Option<u32>> =
            classification.dimensions.iter().map(|d| d.number).collect();
        let expected: Vec<Option<u32>> = levels.iter().copied().map(Some).collect();
        assert_eq!(
            numbers, expected,
            "strategy levels with {missing:?} missing"
        );
        assert_eq!(classification.overall.number, Some(*overall));
        assert_eq!(classification.overall.limiting, *limiting);
        assert_eq!(classification.overall.explanation, *explanation);
    }
}

/// Answer values 0, 0.25, 0.5 and 1, summed per level: the `mean` rule on a
/// scale scoring 0, 25, 50 and 100, where a level passes when the weighted
/// mean of its answers is at least one half. `mean_total` adds the floor's
/// number to each level's mean. Indicator `a2` weighs 3.
fn answer_values_model() -> Model {
    build(&model_json(
        1,
        4,
        &[("practice", "Practice")],
        scale(
            &[("not", 0), ("partly", 25), ("mostly", 50), ("fully", 100)],
            true,
        ),
        json!({ "method": "mean", "percent": 50 }),
        vec![
            weighted("a2", "practice", 2, 3),
            indicator("b2", "practice", 2),
            indicator("a3", "practice", 3),
            indicator("b3", "practice", 3),
            indicator("a4", "practice", 4),
            indicator("b4", "practice", 4),
        ],
    ))
}

#[test]
fn mean_rule_answer_values() {
    let model = answer_values_model();
    // (ratings, expected, mean_total as numerator and denominator)
    let cases: &[(Ratings<'_>, Expected<'_>, (u64, u64))] = &[
        (
            &[
                ("a2", "fully"),
                ("b2", "mostly"),
                ("a3", "mostly"),
                ("b3", "partly"),
                ("a4", "fully"),
                ("b4", "fully"),
            ],
            (
                2,
                19,
                8,
                "2.37",
                "stays at level 2 because the level-3 mean is 0.37, below the required 0.50",
            ),
            (13, 4),
        ),
        (
            &[("a2", "not"), ("b2", "fully")],
            (
                1,
                5,
                4,
                "1.25",
                "stays at level 1 because the level-2 mean is 0.25, below the required 0.50",
            ),
            (5, 4),
        ),
        (
            &[
                ("a2", "mostly"),
                ("b2", "fully"),
                ("a3", "fully"),
                ("a4", "n/a"),
                ("b4", "n/a"),
            ],
            (4, 4, 1, "4.00", "reaches level 4, the top level"),
            (25, 8),
        ),
        (
            &[
                ("a2", "fully"),
                ("b2", "fully"),
                ("a3", "n/a"),
                ("b3", "n/a"),
                ("a4", "partly"),
                ("b4", "not"),
            ],
            (
                3,
                25,
                8,
                "3.12",
                "stays at level 3 because the level-4 mean is 0.12, below the required 0.50",
            ),
            (25, 8),
        ),
    ];
    for (ratings, expected, (numerator, denominator)) in cases {
        let classification = classify(&model, ratings);
        check_dimension(&classification, "practice", *expected);
        let result = &classification.dimensions[0];
        assert_eq!(
            result.mean_total,
            Some(ratio(*numerator, *denominator)),
            "mean_total"
        );
    }
}

#[test]
fn mean_rule_reports_level_means() {
    let model = answer_values_model();
    let ratings = [
        ("a2", "fully"),
        ("b2", "fully"),
        ("a3", "n/a"),
        ("b3", "n/a"),
        ("a4", "partly"),
        ("b4", "not"),
    ];
    let classification = classify(&model, &ratings);
    let levels = &classification.dimensions[0].levels;
    let means: Vec<Option<Ratio>> = levels.iter().map(|level| level.mean).collect();
    assert_eq!(
        means,
        [Some(Ratio::ONE), Some(Ratio::ONE), Some(ratio(1, 8))]
    );
    let flags: Vec<bool> = levels.iter().map(|level| level.without_evidence).collect();
    assert_eq!(flags, [false, true, false]);
    let met: Vec<bool> = levels.iter().map(|level| level.met).collect();
    assert_eq!(met, [true, true, false]);
    assert!(levels.iter().all(|level| level.share.is_none()));
}

/// A weighted share: a level passes when at least 75 % of the weight of its
/// applicable indicators is rated `largely` or better. Indicator `s3a`
/// weighs 3.
fn share_model() -> Model {
    let mut indicators = Vec::new();
    for level in 2..=4 {
        for letter in ["a", "b", "c", "d"] {
            let id = format!("s{level}{letter}");
            let weight = if id == "s3a" { 3 } else { 1 };
            indicators.push(weighted(&id, "practice", level, weight));
        }
    }
    build(&model_json(
        1,
        4,
        &[("practice", "Practice")],
        scale(FOUR_POINT, true),
        json!({ "method": "share", "threshold": "largely", "percent": 75 }),
        indicators,
    ))
}

#[test]
fn share_rule_weighted_shares() {
    let model = share_model();
    let cases: &[(Ratings<'_>, Expected<'_>)] = &[
        (
            &[
                ("s2a", "largely"),
                ("s2b", "fully"),
                ("s2c", "largely"),
                ("s2d", "partly"),
                ("s3a", "fully"),
                ("s3b", "not"),
                ("s3c", "not"),
                ("s3d", "not"),
            ],
            (
                2,
                5,
                2,
                "2.50",
                "stays at level 2 because the level-3 share meeting 'largely' is 50%, below the required 75%",
            ),
        ),
        (
            &[
                ("s2a", "fully"),
                ("s2b", "fully"),
                ("s2c", "fully"),
                ("s2d", "fully"),
                ("s3a", "fully"),
                ("s3b", "fully"),
                ("s3c", "fully"),
                ("s3d", "not"),
                ("s4a", "fully"),
            ],
            (
                3,
                13,
                4,
                "3.25",
                "stays at level 3 because the level-4 share meeting 'largely' is 25%, below the required 75%",
            ),
        ),
        (
            &[
                ("s2a", "fully"),
                ("s2b", "fully"),
                ("s2c", "fully"),
                ("s2d", "fully"),
                ("s3a", "n/a"),
                ("s3b", "n/a"),
                ("s3c", "n/a"),
                ("s3d", "n/a"),
                ("s4a", "largely"),
                ("s4b", "largely"),
                ("s4c", "largely"),
                ("s4d", "not"),
            ],
            (4, 4, 1, "4.00", "reaches level 4, the top level"),
        ),
        (
            &[],
            (
                1,
                1,
                1,
                "1.00",
                "stays at level 1 because the level-2 share meeting 'largely' is 0%, below the required 75%",
            ),
        ),
    ];
    for (ratings, expected) in cases {
        check_dimension(&classify(&model, ratings), "practice", *expected);
    }
}

#[test]
fn share_rule_reports_level_shares() {
    let model = share_model();
    let ratings = [
        ("s2a", "fully"),
        ("s2b", "fully"),
        ("s2c", "fully"),
        ("s2d", "not"),
        ("s3a", "n/a"),
        ("s3b", "n/a"),
        ("s3c", "n/a"),
        ("s3d", "n/a"),
        ("s4a", "fully"),
    ];
    let levels = &classify(&model, &ratings).dimensions[0].levels;
    let shares: Vec<Option<Ratio>> = levels.iter().map(|level| level.share).collect();
    assert_eq!(shares, [Some(ratio(3, 4)), None, Some(ratio(1, 4))]);
    let flags: Vec<bool> = levels.iter().map(|level| level.without_evidence).collect();
    assert_eq!(flags, [false, true, false]);
    assert!(levels.iter().all(|level| level.mean.is_none()));
}

/// Builds a model with one dimension per entry of `levels`, named `A`, `B`,
/// ..., each with one yes/no control per level from 1 to 4, and rates the
/// controls so that each dimension stands at its entry.
fn rollup_case(rule: &str, levels: &[u32], weights: &[u32]) -> Classification {
    let ids = ["a", "b", "c", "d"];
    let names = ["A", "B", "C", "D"];
    let dimensions: Vec<(&str, &str)> = ids.iter().copied().zip(names).take(levels.len()).collect();
    let indicators = dimensions
        .iter()
        .flat_map(|(id, _)| (1..=4).map(move |level| indicator(&format!("{id}{level}"), id, level)))
        .collect();
    let mut value = model_json(
        0,
        4,
        &dimensions,
        scale(BINARY, false),
        json!({ "method": "all", "at_level": "yes", "below_level": "yes" }),
        indicators,
    );
    value["rules"]["overall"] = json!(rule);
    for (index, weight) in weights.iter().enumerate() {
        value["dimensions"][index]["weight"] = json!(weight);
    }
    let model = build(&value);
    let ratings: Vec<(String, &str)> = dimensions
        .iter()
        .zip(levels)
        .flat_map(|((id, _), &reached)| {
            (1..=4).map(move |level| {
                (
                    format!("{id}{level}"),
                    if level <= reached { "yes" } else { "no" },
                )
            })
        })
        .collect();
    let ratings: Vec<(&str, &str)> = ratings.iter().map(|(id, r)| (id.as_str(), *r)).collect();
    classify(&model, &ratings)
}

#[test]
fn rollups_combine_dimension_levels() {
    let cases: &[RollupCase<'_>] = &[
        (
            "minimum",
            &[2, 3, 1],
            &[],
            1,
            &["c"],
            "minimum of dimension levels: 1 (C)",
        ),
        (
            "minimum",
            &[2, 2],
            &[],
            2,
            &["a", "b"],
            "minimum of dimension levels: 2 (A, B)",
        ),
        (
            "lower_median",
            &[3, 1, 2],
            &[],
            2,
            &["b"],
            "lower median of dimension levels 1, 2, 3: 2 (B)",
        ),
        (
            "lower_median",
            &[4, 1, 3, 2],
            &[],
            2,
            &["b"],
            "lower median of dimension levels 1, 2, 3, 4: 2 (B)",
        ),
        (
            "lower_median",
            &[2, 4, 2, 4],
            &[],
            2,
            &["a", "c"],
            "lower median of dimension levels 2, 2, 4, 4: 2 (A, C)",
        ),
        (
            "weighted_mean",
            &[1, 4],
            &[],
            2,
            &["a"],
            "weighted mean of dimension levels 2.50, rounded down: 2 (A)",
        ),
        (
            "weighted_mean",
            &[1, 4],
            &[3, 1],
            1,
            &["a"],
            "weighted mean of dimension levels 1.75, rounded down: 1 (A)",
        ),
        (
            "weighted_mean",
            &[2, 3, 4],
            &[1, 1, 2],
            3,
            &["a"],
            "weighted mean of dimension levels 3.25, rounded down: 3 (A)",
        ),
        (
            "weighted_mean",
            &[0, 4, 4],
            &[],
            2,
            &["a"],
            "weighted mean of dimension levels 2.66, rounded down: 2 (A)",
        ),
    ];
    for (rule, levels, weights, number, limiting, explanation) in cases {
        let overall = rollup_case(rule, levels, weights).overall;
        assert_eq!(overall.number, Some(*number), "{rule} of {levels:?}");
        assert_eq!(overall.level, Some(format!("l{number}")));
        assert_eq!(overall.limiting, *limiting, "{rule} of {levels:?}");
        assert_eq!(overall.explanation, *explanation);
    }
}

#[test]
fn rollup_leaves_out_unassessable_dimensions() {
    let indicators = vec![
        indicator("a1", "a", 1),
        indicator("b1", "b", 1),
        indicator("c1", "c", 1),
    ];
    let mut value = model_json(
        0,
        1,
        &[("a", "A"), ("b", "B"), ("c", "C")],
        scale(BINARY, true),
        json!({ "method": "all", "at_level": "yes", "below_level": "yes" }),
        indicators,
    );
    value["rules"]["overall"] = json!("weighted_mean");
    let model = build(&value);
    let classification = classify(&model, &[("a1", "yes"), ("b1", "no"), ("c1", "n/a")]);
    let overall = &classification.overall;
    assert_eq!(overall.not_assessable, ["c"]);
    assert_eq!(overall.number, Some(0));
    assert_eq!(
        overall.explanation,
        "weighted mean of dimension levels 0.50, rounded down: 0 (B)"
    );
    let c = classification.dimension("c").expect("dimension c");
    assert_eq!(c.score, None);
    assert_eq!(
        c.explanation,
        "not assessable: every indicator is rated n/a"
    );

    let nothing = classify(&model, &[("a1", "n/a"), ("b1", "n/a"), ("c1", "n/a")]);
    assert_eq!(nothing.overall.number, None);
    assert_eq!(
        nothing.overall.explanation,
        "not assessable: every indicator of every dimension is rated n/a"
    );
}

/// A model whose default scale has four points and whose named scale
/// `yesno` has two, `not` and `fully`, with one indicator of each scale per
/// level, under an `all` rule with the same threshold at and below.
fn mixed_scales_model(threshold: &Value) -> Model {
    let mut value = model_json(
        1,
        3,
        &[("mixed", "Mixed")],
        scale(FOUR_POINT, true),
        json!({ "method": "all", "at_level": threshold, "below_level": threshold }),
        vec![
            indicator("m2a", "mixed", 2),
            on_scale("m2b", "mixed", 2, "yesno"),
            indicator("m3a", "mixed", 3),
            on_scale("m3b", "mixed", 3, "yesno"),
        ],
    );
    value["scales"] = json!([named_scale("yesno", &[("not", 0), ("fully", 100)], false)]);
    build(&value)
}

#[test]
fn named_scales_with_each_threshold_form() {
    let point = json!("fully");
    let percent = json!({ "percent": 60 });
    let by_scale = json!({ "by_scale": { "default": "partly", "yesno": "fully" } });
    let cases: &[(&Value, Ratings<'_>, u32, [&str; 2], &str)] = &[
        (
            &point,
            &[
                ("m2a", "fully"),
                ("m2b", "fully"),
                ("m3a", "largely"),
                ("m3b", "fully"),
            ],
            2,
            ["fully", "fully"],
            "stays at level 2 because 1 of 2 level-3 criteria is below 'fully': m3a",
        ),
        (
            &percent,
            &[
                ("m2a", "largely"),
                ("m2b", "fully"),
                ("m3a", "largely"),
                ("m3b", "not"),
            ],
            2,
            ["largely", "fully"],
            "stays at level 2 because 1 of 2 level-3 criteria is below 'fully': m3b",
        ),
        (
            &by_scale,
            &[
                ("m2a", "partly"),
                ("m2b", "fully"),
                ("m3a", "partly"),
                ("m3b", "fully"),
            ],
            3,
            ["partly", "fully"],
            "reaches level 3, the top level",
        ),
        (
            &by_scale,
            &[
                ("m2a", "partly"),
                ("m2b", "fully"),
                ("m3a", "not"),
                ("m3b", "fully"),
            ],
            2,
            ["partly", "fully"],
            "stays at level 2 because 1 of 2 level-3 criteria is below 'partly': m3a",
        ),
    ];
    for (threshold, ratings, number, required, explanation) in cases {
        let model = mixed_scales_model(threshold);
        let classification = classify(&model, ratings);
        let result = &classification.dimensions[0];
        assert_eq!(result.number, Some(*number), "threshold {threshold}");
        let resolved: Vec<&str> = result.levels[0]
            .indicators
            .iter()
            .map(|check| check.required.as_str())
            .collect();
        assert_eq!(resolved, required, "threshold {threshold}");
        assert_eq!(result.explanation, *explanation);
    }
}

#[test]
fn named_scales_check_ratings_against_their_own_points() {
    let model = mixed_scales_model(&json!("fully"));
    let cases: &[(&str, &str, &str, &str, &str)] = &[
        (
            "m2b",
            "largely",
            "unknown-reference",
            "unknown rating \"largely\" on scale \"yesno\"",
            "use one of: \"not\", \"fully\"",
        ),
        (
            "m2b",
            "n/a",
            "not-applicable-not-allowed",
            "rating \"n/a\" is not allowed by scale \"yesno\"",
            "rate the indicator with one of: \"not\", \"fully\", because the scale sets `not_applicable` to false",
        ),
        (
            "m2a",
            "yes",
            "unknown-reference",
            "unknown rating \"yes\"",
            "use one of: \"not\", \"partly\", \"largely\", \"fully\", \"n/a\"",
        ),
    ];
    for (indicator, rating, code, message, hint) in cases {
        let error = model
            .bind(&rule_helpers::assessment(&model, &[(indicator, rating)]))
            .expect_err("the rating is invalid");
        let problem = &error.problems()[0];
        assert_eq!(problem.path, "/ratings/0/rating");
        assert_eq!(problem.code.as_str(), *code);
        assert_eq!(problem.message, *message);
        assert_eq!(problem.hint, *hint);
    }
    let bound = bind(&model, &[("m2a", "n/a"), ("m2b", "not")]);
    assert_eq!(bound.rating("m2a"), Some("n/a"));
    assert_eq!(bound.rating("m2b"), Some("not"));
}

#[test]
fn dimension_rule_overrides_model_rule() {
    let mut value = model_json(
        1,
        3,
        &[("gate", "Gate"), ("average", "Average")],
        scale(FOUR_POINT, false),
        json!({ "method": "all", "at_level": "largely", "below_level": "largely" }),
        vec![
            indicator("g2", "gate", 2),
            indicator("g3", "gate", 3),
            indicator("n2a", "average", 2),
            indicator("n2b", "average", 2),
            indicator("n3a", "average", 3),
            indicator("n3b", "average", 3),
        ],
    );
    value["dimensions"][1]["rule"] = json!({ "method": "mean", "percent": 50 });
    let model = build(&value);
    let ratings = [
        ("g2", "largely"),
        ("g3", "partly"),
        ("n2a", "partly"),
        ("n2b", "fully"),
        ("n3a", "partly"),
        ("n3b", "partly"),
    ];
    let classification = classify(&model, &ratings);
    check_dimension(
        &classification,
        "gate",
        (
            2,
            2,
            1,
            "2.00",
            "stays at level 2 because 1 of 1 level-3 criteria is below 'largely': g3",
        ),
    );
    check_dimension(
        &classification,
        "average",
        (
            2,
            233,
            100,
            "2.33",
            "stays at level 2 because the level-3 mean is 0.33, below the required 0.50",
        ),
    );
    let average = classification
        .dimension("average")
        .expect("dimension average");
    assert!(matches!(average.rule, LevelRule::Mean { percent: 50, .. }));
    assert_eq!(average.mean_total, Some(ratio(399, 200)));
    assert_eq!(
        average.mean_total.map(|total| total.to_string()),
        Some("1.99".to_owned())
    );
    let gate = classification.dimension("gate").expect("dimension gate");
    assert!(matches!(gate.rule, LevelRule::All { .. }));
    assert_eq!(gate.mean_total, None);
}

#[test]
fn share_gaps_pick_largest_contributions() {
    let model = share_model();
    let cases: &[(Ratings<'_>, Ratings<'_>)] = &[
        (
            &[
                ("s2a", "fully"),
                ("s2b", "fully"),
                ("s2c", "fully"),
                ("s2d", "fully"),
                ("s3a", "fully"),
                ("s3b", "fully"),
                ("s3c", "fully"),
                ("s3d", "not"),
                ("s4a", "fully"),
            ],
            &[("s4b", "largely"), ("s4c", "largely")],
        ),
        (
            &[
                ("s2a", "largely"),
                ("s2b", "fully"),
                ("s2c", "largely"),
                ("s2d", "partly"),
                ("s3a", "fully"),
                ("s3b", "not"),
                ("s3c", "not"),
                ("s3d", "not"),
            ],
            &[("s3b", "largely"), ("s3c", "largely")],
        ),
    ];
    for (ratings, expected) in cases {
        check_gaps(&model, ratings, &Target::NextLevel, expected);
    }
}

#[test]
fn share_gaps_drop_redundant_items() {
    // x rises furthest and is taken first, but y alone, with weight 2, lifts
    // the share to 3 of 4, so x is dropped.
    let model = build(&model_json(
        1,
        2,
        &[("practice", "Practice")],
        scale(FOUR_POINT, false),
        json!({ "method": "share", "threshold": "fully", "percent": 75 }),
        vec![
            indicator("x", "practice", 2),
            weighted("y", "practice", 2, 2),
            indicator("z", "practice", 2),
        ],
    ));
    check_gaps(
        &model,
        &[("y", "largely"), ("z", "fully")],
        &Target::NextLevel,
        &[("y", "fully")],
    );
}

#[test]
fn mean_gaps_raise_last_item_partly() {
    let model = answer_values_model();
    let cases: &[(Ratings<'_>, &Target, Ratings<'_>)] = &[
        (
            &[
                ("a2", "fully"),
                ("b2", "mostly"),
                ("a3", "mostly"),
                ("b3", "partly"),
                ("a4", "fully"),
                ("b4", "fully"),
            ],
            &Target::NextLevel,
            &[("b3", "mostly")],
        ),
        (
            &[("a2", "not"), ("b2", "fully")],
            &Target::NextLevel,
            &[("a2", "mostly")],
        ),
        (
            &[("a2", "not"), ("b2", "fully")],
            &Target::Level("l4".to_owned()),
            &[("a2", "mostly"), ("a3", "fully"), ("a4", "fully")],
        ),
    ];
    for (ratings, target, expected) in cases {
        check_gaps(&model, ratings, target, expected);
    }
}

/// Checks the gap items and that raising them reaches the target.
#[track_caller]
fn check_gaps(model: &Model, ratings: &[(&str, &str)], target: &Target, expected: &[(&str, &str)]) {
    let report = bind(model, ratings).gaps(target).expect("valid target");
    let items: Vec<(&str, &str)> = report
        .items()
        .map(|item| (item.indicator.as_str(), item.required.as_str()))
        .collect();
    assert_eq!(items, expected);

    let mut raised: Vec<(&str, &str)> = ratings
        .iter()
        .copied()
        .filter(|(id, _)| !items.iter().any(|(raised, _)| raised == id))
        .collect();
    raised.extend(items.iter().copied());
    let after = classify(model, &raised);
    for (gap, result) in report.dimensions.iter().zip(&after.dimensions) {
        let target = gap.target.as_deref();
        let reached = model
            .levels()
            .iter()
            .position(|level| Some(level.id.as_str()) == result.level.as_deref());
        let expected_level = model
            .levels()
            .iter()
            .position(|level| Some(level.id.as_str()) == target);
        assert!(
            reached >= expected_level,
            "{} stays below {target:?}",
            result.id
        );
    }
}

/// A model with a named scale `yesno`, one indicator of each scale at each
/// level, and a per-scale threshold, to break one rule at a time.
fn validation_base() -> Value {
    let mut value = model_json(
        1,
        3,
        &[("d", "D")],
        scale(FOUR_POINT, false),
        json!({
            "method": "all",
            "at_level": { "by_scale": { "default": "largely", "yesno": "fully" } },
            "below_level": { "by_scale": { "default": "largely", "yesno": "fully" } },
        }),
        vec![
            indicator("i2", "d", 2),
            on_scale("j2", "d", 2, "yesno"),
            indicator("i3", "d", 3),
            on_scale("j3", "d", 3, "yesno"),
        ],
    );
    value["scales"] = json!([named_scale("yesno", &[("not", 0), ("fully", 100)], false)]);
    value
}

type Mutation = fn(&mut Value);

#[test]
fn validation_reports_each_rule_problem() {
    let cases: &[(&str, Mutation, &str, &str)] = &[
        (
            "duplicate scale id",
            |m| push_scale(m, named_scale("yesno", BINARY, false)),
            "/scales/1/id",
            "duplicate-id",
        ),
        (
            "reserved scale id",
            |m| push_scale(m, named_scale("default", BINARY, false)),
            "/scales/1/id",
            "invalid-value",
        ),
        (
            "one point",
            |m| push_scale(m, named_scale("one", &[("a", 0)], false)),
            "/scales/1/points",
            "too-few-scale-points",
        ),
        (
            "flat scores",
            |m| push_scale(m, named_scale("flat", &[("a", 50), ("b", 50)], false)),
            "/scales/1/points/1/score",
            "score-not-increasing",
        ),
        (
            "score above 100",
            |m| push_scale(m, named_scale("big", &[("a", 0), ("b", 101)], false)),
            "/scales/1/points/1/score",
            "invalid-value",
        ),
        (
            "duplicate point id",
            |m| push_scale(m, named_scale("dup", &[("a", 0), ("a", 10)], false)),
            "/scales/1/points/1/id",
            "duplicate-id",
        ),
        (
            "unknown indicator scale",
            |m| m["indicators"][1]["scale"] = json!("nope"),
            "/indicators/1/scale",
            "unknown-reference",
        ),
        (
            "point missing on a scale in use",
            |m| m["rules"]["level"]["at_level"] = json!("largely"),
            "/rules/level/at_level",
            "unknown-reference",
        ),
        (
            "percent above a scale's top",
            |m| {
                m["scales"][0]["points"][1]["score"] = json!(80);
                m["rules"]["level"]["at_level"] = json!({ "percent": 90 });
            },
            "/rules/level/at_level/percent",
            "unreachable-threshold",
        ),
        (
            "percent above 100",
            |m| m["rules"]["level"]["at_level"] = json!({ "percent": 101 }),
            "/rules/level/at_level/percent",
            "invalid-value",
        ),
        (
            "per-scale threshold leaves out a scale",
            |m| m["rules"]["level"]["at_level"] = json!({ "by_scale": { "default": "largely" } }),
            "/rules/level/at_level/by_scale",
            "uncovered-scale",
        ),
        (
            "per-scale threshold names an unknown scale",
            |m| m["rules"]["level"]["at_level"]["by_scale"]["nope"] = json!("x"),
            "/rules/level/at_level/by_scale/nope",
            "unknown-reference",
        ),
        (
            "per-scale threshold names an unknown point",
            |m| m["rules"]["level"]["at_level"]["by_scale"]["yesno"] = json!("yes"),
            "/rules/level/at_level/by_scale/yesno",
            "unknown-reference",
        ),
        (
            "share percent 0",
            |m| {
                m["rules"]["level"] =
                    json!({ "method": "share", "threshold": { "percent": 50 }, "percent": 0 })
            },
            "/rules/level/percent",
            "invalid-value",
        ),
        (
            "share percent above 100",
            |m| {
                m["rules"]["level"] =
                    json!({ "method": "share", "threshold": { "percent": 50 }, "percent": 101 })
            },
            "/rules/level/percent",
            "invalid-value",
        ),
        (
            "mean percent 0",
            |m| m["rules"]["level"] = json!({ "method": "mean", "percent": 0 }),
            "/rules/level/percent",
            "invalid-value",
        ),
        (
            "mean percent above a scale's top",
            |m| {
                m["scales"][0]["points"][1]["score"] = json!(80);
                m["rules"]["level"] = json!({ "method": "mean", "percent": 90 });
            },
            "/rules/level/percent",
            "unreachable-threshold",
        ),
        (
            "dimension weight 0",
            |m| m["dimensions"][0]["weight"] = json!(0),
            "/dimensions/0/weight",
            "invalid-value",
        ),
        (
            "dimension rule threshold",
            |m| {
                m["dimensions"][0]["rule"] = json!({ "method": "all", "at_level": "largely", "below_level": { "percent": 0 } })
            },
            "/dimensions/0/rule/at_level",
            "unknown-reference",
        ),
    ];
    for (name, mutate, path, code) in cases {
        let mut value = validation_base();
        mutate(&mut value);
        let error = Model::from_json_str(&value.to_string()).expect_err(name);
        let errors: Vec<(&str, &str)> = error
            .problems()
            .iter()
            .filter(|problem| problem.is_error())
            .map(|problem| (problem.path.as_str(), problem.code.as_str()))
            .collect();
        assert_eq!(errors, [(*path, *code)], "{name}");
    }
}

fn push_scale(model: &mut Value, scale: Value) {
    if let Some(scales) = model["scales"].as_array_mut() {
        scales.push(scale);
    }
}

#[test]
fn validation_messages_name_the_value_and_fix() {
    let cases: &[(Mutation, &str, &str)] = &[
        (
            |m| m["rules"]["level"]["at_level"] = json!("largely"),
            "threshold \"largely\" is not a point of scale \"yesno\"",
            "name a point of each scale with {\"by_scale\": {\"default\": \"largely\", \"yesno\": \"fully\"}}, or a score such as {\"percent\": 67}",
        ),
        (
            |m| m["rules"]["level"]["at_level"] = json!("mostly"),
            "threshold \"mostly\" is not a point of scales \"default\", \"yesno\"",
            "name a point of each scale with {\"by_scale\": {...}}, or a score such as {\"percent\": 60}; scale \"default\" has \"not\", \"partly\", \"largely\", \"fully\" and scale \"yesno\" has \"not\", \"fully\"",
        ),
        (
            |m| m["rules"]["level"] = json!({ "method": "mean", "percent": 0 }),
            "percent 0 lets every level pass",
            "use a percent from 1 to 100",
        ),
        (
            |m| {
                m["scales"][0]["points"][1]["score"] = json!(80);
                m["rules"]["level"] = json!({ "method": "mean", "percent": 90 });
            },
            "percent 90 is above score 80, the top of scale \"yesno\"",
            "use a percent of at most 80, or give scale \"yesno\" a point scoring 90 or more",
        ),
        (
            |m| m["rules"]["level"]["at_level"] = json!({ "by_scale": { "default": "largely" } }),
            "the threshold has no point for scale \"yesno\", which indicators under this rule use",
            "add \"yesno\": one of \"not\", \"fully\"",
        ),
    ];
    for (mutate, message, hint) in cases {
        let mut value = validation_base();
        mutate(&mut value);
        let error = Model::from_json_str(&value.to_string()).expect_err(message);
        assert_eq!(error.problems()[0].message, *message);
        assert_eq!(error.problems()[0].hint, *hint);
    }
}

#[test]
fn parsing_rejects_unknown_methods_and_threshold_keys() {
    // Rules as raw text, so that the order of keys is the one written.
    let cases: &[(&str, &str, &str)] = &[
        (
            r#"{ "method": "median", "percent": 50 }"#,
            "invalid-value",
            "unknown variant `median`, expected one of `all`, `share`, `mean`",
        ),
        (
            r#"{ "method": "share", "percent": 50, "threshold": { "pct": 5 } }"#,
            "unknown-field",
            "unknown field `pct`, expected `percent` or `by_scale`",
        ),
        (
            r#"{ "method": "share", "percent": 50, "threshold": { "percent": 5, "by_scale": {} } }"#,
            "unknown-field",
            "unknown field `by_scale`, a threshold object has exactly one key: `percent` or `by_scale`",
        ),
    ];
    for (rule, code, message) in cases {
        let mut value = validation_base();
        value["rules"]["level"] = json!("RULE");
        let text = value.to_string().replace(r#""RULE""#, rule);
        let error = Model::from_json_str(&text).expect_err(message);
        assert_eq!(error.problems()[0].code.as_str(), *code);
        assert_eq!(error.problems()[0].message, *message);
    }
}

#[test]
fn samples_classify_as_published() {
    let kam = maturity::kam();
    let implementation = load_model("practice-implementation");
    let capability = load_model("capability");
    let cases: &[(&Model, &str, &[u32], u32)] = &[
        (kam, "emerging-team", &[3, 2, 2, 3, 2, 2], 2),
        (kam, "steady-team", &[4, 3, 4, 3, 3, 3], 3),
        (kam, "leading-individual", &[5, 4, 5, 4, 4, 4], 4),
        (
            &implementation,
            "practice-implementation-sample",
            &[4, 3, 3],
            3,
        ),
        (&capability, "capability-sample", &[2, 1], 1),
    ];
    for (model, sample, levels, overall) in cases {
        let path = format!(
            "{}/examples/assessments/{sample}.json",
            env!("CARGO_MANIFEST_DIR")
        );
        let text = std::fs::read_to_string(&path).expect("sample is readable");
        let assessment = maturity::Assessment::from_json_str(&text).expect("sample parses");
        let classification = model.bind(&assessment).expect("sample binds").classify();
        let numbers: Vec<Option<u32>> =
            classification.dimensions.iter().map(|d| d.number).collect();
        let expected: Vec<Option<u32>> = levels.iter().copied().map(Some).collect();
        assert_eq!(numbers, expected, "{sample}");
        assert_eq!(classification.overall.number, Some(*overall), "{sample}");
        for result in &classification.dimensions {
            let score = result.score.expect("assessable");
            assert_eq!(
                Some(score.floor()),
                result.number.map(u64::from),
                "{sample}"
            );
        }
    }
}

#[test]
fn emerging_team_explains_its_caps() {
    let path = format!(
        "{}/examples/assessments/emerging-team.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).expect("sample is readable");
    let assessment = maturity::Assessment::from_json_str(&text).expect("sample parses");
    let classification = maturity::kam()
        .bind(&assessment)
        .expect("sample binds")
        .classify();
    let planning = classification
        .dimension("account-planning")
        .expect("dimension");
    assert_eq!(
        planning.explanation,
        "stays at level 2 because 1 of 2 level-3 criteria is below 'largely': account-planning-3-quarterly-review"
    );
    assert_eq!(
        classification.overall.explanation,
        "minimum of dimension levels: 2 (Account planning, Communication and collaboration, Customer experience, Technology and data)"
    );
}

#[test]
fn classification_round_trips_through_json() {
    let model = answer_values_model();
    let classification = classify(
        &model,
        &[("a2", "fully"), ("b2", "mostly"), ("a3", "partly")],
    );
    let text = serde_json::to_string(&classification).expect("serializes");
    let back: Classification = serde_json::from_str(&text).expect("deserializes");
    assert_eq!(back, classification);
    let value: Value = serde_json::from_str(&text).expect("valid JSON");
    let score = json!({ "numerator": 17, "denominator": 8, "display": "2.12" });
    assert_eq!(value["dimensions"][0]["score"], score);
}

fn load_model(name: &str) -> Model {
    let path = format!("{}/examples/models/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("model is readable");
    Model::from_json_str(&text).expect("model is valid")
}

#[test]
fn rule_types_are_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Ratio>();
    assert_send_sync::<LevelRule>();
    assert_send_sync::<maturity::Threshold>();
    assert_send_sync::<maturity::NamedScale>();
}

/// Runs every case under `tests/conformance`: a model, an assessment, and
/// the hand-worked levels, scores, explanations and next-level gap items
/// that classifying them must give.
#[test]
fn conformance_cases_match() {
    let root = format!("{}/tests/conformance", env!("CARGO_MANIFEST_DIR"));
    let mut cases: Vec<std::path::PathBuf> = std::fs::read_dir(&root)
        .expect("the conformance folder is readable")
        .map(|entry| entry.expect("a readable entry").path())
        .collect();
    cases.sort();
    assert!(!cases.is_empty(), "no conformance cases under {root}");
    for case in cases {
        check_conformance(&case);
    }
}

#[track_caller]
fn check_conformance(case: &std::path::Path) {
    let read = |name: &str| {
        std::fs::read_to_string(case.join(name)).unwrap_or_else(|err| panic!("{name}: {err}"))
    };
    let model = Model::from_json_str(&read("model.json")).expect("the model is valid");
    let assessment =
        maturity::Assessment::from_json_str(&read("assessment.json")).expect("it parses");
    let expected: Value = serde_json::from_str(&read("expected.json")).expect("valid JSON");
    let bound = model.bind(&assessment).expect("the assessment binds");
    let actual = serde_json::to_value(bound.classify()).expect("serializes");
    let name = case.display();

    for key in ["number", "limiting", "not_assessable", "explanation"] {
        assert_eq!(
            actual["overall"][key], expected["overall"][key],
            "{name}: overall {key}"
        );
    }
    let dimensions = expected["dimensions"].as_array().expect("a list");
    for (index, dimension) in dimensions.iter().enumerate() {
        let result = &actual["dimensions"][index];
        for key in ["id", "number", "score", "mean_total", "explanation"] {
            assert_eq!(
                result[key], dimension[key],
                "{name}: dimension {index} {key}"
            );
        }
    }
    let gaps = bound.gaps(&Target::NextLevel).expect("valid target");
    let items: Vec<Value> = gaps
        .items()
        .map(|item| json!({ "indicator": item.indicator, "required": item.required }))
        .collect();
    assert_eq!(Value::Array(items), expected["gaps"], "{name}: gaps");
}
