//! Strict parsing of JSON and TOML documents into the file types.
//!
//! Parsing runs in two passes. The first pass walks the document without
//! building anything and rejects duplicate keys (which serde_json would
//! otherwise resolve silently by keeping the last value) and anything over a
//! [`Limits`] value. Only then does the typed parse run, through
//! serde_path_to_error so that every error names the path to the bad value.

use std::collections::BTreeSet;
use std::fmt;
use std::io::Read;

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor,
};

use crate::problem::{Error, ErrorKind, Problem, ProblemCode};
use crate::spec::FORMAT_VERSION;

/// Size and depth limits applied to every document before it is parsed.
///
/// Each limit is checked in the first, allocation-free pass over the input,
/// so an oversized document is rejected before any costly work is done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    max_input_bytes: usize,
    max_depth: usize,
    max_string_bytes: usize,
    max_list_len: usize,
}

impl Limits {
    /// Default maximum size of a document: 16 MiB.
    pub const DEFAULT_MAX_INPUT_BYTES: usize = 16 * 1024 * 1024;
    /// Default maximum nesting of arrays and objects: 16. The deepest valid
    /// document nests 4 levels.
    pub const DEFAULT_MAX_DEPTH: usize = 16;
    /// Default maximum length of one string or key: 8 KiB of UTF-8.
    pub const DEFAULT_MAX_STRING_BYTES: usize = 8 * 1024;
    /// Default maximum number of entries in one list or object: 100,000. It
    /// bounds the number of indicators, levels, ratings and prerequisites.
    pub const DEFAULT_MAX_LIST_LEN: usize = 100_000;

    /// Returns the limit on the size of a document, in bytes.
    #[must_use]
    pub fn max_input_bytes(&self) -> usize {
        self.max_input_bytes
    }

    /// Returns the limit on the nesting of arrays and objects.
    #[must_use]
    pub fn max_depth(&self) -> usize {
        self.max_depth
    }

    /// Returns the limit on the length of one string or key, in bytes.
    #[must_use]
    pub fn max_string_bytes(&self) -> usize {
        self.max_string_bytes
    }

    /// Returns the limit on the number of entries in one list or object.
    #[must_use]
    pub fn max_list_len(&self) -> usize {
        self.max_list_len
    }

    /// Sets the limit on the size of a document, in bytes.
    #[must_use]
    pub fn with_max_input_bytes(mut self, bytes: usize) -> Limits {
        self.max_input_bytes = bytes;
        self
    }

    /// Sets the limit on the nesting of arrays and objects.
    #[must_use]
    pub fn with_max_depth(mut self, depth: usize) -> Limits {
        self.max_depth = depth;
        self
    }

    /// Sets the limit on the length of one string or key, in bytes.
    #[must_use]
    pub fn with_max_string_bytes(mut self, bytes: usize) -> Limits {
        self.max_string_bytes = bytes;
        self
    }

    /// Sets the limit on the number of entries in one list or object.
    #[must_use]
    pub fn with_max_list_len(mut self, len: usize) -> Limits {
        self.max_list_len = len;
        self
    }
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_input_bytes: Limits::DEFAULT_MAX_INPUT_BYTES,
            max_depth: Limits::DEFAULT_MAX_DEPTH,
            max_string_bytes: Limits::DEFAULT_MAX_STRING_BYTES,
            max_list_len: Limits::DEFAULT_MAX_LIST_LEN,
        }
    }
}

/// Reads all of `reader`, stopping one byte past the size limit.
pub(crate) fn read_limited(reader: impl Read, limits: &Limits) -> Result<Vec<u8>, Error> {
    let mut bytes = Vec::new();
    let cap = u64::try_from(limits.max_input_bytes).unwrap_or(u64::MAX);
    reader
        .take(cap.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|err| {
            let problem = Problem::error(
                "",
                ProblemCode::Io,
                format!("failed to read the input: {err}"),
                "check that the file exists and is readable",
            );
            Error::single(ErrorKind::Io, problem)
        })?;
    Ok(bytes)
}

/// Parses a JSON document into `T` with every strictness check.
pub(crate) fn from_json_slice<T: DeserializeOwned>(
    bytes: &[u8],
    limits: &Limits,
) -> Result<T, Error> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    check_size(bytes.len(), limits)?;

    let mut scan = Scan::new(limits);
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let result = ScanSeed {
        scan: &mut scan,
        depth: 0,
    }
    .deserialize(&mut deserializer)
    .and_then(|()| deserializer.end());
    if let Err(err) = result {
        return Err(scan_error(scan, &err.to_string(), err.line(), err.column()));
    }
    check_format_version(&scan)?;

    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(&mut deserializer).map_err(|err| {
        let line = err.inner().line();
        let column = err.inner().column();
        let pointer = pointer_from(err.path());
        parse_error(&pointer, &err.inner().to_string(), line, column)
    })
}

/// Parses a TOML document into `T` with every strictness check.
#[cfg(feature = "toml")]
pub(crate) fn from_toml_str<T: DeserializeOwned>(text: &str, limits: &Limits) -> Result<T, Error> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    check_size(text.len(), limits)?;

    let mut scan = Scan::new(limits);
    let deserializer = toml::Deserializer::parse(text).map_err(|err| toml_error(text, "", &err))?;
    if let Err(err) = (ScanSeed {
        scan: &mut scan,
        depth: 0,
    })
    .deserialize(deserializer)
    {
        let (line, column) = toml_position(text, &err);
        return Err(scan_error(scan, err.message(), line, column));
    }
    check_format_version(&scan)?;

    let deserializer = toml::Deserializer::parse(text).map_err(|err| toml_error(text, "", &err))?;
    serde_path_to_error::deserialize(deserializer).map_err(|err| {
        let pointer = pointer_from(err.path());
        toml_error(text, &pointer, err.inner())
    })
}

#[cfg(feature = "toml")]
fn toml_position(text: &str, err: &toml::de::Error) -> (usize, usize) {
    let Some(span) = err.span() else {
        return (0, 0);
    };
    let before = &text.as_bytes()[..span.start.min(text.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}

#[cfg(feature = "toml")]
fn toml_error(text: &str, pointer: &str, err: &toml::de::Error) -> Error {
    let (line, column) = toml_position(text, err);
    parse_error(pointer, err.message(), line, column)
}

fn check_size(len: usize, limits: &Limits) -> Result<(), Error> {
    if len <= limits.max_input_bytes {
        return Ok(());
    }
    let problem = Problem::error(
        "",
        ProblemCode::LimitExceeded,
        format!(
            "the input is larger than the limit of {} bytes",
            limits.max_input_bytes
        ),
        "split the document, or raise Limits::max_input_bytes",
    );
    Err(Error::single(ErrorKind::Parse, problem))
}

fn check_format_version(scan: &Scan) -> Result<(), Error> {
    match scan.format_version {
        Some(version) if version != u64::from(FORMAT_VERSION) => {
            let problem = Problem::error(
                "/format_version",
                ProblemCode::UnsupportedVersion,
                format!("format_version {version} is not supported"),
                format!(
                    "this release reads format_version {FORMAT_VERSION} only; \
                     use a newer release of the maturity crate or write the file in version {FORMAT_VERSION}"
                ),
            );
            Err(Error::single(ErrorKind::Parse, problem))
        }
        _ => Ok(()),
    }
}

/// Turns a failure of the first pass into an error, using the problem the
/// scan recorded or, failing that, the parser's syntax message.
fn scan_error(scan: Scan, message: &str, line: usize, column: usize) -> Error {
    let problem = match scan.problem {
        Some(problem) => problem.at(line, column),
        None => Problem::error(
            scan.pointer(),
            ProblemCode::Syntax,
            strip_position(message),
            "fix the syntax at the given line and column",
        )
        .at(line, column),
    };
    Error::single(ErrorKind::Parse, problem)
}

/// Classifies a serde error message from the typed pass into a problem.
fn parse_error(pointer: &str, message: &str, line: usize, column: usize) -> Error {
    let message = strip_position(message);
    let (code, hint) = classify_message(&message);
    let problem = Problem::error(pointer, code, message, hint).at(line, column);
    Error::single(ErrorKind::Parse, problem)
}

fn classify_message(message: &str) -> (ProblemCode, String) {
    if message.starts_with("unknown field") {
        let hint = "remove the key or fix its spelling";
        return (ProblemCode::UnknownField, hint.to_owned());
    }
    if message.starts_with("missing field") {
        return (ProblemCode::MissingField, "add the key".to_owned());
    }
    if message.starts_with("duplicate field") {
        return (ProblemCode::DuplicateKey, "keep one of the keys".to_owned());
    }
    if message.starts_with("invalid type: null") {
        let hint = "give a value, or leave the key out where it is optional";
        return (ProblemCode::InvalidType, hint.to_owned());
    }
    if message.starts_with("invalid type") {
        let hint = "write the value with the expected type, without quotes around numbers";
        return (ProblemCode::InvalidType, hint.to_owned());
    }
    if message.starts_with("invalid value")
        || message.starts_with("unknown variant")
        || message.starts_with("number out of range")
        || message.starts_with("invalid length")
    {
        let hint = "use a value within the documented range";
        return (ProblemCode::InvalidValue, hint.to_owned());
    }
    let hint = "fix the syntax at the given line and column";
    (ProblemCode::Syntax, hint.to_owned())
}

/// Removes the " at line N column M" that serde_json appends to messages.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(index) if message[index..].contains(" column ") => message[..index].to_owned(),
        _ => message.to_owned(),
    }
}

/// Converts a serde_path_to_error path into a JSON Pointer.
fn pointer_from(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;

    let mut pointer = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => {
                pointer.push('/');
                pointer.push_str(&index.to_string());
            }
            Segment::Map { key } | Segment::Enum { variant: key } => push_token(&mut pointer, key),
            Segment::Unknown => {}
        }
    }
    pointer
}

/// Appends one reference token to a JSON Pointer, escaped as RFC 6901 asks.
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

/// State of the first pass: the limits, where it is, what went wrong and the
/// top-level `format_version` it saw.
struct Scan<'l> {
    limits: &'l Limits,
    path: Vec<String>,
    problem: Option<Problem>,
    format_version: Option<u64>,
}

impl<'l> Scan<'l> {
    fn new(limits: &'l Limits) -> Scan<'l> {
        Scan {
            limits,
            path: Vec::new(),
            problem: None,
            format_version: None,
        }
    }

    fn pointer(&self) -> String {
        let mut pointer = String::new();
        for token in &self.path {
            push_token(&mut pointer, token);
        }
        pointer
    }

    /// Records a problem at the current path and returns the error that
    /// stops the parser.
    fn fail<E: de::Error>(&mut self, code: ProblemCode, message: String, hint: &str) -> E {
        let problem = Problem::error(self.pointer(), code, message.clone(), hint);
        self.problem = Some(problem);
        E::custom(message)
    }

    fn check_string<E: de::Error>(&mut self, value: &str) -> Result<(), E> {
        if value.len() <= self.limits.max_string_bytes {
            return Ok(());
        }
        let message = format!(
            "the string is {} bytes long, over the limit of {} bytes",
            value.len(),
            self.limits.max_string_bytes
        );
        Err(self.fail(ProblemCode::LimitExceeded, message, "shorten the text"))
    }
}

struct ScanSeed<'s, 'l> {
    scan: &'s mut Scan<'l>,
    depth: usize,
}

impl<'de> DeserializeSeed<'de> for ScanSeed<'_, '_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ScanSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E: de::Error>(mut self, value: i64) -> Result<(), E> {
        if let Ok(value) = u64::try_from(value) {
            self.record_format_version(value);
        }
        Ok(())
    }

    fn visit_u64<E: de::Error>(mut self, value: u64) -> Result<(), E> {
        self.record_format_version(value);
        Ok(())
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<(), E> {
        self.scan.check_string(value)
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_some<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
        let depth = self.enter::<A::Error>()?;
        let mut index = 0usize;
        loop {
            if index >= self.scan.limits.max_list_len {
                // Peek past the limit without descending into the value.
                if seq.next_element::<IgnoredAny>()?.is_none() {
                    break;
                }
                let message = format!(
                    "the list has more than {} entries, over the limit",
                    self.scan.limits.max_list_len
                );
                return Err(self.scan.fail(
                    ProblemCode::LimitExceeded,
                    message,
                    "shorten the list",
                ));
            }
            self.scan.path.push(index.to_string());
            let seed = ScanSeed {
                scan: &mut *self.scan,
                depth,
            };
            let more = seq.next_element_seed(seed)?.is_some();
            self.scan.path.pop();
            if !more {
                break;
            }
            index += 1;
        }
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<(), A::Error> {
        let depth = self.enter::<A::Error>()?;
        let mut keys = BTreeSet::new();
        while let Some(key) = map.next_key::<String>()? {
            self.scan.check_string::<A::Error>(&key)?;
            self.scan.path.push(key.clone());
            if keys.len() >= self.scan.limits.max_list_len {
                let message = format!(
                    "the object has more than {} keys, over the limit",
                    self.scan.limits.max_list_len
                );
                return Err(self
                    .scan
                    .fail(ProblemCode::LimitExceeded, message, "remove keys"));
            }
            if !keys.insert(key) {
                let key = self.scan.path.last().cloned().unwrap_or_default();
                let message = format!("duplicate key `{key}`");
                return Err(self.scan.fail(
                    ProblemCode::DuplicateKey,
                    message,
                    "keep one of the keys",
                ));
            }
            let seed = ScanSeed {
                scan: &mut *self.scan,
                depth,
            };
            map.next_value_seed(seed)?;
            self.scan.path.pop();
        }
        Ok(())
    }
}

impl ScanSeed<'_, '_> {
    /// Checks the depth limit on entering an array or object and returns
    /// the depth of its entries.
    fn enter<E: de::Error>(&mut self) -> Result<usize, E> {
        let depth = self.depth + 1;
        if depth <= self.scan.limits.max_depth {
            return Ok(depth);
        }
        let message = format!(
            "arrays and objects nest deeper than the limit of {}",
            self.scan.limits.max_depth
        );
        Err(self
            .scan
            .fail(ProblemCode::LimitExceeded, message, "flatten the document"))
    }

    fn record_format_version(&mut self, value: u64) {
        let is_top_level_key = self.depth == 1 && self.scan.path.len() == 1;
        if is_top_level_key && self.scan.path[0] == "format_version" {
            self.scan.format_version = Some(value);
        }
    }
}
