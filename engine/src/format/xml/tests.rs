//! The convention, the safety rules and the streaming splitter, end to
//! end through [`open`] and [`encoder`].

use std::time::{Duration, Instant};

use bumpalo::Bump;
use proptest::prelude::*;
use serde_json::{Value, json};

use super::*;
use crate::format::codec::Parsed;
use crate::projection::Keep;

const SOAP: &str = "http://schemas.xmlsoap.org/soap/envelope/";

fn options(namespaces: &[(&str, &str)]) -> XmlOptions {
    XmlOptions {
        namespaces: namespaces
            .iter()
            .map(|(p, u)| (p.to_string(), u.to_string()))
            .collect(),
        ..XmlOptions::default()
    }
}

/// Every record: its number and its value or error message.
fn records(
    xml: &str,
    options: &XmlOptions,
    chunk_bytes: usize,
) -> Vec<(u64, Result<Value, String>)> {
    let input = Box::new(std::io::Cursor::new(xml.as_bytes().to_vec()));
    let (mut chunks, reader) = open(input, options, chunk_bytes).expect("options are valid");
    let mut out = Vec::new();
    while let Some(chunk) = chunks.next_owned().expect("no I/O error") {
        for (number, range) in &chunk.lines {
            let arena = Bump::new();
            let parsed = reader.parse(&chunk.bytes[range.clone()], *number, Keep::all(), &arena);
            out.push((
                *number,
                match parsed {
                    Ok(Parsed::Node(node)) => Ok(node.to_json()),
                    Ok(Parsed::Value(value)) => Ok(value),
                    Err(e) => Err(e.info().message.clone()),
                },
            ));
        }
        chunks.recycle(chunk);
    }
    out
}

/// The value of a document read whole.
fn document(xml: &str, options: &XmlOptions) -> Result<Value, String> {
    let mut all = records(xml, options, 1 << 20);
    assert_eq!(all.len(), 1, "one record");
    all.pop().unwrap().1
}

fn written(options: &XmlOptions, outputs: &[Value]) -> Result<String, String> {
    let encoder = encoder(options)?;
    let mut out = Vec::new();
    encoder.begin(&mut out);
    for value in outputs {
        encoder
            .record(value, &mut out)
            .map_err(|e| e.info().message.clone())?;
    }
    encoder.end(&mut out);
    Ok(String::from_utf8(out).unwrap())
}

fn soap_envelope(prefix: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<{prefix}:Envelope xmlns:{prefix}="{SOAP}">
  <{prefix}:Header/>
  <{prefix}:Body>
    <Orders xmlns="urn:orders">
      <Order id="1"><Total>10.50</Total></Order>
      <Order id="2"><Total>3</Total></Order>
    </Orders>
  </{prefix}:Body>
</{prefix}:Envelope>
"#
    )
}

#[test]
fn soap_envelopes_read_the_same_whatever_their_prefixes() {
    let options = options(&[("soap", SOAP), ("o", "urn:orders")]);
    let expected = json!({"soap:Envelope": {
        "soap:Header": "",
        "soap:Body": {"o:Orders": {"o:Order": [
            {"@id": "1", "o:Total": "10.50"},
            {"@id": "2", "o:Total": "3"}
        ]}}
    }});
    assert_eq!(
        document(&soap_envelope("soap"), &options),
        Ok(expected.clone())
    );
    assert_eq!(document(&soap_envelope("SOAP-ENV"), &options), Ok(expected));
}

#[test]
fn default_and_unnamed_namespaces() {
    // The mapping's default namespace gives bare names; a namespace it
    // does not name is written in Clark notation.
    let options = options(&[("", "urn:orders")]);
    let value = document(&soap_envelope("s"), &options).unwrap();
    let body = &value[format!("{{{SOAP}}}Envelope")][format!("{{{SOAP}}}Body")];
    assert_eq!(body["Orders"]["Order"][1]["Total"], "3");
    let xml = r#"<a xmlns:p="urn:p" p:x="1" y="2" xml:lang="fr"><p:b/></a>"#;
    assert_eq!(
        document(xml, &XmlOptions::default()),
        Ok(json!({"a": {"@{urn:p}x": "1", "@y": "2", "@xml:lang": "fr", "{urn:p}b": ""}}))
    );
}

#[test]
fn a_ubl_invoice_has_repeated_lines_and_attributes() {
    let xml = r#"<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
    xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
    xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:ID>INV-7</cbc:ID>
  <cac:InvoiceLine>
    <cbc:ID>1</cbc:ID>
    <cbc:LineExtensionAmount currencyID="EUR">100.00</cbc:LineExtensionAmount>
  </cac:InvoiceLine>
  <cbc:Note>between the lines</cbc:Note>
  <cac:InvoiceLine>
    <cbc:ID>2</cbc:ID>
    <cbc:LineExtensionAmount currencyID="EUR">5.10</cbc:LineExtensionAmount>
  </cac:InvoiceLine>
</Invoice>"#;
    let options = options(&[
        ("", "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"),
        (
            "cac",
            "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
        ),
        (
            "cbc",
            "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
        ),
    ]);
    let value = document(xml, &options).unwrap();
    assert_eq!(
        value,
        json!({"Invoice": {
            "cbc:ID": "INV-7",
            "cac:InvoiceLine": [
                {"cbc:ID": "1", "cbc:LineExtensionAmount": {"@currencyID": "EUR", "#text": "100.00"}},
                {"cbc:ID": "2", "cbc:LineExtensionAmount": {"@currencyID": "EUR", "#text": "5.10"}}
            ],
            "cbc:Note": "between the lines"
        }})
    );
    // Members keep document order: the array sits where its first
    // element was.
    let keys: Vec<&String> = value["Invoice"].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["cbc:ID", "cac:InvoiceLine", "cbc:Note"]);
}

#[test]
fn cdata_entities_and_character_references_are_text() {
    let xml = "<a><b><![CDATA[x < y & z]]></b><c>caf&#233; &#x20AC;5 &lt;&gt;&amp;&apos;&quot;</c>\
               <d t=\"a&amp;b&#10;c\tz\">1\r\n2</d></a>";
    assert_eq!(
        document(xml, &XmlOptions::default()),
        Ok(json!({"a": {
            "b": "x < y & z",
            "c": "café €5 <>&'\"",
            "d": {"@t": "a&b\nc z", "#text": "1\n2"}
        }}))
    );
}

#[test]
fn listed_elements_are_always_arrays() {
    let mut options = options(&[("o", "urn:o")]);
    options.arrays = vec!["o:Line".into()];
    let xml = r#"<o:Order xmlns:o="urn:o"><o:Line>1</o:Line><o:Id>7</o:Id></o:Order>"#;
    assert_eq!(
        document(xml, &options),
        Ok(json!({"o:Order": {"o:Line": ["1"], "o:Id": "7"}}))
    );
}

#[test]
fn mixed_content_and_whitespace() {
    let xml = "<p>\n  Hello <b>world</b>!\n  <i/>\n</p>";
    assert_eq!(
        document(xml, &XmlOptions::default()),
        Ok(json!({"p": {"#text": "\n  Hello !\n  ", "b": "world", "i": ""}}))
    );
    // Layout between elements is dropped; text alone is kept as written.
    let xml = "<r>\n  <a>  padded  </a>\n  <e></e>\n  <f a=\"1\"/>\n  <g><!-- c --></g>\n</r>\n";
    assert_eq!(
        document(xml, &XmlOptions::default()),
        Ok(json!({"r": {"a": "  padded  ", "e": "", "f": {"@a": "1"}, "g": ""}}))
    );
}

#[test]
fn external_entities_are_rejected() {
    let xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>\n<x>&e;</x>";
    let e = document(xml, &XmlOptions::default()).unwrap_err();
    assert!(
        e.starts_with("line 2, column 1: external entities are not allowed"),
        "{e}"
    );
    let xml = "<!DOCTYPE x [<!ENTITY % p PUBLIC \"-//x\" \"http://example.com/x.dtd\"> %p;]><x/>";
    let e = document(xml, &XmlOptions::default()).unwrap_err();
    assert!(e.contains("external entities are not allowed"), "{e}");
    // The same in a streamed document.
    let options = XmlOptions {
        record: Some("x/y".into()),
        ..XmlOptions::default()
    };
    let xml = "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x><y>&e;</y></x>";
    let all = records(xml, &options, 100);
    assert_eq!(all.len(), 1);
    let e = all[0].1.as_ref().unwrap_err();
    assert!(e.contains("external entities are not allowed"), "{e}");
    // A DOCTYPE without entities is fine.
    assert_eq!(
        document(
            "<!DOCTYPE x SYSTEM \"x.dtd\"><x>1</x>",
            &XmlOptions::default()
        ),
        Ok(json!({"x": "1"}))
    );
}

#[test]
fn billion_laughs_is_rejected_fast() {
    let mut xml =
        String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n");
    for i in 1..10 {
        let prev = if i == 1 {
            "lol".to_string()
        } else {
            format!("lol{}", i - 1)
        };
        xml.push_str(&format!(
            "<!ENTITY lol{i} \"{}\">\n",
            format!("&{prev};").repeat(10)
        ));
    }
    xml.push_str("]>\n<lolz>&lol9;</lolz>\n");
    let started = Instant::now();
    let e = document(&xml, &XmlOptions::default()).unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(1));
    assert!(
        e.contains("entity declarations are not supported (entity `lol`"),
        "{e}"
    );
    // An unknown entity is an error too.
    let e = document("<x>&nbsp;</x>", &XmlOptions::default()).unwrap_err();
    assert!(
        e.starts_with("line 1, column 4: unknown entity &nbsp;"),
        "{e}"
    );
}

#[test]
fn malformed_xml_is_positioned() {
    let xml = "<Orders>\n  <Order>\n    <Line>1\n  </Order>\n</Orders>";
    let e = document(xml, &XmlOptions::default()).unwrap_err();
    assert_eq!(
        e,
        "line 4, column 3: mismatched closing tag </Order>, expected </Line>"
    );
    let e = document("<Orders>\n  <Order>", &XmlOptions::default()).unwrap_err();
    assert_eq!(e, "line 2, column 3: unclosed element <Order>");
    let e = document("<a>&#0;</a>", &XmlOptions::default()).unwrap_err();
    assert!(e.contains("invalid character reference"), "{e}");
    let e = document("<a/><b/>", &XmlOptions::default()).unwrap_err();
    assert!(e.contains("a second root element <b>"), "{e}");
    let e = document("<p:a/>", &XmlOptions::default()).unwrap_err();
    assert!(e.contains("undeclared namespace prefix `p`"), "{e}");
    let deep = "<a>".repeat(600) + &"</a>".repeat(600);
    let e = document(&deep, &XmlOptions::default()).unwrap_err();
    assert!(e.contains("nested deeper than 512"), "{e}");
    let e = document(
        "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a/>",
        &XmlOptions::default(),
    )
    .unwrap_err();
    assert!(e.contains("only UTF-8"), "{e}");
}

fn streamed_orders() -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\"?>\n<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">\n<soap:Body>\n<x:Orders xmlns:x=\"urn:orders\">\n  <x:Note>skipped</x:Note>\n",
    );
    for i in 1..=20 {
        xml.push_str(&format!(
            "  <x:Order id=\"{i}\">\n    <x:Line>{i}a</x:Line><x:Line>&amp;{i}</x:Line>\n  </x:Order>\n"
        ));
    }
    xml.push_str("  <x:Order/>\n</x:Orders>\n</soap:Body>\n</soap:Envelope>\n");
    xml
}

fn record_options() -> XmlOptions {
    let mut options = options(&[("soap", SOAP), ("o", "urn:orders")]);
    options.record = Some("soap:Envelope/soap:Body/o:Orders/o:Order".into());
    options
}

#[test]
fn streaming_gives_the_same_records_at_every_chunk_size() {
    let xml = streamed_orders();
    let options = record_options();
    let expected = records(&xml, &options, 1 << 30);
    assert_eq!(expected.len(), 21);
    assert_eq!(
        expected[0],
        (6, Ok(json!({"@id": "1", "o:Line": ["1a", "&1"]})))
    );
    assert_eq!(expected[20], (66, Ok(json!(""))));
    for size in [1, 7, 100, 4096] {
        assert_eq!(records(&xml, &options, size), expected, "chunk size {size}");
    }
}

#[test]
fn a_streamed_record_keeps_the_columns_of_the_file() {
    let xml = "<r>\n  <o>\n    <a>1</b>\n  </o>\n  <o>2</o>\n</r>";
    let options = XmlOptions {
        record: Some("r/o".into()),
        ..XmlOptions::default()
    };
    let all = records(xml, &options, 10);
    assert_eq!(
        all,
        vec![
            (
                2,
                Err("line 3, column 9: mismatched closing tag </b>, expected </a>".into())
            ),
            (5, Ok(json!("2"))),
        ]
    );
}

#[test]
fn a_broken_record_in_the_middle_fails_alone() {
    let xml = streamed_orders().replace("<x:Line>5a</x:Line>", "<x:Line>5a</x:Lime>");
    let all = records(&xml, &record_options(), 100);
    assert_eq!(all.len(), 21);
    let failed: Vec<u64> = all
        .iter()
        .filter(|(_, r)| r.is_err())
        .map(|(n, _)| *n)
        .collect();
    assert_eq!(failed, [18]);
    let e = all[4].1.as_ref().unwrap_err();
    assert_eq!(
        e,
        "line 19, column 15: mismatched closing tag </x:Lime>, expected </x:Line>"
    );
    assert_eq!(all[5].1, Ok(json!({"@id": "6", "o:Line": ["6a", "&6"]})));
}

#[test]
fn a_document_broken_outside_records_ends_with_a_failing_record() {
    let xml = "<r>\n<o>1</o>\n<o>2</o>\n</q>\n<o>3</o>";
    let options = XmlOptions {
        record: Some("r/o".into()),
        ..XmlOptions::default()
    };
    let all = records(xml, &options, 1);
    assert_eq!(all.len(), 3);
    assert_eq!(all[1], (3, Ok(json!("2"))));
    assert_eq!(
        all[2],
        (
            4,
            Err("line 4, column 1: mismatched closing tag </q>, expected </r>".into())
        )
    );
    let all = records("<r>\n<o>1</o>\n", &options, 1);
    assert_eq!(
        all[1].1,
        Err("line 3, column 1: unclosed element <r>".into())
    );
}

#[test]
fn a_record_path_with_an_unknown_prefix_is_a_bad_option() {
    let options = XmlOptions {
        record: Some("q:Orders/q:Order".into()),
        ..XmlOptions::default()
    };
    let input = Box::new(std::io::Cursor::new(Vec::new()));
    let Err(e) = open(input, &options, 10) else {
        panic!("the prefix is not declared");
    };
    assert_eq!(e.code(), crate::codes::BAD_FORMAT_OPTION);
}

#[test]
fn the_encoder_writes_the_convention_backwards() {
    let mut options = options(&[("o", "urn:orders"), ("", "urn:default")]);
    options.root = Some("o:Orders".into());
    options.element = Some("o:Order".into());
    let out = written(
        &options,
        &[
            json!({"@id": 1, "o:Line": [{"Sku": "a<b"}, {"Sku": "c&d"}], "Note": null, "Flag": true,
                 "Amount": {"@currency": "EUR", "#text": "1.50"}}),
        ],
    )
    .unwrap();
    assert_eq!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <o:Orders xmlns:o=\"urn:orders\" xmlns=\"urn:default\">\n\
         \x20 <o:Order id=\"1\">\n\
         \x20   <o:Line>\n      <Sku>a&lt;b</Sku>\n    </o:Line>\n\
         \x20   <o:Line>\n      <Sku>c&amp;d</Sku>\n    </o:Line>\n\
         \x20   <Note/>\n    <Flag>true</Flag>\n\
         \x20   <Amount currency=\"EUR\">1.50</Amount>\n\
         \x20 </o:Order>\n</o:Orders>\n"
    );
    let single = written(
        &XmlOptions::default(),
        &[json!({"a": {"@q": "\"'\t", "b": "x"}})],
    )
    .unwrap();
    assert_eq!(
        single,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a q=\"&quot;&apos;&#9;\">\n  <b>x</b>\n</a>\n"
    );
}

#[test]
fn unwritable_outputs_name_the_key_and_write_nothing() {
    let encoder = encoder(&XmlOptions::default()).unwrap();
    for (value, message) in [
        (
            json!({"a": {"1st": "x"}}),
            "/a/1st: `1st` is not an XML element name",
        ),
        (
            json!({"a": {"b": [{"a b": 1}]}}),
            "/a/b/0/a b: `a b` is not an XML element name",
        ),
        (
            json!({"a": {"x:b": 1}}),
            "/a/x:b: `x:b` uses the prefix `x`, which option `namespaces` does not declare",
        ),
        (
            json!({"a": {"@b": {"c": 1}}}),
            "/a/@b: attribute `b` holds an array or object; an attribute is text",
        ),
        (
            json!({"a": 1, "b": 2}),
            "(the output): an XML output is an object with one member, its root element (or give the options root and element)",
        ),
        (
            json!(["a"]),
            "(the output): an XML output is an object with one member, its root element (or give the options root and element)",
        ),
    ] {
        let mut out = b"kept".to_vec();
        let e = encoder.record(&value, &mut out).unwrap_err();
        assert_eq!(e.code(), crate::codes::UNWRITABLE_OUTPUT);
        assert_eq!(e.info().message, message);
        assert_eq!(out, b"kept");
    }
}

#[test]
fn clark_names_and_control_characters() {
    let value = json!({"{urn:x}a": {"@{urn:y}b": "1", "{urn:x}c": "2"}});
    let out = written(&XmlOptions::default(), std::slice::from_ref(&value)).unwrap();
    assert_eq!(document(&out, &XmlOptions::default()), Ok(value));
    let text = json!({"a": "line\r\nnext"});
    let out = written(&XmlOptions::default(), std::slice::from_ref(&text)).unwrap();
    assert_eq!(document(&out, &XmlOptions::default()), Ok(text));
    let e = written(&XmlOptions::default(), &[json!({"a": "\u{1}"})]).unwrap_err();
    assert!(e.contains("U+0001 cannot be written"), "{e}");
}

/// Values in the convention: objects of strings, attributes, nested
/// objects and arrays of two or more objects, under valid names.
fn element_value() -> impl Strategy<Value = Value> {
    let name = "[a-zA-Z_][a-zA-Z0-9_.-]{0,6}";
    let text = "[ -~\u{e9}\u{20ac}\n\t]{0,12}";
    let leaf = prop_oneof![
        text.prop_map(Value::String),
        proptest::collection::vec(("@[a-z]{1,4}", text), 1..3).prop_map(|attributes| {
            Value::Object(
                attributes
                    .into_iter()
                    .map(|(k, v)| (k, Value::String(v)))
                    .collect(),
            )
        }),
    ];
    leaf.prop_recursive(4, 32, 4, move |inner| {
        let member = prop_oneof![
            3 => (name, inner.clone()).prop_map(|(k, v)| vec![(k, v)]),
            1 => (name, proptest::collection::vec(inner.clone(), 2..4))
                .prop_map(|(k, items)| vec![(k, Value::Array(items))]),
        ];
        proptest::collection::vec(member, 1..4).prop_map(|members| {
            let mut object = serde_json::Map::new();
            for (k, v) in members.into_iter().flatten() {
                object.entry(k).or_insert(v);
            }
            Value::Object(object)
        })
    })
}

proptest! {
    #[test]
    fn written_values_read_back_the_same(root in element_value()) {
        let value = json!({"root": root});
        let out = written(&XmlOptions::default(), std::slice::from_ref(&value)).unwrap();
        prop_assert_eq!(document(&out, &XmlOptions::default()), Ok(value), "{}", out);
    }
}
