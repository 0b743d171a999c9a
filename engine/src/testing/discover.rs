//! Finding the mappings to test under the paths given to `ferry test`.

use std::path::{Path, PathBuf};

use super::golden::sorted_entries;

/// The `.map` files to test: files given by name as they are, and under
/// each directory (recursively, in name order, skipping hidden directories
/// and `target/`) every `.map` file that has a body. A library of shared
/// code (a file without a body) has nothing to run; a file that does not
/// parse is kept, so that its errors are reported.
pub fn find_mappings(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut found = Vec::new();
    for path in paths {
        if path.is_file() {
            found.push(path.clone());
        } else if path.is_dir() {
            walk(path, &mut found);
        } else {
            return Err(format!("{}: no such file or directory", path.display()));
        }
    }
    Ok(found)
}

fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
    for path in sorted_entries(dir) {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if path.is_dir() {
            if !name.starts_with('.') && name != "target" {
                walk(&path, found);
            }
        } else if path.extension().is_some_and(|e| e == "map") && has_body(&path) {
            found.push(path);
        }
    }
}

fn has_body(path: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(path) else {
        return true;
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    ferry_dsl::parse(text).map_or(true, |m| m.body.is_some())
}
