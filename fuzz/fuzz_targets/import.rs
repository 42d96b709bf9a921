//! `verordening import` on any input: the first byte chooses CVDR XML or plain text. A
//! publication is refused with a located diagnostic or becomes a `.vo` text that parses without
//! errors (the importer writes only what the language can say); never a panic or a hang. What
//! was read is also matched against the VNG model of 2023 as a fill-in (the matcher, the typing
//! of what each fill-in captured and the writer; not the check and render that follow them in
//! `verordening import`, which need the files on disk): that too must give a `.vo` text that
//! parses, or a reason.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::collections::BTreeMap;
use std::sync::OnceLock;
use verordening::diagnostics::FileId;
use verordening::import::{import, invulling, Kop, Soort};

fn model() -> &'static verordening::syntax::File {
    static MODEL: OnceLock<verordening::syntax::File> = OnceLock::new();
    MODEL.get_or_init(|| {
        verordening::syntax::parse(
            include_str!("../../ordinances/vng/model-2023.vo"),
            FileId(2),
        )
        .file
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&kind, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let soort = if kind % 2 == 0 {
        Soort::Cvdr
    } else {
        Soort::Tekst
    };
    let kop = Kop {
        citeertitel: Some("Fuzzverordening".into()),
        gemeente: Some("Fuzzstad".into()),
        inwerkingtreding: chrono::NaiveDate::from_ymd_opt(2024, 1, 1),
        uit: None,
    };
    if let Ok(uit) = import(soort, FileId(0), text, "fuzz", &kop, &[]) {
        let parsed = verordening::syntax::parse(&uit.vo, FileId(1));
        assert!(
            !parsed.has_errors(),
            "the importer wrote a .vo that does not parse:\n{}\n{:?}",
            uit.vo,
            parsed.diagnostics.first().map(|d| &d.message)
        );
        let header = "verordening \"Fuzzverordening\" {\n  model \"model.vo\"\n}\n";
        if let Ok(inv) = invulling::vul_in(
            &uit.regeling,
            model(),
            &verordening::render::Names::default(),
            "het model",
            &BTreeMap::new(),
            header,
        ) {
            let parsed = verordening::syntax::parse(&inv.vo, FileId(3));
            assert!(
                !parsed.has_errors(),
                "the fill-in does not parse:\n{}\n{:?}",
                inv.vo,
                parsed.diagnostics.first().map(|d| &d.message)
            );
        }
    }
});
