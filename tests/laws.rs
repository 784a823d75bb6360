//! Laws of classification and gap analysis, checked over generated models:
//! 2 to 5 levels from any floor number, 1 to 4 dimensions, 1 to 3 scales of
//! 2 to 5 points, a random level rule per model and sometimes per
//! dimension, a random roll-up, weights, prerequisites, and ratings with
//! `"n/a"` and unanswered indicators.

mod rule_helpers;

use maturity::{Assessment, Classification, Model, Subject, SubjectKind, Target};
use proptest::prelude::*;
use serde_json::{Value, json};

/// A small deterministic generator (SplitMix64), so that each model and
/// assessment follows from one proptest seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Returns a number in `low..=high`.
    fn range(&mut self, low: u32, high: u32) -> u32 {
        let span = u64::from(high - low) + 1;
        low + u32::try_from(self.next() % span).expect("span fits in u32")
    }

    fn chance(&mut self, percent: u32) -> bool {
        self.range(1, 100) <= percent
    }
}

/// A generated scale: its id, point scores and whether it allows `"n/a"`.
/// Point `i` of every scale has id `p{i}`.
struct GenScale {
    id: String,
    scores: Vec<u32>,
    not_applicable: bool,
}

/// A generated model with what the assessment generator needs to know.
struct Generated {
    model: Model,
    /// Each indicator's id, dimension index and scale index, in model order.
    indicators: Vec<(String, usize, usize)>,
    scales: Vec<GenScale>,
}

fn gen_scale(rng: &mut Rng, id: String) -> GenScale {
    let count = rng.range(2, 5);
    let mut scores: Vec<u32> = Vec::new();
    while scores.len() < count as usize {
        let score = rng.range(0, 100);
        if !scores.contains(&score) {
            scores.push(score);
        }
    }
    scores.sort_unstable();
    GenScale {
        id,
        scores,
        not_applicable: rng.chance(50),
    }
}

fn scale_json(scale: &GenScale) -> Value {
    let points: Vec<Value> = scale
        .scores
        .iter()
        .enumerate()
        .map(
            |(i, score)| json!({ "id": format!("p{i}"), "label": format!("P{i}"), "score": score }),
        )
        .collect();
    json!({ "id": scale.id, "points": points, "not_applicable": scale.not_applicable })
}

/// Returns a threshold that resolves on every generated scale.
fn gen_threshold(rng: &mut Rng, scales: &[GenScale]) -> Value {
    let fewest_points = scales.iter().map(|s| s.scores.len()).min().unwrap_or(2);
    let lowest_top = scales
        .iter()
        .filter_map(|s| s.scores.last().copied())
        .min()
        .unwrap_or(0);
    match rng.range(0, 2) {
        0 => json!(format!("p{}", rng.range(0, fewest_points as u32 - 1))),
        1 => json!({ "percent": rng.range(0, lowest_top) }),
        _ => {
            let by_scale: serde_json::Map<String, Value> = scales
                .iter()
                .map(|scale| {
                    let point = rng.range(0, scale.scores.len() as u32 - 1);
                    (scale.id.clone(), json!(format!("p{point}")))
                })
                .collect();
            json!({ "by_scale": by_scale })
        }
    }
}

fn gen_rule(rng: &mut Rng, scales: &[GenScale]) -> Value {
    let lowest_top = scales
        .iter()
        .filter_map(|s| s.scores.last().copied())
        .min()
        .unwrap_or(0);
    match rng.range(0, 2) {
        0 => json!({
            "method": "all",
            "at_level": gen_threshold(rng, scales),
            "below_level": gen_threshold(rng, scales),
        }),
        1 => json!({
            "method": "share",
            "threshold": gen_threshold(rng, scales),
            "percent": rng.range(1, 100),
        }),
        _ => json!({ "method": "mean", "percent": rng.range(1, lowest_top.max(1)) }),
    }
}

fn gen_model(seed: u64) -> Generated {
    let mut rng = Rng(seed);
    let floor = rng.range(0, 3);
    let level_count = rng.range(2, 5);
    let dimension_count = rng.range(1, 4) as usize;
    let mut scales = vec![gen_scale(&mut rng, "default".to_owned())];
    for index in 1..rng.range(1, 3) {
        scales.push(gen_scale(&mut rng, format!("s{index}")));
    }
    // Keep every scale's top score at 1 or more, so that a mean rule with
    // percent 1 can pass.
    for scale in &mut scales {
        if scale.scores.last() == Some(&0) {
            scale.scores = vec![0, 100];
        }
    }

    let levels: Vec<Value> = (0..level_count)
        .map(|i| {
            let number = floor + i;
            let mut level = json!({ "id": format!("l{number}"), "number": number, "name": format!("L{number}") });
            if i + 1 < level_count {
                level["advance"] = json!("advance");
            }
            level
        })
        .collect();
    let mut dimensions = Vec::new();
    for index in 0..dimension_count {
        let mut dimension = json!({ "id": format!("d{index}"), "name": format!("D{index}"), "weight": rng.range(1, 5) });
        if rng.chance(30) {
            dimension["rule"] = gen_rule(&mut rng, &scales);
        }
        dimensions.push(dimension);
    }

    let mut indicators = Vec::new();
    let mut specs: Vec<Value> = Vec::new();
    for dimension in 0..dimension_count {
        for level in 1..level_count {
            let count = if level == 1 {
                rng.range(1, 3)
            } else {
                rng.range(0, 3)
            };
            for _ in 0..count {
                let id = format!("i{}", specs.len());
                let scale = rng.range(0, scales.len() as u32 - 1) as usize;
                let mut spec = json!({
                    "id": id,
                    "dimension": format!("d{dimension}"),
                    "level": format!("l{}", floor + level),
                    "statement": "statement",
                    "weight": rng.range(1, 4),
                    "scale": scales[scale].id,
                });
                // Earlier indicators of this dimension sit at the same or a
                // lower level, so prerequisites on them cannot form a cycle.
                let earlier: Vec<&(String, usize, usize)> = indicators
                    .iter()
                    .filter(|(_, d, _)| *d == dimension)
                    .collect();
                if !earlier.is_empty() && rng.chance(30) {
                    let pick = rng.range(0, earlier.len() as u32 - 1) as usize;
                    spec["requires"] = json!([earlier[pick].0]);
                }
                specs.push(spec);
                indicators.push((id, dimension, scale));
            }
        }
    }
    let overall = ["minimum", "lower_median", "weighted_mean"][rng.range(0, 2) as usize];
    let named: Vec<Value> = scales.iter().skip(1).map(scale_json).collect();
    let mut default_scale = scale_json(&scales[0]);
    if let Some(object) = default_scale.as_object_mut() {
        object.remove("id");
    }
    let value = json!({
        "format_version": 1,
        "id": "generated",
        "name": "Generated",
        "version": "1",
        "levels": levels,
        "dimensions": dimensions,
        "scale": default_scale,
        "scales": named,
        "rules": { "level": gen_rule(&mut rng, &scales), "overall": overall },
        "indicators": specs,
    });
    let model = rule_helpers::build(&value);
    Generated {
        model,
        indicators,
        scales,
    }
}

/// Returns a rating for an indicator on a scale: a point id, `"n/a"` where
/// allowed, or `None` for unanswered.
fn gen_rating(rng: &mut Rng, scale: &GenScale) -> Option<String> {
    let roll = rng.range(0, 99);
    if roll < 15 {
        return None;
    }
    if roll < 25 && scale.not_applicable {
        return Some("n/a".to_owned());
    }
    let point = rng.range(0, scale.scores.len() as u32 - 1);
    Some(format!("p{point}"))
}

fn gen_ratings(generated: &Generated, seed: u64) -> Vec<(String, Option<String>)> {
    let mut rng = Rng(seed);
    generated
        .indicators
        .iter()
        .map(|(id, _, scale)| (id.clone(), gen_rating(&mut rng, &generated.scales[*scale])))
        .collect()
}

fn assessment_of(model: &Model, ratings: &[(String, Option<String>)]) -> Assessment {
    let mut assessment = Assessment::new(
        model.id(),
        model.version(),
        Subject::new("s", SubjectKind::Team),
    );
    for (indicator, rating) in ratings {
        if let Some(rating) = rating {
            assessment.rate(indicator, rating);
        }
    }
    assessment
}

#[track_caller]
fn classify(model: &Model, ratings: &[(String, Option<String>)]) -> Classification {
    match model.bind(&assessment_of(model, ratings)) {
        Ok(bound) => bound.classify(),
        Err(error) => panic!("generated ratings do not bind: {:#?}", error.problems()),
    }
}

fn to_json(classification: &Classification) -> String {
    serde_json::to_string(classification).expect("a classification serializes")
}

/// Returns the level index (0 for the floor) a dimension result stands at.
fn level_index(model: &Model, level: Option<&str>) -> Option<usize> {
    model
        .levels()
        .iter()
        .position(|l| Some(l.id.as_str()) == level)
}

/// Returns the ratings with every gap item of a report raised, except the
/// item at `skip`.
fn raise_items(
    ratings: &[(String, Option<String>)],
    items: &[(String, String)],
    skip: Option<usize>,
) -> Vec<(String, Option<String>)> {
    let mut raised = ratings.to_vec();
    for (position, (indicator, required)) in items.iter().enumerate() {
        if Some(position) == skip {
            continue;
        }
        if let Some(entry) = raised.iter_mut().find(|(id, _)| id == indicator) {
            entry.1 = Some(required.clone());
        }
    }
    raised
}

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        // The seeds name every failing case; a regression file would pin
        // cases of a generator that may change.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn prop_raising_a_rating_never_lowers_a_level(model_seed: u64, rating_seed: u64, pick: u64) {
        let generated = gen_model(model_seed);
        let model = &generated.model;
        let mut ratings = gen_ratings(&generated, rating_seed);
        let before = classify(model, &ratings);

        let index = (pick % ratings.len() as u64) as usize;
        let scale = &generated.scales[generated.indicators[index].2];
        let current = match ratings[index].1.as_deref() {
            None => None,
            Some("n/a") => return Ok(()),
            Some(point) => point[1..].parse::<u32>().ok(),
        };
        let top = scale.scores.len() as u32 - 1;
        let raised = match current {
            Some(point) if point >= top => return Ok(()),
            Some(point) => point + 1 + (pick / 7 % u64::from(top - point)) as u32,
            None => (pick / 7 % u64::from(top + 1)) as u32,
        };
        ratings[index].1 = Some(format!("p{raised}"));
        let after = classify(model, &ratings);

        for (old, new) in before.dimensions.iter().zip(&after.dimensions) {
            prop_assert!(new.number >= old.number, "{} fell from {:?} to {:?}", old.id, old.number, new.number);
        }
        prop_assert!(after.overall.number >= before.overall.number);
    }

    #[test]
    fn prop_permuting_ratings_changes_nothing(model_seed: u64, rating_seed: u64, shift: usize) {
        let generated = gen_model(model_seed);
        let ratings = gen_ratings(&generated, rating_seed);
        let mut permuted = ratings.clone();
        permuted.reverse();
        let len = permuted.len();
        permuted.rotate_left(shift % len);
        let first = to_json(&classify(&generated.model, &ratings));
        let second = to_json(&classify(&generated.model, &permuted));
        prop_assert_eq!(first, second);
    }

    #[test]
    fn prop_ratings_in_one_dimension_leave_others_alone(
        model_seed: u64,
        rating_seed: u64,
        change_seed: u64,
        pick: usize,
    ) {
        let generated = gen_model(model_seed);
        let model = &generated.model;
        let ratings = gen_ratings(&generated, rating_seed);
        let changed_dimension = pick % model.dimensions().len();
        let mut rng = Rng(change_seed);
        let changed: Vec<(String, Option<String>)> = ratings
            .iter()
            .zip(&generated.indicators)
            .map(|((id, rating), (_, dimension, scale))| {
                if *dimension == changed_dimension {
                    (id.clone(), gen_rating(&mut rng, &generated.scales[*scale]))
                } else {
                    (id.clone(), rating.clone())
                }
            })
            .collect();
        let before = classify(model, &ratings);
        let after = classify(model, &changed);
        for (index, (old, new)) in before.dimensions.iter().zip(&after.dimensions).enumerate() {
            if index != changed_dimension {
                prop_assert_eq!(
                    serde_json::to_string(old).expect("serializes"),
                    serde_json::to_string(new).expect("serializes")
                );
            }
        }
    }

    #[test]
    fn prop_score_whole_part_is_the_level(model_seed: u64, rating_seed: u64) {
        let generated = gen_model(model_seed);
        let model = &generated.model;
        let classification = classify(model, &gen_ratings(&generated, rating_seed));
        let top = model.levels().last().map(|level| level.number);
        for result in &classification.dimensions {
            match (result.number, result.score) {
                (Some(number), Some(score)) => {
                    prop_assert_eq!(score.floor(), u64::from(number), "{}", result.id);
                    if Some(number) == top {
                        prop_assert_eq!(score, maturity::Ratio::integer(u64::from(number)));
                    }
                }
                (None, None) => prop_assert!(!result.assessable),
                other => prop_assert!(false, "level and score disagree: {other:?}"),
            }
        }
    }

    #[test]
    fn prop_raising_gap_items_reaches_the_target(model_seed: u64, rating_seed: u64, pick: usize) {
        let generated = gen_model(model_seed);
        let model = &generated.model;
        let ratings = gen_ratings(&generated, rating_seed);
        let bound = model.bind(&assessment_of(model, &ratings)).expect("binds");
        let level = &model.levels()[pick % model.levels().len()];
        for target in [Target::NextLevel, Target::Level(level.id.clone())] {
            let report = bound.gaps(&target).expect("valid target");
            let items: Vec<(String, String)> = report
                .items()
                .map(|item| (item.indicator.clone(), item.required.clone()))
                .collect();
            let after = classify(model, &raise_items(&ratings, &items, None));
            for (gap, result) in report.dimensions.iter().zip(&after.dimensions) {
                let expected_level = level_index(model, gap.target.as_deref());
                let reached = level_index(model, result.level.as_deref());
                prop_assert!(reached >= expected_level, "{} reached {:?}, not {:?}", result.id, reached, expected_level);
            }
        }
    }

    #[test]
    fn prop_classification_bytes_repeat(model_seed: u64, rating_seed: u64) {
        let first = gen_model(model_seed);
        let second = gen_model(model_seed);
        let ratings = gen_ratings(&first, rating_seed);
        let one = to_json(&classify(&first.model, &ratings));
        let two = to_json(&classify(&second.model, &ratings));
        prop_assert_eq!(one, two);
    }
}

proptest! {
    // Redundant picks under `share` need particular weights, so this law
    // runs more cases than the others.
    #![proptest_config(config(256))]

    #[test]
    fn prop_gap_items_are_minimal_under_all_and_share(model_seed: u64, rating_seed: u64, pick: usize) {
        let generated = gen_model(model_seed);
        let model = &generated.model;
        let ratings = gen_ratings(&generated, rating_seed);
        let bound = model.bind(&assessment_of(model, &ratings)).expect("binds");
        let level = &model.levels()[pick % model.levels().len()];
        let report = bound.gaps(&Target::Level(level.id.clone())).expect("valid target");
        let before = bound.classify();
        for (dimension, gap) in report.dimensions.iter().enumerate() {
            let rule = &before.dimensions[dimension].rule;
            if matches!(rule, maturity::LevelRule::Mean { .. }) {
                continue;
            }
            let items: Vec<(String, String)> = gap
                .items
                .iter()
                .map(|item| (item.indicator.clone(), item.required.clone()))
                .collect();
            let expected_level = level_index(model, gap.target.as_deref());
            for skip in 0..items.len() {
                let after = classify(model, &raise_items(&ratings, &items, Some(skip)));
                let reached = level_index(model, after.dimensions[dimension].level.as_deref());
                prop_assert!(reached < expected_level, "{} reaches {:?} without {}", gap.dimension, expected_level, items[skip].0);
            }
        }
    }
}
