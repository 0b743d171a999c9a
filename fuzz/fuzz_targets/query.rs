//! Any query text either fails to compile or runs on any document.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (query, doc) = text.split_once('\n').unwrap_or((text, "{\"a\":[1,{\"b\":2}],\"c\":\"x\"}"));
    if let (Ok(q), Ok(doc)) = (ferry_engine::Query::compile(query), serde_json::from_str::<serde_json::Value>(doc)) {
        let _ = q.select(&doc);
    }
});
