//! `ferry fmt`: in-place rewrites, `--check`, folder walks, files that do
//! not parse, unreadable paths; and, for every mapping in `mappings/`, the
//! formatted text maps each golden input exactly like the original.

mod common;

use std::path::Path;

use common::{ferry, ferry_in, files, read, scratch};

const FORMATTED: &str = "let k = 2\n{ total: $.n * k }\n";
const UNFORMATTED: &str = "let k=2\n{total:$.n*k}";

#[test]
fn check_passes_on_formatted_files_and_changes_nothing() {
    let dir = files("check-ok", &[("ok.map", FORMATTED.as_bytes())]);
    assert_eq!(
        ferry_in(&dir, &["fmt", "--check", "ok.map"], ""),
        (0, String::new(), String::new())
    );
    assert_eq!(read(&dir, "ok.map"), FORMATTED);
}

#[test]
fn check_lists_unformatted_files_exits_1_and_changes_nothing() {
    let dir = files(
        "check-bad",
        &[
            ("ok.map", FORMATTED.as_bytes()),
            ("bad.map", UNFORMATTED.as_bytes()),
        ],
    );
    assert_eq!(
        ferry_in(&dir, &["fmt", "--check", "ok.map", "bad.map"], ""),
        (1, "bad.map\n".into(), String::new())
    );
    assert_eq!(read(&dir, "bad.map"), UNFORMATTED);
}

#[test]
fn files_are_rewritten_in_place() {
    let dir = files("rewrite", &[("m.map", UNFORMATTED.as_bytes())]);
    let (code, stdout, stderr) = ferry_in(&dir, &["fmt", "m.map"], "");
    assert_eq!((code, stdout.as_str()), (0, ""));
    assert_eq!(stderr, "formatted: m.map\n");
    assert_eq!(read(&dir, "m.map"), FORMATTED);
    // A formatted file is left alone.
    assert_eq!(
        ferry_in(&dir, &["fmt", "m.map"], ""),
        (0, String::new(), String::new())
    );
}

#[test]
fn folders_are_searched_recursively_for_map_files() {
    let dir = scratch("walk");
    std::fs::create_dir_all(dir.join("a/b")).unwrap();
    std::fs::create_dir_all(dir.join(".hidden")).unwrap();
    std::fs::write(dir.join("top.map"), UNFORMATTED).unwrap();
    std::fs::write(dir.join("a/b/deep.map"), UNFORMATTED).unwrap();
    std::fs::write(dir.join("a/ok.map"), FORMATTED).unwrap();
    std::fs::write(dir.join("a/notes.txt"), UNFORMATTED).unwrap();
    std::fs::write(dir.join(".hidden/skip.map"), UNFORMATTED).unwrap();
    let (code, stdout, _) = ferry_in(&dir, &["fmt", "--check"], "");
    assert_eq!((code, stdout.as_str()), (1, "./a/b/deep.map\n./top.map\n"));
    let (code, _, _) = ferry_in(&dir, &["fmt", "."], "");
    assert_eq!(code, 0);
    assert_eq!(read(&dir, "a/b/deep.map"), FORMATTED);
    assert_eq!(read(&dir, "top.map"), FORMATTED);
    assert_eq!(read(&dir, "a/notes.txt"), UNFORMATTED);
    assert_eq!(read(&dir, ".hidden/skip.map"), UNFORMATTED);
    assert_eq!(ferry_in(&dir, &["fmt", "--check", "a"], "").0, 0);
}

#[test]
fn a_file_that_does_not_parse_is_reported_and_left_alone() {
    let broken = "{ a: 1,\n  b: }\n";
    let dir = files(
        "parse-error",
        &[
            ("bad.map", broken.as_bytes()),
            ("m.map", UNFORMATTED.as_bytes()),
        ],
    );
    let (code, stdout, stderr) = ferry_in(&dir, &["fmt", "bad.map", "m.map"], "");
    assert_eq!((code, stdout.as_str()), (1, ""));
    assert!(stderr.contains("E0101"), "{stderr}");
    assert!(stderr.contains("bad.map:2:6"), "{stderr}");
    assert!(
        stderr.contains("failed: bad.map (does not parse)"),
        "{stderr}"
    );
    assert_eq!(read(&dir, "bad.map"), broken);
    // The other file is still formatted.
    assert_eq!(read(&dir, "m.map"), FORMATTED);
    let (code, _, _) = ferry_in(&dir, &["fmt", "--check", "bad.map"], "");
    assert_eq!(code, 1);
}

#[test]
fn an_unreadable_path_exits_2() {
    let dir = scratch("missing");
    let (code, stdout, stderr) = ferry_in(&dir, &["fmt", "nope.map"], "");
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert!(
        stderr.starts_with("error: cannot read nope.map"),
        "{stderr}"
    );
}

#[test]
fn help_shows_examples() {
    let (code, stdout, _) = ferry(&["fmt", "--help"], "");
    assert_eq!(code, 0);
    assert!(stdout.contains("--check"), "{stdout}");
    assert!(stdout.contains("Examples:\n  ferry fmt "), "{stdout}");
}

/// What a mapping makes of one input: the output, or the error's code and
/// message (its location differs between layouts).
fn outcome(m: &ferry_engine::Mapping, input: &serde_json::Value) -> Result<String, String> {
    match m.apply(input) {
        Ok(v) => Ok(v.to_string()),
        Err(e) => Err(format!("{}: {}", e.code(), e.info().message)),
    }
}

#[test]
fn formatted_mappings_map_every_golden_input_like_the_originals() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../mappings");
    let (mut mappings, mut inputs) = (0, 0);
    for dir in std::fs::read_dir(&root)
        .expect("mappings/ is readable")
        .flatten()
    {
        let dir = dir.path();
        for file in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = file.path();
            if path.extension().is_none_or(|e| e != "map") {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("a readable mapping");
            let formatted = ferry_dsl::fmt::format(&text).expect("mappings parse");
            let name = path.display().to_string();
            let original = ferry_engine::Mapping::compile_named(&name, &text, &dir);
            let again = ferry_engine::Mapping::compile_named(&name, &formatted, &dir);
            let (original, again) = match (original, again) {
                (Ok(o), Ok(a)) => (o, a),
                (Err(_), Err(_)) => continue, // a library: `use`d only
                (o, a) => panic!("{name}: compiles {} before, {} after", o.is_ok(), a.is_ok()),
            };
            mappings += 1;
            for case in std::fs::read_dir(dir.join("cases"))
                .into_iter()
                .flatten()
                .flatten()
            {
                let case = case.path();
                if !case.to_string_lossy().ends_with(".in.json") {
                    continue;
                }
                let input: serde_json::Value =
                    serde_json::from_str(&std::fs::read_to_string(&case).expect("readable"))
                        .expect("a JSON case");
                assert_eq!(
                    outcome(&original, &input),
                    outcome(&again, &input),
                    "{}",
                    case.display()
                );
                inputs += 1;
            }
        }
    }
    assert!(
        mappings >= 8 && inputs >= 20,
        "{mappings} mappings, {inputs} inputs"
    );
}
