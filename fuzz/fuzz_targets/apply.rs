//! One record in, exactly one output or one error out, for arbitrary
//! records through every example mapping.
#![no_main]

use std::sync::OnceLock;

use ferry_engine::Mapping;
use libfuzzer_sys::fuzz_target;

fn mappings() -> &'static [Mapping] {
    static MAPPINGS: OnceLock<Vec<Mapping>> = OnceLock::new();
    MAPPINGS.get_or_init(|| {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../mappings");
        let mut all = Vec::new();
        for dir in std::fs::read_dir(root).into_iter().flatten().flatten() {
            let name = dir.file_name().to_string_lossy().into_owned();
            if let Ok(m) = Mapping::compile_file(dir.path().join(format!("{name}.map"))) {
                all.push(m);
            }
        }
        all
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(record) = serde_json::from_slice::<serde_json::Value>(data) else { return };
    for mapping in mappings() {
        let mut out = Vec::new();
        match mapping.apply_to_json(&record, &mut out, false) {
            Ok(()) => assert!(serde_json::from_slice::<serde_json::Value>(&out).is_ok(), "output is valid JSON"),
            Err(e) => assert!(!e.code().is_empty()),
        }
    }
});
