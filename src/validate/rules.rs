//! Checks of named scales, scale references, dimension weights and level
//! rules with their thresholds.

use std::collections::{BTreeMap, BTreeSet};

use super::{Check, first_indices, join_ids};
use crate::problem::push_token;
use crate::problem::{Problem, ProblemCode};
use crate::spec::{DEFAULT_SCALE_ID, LevelRule, ModelSpec, ScalePoint, Threshold};

/// The scales of a model by id, the default first, then named scales in
/// model order. A repeated id keeps its first scale.
struct Scales<'a> {
    order: Vec<&'a str>,
    points: BTreeMap<&'a str, &'a [ScalePoint]>,
}

impl<'a> Scales<'a> {
    fn new(spec: &'a ModelSpec) -> Scales<'a> {
        let mut scales = Scales {
            order: vec![DEFAULT_SCALE_ID],
            points: BTreeMap::from([(DEFAULT_SCALE_ID, spec.scale.points.as_slice())]),
        };
        for scale in &spec.scales {
            if !scales.points.contains_key(scale.id.as_str()) {
                scales.order.push(&scale.id);
                scales.points.insert(&scale.id, &scale.points);
            }
        }
        scales
    }

    /// Returns whether a scale exists and has points. Thresholds are not
    /// checked against the others, whose problems are reported already.
    fn has_points(&self, scale: &str) -> bool {
        self.points
            .get(scale)
            .is_some_and(|points| !points.is_empty())
    }

    fn has_point(&self, scale: &str, point: &str) -> bool {
        self.points
            .get(scale)
            .is_some_and(|points| points.iter().any(|p| p.id == point))
    }

    fn point_ids(&self, scale: &str) -> String {
        let points = self.points.get(scale).copied().unwrap_or_default();
        join_ids(points.iter().map(|p| p.id.as_str()))
    }

    /// Returns the score of `point` on `scale`, if the scale has it.
    fn score_of(&self, scale: &str, point: &str) -> Option<u32> {
        let points = self.points.get(scale).copied().unwrap_or_default();
        points.iter().find(|p| p.id == point).map(|p| p.score)
    }

    /// Returns the lowest-scoring point of `scale` that scores at least
    /// `score`, the one a `{"percent": score}` threshold resolves to.
    fn lowest_reaching(&self, scale: &str, score: u32) -> Option<&'a str> {
        let points = self.points.get(scale).copied().unwrap_or_default();
        points
            .iter()
            .filter(|p| p.score >= score)
            .min_by_key(|p| p.score)
            .map(|p| p.id.as_str())
    }

    /// Returns the highest score of a scale; 0 for an unknown or empty one.
    fn top_score(&self, scale: &str) -> u32 {
        let points = self.points.get(scale).copied().unwrap_or_default();
        points.iter().map(|p| p.score).max().unwrap_or(0)
    }
}

/// A level rule to check: where it sits and the known scales that the
/// indicators it governs are rated on, in model order.
struct RuleSite<'a> {
    path: String,
    rule: &'a LevelRule,
    scales_in_use: Vec<&'a str>,
}

impl Check {
    /// Checks named scales, the scale of each indicator, dimension weights,
    /// and the model's level rule and each dimension's own rule.
    pub(super) fn rules(&mut self, spec: &ModelSpec) {
        self.named_scales(spec);
        self.indicator_scales(spec);
        self.dimension_weights(spec);
        let scales = Scales::new(spec);
        for site in rule_sites(spec, &scales) {
            self.level_rule(&site, &scales);
        }
    }

    fn named_scales(&mut self, spec: &ModelSpec) {
        let first = first_indices(spec.scales.iter().map(|scale| scale.id.as_str()));
        for (index, scale) in spec.scales.iter().enumerate() {
            let first = first.get(scale.id.as_str()).copied();
            self.entry_id("scales", index, &scale.id, first);
            if scale.id == DEFAULT_SCALE_ID {
                let message = format!("scale id {DEFAULT_SCALE_ID:?} is reserved");
                let hint = "rename the scale: \"default\" names the top-level `scale`";
                let path = format!("/scales/{index}/id");
                self.error(path, ProblemCode::InvalidValue, message, hint);
            }
            self.scale_points(&format!("scales/{index}/points"), &scale.points);
        }
    }

    fn indicator_scales(&mut self, spec: &ModelSpec) {
        let scales = Scales::new(spec);
        let reserved = spec
            .scales
            .iter()
            .position(|scale| scale.id == DEFAULT_SCALE_ID);
        for (index, indicator) in spec.indicators.iter().enumerate() {
            let Some(scale) = &indicator.scale else {
                continue;
            };
            if scales.points.contains_key(scale.as_str()) {
                continue;
            }
            let message = format!("unknown scale {scale:?}");
            let mut hint = format!("use one of: {}", join_ids(scales.order.iter().copied()));
            if let Some(reserved) = reserved {
                hint.push_str(&format!(
                    ", or rename the scale at /scales/{reserved} from the reserved id \
                     {DEFAULT_SCALE_ID:?} to {scale:?}"
                ));
            }
            let path = format!("/indicators/{index}/scale");
            self.error(path, ProblemCode::UnknownReference, message, hint);
        }
    }

    fn dimension_weights(&mut self, spec: &ModelSpec) {
        for (index, dimension) in spec.dimensions.iter().enumerate() {
            if dimension.weight == 0 {
                let message = "weight 0 is not positive".to_owned();
                let path = format!("/dimensions/{index}/weight");
                let hint = "use a weight of 1 or more";
                self.error(path, ProblemCode::InvalidValue, message, hint);
            }
        }
    }

    fn level_rule(&mut self, site: &RuleSite<'_>, scales: &Scales<'_>) {
        let path = &site.path;
        match site.rule {
            LevelRule::All {
                at_level,
                below_level,
            } => {
                self.threshold(&format!("{path}/at_level"), at_level, site, scales);
                self.threshold(&format!("{path}/below_level"), below_level, site, scales);
            }
            LevelRule::Share { threshold, percent } => {
                self.threshold(&format!("{path}/threshold"), threshold, site, scales);
                self.rule_percent(&format!("{path}/percent"), *percent);
            }
            LevelRule::Mean { percent } => {
                let percent_path = format!("{path}/percent");
                self.rule_percent(&percent_path, *percent);
                self.reachable(&percent_path, *percent, site, scales);
            }
        }
    }

    /// Checks the required percentage of a `share` or `mean` rule. Zero is
    /// rejected because every level, even one with no rating met, would
    /// pass.
    fn rule_percent(&mut self, path: &str, percent: u32) {
        let message = match percent {
            0 => "percent 0 lets every level pass".to_owned(),
            1..=100 => return,
            _ => format!("percent {percent} is above 100"),
        };
        let hint = "use a percent from 1 to 100";
        self.error(path.to_owned(), ProblemCode::InvalidValue, message, hint);
    }

    /// Reports each scale in use whose top score is below `percent`.
    fn reachable(&mut self, path: &str, percent: u32, site: &RuleSite<'_>, scales: &Scales<'_>) {
        if percent > 100 {
            return;
        }
        for &scale in &site.scales_in_use {
            let top = scales.top_score(scale);
            if top < percent {
                let message =
                    format!("percent {percent} is above score {top}, the top of scale {scale:?}");
                let hint = format!(
                    "use a percent of at most {top}, or give scale {scale:?} a point scoring {percent} or more"
                );
                self.error(
                    path.to_owned(),
                    ProblemCode::UnreachableThreshold,
                    message,
                    hint,
                );
            }
        }
    }

    fn threshold(
        &mut self,
        path: &str,
        threshold: &Threshold,
        site: &RuleSite<'_>,
        scales: &Scales<'_>,
    ) {
        match threshold {
            Threshold::Point(point) => self.point_threshold(path, point, site, scales),
            Threshold::Percent(percent) => {
                let path = format!("{path}/percent");
                let percent = percent.percent;
                if percent > 100 {
                    let message = format!("percent {percent} is above 100");
                    let hint = "use a percent from 0 to 100";
                    self.error(path, ProblemCode::InvalidValue, message, hint);
                } else {
                    self.reachable(&path, percent, site, scales);
                }
            }
            Threshold::ByScale(map) => {
                let mut by_scale = path.to_owned();
                push_token(&mut by_scale, "by_scale");
                self.by_scale_threshold(&by_scale, &map.by_scale, site, scales);
            }
        }
    }

    fn point_threshold(
        &mut self,
        path: &str,
        point: &str,
        site: &RuleSite<'_>,
        scales: &Scales<'_>,
    ) {
        let missing: Vec<&str> = site
            .scales_in_use
            .iter()
            .copied()
            .filter(|scale| scales.has_points(scale) && !scales.has_point(scale, point))
            .collect();
        if missing.is_empty() {
            return;
        }
        let (message, hint) = if site.scales_in_use == [DEFAULT_SCALE_ID] {
            (
                format!("threshold {point:?} is not a point of the scale"),
                format!(
                    "use one of: {}; or a score such as {{\"percent\": 60}}",
                    scales.point_ids(DEFAULT_SCALE_ID)
                ),
            )
        } else {
            let noun = if missing.len() == 1 {
                "scale"
            } else {
                "scales"
            };
            (
                format!(
                    "threshold {point:?} is not a point of {noun} {}",
                    join_ids(missing.iter().copied())
                ),
                point_hint(point, site, scales),
            )
        };
        self.error(
            path.to_owned(),
            ProblemCode::UnknownReference,
            message,
            hint,
        );
    }

    fn by_scale_threshold(
        &mut self,
        path: &str,
        by_scale: &BTreeMap<String, String>,
        site: &RuleSite<'_>,
        scales: &Scales<'_>,
    ) {
        for (scale, point) in by_scale {
            let mut entry = path.to_owned();
            push_token(&mut entry, scale);
            if !scales.points.contains_key(scale.as_str()) {
                let message = format!("unknown scale {scale:?}");
                let hint = format!("use one of: {}", join_ids(scales.order.iter().copied()));
                self.error(entry, ProblemCode::UnknownReference, message, hint);
            } else if !scales.has_point(scale, point) {
                let message = format!("threshold {point:?} is not a point of scale {scale:?}");
                let hint = format!("use one of: {}", scales.point_ids(scale));
                self.error(entry, ProblemCode::UnknownReference, message, hint);
            }
        }
        for &scale in &site.scales_in_use {
            if !by_scale.contains_key(scale) {
                let message = format!(
                    "the threshold has no point for scale {scale:?}, which indicators under this rule use"
                );
                let hint = format!("add {scale:?}: one of {}", scales.point_ids(scale));
                self.problems.push(Problem::error(
                    path.to_owned(),
                    ProblemCode::UncoveredScale,
                    message,
                    hint,
                ));
            }
        }
    }
}

/// Writes the hint for a point threshold missing from some scale in use
/// under a rule with more than one scale.
///
/// When some scale has the point, each scale in use gets the point itself
/// or, where it lacks it, its lowest point that scores at least as much,
/// as a `by_scale` threshold ready to paste. Otherwise the hint lists the
/// points of each scale to choose from.
fn point_hint(point: &str, site: &RuleSite<'_>, scales: &Scales<'_>) -> String {
    let score = reference_score(point, site, scales);
    let choices: Option<Vec<String>> = score.and_then(|score| {
        site.scales_in_use
            .iter()
            .map(|&scale| {
                let chosen = if scales.has_point(scale, point) {
                    Some(point)
                } else {
                    scales.lowest_reaching(scale, score)
                };
                chosen.map(|chosen| format!("{scale:?}: {chosen:?}"))
            })
            .collect()
    });
    match (choices, score) {
        (Some(choices), Some(score)) => format!(
            "name a point of each scale with {{\"by_scale\": {{{}}}}}, or a score such as {{\"percent\": {score}}}",
            choices.join(", ")
        ),
        _ => {
            let listed: Vec<String> = site
                .scales_in_use
                .iter()
                .map(|&scale| format!("scale {scale:?} has {}", scales.point_ids(scale)))
                .collect();
            format!(
                "name a point of each scale with {{\"by_scale\": {{...}}}}, or a score such as {{\"percent\": 60}}; {}",
                listed.join(" and ")
            )
        }
    }
}

/// Returns the score of `point` on the first scale that has it: a scale in
/// use under the rule first, then any scale of the model, in model order.
fn reference_score(point: &str, site: &RuleSite<'_>, scales: &Scales<'_>) -> Option<u32> {
    site.scales_in_use
        .iter()
        .chain(&scales.order)
        .find_map(|scale| scales.score_of(scale, point))
}

/// Returns the model's level rule and every dimension's own rule, each
/// with the known scales of the indicators it governs. A rule that governs
/// no indicator is checked against the default scale.
fn rule_sites<'a>(spec: &'a ModelSpec, scales: &Scales<'a>) -> Vec<RuleSite<'a>> {
    let overridden: BTreeSet<&str> = spec
        .dimensions
        .iter()
        .filter(|d| d.rule.is_some())
        .map(|d| d.id.as_str())
        .collect();
    let uses_model_rule = |dimension: &str| !overridden.contains(dimension);
    let mut sites = vec![RuleSite {
        path: "/rules/level".to_owned(),
        rule: &spec.rules.level,
        scales_in_use: scales_in_use(spec, scales, |dimension| uses_model_rule(dimension)),
    }];
    for (index, dimension) in spec.dimensions.iter().enumerate() {
        let Some(rule) = &dimension.rule else {
            continue;
        };
        sites.push(RuleSite {
            path: format!("/dimensions/{index}/rule"),
            rule,
            scales_in_use: scales_in_use(spec, scales, |id| id == dimension.id),
        });
    }
    sites
}

fn scales_in_use<'a>(
    spec: &'a ModelSpec,
    scales: &Scales<'a>,
    governs: impl Fn(&str) -> bool,
) -> Vec<&'a str> {
    let used: BTreeSet<&str> = spec
        .indicators
        .iter()
        .filter(|indicator| governs(&indicator.dimension))
        .map(|indicator| indicator.scale.as_deref().unwrap_or(DEFAULT_SCALE_ID))
        .collect();
    let in_use: Vec<&'a str> = scales
        .order
        .iter()
        .copied()
        .filter(|scale| used.contains(scale))
        .collect();
    if in_use.is_empty() {
        vec![DEFAULT_SCALE_ID]
    } else {
        in_use
    }
}
