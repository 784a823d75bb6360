//! Plans the next steps of one KAM team: a roadmap toward a target profile,
//! the projected effect of finishing its first phase, and the progress made
//! since an earlier assessment.
//!
//! Run with `cargo run --example plan`.

use std::fmt::{self, Write as _};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use maturity::{
    Assessment, LevelChange, Model, ProgressReport, Projection, Rating, Roadmap, Target,
    TargetProfile,
};

const USAGE: &str = "\
Usage: plan [--help]

Plans the next steps of a bundled KAM team: a roadmap from its assessment
toward a target profile, the projected levels once the roadmap's first
phase is done, and the progress made since an earlier assessment. It reads
examples/plan/before.json, examples/assessments/emerging-team.json and
examples/plan/target-profile.json, and takes no other options.

Options:
  --help     print this help and exit (also -h)

Exit status: 0 on success, 1 when a bundled file is invalid or the output
cannot be written, 2 for bad usage.
";

/// Maximum width of the output, in columns.
const WIDTH: usize = 96;

/// The cause of a failed run, which sets the exit status.
enum Failure {
    /// Bad command-line usage, which exits with status 2.
    Usage(String),
    /// Invalid input files or unwritable output, one line per problem,
    /// which exit with status 1.
    Input(String),
}

impl From<fmt::Error> for Failure {
    fn from(_: fmt::Error) -> Failure {
        Failure::Input("failed to format the output".to_owned())
    }
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
        Err(Failure::Input(message)) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &[String]) -> Result<(), Failure> {
    match args {
        [] => write_stdout(&plan()?),
        [flag] if flag == "--help" || flag == "-h" => write_stdout(USAGE),
        [arg, ..] => Err(Failure::Usage(format!(
            "unknown argument {arg:?}; plan takes no arguments but --help"
        ))),
    }
}

/// Builds the whole report: the roadmap, the projection of its first phase
/// and the progress since the earlier assessment.
fn plan() -> Result<String, Failure> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let before_path = root.join("plan/before.json");
    let after_path = root.join("assessments/emerging-team.json");
    let profile_path = root.join("plan/target-profile.json");

    let model = maturity::kam();
    let before: Assessment = read(&before_path, Assessment::from_json_str)?;
    let after: Assessment = read(&after_path, Assessment::from_json_str)?;
    let profile = read(&profile_path, TargetProfile::from_json_str)?;

    let bound_before = model.bind(&before).map_err(|e| report(&before_path, &e))?;
    let bound_after = model.bind(&after).map_err(|e| report(&after_path, &e))?;
    let target = Target::Profile(profile);
    let roadmap = bound_after
        .roadmap(&target, Some(&bound_before))
        .map_err(|e| report(&profile_path, &e))?;

    let mut out = String::new();
    writeln!(out, "Plan for {}", after.subject.display_name())?;
    writeln!(out)?;
    write_roadmap(&mut out, model, &roadmap)?;

    if let Some(first) = roadmap.phases.first() {
        let plan: Vec<Rating> = first
            .items
            .iter()
            .map(|item| Rating::new(&item.indicator, &item.required))
            .collect();
        let projection = model
            .what_if(&after, &plan)
            .map_err(|e| report(&after_path, &e))?;
        write_projection(&mut out, model, first.phase, &projection)?;
    }

    let progress =
        maturity::compare(&bound_before, &bound_after).map_err(|e| report(&after_path, &e))?;
    write_progress(&mut out, model, &progress)?;
    Ok(out)
}

/// Writes `text` to stdout. A reader that stops early, such as `head`,
/// closes the pipe, which is not an error.
fn write_stdout(text: &str) -> Result<(), Failure> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => Err(Failure::Input(
            format!("failed to write the output: {error}"),
        )),
        _ => Ok(()),
    }
}

fn read<T>(
    path: &PathBuf,
    parse: impl Fn(&str) -> Result<T, maturity::Error>,
) -> Result<T, Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::Input(format!("{}: failed to read the file: {e}", path.display())))?;
    parse(&text).map_err(|e| report(path, &e))
}

fn report(path: &Path, error: &maturity::Error) -> Failure {
    let lines: Vec<String> = error
        .problems()
        .iter()
        .map(|p| format!("{}: {p}", path.display()))
        .collect();
    Failure::Input(lines.join("\n"))
}

fn level_name(model: &Model, id: Option<&str>) -> String {
    match id.and_then(|id| model.level(id)) {
        Some(level) => format!("{} {}", level.number, level.name),
        None => "not assessable".to_owned(),
    }
}

fn dimension_name<'a>(model: &'a Model, id: &'a str) -> &'a str {
    model
        .dimensions()
        .iter()
        .find(|d| d.id == id)
        .map_or(id, |d| d.name.as_str())
}

fn write_roadmap(out: &mut String, model: &Model, roadmap: &Roadmap) -> fmt::Result {
    let summary = &roadmap.summary;
    writeln!(
        out,
        "Roadmap: {} to raise; {}",
        ratings_to_raise(summary.items),
        score_in_place(summary.percent_to_target)
    )?;
    if let Some(baseline) = &summary.baseline {
        let since = baseline.date.as_deref().unwrap_or("the baseline");
        writeln!(
            out,
            "  {}% at {since}, a change of {:+} points; {} criteria closed since then",
            baseline.percent_to_target,
            baseline.change,
            baseline.closed.len()
        )?;
    }
    for count in summary.per_dimension.iter().filter(|c| c.items > 0) {
        let name = dimension_name(model, &count.dimension);
        let noun = if count.items == 1 {
            "rating"
        } else {
            "ratings"
        };
        writeln!(out, "  {name:<34} {:>2} {noun}", count.items)?;
    }
    for phase in &roadmap.phases {
        let names: Vec<&str> = phase
            .dimensions
            .iter()
            .map(|d| dimension_name(model, d))
            .collect();
        writeln!(out)?;
        let heading = format!(
            "Phase {}: reach level {} ({})",
            phase.phase,
            level_name(model, Some(&phase.level)),
            names.join(", ")
        );
        write_wrapped(out, "", "  ", &heading)?;
        for (position, item) in phase.items.iter().enumerate() {
            let statement = model
                .indicator(&item.indicator)
                .map_or("", |i| i.statement.as_str());
            let current = item.current.as_deref().unwrap_or("unanswered");
            writeln!(
                out,
                "  {}. {} [{} -> {}]",
                position + 1,
                item.indicator,
                current,
                item.required
            )?;
            write_wrapped(out, "     ", "     ", statement)?;
            write_wrapped(out, "     why here: ", "       ", &item.reason)?;
        }
    }
    writeln!(out)
}

fn write_change(out: &mut String, model: &Model, label: &str, change: &LevelChange) -> fmt::Result {
    let before = level_name(model, change.before.as_deref());
    let after = level_name(model, change.after.as_deref());
    let delta = change.delta.map_or(String::new(), |d| format!(" ({d:+})"));
    writeln!(out, "  {label:<34} {before:<16} -> {after}{delta}")
}

fn write_projection(
    out: &mut String,
    model: &Model,
    phase: u32,
    projection: &Projection,
) -> fmt::Result {
    writeln!(
        out,
        "What if phase {phase} is done ({} ratings raised):",
        projection.changes.len()
    )?;
    write_change(out, model, "Overall", &projection.overall)?;
    for change in &projection.dimensions {
        let id = change.dimension.as_deref().unwrap_or("");
        write_change(out, model, dimension_name(model, id), change)?;
    }
    writeln!(out)
}

fn write_progress(out: &mut String, model: &Model, progress: &ProgressReport) -> fmt::Result {
    let since = progress
        .before_date
        .as_deref()
        .unwrap_or("the earlier assessment");
    writeln!(out, "Progress since {since}:")?;
    write_change(out, model, "Overall", &progress.overall)?;
    for change in &progress.dimensions {
        let id = change.dimension.as_deref().unwrap_or("");
        write_change(out, model, dimension_name(model, id), change)?;
    }
    write_wrapped(out, "  newly met: ", "    ", &list(&progress.newly_met))?;
    write_wrapped(out, "  regressed: ", "    ", &list(&progress.regressed))?;
    writeln!(out, "  ratings changed: {}", progress.rating_changes.len())
}

/// Writes `text` wrapped at [`WIDTH`] columns, starting with `first` and
/// indenting the following lines with `rest`. A word longer than a line
/// gets a line of its own.
fn write_wrapped(out: &mut String, first: &str, rest: &str, text: &str) -> fmt::Result {
    let mut line = first.to_owned();
    let mut empty = true;
    for word in text.split_whitespace() {
        let fits = line.chars().count() + 1 + word.chars().count() <= WIDTH;
        if !empty && !fits {
            writeln!(out, "{line}")?;
            line = rest.to_owned();
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    writeln!(out, "{line}")
}

/// Returns a count such as `9 ratings`.
fn ratings_to_raise(count: u32) -> String {
    let noun = if count == 1 { "rating" } else { "ratings" };
    format!("{count} {noun}")
}

/// Explains the roadmap's percent to target in words.
fn score_in_place(percent: u32) -> String {
    format!("{percent}% of the rating score the targets need is already in place")
}

fn list(ids: &[String]) -> String {
    if ids.is_empty() {
        "none".to_owned()
    } else {
        ids.join(", ")
    }
}
