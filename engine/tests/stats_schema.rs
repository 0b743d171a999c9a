//! `docs/schemas/stats.schema.json` is the JSON Schema of what
//! `ferry run --stats-json` writes, generated from `batch::Stats`
//! (`FERRY_BLESS=1` rewrites it).

use ferry_engine::batch::{BatchReport, Stats};

#[test]
fn stats_schema_is_up_to_date() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/schemas/stats.schema.json");
    let generated = serde_json::to_string_pretty(&Stats::schema()).unwrap() + "\n";
    if std::env::var_os("FERRY_BLESS").is_some() {
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        current == generated,
        "docs/schemas/stats.schema.json is out of date: rerun with FERRY_BLESS=1"
    );
}

#[test]
fn stats_of_an_empty_run_are_zero_not_nan() {
    let stats = Stats::of(&BatchReport::default());
    let json = serde_json::to_value(&stats).unwrap();
    assert_eq!(json["error_rate"], 0.0);
    assert_eq!(json["records_per_second"], 0.0);
    assert_eq!(json["latency_us"]["p99"], 0);
}
