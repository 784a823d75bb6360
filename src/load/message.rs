//! Turns the messages of serde and the parsers into problems with a stable
//! code, a plain message and a hint.

use super::ranges::Range;
use crate::problem::{Problem, ProblemCode, push_token};

/// Builds the problem for a parser or serde error `raw` at `pointer`.
pub(super) fn problem(pointer: &str, raw: &str, line: usize, column: usize) -> Problem {
    let raw = plain_objects(&strip_position(raw));
    let (message, code, hint) = match integer_problem(pointer, &raw) {
        Some(found) => found,
        None => {
            let (code, hint) = classify(pointer, &raw);
            (raw, code, hint)
        }
    };
    let pointer = match (code, backticked(&message)) {
        (ProblemCode::UnknownField, Some(key)) => pointer_to_key(pointer, key),
        _ => pointer.to_owned(),
    };
    Problem::error(pointer, code, message, hint).at(line, column)
}

fn classify(pointer: &str, message: &str) -> (ProblemCode, String) {
    let (code, hint) = match message {
        m if m.starts_with("unknown field") => (
            ProblemCode::UnknownField,
            "remove the key or fix its spelling",
        ),
        m if m.starts_with("missing field") => (ProblemCode::MissingField, "add the key"),
        m if m.starts_with("duplicate field") || m.starts_with("duplicate key") => (
            ProblemCode::DuplicateKey,
            "keep one of the entries with this key and delete the others",
        ),
        m if m.starts_with("invalid type") && pointer.is_empty() => {
            (ProblemCode::InvalidType, ROOT_HINT)
        }
        m if m.starts_with("invalid type") => return classify_invalid_type(m),
        m if m.starts_with("unknown variant") => {
            (ProblemCode::InvalidValue, "use one of the listed values")
        }
        m if m.starts_with("invalid value")
            || m.starts_with("number out of range")
            || m.starts_with("invalid length") =>
        {
            (
                ProblemCode::InvalidValue,
                "use a value within the documented range",
            )
        }
        _ => (
            ProblemCode::Syntax,
            "fix the syntax at the given line and column",
        ),
    };
    (code, hint.to_owned())
}

/// The hint for a document that is not an object at all.
pub(super) const ROOT_HINT: &str = "write the whole document as one object of keys and values";

fn classify_invalid_type(message: &str) -> (ProblemCode, String) {
    let (code, hint) = if message.starts_with("invalid type: null") {
        (
            ProblemCode::InvalidType,
            "give a value, or leave the key out where it is optional",
        )
    } else if message.ends_with("expected a string") {
        (
            ProblemCode::InvalidType,
            "write the value as a quoted string",
        )
    } else {
        (
            ProblemCode::InvalidType,
            "write the value with the type the message expects",
        )
    };
    (code, hint.to_owned())
}

/// Builds the message, code and hint of an error on an integer field:
/// one whose message ends with serde's "expected u32" or similar, or
/// serde_json's "number out of range". The message names the field's range
/// in place of the Rust type, and the hint states the values to use.
fn integer_problem(pointer: &str, raw: &str) -> Option<(String, ProblemCode, String)> {
    if raw == "number out of range" {
        let range = Range::of_field(pointer)?;
        let hint = range.hint(pointer, false, u64::MAX);
        return Some((raw.to_owned(), ProblemCode::InvalidValue, hint));
    }
    let (head, type_name) = raw.rsplit_once(" expected ")?;
    let type_range = Range::of_type(type_name)?;
    let range = Range::of_field(pointer).unwrap_or(type_range);
    let expected = range.describe();
    let hint = |below: bool| range.hint(pointer, below, type_range.max);

    if let Some(number) = floating_point(head) {
        return Some(float_problem(number, &expected, hint));
    }
    let message = format!("{head} expected {expected}");
    let (code, hint) = if head.starts_with("invalid type: null") {
        return Some((
            message,
            ProblemCode::InvalidType,
            classify_invalid_type(raw).1,
        ));
    } else if head.starts_with("invalid type") {
        (
            ProblemCode::InvalidType,
            "write a whole number, without quotes around it".to_owned(),
        )
    } else {
        let below = head.starts_with("invalid value: integer `-");
        (ProblemCode::InvalidValue, hint(below))
    };
    Some((message, code, hint))
}

/// Returns the text of the number in "invalid type: floating point `X`,".
fn floating_point(head: &str) -> Option<&str> {
    let rest = head.strip_prefix("invalid type: floating point `")?;
    rest.strip_suffix("`,")
}

/// Builds the problem for a number that the parser read as floating point.
///
/// serde_json reads an integer literal outside the range of `u64` and
/// `i64` as floating point, so a whole number at or beyond 2^64, or below
/// -2^63, is too large or too small for any field rather than a fraction.
fn float_problem(
    number: &str,
    expected: &str,
    hint: impl Fn(bool) -> String,
) -> (String, ProblemCode, String) {
    const TWO_TO_64: f64 = 18_446_744_073_709_551_616.0;
    const MINUS_TWO_TO_63: f64 = -9_223_372_036_854_775_808.0;

    let value: f64 = number.parse().unwrap_or(0.5);
    let whole = value.is_finite() && value.fract() == 0.0;
    let (message, hint) = if whole && value >= TWO_TO_64 {
        (format!("number {number} is too large"), hint(false))
    } else if whole && value < MINUS_TWO_TO_63 {
        (format!("number {number} is too small"), hint(true))
    } else {
        (
            format!("invalid type: floating point `{number}`"),
            "write a whole number, without a decimal point or exponent".to_owned(),
        )
    };
    let message = format!("{message}, expected {expected}");
    (message, ProblemCode::InvalidValue, hint)
}

/// Replaces the Rust type names of serde's "expected struct ModelSpec" and
/// "expected internally tagged enum LevelRule" with plain words. serde
/// reads a struct from an array by position, so an array in place of an
/// object gets "invalid length": it is reported as the wrong type.
fn plain_objects(message: &str) -> String {
    for marker in ["expected struct ", "expected internally tagged enum "] {
        let Some(index) = message.find(marker) else {
            continue;
        };
        let after = &message[index + marker.len()..];
        let name_end = after
            .find(|c: char| !c.is_ascii_alphanumeric() && c != '_')
            .unwrap_or(after.len());
        let noun = object_noun(&after[..name_end]);
        let head = &message[..index];
        if head.starts_with("invalid length") {
            return format!("invalid type: array, expected {noun}");
        }
        return format!("{head}expected {noun}");
    }
    message.to_owned()
}

/// Returns the plain name of the object that a nested type of the formats
/// reads. The top-level types name theirs in [`Document`](super::Document).
fn object_noun(type_name: &str) -> &'static str {
    match type_name {
        "Level" => "a level object",
        "Dimension" => "a dimension object",
        "Scale" | "NamedScale" => "a scale object",
        "ScalePoint" => "a scale point object",
        "Rules" => "a rules object",
        "LevelRule" => "a level rule object",
        "Indicator" => "an indicator object",
        "ModelRef" => "a model reference object",
        "Subject" => "a subject object",
        "Rating" => "a rating object",
        "DimensionTarget" => "a dimension target object",
        _ => "an object",
    }
}

/// Removes the " at line N column M" that serde_json appends to messages.
pub(super) fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(index) if message[index..].contains(" column ") => message[..index].to_owned(),
        _ => message.to_owned(),
    }
}

/// Returns the first name quoted in backticks, such as the key of
/// "unknown field `colour`, expected ...".
fn backticked(message: &str) -> Option<&str> {
    let (_, rest) = message.split_once('`')?;
    let (name, _) = rest.split_once('`')?;
    Some(name)
}

/// Returns the pointer to `key` inside the object at `pointer`, unless
/// `pointer` already ends with it. Serde reports an unknown key of an
/// internally tagged enum at the enclosing object.
fn pointer_to_key(pointer: &str, key: &str) -> String {
    let mut last = String::new();
    push_token(&mut last, key);
    if pointer.ends_with(&last) {
        return pointer.to_owned();
    }
    format!("{pointer}{last}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(pointer: &str, raw: &str, code: ProblemCode, message: &str, hint: &str) {
        let problem = problem(pointer, raw, 1, 1);
        assert_eq!(problem.code, code, "{raw}");
        assert_eq!(problem.message, message, "{raw}");
        assert_eq!(problem.hint, hint, "{raw}");
    }

    #[test]
    fn messages_are_classified() {
        let cases = [
            (
                "/levels/0/number",
                "invalid type: string \"1\", expected u32 at line 3 column 4",
                ProblemCode::InvalidType,
                "invalid type: string \"1\", expected a whole number from 0 to 4294967295",
                "write a whole number, without quotes around it",
            ),
            (
                "/levels/0/number",
                "invalid type: floating point `1.5`, expected u32",
                ProblemCode::InvalidValue,
                "invalid type: floating point `1.5`, expected a whole number from 0 to 4294967295",
                "write a whole number, without a decimal point or exponent",
            ),
            (
                "/levels/0/number",
                "invalid type: null, expected u32",
                ProblemCode::InvalidType,
                "invalid type: null, expected a whole number from 0 to 4294967295",
                "give a value, or leave the key out where it is optional",
            ),
            (
                "/levels/0/id",
                "invalid type: integer `1`, expected a string",
                ProblemCode::InvalidType,
                "invalid type: integer `1`, expected a string",
                "write the value as a quoted string",
            ),
            (
                "/levels/0/number",
                "invalid value: integer `-1`, expected u32",
                ProblemCode::InvalidValue,
                "invalid value: integer `-1`, expected a whole number from 0 to 4294967295",
                "use a whole number of 0 or more",
            ),
            (
                "/indicators/0/weight",
                "invalid value: integer `-1`, expected u32",
                ProblemCode::InvalidValue,
                "invalid value: integer `-1`, expected a whole number from 1 to 4294967295",
                "use a whole number of 1 or more",
            ),
            (
                "/indicators/0/effort",
                "invalid value: integer `-1`, expected u8",
                ProblemCode::InvalidValue,
                "invalid value: integer `-1`, expected a whole number from 1 to 5",
                "use a whole number from 1 to 5",
            ),
            (
                "/levels/0/number",
                "invalid value: integer `4294967296`, expected u32",
                ProblemCode::InvalidValue,
                "invalid value: integer `4294967296`, expected a whole number from 0 to 4294967295",
                "use a whole number from 0 to 4294967295",
            ),
            (
                "/format_version",
                "invalid type: floating point `1e30`, expected u32",
                ProblemCode::InvalidValue,
                "number 1e30 is too large, expected the whole number 1",
                "set format_version to 1",
            ),
            (
                "/levels/0/number",
                "invalid type: floating point `18446744073709551616`, expected u32",
                ProblemCode::InvalidValue,
                "number 18446744073709551616 is too large, expected a whole number from 0 to 4294967295",
                "use a whole number from 0 to 4294967295",
            ),
            (
                "/levels/0/number",
                "invalid type: floating point `1e19`, expected u32",
                ProblemCode::InvalidValue,
                "invalid type: floating point `1e19`, expected a whole number from 0 to 4294967295",
                "write a whole number, without a decimal point or exponent",
            ),
            (
                "/levels/0/number",
                "invalid type: floating point `-1e30`, expected u32",
                ProblemCode::InvalidValue,
                "number -1e30 is too small, expected a whole number from 0 to 4294967295",
                "use a whole number of 0 or more",
            ),
            (
                "/scale/points/0/score",
                "number out of range",
                ProblemCode::InvalidValue,
                "number out of range",
                "use a whole number from 0 to 100",
            ),
            (
                "/levels/0/number",
                "number out of range",
                ProblemCode::InvalidValue,
                "number out of range",
                "use a whole number from 0 to 4294967295",
            ),
            (
                "/levels/0/name",
                "invalid value: string \"x\", expected a name",
                ProblemCode::InvalidValue,
                "invalid value: string \"x\", expected a name",
                "use a value within the documented range",
            ),
            (
                "/scale",
                "invalid length 0, expected struct Scale with 2 elements",
                ProblemCode::InvalidType,
                "invalid type: array, expected a scale object",
                "write the value with the type the message expects",
            ),
            (
                "/rules/level",
                "invalid type: integer `3`, expected internally tagged enum LevelRule",
                ProblemCode::InvalidType,
                "invalid type: integer `3`, expected a level rule object",
                "write the value with the type the message expects",
            ),
            (
                "/levels/0",
                "invalid type: string \"x\", expected struct Level",
                ProblemCode::InvalidType,
                "invalid type: string \"x\", expected a level object",
                "write the value with the type the message expects",
            ),
            (
                "",
                "invalid type: null, expected struct Unlisted",
                ProblemCode::InvalidType,
                "invalid type: null, expected an object",
                ROOT_HINT,
            ),
            (
                "/name",
                "duplicate key",
                ProblemCode::DuplicateKey,
                "duplicate key",
                "keep one of the entries with this key and delete the others",
            ),
            (
                "/name",
                "expected `,` or `}`",
                ProblemCode::Syntax,
                "expected `,` or `}`",
                "fix the syntax at the given line and column",
            ),
        ];
        for (pointer, raw, code, message, hint) in cases {
            check(pointer, raw, code, message, hint);
        }
    }

    #[test]
    fn unknown_field_pointer_names_the_key() {
        let nested = problem(
            "/rules/level",
            "unknown field `x`, expected `at_level`",
            1,
            1,
        );
        assert_eq!(nested.path, "/rules/level/x");
        let direct = problem("/levels/0/x", "unknown field `x`, expected `id`", 1, 1);
        assert_eq!(direct.path, "/levels/0/x");
    }
}
