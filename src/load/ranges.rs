//! The range of whole numbers that each integer field of the formats
//! accepts, found by where the field sits, for messages and hints.

use crate::spec::FORMAT_VERSION;

/// An inclusive range of whole numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Range {
    pub(super) min: u64,
    pub(super) max: u64,
}

const U32_MAX: u64 = u32::MAX as u64;

impl Range {
    /// Returns the range of the Rust integer type that serde names, such
    /// as `u32`.
    pub(super) fn of_type(name: &str) -> Option<Range> {
        let max = match name {
            "u8" => u64::from(u8::MAX),
            "u16" => u64::from(u16::MAX),
            "u32" => U32_MAX,
            "u64" | "usize" => u64::MAX,
            _ => return None,
        };
        Some(Range { min: 0, max })
    }

    /// Returns the range of the integer field at `pointer`, or `None` for a
    /// pointer to no integer field of the formats.
    ///
    /// The formats give each integer field its own key, so the last
    /// token, with its parent for `percent`, identifies the field.
    pub(super) fn of_field(pointer: &str) -> Option<Range> {
        let mut tokens = pointer.rsplit('/');
        let key = tokens.next()?;
        let parent = tokens.next()?;
        let (min, max) = match (parent, key) {
            ("", "format_version") => (1, u64::from(FORMAT_VERSION)),
            (_, "number") => (0, U32_MAX),
            (_, "weight") => (1, U32_MAX),
            (_, "score") => (0, 100),
            (_, "effort" | "impact") => (1, 5),
            ("at_level" | "below_level" | "threshold", "percent") => (0, 100),
            (_, "percent") => (1, 100),
            _ => return None,
        };
        Some(Range { min, max })
    }

    /// Describes the range for an "expected" clause.
    pub(super) fn describe(self) -> String {
        if self.min == self.max {
            format!("the whole number {}", self.min)
        } else {
            format!("a whole number from {} to {}", self.min, self.max)
        }
    }

    /// Writes the hint for a value outside the range: below it when
    /// `below`, else above it or of unknown size. `type_max` is the largest
    /// value of the field's type.
    pub(super) fn hint(self, pointer: &str, below: bool, type_max: u64) -> String {
        if pointer == "/format_version" {
            return format!("set format_version to {FORMAT_VERSION}");
        }
        if below && self.max == type_max {
            format!("use a whole number of {} or more", self.min)
        } else {
            format!("use {}", self.describe())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(pointer: &str, expected: Option<(u64, u64)>) {
        let expected = expected.map(|(min, max)| Range { min, max });
        assert_eq!(Range::of_field(pointer), expected, "{pointer}");
    }

    #[test]
    fn fields_have_their_documented_ranges() {
        let cases = [
            ("/format_version", Some((1, 1))),
            ("/indicators/3/weight", Some((1, U32_MAX))),
            ("/dimensions/0/weight", Some((1, U32_MAX))),
            ("/scales/0/points/1/score", Some((0, 100))),
            ("/indicators/0/effort", Some((1, 5))),
            ("/indicators/0/impact", Some((1, 5))),
            ("/rules/level/percent", Some((1, 100))),
            ("/dimensions/1/rule/percent", Some((1, 100))),
            ("/rules/level/at_level/percent", Some((0, 100))),
            ("/dimensions/1/rule/threshold/percent", Some((0, 100))),
            ("/levels/1/number", Some((0, U32_MAX))),
            ("/indicators/0/statement", None),
            ("/model/format_version", None),
            ("", None),
        ];
        for (pointer, expected) in cases {
            check(pointer, expected);
        }
    }

    #[test]
    fn hints_follow_the_side_of_the_range() {
        let weight = Range {
            min: 1,
            max: U32_MAX,
        };
        assert_eq!(
            weight.hint("/indicators/0/weight", true, U32_MAX),
            "use a whole number of 1 or more"
        );
        assert_eq!(
            weight.hint("/indicators/0/weight", false, U32_MAX),
            "use a whole number from 1 to 4294967295"
        );
        let score = Range { min: 0, max: 100 };
        assert_eq!(
            score.hint("/scale/points/0/score", true, U32_MAX),
            "use a whole number from 0 to 100"
        );
        let version = Range { min: 1, max: 1 };
        assert_eq!(version.describe(), "the whole number 1");
        assert_eq!(
            version.hint("/format_version", false, U32_MAX),
            "set format_version to 1"
        );
    }
}
