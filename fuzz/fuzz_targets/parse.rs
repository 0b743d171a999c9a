//! Parsing and compiling arbitrary text never panics; a failure is always
//! a diagnostic with a code and a span inside the text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match ferry_engine::Mapping::compile_str(text) {
        Ok(_) => {}
        Err(diags) => {
            assert!(!diags.is_empty(), "a failed compile reports at least one diagnostic");
            for d in diags.iter() {
                assert!(d.code.starts_with('E'), "stable code: {}", d.code);
                assert!(d.span.end as usize <= text.len() + 1, "span inside the text");
            }
        }
    }
});
