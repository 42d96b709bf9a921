//! Wijzigingsbesluiten: applying the onderdelen of amending decisions to a base text, to derive
//! the consolidated state of a regeling on a date (and, bitemporally, as it was known on a
//! date). A derived state is an ordinary [`File`]: printed and parsed back, it is loaded as
//! a hand-written version is (see [`crate::eval::load::Versions`]). docs/design.md, "Time in
//! law", records the choices.

use crate::diagnostics::{Code, Diagnostic, FileId};
use crate::syntax::notation::in_zin;
use crate::syntax::{
    Artikel, Besluit, Citaat, File, Item, ItemKind, Lid, Member, MemberKind, Meta, MetaKey,
    MetaValue, Name, Onderdeel, Opdracht, Span, Spelling, Text, Trivia, WbOnderdeel, WbTekst,
};
use chrono::NaiveDate;

/// A date after every date a besluit names: `toepassen(.., ALLES, None)` applies every
/// onderdeel (`verordening besluit --toepassen`).
pub const ALLES: NaiveDate = NaiveDate::MAX;

/// A besluit with the file its diagnostics point into.
#[derive(Debug, Clone, Copy)]
pub struct Bron<'a> {
    pub file: FileId,
    pub besluit: &'a Besluit,
}

/// When an onderdeel applies: from its own `werkt terug tot en met`, else its own
/// inwerkingtreding, else the besluit's (retroactive date first). None: the besluit does not
/// say, and the onderdeel is never applied (a diagnostic of [`controleer`]).
pub fn geldt_vanaf(besluit: &Besluit, o: &WbOnderdeel) -> Option<NaiveDate> {
    o.terugwerkend
        .or(o.inwerkingtreding)
        .or(besluit.terugwerkend)
        .or(besluit.inwerkingtreding)
}

/// The formal inwerkingtreding of an onderdeel (the day it became law in force; with
/// terugwerkende kracht later than the day it applies from).
pub fn inwerkingtreding(besluit: &Besluit, o: &WbOnderdeel) -> Option<NaiveDate> {
    o.inwerkingtreding
        .or(besluit.inwerkingtreding)
        .or_else(|| geldt_vanaf(besluit, o))
}

/// Whether an onderdeel was law (published) on `bekend_op`: from the besluit's bekendmaking
/// (else its vaststelling); a besluit with neither counts as always known.
fn bekend(besluit: &Besluit, bekend_op: Option<NaiveDate>) -> bool {
    match (bekend_op, besluit.bekend_sinds()) {
        (Some(op), Some(sinds)) => sinds <= op,
        _ => true,
    }
}

/// The besluiten in the order they are applied: by bekendmaking (else vaststelling), then
/// as given. Within a besluit, onderdelen apply in document order.
fn ordered<'a>(besluiten: &[Bron<'a>]) -> Vec<Bron<'a>> {
    let mut v = besluiten.to_vec();
    v.sort_by_key(|b| b.besluit.bekend_sinds());
    v
}

/// Every date on which some onderdeel starts to apply, as known on `bekend_op`, sorted: the
/// dates where a new consolidated state begins.
pub fn wijzigingsdata(besluiten: &[Bron<'_>], bekend_op: Option<NaiveDate>) -> Vec<NaiveDate> {
    let mut out: Vec<NaiveDate> = besluiten
        .iter()
        .filter(|b| bekend(b.besluit, bekend_op))
        .flat_map(|b| {
            b.besluit
                .onderdelen
                .iter()
                .filter_map(|o| geldt_vanaf(b.besluit, o))
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The consolidated text on `op`: `basis` with every onderdeel applied that applies on `op`
/// and (with `bekend_op`) was published on `bekend_op`. The header says from when the state
/// applies (`geldig vanaf`), since when it was known (`bekendgemaakt`) and which besluiten
/// made it (`versie`). Errors point into the besluiten.
pub fn toepassen(
    basis: &File,
    besluiten: &[Bron<'_>],
    op: NaiveDate,
    bekend_op: Option<NaiveDate>,
) -> Result<File, Vec<Diagnostic>> {
    let mut file = basis.clone();
    let mut diags = Vec::new();
    let mut vanaf: Option<NaiveDate> = None;
    let mut bekend_sinds: Option<NaiveDate> = None;
    let mut versie: Vec<String> = Vec::new();
    for bron in ordered(besluiten) {
        let b = bron.besluit;
        if !bekend(b, bekend_op) {
            continue;
        }
        let mut labels = Vec::new();
        for o in &b.onderdelen {
            let Some(from) = geldt_vanaf(b, o) else {
                continue;
            };
            if from > op {
                continue;
            }
            for i in &o.instructies {
                if let Err(d) = apply(&mut file, &i.citaat, &i.opdracht, bron.file, i.span) {
                    diags.push(d.help(format!(
                        "onderdeel {} van \u{201c}{}\u{201d} is geschreven op een tekst die hier anders is; controleer de volgorde en de data van de onderdelen",
                        o.label.text, b.title.value
                    )));
                }
            }
            vanaf = vanaf.max(Some(from));
            bekend_sinds = bekend_sinds.max(b.bekend_sinds());
            labels.push(o.label.text.clone());
        }
        if !labels.is_empty() {
            let woord = if labels.len() == 1 {
                "onderdeel"
            } else {
                "onderdelen"
            };
            versie.push(format!(
                "{}, {woord} {}",
                b.title.value,
                dutch_list(&labels)
            ));
        }
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    if !versie.is_empty() {
        set_header(&mut file, vanaf, bekend_sinds, &versie);
    }
    Ok(file)
}

fn dutch_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} en {last}", init.join(", ")),
    }
}

fn set_header(
    file: &mut File,
    vanaf: Option<NaiveDate>,
    bekend_sinds: Option<NaiveDate>,
    versie: &[String],
) {
    let meta = &mut file.header.meta;
    let basis_versie = meta.iter().find_map(|m| match (&m.key, &m.value) {
        (MetaKey::Other(k), MetaValue::Text(t)) if k == "versie" => Some(t.value.clone()),
        _ => None,
    });
    let text = format!(
        "{}gewijzigd bij {}",
        basis_versie.map(|v| format!("{v}; ")).unwrap_or_default(),
        versie.join("; ")
    );
    put(
        meta,
        MetaKey::Other("versie".into()),
        MetaValue::Text(plain(&text)),
    );
    if let Some(d) = vanaf {
        // Keep the base's own `geldig vanaf` when it is later (a besluit cannot make a
        // regeling apply before it did).
        let base = meta.iter().find_map(|m| match (&m.key, &m.value) {
            (MetaKey::GeldigVanaf, MetaValue::Date(b)) => Some(*b),
            _ => None,
        });
        put(
            meta,
            MetaKey::GeldigVanaf,
            MetaValue::Date(base.max(Some(d)).unwrap_or(d)),
        );
    }
    if let Some(d) = bekend_sinds {
        put(
            meta,
            MetaKey::Other("bekendgemaakt".into()),
            MetaValue::Date(d),
        );
    }
    // A derived state ends where the next one begins; the base's `geldig tot` (if any)
    // would cut it short.
    meta.retain(|m| m.key != MetaKey::GeldigTot);
}

fn plain(s: &str) -> Text {
    Text {
        value: s.to_string(),
        span: Span::default(),
        placeholders: Vec::new(),
    }
}

fn put(meta: &mut Vec<Meta>, key: MetaKey, value: MetaValue) {
    if let Some(m) = meta.iter_mut().find(|m| m.key == key) {
        m.value = value;
        m.spelling = Spelling::Usual;
        return;
    }
    meta.push(Meta {
        key,
        key_span: Span::default(),
        value,
        spelling: Spelling::Usual,
        trivia: Trivia::default(),
        span: Span::default(),
    });
}

fn fout(file: FileId, span: Span, message: String) -> Diagnostic {
    Diagnostic::new(Code::Wijziging, file, span, message).label("deze wijziging")
}

/// The index of the item holding artikel `nr`.
fn artikel_index(file: &File, nr: &str) -> Option<usize> {
    file.items
        .iter()
        .position(|i| matches!(&i.kind, ItemKind::Artikel(a) if a.nr.text == nr))
}

fn artikel_mut<'f>(file: &'f mut File, nr: &str) -> Option<&'f mut Artikel> {
    file.items.iter_mut().find_map(|i| match &mut i.kind {
        ItemKind::Artikel(a) if a.nr.text == nr => Some(a),
        _ => None,
    })
}

/// The member list that holds lid `nr` of an artikel (its own members, or a group of leden).
fn lid_list<'a>(members: &'a mut Vec<Member>, nr: &str) -> Option<&'a mut Vec<Member>> {
    let here = members
        .iter()
        .any(|m| matches!(&m.kind, MemberKind::Lid(l) if l.nr.text == nr));
    if here {
        return Some(members);
    }
    members.iter_mut().find_map(|m| match &mut m.kind {
        MemberKind::LidGroup(g) => lid_list(&mut g.leden, nr),
        _ => None,
    })
}

fn lid_pos(members: &[Member], nr: &str) -> Option<usize> {
    members
        .iter()
        .position(|m| matches!(&m.kind, MemberKind::Lid(l) if l.nr.text == nr))
}

fn onderdeel_pos(members: &[Member], label: &str) -> Option<usize> {
    members
        .iter()
        .position(|m| matches!(&m.kind, MemberKind::Onderdeel(o) if o.label.text == label))
}

fn member(kind: MemberKind, span: Span) -> Member {
    Member {
        kind,
        trivia: Trivia::default(),
        span,
    }
}

fn item(a: Artikel, span: Span) -> Item {
    Item {
        kind: ItemKind::Artikel(a),
        trivia: Trivia {
            blank_line_before: true,
            ..Trivia::default()
        },
        span,
    }
}

/// Where a citation points: the members a lid or onderdeel stands among, found by level.
enum Level {
    Artikel,
    Lid,
    Onderdeel,
}

fn level(c: &Citaat) -> Level {
    match (&c.lid, &c.onderdeel) {
        (_, Some(_)) => Level::Onderdeel,
        (Some(_), None) => Level::Lid,
        (None, None) => Level::Artikel,
    }
}

fn level_name(l: &Level) -> &'static str {
    match l {
        Level::Artikel => "een artikel",
        Level::Lid => "een lid",
        Level::Onderdeel => "een onderdeel",
    }
}

fn tekst_level(t: &WbTekst) -> Level {
    match t {
        WbTekst::Artikel(..) => Level::Artikel,
        WbTekst::Lid(..) => Level::Lid,
        WbTekst::Onderdeel(..) => Level::Onderdeel,
        // Headings are inserted among the articles.
        WbTekst::Hoofdstuk(..) | WbTekst::Paragraaf(..) => Level::Artikel,
    }
}

/// An item of the regeling's text, set off by a blank line as `fmt` writes it.
fn unit_item(kind: ItemKind, span: Span) -> Item {
    Item {
        kind,
        trivia: Trivia {
            blank_line_before: true,
            ..Trivia::default()
        },
        span,
    }
}

fn heading_index(file: &File, paragraaf: bool, nr: &str) -> Option<usize> {
    file.items.iter().position(|i| match &i.kind {
        ItemKind::Hoofdstuk(h) if !paragraaf => h.nr.text == nr,
        ItemKind::Paragraaf(h) if paragraaf => h.nr.text == nr,
        _ => false,
    })
}

fn bijlage_index(file: &File, id: &str) -> Option<usize> {
    file.items
        .iter()
        .position(|i| matches!(&i.kind, ItemKind::Bijlage(b) if b.id.text == id))
}

/// The members a cited lid or onderdeel stands among (for an onderdeel: its lid's members,
/// or the artikel's when no lid is cited), or why not.
fn container<'f>(
    file: &'f mut File,
    c: &Citaat,
    bron: FileId,
    span: Span,
) -> Result<&'f mut Vec<Member>, Diagnostic> {
    let nr = c.artikel.text.as_str();
    let Some(art) = artikel_mut(file, nr).filter(|a| !a.vervallen) else {
        return Err(fout(
            bron,
            span,
            format!("artikel {nr} bestaat niet (meer) in de tekst waarop deze wijziging werkt"),
        ));
    };
    match (&c.lid, &c.onderdeel) {
        (Some(lid), Some(_)) => {
            let list = lid_list(&mut art.members, &lid.text);
            let found = list.and_then(|l| {
                let p = lid_pos(l, &lid.text)?;
                match l.get_mut(p).map(|m| &mut m.kind) {
                    Some(MemberKind::Lid(l)) => Some(&mut l.members),
                    _ => None,
                }
            });
            found.ok_or_else(|| {
                fout(
                    bron,
                    span,
                    format!("artikel {nr} heeft geen lid {}", lid.text),
                )
            })
        }
        (Some(lid), None) => lid_list(&mut art.members, &lid.text).ok_or_else(|| {
            fout(
                bron,
                span,
                format!("artikel {nr} heeft geen lid {}", lid.text),
            )
        }),
        _ => Ok(&mut art.members),
    }
}

fn apply(
    file: &mut File,
    c: &Citaat,
    opdracht: &Opdracht,
    bron: FileId,
    span: Span,
) -> Result<(), Diagnostic> {
    let nr = c.artikel.text.as_str();
    match opdracht {
        Opdracht::KomtTeLuiden(tekst) => {
            let want = level(c);
            if std::mem::discriminant(&want) != std::mem::discriminant(&tekst_level(tekst)) {
                return Err(fout(
                    bron,
                    span,
                    format!(
                        "{} komt te luiden als {}, maar de nieuwe tekst is {}",
                        in_zin(&c.to_string()),
                        level_name(&want),
                        level_name(&tekst_level(tekst))
                    ),
                ));
            }
            match tekst {
                WbTekst::Artikel(a, s) => {
                    // A vacant number may be given new text (the artikel is "opnieuw vastgesteld").
                    let Some(idx) = artikel_index(file, nr) else {
                        return Err(fout(
                            bron,
                            span,
                            format!("artikel {nr} bestaat niet in de tekst waarop deze wijziging werkt"),
                        ));
                    };
                    if a.nr.text != nr {
                        return Err(fout(
                            bron,
                            *s,
                            format!("de nieuwe tekst heeft nummer {}, niet {nr}", a.nr.text),
                        ));
                    }
                    if let Some(it) = file.items.get_mut(idx) {
                        it.kind = ItemKind::Artikel(a.clone());
                    }
                    Ok(())
                }
                WbTekst::Hoofdstuk(..) | WbTekst::Paragraaf(..) => Err(fout(
                    bron,
                    span,
                    format!(
                        "{} komt niet te luiden als een kop; een kop krijgt een nieuw opschrift met `hoofdstuk N komt te luiden:`",
                        in_zin(&c.to_string())
                    ),
                )),
                WbTekst::Lid(l, s) => replace_member(
                    container(file, c, bron, span)?,
                    c,
                    MemberKind::Lid(l.clone()),
                    *s,
                    bron,
                    span,
                ),
                WbTekst::Onderdeel(o, s) => replace_member(
                    container(file, c, bron, span)?,
                    c,
                    MemberKind::Onderdeel(o.clone()),
                    *s,
                    bron,
                    span,
                ),
            }
        }
        Opdracht::KopKomtTeLuiden {
            paragraaf,
            nr,
            tekst,
        } => {
            let word = if *paragraaf { "paragraaf" } else { "hoofdstuk" };
            let Some(idx) = heading_index(file, *paragraaf, &nr.text) else {
                return Err(fout(
                    bron,
                    nr.span,
                    format!(
                        "{word} {} bestaat niet in de tekst waarop deze wijziging werkt",
                        nr.text
                    ),
                ));
            };
            if tekst.nr.text != nr.text {
                return Err(fout(
                    bron,
                    tekst.nr.span,
                    format!("de nieuwe kop heeft nummer {}, niet {}", tekst.nr.text, nr.text),
                ));
            }
            if let Some(it) = file.items.get_mut(idx) {
                it.kind = if *paragraaf {
                    ItemKind::Paragraaf(tekst.clone())
                } else {
                    ItemKind::Hoofdstuk(tekst.clone())
                };
            }
            Ok(())
        }
        Opdracht::Bijlage {
            id,
            nieuw,
            invoegen,
        } => {
            let here = bijlage_index(file, &id.text);
            if let Some(b) = nieuw {
                if b.id.text != id.text {
                    return Err(fout(
                        bron,
                        b.id.span,
                        format!("de nieuwe bijlage heeft nummer {}, niet {}", b.id.text, id.text),
                    ));
                }
            }
            match (nieuw, invoegen, here) {
                (None, _, Some(i)) => {
                    file.items.remove(i);
                    Ok(())
                }
                (Some(b), false, Some(i)) => {
                    if let Some(it) = file.items.get_mut(i) {
                        it.kind = ItemKind::Bijlage(b.clone());
                    }
                    Ok(())
                }
                (Some(b), true, None) => {
                    // After the last bijlage, or at the end: bijlagen follow the slotformule.
                    let at = file
                        .items
                        .iter()
                        .rposition(|i| matches!(i.kind, ItemKind::Bijlage(_)))
                        .map(|i| i + 1)
                        .unwrap_or(file.items.len());
                    file.items
                        .insert(at, unit_item(ItemKind::Bijlage(b.clone()), id.span));
                    Ok(())
                }
                (Some(_), true, Some(_)) => Err(fout(
                    bron,
                    id.span,
                    format!("bijlage {} bestaat al", id.text),
                )),
                (_, _, None) => Err(fout(
                    bron,
                    id.span,
                    format!(
                        "bijlage {} bestaat niet in de tekst waarop deze wijziging werkt",
                        id.text
                    ),
                )),
            }
        }
        Opdracht::Vervalt => match level(c) {
            Level::Artikel => {
                let Some(a) = artikel_mut(file, nr).filter(|a| !a.vervallen) else {
                    return Err(fout(
                        bron,
                        span,
                        format!("artikel {nr} bestaat niet (meer) en kan dus niet vervallen"),
                    ));
                };
                // The number stays, vacant: "Artikel 5.6 [Vervallen]".
                a.vervallen = true;
                a.members.clear();
                a.trailing = Trivia::default();
                Ok(())
            }
            Level::Lid | Level::Onderdeel => {
                let list = container(file, c, bron, span)?;
                let pos = position(list, c);
                match pos {
                    Some(p) if p < list.len() => {
                        list.remove(p);
                        Ok(())
                    }
                    _ => Err(fout(bron, span, format!("{} bestaat niet", in_zin(&c.to_string())))),
                }
            }
        },
        Opdracht::Invoegen { na, teksten } => {
            let want = level(c);
            for t in teksten {
                if std::mem::discriminant(&want) != std::mem::discriminant(&tekst_level(t)) {
                    return Err(fout(
                        bron,
                        span,
                        format!(
                            "bij {} hoort {} ingevoegd te worden, niet {}",
                            in_zin(&c.to_string()),
                            level_name(&want),
                            level_name(&tekst_level(t))
                        ),
                    ));
                }
            }
            match want {
                Level::Artikel => {
                    let mut nieuw = Vec::new();
                    for t in teksten {
                        // A heading inserted with the articles: "Na artikel 14 wordt een
                        // hoofdstuk ingevoegd".
                        let heading = match t {
                            WbTekst::Hoofdstuk(h, s) => Some((false, h, s)),
                            WbTekst::Paragraaf(h, s) => Some((true, h, s)),
                            _ => None,
                        };
                        if let Some((paragraaf, h, s)) = heading {
                            if heading_index(file, paragraaf, &h.nr.text).is_some() {
                                return Err(fout(
                                    bron,
                                    *s,
                                    format!(
                                        "{} {} bestaat al",
                                        if paragraaf { "paragraaf" } else { "hoofdstuk" },
                                        h.nr.text
                                    ),
                                ));
                            }
                            let kind = if paragraaf {
                                ItemKind::Paragraaf(h.clone())
                            } else {
                                ItemKind::Hoofdstuk(h.clone())
                            };
                            nieuw.push(unit_item(kind, *s));
                            continue;
                        }
                        if let WbTekst::Artikel(a, s) = t {
                            // A vacant number may be taken; a live one may not.
                            if let Some(i) = artikel_index(file, &a.nr.text) {
                                    let vacant = matches!(file.items.get(i).map(|it| &it.kind), Some(ItemKind::Artikel(x)) if x.vervallen);
                                    if !vacant {
                                        return Err(fout(
                                            bron,
                                            *s,
                                            format!("artikel {} bestaat al", a.nr.text),
                                        ));
                                    }
                                    file.items.remove(i);
                            }
                            nieuw.push(item(a.clone(), *s));
                        }
                    }
                    let Some(idx) = artikel_index(file, nr) else {
                        return Err(fout(
                            bron,
                            span,
                            format!("artikel {nr} bestaat niet in de tekst waarop deze wijziging werkt"),
                        ));
                    };
                    let at = if *na { idx + 1 } else { idx };
                    for (k, it) in nieuw.into_iter().enumerate() {
                        file.items.insert(at + k, it);
                    }
                    Ok(())
                }
                Level::Lid | Level::Onderdeel => {
                    let list = container(file, c, bron, span)?;
                    let Some(p) = position(list, c) else {
                        return Err(fout(bron, span, format!("{} bestaat niet", in_zin(&c.to_string()))));
                    };
                    let at = if *na { p + 1 } else { p };
                    for (k, t) in teksten.iter().enumerate() {
                        let (kind, s, name) = match t {
                            WbTekst::Lid(l, s) => (MemberKind::Lid(l.clone()), *s, &l.nr.text),
                            WbTekst::Onderdeel(o, s) => {
                                (MemberKind::Onderdeel(o.clone()), *s, &o.label.text)
                            }
                            WbTekst::Artikel(..)
                            | WbTekst::Hoofdstuk(..)
                            | WbTekst::Paragraaf(..) => continue,
                        };
                        let taken = list.iter().any(|m| match (&m.kind, &kind) {
                            (MemberKind::Lid(x), MemberKind::Lid(_)) => &x.nr.text == name,
                            (MemberKind::Onderdeel(x), MemberKind::Onderdeel(_)) => {
                                &x.label.text == name
                            }
                            _ => false,
                        });
                        if taken {
                            return Err(fout(bron, s, format!("{name} bestaat al in {c}")));
                        }
                        if at + k <= list.len() {
                            list.insert(at + k, member(kind, s));
                        }
                    }
                    Ok(())
                }
            }
        }
        Opdracht::Vernummerd(naar) => match (level(c), level(naar)) {
            (Level::Artikel, Level::Artikel) => {
                let to = naar.artikel.text.as_str();
                if let Some(i) = artikel_index(file, to) {
                    let vacant = matches!(file.items.get(i).map(|it| &it.kind), Some(ItemKind::Artikel(x)) if x.vervallen);
                    if !vacant {
                        return Err(fout(
                            bron,
                            naar.span,
                            format!("artikel {to} bestaat al; vernummer dat eerst, of laat het vervallen"),
                        ));
                    }
                    file.items.remove(i);
                }
                let Some(a) = artikel_mut(file, nr).filter(|a| !a.vervallen) else {
                    return Err(fout(
                        bron,
                        span,
                        format!("artikel {nr} bestaat niet in de tekst waarop deze wijziging werkt"),
                    ));
                };
                a.nr = Name {
                    text: to.to_string(),
                    span: a.nr.span,
                };
                Ok(())
            }
            (Level::Lid, Level::Lid) if naar.artikel.text == c.artikel.text => {
                let (Some(from), Some(to)) = (&c.lid, &naar.lid) else {
                    return Err(fout(bron, span, format!("{} is geen lid", in_zin(&c.to_string()))));
                };
                let list = container(file, c, bron, span)?;
                if lid_pos(list, &to.text).is_some() {
                    return Err(fout(
                        bron,
                        naar.span,
                        format!("{} bestaat al", in_zin(&naar.to_string())),
                    ));
                }
                let Some(p) = lid_pos(list, &from.text) else {
                    return Err(fout(bron, span, format!("{} bestaat niet", in_zin(&c.to_string()))));
                };
                if let Some(MemberKind::Lid(l)) = list.get_mut(p).map(|m| &mut m.kind) {
                    l.nr = Name {
                        text: to.text.clone(),
                        span: l.nr.span,
                    };
                }
                Ok(())
            }
            _ => Err(fout(
                bron,
                span,
                format!("{} kan niet worden vernummerd tot {naar}: alleen een artikel tot een artikel, of een lid tot een lid van hetzelfde artikel", in_zin(&c.to_string())),
            )),
        },
    }
}

/// The position of the cited lid or onderdeel among `list`.
fn position(list: &[Member], c: &Citaat) -> Option<usize> {
    match (&c.lid, &c.onderdeel) {
        (_, Some(o)) => onderdeel_pos(list, &o.text),
        (Some(l), None) => lid_pos(list, &l.text),
        (None, None) => None,
    }
}

fn replace_member(
    list: &mut [Member],
    c: &Citaat,
    kind: MemberKind,
    s: Span,
    bron: FileId,
    span: Span,
) -> Result<(), Diagnostic> {
    let same_nr = match (&kind, &c.lid, &c.onderdeel) {
        (MemberKind::Onderdeel(o), _, Some(want)) => o.label.text == want.text,
        (MemberKind::Lid(l), Some(want), None) => l.nr.text == want.text,
        _ => false,
    };
    if !same_nr {
        return Err(fout(
            bron,
            s,
            format!("de nieuwe tekst heeft een ander nummer dan {c}"),
        ));
    }
    let Some(p) = position(list, c) else {
        return Err(fout(
            bron,
            span,
            format!("{} bestaat niet", in_zin(&c.to_string())),
        ));
    };
    if let Some(m) = list.get_mut(p) {
        m.kind = kind;
    }
    Ok(())
}

/// Diagnostics about a besluit on its own: an onderdeel without a date, a retroactive date
/// after the inwerkingtreding, a vaststelling after the bekendmaking.
pub fn controleer(besluit: &Besluit, file: FileId) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if besluit.regeling.is_none() {
        out.push(
            fout(
                file,
                besluit.title.span,
                "het wijzigingsbesluit noemt geen regeling".into(),
            )
            .help("zet in de kop `regeling \"bestand.vo\"`: de regeling die het wijzigt"),
        );
    }
    if let (Some(v), Some(b)) = (besluit.vastgesteld, besluit.bekendgemaakt) {
        if b < v {
            out.push(
                fout(
                    file,
                    besluit.title.span,
                    format!("bekendgemaakt ({b}) vóór vastgesteld ({v})"),
                )
                .help("een besluit wordt eerst vastgesteld en daarna bekendgemaakt"),
            );
        }
    }
    for o in &besluit.onderdelen {
        if geldt_vanaf(besluit, o).is_none() {
            out.push(
                fout(
                    file,
                    o.label.span,
                    format!(
                        "onderdeel {} heeft geen datum van inwerkingtreding",
                        o.label.text
                    ),
                )
                .help("geef het besluit of het onderdeel een `inwerkingtreding DATUM`"),
            );
        }
        if let (Some(t), Some(i)) = (
            o.terugwerkend.or(besluit.terugwerkend),
            o.inwerkingtreding.or(besluit.inwerkingtreding),
        ) {
            if t > i {
                out.push(
                    fout(file, o.label.span, format!("onderdeel {} werkt terug tot {t}, na zijn inwerkingtreding ({i})", o.label.text))
                        .help("terugwerkende kracht gaat terug in de tijd: de datum ligt vóór de inwerkingtreding"),
                );
            }
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    for o in &besluit.onderdelen {
        if !seen.insert(o.label.text.as_str()) {
            out.push(fout(
                file,
                o.label.span,
                format!("onderdeel {} staat twee keer in het besluit", o.label.text),
            ));
        }
    }
    out
}

/// For the look-up of a citation: the consolidated `File` and the kind of thing `Lid`/
/// `Onderdeel` found there (used by `verordening tekst`).
pub fn zoek_lid<'f>(art: &'f Artikel, nr: &str) -> Option<&'f Lid> {
    fn walk<'f>(members: &'f [Member], nr: &str) -> Option<&'f Lid> {
        members.iter().find_map(|m| match &m.kind {
            MemberKind::Lid(l) if l.nr.text == nr => Some(l),
            MemberKind::LidGroup(g) => walk(&g.leden, nr),
            _ => None,
        })
    }
    walk(&art.members, nr)
}

/// An onderdeel of a lid or artikel by its label.
pub fn zoek_onderdeel<'f>(members: &'f [Member], label: &str) -> Option<&'f Onderdeel> {
    members.iter().find_map(|m| match &m.kind {
        MemberKind::Onderdeel(o) if o.label.text == label => Some(o),
        _ => None,
    })
}
