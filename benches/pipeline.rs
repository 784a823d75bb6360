//! Benchmarks of the whole pipeline, each beside serde_json's parse of the
//! same input, so that ratios can be read from one run.
//!
//! Inputs: the built-in KAM model, its bundled `steady-team` assessment, a
//! generated model of 10,000 indicators (`Recipe::LARGE`), and 100,000 KAM
//! assessments with ratings drawn from a fixed seed.

#[path = "support/generated.rs"]
mod generated;

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use generated::{Recipe, XorShift};
use maturity::{Assessment, Model, ModelSpec, Subject, SubjectKind, Target};

const SAMPLE: &str = include_str!("../examples/assessments/steady-team.json");

/// Number of assessments in the batch benchmarks.
const BATCH: usize = 100_000;

fn load(c: &mut Criterion) {
    let large = Recipe::LARGE.model_json();
    let inputs = [("kam", maturity::KAM_MODEL_JSON), ("large", large.as_str())];
    let mut group = c.benchmark_group("load");
    for (name, text) in inputs {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::new("load_validate", name), text, |b, text| {
            b.iter(|| Model::from_json_str(black_box(text)).map(|model| model.id().len()))
        });
        group.bench_with_input(BenchmarkId::new("serde_typed", name), text, |b, text| {
            b.iter(|| serde_json::from_str::<ModelSpec>(black_box(text)).map(|spec| spec.id))
        });
        group.bench_with_input(BenchmarkId::new("serde_value", name), text, |b, text| {
            b.iter(|| serde_json::from_str::<serde_json::Value>(black_box(text)))
        });
    }
    group.finish();
}

fn assessment(c: &mut Criterion) {
    let model = maturity::kam();
    let assessment = Assessment::from_json_str(SAMPLE).expect("sample parses");
    let bound = model.bind(&assessment).expect("sample binds");

    let mut group = c.benchmark_group("assessment");
    group.bench_function("serde_typed", |b| {
        b.iter(|| serde_json::from_str::<Assessment>(black_box(SAMPLE)))
    });
    group.bench_function("serde_value", |b| {
        b.iter(|| serde_json::from_str::<serde_json::Value>(black_box(SAMPLE)))
    });
    group.bench_function("parse", |b| {
        b.iter(|| Assessment::from_json_str(black_box(SAMPLE)))
    });
    group.bench_function("bind", |b| b.iter(|| model.bind(black_box(&assessment))));
    group.bench_function("classify_rich", |b| b.iter(|| black_box(&bound).classify()));
    group.bench_function("classify_levels", |b| {
        b.iter(|| black_box(&bound).classify_levels())
    });
    group.bench_function("gaps_rich", |b| {
        b.iter(|| black_box(&bound).gaps(&Target::NextLevel))
    });
    group.bench_function("gap_counts", |b| {
        b.iter(|| black_box(&bound).gap_counts(&Target::NextLevel))
    });
    group.bench_function("classify_levels_and_gap_counts", |b| {
        b.iter(|| black_box(&bound).classify_levels_and_gap_counts(&Target::NextLevel))
    });
    group.bench_function("classify_levels_then_gap_counts", |b| {
        b.iter(|| {
            let bound = black_box(&bound);
            (
                bound.classify_levels(),
                bound.gap_counts(&Target::NextLevel),
            )
        })
    });
    group.bench_function("classify_and_gaps_rich", |b| {
        b.iter(|| {
            let bound = black_box(&bound);
            (bound.classify(), bound.gaps(&Target::NextLevel))
        })
    });
    group.bench_function("pipeline_from_text", |b| {
        b.iter(|| -> Result<_, maturity::Error> {
            let assessment = Assessment::from_json_str(black_box(SAMPLE))?;
            let bound = model.bind(&assessment)?;
            Ok((bound.classify(), bound.gaps(&Target::NextLevel)?))
        })
    });
    group.bench_function("schema_export", |b| {
        b.iter(|| {
            let schemas = [
                maturity::model_schema(),
                maturity::assessment_schema(),
                maturity::classification_schema(),
                maturity::gap_report_schema(),
                maturity::roadmap_schema(),
                maturity::target_profile_schema(),
            ];
            black_box(schemas)
        })
    });
    group.finish();
}

/// Builds `count` KAM assessments with ratings drawn from `seed`: about one
/// in ten unanswered, one in twenty `"n/a"`, the rest mostly high, more so
/// at lower levels, so that the dimensions stand at different levels.
fn kam_assessments(model: &Model, count: usize, seed: u64) -> Vec<Assessment> {
    let mut random = XorShift::new(seed);
    let levels = model.levels();
    (0..count)
        .map(|index| {
            let subject = Subject::new(&format!("team-{index}"), SubjectKind::Team);
            let mut assessment = Assessment::new(model.id(), model.version(), subject);
            for indicator in model.indicators() {
                let level = levels.iter().position(|l| l.id == indicator.level);
                let points = model.scale_points(&indicator.id).unwrap_or(&[]);
                let rating = match random.rating(level.unwrap_or(1)) {
                    None => continue,
                    Some("n/a") => "n/a",
                    Some("f") => &points[points.len() - 1].id,
                    Some("l") => &points[points.len().saturating_sub(2)].id,
                    Some(_) => &points[(random.next() % 2) as usize].id,
                };
                assessment.rate(&indicator.id, rating);
            }
            assessment
        })
        .collect()
}

fn batch(c: &mut Criterion) {
    let model = maturity::kam();
    let assessments = kam_assessments(model, BATCH, 42);
    let bound: Vec<_> = assessments
        .iter()
        .map(|assessment| model.bind(assessment).expect("generated ratings bind"))
        .collect();

    let mut group = c.benchmark_group("batch");
    group.sample_size(10);
    group.throughput(Throughput::Elements(BATCH as u64));
    group.bench_function("classify_levels_100k", |b| {
        b.iter(|| {
            bound
                .iter()
                .map(|bound| bound.classify_levels().overall.unwrap_or(0))
                .sum::<u32>()
        })
    });
    group.bench_function("classify_batch_100k", |b| {
        b.iter(|| maturity::classify_batch(model, black_box(&assessments)).len())
    });
    group.finish();
}

criterion_group!(benches, load, assessment, batch);
criterion_main!(benches);
