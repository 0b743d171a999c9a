//! What a batch run did: counts, throughput and per-record latency.

use std::time::Duration;

use hdrhistogram::Histogram;
use schemars::JsonSchema;
use serde::Serialize;

/// Per-record mapping latency (parse + map + serialize of one record),
/// recorded in an HDR histogram: 3 significant digits from 1 µs to 60 s.
#[derive(Debug, Clone)]
pub struct Latency(Histogram<u64>);

impl Default for Latency {
    fn default() -> Latency {
        // Constant bounds within hdrhistogram's documented limits
        // (low >= 1, high >= 2 * low, sigfig <= 5): this cannot fail.
        Latency(
            Histogram::new_with_bounds(1, 60_000_000, 3).expect("valid constant histogram bounds"),
        )
    }
}

impl Latency {
    /// Records one record's time.
    pub fn record(&mut self, took: Duration) {
        let micros = u64::try_from(took.as_micros()).unwrap_or(u64::MAX).max(1);
        self.0.saturating_record(micros);
    }

    /// The latency at quantile `q` (0.0–1.0), in microseconds.
    pub fn quantile_us(&self, q: f64) -> u64 {
        if self.0.is_empty() {
            0
        } else {
            self.0.value_at_quantile(q)
        }
    }

    /// The largest latency, in microseconds.
    pub fn max_us(&self) -> u64 {
        self.0.max()
    }
}

/// The statistics of a run, as `--stats` prints them and `--stats-json`
/// writes them.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Stats {
    /// Records read.
    pub records: u64,
    /// Outputs written.
    pub outputs: u64,
    /// Records that failed (malformed or mapping error).
    pub failures: u64,
    /// `failures / records` (0 when there were no records).
    pub error_rate: f64,
    /// Wall time of the run, in seconds.
    pub wall_seconds: f64,
    /// Records per second of wall time.
    pub records_per_second: f64,
    /// Input megabytes (10^6 bytes) per second of wall time.
    pub megabytes_per_second: f64,
    /// Input bytes read.
    pub input_bytes: u64,
    /// Per-record latency percentiles, in microseconds.
    pub latency_us: LatencySummary,
    /// True when the run stopped early (first failure, or interrupted).
    pub stopped_early: bool,
}

/// Latency percentiles in microseconds.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct LatencySummary {
    /// Median.
    pub p50: u64,
    /// 95th percentile.
    pub p95: u64,
    /// 99th percentile.
    pub p99: u64,
    /// Slowest record.
    pub max: u64,
}

impl Stats {
    /// Statistics of a finished run.
    pub fn of(report: &super::BatchReport) -> Stats {
        let seconds = report.elapsed.as_secs_f64();
        let per_second = |n: f64| if seconds > 0.0 { n / seconds } else { 0.0 };
        Stats {
            records: report.records,
            outputs: report.outputs,
            failures: report.failures,
            error_rate: if report.records == 0 {
                0.0
            } else {
                report.failures as f64 / report.records as f64
            },
            wall_seconds: seconds,
            records_per_second: per_second(report.records as f64),
            megabytes_per_second: per_second(report.bytes as f64 / 1e6),
            input_bytes: report.bytes,
            latency_us: LatencySummary {
                p50: report.latency.quantile_us(0.50),
                p95: report.latency.quantile_us(0.95),
                p99: report.latency.quantile_us(0.99),
                max: report.latency.max_us(),
            },
            stopped_early: report.stopped || report.interrupted,
        }
    }

    /// The JSON Schema of [`Stats`] (draft 2020-12), for `--stats-json`
    /// consumers.
    pub fn schema() -> serde_json::Value {
        serde_json::to_value(schemars::schema_for!(Stats)).unwrap_or_default()
    }
}
