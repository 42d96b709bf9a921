//! Look-up by date (issue 22): what a citation ("artikel 5.10, tweede lid") meant on a date —
//! its text in the version then in force, or "vervallen per", "vernummerd tot ... per", or
//! "bestond niet" — with the version it comes from. Above evaluation and rendering, which it
//! uses to find the version and print its text.

use crate::eval::load::Versions;
use crate::project::Project;
use chrono::NaiveDate;

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
        // In legal style, as the outcomes cite: "artikel 5.4, tweede lid, onder a".
        write!(f, "artikel {}", self.artikel)?;
        if let Some(l) = &self.lid {
            write!(f, ", {}", crate::syntax::notation::lid_words(l))?;
        }
        if let Some(o) = &self.onderdeel {
            write!(f, ", onder {o}")?;
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
