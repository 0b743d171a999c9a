//! Every ```` ```ferry ```` block of `docs/language.md` is a complete
//! mapping with test blocks: each must compile without warnings and pass
//! all its tests, so the reference cannot drift from the language.

use ferry_engine::testing::{Options, run_file};

/// The fenced blocks tagged `ferry`, with the line each starts on.
fn ferry_blocks(markdown: &str) -> Vec<(usize, String)> {
    let mut blocks = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (i, line) in markdown.lines().enumerate() {
        match &mut current {
            None if line.trim() == "```ferry" => current = Some((i + 2, String::new())),
            Some(_) if line.trim() == "```" => blocks.push(current.take().unwrap()),
            Some((_, text)) => {
                text.push_str(line);
                text.push('\n');
            }
            None => {}
        }
    }
    blocks
}

#[test]
fn every_ferry_example_in_the_reference_compiles_and_passes_its_tests() {
    let doc = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/language.md");
    let markdown = std::fs::read_to_string(&doc).unwrap();
    let blocks = ferry_blocks(&markdown);
    assert!(
        blocks.len() >= 12,
        "only {} runnable examples",
        blocks.len()
    );
    let dir = std::env::temp_dir().join(format!("ferry-language-reference-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut problems = Vec::new();
    let mut tests = 0;
    for (line, text) in &blocks {
        let file = dir.join(format!("line{line}.map"));
        std::fs::write(&file, text).unwrap();
        let report = run_file(&file, &Options::default());
        if let Some(errors) = &report.errors {
            problems.push(format!(
                "docs/language.md:{line}: does not compile: {errors}"
            ));
            continue;
        }
        if report.passed() == 0 || report.failed() > 0 {
            problems.push(format!(
                "docs/language.md:{line}: {} passed, {} failed: {report:?}",
                report.passed(),
                report.failed()
            ));
        }
        if let Ok(mapping) = ferry_engine::Mapping::compile_file(&file)
            && !mapping.warnings().is_empty()
        {
            problems.push(format!(
                "docs/language.md:{line}: warnings: {}",
                mapping.warnings()
            ));
        }
        tests += report.passed();
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
    assert!(tests >= blocks.len());
}
