//! Runs every example binary, checks the examples' output, exit status,
//! help and error lines, the width of the text output and their behaviour
//! when stdout is closed early, and checks that the committed chart under
//! `docs/` matches what its documented command writes now.
//!
//! `cargo test` builds the examples into `target/<profile>/examples/`, next
//! to the `deps/` folder that contains this test binary.

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Output, Stdio};
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::Value;

fn examples_folder() -> PathBuf {
    let exe = std::env::current_exe().unwrap_or_else(|error| panic!("no test binary: {error}"));
    let Some(profile) = exe.parent().and_then(Path::parent) else {
        panic!(
            "test binary {} is not under target/<profile>/deps",
            exe.display()
        );
    };
    profile.join("examples")
}

fn binary(name: &str) -> PathBuf {
    examples_folder().join(format!("{name}{}", std::env::consts::EXE_SUFFIX))
}

/// Returns the names of the examples, one per `examples/*.rs` file, sorted.
fn example_names() -> Vec<String> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let entries = std::fs::read_dir(&folder)
        .unwrap_or_else(|error| panic!("failed to list {}: {error}", folder.display()));
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
        .filter_map(|path| Some(path.file_stem()?.to_str()?.to_owned()))
        .collect();
    names.sort();
    names
}

#[track_caller]
fn run(name: &str, args: &[&str]) -> Output {
    let path = binary(name);
    assert!(
        path.exists(),
        "example binary {} is missing; run `cargo test` without target filters so that \
         cargo builds the examples",
        path.display()
    );
    Command::new(&path)
        .args(args)
        .output()
        .unwrap_or_else(|error| panic!("failed to run {}: {error}", path.display()))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Returns the arguments an example needs for a useful run: none, except
/// for `validate`, which checks every bundled model and assessment.
fn default_args(name: &str) -> Vec<String> {
    if name != "validate" {
        return Vec::new();
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("src/models/kam.json")];
    for folder in ["examples/models", "examples/assessments"] {
        let mut found: Vec<PathBuf> = std::fs::read_dir(root.join(folder))
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .collect();
        found.sort();
        files.extend(found);
    }
    let models = [
        "examples/models/practice-implementation.json",
        "examples/models/capability.json",
    ];
    let mut args: Vec<String> = Vec::new();
    for model in models {
        args.push("--model".to_owned());
        args.push(root.join(model).display().to_string());
    }
    args.extend(files.iter().map(|file| file.display().to_string()));
    args
}

#[test]
fn every_example_runs_with_its_default_arguments() {
    let names = example_names();
    assert!(names.iter().any(|name| name == "assess"), "{names:?}");
    for name in &names {
        if name != "assess" && !binary(name).exists() {
            eprintln!(
                "skipping example {name}: {} is not built; run `cargo test` to build it",
                binary(name).display()
            );
            continue;
        }
        let args = default_args(name);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let output = run(name, &args);
        let stderr = text(&output.stderr);
        assert!(
            output.status.success(),
            "{name}: {:?}\n{stderr}",
            output.status
        );
        assert!(!output.stdout.is_empty(), "{name}: empty stdout");
    }
}

#[track_caller]
fn run_json(args: &[&str]) -> Value {
    let output = run("assess", args);
    let stderr = text(&output.stderr);
    assert!(
        output.status.success(),
        "{args:?}: {:?}\n{stderr}",
        output.status
    );
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|error| panic!("{args:?}: stdout is not JSON: {error}"))
}

/// Expected JSON of one bundled sample: subject id, overall level id and
/// number, and each dimension's level id.
type SampleRow = (
    &'static str,
    &'static str,
    u64,
    [(&'static str, &'static str); 6],
);

const SAMPLES: [SampleRow; 3] = [
    (
        "northwind-kam",
        "awareness",
        2,
        [
            ("process", "repeatable"),
            ("account-planning", "awareness"),
            ("communication", "awareness"),
            ("leadership", "repeatable"),
            ("customer-experience", "awareness"),
            ("technology", "awareness"),
        ],
    ),
    (
        "ridgeline-kam",
        "repeatable",
        3,
        [
            ("process", "predictable"),
            ("account-planning", "repeatable"),
            ("communication", "predictable"),
            ("leadership", "repeatable"),
            ("customer-experience", "repeatable"),
            ("technology", "repeatable"),
        ],
    ),
    (
        "priya-raman",
        "predictable",
        4,
        [
            ("process", "activating"),
            ("account-planning", "predictable"),
            ("communication", "activating"),
            ("leadership", "predictable"),
            ("customer-experience", "predictable"),
            ("technology", "predictable"),
        ],
    ),
];

#[track_caller]
fn assert_report(report: &Value, expected: &SampleRow) {
    let (subject, level, number, dimensions) = expected;
    assert_eq!(report["subject"]["id"], *subject);
    assert_eq!(report["model"]["id"], "kam", "{subject}");
    assert_eq!(report["model"]["version"], "1.0.0", "{subject}");
    assert_eq!(report["overall"]["level"], *level, "{subject}");
    assert_eq!(report["overall"]["number"], *number, "{subject}");

    let actual: Vec<(&str, &str)> = report["dimensions"]
        .as_array()
        .unwrap_or_else(|| panic!("{subject}: no dimensions array"))
        .iter()
        .map(|d| {
            (
                d["id"].as_str().unwrap_or("?"),
                d["level"].as_str().unwrap_or("?"),
            )
        })
        .collect();
    assert_eq!(actual, dimensions, "{subject}");

    let gaps = report["gaps"]
        .as_array()
        .unwrap_or_else(|| panic!("{subject}: no gaps"));
    assert!(!gaps.is_empty(), "{subject}: no gap items");
    for item in gaps {
        assert!(item["indicator"].is_string(), "{subject}: {item}");
        assert!(item["required"].is_string(), "{subject}: {item}");
    }

    let advance = report["advance"]
        .as_array()
        .unwrap_or_else(|| panic!("{subject}: no advance"));
    assert_eq!(advance.len(), 6, "{subject}");
    for entry in advance {
        assert!(entry["dimension"].is_string(), "{subject}: {entry}");
        assert!(entry["steps"].is_array(), "{subject}: {entry}");
    }
}

#[test]
fn assess_json_for_bundled_samples() {
    let document = run_json(&["--format", "json"]);
    let reports = document
        .as_array()
        .unwrap_or_else(|| panic!("not an array: {document}"));
    assert_eq!(reports.len(), SAMPLES.len());
    for (report, expected) in reports.iter().zip(&SAMPLES) {
        assert_report(report, expected);
    }
}

#[test]
fn assess_json_for_one_assessment_is_an_object() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/assessments/steady-team.json");
    let Some(path) = path.to_str() else {
        panic!("the crate path is not UTF-8");
    };
    let report = run_json(&["--assessment", path, "--format", "json"]);
    assert!(report.is_object(), "{report}");
    assert_report(&report, &SAMPLES[1]);
    let first = &report["gaps"][0];
    assert_eq!(first["indicator"], "process-5-journey-mapped");
    assert_eq!(first["required"], "largely");
    let step = &report["advance"][0]["steps"][0];
    assert_eq!(step["from"], "predictable");
    assert_eq!(step["to"], "activating");
}

#[test]
fn assess_plans_toward_a_fixed_target() {
    let output = run("assess", &["--target", "5"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(text(&output.stdout).contains("Gaps to level 5 Activating"));

    let document = run_json(&["--target", "5", "--format", "json"]);
    let reports = document
        .as_array()
        .unwrap_or_else(|| panic!("not an array: {document}"));
    for report in reports {
        for entry in report["advance"].as_array().into_iter().flatten() {
            assert_eq!(entry["target"], "activating", "{entry}");
        }
    }
}

#[test]
fn assess_text_fits_the_terminal() {
    let output = run("assess", &[]);
    let stdout = text(&output.stdout);
    for line in stdout.lines() {
        assert!(line.chars().count() < 100, "line too wide: {line:?}");
        assert!(!line.contains('\u{1b}'), "escape code in {line:?}");
    }
    assert!(stdout.contains("Overall level: 2 Awareness"));
    assert!(stdout.contains("Overall level: 3 Repeatable"));
    assert!(stdout.contains("Overall level: 4 Predictable"));
}

#[test]
fn assess_help_exits_zero() {
    let output = run("assess", &["--help"]);
    assert!(output.status.success());
    assert!(text(&output.stdout).starts_with("Usage: assess"));
}

#[test]
fn assess_bad_usage_exits_two() {
    let model = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/models/capability.json");
    let model = model.to_str().unwrap_or("capability.json");
    let cases: [(&[&str], &str); 7] = [
        (&["--bogus"], "unknown argument \"--bogus\""),
        (&["--format"], "--format needs a value"),
        (&["--format", "xml"], "invalid --format \"xml\""),
        (&["--target", "three"], "invalid --target \"three\""),
        (
            &["--target", "9"],
            "unknown --target level 9; model \"kam\" has levels 1, 2, 3, 4, 5",
        ),
        (
            &["--assessment", "--format", "json"],
            "--assessment needs a value",
        ),
        (
            &["--model", model],
            "--model needs at least one --assessment",
        ),
    ];
    for (args, message) in cases {
        let output = run("assess", args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(output.stdout.is_empty(), "{args:?}: stdout is not empty");
        let stderr = text(&output.stderr);
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
}

/// A file under the system temporary folder, removed when dropped.
struct TempFile(PathBuf);

impl TempFile {
    /// Writes `contents` to a new JSON file.
    fn new(stem: &str, contents: &str) -> TempFile {
        TempFile::with_extension(stem, "json", contents)
    }

    /// Writes `contents` to a new file whose name ends in `.{extension}`.
    fn with_extension(stem: &str, extension: &str, contents: &str) -> TempFile {
        let file = TempFile::unwritten(stem, extension);
        std::fs::write(&file.0, contents)
            .unwrap_or_else(|error| panic!("failed to write {}: {error}", file.0.display()));
        file
    }

    /// Picks a path for a file that the code under test writes.
    fn unwritten(stem: &str, extension: &str) -> TempFile {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let name = format!("maturity-{stem}-{}-{nanos}.{extension}", std::process::id());
        TempFile(std::env::temp_dir().join(name))
    }

    /// Reads the file, which must exist.
    #[track_caller]
    fn read(&self) -> String {
        std::fs::read_to_string(&self.0)
            .unwrap_or_else(|error| panic!("failed to read {}: {error}", self.0.display()))
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

#[test]
fn assess_invalid_assessment_exits_one() {
    let contents = r#"{
        "format_version": 1,
        "model": { "id": "kam", "version": "0.9.0" },
        "subject": { "id": "bad", "kind": "team" },
        "ratings": [
            { "indicator": "process-2-documented", "rating": "mostly" },
            { "indicator": "no-such-indicator", "rating": "fully" }
        ]
    }"#;
    let file = TempFile::new("invalid-assessment", contents);
    let path = file.0.display().to_string();
    let output = run("assess", &["--assessment", &path]);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let stderr = text(&output.stderr);
    let expected = [
        "/model/version: the assessment is for version \"0.9.0\" of model \"kam\", not \"1.0.0\"",
        "/ratings/0/rating: unknown rating \"mostly\"",
        "/ratings/1/indicator: unknown indicator \"no-such-indicator\"",
    ];
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), expected.len(), "{stderr}");
    for (line, start) in lines.iter().zip(expected) {
        assert!(line.starts_with(&format!("{path}: {start} (")), "{line}");
        assert!(line.ends_with(')'), "no hint in {line}");
    }
}

#[test]
fn assess_missing_and_malformed_files_exit_one() {
    let malformed = TempFile::new("malformed", "{ \"format_version\": 1,");
    let missing = std::env::temp_dir().join("maturity-no-such-file.json");
    let malformed_path = malformed.0.display().to_string();
    let missing_path = missing.display().to_string();
    let cases = [
        (
            vec!["--assessment", &malformed_path],
            format!("{malformed_path}: /: "),
        ),
        (
            vec!["--assessment", &missing_path],
            format!("{missing_path}: failed to open"),
        ),
        (
            vec!["--model", &malformed_path, "--assessment", &missing_path],
            format!("{malformed_path}: /: "),
        ),
    ];
    for (args, start) in &cases {
        let output = run("assess", args);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        let stderr = text(&output.stderr);
        assert!(stderr.starts_with(start.as_str()), "{args:?}: {stderr}");
    }
}

/// Returns a KAM assessment that rates every indicator of the dimensions in
/// `not_applicable` as `"n/a"` and every other indicator `"fully"`.
fn kam_assessment_with_not_applicable(not_applicable: &[&str]) -> String {
    let ratings: Vec<Value> = maturity::kam()
        .indicators()
        .iter()
        .map(|indicator| {
            let skipped = not_applicable.contains(&indicator.dimension.as_str());
            let rating = if skipped { "n/a" } else { "fully" };
            serde_json::json!({ "indicator": indicator.id, "rating": rating })
        })
        .collect();
    let document = serde_json::json!({
        "format_version": 1,
        "model": { "id": "kam", "version": "1.0.0" },
        "subject": { "id": "partial", "kind": "organization" },
        "ratings": ratings,
    });
    document.to_string()
}

#[test]
fn assess_reports_not_assessable_dimensions() {
    let contents = kam_assessment_with_not_applicable(&["technology"]);
    let file = TempFile::new("not-assessable", &contents);
    let path = file.0.display().to_string();

    let output = run("assess", &["--assessment", &path]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert!(stdout.contains("Overall level: 5 Activating"), "{stdout}");
    assert!(
        stdout.contains("Not assessable: Technology and data"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Technology and data: not assessable"),
        "{stdout}"
    );

    let report = run_json(&["--assessment", &path, "--format", "json"]);
    assert_eq!(
        report["overall"]["not_assessable"],
        serde_json::json!(["technology"])
    );
    assert_eq!(report["dimensions"][5]["level"], Value::Null);
    assert_eq!(report["gaps"], serde_json::json!([]));
}

#[test]
fn assess_all_not_applicable_has_no_level() {
    let dimensions: Vec<&str> = maturity::kam()
        .dimensions()
        .iter()
        .map(|d| d.id.as_str())
        .collect();
    let contents = kam_assessment_with_not_applicable(&dimensions);
    let file = TempFile::new("all-not-applicable", &contents);
    let path = file.0.display().to_string();

    let output = run("assess", &["--assessment", &path]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(text(&output.stdout).contains("Overall level: not assessable"));

    let report = run_json(&["--assessment", &path, "--format", "json"]);
    assert_eq!(report["overall"]["level"], Value::Null);
    assert_eq!(report["overall"]["number"], Value::Null);
}

#[test]
fn assess_with_a_model_file() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let model = root.join("models/capability.json").display().to_string();
    let assessment = root
        .join("assessments/capability-sample.json")
        .display()
        .to_string();
    let model_flag = format!("--model={model}");
    let report = run_json(&[&model_flag, "--assessment", &assessment, "--format=json"]);
    assert_eq!(report["model"]["id"], "capability");
    assert_eq!(report["overall"]["level"], "performed");
    assert_eq!(report["overall"]["number"], 1);
    assert_eq!(
        report["overall"]["limiting"],
        serde_json::json!(["configuration"])
    );
    let first = &report["gaps"][0];
    assert_eq!(first["indicator"], "requirements-2-performance-managed");
    assert_eq!(first["current"], "l");
    assert_eq!(first["required"], "f");

    let output = run("assess", &["--target", "3", "--assessment", &assessment]);
    assert_eq!(
        output.status.code(),
        Some(1),
        "the KAM model has no such indicators"
    );
    let output = run(
        "assess",
        &[
            "--model",
            &model,
            "--target",
            "5",
            "--assessment",
            &assessment,
        ],
    );
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("model \"capability\" has levels 0, 1, 2, 3"),
        "{stderr}"
    );
}

#[test]
fn assess_text_shows_explanations() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/assessments/steady-team.json");
    let path = path.display().to_string();
    let output = run("assess", &["--assessment", &path]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    let expected = [
        "Overall level: 3 Repeatable\nWhy: minimum of dimension levels: 3 (Account planning,",
        "Dimension                        Level          Score  Progress toward the next level",
        "Account planning                 3 Repeatable   3.66   4 Predictable: 1/2 met",
        "Why each dimension is at its level:\n  Process: stays at level 4 because 2 of 2 \
         level-5 criteria are below 'largely':\n    process-5-journey-mapped, \
         process-5-journey-revised-with-clients\n",
        "  Technology and data: stays at level 3 because 1 of 2 level-4 criteria is below \
         'largely':\n    technology-4-cross-department-access\n",
    ];
    for fragment in expected {
        assert!(
            stdout.contains(fragment),
            "missing {fragment:?} in\n{stdout}"
        );
    }
}

#[test]
fn assess_markdown_is_a_report() {
    let output = run("assess", &["--format", "markdown"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert!(stdout.starts_with("# Maturity report"), "{stdout}");
    assert_eq!(stdout.matches("# Maturity report: ").count(), 3);
    assert!(stdout.contains("| Dimension | Level | Score | Progress toward the next level |"));
    assert!(stdout.contains("Why each dimension is at its level:"));
}

/// Returns the number of elements of each class in the SVG document.
fn count_classes(svg: &str, classes: &[&str]) -> Vec<usize> {
    let document = roxmltree::Document::parse(svg)
        .unwrap_or_else(|error| panic!("the chart is not well-formed XML: {error}"));
    classes
        .iter()
        .map(|class| {
            document
                .descendants()
                .filter(|node| node.attribute("class") == Some(*class))
                .count()
        })
        .collect()
}

#[test]
fn team_svg_writes_a_cohort_chart() {
    let file = TempFile::unwritten("team-chart", "svg");
    let path = file.0.display().to_string();
    let output = run("team", &["--svg", &path]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(text(&output.stdout).contains("Team of 5 against level 3 (Repeatable)"));
    let svg = file.read();
    assert_eq!(count_classes(&svg, &["axis", "ring", "series"]), [6, 5, 3]);
    for label in ["Target", "Lower median", "Minimum"] {
        let attribute = format!("data-series=\"{label}\"");
        assert!(svg.contains(&attribute), "no series {label:?}");
    }
}

#[test]
fn team_markdown_is_a_cohort_report() {
    let output = run("team", &["--format", "markdown"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert!(
        stdout.starts_with("# Cohort report: 5 subjects against level 3 Repeatable\n"),
        "{stdout}"
    );
    assert!(stdout.contains("Limiting dimension: Technology and data,"));
}

#[test]
fn team_bad_usage_exits_two() {
    let cases: [(&[&str], &str); 4] = [
        (&["--bogus"], "unknown argument \"--bogus\""),
        (&["--format"], "--format needs a value"),
        (&["--format", "json"], "invalid --format \"json\""),
        (&["--svg"], "--svg needs a file name"),
    ];
    for (args, message) in cases {
        let output = run("team", args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(output.stdout.is_empty(), "{args:?}: stdout is not empty");
        let stderr = text(&output.stderr);
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
}

/// The command that writes `docs/chart.svg`, as the crate's documentation
/// gives it, minus the output path.
const CHART_COMMAND: &str =
    "cargo run --example assess -- --assessment examples/assessments/steady-team.json --svg";

#[test]
fn committed_chart_is_current() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let committed = std::fs::read_to_string(root.join("docs/chart.svg"))
        .unwrap_or_else(|error| panic!("failed to read docs/chart.svg: {error}"));
    let file = TempFile::unwritten("chart", "svg");
    let assessment = root.join("examples/assessments/steady-team.json");
    let assessment = assessment.display().to_string();
    let path = file.0.display().to_string();
    let output = run("assess", &["--assessment", &assessment, "--svg", &path]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(
        committed == file.read(),
        "docs/chart.svg is out of date; rewrite it with `{CHART_COMMAND} docs/chart.svg`"
    );
}

#[test]
fn plan_and_team_text_fit_the_terminal() {
    for name in ["plan", "team"] {
        let output = run(name, &[]);
        assert!(output.status.success(), "{name}: {}", text(&output.stderr));
        for line in text(&output.stdout).lines() {
            assert!(
                line.chars().count() < 100,
                "{name}: line too wide: {line:?}"
            );
        }
    }
}

/// Runs an example with a stdout pipe that the test closes after reading
/// `keep` bytes, and returns its exit status and stderr.
#[track_caller]
fn run_with_closed_pipe(name: &str, args: &[String], keep: usize) -> (ExitStatus, String) {
    let path = binary(name);
    let mut child = Command::new(&path)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|error| panic!("failed to run {}: {error}", path.display()));
    if let Some(mut stdout) = child.stdout.take() {
        let mut start = vec![0; keep];
        // The example may write less than `keep` bytes before it exits;
        // only the closing of the pipe matters here.
        let _ = stdout.read_exact(&mut start);
    }
    let output = child
        .wait_with_output()
        .unwrap_or_else(|error| panic!("failed to wait for {name}: {error}"));
    (output.status, text(&output.stderr))
}

#[test]
fn examples_survive_a_closed_pipe() {
    for name in example_names() {
        let args = default_args(&name);
        for keep in [0, 16] {
            let (status, stderr) = run_with_closed_pipe(&name, &args, keep);
            assert_ne!(
                status.code(),
                Some(101),
                "{name}, {keep} bytes read: {stderr}"
            );
            assert!(!stderr.contains("panicked"), "{name}: {stderr}");
            assert!(
                status.success(),
                "{name}, {keep} bytes read: {status:?}\n{stderr}"
            );
        }
    }
}

#[test]
fn examples_print_help() {
    for name in example_names() {
        for flag in ["--help", "-h"] {
            let output = run(&name, &[flag]);
            let stdout = text(&output.stdout);
            assert!(
                output.status.success(),
                "{name} {flag}: {:?}",
                output.status
            );
            let usage = format!("Usage: {name} ");
            assert!(stdout.starts_with(&usage), "{name} {flag}: {stdout}");
            assert!(
                output.stderr.is_empty(),
                "{name} {flag}: stderr is not empty"
            );
        }
    }
}

#[test]
fn examples_reject_unknown_options() {
    let cases: [(&str, &[&str], &str); 4] = [
        ("plan", &["--bogus"], "unknown argument \"--bogus\""),
        ("schema", &["--bogus"], "unknown option \"--bogus\""),
        (
            "schema",
            &["nothing"],
            "unknown schema \"nothing\"; use one of: model,",
        ),
        (
            "validate",
            &["--bogus", "x.json"],
            "unknown option \"--bogus\"",
        ),
    ];
    for (name, args, message) in cases {
        let output = run(name, args);
        assert_eq!(output.status.code(), Some(2), "{name} {args:?}");
        assert!(
            output.stdout.is_empty(),
            "{name} {args:?}: stdout is not empty"
        );
        let stderr = text(&output.stderr);
        assert!(stderr.contains(message), "{name} {args:?}: {stderr}");
    }
}

#[test]
fn schema_prints_one_object_of_every_schema() {
    let output = run("schema", &[]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let document: Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|error| panic!("stdout is not one JSON document: {error}"));
    let Some(schemas) = document.as_object() else {
        panic!("not an object: {document}");
    };
    let names = [
        "model",
        "assessment",
        "classification",
        "gap-report",
        "target-profile",
        "roadmap",
    ];
    assert_eq!(schemas.len(), names.len(), "{:?}", schemas.keys());
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/schemas");
    for name in names {
        let path = folder.join(format!("{name}.schema.json"));
        let committed = std::fs::read_to_string(&path)
            .unwrap_or_else(|error| panic!("failed to read {}: {error}", path.display()));
        let committed: Value = serde_json::from_str(&committed)
            .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
        assert_eq!(schemas.get(name), Some(&committed), "schema {name}");
    }
    let help = text(&run("schema", &["--help"]).stdout);
    for name in names {
        assert!(help.contains(name), "--help does not list {name}");
    }
}

/// Runs `validate` with `args` and checks its exit status and stdout, line
/// by line.
#[track_caller]
fn assert_validate(args: &[&str], code: i32, expected: &[String]) {
    let output = run("validate", args);
    let stdout = text(&output.stdout);
    assert_eq!(output.status.code(), Some(code), "{args:?}: {stdout}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines, expected, "{args:?}");
}

/// Returns the path of a file under `examples/` as text.
fn example_file(path: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    root.join(path).display().to_string()
}

const CAPABILITY_PROFILE: &str = r#"{
    "format_version": 1,
    "model": { "id": "capability", "version": "1.0.0" },
    "targets": [{ "dimension": "requirements", "level": "managed" }]
}"#;

#[test]
fn validate_checks_target_profiles() {
    let kam = example_file("plan/target-profile.json");
    let unknown = kam_profile_with_level("guru");
    let unknown = TempFile::new("profile-unknown-level", &unknown);
    let unknown = unknown.0.display().to_string();
    let capability = TempFile::new("profile-capability", CAPABILITY_PROFILE);
    let capability = capability.0.display().to_string();
    let model = example_file("models/capability.json");

    assert_validate(&[&kam], 0, &[format!("{kam}: ok")]);
    assert_validate(
        &[&unknown],
        1,
        &[format!(
            "{unknown}: /targets/0/level: unknown level \"guru\" (use one of: \"awareness\", \
             \"repeatable\", \"predictable\", \"activating\")"
        )],
    );
    assert_validate(
        &[&capability],
        0,
        &[format!(
            "{capability}: parsed; not checked against model \"capability\" 1.0.0 \
             (give it with --model FILE)"
        )],
    );
    let ok = [format!("{model}: ok"), format!("{capability}: ok")];
    assert_validate(&[&model, &capability], 0, &ok);
    assert_validate(&["--model", &model, &capability], 0, &ok[1..]);
}

fn kam_profile_with_level(level: &str) -> String {
    let document = serde_json::json!({
        "format_version": 1,
        "model": { "id": "kam", "version": "1.0.0" },
        "targets": [{ "dimension": "process", "level": level }],
    });
    document.to_string()
}

#[test]
fn validate_binds_to_a_model_among_the_files() {
    let model = example_file("models/capability.json");
    let sample = example_file("assessments/capability-sample.json");
    let contents = r#"{
        "format_version": 1,
        "model": { "id": "capability", "version": "1.0.0" },
        "subject": { "id": "bad", "kind": "team" },
        "ratings": [{ "indicator": "no-such-indicator", "rating": "f" }]
    }"#;
    let bad = TempFile::new("capability-unknown-indicator", contents);
    let bad = bad.0.display().to_string();
    let unknown = format!("{bad}: /ratings/0/indicator: unknown indicator \"no-such-indicator\"");

    let output = run("validate", &[&model, &sample, &bad]);
    let stdout = text(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{stdout}");
    assert_eq!(lines[0], format!("{model}: ok"));
    assert_eq!(lines[1], format!("{sample}: ok"));
    assert!(lines[2].starts_with(&unknown), "{stdout}");

    assert_validate(
        &[&bad],
        0,
        &[format!(
            "{bad}: parsed; not checked against model \"capability\" 1.0.0 \
             (give it with --model FILE)"
        )],
    );
}

/// A folder under the system temporary folder, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(stem: &str) -> TempDir {
        let path = TempFile::unwritten(stem, "d").0.clone();
        std::fs::create_dir(&path)
            .unwrap_or_else(|error| panic!("failed to create {}: {error}", path.display()));
        TempDir(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir(&self.0);
    }
}

#[test]
fn directories_get_a_plain_message() {
    let folder = TempDir::new("folder");
    let dir = folder.0.display().to_string();
    let assessment = example_file("assessments/steady-team.json");
    let cases: [(&str, Vec<&str>, String); 3] = [
        (
            "assess",
            vec!["--assessment", &dir],
            format!("{dir}: is a directory, not a file; give the path of a JSON assessment\n"),
        ),
        (
            "assess",
            vec!["--model", &dir, "--assessment", &assessment],
            format!("{dir}: is a directory, not a file; give the path of a JSON model\n"),
        ),
        (
            "assess",
            vec!["--target-profile", &dir],
            format!("{dir}: is a directory, not a file; give the path of a JSON target profile\n"),
        ),
    ];
    for (name, args, expected) in &cases {
        let output = run(name, args);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        assert_eq!(text(&output.stderr), *expected, "{args:?}");
    }
    assert_validate(
        &[&dir],
        1,
        &[format!(
            "{dir}: is a directory, not a file; give the path of a model, assessment or \
             target profile"
        )],
    );
}

const TOML_ASSESSMENT: &str = r#"
format_version = 1

[model]
id = "kam"
version = "1.0.0"

[subject]
id = "toml-team"
kind = "team"

[[ratings]]
indicator = "process-2-documented"
rating = "fully"
"#;

#[test]
fn assess_reads_toml_only_with_the_feature() {
    let assessment = TempFile::with_extension("toml-assessment", "toml", TOML_ASSESSMENT);
    let path = assessment.0.display().to_string();
    let output = run("assess", &["--assessment", &path]);
    let stderr = text(&output.stderr);
    if cfg!(feature = "toml") {
        assert!(output.status.success(), "{stderr}");
        assert!(text(&output.stdout).contains("Subject:   toml-team (team)"));
    } else {
        assert_eq!(output.status.code(), Some(1));
        let expected = format!(
            "{path}: this build of assess reads JSON assessments only; convert the file to \
             JSON, or run with --features toml to read TOML\n"
        );
        assert_eq!(stderr, expected);
    }

    let model = TempFile::with_extension("toml-model", "toml", "");
    let model_path = model.0.display().to_string();
    let steady = example_file("assessments/steady-team.json");
    let output = run("assess", &["--model", &model_path, "--assessment", &steady]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    let expected = if cfg!(feature = "toml") {
        format!("{model_path}: /: missing field `format_version`")
    } else {
        format!("{model_path}: this build of assess reads JSON models only;")
    };
    assert!(stderr.starts_with(&expected), "{stderr}");
}

#[test]
fn assess_words_gaps_to_a_target() {
    let steady = example_file("assessments/steady-team.json");
    let leading = example_file("assessments/leading-individual.json");
    let profile = example_file("plan/target-profile.json");
    let cases: [(Vec<&str>, &[&str]); 3] = [
        (
            vec!["--assessment", &steady, "--target-profile", &profile],
            &[
                "\nGaps to the target\n------------------\n",
                "\nProcess: at 4 Predictable, which meets the target 4 Predictable\n",
                "\nCommunication and collaboration: 4 Predictable -> 5 Activating\n",
            ],
        ),
        (
            vec!["--assessment", &leading, "--target", "4"],
            &[
                "\nGaps to level 4 Predictable\n",
                "\nProcess: at 5 Activating, above the target 4 Predictable\n",
                "\nLeadership mindset: at 4 Predictable, which meets the target 4 Predictable\n",
            ],
        ),
        (
            vec!["--assessment", &steady],
            &[
                "\nGaps to the next level\n",
                "\n8 ratings to raise; 89% of the rating score the targets need is \
                 already in place.\n",
            ],
        ),
    ];
    for (args, fragments) in &cases {
        let output = run("assess", args);
        assert!(output.status.success(), "{}", text(&output.stderr));
        let stdout = text(&output.stdout);
        assert!(!stdout.contains("already at or above"), "{args:?}");
        for fragment in *fragments {
            assert!(
                stdout.contains(fragment),
                "{args:?}: no {fragment:?} in\n{stdout}"
            );
        }
    }
}

#[test]
fn plan_summary_counts_ratings() {
    let output = run("plan", &[]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    let summary = "Roadmap: 9 ratings to raise; 79% of the rating score the targets need is \
                   already in place\n";
    assert!(stdout.contains(summary), "{stdout}");
    assert!(stdout.contains("  Account planning                    1 rating\n"));
}
