//! The outline: hoofdstuk → paragraaf → artikel → lid → onderdeel, with the aanhef, the
//! slotformule, bijlagen, declarations and, in an ordinance, its fills and adoptions.
//!
//! Hoofdstuk and paragraaf are headings in the file (as in the printed ordinance): everything
//! up to the next heading of the same or a higher level belongs to them.

use super::analysis::{trimmed, written};
use super::position::LineIndex;
use lsp_types::{DocumentSymbol, SymbolKind};
use verordening_core::syntax::*;

pub fn document_symbols(file: &File, src: &str) -> Vec<DocumentSymbol> {
    let index = LineIndex::new(src);
    let s = Symbols { index: &index, src };
    // Open headings: hoofdstuk (level 0) and paragraaf (level 1), each gathering children.
    let mut open: Vec<(usize, DocumentSymbol)> = Vec::new();
    let mut top = Vec::new();
    for item in &file.items {
        let level = match &item.kind {
            ItemKind::Hoofdstuk(_) => Some(0),
            ItemKind::Paragraaf(_) => Some(1),
            _ => None,
        };
        if let Some(level) = level {
            while open.last().is_some_and(|(l, _)| *l >= level) {
                close(&mut open, &mut top);
            }
        }
        let Some(symbol) = s.item(item) else {
            continue;
        };
        match level {
            Some(level) => open.push((level, symbol)),
            None => match open.last_mut() {
                Some((_, parent)) => add_child(parent, symbol),
                None => top.push(symbol),
            },
        }
    }
    while !open.is_empty() {
        close(&mut open, &mut top);
    }
    top
}

/// Close the innermost open heading into its parent (or the top level).
fn close(open: &mut Vec<(usize, DocumentSymbol)>, top: &mut Vec<DocumentSymbol>) {
    if let Some((_, done)) = open.pop() {
        match open.last_mut() {
            Some((_, parent)) => add_child(parent, done),
            None => top.push(done),
        }
    }
}

/// Add a child, growing the parent's range to cover it.
fn add_child(parent: &mut DocumentSymbol, child: DocumentSymbol) {
    if child.range.end > parent.range.end {
        parent.range.end = child.range.end;
    }
    parent.children.get_or_insert_with(Vec::new).push(child);
}

struct Symbols<'a> {
    index: &'a LineIndex<'a>,
    src: &'a str,
}

impl Symbols<'_> {
    #[allow(deprecated)] // `deprecated` is a required field of the struct
    fn symbol(
        &self,
        name: String,
        detail: Option<String>,
        kind: SymbolKind,
        span: Span,
        selection: Span,
        children: Vec<DocumentSymbol>,
    ) -> DocumentSymbol {
        let range = self.index.range(trimmed(span, self.src));
        let mut selection_range = self.index.range(selection);
        // The selection must lie inside the range.
        if selection_range.start < range.start || selection_range.end > range.end {
            selection_range = range;
        }
        DocumentSymbol {
            name: if name.trim().is_empty() {
                "?".to_string()
            } else {
                name
            },
            detail,
            kind,
            tags: None,
            deprecated: None,
            range,
            selection_range,
            children: (!children.is_empty()).then_some(children),
        }
    }

    fn item(&self, item: &Item) -> Option<DocumentSymbol> {
        Some(match &item.kind {
            ItemKind::Hoofdstuk(h) | ItemKind::Paragraaf(h) => {
                let (word, kind) = match item.kind {
                    ItemKind::Hoofdstuk(_) => ("Hoofdstuk", SymbolKind::NAMESPACE),
                    _ => ("Paragraaf", SymbolKind::PACKAGE),
                };
                self.symbol(
                    format!("{word} {}", h.nr.text),
                    Some(h.title.value.clone()),
                    kind,
                    item.span,
                    h.nr.span,
                    Vec::new(),
                )
            }
            ItemKind::Artikel(a) => {
                let mut detail = a.title.value.clone();
                if a.optional {
                    detail.push_str(" (facultatief)");
                }
                if a.vervallen {
                    detail.push_str(" (vervallen)");
                }
                self.symbol(
                    format!("Artikel {}", a.nr.text),
                    Some(detail),
                    SymbolKind::CLASS,
                    item.span,
                    a.nr.span,
                    self.members(&a.members),
                )
            }
            ItemKind::Bijlage(b) => self.symbol(
                format!("Bijlage {}", b.id.text),
                Some(b.title.value.clone()),
                SymbolKind::CLASS,
                item.span,
                b.id.span,
                self.members(&b.members),
            ),
            ItemKind::EigenLid(e) => self.symbol(
                format!("Artikel {}, lid {}", e.artikel.text, e.lid.nr.text),
                Some("eigen tekst".to_string()),
                SymbolKind::CLASS,
                item.span,
                e.lid.nr.span,
                self.members(&e.lid.members),
            ),
            ItemKind::Aanhef(b) => self.block("Aanhef", item.span, b),
            ItemKind::Slotformule(b) => self.block("Slotformule", item.span, b),
            ItemKind::Fill(f) => {
                let value = match &f.value {
                    FillKind::Value(v) => written(v.span(), self.src),
                    FillKind::Choice(names) => names
                        .iter()
                        .map(|n| n.text.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                };
                self.symbol(
                    f.slot.text.clone(),
                    Some(short(&value)),
                    match f.value {
                        FillKind::Value(_) => SymbolKind::PROPERTY,
                        FillKind::Choice(_) => SymbolKind::ENUM,
                    },
                    item.span,
                    f.slot.span,
                    Vec::new(),
                )
            }
            ItemKind::Adoption(a) => {
                let names: Vec<&str> = a.slots.iter().map(|s| s.text.as_str()).collect();
                let first = a.slots.first().map(|s| s.span).unwrap_or(item.span);
                self.symbol(
                    names.join(", "),
                    Some(
                        if a.adopted {
                            "overgenomen"
                        } else {
                            "niet overgenomen"
                        }
                        .to_string(),
                    ),
                    SymbolKind::BOOLEAN,
                    item.span,
                    first,
                    Vec::new(),
                )
            }
            ItemKind::Decl(d) => self.decl(d, item.span),
            ItemKind::Error(_) => return None,
        })
    }

    fn block(&self, name: &str, span: Span, b: &Block) -> DocumentSymbol {
        self.symbol(
            name.to_string(),
            None,
            SymbolKind::MODULE,
            span,
            Span::new(span.offset(), span.offset() + name.len()),
            self.members(&b.members),
        )
    }

    fn members(&self, members: &[Member]) -> Vec<DocumentSymbol> {
        let mut out = Vec::new();
        for m in members {
            let (name, detail, kind, selection, children) = match &m.kind {
                MemberKind::Lid(l) => {
                    out.push(self.unit(
                        "Lid",
                        &l.nr,
                        l.optional,
                        &l.members,
                        m.span,
                        SymbolKind::FIELD,
                    ));
                    continue;
                }
                MemberKind::Onderdeel(o) => {
                    out.push(self.unit(
                        "Onderdeel",
                        &o.label,
                        o.optional,
                        &o.members,
                        m.span,
                        SymbolKind::ENUM_MEMBER,
                    ));
                    continue;
                }
                MemberKind::Stmt(Stmt::Invulling(i)) => (
                    i.name.text.clone(),
                    Some(format!("invulling: {}", written(i.ty.span(), self.src))),
                    SymbolKind::PROPERTY,
                    i.name.span,
                    Vec::new(),
                ),
                MemberKind::Stmt(Stmt::Keuze(k)) => (
                    k.name.text.clone(),
                    Some("keuze".to_string()),
                    SymbolKind::ENUM,
                    k.name.span,
                    Vec::new(),
                ),
                MemberKind::LidGroup(g) => {
                    out.extend(self.members(&g.leden));
                    continue;
                }
                MemberKind::Stmt(Stmt::Decl(d)) => {
                    out.push(self.decl(d, m.span));
                    continue;
                }
                _ => continue,
            };
            out.push(self.symbol(name, detail, kind, m.span, selection, children));
        }
        out
    }

    /// A lid or onderdeel with what it contains.
    fn unit(
        &self,
        word: &str,
        nr: &Name,
        optional: bool,
        members: &[Member],
        span: Span,
        kind: SymbolKind,
    ) -> DocumentSymbol {
        self.symbol(
            format!("{word} {}", nr.text),
            optional.then(|| "facultatief".to_string()),
            kind,
            span,
            nr.span,
            self.members(members),
        )
    }

    fn decl(&self, d: &Decl, span: Span) -> DocumentSymbol {
        let (name, noun, kind) = match d {
            Decl::Feit(f) => (&f.name, "feit", SymbolKind::VARIABLE),
            Decl::Oordeel(f) => (&f.name, "oordeel", SymbolKind::VARIABLE),
            Decl::Soort(s) => (&s.name, "soort", SymbolKind::ENUM),
            Decl::Parameter(p) => (&p.name, "parameter", SymbolKind::CONSTANT),
            Decl::Voorziening(v) => (&v.name, "voorziening", SymbolKind::OBJECT),
            Decl::Definitie(def) => (&def.name, "definitie", SymbolKind::FUNCTION),
        };
        self.symbol(
            name.text.clone(),
            Some(noun.to_string()),
            kind,
            span,
            name.span,
            Vec::new(),
        )
    }
}

/// A value shortened for the outline.
fn short(s: &str) -> String {
    let one_line: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() > 60 {
        let cut: String = one_line.chars().take(57).collect();
        format!("{cut}...")
    } else {
        one_line
    }
}
