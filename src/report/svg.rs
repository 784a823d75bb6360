//! A radar chart of dimension levels, as an SVG document.
//!
//! The output is plain SVG 1.1 text written by hand, with every coordinate
//! rounded to two decimals. Sines and cosines come from a polynomial that
//! uses only addition and multiplication, which IEEE 754 rounds the same way
//! everywhere, so the same input gives the same bytes on every platform.

use std::fmt::Write as _;

use crate::classify::Classification;
use crate::gap::GapReport;
use crate::model::Model;
use crate::team::{LevelFigures, LevelRef, RollUp};

/// Width and height of the chart, in pixels.
const SIZE: f64 = 600.0;
/// Centre of the radar.
const CENTER_X: f64 = 300.0;
const CENTER_Y: f64 = 290.0;
/// Radius of the outermost ring.
const RADIUS: f64 = 160.0;

/// Colours of the series, from the Okabe-Ito palette, which stays distinct
/// under the common forms of colour blindness: blue, vermilion, bluish green
/// and reddish purple.
const COLOURS: [&str; 4] = ["#0072B2", "#D55E00", "#009E73", "#CC79A7"];
/// Dash patterns, so that series also differ without colour.
const DASHES: [&str; 4] = ["", "8 4", "2 3", "12 3 2 3"];

/// One polygon of a radar chart: a level per dimension, in model order.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RadarSeries {
    /// Legend text.
    pub label: String,
    /// Level id per dimension, in model order; `None` marks a dimension
    /// that is not assessable, which is marked on its axis instead of drawn.
    pub levels: Vec<Option<String>>,
}

impl RadarSeries {
    /// Creates a series from a label and a level id per dimension.
    #[must_use]
    pub fn new(label: &str, levels: Vec<Option<String>>) -> RadarSeries {
        RadarSeries {
            label: label.to_owned(),
            levels,
        }
    }

    /// Returns the levels each dimension of a classification stands at.
    #[must_use]
    pub fn current(classification: &Classification) -> RadarSeries {
        let levels = classification
            .dimensions
            .iter()
            .map(|d| d.level.clone())
            .collect();
        RadarSeries::new("Current", levels)
    }

    /// Returns the target level of each dimension of a gap report. A
    /// dimension already at or above its target, or at the top level, shows
    /// its current level.
    #[must_use]
    pub fn target(report: &GapReport) -> RadarSeries {
        let levels = report
            .dimensions
            .iter()
            .map(|d| {
                if d.reached {
                    d.current.clone()
                } else {
                    d.target.clone()
                }
            })
            .collect();
        RadarSeries::new("Target", levels)
    }

    /// Returns the lower median level of each dimension of a roll-up, the
    /// level of the middle of the group. A dimension where no subject is
    /// assessable has no level, so it is marked on its axis.
    ///
    /// # Examples
    ///
    /// ```
    /// use maturity::{Assessment, RadarSeries, RollUp, Subject, SubjectKind};
    ///
    /// let model = maturity::kam();
    /// let mut classifications = Vec::new();
    /// for id in ["ana", "ben"] {
    ///     let assessment = Assessment::new("kam", "1.0.0", Subject::new(id, SubjectKind::Individual));
    ///     classifications.push(model.bind(&assessment)?.classify());
    /// }
    /// let roll_up = RollUp::build(model, &classifications, "repeatable")?;
    /// let series = [
    ///     RadarSeries::roll_up_target(&roll_up),
    ///     RadarSeries::lower_median(&roll_up),
    ///     RadarSeries::minimum(&roll_up),
    /// ];
    /// assert_eq!(series[1].levels[0].as_deref(), Some("ad-hoc"));
    /// let svg = maturity::render_radar(model, "Team", &series);
    /// assert_eq!(svg.matches("class=\"series\"").count(), 3);
    /// # Ok::<(), maturity::Error>(())
    /// ```
    #[must_use]
    pub fn lower_median(roll_up: &RollUp) -> RadarSeries {
        RadarSeries::from_figures("Lower median", roll_up, |f| f.lower_median.as_ref())
    }

    /// Returns the minimum level of each dimension of a roll-up, the level
    /// of the weakest subject. A dimension where no subject is assessable
    /// has no level, so it is marked on its axis.
    #[must_use]
    pub fn minimum(roll_up: &RollUp) -> RadarSeries {
        RadarSeries::from_figures("Minimum", roll_up, |f| f.minimum.as_ref())
    }

    /// Returns the target level of a roll-up on every dimension.
    #[must_use]
    pub fn roll_up_target(roll_up: &RollUp) -> RadarSeries {
        let target = Some(roll_up.target.id.clone());
        RadarSeries::new("Target", vec![target; roll_up.dimensions.len()])
    }

    fn from_figures(
        label: &str,
        roll_up: &RollUp,
        level: impl Fn(&LevelFigures) -> Option<&LevelRef>,
    ) -> RadarSeries {
        let levels = roll_up
            .dimensions
            .iter()
            .map(|d| level(&d.figures).map(|l| l.id.clone()))
            .collect();
        RadarSeries::new(label, levels)
    }
}

/// Renders a radar chart of `series` over the dimensions of `model`.
///
/// There is one axis per dimension in model order and one ring per level,
/// labelled with the level number. Each series is a closed polygon in its
/// own colour and dash pattern, drawn in order so that later series lie on
/// top, and listed in a legend. A dimension without a level in a series is
/// left out of its polygon and marked with a circle on its axis, which a
/// key below the legend explains. At most four series are
/// drawn; later ones are left out. A level id the model does not have is
/// treated as not assessable.
///
/// # Examples
///
/// ```
/// use maturity::{Assessment, RadarSeries, Subject, SubjectKind};
///
/// let model = maturity::kam();
/// let assessment = Assessment::new("kam", "1.0.0", Subject::new("t1", SubjectKind::Team));
/// let classification = model.bind(&assessment)?.classify();
/// let svg = maturity::render_radar(model, "Team t1", &[RadarSeries::current(&classification)]);
/// assert!(svg.starts_with("<svg"));
/// assert_eq!(svg.matches("class=\"axis\"").count(), 6);
/// # Ok::<(), maturity::Error>(())
/// ```
#[must_use]
pub fn render_radar(model: &Model, title: &str, series: &[RadarSeries]) -> String {
    let mut svg = String::new();
    let series = &series[..series.len().min(COLOURS.len())];
    header(&mut svg, model, title, series);
    rings(&mut svg, model);
    axes(&mut svg, model);
    for (index, one) in series.iter().enumerate() {
        polygon(&mut svg, model, one, index);
    }
    ring_labels(&mut svg, model);
    legend(&mut svg, series);
    not_assessable_key(&mut svg, model, series);
    svg.push_str("</svg>\n");
    svg
}

fn header(svg: &mut String, model: &Model, title: &str, series: &[RadarSeries]) {
    let title = escape(title);
    let names: Vec<String> = series.iter().map(|s| escape(&s.label)).collect();
    let _ = writeln!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{SIZE:.0}\" height=\"{SIZE:.0}\" \
         viewBox=\"0 0 {SIZE:.0} {SIZE:.0}\" role=\"img\" aria-labelledby=\"chart-title chart-desc\">"
    );
    let _ = writeln!(svg, "<title id=\"chart-title\">{title}</title>");
    let _ = writeln!(
        svg,
        "<desc id=\"chart-desc\">Radar chart of {} dimensions of {} {}, one ring per level, showing: {}.</desc>",
        model.dimensions().len(),
        escape(model.name()),
        escape(model.version()),
        names.join(", ")
    );
    let _ = writeln!(
        svg,
        "<rect width=\"{SIZE:.0}\" height=\"{SIZE:.0}\" fill=\"#FFFFFF\"/>"
    );
    let _ = writeln!(
        svg,
        "<text x=\"{CENTER_X:.0}\" y=\"30\" text-anchor=\"middle\" font-family=\"sans-serif\" \
         font-size=\"18\" font-weight=\"bold\" fill=\"#222222\">{title}</text>"
    );
}

fn rings(svg: &mut String, model: &Model) {
    let count = model.levels().len();
    let dimensions = model.dimensions().len();
    svg.push_str("<g class=\"rings\" fill=\"none\" stroke=\"#BBBBBB\" stroke-width=\"1\">\n");
    for (index, level) in model.levels().iter().enumerate() {
        let radius = ring_radius(index, count);
        let points: Vec<String> = (0..dimensions)
            .map(|axis| point(axis, dimensions, radius))
            .collect();
        let _ = writeln!(
            svg,
            "<polygon class=\"ring\" data-level=\"{}\" points=\"{}\"/>",
            escape(&level.id),
            points.join(" ")
        );
    }
    svg.push_str("</g>\n");
}

/// Writes the level number beside each ring, on a white backing, after the
/// series so that no polygon hides them.
fn ring_labels(svg: &mut String, model: &Model) {
    let count = model.levels().len();
    svg.push_str(
        "<g class=\"ring-labels\" font-family=\"sans-serif\" font-size=\"11\" fill=\"#555555\">\n",
    );
    for (index, level) in model.levels().iter().enumerate() {
        let y = CENTER_Y - ring_radius(index, count);
        let number = level.number.to_string();
        // About 6.5 pixels per digit at font size 11, plus a margin.
        let digits = f64::from(u32::try_from(number.len()).unwrap_or(10));
        let _ = writeln!(
            svg,
            "<rect x=\"{:.2}\" y=\"{:.2}\" width=\"{:.2}\" height=\"12\" rx=\"2\" \
             fill=\"#FFFFFF\" fill-opacity=\"0.85\"/>",
            CENTER_X + 2.0,
            y - 12.0,
            digits * 6.5 + 4.0
        );
        let _ = writeln!(
            svg,
            "<text x=\"{:.2}\" y=\"{:.2}\">{number}</text>",
            CENTER_X + 4.0,
            y - 2.0
        );
    }
    svg.push_str("</g>\n");
}

fn axes(svg: &mut String, model: &Model) {
    let dimensions = model.dimensions().len();
    svg.push_str(
        "<g class=\"axes\" font-family=\"sans-serif\" font-size=\"13\" fill=\"#222222\">\n",
    );
    for (axis, dimension) in model.dimensions().iter().enumerate() {
        let (x, y) = coordinates(axis, dimensions, RADIUS);
        let _ = writeln!(
            svg,
            "<line class=\"axis\" data-dimension=\"{}\" x1=\"{CENTER_X:.2}\" y1=\"{CENTER_Y:.2}\" \
             x2=\"{x:.2}\" y2=\"{y:.2}\" stroke=\"#888888\" stroke-width=\"1\"/>",
            escape(&dimension.id)
        );
        let (label_x, label_y) = coordinates(axis, dimensions, RADIUS + 22.0);
        let anchor = if (label_x - CENTER_X).abs() < 1.0 {
            "middle"
        } else if label_x > CENTER_X {
            "start"
        } else {
            "end"
        };
        let lines = wrap(&dimension.name, 18);
        // Labels above the centre grow upward, the others downward.
        let first_y = if label_y < CENTER_Y - 1.0 {
            label_y + 4.0 - 15.0 * f64::from(u32::try_from(lines.len() - 1).unwrap_or(0))
        } else {
            label_y + 4.0
        };
        let _ = write!(
            svg,
            "<text x=\"{label_x:.2}\" y=\"{first_y:.2}\" text-anchor=\"{anchor}\">"
        );
        for (index, line) in lines.iter().enumerate() {
            let dy = if index == 0 { 0.0 } else { 15.0 };
            let _ = write!(
                svg,
                "<tspan x=\"{label_x:.2}\" dy=\"{dy:.0}\">{}</tspan>",
                escape(line)
            );
        }
        svg.push_str("</text>\n");
    }
    svg.push_str("</g>\n");
}

fn polygon(svg: &mut String, model: &Model, series: &RadarSeries, index: usize) {
    let count = model.levels().len();
    let dimensions = model.dimensions().len();
    let colour = COLOURS[index];
    let dash = match DASHES[index] {
        "" => String::new(),
        pattern => format!(" stroke-dasharray=\"{pattern}\""),
    };
    let level_index = |axis: usize| level_index(model, series, axis);
    let points: Vec<String> = (0..dimensions)
        .filter_map(|axis| {
            Some(point(
                axis,
                dimensions,
                ring_radius(level_index(axis)?, count),
            ))
        })
        .collect();
    let _ = writeln!(
        svg,
        "<g class=\"series\" data-series=\"{}\">",
        escape(&series.label)
    );
    let _ = writeln!(
        svg,
        "<polygon points=\"{}\" fill=\"{colour}\" fill-opacity=\"0.12\" stroke=\"{colour}\" \
         stroke-width=\"2.5\"{dash}/>",
        points.join(" ")
    );
    // Each series marks its own spot on the axis, so that the marks of
    // several series do not cover one another.
    let mark_radius = RADIUS - 14.0 * f64::from(u32::try_from(index).unwrap_or(0));
    for axis in (0..dimensions).filter(|&axis| level_index(axis).is_none()) {
        let (x, y) = coordinates(axis, dimensions, mark_radius);
        let _ = writeln!(
            svg,
            "<circle class=\"not-assessable\" data-dimension=\"{}\" cx=\"{x:.2}\" cy=\"{y:.2}\" r=\"6\" \
             fill=\"#FFFFFF\" stroke=\"{colour}\" stroke-width=\"2\"><title>not assessable</title></circle>",
            escape(&model.dimensions()[axis].id)
        );
    }
    svg.push_str("</g>\n");
}

/// Returns the index in the model's levels of the level `series` gives
/// on `axis`, or `None` when it gives none or one the model does not have.
fn level_index(model: &Model, series: &RadarSeries, axis: usize) -> Option<usize> {
    let id = series.levels.get(axis)?.as_deref()?;
    model.levels().iter().position(|level| level.id == id)
}

/// Explains the not-assessable mark below the legend, when a series has
/// one.
fn not_assessable_key(svg: &mut String, model: &Model, series: &[RadarSeries]) {
    let axes = model.dimensions().len();
    let marked = series
        .iter()
        .any(|one| (0..axes).any(|axis| level_index(model, one, axis).is_none()));
    if !marked {
        return;
    }
    let _ = writeln!(
        svg,
        "<g class=\"not-assessable-key\" font-family=\"sans-serif\" font-size=\"12\" \
         fill=\"#444444\">\n<circle cx=\"{:.2}\" cy=\"588\" r=\"5\" fill=\"#FFFFFF\" \
         stroke=\"#444444\" stroke-width=\"2\"/>\n<text x=\"{:.2}\" y=\"592\">not assessable: \
         no level on this axis</text>\n</g>",
        CENTER_X - 110.0,
        CENTER_X - 100.0
    );
}

fn legend(svg: &mut String, series: &[RadarSeries]) {
    svg.push_str(
        "<g class=\"legend\" font-family=\"sans-serif\" font-size=\"13\" fill=\"#222222\">\n",
    );
    let width = 140.0;
    let start = CENTER_X - width * f64::from(u32::try_from(series.len()).unwrap_or(1)) / 2.0;
    for (index, one) in series.iter().enumerate() {
        let x = start + width * f64::from(u32::try_from(index).unwrap_or(0));
        let dash = match DASHES[index] {
            "" => String::new(),
            pattern => format!(" stroke-dasharray=\"{pattern}\""),
        };
        let _ = writeln!(
            svg,
            "<line x1=\"{x:.2}\" y1=\"570\" x2=\"{:.2}\" y2=\"570\" stroke=\"{}\" stroke-width=\"3\"{dash}/>",
            x + 28.0,
            COLOURS[index]
        );
        let _ = writeln!(
            svg,
            "<text x=\"{:.2}\" y=\"575\">{}</text>",
            x + 34.0,
            escape(&one.label)
        );
    }
    svg.push_str("</g>\n");
}

/// Splits a label into lines of at most `width` characters at spaces; a
/// longer word gets a line of its own.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

/// Returns the radius of the ring of the level at `index` of `count`. The
/// floor gets the innermost ring rather than the centre, so that a
/// dimension at the floor still draws a visible vertex.
fn ring_radius(index: usize, count: usize) -> f64 {
    let count = count.max(1);
    RADIUS * f64::from(u32::try_from(index + 1).unwrap_or(u32::MAX))
        / f64::from(u32::try_from(count).unwrap_or(u32::MAX))
}

fn point(axis: usize, axes: usize, radius: f64) -> String {
    let (x, y) = coordinates(axis, axes, radius);
    format!("{x:.2},{y:.2}")
}

/// Returns the position on `axis` of `axes` at `radius`. The first axis
/// points up, and the others follow clockwise.
fn coordinates(axis: usize, axes: usize, radius: f64) -> (f64, f64) {
    let turn = f64::from(u32::try_from(axis).unwrap_or(0))
        / f64::from(u32::try_from(axes.max(1)).unwrap_or(1));
    let (sin, cos) = sin_cos_of_turn(turn);
    let x = CENTER_X + radius * sin;
    let y = CENTER_Y - radius * cos;
    (clean_zero(x), clean_zero(y))
}

/// Turns a negative zero into zero, so that `-0.00` never appears.
fn clean_zero(value: f64) -> f64 {
    if value == 0.0 { 0.0 } else { value }
}

/// Returns the sine and cosine of an angle given in turns (1 turn = 360°).
///
/// The angle is reduced to the first eighth of a turn by symmetry and then
/// evaluated with Taylor polynomials, which are accurate to better than
/// 1e-12 there: far below the 0.005 that two-decimal output can show.
fn sin_cos_of_turn(turn: f64) -> (f64, f64) {
    let turn = turn - turn.floor();
    let octant_position = turn * 8.0;
    let octant = octant_position.floor();
    let within = octant_position - octant;
    // Angle within the octant, in radians, mirrored on odd octants.
    let quarter_pi = std::f64::consts::FRAC_PI_4;
    let (sin, cos) = match octant as u8 {
        0 => taylor(within * quarter_pi),
        1 => swap(taylor((1.0 - within) * quarter_pi)),
        2 => {
            let (s, c) = taylor(within * quarter_pi);
            (c, -s)
        }
        3 => {
            let (s, c) = taylor((1.0 - within) * quarter_pi);
            (s, -c)
        }
        4 => {
            let (s, c) = taylor(within * quarter_pi);
            (-s, -c)
        }
        5 => {
            let (s, c) = taylor((1.0 - within) * quarter_pi);
            (-c, -s)
        }
        6 => {
            let (s, c) = taylor(within * quarter_pi);
            (-c, s)
        }
        _ => {
            let (s, c) = taylor((1.0 - within) * quarter_pi);
            (-s, c)
        }
    };
    (sin, cos)
}

fn swap((a, b): (f64, f64)) -> (f64, f64) {
    (b, a)
}

/// Returns the sine and cosine of `x` in radians, for `0 <= x <= pi/4`.
fn taylor(x: f64) -> (f64, f64) {
    let x2 = x * x;
    let mut sin = 0.0;
    let mut cos = 0.0;
    let mut sin_term = x;
    let mut cos_term = 1.0;
    for n in 1..=10u32 {
        sin += sin_term;
        cos += cos_term;
        let k = f64::from(2 * n);
        sin_term = -sin_term * x2 / (k * (k + 1.0));
        cos_term = -cos_term * x2 / ((k - 1.0) * k);
    }
    (sin, cos)
}

/// Escapes text for SVG element content and attribute values.
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c if c.is_control() => escaped.push(' '),
            c => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sin_cos_matches_the_standard_library() {
        for step in 0..=720 {
            let turn = f64::from(step) / 720.0;
            let (sin, cos) = sin_cos_of_turn(turn);
            let angle = turn * std::f64::consts::TAU;
            assert!((sin - angle.sin()).abs() < 1e-12, "sin at {turn}");
            assert!((cos - angle.cos()).abs() < 1e-12, "cos at {turn}");
        }
    }

    #[test]
    fn coordinates_of_four_axes() {
        let cases = [
            (0, (300.0, 130.0)),
            (1, (460.0, 290.0)),
            (2, (300.0, 450.0)),
            (3, (140.0, 290.0)),
        ];
        for (axis, (x, y)) in cases {
            let (got_x, got_y) = coordinates(axis, 4, RADIUS);
            assert_eq!(
                format!("{got_x:.2},{got_y:.2}"),
                format!("{x:.2},{y:.2}"),
                "axis {axis}"
            );
        }
    }

    #[test]
    fn wrap_splits_at_spaces() {
        assert_eq!(
            wrap("Communication and collaboration", 18),
            ["Communication and", "collaboration"]
        );
        assert_eq!(wrap("Process", 18), ["Process"]);
        assert_eq!(wrap("", 18), [""]);
    }

    #[test]
    fn escape_handles_markup_and_controls() {
        assert_eq!(escape("a<b & \"c\"\n"), "a&lt;b &amp; &quot;c&quot; ");
    }
}
