//! Large models and assessments built from a fixed recipe, shared by the
//! benchmarks and the scale tests.

// The benchmarks and each test use a different subset of the recipe.
#![allow(dead_code)]

use std::fmt::Write;

/// The scale points of every generated model, lowest first.
pub const POINTS: [&str; 4] = ["n", "p", "l", "f"];

/// The shape of a generated model: `dimensions` dimensions, a floor plus
/// `levels` levels above it, and `per_level` indicators per dimension at
/// each level above the floor.
///
/// Every tenth indicator from the second level up requires the indicator
/// in the same position one level down, and every seventh requires its
/// neighbour at the same level, so gap reports have prerequisites to order.
#[derive(Debug, Clone, Copy)]
pub struct Recipe {
    pub dimensions: usize,
    pub levels: usize,
    pub per_level: usize,
    pub rule: Rule,
}

/// The level rule of a generated model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// `all`, at `l` for the level itself and `f` below.
    All,
    /// `share`: 80 % of the weight at `l` or above.
    Share,
    /// `mean`: a weighted mean of at least 70.
    Mean,
}

impl Recipe {
    /// The benchmark model: 10 dimensions, 5 levels above the floor and 200
    /// indicators per dimension and level, 10,000 in all.
    pub const LARGE: Recipe = Recipe {
        dimensions: 10,
        levels: 5,
        per_level: 200,
        rule: Rule::All,
    };

    /// Returns the number of indicators.
    pub fn indicator_count(&self) -> usize {
        self.dimensions * self.levels * self.per_level
    }

    /// Returns the id of indicator `index` of a dimension at a level, with
    /// level 1 the first above the floor.
    pub fn indicator_id(dimension: usize, level: usize, index: usize) -> String {
        format!("d{dimension}-l{level}-i{index}")
    }

    /// Writes the model as JSON.
    pub fn model_json(&self) -> String {
        let mut text = String::with_capacity(self.indicator_count() * 160);
        text.push_str(r#"{"format_version": 1, "id": "generated", "name": "Generated", "#);
        text.push_str(r#""version": "1.0.0", "levels": ["#);
        for level in 0..=self.levels {
            let comma = if level == 0 { "" } else { ", " };
            let _ = write!(
                text,
                r#"{comma}{{"id": "level-{level}", "number": {level}, "name": "Level {level}", "summary": "Level {level}."}}"#
            );
        }
        text.push_str(r#"], "dimensions": ["#);
        for dimension in 0..self.dimensions {
            let comma = if dimension == 0 { "" } else { ", " };
            let _ = write!(
                text,
                r#"{comma}{{"id": "d{dimension}", "name": "Dimension {dimension}"}}"#
            );
        }
        text.push_str(r#"], "scale": {"points": ["#);
        for (index, point) in POINTS.iter().enumerate() {
            let comma = if index == 0 { "" } else { ", " };
            let score = index * 100 / (POINTS.len() - 1);
            let _ = write!(
                text,
                r#"{comma}{{"id": "{point}", "label": "Point {point}", "score": {score}}}"#
            );
        }
        let _ = write!(
            text,
            r#"], "not_applicable": true}}, "rules": {{"level": {}, "overall": "lower_median"}}, "indicators": ["#,
            self.rule_json()
        );
        let mut first = true;
        for dimension in 0..self.dimensions {
            for level in 1..=self.levels {
                for index in 0..self.per_level {
                    let comma = if first { "" } else { ", " };
                    first = false;
                    self.write_indicator(&mut text, comma, dimension, level, index);
                }
            }
        }
        text.push_str("]}");
        text
    }

    fn rule_json(&self) -> &'static str {
        match self.rule {
            Rule::All => r#"{"method": "all", "at_level": "l", "below_level": "f"}"#,
            Rule::Share => r#"{"method": "share", "threshold": "l", "percent": 80}"#,
            Rule::Mean => r#"{"method": "mean", "percent": 70}"#,
        }
    }

    fn write_indicator(
        &self,
        text: &mut String,
        comma: &str,
        dimension: usize,
        level: usize,
        index: usize,
    ) {
        let id = Recipe::indicator_id(dimension, level, index);
        let weight = 1 + index % 3;
        let _ = write!(
            text,
            r#"{comma}{{"id": "{id}", "dimension": "d{dimension}", "level": "level-{level}", "statement": "Criterion {index} of dimension {dimension} at level {level} is met.", "weight": {weight}, "requires": ["#
        );
        let mut requires = Vec::new();
        if level > 1 && index.is_multiple_of(10) {
            requires.push(Recipe::indicator_id(dimension, level - 1, index));
        }
        if index % 7 == 6 {
            requires.push(Recipe::indicator_id(dimension, level, index - 1));
        }
        for (position, required) in requires.iter().enumerate() {
            let comma = if position == 0 { "" } else { ", " };
            let _ = write!(text, r#"{comma}"{required}""#);
        }
        text.push_str("]}");
    }

    /// Writes an assessment as JSON with a rating drawn for each indicator
    /// from `seed`: about one in ten unanswered, one in twenty `"n/a"`, and
    /// the rest mostly high, more so at lower levels.
    pub fn assessment_json(&self, seed: u64) -> String {
        let mut random = XorShift::new(seed);
        self.assessment_json_with(|_, level, _| random.rating(level))
    }

    /// Writes an assessment as JSON with each indicator rated by `rate`,
    /// which gets the dimension, level and position of the indicator and
    /// returns `None` to leave it unanswered.
    pub fn assessment_json_with(
        &self,
        mut rate: impl FnMut(usize, usize, usize) -> Option<&'static str>,
    ) -> String {
        let mut text = String::with_capacity(self.indicator_count() * 48);
        text.push_str(
            r#"{"format_version": 1, "model": {"id": "generated", "version": "1.0.0"}, "#,
        );
        text.push_str(r#""subject": {"id": "generated-subject", "kind": "team"}, "ratings": ["#);
        let mut first = true;
        for dimension in 0..self.dimensions {
            for level in 1..=self.levels {
                for index in 0..self.per_level {
                    let Some(rating) = rate(dimension, level, index) else {
                        continue;
                    };
                    let comma = if first { "" } else { ", " };
                    first = false;
                    let id = Recipe::indicator_id(dimension, level, index);
                    let _ = write!(
                        text,
                        r#"{comma}{{"indicator": "{id}", "rating": "{rating}"}}"#
                    );
                }
            }
        }
        text.push_str("]}");
        text
    }
}

/// A small deterministic pseudo-random generator (xorshift64*), so that
/// every run rates the same way.
pub struct XorShift(u64);

impl XorShift {
    pub fn new(seed: u64) -> XorShift {
        XorShift(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Draws a rating for an indicator at `level`, 1 being the first above
    /// the floor; `None` leaves it unanswered.
    pub fn rating(&mut self, level: usize) -> Option<&'static str> {
        let roll = self.next() % 100;
        let high = 100u64.saturating_sub(8 * level as u64);
        match roll {
            0..10 => None,
            10..15 => Some("n/a"),
            _ if roll < high => Some(if roll.is_multiple_of(2) { "f" } else { "l" }),
            _ => Some(POINTS[(roll % 2) as usize]),
        }
    }
}
