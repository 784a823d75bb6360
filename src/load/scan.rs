//! The first pass over a document: duplicate keys, limits and the
//! `format_version`, checked before anything is built.

use std::collections::BTreeSet;
use std::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::Limits;
use crate::problem::{Problem, ProblemCode, push_token};

/// The key under which the `toml` crate hands a date or time to serde.
const TOML_DATETIME_KEY: &str = "$__toml_private_datetime";

/// State of the first pass: the limits, where it is, what went wrong and the
/// top-level `format_version` it saw.
pub(super) struct Scan<'l> {
    limits: &'l Limits,
    path: Vec<String>,
    pub(super) problem: Option<Problem>,
    pub(super) format_version: Option<u64>,
    /// The kind of the top-level value, such as `object`, in the words of
    /// serde's messages.
    pub(super) root: Option<&'static str>,
}

impl<'l> Scan<'l> {
    pub(super) fn new(limits: &'l Limits) -> Scan<'l> {
        Scan {
            limits,
            path: Vec::new(),
            problem: None,
            format_version: None,
            root: None,
        }
    }

    /// Walks the whole document from `deserializer`.
    pub(super) fn run<'de, D: de::Deserializer<'de>>(
        &mut self,
        deserializer: D,
    ) -> Result<(), D::Error> {
        ScanSeed {
            scan: self,
            depth: 0,
        }
        .deserialize(deserializer)
    }

    /// Returns the JSON Pointer of the value being scanned.
    pub(super) fn pointer(&self) -> String {
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
        let limit = self.limits.max_string_bytes();
        if value.len() <= limit {
            return Ok(());
        }
        let message = format!(
            "the string is {} bytes long, over the limit max_string_bytes = {limit}",
            value.len(),
        );
        let hint = "shorten the text, or raise the limit with Limits::with_max_string_bytes";
        Err(self.fail(ProblemCode::LimitExceeded, message, hint))
    }

    fn list_too_long<E: de::Error>(&mut self) -> E {
        let limit = self.limits.max_list_len();
        let message = format!(
            "the list has more than {limit} entries, over the limit max_list_len = {limit}"
        );
        let hint = "shorten the list, or raise the limit with Limits::with_max_list_len";
        self.fail(ProblemCode::LimitExceeded, message, hint)
    }

    fn object_too_long<E: de::Error>(&mut self) -> E {
        let limit = self.limits.max_list_len();
        let message =
            format!("the object has more than {limit} keys, over the limit max_list_len = {limit}");
        let hint = "remove keys, or raise the limit with Limits::with_max_list_len";
        self.fail(ProblemCode::LimitExceeded, message, hint)
    }

    fn duplicate_key<E: de::Error>(&mut self, key: &str) -> E {
        let message = format!("duplicate key {key:?}");
        let hint = "keep one of the entries with this key and delete the others";
        self.fail(ProblemCode::DuplicateKey, message, hint)
    }

    /// Reports a TOML date or time, which no field of the formats accepts.
    fn toml_datetime<E: de::Error>(&mut self, value: &str) -> E {
        let message = format!("unquoted TOML date or time {value}, expected a string");
        let hint = format!("quote it: \"{value}\"");
        self.fail(ProblemCode::InvalidType, message, &hint)
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

    fn visit_bool<E: de::Error>(mut self, _: bool) -> Result<(), E> {
        self.note_root("boolean");
        Ok(())
    }

    fn visit_i64<E: de::Error>(mut self, value: i64) -> Result<(), E> {
        self.note_root("integer");
        if let Ok(value) = u64::try_from(value) {
            self.record_format_version(value);
        }
        Ok(())
    }

    fn visit_u64<E: de::Error>(mut self, value: u64) -> Result<(), E> {
        self.note_root("integer");
        self.record_format_version(value);
        Ok(())
    }

    fn visit_f64<E: de::Error>(mut self, _: f64) -> Result<(), E> {
        self.note_root("floating point");
        Ok(())
    }

    fn visit_str<E: de::Error>(mut self, value: &str) -> Result<(), E> {
        self.note_root("string");
        self.scan.check_string(value)
    }

    fn visit_unit<E: de::Error>(mut self) -> Result<(), E> {
        self.note_root("null");
        Ok(())
    }

    fn visit_none<E: de::Error>(mut self) -> Result<(), E> {
        self.note_root("null");
        Ok(())
    }

    fn visit_some<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
        self.note_root("array");
        let depth = self.enter::<A::Error>()?;
        let mut index = 0usize;
        loop {
            if index >= self.scan.limits.max_list_len() {
                // Peek past the limit without descending into the value.
                if seq.next_element::<IgnoredAny>()?.is_none() {
                    break;
                }
                return Err(self.scan.list_too_long());
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
        self.note_root("object");
        let depth = self.enter::<A::Error>()?;
        let mut keys = BTreeSet::new();
        while let Some(key) = map.next_key::<String>()? {
            if key == TOML_DATETIME_KEY {
                let value: String = map.next_value()?;
                return Err(self.scan.toml_datetime(&value));
            }
            self.scan.check_string::<A::Error>(&key)?;
            self.scan.path.push(key.clone());
            if keys.len() >= self.scan.limits.max_list_len() {
                return Err(self.scan.object_too_long());
            }
            if !keys.insert(key) {
                let key = self.scan.path.last().cloned().unwrap_or_default();
                return Err(self.scan.duplicate_key(&key));
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
        let limit = self.scan.limits.max_depth();
        if depth <= limit {
            return Ok(depth);
        }
        let message = format!("arrays and objects nest deeper than the limit max_depth = {limit}");
        let hint = "flatten the document, or raise the limit with Limits::with_max_depth";
        Err(self.scan.fail(ProblemCode::LimitExceeded, message, hint))
    }

    fn note_root(&mut self, kind: &'static str) {
        if self.depth == 0 {
            self.scan.root = Some(kind);
        }
    }

    fn record_format_version(&mut self, value: u64) {
        let is_top_level_key = self.depth == 1 && self.scan.path.len() == 1;
        if is_top_level_key
            && self
                .scan
                .path
                .first()
                .is_some_and(|key| key == "format_version")
        {
            self.scan.format_version = Some(value);
        }
    }
}
