//! A parallel run gives exactly the output of a single-threaded one, and
//! every record ends as one output or one failure, whatever the thread
//! count and the failure policy.

use ferry_engine::Mapping;
use ferry_engine::batch::{self, BatchOptions, OnError};
use ferry_engine::format::InputFormat;
use proptest::prelude::*;

/// Lines of NDJSON: good records, records the mapping rejects, malformed
/// lines and blank lines.
fn ndjson() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        6 => (any::<i32>(), "[a-z]{0,6}").prop_map(|(n, s)| format!("{{\"n\":{n},\"s\":\"{s}\"}}")),
        1 => "[a-z]{1,4}".prop_map(|s| format!("{{\"n\":\"{s}\"}}")),
        1 => Just("{\"n\":".to_owned()),
        1 => Just(String::new()),
    ];
    prop::collection::vec(line, 0..2000).prop_map(|lines| lines.join("\n"))
}

/// What a run produced: output bytes, failures (record, code), and the
/// accounting (records, outputs, failures).
type Run = (Vec<u8>, Vec<(Option<u64>, String)>, (u64, u64, u64));

fn run(threads: usize, input: &str, on_error: OnError) -> Run {
    let mapping = Mapping::compile_str("{ twice: $.n * 2, s: upper($.s) }").unwrap();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    let mut out = Vec::new();
    let mut failures = Vec::new();
    let report = pool.install(|| {
        let options = BatchOptions {
            on_error,
            pretty: false,
        };
        batch::run(
            &mapping,
            input.as_bytes(),
            InputFormat::Ndjson,
            options,
            &mut out,
            &mut |e, _| failures.push((e.info().record, e.code().to_owned())),
        )
        .unwrap()
    });
    (
        out,
        failures,
        (report.records, report.outputs, report.failures),
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn parallel_output_equals_single_threaded_output(input in ndjson(), skip in any::<bool>()) {
        let policy = if skip { OnError::Skip } else { OnError::Fail };
        let one = run(1, &input, policy);
        let four = run(4, &input, policy);
        prop_assert_eq!(&one, &four);
        let (records, outputs, failures) = one.2;
        prop_assert_eq!(records, outputs + failures, "records in = outputs + failures");
        prop_assert_eq!(one.0.iter().filter(|&&b| b == b'\n').count() as u64, outputs);
        if skip {
            let non_blank = input.lines().filter(|l| !l.trim().is_empty()).count() as u64;
            prop_assert_eq!(records, non_blank, "skip reads every record");
        }
    }
}
