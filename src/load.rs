//! Strict parsing of JSON and TOML documents into the file types.
//!
//! Parsing runs in two passes. The first pass walks the document without
//! building anything. It rejects duplicate keys (which serde_json would
//! otherwise resolve silently by keeping the last value), anything over a
//! [`Limits`] value and a `format_version` this release does not read. Only
//! then does the typed parse run, through serde_path_to_error so that every
//! error names the JSON Pointer of the bad value, with its line and column.
//!
//! # Format versions
//!
//! Every document states its `format_version`, and the first pass reads it
//! before the typed parse, so a document from a newer release is rejected
//! with `unsupported-version` before any of its new keys are reported as
//! unknown. The plan for later versions:
//!
//! - A release that reads version N also reads every version from 1 to N:
//!   version 1 files always load.
//! - Each older version keeps its own frozen serde types. The loader parses
//!   a document into the types of its version, then upgrades it in memory,
//!   one version at a time, into the current types. Problem paths still
//!   point into the document as written.
//! - Documents are always written in the current version.

mod limits;
mod message;
mod ranges;
mod rule_path;
mod scan;
#[cfg(feature = "toml")]
mod toml_text;

use std::io::Read;
use std::ops::RangeInclusive;

use serde::de::DeserializeOwned;
use serde_json::Value;

pub use self::limits::Limits;
#[cfg(feature = "toml")]
pub(crate) use self::toml_text::from_toml_str;
use crate::assessment::Assessment;
use crate::problem::{Error, ErrorKind, Problem, ProblemCode, push_token};
use crate::spec::{FORMAT_VERSION, ModelSpec};
use crate::target::TargetProfile;

/// A file type of the formats, read from the top-level object of a
/// document.
pub(crate) trait Document: DeserializeOwned {
    /// Plain name of the object, for messages, such as "a model object".
    const NOUN: &'static str;
}

impl Document for ModelSpec {
    const NOUN: &'static str = "a model object";
}

impl Document for Assessment {
    const NOUN: &'static str = "an assessment object";
}

impl Document for TargetProfile {
    const NOUN: &'static str = "a target profile object";
}

/// The `format_version` values this release reads.
const SUPPORTED_VERSIONS: RangeInclusive<u64> = 1..=FORMAT_VERSION as u64;

/// Reads all of `reader`, stopping one byte past the size limit.
pub(crate) fn read_limited(reader: impl Read, limits: &Limits) -> Result<Vec<u8>, Error> {
    let mut bytes = Vec::new();
    let cap = u64::try_from(limits.max_input_bytes()).unwrap_or(u64::MAX);
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
pub(crate) fn from_json_slice<T: Document>(bytes: &[u8], limits: &Limits) -> Result<T, Error> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    check_size(bytes.len(), limits)?;

    let mut scan = scan::Scan::new(limits);
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let result = scan
        .run(&mut deserializer)
        .and_then(|()| deserializer.end());
    if let Err(err) = result {
        let problem = match scan.problem.take() {
            Some(problem) => problem.at(err.line(), err.column()),
            None => message::problem(&scan.pointer(), &err.to_string(), err.line(), err.column()),
        };
        return Err(Error::single(ErrorKind::Parse, problem));
    }
    check_root::<T>(scan.root)?;
    check_format_version(scan.format_version)?;

    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(&mut deserializer).map_err(|err| {
        let inner = err.inner();
        let document = || serde_json::from_slice(bytes).ok();
        let pointer = typed_pointer(err.path(), &inner.to_string(), document);
        let problem = message::problem(&pointer, &inner.to_string(), inner.line(), inner.column());
        Error::single(ErrorKind::Parse, problem)
    })
}

/// Rejects a document whose top-level value, of kind `root`, is not an
/// object. serde would read an array by position, field by field, and
/// report its first element as a mistyped `$schema`.
fn check_root<T: Document>(root: Option<&str>) -> Result<(), Error> {
    let Some(kind) = root.filter(|&kind| kind != "object") else {
        return Ok(());
    };
    let problem = Problem::error(
        "",
        ProblemCode::InvalidType,
        format!("invalid type: {kind}, expected {}", T::NOUN),
        message::ROOT_HINT,
    );
    Err(Error::single(ErrorKind::Parse, problem))
}

/// Returns the JSON Pointer of an error of the typed parse: the path
/// serde_path_to_error tracked, or, for an error inside a level rule, the
/// path that [`rule_path::locate`] recovers from `document`.
fn typed_pointer(
    path: &serde_path_to_error::Path,
    raw: &str,
    document: impl FnOnce() -> Option<Value>,
) -> String {
    let pointer = pointer_from(path);
    if !rule_path::is_level_rule(&pointer) {
        return pointer;
    }
    let message = message::strip_position(raw);
    document()
        .and_then(|document| rule_path::locate(&document, &pointer, &message))
        .unwrap_or(pointer)
}

fn check_size(len: usize, limits: &Limits) -> Result<(), Error> {
    let limit = limits.max_input_bytes();
    if len <= limit {
        return Ok(());
    }
    let problem = Problem::error(
        "",
        ProblemCode::LimitExceeded,
        format!("the input is larger than the limit max_input_bytes = {limit}"),
        "split the document, or raise the limit with Limits::with_max_input_bytes",
    );
    Err(Error::single(ErrorKind::Parse, problem))
}

/// Rejects a top-level `format_version` outside [`SUPPORTED_VERSIONS`]. A
/// missing or mistyped one is left to the typed parse, which names it.
fn check_format_version(version: Option<u64>) -> Result<(), Error> {
    let Some(version) = version.filter(|v| !SUPPORTED_VERSIONS.contains(v)) else {
        return Ok(());
    };
    let (first, last) = (SUPPORTED_VERSIONS.start(), SUPPORTED_VERSIONS.end());
    let supported = if first == last {
        format!("{first}")
    } else {
        format!("{first} to {last}")
    };
    let hint = if version > *last {
        format!(
            "the file needs a newer release of the maturity crate, \
             or rewrite it in format_version {supported}"
        )
    } else {
        format!("set format_version to {supported}")
    };
    let problem = Problem::error(
        "/format_version",
        ProblemCode::UnsupportedVersion,
        format!("format_version {version} is not supported; this release reads {supported}"),
        hint,
    );
    Err(Error::single(ErrorKind::Parse, problem))
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
