//! What governed an outcome, and the receipt that lets an auditor reproduce it: the version
//! applied (citeertitel, versie, its dates), the dates that governed (peildatum,
//! aanvraagdatum, bekend op), procedural rules left out, the sha256 of every file that took
//! part, and the engine version. docs/tijd.md explains it to case workers and auditors.

use super::load::{Keuze, NietToegepast, Versions};
use crate::project::Project;
use crate::value::format_date;
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// The engine that evaluated: `verordening` and its version.
pub fn engine() -> String {
    format!("verordening {}", env!("CARGO_PKG_VERSION"))
}

/// One file that took part, with the sha256 of its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Bestand {
    pub pad: String,
    pub sha256: String,
}

/// The receipt of an outcome (`ontvangstbewijs` in the JSON report).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
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

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
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
    p.doc(i)?.ast.header.text(key).map(str::to_string)
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
    for (k, v) in head_lines(b) {
        head.push_str(&format!("{k}: {v}\n"));
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

/// The lines under the peildatum that say which version was applied and why: (what, value).
pub fn head_lines(b: &Ontvangstbewijs) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Some(a) = b.aanvraagdatum {
        out.push(("aanvraagdatum".into(), format_date(a)));
    }
    if let Some(k) = b.bekend_op {
        out.push((
            "bekend op".into(),
            format!("{} (de regeling zoals die toen bekend was)", format_date(k)),
        ));
    }
    out.push((
        "toegepast".into(),
        format!(
            "{}{} (geldig {}{}{})",
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
        ),
    ));
    out.push((
        "toetsingsdatum".into(),
        format!("{} ({})", date_or_dash(b.toetsingsdatum), b.toetsingsgrond),
    ));
    for n in &b.niet_toegepast {
        out.push((
            "niet toegepast".into(),
            format!(
                "{} ({}): een procedurele regel die na de aanvraagdatum in werking trad",
                n.citaat, n.voorziening
            ),
        ));
    }
    out
}

/// The receipt as a section of the HTML report: the engine and the files, with their hashes.
pub fn receipt_html(b: &Ontvangstbewijs) -> String {
    use crate::page::esc;
    let mut out = format!(
        "<section class=\"ontvangstbewijs\">\n<h2>Ontvangstbewijs</h2>\n<p>{} — versiebestand <code>{}</code></p>\n<ul>\n",
        esc(&b.engine),
        esc(&b.versiebestand)
    );
    for f in &b.bestanden {
        out.push_str(&format!(
            "<li><code>{}</code><br><code>{}</code></li>\n",
            esc(&f.pad),
            esc(&f.sha256)
        ));
    }
    out.push_str("</ul>\n</section>\n");
    out
}

/// Per voorziening, which version and which date governed it (`toetsing` in the JSON report).
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Toetsing {
    pub voorziening: String,
    /// The version's file (`versiebestand` of the receipt).
    pub versie: String,
    pub geldig_vanaf: Option<NaiveDate>,
    /// The date that governed (`toetsingsdatum` of the receipt).
    pub datum: Option<NaiveDate>,
    /// `peildatum` or `aanvraagdatum`, and why.
    pub grond: String,
    /// The procedural rules about it that were left out, by citation.
    pub niet_toegepast: Vec<String>,
}

/// Per voorziening, which version and which date governed it and the procedural rules about
/// it that were left out (`toetsing` in the JSON report, in the order of the voorzieningen).
pub fn toetsing<'a>(namen: impl Iterator<Item = &'a str>, b: &Ontvangstbewijs) -> Vec<Toetsing> {
    namen
        .map(|naam| Toetsing {
            voorziening: naam.to_string(),
            versie: b.versiebestand.clone(),
            geldig_vanaf: b.geldig_vanaf,
            datum: b.toetsingsdatum,
            grond: b.toetsingsgrond.clone(),
            niet_toegepast: b
                .niet_toegepast
                .iter()
                .filter(|n| n.voorziening == naam || n.voorziening == "alle voorzieningen")
                .map(|n| n.citaat.clone())
                .collect(),
        })
        .collect()
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
        serde_json::to_value(toetsing(namen.iter().map(String::as_str), b)).unwrap_or(Value::Null),
    );
    obj.insert(
        "ontvangstbewijs".into(),
        serde_json::to_value(b).unwrap_or(Value::Null),
    );
}

/// The same as [`toetsing`], borrowed, for the directly written report: one row of
/// `toetsing` per voorziening.
#[derive(Debug, Serialize)]
pub struct ToetsingRegel<'a> {
    pub voorziening: &'a str,
    pub versie: &'a str,
    pub geldig_vanaf: Option<NaiveDate>,
    pub datum: Option<NaiveDate>,
    pub grond: &'a str,
    pub niet_toegepast: Vec<&'a str>,
}

impl<'a> ToetsingRegel<'a> {
    pub fn new(voorziening: &'a str, b: &'a Ontvangstbewijs) -> Self {
        ToetsingRegel {
            voorziening,
            versie: &b.versiebestand,
            geldig_vanaf: b.geldig_vanaf,
            datum: b.toetsingsdatum,
            grond: &b.toetsingsgrond,
            niet_toegepast: b
                .niet_toegepast
                .iter()
                .filter(|n| n.voorziening == voorziening || n.voorziening == "alle voorzieningen")
                .map(|n| n.citaat.as_str())
                .collect(),
        }
    }
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
