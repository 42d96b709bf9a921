//! Coverage (`verordening dekking`): for every artikel, lid and onderdeel with normative text,
//! the rules that stand on it, or the reason written in the file why it has none
//! (`geen regel "procedureel"`).
//!
//! A unit's text is normative when it has a modal or limiting word (`kan`, `moet`, `is
//! bevoegd`, `weigert`, `uitsluitend`, `niet`, `ten hoogste`, ...), or when it is an onderdeel of
//! a normative lid or article (the enumeration is part of the norm: "Het college kan een
//! voorziening weigeren als: a. ..."). A rule stands on a unit when it is written in the unit or
//! in one of its onderdelen, or when a rule anywhere in the file uses a fact, oordeel,
//! definitie, begrip or invulplek declared in the unit. A false positive is silenced with a
//! reason in the unit, never by deleting the text.

use crate::check::conform::visit_refs;
use crate::diagnostics::{Code, Diagnostic, FileId};
use crate::syntax::place::Place;
use crate::syntax::*;
use std::collections::{BTreeMap, BTreeSet};

/// Words that make a text normative (whole words, lower case; multi-word phrases as written).
const MODAL: &[&str] = &[
    "kan",
    "kunnen",
    "moet",
    "moeten",
    "mag",
    "mogen",
    "dient",
    "dienen",
    "bevoegd",
    "weigert",
    "weigeren",
    "uitsluitend",
    "alleen",
    "niet",
    "geen",
    "ten hoogste",
    "maximaal",
    "minimaal",
    "ten minste",
    "tenminste",
    "bedraagt",
    "verstrekt",
    "verleent",
    "behoudt",
    "geldt",
    "gelden",
];

/// One artikel, lid or onderdeel with text.
#[derive(Debug, Clone)]
pub struct Unit {
    /// "artikel 3, tweede lid, onder a".
    pub citation: String,
    /// The unit's slot-style id (`art3.lid2.a`).
    pub id: String,
    /// The span of its (first) `tekst`.
    pub span: Span,
    pub normative: bool,
    /// The rules standing on it, as written (`kan weigeren alle voorzieningen als ...`), with
    /// the line they start on.
    pub rules: Vec<(u32, String)>,
    /// `geen regel "..."`.
    pub reason: Option<String>,
}

impl Unit {
    pub fn covered(&self) -> bool {
        !self.normative || !self.rules.is_empty() || self.reason.is_some()
    }
}

/// Whether a text is normative by its words.
pub fn modal(text: &str) -> bool {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .filter(|w| !w.is_empty())
        .collect();
    MODAL.iter().any(|m| {
        let parts: Vec<&str> = m.split(' ').collect();
        words.windows(parts.len()).any(|w| w == parts.as_slice())
    })
}

/// A unit while walking: its statements (own and of its onderdelen) and declared names.
struct Raw {
    citation: String,
    id: String,
    span: Option<Span>,
    text: String,
    parent_normative: bool,
    depth: usize,
    own_rules: Vec<(Span, String)>,
    declared: BTreeSet<String>,
    reason: Option<String>,
    /// Indices of the units inside it.
    children: Vec<usize>,
}

/// The coverage of one file's own artikelen, leden and onderdelen.
pub fn coverage(file: &File, src: &str) -> Vec<Unit> {
    let mut raws: Vec<Raw> = Vec::new();
    // Every rule of the file with the names it uses, to find rules standing on declarations.
    let mut uses: Vec<(Span, String, BTreeSet<String>)> = Vec::new();
    for item in &file.items {
        match &item.kind {
            ItemKind::Artikel(a) if !a.vervallen => {
                let place = Place::artikel(&a.nr.text);
                walk(&a.members, place, false, 0, &mut raws, &mut uses);
            }
            ItemKind::Bijlage(b) => {
                walk(
                    &b.members,
                    Place::bijlage(&b.id.text),
                    false,
                    0,
                    &mut raws,
                    &mut uses,
                );
            }
            _ => {}
        }
    }
    let line_of = |span: Span| -> u32 {
        let end = (span.start as usize).min(src.len());
        let n = src
            .get(..end)
            .map(|s| s.bytes().filter(|b| *b == b'\n').count())
            .unwrap_or(0);
        u32::try_from(n + 1).unwrap_or(u32::MAX)
    };
    // Rules per unit: its own, those of its descendants, and those using its declarations.
    let mut out = Vec::new();
    for (i, r) in raws.iter().enumerate() {
        let Some(span) = r.span else { continue };
        let mut rules: BTreeMap<u32, String> = BTreeMap::new();
        let mut stack = vec![i];
        let mut declared = BTreeSet::new();
        while let Some(j) = stack.pop() {
            if let Some(u) = raws.get(j) {
                for (s, text) in &u.own_rules {
                    rules.insert(line_of(*s), text.clone());
                }
                declared.extend(u.declared.iter().cloned());
                stack.extend(u.children.iter().copied());
            }
        }
        for (s, text, names) in &uses {
            if names.iter().any(|n| declared.contains(n)) {
                rules.insert(line_of(*s), text.clone());
            }
        }
        let normative = modal(&r.text) || (r.parent_normative && r.depth > 0);
        out.push(Unit {
            citation: r.citation.clone(),
            id: r.id.clone(),
            span,
            normative,
            rules: rules.into_iter().collect(),
            reason: r.reason.clone(),
        });
    }
    out
}

fn walk(
    members: &[Member],
    place: Place,
    parent_normative: bool,
    depth: usize,
    raws: &mut Vec<Raw>,
    uses: &mut Vec<(Span, String, BTreeSet<String>)>,
) -> usize {
    let me = raws.len();
    raws.push(Raw {
        citation: place.citation.clone(),
        id: place.prefix.clone(),
        span: None,
        text: String::new(),
        parent_normative,
        depth,
        own_rules: Vec::new(),
        declared: BTreeSet::new(),
        reason: None,
        children: Vec::new(),
    });
    // The unit's own text first, so that its onderdelen know whether it is normative.
    for m in members {
        if let MemberKind::Tekst(t) = &m.kind {
            if let Some(r) = raws.get_mut(me) {
                if r.span.is_none() {
                    r.span = Some(t.span);
                }
                r.text.push_str(&t.value);
                r.text.push(' ');
            }
        }
    }
    let normative_here = parent_normative || raws.get(me).is_some_and(|r| modal(&r.text));
    let mut children = Vec::new();
    for m in members {
        match &m.kind {
            MemberKind::Lid(l) => {
                let c = walk(
                    &l.members,
                    place.lid(&l.nr.text),
                    false,
                    depth + 1,
                    raws,
                    uses,
                );
                children.push(c);
            }
            MemberKind::LidGroup(g) => {
                // A variant's leden have their own ids (`art12.variant1.lid1`, so that both
                // variants can have a first lid) and are cited with their variant; the leden
                // of a group of optional leden keep the article's.
                let group = match &g.variant {
                    Some(v) => Place {
                        prefix: place.lid_group(g).prefix,
                        citation: format!("{}, variant {}", place.citation, v.text),
                    },
                    None => place.clone(),
                };
                for inner in &g.leden {
                    if let MemberKind::Lid(l) = &inner.kind {
                        let c = walk(
                            &l.members,
                            group.lid(&l.nr.text),
                            false,
                            depth + 1,
                            raws,
                            uses,
                        );
                        children.push(c);
                    }
                }
            }
            MemberKind::Onderdeel(o) => {
                let c = walk(
                    &o.members,
                    place.onderdeel(&o.label.text),
                    normative_here,
                    depth + 1,
                    raws,
                    uses,
                );
                children.push(c);
            }
            MemberKind::Stmt(s) => stmt(s, me, raws, uses),
            _ => {}
        }
    }
    if let Some(r) = raws.get_mut(me) {
        r.children = children;
    }
    me
}

/// Record a statement of unit `me`: a rule, a declaration, or a reason.
fn stmt(s: &Stmt, me: usize, raws: &mut [Raw], uses: &mut Vec<(Span, String, BTreeSet<String>)>) {
    let Some(r) = raws.get_mut(me) else { return };
    let mut used = BTreeSet::new();
    let mut collect = |e: &Expr| {
        visit_refs(e, &mut |n| {
            used.insert(n.text.clone());
        })
    };
    let rule: Option<(Span, String)> = match s {
        Stmt::GeenRegel(t) => {
            r.reason = Some(t.value.clone());
            None
        }
        Stmt::Rule(rule) => {
            rule.condition.iter().for_each(&mut collect);
            rule.tenzij.iter().for_each(&mut collect);
            Some((rule.modality_span, crate::fmt::rule(rule)))
        }
        Stmt::Waarde(w) => {
            collect(&w.expr);
            Some((
                w.name.span,
                format!("waarde {} = {}", w.name.text, crate::fmt::expr(&w.expr)),
            ))
        }
        Stmt::Grens(g) => {
            collect(&g.expr);
            Some((g.name.span, crate::fmt::grens(g)))
        }
        Stmt::Samenhang(c) => {
            collect(&c.expr);
            Some((c.id.span, format!("samenhang {}", c.id.text)))
        }
        Stmt::Onderwerp(o) => Some((o.name.span, format!("onderwerp {}", o.name.text))),
        Stmt::Begrip(b) => {
            r.declared.insert(b.name.text.clone());
            b.definition.as_ref().map(|e| {
                collect(e);
                (
                    b.name.span,
                    format!("begrip {} = {}", b.name.text, crate::fmt::expr(e)),
                )
            })
        }
        Stmt::Decl(Decl::Definitie(d)) => {
            r.declared.insert(d.name.text.clone());
            collect(&d.expr);
            Some((
                d.name.span,
                format!("definitie {} = {}", d.name.text, crate::fmt::expr(&d.expr)),
            ))
        }
        Stmt::Decl(Decl::Feit(f)) | Stmt::Decl(Decl::Oordeel(f)) => {
            r.declared.insert(f.name.text.clone());
            None
        }
        Stmt::Decl(Decl::Parameter(p)) => {
            r.declared.insert(p.name.text.clone());
            None
        }
        Stmt::Invulling(i) => {
            // By its full id: local names (`bedrag`) recur in many articles.
            r.declared.insert(format!("{}.{}", r.id, i.name.text));
            None
        }
        _ => None,
    };
    if let Some((span, text)) = rule {
        // A local slot name used here is the slot of this unit or one above it.
        let mut prefix = r.id.clone();
        let local: Vec<String> = used.iter().cloned().collect();
        loop {
            for n in &local {
                used.insert(format!("{prefix}.{n}"));
            }
            match prefix.rsplit_once('.') {
                Some((up, _)) => prefix = up.to_string(),
                None => break,
            }
        }
        r.own_rules.push((span, text.clone()));
        uses.push((span, text, used));
    }
}

/// `check --dekking`: a warning on every normative unit without a rule and without a reason.
pub fn diagnostics(file: &File, src: &str, id: FileId) -> Vec<Diagnostic> {
    coverage(file, src)
        .into_iter()
        .filter(|u| !u.covered())
        .map(|u| {
            Diagnostic::new(
                Code::Dekking,
                id,
                u.span,
                format!("{} heeft normatieve tekst zonder regel", u.citation),
            )
            .label("geen regel en geen reden")
            .help("schrijf de regel die deze tekst uitvoert, of zeg waarom er geen is: `geen regel \"procedureel\"`")
        })
        .collect()
}
