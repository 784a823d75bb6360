//! TOML input: the same two passes as JSON, with positions computed from
//! the parser's byte spans.

use std::ops::Range;

use toml::de::{DeTable, DeValue};

use super::{Document, Limits, check_format_version, check_size, message, typed_pointer};
use crate::problem::{Error, ErrorKind, push_token};

/// Parses a TOML document into `T` with every strictness check.
pub(crate) fn from_toml_str<T: Document>(text: &str, limits: &Limits) -> Result<T, Error> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    check_size(text.len(), limits)?;

    let mut scan = super::scan::Scan::new(limits);
    let deserializer = toml::Deserializer::parse(text).map_err(|err| syntax_error(text, &err))?;
    if let Err(err) = scan.run(deserializer) {
        let (line, column) = position(text, &err);
        let problem = match scan.problem.take() {
            Some(problem) => problem.at(line, column),
            None => message::problem(&scan.pointer(), err.message(), line, column),
        };
        return Err(Error::single(ErrorKind::Parse, problem));
    }
    check_format_version(scan.format_version)?;

    let deserializer = toml::Deserializer::parse(text).map_err(|err| syntax_error(text, &err))?;
    serde_path_to_error::deserialize(deserializer).map_err(|err| {
        let raw = err.inner().message();
        let document = || toml::from_str(text).ok();
        let pointer = typed_pointer(err.path(), raw, document);
        let (line, column) = position(text, err.inner());
        let problem = message::problem(&pointer, raw, line, column);
        Error::single(ErrorKind::Parse, problem)
    })
}

/// Builds the error for a document the TOML parser rejects. The parser
/// reports a repeated key or table without its path, so the path is
/// recovered from the partial document.
fn syntax_error(text: &str, err: &toml::de::Error) -> Error {
    let (line, column) = position(text, err);
    let duplicate = err
        .span()
        .filter(|_| err.message().starts_with("duplicate key"))
        .and_then(|span| text.get(span.clone()).map(|key| (span, key)));
    let problem = match duplicate {
        Some((span, key)) => {
            let key = key.trim().trim_matches(['"', '\'']);
            let mut pointer = enclosing_pointer(text, span);
            push_token(&mut pointer, key);
            let message = format!("duplicate key {key:?}");
            message::problem(&pointer, &message, line, column)
        }
        None => message::problem("", err.message(), line, column),
    };
    Error::single(ErrorKind::Parse, problem)
}

/// A bare key that no document of the formats uses.
const PROBE_KEY: &str = "maturity-duplicate-key-probe";

/// Returns the JSON Pointer of the table holding the key that starts at
/// byte `span.start`.
///
/// The key is replaced with [`PROBE_KEY`] and the document parsed again,
/// with recovery, so the probe lands in the same table, inline table or
/// array element as the repeated key, whichever syntax put it there.
fn enclosing_pointer(text: &str, span: Range<usize>) -> String {
    let (Some(before), Some(after)) = (text.get(..span.start), text.get(span.end..)) else {
        return String::new();
    };
    let probed = format!("{before}{PROBE_KEY}{after}");
    let (root, _) = DeTable::parse_recoverable(&probed);
    let mut pointer = String::new();
    if find_probe(root.get_ref(), &mut pointer) {
        return pointer;
    }
    String::new()
}

/// Searches `table` depth first for [`PROBE_KEY`], leaving the pointer of
/// the table that contains it in `pointer`.
fn find_probe(table: &DeTable<'_>, pointer: &mut String) -> bool {
    if table.keys().any(|key| key.get_ref() == PROBE_KEY) {
        return true;
    }
    table.iter().any(|(key, value)| {
        let len = pointer.len();
        push_token(pointer, key.get_ref());
        let found = find_probe_in_value(value.get_ref(), pointer);
        if !found {
            pointer.truncate(len);
        }
        found
    })
}

fn find_probe_in_value(value: &DeValue<'_>, pointer: &mut String) -> bool {
    match value {
        DeValue::Table(table) => find_probe(table, pointer),
        DeValue::Array(array) => array.iter().enumerate().any(|(index, element)| {
            let len = pointer.len();
            pointer.push('/');
            pointer.push_str(&index.to_string());
            let found = find_probe_in_value(element.get_ref(), pointer);
            if !found {
                pointer.truncate(len);
            }
            found
        }),
        _ => false,
    }
}

/// Returns the 1-based line and column of the start of an error's span,
/// counting columns in characters, or (0, 0) when there is no span.
fn position(text: &str, err: &toml::de::Error) -> (usize, usize) {
    let Some(span) = err.span() else {
        return (0, 0);
    };
    let before = text.get(..span.start).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}
