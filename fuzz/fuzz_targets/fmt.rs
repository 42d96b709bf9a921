//! The formatter: on every file that parses, formatting keeps the tree (spans aside) and is
//! idempotent.
#![no_main]
use libfuzzer_sys::fuzz_target;
use verordening::diagnostics::FileId;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = verordening::syntax::parse(text, FileId(0));
    if parsed.has_errors() {
        return;
    }
    let once = verordening::fmt::format_file(&parsed.file);
    let again = verordening::syntax::parse(&once, FileId(0));
    assert!(
        !again.has_errors(),
        "formatted text does not parse:\n{once}"
    );
    assert_eq!(
        parsed.file, again.file,
        "formatting changed the meaning:\n{once}"
    );
    let twice = verordening::fmt::format_file(&again.file);
    assert_eq!(once, twice, "formatting is not idempotent");
});
