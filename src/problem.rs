//! Problems found in an input file, and the error that carries them.

use std::fmt;

use serde::Serialize;

/// How much a [`Problem`] matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Severity {
    /// The input is usable, but probably not what the author meant.
    Warning,
    /// The input cannot be used until the problem is fixed.
    Error,
}

impl Severity {
    /// Returns the lowercase name used in messages and JSON output.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A stable identifier for each kind of [`Problem`].
///
/// The kebab-case string returned by [`ProblemCode::as_str`] never changes
/// between releases, so tools may match on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum ProblemCode {
    /// The file could not be read.
    Io,
    /// The text is not well-formed JSON or TOML.
    Syntax,
    /// The input is larger or deeper than a [`Limits`](crate::Limits) value
    /// allows.
    LimitExceeded,
    /// The `format_version` is not one this release reads.
    UnsupportedVersion,
    /// An object has a key that the format does not define.
    UnknownField,
    /// An object repeats a key.
    DuplicateKey,
    /// A required key is absent.
    MissingField,
    /// A value has the wrong JSON type, such as a string for a number.
    InvalidType,
    /// A value has the right type but is out of range or malformed.
    InvalidValue,
    /// Two entries of one list share an id.
    DuplicateId,
    /// An id refers to a level, dimension, scale point or indicator that
    /// does not exist.
    UnknownReference,
    /// Prerequisites (`requires`) form a cycle.
    RequiresCycle,
    /// An indicator requires an indicator at a higher level.
    RequiresHigherLevel,
    /// An indicator sits on the floor level, which carries no criteria.
    IndicatorOnFloor,
    /// Level numbers do not rise by exactly one.
    LevelNumberGap,
    /// A model has fewer than two levels.
    TooFewLevels,
    /// Scale scores do not strictly increase.
    ScoreNotIncreasing,
    /// A scale has fewer than two points.
    TooFewScalePoints,
    /// A dimension has no indicators.
    EmptyDimension,
    /// A level above the floor has no indicator in some dimension.
    UncoveredLevel,
    /// The top level has `advance` guidance, or a lower level lacks it.
    AdvanceGuidance,
    /// An assessment rates the same indicator twice.
    DuplicateRating,
    /// An assessment uses `"n/a"` where the model does not allow it.
    NotApplicableNotAllowed,
    /// An assessment names another model or model version.
    ModelMismatch,
    /// A group of assessments or classifications to combine has no entries.
    EmptyInput,
    /// Assessments to combine or compare are of different subjects.
    MixedSubjects,
    /// Assessments to combine name different models.
    MixedModels,
    /// Assessments to combine name different versions of one model.
    MixedModelVersions,
    /// A threshold or required percentage that no rating on some scale in
    /// use can reach.
    UnreachableThreshold,
    /// A per-scale threshold leaves out a scale that indicators under its
    /// rule are rated on.
    UncoveredScale,
}

impl ProblemCode {
    /// Returns the stable kebab-case name of the code.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            ProblemCode::Io => "io",
            ProblemCode::Syntax => "syntax",
            ProblemCode::LimitExceeded => "limit-exceeded",
            ProblemCode::UnsupportedVersion => "unsupported-version",
            ProblemCode::UnknownField => "unknown-field",
            ProblemCode::DuplicateKey => "duplicate-key",
            ProblemCode::MissingField => "missing-field",
            ProblemCode::InvalidType => "invalid-type",
            ProblemCode::InvalidValue => "invalid-value",
            ProblemCode::DuplicateId => "duplicate-id",
            ProblemCode::UnknownReference => "unknown-reference",
            ProblemCode::RequiresCycle => "requires-cycle",
            ProblemCode::RequiresHigherLevel => "requires-higher-level",
            ProblemCode::IndicatorOnFloor => "indicator-on-floor",
            ProblemCode::LevelNumberGap => "level-number-gap",
            ProblemCode::TooFewLevels => "too-few-levels",
            ProblemCode::ScoreNotIncreasing => "score-not-increasing",
            ProblemCode::TooFewScalePoints => "too-few-scale-points",
            ProblemCode::EmptyDimension => "empty-dimension",
            ProblemCode::UncoveredLevel => "uncovered-level",
            ProblemCode::AdvanceGuidance => "advance-guidance",
            ProblemCode::DuplicateRating => "duplicate-rating",
            ProblemCode::NotApplicableNotAllowed => "not-applicable-not-allowed",
            ProblemCode::ModelMismatch => "model-mismatch",
            ProblemCode::EmptyInput => "empty-input",
            ProblemCode::MixedSubjects => "mixed-subjects",
            ProblemCode::MixedModels => "mixed-models",
            ProblemCode::MixedModelVersions => "mixed-model-versions",
            ProblemCode::UnreachableThreshold => "unreachable-threshold",
            ProblemCode::UncoveredScale => "uncovered-scale",
        }
    }
}

impl fmt::Display for ProblemCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One thing wrong with an input file, with where it is and how to fix it.
///
/// `Display` writes `PATH: message (hint)`, and adds the line and column when
/// the parser reported them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Problem {
    /// JSON Pointer (RFC 6901) to the offending value, such as
    /// `/indicators/12/requires/0`; empty for the whole document.
    pub path: String,
    /// Stable kind of problem.
    pub code: ProblemCode,
    /// What is wrong, quoting the offending value.
    pub message: String,
    /// How to fix it.
    pub hint: String,
    /// Whether the problem blocks loading.
    pub severity: Severity,
    /// Line of the offending text, counted from 1, when the parser knows it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// Column of the offending text, counted from 1, when the parser knows
    /// it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
}

impl Problem {
    pub(crate) fn error(
        path: impl Into<String>,
        code: ProblemCode,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Problem {
        Problem {
            path: path.into(),
            code,
            message: message.into(),
            hint: hint.into(),
            severity: Severity::Error,
            line: None,
            column: None,
        }
    }

    pub(crate) fn warning(
        path: impl Into<String>,
        code: ProblemCode,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Problem {
        Problem {
            severity: Severity::Warning,
            ..Problem::error(path, code, message, hint)
        }
    }

    pub(crate) fn at(mut self, line: usize, column: usize) -> Problem {
        if line > 0 {
            self.line = Some(line);
            self.column = Some(column);
        }
        self
    }

    /// Returns whether the problem blocks loading.
    #[must_use]
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() {
            "/"
        } else {
            &self.path
        };
        write!(f, "{path}: {}", self.message)?;
        if let (Some(line), Some(column)) = (self.line, self.column) {
            write!(f, " at line {line} column {column}")?;
        }
        if !self.hint.is_empty() {
            write!(f, " ({})", self.hint)?;
        }
        Ok(())
    }
}

/// Appends one reference token to a JSON Pointer, escaped as RFC 6901
/// requires.
pub(crate) fn push_token(pointer: &mut String, token: &str) {
    pointer.push('/');
    for c in token.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            _ => pointer.push(c),
        }
    }
}

/// The category of an [`Error`], for callers that branch on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Reading the input failed.
    Io,
    /// The input is not a well-formed, well-typed document of its format,
    /// or it exceeds a limit.
    Parse,
    /// A model document parsed but breaks a rule of the format.
    InvalidModel,
    /// An assessment does not fit the model it is checked against.
    InvalidAssessment,
    /// A gap-analysis or roll-up target does not fit the model.
    InvalidTarget,
    /// A group of assessments or classifications to combine is empty, mixes
    /// subjects, models or versions, or lists one subject twice.
    InvalidGroup,
    /// A classification does not fit the model it is rolled up against.
    InvalidClassification,
}

/// An error from loading, validating or using a model or assessment.
///
/// It carries every [`Problem`] found, not just the first. Warnings found
/// beside the errors are included, after the errors.
#[derive(Clone, PartialEq, Eq, thiserror::Error)]
pub struct Error {
    inner: Box<Inner>,
}

#[derive(Clone, PartialEq, Eq)]
struct Inner {
    kind: ErrorKind,
    problems: Vec<Problem>,
}

impl Error {
    /// Builds an error from problems, sorting the errors first.
    ///
    /// The problem list should contain at least one error.
    pub(crate) fn new(kind: ErrorKind, mut problems: Vec<Problem>) -> Error {
        problems.sort_by_key(|problem| !problem.is_error());
        Error {
            inner: Box::new(Inner { kind, problems }),
        }
    }

    pub(crate) fn single(kind: ErrorKind, problem: Problem) -> Error {
        Error::new(kind, vec![problem])
    }

    /// Returns the category of the error.
    #[must_use]
    pub fn kind(&self) -> ErrorKind {
        self.inner.kind
    }

    /// Returns every problem found, errors first, each group in a stable
    /// order.
    #[must_use]
    pub fn problems(&self) -> &[Problem] {
        &self.inner.problems
    }

    /// Consumes the error and returns its problems.
    #[must_use]
    pub fn into_problems(self) -> Vec<Problem> {
        self.inner.problems
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("kind", &self.inner.kind)
            .field("problems", &self.inner.problems.len())
            .field("first", &self.inner.problems.first().map(|p| p.code))
            .finish()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let errors = self.problems().iter().filter(|p| p.is_error()).count();
        match self.problems().first() {
            None => f.write_str("invalid input"),
            Some(first) if errors <= 1 => write!(f, "{first}"),
            Some(first) if errors == 2 => write!(f, "{first}, and 1 more error"),
            Some(first) => write!(f, "{first}, and {} more errors", errors - 1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problem_display_has_path_message_and_hint() {
        let problem = Problem::error(
            "/levels/1/number",
            ProblemCode::LevelNumberGap,
            "level number 4 does not follow 2",
            "number the levels 2, 3, 4, ...",
        );
        assert_eq!(
            problem.to_string(),
            "/levels/1/number: level number 4 does not follow 2 (number the levels 2, 3, 4, ...)"
        );
    }

    #[test]
    fn problem_display_adds_line_and_column() {
        let problem = Problem::error("", ProblemCode::Syntax, "expected `,`", "").at(3, 7);
        assert_eq!(problem.to_string(), "/: expected `,` at line 3 column 7");
    }

    #[test]
    fn error_display_counts_further_errors() {
        let problems = vec![
            Problem::warning("/a", ProblemCode::UncoveredLevel, "w", "h"),
            Problem::error("/b", ProblemCode::DuplicateId, "first", "fix"),
            Problem::error("/c", ProblemCode::DuplicateId, "second", "fix"),
        ];
        let error = Error::new(ErrorKind::InvalidModel, problems);
        assert_eq!(error.problems()[0].path, "/b");
        assert_eq!(error.problems()[2].path, "/a");
        assert_eq!(error.to_string(), "/b: first (fix), and 1 more error");
    }

    #[test]
    fn codes_are_kebab_case() {
        let json = serde_json::to_string(&ProblemCode::NotApplicableNotAllowed).unwrap();
        assert_eq!(json, "\"not-applicable-not-allowed\"");
        assert_eq!(
            ProblemCode::NotApplicableNotAllowed.as_str(),
            "not-applicable-not-allowed"
        );
    }
}
