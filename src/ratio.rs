//! Exact non-negative fractions for shares, means and scores.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt;
use std::ops::Add;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Serialize};

/// Denominator used when an exact result does not fit in `u64`.
const FALLBACK_DENOMINATOR: u128 = 1_000_000_000;

/// An exact non-negative fraction, such as a weighted share, a mean rating
/// or a dimension's continuous score.
///
/// The fraction is always reduced and its denominator is never zero, so two
/// equal values have equal fields. Values compare by cross-multiplication in
/// `u128`, never through floating point.
///
/// It serializes as `{ "numerator": 8, "denominator": 3, "display": "2.66" }`,
/// where `display` is the value rounded down to two decimals, so a score
/// just under 3 shows as `"2.99"` and never as `"3.00"`.
///
/// # Examples
///
/// ```
/// use maturity::Ratio;
///
/// let score = Ratio::new(8, 3).ok_or("zero denominator")?;
/// assert_eq!(score.numerator(), 8);
/// assert_eq!(score.floor(), 2);
/// assert_eq!(score.to_string(), "2.66");
/// # Ok::<(), &str>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Ratio {
    numerator: u64,
    denominator: u64,
}

impl Ratio {
    /// The value 0.
    pub const ZERO: Ratio = Ratio {
        numerator: 0,
        denominator: 1,
    };

    /// The value 1.
    pub const ONE: Ratio = Ratio {
        numerator: 1,
        denominator: 1,
    };

    /// Creates the reduced fraction `numerator / denominator`, or returns
    /// `None` when `denominator` is zero.
    #[must_use]
    pub fn new(numerator: u64, denominator: u64) -> Option<Ratio> {
        (denominator != 0).then(|| Ratio::reduced(u128::from(numerator), u128::from(denominator)))
    }

    /// Creates the whole number `value`.
    #[must_use]
    pub fn integer(value: u64) -> Ratio {
        Ratio {
            numerator: value,
            denominator: 1,
        }
    }

    /// Returns the numerator of the reduced fraction.
    #[must_use]
    pub fn numerator(self) -> u64 {
        self.numerator
    }

    /// Returns the denominator of the reduced fraction, at least 1.
    #[must_use]
    pub fn denominator(self) -> u64 {
        self.denominator
    }

    /// Returns the value rounded down to a whole number.
    #[must_use]
    pub fn floor(self) -> u64 {
        self.numerator / self.denominator
    }

    /// Returns the value as a percentage rounded down.
    #[must_use]
    pub fn percent_floor(self) -> u64 {
        let percent = u128::from(self.numerator) * 100 / u128::from(self.denominator);
        u64::try_from(percent).unwrap_or(u64::MAX)
    }

    fn sum(self, other: Ratio) -> Ratio {
        let (a, b) = (u128::from(self.numerator), u128::from(self.denominator));
        let (c, d) = (u128::from(other.numerator), u128::from(other.denominator));
        let gcd_bd = gcd(b, d);
        let lcm = b / gcd_bd * d;
        let left = a.checked_mul(lcm / b);
        let right = c.checked_mul(lcm / d);
        match left.zip(right).and_then(|(l, r)| l.checked_add(r)) {
            Some(numerator) => Ratio::reduced(numerator, lcm),
            None => Ratio::reduced_floor(self.floor_parts(), other.floor_parts()),
        }
    }

    /// Builds the reduced fraction of two `u128` values, rounding down to a
    /// multiple of one billionth when it does not fit in `u64`.
    pub(crate) fn reduced(numerator: u128, denominator: u128) -> Ratio {
        let divisor = gcd(numerator, denominator).max(1);
        let (n, d) = (numerator / divisor, denominator / divisor);
        match (u64::try_from(n), u64::try_from(d)) {
            (Ok(numerator), Ok(denominator)) if denominator != 0 => Ratio {
                numerator,
                denominator,
            },
            _ => Ratio::approximate(n, d.max(1)),
        }
    }

    /// Rounds `n / d` down to a multiple of one billionth, saturating at the
    /// largest representable value.
    fn approximate(n: u128, d: u128) -> Ratio {
        let whole = n / d;
        let fraction = fraction_floor(n % d, d);
        let scaled = whole
            .saturating_mul(FALLBACK_DENOMINATOR)
            .saturating_add(fraction);
        let numerator = u64::try_from(scaled).unwrap_or(u64::MAX);
        let divisor = gcd(u128::from(numerator), FALLBACK_DENOMINATOR).max(1);
        Ratio {
            numerator: numerator / u64::try_from(divisor).unwrap_or(1),
            denominator: u64::try_from(FALLBACK_DENOMINATOR / divisor).unwrap_or(1),
        }
    }

    /// Returns the value as a whole part and billionths, rounded down.
    fn floor_parts(self) -> (u128, u128) {
        let (n, d) = (u128::from(self.numerator), u128::from(self.denominator));
        (n / d, fraction_floor(n % d, d))
    }

    fn reduced_floor(a: (u128, u128), b: (u128, u128)) -> Ratio {
        let billionths = a.1 + b.1;
        let whole = a.0 + b.0 + billionths / FALLBACK_DENOMINATOR;
        let fraction = billionths % FALLBACK_DENOMINATOR;
        Ratio::approximate(
            whole * FALLBACK_DENOMINATOR + fraction,
            FALLBACK_DENOMINATOR,
        )
    }
}

/// Adds exactly. When the exact sum does not fit in `u64` after reduction,
/// which only very large weights can cause, the sum is rounded down to a
/// multiple of one billionth.
impl Add for Ratio {
    type Output = Ratio;

    fn add(self, other: Ratio) -> Ratio {
        self.sum(other)
    }
}

impl Ord for Ratio {
    fn cmp(&self, other: &Ratio) -> Ordering {
        let left = u128::from(self.numerator) * u128::from(other.denominator);
        let right = u128::from(other.numerator) * u128::from(self.denominator);
        left.cmp(&right)
    }
}

impl PartialOrd for Ratio {
    fn partial_cmp(&self, other: &Ratio) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Writes the value rounded down to two decimals, such as `2.66`.
impl fmt::Display for Ratio {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (n, d) = (u128::from(self.numerator), u128::from(self.denominator));
        let hundredths = (n % d) * 100 / d;
        write!(f, "{}.{hundredths:02}", n / d)
    }
}

/// Returns `remainder / denominator` in billionths, rounded down, for a
/// remainder below the denominator.
fn fraction_floor(remainder: u128, denominator: u128) -> u128 {
    match remainder.checked_mul(FALLBACK_DENOMINATOR) {
        Some(scaled) => scaled / denominator,
        // Dividing by a rounded-up denominator keeps the result a lower
        // bound when the exact product overflows.
        None => remainder / (denominator / FALLBACK_DENOMINATOR + 1),
    }
}

fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// An exact non-negative fraction, reduced, with its value rounded down to
/// two decimals for display.
#[derive(Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Ratio")]
struct RatioRepr {
    /// Numerator of the reduced fraction.
    numerator: u64,
    /// Denominator of the reduced fraction, at least 1.
    #[schemars(range(min = 1))]
    denominator: u64,
    /// The value rounded down to two decimals, for display only.
    display: String,
}

impl Serialize for Ratio {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        RatioRepr {
            numerator: self.numerator,
            denominator: self.denominator,
            display: self.to_string(),
        }
        .serialize(serializer)
    }
}

/// Reads the numerator and denominator, reducing them, and ignores
/// `display`, which is derived from them.
impl<'de> Deserialize<'de> for Ratio {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Ratio, D::Error> {
        let repr = RatioRepr::deserialize(deserializer)?;
        Ratio::new(repr.numerator, repr.denominator).ok_or_else(|| {
            serde::de::Error::custom("invalid value: denominator 0, expected 1 or more")
        })
    }
}

impl JsonSchema for Ratio {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("Ratio")
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        RatioRepr::json_schema(generator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check_display(numerator: u64, denominator: u64, expected: &str) {
        let ratio = Ratio::new(numerator, denominator).expect("non-zero denominator");
        assert_eq!(ratio.to_string(), expected);
    }

    #[test]
    fn display_rounds_down() {
        check_display(8, 3, "2.66");
        check_display(2999, 1000, "2.99");
        check_display(3, 1, "3.00");
        check_display(1, 200, "0.00");
        check_display(0, 7, "0.00");
    }

    #[test]
    fn new_reduces_and_rejects_zero_denominator() {
        assert_eq!(Ratio::new(6, 4), Ratio::new(3, 2));
        assert_eq!(Ratio::new(6, 4).map(Ratio::denominator), Some(2));
        assert_eq!(Ratio::new(0, 9), Some(Ratio::ZERO));
        assert_eq!(Ratio::new(1, 0), None);
    }

    #[test]
    fn order_is_exact() {
        let a = Ratio::new(u64::MAX - 1, u64::MAX).expect("non-zero");
        let b = Ratio::new(u64::MAX - 2, u64::MAX - 1).expect("non-zero");
        assert!(a > b);
        assert!(Ratio::ONE > a);
    }

    #[test]
    fn add_is_exact_for_small_values() {
        let sum = Ratio::new(1, 3).expect("non-zero") + Ratio::new(1, 6).expect("non-zero");
        assert_eq!(sum, Ratio::new(1, 2).expect("non-zero"));
    }

    #[test]
    fn add_rounds_down_on_overflow() {
        let a = Ratio::new(1, u64::MAX).expect("non-zero");
        let b = Ratio::new(1, u64::MAX - 1).expect("non-zero");
        let sum = Ratio::integer(2) + a + b;
        assert_eq!(sum.floor(), 2);
        assert!(sum <= Ratio::integer(3));
    }
}
