//! A Markdown summary of a roll-up: the levels of a group of subjects in
//! each dimension, against a target level.

use std::fmt::Write as _;

use super::markdown::{code, escape};
use crate::model::Model;
use crate::team::{LevelFigures, LevelRef, RollUp, Share};

/// Renders a roll-up of many subjects as a Markdown document.
///
/// The document has one table row per dimension in model order and one for
/// the overall levels. A row counts the subjects at each level of `model`
/// and gives the minimum and lower median level, the share of subjects at
/// or above the target level and the subjects below it. The limiting
/// dimension and the subjects that are not assessable follow the table.
/// Every name and id is escaped, so no value can break the table.
///
/// Levels and dimensions are looked up in `model` by id; a level the model
/// does not have shows as its number and id.
///
/// # Examples
///
/// ```
/// use maturity::{Assessment, RollUp, Subject, SubjectKind};
///
/// let model = maturity::kam();
/// let mut classifications = Vec::new();
/// for id in ["ana", "ben"] {
///     let assessment = Assessment::new("kam", "1.0.0", Subject::new(id, SubjectKind::Individual));
///     classifications.push(model.bind(&assessment)?.classify());
/// }
/// let roll_up = RollUp::build(model, &classifications, "repeatable")?;
/// let markdown = maturity::render_cohort_markdown(model, &roll_up);
/// assert!(markdown.starts_with("# Cohort report: 2 subjects against level 3 Repeatable\n"));
/// assert!(markdown.contains("| Process | 2 | 0 | 0 | 0 | 0 |"));
/// # Ok::<(), maturity::Error>(())
/// ```
#[must_use]
pub fn render_cohort_markdown(model: &Model, roll_up: &RollUp) -> String {
    let report = CohortReport { model, roll_up };
    let mut out = String::new();
    report.heading(&mut out);
    report.table(&mut out);
    report.limiting(&mut out);
    report.not_assessable(&mut out);
    out
}

struct CohortReport<'a> {
    model: &'a Model,
    roll_up: &'a RollUp,
}

impl CohortReport<'_> {
    fn heading(&self, out: &mut String) {
        let roll_up = self.roll_up;
        let count = roll_up.subjects.len();
        let noun = if count == 1 { "subject" } else { "subjects" };
        let target = self.level_name(Some(&roll_up.target));
        let _ = writeln!(
            out,
            "# Cohort report: {count} {noun} against level {target}\n"
        );
        let _ = writeln!(
            out,
            "- Model: {} {}",
            escape(self.model.name()),
            escape(&roll_up.model.version)
        );
        let _ = writeln!(out, "- Target: level {target}");
        let _ = writeln!(out, "- Subjects: {}\n", code_list(&roll_up.subjects));
    }

    fn table(&self, out: &mut String) {
        let target = self.roll_up.target.number;
        let levels: Vec<String> = self
            .model
            .levels()
            .iter()
            .map(|level| level.number.to_string())
            .collect();
        out.push_str("## Dimensions\n\n");
        let _ = writeln!(
            out,
            "| Dimension | {} | Minimum | Lower median | At or above {target} | Below {target} |",
            levels.join(" | ")
        );
        let align = vec!["---:"; levels.len()].join(" | ");
        let _ = writeln!(out, "| --- | {align} | --- | --- | --- | --- |");
        for dimension in &self.roll_up.dimensions {
            self.row(out, &escape(&dimension.name), &dimension.figures);
        }
        self.row(out, "**Overall**", &self.roll_up.overall);
        let _ = writeln!(
            out,
            "\nThe columns {} count the subjects at each level. Only assessable \
             subjects count.\n",
            levels.join(", ")
        );
    }

    fn row(&self, out: &mut String, label: &str, figures: &LevelFigures) {
        let counts: Vec<String> = self
            .model
            .levels()
            .iter()
            .map(|level| {
                let found = figures.distribution.iter().find(|c| c.level == level.id);
                found.map_or(0, |c| c.count).to_string()
            })
            .collect();
        let _ = writeln!(
            out,
            "| {label} | {} | {} | {} | {} | {} |",
            counts.join(" | "),
            self.level_name(figures.minimum.as_ref()),
            self.level_name(figures.lower_median.as_ref()),
            share(figures.at_target),
            code_list(&figures.below_target)
        );
    }

    fn limiting(&self, out: &mut String) {
        let roll_up = self.roll_up;
        let found = roll_up
            .limiting
            .as_deref()
            .map(|id| (id, roll_up.dimension(id)));
        let Some((id, dimension)) = found else {
            out.push_str("No dimension has an assessable subject, so none limits the group.\n\n");
            return;
        };
        let name = dimension.map_or_else(|| escape(id), |d| escape(&d.name));
        let figures = dimension.map(|d| &d.figures);
        let _ = writeln!(
            out,
            "Limiting dimension: {name}, with the lowest lower median ({}) and a minimum of {}.\n",
            self.level_name(figures.and_then(|f| f.lower_median.as_ref())),
            self.level_name(figures.and_then(|f| f.minimum.as_ref()))
        );
    }

    fn not_assessable(&self, out: &mut String) {
        let roll_up = self.roll_up;
        let mut lines: Vec<String> = roll_up
            .dimensions
            .iter()
            .filter(|d| !d.figures.not_assessable.is_empty())
            .map(|d| {
                let subjects = code_list(&d.figures.not_assessable);
                format!("- {}: {subjects}", escape(&d.name))
            })
            .collect();
        if !roll_up.overall.not_assessable.is_empty() {
            let subjects = code_list(&roll_up.overall.not_assessable);
            lines.push(format!("- Overall: {subjects}"));
        }
        if lines.is_empty() {
            out.push_str("Every subject is assessable in every dimension.\n");
            return;
        }
        out.push_str("Not assessable (every indicator rated n/a):\n\n");
        for line in lines {
            let _ = writeln!(out, "{line}");
        }
    }

    /// Returns a level as its number and name, such as `3 Repeatable`.
    fn level_name(&self, level: Option<&LevelRef>) -> String {
        let Some(level) = level else {
            return "none assessable".to_owned();
        };
        match self.model.level(&level.id) {
            Some(found) => format!("{} {}", found.number, escape(&found.name)),
            None => format!("{} {}", level.number, escape(&level.id)),
        }
    }
}

/// Returns a share as `3 of 5 (60%)`, or `none assessable` for a total of 0.
fn share(share: Share) -> String {
    match share.percent {
        Some(percent) => format!("{} of {} ({percent}%)", share.met, share.total),
        None => "none assessable".to_owned(),
    }
}

/// Returns ids as comma-separated code spans, or `none` for no ids.
fn code_list(ids: &[String]) -> String {
    if ids.is_empty() {
        return "none".to_owned();
    }
    let spans: Vec<String> = ids.iter().map(|id| format!("`{}`", code(id))).collect();
    spans.join(", ")
}
