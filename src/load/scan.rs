//! The first pass over a document: duplicate keys, limits and the
//! `format_version`, checked before anything is built.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::Limits;
use crate::problem::{Problem, ProblemCode, push_token};

/// The key under which the `toml` crate hands a date or time to serde.
const TOML_DATETIME_KEY: &str = "$__toml_private_datetime";

/// Maximum number of keys of one object checked for duplicates by comparing
/// each new key with the earlier ones. Larger objects get a set.
const LINEAR_KEY_CHECK: usize = 32;

/// One step of the path to the value being scanned.
enum Token<'de> {
    Index(usize),
    /// A key, borrowed from the input unless it had escapes.
    Key(Cow<'de, str>),
}

/// State of the first pass: the limits, where it is, what went wrong and the
/// top-level `format_version` it saw.
///
/// The pass allocates nothing per key or entry of a valid document: keys
/// are borrowed from the input where they have no escapes, and the path is
/// written out as a JSON Pointer only when a problem is found.
pub(super) struct Scan<'l, 'de> {
    limits: &'l Limits,
    path: Vec<Token<'de>>,
    /// The keys of every object being scanned, outermost first; each object
    /// truncates the stack back to where it found it.
    keys: Vec<Cow<'de, str>>,
    pub(super) problem: Option<Problem>,
    pub(super) format_version: Option<u64>,
    /// The kind of the top-level value, such as `object`, in the words of
    /// serde's messages.
    pub(super) root: Option<&'static str>,
}

impl<'l, 'de> Scan<'l, 'de> {
    pub(super) fn new(limits: &'l Limits) -> Scan<'l, 'de> {
        Scan {
            limits,
            path: Vec::new(),
            keys: Vec::new(),
            problem: None,
            format_version: None,
            root: None,
        }
    }

    /// Walks the whole document from `deserializer`.
    pub(super) fn run<D: de::Deserializer<'de>>(
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
            match token {
                Token::Index(index) => push_token(&mut pointer, &index.to_string()),
                Token::Key(key) => push_token(&mut pointer, key),
            }
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

struct ScanSeed<'s, 'l, 'de> {
    scan: &'s mut Scan<'l, 'de>,
    depth: usize,
}

impl<'de> DeserializeSeed<'de> for ScanSeed<'_, '_, 'de> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ScanSeed<'_, '_, 'de> {
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
            self.scan.path.push(Token::Index(index));
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
        let first_key = self.scan.keys.len();
        let mut large: Option<BTreeSet<Cow<'de, str>>> = None;
        let mut count = 0usize;
        let result = loop {
            let Some(key) = map.next_key_seed(KeySeed)? else {
                break Ok(());
            };
            if key == TOML_DATETIME_KEY {
                let value: String = map.next_value()?;
                break Err(self.scan.toml_datetime(&value));
            }
            self.scan.check_string::<A::Error>(&key)?;
            self.scan.path.push(Token::Key(key.clone()));
            if count >= self.scan.limits.max_list_len() {
                break Err(self.scan.object_too_long());
            }
            count += 1;
            if !self.insert_key(first_key, &mut large, key) {
                break Err(self.duplicate_key());
            }
            let seed = ScanSeed {
                scan: &mut *self.scan,
                depth,
            };
            map.next_value_seed(seed)?;
            self.scan.path.pop();
        };
        self.scan.keys.truncate(first_key);
        result
    }
}

impl<'de> ScanSeed<'_, '_, 'de> {
    /// Records a key of the object whose keys start at `first_key` on the
    /// key stack, and returns false when the object already has it.
    fn insert_key(
        &mut self,
        first_key: usize,
        large: &mut Option<BTreeSet<Cow<'de, str>>>,
        key: Cow<'de, str>,
    ) -> bool {
        if let Some(set) = large {
            return set.insert(key);
        }
        let earlier = &self.scan.keys[first_key..];
        if earlier.contains(&key) {
            return false;
        }
        if earlier.len() < LINEAR_KEY_CHECK {
            self.scan.keys.push(key);
            return true;
        }
        let mut set: BTreeSet<Cow<'de, str>> = self.scan.keys.drain(first_key..).collect();
        set.insert(key);
        *large = Some(set);
        true
    }

    fn duplicate_key<E: de::Error>(&mut self) -> E {
        let key = match self.scan.path.last() {
            Some(Token::Key(key)) => key.to_string(),
            _ => String::new(),
        };
        self.scan.duplicate_key(&key)
    }
}

/// Reads an object key, borrowing it from the input when it has no escapes.
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string key")
    }

    fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(value))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(value.to_owned()))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(value))
    }
}

impl ScanSeed<'_, '_, '_> {
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
            && matches!(
                self.scan.path.first(),
                Some(Token::Key(key)) if key == "format_version"
            )
        {
            self.scan.format_version = Some(value);
        }
    }
}
