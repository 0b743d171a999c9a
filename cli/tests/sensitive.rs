//! A value the input schema marks sensitive (`x-sensitive: true`) never
//! leaves Ferry except in the dead-letter file, whose purpose is to keep
//! the raw record: records carrying a planted secret fail in every way
//! there is (a type error on it, on a value computed from it, a schema
//! violation, the author's `error(…)` quoting it, malformed records around
//! it, in NDJSON, CSV and YAML), with every output stream on (stdout,
//! stderr, `--errors`, `--stats`, `--stats-json`, `--progress`, warnings,
//! `ferry validate`, `ferry test`, `ferry check`, `ferry explain`), and
//! every stream and file but the dead letters is searched for the secret,
//! its lower case and its first four characters. Nor does any of them
//! print a whole record: each record carries a canary, a member no
//! mapping reads and no error is about, which must not show either.

mod common;

use std::path::Path;

use common::{Bounded, Ran, scratch};

/// The secret: it matches the schema's pattern, so records that carry it
/// are valid unless they say otherwise.
const SECRET: &str = "ZQX-4111-SECRET-77";
/// What a record's non-sensitive `note` holds: only a stream that prints
/// the whole record shows it.
const CANARY: &str = "canary-of-the-record";

const SCHEMA: &str = r#"{
  "type": "object",
  "properties": {
    "id": {"type": "integer"},
    "card": {"type": "string", "x-sensitive": true, "pattern": "^[0-9A-Z-]{8,}$"},
    "note": {"type": "string"}
  },
  "required": ["id"]
}"#;

/// Fails record `id` in a different way each; the output never holds the
/// card.
const MAPPING: &str = r#"input schema "in.json"

fn refuse(c) = error("CARD_REFUSED", "card ${lower(c)} refused")

{
  id: $.id,
  kind: match $.id {
    1 => number($.card),
    2 => number(lower($.card)),
    3 => number(substring($.card, 0, 4)),
    4 => error("CARD_REFUSED", "card ${$.card} refused"),
    5 => error("CARD_REFUSED", "card ${lower($.card)} refused for order ${$.id}"),
    6 => refuse($.card),
    7 => error("CARD_REFUSED", "the card is refused", $.card),
    8 => parse_date($.card, "%d.%m.%Y"),
    9 => match $.card { "0" => 1 },
    10 => error(lower($.card)),
    11 => date_add(lower($.card), 1, "days"),
    12 => $.card + 1,
    _ => "ok",
  },
}
"#;

/// Records 1 to 12 fail in the mapping, 13 maps; then violations of the
/// card's schema (its pattern, its type), one of another field's, and
/// malformed lines holding the secret.
fn ndjson() -> Vec<u8> {
    let mut lines: Vec<String> = (1..=13)
        .map(|id| format!(r#"{{"id":{id},"card":"{SECRET}","note":"{CANARY}"}}"#))
        .collect();
    lines.extend([
        format!(r#"{{"id":14,"card":"bad {SECRET}","note":"{CANARY}"}}"#),
        format!(r#"{{"id":15,"card":["{SECRET}"],"note":"{CANARY}"}}"#),
        format!(r#"{{"id":16,"card":{{"n":"{SECRET}"}},"note":"{CANARY}"}}"#),
        format!(r#"{{"id":"17","card":"{SECRET}","note":"{CANARY}"}}"#),
        format!(r#"{{"id":18,"card":"{SECRET}","note":"#),
        format!(r#"{{"id":19,"card":"{SECRET}\q","note":"{CANARY}"}}"#),
        format!(r#"{{"id":20,"card":"{SECRET}","note":"{CANARY}"}} {SECRET}"#),
    ]);
    let mut bytes = (lines.join("\n") + "\n").into_bytes();
    // Invalid UTF-8 in the middle of the secret.
    bytes.extend_from_slice(format!(r#"{{"id":21,"card":"{}"#, &SECRET[..4]).as_bytes());
    bytes.push(0xFF);
    bytes.extend_from_slice(format!(r#"{}","note":"{CANARY}"}}"#, &SECRET[4..]).as_bytes());
    bytes.push(b'\n');
    bytes
}

/// The same failures in CSV rows (read with `infer=true`), then a row
/// with a field missing and a quote that never closes.
fn csv() -> String {
    let mut text = String::from("id,card,note\n");
    for id in 1..=13 {
        text.push_str(&format!("{id},{SECRET},{CANARY}\n"));
    }
    text.push_str(&format!("14,{SECRET}\n15,\"{SECRET},{CANARY}\n"));
    text
}

/// YAML documents: a good one, then malformed ones holding the secret.
fn yaml() -> String {
    let document = |body: &str| format!("---\nid: 13\n{body}\nnote: {CANARY}\n");
    [
        document(&format!("card: {SECRET}")),
        document(&format!("card: [{SECRET}")),
        document(&format!("card: {SECRET}\ncard: {SECRET}")),
        document(&format!("card: !!int {SECRET}")),
        document(&format!("card: *{SECRET}")),
        document(&format!("card: \"{SECRET}\\q\"")),
    ]
    .concat()
}

/// A mapping whose `test` blocks put the secret in `given` and expect
/// what does not happen.
const BLOCKS: &str = r#"input schema "in.json"

{ id: $.id, n: number(lower($.card)) }

test "an output, where the card fails" {
  given { id: 1, card: "ZQX-4111-SECRET-77", note: "canary-of-the-record" }
  expect { id: 1 }
}

test "another code" {
  given { id: 2, card: "ZQX-4111-SECRET-77", note: "canary-of-the-record" }
  expect error "E0401"
}

test "an output, where the record is invalid" {
  given { id: "3", card: "bad ZQX-4111-SECRET-77", note: "canary-of-the-record" }
  expect { id: 3 }
}
"#;

/// Every stream and file a run wrote, by name.
#[derive(Default)]
struct Streams(Vec<(String, Vec<u8>)>);

impl Streams {
    fn ran(&mut self, name: &str, ran: &Ran) {
        ran.assert_orderly();
        self.0.push((format!("{name}: stdout"), ran.out.clone()));
        self.0
            .push((format!("{name}: stderr"), ran.err.clone().into_bytes()));
    }

    fn file(&mut self, name: &str, path: &Path) {
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{name}: {e}"));
        self.0.push((name.to_owned(), bytes));
    }

    /// No stream holds the secret (as it is, in lower case, or its first
    /// four characters) or a record's canary.
    fn assert_clean(&self) {
        let lower = SECRET.to_lowercase();
        let needles = [SECRET, lower.as_str(), &SECRET[..4], CANARY];
        for (name, bytes) in &self.0 {
            let text = String::from_utf8_lossy(bytes);
            for needle in needles {
                if let Some(at) = text.find(needle) {
                    let line = text[..at].lines().count().max(1);
                    let shown = text.lines().nth(line - 1).unwrap_or_default();
                    panic!("`{needle}` in {name}, line {line}: {shown}");
                }
            }
        }
    }
}

fn fixture() -> std::path::PathBuf {
    let dir = scratch("sensitive");
    let payments = dir.join("payments");
    let cases = payments.join("cases");
    let blocks = dir.join("blocks");
    std::fs::create_dir_all(&cases).unwrap();
    std::fs::create_dir_all(&blocks).unwrap();
    let write = |path: std::path::PathBuf, bytes: &[u8]| std::fs::write(path, bytes).unwrap();
    write(payments.join("payments.map"), MAPPING.as_bytes());
    write(payments.join("in.json"), SCHEMA.as_bytes());
    write(payments.join("in.ndjson"), &ndjson());
    write(payments.join("in.csv"), csv().as_bytes());
    write(payments.join("in.yaml"), yaml().as_bytes());
    write(blocks.join("blocks.map"), BLOCKS.as_bytes());
    write(blocks.join("in.json"), SCHEMA.as_bytes());
    // Golden cases that fail: an error where an output is expected, the
    // wrong error, an output that differs.
    let record =
        |id: &str, card: &str| format!(r#"{{"id":{id},"card":"{card}","note":"{CANARY}"}}"#);
    write(
        cases.join("derived.in.json"),
        record("2", SECRET).as_bytes(),
    );
    write(cases.join("derived.out.json"), br#"{"id":2,"kind":"ok"}"#);
    write(
        cases.join("invalid.in.json"),
        record("14", &format!("bad {SECRET}")).as_bytes(),
    );
    write(cases.join("invalid.err.txt"), b"E0401\n");
    write(cases.join("good.in.json"), record("13", SECRET).as_bytes());
    write(cases.join("good.out.json"), br#"{"id":13,"kind":"not ok"}"#);
    dir
}

fn ferry(dir: &Path, args: &[&str]) -> Ran {
    Bounded::new(dir, args).run()
}

#[test]
fn a_sensitive_value_shows_in_no_stream_but_the_dead_letters() {
    let dir = fixture();
    let payments = dir.join("payments");
    let mut streams = Streams::default();
    let mut dead_letters = Vec::new();

    // `ferry run`, failures on stderr, then in a file; every input format.
    let runs: [(&str, &[&str]); 4] = [
        ("in.ndjson", &[]),
        ("in.ndjson", &["--errors", "errors.ndjson"]),
        (
            "in.csv",
            &["--input-option", "infer=true", "--errors", "errors.ndjson"],
        ),
        ("in.yaml", &[]),
    ];
    for (input, extra) in runs {
        let mut args = vec![
            "run",
            "payments.map",
            input,
            "--on-error",
            "skip",
            "--stats",
            "--stats-json",
            "stats.json",
            "--progress",
            "--dead-letter",
            "dead.ndjson",
            "-o",
            "out.ndjson",
        ];
        args.extend_from_slice(extra);
        let name = format!("ferry {}", args.join(" "));
        let ran = ferry(&payments, &args);
        assert_eq!(ran.code, Some(1), "{name}: {}", ran.err);
        let (records, outputs, failures) = ran.accounting();
        assert!(outputs >= 1 && failures >= 2, "{name}: {records} records");
        if !extra.contains(&"--errors") {
            // Every failure is reported (and so searched), none dropped.
            let reported = ran.err.matches("error: record ").count() as u64;
            assert_eq!(reported, failures, "{name}: {}", ran.err);
        }
        streams.ran(&name, &ran);
        streams.file(&format!("{name}: out.ndjson"), &payments.join("out.ndjson"));
        streams.file(&format!("{name}: stats.json"), &payments.join("stats.json"));
        if extra.contains(&"--errors") {
            streams.file(
                &format!("{name}: errors.ndjson"),
                &payments.join("errors.ndjson"),
            );
        }
        dead_letters.push(std::fs::read(payments.join("dead.ndjson")).unwrap());
    }
    // The NDJSON run: records 1 to 12 and 14 to 21 fail, 13 maps.
    let ran = ferry(
        &payments,
        &["run", "payments.map", "in.ndjson", "--on-error", "skip"],
    );
    assert_eq!(ran.accounting(), (21, 1, 20), "{}", ran.err);
    assert_eq!(ran.stdout(), "{\"id\":13,\"kind\":\"ok\"}\n");

    // `ferry validate`, failures on stderr and in a file.
    for extra in [&[][..], &["--errors", "verrors.ndjson"]] {
        let mut args = vec![
            "validate",
            "in.json",
            "in.ndjson",
            "--on-error",
            "skip",
            "--stats",
            "--dead-letter",
            "vdead.ndjson",
            "-o",
            "valid.ndjson",
        ];
        args.extend_from_slice(extra);
        let name = format!("ferry {}", args.join(" "));
        let ran = ferry(&payments, &args);
        assert_eq!(ran.code, Some(1), "{name}: {}", ran.err);
        streams.ran(&name, &ran);
        if !extra.is_empty() {
            streams.file(
                &format!("{name}: verrors.ndjson"),
                &payments.join("verrors.ndjson"),
            );
        }
        dead_letters.push(std::fs::read(payments.join("vdead.ndjson")).unwrap());
    }
    // The valid records are written as they came: that is their purpose,
    // not a leak. Their file is not searched.

    // `ferry test`: golden cases and test blocks that fail.
    for args in [
        &["test", "payments", "blocks"][..],
        &["test", "payments", "blocks", "--format", "json"],
        &["test", "payments", "blocks", "--coverage"],
    ] {
        let ran = ferry(&dir, args);
        assert_eq!(ran.code, Some(1), "{args:?}: {}", ran.err);
        streams.ran(&format!("ferry {}", args.join(" ")), &ran);
    }
    // What reads no record: the checker (warnings included), the plan,
    // the catalogue.
    for args in [
        &["check", "payments/payments.map"][..],
        &["check", "payments/payments.map", "--format", "json"],
        &["plan", "payments/payments.map"],
        &["explain", "E0408"],
        &["explain", "E0404"],
    ] {
        let ran = ferry(&dir, args);
        streams.ran(&format!("ferry {}", args.join(" ")), &ran);
    }

    streams.assert_clean();
    // The secret was there to find: the dead letters keep every failing
    // record as it came.
    for letters in &dead_letters {
        let text = String::from_utf8_lossy(letters);
        assert!(text.contains(SECRET) && text.contains(CANARY), "{text}");
    }
}
