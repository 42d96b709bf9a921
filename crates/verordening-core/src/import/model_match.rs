//! Recognising the VNG model in an imported ordinance. Every imported article is compared, word
//! by word, with the model article of the same number (or, failing that, of the same title),
//! where the model's fill-ins, optional passages, choices and optional leden are wildcards: a
//! wildcard stands for any run of words, including none. An article that matches is marked
//! `model N`; one that does not is kept as own text with a comment and a remark saying which
//! lid deviates and from which words on.
//!
//! Words are compared in lower case without punctuation at their edges, so "onder a" against
//! "onder a," and list labels do not count as deviations; the text itself stays as published.

use super::{Artikel, Deel, Lid, Melding, Regeling};
use crate::syntax::{Artikel as ModelArtikel, Item, ItemKind, Member, MemberKind, Stmt};

/// One token of a model template: a word, or a wildcard.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Word(String),
    Any,
}

fn words(s: &str) -> Vec<String> {
    s.split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric() && c != '€' && c != '%')
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// The template of a model text: its words, with `{placeholder}` as a wildcard.
fn template(s: &str, out: &mut Vec<Tok>) {
    let mut rest = s;
    while let Some(open) = rest.find('{') {
        let (before, after) = rest.split_at(open);
        out.extend(words(before).into_iter().map(Tok::Word));
        push_any(out);
        rest = match after.find('}') {
            Some(close) => after.get(close + 1..).unwrap_or(""),
            None => "",
        };
    }
    out.extend(words(rest).into_iter().map(Tok::Word));
}

fn push_any(out: &mut Vec<Tok>) {
    if out.last() != Some(&Tok::Any) {
        out.push(Tok::Any);
    }
}

fn term_of(b: &crate::syntax::Begrip) -> String {
    match &b.term {
        Some(t) => t.value.clone(),
        None => b.name.text.replace('_', " "),
    }
}

fn model_members(members: &[Member], out: &mut Vec<Tok>) {
    for m in members {
        match &m.kind {
            MemberKind::Tekst(t) => template(&t.value, out),
            MemberKind::Lid(l) if l.optional => push_any(out),
            MemberKind::Lid(l) => model_members(&l.members, out),
            MemberKind::LidGroup(_) => push_any(out),
            MemberKind::Onderdeel(o) if o.optional => push_any(out),
            MemberKind::Onderdeel(o) => model_members(&o.members, out),
            MemberKind::Stmt(Stmt::Begrip(b)) if b.optional => push_any(out),
            MemberKind::Stmt(Stmt::Begrip(b)) => {
                template(&term_of(b), out);
                template(&b.text.value, out);
            }
            _ => {}
        }
    }
}

/// The template of one lid of a model article (by number), if the model has it.
fn model_lid(a: &ModelArtikel, nr: u32) -> Option<Vec<Tok>> {
    fn find(members: &[Member], nr: u32) -> Option<&crate::syntax::Lid> {
        for m in members {
            match &m.kind {
                MemberKind::Lid(l) if l.nr.text == nr.to_string() => return Some(l),
                MemberKind::LidGroup(g) => {
                    if let Some(l) = find(&g.leden, nr) {
                        return Some(l);
                    }
                }
                _ => {}
            }
        }
        None
    }
    let l = find(&a.members, nr)?;
    let mut out = Vec::new();
    model_members(&l.members, &mut out);
    Some(out)
}

fn own_words(leden: &[Lid], out: &mut Vec<String>) {
    for l in leden {
        match l {
            Lid::Tekst(t) => out.extend(words(t)),
            Lid::Lid { inhoud, .. } | Lid::Onderdeel { inhoud, .. } => own_words(inhoud, out),
        }
    }
}

/// How far the words match the template: `Ok(())` when all of them do, else the index of the
/// first word past the longest matching prefix.
fn matches(tpl: &[Tok], text: &[String]) -> Result<(), usize> {
    let n = text.len();
    // reach[i]: the first i words can be matched by the template prefix processed so far.
    let mut reach = vec![false; n + 1];
    if let Some(r) = reach.first_mut() {
        *r = true;
    }
    let mut furthest = 0;
    for t in tpl {
        let mut next = vec![false; n + 1];
        match t {
            Tok::Any => {
                let mut on = false;
                for i in 0..=n {
                    on = on || reach.get(i).copied().unwrap_or(false);
                    if let Some(x) = next.get_mut(i) {
                        *x = on;
                    }
                }
            }
            Tok::Word(w) => {
                for i in 0..n {
                    if reach.get(i).copied().unwrap_or(false) && text.get(i) == Some(w) {
                        if let Some(x) = next.get_mut(i + 1) {
                            *x = true;
                        }
                    }
                }
            }
        }
        if let Some(f) = next.iter().rposition(|b| *b) {
            furthest = furthest.max(f);
        }
        reach = next;
    }
    if reach.get(n).copied().unwrap_or(false) {
        Ok(())
    } else {
        Err(furthest)
    }
}

fn literal_count(tpl: &[Tok]) -> usize {
    tpl.iter().filter(|t| matches!(t, Tok::Word(_))).count()
}

/// The words from `at` on, for a remark: "vanaf „ten hoogste zes maanden …”".
fn snippet(text: &[String], at: usize) -> String {
    let end = (at + 8).min(text.len());
    let shown = text.get(at..end).map(|w| w.join(" ")).unwrap_or_default();
    if shown.is_empty() {
        "het einde (het model heeft hier meer tekst)".into()
    } else if end < text.len() {
        format!("\"{shown} …\"")
    } else {
        format!("\"{shown}\"")
    }
}

/// The outcome of comparing an ordinance with a model.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Herkenning {
    /// Imported articles that follow a model article: (own nr, model nr).
    pub gevolgd: Vec<(String, String)>,
    /// Imported articles with a model counterpart whose text deviates.
    pub afwijkend: Vec<(String, String)>,
    /// Imported articles without a model counterpart.
    pub eigen: Vec<String>,
}

impl Herkenning {
    /// The ordinance follows the model when most of its articles have a model counterpart.
    pub fn volgt_model(&self) -> bool {
        let total = self.gevolgd.len() + self.afwijkend.len() + self.eigen.len();
        total > 0 && (self.gevolgd.len() + self.afwijkend.len()) * 2 > total
    }
}

fn model_articles(items: &[Item]) -> Vec<&ModelArtikel> {
    items
        .iter()
        .filter_map(|i| match &i.kind {
            ItemKind::Artikel(a) if !a.vervallen => Some(a),
            _ => None,
        })
        .collect()
}

fn norm_title(t: &str) -> String {
    words(t).join(" ")
}

/// Compare `r` with the model (its items) and mark its articles. `model_naam` names the model in
/// the comments ("het VNG-model (januari 2023)").
pub fn herken(
    r: &mut Regeling,
    model: &[Item],
    model_naam: &str,
    meldingen: &mut Vec<Melding>,
) -> Herkenning {
    let arts = model_articles(model);
    let mut h = Herkenning::default();
    for d in &mut r.body {
        let Deel::Artikel(a) = d else { continue };
        let title = norm_title(&a.titel);
        // A model title may hold a fill-in or an optional passage ("Intrekken oude
        // verordeningen{en_overgangsrecht}"): it is matched as a template too.
        let same_title = |m: &&&ModelArtikel| {
            let mut tpl = Vec::new();
            template(&m.title.value, &mut tpl);
            !title.is_empty() && matches(&tpl, &words(&a.titel)).is_ok()
        };
        let candidate = arts
            .iter()
            .find(|m| m.nr.text == a.nr && same_title(m))
            .or_else(|| arts.iter().find(|m| same_title(m)))
            .or_else(|| {
                arts.iter().find(|m| {
                    m.nr.text == a.nr && !title.is_empty() && title_close(&m.title.value, &a.titel)
                })
            });
        let Some(m) = candidate else {
            h.eigen.push(a.nr.clone());
            continue;
        };
        compare(a, m, model_naam, &mut h, meldingen);
    }
    h
}

/// Titles that share most of their words ("Begripsbepalingen" never matches "Definities": a
/// renamed article is found by its number only when the titles are close).
fn title_close(a: &str, b: &str) -> bool {
    let wa = words(a);
    let wb = words(b);
    let shared = wa.iter().filter(|w| wb.contains(w)).count();
    shared * 2 > wa.len().max(wb.len())
}

fn compare(
    a: &mut Artikel,
    m: &ModelArtikel,
    model_naam: &str,
    h: &mut Herkenning,
    meldingen: &mut Vec<Melding>,
) {
    let mut tpl = Vec::new();
    model_members(&m.members, &mut tpl);
    let mut text = Vec::new();
    own_words(&a.leden, &mut text);
    if literal_count(&tpl) < 3 {
        h.eigen.push(a.nr.clone());
        return;
    }
    match matches(&tpl, &text) {
        Ok(()) => {
            a.model = Some(m.nr.text.clone());
            h.gevolgd.push((a.nr.clone(), m.nr.text.clone()));
        }
        Err(_) => {
            a.model = Some(m.nr.text.clone());
            h.afwijkend.push((a.nr.clone(), m.nr.text.clone()));
            let mut places = Vec::new();
            for l in &a.leden {
                let Lid::Lid { nr, inhoud } = l else { continue };
                let mut lw = Vec::new();
                own_words(inhoud, &mut lw);
                match model_lid(m, *nr) {
                    None => places.push(format!(
                        "het {} staat niet in het model",
                        crate::eval::lower::lid_words(&nr.to_string())
                    )),
                    Some(lt) => {
                        if let Err(at) = matches(&lt, &lw) {
                            places.push(format!(
                                "{} wijkt af vanaf {}",
                                crate::eval::lower::lid_words(&nr.to_string()),
                                snippet(&lw, at)
                            ));
                        }
                    }
                }
            }
            if places.is_empty() {
                let at = matches(&tpl, &text).err().unwrap_or(0);
                places.push(format!("de tekst wijkt af vanaf {}", snippet(&text, at)));
            }
            let msg = format!(
                "artikel {} volgt artikel {} van {model_naam} niet letterlijk: {}; als eigen tekst overgenomen",
                a.nr,
                m.nr.text,
                places.join("; ")
            );
            a.opmerkingen.push(format!(
                "Afwijking van {model_naam}: {}.",
                places.join("; ")
            ));
            meldingen.push(Melding {
                span: None,
                tekst: msg,
            });
        }
    }
}
