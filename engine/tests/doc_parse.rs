//! The batch path's record parser (`doc::parse`) against `serde_json`: on
//! generated JSON texts — odd numbers, escapes, whitespace, repeated keys,
//! deep nesting — and on those texts broken byte by byte, both accept the
//! same records and give the same values, digit for digit and key for key.
//! (`serde_json` rewrites an exponent, `1E5` as `1e+5`, where `doc::parse`
//! keeps the record's text: values are compared in `serde_json`'s
//! spelling, and `numbers_keep_the_records_text` checks the text.)

use ferry_engine::projection::Keep;
use ferry_engine::{doc, format};
use proptest::prelude::*;

/// Number texts as they may appear in a record, in every form JSON allows.
const NUMBERS: &[&str] = &[
    "0",
    "-0",
    "7",
    "-12",
    "1.50",
    "-0.0",
    "1e5",
    "1E5",
    "1e+05",
    "1E-2",
    "2.5e-3",
    "123456789012345678901234567890",
    "1e400",
    "-1e-400",
    "0.1E+2",
];

/// Characters a string may hold, and how each may be written.
fn string_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[a-zA-Z0-9 ]{0,6}",
        Just("é".to_owned()),
        Just("😀".to_owned()),
        Just("\\\"".to_owned()),
        Just("\\\\".to_owned()),
        Just("\\/".to_owned()),
        Just("\\n\\t\\r\\b\\f".to_owned()),
        Just("\\u00e9".to_owned()),
        Just("\\u0000".to_owned()),
        Just("\\ud83d\\ude00".to_owned()),
        Just("\u{7f}".to_owned()),
    ];
    prop::collection::vec(piece, 0..4).prop_map(|p| format!("\"{}\"", p.concat()))
}

fn whitespace() -> impl Strategy<Value = &'static str> {
    prop_oneof![Just(""), Just(""), Just(" "), Just("\n\t "), Just("\r\n")]
}

/// JSON texts (valid ones; mutation breaks some of them later).
fn json_text() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("null".to_owned()),
        Just("true".to_owned()),
        Just("false".to_owned()),
        prop::sample::select(NUMBERS).prop_map(str::to_owned),
        string_text(),
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            (
                prop::collection::vec((whitespace(), inner.clone()), 0..6),
                whitespace()
            )
                .prop_map(|(items, ws)| {
                    let items: Vec<String> = items
                        .into_iter()
                        .map(|(w, v)| format!("{w}{v}{w}"))
                        .collect();
                    format!("[{ws}{}]", items.join(","))
                }),
            (
                prop::collection::vec(
                    (
                        prop::sample::select(&["\"a\"", "\"b\"", "\"\\u0061\"", "\"c d\""][..]),
                        whitespace(),
                        inner
                    ),
                    0..6
                ),
                whitespace()
            )
                .prop_map(|(members, ws)| {
                    let members: Vec<String> = members
                        .into_iter()
                        .map(|(k, w, v)| format!("{w}{k}{w}:{w}{v}"))
                        .collect();
                    format!("{{{ws}{}}}", members.join(","))
                }),
        ]
    })
}

/// Bytes that break or bend JSON when put in the wrong place.
const NOISE: &[u8] = b"\"\\,:[]{}0-+.eEu1fntx \x01\xff\xc3";

/// Applies byte edits: (position, kind, noise byte).
fn mutate(text: &str, edits: &[(usize, u8, usize)]) -> Vec<u8> {
    let mut bytes = text.as_bytes().to_vec();
    for &(at, kind, noise) in edits {
        let at = if bytes.is_empty() {
            0
        } else {
            at % (bytes.len() + 1)
        };
        let byte = NOISE[noise % NOISE.len()];
        match kind % 3 {
            0 if at < bytes.len() => {
                bytes.remove(at);
            }
            1 => bytes.insert(at, byte),
            _ if at < bytes.len() => bytes[at] = byte,
            _ => bytes.push(byte),
        }
    }
    bytes
}

/// The compact text of JSON `bytes` as `serde_json` spells it (key order
/// and digits included), with the batch path's nesting limit.
fn serde_text(bytes: &[u8]) -> Option<String> {
    format::parse_record(bytes, 1).ok().map(|v| v.to_string())
}

/// The outcome of each parser: the value's compact text, or `None` for a
/// refusal.
fn both(bytes: &[u8]) -> (Option<String>, Option<String>) {
    let arena = bumpalo::Bump::new();
    let ours = doc::parse(bytes, Keep::all(), &arena)
        .ok()
        .map(|n| serde_text(n.to_json().to_string().as_bytes()).expect("ours is JSON"));
    (ours, serde_text(bytes))
}

#[test]
fn numbers_keep_the_records_text() {
    let arena = bumpalo::Bump::new();
    for number in NUMBERS {
        let text = format!("[{number}]");
        let node = doc::parse(text.as_bytes(), Keep::all(), &arena).unwrap();
        assert_eq!(node.to_json().to_string(), text);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2048, ..ProptestConfig::default() })]

    #[test]
    fn valid_texts_give_serde_json_values(text in json_text(), ws in whitespace()) {
        let text = format!("{ws}{text}{ws}");
        let (ours, theirs) = both(text.as_bytes());
        prop_assert!(theirs.is_some(), "generator made invalid JSON: {}", text);
        prop_assert_eq!(ours, theirs, "{}", text);
    }

    #[test]
    fn broken_texts_are_refused_alike(
        text in json_text(),
        edits in prop::collection::vec((any::<usize>(), any::<u8>(), any::<usize>()), 1..4),
    ) {
        let bytes = mutate(&text, &edits);
        let (ours, theirs) = both(&bytes);
        prop_assert_eq!(ours, theirs, "{}", String::from_utf8_lossy(&bytes));
    }
}

#[test]
fn both_parsers_allow_128_levels_of_nesting() {
    for depth in 120..135 {
        for (open, close) in [("[", "]"), ("{\"k\":", "}")] {
            let text = open.repeat(depth) + "1" + &close.repeat(depth);
            let (ours, theirs) = both(text.as_bytes());
            assert_eq!(ours.is_some(), depth <= 128, "depth {depth} {open}");
            assert_eq!(ours.is_some(), theirs.is_some(), "depth {depth} {open}");
        }
    }
}
