//! What governed an outcome, and the receipt that lets an auditor reproduce it: the version
//! applied (citeertitel, versie, its dates), the dates that governed (peildatum,
//! aanvraagdatum, bekend op), procedural rules left out, the sha256 of every file that took
//! part, and the engine version. docs/tijd.md explains it to case workers and auditors.

use super::load::{Keuze, NietToegepast, Versions};
use crate::project::Project;
use crate::syntax::{MetaKey, MetaValue};
use crate::value::format_date;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// The engine that evaluated: `verordening` and its version.
pub fn engine() -> String {
    format!("verordening {}", env!("CARGO_PKG_VERSION"))
}

/// One file that took part, with the sha256 of its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bestand {
    pub pad: String,
    pub sha256: String,
}

/// The receipt of an outcome (`ontvangstbewijs` in the JSON report).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Ontvangstbewijs {
    pub citeertitel: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub versie: Option<String>,
    /// The version's file; for a state derived from wijzigingsbesluiten
    /// `basis.vo@JJJJ-MM-DD.vo` (its sources are under `bestanden`).
    pub versiebestand: String,
    pub afgeleid: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geldig_vanaf: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geldig_tot: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bekendgemaakt: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub peildatum: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aanvraagdatum: Option<NaiveDate>,
    /// `--bekend-op`: the law as it stood on that day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bekend_op: Option<NaiveDate>,
    /// The date that governed, and why (`peildatum` or `aanvraagdatum`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub toetsingsdatum: Option<NaiveDate>,
    pub toetsingsgrond: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub niet_toegepast: Vec<NietToegepastBewijs>,
    /// Every file that took part: the layers (wet, model, verordening, beleidsregels), and
    /// for a derived state its base text and wijzigingsbesluiten.
    pub bestanden: Vec<Bestand>,
    pub engine: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NietToegepastBewijs {
    pub citaat: String,
    pub voorziening: String,
}

impl From<&NietToegepast> for NietToegepastBewijs {
    fn from(n: &NietToegepast) -> Self {
        NietToegepastBewijs {
            citaat: n.citaat.clone(),
            voorziening: n.voorziening.clone(),
        }
    }
}

pub fn sha256(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn meta_text(p: &Project, i: usize, key: &str) -> Option<String> {
    p.doc(i)?
        .ast
        .header
        .meta
        .iter()
        .find_map(|m| match (&m.key, &m.value) {
            (MetaKey::Other(k), MetaValue::Text(t)) if k == key => Some(t.value.clone()),
            _ => None,
        })
}

/// The files behind document `i` and its layers: a derived state stands for its base text
/// and the besluiten known on `bekend_op`.
fn bestanden(p: &Project, i: usize, bekend_op: Option<NaiveDate>) -> Vec<Bestand> {
    let mut out: Vec<Bestand> = Vec::new();
    let mut add = |id| {
        let pad = p.sources.name(id).to_string();
        if !out.iter().any(|b| b.pad == pad) {
            out.push(Bestand {
                pad,
                sha256: sha256(p.sources.text(id).as_bytes()),
            });
        }
    };
    for j in p.chain(i) {
        match p.basis_van(j) {
            Some(base) => {
                // A state made from a state (procedural rules left out) stands on its base's.
                let base = p.basis_van(base).unwrap_or(base);
                if let Some(d) = p.doc(base) {
                    add(d.id);
                }
                for b in &p.besluiten {
                    let known =
                        b.besluit
                            .as_ref()
                            .is_some_and(|x| match (bekend_op, x.bekend_sinds()) {
                                (Some(op), Some(s)) => s <= op,
                                _ => true,
                            });
                    if b.regeling == Some(base) && known {
                        add(b.id);
                    }
                }
            }
            None => {
                if let Some(d) = p.doc(j) {
                    add(d.id);
                }
            }
        }
    }
    out
}

/// The receipt for a case evaluated against `keuze` of `versions`.
pub fn ontvangstbewijs(
    versions: &Versions,
    keuze: &Keuze,
    peildatum: Option<NaiveDate>,
    aanvraagdatum: Option<NaiveDate>,
    bekend_op: Option<NaiveDate>,
) -> Ontvangstbewijs {
    let p = &versions.project;
    let i = keuze.versie;
    let name = |j: usize| {
        p.doc(j)
            .map(|d| p.sources.name(d.id).to_string())
            .unwrap_or_default()
    };
    let regel = versions.lijst().into_iter().find(|v| v.bestand == name(i));
    let citeertitel = meta_text(p, i, "citeertitel")
        .or_else(|| p.doc(i).map(|d| d.ast.header.title.value.clone()))
        .unwrap_or_default();
    Ontvangstbewijs {
        citeertitel,
        versie: meta_text(p, i, "versie"),
        versiebestand: name(i),
        afgeleid: p.basis_van(i).is_some(),
        geldig_vanaf: regel.as_ref().and_then(|r| r.geldig_vanaf),
        geldig_tot: regel.as_ref().and_then(|r| r.geldig_tot),
        bekendgemaakt: regel.as_ref().and_then(|r| r.bekendgemaakt),
        peildatum,
        aanvraagdatum,
        bekend_op,
        toetsingsdatum: keuze.toetsingsdatum,
        toetsingsgrond: keuze.toetsingsgrond.to_string(),
        niet_toegepast: keuze.niet_toegepast.iter().map(Into::into).collect(),
        bestanden: bestanden(p, keuze.index, bekend_op),
        engine: engine(),
    }
}

fn date_or_dash(d: Option<NaiveDate>) -> String {
    d.map(format_date).unwrap_or_else(|| "-".into())
}

/// The text report with what governed it and its receipt after the title lines.
pub fn with_text(report: &str, b: &Ontvangstbewijs) -> String {
    let mut head = String::new();
    if let Some(a) = b.aanvraagdatum {
        head.push_str(&format!("aanvraagdatum: {}\n", format_date(a)));
    }
    if let Some(k) = b.bekend_op {
        head.push_str(&format!(
            "bekend op: {} (de regeling zoals die toen bekend was)\n",
            format_date(k)
        ));
    }
    head.push_str(&format!(
        "toegepast: {}{} (geldig {}{}{})\n",
        b.citeertitel,
        b.versie
            .as_ref()
            .map(|v| format!(", versie {v}"))
            .unwrap_or_default(),
        match b.geldig_vanaf {
            Some(f) => format!("vanaf {}", format_date(f)),
            None => "zonder begindatum".into(),
        },
        b.geldig_tot
            .map(|t| format!(" t/m {}", format_date(t)))
            .unwrap_or_default(),
        b.bekendgemaakt
            .map(|d| format!("; bekendgemaakt {}", format_date(d)))
            .unwrap_or_default(),
    ));
    head.push_str(&format!(
        "toetsingsdatum: {} ({})\n",
        date_or_dash(b.toetsingsdatum),
        b.toetsingsgrond
    ));
    for n in &b.niet_toegepast {
        head.push_str(&format!(
            "niet toegepast: {} ({}): een procedurele regel die na de aanvraagdatum in werking trad\n",
            n.citaat, n.voorziening
        ));
    }
    // After the title and the peildatum line.
    let mut lines = report.splitn(3, '\n');
    let title = lines.next().unwrap_or("");
    let peil = lines.next().unwrap_or("");
    let rest = lines.next().unwrap_or("");
    let mut out = format!("{title}\n{peil}\n{head}{rest}");
    out.push_str("\nontvangstbewijs:\n");
    out.push_str(&format!("  engine: {}\n", b.engine));
    out.push_str(&format!("  versiebestand: {}\n", b.versiebestand));
    for f in &b.bestanden {
        out.push_str(&format!("  {}  {}\n", f.sha256, f.pad));
    }
    out
}

/// Per voorziening, which version and which date governed it and the procedural rules about
/// it that were left out (`toetsing` in the JSON report, in the order of the voorzieningen).
pub fn toetsing<'a>(namen: impl Iterator<Item = &'a str>, b: &Ontvangstbewijs) -> Value {
    let rows: Vec<Value> = namen
        .map(|naam| {
            let niet: Vec<&str> = b
                .niet_toegepast
                .iter()
                .filter(|n| n.voorziening == naam || n.voorziening == "alle voorzieningen")
                .map(|n| n.citaat.as_str())
                .collect();
            serde_json::json!({
                "voorziening": naam,
                "versie": b.versiebestand,
                "geldig_vanaf": b.geldig_vanaf,
                "datum": b.toetsingsdatum,
                "grond": b.toetsingsgrond,
                "niet_toegepast": niet,
            })
        })
        .collect();
    Value::Array(rows)
}

/// The JSON report with, after its own fields, `toetsing` (per voorziening) and
/// `ontvangstbewijs`. The server adds the same two fields to the same report.
pub fn add_json(report: &mut Value, b: &Ontvangstbewijs) {
    let namen: Vec<String> = report
        .get("voorzieningen")
        .and_then(|v| v.as_array())
        .map(|vzs| {
            vzs.iter()
                .filter_map(|v| v.get("naam").and_then(|n| n.as_str()).map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    let Some(obj) = report.as_object_mut() else {
        return;
    };
    obj.insert(
        "toetsing".into(),
        toetsing(namen.iter().map(String::as_str), b),
    );
    obj.insert(
        "ontvangstbewijs".into(),
        serde_json::to_value(b).unwrap_or(Value::Null),
    );
}

/// The result of `eval --controleer`: whether a new evaluation gives the outcome a receipt
/// recorded, and what changed in between (files, engine, version).
#[derive(Debug, Clone, Default)]
pub struct Controle {
    /// Every voorziening has the same outcome, grounds and values.
    pub zelfde_uitkomst: bool,
    /// Lines in Dutch, for the reader.
    pub regels: Vec<String>,
}

/// What an outcome is compared on: per voorziening its name, outcome, the citations of its
/// grounds and its values (not file positions: a derived state's line numbers may differ).
fn kern(report: &Value) -> Vec<(String, String, Vec<String>, Value)> {
    let cite = |v: &Value| v.get("citaat").and_then(|c| c.as_str()).map(str::to_string);
    report
        .get("voorzieningen")
        .and_then(|v| v.as_array())
        .map(|vzs| {
            vzs.iter()
                .map(|vz| {
                    let mut gronden: Vec<String> =
                        vz.get("grond").and_then(cite).into_iter().collect();
                    if let Some(a) = vz.get("andere_gronden").and_then(|a| a.as_array()) {
                        gronden.extend(a.iter().filter_map(cite));
                    }
                    (
                        vz.get("naam")
                            .and_then(|n| n.as_str())
                            .unwrap_or("")
                            .to_string(),
                        vz.get("uitkomst")
                            .and_then(|n| n.as_str())
                            .unwrap_or("")
                            .to_string(),
                        gronden,
                        vz.get("waarden").cloned().unwrap_or(Value::Null),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Compare a recorded report (with its `ontvangstbewijs`) with a new one.
pub fn controleer(oud: &Value, nieuw: &Value) -> Controle {
    let mut regels = Vec::new();
    let bewijs = |r: &Value| {
        r.get("ontvangstbewijs")
            .cloned()
            .and_then(|b| serde_json::from_value::<Ontvangstbewijs>(b).ok())
    };
    if let (Some(o), Some(n)) = (bewijs(oud), bewijs(nieuw)) {
        if o.engine != n.engine {
            regels.push(format!("engine: toen {}, nu {}", o.engine, n.engine));
        }
        if o.versiebestand != n.versiebestand {
            regels.push(format!(
                "versie: toen {}, nu {}",
                o.versiebestand, n.versiebestand
            ));
        }
        for f in &o.bestanden {
            match n.bestanden.iter().find(|g| g.pad == f.pad) {
                Some(g) if g.sha256 == f.sha256 => regels.push(format!("ongewijzigd: {}", f.pad)),
                Some(_) => regels.push(format!("gewijzigd sinds de beoordeling: {}", f.pad)),
                None => regels.push(format!("niet meer gebruikt: {}", f.pad)),
            }
        }
        for g in &n.bestanden {
            if !o.bestanden.iter().any(|f| f.pad == g.pad) {
                regels.push(format!("nu ook gebruikt: {}", g.pad));
            }
        }
    }
    let (o, n) = (kern(oud), kern(nieuw));
    let mut zelfde = o.len() == n.len();
    for (naam, uitkomst, gronden, waarden) in &o {
        match n.iter().find(|x| &x.0 == naam) {
            Some((_, u, g, w)) if u == uitkomst && g == gronden && w == waarden => {}
            Some((_, u, g, w)) => {
                zelfde = false;
                if u != uitkomst || g != gronden {
                    regels.push(format!(
                        "{naam}: toen {uitkomst} ({}), nu {u} ({})",
                        if gronden.is_empty() {
                            "-".into()
                        } else {
                            gronden.join("; ")
                        },
                        if g.is_empty() {
                            "-".into()
                        } else {
                            g.join("; ")
                        },
                    ));
                }
                if w != waarden {
                    regels.push(format!("{naam}: waarden toen {waarden}, nu {w}"));
                }
            }
            None => {
                zelfde = false;
                regels.push(format!(
                    "{naam}: toen {uitkomst}, nu onbekend in de regeling"
                ));
            }
        }
    }
    Controle {
        zelfde_uitkomst: zelfde,
        regels,
    }
}

// ---------------------------------------------------------------- look-up by date

/// A citation asked for: `artikel 5.6`, `artikel 5.6, lid 2` (or `tweede lid`),
/// `artikel 5.6, lid 2, onderdeel a` (or `onder a`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vraag {
    pub artikel: String,
    pub lid: Option<String>,
    pub onderdeel: Option<String>,
}

impl std::fmt::Display for Vraag {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "artikel {}", self.artikel)?;
        if let Some(l) = &self.lid {
            write!(f, ", lid {l}")?;
        }
        if let Some(o) = &self.onderdeel {
            write!(f, ", onderdeel {o}")?;
        }
        Ok(())
    }
}

/// Read a citation as a jurist writes it; None when it is not one.
pub fn lees_citaat(s: &str) -> Option<Vraag> {
    let lower = s.trim().to_lowercase();
    let mut parts = lower.split(',').map(str::trim);
    let artikel = parts
        .next()?
        .strip_prefix("artikel")?
        .trim()
        .trim_end_matches('.')
        .to_string();
    if artikel.is_empty() || !artikel.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let mut v = Vraag {
        artikel,
        lid: None,
        onderdeel: None,
    };
    for p in parts {
        let words: Vec<&str> = p.split_whitespace().collect();
        match words.as_slice() {
            ["lid", n] => v.lid = Some((*n).to_string()),
            [ordinal, "lid"] => {
                let n = crate::value::ORDINALS.iter().position(|o| o == ordinal)?;
                v.lid = Some((n + 1).to_string());
            }
            ["onderdeel" | "onder", x] => v.onderdeel = Some((*x).to_string()),
            _ => return None,
        }
    }
    Some(v)
}

/// What a citation meant on a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Antwoord {
    /// Its text, from the version (file) that applied.
    Tekst { versie: usize, tekst: String },
    /// The number was vacant: the artikel (or part) had lapsed on this date.
    Vervallen {
        versie: usize,
        per: Option<NaiveDate>,
    },
    /// The artikel had been renumbered.
    Vernummerd {
        versie: usize,
        tot: String,
        per: Option<NaiveDate>,
    },
    /// The citation did not exist on this date (nor before).
    BestondNiet { versie: Option<usize> },
}

fn artikel<'f>(f: &'f crate::syntax::File, nr: &str) -> Option<&'f crate::syntax::Artikel> {
    f.items.iter().find_map(|i| match &i.kind {
        crate::syntax::ItemKind::Artikel(a) if a.nr.text == nr => Some(a),
        _ => None,
    })
}

/// Whether the citation exists in a version (an artikel that lapsed does not).
fn bestaat(p: &Project, i: usize, v: &Vraag) -> bool {
    let Some(doc) = p.doc(i) else { return false };
    let Some(a) = artikel(&doc.ast, &v.artikel).filter(|a| !a.vervallen) else {
        return false;
    };
    let members = match &v.lid {
        Some(l) => match crate::wijziging::zoek_lid(a, l) {
            Some(lid) => &lid.members,
            None => return false,
        },
        None => &a.members,
    };
    match &v.onderdeel {
        Some(o) => crate::wijziging::zoek_onderdeel(members, o).is_some(),
        None => true,
    }
}

/// The rendered text of a citation in version `i`: the artikel's section of the markdown
/// rendering, or the paragraph of its lid (with its onderdelen), or the line of an onderdeel.
fn tekst_van(p: &Project, i: usize, v: &Vraag) -> Option<String> {
    let blocks = crate::render::render(p, i, crate::render::Mode::Tekst)?;
    let md = crate::render::markdown(&blocks);
    let head = format!("### Artikel {}.", v.artikel);
    let mut lines = md.lines().skip_while(|l| !l.starts_with(&head));
    let title = lines.next()?;
    let body: Vec<&str> = lines.take_while(|l| !l.starts_with('#')).collect();
    let numbered = |l: &str, n: &str| l.starts_with(&format!("{n}. "));
    let body: Vec<&str> = match &v.lid {
        Some(n) => {
            let start = body.iter().position(|l| numbered(l, n))?;
            let rest = body.get(start..)?;
            let end = rest
                .iter()
                .skip(1)
                .position(|l| l.starts_with(|c: char| c.is_ascii_digit()) && l.contains(". "))
                .map_or(rest.len(), |e| e + 1);
            rest.get(..end)?.to_vec()
        }
        None => body,
    };
    let body: Vec<&str> = match &v.onderdeel {
        Some(o) => {
            let want = format!("- {o}. ");
            body.into_iter()
                .filter(|l| l.trim_start().starts_with(&want))
                .collect()
        }
        None => body,
    };
    let text = body.join("\n");
    Some(format!(
        "{}\n\n{}",
        title.trim_start_matches("### "),
        text.trim()
    ))
}

/// What citation `v` meant on `op` (as known on the day `versions` was opened for):
/// the version in force, and its text or what had become of it.
pub fn opzoeken(versions: &Versions, op: NaiveDate, v: &Vraag) -> Antwoord {
    let p = &versions.project;
    let Ok(i) = versions.pick(Some(op)) else {
        return Antwoord::BestondNiet { versie: None };
    };
    if bestaat(p, i, v) {
        return match tekst_van(p, i, v) {
            Some(tekst) => Antwoord::Tekst { versie: i, tekst },
            None => Antwoord::BestondNiet { versie: Some(i) },
        };
    }
    // The versions of the same layer up to this one, oldest first.
    let layer = p.doc(i).map(|d| d.ast.header.layer);
    let earlier: Vec<usize> = versions
        .candidates()
        .iter()
        .copied()
        .filter(|&j| p.doc(j).map(|d| d.ast.header.layer) == layer)
        .take_while(|&j| j != i)
        .chain(std::iter::once(i))
        .collect();
    let Some(last) = earlier.iter().rposition(|&j| bestaat(p, j, v)) else {
        return Antwoord::BestondNiet { versie: Some(i) };
    };
    // The first version without it: from then on it was gone.
    let gone = earlier.get(last + 1).copied().unwrap_or(i);
    let per = crate::eval::load::geldigheid(p, gone).0;
    // Declared renumbering (a besluit's "wordt vernummerd tot") before content matching.
    let declared = p.besluiten.iter().find_map(|b| {
        let besluit = b.besluit.as_ref()?;
        besluit.onderdelen.iter().find_map(|o| {
            let from = crate::wijziging::geldt_vanaf(besluit, o)?;
            if from > op {
                return None;
            }
            o.instructies.iter().find_map(|ins| match &ins.opdracht {
                crate::syntax::Opdracht::Vernummerd(naar)
                    if ins.citaat.artikel.text == v.artikel && v.lid.is_none() =>
                {
                    Some((naar.artikel.text.clone(), from))
                }
                _ => None,
            })
        })
    });
    if let Some((tot, from)) = declared {
        return Antwoord::Vernummerd {
            versie: i,
            tot: format!("artikel {tot}"),
            per: Some(from),
        };
    }
    // A hand-written version: the same title under a number new in that version.
    let title_then = earlier
        .get(last)
        .and_then(|&j| p.doc(j))
        .and_then(|d| artikel(&d.ast, &v.artikel).map(|a| a.title.value.clone()));
    if let (Some(title), None) = (title_then, &v.lid) {
        let moved = p.doc(gone).and_then(|d| {
            d.ast.items.iter().find_map(|it| match &it.kind {
                crate::syntax::ItemKind::Artikel(a)
                    if !a.vervallen
                        && a.title.value == title
                        && a.nr.text != v.artikel
                        && !earlier.get(last).is_some_and(|&j| {
                            p.doc(j)
                                .is_some_and(|e| artikel(&e.ast, &a.nr.text).is_some())
                        }) =>
                {
                    Some(a.nr.text.clone())
                }
                _ => None,
            })
        });
        if let Some(tot) = moved {
            return Antwoord::Vernummerd {
                versie: i,
                tot: format!("artikel {tot}"),
                per,
            };
        }
    }
    Antwoord::Vervallen { versie: i, per }
}
