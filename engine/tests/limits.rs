//! Every limit of docs/limits.md is hit by a test here (or beside the code
//! it names), and the example mappings stay far below the budgets.

use std::path::{Path, PathBuf};

use ferry_engine::batch::{self, BatchOptions, OnError};
use ferry_engine::format::InputFormat;
use ferry_engine::{Interrupt, Limits, Mapping, RunError};
use serde_json::json;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn scratch(label: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ferry-limits-{}-{label}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The code `text` fails with on `input`.
fn code_of(mapping: &Mapping, input: serde_json::Value) -> String {
    match mapping.apply(&input) {
        Ok(v) => panic!("expected a failure, got {v}"),
        Err(e) => e.code().to_owned(),
    }
}

fn compiled(text: &str) -> Mapping {
    Mapping::compile_str(text).unwrap_or_else(|d| panic!("{text}: {d:?}"))
}

#[test]
fn exponential_recursion_runs_out_of_work() {
    // 2^40 calls, each building nothing that lasts. (A lowered budget:
    // the default one takes a second of release build, a minute of debug.)
    let m =
        compiled("fn f(n) = if n > 40 then 0 else f(n + 1) + f(n + 1)\nf(0)").with_limits(Limits {
            max_work: 1_000_000,
            ..Limits::default()
        });
    assert_eq!(code_of(&m, json!({})), "E0505");
}

#[test]
fn a_search_inside_a_loop_runs_out_of_work() {
    // Quadratic: each element scans the whole list again.
    let m = compiled("[for x in range(0, 20000) => contains($.list, x)]");
    let list: Vec<i64> = (0..20_000).collect();
    assert_eq!(code_of(&m, json!({ "list": list })), "E0505");
}

#[test]
fn nested_comprehensions_run_out_of_memory_before_the_machine_does() {
    // The example: 400^3 elements, 2.3 GB without a budget.
    let m = compiled("len([for x in $.a => [for y in $.a => [for z in $.a => 1]]])");
    let a: Vec<i64> = (0..400).collect();
    assert_eq!(code_of(&m, json!({ "a": a })), "E0506");
}

#[test]
fn a_string_grown_in_a_loop_runs_out_of_memory() {
    let m = compiled("reduce(range(0, 200000), \"\", (acc, i) -> acc + \"0123456789\")");
    assert_eq!(code_of(&m, json!({})), "E0506");
    let interpolated = compiled("reduce(range(0, 200000), \"\", (acc, i) -> \"${acc}0123456789\")");
    assert_eq!(code_of(&interpolated, json!({})), "E0506");
}

#[test]
fn an_output_of_shared_parts_is_held_to_the_memory_budget() {
    // 30 lets, each doubling the output's size: a few bytes in memory,
    // 2^30 elements written out.
    let mut text = String::from("let l0 = [$.x, $.x]\n");
    for i in 1..30 {
        text.push_str(&format!("let l{i} = [l{}, l{}]\n", i - 1, i - 1));
    }
    text.push_str("{ out: l29 }");
    let m = compiled(&text);
    assert_eq!(code_of(&m, json!({"x": "abc"})), "E0506");
    // The batch path writes without building: the same code, no output.
    let mut out = Vec::new();
    let mut codes = Vec::new();
    let report = batch::run(
        &m,
        b"{\"x\":\"abc\"}\n{\"x\":\"abc\"}\n",
        InputFormat::Ndjson,
        BatchOptions {
            on_error: OnError::Skip,
            pretty: false,
        },
        &mut out,
        &mut |e: &RunError, _: &[u8]| codes.push(e.code().to_owned()),
    )
    .unwrap();
    assert_eq!(codes, ["E0506", "E0506"]);
    assert!(out.is_empty());
    assert_eq!((report.records, report.failures), (2, 2));
}

#[test]
fn budgets_are_not_caught_by_try() {
    let m = compiled(
        "try reduce(range(0, 200000), \"\", (acc, i) -> acc + \"0123456789\") else \"fallback\"",
    );
    assert_eq!(code_of(&m, json!({})), "E0506");
}

#[test]
fn limits_can_be_raised_and_lowered() {
    let text = "[for x in range(0, 1000) => x * 2]";
    let tight = compiled(text).with_limits(Limits {
        max_work: 500,
        ..Limits::default()
    });
    assert_eq!(code_of(&tight, json!({})), "E0505");
    let small = compiled(text).with_limits(Limits {
        max_memory: 4096,
        ..Limits::default()
    });
    assert_eq!(code_of(&small, json!({})), "E0506");
    assert!(compiled(text).apply(&json!({})).is_ok());
}

#[test]
fn a_batch_goes_on_after_a_record_over_budget() {
    let m = compiled(
        "if $.n > 0 then len([for x in range(0, $.n) => [for y in range(0, $.n) => y]]) else 0",
    );
    let input = "{\"n\":3}\n{\"n\":100000}\n{\"n\":0}\n";
    let mut out = Vec::new();
    let mut failed = Vec::new();
    let report = batch::run(
        &m,
        input.as_bytes(),
        InputFormat::Ndjson,
        BatchOptions {
            on_error: OnError::Skip,
            pretty: false,
        },
        &mut out,
        &mut |e: &RunError, _: &[u8]| failed.push((e.info().record, e.code().to_owned())),
    )
    .unwrap();
    assert_eq!(String::from_utf8(out).unwrap(), "3\n0\n");
    assert_eq!(failed, [(Some(2), "E0506".to_owned())]);
    assert_eq!(report.records, report.outputs + report.failures);
}

#[test]
fn an_interrupt_stops_a_record_in_progress_from_another_thread() {
    let stop = Interrupt::new();
    let m = compiled("fn f(n) = if n > 60 then 0 else f(n + 1) + f(n + 1)\nf(0)")
        .with_limits(Limits {
            max_work: u64::MAX,
            ..Limits::default()
        })
        .with_interrupt(stop.clone());
    let trigger = stop.clone();
    let timer = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(200));
        trigger.trigger();
    });
    assert_eq!(code_of(&m, json!({})), "E0507");
    timer.join().unwrap();
    stop.reset();
    assert!(compiled("1").with_interrupt(stop).apply(&json!({})).is_ok());
}

#[test]
fn an_interrupted_batch_writes_the_records_before_the_first_interrupted_one() {
    let stop = Interrupt::new();
    let m = compiled(
        "fn f(n) = if n > 60 then 0 else f(n + 1) + f(n + 1)\nif $.slow then f(0) else $.i",
    )
    .with_limits(Limits {
        max_work: u64::MAX,
        ..Limits::default()
    })
    .with_interrupt(stop.clone());
    let mut input = String::new();
    for i in 0..50 {
        input.push_str(&format!("{{\"i\":{i},\"slow\":{}}}\n", i == 20));
    }
    let trigger = stop.clone();
    let timer = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(300));
        trigger.trigger();
    });
    let mut out = Vec::new();
    let mut failures = 0;
    let report = batch::run(
        &m,
        input.as_bytes(),
        InputFormat::Ndjson,
        BatchOptions::default(),
        &mut out,
        &mut |_: &RunError, _: &[u8]| failures += 1,
    )
    .unwrap();
    timer.join().unwrap();
    let expected: String = (0..20).map(|i| format!("{i}\n")).collect();
    assert_eq!(String::from_utf8(out).unwrap(), expected);
    assert!(report.interrupted);
    assert_eq!((report.records, report.outputs, failures), (20, 20, 0));
}

#[test]
fn a_table_file_over_the_size_limit_is_refused_unread() {
    let dir = scratch("table");
    let table = dir.join("huge.json");
    // Sparse: a gigabyte that takes no disk.
    let file = std::fs::File::create(&table).unwrap();
    file.set_len(1 << 30).unwrap();
    std::fs::write(
        dir.join("m.map"),
        "table big from \"huge.json\"\n{ x: big[$.k] }",
    )
    .unwrap();
    let diagnostics = Mapping::compile_file(dir.join("m.map")).unwrap_err();
    let codes: Vec<&str> = diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["E0510"], "{diagnostics:?}");
    assert!(diagnostics.iter().any(|d| d.message.contains("1 GiB")));
}

#[test]
fn a_schema_file_over_the_size_limit_is_refused_unread() {
    let dir = scratch("schema");
    let file = std::fs::File::create(dir.join("huge.json")).unwrap();
    file.set_len(1 << 30).unwrap();
    std::fs::write(dir.join("m.map"), "input schema \"huge.json\"\n{ x: $.k }").unwrap();
    let diagnostics = Mapping::compile_file(dir.join("m.map")).unwrap_err();
    let codes: Vec<&str> = diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["E0510"], "{diagnostics:?}");
}

#[test]
fn imports_nest_at_most_32_files() {
    let dir = scratch("imports");
    let chain = |files: usize| {
        for i in 1..files {
            let next = if i + 1 < files {
                format!("use \"f{}.map\"\n", i + 1)
            } else {
                String::new()
            };
            std::fs::write(
                dir.join(format!("f{i}.map")),
                format!("{next}fn g{i}(x) = x + {i}\n"),
            )
            .unwrap();
        }
        std::fs::write(dir.join("top.map"), "use \"f1.map\"\n{ x: g1($.n) }").unwrap();
        Mapping::compile_file(dir.join("top.map"))
    };
    // The top file and 31 imports: 32 files.
    assert!(chain(32).is_ok(), "{:?}", chain(32).err());
    let diagnostics = chain(33).unwrap_err();
    assert!(
        diagnostics.iter().any(|d| d.code == "E0511"),
        "{diagnostics:?}"
    );
}

/// The example mappings need a thousandth of the default work budget and
/// a sixty-fourth of the memory budget on their cases: the defaults leave
/// room for records hundreds of times larger.
#[test]
fn example_mappings_stay_far_below_the_budgets() {
    let tight = Limits {
        max_work: Limits::DEFAULT_MAX_WORK / 1000,
        max_memory: Limits::DEFAULT_MAX_MEMORY / 64,
        ..Limits::default()
    };
    let mut checked = 0;
    for entry in std::fs::read_dir(workspace().join("mappings")).unwrap() {
        let dir = entry.unwrap().path();
        let Some(name) = dir.file_name().and_then(|n| n.to_str()).map(str::to_owned) else {
            continue;
        };
        let file = if name == "bench" {
            dir.join("orders.map")
        } else {
            dir.join(format!("{name}.map"))
        };
        let Ok(mapping) = Mapping::compile_file(&file) else {
            continue;
        };
        let mapping = mapping.with_limits(tight);
        let Ok(cases) = std::fs::read_dir(dir.join("cases")) else {
            continue;
        };
        for case in cases {
            let path = case.unwrap().path();
            if !path.to_string_lossy().ends_with(".in.json") {
                continue;
            }
            let Ok(input) = serde_json::from_slice(&std::fs::read(&path).unwrap()) else {
                continue;
            };
            if let Err(e) = mapping.apply(&input) {
                assert!(
                    !["E0505", "E0506"].contains(&e.code()),
                    "{}: {e}",
                    path.display()
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 50, "only {checked} cases found");
}
