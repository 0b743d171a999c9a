//! `apply/join/*`: a lookup written as a filter inside a loop, 1 000
//! orders × 1 000 customers, unoptimized (a scan of the customers per
//! order) against optimized (the join rewriting indexes them once).
//!
//! Run: `cargo bench -p ferry-benches --bench join`. Compare the two
//! within one run; absolute times on a shared machine are noise.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use ferry_engine::Mapping;
use serde_json::{Value, json};

const JOIN: &str = "[for o in $.orders => { id: o.id, \
    customer: first([for c in $.customers if c.id == o.customerId => c.name]) }]";

fn input() -> Value {
    let customers: Vec<Value> = (0..1000)
        .map(|i| json!({"id": i, "name": format!("customer {i}")}))
        .collect();
    let orders: Vec<Value> = (0..1000)
        .map(|i| json!({"id": i, "customerId": (i * 7919) % 1000}))
        .collect();
    json!({"orders": orders, "customers": customers})
}

fn join(c: &mut Criterion) {
    let input = input();
    let optimized = Mapping::compile_str(JOIN).expect("compiles");
    let unoptimized = Mapping::compile_unoptimized("join", JOIN, Path::new(".")).expect("compiles");
    assert_eq!(
        optimized.apply(&input).expect("applies"),
        unoptimized.apply(&input).expect("applies")
    );
    let mut group = c.benchmark_group("apply/join");
    group.sample_size(10);
    group.bench_function("unoptimized", |b| {
        b.iter(|| unoptimized.apply(black_box(&input)).expect("applies"))
    });
    group.bench_function("optimized", |b| {
        b.iter(|| optimized.apply(black_box(&input)).expect("applies"))
    });
    group.finish();
}

criterion_group!(benches, join);
criterion_main!(benches);
