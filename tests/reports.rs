//! Markdown reports and SVG radar charts: structure checks and golden files.
//!
//! The golden files under `tests/golden/` hold the expected output for the
//! bundled KAM samples. After an intended change of the output, rewrite them
//! with:
//!
//! ```sh
//! UPDATE_GOLDEN=1 cargo test --test reports
//! ```

use std::path::{Path, PathBuf};

use maturity::{Assessment, MarkdownReport, Model, RadarSeries, Target};

const SAMPLES: [&str; 3] = ["emerging-team", "steady-team", "leading-individual"];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn sample(name: &str) -> Assessment {
    let path = root().join(format!("examples/assessments/{name}.json"));
    Assessment::from_json_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Compares `actual` with a golden file, or rewrites the file when
/// `UPDATE_GOLDEN` is set.
#[track_caller]
fn check_golden(file: &str, actual: &str) {
    let path = root().join("tests/golden").join(file);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "{} is missing; run UPDATE_GOLDEN=1 cargo test --test reports",
            path.display()
        )
    });
    assert!(
        expected == actual,
        "{} differs from the output; if the change is intended, run UPDATE_GOLDEN=1 cargo test --test reports",
        display(&path)
    );
}

fn display(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .display()
        .to_string()
}

fn chart(model: &Model, assessment: &Assessment) -> String {
    let bound = model.bind(assessment).unwrap();
    let classification = bound.classify();
    let target = bound.gaps(&Target::NextLevel).unwrap();
    let series = [
        RadarSeries::current(&classification),
        RadarSeries::target(&target),
    ];
    maturity::render_radar(model, assessment.subject.display_name(), &series)
}

fn markdown(model: &Model, assessment: &Assessment) -> String {
    let bound = model.bind(assessment).unwrap();
    let classification = bound.classify();
    let gaps = bound.gaps(&Target::NextLevel).unwrap();
    let roadmap = bound.roadmap(&Target::NextLevel, None).unwrap();
    MarkdownReport::new(model, &classification)
        .gaps(&gaps)
        .roadmap(&roadmap)
        .render()
}

#[test]
fn golden_charts_and_reports() {
    let model = maturity::kam();
    for name in SAMPLES {
        let assessment = sample(name);
        check_golden(&format!("{name}.svg"), &chart(model, &assessment));
        check_golden(&format!("{name}.md"), &markdown(model, &assessment));
    }
}

/// Returns the `points` of each series polygon, as pairs of numbers.
fn series_vertices(svg: &str) -> Vec<(String, Vec<(f64, f64)>)> {
    let document = roxmltree::Document::parse(svg).expect("the chart is well-formed XML");
    document
        .descendants()
        .filter(|node| node.attribute("class") == Some("series"))
        .map(|group| {
            let label = group.attribute("data-series").unwrap().to_owned();
            let polygon = group
                .children()
                .find(|n| n.has_tag_name("polygon"))
                .unwrap();
            let points = polygon
                .attribute("points")
                .unwrap()
                .split_whitespace()
                .map(|pair| {
                    let (x, y) = pair.split_once(',').unwrap();
                    (x.parse().unwrap(), y.parse().unwrap())
                })
                .collect();
            (label, points)
        })
        .collect()
}

/// Returns the distance of each vertex from the centre, as a ring number
/// counted from 1 for the floor.
fn rings(vertices: &[(f64, f64)], levels: usize) -> Vec<u32> {
    vertices
        .iter()
        .map(|(x, y)| {
            let radius = ((x - 300.0).powi(2) + (y - 290.0).powi(2)).sqrt();
            (radius / 160.0 * levels as f64).round() as u32
        })
        .collect()
}

#[test]
fn chart_vertices_follow_levels() {
    let model = maturity::kam();
    // Ring numbers count from 1 at the floor, so KAM level n sits on ring n.
    let cases = [
        (
            "emerging-team",
            vec![3, 2, 2, 3, 2, 2],
            vec![4, 3, 3, 4, 3, 3],
        ),
        (
            "steady-team",
            vec![4, 3, 4, 3, 3, 3],
            vec![5, 4, 5, 4, 4, 4],
        ),
        (
            "leading-individual",
            vec![5, 4, 5, 4, 4, 4],
            vec![5, 5, 5, 5, 5, 5],
        ),
    ];
    for (name, current, target) in cases {
        let svg = chart(model, &sample(name));
        let series = series_vertices(&svg);
        assert_eq!(series.len(), 2, "{name}");
        assert_eq!(series[0].0, "Current");
        assert_eq!(rings(&series[0].1, 5), current, "{name} current");
        assert_eq!(series[1].0, "Target");
        assert_eq!(rings(&series[1].1, 5), target, "{name} target");
    }
}

#[test]
fn chart_structure_is_accessible() {
    let model = maturity::kam();
    let svg = chart(model, &sample("steady-team"));
    let document = roxmltree::Document::parse(&svg).unwrap();
    let root = document.root_element();
    assert_eq!(root.attribute("width"), Some("600"));
    assert_eq!(root.attribute("height"), Some("600"));
    let class_count = |class: &str| {
        document
            .descendants()
            .filter(|n| n.attribute("class") == Some(class))
            .count()
    };
    assert_eq!(class_count("axis"), 6);
    assert_eq!(class_count("ring"), 5);
    let title = root.children().find(|n| n.has_tag_name("title")).unwrap();
    assert_eq!(title.text(), Some("Ridgeline Components key account team"));
    assert!(root.children().any(|n| n.has_tag_name("desc")));
    let legend = document
        .descendants()
        .find(|n| n.attribute("class") == Some("legend"))
        .unwrap();
    let labels: Vec<&str> = legend
        .children()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(labels, ["Current", "Target"]);
}

#[test]
fn chart_marks_dimensions_that_are_not_assessable() {
    let model = maturity::kam();
    let mut assessment = sample("steady-team");
    for rating in assessment
        .ratings
        .iter_mut()
        .filter(|r| r.indicator.starts_with("technology-"))
    {
        rating.rating = "n/a".to_owned();
    }
    let classification = model.bind(&assessment).unwrap().classify();
    let svg = maturity::render_radar(model, "n/a case", &[RadarSeries::current(&classification)]);
    let series = series_vertices(&svg);
    assert_eq!(rings(&series[0].1, 5), vec![4, 3, 4, 3, 3]);
    let document = roxmltree::Document::parse(&svg).unwrap();
    let marks: Vec<&str> = document
        .descendants()
        .filter(|n| n.attribute("class") == Some("not-assessable"))
        .filter_map(|n| n.attribute("data-dimension"))
        .collect();
    assert_eq!(marks, ["technology"]);
}

#[test]
fn chart_escapes_text_and_is_identical_across_runs() {
    let model = maturity::kam();
    let classification = model.bind(&sample("steady-team")).unwrap().classify();
    let series = [RadarSeries::current(&classification)];
    let first = maturity::render_radar(model, "A <b> & \"c\"", &series);
    let second = maturity::render_radar(model, "A <b> & \"c\"", &series);
    assert_eq!(first, second);
    let document = roxmltree::Document::parse(&first).unwrap();
    let title = document
        .root_element()
        .children()
        .find(|n| n.has_tag_name("title"))
        .unwrap();
    assert_eq!(title.text(), Some("A <b> & \"c\""));
}

#[test]
fn markdown_escapes_statements_and_notes() {
    let model = maturity::kam();
    let mut assessment = sample("emerging-team");
    assessment.subject.name = Some("Team | *one*\nsecond line".to_owned());
    let bound = model.bind(&assessment).unwrap();
    let classification = bound.classify();
    let report = MarkdownReport::new(model, &classification).render();
    let first_line = report.lines().next().unwrap();
    assert_eq!(
        first_line,
        "# Maturity report: Team \\| \\*one\\* second line"
    );
    for line in report.lines().filter(|line| line.starts_with('|')) {
        let cells = line.matches(" | ").count() - line.matches("\\| ").count();
        assert_eq!(cells, 2, "a table row has three cells: {line}");
    }
}
