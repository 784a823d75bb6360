//! Turns the messages of serde and the parsers into problems with a stable
//! code, a plain message and a hint.

use crate::problem::{Problem, ProblemCode, push_token};

/// Builds the problem for a parser or serde error `raw` at `pointer`.
pub(super) fn problem(pointer: &str, raw: &str, line: usize, column: usize) -> Problem {
    let message = plain_types(&strip_position(raw));
    let (code, hint) = classify(&message);
    let pointer = match (code, backticked(&message)) {
        (ProblemCode::UnknownField, Some(key)) => pointer_to_key(pointer, key),
        _ => pointer.to_owned(),
    };
    Problem::error(pointer, code, message, hint).at(line, column)
}

fn classify(message: &str) -> (ProblemCode, String) {
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
        m if m.starts_with("invalid type") => return classify_invalid_type(m),
        m if m.starts_with("invalid value: integer `-") => {
            (ProblemCode::InvalidValue, "use a number of 0 or more")
        }
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

fn classify_invalid_type(message: &str) -> (ProblemCode, String) {
    let expects_integer = message.ends_with(&format!("expected {INTEGER}"));
    let (code, hint) = if message.starts_with("invalid type: null") {
        (
            ProblemCode::InvalidType,
            "give a value, or leave the key out where it is optional",
        )
    } else if expects_integer && message.starts_with("invalid type: floating point") {
        (
            ProblemCode::InvalidValue,
            "write a whole number, without a decimal point or exponent",
        )
    } else if expects_integer {
        (
            ProblemCode::InvalidType,
            "write a number, without quotes around it",
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

/// Plain name of the unsigned integer types of the formats, for messages.
const INTEGER: &str = "a non-negative integer";

/// Replaces Rust type names in serde's "expected" clauses with plain words.
fn plain_types(message: &str) -> String {
    let mut message = message.to_owned();
    for name in ["u8", "u16", "u32", "u64", "usize"] {
        let suffix = format!("expected {name}");
        if let Some(start) = message.strip_suffix(&suffix).map(str::len) {
            message.truncate(start);
            message.push_str("expected ");
            message.push_str(INTEGER);
        }
    }
    message
}

/// Removes the " at line N column M" that serde_json appends to messages.
fn strip_position(message: &str) -> String {
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
    fn check(raw: &str, code: ProblemCode, message: &str) {
        let problem = problem("/a", raw, 1, 1);
        assert_eq!(problem.code, code, "{raw}");
        assert_eq!(problem.message, message, "{raw}");
    }

    #[test]
    fn messages_are_classified() {
        let cases = [
            (
                "invalid type: string \"1\", expected u32 at line 3 column 4",
                ProblemCode::InvalidType,
                "invalid type: string \"1\", expected a non-negative integer",
            ),
            (
                "invalid type: floating point `1.5`, expected u32",
                ProblemCode::InvalidValue,
                "invalid type: floating point `1.5`, expected a non-negative integer",
            ),
            (
                "invalid type: integer `1`, expected a string",
                ProblemCode::InvalidType,
                "invalid type: integer `1`, expected a string",
            ),
            (
                "invalid value: integer `-1`, expected u32",
                ProblemCode::InvalidValue,
                "invalid value: integer `-1`, expected a non-negative integer",
            ),
            (
                "number out of range",
                ProblemCode::InvalidValue,
                "number out of range",
            ),
            ("duplicate key", ProblemCode::DuplicateKey, "duplicate key"),
            (
                "expected `,` or `}`",
                ProblemCode::Syntax,
                "expected `,` or `}`",
            ),
        ];
        for (raw, code, message) in cases {
            check(raw, code, message);
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
