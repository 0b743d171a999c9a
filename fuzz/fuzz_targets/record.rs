//! The batch path's record parser against serde_json on arbitrary bytes:
//! both accept the same records and give the same values, digit for digit;
//! and every example mapping's projected parse maps a record exactly as
//! the record parsed whole.
#![no_main]

use ferry_engine::projection::Keep;
use ferry_engine::doc;
use libfuzzer_sys::fuzz_target;

mod example_mappings;
use example_mappings::example_mappings;

fuzz_target!(|data: &[u8]| {
    let arena = bumpalo::Bump::new();
    let ours = doc::parse(data, Keep::all(), &arena).ok().map(|n| n.to_json().to_string());
    let full = serde_json::from_slice::<serde_json::Value>(data).ok();
    assert_eq!(ours, full.as_ref().map(|v| v.to_string()), "parsers disagree");
    let Some(full) = full else { return };
    for (mapping, projection) in example_mappings() {
        let mut expected = Vec::new();
        let expected = mapping.apply_to_json(&full, &mut expected, false).map(|()| expected);
        let record = doc::parse(data, projection.keep(), &arena).expect("projected parse");
        let mut got = Vec::new();
        let got = mapping.apply_doc_to_json(&record, &mut got, false).map(|()| got);
        match (expected, got) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "outputs differ"),
            (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "errors differ"),
            (a, b) => panic!("one failed: {a:?} / {b:?}"),
        }
    }
});
