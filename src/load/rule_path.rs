//! Recovers the path of an error inside a level rule.
//!
//! A level rule is an internally tagged enum: serde buffers the whole
//! object to read its `method` first, then reads the fields from the
//! buffer, out of sight of serde_path_to_error. An error in a field, such
//! as a threshold with two keys, is therefore reported at the rule itself.
//! This module reads each field of the rule again on its own, with its own
//! type, and takes the path of the field that fails with the same message.

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::problem::push_token;
use crate::spec::Threshold;

/// Reads one field value on its own and returns the path inside it and the
/// message of its error, or `None` when it reads without error.
type Probe = fn(&Value) -> Option<(String, String)>;

/// The fields of every level rule method that hold more than a tag.
const RULE_FIELDS: [(&str, Probe); 4] = [
    ("at_level", probe::<Threshold>),
    ("below_level", probe::<Threshold>),
    ("threshold", probe::<Threshold>),
    ("percent", probe::<u32>),
];

/// Returns whether `pointer` addresses a level rule: the model's
/// `/rules/level` or a dimension's `/dimensions/N/rule`.
pub(super) fn is_level_rule(pointer: &str) -> bool {
    if pointer == "/rules/level" {
        return true;
    }
    let Some(index) = pointer
        .strip_prefix("/dimensions/")
        .and_then(|rest| rest.strip_suffix("/rule"))
    else {
        return false;
    };
    !index.is_empty() && index.bytes().all(|b| b.is_ascii_digit())
}

/// Returns the pointer of the value inside the level rule at `pointer`
/// that fails with `message`, or `None` when no field reproduces it.
///
/// `document` is the whole document, and `message` the error without its
/// line and column. The document's objects have lost their key order, so
/// an object with a key too many may fail on another of its keys when
/// read again: for an unknown key, the field whose failing object has that
/// key is taken.
pub(super) fn locate(document: &Value, pointer: &str, message: &str) -> Option<String> {
    let rule = document.pointer(pointer)?.as_object()?;
    let failures: Vec<(String, String)> = RULE_FIELDS
        .iter()
        .filter_map(|(key, probe)| {
            let (inner, found) = probe(rule.get(*key)?)?;
            let mut located = pointer.to_owned();
            push_token(&mut located, key);
            located.push_str(&inner);
            Some((located, found))
        })
        .collect();
    if let Some((located, _)) = failures.iter().find(|(_, found)| found == message) {
        return Some(located.clone());
    }
    let key = unknown_key(message)?;
    let has_key = |located: &str| {
        document
            .pointer(located)
            .and_then(Value::as_object)
            .is_some_and(|object| object.contains_key(key))
    };
    failures
        .into_iter()
        .map(|(located, _)| located)
        .find(|located| has_key(located))
}

/// Returns the key of an "unknown field `key`, ..." message.
fn unknown_key(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("unknown field `")?;
    rest.split_once('`').map(|(key, _)| key)
}

fn probe<T: DeserializeOwned>(value: &Value) -> Option<(String, String)> {
    let err = serde_path_to_error::deserialize::<_, T>(value).err()?;
    let pointer = super::pointer_from(err.path());
    Some((pointer, err.inner().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_field_is_probed() {
        let schema = crate::schema::model_schema();
        let methods = schema["$defs"]["LevelRule"]["oneOf"]
            .as_array()
            .expect("LevelRule has one schema per method");
        for method in methods {
            let properties = method["properties"].as_object().expect("properties");
            for key in properties.keys().filter(|key| *key != "method") {
                let probed = RULE_FIELDS.iter().any(|(field, _)| field == key);
                assert!(probed, "the level rule field {key:?} is not probed");
            }
        }
    }

    #[test]
    fn level_rule_pointers_are_recognized() {
        for pointer in ["/rules/level", "/dimensions/0/rule", "/dimensions/12/rule"] {
            assert!(is_level_rule(pointer), "{pointer}");
        }
        for pointer in [
            "",
            "/rules",
            "/dimensions//rule",
            "/dimensions/x/rule",
            "/dimensions/0/rule/at_level",
        ] {
            assert!(!is_level_rule(pointer), "{pointer}");
        }
    }
}
