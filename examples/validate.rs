//! Checks model, assessment and target profile files and prints every
//! problem found.
//!
//! ```sh
//! cargo run --example validate -- examples/models/capability.json
//! cargo run --example validate -- my-model.json my-team.json
//! cargo run --example validate -- --model my-model.json my-team.json
//! ```
//!
//! A file with a `levels` key is a model, one with `ratings` is an
//! assessment and one with `targets` is a target profile. Assessments and
//! target profiles are parsed, then checked against the model they name
//! when that is the built-in KAM model or a model given as a FILE or with
//! `--model`. Each problem prints as `FILE: PATH: message (hint)`, and a
//! file without errors ends with `FILE: ok`, or with `FILE: parsed; not
//! checked against model ...` when its model is not loaded. The exit
//! status is 1 when any file has an error, and 2 for a usage error.

use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

use maturity::{Assessment, Error, Model, ModelRef, Problem, TargetProfile};
use serde_json::Value;

const USAGE: &str = "\
Usage: validate [--model MODEL_FILE]... FILE...

Checks maturity models, assessments and target profiles and prints every
problem found, one per line as FILE: PATH: message (hint). A file without
errors ends with FILE: ok.

A file with a `levels` key is a model, one with `ratings` is an assessment
and one with `targets` is a target profile. Assessments and target profiles
are checked against the model they name when it is loaded: the built-in
key account management model \"kam\", a model given as a FILE, or one given
with --model. Otherwise only their shape is checked, and the last line for
the file says so. Files whose names end in .toml are read as TOML when the
example is built with --features toml.

Options:
  --model MODEL_FILE  load a model to check other files against without
                      reporting on the model itself; repeat for several
  --help              print this help and exit (also -h)

Exit status: 0 when no file has an error, 1 when any file has an error or
the output cannot be written, 2 for bad usage.
";

/// The cause of a failed run, which sets the exit status.
enum Failure {
    /// Bad command-line usage, which exits with status 2.
    Usage(String),
    /// Output that cannot be written, which exits with status 1.
    Output(String),
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(Failure::Usage(message)) => {
            eprintln!("error: {message}");
            eprintln!("usage: validate [--model MODEL_FILE]... FILE...; run with --help for more");
            ExitCode::from(2)
        }
        Err(Failure::Output(message)) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The parsed command line.
struct Options {
    model_files: Vec<String>,
    files: Vec<String>,
    help: bool,
}

/// Checks every file and returns whether all of them are free of errors.
fn run(args: &[String]) -> Result<bool, Failure> {
    let options = parse_args(args)?;
    if options.help {
        write_stdout(USAGE)?;
        return Ok(true);
    }
    let mut out = String::new();
    let mut clean = true;
    let mut models = Vec::new();
    for file in &options.model_files {
        match read(file).and_then(|bytes| load_model(file, &bytes)) {
            Ok(model) => models.push(model),
            Err(failure) => {
                report_failure(&mut out, file, &failure);
                clean = false;
            }
        }
    }

    let checks: Vec<(&str, Check)> = options
        .files
        .iter()
        .map(|file| (file.as_str(), parse_file(file)))
        .collect();
    // Models among the FILE arguments check the other files as if they
    // were also given with --model.
    models.extend(checks.iter().filter_map(|(_, check)| match check {
        Check::Model(Ok(model)) => Some(Model::clone(model)),
        _ => None,
    }));
    for (file, check) in &checks {
        clean &= check_file(&mut out, file, check, &models);
    }
    write_stdout(&out)?;
    Ok(clean)
}

fn parse_args(args: &[String]) -> Result<Options, Failure> {
    let mut options = Options {
        model_files: Vec::new(),
        files: Vec::new(),
        help: false,
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--help" | "-h" => options.help = true,
            "--model" => {
                let file = args
                    .next()
                    .ok_or_else(|| Failure::Usage("--model needs a file".to_owned()))?;
                options.model_files.push(file.clone());
            }
            flag if flag.starts_with("--model=") => {
                options
                    .model_files
                    .push(flag["--model=".len()..].to_owned());
            }
            flag if flag.starts_with('-') && flag != "-" => {
                return Err(Failure::Usage(format!("unknown option {flag:?}")));
            }
            _ => options.files.push(arg.clone()),
        }
    }
    if options.files.is_empty() && !options.help {
        return Err(Failure::Usage("no files given".to_owned()));
    }
    Ok(options)
}

// Reading and parsing

/// A FILE argument after parsing, before checking it against a model.
enum Check {
    Model(Result<Box<Model>, Failed>),
    Assessment(Result<Assessment, Failed>),
    TargetProfile(Result<TargetProfile, Failed>),
    /// A file that failed to read, or has none of the keys that tell its
    /// kind.
    Unusable(Failed),
}

/// The reason a file could not be parsed or checked.
enum Failed {
    /// The file is a directory.
    Directory,
    /// The file could not be read, with the reason.
    Read(String),
    /// The file is in a format this build does not read, with the fix.
    Unsupported(String),
    /// The file has none of the keys that tell its kind.
    UnknownKind,
    /// The library rejected the file.
    Invalid(Error),
}

impl From<Error> for Failed {
    fn from(error: Error) -> Failed {
        Failed::Invalid(error)
    }
}

fn parse_file(file: &str) -> Check {
    let bytes = match read(file) {
        Ok(bytes) => bytes,
        Err(failed) => return Check::Unusable(failed),
    };
    let Some(document) = generic_document(file, &bytes) else {
        // A file that does not parse is treated as a model, so that the
        // loader reports why.
        return Check::Model(load_model(file, &bytes).map(Box::new));
    };
    if document.get("levels").is_some() {
        Check::Model(load_model(file, &bytes).map(Box::new))
    } else if document.get("ratings").is_some() {
        Check::Assessment(load_assessment(file, &bytes))
    } else if document.get("targets").is_some() {
        Check::TargetProfile(load_target_profile(file, &bytes))
    } else {
        Check::Unusable(Failed::UnknownKind)
    }
}

fn read(file: &str) -> Result<Vec<u8>, Failed> {
    if Path::new(file).is_dir() {
        return Err(Failed::Directory);
    }
    std::fs::read(file).map_err(|error| Failed::Read(error.to_string()))
}

/// Parses the file into a generic document to tell its kind by its
/// top-level keys, or returns `None` when it does not parse.
fn generic_document(file: &str, bytes: &[u8]) -> Option<Value> {
    if is_toml(file) {
        let text = std::str::from_utf8(bytes).ok()?;
        return parse_toml(text.trim_start_matches('\u{FEFF}'));
    }
    let bytes = bytes.strip_prefix("\u{FEFF}".as_bytes()).unwrap_or(bytes);
    serde_json::from_slice(bytes).ok()
}

fn is_toml(file: &str) -> bool {
    Path::new(file)
        .extension()
        .is_some_and(|extension| extension.eq_ignore_ascii_case("toml"))
}

#[cfg(feature = "toml")]
fn parse_toml(text: &str) -> Option<Value> {
    toml::from_str(text).ok()
}

#[cfg(not(feature = "toml"))]
fn parse_toml(_: &str) -> Option<Value> {
    None
}

fn load_model(file: &str, bytes: &[u8]) -> Result<Model, Failed> {
    if is_toml(file) {
        return toml_model(bytes);
    }
    Ok(Model::from_json_slice(bytes)?)
}

fn load_assessment(file: &str, bytes: &[u8]) -> Result<Assessment, Failed> {
    if is_toml(file) {
        return toml_assessment(bytes);
    }
    Ok(Assessment::from_json_slice(bytes)?)
}

fn load_target_profile(file: &str, bytes: &[u8]) -> Result<TargetProfile, Failed> {
    if is_toml(file) {
        let reason = "target profiles are read from JSON only; convert the file to JSON";
        return Err(Failed::Unsupported(reason.to_owned()));
    }
    Ok(TargetProfile::from_json_reader(bytes)?)
}

#[cfg(feature = "toml")]
fn toml_text(bytes: &[u8]) -> Result<&str, Failed> {
    std::str::from_utf8(bytes)
        .map_err(|error| Failed::Read(format!("the file is not valid UTF-8: {error}")))
}

#[cfg(feature = "toml")]
fn toml_model(bytes: &[u8]) -> Result<Model, Failed> {
    Ok(Model::from_toml_str(toml_text(bytes)?)?)
}

#[cfg(feature = "toml")]
fn toml_assessment(bytes: &[u8]) -> Result<Assessment, Failed> {
    Ok(Assessment::from_toml_str(toml_text(bytes)?)?)
}

#[cfg(not(feature = "toml"))]
fn toml_model(_: &[u8]) -> Result<Model, Failed> {
    Err(toml_off())
}

#[cfg(not(feature = "toml"))]
fn toml_assessment(_: &[u8]) -> Result<Assessment, Failed> {
    Err(toml_off())
}

#[cfg(not(feature = "toml"))]
fn toml_off() -> Failed {
    let reason = "TOML files need the `toml` feature; run with --features toml";
    Failed::Unsupported(reason.to_owned())
}

// Checking and reporting

/// Checks one parsed file against the loaded models, writes its problems
/// and returns whether it has no errors.
fn check_file(out: &mut String, file: &str, check: &Check, models: &[Model]) -> bool {
    let result = match check {
        Check::Model(Ok(model)) => Ok(model.warnings().to_vec()),
        Check::Assessment(Ok(assessment)) => match find_model(models, &assessment.model) {
            Some(model) => Ok(bind(model, assessment)),
            None => return unchecked(out, file, &assessment.model),
        },
        Check::TargetProfile(Ok(profile)) => match find_model(models, &profile.model) {
            Some(model) => Ok(resolve(model, profile)),
            None => return unchecked(out, file, &profile.model),
        },
        Check::Model(Err(failed))
        | Check::Assessment(Err(failed))
        | Check::TargetProfile(Err(failed))
        | Check::Unusable(failed) => Err(failed),
    };
    match result {
        Ok(problems) => {
            report(out, file, &problems);
            !problems.iter().any(Problem::is_error)
        }
        Err(failed) => {
            report_failure(out, file, failed);
            false
        }
    }
}

/// Binds an assessment to its model and returns the problems found.
fn bind(model: &Model, assessment: &Assessment) -> Vec<Problem> {
    match model.bind(assessment) {
        Ok(_) => Vec::new(),
        Err(error) => error.problems().to_vec(),
    }
}

/// Checks a target profile against its model and returns the problems
/// found.
fn resolve(model: &Model, profile: &TargetProfile) -> Vec<Problem> {
    match profile.resolve(model) {
        Ok(_) => Vec::new(),
        Err(error) => error.problems().to_vec(),
    }
}

/// Finds the model a file names: a loaded model with the same id and
/// version, else the built-in KAM model when it matches, else a model with
/// the same id, so that checking the file reports the version mismatch.
fn find_model<'a>(models: &'a [Model], named: &ModelRef) -> Option<&'a Model> {
    let kam = (named.id == "kam").then(maturity::kam);
    let same_id = |model: &&Model| model.id() == named.id;
    let same_version = |model: &&Model| model.version() == named.version;
    models
        .iter()
        .filter(same_id)
        .find(same_version)
        .or_else(|| kam.filter(same_version))
        .or_else(|| models.iter().find(same_id))
        .or(kam)
}

/// Writes the last line for a file whose model is not loaded, which is not
/// an error.
fn unchecked(out: &mut String, file: &str, named: &ModelRef) -> bool {
    out.push_str(&format!(
        "{file}: parsed; not checked against model {:?} {} (give it with --model FILE)\n",
        named.id, named.version
    ));
    true
}

fn report_failure(out: &mut String, file: &str, failed: &Failed) {
    let line = match failed {
        Failed::Invalid(error) => return report(out, file, error.problems()),
        Failed::Directory => format!(
            "{file}: is a directory, not a file; give the path of a model, assessment or \
             target profile"
        ),
        Failed::Read(reason) => format!("{file}: failed to read the file: {reason}"),
        Failed::Unsupported(reason) => format!("{file}: {reason}"),
        Failed::UnknownKind => format!(
            "{file}: /: the file has none of `levels` (a model), `ratings` (an assessment) \
             or `targets` (a target profile) (check that it is a maturity model, \
             assessment or target profile)"
        ),
    };
    out.push_str(&line);
    out.push('\n');
}

/// Writes each problem as `FILE: PATH: message (hint)`, marking warnings,
/// then `FILE: ok` when none is an error.
fn report(out: &mut String, file: &str, problems: &[Problem]) {
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
        out.push_str(&line);
        out.push('\n');
    }
    if !problems.iter().any(Problem::is_error) {
        out.push_str(&format!("{file}: ok\n"));
    }
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
