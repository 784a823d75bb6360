//! Checks model and assessment files and prints every problem found.
//!
//! ```sh
//! cargo run --example validate -- examples/models/capability.json
//! cargo run --example validate -- --model my-model.json my-team.json
//! ```
//!
//! A file with a `levels` key is a model, and one with `ratings` is an
//! assessment. An assessment is parsed, then bound to the model it names
//! when that is the built-in KAM model or a model given with `--model`.
//! Each problem prints as `FILE: PATH: message (hint)`, and a file without
//! errors ends with `FILE: ok`. The exit status is 1 when any file has an
//! error, and 2 for a usage error.

use std::path::Path;
use std::process::ExitCode;

use maturity::{Assessment, Error, Model, Problem};
use serde_json::Value;

const USAGE: &str = "usage: validate [--model MODEL_FILE]... FILE...";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(message) => {
            eprintln!("{message}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

/// Checks every file and returns whether all of them are free of errors.
fn run(args: &[String]) -> Result<bool, String> {
    let (model_files, files) = parse_args(args)?;
    let mut clean = true;
    let mut models = Vec::new();
    for file in &model_files {
        match load_model(file) {
            Ok(model) => models.push(model),
            Err(Failure::Invalid(error)) => {
                report(file, error.problems());
                clean = false;
            }
            Err(_) => {
                println!("{file}: /: failed to read the model file");
                clean = false;
            }
        }
    }
    for file in &files {
        clean &= check_file(file, &models);
    }
    Ok(clean)
}

fn parse_args(args: &[String]) -> Result<(Vec<String>, Vec<String>), String> {
    let mut model_files = Vec::new();
    let mut files = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--model" => {
                let file = args.next().ok_or("--model needs a file")?;
                model_files.push(file.clone());
            }
            flag if flag.starts_with("--") => return Err(format!("unknown option {flag:?}")),
            _ => files.push(arg.clone()),
        }
    }
    if files.is_empty() {
        return Err("no files given".to_owned());
    }
    Ok((model_files, files))
}

/// Checks one file, prints its problems and returns whether it has no
/// errors.
fn check_file(file: &str, models: &[Model]) -> bool {
    let result = match kind_of(file) {
        Some(Kind::Model) => load_model(file).map(|model| model.warnings().to_vec()),
        Some(Kind::Assessment) => assessment_problems(file, models),
        None => Err(Failure::Unknown),
    };
    let clean = result_is_clean(&result);
    match result {
        Ok(problems) => report(file, &problems),
        Err(Failure::Invalid(error)) => report(file, error.problems()),
        Err(Failure::Read(err)) => println!("{file}: /: failed to read the file: {err}"),
        Err(Failure::Unknown) => println!(
            "{file}: /: the file has neither `levels` (a model) nor `ratings` \
             (an assessment) (check that it is a maturity model or assessment)"
        ),
    }
    clean
}

fn result_is_clean(result: &Result<Vec<Problem>, Failure>) -> bool {
    matches!(result, Ok(problems) if !problems.iter().any(Problem::is_error))
}

enum Kind {
    Model,
    Assessment,
}

/// Failure to check a file: a read error, a load error or an unknown kind.
enum Failure {
    Read(std::io::Error),
    Invalid(Error),
    Unknown,
}

impl From<Error> for Failure {
    fn from(error: Error) -> Failure {
        Failure::Invalid(error)
    }
}

/// Tells a model from an assessment by its top-level keys. A file that
/// does not parse is treated as a model, so the loader reports why.
fn kind_of(file: &str) -> Option<Kind> {
    let Ok(document) = read_generic(file) else {
        return Some(Kind::Model);
    };
    if document.get("levels").is_some() {
        Some(Kind::Model)
    } else if document.get("ratings").is_some() {
        Some(Kind::Assessment)
    } else {
        None
    }
}

fn read_generic(file: &str) -> Result<Value, String> {
    let text = std::fs::read_to_string(file).map_err(|err| err.to_string())?;
    let text = text.trim_start_matches('\u{FEFF}');
    if is_toml(file) {
        return parse_toml(text);
    }
    serde_json::from_str(text).map_err(|err| err.to_string())
}

fn is_toml(file: &str) -> bool {
    Path::new(file).extension().is_some_and(|ext| ext == "toml")
}

#[cfg(feature = "toml")]
fn parse_toml(text: &str) -> Result<Value, String> {
    toml::from_str(text).map_err(|err| err.to_string())
}

#[cfg(not(feature = "toml"))]
fn parse_toml(_: &str) -> Result<Value, String> {
    Err("TOML support is off".to_owned())
}

/// Parses an assessment and binds it to the model it names, when that
/// model is known.
fn assessment_problems(file: &str, models: &[Model]) -> Result<Vec<Problem>, Failure> {
    let assessment = load_assessment(file)?;
    let named = &assessment.model.id;
    let model = models
        .iter()
        .find(|model| model.id() == named)
        .or_else(|| (named == "kam").then(maturity::kam));
    let Some(model) = model else {
        eprintln!(
            "{file}: note: model {named:?} is not loaded, so only the file's shape \
             was checked; pass the model with --model FILE to check the ratings"
        );
        return Ok(Vec::new());
    };
    model.bind(&assessment)?;
    Ok(Vec::new())
}

fn load_model(file: &str) -> Result<Model, Failure> {
    let text = std::fs::read(file).map_err(Failure::Read)?;
    if is_toml(file) {
        return toml_model(&text);
    }
    Ok(Model::from_json_slice(&text)?)
}

fn load_assessment(file: &str) -> Result<Assessment, Failure> {
    let text = std::fs::read(file).map_err(Failure::Read)?;
    if is_toml(file) {
        return toml_assessment(&text);
    }
    Ok(Assessment::from_json_slice(&text)?)
}

#[cfg(feature = "toml")]
fn toml_model(bytes: &[u8]) -> Result<Model, Failure> {
    let text =
        std::str::from_utf8(bytes).map_err(|err| Failure::Read(std::io::Error::other(err)))?;
    Ok(Model::from_toml_str(text)?)
}

#[cfg(feature = "toml")]
fn toml_assessment(bytes: &[u8]) -> Result<Assessment, Failure> {
    let text =
        std::str::from_utf8(bytes).map_err(|err| Failure::Read(std::io::Error::other(err)))?;
    Ok(Assessment::from_toml_str(text)?)
}

#[cfg(not(feature = "toml"))]
fn toml_model(_: &[u8]) -> Result<Model, Failure> {
    Err(toml_off())
}

#[cfg(not(feature = "toml"))]
fn toml_assessment(_: &[u8]) -> Result<Assessment, Failure> {
    Err(toml_off())
}

#[cfg(not(feature = "toml"))]
fn toml_off() -> Failure {
    Failure::Read(std::io::Error::other(
        "TOML files need the `toml` feature; run with --features toml",
    ))
}

fn report(file: &str, problems: &[Problem]) {
    for problem in problems {
        let path = if problem.path.is_empty() {
            "/"
        } else {
            &problem.path
        };
        let marker = if problem.is_error() { "" } else { "warning: " };
        let mut line = format!("{file}: {path}: {marker}{}", problem.message);
        if let (Some(row), Some(column)) = (problem.line, problem.column) {
            line.push_str(&format!(" at line {row} column {column}"));
        }
        if !problem.hint.is_empty() {
            line.push_str(&format!(" ({})", problem.hint));
        }
        println!("{line}");
    }
    if !problems.iter().any(Problem::is_error) {
        println!("{file}: ok");
    }
}
