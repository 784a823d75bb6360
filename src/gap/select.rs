//! Choosing which ratings to raise under the `share` and `mean` rules,
//! where many sets of raises would lift a level.

use std::cmp::Reverse;

use crate::model::{Answer, BoundAssessment};

/// An indicator that could rise, with what raising it adds.
struct Candidate {
    indicator: usize,
    weight: u64,
    /// Weight times the score points the rating must rise.
    contribution: u128,
}

impl BoundAssessment<'_> {
    /// Chooses indicators at `level` to raise to their threshold so that the
    /// level's weighted share meeting it reaches `percent`, then drops every
    /// one the level can pass without. Returns (indicator, required point)
    /// pairs; none when the level already passes.
    pub(super) fn share_shortfall(
        &self,
        dimension: usize,
        level: usize,
        percent: u32,
    ) -> Vec<(usize, usize)> {
        let totals = self.level_totals(dimension, level, level);
        let passes = |met_weight: u64| {
            100 * u128::from(met_weight)
                >= u128::from(percent) * u128::from(totals.applicable_weight)
        };
        if passes(totals.met_weight) {
            return Vec::new();
        }
        let candidates = self.candidates(dimension, level, |indicator| {
            let required = self.required_point(indicator, level);
            (!self.meets(indicator, required)).then_some(required)
        });
        let mut met_weight = totals.met_weight;
        let mut chosen: Vec<&Candidate> = Vec::with_capacity(candidates.len());
        for candidate in &candidates {
            if passes(met_weight) {
                break;
            }
            met_weight += candidate.weight;
            chosen.push(candidate);
        }
        // Drop, latest first, each item the level passes without. Each item
        // kept was needed by a superset of the final set, so it is needed
        // by the final set too.
        for position in (0..chosen.len()).rev() {
            let weight = chosen[position].weight;
            if passes(met_weight - weight) {
                met_weight -= weight;
                chosen.remove(position);
            }
        }
        chosen
            .iter()
            .map(|candidate| {
                let indicator = candidate.indicator;
                (indicator, self.required_point(indicator, level))
            })
            .collect()
    }

    /// Chooses indicators at `level` to raise so that the level's weighted
    /// mean reaches `percent`: each to the top of its scale, except the last
    /// one, which rises only to the lowest point that closes the shortfall.
    pub(super) fn mean_shortfall(
        &self,
        dimension: usize,
        level: usize,
        percent: u32,
    ) -> Vec<(usize, usize)> {
        let totals = self.level_totals(dimension, level, level);
        let needed = u128::from(percent) * u128::from(totals.applicable_weight);
        let Some(mut shortfall) = needed.checked_sub(totals.weighted_score) else {
            return Vec::new();
        };
        let candidates = self.candidates(dimension, level, |indicator| {
            let top = self.model.rules().scale_of(indicator).top();
            (!self.meets(indicator, top)).then_some(top)
        });
        let mut chosen = Vec::with_capacity(candidates.len());
        for candidate in &candidates {
            if shortfall == 0 {
                break;
            }
            let indicator = candidate.indicator;
            if candidate.contribution >= shortfall {
                chosen.push((indicator, self.lowest_point_adding(indicator, shortfall)));
                break;
            }
            shortfall -= candidate.contribution;
            chosen.push((indicator, self.model.rules().scale_of(indicator).top()));
        }
        chosen
    }

    /// Lists the applicable indicators at `level` that `target_point`
    /// accepts, largest contribution first, then in model order.
    fn candidates(
        &self,
        dimension: usize,
        level: usize,
        target_point: impl Fn(usize) -> Option<usize>,
    ) -> Vec<Candidate> {
        let group = self.model.group(dimension, level);
        let mut candidates = Vec::with_capacity(group.len());
        candidates.extend(group.iter().filter_map(|&indicator| {
            let current = self.rating_score(indicator)?;
            let required = target_point(indicator)?;
            let weight = self.model.weight(indicator);
            let target = self.model.point(indicator, required).score;
            let rise = u128::from(target.saturating_sub(current));
            Some(Candidate {
                indicator,
                weight,
                contribution: u128::from(weight) * rise,
            })
        }));
        // The group is in model order and the sort is stable.
        candidates.sort_by_key(|candidate| Reverse(candidate.contribution));
        candidates
    }

    /// Returns the lowest point of an indicator's scale that adds at least
    /// `shortfall` to the level's weighted score sum, counting weight times
    /// the rise in score. Returns the top point when none does.
    fn lowest_point_adding(&self, indicator: usize, shortfall: u128) -> usize {
        let scale = self.model.rules().scale_of(indicator);
        let current = self.rating_score(indicator).unwrap_or(0);
        let weight = u128::from(self.model.weight(indicator));
        let floor = match self.answers[indicator] {
            Answer::Point(point) => point + 1,
            Answer::Unanswered | Answer::NotApplicable => 0,
        };
        (floor..scale.points.len())
            .find(|&point| {
                let rise = scale.points[point].score.saturating_sub(current);
                weight * u128::from(rise) >= shortfall
            })
            .unwrap_or(scale.top())
    }
}
