//! Benchmarks of the main pipeline on the built-in KAM model and a bundled
//! sample assessment.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use maturity::{Assessment, Model, Target};

const SAMPLE: &str = include_str!("../examples/assessments/steady-team.json");

fn load(c: &mut Criterion) {
    c.bench_function("load_kam_model", |b| {
        b.iter(|| Model::from_json_str(black_box(maturity::KAM_MODEL_JSON)))
    });
    c.bench_function("parse_kam_model_value", |b| {
        b.iter(|| serde_json::from_str::<serde_json::Value>(black_box(maturity::KAM_MODEL_JSON)))
    });
}

fn classify(c: &mut Criterion) {
    let model = maturity::kam();
    let assessment = Assessment::from_json_str(SAMPLE).expect("sample parses");
    let bound = model.bind(&assessment).expect("sample binds");

    c.bench_function("parse_assessment", |b| {
        b.iter(|| Assessment::from_json_str(black_box(SAMPLE)))
    });
    c.bench_function("bind_assessment", |b| {
        b.iter(|| model.bind(black_box(&assessment)))
    });
    c.bench_function("classify", |b| b.iter(|| black_box(&bound).classify()));
    c.bench_function("gaps_next_level", |b| {
        b.iter(|| black_box(&bound).gaps(&Target::NextLevel))
    });
}

criterion_group!(benches, load, classify);
criterion_main!(benches);
