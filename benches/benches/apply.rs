//! `apply/orders/*`: per-record mapping cost of the peer benchmark's
//! orders mapping, beside the serde_json round trip (parse + serialize),
//! the floor any JSON-to-JSON tool pays. `batch_path` is what `ferry run`
//! does per record; `parse_apply_write` is the library path from a
//! `serde_json::Value`.
//!
//! Run: `cargo bench -p ferry-benches --bench apply`. Compare ratios within
//! one run; absolute times on a shared 2-core machine are noise.

use std::hint::black_box;
use std::path::Path;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use ferry_engine::Mapping;

fn records() -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/orders-500.ndjson");
    let text = std::fs::read_to_string(&path).expect("benches/data/orders-500.ndjson");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_owned)
        .collect()
}

fn orders(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mapping =
        Mapping::compile_file(root.join("mappings/bench/orders.map")).expect("orders.map compiles");
    let lines = records();
    let values: Vec<serde_json::Value> = lines
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let bytes: u64 = lines.iter().map(|l| l.len() as u64 + 1).sum();

    let mut group = c.benchmark_group("apply/orders");
    group.throughput(Throughput::Bytes(bytes));
    group.bench_function("serde_round_trip", |b| {
        b.iter_batched_ref(
            || Vec::with_capacity(bytes as usize),
            |out: &mut Vec<u8>| {
                for line in &lines {
                    let v: serde_json::Value = serde_json::from_str(line).unwrap();
                    serde_json::to_writer(&mut *out, &v).unwrap();
                    out.push(b'\n');
                }
            },
            BatchSize::SmallInput,
        )
    });
    // What `ferry run` does per record: parse into the arena with the
    // mapping's projection, map, write.
    let projection = ferry_engine::projection::Projection::of(&mapping);
    group.bench_function("batch_path", |b| {
        let mut arena = bumpalo::Bump::new();
        b.iter_batched_ref(
            || Vec::with_capacity(bytes as usize),
            |out: &mut Vec<u8>| {
                for line in &lines {
                    arena.reset();
                    let record =
                        ferry_engine::doc::parse(line.as_bytes(), projection.keep(), &arena)
                            .unwrap();
                    mapping.apply_doc_to_json(&record, out, false).unwrap();
                    out.push(b'\n');
                }
            },
            BatchSize::SmallInput,
        )
    });
    group.bench_function("parse_apply_write", |b| {
        b.iter_batched_ref(
            || Vec::with_capacity(bytes as usize),
            |out: &mut Vec<u8>| {
                for line in &lines {
                    let v: serde_json::Value = serde_json::from_str(line).unwrap();
                    mapping.apply_to_json(&v, out, false).unwrap();
                    out.push(b'\n');
                }
            },
            BatchSize::SmallInput,
        )
    });
    group.bench_function("apply_only", |b| {
        b.iter_batched_ref(
            || Vec::with_capacity(bytes as usize),
            |out: &mut Vec<u8>| {
                for v in &values {
                    mapping.apply_to_json(v, out, false).unwrap();
                }
            },
            BatchSize::SmallInput,
        )
    });
    group.bench_function("apply_to_value", |b| {
        b.iter(|| {
            for v in &values {
                black_box(mapping.apply(v).unwrap());
            }
        })
    });
    group.finish();

    c.bench_function("compile/orders", |b| {
        b.iter(|| Mapping::compile_file(root.join("mappings/bench/orders.map")).unwrap())
    });
}

/// `apply/<mapping>/<case>`: per-record latency of every example mapping
/// on each of its golden inputs.
fn examples(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../mappings");
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .expect("mappings/")
        .flatten()
        .map(|d| d.path())
        .collect();
    dirs.sort();
    let mut group = c.benchmark_group("apply");
    let mut compiles = Vec::new();
    for dir in dirs {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let file = dir.join(format!("{name}.map"));
        let Ok(mapping) = Mapping::compile_file(&file) else {
            continue;
        };
        compiles.push((name.clone(), file.clone()));
        let mut cases: Vec<_> = std::fs::read_dir(dir.join("cases"))
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .collect();
        cases.sort();
        for case in cases
            .iter()
            .filter(|p| p.to_string_lossy().ends_with(".in.json"))
        {
            let input: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(case).unwrap()).unwrap();
            if mapping.apply(&input).is_err() {
                continue;
            }
            let case_name = case
                .file_name()
                .unwrap()
                .to_string_lossy()
                .trim_end_matches(".in.json")
                .to_owned();
            group.bench_function(format!("{name}/{case_name}"), |b| {
                let mut out = Vec::with_capacity(4096);
                b.iter(|| {
                    out.clear();
                    mapping.apply_to_json(&input, &mut out, false).unwrap();
                })
            });
        }
    }
    group.finish();
    // `compile/<mapping>`: parse, load tables and imports, compile, optimize.
    for (name, file) in compiles {
        c.bench_function(&format!("compile/{name}"), |b| {
            b.iter(|| Mapping::compile_file(&file).unwrap())
        });
    }
}

/// `batch/orders_500`: the batch reader end to end (NDJSON bytes in, NDJSON
/// bytes out, parallel), the way `ferry run` maps a file.
fn batch_throughput(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mapping = Mapping::compile_file(root.join("../mappings/bench/orders.map")).unwrap();
    let input = std::fs::read(root.join("data/orders-500.ndjson")).unwrap();
    let mut group = c.benchmark_group("batch");
    group.throughput(Throughput::Bytes(input.len() as u64));
    group.bench_function("orders_500", |b| {
        let mut out = Vec::with_capacity(input.len());
        b.iter(|| {
            out.clear();
            let options = ferry_engine::batch::BatchOptions::default();
            let format = ferry_engine::format::InputFormat::Ndjson;
            ferry_engine::batch::run(&mapping, &input, format, options, &mut out, &mut |_, _| {})
                .unwrap()
        })
    });
    group.finish();
}

criterion_group!(benches, orders, examples, batch_throughput);
criterion_main!(benches);
