//! Markdown reports and SVG radar charts: structure checks and golden files.
//!
//! The golden files under `tests/golden/` hold the expected output for the
//! bundled KAM samples and for the roll-up of the bundled team
//! (`team.md` and `team.svg`). After an intended change of the output,
//! rewrite them with:
//!
//! ```sh
//! UPDATE_GOLDEN=1 cargo test --test reports
//! ```

mod common;

use std::path::{Path, PathBuf};

use maturity::{
    Assessment, Classification, Consensus, ConsensusPolicy, MarkdownReport, Model, RadarSeries,
    RollUp, Target,
};
use serde_json::{Value, json};

use common::TinyModel;

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
    assert_eq!(class_count("not-assessable-key"), 0);
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

/// Rolls up the bundled team as the `team` example does: each member's
/// self-assessment and manager's assessment combined under the `minimum`
/// policy, against level 3.
fn team_roll_up(model: &Model) -> RollUp {
    let folder = root().join("examples/team");
    let mut classifications: Vec<Classification> = Vec::new();
    for member in ["amara", "bastian", "chloe", "dev", "elin"] {
        let group: Vec<Assessment> = ["self", "manager"]
            .iter()
            .map(|role| {
                let path = folder.join(format!("{member}.{role}.json"));
                Assessment::from_json_str(&std::fs::read_to_string(path).unwrap()).unwrap()
            })
            .collect();
        let consensus = Consensus::build(model, &group, ConsensusPolicy::Minimum).unwrap();
        classifications.push(model.bind(&consensus.assessment).unwrap().classify());
    }
    RollUp::build(model, &classifications, "repeatable").unwrap()
}

fn team_chart(model: &Model, roll_up: &RollUp) -> String {
    let series = [
        RadarSeries::roll_up_target(roll_up),
        RadarSeries::lower_median(roll_up),
        RadarSeries::minimum(roll_up),
    ];
    maturity::render_radar(model, "Team of 5 against level 3 (Repeatable)", &series)
}

#[test]
fn golden_team_chart_and_report() {
    let model = maturity::kam();
    let roll_up = team_roll_up(model);
    check_golden("team.svg", &team_chart(model, &roll_up));
    check_golden(
        "team.md",
        &maturity::render_cohort_markdown(model, &roll_up),
    );
}

#[test]
fn team_chart_vertices_follow_roll_up() {
    let model = maturity::kam();
    let svg = team_chart(model, &team_roll_up(model));
    let series = series_vertices(&svg);
    let expected: [(&str, [u32; 6]); 3] = [
        ("Target", [3, 3, 3, 3, 3, 3]),
        ("Lower median", [3, 3, 3, 3, 3, 2]),
        ("Minimum", [2, 2, 2, 2, 3, 2]),
    ];
    assert_eq!(series.len(), expected.len());
    for ((label, vertices), (expected_label, rings_expected)) in series.iter().zip(expected) {
        assert_eq!(label, expected_label);
        assert_eq!(rings(vertices, 5), rings_expected, "{label}");
    }
}

/// Returns the `data-dimension` of every not-assessable mark, per series.
fn not_assessable_marks(svg: &str) -> Vec<(String, Vec<String>)> {
    let document = roxmltree::Document::parse(svg).unwrap();
    document
        .descendants()
        .filter(|node| node.attribute("class") == Some("series"))
        .map(|group| {
            let label = group.attribute("data-series").unwrap().to_owned();
            let marks = group
                .children()
                .filter(|n| n.attribute("class") == Some("not-assessable"))
                .filter_map(|n| n.attribute("data-dimension"))
                .map(str::to_owned)
                .collect();
            (label, marks)
        })
        .collect()
}

#[test]
fn roll_up_chart_marks_dimensions_without_assessable_subjects() {
    let model = maturity::kam();
    let classifications: Vec<Classification> = ["steady-team", "emerging-team"]
        .iter()
        .map(|name| {
            let mut assessment = sample(name);
            assessment
                .ratings
                .retain(|r| !r.indicator.starts_with("technology-"));
            for indicator in model.indicators() {
                if indicator.dimension == "technology" {
                    assessment.rate(&indicator.id, "n/a");
                }
            }
            model.bind(&assessment).unwrap().classify()
        })
        .collect();

    let roll_up = RollUp::build(model, &classifications, "predictable").unwrap();
    let series = [
        RadarSeries::lower_median(&roll_up),
        RadarSeries::minimum(&roll_up),
        RadarSeries::roll_up_target(&roll_up),
    ];
    let svg = maturity::render_radar(model, "Two teams", &series);
    let vertices = series_vertices(&svg);
    // Emerging is at 3 2 2 3 2 and steady at 4 3 4 3 3 in the first five
    // dimensions, so with two subjects the lower median is the minimum.
    assert_eq!(rings(&vertices[0].1, 5), [3, 2, 2, 3, 2]);
    assert_eq!(rings(&vertices[1].1, 5), [3, 2, 2, 3, 2]);
    assert_eq!(rings(&vertices[2].1, 5), [4, 4, 4, 4, 4, 4]);

    let marks = not_assessable_marks(&svg);
    let technology = vec!["technology".to_owned()];
    assert_eq!(marks[0], ("Lower median".to_owned(), technology.clone()));
    assert_eq!(marks[1], ("Minimum".to_owned(), technology));
    assert_eq!(marks[2], ("Target".to_owned(), Vec::new()));

    let document = roxmltree::Document::parse(&svg).unwrap();
    let centres: Vec<(&str, &str)> = document
        .descendants()
        .filter(|n| n.attribute("class") == Some("not-assessable"))
        .map(|n| (n.attribute("cx").unwrap(), n.attribute("cy").unwrap()))
        .collect();
    assert_eq!(centres.len(), 2);
    assert_ne!(centres[0], centres[1], "the marks cover one another");
    let keys = document
        .descendants()
        .filter(|n| n.attribute("class") == Some("not-assessable-key"))
        .count();
    assert_eq!(keys, 1);
}

#[test]
fn markdown_shows_scores_and_explanations() {
    let report = markdown(maturity::kam(), &sample("steady-team"));
    let expected = [
        "Why: minimum of dimension levels: 3 (Account planning, Leadership mindset, \
         Customer experience, Technology and data).\n",
        "| Dimension | Level | Score | Progress toward the next level |\n",
        "| Process | 4 Predictable | 4.00 | 0 of 2 criteria met, 0% by weight |\n",
        "| Account planning | 3 Repeatable | 3.66 | 1 of 2 criteria met, 66% by weight |\n",
        "- **Process:** stays at level 4 because 2 of 2 level-5 criteria are below 'largely': \
         process-5-journey-mapped, process-5-journey-revised-with-clients.\n",
        "- **Technology and data:** stays at level 3 because 1 of 2 level-4 criteria is below \
         'largely': technology-4-cross-department-access.\n",
        "| 4 | partly | largely | 1 | Plans name the buyer and one technical contact but leave \
         out finance and executive stakeholders. | Compare the stakeholder list",
    ];
    for fragment in expected {
        assert!(
            report.contains(fragment),
            "missing {fragment:?} in\n{report}"
        );
    }
}

#[test]
fn markdown_marks_dimensions_that_are_not_assessable() {
    let model = maturity::kam();
    let mut assessment = sample("steady-team");
    for rating in assessment
        .ratings
        .iter_mut()
        .filter(|r| r.indicator.starts_with("technology-"))
    {
        rating.rating = "n/a".to_owned();
    }
    let report = markdown(model, &assessment);
    let expected = [
        "Not assessable (every indicator rated n/a): Technology and data.\n",
        "| Technology and data | not assessable | not assessable | not assessable |\n",
        "- **Technology and data:** not assessable: every indicator is rated n/a.\n",
    ];
    for fragment in expected {
        assert!(
            report.contains(fragment),
            "missing {fragment:?} in\n{report}"
        );
    }
}

/// Returns the number of cells of a Markdown table row: the pipes that no
/// backslash escapes, less one.
fn cell_count(row: &str) -> usize {
    let mut pipes: usize = 0;
    let mut chars = row.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '|' => pipes += 1,
            _ => {}
        }
    }
    pipes.saturating_sub(1)
}

/// Checks that every row of every table has as many cells as its header,
/// and returns the number of tables.
#[track_caller]
fn check_tables(markdown: &str) -> usize {
    let mut tables = 0;
    let mut header: Option<usize> = None;
    for line in markdown.lines() {
        if !line.starts_with('|') {
            header = None;
            continue;
        }
        let cells = cell_count(line);
        match header {
            None => {
                tables += 1;
                header = Some(cells);
            }
            Some(expected) => assert_eq!(cells, expected, "row {line:?}"),
        }
    }
    tables
}

#[test]
fn cell_count_skips_escaped_pipes() {
    let cases = [
        ("| a | b |", 2),
        ("| a \\| b |", 1),
        ("| a \\\\| b |", 2),
        ("| `x` | **y** | z |", 3),
    ];
    for (row, expected) in cases {
        assert_eq!(cell_count(row), expected, "{row:?}");
    }
}

/// Text with Markdown syntax, an HTML tag and entity, and line breaks that
/// would start a heading and a list item.
const HOSTILE: &str = "a | b *c* _d_ `e` [f](g) <h> &amp;\n# heading\n- item";

/// Builds a three-level model whose names, statements and guidance are
/// `text`, and an assessment of it whose subject name, assessor and note
/// are `text`.
fn model_and_assessment(text: &str) -> (Model, Assessment) {
    let mut document = TinyModel::new(3, &["a-2 d 2", "a-3 d 3", "b-2 e 2"]).to_json();
    document["name"] = json!(text);
    document["dimensions"][0]["name"] = json!(text);
    document["levels"][1]["name"] = json!(text);
    document["levels"][1]["advance"] = json!(text);
    for indicator in document["indicators"].as_array_mut().unwrap() {
        indicator["statement"] = json!(text);
        indicator["guidance"] = json!(text);
    }
    let model = Model::from_json_str(&document.to_string())
        .unwrap_or_else(|error| panic!("{:#?}", error.problems()));
    let assessment = json!({
        "format_version": 1,
        "model": { "id": model.id(), "version": model.version() },
        "subject": { "id": "s1", "kind": "team", "name": text },
        "assessor": text,
        "ratings": [
            { "indicator": "a-2", "rating": "p", "note": text },
            { "indicator": "b-2", "rating": "f" },
        ],
    });
    let assessment = Assessment::from_json_str(&assessment.to_string())
        .unwrap_or_else(|error| panic!("{:#?}", error.problems()));
    (model, assessment)
}

fn full_markdown(model: &Model, assessment: &Assessment) -> String {
    let bound = model.bind(assessment).unwrap();
    let classification = bound.classify();
    let target = Target::Level("level-3".to_owned());
    let gaps = bound.gaps(&target).unwrap();
    let roadmap = bound.roadmap(&target, None).unwrap();
    MarkdownReport::new(model, &classification)
        .gaps(&gaps)
        .roadmap(&roadmap)
        .render()
}

#[test]
fn markdown_escapes_hostile_text() {
    let (model, assessment) = model_and_assessment(HOSTILE);
    let report = full_markdown(&model, &assessment);
    let (plain_model, plain_assessment) = model_and_assessment("plain words");
    let plain = full_markdown(&plain_model, &plain_assessment);

    let escaped = "a \\| b \\*c\\* \\_d\\_ \\`e\\` \\[f\\](g) \\<h\\> \\&amp; \\# heading - item";
    assert_eq!(
        report.lines().next().unwrap(),
        format!("# Maturity report: {escaped}")
    );
    assert_eq!(report.lines().count(), plain.lines().count(), "{report}");
    // The dimension table and the gap table of dimension `d`.
    assert_eq!(check_tables(&report), 2, "{report}");
    assert_eq!(check_tables(&plain), 2);
    let note_row = format!("| {escaped} | 2 | p | l | 1 | {escaped} | {escaped} |");
    assert!(
        report.contains(&note_row),
        "no gap row {note_row:?} in\n{report}"
    );
    for line in report.lines().skip(1) {
        assert!(
            !line.starts_with("# "),
            "a value starts a heading: {line:?}"
        );
        assert!(
            !line.starts_with("- item"),
            "a value starts a list: {line:?}"
        );
    }
}

#[test]
fn cohort_markdown_escapes_hostile_text() {
    let (model, assessment) = model_and_assessment(HOSTILE);
    let classification = model.bind(&assessment).unwrap().classify();
    let roll_up = RollUp::build(&model, &[classification], "level-3").unwrap();
    // Subject ids are checked against a pattern when an assessment is read,
    // but a roll-up read back from JSON may carry any text.
    let mut document: Value = serde_json::to_value(&roll_up).unwrap();
    document["dimensions"][0]["figures"]["below_target"] = json!(["x|`y`\nz"]);
    let roll_up: RollUp = serde_json::from_value(document).unwrap();
    let report = maturity::render_cohort_markdown(&model, &roll_up);

    assert_eq!(check_tables(&report), 1, "{report}");
    assert!(report.contains("| `x/'y' z` |"), "{report}");
    for line in report.lines().skip(1) {
        assert!(
            !line.starts_with("# "),
            "a value starts a heading: {line:?}"
        );
        assert!(
            !line.starts_with("- item"),
            "a value starts a list: {line:?}"
        );
    }
}

#[test]
fn cohort_markdown_without_assessable_subjects() {
    let model = maturity::kam();
    let mut assessment = sample("steady-team");
    for rating in &mut assessment.ratings {
        rating.rating = "n/a".to_owned();
    }
    let classification = model.bind(&assessment).unwrap().classify();
    let roll_up = RollUp::build(model, &[classification], "repeatable").unwrap();
    let report = maturity::render_cohort_markdown(model, &roll_up);
    let expected = [
        "| Process | 0 | 0 | 0 | 0 | 0 | none assessable | none assessable | none assessable | none |",
        "No dimension has an assessable subject, so none limits the group.",
        "- Process: `ridgeline-kam`",
        "- Overall: `ridgeline-kam`",
    ];
    for fragment in expected {
        assert!(
            report.contains(fragment),
            "missing {fragment:?} in\n{report}"
        );
    }
}
