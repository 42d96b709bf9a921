//! `verordening import` on any input: the first byte chooses CVDR XML or plain text. A
//! publication is refused with a located diagnostic or becomes a `.vo` text that parses without
//! errors (the importer writes only what the language can say); never a panic or a hang.
#![no_main]
use libfuzzer_sys::fuzz_target;
use verordening::diagnostics::FileId;
use verordening::import::{import, Kop, Soort};

fuzz_target!(|data: &[u8]| {
    let Some((&kind, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let soort = if kind % 2 == 0 { Soort::Cvdr } else { Soort::Tekst };
    let kop = Kop {
        citeertitel: Some("Fuzzverordening".into()),
        gemeente: Some("Fuzzstad".into()),
        inwerkingtreding: chrono::NaiveDate::from_ymd_opt(2024, 1, 1),
    };
    if let Ok(uit) = import(soort, FileId(0), text, "fuzz", &kop, &[]) {
        let parsed = verordening::syntax::parse(&uit.vo, FileId(1));
        assert!(
            !parsed.has_errors(),
            "the importer wrote a .vo that does not parse:\n{}\n{:?}",
            uit.vo,
            parsed.diagnostics.first().map(|d| &d.message)
        );
    }
});
