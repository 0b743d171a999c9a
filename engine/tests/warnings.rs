//! Compile warnings W0201–W0206: each fires where the mistake is probable,
//! stays quiet in the near misses, and never stops compilation. The last
//! test holds the example mappings to zero warnings.

use std::path::{Path, PathBuf};

use ferry_engine::{Diagnostic, Mapping, codes};

/// The warnings of a mapping that must compile: (code, line, column).
fn warnings(src: &str) -> Vec<(&'static str, usize, usize)> {
    match Mapping::compile_str(src) {
        Ok(m) => m.warnings().iter().map(at).collect(),
        Err(d) => panic!("should compile:\n{src}\n{d}"),
    }
}

fn at(d: &Diagnostic) -> (&'static str, usize, usize) {
    let (_, line, column) = d.location().expect("a warning knows its file");
    (d.code, line, column)
}

/// The single warning of a mapping.
fn only(src: &str) -> Diagnostic {
    let m = Mapping::compile_str(src).unwrap_or_else(|d| panic!("should compile: {d}"));
    let w: Vec<&Diagnostic> = m.warnings().iter().collect();
    assert_eq!(w.len(), 1, "{src}\n{}", m.warnings());
    w[0].clone()
}

/// `warns!(src => CODE at line:column, …)`; `warns!(src)` for none.
macro_rules! warns {
    ($src:expr) => {
        assert_eq!(warnings($src), [], "{}", $src)
    };
    ($src:expr => $($code:ident at $line:literal : $col:literal),+) => {
        assert_eq!(warnings($src), [$((codes::$code, $line, $col)),+], "{}", $src)
    };
}

/// A scratch directory with `files` written into it.
fn scratch(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ferry-warn-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for (file, text) in files {
        std::fs::write(dir.join(file), text).unwrap();
    }
    dir
}

fn file_warnings(dir: &Path, file: &str) -> Vec<(String, &'static str, usize, usize)> {
    let m = Mapping::compile_file(dir.join(file)).unwrap_or_else(|d| panic!("{d}"));
    m.warnings()
        .iter()
        .map(|d| {
            let (name, line, column) = d.location().unwrap();
            let name = Path::new(&name)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into();
            (name, d.code, line, column)
        })
        .collect()
}

#[test]
fn an_unused_let_is_reported_at_its_name() {
    warns!("let vat = 0.19\n$.x" => UNUSED_LET at 1:5);
    let d = only("let vat = 0.19\n$.x");
    assert_eq!(d.message, "the `let` `vat` is never used");
    assert_eq!(d.label.as_deref(), Some("never used"));
    assert!(d.help.as_deref().unwrap().contains("`_vat`"), "{d:?}");
}

#[test]
fn a_let_used_anywhere_else_is_not_reported() {
    warns!("let vat = 0.19\n$.x * vat");
    warns!("let vat = 0.19\nfn gross(n) = n * (1 + vat)\ngross($.n)");
    warns!("let a = 1\nlet b = a + 1\nb");
    warns!("let min = 10\n$.lines[?@.qty > min]");
    warns!("let k = \"a\"\n$[k]");
    warns!("let _spare = 1\n$");
}

#[test]
fn a_let_used_only_by_an_unused_function_is_not_reported_until_it_goes() {
    warns!("let vat = 0.19\nfn gross(n) = n * vat\n$" => UNUSED_FUNCTION at 2:4);
}

#[test]
fn unused_functions_are_reported_even_when_they_call_themselves() {
    warns!("fn f(x) = x\n$" => UNUSED_FUNCTION at 1:4);
    warns!("fn f(x) = if x > 0 then f(x - 1) else 0\n$" => UNUSED_FUNCTION at 1:4);
    let d = only("fn money(x) = round(x, 2)\n$");
    assert_eq!(d.message, "the function `money` is never called");
    assert!(d.help.as_deref().unwrap().contains("`_money`"));
}

#[test]
fn functions_called_or_passed_are_used() {
    warns!("fn f(x) = x\nf($.a)");
    warns!("fn f(x) = x\n$.a | f");
    warns!("fn f(x) = x * 2\nmap($.xs, f)");
    warns!("fn g(x) = x\nfn f(x) = g(x)\nf(1)");
    warns!("fn _helper(x) = x\n$");
}

#[test]
fn unused_tables_are_reported_and_looked_up_ones_are_not() {
    warns!("table t = { \"a\": 1 }\n$" => UNUSED_TABLE at 1:7);
    warns!("table t = { \"a\": 1 }\nt[$.k]");
    warns!("table t = { \"a\": 1 }\n{ all: t }");
    warns!("table _t = { \"a\": 1 }\n$");
    assert_eq!(
        only("table t = {}\n$").message,
        "the table `t` is never used"
    );
}

#[test]
fn a_library_exports_its_functions_and_tables_but_not_its_lets() {
    let dir = scratch(
        "library",
        &[
            (
                "lib.map",
                "let rate = 2\nlet spare = 3\nfn double(x) = x * rate\nfn unused(x) = x\ntable t = { \"a\": 1 }\n",
            ),
            ("main.map", "use \"lib.map\"\ndouble($.n)\n"),
        ],
    );
    assert_eq!(
        file_warnings(&dir, "main.map"),
        [("lib.map".to_owned(), codes::UNUSED_LET, 2, 5)]
    );
}

#[test]
fn declarations_of_a_used_file_with_a_body_are_left_to_its_own_check() {
    let dir = scratch(
        "used_mapping",
        &[
            ("other.map", "let x = 1\nfn f(y) = y\nfn g(y) = y\nf(x)\n"),
            ("main.map", "use \"other.map\"\ng($.n)\n"),
        ],
    );
    assert_eq!(file_warnings(&dir, "main.map"), []);
    assert_eq!(
        file_warnings(&dir, "other.map"),
        [("other.map".to_owned(), codes::UNUSED_FUNCTION, 3, 4)]
    );
}

#[test]
fn unused_declarations_wait_until_the_mapping_compiles() {
    // `totl` is a typo for `total`: reporting `total` unused would be noise.
    let diags = Mapping::compile_str("let total = 1\n{ a: totl }").unwrap_err();
    let codes: Vec<&str> = diags.iter().map(|d| d.code).collect();
    assert_eq!(codes, [codes::UNKNOWN_VARIABLE]);
    // Other warnings come with the errors, after them.
    let diags = Mapping::compile_str("{ a: totl, b: match $.x { 1 => 2 } }").unwrap_err();
    let codes: Vec<&str> = diags.iter().map(|d| d.code).collect();
    assert_eq!(
        codes,
        [codes::UNKNOWN_VARIABLE, codes::MATCH_WITHOUT_DEFAULT]
    );
}

#[test]
fn locals_that_hide_locals_are_reported() {
    warns!("{ a: let t = 1; let t = 2; t }" => SHADOWED at 1:21);
    warns!("[for l in $.ls => [for l in l.subs => l]]" => SHADOWED at 1:24);
    warns!("[for i, i in $.ls => i]" => SHADOWED at 1:9);
    warns!("[for l in $.ls => map(l.xs, l -> l)]" => SHADOWED at 1:29);
    warns!("{ a: let n = 1; match $.x { n => n } }" => SHADOWED at 1:29);
    let d = only("{ a: let t = 1; let t = 2; t }");
    assert_eq!(d.message, "`t` shadows a local variable of the same name");
    assert_eq!(d.secondary.len(), 1, "points at the hidden one");
    assert!(d.help.as_deref().unwrap().contains("`_`"));
}

#[test]
fn locals_and_parameters_that_hide_top_level_names_are_reported() {
    warns!("let vat = 0.19\nfn gross(n, vat) = n * vat\ngross(1, 2) + vat" => SHADOWED at 2:13);
    warns!("let lines = $.lines\n[for lines in lines => lines]" => SHADOWED at 2:6);
    warns!("table t = { \"a\": 1 }\n{ x: let t = 2; t }" => UNUSED_TABLE at 1:7, SHADOWED at 2:10);
    warns!("fn money(x) = x\n{ x: let money = 1; money }" => UNUSED_FUNCTION at 1:4, SHADOWED at 2:10);
    assert_eq!(
        only("let vat = 1\nfn f(vat) = vat\nf(vat)").message,
        "`vat` shadows the top-level `let` `vat`"
    );
}

#[test]
fn imported_names_can_be_shadowed_too() {
    let dir = scratch(
        "imported",
        &[
            ("lib.map", "fn money(x) = round(x, 2)\n"),
            (
                "main.map",
                "use \"lib.map\"\n[for money in $.xs => money]\n",
            ),
        ],
    );
    assert_eq!(
        file_warnings(&dir, "main.map"),
        [("main.map".to_owned(), codes::SHADOWED, 2, 6)]
    );
}

#[test]
fn near_misses_of_shadowing_are_quiet() {
    // Sibling scopes, underscores, and stdlib names.
    warns!("[[for l in $.a => l], [for l in $.b => l]]");
    warns!("[for _, a in $.xs => [for _, b in a => b]]");
    warns!("let count = len($.xs); let sum = 1; [count, sum]");
    warns!("fn lower(x) = x\nlower($.a)");
    warns!("fn f(x) = x\nfn g(x) = x\nf(1) + g(2)");
}

#[test]
fn a_match_without_default_is_reported_at_its_keyword() {
    warns!("match $.s { \"a\" => 1, \"b\" => 2 }" => MATCH_WITHOUT_DEFAULT at 1:1);
    warns!("{ x: match $.n { ..0 => 1, 0.. => 2 } }" => MATCH_WITHOUT_DEFAULT at 1:6);
    warns!("match $.n { 1 => 1, n if n > 1 => 2 }" => MATCH_WITHOUT_DEFAULT at 1:1);
    let d = only("match $.s { \"a\" => 1 }");
    assert_eq!(d.span.len(), "match".len());
    assert!(d.help.as_deref().unwrap().contains("E0405"));
}

#[test]
fn a_default_arm_is_a_wildcard_or_a_bare_name() {
    warns!("match $.s { \"a\" => 1, _ => 2 }");
    warns!("match $.s { \"a\" => 1, other => other }");
    warns!("match $.s { \"a\" | _ => 1 }");
    warns!("match $.s { \"a\" => 1, _ => error(\"BAD\", \"no\") }");
}

#[test]
fn optional_fields_whose_value_is_never_null_are_reported() {
    warns!("{ a?: 1 }" => OPTIONAL_NEVER_NULL at 1:3);
    warns!("{ a?: \"x ${$.y}\" }" => OPTIONAL_NEVER_NULL at 1:3);
    warns!("{ a?: $.n * 2 }" => OPTIONAL_NEVER_NULL at 1:3);
    warns!("{ a?: $.n > 2 }" => OPTIONAL_NEVER_NULL at 1:3);
    warns!("{ a?: [$.x] }" => OPTIONAL_NEVER_NULL at 1:3);
    warns!("{ a?: { b: $.x } }" => OPTIONAL_NEVER_NULL at 1:3);
    warns!("{ a?: [for x in $.xs => x] }" => OPTIONAL_NEVER_NULL at 1:3);
    warns!("{ a?: $.x ?? 0 }" => OPTIONAL_NEVER_NULL at 1:3);
    warns!("{ a?: if $.b then 1 else 2 }" => OPTIONAL_NEVER_NULL at 1:3);
    warns!("{ a?: lower(\"X\") }" => OPTIONAL_NEVER_NULL at 1:3);
    warns!("{ \"a b\"?: exists($.x) }" => OPTIONAL_NEVER_NULL at 1:3);
    let d = only("{\n  notes ?: \"none\" }");
    assert_eq!(
        d.message,
        "`notes?` is never omitted: its value is never null"
    );
    assert_eq!(at(&d), (codes::OPTIONAL_NEVER_NULL, 2, 3));
    assert_eq!(d.span.len(), "notes ?".len(), "the key and its `?`");
    assert_eq!(d.secondary.len(), 1, "points at the value");
}

#[test]
fn optional_fields_that_may_be_null_are_quiet() {
    warns!("{ a?: $.x }");
    warns!("{ a?: $.x ?? $.y }");
    warns!("{ a?: lower($.x) }");
    warns!("{ a?: if $.b then 1 else null }");
    warns!("let one = 1; { a?: one }");
    warns!("fn f(x) = 1\n{ a?: f($.x) }");
    warns!("{ a: 1, [$.k]?: $.v }");
    warns!("{ a?: try $.x else null }");
}

#[test]
fn warnings_come_in_source_order_with_source_label_and_help() {
    let src = "let a = 1\nfn f(x) = x\n{ k?: 1, m: match $.s { 1 => 2 } }";
    warns!(src => UNUSED_LET at 1:5, UNUSED_FUNCTION at 2:4, OPTIONAL_NEVER_NULL at 3:3, MATCH_WITHOUT_DEFAULT at 3:13);
    let m = Mapping::compile_str(src).unwrap();
    for d in m.warnings().iter() {
        assert!(!d.is_error());
        assert!(
            d.source.is_some() && d.label.is_some() && d.help.is_some(),
            "{d:?}"
        );
    }
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("engine sits inside the workspace")
        .to_path_buf()
}

/// Every example mapping compiles without warnings. A file without a body
/// is a library: its warnings surface through the mappings that `use` it.
#[test]
fn example_mappings_compile_without_warnings() {
    let mut maps: Vec<PathBuf> = std::fs::read_dir(workspace().join("mappings"))
        .expect("mappings/ exists")
        .flat_map(|dir| std::fs::read_dir(dir.unwrap().path()).into_iter().flatten())
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "map"))
        .collect();
    maps.sort();
    assert!(maps.len() > 3, "found the example mappings");
    // A library `use`d by several mappings is reported once.
    let mut violations = std::collections::BTreeSet::new();
    for path in &maps {
        match Mapping::compile_file(path) {
            Ok(m) => violations.extend(m.warnings().iter().map(located)),
            Err(d) if d.iter().all(|d| d.code == codes::MISSING_BODY) => {}
            Err(d) => {
                violations.insert(format!("{}: {d}", path.display()));
            }
        }
    }
    assert!(
        violations.is_empty(),
        "{} warning(s):\n{}",
        violations.len(),
        violations.into_iter().collect::<Vec<_>>().join("\n")
    );
}

/// `path:line:column: CODE message`, with the path canonical.
fn located(d: &Diagnostic) -> String {
    let (name, line, column) = d.location().expect("a warning knows its file");
    let path = std::fs::canonicalize(&name).map_or(name, |p| p.display().to_string());
    format!("{path}:{line}:{column}: {} {}", d.code, d.message)
}
