//! `parse/orders/*`: the ways to read a batch record that the input
//! projection could use, side by side on the peer benchmark's orders
//! (what `ferry run` keeps is `doc_projected`).
//!
//! - `serde_value`: a whole `serde_json::Value` (the floor's parse);
//! - `doc_all` / `doc_projected`: Ferry's arena parser, whole / projected;
//! - `sonic_value`: sonic-rs's SIMD parse into its own DOM;
//! - `sonic_get_many`: sonic-rs's lazy lookup of the members the mapping
//!   reads (raw text, not checked beyond what it walks).
//!
//! Run: `cargo bench -p ferry-benches --bench parse`.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ferry_engine::projection::{Keep, Projection};
use ferry_engine::{Mapping, doc};

fn parse(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("data/orders-500.ndjson")).unwrap();
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let mapping = Mapping::compile_file(root.join("../mappings/bench/orders.map")).unwrap();
    let projection = Projection::of(&mapping);

    let mut group = c.benchmark_group("parse/orders");
    group.throughput(Throughput::Bytes(
        lines.iter().map(|l| l.len() as u64).sum(),
    ));
    group.bench_function("serde_value", |b| {
        b.iter(|| {
            for line in &lines {
                black_box(serde_json::from_str::<serde_json::Value>(line).unwrap());
            }
        })
    });
    let mut arena = bumpalo::Bump::new();
    for (name, keep) in [
        ("doc_all", Keep::all()),
        ("doc_projected", projection.keep()),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| {
                for line in &lines {
                    arena.reset();
                    black_box(doc::parse(line.as_bytes(), keep, &arena).unwrap());
                }
            })
        });
    }
    group.bench_function("sonic_value", |b| {
        b.iter(|| {
            for line in &lines {
                black_box(sonic_rs::from_str::<sonic_rs::Value>(line).unwrap());
            }
        })
    });
    let mut tree = sonic_rs::PointerTree::new();
    for path in [
        &["orderId"][..],
        &["createdAt"],
        &["customer", "firstName"],
        &["customer", "lastName"],
        &["customer", "email"],
        &["customer", "country"],
        &["customer", "tier"],
        &["currency"],
        &["lines"],
        &["shipping", "method"],
        &["tags"],
        &["notes"],
    ] {
        tree.add_path(path.iter().copied());
    }
    group.bench_function("sonic_get_many", |b| {
        b.iter(|| {
            for line in &lines {
                black_box(sonic_rs::get_many(*line, &tree).unwrap());
            }
        })
    });
    group.finish();
}

criterion_group!(benches, parse);
criterion_main!(benches);
