//! The formatter's guarantees: on every file in ordinances/ and tests/ it keeps the meaning
//! (the AST before and after is equal, spans aside) and is idempotent; a file with syntax
//! errors is left alone; generated files give no counter-example.

// Tests may fail loudly: the deny lints are for the library, not for its tests.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use proptest::prelude::*;
use std::path::PathBuf;
use std::process::Command;
use verordening::diagnostics::FileId;
use verordening::fmt::format_file;
use verordening::project::expand_paths;
use verordening::syntax::parse;

/// Format, reparse, compare; then format again and compare text.
fn round_trip(src: &str) -> Result<(), String> {
    let a = parse(src, FileId(0));
    if a.has_errors() {
        return Err("does not parse".into());
    }
    let once = format_file(&a.file);
    let b = parse(&once, FileId(0));
    if b.has_errors() {
        return Err(format!("formatted text does not parse:\n{once}"));
    }
    if a.file != b.file {
        return Err(format!("meaning changed:\n{once}"));
    }
    let twice = format_file(&b.file);
    if once != twice {
        return Err(format!(
            "not idempotent:\n--- once\n{once}\n--- twice\n{twice}"
        ));
    }
    Ok(())
}

#[test]
fn every_shipped_and_test_file_round_trips() {
    let files =
        expand_paths(&[PathBuf::from("ordinances"), PathBuf::from("tests")]).unwrap_or_default();
    let mut checked = 0;
    for f in files {
        let Ok(src) = std::fs::read_to_string(&f) else {
            continue;
        };
        if parse(&src, FileId(0)).has_errors() {
            continue; // the syntax-error fixtures
        }
        if let Err(e) = round_trip(&src) {
            panic!("{}: {e}", f.display());
        }
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} files checked");
}

#[test]
fn comments_survive_formatting() {
    let src = "# kop\nmodel \"x\" {\n  # over de versie\n  versie \"1\"\n}\n# over artikel 1\nartikel 1 \"A\" {\n  lid 1 {\n    # binnen\n    tekst \"t\"\n    kan toekennen v als a en # midden in een voorwaarde\n      b\n  }\n  # slot\n}\n# einde\n";
    let a = parse(src, FileId(0));
    assert!(!a.has_errors());
    let out = format_file(&a.file);
    for c in [
        "# kop",
        "# over de versie",
        "# over artikel 1",
        "# binnen",
        "# midden in een voorwaarde",
        "# slot",
        "# einde",
    ] {
        assert!(out.contains(c), "lost {c}:\n{out}");
    }
    if let Err(e) = round_trip(src) {
        panic!("{e}");
    }
}

#[test]
fn a_file_with_errors_is_left_untouched() {
    let dir = std::env::temp_dir().join("verordening-fmt-test");
    let _ = std::fs::create_dir_all(&dir);
    let f = dir.join("kapot.vo");
    let text = "model \"x\" {\n}\nartikel 1 \"A\" {\n  lid 1 { tekst \"t\" \n";
    let _ = std::fs::write(&f, text);
    let out = Command::new(env!("CARGO_BIN_EXE_verordening"))
        .args(["fmt", f.to_str().unwrap_or("")])
        .output();
    let code = out.map(|o| o.status.code().unwrap_or(-1)).unwrap_or(-1);
    assert_eq!(code, 1);
    assert_eq!(std::fs::read_to_string(&f).unwrap_or_default(), text);
}

#[test]
fn check_mode_reports_and_writes_nothing() {
    let dir = std::env::temp_dir().join("verordening-fmt-check");
    let _ = std::fs::create_dir_all(&dir);
    let f = dir.join("rommelig.vo");
    let text = "model   \"x\"{ versie \"1\" }\nartikel 1 \"A\" { tekst \"t\" }\n";
    let _ = std::fs::write(&f, text);
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_verordening"))
            .args(args)
            .output()
            .map(|o| o.status.code().unwrap_or(-1))
            .unwrap_or(-1)
    };
    let path = f.to_str().unwrap_or("");
    assert_eq!(run(&["fmt", "--check", path]), 1);
    assert_eq!(std::fs::read_to_string(&f).unwrap_or_default(), text);
    assert_eq!(run(&["fmt", path]), 0);
    assert_eq!(run(&["fmt", "--check", path]), 0);
}

/// The shipped ordinances are in the canonical layout, as a municipality's CI would demand.
#[test]
fn the_shipped_ordinances_are_formatted() {
    let out = Command::new(env!("CARGO_BIN_EXE_verordening"))
        .args(["fmt", "--check", "ordinances/"])
        .output();
    let (code, stdout) = match out {
        Ok(o) => (
            o.status.code(),
            String::from_utf8_lossy(&o.stdout).into_owned(),
        ),
        Err(e) => (None, e.to_string()),
    };
    assert_eq!(code, Some(0), "would change: {stdout}");
}

/// What a jurist chose to write stays: dates in words, `procent`, parentheses that precedence
/// does not need. Article lists get the form legal text uses, `artikelen 4, 5 en 8`.
#[test]
fn the_jurists_spelling_is_kept() {
    let path = "tests/fixtures/fmt/schrijfwijze.vo";
    let src = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let a = parse(&src, FileId(0));
    assert!(!a.has_errors(), "{path} does not parse");
    let out = format_file(&a.file);
    for kept in [
        "geldig vanaf 1 juli 2023",
        "geldig tot 2024-12-31",
        "vanaf 1 januari 2023: € 2.699",
        "vanaf 2024-01-01: € 2.800",
        "definitie ingang = 1 juli 2023",
        "definitie ook_ingang = 2023-07-01",
        "definitie deel = 50 procent van € 100",
        "definitie ander_deel = 7,5% van € 100",
        "uitsluitend v als a.x = 0 of (a.x = 1 en b)",
        "waarde v.duur = (a.duur) + 2 maanden",
        "waarde v.bedrag = (a.bedrag * 2) - € 1",
        "voorbeeld artikel 4\n",
        "voorbeeld artikelen 5 en 8\n",
        "label \"drie\" voorbeeld artikelen 4, 5 en 8\n",
        "label \"vier\" voorbeeld artikelen 4, 5 en 8\n",
    ] {
        assert!(out.contains(kept), "`{kept}` not in\n{out}");
    }
    if let Err(e) = round_trip(&src) {
        panic!("{e}");
    }
    insta::assert_snapshot!(out);
}

/// The one-line statements of the shipped ordinances (fills, conditions, values) come out of
/// `fmt` word for word: no article list, date, percentage or parenthesis is respelled.
#[test]
fn the_shipped_statements_come_out_word_for_word() {
    let words = |l: &str| l.split_whitespace().map(str::to_string).collect::<Vec<_>>();
    let files = expand_paths(&[PathBuf::from("ordinances")]).unwrap_or_default();
    let mut compared = 0;
    for f in &files {
        let Ok(src) = std::fs::read_to_string(f) else {
            continue;
        };
        let out = format_file(&parse(&src, FileId(0)).file);
        let formatted: std::collections::HashSet<Vec<String>> = out.lines().map(words).collect();
        for line in src.lines().map(str::trim).filter(|l| {
            [
                "invulling ",
                "keuze ",
                "uitsluitend ",
                "waarde ",
                "definitie ",
                "vanaf ",
            ]
            .iter()
            .any(|k| l.starts_with(k))
                && !l.ends_with('{')
        }) {
            assert!(
                formatted.contains(&words(line)),
                "{}: fmt respells\n  {line}",
                f.display()
            );
            compared += 1;
        }
    }
    assert!(compared >= 100, "only {compared} lines compared");
}

// ---------------------------------------------------------------- generated files

fn name() -> impl Strategy<Value = String> {
    prop::sample::select(vec!["a", "b", "persoon.leeftijd", "duur", "x.y", "bedrag"])
        .prop_map(str::to_string)
}

fn literal() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "€ 1.234,56",
        "€ 100",
        "7,5%",
        "50 procent",
        "12 maanden",
        "1 maand",
        "8 weken",
        "36 uur",
        "3",
        "1,5",
        "ja",
        "nee",
        "2023-07-01",
        "1 juli 2023",
        "\"tekst\"",
        "10 werkdagen",
        "zes maanden",
        "een jaar",
        "tweeëntwintig weken",
    ])
    .prop_map(str::to_string)
}

fn expr() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![literal(), name()];
    leaf.prop_recursive(4, 24, 3, |inner| {
        prop_oneof![
            (
                inner.clone(),
                prop::sample::select(vec!["+", "-", "*", "/", "van", "en", "of", "=", "<=", ">"]),
                inner.clone()
            )
                .prop_map(|(a, op, b)| format!("{a} {op} {b}")),
            inner.clone().prop_map(|a| format!("({a})")),
            inner.clone().prop_map(|a| format!("niet {a}")),
            inner.clone().prop_map(|a| format!("-{a}")),
            (inner.clone(), inner.clone(), inner.clone())
                .prop_map(|(a, b, c)| format!("indien {a} dan {b} anders {c}")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("kleinste({a}, {b})")),
            inner
                .clone()
                .prop_map(|a| format!("{a} afgerond naar boven op € 1")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{a} in ({b}, 3)")),
            // Over a list fact (issue 21): with and without a condition, one or two keys.
            (
                prop::sample::select(vec!["aantal", "bestaat", "alle"]),
                prop::option::of(inner.clone())
            )
                .prop_map(|(f, c)| match c {
                    Some(c) => format!("{f}(wachtlijst waarbij {c})"),
                    None => format!("{f}(wachtlijst)"),
                }),
            (
                prop::option::of(inner),
                prop::sample::select(vec![
                    "vroegste ingeschreven_op",
                    "laatste ingeschreven_op, hoogste urgentie",
                    "kortste wachttijd",
                ])
            )
                .prop_map(|(c, o)| match c {
                    Some(c) => format!("kies(wachtlijst waarbij {c}, {o})"),
                    None => format!("kies(wachtlijst, {o})"),
                }),
        ]
    })
}

/// An article list with any mix of `,` and `en` between the numbers.
fn articles() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            prop::sample::select(vec!["4", "5", "8", "14a"]),
            prop::bool::ANY,
        ),
        1..5,
    )
    .prop_map(|nrs| {
        let mut s = String::from(if nrs.len() == 1 {
            "artikel"
        } else {
            "artikelen"
        });
        for (i, (nr, en)) in nrs.iter().enumerate() {
            if i > 0 {
                s.push_str(if *en { " en" } else { "," });
            }
            s.push(' ');
            s.push_str(nr);
        }
        s
    })
}

fn stmt() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z ]{0,20}".prop_map(|t| format!("tekst \"{t}\"")),
        (expr(), prop::option::of(expr())).prop_map(|(c, t)| match t {
            Some(t) => format!("kan toekennen v als {c} tenzij {t}"),
            None => format!("weigert v als {c}"),
        }),
        expr().prop_map(|e| format!("waarde v.duur = {e}")),
        expr().prop_map(|e| format!("definitie d = {e}")),
        Just("invulling bedrag: bedrag label \"bedrag\" voorbeeld € 100".to_string()),
        Just("feit wachtlijst: lijst van { naam: tekst, ingeschreven_op: datum, geschikt: ja/nee } \"de wachtlijst\"".to_string()),
        Just("keuze k een of beide { optie a \"A\" optie b \"B {x}\" { invulling x: lijst van percentage lengte 3 } }".to_string()),
        articles().prop_map(|a| format!("invulling lijst: artikelen label \"lijst\" voorbeeld {a}")),
        Just("# een opmerking".to_string()),
        Just("".to_string()),
    ]
}

/// A statement, sometimes with a comment at the end of its line.
fn stmt_with_comment() -> impl Strategy<Value = String> {
    (stmt(), prop::option::of("[a-z][a-z ]{0,12}")).prop_map(|(s, c)| match c {
        Some(c) => format!("{s}  # {c}"),
        None => s,
    })
}

fn file() -> impl Strategy<Value = String> {
    let since = prop::sample::select(vec!["2023-07-01", "1 juli 2023", "01 januari 2024"]);
    let stmts = prop::collection::vec(prop::collection::vec(stmt_with_comment(), 0..6), 1..4);
    (since, stmts).prop_map(|(since, arts)| {
        let mut s =
            format!("model \"gegenereerd\" {{\n  versie \"1\"\n  geldig vanaf {since}\n}}\n");
        for (i, stmts) in arts.iter().enumerate() {
            s.push_str(&format!("\nartikel {} \"A\" {{\n  lid 1 {{\n", i + 1));
            for st in stmts {
                s.push_str("    ");
                s.push_str(st);
                s.push('\n');
            }
            s.push_str("  }\n}\n");
        }
        s
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn generated_files_round_trip(src in file()) {
        match round_trip(&src) {
            Ok(()) | Err(_) if parse(&src, FileId(0)).has_errors() => {}
            Ok(()) => {}
            Err(e) => prop_assert!(false, "{}\n--- input\n{}", e, src),
        }
    }
}

#[test]
fn comments_inside_options_and_passages_stay_in_place() {
    let src = "model \"x\" {\n}\n\naanhef {\n  facultatief p \"p {a}\" {\n    # bij a\n    invulling a: tekst\n  }\n  keuze k {\n    # bij optie een\n    optie een \"een\"\n    optie twee \"twee {b}\" {\n      # bij b\n      invulling b: getal\n    }\n  }\n}\n";
    let a = parse(src, FileId(0));
    assert!(!a.has_errors());
    let out = format_file(&a.file);
    assert_eq!(out, src, "already canonical, so formatting changes nothing");
    assert!(round_trip(src).is_ok());
}

/// Each line of `out` with a `#` that comes after a statement: (statement, comment).
fn statements_with_comments(out: &str) -> Vec<(String, String)> {
    out.lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .filter_map(|l| l.split_once("  # "))
        .map(|(s, c)| (s.trim().to_string(), c.to_string()))
        .collect()
}

#[test]
fn an_end_of_line_comment_stays_on_its_statements_line() {
    for fixture in ["commentaar-aan-het-eind.vo", "commentaar-in-een-model.vo"] {
        let path = format!("tests/fixtures/fmt/{fixture}");
        let src = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let a = parse(&src, FileId(0));
        assert!(!a.has_errors(), "{path} does not parse");
        let out = format_file(&a.file);
        // Every comment written after something on its line is still after it, in order.
        let written: Vec<(String, String)> = src
            .lines()
            .filter(|l| !l.trim_start().starts_with('#'))
            .filter_map(|l| l.split_once('#'))
            .map(|(s, c)| {
                (
                    s.split_whitespace().collect::<Vec<_>>().join(" "),
                    c.trim().to_string(),
                )
            })
            .collect();
        assert!(
            written.len() >= 6,
            "{path}: only {} end-of-line comments",
            written.len()
        );
        assert_eq!(statements_with_comments(&out), written, "{path}:\n{out}");
        if let Err(e) = round_trip(&src) {
            panic!("{path}: {e}");
        }
        insta::assert_snapshot!(fixture, out);
    }
}

#[test]
fn an_end_of_line_comment_belongs_to_its_statement_in_the_tree() {
    let src = std::fs::read_to_string("tests/fixtures/fmt/commentaar-aan-het-eind.vo")
        .unwrap_or_default();
    let file = parse(&src, FileId(0)).file;
    let fill = |slot: &str| {
        file.items
            .iter()
            .find(|i| matches!(&i.kind, verordening::syntax::ItemKind::Fill(f) if f.slot.text == slot))
            .unwrap_or_else(|| panic!("no fill of {slot}"))
    };
    let bedrag = fill("art8.lid3.bedrag");
    assert_eq!(
        bedrag.trivia.end_of_line.as_ref().map(|c| c.text.trim()),
        Some("toelichting")
    );
    assert!(bedrag.trivia.comments.is_empty());
    let next = fill("art14a.lid1.duur");
    assert!(next.trivia.comments.is_empty(), "{:?}", next.trivia);
    assert!(
        next.trivia.blank_line_before,
        "the blank line before it is kept"
    );
    assert_eq!(
        file.header
            .trivia
            .end_of_line
            .as_ref()
            .map(|c| c.text.trim()),
        Some("einde kop")
    );
}

/// Each line of `text` with a comment: the words in front of the `#` (empty for a comment on
/// its own line) and the comment's text from the `#` on, as written.
fn lines_with_comments(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter_map(|l| l.split_once('#'))
        .map(|(code, c)| {
            let words = code.split_whitespace().collect::<Vec<_>>().join(" ");
            (words, format!("#{}", c.trim_end()))
        })
        .collect()
}

/// A comment after an opening brace stays on the brace's line, one on the next line stays in
/// front of the first member, one before a closing brace stays there (the header, a choice,
/// an option, a parameter included); the text after `#` is kept byte for byte.
#[test]
fn a_comment_keeps_its_place_at_the_braces_and_its_text() {
    let path = "tests/fixtures/fmt/commentaar-bij-accolades.vo";
    let src = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let a = parse(&src, FileId(0));
    assert!(!a.has_errors(), "{path} does not parse");
    let out = format_file(&a.file);
    let written = lines_with_comments(&src);
    assert!(written.len() >= 20, "only {} comments", written.len());
    assert_eq!(lines_with_comments(&out), written, "{path}:\n{out}");
    for kept in [
        "#zonder spatie",
        "#\tmet tabs",
        "#    vier spaties",
        "##  twee hekjes",
        "#!",
    ] {
        assert!(out.contains(kept), "`{kept}` not in\n{out}");
    }
    if let Err(e) = round_trip(&src) {
        panic!("{path}: {e}");
    }
    insta::assert_snapshot!(out);
}

/// A brace that belongs to the text itself is written `\{` (an imported publication may hold
/// one); it is no reference, and formatting keeps it escaped while references stay as they are.
#[test]
fn a_literal_brace_in_a_text_is_kept_and_is_no_reference() {
    let src = "verordening \"Accoladestad\" {\n  gemeente \"Accoladestad\"\n}\n\nartikel 1 \"Tekens\" {\n  tekst \"De formule \\{a} of \\{ staat in bijlage 2.\"\n}\n";
    let parsed = parse(src, FileId(0));
    assert!(!parsed.has_errors(), "{:?}", parsed.diagnostics);
    let printed = format_file(&parsed.file);
    assert!(
        printed.contains(r#""De formule \{a} of \{ staat in bijlage 2.""#),
        "{printed}"
    );
    round_trip(src).unwrap();
    round_trip(&printed).unwrap();
}

#[test]
fn list_constructs_keep_their_form() {
    // The forms of issue 21 (choosing from a list by an order), as a jurist writes them:
    // formatting prints them back word for word, and the tree before and after is equal.
    let src = "verordening \"V\" {\n  geldig vanaf 2024-01-01\n}\n\nartikel 1 \"Wachtlijst\" {\n  feit wachtlijst: lijst van { naam: tekst, ingeschreven_op: datum, geschikt: ja/nee, urgentie: aantal } \"de personen op de wachtlijst\"\n  definitie kandidaat = kies(wachtlijst waarbij geschikt en urgentie >= 2, vroegste ingeschreven_op, hoogste urgentie)\n  definitie geschikten = aantal(wachtlijst waarbij geschikt)\n  definitie iemand = bestaat(kandidaat) of bestaat(wachtlijst waarbij (urgentie > 3))\n  definitie allen = alle(wachtlijst waarbij geschikt) en aantal(wachtlijst) > 0\n}\n";
    round_trip(src).unwrap();
    let parsed = parse(src, FileId(0));
    assert!(!parsed.has_errors());
    assert_eq!(format_file(&parsed.file), src);
}

/// A bare number in words as a fill value (`= vijf`, as a publication writes "ten hoogste vijf
/// plaatsen") stays in words, alone or in a list, and reads back as the same number; in an
/// expression a number word still needs a unit, so `vijf` there is a name.
#[test]
fn a_number_in_words_as_a_fill_value_is_kept() {
    let src = "verordening \"x\" {\n}\ninvulling art9.lid3.aantal = vijf\ninvulling art1.lijst = drie, 4, twaalf # commentaar\n";
    let a = parse(src, FileId(0));
    assert!(!a.has_errors(), "{:?}", a.diagnostics);
    let out = format_file(&a.file);
    assert!(out.contains("invulling art9.lid3.aantal = vijf\n"), "{out}");
    assert!(
        out.contains("invulling art1.lijst = drie, 4, twaalf"),
        "{out}"
    );
    if let Err(e) = round_trip(src) {
        panic!("{e}");
    }
    let n = |i: usize| match &a.file.items[i].kind {
        verordening::syntax::ItemKind::Fill(f) => format!("{:?}", f.value),
        _ => panic!(),
    };
    assert!(n(0).contains("Number(5)"), "{}", n(0));
    let e = parse(
        "verordening \"x\" {\n}\nartikel 1 \"a\" {\n  waarde x.y = vijf + 1\n}\n",
        FileId(0),
    );
    assert!(format!("{:?}", e.file).contains("Ref"));
}
