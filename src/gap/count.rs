//! Lean gap analysis: how many ratings must rise, without listing them.

use crate::gap::Target;
use crate::model::BoundAssessment;
use crate::problem::Error;
use crate::rules::Method;

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
            .map(|(dimension, &fixed_target)| self.dimension_gap_count(dimension, fixed_target))
            .collect();
        Ok(GapCounts { dimensions })
    }

    fn dimension_gap_count(&self, dimension: usize, fixed_target: Option<usize>) -> usize {
        let current = self.dimension_level(dimension);
        let (Some(current), Some(target)) = (current, self.target_level(current, fixed_target))
        else {
            return 0;
        };
        if current >= target {
            return 0;
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
