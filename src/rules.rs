//! Level rules: compiled once from the model document into integer
//! thresholds, then applied level by level to bound ratings.
//!
//! Every comparison here is between integers: scale point indices, or
//! weighted sums of scores cross-multiplied with a required percentage.

use std::collections::BTreeMap;

use crate::model::{Answer, BoundAssessment};
use crate::ratio::Ratio;
use crate::spec::{DEFAULT_SCALE_ID, LevelRule, ModelSpec, ScalePoint, Threshold};

/// A rating scale with its id, ready for lookups.
#[derive(Debug, Clone)]
pub(crate) struct CompiledScale {
    pub(crate) id: String,
    pub(crate) points: Vec<ScalePoint>,
    pub(crate) not_applicable: bool,
    point_by_id: BTreeMap<String, usize>,
}

impl CompiledScale {
    fn new(id: &str, points: &[ScalePoint], not_applicable: bool) -> CompiledScale {
        let point_by_id = points
            .iter()
            .enumerate()
            .map(|(index, point)| (point.id.clone(), index))
            .collect();
        CompiledScale {
            id: id.to_owned(),
            points: points.to_vec(),
            not_applicable,
            point_by_id,
        }
    }

    /// Returns the index of the point with the given id.
    pub(crate) fn position(&self, id: &str) -> Option<usize> {
        self.point_by_id.get(id).copied()
    }

    /// Returns the index of the top point.
    pub(crate) fn top(&self) -> usize {
        self.points.len().saturating_sub(1)
    }

    /// Returns the index of the lowest point that meets `threshold` on this
    /// scale.
    fn resolve(&self, threshold: &Threshold) -> Option<usize> {
        match threshold {
            Threshold::Point(id) => self.position(id),
            Threshold::Percent(percent) => self
                .points
                .iter()
                .position(|point| point.score >= percent.percent),
            Threshold::ByScale(map) => self.position(map.by_scale.get(&self.id)?),
        }
    }
}

/// The method a dimension's level rule uses, with its integer parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Method {
    All,
    Share { percent: u32 },
    Mean { percent: u32 },
}

/// The rules of a model, compiled: every scale, the scale and required
/// points of each indicator, and the method of each dimension.
#[derive(Debug, Clone)]
pub(crate) struct CompiledRules {
    /// The default scale first, then the named scales in model order.
    pub(crate) scales: Vec<CompiledScale>,
    /// Scale index of each indicator.
    pub(crate) indicator_scale: Vec<usize>,
    /// The rule that applies to each dimension, as written.
    pub(crate) rules: Vec<LevelRule>,
    /// The method of each dimension.
    pub(crate) methods: Vec<Method>,
    /// Point index each indicator must reach when its own level is the one
    /// being reached. Under `mean` it is the top point of its scale.
    pub(crate) at_point: Vec<usize>,
    /// Point index each indicator must reach when a higher level is being
    /// reached.
    pub(crate) below_point: Vec<usize>,
    /// The score of every point of every scale, scale after scale in the
    /// order of `scales`.
    point_scores: Vec<u32>,
    /// Position in `point_scores` of the first point of each scale.
    score_starts: Vec<usize>,
}

/// One indicator as the level walk reads it: everything the walk needs
/// next to the rating, so that it reads one dense array per level.
#[derive(Debug, Clone, Copy)]
pub(crate) struct WalkEntry {
    /// Index of the indicator.
    pub(crate) indicator: usize,
    /// As [`CompiledRules::at_point`].
    pub(crate) at_point: usize,
    /// As [`CompiledRules::below_point`].
    pub(crate) below_point: usize,
    /// Weight of the indicator.
    pub(crate) weight: u64,
    /// Position in [`CompiledRules`]'s score table of the first point of
    /// the indicator's scale.
    pub(crate) score_start: usize,
}

impl CompiledRules {
    /// Compiles the rules of a validated model. `indicator_dimension` gives
    /// the dimension index of each indicator.
    ///
    /// Validation guarantees that every scale and threshold resolves; a
    /// reference that does not falls back to the lowest point, so this
    /// function cannot panic.
    pub(crate) fn compile(spec: &ModelSpec, indicator_dimension: &[usize]) -> CompiledRules {
        let mut scales = vec![CompiledScale::new(
            DEFAULT_SCALE_ID,
            &spec.scale.points,
            spec.scale.not_applicable,
        )];
        scales.extend(
            spec.scales
                .iter()
                .map(|scale| CompiledScale::new(&scale.id, &scale.points, scale.not_applicable)),
        );
        let indicator_scale: Vec<usize> = spec
            .indicators
            .iter()
            .map(|indicator| {
                let id = indicator.scale.as_deref().unwrap_or(DEFAULT_SCALE_ID);
                scales.iter().position(|scale| scale.id == id).unwrap_or(0)
            })
            .collect();
        let rules: Vec<LevelRule> = spec
            .dimensions
            .iter()
            .map(|dimension| dimension.rule.clone().unwrap_or(spec.rules.level.clone()))
            .collect();
        let methods = rules.iter().map(method_of).collect();

        let mut at_point = Vec::with_capacity(spec.indicators.len());
        let mut below_point = Vec::with_capacity(spec.indicators.len());
        for (index, &scale) in indicator_scale.iter().enumerate() {
            let scale = &scales[scale];
            let rule = indicator_dimension
                .get(index)
                .and_then(|&dimension| rules.get(dimension))
                .unwrap_or(&spec.rules.level);
            let (at, below) = required_points(rule, scale);
            at_point.push(at);
            below_point.push(below.max(at));
        }
        let mut point_scores = Vec::new();
        let mut score_starts = Vec::with_capacity(scales.len());
        for scale in &scales {
            score_starts.push(point_scores.len());
            point_scores.extend(scale.points.iter().map(|point| point.score));
        }
        CompiledRules {
            scales,
            indicator_scale,
            rules,
            methods,
            at_point,
            below_point,
            point_scores,
            score_starts,
        }
    }

    /// Returns the walk entry of an indicator of the compiled model.
    pub(crate) fn walk_entry(&self, indicator: usize, weight: u64) -> WalkEntry {
        let scale = self.indicator_scale.get(indicator).copied().unwrap_or(0);
        WalkEntry {
            indicator,
            at_point: self.at_point.get(indicator).copied().unwrap_or(0),
            below_point: self.below_point.get(indicator).copied().unwrap_or(0),
            weight,
            score_start: self.score_starts.get(scale).copied().unwrap_or(0),
        }
    }

    /// Returns the score of point index `point` on the scale whose first
    /// point is at `score_start`; 0 for a point outside the table, which no
    /// bound rating has.
    fn point_score(&self, score_start: usize, point: usize) -> u32 {
        let position = score_start.saturating_add(point);
        self.point_scores.get(position).copied().unwrap_or(0)
    }

    /// Returns the scale of an indicator.
    pub(crate) fn scale_of(&self, indicator: usize) -> &CompiledScale {
        &self.scales[self.indicator_scale[indicator]]
    }
}

fn method_of(rule: &LevelRule) -> Method {
    match rule {
        LevelRule::All { .. } => Method::All,
        LevelRule::Share { percent, .. } => Method::Share { percent: *percent },
        LevelRule::Mean { percent } => Method::Mean { percent: *percent },
    }
}

/// Returns the point indices an indicator on `scale` must reach at its own
/// level and below a higher target level.
fn required_points(rule: &LevelRule, scale: &CompiledScale) -> (usize, usize) {
    let resolve = |threshold: &Threshold| scale.resolve(threshold).unwrap_or(0);
    match rule {
        LevelRule::All {
            at_level,
            below_level,
        } => (resolve(at_level), resolve(below_level)),
        LevelRule::Share { threshold, .. } => (resolve(threshold), resolve(threshold)),
        LevelRule::Mean { .. } => (scale.top(), scale.top()),
    }
}

/// The outcome of one level of one dimension under its rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LevelOutcome {
    /// Whether the level's condition holds.
    pub(crate) passes: bool,
    /// True when no indicator at the level is applicable.
    pub(crate) without_evidence: bool,
    /// Under `share`: the weighted share meeting the threshold.
    pub(crate) share: Option<Ratio>,
    /// Under `mean`: the weighted mean score, divided by 100.
    pub(crate) mean: Option<Ratio>,
}

/// Weighted sums over the applicable indicators of one level.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct LevelTotals {
    /// Number of applicable indicators.
    pub(crate) applicable: u32,
    /// Number of applicable indicators that meet their required point.
    pub(crate) met: u32,
    /// Sum of the weights of the applicable indicators.
    pub(crate) applicable_weight: u64,
    /// Sum of the weights of those that meet their required point.
    pub(crate) met_weight: u64,
    /// Sum of weight times score; unanswered indicators score 0.
    pub(crate) weighted_score: u128,
}

impl BoundAssessment<'_> {
    /// Returns the point index an indicator must reach for its dimension to
    /// stand at level index `target`.
    pub(crate) fn required_point(&self, indicator: usize, target: usize) -> usize {
        let rules = self.model.rules();
        let (_, level) = self.model.indicator_position(indicator);
        if level == target {
            rules.at_point[indicator]
        } else {
            rules.below_point[indicator]
        }
    }

    /// Returns the score, 0 to 100, an indicator's rating stands for, or
    /// `None` when it is rated `"n/a"`. An unanswered indicator scores 0.
    pub(crate) fn rating_score(&self, indicator: usize) -> Option<u32> {
        match self.answers[indicator] {
            Answer::NotApplicable => None,
            Answer::Unanswered => Some(0),
            Answer::Point(point) => Some(self.model.point(indicator, point).score),
        }
    }

    /// Sums the applicable indicators of a dimension at `level`, each
    /// checked against the point it needs for the dimension to stand at
    /// `target`.
    pub(crate) fn level_totals(
        &self,
        dimension: usize,
        level: usize,
        target: usize,
    ) -> LevelTotals {
        let mut totals = LevelTotals::default();
        for &indicator in self.model.group(dimension, level) {
            let Some(score) = self.rating_score(indicator) else {
                continue;
            };
            let weight = self.model.weight(indicator);
            totals.applicable += 1;
            totals.applicable_weight += weight;
            totals.weighted_score += u128::from(weight) * u128::from(score);
            if self.meets(indicator, self.required_point(indicator, target)) {
                totals.met += 1;
                totals.met_weight += weight;
            }
        }
        totals
    }

    /// Returns whether an indicator is rated at or above a point.
    pub(crate) fn meets(&self, indicator: usize, required: usize) -> bool {
        matches!(self.answers[indicator], Answer::Point(point) if point >= required)
    }

    /// Applies the dimension's rule to one level, for the dimension to stand
    /// at level index `target`.
    pub(crate) fn level_outcome(
        &self,
        dimension: usize,
        level: usize,
        target: usize,
    ) -> LevelOutcome {
        let totals = self.level_totals(dimension, level, target);
        let without_evidence = totals.applicable == 0;
        let mut outcome = LevelOutcome {
            passes: without_evidence,
            without_evidence,
            share: None,
            mean: None,
        };
        let method = self.model.rules().methods[dimension];
        outcome.passes = passes(method, &totals);
        match method {
            Method::All => {}
            Method::Share { .. } => outcome.share = share_of(&totals),
            Method::Mean { .. } => outcome.mean = Some(mean_of(&totals)),
        }
        outcome
    }

    /// Returns the level index a dimension stands at, or `None` when every
    /// indicator in it is rated `"n/a"`.
    pub(crate) fn dimension_level(&self, dimension: usize) -> Option<usize> {
        self.walk_dimension(dimension).level
    }

    /// Finds the level index a dimension stands at and, under `all`, counts
    /// the ratings it lacks for the level above.
    ///
    /// A dimension stands at `target` when every level below it passes with
    /// the thresholds for levels below the one reached, and `target` itself
    /// passes with its own. So one pass per level, checking both thresholds
    /// at once, finds the level, and the walk ends at the first failure.
    /// The level it ends at is the one above the level reached, so the walk
    /// has read every level that the next level's gap covers.
    pub(crate) fn walk_dimension(&self, dimension: usize) -> DimensionWalk {
        let method = self.model.rules().methods[dimension];
        let mut assessable = false;
        let mut reached = 0;
        let mut lower_levels_pass = true;
        // Under `all`, the ratings short of the below-level point in the
        // levels passed so far, then those short of the own-level point at
        // the level the walk ends on.
        let mut short_below = 0;
        let mut short_at_end = 0;

        for level in 1..self.model.levels().len() {
            let entries = self.model.walk_group(dimension, level);
            let (own, below) = match method {
                Method::All => self.level_counts_under_all(entries),
                Method::Share { .. } | Method::Mean { .. } => self.level_totals_both(entries),
            };
            assessable |= own.applicable > 0;
            if !(lower_levels_pass && passes(method, &own)) {
                // Only a level with an applicable indicator can fail, so the
                // levels left unread cannot change `assessable`.
                short_at_end = u32_to_usize(own.applicable - own.met);
                break;
            }
            reached = level;
            lower_levels_pass = passes(method, &below);
            short_below += u32_to_usize(below.applicable - below.met);
        }

        let next_level_shortfall = match method {
            Method::All => Some(short_below + short_at_end),
            Method::Share { .. } | Method::Mean { .. } => None,
        };
        DimensionWalk {
            level: assessable.then_some(reached),
            next_level_shortfall,
        }
    }

    /// Counts the applicable indicators of one level and those meeting the
    /// point each needs at its own level and below a higher one. The weights
    /// and scores stay zero, because the `all` rule does not read them.
    fn level_counts_under_all(&self, entries: &[WalkEntry]) -> (LevelTotals, LevelTotals) {
        let mut applicable = 0;
        let mut own_met = 0;
        let mut below_met = 0;
        for entry in entries {
            match self.answers.get(entry.indicator) {
                Some(&Answer::Point(point)) => {
                    applicable += 1;
                    own_met += u32::from(point >= entry.at_point);
                    below_met += u32::from(point >= entry.below_point);
                }
                Some(Answer::Unanswered) => applicable += 1,
                Some(Answer::NotApplicable) | None => {}
            }
        }
        let own = LevelTotals {
            applicable,
            met: own_met,
            ..LevelTotals::default()
        };
        let below = LevelTotals {
            met: below_met,
            ..own
        };
        (own, below)
    }

    /// Sums the applicable indicators of one level twice in one pass:
    /// checked against the point each needs at its own level, and against
    /// the point it needs below a higher one.
    fn level_totals_both(&self, entries: &[WalkEntry]) -> (LevelTotals, LevelTotals) {
        let rules = self.model.rules();
        let mut own = LevelTotals::default();
        let mut below_met = 0;
        let mut below_met_weight = 0;
        for entry in entries {
            let point = match self.answers.get(entry.indicator) {
                Some(&Answer::Point(point)) => point,
                Some(Answer::Unanswered) => {
                    own.applicable += 1;
                    own.applicable_weight += entry.weight;
                    continue;
                }
                Some(Answer::NotApplicable) | None => continue,
            };
            let weight = entry.weight;
            own.applicable += 1;
            own.applicable_weight += weight;
            let score = rules.point_score(entry.score_start, point);
            own.weighted_score += u128::from(weight) * u128::from(score);
            if point >= entry.at_point {
                own.met += 1;
                own.met_weight += weight;
            }
            if point >= entry.below_point {
                below_met += 1;
                below_met_weight += weight;
            }
        }
        let below = LevelTotals {
            met: below_met,
            met_weight: below_met_weight,
            ..own
        };
        (own, below)
    }
}

/// The result of one walk up a dimension's levels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DimensionWalk {
    /// Level index the dimension stands at; `None` when every indicator in
    /// it is rated `"n/a"`.
    pub(crate) level: Option<usize>,
    /// Under `all`: the number of ratings below the point they need for the
    /// dimension to stand one level above `level`. `None` under `share` and
    /// `mean`, where the count depends on which ratings are chosen.
    pub(crate) next_level_shortfall: Option<usize>,
}

/// Converts a count of indicators, which never exceeds their number in
/// memory, to `usize`.
fn u32_to_usize(count: u32) -> usize {
    usize::try_from(count).unwrap_or(usize::MAX)
}

/// Returns whether a level with these totals passes under `method`. A level
/// without applicable indicators passes.
pub(crate) fn passes(method: Method, totals: &LevelTotals) -> bool {
    let applicable_weight = u128::from(totals.applicable_weight);
    match method {
        Method::All => totals.met == totals.applicable,
        Method::Share { percent } => {
            totals.applicable == 0
                || 100 * u128::from(totals.met_weight) >= u128::from(percent) * applicable_weight
        }
        Method::Mean { percent } => {
            totals.applicable == 0
                || totals.weighted_score >= u128::from(percent) * applicable_weight
        }
    }
}

/// Returns the weighted share meeting the threshold, or `None` when no
/// indicator is applicable.
pub(crate) fn share_of(totals: &LevelTotals) -> Option<Ratio> {
    Ratio::new(totals.met_weight, totals.applicable_weight)
}

/// Returns the weighted mean score divided by 100, or 1 when no indicator is
/// applicable.
pub(crate) fn mean_of(totals: &LevelTotals) -> Ratio {
    if totals.applicable_weight == 0 {
        return Ratio::ONE;
    }
    Ratio::reduced(
        totals.weighted_score,
        u128::from(totals.applicable_weight) * 100,
    )
}

#[cfg(test)]
mod tests {
    use crate::assessment::{Assessment, Subject, SubjectKind};
    use crate::model::BoundAssessment;

    /// Finds a dimension's level the slow way: for each candidate level,
    /// check every level up to it against the thresholds for that target.
    fn level_by_targets(bound: &BoundAssessment<'_>, dimension: usize) -> Option<usize> {
        let model = bound.model;
        let assessable = (1..model.levels().len()).any(|level| {
            let group = model.group(dimension, level);
            group.iter().any(|&i| bound.rating_score(i).is_some())
        });
        if !assessable {
            return None;
        }
        let mut reached = 0;
        for target in 1..model.levels().len() {
            if !(1..=target).all(|level| bound.level_outcome(dimension, level, target).passes) {
                break;
            }
            reached = target;
        }
        Some(reached)
    }

    #[test]
    fn dimension_level_matches_walk_over_targets() {
        let model = crate::kam();
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        for round in 0..500 {
            let subject = Subject::new("t", SubjectKind::Team);
            let mut assessment = Assessment::new("kam", "1.0.0", subject);
            for indicator in model.indicators() {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                let points = model.scale_points(&indicator.id).unwrap_or(&[]);
                // Skew toward high points so that dimensions climb.
                let pick = (state % 12) as usize;
                match pick {
                    0 => {}
                    1 => {
                        assessment.rate(&indicator.id, "n/a");
                    }
                    _ => {
                        let point = points.len().saturating_sub(1).min(pick / 3 + 1);
                        assessment.rate(&indicator.id, &points[point].id);
                    }
                }
            }
            let bound = model.bind(&assessment).expect("ratings are on the scale");
            for dimension in 0..model.dimensions().len() {
                let expected = level_by_targets(&bound, dimension);
                let actual = bound.dimension_level(dimension);
                assert_eq!(actual, expected, "round {round}, dimension {dimension}");
            }
        }
    }
}
