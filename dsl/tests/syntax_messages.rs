//! Syntax diagnostics speak the author's language: over a corpus of broken
//! inputs (hand-written snippets, and every example mapping cut short at
//! many points), no message, label or hint shows a grammar internal (a
//! character range, a control or private-use character, a pest rule name
//! such as `obj_entry` or `kw_if`), and every diagnostic points into the
//! text.

use ferry_dsl::Diagnostic;

/// Broken snippets: truncated, garbled, or using a construct wrongly.
const BROKEN: &[&str] = &[
    "[for x in $.a]",
    "[for x in $.a",
    "[for x in",
    "[for x",
    "[for",
    "[for x in $.a if]",
    "[for x in $.a if x => ]",
    "[for x in $.a for]",
    "[for x in $.a for y in => y]",
    "[for x in $.a => ...]",
    "{for k, v in $.a => }",
    "{for k, v in $.a => k}",
    "{for k, v in $.a => k:}",
    "{for x in $.a for => k: v}",
    "{ a: 1, b: }",
    "{ a: 1 b: 2 }",
    "{ a 1 }",
    "{ : 1 }",
    "{ \"a\": 1,, }",
    "{ ...}",
    "[1, 2",
    "[1 2]",
    "[,]",
    "f(1, 2",
    "f(,)",
    "x |",
    "x | 1",
    "1 +",
    "1 + * 2",
    "a < b < c",
    "not",
    "-",
    "if a then b",
    "if a then",
    "if a",
    "if",
    "if a else b",
    "try f(x)",
    "let x = 1",
    "let x = 1;",
    "let = 1; x",
    "let if = 1; x",
    "let x 1; x",
    "fn f(x = x",
    "fn (x) = x\n1",
    "fn f(x,) x\n1",
    "table t =",
    "table t from",
    "table t from \"a.csv\" key",
    "use",
    "use x",
    "mapping 1",
    "mapping m version",
    "mapping m version 1\n$",
    "input schema",
    "input format",
    "output format xml with",
    "match x",
    "match x {",
    "match x { 1 }",
    "match x { 1 => }",
    "match x { => 1 }",
    "match x { 1.. = > 2 }",
    "match x { /re/ as => 1 }",
    "match x { /re/ as m }",
    "match x { /re/q => 1 }",
    "match x { 1..= => 1 }",
    "match x { \"a${b}\" => 1 }",
    "$.",
    "$..",
    "$[",
    "$[?]",
    "$[?@.a ==]",
    "$[?@.a == c[*]]",
    "$[?@.a == c..d]",
    "$[?@.a == f(x)]",
    "$[?@.a = 1]",
    "$[?length(@.a)]",
    "$[?nope(@.a)]",
    "$[1:2:3:4]",
    "$['a]",
    "$[\"a\\q\"]",
    "$.a.",
    "\"abc",
    "\"a${\"",
    "\"a${x\"",
    "\"\\q\"",
    "x -> x",
    "(a, b) ->",
    "@.a",
    "skip",
    "{ a: skip }",
    "f(skip)",
    "[for x in $.a => [skip]]",
    "let skip = 1; skip",
    "1e",
    "0x12",
    "1..2",
    "$ test",
    "$\ntest",
    "$\ntest \"a\"",
    "$\ntest \"a\" {",
    "$\ntest \"a\" { given }",
    "$\ntest \"a\" { given 1 }",
    "$\ntest \"a\" { given 1 expect }",
    "$\ntest \"a\" { given 1 expect error }",
    "$\ntest \"a\" { given 1 expect error E0401 }",
    "$\ntest \"a\" { given file expect 1 }",
    "}",
    ")",
    "]",
    "(((",
    "{{{",
    ";",
    "=>",
    "..",
    "/* unterminated",
    "é",
    "\u{e000}",
    "x\u{7}",
    "{ a: 1 }\u{10ffff}",
];

/// True for a character a message may show: printable ASCII, the
/// punctuation the messages use, or a character of the input itself.
fn allowed(c: char, input: &str) -> bool {
    (' '..='~').contains(&c) || "…—–’‘“”→±−·×".contains(c) || input.contains(c) && !internal(c)
}

/// Control, private-use and non-characters.
fn internal(c: char) -> bool {
    c.is_control()
        || ('\u{e000}'..='\u{f8ff}').contains(&c)
        || ('\u{f0000}'..='\u{10ffff}').contains(&c)
        || (c as u32 & 0xfffe) == 0xfffe
}

/// Words of the form `snake_case` or `kw_…` outside backticks: a pest rule
/// name leaking into the text.
fn rule_names(text: &str) -> Vec<String> {
    let outside: String = text
        .split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 0)
        .map(|(_, s)| s)
        .collect::<Vec<_>>()
        .join(" ");
    outside
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| w.contains('_') && w.chars().any(|c| c.is_ascii_lowercase()))
        .map(str::to_owned)
        .collect()
}

fn problems(input: &str, d: &Diagnostic) -> Vec<String> {
    let mut out = Vec::new();
    let mut texts = vec![d.message.as_str()];
    texts.extend(d.label.as_deref());
    texts.extend(d.help.as_deref());
    texts.extend(d.secondary.iter().map(|(_, s)| s.as_str()));
    for text in texts {
        // Quoted input (a found token) may show the input's characters,
        // but never an internal one or a range of the grammar.
        if let Some(c) = text.chars().find(|&c| !allowed(c, input) || internal(c)) {
            out.push(format!("character {c:?} in {text:?}"));
        }
        if text.contains("..\u{10ffff}") || text.contains("'\\u{") {
            out.push(format!("a character range in {text:?}"));
        }
        let names = rule_names(text);
        if !names.is_empty() {
            out.push(format!("rule names {names:?} in {text:?}"));
        }
        if text.contains("kw_") {
            out.push(format!("a keyword rule in {text:?}"));
        }
    }
    let (start, end) = (d.span.start as usize, d.span.end as usize);
    if start > end || end > input.len() {
        out.push(format!("span {start}..{end} outside the text"));
    }
    for (span, _) in &d.secondary {
        if span.end as usize > input.len() {
            out.push(format!("secondary span {span:?} outside the text"));
        }
    }
    out
}

/// Parses `input` as a file and as an expression; returns the problems of
/// every diagnostic, and whether any diagnostic was produced.
fn check(input: &str, failures: &mut Vec<String>) -> bool {
    let mut failed = false;
    for result in [
        ferry_dsl::parse(input).err(),
        ferry_dsl::parse_expr(input).err(),
    ] {
        let Some(diags) = result else { continue };
        failed = true;
        for d in &diags.0 {
            for p in problems(input, d) {
                failures.push(format!("{input:?}: {} ({p})", d.message));
            }
        }
    }
    failed
}

#[test]
fn broken_snippets_get_messages_without_grammar_internals() {
    assert!(BROKEN.len() >= 60);
    let mut failures = Vec::new();
    for input in BROKEN {
        assert!(check(input, &mut failures), "{input:?} should not parse");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn truncated_example_mappings_get_messages_without_grammar_internals() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../mappings");
    let mut files = Vec::new();
    let mut dirs = vec![root];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir)
            .expect("mappings/ is readable")
            .flatten()
        {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "map") {
                files.push(path);
            }
        }
    }
    assert!(!files.is_empty());
    let mut failures = Vec::new();
    let mut cuts = 0;
    for file in &files {
        let text = std::fs::read_to_string(file).expect("a mapping is readable");
        let ends: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        // Some 40 cuts per file, spread over the whole text.
        let step = (ends.len() / 40).max(1);
        for &end in ends.iter().step_by(step).skip(1) {
            check(&text[..end], &mut failures);
            cuts += 1;
        }
    }
    assert!(cuts > 100, "only {cuts} cuts");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
