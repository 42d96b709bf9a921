//! Snapshots of the AST of representative files: the parser's view of every construct.
//! Spans are left out of the snapshot (they are not part of the tree's meaning).

// Tests may fail loudly: the deny lints are for the library, not for its tests.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use verordening::diagnostics::FileId;
use verordening::syntax::parse;

fn ast_json(path: &str) -> String {
    let src = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let parsed = parse(&src, FileId(0));
    assert!(!parsed.has_errors(), "{path} does not parse");
    serde_json::to_string_pretty(&parsed.file).unwrap_or_default()
}

#[test]
fn ast_of_the_test_model() {
    insta::assert_snapshot!(ast_json("tests/fixtures/common/model.vo"));
}

#[test]
fn ast_of_a_filled_in_ordinance() {
    insta::assert_snapshot!(ast_json("tests/fixtures/common/goed.vo"));
}

#[test]
fn ast_of_the_wet_layer() {
    insta::assert_snapshot!(ast_json("tests/fixtures/common/wet.vo"));
}

#[test]
fn expressions_keep_precedence() {
    let src = "model \"x\" { }\ndefinitie d = indien a en niet b of c dan 10% van x + 3 * y afgerond naar boven op € 1 anders kleinste(p, 2 maanden)\n";
    let parsed = parse(src, FileId(0));
    assert!(!parsed.has_errors());
    insta::assert_snapshot!(serde_json::to_string_pretty(&parsed.file.items).unwrap_or_default());
}

#[test]
fn comments_and_blank_lines_are_kept_as_trivia() {
    let src = "# kop\nmodel \"x\" { }\n\n# over artikel 1\nartikel 1 \"A\" {\n  # over lid 1\n  lid 1 { tekst \"t\" }\n  # slot\n}\n# einde\n";
    let parsed = parse(src, FileId(0));
    assert!(!parsed.has_errors());
    let file = &parsed.file;
    let item = file.items.first().unwrap_or_else(|| panic!("no item"));
    assert!(item.trivia.blank_line_before);
    assert_eq!(
        item.trivia.comments.first().map(|c| c.text.trim()),
        Some("over artikel 1")
    );
    let verordening::syntax::ItemKind::Artikel(a) = &item.kind else {
        panic!("not an artikel")
    };
    assert_eq!(
        a.members
            .first()
            .and_then(|m| m.trivia.comments.first())
            .map(|c| c.text.trim()),
        Some("over lid 1")
    );
    assert_eq!(
        a.trailing.comments.first().map(|c| c.text.trim()),
        Some("slot")
    );
    assert_eq!(
        file.trailing.comments.first().map(|c| c.text.trim()),
        Some("einde")
    );
    assert_eq!(
        file.header.trivia.comments.first().map(|c| c.text.trim()),
        Some("kop")
    );
}

#[test]
fn the_spelling_of_dates_percentages_and_parentheses_is_in_the_tree() {
    // Only what differs from the usual spelling is serialised: `written` and `spelling` appear
    // on the nodes below and nowhere in the other snapshots.
    let src = "model \"x\" {\n  geldig vanaf 1 juli 2023\n}\nartikel 1 \"A\" {\n  parameter p: bedrag {\n    vanaf 1 januari 2023: € 1\n  }\n  definitie d = (a) + 50 procent van 2023-07-01\n}\n";
    let parsed = parse(src, FileId(0));
    assert!(!parsed.has_errors());
    insta::assert_snapshot!(serde_json::to_string_pretty(&parsed.file).unwrap_or_default());
}
