//! The parser on any text: a tree and diagnostics, never a panic or a hang.
#![no_main]
use libfuzzer_sys::fuzz_target;
use verordening::diagnostics::FileId;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = verordening::syntax::parse(text, FileId(0));
    }
});
