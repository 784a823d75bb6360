//! Roadmaps: gap items ordered into phases, one per level crossed.
//!
//! Phase 1 raises every dimension that stands at the lowest level by one
//! level, phase 2 the next level, and so on. A dimension therefore joins the
//! roadmap in the phase that takes it one level above where it stands, so
//! the dimensions that limit the overall level come first and the overall
//! level rises as early as the plan allows: weakest link first.
//!
//! Inside a phase, an item always comes after the items it requires, in
//! topological order. Among the items that are ready, the ranking is:
//!
//! 1. dimensions at a lower level first (the weakest link);
//! 2. higher `impact` first, where an indicator gives one (absent counts as
//!    3, the middle of the 1 to 5 range);
//! 3. lower `effort` first (absent counts as 3);
//! 4. model order.
//!
//! Each item carries a sentence that explains its place.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::assessment::ModelRef;
use crate::classify::Status;
use crate::gap::{GapItem, Target};
use crate::model::{Answer, BoundAssessment};
use crate::problem::{Error, ErrorKind, Problem, ProblemCode};

/// The rank of a roadmap item inside its phase: the level of its dimension,
/// the complement of its impact, its effort and its model index.
type RankKey = (usize, u8, u8, usize);

/// The effort or impact assumed for an indicator that gives none.
const DEFAULT_RANK_VALUE: u8 = 3;

/// Gap items ordered into phases, with summary figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Maturity roadmap")]
#[non_exhaustive]
pub struct Roadmap {
    /// The model and version used.
    pub model: ModelRef,
    /// Id of the subject assessed.
    pub subject: String,
    /// The phases, in the order to work through them.
    pub phases: Vec<Phase>,
    /// Figures over the whole roadmap.
    pub summary: RoadmapSummary,
}

/// The items that take one or more dimensions up to one level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Phase {
    /// Position of the phase, counted from 1.
    pub phase: u32,
    /// Id of the level the phase's dimensions reach.
    pub level: String,
    /// Displayed number of that level.
    pub number: u32,
    /// Ids of the dimensions that reach the level in this phase, in model
    /// order.
    pub dimensions: Vec<String>,
    /// The items, in the order to work on them.
    pub items: Vec<RoadmapItem>,
}

/// One rating to raise, with its place in the roadmap explained.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct RoadmapItem {
    /// Id of the indicator.
    pub indicator: String,
    /// Id of the indicator's dimension.
    pub dimension: String,
    /// Id of the indicator's level.
    pub level: String,
    /// The current rating; `null` when unanswered.
    pub current: Option<String>,
    /// Id of the lowest scale point that closes the gap.
    pub required: String,
    /// The indicator's weight.
    pub weight: u32,
    /// The indicator's effort estimate, 1 to 5, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effort: Option<u8>,
    /// The indicator's impact estimate, 1 to 5, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impact: Option<u8>,
    /// Ids of the items of this phase that must come first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub after: Vec<String>,
    /// The reason for the item's place: its dimension's level, impact, effort and prerequisites.
    pub reason: String,
}

/// Figures over a whole roadmap.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct RoadmapSummary {
    /// Number of items in the roadmap.
    pub items: u32,
    /// Number of items per dimension, in model order.
    pub per_dimension: Vec<DimensionCount>,
    /// Weighted rating score that the targets ask for: the sum, over every
    /// applicable criterion of every targeted level, of weight times the
    /// score of the required point.
    pub target_score: u64,
    /// Weighted rating score still missing: the sum, over the criteria that
    /// fall short, of weight times the score the rating must gain.
    pub gap_score: u64,
    /// `1 - gap_score / target_score` as a percentage, rounded down.
    pub percent_to_target: u32,
    /// Progress since a baseline assessment, when one was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<BaselineProgress>,
}

/// The number of roadmap items in one dimension.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct DimensionCount {
    /// Id of the dimension.
    pub dimension: String,
    /// Number of items.
    pub items: u32,
}

/// Progress toward the same targets since a baseline assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct BaselineProgress {
    /// Date of the baseline assessment, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The baseline's percent to target, rounded down.
    pub percent_to_target: u32,
    /// Current percent to target minus the baseline's.
    pub change: i64,
    /// Criteria that fell short at the baseline and no longer do, in model
    /// order.
    pub closed: Vec<String>,
    /// Criteria that fall short now but did not at the baseline, in model
    /// order.
    pub opened: Vec<String>,
}

/// Shortfall of one dimension against its target.
struct Shortfall {
    target_score: u64,
    gap_score: u64,
    short: Vec<usize>,
}

impl BoundAssessment<'_> {
    /// Orders the gaps toward `target` into a roadmap of phases, and
    /// measures the distance to the target, and the progress since
    /// `baseline` when one is given.
    ///
    /// # Errors
    ///
    /// Returns an error of kind [`ErrorKind::InvalidTarget`] as
    /// [`BoundAssessment::gaps`] does, and one of kind
    /// [`ErrorKind::InvalidAssessment`] when the baseline is of another
    /// model, model version or subject.
    ///
    /// # Examples
    ///
    /// ```
    /// use maturity::{Assessment, Subject, SubjectKind, Target};
    ///
    /// let model = maturity::kam();
    /// let assessment = Assessment::new("kam", "1.0.0", Subject::new("t1", SubjectKind::Team));
    /// let roadmap = model.bind(&assessment)?.roadmap(&Target::NextLevel, None)?;
    /// assert_eq!(roadmap.phases.len(), 1);
    /// assert_eq!(roadmap.phases[0].level, "awareness");
    /// assert_eq!(roadmap.summary.percent_to_target, 0);
    /// # Ok::<(), maturity::Error>(())
    /// ```
    pub fn roadmap(
        &self,
        target: &Target,
        baseline: Option<&BoundAssessment<'_>>,
    ) -> Result<Roadmap, Error> {
        let report = self.gaps(target)?;
        let levels: Vec<Option<usize>> = (0..self.model.dimensions().len())
            .map(|dimension| self.dimension_level(dimension))
            .collect();
        let targets = self.absolute_targets(&self.resolve_target(target)?, &levels);
        let phases = self.phases(report.items(), &levels);
        let summary = self.summary(&phases, &targets, baseline)?;
        Ok(Roadmap {
            model: report.model,
            subject: report.subject,
            phases,
            summary,
        })
    }

    /// Turns "next level" targets into level indices, and drops the targets
    /// of dimensions that are not assessable or already at the top.
    fn absolute_targets(
        &self,
        targets: &[Option<usize>],
        levels: &[Option<usize>],
    ) -> Vec<Option<usize>> {
        let top = self.model.levels().len() - 1;
        targets
            .iter()
            .zip(levels)
            .map(|(&target, &current)| {
                let current = current?;
                match target {
                    Some(target) => Some(target),
                    None => (current < top).then_some(current + 1),
                }
            })
            .collect()
    }

    fn phases<'a>(
        &self,
        items: impl Iterator<Item = &'a GapItem>,
        levels: &[Option<usize>],
    ) -> Vec<Phase> {
        let model = self.model;
        let mut by_level: BTreeMap<usize, Vec<(usize, &GapItem)>> = BTreeMap::new();
        for item in items {
            let Some(indicator) = model.indicator_index(&item.indicator) else {
                continue;
            };
            let (dimension, level) = model.indicator_position(indicator);
            let current = levels[dimension].unwrap_or(0);
            by_level
                .entry(level.max(current + 1))
                .or_default()
                .push((indicator, item));
        }
        by_level
            .into_iter()
            .zip(1u32..)
            .map(|((level, indicators), phase)| self.phase(phase, level, &indicators, levels))
            .collect()
    }

    fn phase(
        &self,
        phase: u32,
        level: usize,
        members: &[(usize, &GapItem)],
        levels: &[Option<usize>],
    ) -> Phase {
        let model = self.model;
        let indicators: Vec<usize> = members.iter().map(|&(indicator, _)| indicator).collect();
        let items_by_indicator: BTreeMap<usize, &GapItem> = members.iter().copied().collect();
        let mut dimensions: Vec<usize> = indicators
            .iter()
            .map(|&i| model.indicator_position(i).0)
            .collect();
        dimensions.sort_unstable();
        dimensions.dedup();
        let items = self
            .order_phase(&indicators, levels)
            .into_iter()
            .filter_map(|(indicator, after)| {
                let item = items_by_indicator.get(&indicator)?;
                Some(self.roadmap_item(item, indicator, after, levels))
            })
            .collect();
        let spec = &model.levels()[level];
        Phase {
            phase,
            level: spec.id.clone(),
            number: spec.number,
            dimensions: dimensions
                .iter()
                .map(|&d| model.dimensions()[d].id.clone())
                .collect(),
            items,
        }
    }

    /// Orders a phase's indicators: prerequisites first, then by rank, with
    /// Kahn's algorithm over a heap of the items that are ready. Returns each
    /// indicator with the phase members it must follow.
    fn order_phase(
        &self,
        indicators: &[usize],
        levels: &[Option<usize>],
    ) -> Vec<(usize, Vec<usize>)> {
        let members: BTreeSet<usize> = indicators.iter().copied().collect();
        let prerequisites: BTreeMap<usize, Vec<usize>> = indicators
            .iter()
            .map(|&indicator| (indicator, self.prerequisites_among(indicator, &members)))
            .collect();
        let mut waiting: BTreeMap<usize, usize> = BTreeMap::new();
        let mut dependents: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (&indicator, required) in &prerequisites {
            waiting.insert(indicator, required.len());
            for &prerequisite in required {
                dependents.entry(prerequisite).or_default().push(indicator);
            }
        }
        let mut ready: BinaryHeap<Reverse<(RankKey, usize)>> = waiting
            .iter()
            .filter(|&(_, &count)| count == 0)
            .map(|(&indicator, _)| Reverse((self.rank_key(indicator, levels), indicator)))
            .collect();
        let mut ordered = Vec::with_capacity(indicators.len());
        while let Some(Reverse((_, next))) = ready.pop() {
            for &dependent in dependents.get(&next).into_iter().flatten() {
                if let Some(count) = waiting.get_mut(&dependent) {
                    *count -= 1;
                    if *count == 0 {
                        ready.push(Reverse((self.rank_key(dependent, levels), dependent)));
                    }
                }
            }
            let after = prerequisites.get(&next).cloned().unwrap_or_default();
            ordered.push((next, after));
        }
        ordered
    }

    /// Returns the members of `members` that `indicator` requires, directly
    /// or through indicators outside the phase, in model order. The search
    /// stops at each member, whose own prerequisites come before it anyway.
    fn prerequisites_among(&self, indicator: usize, members: &BTreeSet<usize>) -> Vec<usize> {
        let model = self.model;
        let mut seen = BTreeSet::new();
        let mut found = BTreeSet::new();
        let mut stack = vec![indicator];
        while let Some(current) = stack.pop() {
            for id in &model.indicators()[current].requires {
                let Some(required) = model.indicator_index(id) else {
                    continue;
                };
                if required == indicator || !seen.insert(required) {
                    continue;
                }
                if members.contains(&required) {
                    found.insert(required);
                } else {
                    stack.push(required);
                }
            }
        }
        found.into_iter().collect()
    }

    /// Returns the sort key of an item inside its phase: lower first.
    fn rank_key(&self, indicator: usize, levels: &[Option<usize>]) -> RankKey {
        let spec = &self.model.indicators()[indicator];
        let (dimension, _) = self.model.indicator_position(indicator);
        let current = levels[dimension].unwrap_or(0);
        let impact = spec.impact.unwrap_or(DEFAULT_RANK_VALUE);
        let effort = spec.effort.unwrap_or(DEFAULT_RANK_VALUE);
        (current, u8::MAX - impact, effort, indicator)
    }

    fn roadmap_item(
        &self,
        item: &GapItem,
        indicator: usize,
        after: Vec<usize>,
        levels: &[Option<usize>],
    ) -> RoadmapItem {
        let model = self.model;
        let spec = &model.indicators()[indicator];
        let (dimension, _) = model.indicator_position(indicator);
        let current_level = levels[dimension].unwrap_or(0);
        let after: Vec<String> = after
            .iter()
            .map(|&i| model.indicators()[i].id.clone())
            .collect();
        let mut reason = format!(
            "{} stands at level {}; impact {}, effort {}",
            model.dimensions()[dimension].id,
            model.levels()[current_level].number,
            describe(spec.impact),
            describe(spec.effort),
        );
        if !after.is_empty() {
            reason.push_str(&format!("; after its prerequisites {}", after.join(", ")));
        }
        RoadmapItem {
            indicator: spec.id.clone(),
            dimension: spec.dimension.clone(),
            level: spec.level.clone(),
            current: item.current.clone(),
            required: item.required.clone(),
            weight: spec.weight,
            effort: spec.effort,
            impact: spec.impact,
            after,
            reason,
        }
    }

    /// Measures how far one dimension stands from `target`.
    fn shortfall(&self, dimension: usize, target: usize) -> Shortfall {
        let model = self.model;
        let mut shortfall = Shortfall {
            target_score: 0,
            gap_score: 0,
            short: Vec::new(),
        };
        for level in 1..=target {
            for &indicator in model.group(dimension, level) {
                let required = self.required_point(indicator, target);
                let required_score = u64::from(model.point(indicator, required).score);
                let weight = u64::from(model.indicators()[indicator].weight);
                let current_score = match self.answers[indicator] {
                    Answer::NotApplicable => continue,
                    Answer::Unanswered => 0,
                    Answer::Point(point) => u64::from(model.point(indicator, point).score),
                };
                shortfall.target_score += weight * required_score;
                if matches!(
                    self.status(indicator, required),
                    Status::Below | Status::Unanswered
                ) {
                    shortfall.gap_score += weight * required_score.saturating_sub(current_score);
                    shortfall.short.push(indicator);
                }
            }
        }
        shortfall
    }

    /// Sums the shortfalls of every dimension with a target.
    fn total_shortfall(&self, targets: &[Option<usize>]) -> Shortfall {
        let mut total = Shortfall {
            target_score: 0,
            gap_score: 0,
            short: Vec::new(),
        };
        for (dimension, target) in targets.iter().enumerate() {
            let Some(target) = *target else { continue };
            if self.dimension_level(dimension).is_none() {
                continue;
            }
            let shortfall = self.shortfall(dimension, target);
            total.target_score += shortfall.target_score;
            total.gap_score += shortfall.gap_score;
            total.short.extend(shortfall.short);
        }
        total.short.sort_unstable();
        total
    }

    fn summary(
        &self,
        phases: &[Phase],
        targets: &[Option<usize>],
        baseline: Option<&BoundAssessment<'_>>,
    ) -> Result<RoadmapSummary, Error> {
        let model = self.model;
        let per_dimension: Vec<DimensionCount> = model
            .dimensions()
            .iter()
            .map(|dimension| DimensionCount {
                dimension: dimension.id.clone(),
                items: count(
                    phases
                        .iter()
                        .flat_map(|p| &p.items)
                        .filter(|i| i.dimension == dimension.id),
                ),
            })
            .collect();
        let now = self.total_shortfall(targets);
        let percent = percent_to_target(&now);
        let baseline = match baseline {
            Some(baseline) => Some(self.baseline_progress(baseline, targets, &now, percent)?),
            None => None,
        };
        Ok(RoadmapSummary {
            items: count(phases.iter().flat_map(|p| &p.items)),
            per_dimension,
            target_score: now.target_score,
            gap_score: now.gap_score,
            percent_to_target: percent,
            baseline,
        })
    }

    fn baseline_progress(
        &self,
        baseline: &BoundAssessment<'_>,
        targets: &[Option<usize>],
        now: &Shortfall,
        percent: u32,
    ) -> Result<BaselineProgress, Error> {
        let model = self.model;
        let same_model =
            baseline.model.id() == model.id() && baseline.model.version() == model.version();
        if !same_model || baseline.subject.id != self.subject.id {
            let problem = Problem::error(
                "",
                ProblemCode::MixedSubjects,
                format!(
                    "the baseline is of subject {:?} under model {:?} version {:?}, not subject {:?} under model {:?} version {:?}",
                    baseline.subject.id,
                    baseline.model.id(),
                    baseline.model.version(),
                    self.subject.id,
                    model.id(),
                    model.version()
                ),
                "give an earlier assessment of the same subject under the same model version",
            );
            return Err(Error::single(ErrorKind::InvalidAssessment, problem));
        }
        let then = baseline.total_shortfall(targets);
        let then_percent = percent_to_target(&then);
        let ids = |indices: Vec<usize>| {
            indices
                .into_iter()
                .map(|i| model.indicators()[i].id.clone())
                .collect()
        };
        Ok(BaselineProgress {
            date: baseline.date.clone(),
            percent_to_target: then_percent,
            change: i64::from(percent) - i64::from(then_percent),
            closed: ids(then
                .short
                .iter()
                .copied()
                .filter(|i| now.short.binary_search(i).is_err())
                .collect()),
            opened: ids(now
                .short
                .iter()
                .copied()
                .filter(|i| then.short.binary_search(i).is_err())
                .collect()),
        })
    }
}

fn percent_to_target(shortfall: &Shortfall) -> u32 {
    if shortfall.target_score == 0 {
        return 100;
    }
    let done = shortfall.target_score - shortfall.gap_score.min(shortfall.target_score);
    u32::try_from(done * 100 / shortfall.target_score).unwrap_or(100)
}

fn count<T>(items: impl Iterator<Item = T>) -> u32 {
    u32::try_from(items.count()).unwrap_or(u32::MAX)
}

fn describe(value: Option<u8>) -> String {
    match value {
        Some(value) => value.to_string(),
        None => format!("{DEFAULT_RANK_VALUE} (not given)"),
    }
}
