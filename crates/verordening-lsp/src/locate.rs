//! What stands at a position of a document: a name (in an expression, a fill, an adoption, a
//! `{placeholder}`), a slot or global declared there, an option of a choice, a cross-reference
//! in legal text, or the path of a layer. Hover and go to definition both start here.
//!
//! Scopes follow the checker: a unit's prefix is `art8`, `art8.lid3`, `art8.lid3.a`, `aanhef`,
//! `slot` or `bijlage14b5`, and names resolve from the innermost prefix outwards; fills and
//! adoptions of an ordinance use full ids.

use verordening_core::check::scope_of_prefix;
use verordening_core::check::symbols::{art_prefix, lid_group_id};
use verordening_core::check::types::builtin_type;
use verordening_core::syntax::textref::{self, TextRef};
use verordening_core::syntax::*;

#[derive(Debug, Clone)]
pub enum Target<'a> {
    /// A name that resolves to a slot in scope or to a global.
    Name { name: &'a Name, scope: Vec<String> },
    /// A slot declared here (in a model), by its derived id.
    SlotDecl { id: String, span: Span },
    /// A global declared here: feit, oordeel, soort or one of its values, parameter,
    /// definitie, voorziening, begrip, onderwerp.
    GlobalDecl { name: &'a Name },
    /// An option of a choice: after `keuze SLOT =`, in `gekozen(SLOT, optie)`, or declared.
    Option {
        keuze: String,
        scope: Vec<String>,
        option: &'a Name,
    },
    /// An article (and lid) of this regulation or of its model: a reference in legal text, an
    /// `artikelen` value, `model 14h`, an article's or lid's own number.
    Article {
        nr: String,
        lid: Option<String>,
        span: Span,
    },
    /// The path of a layer in the header (`model "../vng/model-2023.vo"`).
    Path { key: MetaKey, text: &'a Text },
    /// A bare name inside the condition of `kies`/`aantal`/`bestaat`/`alle`, or a key of the
    /// order: a field of the entry of one of these lists (innermost last), else a name as any.
    Field {
        name: &'a Name,
        lists: Vec<String>,
        scope: Vec<String>,
    },
}

impl Target<'_> {
    pub fn span(&self) -> Span {
        match self {
            Target::Name { name, .. }
            | Target::GlobalDecl { name }
            | Target::Field { name, .. } => name.span,
            Target::Option { option, .. } => option.span,
            Target::SlotDecl { span, .. } | Target::Article { span, .. } => *span,
            Target::Path { text, .. } => text.span,
        }
    }
}

/// The target at byte `offset` of a file whose source is `src`.
pub fn at<'a>(file: &'a File, src: &'a str, offset: usize) -> Option<Target<'a>> {
    let mut l = Locator {
        src,
        offset,
        found: None,
        lists: Vec::new(),
    };
    l.file(file);
    l.found
}

fn root() -> Vec<String> {
    vec![String::new()]
}

struct Locator<'a> {
    src: &'a str,
    offset: usize,
    found: Option<Target<'a>>,
    /// The lists whose condition is being walked, innermost last.
    lists: Vec<String>,
}

impl<'a> Locator<'a> {
    /// Whether the offset is in the span; the end counts, so a cursor right after a word
    /// still finds it.
    fn hit(&self, span: Span) -> bool {
        self.found.is_none()
            && span.start as usize <= self.offset
            && self.offset <= span.end as usize
    }

    fn set(&mut self, t: Target<'a>) {
        if self.found.is_none() {
            self.found = Some(t);
        }
    }

    fn name(&mut self, name: &'a Name, scope: &[String]) {
        if self.hit(name.span) && !self.lists.is_empty() && !name.text.contains('.') {
            let lists = self.lists.clone();
            self.set(Target::Field {
                name,
                lists,
                scope: scope.to_vec(),
            });
        }
        if self.hit(name.span) {
            self.set(Target::Name {
                name,
                scope: scope.to_vec(),
            });
        }
    }

    fn slot_decl(&mut self, id: String, span: Span) {
        if self.hit(span) {
            self.set(Target::SlotDecl { id, span });
        }
    }

    fn global_decl(&mut self, name: &'a Name) {
        if self.hit(name.span) {
            self.set(Target::GlobalDecl { name });
        }
    }

    fn article(&mut self, nr: &str, lid: Option<&str>, span: Span) {
        if self.hit(span) {
            self.set(Target::Article {
                nr: nr.to_string(),
                lid: lid.map(str::to_string),
                span,
            });
        }
    }

    fn file(&mut self, f: &'a File) {
        for m in &f.header.meta {
            if let (MetaKey::Model | MetaKey::Wet | MetaKey::Verordening, MetaValue::Text(t)) =
                (&m.key, &m.value)
            {
                if self.hit(t.span) {
                    self.set(Target::Path {
                        key: m.key.clone(),
                        text: t,
                    });
                }
            }
        }
        for item in &f.items {
            if self.hit(item.span) {
                self.item(item);
            }
        }
    }

    fn item(&mut self, item: &'a Item) {
        match &item.kind {
            ItemKind::Artikel(a) => {
                let prefix = art_prefix(&a.nr.text);
                if a.optional {
                    self.slot_decl(prefix.clone(), a.nr.span);
                } else {
                    self.article(&a.nr.text, None, a.nr.span);
                }
                if let Some(m) = &a.model_nr {
                    self.article(&m.text, None, m.span);
                }
                self.text(&a.title, &scope_of_prefix(&prefix), Some(&a.nr.text));
                self.members(&a.members, &prefix, Some(&a.nr.text));
            }
            ItemKind::Bijlage(b) => {
                let prefix = format!("bijlage{}", b.id.text);
                if b.optional {
                    self.slot_decl(prefix.clone(), b.id.span);
                }
                self.text(&b.title, &scope_of_prefix(&prefix), None);
                self.members(&b.members, &prefix, None);
            }
            ItemKind::Aanhef(b) => self.members(&b.members, "aanhef", None),
            ItemKind::Slotformule(b) => self.members(&b.members, "slot", None),
            ItemKind::EigenLid(e) => {
                self.article(&e.artikel.text, None, e.artikel.span);
                let prefix = verordening_core::syntax::place::lid_prefix(
                    &art_prefix(&e.artikel.text),
                    &e.lid.nr.text,
                );
                self.members(&e.lid.members, &prefix, Some(&e.artikel.text));
            }
            ItemKind::Fill(f) => {
                self.name(&f.slot, &root());
                match &f.value {
                    FillKind::Value(v) => self.fill_value(v, &root()),
                    FillKind::Choice(options) => {
                        for option in options {
                            if self.hit(option.span) {
                                self.set(Target::Option {
                                    keuze: f.slot.text.clone(),
                                    scope: root(),
                                    option,
                                });
                            }
                        }
                    }
                }
            }
            ItemKind::Adoption(a) => {
                for s in &a.slots {
                    self.name(s, &root());
                }
            }
            ItemKind::Decl(d) => self.decl(d, &root()),
            ItemKind::Hoofdstuk(_) | ItemKind::Paragraaf(_) | ItemKind::Error(_) => {}
        }
    }

    fn members(&mut self, members: &'a [Member], prefix: &str, article: Option<&str>) {
        let scope = scope_of_prefix(prefix);
        for m in members {
            if !self.hit(m.span) {
                continue;
            }
            match &m.kind {
                MemberKind::Lid(l) => {
                    let id = verordening_core::syntax::place::lid_prefix(prefix, &l.nr.text);
                    if l.optional {
                        self.slot_decl(id.clone(), l.nr.span);
                    } else if let Some(nr) = article {
                        self.article(nr, Some(&l.nr.text), l.nr.span);
                    }
                    self.members(&l.members, &id, article);
                }
                MemberKind::LidGroup(g) => {
                    // The checker's scoping (`syntax::place`): a variant's leden stand in
                    // `art12.variant2`, a block of optional leden in the article itself.
                    let inner = verordening_core::syntax::place::lid_group_prefix(prefix, g);
                    self.members(&g.leden, &inner, article);
                    // The `facultatief` in front of the group stands for the group's slot.
                    let keyword = Span::new(m.span.offset(), m.span.offset() + "facultatief".len());
                    self.slot_decl(lid_group_id(prefix, g), keyword);
                }
                MemberKind::Onderdeel(o) => {
                    let id =
                        verordening_core::syntax::place::onderdeel_prefix(prefix, &o.label.text);
                    if o.optional {
                        self.slot_decl(id.clone(), o.label.span);
                    }
                    self.members(&o.members, &id, article);
                }
                MemberKind::Tekst(t) | MemberKind::Toelichting(t) => self.text(t, &scope, article),
                MemberKind::Brongebrek(_) => {}
                MemberKind::Stmt(s) => self.stmt(s, prefix, &scope, article),
            }
        }
    }

    /// Placeholders and cross-references in a legal text.
    fn text(&mut self, t: &'a Text, scope: &[String], article: Option<&str>) {
        if !self.hit(t.span) {
            return;
        }
        for p in &t.placeholders {
            self.name(p, scope);
        }
        let raw = t.span.text(self.src);
        for r in textref::scan(raw, t.span.offset()) {
            match r {
                TextRef::Articles { nrs, lid, .. } => {
                    // "artikel 14b, derde lid" is one reference; with several numbers the lid
                    // belongs to none of them in particular.
                    let single = nrs.len() == 1;
                    for n in &nrs {
                        match lid.as_ref().filter(|_| single) {
                            Some(l) => {
                                let nr = l.nr.to_string();
                                self.article(n.nr, Some(&nr), n.span.to(l.span));
                            }
                            None => self.article(n.nr, None, n.span),
                        }
                    }
                }
                TextRef::OwnLid(l) => {
                    if let Some(nr) = article {
                        self.article(nr, Some(&l.nr.to_string()), l.span);
                    }
                }
                TextRef::External { .. } => {}
                TextRef::InformalLid { nr: lid, .. } => {
                    if let Some(nr) = article {
                        self.article(nr, Some(lid.nr), lid.span);
                    }
                }
            }
        }
    }

    fn stmt(&mut self, s: &'a Stmt, prefix: &str, scope: &[String], article: Option<&str>) {
        match s {
            Stmt::GeenRegel(_) => {}
            Stmt::Begrip(b) => {
                if b.optional {
                    self.slot_decl(format!("{prefix}.def.{}", b.name.text), b.name.span);
                } else {
                    self.global_decl(&b.name);
                }
                self.text(&b.text, scope, article);
                if let Some(e) = &b.definition {
                    self.expr(e, scope);
                }
            }
            Stmt::Invulling(i) => self.invulling(i, prefix, scope),
            Stmt::Passage(p) => self.passage(p, prefix, scope, article),
            Stmt::Keuze(k) => self.keuze(k, prefix, scope, article),
            Stmt::Rule(r) => {
                if let verordening_core::syntax::Target::Voorziening(n) = &r.target {
                    self.name(n, scope);
                }
                for e in r.condition.iter().chain(r.tenzij.iter()) {
                    self.expr(e, scope);
                }
            }
            Stmt::Waarde(w) => {
                self.name(&w.name, scope);
                self.expr(&w.expr, scope);
            }
            Stmt::Grens(g) => {
                self.name(&g.name, scope);
                self.expr(&g.expr, scope);
            }
            Stmt::Samenhang(c) => self.expr(&c.expr, scope),
            Stmt::Onderwerp(o) => self.global_decl(&o.name),
            Stmt::Regelt(names) => {
                for n in names {
                    self.name(n, scope);
                }
            }
            Stmt::Decl(d) => self.decl(d, scope),
        }
    }

    fn nested(&mut self, s: &'a SlotDecl, prefix: &str, scope: &[String], article: Option<&str>) {
        match s {
            SlotDecl::Invulling(i) => self.invulling(i, prefix, scope),
            SlotDecl::Passage(p) => self.passage(p, prefix, scope, article),
            SlotDecl::Keuze(k) => self.keuze(k, prefix, scope, article),
        }
    }

    fn invulling(&mut self, i: &'a Invulling, prefix: &str, scope: &[String]) {
        self.slot_decl(format!("{prefix}.{}", i.name.text), i.name.span);
        self.type_expr(&i.ty, scope);
        if let Some(v) = &i.voorbeeld {
            self.fill_value(v, scope);
        }
        for (_, e) in &i.grens {
            self.expr(e, scope);
        }
    }

    fn passage(&mut self, p: &'a Passage, prefix: &str, scope: &[String], article: Option<&str>) {
        self.slot_decl(format!("{prefix}.{}", p.name.text), p.name.span);
        self.text(&p.text, scope, article);
        if let Some(v) = &p.volgt {
            self.name(v, scope);
        }
        for s in &p.slots {
            self.nested(s, prefix, scope, article);
        }
    }

    fn keuze(&mut self, k: &'a Keuze, prefix: &str, scope: &[String], article: Option<&str>) {
        let id = format!("{prefix}.{}", k.name.text);
        self.slot_decl(id.clone(), k.name.span);
        if let Some(v) = &k.volgt {
            self.name(v, scope);
        }
        for o in &k.options {
            if self.hit(o.name.span) {
                self.set(Target::Option {
                    keuze: id.clone(),
                    scope: root(),
                    option: &o.name,
                });
            }
            self.text(&o.text, scope, article);
            for s in &o.slots {
                self.nested(s, prefix, scope, article);
            }
        }
    }

    fn decl(&mut self, d: &'a Decl, scope: &[String]) {
        match d {
            Decl::Feit(f) | Decl::Oordeel(f) => {
                self.global_decl(&f.name);
                self.type_expr(&f.ty, scope);
            }
            Decl::Soort(s) => {
                self.global_decl(&s.name);
                for v in &s.values {
                    self.global_decl(v);
                }
            }
            Decl::Parameter(p) => {
                self.global_decl(&p.name);
                self.type_expr(&p.ty, scope);
                for e in &p.entries {
                    self.expr(&e.value, scope);
                }
            }
            Decl::Voorziening(v) => self.global_decl(&v.name),
            Decl::Definitie(def) => {
                self.global_decl(&def.name);
                self.expr(&def.expr, scope);
            }
        }
    }

    fn type_expr(&mut self, t: &'a TypeExpr, scope: &[String]) {
        match t {
            TypeExpr::Base { name, .. } => {
                if builtin_type(&name.text).is_none() {
                    self.name(name, scope);
                }
            }
            TypeExpr::List(inner, _) => self.type_expr(inner, scope),
            TypeExpr::Record(fields, _) => {
                for (_, t) in fields {
                    self.type_expr(t, scope);
                }
            }
        }
    }

    fn fill_value(&mut self, v: &'a FillValue, scope: &[String]) {
        match v {
            FillValue::Articles(nrs, _) => {
                for n in nrs {
                    self.article(&n.text, None, n.span);
                }
            }
            FillValue::List(items, _) => {
                for item in items {
                    match item {
                        FillItem::Record(fields, _) => {
                            for (_, e) in fields {
                                self.expr(e, scope);
                            }
                        }
                        FillItem::Expr(e) => self.expr(e, scope),
                    }
                }
            }
        }
    }

    fn expr(&mut self, e: &'a Expr, scope: &[String]) {
        if !self.hit(e.span) {
            return;
        }
        match &e.kind {
            ExprKind::Lit(_) => {}
            ExprKind::Ref(n) => self.name(n, scope),
            ExprKind::Call(f, args) => {
                // `gekozen(SLOT, optie)`: the second argument is an option of the first.
                if let (
                    "gekozen",
                    [Expr {
                        kind: ExprKind::Ref(slot),
                        ..
                    }, Expr {
                        kind: ExprKind::Ref(option),
                        ..
                    }],
                ) = (f.text.as_str(), args.as_slice())
                {
                    if self.hit(option.span) {
                        self.set(Target::Option {
                            keuze: slot.text.clone(),
                            scope: scope.to_vec(),
                            option,
                        });
                    }
                }
                for a in args {
                    self.expr(a, scope);
                }
            }
            ExprKind::Neg(x) | ExprKind::Not(x) => self.expr(x, scope),
            ExprKind::Binary(_, a, b) | ExprKind::Cmp(_, a, b) | ExprKind::Round(a, _, b) => {
                self.expr(a, scope);
                self.expr(b, scope);
            }
            ExprKind::In(a, list) => {
                self.expr(a, scope);
                for x in list {
                    self.expr(x, scope);
                }
            }
            ExprKind::If(c, t, f) => {
                self.expr(c, scope);
                self.expr(t, scope);
                self.expr(f, scope);
            }
            // The list (or the chosen entry of `bestaat(kandidaat)`) is a name to hover;
            // the condition's bare names are the entry's fields.
            ExprKind::Lijst(l) => {
                self.name(&l.list, scope);
                self.lists.push(l.list.text.clone());
                if let Some(c) = &l.waarbij {
                    self.expr(c, scope);
                }
                for v in &l.volgorde {
                    self.name(&v.field, scope);
                }
                self.lists.pop();
            }
        }
    }
}
