//! The assessment file format: who was assessed, by whom, and the ratings.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use std::io::Read;

use crate::load::{self, Limits};
use crate::problem::Error;
use crate::spec::ID_PATTERN;

/// The rating that marks an indicator as not applicable to the subject.
pub const NOT_APPLICABLE: &str = "n/a";

/// The regular expression that a date must match: `YYYY-MM-DD`.
pub const DATE_PATTERN: &str = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$";

/// An assessment document: the ratings one assessor gave one subject
/// against one model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Maturity assessment")]
#[non_exhaustive]
pub struct Assessment {
    /// Location of the JSON Schema for editors; accepted and ignored.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Version of the file format. Only `1` exists.
    #[schemars(range(min = 1, max = 1))]
    pub format_version: u32,
    /// The model, and its version, that the ratings refer to.
    pub model: ModelRef,
    /// The subject assessed.
    pub subject: Subject,
    /// Name of the assessor who gave the ratings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessor: Option<String>,
    /// When the ratings were given, as `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(pattern(DATE_PATTERN))]
    pub date: Option<String>,
    /// One entry per rated indicator. An indicator left out is unanswered,
    /// and counts as not met.
    pub ratings: Vec<Rating>,
}

impl Assessment {
    /// Parses an assessment from JSON text, without checking it against a
    /// model; [`Model::bind`](crate::Model::bind) does that.
    ///
    /// # Errors
    ///
    /// Returns an error of kind [`ErrorKind::Parse`](crate::ErrorKind::Parse)
    /// for malformed JSON, an unknown or repeated key, a value of the wrong
    /// type, an unsupported `format_version` or an input over the default
    /// [`Limits`].
    pub fn from_json_str(text: &str) -> Result<Assessment, Error> {
        Assessment::from_json_slice(text.as_bytes())
    }

    /// Parses an assessment from JSON bytes. A leading UTF-8 byte order mark
    /// is skipped.
    ///
    /// # Errors
    ///
    /// As [`Assessment::from_json_str`].
    pub fn from_json_slice(bytes: &[u8]) -> Result<Assessment, Error> {
        Assessment::from_json_slice_with_limits(bytes, &Limits::default())
    }

    /// Parses an assessment from JSON bytes, with the given limits.
    ///
    /// # Errors
    ///
    /// As [`Assessment::from_json_str`], with `limits` in place of the
    /// defaults.
    pub fn from_json_slice_with_limits(bytes: &[u8], limits: &Limits) -> Result<Assessment, Error> {
        load::from_json_slice(bytes, limits)
    }

    /// Reads and parses an assessment from a JSON reader.
    ///
    /// # Errors
    ///
    /// Returns an error of kind [`ErrorKind::Io`](crate::ErrorKind::Io) when
    /// reading fails, and otherwise as [`Assessment::from_json_str`].
    pub fn from_json_reader(reader: impl Read) -> Result<Assessment, Error> {
        let limits = Limits::default();
        let bytes = load::read_limited(reader, &limits)?;
        Assessment::from_json_slice_with_limits(&bytes, &limits)
    }

    /// Parses an assessment from TOML text with the same structure as the
    /// JSON format.
    ///
    /// # Errors
    ///
    /// As [`Assessment::from_json_str`].
    #[cfg(feature = "toml")]
    pub fn from_toml_str(text: &str) -> Result<Assessment, Error> {
        load::from_toml_str(text, &Limits::default())
    }

    /// Creates an empty assessment of `subject` against `model_id` at
    /// `model_version`.
    #[must_use]
    pub fn new(model_id: &str, model_version: &str, subject: Subject) -> Assessment {
        Assessment {
            schema: None,
            format_version: crate::spec::FORMAT_VERSION,
            model: ModelRef {
                id: model_id.to_owned(),
                version: model_version.to_owned(),
            },
            subject,
            assessor: None,
            date: None,
            ratings: Vec::new(),
        }
    }

    /// Rates `indicator` with the scale point id or `"n/a"` given in
    /// `rating`. An earlier rating of the same indicator is replaced in
    /// place, note and all; otherwise the rating is appended.
    ///
    /// # Examples
    ///
    /// ```
    /// use maturity::{Assessment, Subject, SubjectKind};
    ///
    /// let mut assessment = Assessment::new("kam", "1.0.0", Subject::new("t1", SubjectKind::Team));
    /// assessment.rate("process-2-documented", "partly").rate("process-2-documented", "fully");
    /// assert_eq!(assessment.ratings.len(), 1);
    /// assert_eq!(assessment.ratings[0].rating, "fully");
    /// ```
    pub fn rate(&mut self, indicator: &str, rating: &str) -> &mut Assessment {
        let new = Rating::new(indicator, rating);
        match self.ratings.iter_mut().find(|r| r.indicator == indicator) {
            Some(existing) => *existing = new,
            None => self.ratings.push(new),
        }
        self
    }
}

/// A reference to a model by id and exact version.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ModelRef {
    /// The model's id.
    #[schemars(pattern(ID_PATTERN))]
    pub id: String,
    /// The model's version.
    #[schemars(length(min = 1))]
    pub version: String,
}

/// The person, team or organization assessed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Subject {
    /// Stable id of the subject, used to compare assessments over time.
    #[schemars(length(min = 1))]
    pub id: String,
    /// Human-readable name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Kind of subject.
    pub kind: SubjectKind,
}

impl Subject {
    /// Creates a subject with an id and a kind, and no name.
    #[must_use]
    pub fn new(id: &str, kind: SubjectKind) -> Subject {
        Subject {
            id: id.to_owned(),
            name: None,
            kind,
        }
    }

    /// Returns the name, or the id when there is no name.
    #[must_use]
    pub fn display_name(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.id)
    }
}

/// The kind of subject an assessment is about.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SubjectKind {
    /// One person.
    Individual,
    /// A team.
    Team,
    /// A whole organization.
    Organization,
}

/// One indicator's rating.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Rating {
    /// Id of the indicator rated.
    #[schemars(pattern(ID_PATTERN))]
    pub indicator: String,
    /// Id of a scale point, or `"n/a"` where the model allows it.
    #[schemars(length(min = 1))]
    pub rating: String,
    /// The assessor's evidence or remark.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Rating {
    /// Creates a rating of `indicator` with a scale point id or `"n/a"`,
    /// and no note.
    #[must_use]
    pub fn new(indicator: &str, rating: &str) -> Rating {
        Rating {
            indicator: indicator.to_owned(),
            rating: rating.to_owned(),
            note: None,
        }
    }

    /// Returns the rating with the assessor's note set to `note`.
    #[must_use]
    pub fn with_note(mut self, note: &str) -> Rating {
        self.note = Some(note.to_owned());
        self
    }
}

/// Returns whether `date` is a real calendar date written `YYYY-MM-DD`.
pub(crate) fn is_valid_date(date: &str) -> bool {
    let bytes = date.as_bytes();
    let shape_ok = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
    if !shape_ok {
        return false;
    }
    let number = |range: std::ops::Range<usize>| -> u32 {
        bytes[range]
            .iter()
            .fold(0, |acc, b| acc * 10 + u32::from(b - b'0'))
    };
    let (year, month, day) = (number(0..4), number(5..7), number(8..10));
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days_in_month).contains(&day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_accepts_real_dates() {
        for date in ["2026-11-12", "2024-02-29", "2000-02-29", "1999-12-31"] {
            assert!(is_valid_date(date), "{date}");
        }
    }

    #[test]
    fn date_rejects_malformed_and_impossible_dates() {
        let cases = [
            "2026-13-01",
            "2026-00-10",
            "2026-04-31",
            "2023-02-29",
            "1900-02-29",
            "2026-1-01",
            "2026/01/01",
            "26-01-01",
            "2026-01-01T00:00",
            "２０２６-01-01",
        ];
        for date in cases {
            assert!(!is_valid_date(date), "{date}");
        }
    }
}
