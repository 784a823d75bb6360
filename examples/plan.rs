//! Plans the next steps of one KAM team: a roadmap toward a target profile,
//! the projected effect of finishing its first phase, and the progress made
//! since an earlier assessment.
//!
//! Run with `cargo run --example plan`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use maturity::{
    Assessment, LevelChange, Model, ProgressReport, Projection, Rating, Roadmap, Target,
    TargetProfile,
};

/// Maximum width of the output, in columns.
const WIDTH: usize = 96;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
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

    println!("Plan for {}", after.subject.display_name());
    println!();
    print_roadmap(model, &roadmap);

    if let Some(first) = roadmap.phases.first() {
        let plan: Vec<Rating> = first
            .items
            .iter()
            .map(|item| planned(&after, item))
            .collect();
        let projection = model
            .what_if(&after, &plan)
            .map_err(|e| report(&after_path, &e))?;
        print_projection(model, first.phase, &projection);
    }

    let progress =
        maturity::compare(&bound_before, &bound_after).map_err(|e| report(&after_path, &e))?;
    print_progress(model, &progress);
    Ok(())
}

fn read<T>(
    path: &PathBuf,
    parse: impl Fn(&str) -> Result<T, maturity::Error>,
) -> Result<T, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    parse(&text).map_err(|e| report(path, &e))
}

fn report(path: &Path, error: &maturity::Error) -> String {
    let lines: Vec<String> = error
        .problems()
        .iter()
        .map(|p| format!("{}: {p}", path.display()))
        .collect();
    lines.join("\n")
}

/// Builds the rating that closes one roadmap item.
fn planned(assessment: &Assessment, item: &maturity::RoadmapItem) -> Rating {
    let mut plan = assessment.clone();
    plan.ratings.clear();
    plan.rate(&item.indicator, &item.required);
    plan.ratings.remove(0)
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

fn print_roadmap(model: &Model, roadmap: &Roadmap) {
    let summary = &roadmap.summary;
    println!(
        "Roadmap: {} items, {}% of the target rating score in place",
        summary.items, summary.percent_to_target
    );
    if let Some(baseline) = &summary.baseline {
        let since = baseline.date.as_deref().unwrap_or("the baseline");
        println!(
            "  {}% at {since}, a change of {:+} points; {} criteria closed since then",
            baseline.percent_to_target,
            baseline.change,
            baseline.closed.len()
        );
    }
    for count in summary.per_dimension.iter().filter(|c| c.items > 0) {
        let noun = if count.items == 1 { "item" } else { "items" };
        let name = dimension_name(model, &count.dimension);
        println!("  {name:<34} {:>2} {noun}", count.items);
    }
    for phase in &roadmap.phases {
        let names: Vec<&str> = phase
            .dimensions
            .iter()
            .map(|d| dimension_name(model, d))
            .collect();
        println!();
        let heading = format!(
            "Phase {}: reach level {} ({})",
            phase.phase,
            level_name(model, Some(&phase.level)),
            names.join(", ")
        );
        print_wrapped("", "  ", &heading);
        for (position, item) in phase.items.iter().enumerate() {
            let statement = model
                .indicator(&item.indicator)
                .map_or("", |i| i.statement.as_str());
            let current = item.current.as_deref().unwrap_or("unanswered");
            println!(
                "  {}. {} [{} -> {}]",
                position + 1,
                item.indicator,
                current,
                item.required
            );
            print_wrapped("     ", "     ", statement);
            print_wrapped("     why here: ", "       ", &item.reason);
        }
    }
    println!();
}

fn print_change(model: &Model, label: &str, change: &LevelChange) {
    let before = level_name(model, change.before.as_deref());
    let after = level_name(model, change.after.as_deref());
    let delta = change.delta.map_or(String::new(), |d| format!(" ({d:+})"));
    println!("  {label:<34} {before:<16} -> {after}{delta}");
}

fn print_projection(model: &Model, phase: u32, projection: &Projection) {
    println!(
        "What if phase {phase} is done ({} ratings raised):",
        projection.changes.len()
    );
    print_change(model, "Overall", &projection.overall);
    for change in &projection.dimensions {
        let id = change.dimension.as_deref().unwrap_or("");
        print_change(model, dimension_name(model, id), change);
    }
    println!();
}

fn print_progress(model: &Model, progress: &ProgressReport) {
    let since = progress
        .before_date
        .as_deref()
        .unwrap_or("the earlier assessment");
    println!("Progress since {since}:");
    print_change(model, "Overall", &progress.overall);
    for change in &progress.dimensions {
        let id = change.dimension.as_deref().unwrap_or("");
        print_change(model, dimension_name(model, id), change);
    }
    print_wrapped("  newly met: ", "    ", &list(&progress.newly_met));
    print_wrapped("  regressed: ", "    ", &list(&progress.regressed));
    println!("  ratings changed: {}", progress.rating_changes.len());
}

/// Prints `text` wrapped at [`WIDTH`] columns, starting with `first` and
/// indenting the following lines with `rest`. A word longer than a line
/// gets a line of its own.
fn print_wrapped(first: &str, rest: &str, text: &str) {
    let mut line = first.to_owned();
    let mut empty = true;
    for word in text.split_whitespace() {
        let fits = line.chars().count() + 1 + word.chars().count() <= WIDTH;
        if !empty && !fits {
            println!("{line}");
            line = rest.to_owned();
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    println!("{line}");
}

fn list(ids: &[String]) -> String {
    if ids.is_empty() {
        "none".to_owned()
    } else {
        ids.join(", ")
    }
}
