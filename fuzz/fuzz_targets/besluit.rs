//! A wijzigingsbesluit (`.wb`) on any text, applied to the shipped Zuiderveen base text on
//! every date it names: parsed with diagnostics, applied or refused with diagnostics, and the
//! derived state printed and parsed again; never a panic or a hang.
#![no_main]
mod common;
use libfuzzer_sys::fuzz_target;
use verordening::diagnostics::FileId;
use verordening::wijziging::{toepassen, wijzigingsdata, Bron, ALLES};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    static BASE: std::sync::OnceLock<Option<verordening::syntax::File>> =
        std::sync::OnceLock::new();
    let Some(base) = BASE.get_or_init(|| {
        let path = common::repo().join("ordinances/zuiderveen/reintegratie-2024.vo");
        let src = std::fs::read_to_string(path).ok()?;
        Some(verordening::syntax::parse(&src, FileId(0)).file)
    }) else {
        return;
    };
    let parsed = verordening::syntax::parse_besluit(text, FileId(1));
    let Some(besluit) = parsed.besluit.as_ref() else {
        return;
    };
    let _ = verordening::wijziging::controleer(besluit, FileId(1));
    let bronnen = [Bron {
        file: FileId(1),
        besluit,
    }];
    let mut dates = wijzigingsdata(&bronnen, None);
    dates.push(ALLES);
    for d in dates {
        if let Ok(file) = toepassen(base, &bronnen, d, None) {
            let printed = verordening::fmt::format_file(&file);
            let _ = verordening::syntax::parse(&printed, FileId(2));
        }
    }
});
