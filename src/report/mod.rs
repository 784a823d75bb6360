//! Reports people read: a Markdown document and an SVG radar chart.

mod markdown;
mod svg;

pub use self::markdown::MarkdownReport;
pub use self::svg::{RadarSeries, render_radar};
