//! Combines the self-ratings and the manager's ratings of a five-person key
//! account team, then rolls the team up against level 3 of the KAM model.
//!
//! Run it with `cargo run --example team`.

use std::error::Error;
use std::fmt::Write;
use std::process::ExitCode;

use maturity::{
    Assessment, Classification, Consensus, ConsensusPolicy, LevelFigures, LevelRef, Model, RollUp,
};

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

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<()> {
    print!("{}", report()?);
    Ok(())
}

/// Builds the whole report: each member's consensus, then the team roll-up.
pub fn report() -> Result<String> {
    let model = maturity::kam();
    let mut out = String::new();
    let mut classifications = Vec::new();
    for group in members()? {
        let consensus = Consensus::build(model, &group, ConsensusPolicy::Minimum)?;
        let classification = model.bind(&consensus.assessment)?.classify();
        write_member(&mut out, &consensus, &classification)?;
        classifications.push(classification);
    }
    let roll_up = RollUp::build(model, &classifications, TARGET)?;
    write_roll_up(&mut out, model, &roll_up)?;
    Ok(out)
}

/// Parses the bundled files and groups them by subject, in file order.
fn members() -> Result<Vec<Vec<Assessment>>> {
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
    writeln!(
        out,
        "Team of {} against level {} ({})",
        roll_up.subjects.len(),
        target.number,
        model
            .level(&target.id)
            .map_or("", |level| level.name.as_str())
    )?;
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
