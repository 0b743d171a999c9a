//! The progress bar of `ferry run`: on stderr, updated once per chunk (off
//! the per-record path), with an ETA when the input's size is known.

use std::time::Duration;

use ferry_engine::batch::BatchReport;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A progress bar or spinner.
pub struct Progress(ProgressBar);

impl Progress {
    /// A bar over `size` input bytes, or a spinner when the size is unknown.
    pub fn new(size: Option<u64>) -> Progress {
        let bar = match size {
            Some(total) => ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr())
                .with_style(
                    ProgressStyle::with_template(
                        "{bar:30} {percent:>3}% {msg} · {binary_bytes_per_sec} · ETA {eta}",
                    )
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
                ),
            None => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()).with_style(
                ProgressStyle::with_template(
                    "{spinner} {msg} · {binary_bytes_per_sec} · {elapsed}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            ),
        };
        bar.enable_steady_tick(Duration::from_millis(200));
        Progress(bar)
    }

    /// Shows the running totals.
    pub fn update(&self, report: &BatchReport) {
        self.0.set_position(report.bytes);
        let rate = report.records as f64 / self.0.elapsed().as_secs_f64().max(1e-3);
        self.0.set_message(format!(
            "{} records ({:.0}/s), {} failures",
            report.records, rate, report.failures
        ));
    }

    /// Prints a line above the bar, or alone where no bar is drawn (stderr
    /// is not a terminal), which `indicatif` would drop.
    pub fn println(&self, line: &str) {
        if self.0.is_hidden() {
            eprintln!("{line}");
        } else {
            self.0.println(line);
        }
    }

    /// Removes the bar.
    pub fn finish(&self) {
        self.0.finish_and_clear();
    }
}
