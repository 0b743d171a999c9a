//! The example mappings under `mappings/`, compiled once, for the targets
//! that run records through every one of them.

use std::sync::OnceLock;

use ferry_engine::Mapping;
use ferry_engine::projection::Projection;

/// Each example mapping with its projection.
pub fn example_mappings() -> &'static [(Mapping, Projection)] {
    static MAPPINGS: OnceLock<Vec<(Mapping, Projection)>> = OnceLock::new();
    MAPPINGS.get_or_init(|| {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../mappings");
        let mut all = Vec::new();
        for dir in std::fs::read_dir(root).into_iter().flatten().flatten() {
            let name = dir.file_name().to_string_lossy().into_owned();
            if let Ok(m) = Mapping::compile_file(dir.path().join(format!("{name}.map"))) {
                let projection = Projection::of(&m);
                all.push((m, projection));
            }
        }
        all
    })
}
