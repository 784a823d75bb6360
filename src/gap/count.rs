//! Lean gap analysis: how many ratings must rise, without listing them.

use crate::gap::Target;
use crate::levels::Levels;
use crate::model::BoundAssessment;
use crate::problem::Error;
use crate::rollup;
use crate::rules::{DimensionWalk, Method};

/// The number of ratings to raise in each dimension, without the items
/// that [`BoundAssessment::gaps`] lists.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct GapCounts {
    /// Number of gap items of each dimension, in model order: the length of
    /// its [`DimensionGap::items`](crate::DimensionGap::items).
    pub dimensions: Vec<usize>,
}

impl GapCounts {
    /// Returns the number of gap items across all dimensions.
    #[must_use]
    pub fn total(&self) -> usize {
        self.dimensions.iter().sum()
    }
}

impl BoundAssessment<'_> {
    /// Counts the ratings that must rise for each dimension to reach
    /// `target`.
    ///
    /// The counts are those of the items [`BoundAssessment::gaps`] lists
    /// for the same target, but no item is built. Under the `all` rule it
    /// allocates two vectors per call, however large the model. Under
    /// `share` and `mean` it also allocates up to four per level it must
    /// lift, to rank the candidates.
    ///
    /// # Errors
    ///
    /// As [`BoundAssessment::gaps`]: an error of kind
    /// [`ErrorKind::InvalidTarget`](crate::ErrorKind::InvalidTarget) when
    /// the target names a level the model does not have or a profile does
    /// not fit the model.
    ///
    /// # Examples
    ///
    /// ```
    /// use maturity::{Assessment, Subject, SubjectKind, Target};
    ///
    /// let model = maturity::kam();
    /// let assessment = Assessment::new("kam", "1.0.0", Subject::new("t1", SubjectKind::Team));
    /// let bound = model.bind(&assessment)?;
    ///
    /// let counts = bound.gap_counts(&Target::NextLevel)?;
    /// let report = bound.gaps(&Target::NextLevel)?;
    /// assert_eq!(counts.total(), report.items().count());
    /// # Ok::<(), maturity::Error>(())
    /// ```
    pub fn gap_counts(&self, target: &Target) -> Result<GapCounts, Error> {
        let targets = self.resolve_target(target)?;
        let dimensions = targets
            .iter()
            .enumerate()
            .map(|(dimension, &fixed_target)| {
                let walk = self.walk_dimension(dimension);
                self.dimension_gap_count(dimension, walk, fixed_target)
            })
            .collect();
        Ok(GapCounts { dimensions })
    }

    /// Classifies the assessment into level numbers and counts the ratings
    /// that must rise for each dimension to reach `target`, in one walk up
    /// each dimension's levels.
    ///
    /// The results are those of [`BoundAssessment::classify_levels`] and
    /// [`BoundAssessment::gap_counts`], but the levels each dimension
    /// stands at are found once for both. Under the `all` rule with
    /// [`Target::NextLevel`], the walk that finds a dimension's level also
    /// counts its gap, so no level is read twice. It allocates three
    /// vectors per call under `all`, however large the model, and under
    /// `share` and `mean` up to four more per level it must lift.
    ///
    /// # Errors
    ///
    /// As [`BoundAssessment::gap_counts`]: an error of kind
    /// [`ErrorKind::InvalidTarget`](crate::ErrorKind::InvalidTarget) when
    /// the target names a level the model does not have or a profile does
    /// not fit the model.
    ///
    /// # Examples
    ///
    /// ```
    /// use maturity::{Assessment, Subject, SubjectKind, Target};
    ///
    /// let model = maturity::kam();
    /// let assessment = Assessment::new("kam", "1.0.0", Subject::new("t1", SubjectKind::Team));
    /// let bound = model.bind(&assessment)?;
    ///
    /// let (levels, counts) = bound.classify_levels_and_gap_counts(&Target::NextLevel)?;
    /// assert_eq!(levels, bound.classify_levels());
    /// assert_eq!(counts, bound.gap_counts(&Target::NextLevel)?);
    /// # Ok::<(), maturity::Error>(())
    /// ```
    pub fn classify_levels_and_gap_counts(
        &self,
        target: &Target,
    ) -> Result<(Levels, GapCounts), Error> {
        let model = self.model;
        let targets = self.resolve_target(target)?;
        let mut numbers = Vec::with_capacity(targets.len());
        let mut counts = Vec::with_capacity(targets.len());
        for (dimension, &fixed_target) in targets.iter().enumerate() {
            let walk = self.walk_dimension(dimension);
            let number = walk.level.map(|index| model.levels()[index].number);
            numbers.push(number);
            counts.push(self.dimension_gap_count(dimension, walk, fixed_target));
        }
        let levels = Levels {
            overall: rollup::overall_number(model, &numbers),
            dimensions: numbers,
        };
        Ok((levels, GapCounts { dimensions: counts }))
    }

    /// Counts the gap items of a dimension whose walk found `walk`.
    fn dimension_gap_count(
        &self,
        dimension: usize,
        walk: DimensionWalk,
        fixed_target: Option<usize>,
    ) -> usize {
        let (Some(current), Some(target)) =
            (walk.level, self.target_level(walk.level, fixed_target))
        else {
            return 0;
        };
        if current >= target {
            return 0;
        }
        if let Some(shortfall) = walk.next_level_shortfall
            && target == current + 1
        {
            return shortfall;
        }
        let top = self.model.levels().len() - 1;
        (1..=target.min(top))
            .map(|level| self.level_gap_count(dimension, level, target))
            .sum()
    }

    /// Counts the entries of [`BoundAssessment::level_gap`], without
    /// collecting them under the `all` rule.
    fn level_gap_count(&self, dimension: usize, level: usize, target: usize) -> usize {
        match self.model.rules().methods[dimension] {
            Method::All => self
                .model
                .group(dimension, level)
                .iter()
                .filter(|&&indicator| {
                    self.falls_short(indicator, self.required_point(indicator, target))
                })
                .count(),
            Method::Share { .. } | Method::Mean { .. } => {
                self.level_gap(dimension, level, target).len()
            }
        }
    }
}
