//! `verordening besluit`: the wijzigingsbesluit computed from two versions (crates/verordening-core/src/besluit.rs).
//! Every change of the was-wordt table appears in exactly one instruction (or, for the aanhef
//! and slotformule that a wijzigingsbesluit does not amend, in the list of what is not in it);
//! the besluit for the model 2017 → 2023 covers the articles of Bijlage 1 of the VNG ledenbrief.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::Path;
use verordening::besluit::{besluit, markdown, Besluit, Invoer};
use verordening::project::Project;

fn make(old: &str, new: &str, vastgesteld: Option<chrono::NaiveDate>) -> Besluit {
    let mut p = Project::new();
    let o = p.load(Path::new(old)).unwrap();
    let n = p.load(Path::new(new)).unwrap();
    besluit(&Invoer {
        project: &p,
        oud: o,
        nieuw: n,
        vastgesteld,
        tussen: Vec::new(),
    })
}

fn each_change_once(b: &Besluit) {
    let n = b.was_wordt.wijzigingen.len();
    let mut seen = vec![0usize; n];
    for o in &b.onderdelen {
        for i in &o.instructies {
            assert!(
                !i.wijzigingen.is_empty(),
                "{}: an instruction without a change",
                i.zin
            );
            for k in &i.wijzigingen {
                seen[*k] += 1;
            }
        }
    }
    for (k, _) in &b.niet_in_besluit {
        seen[*k] += 1;
    }
    for (k, count) in seen.iter().enumerate() {
        assert_eq!(
            *count, 1,
            "change {k} ({:?}) is in {count} instructions",
            b.was_wordt.wijzigingen[k]
        );
    }
}

#[test]
fn voorbeeldstad_2023_to_2024() {
    let b = make(
        "ordinances/voorbeeld/voorbeeldstad-2023.vo",
        "ordinances/voorbeeld/voorbeeldstad-2024.vo",
        chrono::NaiveDate::from_ymd_opt(2023, 11, 28),
    );
    each_change_once(&b);
    assert!(b.niet_in_besluit.is_empty());
    let zinnen: Vec<&str> = b
        .onderdelen
        .iter()
        .flat_map(|o| o.instructies.iter().map(|i| i.zin.as_str()))
        .collect();
    assert!(zinnen.contains(
        &"In artikel 8, derde lid, wordt \"€ 150\" vervangen door \"€ 175\" en wordt \"€ 100\" vervangen door \"€ 125\"."
    ), "{zinnen:#?}");
    assert!(zinnen.contains(&"Na artikel 9 wordt een artikel ingevoegd, luidende:"));
    assert_eq!(
        b.inwerkingtreding,
        ["Deze verordening treedt in werking op 1 januari 2024."]
    );
    insta::assert_snapshot!(markdown(&b));
}

#[test]
fn a_besluit_after_the_date_works_back() {
    let b = make(
        "ordinances/voorbeeld/voorbeeldstad-2023.vo",
        "ordinances/voorbeeld/voorbeeldstad-2024.vo",
        chrono::NaiveDate::from_ymd_opt(2024, 2, 13),
    );
    assert_eq!(
        b.inwerkingtreding,
        ["Deze verordening treedt in werking met ingang van de dag na die van de bekendmaking en werkt terug tot en met 1 januari 2024."]
    );
}

#[test]
fn model_2017_to_2023_covers_bijlage_1_of_the_ledenbrief() {
    let b = make(
        "ordinances/vng/model-2017.vo",
        "ordinances/vng/model-2023.vo",
        None,
    );
    each_change_once(&b);
    let koppen =
        std::fs::read_to_string("tests/fixtures/besluit/ledenbrief-bijlage1-koppen.txt").unwrap();
    let mut bijlagen = 0;
    for k in koppen.lines().filter(|l| !l.starts_with('#')) {
        if let Some(rest) = k.strip_prefix("Artikel ") {
            let nr = rest.split_whitespace().next().unwrap();
            assert!(
                b.onderdelen
                    .iter()
                    .any(|o| o.artikelen.iter().any(|a| a == nr)),
                "no onderdeel for artikel {nr} ({k})"
            );
        } else if k.starts_with("Het opschrift van hoofdstuk 2") {
            assert!(
                b.onderdelen.iter().any(|o| o.betreft == "hoofdstuk 2"),
                "{k}"
            );
        } else if let Some(rest) = k.strip_prefix("Na artikel ") {
            let nr = rest.split_whitespace().next().unwrap();
            let o = b
                .onderdelen
                .iter()
                .find(|o| o.betreft == format!("na artikel {nr}"))
                .unwrap_or_else(|| panic!("no insertion after artikel {nr}"));
            // The ledenbrief inserts "een artikel en een hoofdstuk": 14a and hoofdstuk 3A.
            assert!(o.artikelen.contains(&"14a".to_string()));
            assert!(o.instructies[0].zin.contains("een hoofdstuk"));
        } else if k.starts_with("Er wordt een bijlage toegevoegd") {
            bijlagen += 1;
        } else {
            panic!("unexpected heading {k}");
        }
    }
    let added_bijlagen = b
        .onderdelen
        .iter()
        .flat_map(|o| &o.instructies)
        .filter(|i| i.zin == "Er wordt een bijlage toegevoegd, luidende:")
        .count();
    assert_eq!(added_bijlagen, bijlagen);
    insta::assert_snapshot!(markdown(&b));
}

/// A regeling with its own articles (the ISD BOL text as imported, and an invented next
/// version): a changed lid, an inserted lid with renumbering, a lapsed and an inserted article.
/// The besluit in the language (`--format vo`, the `.wb` syntax of issue 22) carries the new
/// units as the new version's source text. Applying it back (`besluit --toepassen`) needs the
/// apply function of issue 22, on another branch.
#[test]
fn a_regeling_with_own_articles_in_the_language() {
    let mut p = Project::new();
    let o = p
        .load(Path::new("tests/fixtures/besluit/isd-bol-2023.vo"))
        .unwrap();
    let n = p
        .load(Path::new("tests/fixtures/besluit/isd-bol-2024.vo"))
        .unwrap();
    let vastgesteld = chrono::NaiveDate::from_ymd_opt(2023, 12, 12);
    let b = besluit(&Invoer {
        project: &p,
        oud: o,
        nieuw: n,
        vastgesteld,
        tussen: Vec::new(),
    });
    each_change_once(&b);
    let zinnen: Vec<&str> = b
        .onderdelen
        .iter()
        .flat_map(|o| o.instructies.iter().map(|i| i.zin.as_str()))
        .collect();
    assert_eq!(
        zinnen,
        [
            "In artikel 4, derde lid, wordt \"dertien\" vervangen door \"zes\".",
            "In artikel 9 wordt, onder vernummering van het tweede lid tot derde lid, na het eerste lid een lid ingevoegd, luidende:",
            "Artikel 13 vervalt.",
            "Na artikel 14 wordt een artikel ingevoegd, luidende:",
        ]
    );
    let (wb, niet) = verordening::besluit::wb(&b, &p, o, n, vastgesteld).unwrap();
    assert!(niet.is_empty(), "{niet:?}");
    insta::assert_snapshot!(wb);
}

#[test]
fn a_fill_in_has_no_besluit_in_the_language() {
    let mut p = Project::new();
    let o = p
        .load(Path::new("ordinances/voorbeeld/voorbeeldstad-2023.vo"))
        .unwrap();
    let n = p
        .load(Path::new("ordinances/voorbeeld/voorbeeldstad-2024.vo"))
        .unwrap();
    let b = besluit(&Invoer {
        project: &p,
        oud: o,
        nieuw: n,
        vastgesteld: None,
        tussen: Vec::new(),
    });
    let e = verordening::besluit::wb(&b, &p, o, n, None).unwrap_err();
    assert!(e.contains("vult het model in"), "{e}");
}

/// Three versions: onderdelen that hold from the January version take effect then, the one
/// that only the July version makes takes effect in July; decided in February, the January
/// date is retroactive (Artikel II says so), the July date is not.
#[test]
fn parts_that_take_effect_on_different_dates() {
    let mut p = Project::new();
    let v23 = p
        .load(Path::new("ordinances/voorbeeld/voorbeeldstad-2023.vo"))
        .unwrap();
    let v24 = p
        .load(Path::new("ordinances/voorbeeld/voorbeeldstad-2024.vo"))
        .unwrap();
    let v247 = p
        .load(Path::new("tests/fixtures/besluit/voorbeeldstad-2024-07.vo"))
        .unwrap();
    let vastgesteld = chrono::NaiveDate::from_ymd_opt(2024, 2, 13);
    let b = besluit(&Invoer {
        project: &p,
        oud: v23,
        nieuw: v247,
        vastgesteld,
        tussen: vec![v24],
    });
    each_change_once(&b);
    let dates: Vec<(String, String)> = b
        .onderdelen
        .iter()
        .map(|o| (o.betreft.clone(), o.inwerkingtreding.unwrap().to_string()))
        .collect();
    assert!(
        dates.contains(&("artikel 13".into(), "2024-07-01".into())),
        "{dates:?}"
    );
    assert!(
        dates.contains(&("artikel 8".into(), "2024-01-01".into())),
        "{dates:?}"
    );
    assert_eq!(
        b.inwerkingtreding,
        [
            "Deze verordening treedt in werking met ingang van de dag na die van de bekendmaking en werkt terug tot en met 1 januari 2024, met uitzondering van artikel I, onderdeel C.",
            "Artikel I, onderdeel C, treedt in werking op 1 juli 2024."
        ]
    );
}

/// The HTML page carries the same besluit: every instruction, Artikel II, and the was-wordt
/// table as bijlage (with struck and inserted words).
#[test]
fn the_html_page_has_every_instruction_and_the_table() {
    let b = make(
        "ordinances/voorbeeld/voorbeeldstad-2023.vo",
        "ordinances/voorbeeld/voorbeeldstad-2024.vo",
        None,
    );
    let page = verordening::besluit::html(&b);
    assert!(page.starts_with("<!DOCTYPE html>"));
    for o in &b.onderdelen {
        assert!(page.contains(&format!("<h3 class=\"onderdeel\">{}</h3>", o.letter)));
        for i in &o.instructies {
            let escaped = i.zin.replace('&', "&amp;").replace('"', "&quot;");
            assert!(page.contains(&escaped), "{escaped}");
        }
    }
    assert!(page.contains("<h2>Artikel II</h2>"));
    assert!(page.contains("<h2>Bijlage: was-wordt-tabel</h2>"));
    assert!(page.contains("<del>€</del>") || page.contains("<del>150</del>"));
    assert!(page.contains("<ins>175</ins>"));
}

fn bin() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_BIN_EXE_verordening"))
}

fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(bin())
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `besluit --toepassen`: the council's besluit and the consolidated version cannot drift
/// apart. Zuiderveen's own wijzigingsbesluit (ordinances/zuiderveen) applied to the base text
/// gives NIEUW; the besluit drafted from OUD and NIEUW (`--format vo`: a lapse, a renumbering
/// onto the vacated number, an inserted lid, a changed amount), applied to OUD, gives NIEUW
/// exactly — and a besluit that leaves something out is told where.
#[test]
fn a_drafted_besluit_applied_to_the_old_version_yields_the_new_one() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path();
    std::fs::write(dir.join("verordening.toml"), "").unwrap();
    std::fs::create_dir_all(dir.join("wet")).unwrap();
    std::fs::create_dir_all(dir.join("zv")).unwrap();
    std::fs::copy(
        "ordinances/wet/participatiewet.vo",
        dir.join("wet/participatiewet.vo"),
    )
    .unwrap();
    std::fs::copy(
        "ordinances/zuiderveen/reintegratie-2024.vo",
        dir.join("zv/oud.vo"),
    )
    .unwrap();
    let hand = std::fs::canonicalize("ordinances/zuiderveen/wijzigingsbesluit-2025.wb").unwrap();
    let (code, nieuw, err) = run_in(
        dir,
        &[
            "besluit",
            "--toepassen",
            hand.to_str().unwrap(),
            "zv/oud.vo",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(nieuw.contains("€ 750"), "{nieuw}");
    std::fs::write(dir.join("zv/nieuw.vo"), &nieuw).unwrap();

    let (code, wb, err) = run_in(
        dir,
        &["besluit", "--format", "vo", "zv/oud.vo", "zv/nieuw.vo"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(wb.contains("artikel 5.6 vervalt"), "{wb}");
    assert!(
        wb.contains("artikel 5.7 wordt vernummerd tot artikel 5.6"),
        "{wb}"
    );
    // Outside the folder of the regeling, so that loading it does not pick the draft up.
    let drafted = root.path().join("ontwerp.wb");
    std::fs::write(&drafted, &wb).unwrap();
    let (code, out, err) = run_in(
        dir,
        &[
            "besluit",
            "--toepassen",
            drafted.to_str().unwrap(),
            "zv/oud.vo",
            "zv/nieuw.vo",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("levert precies zv/nieuw.vo op"), "{out}");

    // Without the renumbering the result differs, and the difference is shown.
    let short = wb.replace("  artikel 5.7 wordt vernummerd tot artikel 5.6\n", "");
    std::fs::write(&drafted, short).unwrap();
    let (code, out, _) = run_in(
        dir,
        &[
            "besluit",
            "--toepassen",
            drafted.to_str().unwrap(),
            "zv/oud.vo",
            "zv/nieuw.vo",
        ],
    );
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("vernummerd naar artikel 5.6"), "{out}");
}

/// The check on the VNG model itself: the besluit drafted from the model of 2017 to
/// that of January 2023 (`--format vo`), applied to the 2017 model, gives the 2023 model
/// exactly. That needed the headings and bijlagen in the `.wb` syntax: the new title of
/// hoofdstuk 2 (`hoofdstuk 2 komt te luiden:`), hoofdstuk 3A and its paragrafen inserted with
/// artikel 14a and onwards, and the two bijlagen (`bijlage 14b5 wordt ingevoegd:`). The aanhef
/// differs (the model's 2023 aanhef names artikel 10b, vijfde lid, which no onderdeel of the
/// ledenbrief inserts): a wijzigingsbesluit does not amend an aanhef, so that is said and not
/// counted.
#[test]
fn the_besluit_from_model_2017_to_2023_applied_to_2017_gives_2023() {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(bin())
        .args([
            "besluit",
            "--format",
            "vo",
            "ordinances/vng/model-2017.vo",
            "ordinances/vng/model-2023.vo",
        ])
        .output()
        .unwrap();
    let wb = String::from_utf8_lossy(&out.stdout).into_owned();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        !err.contains("kent een wijzigingsbesluit in de taal niet"),
        "{err}"
    );
    for want in [
        "  hoofdstuk 2 komt te luiden:\n    hoofdstuk 2 \"Beleid en evaluatie\"\n",
        "    hoofdstuk 3A \"Specifieke bepalingen doelgroep Breed offensief\"\n    paragraaf 3A.1 \"Administratief proces loonkostensubsidie\"\n    artikel 14b ",
        "  bijlage 14b5 wordt ingevoegd:\n    facultatief bijlage 14b5 ",
    ] {
        assert!(wb.contains(want), "{want}\n---\n{wb}");
    }
    let drafted = dir.path().join("model-2017-2023.wb");
    std::fs::write(&drafted, &wb).unwrap();
    let out = std::process::Command::new(bin())
        .args(["besluit", "--toepassen"])
        .arg(&drafted)
        .args([
            "ordinances/vng/model-2017.vo",
            "ordinances/vng/model-2023.vo",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stdout}{stderr}");
    assert!(
        stdout.contains(
            "het besluit past op ordinances/vng/model-2017.vo en levert precies ordinances/vng/model-2023.vo op"
        ),
        "{stdout}"
    );
    assert_eq!(
        stderr.trim(),
        "let op: de aanhef van ordinances/vng/model-2023.vo verschilt van het resultaat; een wijzigingsbesluit wijzigt de aanhef niet"
    );
    // Without the inserted bijlage the result differs, and the difference is shown.
    let start = wb
        .find("onderdeel S {\n  bijlage 14h1 wordt ingevoegd:")
        .unwrap();
    let end = start + wb[start..].find("\n}\n").unwrap() + "\n}\n".len();
    let short = format!("{}{}", &wb[..start], &wb[end..]);
    std::fs::write(&drafted, short).unwrap();
    let out = std::process::Command::new(bin())
        .args(["besluit", "--toepassen"])
        .arg(&drafted)
        .args([
            "ordinances/vng/model-2017.vo",
            "ordinances/vng/model-2023.vo",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("Bijlage behorende bij artikel 14h"),
        "{stdout}"
    );
}
