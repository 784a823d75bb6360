//! Reports people read: Markdown documents and an SVG radar chart.

mod cohort;
mod markdown;
mod svg;

pub use self::cohort::render_cohort_markdown;
pub use self::markdown::MarkdownReport;
pub use self::svg::{RadarSeries, render_radar};
