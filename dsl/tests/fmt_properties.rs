//! Properties of the formatter, on generated programs and on every file in
//! `mappings/`: formatting succeeds on whatever parses, the output parses
//! to the same AST (spans aside), formatting it again changes nothing, and
//! every comment is printed exactly once.

use std::sync::atomic::{AtomicUsize, Ordering};

use ferry_dsl::fmt::format;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

/// The Debug form of a parsed file with every span erased.
fn shape(text: &str) -> Result<String, String> {
    let module = ferry_dsl::parse(text).map_err(|e| e.to_string())?;
    Ok(strip_spans(&format!("{module:?}")))
}

/// Replaces each `Span { start: N, end: M }` by `Span`.
fn strip_spans(debug: &str) -> String {
    let mut out = String::with_capacity(debug.len());
    let mut rest = debug;
    while let Some(i) = rest.find("Span { start: ") {
        out.push_str(&rest[..i]);
        out.push_str("Span");
        let after = &rest[i..];
        let close = after.find('}').map_or(after.len(), |j| j + 1);
        rest = &after[close..];
    }
    out.push_str(rest);
    out
}

/// Checks the properties for one source text; `Ok(false)` when the text
/// does not parse (nothing to check).
/// `strict`: formatting the output again changes nothing. Otherwise (for
/// comments in odd places, which may move once) the second output is a
/// fixed point.
fn check(src: &str, generated: bool, strict: bool) -> Result<bool, String> {
    let Ok(before) = shape(src) else {
        return Ok(false);
    };
    let formatted = format(src).map_err(|e| format!("format failed: {e}\n{src}"))?;
    let after = shape(&formatted).map_err(|e| {
        format!("output does not parse: {e}\n--- input\n{src}\n--- output\n{formatted}")
    })?;
    if before != after {
        return Err(format!(
            "the AST changed\n--- input\n{src}\n--- output\n{formatted}\n--- before\n{before}\n--- after\n{after}"
        ));
    }
    let mut again = format(&formatted).map_err(|e| format!("second format failed: {e}"))?;
    if !strict && again != formatted {
        let third = format(&again).map_err(|e| format!("third format failed: {e}"))?;
        if third == again {
            again = formatted.clone();
        }
    }
    if again != formatted {
        return Err(format!(
            "not idempotent\n--- input\n{src}\n--- once\n{formatted}\n--- twice\n{again}"
        ));
    }
    // Each generated comment carries a unique marker `cN`.
    for marker in markers(src).into_iter().filter(|_| generated) {
        let count = formatted
            .match_indices(&marker)
            .filter(|(i, _)| {
                let next = formatted[i + marker.len()..].chars().next();
                !next.is_some_and(|c| c.is_ascii_digit())
            })
            .count();
        if count != 1 {
            return Err(format!(
                "comment {marker} printed {count} times\n--- input\n{src}\n--- output\n{formatted}"
            ));
        }
    }
    Ok(true)
}

fn markers(src: &str) -> Vec<String> {
    src.match_indices("/* c")
        .chain(src.match_indices("// c"))
        .map(|(i, _)| {
            let tail = &src[i + 3..];
            let end = tail[1..]
                .find(|c: char| !c.is_ascii_digit())
                .map_or(tail.len(), |j| j + 1);
            tail[..end].to_string()
        })
        .collect()
}

// ------------------------------------------------------------ generators
//
// Programs are generated as text from the grammar's tokens. `~` marks a
// place where blanks and comments may go; `gaps` then fills each with a
// space, a newline, or a comment.

fn ident() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("a".to_string()),
        Just("b".to_string()),
        Just("x_1".to_string()),
        Just("lines".to_string()),
    ]
}

fn string_lit() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("a".to_string()),
        Just(" ".to_string()),
        Just("\\\"".to_string()),
        Just("\\\\".to_string()),
        Just("\\n".to_string()),
        Just("\\t".to_string()),
        Just("\\u0001".to_string()),
        Just("\\u00e9".to_string()),
        Just("\\${x}".to_string()),
        Just("$".to_string()),
        Just("é".to_string()),
        Just("//".to_string()),
        Just("/*".to_string()),
        Just("{".to_string()),
    ];
    prop::collection::vec(piece, 0..4).prop_map(|p| format!("\"{}\"", p.concat()))
}

fn number() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("0".to_string()),
        Just("42".to_string()),
        Just("1.50".to_string()),
        Just("1e3".to_string()),
        Just("2.5E-2".to_string()),
    ]
}

fn path() -> impl Strategy<Value = String> {
    let segment = prop_oneof![
        Just(".a".to_string()),
        Just(".if".to_string()),
        Just("['b c']".to_string()),
        Just("[\"d\"]".to_string()),
        Just("['it\\'s']".to_string()),
        Just("['//']".to_string()),
        Just("[0]".to_string()),
        Just("[-1]".to_string()),
        Just("[*]".to_string()),
        Just(".*".to_string()),
        Just("..a".to_string()),
        Just("..*".to_string()),
        Just("[1:3]".to_string()),
        Just("[::-1]".to_string()),
        Just("[0, 'x', 2:]".to_string()),
        Just("[?@.a > 1 && @.b != 'x' || !(@.c)]".to_string()),
        Just("[?match(@.s, 'a.*') && length(@.t) >= 2]".to_string()),
        Just("[?@.n < a]".to_string()),
        Just("[?@.id == c.id && @.n > c[0]]".to_string()),
        Just("[?@.id == c['a key'] || c.x.y == @.y]".to_string()),
        Just("[a]".to_string()),
        Just("[~$.k~]".to_string()),
        Just("[(1)]".to_string()),
    ];
    let base = prop_oneof![
        Just("$".to_string()),
        Just("a".to_string()),
        Just("f(a)".to_string())
    ];
    (base, prop::collection::vec(segment, 1..4)).prop_map(|(b, s)| format!("{b}{}", s.concat()))
}

fn leaf() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("null".to_string()),
        Just("true".to_string()),
        Just("false".to_string()),
        number(),
        string_lit(),
        Just("$".to_string()),
        ident(),
        path(),
    ]
}

fn paren(e: String) -> String {
    format!("(~{e}~)")
}

fn expr() -> impl Strategy<Value = String> {
    leaf().prop_recursive(4, 48, 4, |inner| {
        let op = prop_oneof![
            Just("+"),
            Just("-"),
            Just("*"),
            Just("/"),
            Just("%"),
            Just("=="),
            Just("<"),
            Just(">="),
            Just("and"),
            Just("or"),
            Just("??"),
            Just("in"),
        ];
        let list = prop::collection::vec(inner.clone(), 0..4);
        prop_oneof![
            // Operators: operands in parentheses, or bare (may not parse).
            (inner.clone(), op.clone(), inner.clone(), any::<bool>()).prop_map(
                |(l, op, r, wrap)| if wrap {
                    format!("{}~{op}~{}", paren(l), paren(r))
                } else {
                    format!("{l}~{op}~{r}")
                }
            ),
            (inner.clone(), op, inner.clone(), inner.clone()).prop_map(|(a, op, b, c)| format!(
                "{}~{op}~{}~{op}~{}",
                paren(a),
                paren(b),
                paren(c)
            )),
            inner.clone().prop_map(|e| format!("-{}", paren(e))),
            inner.clone().prop_map(|e| format!("not~{}", paren(e))),
            inner.clone().prop_map(paren),
            list.clone()
                .prop_map(|args| format!("f(^{}^)", args.join("~,^"))),
            (inner.clone(), list.clone()).prop_map(|(v, args)| format!(
                "{}~|~g(^{}^)",
                paren(v),
                args.join("~,^")
            )),
            (inner.clone(), ident()).prop_map(|(v, f)| format!("{}~|~{f}", paren(v))),
            list.clone()
                .prop_map(|items| format!("[^{}^]", items.join("~,^"))),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("[^{a}~,^...{b}~,^]")),
            prop::collection::vec((key(), inner.clone()), 0..4).prop_map(|fields| {
                let fields: Vec<String> = fields
                    .into_iter()
                    .map(|(k, v)| format!("{k}~:~{v}"))
                    .collect();
                format!("{{^{}^}}", fields.join("~,^"))
            }),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{{^a?:~{a}~,^...{b}^}}")),
            (inner.clone(), inner.clone(), inner.clone())
                .prop_map(|(c, t, e)| format!("if~{c}~then~{t}~else~{e}")),
            (inner.clone(), inner.clone()).prop_map(|(v, b)| format!("let~t~=~{v}~;~{b}")),
            (inner.clone(), inner.clone()).prop_map(|(b, f)| format!("try~{b}~else~{f}")),
            (inner.clone(), inner.clone(), inner.clone())
                .prop_map(|(s, c, b)| format!("[for~i,~l~in~{s}~if~{c}~=>~{b}]")),
            (inner.clone(), inner.clone())
                .prop_map(|(s, v)| format!("{{for~k,~v~in~{s}~=>~[~k~]~:~{v}~}}")),
            (inner.clone(), inner.clone())
                .prop_map(|(s, v)| format!("{{for~v~in~{s}~=>~key:~{v}}}")),
            (inner.clone(), inner.clone(), inner.clone(), inner.clone())
                .prop_map(|(s, c, t, b)| format!("[for~o~in~{s}~if~{c}~for~i,~l~in~{t}~=>~{b}]")),
            (inner.clone(), inner.clone(), inner.clone())
                .prop_map(|(s, t, v)| format!("{{for~o~in~{s}~for~k,~v~in~{t}~=>~[~k~]~:~{v}~}}")),
            (inner.clone(), inner.clone()).prop_map(|(s, b)| format!("[for~o~in~{s}~=>~...{b}]")),
            (inner.clone(), inner.clone(), inner.clone())
                .prop_map(|(s, c, b)| format!("[for~x~in~{s}~=>~if~{c}~then~{b}~else~skip]")),
            (inner.clone(), inner.clone(), inner.clone()).prop_map(|(s, c, v)| format!(
                "{{for~x~in~{s}~=>~k~:~match~{c}~{{^1~=>~skip~,^_~=>~let~t~=~{v}~;~t^}}~}}"
            )),
            (inner.clone(), inner.clone()).prop_map(|(s, b)| format!("map(~{s}~,~l~->~{b}~)")),
            (inner.clone(), inner.clone())
                .prop_map(|(s, b)| format!("reduce(~{s}~,~0~,~(acc,~l)~->~{b}~)")),
            (
                inner.clone(),
                prop::collection::vec((pattern(), inner.clone()), 1..4)
            )
                .prop_map(|(v, arms)| {
                    let arms: Vec<String> = arms
                        .into_iter()
                        .map(|(p, b)| format!("{p}~=>~{b}"))
                        .collect();
                    format!("match~{v}~{{^{}^}}", arms.join("~,^"))
                }),
            (inner.clone(), inner).prop_map(|(a, b)| format!("\"x${{~{a}~}}y${{{b}}}\"")),
        ]
    })
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("k".to_string()),
        Just("if".to_string()),
        Just("\"a key\"".to_string()),
        Just("\"q\\\"\"".to_string()),
        Just("[~a~]".to_string()),
        Just("\"k${a}\"".to_string()),
        Just("[\"lit\"]".to_string()),
    ]
}

fn pattern() -> impl Strategy<Value = String> {
    let alt = prop_oneof![
        Just("_".to_string()),
        Just("n".to_string()),
        Just("null".to_string()),
        Just("-1".to_string()),
        Just("\"a\\\"b\"".to_string()),
        Just("1..5".to_string()),
        Just("..=0".to_string()),
        Just("\"a\"..\"n\"".to_string()),
        Just("10..".to_string()),
        Just("/^a\\/b\\d+$/i".to_string()),
        Just("/x\\\\/".to_string()),
        Just("/^(?<k>[a-z]+)-(\\d+)$/i as m".to_string()),
    ];
    (
        prop::collection::vec(alt, 1..3),
        prop::option::of(Just("~if~n~>~1")),
    )
        .prop_map(|(alts, guard)| format!("{}{}", alts.join("~|~"), guard.unwrap_or("")))
}

fn module() -> impl Strategy<Value = String> {
    let item = prop_oneof![
        expr().prop_map(|e| format!("let~v~=~{e}")),
        expr().prop_map(|e| format!("fn~h(~p~,~q~)~=~{e}")),
        Just("table~t~=~{~\"A\"~:~1~}".to_string()),
        Just("table~t2~from~\"t.csv\"~key~\"id\"".to_string()),
        Just("use~\"common.map\"".to_string()),
    ];
    let test = prop_oneof![
        Just("test~\"one\"~{~given~{~a:~1~}~expect~{~b:~[1,~2]~}~}".to_string()),
        Just("test~\"two\"~{~given~file~\"x.json\"~expect~error~\"E0401\"~}".to_string()),
    ];
    (
        prop::option::of(Just("mapping~m~version~\"1.0.0\"")),
        prop::collection::vec((item, any::<bool>()), 0..4),
        prop::option::of(expr()),
        prop::collection::vec(test, 0..2),
    )
        .prop_map(|(header, items, body, tests)| {
            let mut parts: Vec<String> = header.map(str::to_string).into_iter().collect();
            let count = items.len();
            let body = body.or_else(|| (!tests.is_empty()).then(|| "$".to_string()));
            // A body starting with `-` needs a `;` after the last item (it
            // would continue the item's value); `[` and `(` on a new line
            // never continue it.
            let negative = body.as_ref().is_some_and(|b| b.starts_with('-'));
            parts.extend(items.into_iter().enumerate().map(|(k, (i, semi))| {
                if semi || (k + 1 == count && negative) {
                    format!("{i}~;")
                } else {
                    i
                }
            }));
            parts.extend(body);
            parts.extend(tests);
            parts.join("^\n^")
        })
}

/// Fills each `~` (a place for blanks) and `^` (a list element's edge)
/// with blanks or a comment: comments go only at `^` when `anywhere` is
/// false.
fn gaps(template: String, anywhere: bool) -> impl Strategy<Value = String> {
    let count = template.matches(['~', '^']).count();
    let gap = prop_oneof![
        6 => Just(""),
        6 => Just(" "),
        2 => Just("\n"),
        1 => Just("\n\n"),
        1 => Just(" /* B */ "),
        1 => Just(" // L\n"),
        1 => Just("\n// L\n"),
        1 => Just("\n\n// L\n\n"),
    ];
    prop::collection::vec(gap, count).prop_map(move |gaps| {
        let mut out = String::with_capacity(template.len() + 8 * gaps.len());
        let mut n = 0;
        let mut gaps = gaps.into_iter();
        let chars: Vec<char> = template.chars().collect();
        let word = |c: Option<&char>| c.is_some_and(|c| c.is_alphanumeric() || *c == '_');
        for (i, &c) in chars.iter().enumerate() {
            if c != '~' && c != '^' {
                out.push(c);
                continue;
            }
            let mut gap = gaps.next().unwrap_or("");
            // Two words need something between them.
            if gap.is_empty() && word(out.chars().last().as_ref()) && word(chars.get(i + 1)) {
                gap = " ";
            }
            if c == '~' && !anywhere && gap.contains(['B', 'L']) {
                gap = " ";
            }
            n += 1;
            out.push_str(
                &gap.replace('B', &format!("c{n}"))
                    .replace('L', &format!("c{n}")),
            );
        }
        out
    })
}

/// `PROPTEST_CASES`, when set, replaces each test's number of cases.
fn run(name: &str, cases: u32, strict: bool, strategy: impl Strategy<Value = String>) {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(cases);
    let parsed = AtomicUsize::new(0);
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let result = runner.run(&strategy, |src| {
        match check(&src, true, strict) {
            Ok(true) => {
                parsed.fetch_add(1, Ordering::Relaxed);
            }
            Ok(false) => {}
            Err(e) => return Err(TestCaseError::fail(e)),
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{name}: {e}");
    }
    let parsed = parsed.into_inner();
    eprintln!("{name}: {cases} cases generated, {parsed} parsed and checked");
    assert!(
        parsed * 2 >= cases as usize,
        "{name}: too few programs parse ({parsed})"
    );
}

#[test]
fn generated_expressions_keep_their_meaning_and_comments() {
    run(
        "expressions",
        1500,
        true,
        expr().prop_flat_map(|t| gaps(t, false)),
    );
}

#[test]
fn generated_files_keep_their_meaning_and_comments() {
    run(
        "files",
        700,
        true,
        module().prop_flat_map(|t| gaps(t, false)),
    );
}

#[test]
fn comments_anywhere_are_kept_once_and_settle() {
    run(
        "comments anywhere",
        1000,
        false,
        expr().prop_flat_map(|t| gaps(t, true)),
    );
}

#[test]
fn every_mapping_is_formatted_idempotently_with_the_same_ast() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../mappings");
    let mut files = Vec::new();
    for dir in std::fs::read_dir(&root).expect("mappings/ is readable") {
        let dir = dir.expect("a directory entry").path();
        for file in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            if file.path().extension().is_some_and(|e| e == "map") {
                files.push(file.path());
            }
        }
    }
    assert!(files.len() >= 8, "found {files:?}");
    for file in &files {
        let text = std::fs::read_to_string(file).expect("a readable mapping");
        match check(&text, false, true) {
            Ok(true) => {}
            Ok(false) => panic!("{} does not parse", file.display()),
            Err(e) => panic!("{}: {e}", file.display()),
        }
    }
    eprintln!("mappings: {} files checked", files.len());
}
