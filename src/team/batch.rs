//! Batch classification of many assessments against one model.

use crate::assessment::Assessment;
use crate::classify::Classification;
use crate::model::Model;
use crate::problem::Error;

/// Classifies many assessments against one model, each on its own.
///
/// The results follow input order. An assessment that does not bind to the
/// model gets its own error in its own slot, and the others are classified
/// all the same. With the `rayon` feature the assessments are classified in
/// parallel, with the same results in the same order.
///
/// # Examples
///
/// ```
/// use maturity::{Assessment, Subject, SubjectKind};
///
/// let model = maturity::kam();
/// let good = Assessment::new("kam", "1.0.0", Subject::new("north", SubjectKind::Team));
/// let stale = Assessment::new("kam", "0.9.0", Subject::new("south", SubjectKind::Team));
///
/// let results = maturity::classify_batch(model, &[good, stale]);
/// let first = results[0].clone()?;
/// assert_eq!(first.overall.level.as_deref(), Some("ad-hoc"));
/// let second = results[1].as_ref().err().map(|error| error.problems()[0].path.as_str());
/// assert_eq!(second, Some("/model/version"));
/// # Ok::<(), maturity::Error>(())
/// ```
#[must_use]
pub fn classify_batch(
    model: &Model,
    assessments: &[Assessment],
) -> Vec<Result<Classification, Error>> {
    #[cfg(feature = "rayon")]
    {
        use rayon::prelude::*;
        assessments
            .par_iter()
            .map(|assessment| classify_one(model, assessment))
            .collect()
    }
    #[cfg(not(feature = "rayon"))]
    {
        assessments
            .iter()
            .map(|assessment| classify_one(model, assessment))
            .collect()
    }
}

fn classify_one(model: &Model, assessment: &Assessment) -> Result<Classification, Error> {
    Ok(model.bind(assessment)?.classify())
}
