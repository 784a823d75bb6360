//! Prints the JSON Schemas of the file formats and results, or rewrites the
//! copies committed under `examples/schemas/`.
//!
//! ```sh
//! cargo run --example schema                # one object with every schema
//! cargo run --example schema -- model       # one schema by name
//! cargo run --example schema -- --write     # rewrite examples/schemas/
//! ```

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::{Map, Value};

/// A schema's name on the command line, its file name and its source.
type Entry = (&'static str, &'static str, fn() -> Value);

const SCHEMAS: [Entry; 6] = [
    ("model", "model.schema.json", maturity::model_schema),
    (
        "assessment",
        "assessment.schema.json",
        maturity::assessment_schema,
    ),
    (
        "classification",
        "classification.schema.json",
        maturity::classification_schema,
    ),
    (
        "gap-report",
        "gap-report.schema.json",
        maturity::gap_report_schema,
    ),
    (
        "target-profile",
        "target-profile.schema.json",
        maturity::target_profile_schema,
    ),
    ("roadmap", "roadmap.schema.json", maturity::roadmap_schema),
];

const USAGE: &str = "\
Usage: schema [NAME | --write]

Prints the JSON Schemas of the maturity file formats and results. With no
argument it prints one JSON object with every schema, keyed by name.

Arguments:
  NAME       print only this schema: model, assessment, classification,
             gap-report, target-profile or roadmap
  --write    rewrite the committed copies under examples/schemas/
  --help     print this help and exit (also -h)

Exit status: 0 on success, 1 when a file cannot be written, 2 for bad
usage.
";

/// The cause of a failed run, which sets the exit status.
enum Failure {
    /// Bad command-line usage, which exits with status 2.
    Usage(String),
    /// A file or stdout that cannot be written, which exits with status 1.
    Output(String),
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(message)) => {
            eprintln!("error: {message}");
            eprintln!("run with --help for usage");
            ExitCode::from(2)
        }
        Err(Failure::Output(message)) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &[String]) -> Result<(), Failure> {
    match args {
        [] => write_stdout(&render(&all_schemas())),
        [flag] if flag == "--help" || flag == "-h" => write_stdout(USAGE),
        [flag] if flag == "--write" => write_all(&schemas_dir()),
        [name] if name.starts_with('-') => Err(Failure::Usage(format!(
            "unknown option {name:?}; use --write or --help"
        ))),
        [name] => print_one(name),
        _ => Err(Failure::Usage(format!(
            "expected at most one argument, got {}",
            args.len()
        ))),
    }
}

/// Builds one object that maps each schema name to its schema.
fn all_schemas() -> Value {
    let mut all = Map::new();
    for (name, _, schema) in SCHEMAS {
        all.insert(name.to_owned(), schema());
    }
    Value::Object(all)
}

fn print_one(name: &str) -> Result<(), Failure> {
    let Some((_, _, schema)) = SCHEMAS.iter().find(|(known, _, _)| *known == name) else {
        let names: Vec<&str> = SCHEMAS.iter().map(|(known, _, _)| *known).collect();
        return Err(Failure::Usage(format!(
            "unknown schema {name:?}; use one of: {}",
            names.join(", ")
        )));
    };
    write_stdout(&render(&schema()))
}

fn write_all(dir: &Path) -> Result<(), Failure> {
    std::fs::create_dir_all(dir)
        .map_err(|error| Failure::Output(format!("failed to create {}: {error}", dir.display())))?;
    let mut written = String::new();
    for (_, file, schema) in SCHEMAS {
        let path = dir.join(file);
        std::fs::write(&path, render(&schema())).map_err(|error| {
            Failure::Output(format!("failed to write {}: {error}", path.display()))
        })?;
        written.push_str(&format!("wrote {}\n", path.display()));
    }
    write_stdout(&written)
}

/// Renders a schema as the committed copies store it: pretty-printed, with
/// a trailing newline.
fn render(schema: &Value) -> String {
    let mut text = serde_json::to_string_pretty(schema).unwrap_or_default();
    text.push('\n');
    text
}

fn schemas_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/schemas")
}

/// Writes `text` to stdout. A reader that stops early, such as `head`,
/// closes the pipe, which is not an error.
fn write_stdout(text: &str) -> Result<(), Failure> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => Err(Failure::Output(
            format!("failed to write the output: {error}"),
        )),
        _ => Ok(()),
    }
}
