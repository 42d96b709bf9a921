//! The formatter: prints an AST in one canonical layout, with every comment and all legal
//! text kept. Formatting never changes meaning (the AST of the output equals the AST of the
//! input, spans aside) and is idempotent. Files with syntax errors are not formatted.
//!
//! Layout is canonical; spelling that helps a jurist read is kept as written (see
//! [`Written`]): parentheses, dates in words (`1 juli 2023`), `procent`. Article lists are
//! written the way legal text writes them: `artikelen 4, 5 en 8`.

use crate::syntax::notation::{format_date, format_decimal};
use crate::syntax::*;
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

const INDENT: &str = "  ";

/// Format a parsed file.
pub fn format_file(file: &File) -> String {
    let mut p = Printer::default();
    p.file(file);
    p.out
}

#[derive(Default)]
struct Printer {
    out: String,
    depth: usize,
}

impl Printer {
    fn line(&mut self, s: &str) {
        for _ in 0..self.depth {
            self.out.push_str(INDENT);
        }
        self.out.push_str(s);
        self.out.push('\n');
    }

    fn blank(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
    }

    fn trivia(&mut self, t: &Trivia, force_blank: bool) {
        if let Some(c) = &t.after_open_brace {
            self.after_last_line(c);
        }
        if t.blank_line_before || force_blank {
            self.blank();
        }
        for c in &t.comments {
            self.line(&comment(c));
        }
    }

    /// The end-of-line comment of the node just printed, on that node's last line.
    fn end_of_line(&mut self, t: &Trivia) {
        if let Some(c) = &t.end_of_line {
            self.after_last_line(c);
        }
    }

    /// A comment at the end of the line printed last.
    fn after_last_line(&mut self, c: &Comment) {
        if self.out.ends_with('\n') {
            self.out.pop();
        }
        self.out.push_str("  ");
        self.out.push_str(&comment(c));
        self.out.push('\n');
    }

    fn file(&mut self, f: &File) {
        let h = &f.header;
        self.trivia(&h.trivia, false);
        self.line(&format!("{} {} {{", h.layer.keyword(), text(&h.title)));
        self.depth += 1;
        for m in &h.meta {
            self.trivia(&m.trivia, false);
            let v = match &m.value {
                MetaValue::Date(d) => date(*d, m.spelling),
                MetaValue::Text(t) => text(t),
            };
            self.line(&format!("{} {v}", m.key.as_str()));
            self.end_of_line(&m.trivia);
        }
        self.trivia(&h.trailing, false);
        self.depth -= 1;
        self.line("}");
        self.end_of_line(&h.trivia);
        let mut prev: Option<&ItemKind> = None;
        for item in &f.items {
            let separate = match (&item.kind, prev) {
                (_, None) => true,
                (
                    ItemKind::Fill(_) | ItemKind::Adoption(_),
                    Some(ItemKind::Fill(_) | ItemKind::Adoption(_)),
                ) => false,
                (ItemKind::Decl(_), Some(ItemKind::Decl(_))) => false,
                _ => true,
            };
            self.trivia(&item.trivia, separate);
            self.item(&item.kind);
            self.end_of_line(&item.trivia);
            prev = Some(&item.kind);
        }
        if !f.trailing.comments.is_empty() {
            self.trivia(&f.trailing, false);
        }
    }

    fn item(&mut self, k: &ItemKind) {
        match k {
            ItemKind::Hoofdstuk(h) => {
                self.line(&format!("hoofdstuk {} {}", h.nr.text, text(&h.title)))
            }
            ItemKind::Paragraaf(h) => {
                self.line(&format!("paragraaf {} {}", h.nr.text, text(&h.title)))
            }
            ItemKind::Artikel(a) => {
                let mut head = String::new();
                if a.optional {
                    head.push_str("facultatief ");
                }
                head.push_str(&format!("artikel {} {}", a.nr.text, text(&a.title)));
                if let Some(m) = &a.model_nr {
                    head.push_str(&format!(" model {}", m.text));
                }
                if a.vervallen {
                    head.push_str(" vervallen");
                    self.line(&head);
                } else {
                    self.block(&head, &a.members, &a.trailing);
                }
            }
            ItemKind::EigenLid(e) => {
                let head = format!("artikel {} lid {}", e.artikel.text, e.lid.nr.text);
                self.block(&head, &e.lid.members, &e.lid.trailing);
            }
            ItemKind::Bijlage(b) => {
                let head = format!(
                    "{}bijlage {} {}",
                    if b.optional { "facultatief " } else { "" },
                    b.id.text,
                    text(&b.title)
                );
                self.block(&head, &b.members, &b.trailing);
            }
            ItemKind::Aanhef(b) => self.block("aanhef", &b.members, &b.trailing),
            ItemKind::Slotformule(b) => self.block("slotformule", &b.members, &b.trailing),
            ItemKind::Fill(f) => self.line(&fill(f)),
            ItemKind::Adoption(a) => {
                let names: Vec<&str> = a.slots.iter().map(|n| n.text.as_str()).collect();
                let kw = if a.adopted {
                    "overgenomen"
                } else {
                    "niet overgenomen"
                };
                self.line(&format!("{kw} {}", names.join(", ")));
            }
            ItemKind::Decl(d) => self.decl(d),
            ItemKind::Error(raw) => {
                // Not reached for files with syntax errors (they are refused); kept verbatim.
                self.out.push_str(raw);
            }
        }
    }

    fn block(&mut self, head: &str, members: &[Member], trailing: &Trivia) {
        self.line(&format!("{head} {{"));
        self.depth += 1;
        self.members(members);
        self.trivia(trailing, false);
        self.depth -= 1;
        self.line("}");
    }

    fn members(&mut self, members: &[Member]) {
        for m in members {
            self.trivia(&m.trivia, false);
            match &m.kind {
                MemberKind::Lid(l) => {
                    let head = format!(
                        "{}lid {}",
                        if l.optional { "facultatief " } else { "" },
                        l.nr.text
                    );
                    self.block(&head, &l.members, &l.trailing);
                }
                MemberKind::LidGroup(g) => {
                    let head = match &g.variant {
                        Some(v) => format!("variant {}", v.text),
                        None => "facultatief".to_string(),
                    };
                    self.block(&head, &g.leden, &g.trailing)
                }
                MemberKind::Onderdeel(o) => {
                    let head = format!(
                        "{}onderdeel {}",
                        if o.optional { "facultatief " } else { "" },
                        o.label.text
                    );
                    self.block(&head, &o.members, &o.trailing);
                }
                MemberKind::Tekst(t) => self.line(&format!("tekst {}", text(t))),
                MemberKind::Toelichting(t) => self.line(&format!("toelichting {}", text(t))),
                MemberKind::Brongebrek(t) => self.line(&format!("brongebrek {}", text(t))),
                MemberKind::Stmt(s) => self.stmt(s),
            }
            self.end_of_line(&m.trivia);
        }
    }

    fn stmt(&mut self, s: &Stmt) {
        match s {
            Stmt::GeenRegel(t) => self.line(&format!("geen regel {}", text(t))),
            Stmt::Begrip(b) => {
                let mut l = format!(
                    "{}begrip {} {}{}",
                    if b.optional { "facultatief " } else { "" },
                    b.name.text,
                    b.term
                        .as_ref()
                        .map(|t| format!("{} ", text(t)))
                        .unwrap_or_default(),
                    text(&b.text)
                );
                if let Some(d) = &b.definition {
                    l.push_str(&format!(" = {}", expr(d)));
                }
                self.line(&l);
            }
            Stmt::Invulling(i) => self.line(&invulling(i)),
            Stmt::Passage(p) => self.passage_block(p),
            Stmt::Keuze(k) => self.keuze(k),
            Stmt::Rule(r) => self.line(&rule(r)),
            Stmt::Waarde(w) => self.line(&format!("waarde {} = {}", w.name.text, expr(&w.expr))),
            Stmt::Grens(g) => self.line(&grens(g)),
            Stmt::Samenhang(c) => {
                let sev = match c.severity {
                    Severity::Fout => "fout",
                    Severity::Waarschuwing => "waarschuwing",
                };
                self.line(&format!(
                    "samenhang {} {sev} {}",
                    c.id.text,
                    text(&c.message)
                ));
                self.depth += 1;
                if let Some(b) = &c.bron {
                    self.line(&format!("bron {}:", text(b)));
                } else {
                    self.out.pop();
                    self.out.push_str(":\n");
                }
                self.line(&expr(&c.expr));
                self.depth -= 1;
            }
            Stmt::Onderwerp(o) => {
                let mut l = format!("onderwerp {} {}", o.name.text, text(&o.description));
                if let Some(d) = o.vanaf {
                    l.push_str(&format!(" vanaf {}", d.format("%Y-%m-%d")));
                }
                self.line(&l);
            }
            Stmt::Regelt(names) => {
                let n: Vec<&str> = names.iter().map(|n| n.text.as_str()).collect();
                self.line(&format!("regelt {}", n.join(", ")));
            }
            Stmt::Decl(d) => self.decl(d),
        }
    }

    fn keuze(&mut self, k: &Keuze) {
        let mut head = format!("keuze {}", k.name.text);
        if k.one_or_both {
            head.push_str(" een of beide");
        }
        if k.zonder_haakjes {
            head.push_str(" zonder haakjes");
        }
        if let Some(v) = &k.volgt {
            head.push_str(&format!(" volgt {}", v.text));
        }
        self.line(&format!("{head} {{"));
        self.depth += 1;
        for o in &k.options {
            self.trivia(&o.trivia, false);
            let head = format!("optie {} {}", o.name.text, text(&o.text));
            if o.slots.is_empty() && o.trailing.is_empty() {
                self.line(&head);
            } else {
                self.slot_block(&head, &o.slots, &o.trailing);
            }
            self.end_of_line(&o.trivia);
        }
        self.trivia(&k.trailing, false);
        self.depth -= 1;
        self.line("}");
    }

    /// `head {`, the slot declarations, the comments before the closing brace, `}`.
    fn slot_block(&mut self, head: &str, slots: &[SlotDecl], trailing: &Trivia) {
        self.line(&format!("{head} {{"));
        self.depth += 1;
        for s in slots {
            self.slot_decl(s);
        }
        self.trivia(trailing, false);
        self.depth -= 1;
        self.line("}");
    }

    fn slot_decl(&mut self, s: &SlotDecl) {
        let trivia = match s {
            SlotDecl::Invulling(i) => &i.trivia,
            SlotDecl::Passage(p) => &p.trivia,
            SlotDecl::Keuze(k) => &k.trivia,
        };
        self.trivia(trivia, false);
        match s {
            SlotDecl::Invulling(i) => self.line(&invulling(i)),
            SlotDecl::Passage(p) => self.passage_block(p),
            SlotDecl::Keuze(k2) => self.keuze(k2),
        }
        self.end_of_line(trivia);
    }

    fn passage_block(&mut self, p: &Passage) {
        if p.slots.is_empty() && p.trailing.is_empty() {
            self.line(&passage(p));
        } else {
            self.slot_block(&passage(p), &p.slots, &p.trailing);
        }
    }

    fn decl(&mut self, d: &Decl) {
        match d {
            Decl::Feit(f) | Decl::Oordeel(f) => {
                let kw = if matches!(d, Decl::Feit(_)) {
                    "feit"
                } else {
                    "oordeel"
                };
                let mut l = format!("{kw} {}: {}", f.name.text, type_expr(&f.ty));
                if let Some(t) = &f.description {
                    l.push_str(&format!(" {}", text(t)));
                }
                self.line(&l);
            }
            Decl::Soort(s) => {
                let v: Vec<&str> = s.values.iter().map(|n| n.text.as_str()).collect();
                self.line(&format!("soort {} = {}", s.name.text, v.join(" | ")));
            }
            Decl::Parameter(p) => {
                let mut head = format!("parameter {}: {}", p.name.text, type_expr(&p.ty));
                if let Some(t) = &p.description {
                    head.push_str(&format!(" {}", text(t)));
                }
                self.line(&format!("{head} {{"));
                self.depth += 1;
                for e in &p.entries {
                    self.trivia(&e.trivia, false);
                    let from = date(e.from, e.from_spelling);
                    self.line(&format!("vanaf {from}: {}", expr(&e.value)));
                    self.end_of_line(&e.trivia);
                }
                self.trivia(&p.trailing, false);
                self.depth -= 1;
                self.line("}");
            }
            Decl::Voorziening(v) if !v.members.is_empty() => {
                let members: Vec<&str> = v.members.iter().map(|m| m.text.as_str()).collect();
                self.line(&format!(
                    "voorzieningen {} {} = {}",
                    v.name.text,
                    text(&v.label),
                    members.join(", ")
                ))
            }
            Decl::Voorziening(v) => {
                let keyword = if v.besluit { "besluit" } else { "voorziening" };
                self.line(&format!("{keyword} {} {}", v.name.text, text(&v.label)))
            }
            Decl::Definitie(def) => self.line(&format!(
                "definitie {} = {}",
                def.name.text,
                expr(&def.expr)
            )),
        }
    }
}

/// A comment as written: its text is kept byte for byte (`#x` stays `#x`); only whitespace
/// at the end of the line is dropped.
fn comment(c: &Comment) -> String {
    format!("#{}", c.text.trim_end())
}

/// A rule in canonical form: `kan toekennen proefplaats als ... tenzij ...`.
pub fn rule(r: &Rule) -> String {
    let target = match &r.target {
        Target::All(_) => "alle voorzieningen".to_string(),
        Target::Voorziening(n) => n.text.clone(),
    };
    let mut l = format!("{} {target}", r.modality.as_str());
    if let Some(c) = &r.condition {
        l.push_str(&format!(" als {}", expr(c)));
    }
    if let Some(t) = &r.tenzij {
        l.push_str(&format!(" tenzij {}", expr(t)));
    }
    if let Some(z) = r.zin {
        l.push_str(&format!(" {}", z.source()));
    }
    if r.procedureel {
        l.push_str(" procedureel");
    }
    l
}

fn invulling(i: &Invulling) -> String {
    let mut l = format!("invulling {}: {}", i.name.text, type_expr(&i.ty));
    if let Some(t) = &i.label {
        l.push_str(&format!(" label {}", text(t)));
    }
    if let Some(v) = &i.voorbeeld {
        l.push_str(&format!(" voorbeeld {}", fill_value(v)));
    }
    if let Some(t) = &i.voorbeeldtekst {
        l.push_str(&format!(" voorbeeldtekst {}", text(t)));
    }
    if let Some((n, _)) = i.lengte {
        l.push_str(&format!(" lengte {n}"));
    }
    for (op, e) in &i.grens {
        l.push_str(&format!(" grens {} {}", op.as_str(), expr(e)));
    }
    l
}

fn passage(p: &Passage) -> String {
    let mut l = format!("facultatief {} {}", p.name.text, text(&p.text));
    if let Some(v) = &p.volgt {
        l.push_str(&format!(" volgt {}", v.text));
    }
    l
}

fn fill(f: &Fill) -> String {
    match &f.value {
        FillKind::Value(v) => format!("invulling {} = {}", f.slot.text, fill_value(v)),
        FillKind::Choice(opts) => {
            let o: Vec<&str> = opts.iter().map(|n| n.text.as_str()).collect();
            format!("keuze {} = {}", f.slot.text, o.join(" en "))
        }
    }
}

/// The value of a fill as it is written after `=`.
pub fn fill_value(v: &FillValue) -> String {
    match v {
        FillValue::Articles(nrs, _) => {
            let n: Vec<&str> = nrs.iter().map(|n| n.text.as_str()).collect();
            match n.as_slice() {
                [one] => format!("artikel {one}"),
                [init @ .., last] => format!("artikelen {} en {last}", init.join(", ")),
                [] => "artikelen".to_string(),
            }
        }
        FillValue::List(items, _) => items
            .iter()
            .map(|i| match i {
                FillItem::Expr(e) => expr(e),
                FillItem::Record(fields, _) => {
                    let f: Vec<String> = fields
                        .iter()
                        .map(|(n, e)| format!("{}: {}", n.text, expr(e)))
                        .collect();
                    format!("{{ {} }}", f.join(", "))
                }
            })
            .collect::<Vec<_>>()
            .join(", "),
    }
}

fn type_expr(t: &TypeExpr) -> String {
    match t {
        TypeExpr::Base { name, unit } => match unit {
            Some((u, _)) => format!("{} in {}", name.text, u.word(false)),
            None => name.text.clone(),
        },
        TypeExpr::List(inner, _) => format!("lijst van {}", type_expr(inner)),
        TypeExpr::Record(fields, _) => {
            let f: Vec<String> = fields
                .iter()
                .map(|(n, t)| format!("{}: {}", n.text, type_expr(t)))
                .collect();
            format!("{{ {} }}", f.join(", "))
        }
    }
}

/// A string literal: escapes `"` and `\`, and a `{` that is not one of the text's references
/// (`\{`), so that the printed text parses back to the same references, in order.
pub fn text(t: &Text) -> String {
    let escape = |s: &mut String, words: &str| {
        for c in words.chars() {
            match c {
                '"' => s.push_str("\\\""),
                '\\' => s.push_str("\\\\"),
                '\n' => s.push_str("\\n"),
                '{' => s.push_str("\\{"),
                c => s.push(c),
            }
        }
    };
    let mut s = String::with_capacity(t.value.len() + 2);
    s.push('"');
    for segment in t.segments() {
        match segment {
            Segment::Woorden(w) => escape(&mut s, w),
            Segment::Verwijzing(name) => {
                s.push('{');
                s.push_str(name);
                s.push('}');
            }
        }
    }
    s.push('"');
    s
}

/// A number in Dutch notation, keeping the decimals as written (`2.699,00`).
pub(crate) fn number(d: Decimal) -> String {
    let decimals = d.scale();
    let s = format_decimal(d, decimals);
    // format_decimal normalises; restore trailing zeros that were written.
    let have = s.split_once(',').map(|(_, f)| f.len() as u32).unwrap_or(0);
    if have < decimals {
        let mut s = s;
        if have == 0 {
            s.push(',');
        }
        for _ in have..decimals {
            s.push('0');
        }
        s
    } else {
        s
    }
}

/// The number of a quantity as the author wrote it: `6` or `zes`.
pub(crate) fn quantity(d: Decimal, spelling: Spelling) -> String {
    let words = (spelling == Spelling::Words && d.fract().is_zero())
        .then(|| u32::try_from(d).ok())
        .flatten()
        .and_then(crate::syntax::notation::number_words);
    words.unwrap_or_else(|| number(d))
}

/// A date as the author wrote it: `2023-07-01` or `1 juli 2023` (the Dutch form needs a
/// four-digit year to be read back).
fn date(d: NaiveDate, spelling: Spelling) -> String {
    if spelling == Spelling::Words && d.year() >= 1000 {
        format_date(d)
    } else {
        d.to_string()
    }
}

pub(crate) fn literal(l: &Literal, spelling: Spelling) -> String {
    match l {
        Literal::Money(d) => format!("€ {}", number(*d)),
        Literal::Percent(d) if spelling == Spelling::Words => format!("{} procent", number(*d)),
        Literal::Percent(d) => format!("{}%", number(*d)),
        Literal::Quantity(d, u) => {
            format!("{} {}", quantity(*d, spelling), u.word(*d == Decimal::ONE))
        }
        Literal::Number(d) => quantity(*d, spelling),
        Literal::Bool(b) => (if *b { "ja" } else { "nee" }).to_string(),
        Literal::Date(d) => date(*d, spelling),
        Literal::Text(t) => text(t),
    }
}

fn prec(e: &Expr) -> u8 {
    match &e.kind {
        ExprKind::If(..) => 0,
        ExprKind::Binary(BinOp::Or, ..) => 1,
        ExprKind::Binary(BinOp::And, ..) => 2,
        ExprKind::Not(_) => 3,
        ExprKind::Cmp(..) | ExprKind::In(..) => 4,
        ExprKind::Round(..) => 5,
        ExprKind::Binary(BinOp::Add | BinOp::Sub, ..) => 6,
        ExprKind::Binary(BinOp::Mul | BinOp::Div | BinOp::Van, ..) => 7,
        ExprKind::Neg(_) => 8,
        ExprKind::Lit(_) | ExprKind::Ref(_) | ExprKind::Call(..) | ExprKind::Lijst(_) => 9,
    }
}

/// An expression with the parentheses its structure needs and those its author wrote.
pub fn expr(e: &Expr) -> String {
    at(e, 0)
}

fn at(e: &Expr, min: u8) -> String {
    let s = match &e.kind {
        ExprKind::Lit(l) => literal(l, e.written.spelling),
        ExprKind::Ref(n) => n.text.clone(),
        ExprKind::Call(f, args) => {
            let a: Vec<String> = args.iter().map(expr).collect();
            format!("{}({})", f.text, a.join(", "))
        }
        ExprKind::Lijst(l) => lijst(l),
        ExprKind::Neg(x) => format!("-{}", at(x, 8)),
        ExprKind::Not(x) => format!("niet {}", at(x, 3)),
        ExprKind::Binary(op, a, b) => {
            let p = prec(e);
            format!("{} {} {}", at(a, p), op.as_str(), at(b, p + 1))
        }
        ExprKind::Cmp(op, a, b) => format!("{} {} {}", at(a, 5), op.as_str(), at(b, 5)),
        ExprKind::In(x, items) => {
            let i: Vec<String> = items.iter().map(expr).collect();
            format!("{} in ({})", at(x, 5), i.join(", "))
        }
        ExprKind::If(c, t, f) => format!("indien {} dan {} anders {}", expr(c), expr(t), expr(f)),
        ExprKind::Round(x, dir, step) => {
            let d = match dir {
                Rounding::Up => " naar boven",
                Rounding::Down => " naar beneden",
                Rounding::Nearest => "",
            };
            format!("{} afgerond{d} op {}", at(x, 5), at(step, 9))
        }
    };
    if prec(e) < min || e.written.parens {
        format!("({s})")
    } else {
        s
    }
}

/// `kies(wachtlijst waarbij geschikt, vroegste ingeschreven_op)` and its kin.
pub fn lijst(l: &LijstExpr) -> String {
    let mut s = format!("{}({}", l.op.as_str(), l.list.text);
    if let Some(c) = &l.waarbij {
        s.push_str(" waarbij ");
        s.push_str(&expr(c));
    }
    for v in &l.volgorde {
        s.push_str(&format!(", {} {}", v.richting.as_str(), v.field.text));
    }
    s.push(')');
    s
}

/// A wet bound as written, with its kind (`per ... per kalenderjaar`, `gevolg "..."`).
pub fn grens(g: &Grens) -> String {
    match &g.soort {
        GrensSoort::Maximum => format!("grens {} {} {}", g.name.text, g.op.as_str(), expr(&g.expr)),
        GrensSoort::Jaarsom { per } => format!(
            "grens {} per {} {} {} per kalenderjaar",
            g.name.text,
            per.text,
            g.op.as_str(),
            expr(&g.expr)
        ),
        GrensSoort::Gevolg { tekst } => format!(
            "grens {} {} {} gevolg {}",
            g.name.text,
            g.op.as_str(),
            expr(&g.expr),
            text(tekst)
        ),
    }
}
