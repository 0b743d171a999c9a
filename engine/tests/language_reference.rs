//! Every ```` ```ferry ```` block of `docs/language.md` (and of
//! `docs/numbers.md` and the `docs/coming-from/*.md` pages) is a complete
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
    check_page("language.md", 12);
}

#[test]
fn every_ferry_example_on_the_numbers_page_compiles_and_passes_its_tests() {
    check_page("numbers.md", 2);
}

/// The "Coming from jq / JSONata / DataWeave / JOLT" pages.
const COMING_FROM: [&str; 4] = ["jq.md", "jsonata.md", "dataweave.md", "jolt.md"];

#[test]
fn every_ferry_example_on_the_coming_from_pages_compiles_and_passes_its_tests() {
    for page in COMING_FROM {
        check_page(&format!("coming-from/{page}"), 6);
    }
    // A page added to the folder is checked too.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/coming-from");
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name.ends_with(".md") && !COMING_FROM.contains(&name.as_str()) {
            check_page(&format!("coming-from/{name}"), 1);
        }
    }
}

/// Runs the blocks of `docs/<page>`, of which there must be `at_least`.
fn check_page(page: &str, at_least: usize) {
    let doc = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../docs")
        .join(page);
    let markdown = std::fs::read_to_string(&doc).unwrap();
    let blocks = ferry_blocks(&markdown);
    assert!(
        blocks.len() >= at_least,
        "only {} runnable examples",
        blocks.len()
    );
    let stem = page.trim_end_matches(".md").replace('/', "-");
    let dir = std::env::temp_dir().join(format!("ferry-reference-{stem}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut problems = Vec::new();
    let mut tests = 0;
    for (line, text) in &blocks {
        let file = dir.join(format!("line{line}.map"));
        std::fs::write(&file, text).unwrap();
        let report = run_file(&file, &Options::default());
        if let Some(errors) = &report.errors {
            problems.push(format!("docs/{page}:{line}: does not compile: {errors}"));
            continue;
        }
        if report.passed() == 0 || report.failed() > 0 {
            problems.push(format!(
                "docs/{page}:{line}: {} passed, {} failed: {report:?}",
                report.passed(),
                report.failed()
            ));
        }
        if let Ok(mapping) = ferry_engine::Mapping::compile_file(&file)
            && !mapping.warnings().is_empty()
        {
            problems.push(format!(
                "docs/{page}:{line}: warnings: {}",
                mapping.warnings()
            ));
        }
        tests += report.passed();
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
    assert!(tests >= blocks.len());
}
