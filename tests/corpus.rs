//! The shipped ordinances: they check clean, and the VNG template represents every slot of
//! the model (the 91 of the slot catalogue, tests/data/vng-model-2023-slots.tsv).

// Tests may fail loudly: the deny lints are for the library, not for its tests.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::{Path, PathBuf};
use verordening::check::symbols::{SlotKind, SlotTable};
use verordening::check_paths;
use verordening::diagnostics::{render_human, FileId};
use verordening::syntax::parse;

const MODEL: &str = "ordinances/vng/model-2023.vo";

#[test]
fn shipped_ordinances_check_clean() {
    let report = check_paths(&[PathBuf::from("ordinances")]);
    let text = render_human(&report.project.sources, &report.diagnostics, false, 100);
    let errors = report.diagnostics.iter().filter(|d| d.is_error()).count();
    assert_eq!(errors, 0, "{text}");
    assert!(!report.io_failed);
    assert!(
        report.project.docs.len() >= 3,
        "expected wet, model and an example ordinance"
    );
}

fn kind_matches(catalogue: &str, kind: &SlotKind) -> bool {
    let family = catalogue.split_whitespace().next().unwrap_or("");
    match kind {
        SlotKind::Fill => family.starts_with("fill-in"),
        SlotKind::Keuze { one_or_both, .. } => {
            if *one_or_both {
                family == "choose-one-or-both"
            } else {
                family == "choose-one"
            }
        }
        SlotKind::OptionalArticle => family == "optional:article",
        SlotKind::OptionalLid | SlotKind::OptionalLidGroup => family == "optional:lid",
        SlotKind::OptionalBijlage => family == "optional:bijlage",
        // The 2023 catalogue has no variants (only the 2017 model does).
        SlotKind::Variant => family == "variant",
        SlotKind::Passage | SlotKind::OptionalBegrip | SlotKind::OptionalOnderdeel => {
            family == "optional:passage"
        }
    }
}

/// Catalogue ids that a slot carries in a `# catalogus: ID` comment: the slot declared on
/// the next non-comment line.
fn aliases(src: &str) -> Vec<(String, String)> {
    let lines: Vec<&str> = src.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(id) = line.trim().strip_prefix("# catalogus:") else {
            continue;
        };
        let next = lines
            .iter()
            .skip(i + 1)
            .find(|l| !l.trim_start().starts_with('#'));
        let name = next.and_then(|l| {
            let mut words = l.split_whitespace();
            let first = words.next()?;
            let second = words.next()?;
            let name = match first {
                "facultatief" if second == "begrip" => words.next()?,
                "facultatief" if matches!(second, "artikel" | "lid" | "bijlage" | "{") => "",
                _ => second,
            };
            Some(name.trim_end_matches(':').to_string())
        });
        if let Some(n) = name.filter(|n| !n.is_empty()) {
            out.push((id.trim().to_string(), n));
        }
    }
    out
}

#[test]
fn every_catalogue_slot_is_in_the_template() {
    let src = std::fs::read_to_string(MODEL).unwrap_or_else(|e| panic!("{MODEL}: {e}"));
    let parsed = parse(&src, FileId(0));
    assert!(!parsed.has_errors(), "the model does not parse");
    let table = SlotTable::build(&parsed.file, FileId(0));
    let aliases = aliases(&src);
    let catalogue = std::fs::read_to_string(Path::new("tests/data/vng-model-2023-slots.tsv"))
        .unwrap_or_default();
    let mut missing = Vec::new();
    let mut count = 0;
    for line in catalogue.lines().filter(|l| !l.starts_with('#')) {
        let mut cols = line.split('\t');
        let (_, Some(id), Some(kind)) = (cols.next(), cols.next(), cols.next()) else {
            continue;
        };
        count += 1;
        let found = table.get(id).or_else(|| {
            let local = aliases
                .iter()
                .find(|(c, _)| c == id)
                .map(|(_, n)| n.clone())?;
            let art = id.split('.').next().unwrap_or("");
            table
                .slots
                .iter()
                .find(|s| s.id.starts_with(art) && s.id.ends_with(&format!(".{local}")))
        });
        match found {
            Some(slot) if kind_matches(kind, &slot.kind) => {}
            Some(slot) => missing.push(format!(
                "{id}: kind {kind} but template has {:?}",
                slot.kind
            )),
            None => missing.push(format!("{id} ({kind}) not found")),
        }
    }
    assert_eq!(count, 91);
    assert!(
        missing.is_empty(),
        "{} slots missing:\n{}",
        missing.len(),
        missing.join("\n")
    );
}
