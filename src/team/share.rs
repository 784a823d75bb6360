//! Exact shares, and the counting helpers of the consensus and the roll-up.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A count out of a total, kept as exact integers, with the percentage
/// rounded down.
///
/// # Examples
///
/// ```
/// use maturity::Share;
///
/// let share = Share::new(2, 3);
/// assert_eq!((share.met, share.total, share.percent), (2, 3, Some(66)));
/// assert_eq!(Share::new(0, 0).percent, None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Share {
    /// How many of the total meet the condition.
    pub met: u32,
    /// How many were counted.
    pub total: u32,
    /// `met * 100 / total`, rounded down; `null` when the total is 0.
    pub percent: Option<u32>,
}

impl Share {
    /// Creates the share `met` out of `total`. A `met` above `total` is
    /// lowered to `total`.
    #[must_use]
    pub fn new(met: u32, total: u32) -> Share {
        let met = met.min(total);
        let percent = (u64::from(met) * 100)
            .checked_div(u64::from(total))
            .map(|percent| u32::try_from(percent).unwrap_or(100));
        Share {
            met,
            total,
            percent,
        }
    }
}

/// Converts a length to `u32`, saturating at `u32::MAX`.
pub(crate) fn count(length: usize) -> u32 {
    u32::try_from(length).unwrap_or(u32::MAX)
}

/// Returns the lower median of values sorted in ascending order: the middle
/// value for an odd count, the lower of the two middle values for an even
/// count, and `None` for no values.
pub(crate) fn lower_median(sorted: &[usize]) -> Option<usize> {
    let middle = sorted.len().checked_sub(1)? / 2;
    sorted.get(middle).copied()
}
