//! Golden diagnostics: each `diagnostics/E0xxx_<slug>.map` fails `ferry
//! check`, and its rendering (colour off) must equal
//! `E0xxx_<slug>.stderr` exactly. `FERRY_BLESS=1 cargo test -p ferry-cli
//! --test diagnostics` rewrites the expected files; review the diff like
//! code: the code, the message, the location and the caret must be right.

mod common;

use std::path::Path;

use common::ferry_in;

#[test]
fn diagnostics_render_as_recorded() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diagnostics");
    let bless = std::env::var_os("FERRY_BLESS").is_some_and(|v| v == "1");
    let mut cases: Vec<String> = std::fs::read_dir(&dir)
        .expect("the diagnostics dir exists")
        .map(|e| {
            e.expect("a readable dir entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name.ends_with(".map"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 8, "too few cases: {cases:?}");

    let mut failures = Vec::new();
    for case in &cases {
        let code = case.split('_').next().unwrap_or_default();
        assert!(
            code.len() == 5
                && code.starts_with('E')
                && code[1..].bytes().all(|b| b.is_ascii_digit()),
            "`{case}` should be named E0xxx_<slug>.map"
        );
        // Run from the cases dir so the rendered path is just the name.
        let (status, out, err) = ferry_in(&dir, &["check", case], "");
        assert_eq!(
            (status, out.as_str()),
            (1, ""),
            "`ferry check {case}` should fail: {err}"
        );
        assert!(
            err.starts_with(&format!("{code}\n")),
            "{case}: the first diagnostic should be {code}:\n{err}"
        );
        assert!(
            err.contains(&format!("failed: {case} (")),
            "{case}: no summary line:\n{err}"
        );

        let expected_path = dir.join(case.replace(".map", ".stderr"));
        if bless {
            std::fs::write(&expected_path, &err).expect("the expected file is writable");
            continue;
        }
        match std::fs::read_to_string(&expected_path) {
            Ok(expected) if expected == err => {}
            Ok(expected) => failures.push(format!(
                "{case}: rendering differs\n--- expected\n{expected}--- actual\n{err}"
            )),
            Err(_) => failures.push(format!(
                "{case}: no {} (run with FERRY_BLESS=1)\n--- actual\n{err}",
                expected_path.display()
            )),
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn every_expected_file_has_its_mapping() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diagnostics");
    for entry in std::fs::read_dir(&dir).expect("the diagnostics dir exists") {
        let name = entry
            .expect("a readable dir entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        if let Some(stem) = name.strip_suffix(".stderr") {
            assert!(
                dir.join(format!("{stem}.map")).exists(),
                "{name} has no {stem}.map"
            );
        }
    }
}
