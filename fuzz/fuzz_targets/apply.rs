//! One record in, exactly one output or one error out, for arbitrary
//! records through every example mapping.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod example_mappings;
use example_mappings::example_mappings;

fuzz_target!(|data: &[u8]| {
    let Ok(record) = serde_json::from_slice::<serde_json::Value>(data) else { return };
    for (mapping, _) in example_mappings() {
        let mut out = Vec::new();
        match mapping.apply_to_json(&record, &mut out, false) {
            Ok(()) => assert!(serde_json::from_slice::<serde_json::Value>(&out).is_ok(), "output is valid JSON"),
            Err(e) => assert!(!e.code().is_empty()),
        }
    }
});
