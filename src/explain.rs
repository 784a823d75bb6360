//! One-sentence explanations of dimension levels.

use crate::classify::Status;
use crate::model::BoundAssessment;
use crate::ratio::Ratio;
use crate::rules::{self, Method};
use crate::spec::{LevelRule, Threshold};

/// Explains why a dimension stands at level index `reached`, or why it is
/// not assessable when `reached` is `None`.
pub(crate) fn dimension(
    bound: &BoundAssessment<'_>,
    dimension: usize,
    reached: Option<usize>,
) -> String {
    let levels = bound.model.levels();
    let Some(reached) = reached else {
        return "not assessable: every indicator is rated n/a".to_owned();
    };
    let number = levels[reached].number;
    let Some(next) = levels.get(reached + 1) else {
        return format!("reaches level {number}, the top level");
    };
    let reason = match bound.model.rules().methods[dimension] {
        Method::All => all_reason(bound, dimension, reached, next.number),
        Method::Share { percent } => {
            let totals = bound.level_totals(dimension, reached + 1, reached + 1);
            let share = rules::share_of(&totals).unwrap_or(Ratio::ZERO);
            let threshold = threshold_text(&bound.model.rules().rules[dimension]);
            format!(
                "the level-{} share meeting {threshold} is {}%, below the required {percent}%",
                next.number,
                share.percent_floor()
            )
        }
        Method::Mean { percent } => {
            let totals = bound.level_totals(dimension, reached + 1, reached + 1);
            let required = Ratio::new(u64::from(percent), 100).unwrap_or(Ratio::ONE);
            format!(
                "the level-{} mean is {}, below the required {required}",
                next.number,
                rules::mean_of(&totals)
            )
        }
    };
    format!("stays at level {number} because {reason}")
}

/// Names the criteria of the next step that are not met under `all`.
fn all_reason(
    bound: &BoundAssessment<'_>,
    dimension: usize,
    reached: usize,
    next_number: u32,
) -> String {
    let model = bound.model;
    let mut applicable = 0;
    let mut failing: Vec<(usize, usize, Status)> = Vec::new();
    // Under a capability rule the step also asks more of the level reached,
    // so the criteria are not all the next level's own.
    let mut all_at_next = true;
    for (indicator, required) in bound.step_criteria(dimension, reached) {
        all_at_next &= model.indicator_position(indicator).1 == reached + 1;
        let status = bound.status(indicator, required);
        if status.is_applicable() {
            applicable += 1;
        }
        if matches!(status, Status::Below | Status::Unanswered) {
            failing.push((indicator, required, status));
        }
    }
    let verb = if failing.len() == 1 { "is" } else { "are" };
    let ids: Vec<&str> = failing
        .iter()
        .map(|&(indicator, _, _)| model.indicators()[indicator].id.as_str())
        .collect();
    let criteria = if all_at_next {
        format!("level-{next_number} criteria")
    } else {
        format!("criteria for level {next_number}")
    };
    format!(
        "{} of {applicable} {criteria} {verb} {}: {}",
        failing.len(),
        shortfall_text(bound, &failing),
        ids.join(", ")
    )
}

/// Describes how the failing criteria fall short: below one named point,
/// below their thresholds, unanswered, or a mix.
fn shortfall_text(bound: &BoundAssessment<'_>, failing: &[(usize, usize, Status)]) -> String {
    let below: Vec<&str> = failing
        .iter()
        .filter(|&&(_, _, status)| status == Status::Below)
        .map(|&(indicator, required, _)| bound.model.point(indicator, required).id.as_str())
        .collect();
    let unanswered = below.len() < failing.len();
    let point = match below.first() {
        Some(first) if below.iter().all(|id| id == first) => format!("below '{first}'"),
        Some(_) => "below their thresholds".to_owned(),
        None => return "unanswered".to_owned(),
    };
    if unanswered {
        format!("{point} or unanswered")
    } else {
        point
    }
}

/// Describes the threshold of a `share` rule.
fn threshold_text(rule: &LevelRule) -> String {
    match rule {
        LevelRule::Share { threshold, .. } => match threshold {
            Threshold::Point(id) => format!("'{id}'"),
            Threshold::Percent(percent) => format!("a score of {}", percent.percent),
            Threshold::ByScale(_) => "the threshold of each scale".to_owned(),
        },
        LevelRule::All { .. } | LevelRule::Mean { .. } => "the threshold".to_owned(),
    }
}
