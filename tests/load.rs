//! Strict loading: paths, codes and positions of parse errors, limits, the
//! byte order mark and `format_version`, for JSON and TOML.

use std::io::Read;

use maturity::{Assessment, ErrorKind, Limits, Model, ProblemCode};
use serde_json::{Value, json};

const CORPUS_MODEL: &str = include_str!("corpus/good/model-corpus.json");
const CORPUS_ASSESSMENT: &str = include_str!("corpus/good/assessment-corpus.json");

fn corpus_model() -> Value {
    serde_json::from_str(CORPUS_MODEL).expect("corpus model is JSON")
}

/// Loads `text` as a model and asserts that the first problem has `path`
/// and `code`, with a line and column.
#[track_caller]
fn assert_model_fails(text: &str, path: &str, code: ProblemCode) {
    let error = match Model::from_json_str(text) {
        Ok(_) => panic!("expected {code} at {path}, but the model loaded"),
        Err(error) => error,
    };
    let first = &error.problems()[0];
    assert_eq!((first.path.as_str(), first.code), (path, code), "{first}");
}

#[track_caller]
fn assert_parse_error_has_position(text: &str) {
    let error = Model::from_json_str(text).expect_err("a parse error");
    assert_eq!(error.kind(), ErrorKind::Parse);
    let first = &error.problems()[0];
    assert!(first.line.is_some(), "{first}");
    assert!(first.column.is_some(), "{first}");
}

/// Replaces the first occurrence of `from` in the corpus model.
fn edited(from: &str, to: &str) -> String {
    assert!(CORPUS_MODEL.contains(from), "{from}");
    CORPUS_MODEL.replacen(from, to, 1)
}

#[test]
fn strictness_errors_name_path_and_code() {
    let cases = [
        (
            edited(
                "\"format_version\": 1,",
                "\"format_version\": 1, \"colour\": 1,",
            ),
            "/colour",
            ProblemCode::UnknownField,
        ),
        (
            edited("\"number\": 2,", "\"number\": 2, \"colour\": 1,"),
            "/levels/1/colour",
            ProblemCode::UnknownField,
        ),
        (
            edited(
                "\"method\": \"all\",",
                "\"method\": \"all\", \"strict\": true,",
            ),
            "/rules/level/strict",
            ProblemCode::UnknownField,
        ),
        (
            edited(
                "\"name\": \"Corpus model\",",
                "\"name\": \"A\", \"name\": \"B\",",
            ),
            "/name",
            ProblemCode::DuplicateKey,
        ),
        (
            edited(
                "\"at_level\": \"yes\",",
                "\"at_level\": \"yes\", \"at_level\": \"no\",",
            ),
            "/rules/level/at_level",
            ProblemCode::DuplicateKey,
        ),
        (
            edited("\"score\": 50", "\"score\": 50, \"score\": 60"),
            "/scale/points/1/score",
            ProblemCode::DuplicateKey,
        ),
        (
            edited("\"number\": 2,", "\"number\": null,"),
            "/levels/1/number",
            ProblemCode::InvalidType,
        ),
        (
            edited("\"score\": 100", "\"score\": 1e400"),
            "/scale/points/2/score",
            ProblemCode::InvalidValue,
        ),
        (
            edited("\"weight\": 2,", "\"weight\": -1,"),
            "/indicators/3/weight",
            ProblemCode::InvalidValue,
        ),
        (
            edited("\"weight\": 2,", "\"weight\": 0,"),
            "/indicators/3/weight",
            ProblemCode::InvalidValue,
        ),
        (
            edited("\"score\": 100", "\"score\": 101"),
            "/scale/points/2/score",
            ProblemCode::InvalidValue,
        ),
        (
            edited("\"number\": 2,", "\"number\": 1.5,"),
            "/levels/1/number",
            ProblemCode::InvalidValue,
        ),
        (
            edited("\"number\": 2,", "\"number\": \"2\","),
            "/levels/1/number",
            ProblemCode::InvalidType,
        ),
        (
            edited("\"name\": \"Testing\"", "\"name\": 2"),
            "/dimensions/0/name",
            ProblemCode::InvalidType,
        ),
        (
            edited("\"method\": \"all\"", "\"method\": \"any\""),
            "/rules/level/method",
            ProblemCode::InvalidValue,
        ),
    ];
    for (text, path, code) in cases {
        assert_model_fails(&text, path, code);
    }
}

#[test]
fn parse_errors_carry_line_and_column() {
    let cases = [
        edited("\"number\": 2,", "\"number\": \"2\","),
        edited(
            "\"format_version\": 1,",
            "\"format_version\": 1, \"colour\": 1,",
        ),
        edited(
            "\"name\": \"Corpus model\",",
            "\"name\": \"A\", \"name\": \"B\",",
        ),
        edited("\"name\": \"Defined\"", "\"name\": \"Defined\","),
    ];
    for text in cases {
        assert_parse_error_has_position(&text);
    }
}

#[test]
fn unknown_key_message_quotes_the_key() {
    let text = edited("\"number\": 2,", "\"number\": 2, \"colour\": 1,");
    let error = Model::from_json_str(&text).expect_err("an error");
    let first = &error.problems()[0];
    assert!(
        first.message.starts_with("unknown field `colour`"),
        "{first}"
    );
    assert_eq!(first.line, Some(17));
}

#[test]
fn type_errors_use_plain_words() {
    let text = edited("\"number\": 2,", "\"number\": \"2\",");
    let error = Model::from_json_str(&text).expect_err("an error");
    let first = &error.problems()[0];
    assert_eq!(
        first.message,
        "invalid type: string \"2\", expected a whole number from 0 to 4294967295"
    );
    assert_eq!(first.hint, "write a whole number, without quotes around it");
}

#[test]
fn duplicate_key_inside_array_names_the_element() {
    let text = edited(
        "\"statement\": \"Every change runs the unit tests.\"",
        "\"statement\": \"x\", \"statement\": \"y\"",
    );
    assert_model_fails(&text, "/indicators/0/statement", ProblemCode::DuplicateKey);
}

#[test]
fn future_version_is_reported_before_unknown_keys() {
    let mut model = corpus_model();
    model["format_version"] = json!(2);
    model["weights"] = json!({"testing": 2});
    let error = Model::from_json_str(&model.to_string()).expect_err("an error");
    assert_eq!(error.problems().len(), 1);
    let first = &error.problems()[0];
    assert_eq!(first.path, "/format_version");
    assert_eq!(first.code, ProblemCode::UnsupportedVersion);
    assert_eq!(
        first.message,
        "format_version 2 is not supported; this release reads 1"
    );
}

#[test]
fn version_zero_is_unsupported() {
    let mut assessment: Value = serde_json::from_str(CORPUS_ASSESSMENT).expect("JSON");
    assessment["format_version"] = json!(0);
    let error = Assessment::from_json_str(&assessment.to_string()).expect_err("an error");
    assert_eq!(error.problems()[0].code, ProblemCode::UnsupportedVersion);
    assert_eq!(error.problems()[0].hint, "set format_version to 1");
}

#[test]
fn byte_order_mark_is_skipped() {
    let with_bom = format!("\u{FEFF}{CORPUS_MODEL}");
    assert!(Model::from_json_str(&with_bom).is_ok());
    assert!(Model::from_json_slice(with_bom.as_bytes()).is_ok());
    assert!(Model::from_json_reader(with_bom.as_bytes()).is_ok());
    let assessment = format!("\u{FEFF}{CORPUS_ASSESSMENT}");
    assert!(Assessment::from_json_str(&assessment).is_ok());
}

#[test]
fn reader_input_loads() {
    let model = Model::from_json_reader(CORPUS_MODEL.as_bytes()).expect("loads");
    assert_eq!(model.id(), "corpus");
    let assessment = Assessment::from_json_reader(CORPUS_ASSESSMENT.as_bytes()).expect("loads");
    assert_eq!(assessment.ratings.len(), 3);
}

/// A reader of endless spaces that counts the bytes taken from it.
struct Endless {
    bytes_read: usize,
}

impl Read for Endless {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        buf.fill(b' ');
        self.bytes_read += buf.len();
        Ok(buf.len())
    }
}

#[test]
fn reader_stops_one_byte_past_the_size_limit() {
    let mut reader = Endless { bytes_read: 0 };
    let error = Model::from_json_reader(&mut reader).expect_err("an error");
    assert_eq!(error.problems()[0].code, ProblemCode::LimitExceeded);
    assert_eq!(reader.bytes_read, Limits::DEFAULT_MAX_INPUT_BYTES + 1);
}

#[test]
fn failing_reader_is_an_io_error() {
    struct Broken;
    impl Read for Broken {
        fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("disk on fire"))
        }
    }
    let error = Model::from_json_reader(Broken).expect_err("an error");
    assert_eq!(error.kind(), ErrorKind::Io);
    assert_eq!(error.problems()[0].code, ProblemCode::Io);
}

/// Loads `text` as a model with `limits`: `Ok` when it loads, or the first
/// problem's path and message.
fn load_with(text: &str, limits: &Limits) -> Result<(), (String, ProblemCode, String)> {
    Model::from_json_slice_with_limits(text.as_bytes(), limits)
        .map(drop)
        .map_err(|error| {
            let first = &error.problems()[0];
            (first.path.clone(), first.code, first.message.clone())
        })
}

#[track_caller]
fn assert_limit(text: &str, at: Limits, past: Limits, path: &str, limit_name: &str) {
    assert_eq!(load_with(text, &at), Ok(()), "at the limit");
    let (found_path, code, message) = load_with(text, &past).expect_err("past the limit");
    assert_eq!(found_path, path);
    assert_eq!(code, ProblemCode::LimitExceeded);
    assert!(message.contains(limit_name), "{message}");
}

#[test]
fn input_size_limit() {
    let len = CORPUS_MODEL.len();
    let at = Limits::default().with_max_input_bytes(len);
    let past = Limits::default().with_max_input_bytes(len - 1);
    assert_limit(CORPUS_MODEL, at, past, "", "max_input_bytes");
}

#[test]
fn depth_limit() {
    // The document nests four deep, first at root, scale, points and a
    // point.
    let at = Limits::default().with_max_depth(4);
    let past = Limits::default().with_max_depth(3);
    assert_limit(CORPUS_MODEL, at, past, "/scale/points/0", "max_depth");
}

#[test]
fn string_length_limit() {
    let description = "d".repeat(300);
    let mut model = corpus_model();
    model["description"] = json!(description);
    let text = model.to_string();
    let at = Limits::default().with_max_string_bytes(300);
    let past = Limits::default().with_max_string_bytes(299);
    assert_limit(&text, at, past, "/description", "max_string_bytes");
}

#[test]
fn key_length_counts_toward_string_limit() {
    let mut model = corpus_model();
    model["k".repeat(100)] = json!(1);
    let limits = Limits::default().with_max_string_bytes(99);
    let (path, code, _) = load_with(&model.to_string(), &limits).expect_err("rejected");
    assert_eq!((path.as_str(), code), ("", ProblemCode::LimitExceeded));
}

#[test]
fn list_length_limit() {
    // Ten testing indicators and the two delivery ones make twelve, and the
    // largest object has eleven keys.
    let mut model = corpus_model();
    let template = model["indicators"][0].clone();
    let delivery = model["indicators"].as_array().into_iter().flatten().skip(2);
    let indicators: Vec<Value> = (0..10)
        .map(|i| {
            let mut indicator = template.clone();
            indicator["id"] = json!(format!("testing-2-check-{i}"));
            indicator
        })
        .chain(delivery.cloned())
        .collect();
    model["indicators"] = json!(indicators);
    let text = model.to_string();
    let at = Limits::default().with_max_list_len(12);
    let past = Limits::default().with_max_list_len(11);
    assert_limit(&text, at, past, "/indicators", "max_list_len");
}

#[test]
fn object_key_count_limit() {
    let limits = Limits::default().with_max_list_len(5);
    let (path, code, message) = load_with(CORPUS_MODEL, &limits).expect_err("rejected");
    // The sixth key of the root object is `description`.
    assert_eq!(
        (path.as_str(), code),
        ("/description", ProblemCode::LimitExceeded)
    );
    assert!(message.contains("max_list_len"), "{message}");
}

/// Loads `text` as a model and asserts the path, message and hint of its
/// first problem.
#[track_caller]
fn assert_first_problem(text: &str, path: &str, message: &str, hint: &str) {
    let error = Model::from_json_str(text).expect_err("an invalid model");
    let first = &error.problems()[0];
    assert_eq!(first.path, path, "{first}");
    assert_eq!(first.message, message, "{first}");
    assert_eq!(first.hint, hint, "{first}");
}

/// Returns the corpus model with `rule` as its level rule, or, when
/// `dimension` is set, as the own rule of dimension 1.
fn with_rule(rule: &str, dimension: bool) -> String {
    let mut model = corpus_model();
    if dimension {
        model["dimensions"][1]["rule"] = json!("RULE");
    } else {
        model["rules"]["level"] = json!("RULE");
    }
    // Spliced in as text, so that the keys keep the order written.
    model.to_string().replace("\"RULE\"", rule)
}

#[test]
fn errors_inside_a_level_rule_name_the_field() {
    let two_keys = "unknown field `by_scale`, a threshold object has exactly one key: \
                    `percent` or `by_scale`";
    let cases = [
        (
            r#"{"method": "share", "threshold": {"percent": 50, "by_scale": {}}, "percent": 50}"#,
            true,
            "/dimensions/1/rule/threshold/by_scale",
            two_keys,
        ),
        (
            r#"{"method": "all", "at_level": {"percent": 50, "by_scale": {}}, "below_level": "yes"}"#,
            false,
            "/rules/level/at_level/by_scale",
            two_keys,
        ),
        (
            r#"{"method": "all", "at_level": "yes", "below_level": {"pct": 5}}"#,
            false,
            "/rules/level/below_level/pct",
            "unknown field `pct`, expected `percent` or `by_scale`",
        ),
        (
            r#"{"method": "all", "at_level": "yes", "below_level": {"by_scale": {"default": 1}}}"#,
            false,
            "/rules/level/below_level/by_scale/default",
            "invalid type: integer `1`, expected a string",
        ),
        (
            r#"{"method": "share", "threshold": "yes", "percent": -5}"#,
            true,
            "/dimensions/1/rule/percent",
            "invalid value: integer `-5`, expected a whole number from 1 to 100",
        ),
        (
            r#"{"method": "all", "at_level": {}, "below_level": "yes"}"#,
            false,
            "/rules/level/at_level",
            "missing field `percent`",
        ),
    ];
    for (rule, dimension, path, message) in cases {
        let error = Model::from_json_str(&with_rule(rule, dimension)).expect_err(rule);
        let first = &error.problems()[0];
        assert_eq!(first.path, path, "{first}");
        assert_eq!(first.message, message, "{first}");
    }
}

#[test]
fn negative_weight_hint_asks_for_one_or_more() {
    let message = "invalid value: integer `-2`, expected a whole number from 1 to 4294967295";
    let hint = "use a whole number of 1 or more";
    let indicator = edited("\"weight\": 2,", "\"weight\": -2,");
    assert_first_problem(&indicator, "/indicators/3/weight", message, hint);
    let dimension = edited(
        "\"name\": \"Delivery\"",
        "\"name\": \"Delivery\", \"weight\": -2",
    );
    assert_first_problem(&dimension, "/dimensions/1/weight", message, hint);
}

#[test]
fn non_object_documents_name_the_object() {
    let hint = "write the whole document as one object of keys and values";
    let cases = [
        ("[]", "invalid type: array, expected a model object"),
        ("[1]", "invalid type: array, expected a model object"),
        ("null", "invalid type: null, expected a model object"),
        ("3", "invalid type: integer, expected a model object"),
        ("\"kam\"", "invalid type: string, expected a model object"),
    ];
    for (text, message) in cases {
        assert_first_problem(text, "", message, hint);
    }
    let error = Assessment::from_json_str("[]").expect_err("an array");
    let first = &error.problems()[0];
    assert_eq!(
        first.message,
        "invalid type: array, expected an assessment object"
    );
    assert_eq!(first.code, ProblemCode::InvalidType);
}

#[test]
fn nested_objects_have_plain_names() {
    let text = edited("\"scale\": {", "\"scale\": [], \"unused\": {");
    assert_first_problem(
        &text,
        "/scale",
        "invalid type: array, expected a scale object",
        "write the value with the type the message expects",
    );
}

#[test]
fn out_of_range_numbers_state_the_range() {
    let cases = [
        (
            edited("\"number\": 2,", "\"number\": 4294967296,"),
            "/levels/1/number",
            "invalid value: integer `4294967296`, expected a whole number from 0 to 4294967295",
            "use a whole number from 0 to 4294967295",
        ),
        (
            edited("\"format_version\": 1,", "\"format_version\": 1e30,"),
            "/format_version",
            "number 1e+30 is too large, expected the whole number 1",
            "set format_version to 1",
        ),
        (
            edited(
                "\"format_version\": 1,",
                "\"format_version\": 99999999999999999999999,",
            ),
            "/format_version",
            "number 1e+23 is too large, expected the whole number 1",
            "set format_version to 1",
        ),
        (
            edited("\"weight\": 2,", "\"weight\": -99999999999999999999999,"),
            "/indicators/3/weight",
            "number -1e+23 is too small, expected a whole number from 1 to 4294967295",
            "use a whole number of 1 or more",
        ),
        (
            edited("\"weight\": 2,", "\"weight\": 2.5,"),
            "/indicators/3/weight",
            "invalid type: floating point `2.5`, expected a whole number from 1 to 4294967295",
            "write a whole number, without a decimal point or exponent",
        ),
        (
            edited("\"score\": 100", "\"score\": 1e400"),
            "/scale/points/2/score",
            "number out of range",
            "use a whole number from 0 to 100",
        ),
    ];
    for (text, path, message, hint) in cases {
        assert_first_problem(&text, path, message, hint);
    }
}

#[cfg(feature = "toml")]
mod toml_input {
    use super::*;

    /// Converts the corpus model to TOML, with its keys in sorted order.
    fn corpus_toml() -> String {
        toml::to_string(&corpus_model()).expect("the model converts to TOML")
    }

    #[track_caller]
    fn assert_toml_fails(text: &str, path: &str, code: ProblemCode) {
        let error = match Model::from_toml_str(text) {
            Ok(_) => panic!("expected {code} at {path}, but the model loaded"),
            Err(error) => error,
        };
        let first = &error.problems()[0];
        assert_eq!((first.path.as_str(), first.code), (path, code), "{first}");
        assert!(first.line.is_some(), "{first}");
    }

    fn toml_edited(from: &str, to: &str) -> String {
        let text = corpus_toml();
        assert!(text.contains(from), "{from}");
        text.replacen(from, to, 1)
    }

    #[test]
    fn toml_model_loads_like_json() {
        let from_toml = Model::from_toml_str(&corpus_toml()).expect("loads");
        let from_json = Model::from_json_str(CORPUS_MODEL).expect("loads");
        assert_eq!(from_toml.spec(), from_json.spec());
    }

    #[test]
    fn toml_with_byte_order_mark_loads() {
        let text = format!("\u{FEFF}{}", corpus_toml());
        assert!(Model::from_toml_str(&text).is_ok());
    }

    #[test]
    fn toml_faults_name_path_and_code() {
        let cases = [
            (
                toml_edited("name = \"Corpus model\"", "name = \"A\"\nname = \"B\""),
                "/name",
                ProblemCode::DuplicateKey,
            ),
            (
                format!("{}\n[scale]\nnot_applicable = false\n", corpus_toml()),
                "/scale",
                ProblemCode::DuplicateKey,
            ),
            (
                toml_edited("score = 50", "score = 50\nscore = 60"),
                "/scale/points/1/score",
                ProblemCode::DuplicateKey,
            ),
            (
                toml_edited("format_version = 1", "format_version = \"1\""),
                "/format_version",
                ProblemCode::InvalidType,
            ),
            (
                toml_edited("number = 2", "number = 2.5"),
                "/levels/1/number",
                ProblemCode::InvalidValue,
            ),
            (
                toml_edited("format_version = 1", "format_version = 1\ncolour = 1"),
                "/colour",
                ProblemCode::UnknownField,
            ),
            (
                // The TOML parser hands keys over sorted, so `percent` is
                // the key too many.
                toml_edited(
                    "at_level = \"yes\"",
                    "at_level = { percent = 5, by_scale = {} }",
                ),
                "/rules/level/at_level/percent",
                ProblemCode::UnknownField,
            ),
        ];
        for (text, path, code) in cases {
            assert_toml_fails(&text, path, code);
        }
    }

    #[test]
    fn toml_future_version_is_reported_first() {
        let text = toml_edited("format_version = 1", "format_version = 3\ncolour = 1");
        let error = Model::from_toml_str(&text).expect_err("an error");
        assert_eq!(error.problems()[0].code, ProblemCode::UnsupportedVersion);
    }

    #[test]
    fn toml_unquoted_date_asks_for_quotes() {
        let assessment: Value = serde_json::from_str(CORPUS_ASSESSMENT).expect("JSON");
        let text = toml::to_string(&assessment).expect("converts");
        let text = text.replacen("date = \"2026-03-01\"", "date = 2026-03-01", 1);
        let error = Assessment::from_toml_str(&text).expect_err("an error");
        let first = &error.problems()[0];
        assert_eq!(first.path, "/date");
        assert_eq!(first.code, ProblemCode::InvalidType);
        assert_eq!(
            first.message,
            "unquoted TOML date or time 2026-03-01, expected a string"
        );
        assert_eq!(first.hint, "quote it: \"2026-03-01\"");
    }
}
