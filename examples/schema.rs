//! Prints the JSON Schemas of the file formats and results, or rewrites the
//! copies committed under `examples/schemas/`.
//!
//! ```sh
//! cargo run --example schema                # every schema
//! cargo run --example schema -- model       # one schema by name
//! cargo run --example schema -- --write     # rewrite examples/schemas/
//! ```

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::Value;

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

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &[String]) -> Result<(), String> {
    match args {
        [] => {
            for (_, _, schema) in SCHEMAS {
                print!("{}", render(&schema()));
            }
            Ok(())
        }
        [flag] if flag == "--write" => write_all(&schemas_dir()),
        [name] => print_one(name),
        _ => Err(format!(
            "expected at most one argument, got {}; {USAGE}",
            args.len()
        )),
    }
}

const USAGE: &str =
    "usage: schema [model|assessment|classification|gap-report|target-profile|roadmap|--write]";

fn print_one(name: &str) -> Result<(), String> {
    let Some((_, _, schema)) = SCHEMAS.iter().find(|(known, _, _)| *known == name) else {
        return Err(format!("unknown schema {name:?}; {USAGE}"));
    };
    print!("{}", render(&schema()));
    Ok(())
}

fn write_all(dir: &Path) -> Result<(), String> {
    std::fs::create_dir_all(dir)
        .map_err(|err| format!("failed to create {}: {err}", dir.display()))?;
    for (_, file, schema) in SCHEMAS {
        let path = dir.join(file);
        std::fs::write(&path, render(&schema()))
            .map_err(|err| format!("failed to write {}: {err}", path.display()))?;
        println!("wrote {}", path.display());
    }
    Ok(())
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
