//! Lean classification: the level numbers alone, without the evidence.

use crate::model::BoundAssessment;
use crate::rollup;

/// The level number of each dimension and overall, without the evidence
/// that [`BoundAssessment::classify`] gathers.
///
/// The numbers are always those of the [`Classification`] that `classify`
/// returns for the same assessment.
///
/// [`Classification`]: crate::Classification
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Levels {
    /// Displayed number of the level each dimension reaches, in model
    /// order; `None` when every indicator of the dimension is rated
    /// `"n/a"`. The same as [`DimensionResult::number`].
    ///
    /// [`DimensionResult::number`]: crate::DimensionResult::number
    pub dimensions: Vec<Option<u32>>,
    /// Displayed number of the overall level; `None` when no dimension is
    /// assessable. The same as [`OverallResult::number`].
    ///
    /// [`OverallResult::number`]: crate::OverallResult::number
    pub overall: Option<u32>,
}

impl BoundAssessment<'_> {
    /// Classifies the assessment into level numbers only: one per dimension
    /// and one overall.
    ///
    /// It reaches the same levels as [`BoundAssessment::classify`], but
    /// builds no explanation, so it allocates one vector of one entry per
    /// dimension however many indicators the model has. Use it to classify
    /// many assessments when only the levels matter.
    ///
    /// # Examples
    ///
    /// ```
    /// use maturity::{Assessment, Subject, SubjectKind};
    ///
    /// let model = maturity::kam();
    /// let mut assessment = Assessment::new("kam", "1.0.0", Subject::new("t1", SubjectKind::Team));
    /// assessment.rate("process-2-documented", "fully");
    /// let bound = model.bind(&assessment)?;
    ///
    /// let levels = bound.classify_levels();
    /// let classification = bound.classify();
    /// assert_eq!(levels.overall, classification.overall.number);
    /// assert_eq!(levels.dimensions[0], classification.dimensions[0].number);
    /// # Ok::<(), maturity::Error>(())
    /// ```
    #[must_use]
    pub fn classify_levels(&self) -> Levels {
        let model = self.model;
        let dimensions: Vec<Option<u32>> = (0..model.dimensions().len())
            .map(|dimension| {
                let index = self.dimension_level(dimension)?;
                Some(model.levels()[index].number)
            })
            .collect();
        let overall = rollup::overall_number(model, &dimensions);
        Levels {
            dimensions,
            overall,
        }
    }
}
