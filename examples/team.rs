//! Combines the self-ratings and the manager's ratings of a five-person key
//! account team, then rolls the team up against level 3 of the KAM model.
//!
//! ```text
//! cargo run --example team
//! cargo run --example team -- --format markdown --svg team.svg
//! ```

use std::error::Error;
use std::ffi::OsString;
use std::fmt::Write;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use maturity::{
    Assessment, Classification, Consensus, ConsensusPolicy, LevelFigures, LevelRef, Model,
    RadarSeries, RollUp,
};

const USAGE: &str = "\
Usage: team [OPTIONS]

Combines the self-ratings and the manager's ratings of each member of a
bundled five-person key account team, then rolls the team up against
level 3 of the built-in KAM model.

Options:
  --format FORMAT  output format: text (default), with each member's
                   consensus and the roll-up, or markdown, with the
                   roll-up only
  --svg FILE       also write a radar chart of the target level and the
                   team's lower median and minimum levels as SVG
  --help           print this help and exit (also -h)

Exit status: 0 on success, 1 when a bundled file is invalid or the chart
or the output cannot be written, 2 for bad usage.
";

/// Each member's self-assessment and the manager's assessment of them.
const FILES: [(&str, &str); 10] = [
    ("amara.self.json", include_str!("team/amara.self.json")),
    (
        "amara.manager.json",
        include_str!("team/amara.manager.json"),
    ),
    ("bastian.self.json", include_str!("team/bastian.self.json")),
    (
        "bastian.manager.json",
        include_str!("team/bastian.manager.json"),
    ),
    ("chloe.self.json", include_str!("team/chloe.self.json")),
    (
        "chloe.manager.json",
        include_str!("team/chloe.manager.json"),
    ),
    ("dev.self.json", include_str!("team/dev.self.json")),
    ("dev.manager.json", include_str!("team/dev.manager.json")),
    ("elin.self.json", include_str!("team/elin.self.json")),
    ("elin.manager.json", include_str!("team/elin.manager.json")),
];

/// The level every member should reach.
const TARGET: &str = "repeatable";

type Result<T> = std::result::Result<T, Box<dyn Error>>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Markdown,
}

/// The parsed command line.
#[derive(Debug)]
struct Options {
    format: Format,
    svg: Option<PathBuf>,
    help: bool,
}

/// Each member's consensus and its classification, and the team roll-up.
struct Team {
    members: Vec<(Consensus, Classification)>,
    roll_up: RollUp,
}

fn main() -> ExitCode {
    let options = match parse_args(std::env::args_os().skip(1)) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("error: {message}");
            eprintln!("run with --help for usage");
            return ExitCode::from(2);
        }
    };
    match run(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run(options: &Options) -> Result<()> {
    if options.help {
        return write_stdout(USAGE);
    }
    let model = maturity::kam();
    let team = classify_team(model)?;
    if let Some(path) = &options.svg {
        let svg = chart(model, &team.roll_up);
        std::fs::write(path, svg)
            .map_err(|error| format!("{}: failed to write the chart: {error}", path.display()))?;
    }
    let output = match options.format {
        Format::Text => text_report(model, &team)?,
        Format::Markdown => maturity::render_cohort_markdown(model, &team.roll_up),
    };
    write_stdout(&output)
}

/// Writes `text` to stdout. A reader that stops early, such as `head`,
/// closes the pipe, which is not an error.
fn write_stdout(text: &str) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(format!("failed to write the output: {error}").into())
        }
        _ => Ok(()),
    }
}

fn parse_args(args: impl IntoIterator<Item = OsString>) -> std::result::Result<Options, String> {
    let mut options = Options {
        format: Format::Text,
        svg: None,
        help: false,
    };
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let flag = arg.to_str().unwrap_or_default();
        match flag {
            "--help" | "-h" => options.help = true,
            "--format" => {
                let value = args.next().ok_or("--format needs a value")?;
                options.format = match value.to_str() {
                    Some("text") => Format::Text,
                    Some("markdown") => Format::Markdown,
                    _ => {
                        return Err(format!("invalid --format {value:?}; use text or markdown"));
                    }
                };
            }
            "--svg" => {
                let value = args.next().ok_or("--svg needs a file name")?;
                options.svg = Some(PathBuf::from(value));
            }
            _ => return Err(format!("unknown argument {arg:?}")),
        }
    }
    Ok(options)
}

/// Builds each member's consensus with the `minimum` policy, classifies
/// it, and rolls the team up against [`TARGET`].
fn classify_team(model: &Model) -> Result<Team> {
    let mut members = Vec::new();
    for group in assessments_by_member()? {
        let consensus = Consensus::build(model, &group, ConsensusPolicy::Minimum)?;
        let classification = model.bind(&consensus.assessment)?.classify();
        members.push((consensus, classification));
    }
    let classifications: Vec<Classification> = members.iter().map(|(_, c)| c.clone()).collect();
    let roll_up = RollUp::build(model, &classifications, TARGET)?;
    Ok(Team { members, roll_up })
}

/// Renders the radar chart of the team: the target level, and the team's
/// lower median and minimum level per dimension. The target comes first so
/// that it is drawn below the team's polygons where they meet.
fn chart(model: &Model, roll_up: &RollUp) -> String {
    let series = [
        RadarSeries::roll_up_target(roll_up),
        RadarSeries::lower_median(roll_up),
        RadarSeries::minimum(roll_up),
    ];
    maturity::render_radar(model, &team_title(model, roll_up), &series)
}

/// Builds the text report of the bundled team: each member's consensus,
/// then the team roll-up.
pub fn report() -> Result<String> {
    let model = maturity::kam();
    text_report(model, &classify_team(model)?)
}

/// Builds the text report: each member's consensus, then the team roll-up.
fn text_report(model: &Model, team: &Team) -> Result<String> {
    let mut out = String::new();
    for (consensus, classification) in &team.members {
        write_member(&mut out, consensus, classification)?;
    }
    write_roll_up(&mut out, model, &team.roll_up)?;
    Ok(out)
}

/// Returns a title such as `Team of 5 against level 3 (Repeatable)`.
fn team_title(model: &Model, roll_up: &RollUp) -> String {
    let target = &roll_up.target;
    let name = model
        .level(&target.id)
        .map_or("", |level| level.name.as_str());
    format!(
        "Team of {} against level {} ({name})",
        roll_up.subjects.len(),
        target.number
    )
}

/// Parses the bundled files and groups them by subject, in file order.
fn assessments_by_member() -> Result<Vec<Vec<Assessment>>> {
    let mut groups: Vec<Vec<Assessment>> = Vec::new();
    for (name, text) in FILES {
        let assessment =
            Assessment::from_json_str(text).map_err(|error| format!("{name}: {error}"))?;
        let same_subject = groups
            .iter_mut()
            .find(|group| group.first().map(|a| &a.subject.id) == Some(&assessment.subject.id));
        match same_subject {
            Some(group) => group.push(assessment),
            None => groups.push(vec![assessment]),
        }
    }
    Ok(groups)
}

fn write_member(
    out: &mut String,
    consensus: &Consensus,
    classification: &Classification,
) -> Result<()> {
    let combined = &consensus.assessment;
    let overall = &classification.overall;
    writeln!(out, "{}", combined.subject.display_name())?;
    writeln!(
        out,
        "  {}, {}",
        combined.assessor.as_deref().unwrap_or("consensus"),
        combined.date.as_deref().unwrap_or("undated")
    )?;
    writeln!(
        out,
        "  overall level {} ({})",
        number(overall.number),
        overall.name.as_deref().unwrap_or("not assessable")
    )?;
    writeln!(out, "  limited by {}", list_or_none(&overall.limiting))?;
    writeln!(out, "  {:<22}{:>6}  agreement", "dimension", "level")?;
    for (dimension, agreement) in classification.dimensions.iter().zip(&consensus.agreement) {
        let share = &agreement.share;
        writeln!(
            out,
            "  {:<22}{:>6}  {}/{} ({})",
            dimension.id,
            number(dimension.number),
            share.met,
            share.total,
            percent(share.percent)
        )?;
    }
    write_disagreements(out, consensus)?;
    writeln!(out)?;
    Ok(())
}

fn write_disagreements(out: &mut String, consensus: &Consensus) -> Result<()> {
    let lists = [
        ("disagreements", &consensus.disagreements),
        ("n/a set aside", &consensus.not_applicable_set_aside),
    ];
    for (title, list) in lists {
        if list.is_empty() {
            writeln!(out, "  {title}: none")?;
            continue;
        }
        writeln!(out, "  {title}:")?;
        for disagreement in list {
            let ratings: Vec<String> = disagreement
                .ratings
                .iter()
                .map(|r| format!("{} {}", r.assessor, r.rating.as_deref().unwrap_or("-")))
                .collect();
            writeln!(
                out,
                "    {:<42} {}",
                disagreement.indicator,
                ratings.join(", ")
            )?;
        }
    }
    Ok(())
}

fn write_roll_up(out: &mut String, model: &Model, roll_up: &RollUp) -> Result<()> {
    let target = &roll_up.target;
    writeln!(out, "{}", team_title(model, roll_up))?;
    let numbers: Vec<String> = model
        .levels()
        .iter()
        .map(|level| format!("{:>3}", level.number))
        .collect();
    writeln!(
        out,
        "  {:<21}{}  {:>4}  {:>6}  {:<10}  below {}",
        "dimension",
        numbers.concat(),
        "min",
        "median",
        format!("at {}+", target.number),
        target.number
    )?;
    for dimension in &roll_up.dimensions {
        write_figures(out, &dimension.id, &dimension.figures)?;
    }
    write_figures(out, "overall", &roll_up.overall)?;
    write_not_assessable(out, roll_up)?;
    write_limiting(out, roll_up)
}

fn write_figures(out: &mut String, label: &str, figures: &LevelFigures) -> Result<()> {
    let counts: Vec<String> = figures
        .distribution
        .iter()
        .map(|level| format!("{:>3}", level.count))
        .collect();
    let share = &figures.at_target;
    let at_target = format!("{}/{} ({})", share.met, share.total, percent(share.percent));
    writeln!(
        out,
        "  {:<21}{}  {:>4}  {:>6}  {:<10}  {}",
        label,
        counts.concat(),
        level_number(figures.minimum.as_ref()),
        level_number(figures.lower_median.as_ref()),
        at_target,
        list_or_none(&figures.below_target)
    )?;
    Ok(())
}

fn write_not_assessable(out: &mut String, roll_up: &RollUp) -> Result<()> {
    let mut any = false;
    for dimension in &roll_up.dimensions {
        if !dimension.figures.not_assessable.is_empty() {
            any = true;
            writeln!(
                out,
                "  not assessable in {}: {}",
                dimension.id,
                dimension.figures.not_assessable.join(", ")
            )?;
        }
    }
    if !roll_up.overall.not_assessable.is_empty() {
        any = true;
        let members = roll_up.overall.not_assessable.join(", ");
        writeln!(out, "  not assessable overall: {members}")?;
    }
    if !any {
        writeln!(out, "  every member is assessable in every dimension")?;
    }
    Ok(())
}

fn write_limiting(out: &mut String, roll_up: &RollUp) -> Result<()> {
    let Some(id) = &roll_up.limiting else {
        writeln!(out, "Limiting dimension: none, no member is assessable")?;
        return Ok(());
    };
    let figures = roll_up.dimension(id).map(|dimension| &dimension.figures);
    writeln!(
        out,
        "Limiting dimension: {id} (lower median {}, minimum {})",
        level_number(figures.and_then(|f| f.lower_median.as_ref())),
        level_number(figures.and_then(|f| f.minimum.as_ref()))
    )?;
    Ok(())
}

fn number(number: Option<u32>) -> String {
    number.map_or_else(|| "-".to_owned(), |n| n.to_string())
}

fn level_number(level: Option<&LevelRef>) -> String {
    number(level.map(|level| level.number))
}

fn percent(percent: Option<u32>) -> String {
    percent.map_or_else(|| "-".to_owned(), |p| format!("{p}%"))
}

fn list_or_none(ids: &[String]) -> String {
    if ids.is_empty() {
        "none".to_owned()
    } else {
        ids.join(", ")
    }
}
