//! A Markdown report of one classification, for pasting into an account
//! plan or a wiki.

use std::fmt::Write as _;

use crate::classify::{Classification, DimensionResult};
use crate::gap::{DimensionGap, GapReport};
use crate::model::Model;
use crate::roadmap::Roadmap;

/// A Markdown report of a classification: the overall level and a table of
/// the dimensions' levels, scores and progress, each with the sentence that
/// explains it, and optionally the gaps, with the assessor's note on each
/// rating to raise, and the roadmap. Every name, statement, note and id is
/// escaped, so no value can break a table or start a heading.
///
/// # Examples
///
/// ```
/// use maturity::{Assessment, MarkdownReport, Subject, SubjectKind, Target};
///
/// let model = maturity::kam();
/// let assessment = Assessment::new("kam", "1.0.0", Subject::new("t1", SubjectKind::Team));
/// let bound = model.bind(&assessment)?;
/// let classification = bound.classify();
/// let gaps = bound.gaps(&Target::NextLevel)?;
/// let markdown = MarkdownReport::new(model, &classification).gaps(&gaps).render();
/// assert!(markdown.starts_with("# Maturity report: t1\n"));
/// # Ok::<(), maturity::Error>(())
/// ```
#[derive(Debug, Clone, Copy)]
#[must_use]
pub struct MarkdownReport<'a> {
    model: &'a Model,
    classification: &'a Classification,
    gaps: Option<&'a GapReport>,
    roadmap: Option<&'a Roadmap>,
}

impl<'a> MarkdownReport<'a> {
    /// Starts a report of `classification`, made with `model`.
    pub fn new(model: &'a Model, classification: &'a Classification) -> MarkdownReport<'a> {
        MarkdownReport {
            model,
            classification,
            gaps: None,
            roadmap: None,
        }
    }

    /// Adds a section with the gaps of each dimension and the model's
    /// guidance.
    pub fn gaps(mut self, gaps: &'a GapReport) -> MarkdownReport<'a> {
        self.gaps = Some(gaps);
        self
    }

    /// Adds a section with the roadmap as numbered phases.
    pub fn roadmap(mut self, roadmap: &'a Roadmap) -> MarkdownReport<'a> {
        self.roadmap = Some(roadmap);
        self
    }

    /// Renders the report.
    #[must_use]
    pub fn render(&self) -> String {
        let mut out = String::new();
        self.heading(&mut out);
        self.overall(&mut out);
        self.dimensions(&mut out);
        if let Some(gaps) = self.gaps {
            self.gap_section(&mut out, gaps);
        }
        if let Some(roadmap) = self.roadmap {
            self.roadmap_section(&mut out, roadmap);
        }
        out
    }

    fn heading(&self, out: &mut String) {
        let c = self.classification;
        let subject = &c.subject;
        let _ = writeln!(
            out,
            "# Maturity report: {}\n",
            escape(subject.display_name())
        );
        let _ = writeln!(
            out,
            "- Subject: {} ({}, `{}`)",
            escape(subject.display_name()),
            kind(subject.kind),
            code(&subject.id)
        );
        let _ = writeln!(
            out,
            "- Model: {} {}",
            escape(self.model.name()),
            escape(self.model.version())
        );
        let _ = writeln!(
            out,
            "- Assessor: {}",
            c.assessor
                .as_deref()
                .map_or("not recorded".to_owned(), escape)
        );
        let _ = writeln!(
            out,
            "- Date: {}\n",
            c.date.as_deref().map_or("not recorded".to_owned(), escape)
        );
    }

    fn level_name(&self, id: Option<&str>) -> String {
        match id.and_then(|id| self.model.level(id)) {
            Some(level) => format!("{} {}", level.number, escape(&level.name)),
            None => "not assessable".to_owned(),
        }
    }

    fn dimension_name(&self, id: &str) -> String {
        let name = self
            .model
            .dimensions()
            .iter()
            .find(|d| d.id == id)
            .map_or(id, |d| d.name.as_str());
        escape(name)
    }

    /// Returns the assessor's note on the rating of `indicator`, if any.
    fn note(&self, indicator: &str) -> Option<&str> {
        self.classification
            .dimensions
            .iter()
            .flat_map(|dimension| &dimension.levels)
            .flat_map(|level| &level.indicators)
            .find(|check| check.indicator == indicator)
            .and_then(|check| check.note.as_deref())
    }

    fn overall(&self, out: &mut String) {
        let overall = &self.classification.overall;
        match overall.level.as_deref() {
            Some(level) => {
                let _ = writeln!(out, "## Overall: level {}\n", self.level_name(Some(level)));
            }
            None => out.push_str("## Overall: not assessable\n\n"),
        }
        // At the top level nothing holds the subject back.
        let at_top = overall.level.as_deref() == self.model.levels().last().map(|l| l.id.as_str());
        if !overall.limiting.is_empty() && !at_top {
            let names: Vec<String> = overall
                .limiting
                .iter()
                .map(|d| self.dimension_name(d))
                .collect();
            let _ = writeln!(out, "Limited by: {}.\n", names.join(", "));
        }
        if !overall.not_assessable.is_empty() {
            let names: Vec<String> = overall
                .not_assessable
                .iter()
                .map(|d| self.dimension_name(d))
                .collect();
            let _ = writeln!(
                out,
                "Not assessable (every indicator rated n/a): {}.\n",
                names.join(", ")
            );
        }
        let _ = writeln!(out, "Why: {}.\n", escape(&overall.explanation));
    }

    fn dimensions(&self, out: &mut String) {
        out.push_str("## Dimensions\n\n");
        out.push_str("| Dimension | Level | Score | Progress toward the next level |\n");
        out.push_str("| --- | --- | --- | --- |\n");
        for dimension in &self.classification.dimensions {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                escape(&dimension.name),
                self.level_name(dimension.level.as_deref()),
                score(dimension),
                progress(dimension)
            );
        }
        out.push_str(
            "\nThe score is the level number plus the progress toward the next \
             level, a fraction below 1, rounded down to two decimals.\n\n",
        );
        out.push_str("Why each dimension is at its level:\n\n");
        for dimension in &self.classification.dimensions {
            let _ = writeln!(
                out,
                "- **{}:** {}.",
                escape(&dimension.name),
                escape(&dimension.explanation)
            );
        }
        out.push('\n');
    }

    fn gap_section(&self, out: &mut String, gaps: &GapReport) {
        out.push_str("## Gaps\n\n");
        if gaps.is_empty() {
            out.push_str("Every assessable dimension has reached its target.\n\n");
            return;
        }
        for dimension in gaps.dimensions.iter().filter(|d| !d.items.is_empty()) {
            self.dimension_gap(out, dimension);
        }
    }

    fn dimension_gap(&self, out: &mut String, gap: &DimensionGap) {
        let _ = writeln!(
            out,
            "### {}: {} to {}\n",
            self.dimension_name(&gap.dimension),
            self.level_name(gap.current.as_deref()),
            self.level_name(gap.target.as_deref())
        );
        for step in &gap.advance {
            let _ = writeln!(
                out,
                "> **{} to {}:** {}\n",
                self.level_name(Some(&step.from)),
                self.level_name(Some(&step.to)),
                escape(&step.guidance)
            );
        }
        out.push_str(
            "| Indicator | Level | Current | Required | Weight | Assessor's note \
             | Evidence to look for |\n",
        );
        out.push_str("| --- | --- | --- | --- | --- | --- | --- |\n");
        for item in &gap.items {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} |",
                escape(&item.statement),
                item.number,
                item.current
                    .as_deref()
                    .map_or("unanswered".to_owned(), escape),
                escape(&item.required),
                item.weight,
                self.note(&item.indicator).map_or(String::new(), escape),
                escape(&item.guidance)
            );
        }
        out.push('\n');
    }

    fn roadmap_section(&self, out: &mut String, roadmap: &Roadmap) {
        let summary = &roadmap.summary;
        out.push_str("## Roadmap\n\n");
        let _ = writeln!(
            out,
            "{} ratings to raise; {}% of the rating score the targets need is already in place.\n",
            summary.items, summary.percent_to_target
        );
        for phase in &roadmap.phases {
            let names: Vec<String> = phase
                .dimensions
                .iter()
                .map(|d| self.dimension_name(d))
                .collect();
            let _ = writeln!(
                out,
                "{}. **Reach level {}** ({})",
                phase.phase,
                self.level_name(Some(&phase.level)),
                names.join(", ")
            );
            for (position, item) in phase.items.iter().enumerate() {
                let statement = self
                    .model
                    .indicator(&item.indicator)
                    .map_or("", |i| i.statement.as_str());
                let current = item.current.as_deref().unwrap_or("unanswered");
                let _ = writeln!(
                    out,
                    "    {}. {} ({} to {})",
                    position + 1,
                    escape(statement),
                    escape(current),
                    escape(&item.required)
                );
            }
        }
        out.push('\n');
    }
}

/// Returns the dimension's exact score as displayed, rounded down to two
/// decimals so that a score just under a level never shows as that level.
fn score(dimension: &DimensionResult) -> String {
    match dimension.score {
        Some(score) => score.to_string(),
        None => "not assessable".to_owned(),
    }
}

fn progress(dimension: &DimensionResult) -> String {
    match (&dimension.next, dimension.assessable) {
        (_, false) => "not assessable".to_owned(),
        (None, true) => "top level reached".to_owned(),
        (Some(next), true) => format!(
            "{} of {} criteria met, {}% by weight",
            next.met, next.applicable, next.percent
        ),
    }
}

fn kind(kind: crate::SubjectKind) -> &'static str {
    match kind {
        crate::SubjectKind::Individual => "individual",
        crate::SubjectKind::Team => "team",
        crate::SubjectKind::Organization => "organization",
    }
}

/// Escapes text for a Markdown table cell or list item: characters with a
/// Markdown meaning get a backslash, and line breaks become spaces, so that
/// no value can break the table around it.
pub(super) fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '|' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '~' | '&' => {
                escaped.push('\\');
                escaped.push(c);
            }
            '\r' | '\n' => escaped.push(' '),
            c if c.is_control() => escaped.push(' '),
            c => escaped.push(c),
        }
    }
    escaped
}

/// Prepares text for a code span: backticks cannot be escaped there, so
/// they are replaced.
pub(super) fn code(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '`' => '\'',
            '|' => '/',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_keeps_tables_intact() {
        let cases = [
            ("plain text", "plain text"),
            ("a | b", "a \\| b"),
            ("*bold* and _it_", "\\*bold\\* and \\_it\\_"),
            ("line one\nline two\r\n", "line one line two  "),
            ("<script>", "\\<script\\>"),
            ("# heading", "\\# heading"),
            ("back\\slash", "back\\\\slash"),
            ("&lt; entity", "\\&lt; entity"),
        ];
        for (input, expected) in cases {
            assert_eq!(escape(input), expected, "{input:?}");
        }
    }

    #[test]
    fn code_replaces_backticks() {
        assert_eq!(code("a`b|c"), "a'b/c");
    }
}
