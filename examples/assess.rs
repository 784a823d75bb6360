//! Classifies maturity assessments and lists the ratings to raise to reach
//! the next level.
//!
//! With no arguments it classifies the bundled sample assessments against
//! the built-in key account management model:
//!
//! ```text
//! cargo run --example assess
//! cargo run --example assess -- --assessment my-team.json --target 4
//! cargo run --example assess -- --model my-model.json --assessment my-team.json --format json
//! cargo run --example assess -- --assessment my-team.json --format markdown --svg chart.svg
//! ```

use std::ffi::OsString;
use std::fmt::{self, Write as _};
use std::fs::File;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use maturity::{
    AdvanceStep, Assessment, Classification, DimensionGap, DimensionResult, GapItem, GapReport,
    MarkdownReport, Model, OverallResult, Phase, Problem, RadarSeries, Roadmap, RoadmapSummary,
    Subject, Target, TargetProfile,
};
use serde::Serialize;

const USAGE: &str = "\
Usage: assess [OPTIONS]

Classifies maturity assessments into levels and lists the ratings to raise
to reach the next level. With no options it classifies the bundled sample
assessments against the built-in key account management (KAM) model.

Options:
  --assessment FILE  JSON assessment to classify; repeat the option for
                     several files (replaces the bundled samples)
  --model FILE       JSON model to classify against, in place of the
                     built-in KAM model; needs --assessment
  --target N         level number to plan the gaps toward, for every
                     dimension (default: one level above each dimension)
  --target-profile FILE
                     JSON target profile with a level per dimension; the
                     dimensions it leaves out aim for their next level
  --format FORMAT    output format: text (default), json or markdown
  --svg FILE         also write a radar chart of the current and target
                     levels as SVG; with several assessments, each chart
                     goes to FILE with the subject id before the extension,
                     and the assessment's position too when a subject repeats
  --help             print this help and exit (also -h)

A model or assessment file whose name ends in .toml is read as TOML when
the example is built with --features toml.

Exit status: 0 on success, 1 for an unreadable or invalid file, 2 for bad
usage.
";

/// The bundled KAM sample assessments, under `examples/assessments/`.
const SAMPLES: [&str; 3] = [
    "emerging-team.json",
    "steady-team.json",
    "leading-individual.json",
];

/// Maximum width of the text output, in columns.
const WIDTH: usize = 96;

fn main() -> ExitCode {
    match run(std::env::args_os().skip(1)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(message)) => {
            eprintln!("error: {message}");
            eprintln!("run with --help for usage");
            ExitCode::from(2)
        }
        Err(Failure::Input(lines)) => {
            for line in lines {
                eprintln!("{line}");
            }
            ExitCode::from(1)
        }
    }
}

/// The cause of a failed run, which sets the exit status.
#[derive(Debug)]
enum Failure {
    /// Bad command-line usage, which exits with status 2.
    Usage(String),
    /// Unreadable or invalid input files, one line per problem, which exit
    /// with status 1.
    Input(Vec<String>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Json,
    Markdown,
}

/// The parsed command line.
#[derive(Debug)]
struct Options {
    assessments: Vec<PathBuf>,
    model: Option<PathBuf>,
    target: Option<u32>,
    target_profile: Option<PathBuf>,
    format: Format,
    svg: Option<PathBuf>,
    help: bool,
}

/// One classified assessment.
struct Report {
    classification: Classification,
    gaps: GapReport,
    roadmap: Roadmap,
}

fn run(args: impl IntoIterator<Item = OsString>) -> Result<(), Failure> {
    let options = parse_args(args).map_err(Failure::Usage)?;
    if options.help {
        return write_stdout(USAGE);
    }
    if options.model.is_some() && options.assessments.is_empty() {
        let message = "--model needs at least one --assessment FILE to classify against it";
        return Err(Failure::Usage(message.to_owned()));
    }

    let custom_model;
    let model = match &options.model {
        Some(path) => {
            custom_model = load_model(path)?;
            &custom_model
        }
        None => maturity::kam(),
    };
    let target = match &options.target_profile {
        Some(path) => load_target_profile(model, path)?,
        None => resolve_target(model, options.target)?,
    };
    let reports = classify_all(model, &assessment_paths(&options), &target)?;
    if let Some(path) = &options.svg {
        write_charts(model, &reports, path)?;
    }

    let output = match options.format {
        Format::Text => render_text(model, &reports, &target),
        Format::Json => render_json(model, &reports),
        Format::Markdown => Ok(render_markdown(model, &reports)),
    };
    write_stdout(&output.map_err(|error| output_failure(error.as_ref()))?)
}

// Command line

fn parse_args(args: impl IntoIterator<Item = OsString>) -> Result<Options, String> {
    let mut options = Options {
        assessments: Vec::new(),
        model: None,
        target: None,
        target_profile: None,
        format: Format::Text,
        svg: None,
        help: false,
    };
    let mut args = args.into_iter().peekable();
    while let Some(arg) = args.next() {
        let Some(text) = arg.to_str() else {
            return Err(format!("unknown argument {arg:?}"));
        };
        let (flag, inline) = match text.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => (flag, Some(OsString::from(value))),
            _ => (text, None),
        };
        if (flag == "--help" || flag == "-h") && inline.is_none() {
            options.help = true;
            continue;
        }
        let known = [
            "--assessment",
            "--model",
            "--target",
            "--target-profile",
            "--format",
            "--svg",
        ];
        if !known.contains(&flag) {
            return Err(format!("unknown argument {text:?}"));
        }
        let value = match inline {
            Some(value) => value,
            None => next_value(flag, &mut args)?,
        };
        apply_option(&mut options, flag, value)?;
    }
    if options.target.is_some() && options.target_profile.is_some() {
        let message = "--target and --target-profile both set a target; give one of them";
        return Err(message.to_owned());
    }
    Ok(options)
}

/// Takes the value that follows `flag`, which may not look like a flag.
fn next_value(
    flag: &str,
    args: &mut std::iter::Peekable<impl Iterator<Item = OsString>>,
) -> Result<OsString, String> {
    let looks_like_flag = |arg: &OsString| arg.to_str().is_some_and(|s| s.starts_with("--"));
    match args.next_if(|arg| !looks_like_flag(arg)) {
        Some(value) => Ok(value),
        None => Err(format!("{flag} needs a value")),
    }
}

fn apply_option(options: &mut Options, flag: &str, value: OsString) -> Result<(), String> {
    match flag {
        "--assessment" => options.assessments.push(PathBuf::from(value)),
        "--model" if options.model.is_some() => {
            return Err("--model is given more than once; give one model".to_owned());
        }
        "--model" => options.model = Some(PathBuf::from(value)),
        "--target" => options.target = Some(parse_target(&value)?),
        "--target-profile" => options.target_profile = Some(PathBuf::from(value)),
        "--svg" => options.svg = Some(PathBuf::from(value)),
        _ => options.format = parse_format(&value)?,
    }
    Ok(())
}

fn parse_target(value: &OsString) -> Result<u32, String> {
    value
        .to_str()
        .and_then(|text| text.parse().ok())
        .ok_or_else(|| format!("invalid --target {value:?}; give a level number such as 3"))
}

fn parse_format(value: &OsString) -> Result<Format, String> {
    match value.to_str() {
        Some("text") => Ok(Format::Text),
        Some("json") => Ok(Format::Json),
        Some("markdown") => Ok(Format::Markdown),
        _ => Err(format!(
            "invalid --format {value:?}; use text, json or markdown"
        )),
    }
}

fn assessment_paths(options: &Options) -> Vec<PathBuf> {
    if !options.assessments.is_empty() {
        return options.assessments.clone();
    }
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/assessments");
    SAMPLES.iter().map(|name| folder.join(name)).collect()
}

/// Turns a level number into a gap target. Without a number the target is
/// the next level of each dimension.
fn resolve_target(model: &Model, number: Option<u32>) -> Result<Target, Failure> {
    let Some(number) = number else {
        return Ok(Target::NextLevel);
    };
    if let Some(level) = model.level_by_number(number) {
        return Ok(Target::Level(level.id.clone()));
    }
    let numbers: Vec<String> = model
        .levels()
        .iter()
        .map(|l| l.number.to_string())
        .collect();
    Err(Failure::Usage(format!(
        "unknown --target level {number}; model {:?} has levels {}",
        model.id(),
        numbers.join(", ")
    )))
}

// Loading and classifying

fn load_model(path: &Path) -> Result<Model, Failure> {
    let model = if is_toml(path) {
        model_from_toml(path)?
    } else {
        Model::from_json_reader(open(path, "model")?).map_err(|error| invalid(path, &error))?
    };
    for line in problem_lines(path, model.warnings()) {
        eprintln!("{line}");
    }
    Ok(model)
}

/// Loads a target profile and checks it against the model once, so that
/// its problems are reported against its own file.
fn load_target_profile(model: &Model, path: &Path) -> Result<Target, Failure> {
    if is_toml(path) {
        let line = format!(
            "{}: target profiles are read from JSON only; convert the file to JSON",
            path.display()
        );
        return Err(Failure::Input(vec![line]));
    }
    let file = open(path, "target profile")?;
    let profile = TargetProfile::from_json_reader(file).map_err(|error| invalid(path, &error))?;
    profile
        .resolve(model)
        .map_err(|error| invalid(path, &error))?;
    Ok(Target::Profile(profile))
}

fn load_assessment(path: &Path) -> Result<Assessment, Failure> {
    if is_toml(path) {
        return assessment_from_toml(path);
    }
    Assessment::from_json_reader(open(path, "assessment")?).map_err(|error| invalid(path, &error))
}

/// Opens a file to read a document of the given `kind`, such as `"model"`. A directory
/// opens on some systems but fails on the first read with a message that
/// names no file, so it is rejected here.
fn open(path: &Path, kind: &str) -> Result<File, Failure> {
    let failure = |message: String| Failure::Input(vec![format!("{}: {message}", path.display())]);
    let file =
        File::open(path).map_err(|error| failure(format!("failed to open the file: {error}")))?;
    if file.metadata().is_ok_and(|metadata| metadata.is_dir()) {
        return Err(failure(format!(
            "is a directory, not a file; give the path of a JSON {kind}"
        )));
    }
    Ok(file)
}

fn invalid(path: &Path, error: &maturity::Error) -> Failure {
    Failure::Input(problem_lines(path, error.problems()))
}

fn is_toml(path: &Path) -> bool {
    path.extension()
        .is_some_and(|extension| extension.eq_ignore_ascii_case("toml"))
}

#[cfg(feature = "toml")]
fn model_from_toml(path: &Path) -> Result<Model, Failure> {
    let text = read_text(path, "model")?;
    Model::from_toml_str(&text).map_err(|error| invalid(path, &error))
}

#[cfg(feature = "toml")]
fn assessment_from_toml(path: &Path) -> Result<Assessment, Failure> {
    let text = read_text(path, "assessment")?;
    Assessment::from_toml_str(&text).map_err(|error| invalid(path, &error))
}

/// Reads a whole TOML file. The TOML parser then applies the default
/// `Limits` to the text.
#[cfg(feature = "toml")]
fn read_text(path: &Path, kind: &str) -> Result<String, Failure> {
    use std::io::Read as _;

    let mut text = String::new();
    open(path, kind)?
        .read_to_string(&mut text)
        .map_err(|error| {
            let line = format!("{}: failed to read the file: {error}", path.display());
            Failure::Input(vec![line])
        })?;
    Ok(text)
}

#[cfg(not(feature = "toml"))]
fn model_from_toml(path: &Path) -> Result<Model, Failure> {
    Err(toml_off(path, "models"))
}

#[cfg(not(feature = "toml"))]
fn assessment_from_toml(path: &Path) -> Result<Assessment, Failure> {
    Err(toml_off(path, "assessments"))
}

#[cfg(not(feature = "toml"))]
fn toml_off(path: &Path, kinds: &str) -> Failure {
    Failure::Input(vec![format!(
        "{}: this build of assess reads JSON {kinds} only; convert the file to JSON, \
         or run with --features toml to read TOML",
        path.display()
    )])
}

/// Classifies every assessment, or reports the problems of all the files
/// that fail.
fn classify_all(model: &Model, paths: &[PathBuf], target: &Target) -> Result<Vec<Report>, Failure> {
    let mut reports = Vec::with_capacity(paths.len());
    let mut failures = Vec::new();
    for path in paths {
        match classify_one(model, path, target) {
            Ok(report) => reports.push(report),
            Err(Failure::Input(lines)) => failures.extend(lines),
            Err(usage) => return Err(usage),
        }
    }
    if failures.is_empty() {
        Ok(reports)
    } else {
        Err(Failure::Input(failures))
    }
}

fn classify_one(model: &Model, path: &Path, target: &Target) -> Result<Report, Failure> {
    let invalid = |error: maturity::Error| invalid(path, &error);
    let assessment = load_assessment(path)?;
    let bound = model.bind(&assessment).map_err(invalid)?;
    let gaps = bound.gaps(target).map_err(invalid)?;
    let roadmap = bound.roadmap(target, None).map_err(invalid)?;
    Ok(Report {
        classification: bound.classify(),
        gaps,
        roadmap,
    })
}

/// Formats problems as `FILE: PATH: message (hint)`, marking warnings.
fn problem_lines(path: &Path, problems: &[Problem]) -> Vec<String> {
    problems
        .iter()
        .map(|problem| {
            if problem.is_error() {
                format!("{}: {problem}", path.display())
            } else {
                format!("{}: warning: {problem}", path.display())
            }
        })
        .collect()
}

fn write_stdout(text: &str) -> Result<(), Failure> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => Ok(()),
        // A reader such as `head` that stops early is not an error.
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(error) => Err(output_failure(&error)),
    }
}

fn output_failure(error: &dyn std::error::Error) -> Failure {
    Failure::Input(vec![format!("failed to write the output: {error}")])
}

// JSON output

/// The JSON document for one assessment. Its field names are stable.
#[derive(Serialize)]
struct JsonReport<'a> {
    subject: &'a Subject,
    assessor: Option<&'a str>,
    date: Option<&'a str>,
    model: JsonModel<'a>,
    overall: &'a OverallResult,
    dimensions: &'a [DimensionResult],
    /// Every gap item of every dimension, in report order.
    gaps: Vec<&'a GapItem>,
    /// Each dimension's gap, with the model's guidance for the levels to
    /// cross but without its items, which `gaps` lists.
    advance: Vec<JsonAdvance<'a>>,
    /// The gap items ordered into phases, one per level crossed.
    roadmap: &'a [Phase],
    /// Figures over the whole roadmap.
    roadmap_summary: &'a RoadmapSummary,
}

#[derive(Serialize)]
struct JsonModel<'a> {
    id: &'a str,
    version: &'a str,
    name: &'a str,
}

#[derive(Serialize)]
struct JsonAdvance<'a> {
    dimension: &'a str,
    current: Option<&'a str>,
    target: Option<&'a str>,
    reached: bool,
    steps: &'a [AdvanceStep],
}

fn json_report<'a>(model: &'a Model, report: &'a Report) -> JsonReport<'a> {
    let classification = &report.classification;
    JsonReport {
        subject: &classification.subject,
        assessor: classification.assessor.as_deref(),
        date: classification.date.as_deref(),
        model: JsonModel {
            id: model.id(),
            version: model.version(),
            name: model.name(),
        },
        overall: &classification.overall,
        dimensions: &classification.dimensions,
        gaps: report.gaps.items().collect(),
        advance: report.gaps.dimensions.iter().map(json_advance).collect(),
        roadmap: &report.roadmap.phases,
        roadmap_summary: &report.roadmap.summary,
    }
}

fn json_advance(gap: &DimensionGap) -> JsonAdvance<'_> {
    JsonAdvance {
        dimension: &gap.dimension,
        current: gap.current.as_deref(),
        target: gap.target.as_deref(),
        reached: gap.reached,
        steps: &gap.advance,
    }
}

/// Renders one object for one assessment, or an array for several.
fn render_json(model: &Model, reports: &[Report]) -> Result<String, Box<dyn std::error::Error>> {
    let documents: Vec<JsonReport<'_>> = reports.iter().map(|r| json_report(model, r)).collect();
    let mut text = match documents.as_slice() {
        [one] => serde_json::to_string_pretty(one)?,
        all => serde_json::to_string_pretty(all)?,
    };
    text.push('\n');
    Ok(text)
}

// Markdown and SVG output

fn render_markdown(model: &Model, reports: &[Report]) -> String {
    let documents: Vec<String> = reports
        .iter()
        .map(|report| {
            MarkdownReport::new(model, &report.classification)
                .gaps(&report.gaps)
                .roadmap(&report.roadmap)
                .render()
        })
        .collect();
    documents.join("\n---\n\n")
}

/// Writes one radar chart per report: to `path` for a single report, and to
/// `path` with the subject id before the extension for several.
fn write_charts(model: &Model, reports: &[Report], path: &Path) -> Result<(), Failure> {
    let mut written = std::collections::BTreeSet::new();
    for (position, report) in reports.iter().enumerate() {
        let classification = &report.classification;
        let series = [
            RadarSeries::current(classification),
            RadarSeries::target(&report.gaps),
        ];
        let svg = maturity::render_radar(model, classification.subject.display_name(), &series);
        let mut file = if reports.len() == 1 {
            path.to_path_buf()
        } else {
            chart_path(path, &classification.subject.id)
        };
        // Two assessments of one subject would share a file name, so the
        // later one also gets its position on the command line.
        if !written.insert(file.clone()) {
            let subject = format!("{}-{}", classification.subject.id, position + 1);
            file = chart_path(path, &subject);
            written.insert(file.clone());
        }
        std::fs::write(&file, svg).map_err(|error| {
            Failure::Input(vec![format!(
                "{}: failed to write the chart: {error}",
                file.display()
            )])
        })?;
    }
    Ok(())
}

/// Inserts `-{subject}` before the extension of `path`.
fn chart_path(path: &Path, subject: &str) -> PathBuf {
    let stem = path
        .file_stem()
        .map_or_else(|| "chart".into(), |s| s.to_string_lossy().into_owned());
    let safe: String = subject
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let name = match path.extension() {
        Some(extension) => format!("{stem}-{safe}.{}", extension.to_string_lossy()),
        None => format!("{stem}-{safe}"),
    };
    path.with_file_name(name)
}

// Text output

fn render_text(
    model: &Model,
    reports: &[Report],
    target: &Target,
) -> Result<String, Box<dyn std::error::Error>> {
    let mut out = String::new();
    for (index, report) in reports.iter().enumerate() {
        if index > 0 {
            writeln!(out)?;
        }
        write_heading(&mut out, model, &report.classification)?;
        write_overall(&mut out, model, &report.classification)?;
        write_dimension_table(&mut out, model, &report.classification.dimensions)?;
        write_gaps(&mut out, model, &report.gaps, target)?;
        write_roadmap(&mut out, model, &report.roadmap)?;
    }
    Ok(out)
}

fn write_roadmap(out: &mut String, model: &Model, roadmap: &Roadmap) -> fmt::Result {
    if roadmap.phases.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    writeln!(out, "Roadmap")?;
    writeln!(out, "-------")?;
    let count = roadmap.summary.items;
    let noun = if count == 1 { "rating" } else { "ratings" };
    let percent = roadmap.summary.percent_to_target;
    let summary = format!(
        "{count} {noun} to raise; {percent}% of the rating score the targets need is \
         already in place."
    );
    write_wrapped(out, "", "", &summary)?;
    for phase in &roadmap.phases {
        let label = level_label(model, &phase.level);
        let items: Vec<&str> = phase.items.iter().map(|i| i.indicator.as_str()).collect();
        writeln!(out, "Phase {}: reach {label}", phase.phase)?;
        write_wrapped(out, "  ", "  ", &items.join(", "))?;
    }
    Ok(())
}

fn write_heading(out: &mut String, model: &Model, classification: &Classification) -> fmt::Result {
    let subject = &classification.subject;
    let title = subject.display_name();
    writeln!(out, "{title}")?;
    writeln!(out, "{}", "=".repeat(title.chars().count().min(WIDTH)))?;
    let kind = serde_json::to_value(subject.kind)
        .ok()
        .and_then(|value| value.as_str().map(str::to_owned))
        .unwrap_or_default();
    let not_recorded = "not recorded";
    writeln!(out, "Subject:   {} ({kind})", subject.id)?;
    let assessor = classification.assessor.as_deref().unwrap_or(not_recorded);
    writeln!(out, "Assessor:  {assessor}")?;
    let date = classification.date.as_deref().unwrap_or(not_recorded);
    writeln!(out, "Date:      {date}")?;
    writeln!(out, "Model:     {} {}", model.name(), model.version())?;
    writeln!(out)
}

fn write_overall(out: &mut String, model: &Model, classification: &Classification) -> fmt::Result {
    let overall = &classification.overall;
    // At the top level nothing holds the subject back.
    let at_top = overall.level.as_deref() == model.levels().last().map(|l| l.id.as_str());
    match (overall.number, &overall.name) {
        (Some(number), Some(name)) => writeln!(out, "Overall level: {number} {name}")?,
        _ => writeln!(
            out,
            "Overall level: not assessable (every dimension is rated n/a)"
        )?,
    }
    write_wrapped(out, "Why: ", "  ", &overall.explanation)?;
    if !overall.limiting.is_empty() && !at_top {
        let names = dimension_names(classification, &overall.limiting);
        write_wrapped(out, "Limited by: ", "  ", &names)?;
    }
    if !overall.not_assessable.is_empty() {
        let names = dimension_names(classification, &overall.not_assessable);
        write_wrapped(out, "Not assessable: ", "  ", &names)?;
    }
    writeln!(out)
}

fn dimension_names(classification: &Classification, ids: &[String]) -> String {
    let names: Vec<&str> = ids
        .iter()
        .map(|id| {
            classification
                .dimension(id)
                .map_or(id.as_str(), |d| d.name.as_str())
        })
        .collect();
    names.join(", ")
}

fn write_dimension_table(
    out: &mut String,
    model: &Model,
    dimensions: &[DimensionResult],
) -> fmt::Result {
    let header = [
        "Dimension",
        "Level",
        "Score",
        "Progress toward the next level",
    ];
    let rows: Vec<[String; 4]> = dimensions
        .iter()
        .map(|d| {
            [
                d.name.clone(),
                level_cell(d),
                score_cell(d),
                progress_cell(model, d),
            ]
        })
        .collect();
    let width = |column: usize| {
        rows.iter()
            .map(|row| row[column].chars().count())
            .chain([header[column].len()])
            .max()
            .unwrap_or(0)
    };
    let (first, second, third) = (width(0), width(1), width(2));
    writeln!(
        out,
        "{:<first$}  {:<second$}  {:<third$}  {}",
        header[0], header[1], header[2], header[3]
    )?;
    let rule = |n: usize| "-".repeat(n);
    writeln!(
        out,
        "{}  {}  {}  {}",
        rule(first),
        rule(second),
        rule(third),
        rule(width(3))
    )?;
    for [name, level, score, progress] in &rows {
        writeln!(
            out,
            "{name:<first$}  {level:<second$}  {score:<third$}  {progress}"
        )?;
    }
    writeln!(out)?;
    write_explanations(out, dimensions)
}

/// Writes why each dimension stands at its level, one sentence each.
fn write_explanations(out: &mut String, dimensions: &[DimensionResult]) -> fmt::Result {
    writeln!(out, "Why each dimension is at its level:")?;
    for dimension in dimensions {
        let first = format!("  {}: ", dimension.name);
        write_wrapped(out, &first, "    ", &dimension.explanation)?;
    }
    writeln!(out)
}

fn level_cell(dimension: &DimensionResult) -> String {
    match (dimension.number, &dimension.level_name) {
        (Some(number), Some(name)) => format!("{number} {name}"),
        _ => "-".to_owned(),
    }
}

/// Returns the exact score rounded down to two decimals, such as `3.50`.
fn score_cell(dimension: &DimensionResult) -> String {
    dimension
        .score
        .map_or_else(|| "-".to_owned(), |score| score.to_string())
}

fn progress_cell(model: &Model, dimension: &DimensionResult) -> String {
    if !dimension.assessable {
        return "not assessable".to_owned();
    }
    let Some(next) = &dimension.next else {
        return "top level".to_owned();
    };
    let name = model
        .level(&next.level)
        .map_or("", |level| level.name.as_str());
    format!(
        "{} {name}: {}/{} met, {}% by weight",
        next.number, next.met, next.applicable, next.percent
    )
}

fn write_gaps(out: &mut String, model: &Model, gaps: &GapReport, target: &Target) -> fmt::Result {
    let title = match target {
        Target::Level(id) => format!("Gaps to level {}", level_label(model, id)),
        Target::NextLevel => "Gaps to the next level".to_owned(),
        _ => "Gaps to the target".to_owned(),
    };
    writeln!(out, "{title}")?;
    writeln!(out, "{}", "-".repeat(title.chars().count()))?;
    for gap in &gaps.dimensions {
        write_dimension_gap(out, model, gap)?;
    }
    Ok(())
}

fn write_dimension_gap(out: &mut String, model: &Model, gap: &DimensionGap) -> fmt::Result {
    let name = model
        .dimensions()
        .iter()
        .find(|d| d.id == gap.dimension)
        .map_or(gap.dimension.as_str(), |d| d.name.as_str());
    let label = |id: &Option<String>| id.as_deref().map(|id| level_label(model, id));
    match (label(&gap.current), label(&gap.target)) {
        (None, _) => return writeln!(out, "\n{name}: not assessable, so nothing to plan"),
        (Some(current), None) => return writeln!(out, "\n{name}: at {current}, the top level"),
        (Some(current), Some(target)) if gap.reached => {
            let relation = if gap.current == gap.target {
                "which meets"
            } else {
                "above"
            };
            return writeln!(
                out,
                "\n{name}: at {current}, {relation} the target {target}"
            );
        }
        (Some(current), Some(target)) => writeln!(out, "\n{name}: {current} -> {target}")?,
    }
    for step in &gap.advance {
        let heading = format!(
            "To move from {} to {}:",
            level_label(model, &step.from),
            level_label(model, &step.to)
        );
        write_wrapped(out, "  ", "  ", &heading)?;
        write_wrapped(out, "    ", "    ", &step.guidance)?;
    }
    let count = gap.items.len();
    let plural = if count == 1 { "rating" } else { "ratings" };
    writeln!(out, "  Raise {count} {plural}:")?;
    for (index, item) in gap.items.iter().enumerate() {
        write_gap_item(out, model, index + 1, item)?;
    }
    Ok(())
}

fn write_gap_item(out: &mut String, model: &Model, number: usize, item: &GapItem) -> fmt::Result {
    let level = level_label(model, &item.level);
    let marker = format!("  {number:>2}. ");
    let heading = format!("{} (level {level}, weight {})", item.indicator, item.weight);
    write_wrapped(out, &marker, "      ", &heading)?;
    write_wrapped(out, "      ", "      ", &item.statement)?;
    let current = match &item.current {
        Some(id) => point_label(model, &item.indicator, id),
        None => "unanswered".to_owned(),
    };
    let required = point_label(model, &item.indicator, &item.required);
    let ratings = format!("Rating: {current}; required: {required} or higher");
    write_wrapped(out, "      ", "      ", &ratings)?;
    if !item.guidance.is_empty() {
        let evidence = format!("Evidence: {}", item.guidance);
        write_wrapped(out, "      ", "      ", &evidence)?;
    }
    Ok(())
}

/// Returns a level as its number and name, such as `3 Repeatable`.
fn level_label(model: &Model, id: &str) -> String {
    match model.level(id) {
        Some(level) => format!("{} {}", level.number, level.name),
        None => id.to_owned(),
    }
}

/// Returns a point of an indicator's scale as its label with its id, such
/// as `Partly (partly)`.
fn point_label(model: &Model, indicator: &str, id: &str) -> String {
    let points = model.scale_points(indicator).unwrap_or_default();
    match points.iter().find(|point| point.id == id) {
        Some(point) if point.label != point.id => format!("{} ({id})", point.label),
        _ => id.to_owned(),
    }
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
