//! Writing an imported ordinance as a fill-in of the model it follows.
//!
//! Every article of the model is turned into a template: its words and lid numbers, onderdeel
//! labels and definition dashes as the renderer prints them, with each fill-in, optional
//! passage, choice and optional lid, onderdeel, begrip or group as a node the published text may
//! take either way. The published article (same number) is matched against it exactly (word for
//! word, punctuation included, whitespace aside) by a small automaton that keeps, for every
//! place in the template and every word, the reading that leaves the fewest words to fill-ins:
//! so an optional passage whose words are in the text is adopted rather than swallowed by the
//! fill-in next to it ("ten hoogste 5": passage `ten_hoogste_aantal` adopted, `aantal` = 5).
//!
//! What a fill-in captured is typed as its slot's type by writing the value the way a person
//! would (`€ 175`, `6 weken`, `"tekst"`), parsing it with the language's own parser and printing
//! it back as the renderer does: a value is kept only when it reads exactly as the captured
//! words. An article that does not match, or whose capture is no value of its slot's type, is
//! kept as own text (`artikel 7 "..." model 7 { ... }`, which replaces the model article) with
//! a comment saying where it deviates; nothing is guessed.

use super::{comment_lines, members as write_members, quote, Artikel, Deel, Lid, Regeling};
use crate::check::symbols::{SlotKind, SlotTable};
use crate::check::{scope_of_prefix, visit_slot_decls, SlotDeclRef};
use crate::render::Names;
use crate::syntax::{
    place::{art_prefix, lid_group_id, lid_group_prefix, lid_prefix},
    DurationUnit, ExprKind, File, FillItem, FillKind, FillValue, ItemKind, Keuze, Literal, Member,
    MemberKind, Passage, Segment, Stmt, Text, TypeExpr,
};
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

// ---------------------------------------------------------------- tokens

/// A token of a printed text: a word or punctuation mark, or a mark of the structure.
#[derive(Debug, Clone, PartialEq, Eq)]
enum P {
    Word(String),
    Lid(String),
    Ond(String),
    /// The dash in front of a definition ("– doelgroep: ...").
    Dash,
}

/// A token of the published text with where it stands (paragraph, byte range), so that what
/// a fill-in captured can be cut from the text as published.
#[derive(Debug, Clone)]
struct PTok {
    p: P,
    at: Option<(usize, usize, usize)>,
}

fn is_mark(c: char) -> bool {
    !(c.is_alphanumeric() || matches!(c, '€' | '%' | '°'))
}

/// Split a text into words and punctuation marks, with byte ranges: "ondersteund;" is
/// "ondersteund" and ";", "12,5%," is "12,5%" and ",", "voorziening(en)" stays one word.
fn split(text: &str) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    let mut pos = 0usize;
    for chunk in text.split(|c: char| c.is_whitespace() || c == '\u{a0}') {
        let start = pos;
        pos += chunk.len() + 1;
        if chunk.is_empty() {
            continue;
        }
        let chars: Vec<(usize, char)> = chunk.char_indices().collect();
        let lead = chars.iter().take_while(|(_, c)| is_mark(*c)).count();
        if lead == chars.len() {
            for (i, c) in &chars {
                out.push((c.to_string(), start + i, start + i + c.len_utf8()));
            }
            continue;
        }
        let mut trail = chars.iter().rev().take_while(|(_, c)| is_mark(*c)).count();
        // "voorziening(en)": a closing bracket that closes one in the word stays with it.
        let opens = chars.iter().filter(|(_, c)| *c == '(').count();
        let closes_inside = chars
            .iter()
            .take(chars.len() - trail)
            .filter(|(_, c)| *c == ')')
            .count();
        if opens > closes_inside
            && chars
                .get(chars.len() - trail)
                .is_some_and(|(_, c)| *c == ')')
            && chars.iter().take(lead).all(|(_, c)| *c != '(')
        {
            trail -= 1;
        }
        for (i, c) in chars.iter().take(lead) {
            out.push((c.to_string(), start + i, start + i + c.len_utf8()));
        }
        let core_start = chars.get(lead).map(|(i, _)| *i).unwrap_or(0);
        let core_end = chars
            .get(chars.len() - trail)
            .map(|(i, _)| *i)
            .unwrap_or(chunk.len());
        out.push((
            chunk.get(core_start..core_end).unwrap_or("").to_string(),
            start + core_start,
            start + core_end,
        ));
        for (i, c) in chars.iter().skip(chars.len() - trail) {
            out.push((c.to_string(), start + i, start + i + c.len_utf8()));
        }
    }
    out
}

fn is_dash(w: &str) -> bool {
    matches!(w, "-" | "–" | "—")
}

/// The published text of a unit as tokens, and its paragraphs.
#[derive(Default)]
struct Published {
    toks: Vec<PTok>,
    paras: Vec<String>,
}

impl Published {
    fn para(&mut self, text: &str) {
        let i = self.paras.len();
        let mut words = split(text);
        // A definition list item keeps its dash as a mark ("– doelgroep: ...").
        if words.first().is_some_and(|(w, _, _)| is_dash(w)) && words.len() > 1 {
            self.toks.push(PTok {
                p: P::Dash,
                at: None,
            });
            words.remove(0);
        }
        for (w, s, e) in words {
            self.toks.push(PTok {
                p: P::Word(w),
                at: Some((i, s, e)),
            });
        }
        self.paras.push(text.to_string());
    }

    fn leden(&mut self, leden: &[Lid]) {
        for l in leden {
            match l {
                Lid::Tekst(t) => self.para(t),
                Lid::Lid { nr, inhoud } => {
                    self.toks.push(PTok {
                        p: P::Lid(nr.to_string()),
                        at: None,
                    });
                    self.leden(inhoud);
                }
                Lid::Onderdeel { label, inhoud } => {
                    self.toks.push(PTok {
                        p: P::Ond(label.clone()),
                        at: None,
                    });
                    self.leden(inhoud);
                }
            }
        }
    }

    /// The words from token `at` on, for a remark.
    fn snippet(&self, at: usize) -> String {
        let words: Vec<String> = self
            .toks
            .iter()
            .skip(at)
            .filter_map(|t| match &t.p {
                P::Word(w) => Some(w.clone()),
                _ => None,
            })
            .take(9)
            .collect();
        if words.is_empty() {
            return "het einde (het model heeft hier meer tekst)".into();
        }
        let more = self.toks.len() > at + words.len();
        let mut s = String::new();
        let mut opened = false;
        for w in &words {
            // Punctuation sticks to the word before it, a word to an opening bracket.
            let closing = w.chars().all(is_mark) && !matches!(w.as_str(), "(" | "–" | "-");
            if !s.is_empty() && !closing && !opened {
                s.push(' ');
            }
            opened = w == "(";
            s.push_str(w);
        }
        if more {
            format!("\"{s} …\"")
        } else {
            format!("\"{s}\"")
        }
    }

    /// Which lid (and onderdeel) token `at` stands in: "tweede lid, onder b".
    fn place(&self, at: usize) -> Option<String> {
        let mut lid = None;
        let mut ond = None;
        for t in self.toks.iter().take(at + 1) {
            match &t.p {
                P::Lid(n) => {
                    lid = Some(n.clone());
                    ond = None;
                }
                P::Ond(l) => ond = Some(l.clone()),
                _ => {}
            }
        }
        let lid = lid.map(|n| crate::syntax::notation::lid_words(&n));
        match (lid, ond) {
            (Some(l), Some(o)) => Some(format!("{l}, onder {o}")),
            (Some(l), None) => Some(l),
            (None, Some(o)) => Some(format!("onder {o}")),
            (None, None) => None,
        }
    }
}

// ---------------------------------------------------------------- templates

/// A node of a model template.
#[derive(Debug, Clone)]
enum T {
    Tok(P),
    /// The mark the renderer puts after a definition: ";" or, after the last, ".".
    DefEnd,
    Fill {
        id: String,
        elem: Option<usize>,
    },
    /// An optional unit or passage: its body, or nothing.
    Opt {
        id: String,
        mirror: bool,
        body: Vec<T>,
    },
    Choice {
        id: String,
        mirror: bool,
        options: Vec<(Vec<String>, Vec<T>)>,
    },
    /// A reference the importer cannot place: the text cannot be read as the model's.
    Never,
}

struct Builder<'a> {
    slots: &'a SlotTable,
    passages: BTreeMap<String, &'a Passage>,
    keuzes: BTreeMap<String, &'a Keuze>,
}

fn words_of(s: &str, out: &mut Vec<T>) {
    for (w, _, _) in split(s) {
        out.push(T::Tok(P::Word(w)));
    }
}

impl<'a> Builder<'a> {
    fn new(model: &'a File, slots: &'a SlotTable) -> Self {
        let mut passages = BTreeMap::new();
        let mut keuzes = BTreeMap::new();
        visit_slot_decls(model, &mut |prefix, d| match d {
            SlotDeclRef::Passage(p) => {
                passages.insert(format!("{prefix}.{}", p.name.text), p);
            }
            SlotDeclRef::Keuze(k) => {
                keuzes.insert(format!("{prefix}.{}", k.name.text), k);
            }
            SlotDeclRef::Invulling(_) => {}
        });
        Builder {
            slots,
            passages,
            keuzes,
        }
    }

    fn text(&self, t: &Text, scope: &[String], out: &mut Vec<T>) {
        for seg in t.segments() {
            match seg {
                Segment::Woorden(w) => words_of(w, out),
                Segment::Verwijzing(name) => out.push(self.reference(name, scope)),
            }
        }
    }

    fn reference(&self, name: &str, scope: &[String]) -> T {
        let Some(slot) = self.slots.resolve(scope, name) else {
            return match self.slots.resolve_element(scope, name) {
                Some((slot, i)) => T::Fill {
                    id: slot.id.clone(),
                    elem: Some(i),
                },
                None => T::Never,
            };
        };
        match &slot.kind {
            SlotKind::Fill => T::Fill {
                id: slot.id.clone(),
                elem: None,
            },
            SlotKind::Passage => match self.passages.get(&slot.id) {
                Some(p) => {
                    let mut body = Vec::new();
                    self.text(&p.text, scope, &mut body);
                    T::Opt {
                        id: slot.id.clone(),
                        mirror: slot.volgt.is_some(),
                        body,
                    }
                }
                None => T::Never,
            },
            SlotKind::Keuze { one_or_both, .. } => match self.keuzes.get(&slot.id) {
                Some(k) => {
                    let single: Vec<(String, Vec<T>)> = k
                        .options
                        .iter()
                        .map(|o| {
                            let mut body = Vec::new();
                            self.text(&o.text, scope, &mut body);
                            (o.name.text.clone(), body)
                        })
                        .collect();
                    let mut options: Vec<(Vec<String>, Vec<T>)> = single
                        .iter()
                        .map(|(n, b)| (vec![n.clone()], b.clone()))
                        .collect();
                    // Both options, joined as the renderer joins them ("A en B").
                    if *one_or_both {
                        if let [(a, ba), (b, bb)] = single.as_slice() {
                            let mut body = ba.clone();
                            body.push(T::Tok(P::Word("en".into())));
                            body.extend(bb.iter().cloned());
                            options.push((vec![a.clone(), b.clone()], body));
                        }
                    }
                    T::Choice {
                        id: slot.id.clone(),
                        mirror: slot.volgt.is_some(),
                        options,
                    }
                }
                None => T::Never,
            },
            _ => T::Never,
        }
    }

    /// The members of a unit in the order the renderer prints them.
    fn members(&self, members: &[Member], prefix: &str, out: &mut Vec<T>) {
        let scope = scope_of_prefix(prefix);
        for m in members {
            match &m.kind {
                MemberKind::Lid(l) => {
                    let id = lid_prefix(prefix, &l.nr.text);
                    let mut body = vec![T::Tok(P::Lid(l.nr.text.clone()))];
                    self.lid(&l.members, &id, &mut body);
                    self.optional(l.optional, id, body, out);
                }
                MemberKind::LidGroup(g) => {
                    let id = lid_group_id(prefix, g);
                    let inner = lid_group_prefix(prefix, g);
                    let mut body = Vec::new();
                    self.members(&g.leden, &inner, &mut body);
                    out.push(T::Opt {
                        id,
                        mirror: false,
                        body,
                    });
                }
                MemberKind::Onderdeel(o) => {
                    let id = format!("{prefix}.{}", o.label.text);
                    let own = scope_of_prefix(&id);
                    let mut body = vec![T::Tok(P::Ond(o.label.text.clone()))];
                    for t in &o.members {
                        if let MemberKind::Tekst(t) = &t.kind {
                            self.text(t, &own, &mut body);
                        }
                    }
                    let rest: Vec<Member> = o
                        .members
                        .iter()
                        .filter(|m| !matches!(m.kind, MemberKind::Tekst(_)))
                        .cloned()
                        .collect();
                    self.members(&rest, &id, &mut body);
                    self.optional(o.optional, id, body, out);
                }
                MemberKind::Tekst(t) => self.text(t, &scope, out),
                MemberKind::Stmt(Stmt::Begrip(b)) => {
                    let id = format!("{prefix}.def.{}", b.name.text);
                    let mut body = vec![T::Tok(P::Dash)];
                    match &b.term {
                        Some(t) => words_of(&t.value, &mut body),
                        None => words_of(&b.name.text.replace('_', " "), &mut body),
                    }
                    body.push(T::Tok(P::Word(":".into())));
                    let mut def = Vec::new();
                    self.text(&b.text, &scope, &mut def);
                    while matches!(def.last(), Some(T::Tok(P::Word(w))) if matches!(w.as_str(), ";" | "." | ","))
                    {
                        def.pop();
                    }
                    body.extend(def);
                    body.push(T::DefEnd);
                    self.optional(b.optional, id, body, out);
                }
                _ => {}
            }
        }
    }

    /// A lid: the text before its onderdelen, then what follows, as the renderer prints it.
    fn lid(&self, members: &[Member], id: &str, out: &mut Vec<T>) {
        let scope = scope_of_prefix(id);
        let first = members
            .iter()
            .position(|m| matches!(m.kind, MemberKind::Onderdeel(_)))
            .unwrap_or(members.len());
        let (head, tail) = members.split_at(first);
        for m in head {
            if let MemberKind::Tekst(t) = &m.kind {
                self.text(t, &scope, out);
            }
        }
        let rest: Vec<Member> = head
            .iter()
            .filter(|m| !matches!(m.kind, MemberKind::Tekst(_)))
            .cloned()
            .collect();
        self.members(&rest, id, out);
        self.members(tail, id, out);
    }

    fn optional(&self, optional: bool, id: String, body: Vec<T>, out: &mut Vec<T>) {
        if optional {
            out.push(T::Opt {
                id,
                mirror: false,
                body,
            });
        } else {
            out.extend(body);
        }
    }
}

// ---------------------------------------------------------------- matching

/// A decision the match took.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Decision {
    Adopt(bool),
    Choose(Vec<String>),
}

#[derive(Debug, Clone)]
enum Instr {
    Tok(P),
    DefEnd,
    /// Consume any word into fill-in occurrence `n`.
    Any(usize),
    /// Epsilon branches in order of preference, each with an optional decision.
    Split(Vec<(usize, Option<usize>)>),
    Jmp(usize),
    Never,
    Match,
}

#[derive(Default)]
struct Program {
    code: Vec<Instr>,
    /// Per fill-in occurrence: slot id and list element.
    fills: Vec<(String, Option<usize>)>,
    /// Per decision: slot id, mirror, decision.
    decisions: Vec<(String, bool, Decision)>,
}

impl Program {
    fn compile(template: &[T]) -> Program {
        let mut p = Program::default();
        p.emit(template);
        p.code.push(Instr::Match);
        p
    }

    fn emit(&mut self, nodes: &[T]) {
        for n in nodes {
            match n {
                T::Tok(t) => self.code.push(Instr::Tok(t.clone())),
                T::DefEnd => self.code.push(Instr::DefEnd),
                T::Never => self.code.push(Instr::Never),
                T::Fill { id, elem } => {
                    let f = self.fills.len();
                    self.fills.push((id.clone(), *elem));
                    let at = self.code.len();
                    // At least one word; then more, or on.
                    self.code.push(Instr::Any(f));
                    self.code
                        .push(Instr::Split(vec![(at, None), (at + 2, None)]));
                }
                T::Opt { id, mirror, body } => {
                    let yes = self.decision(id, *mirror, Decision::Adopt(true));
                    let no = self.decision(id, *mirror, Decision::Adopt(false));
                    let split = self.code.len();
                    self.code.push(Instr::Split(Vec::new()));
                    self.emit(body);
                    let end = self.code.len();
                    if let Some(Instr::Split(b)) = self.code.get_mut(split) {
                        *b = vec![(split + 1, Some(yes)), (end, Some(no))];
                    }
                }
                T::Choice {
                    id,
                    mirror,
                    options,
                } => {
                    let split = self.code.len();
                    self.code.push(Instr::Split(Vec::new()));
                    let mut branches = Vec::new();
                    let mut jumps = Vec::new();
                    for (names, body) in options {
                        let d = self.decision(id, *mirror, Decision::Choose(names.clone()));
                        branches.push((self.code.len(), Some(d)));
                        self.emit(body);
                        jumps.push(self.code.len());
                        self.code.push(Instr::Jmp(0));
                    }
                    let end = self.code.len();
                    for j in jumps {
                        if let Some(Instr::Jmp(t)) = self.code.get_mut(j) {
                            *t = end;
                        }
                    }
                    if let Some(Instr::Split(b)) = self.code.get_mut(split) {
                        *b = branches;
                    }
                }
            }
        }
    }

    fn decision(&mut self, id: &str, mirror: bool, d: Decision) -> usize {
        self.decisions.push((id.to_string(), mirror, d));
        self.decisions.len() - 1
    }
}

/// One step of a reading: a decision taken, or a word given to a fill-in.
enum Ev {
    Decision(usize),
    Take(usize, usize),
}

struct Path {
    ev: Ev,
    prev: Option<Rc<Path>>,
}

// A reading of a long text is a long chain: dropped link by link, not recursively (a fuzzed
// paragraph of a million words would overflow the stack).
impl Drop for Path {
    fn drop(&mut self) {
        let mut prev = self.prev.take();
        while let Some(rc) = prev {
            match Rc::try_unwrap(rc) {
                Ok(mut node) => prev = node.prev.take(),
                Err(_) => break,
            }
        }
    }
}

fn push(prev: &Option<Rc<Path>>, ev: Ev) -> Option<Rc<Path>> {
    Some(Rc::new(Path {
        ev,
        prev: prev.clone(),
    }))
}

/// A successful reading: the decisions in order, and per fill-in occurrence the token range.
struct Reading {
    decisions: Vec<usize>,
    takes: BTreeMap<usize, (usize, usize)>,
}

/// Match `toks` against the program: the reading with the fewest words given to fill-ins, or
/// the index of the first token after the last one any reading matched to the model's own
/// words (a fill-in takes any word, so the words it took do not show where the text deviates).
fn run(prog: &Program, toks: &[PTok]) -> Result<Reading, usize> {
    let n = toks.len();
    let size = prog.code.len();
    let mut seeds: Vec<(usize, usize, Option<Rc<Path>>)> = vec![(0, 0, None)];
    let mut furthest = 0;
    for pos in 0..=n {
        if seeds.is_empty() {
            break;
        }
        seeds.sort_by_key(|s| s.1);
        // Epsilon closure: the first visit of a state is its cheapest reading (seeds in order
        // of cost, epsilon steps cost nothing), ties going to the preferred branch.
        let mut seen: Vec<Option<(usize, Option<Rc<Path>>)>> = vec![None; size];
        let mut order: Vec<usize> = Vec::new();
        for (pc, cost, path) in std::mem::take(&mut seeds) {
            let mut stack = vec![(pc, path)];
            while let Some((pc, path)) = stack.pop() {
                let Some(slot) = seen.get_mut(pc) else {
                    continue;
                };
                if slot.is_some() {
                    continue;
                }
                *slot = Some((cost, path.clone()));
                order.push(pc);
                match prog.code.get(pc) {
                    Some(Instr::Split(branches)) => {
                        for (to, d) in branches.iter().rev() {
                            let p = match d {
                                Some(d) => push(&path, Ev::Decision(*d)),
                                None => path.clone(),
                            };
                            stack.push((*to, p));
                        }
                    }
                    Some(Instr::Jmp(to)) => stack.push((*to, path)),
                    _ => {}
                }
            }
        }
        if pos == n {
            if let Some(Some((_, path))) = seen.get(size - 1) {
                return Ok(reading(path.clone()));
            }
            break;
        }
        let Some(tok) = toks.get(pos) else { break };
        for pc in order {
            let Some(Some((cost, path))) = seen.get(pc) else {
                continue;
            };
            match prog.code.get(pc) {
                Some(Instr::Tok(want)) if *want == tok.p => {
                    seeds.push((pc + 1, *cost, path.clone()));
                    furthest = furthest.max(pos + 1);
                }
                Some(Instr::DefEnd) if matches!(&tok.p, P::Word(w) if w == ";" || w == ".") => {
                    seeds.push((pc + 1, *cost, path.clone()));
                    furthest = furthest.max(pos + 1);
                }
                Some(Instr::Any(f)) if matches!(tok.p, P::Word(_)) => {
                    seeds.push((pc + 1, cost + 1, push(path, Ev::Take(*f, pos))));
                }
                _ => {}
            }
        }
    }
    Err(furthest.min(n))
}

fn reading(mut path: Option<Rc<Path>>) -> Reading {
    let mut decisions = Vec::new();
    let mut takes: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
    while let Some(p) = path {
        match p.ev {
            Ev::Decision(d) => decisions.push(d),
            Ev::Take(f, pos) => {
                let e = takes.entry(f).or_insert((pos, pos));
                e.0 = e.0.min(pos);
                e.1 = e.1.max(pos);
            }
        }
        path = p.prev.clone();
    }
    decisions.reverse();
    Reading { decisions, takes }
}

// ---------------------------------------------------------------- values

/// The words a fill-in took, as published; None when they run over two paragraphs.
fn captured(pubd: &Published, from: usize, to: usize) -> Option<String> {
    let (pa, s, _) = pubd.toks.get(from)?.at?;
    let (pb, _, e) = pubd.toks.get(to)?.at?;
    if pa != pb {
        return None;
    }
    pubd.paras.get(pa)?.get(s..e).map(str::to_string)
}

fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The fill value of a `invulling` written as `value`, parsed by the language's parser.
fn parse_value(value: &str) -> Option<FillValue> {
    let src = format!("verordening \"x\" {{\n}}\ninvulling x.y = {value}\n");
    let parsed = crate::syntax::parse(&src, crate::diagnostics::FileId(0));
    if parsed.has_errors() {
        return None;
    }
    parsed.file.items.into_iter().find_map(|i| match i.kind {
        ItemKind::Fill(f) => match f.value {
            FillKind::Value(v) => Some(v),
            FillKind::Choice(_) => None,
        },
        _ => None,
    })
}

/// Whether a literal is a value of the named base type (`duur in weken`: `unit`).
fn literal_fits(name: &str, unit: Option<DurationUnit>, l: &Literal) -> bool {
    match (name, l) {
        ("bedrag", Literal::Money(_)) => true,
        ("percentage", Literal::Percent(_)) => true,
        ("getal" | "aantal", Literal::Number(_)) => true,
        ("datum", Literal::Date(_)) => true,
        ("tekst" | "citeertitel", Literal::Text(_)) => true,
        ("uren", Literal::Quantity(_, DurationUnit::Uren)) => true,
        ("leeftijd", Literal::Quantity(_, DurationUnit::Jaren)) => true,
        ("duur", Literal::Quantity(_, u)) => {
            *u != DurationUnit::Uren && unit.is_none_or(|w| w == *u)
        }
        _ => false,
    }
}

fn type_words(name: &str) -> &str {
    match name {
        "bedrag" => "bedrag (€ 150)",
        "percentage" => "percentage (50%)",
        "getal" | "aantal" => "getal (5 of vijf)",
        "datum" => "datum (1 juli 2023)",
        "duur" => "duur in cijfers (6 maanden)",
        "leeftijd" => "leeftijd (27 jaar)",
        "uren" => "aantal uren (10 uur)",
        "artikelen" => "verwijzing naar artikelen (de artikelen 4 en 6)",
        _ => "waarde van deze soort",
    }
}

/// The value of one item of base type `name` for the words `text`: the value as written in a
/// `.vo` file, if it parses and prints back as exactly these words.
fn base_value(
    name: &str,
    unit: Option<DurationUnit>,
    text: &str,
    names: &Names,
) -> Result<String, String> {
    let mut candidates: Vec<String> = match name {
        "tekst" | "citeertitel" => vec![quote(text)],
        "artikelen" => vec![text.strip_prefix("de ").unwrap_or(text).to_string()],
        "duur" | "uren" | "leeftijd" => match unit {
            Some(u) => vec![format!("{text} {}", u.word(false))],
            None => vec![text.to_string()],
        },
        "bedrag" | "percentage" | "getal" | "aantal" | "datum" => vec![text.to_string()],
        _ => Vec::new(),
    };
    let formula = formula(text, names);
    if let Some(f) = &formula {
        candidates.push(f.clone());
    }
    for c in candidates {
        let Some(fv) = parse_value(&c) else { continue };
        let fits = match (&fv, name) {
            _ if formula.as_deref() == Some(c.as_str()) => true,
            (FillValue::Articles(..), "artikelen") => true,
            (FillValue::List(items, _), _) if items.len() == 1 => matches!(
                items.first(),
                Some(FillItem::Expr(e)) if matches!(&e.kind, ExprKind::Lit(l) if literal_fits(name, unit, l))
            ),
            _ => false,
        };
        if !fits {
            continue;
        }
        let printed = crate::render::fill_text(&fv, names, unit);
        if norm(&printed) == norm(text) {
            return Ok(c);
        }
    }
    Err(format!("\"{}\" is geen {}", norm(text), type_words(name)))
}

/// A formula the renderer words as `text`, read back by inverting that wording (render::
/// fill_text): "60% van de vrijgelaten premie per kalenderjaar (...), naar beneden afgerond op
/// € 1" is `60% van vrijlating_premie afgerond naar beneden op € 1` when exactly one name of the
/// model or the wet has that wording. Read back: a term (a literal, a name by its wording, or
/// "P van X"), two terms joined by "plus", "min", "maal" or "gedeeld door", either rounded, and
/// one condition on a name ("A als X ten minste 16 is, anders B"). A formula must name
/// something (a bare literal is a value, typed by its slot), and the caller keeps it only when
/// it prints back as exactly these words. A condition on a fact the ordinance declares itself
/// ("het aantal uren per week op de participatieplaats") has no name here and is no formula.
fn formula(text: &str, names: &Names) -> Option<String> {
    let f = match text.rsplit_once(", anders ") {
        Some((then_cond, otherwise)) => {
            let (then, cond) = then_cond.rsplit_once(" als ")?;
            format!(
                "indien {} dan {} anders {}",
                condition(cond, names)?,
                arith(then, names)?,
                arith(otherwise, names)?
            )
        }
        None => arith(text, names)?,
    };
    let named = crate::syntax::parse(
        &format!("verordening \"x\" {{\n}}\ninvulling x.y = {f}\n"),
        crate::diagnostics::FileId(0),
    );
    let mentions_name = !named.has_errors() && format!("{:?}", named.file.items).contains("Ref(");
    mentions_name.then_some(f)
}

/// "X ten minste 16 is" and the other comparisons the renderer words.
fn condition(text: &str, names: &Names) -> Option<String> {
    let body = text.strip_suffix(" is")?;
    for (words, op) in [
        (" ten minste ", ">="),
        (" meer dan ", ">"),
        (" ten hoogste ", "<="),
        (" minder dan ", "<"),
    ] {
        if let Some((l, r)) = body.rsplit_once(words) {
            return Some(format!("{} {op} {}", term(l, names)?, term(r, names)?));
        }
    }
    None
}

/// Terms joined by one arithmetic word, perhaps rounded.
fn arith(text: &str, names: &Names) -> Option<String> {
    let rounding = [
        (", naar beneden afgerond op ", "afgerond naar beneden op"),
        (", naar boven afgerond op ", "afgerond naar boven op"),
        (", afgerond op ", "afgerond op"),
    ];
    let mut body = text;
    let mut round = String::new();
    for (words, code) in rounding {
        if let Some((b, step)) = text.rsplit_once(words) {
            body = b;
            round = format!(" {code} {}", literal_term(step)?);
            break;
        }
    }
    for (words, op) in [
        (" plus ", "+"),
        (" min ", "-"),
        (" maal ", "*"),
        (" gedeeld door ", "/"),
    ] {
        if let Some((a, b)) = body.split_once(words) {
            return Some(format!(
                "{} {op} {}{round}",
                term(a, names)?,
                term(b, names)?
            ));
        }
    }
    Some(format!("{}{round}", term(body, names)?))
}

/// A literal, a name by its wording, or "P van X".
fn term(text: &str, names: &Names) -> Option<String> {
    if let Some((pct, phrase)) = text.split_once(" van ") {
        if matches!(parse_value(pct), Some(FillValue::List(items, _)) if matches!(items.first(), Some(FillItem::Expr(e)) if matches!(e.kind, ExprKind::Lit(Literal::Percent(_)))))
        {
            let of = literal_term(phrase).or_else(|| names.name_of(phrase).map(str::to_string))?;
            return Some(format!("{pct} van {of}"));
        }
    }
    literal_term(text).or_else(|| names.name_of(text).map(str::to_string))
}

/// A literal other than text (which needs its quotes): `€ 175`, `16`, `50%`, `6 maanden`.
fn literal_term(text: &str) -> Option<String> {
    match parse_value(text)? {
        FillValue::List(items, _) if items.len() == 1 => match items.first() {
            Some(FillItem::Expr(e)) if matches!(&e.kind, ExprKind::Lit(l) if !matches!(l, Literal::Text(_))) => {
                Some(text.to_string())
            }
            _ => None,
        },
        _ => None,
    }
}

/// Split a Dutch enumeration "a, b en c" into its items.
fn dutch_items(text: &str) -> Vec<String> {
    let mut parts: Vec<String> = text.split(", ").map(str::to_string).collect();
    if let Some(last) = parts.pop() {
        match last.rsplit_once(" en ") {
            Some((a, b)) => {
                parts.push(a.to_string());
                parts.push(b.to_string());
            }
            None => parts.push(last),
        }
    }
    parts
}

/// The value of a fill-in of type `ty` from what it captured: one text, or (for a list the
/// model prints as onderdelen, `{eisen.1}`) one text per element.
fn fill_value(
    ty: &TypeExpr,
    whole: Option<&str>,
    elements: &BTreeMap<usize, String>,
    lengte: Option<u32>,
    names: &Names,
) -> Result<String, String> {
    match ty {
        TypeExpr::Base { name, unit } => match whole {
            Some(t) if elements.is_empty() => base_value(&name.text, unit.map(|u| u.0), t, names),
            _ => Err("de invulling staat niet op één plaats".into()),
        },
        TypeExpr::Record(fields, _) => match whole {
            Some(t) if elements.is_empty() => records(fields, t, Some(1), names),
            _ => Err("de invulling staat niet op één plaats".into()),
        },
        TypeExpr::List(inner, _) => {
            if let TypeExpr::Record(fields, _) = inner.as_ref() {
                return match whole {
                    Some(t) if elements.is_empty() => {
                        records(fields, t, lengte.map(|l| l as usize), names)
                    }
                    _ => Err("de opsomming staat niet op één plaats".into()),
                };
            }
            let TypeExpr::Base { name, unit } = inner.as_ref() else {
                return Err("een opsomming met onderdelen wordt niet herkend".into());
            };
            let items: Vec<String> = match (whole, elements.is_empty()) {
                (Some(t), true) => dutch_items(t),
                (None, false) => {
                    let n = elements.keys().max().map(|m| m + 1).unwrap_or(0);
                    if elements.len() != n {
                        return Err("niet alle delen van de opsomming staan in de tekst".into());
                    }
                    elements.values().cloned().collect()
                }
                _ => return Err("de opsomming staat niet op één plaats".into()),
            };
            if lengte.is_some_and(|l| l as usize != items.len()) {
                return Err(format!(
                    "het model vraagt {} delen, de tekst heeft er {}",
                    lengte.unwrap_or(0),
                    items.len()
                ));
            }
            let values: Result<Vec<String>, String> = items
                .iter()
                .map(|i| base_value(&name.text, unit.map(|u| u.0), i, names))
                .collect();
            Ok(values?.join(", "))
        }
    }
}

/// Records as the renderer prints them ("regiem: licht, percentage: 5%, duur: 12 maanden en
/// regiem: zwaar, ..."): split where the first field's name begins a record, each field's value
/// typed by its own type, and kept only when the whole prints back as exactly these words.
/// `count`: how many records the slot takes, if fixed.
fn records(
    fields: &[(crate::syntax::Name, TypeExpr)],
    text: &str,
    count: Option<usize>,
    names: &Names,
) -> Result<String, String> {
    let no = || {
        format!(
            "\"{}\" is geen opsomming van onderdelen zoals het model ze vraagt",
            norm(text)
        )
    };
    let text = norm(text);
    let (first, _) = fields.first().ok_or_else(no)?;
    let head = format!("{}: ", first.text);
    let mut starts = Vec::new();
    let mut from = 0;
    while let Some(p) = text.get(from..).and_then(|r| r.find(&head)) {
        let at = from + p;
        let before = text.get(..at).unwrap_or("");
        if at == 0 || before.ends_with(", ") || before.ends_with(" en ") {
            starts.push(at);
        }
        from = at + head.len();
    }
    if starts.first() != Some(&0) || count.is_some_and(|c| c != starts.len()) {
        return Err(no());
    }
    let mut written = Vec::new();
    for (k, start) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(text.len());
        let mut chunk = text.get(*start..end).ok_or_else(no)?;
        chunk = chunk
            .strip_suffix(", ")
            .or_else(|| chunk.strip_suffix(" en "))
            .unwrap_or(chunk);
        let mut rest = chunk.strip_prefix(&head).ok_or_else(no)?;
        let mut values = Vec::new();
        for (j, (name, ty)) in fields.iter().enumerate() {
            let TypeExpr::Base { name: base, unit } = ty else {
                return Err(no());
            };
            let (value, next) = match fields.get(j + 1) {
                Some((n, _)) => {
                    let sep = format!(", {}: ", n.text);
                    let at = rest.find(&sep).ok_or_else(no)?;
                    (
                        rest.get(..at).unwrap_or(""),
                        rest.get(at + sep.len()..).unwrap_or(""),
                    )
                }
                None => (rest, ""),
            };
            let v = base_value(&base.text, unit.map(|u| u.0), value, names)?;
            values.push(format!("{}: {v}", name.text));
            rest = next;
        }
        written.push(format!("{{ {} }}", values.join(", ")));
    }
    let candidate = written.join(", ");
    let fv = parse_value(&candidate).ok_or_else(no)?;
    if norm(&crate::render::fill_text(&fv, names, None)) != text {
        return Err(no());
    }
    Ok(candidate)
}

// ---------------------------------------------------------------- one unit

/// What a unit of the model (an article, the aanhef, a bijlage) says once filled in.
#[derive(Debug, Default, Clone)]
struct Bindings {
    /// Slot id → value as written (`€ 175`, `"tekst"`).
    values: BTreeMap<String, String>,
    /// Keuze id → chosen options.
    choices: BTreeMap<String, Vec<String>>,
    /// Optional unit or passage id → adopted.
    adoptions: BTreeMap<String, bool>,
}

impl Bindings {
    fn merge(&mut self, other: Bindings) -> Result<(), String> {
        for (k, v) in other.values {
            match self.values.get(&k) {
                Some(w) if *w != v => {
                    return Err(format!("`{k}` staat er twee keer, als {w} en als {v}"))
                }
                _ => {
                    self.values.insert(k, v);
                }
            }
        }
        for (k, v) in other.choices {
            self.choices.insert(k, v);
        }
        for (k, v) in other.adoptions {
            self.adoptions.insert(k, v);
        }
        Ok(())
    }

    fn count(&self) -> usize {
        self.values.len() + self.choices.len() + self.adoptions.len()
    }
}

/// Read the published tokens as the template: the fill-in's values and decisions, or where
/// and why the text deviates.
fn read_unit(
    template: &[T],
    pubd: &Published,
    slots: &SlotTable,
    names: &Names,
) -> Result<Bindings, String> {
    let prog = Program::compile(template);
    let r = match run(&prog, &pubd.toks) {
        Ok(r) => r,
        Err(at) => {
            let place = pubd
                .place(at)
                .map(|p| format!("{p} wijkt af"))
                .unwrap_or_else(|| "de tekst wijkt af".into());
            return Err(format!("{place} vanaf {}", pubd.snippet(at)));
        }
    };
    let mut b = Bindings::default();
    for d in &r.decisions {
        let Some((id, mirror, d)) = prog.decisions.get(*d) else {
            continue;
        };
        if *mirror {
            continue;
        }
        match d {
            Decision::Adopt(a) => {
                b.adoptions.insert(id.clone(), *a);
            }
            Decision::Choose(o) => {
                b.choices.insert(id.clone(), o.clone());
            }
        }
    }
    // The captured words per slot: whole, or per list element.
    let mut whole: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut elements: BTreeMap<String, BTreeMap<usize, String>> = BTreeMap::new();
    for (f, (from, to)) in &r.takes {
        let Some((id, elem)) = prog.fills.get(*f) else {
            continue;
        };
        let Some(text) = captured(pubd, *from, *to) else {
            return Err(format!(
                "de invulling `{id}` loopt over meer dan één alinea"
            ));
        };
        match elem {
            Some(i) => {
                elements.entry(id.clone()).or_default().insert(*i, text);
            }
            None => whole.entry(id.clone()).or_default().push(text),
        }
    }
    let ids: BTreeSet<&String> = whole.keys().chain(elements.keys()).collect();
    for id in ids {
        let Some(slot) = slots.get(id) else {
            return Err(format!("het model heeft geen invulplek `{id}`"));
        };
        let Some(inv) = slot.invulling.as_ref() else {
            return Err(format!("`{id}` is geen invulplek"));
        };
        let texts = whole.get(id).cloned().unwrap_or_default();
        if let Some(first) = texts.first() {
            if texts.iter().any(|t| norm(t) != norm(first)) {
                return Err(format!(
                    "`{id}` staat er op meer plaatsen, met verschillende tekst"
                ));
            }
        }
        let el = elements.get(id).cloned().unwrap_or_default();
        let lengte = inv.lengte.map(|(l, _)| l);
        let value = fill_value(
            &inv.ty,
            texts.first().map(String::as_str),
            &el,
            lengte,
            names,
        )
        .map_err(|e| format!("de invulling `{id}`: {e}"))?;
        b.values.insert(id.clone(), value);
    }
    Ok(b)
}

// ---------------------------------------------------------------- the whole ordinance

/// How an article of the publication came in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lezing {
    /// As the model article, filled in (statements about its slots).
    Ingevuld,
    /// The model article with this number, replaced by the own text: the reason.
    EigenTekst(String),
    /// As the model article, filled in, except some leden: per lid its number and what the
    /// ordinance does with it (own text in place of the model's lid, an added lid, a lid left
    /// out), with the reason.
    EigenLeden(Vec<(String, LidAfwijking)>),
    /// An article of the ordinance's own (no model article with this number, or one the
    /// ordinance does not adopt).
    Eigen,
}

/// What an ordinance does with one lid of a model article that it otherwise fills in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LidAfwijking {
    /// Own text in place of the model's lid: where it deviates.
    Vervangen(String),
    /// A lid the model article does not have.
    Toegevoegd,
    /// A lid of the model (not facultatief) the ordinance does not have.
    Weggelaten,
}

/// The own leden of an article read lid by lid: number, what, and the published lid.
type EigenLeden = Vec<(u32, LidAfwijking, Vec<Lid>)>;

/// Read a published article lid by lid against its model article: the bindings of the leden
/// that read as the model's, and the leden that do not (own text in the model lid's place),
/// that the model does not have, or that the publication leaves out. None when the article is
/// not a plain sequence of leden on both sides (text or onderdelen directly in the article, a
/// variant), when a group of facultatieve leden does not read as the model's, or when no lid
/// at all reads as the model's (then the whole article is own text, which says it better).
fn per_lid(
    b: &Builder<'_>,
    m: &crate::syntax::Artikel,
    a: &Artikel,
    prefix: &str,
    slots: &SlotTable,
    names: &Names,
) -> Option<(Bindings, EigenLeden)> {
    let mut published: BTreeMap<u32, &Vec<Lid>> = BTreeMap::new();
    for l in &a.leden {
        match l {
            Lid::Lid { nr, inhoud } => {
                published.insert(*nr, inhoud);
            }
            _ => return None,
        }
    }
    let mut bind = Bindings::default();
    let mut own: EigenLeden = Vec::new();
    let mut covered: BTreeSet<u32> = BTreeSet::new();
    let mut read_one = false;
    for member in &m.members {
        let nrs: Vec<u32> = match &member.kind {
            MemberKind::Lid(l) => vec![l.nr.text.parse().ok()?],
            MemberKind::LidGroup(g) if g.variant.is_none() => {
                let mut v = Vec::new();
                for x in &g.leden {
                    if let MemberKind::Lid(l) = &x.kind {
                        v.push(l.nr.text.parse().ok()?);
                    }
                }
                v
            }
            MemberKind::Stmt(Stmt::Begrip(_))
            | MemberKind::Tekst(_)
            | MemberKind::Onderdeel(_)
            | MemberKind::LidGroup(_) => return None,
            _ => continue,
        };
        let mut t = Vec::new();
        b.members(std::slice::from_ref(member), prefix, &mut t);
        let mut p = Published::default();
        let mut present = false;
        for nr in &nrs {
            covered.insert(*nr);
            if let Some(inhoud) = published.get(nr) {
                present = true;
                p.leden(&[Lid::Lid {
                    nr: *nr,
                    inhoud: (*inhoud).clone(),
                }]);
            }
        }
        match read_unit(&t, &p, slots, names) {
            Ok(got) => {
                bind.merge(got).ok()?;
                read_one |= present;
            }
            Err(why) => match (&member.kind, nrs.as_slice()) {
                (MemberKind::Lid(_), [nr]) => match published.get(nr) {
                    Some(inhoud) => {
                        // "tweede lid wijkt af vanaf ...": the lid is named by the caller.
                        let lid = crate::syntax::notation::lid_words(&nr.to_string());
                        let why = match why.strip_prefix(&format!("{lid} ")) {
                            Some(rest) => format!("de tekst {rest}"),
                            None => why,
                        };
                        own.push((*nr, LidAfwijking::Vervangen(why), (*inhoud).clone()))
                    }
                    None => {
                        own.push((*nr, LidAfwijking::Weggelaten, Vec::new()));
                        bind.adoptions.insert(
                            crate::syntax::place::lid_prefix(prefix, &nr.to_string()),
                            false,
                        );
                    }
                },
                _ => return None,
            },
        }
    }
    for (nr, inhoud) in &published {
        if !covered.contains(nr) {
            own.push((*nr, LidAfwijking::Toegevoegd, (*inhoud).clone()));
        }
    }
    own.sort_by_key(|o| o.0);
    (read_one && !own.is_empty()).then_some((bind, own))
}

/// The fill-in of the model, written as a `.vo` text.
#[derive(Debug, Clone)]
pub struct Invulling {
    pub vo: String,
    /// Per published article: its number and how it came in.
    pub artikelen: Vec<(String, Lezing)>,
    /// `aanhef` or `slot` kept as the ordinance's own text, with the reason.
    pub eigen_blokken: Vec<(String, String)>,
    /// How many `invulling`, `keuze` and `overgenomen`/`niet overgenomen` statements.
    pub invullingen: usize,
    pub keuzes: usize,
    pub overnemingen: usize,
}

/// Why the ordinance cannot be written as a fill-in of the model (it is then kept as its own
/// text, marked per article).
pub type Reden = String;

fn model_article<'f>(model: &'f File, nr: &str) -> Option<&'f crate::syntax::Artikel> {
    model.items.iter().find_map(|i| match &i.kind {
        ItemKind::Artikel(a) if a.nr.text == nr => Some(a),
        _ => None,
    })
}

/// Write `r` as a fill-in of `model`. `eigen` lists articles to keep as own text regardless
/// (found deviating when the fill-in was rendered and compared); `header` is what the
/// `verordening` block says, the model path included.
pub fn vul_in(
    r: &Regeling,
    model: &File,
    names: &Names,
    model_naam: &str,
    eigen: &BTreeMap<String, String>,
    header: &str,
) -> Result<Invulling, Reden> {
    let slots = SlotTable::build(model, crate::diagnostics::FileId(0));
    let b = Builder::new(model, &slots);
    let mut all = Bindings::default();
    let mut out = String::new();
    let mut artikelen = Vec::new();

    // Articles: each published article against the model article of its number.
    let published: Vec<&Artikel> = r
        .body
        .iter()
        .filter_map(|d| match d {
            Deel::Artikel(a) => Some(a),
            _ => None,
        })
        .collect();
    let numbers: BTreeSet<&str> = published.iter().map(|a| a.nr.as_str()).collect();
    for item in &model.items {
        if let ItemKind::Artikel(m) = &item.kind {
            if !m.optional && !m.vervallen && !numbers.contains(m.nr.text.as_str()) {
                return Err(format!(
                    "artikel {} van het model staat niet in de verordening",
                    m.nr.text
                ));
            }
        }
    }
    // Aanhef and slotformule.
    let mut head = Bindings::default();
    let mut own_blocks: Vec<(&str, String, Vec<String>)> = Vec::new();
    for item in &model.items {
        let (prefix, published) = match &item.kind {
            ItemKind::Aanhef(blk) => ("aanhef", (blk, &r.aanhef)),
            ItemKind::Slotformule(blk) => ("slot", (blk, &r.slot)),
            _ => continue,
        };
        let (blk, paras) = published;
        let mut t = Vec::new();
        b.members(&blk.members, prefix, &mut t);
        let mut p = Published::default();
        for para in paras {
            p.para(para);
        }
        // An aanhef or slotformule that does not read as the model's is the ordinance's own;
        // it replaces the model's (its fill-ins and passages are then not said).
        let got = match eigen.get(prefix) {
            Some(why) => Err(why.clone()),
            None => read_unit(&t, &p, &slots, names).and_then(|got| {
                let mut trial = head.clone();
                trial.merge(got)?;
                Ok(trial)
            }),
        };
        match got {
            Ok(trial) => head = trial,
            Err(why) if !paras.is_empty() => own_blocks.push((prefix, why, paras.clone())),
            Err(why) => {
                return Err(format!(
                    "de publicatie heeft geen {} ({why})",
                    if prefix == "aanhef" {
                        "aanhef"
                    } else {
                        "slotformule"
                    }
                ))
            }
        }
    }

    // Per article: bindings, or own text with the reason, or an own article; and per article
    // read lid by lid, its own leden.
    let mut leden_eigen: BTreeMap<String, EigenLeden> = BTreeMap::new();
    let mut per_article: Vec<(
        &Artikel,
        Result<Bindings, String>,
        Option<&crate::syntax::Artikel>,
    )> = Vec::new();
    for a in &published {
        let Some(m) = model_article(model, &a.nr) else {
            per_article.push((a, Err(String::new()), None));
            continue;
        };
        if m.vervallen {
            let t = format!("{} (Vervallen)", m.title.value);
            if a.leden.is_empty()
                && (norm(&a.titel) == norm(&t) || norm(&a.titel) == norm(&m.title.value))
            {
                per_article.push((a, Ok(Bindings::default()), Some(m)));
            } else {
                return Err(format!(
                    "artikel {} is in het model vervallen, maar heeft in de verordening tekst",
                    a.nr
                ));
            }
            continue;
        }
        if let Some(reason) = eigen.get(&a.nr) {
            per_article.push((a, Err(reason.clone()), Some(m)));
            continue;
        }
        let prefix = art_prefix(&m.nr.text);
        let scope = scope_of_prefix(&prefix);
        let mut title = Vec::new();
        b.text(&m.title, &scope, &mut title);
        let mut tp = Published::default();
        tp.para(&a.titel);
        let got_title = read_unit(&title, &tp, &slots, names);
        // A published article under the number of a facultatief model article whose title is
        // another is an own article; the model article is not adopted.
        if m.optional && got_title.is_err() {
            per_article.push((a, Err(String::new()), None));
            continue;
        }
        let mut t = Vec::new();
        b.members(&m.members, &prefix, &mut t);
        let mut p = Published::default();
        p.leden(&a.leden);
        let title_ok = got_title.is_ok();
        let mut got = got_title
            .map_err(|e| format!("het opschrift wijkt af: {e}"))
            .and_then(|mut bt| {
                let body = read_unit(&t, &p, &slots, names)?;
                bt.merge(body)?;
                Ok(bt)
            });
        // An article that deviates in some leden only stays a fill-in of the model, with
        // those leden as own text (`artikel 7 lid 2 { ... }`), added and left out.
        if got.is_err() && title_ok {
            let title = read_unit(&title, &tp, &slots, names).unwrap_or_default();
            if let Some((bind, own)) = per_lid(&b, m, a, &prefix, &slots, names) {
                let mut all_of = title;
                if all_of.merge(bind).is_ok() {
                    got = Ok(all_of);
                    leden_eigen.insert(a.nr.clone(), own);
                }
            }
        }
        per_article.push((a, got, Some(m)));
    }

    // Bijlagen: each model bijlage against the published one whose title it reads.
    let mut bijlagen = Bindings::default();
    let mut used = BTreeSet::new();
    for item in &model.items {
        let ItemKind::Bijlage(mb) = &item.kind else {
            continue;
        };
        let id = format!("bijlage{}", mb.id.text);
        let scope = scope_of_prefix(&id);
        let mut title = Vec::new();
        b.text(&mb.title, &scope, &mut title);
        let mut t = Vec::new();
        b.members(&mb.members, &id, &mut t);
        let mut found = None;
        for (i, d) in r.body.iter().enumerate() {
            let Deel::Bijlage { titel, leden, .. } = d else {
                continue;
            };
            if used.contains(&i) {
                continue;
            }
            let mut tp = Published::default();
            tp.para(titel);
            let Ok(mut bt) = read_unit(&title, &tp, &slots, names) else {
                continue;
            };
            let mut p = Published::default();
            p.leden(leden);
            let body = read_unit(&t, &p, &slots, names)
                .and_then(|body| bt.merge(body).map(|_| bt))
                .map_err(|e| format!("de bijlage \"{}\": {e}", norm(titel)))?;
            found = Some((i, body));
            break;
        }
        match found {
            Some((i, got)) => {
                used.insert(i);
                if mb.optional {
                    bijlagen.adoptions.insert(id.clone(), true);
                }
                bijlagen.merge(got)?;
            }
            None if mb.optional => {
                bijlagen.adoptions.insert(id, false);
            }
            None => {
                return Err(format!(
                    "de bijlage \"{}\" van het model ontbreekt",
                    mb.title.value
                ))
            }
        }
    }
    for (i, d) in r.body.iter().enumerate() {
        if let Deel::Bijlage { titel, .. } = d {
            if !used.contains(&i) {
                return Err(format!(
                    "de bijlage \"{}\" staat niet in het model",
                    norm(titel)
                ));
            }
        }
    }

    all.merge(head.clone())?;
    all.merge(bijlagen.clone())?;
    // Articles whose values contradict what another part of the text says stay own text.
    let mut decided: Vec<(
        &Artikel,
        Result<Bindings, String>,
        Option<&crate::syntax::Artikel>,
    )> = Vec::new();
    for (a, got, m) in per_article {
        let got = match got {
            Ok(bind) => {
                let mut trial = all.clone();
                match trial.merge(bind.clone()) {
                    Ok(()) => {
                        all = trial;
                        Ok(bind)
                    }
                    Err(e) => Err(e),
                }
            }
            Err(e) => Err(e),
        };
        decided.push((a, got, m));
    }

    // Whether each facultatief article is adopted: as the model's text, or not at all (an own
    // text under its number replaces it, and needs no statement).
    for item in &model.items {
        let ItemKind::Artikel(m) = &item.kind else {
            continue;
        };
        if !m.optional {
            continue;
        }
        let here = decided
            .iter()
            .find(|(a, _, mm)| a.nr == m.nr.text && mm.is_some());
        match here {
            Some((_, Ok(_), _)) => {
                all.adoptions.insert(art_prefix(&m.nr.text), true);
            }
            Some((_, Err(_), _)) => {}
            None => {
                all.adoptions.insert(art_prefix(&m.nr.text), false);
            }
        }
    }

    // The statements, in the order of the model, each under the unit it belongs to.
    out.push_str(header);
    let mut stats = (0usize, 0usize, 0usize);
    let mut group = |out: &mut String, title: &str, home: &dyn Fn(&str) -> bool| {
        let g = Bindings {
            values: all
                .values
                .iter()
                .filter(|(k, _)| home(k))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            choices: all
                .choices
                .iter()
                .filter(|(k, _)| home(k))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            adoptions: all
                .adoptions
                .iter()
                .filter(|(k, _)| home(k))
                .map(|(k, v)| (k.clone(), *v))
                .collect(),
        };
        if g.count() > 0 {
            out.push_str(&format!("\n# {title}\n"));
            statements(out, &g);
            stats.0 += g.values.len();
            stats.1 += g.choices.len();
            stats.2 += g.adoptions.len();
        }
    };
    let home_of = |id: &str| id.split('.').next().unwrap_or("").to_string();
    group(&mut out, "Aanhef en slotformule.", &|id| {
        matches!(home_of(id).as_str(), "aanhef" | "slot")
    });
    for item in &model.items {
        let ItemKind::Artikel(m) = &item.kind else {
            continue;
        };
        let prefix = art_prefix(&m.nr.text);
        group(
            &mut out,
            &format!(
                "Artikel {}. {}",
                m.nr.text,
                crate::render::without_placeholders(&m.title.value).trim()
            ),
            &|id| home_of(id) == prefix,
        );
    }
    group(&mut out, "Bijlagen.", &|id| {
        home_of(id).starts_with("bijlage")
    });

    // What the reader noted about articles that are now filled in (a guessed structure).
    for (a, got, m) in &decided {
        if got.is_ok() && m.is_some() && !a.opmerkingen.is_empty() {
            out.push('\n');
            comment_lines(&mut out, "", &format!("Bij artikel {}:", a.nr));
            for o in &a.opmerkingen {
                comment_lines(&mut out, "", o);
            }
        }
    }

    for (prefix, why, paras) in &own_blocks {
        let (what, kw) = if *prefix == "aanhef" {
            ("de aanhef", "aanhef")
        } else {
            ("de slotformule", "slotformule")
        };
        out.push('\n');
        comment_lines(
            &mut out,
            "",
            &format!(
                "Afwijking van {model_naam}: {what}: {why}. Deze {} vervangt die van het model.",
                if *prefix == "aanhef" {
                    "aanhef"
                } else {
                    "slotformule"
                }
            ),
        );
        out.push_str(&format!("{kw} {{\n"));
        for t in paras {
            out.push_str(&format!("  tekst {}\n", quote(t)));
        }
        out.push_str("}\n");
    }
    let eigen_blokken = own_blocks
        .iter()
        .map(|(p, why, _)| (p.to_string(), why.clone()))
        .collect();

    // Own text: articles that deviate (replacing the model article) and own articles.
    for (a, got, m) in &decided {
        let reason = match (got, m) {
            (Ok(_), Some(m)) => {
                let Some(leden) = leden_eigen.get(&a.nr) else {
                    artikelen.push((a.nr.clone(), Lezing::Ingevuld));
                    continue;
                };
                artikelen.push((
                    a.nr.clone(),
                    Lezing::EigenLeden(
                        leden
                            .iter()
                            .map(|(nr, w, _)| (nr.to_string(), w.clone()))
                            .collect(),
                    ),
                ));
                for (nr, what, inhoud) in leden {
                    let lid = crate::syntax::notation::lid_words(&nr.to_string());
                    let note = match what {
                        LidAfwijking::Vervangen(why) => format!(
                            "Afwijking van {model_naam}: {why}. Dit lid vervangt het {lid} van artikel {} van het model; de regels van het model voor dat lid gelden hier niet.",
                            m.nr.text
                        ),
                        LidAfwijking::Toegevoegd => format!(
                            "Afwijking van {model_naam}: artikel {} heeft in het model geen {lid}; een eigen lid.",
                            m.nr.text
                        ),
                        // Said by `niet overgenomen` with the article's statements.
                        LidAfwijking::Weggelaten => continue,
                    };
                    out.push('\n');
                    comment_lines(&mut out, "", &note);
                    out.push_str(&format!("artikel {} lid {nr} {{\n", a.nr));
                    write_members(&mut out, inhoud, 1);
                    out.push_str("}\n");
                }
                continue;
            }
            (Err(e), Some(m)) => {
                let e = if e.is_empty() {
                    "de tekst is een andere".to_string()
                } else {
                    e.clone()
                };
                artikelen.push((a.nr.clone(), Lezing::EigenTekst(e.clone())));
                Some((m, e))
            }
            _ => {
                artikelen.push((a.nr.clone(), Lezing::Eigen));
                None
            }
        };
        out.push('\n');
        for o in &a.opmerkingen {
            if !o.starts_with("Afwijking van ") {
                comment_lines(&mut out, "", o);
            }
        }
        match reason {
            Some((m, e)) => {
                comment_lines(
                    &mut out,
                    "",
                    &format!(
                        "Afwijking van {model_naam}: {e}. Dit artikel vervangt artikel {} van het model; de regels van het model gelden hier niet.",
                        m.nr.text
                    ),
                );
                out.push_str(&format!(
                    "artikel {} {} model {} {{\n",
                    a.nr,
                    quote(&a.titel),
                    m.nr.text
                ));
            }
            None => out.push_str(&format!("artikel {} {} {{\n", a.nr, quote(&a.titel))),
        }
        write_members(&mut out, &a.leden, 1);
        out.push_str("}\n");
    }
    // Text the reader could not place is kept as a comment, as in the standalone text.
    for d in &r.body {
        if let Deel::Los { tekst, reden } = d {
            out.push('\n');
            comment_lines(&mut out, "", &format!("Niet geplaatst ({reden}):"));
            comment_lines(&mut out, "", tekst);
        }
    }
    Ok(Invulling {
        vo: out,
        artikelen,
        eigen_blokken,
        invullingen: stats.0,
        keuzes: stats.1,
        overnemingen: stats.2,
    })
}

fn statements(out: &mut String, b: &Bindings) {
    for (id, v) in &b.values {
        out.push_str(&format!("invulling {id} = {v}\n"));
    }
    for (id, opts) in &b.choices {
        out.push_str(&format!("keuze {id} = {}\n", opts.join(" en ")));
    }
    let yes: Vec<&str> = b
        .adoptions
        .iter()
        .filter(|(_, a)| **a)
        .map(|(k, _)| k.as_str())
        .collect();
    let no: Vec<&str> = b
        .adoptions
        .iter()
        .filter(|(_, a)| !**a)
        .map(|(k, _)| k.as_str())
        .collect();
    if !yes.is_empty() {
        out.push_str(&format!("overgenomen {}\n", yes.join(", ")));
    }
    if !no.is_empty() {
        out.push_str(&format!("niet overgenomen {}\n", no.join(", ")));
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    const MODEL: &str = r#"model "m" {
  geldig vanaf 2023-07-01
}
artikel 1 "Plaatsen" {
  lid 1 {
    tekst "Er worden {ten_hoogste}{aantal} plaatsen per jaar gerealiseerd, binnen {weken} weken."
    facultatief ten_hoogste "ten hoogste "
    invulling aantal: getal
    invulling weken: duur in weken
  }
  facultatief lid 2 {
    tekst "De plaatsen gaan eerst naar {groep}."
    invulling groep: tekst
  }
}
"#;

    fn fill_in(lid1: &str, lid2: Option<&str>) -> Result<Invulling, Reden> {
        let model = crate::syntax::parse(MODEL, crate::diagnostics::FileId(0)).file;
        let mut leden = vec![Lid::Lid {
            nr: 1,
            inhoud: vec![Lid::Tekst(lid1.into())],
        }];
        if let Some(t) = lid2 {
            leden.push(Lid::Lid {
                nr: 2,
                inhoud: vec![Lid::Tekst(t.into())],
            });
        }
        let r = Regeling {
            body: vec![Deel::Artikel(Artikel {
                nr: "1".into(),
                titel: "Plaatsen".into(),
                leden,
                opmerkingen: Vec::new(),
                model: None,
            })],
            ..Regeling::default()
        };
        vul_in(
            &r,
            &model,
            &Names::default(),
            "het model",
            &BTreeMap::new(),
            "",
        )
    }

    /// A passage next to a fill-in: the words of the passage are the passage, not part of the
    /// value (the reading that gives the fill-ins the fewest words).
    #[test]
    fn an_optional_passage_is_not_swallowed_by_the_fill_in_next_to_it() {
        let inv = fill_in(
            "Er worden ten hoogste 5 plaatsen per jaar gerealiseerd, binnen zes weken.",
            Some("De plaatsen gaan eerst naar jongeren."),
        )
        .unwrap();
        assert!(
            inv.vo.contains("invulling art1.lid1.aantal = 5\n"),
            "{}",
            inv.vo
        );
        assert!(
            inv.vo.contains("invulling art1.lid1.weken = zes weken\n"),
            "{}",
            inv.vo
        );
        assert!(
            inv.vo
                .contains("overgenomen art1.lid1.ten_hoogste, art1.lid2\n"),
            "{}",
            inv.vo
        );
        assert!(
            inv.vo
                .contains("invulling art1.lid2.groep = \"jongeren\"\n"),
            "{}",
            inv.vo
        );
        let inv = fill_in(
            "Er worden 5 plaatsen per jaar gerealiseerd, binnen 6 weken.",
            None,
        )
        .unwrap();
        assert!(
            inv.vo
                .contains("niet overgenomen art1.lid1.ten_hoogste, art1.lid2\n"),
            "{}",
            inv.vo
        );
        assert!(
            inv.vo.contains("invulling art1.lid1.weken = 6 weken\n"),
            "{}",
            inv.vo
        );
    }

    /// What does not read as the model stays own text, with where it deviates; a capture that
    /// is no value of its type likewise, with why.
    #[test]
    fn a_deviation_or_a_capture_of_the_wrong_type_keeps_the_own_text() {
        let inv = fill_in(
            "Er worden 5 plaatsen per jaar gerealiseerd, binnen 6 weken, of eerder.",
            None,
        )
        .unwrap();
        assert_eq!(
            inv.artikelen,
            [(
                "1".to_string(),
                Lezing::EigenTekst("eerste lid wijkt af vanaf \", of eerder.\"".into())
            )]
        );
        assert!(
            inv.vo.contains("artikel 1 \"Plaatsen\" model 1 {"),
            "{}",
            inv.vo
        );
        let inv = fill_in(
            "Er worden enkele plaatsen per jaar gerealiseerd, binnen 6 weken.",
            None,
        )
        .unwrap();
        assert_eq!(
            inv.artikelen,
            [(
                "1".to_string(),
                Lezing::EigenTekst(
                    "de invulling `art1.lid1.aantal`: \"enkele\" is geen getal (5 of vijf)".into()
                )
            )]
        );
        let inv = fill_in(
            "Er worden vijf plaatsen per jaar gerealiseerd, binnen 6 weken.",
            None,
        )
        .unwrap();
        assert_eq!(inv.artikelen, [("1".to_string(), Lezing::Ingevuld)]);
        assert!(
            inv.vo.contains("invulling art1.lid1.aantal = vijf\n"),
            "{}",
            inv.vo
        );
    }

    /// A reading of a long paragraph is a long chain of steps; it is dropped without recursion.
    #[test]
    fn a_very_long_fill_in_is_read_without_overflowing_the_stack() {
        let long = "jongeren ".repeat(300_000);
        let inv = fill_in(
            "Er worden 5 plaatsen per jaar gerealiseerd, binnen 6 weken.",
            Some(&format!("De plaatsen gaan eerst naar {long}.")),
        )
        .unwrap();
        assert_eq!(inv.artikelen, [("1".to_string(), Lezing::Ingevuld)]);
    }

    /// A list of records reads back from the renderer's wording, field by field, and only when
    /// it prints back as the same words.
    #[test]
    fn a_list_of_records_is_read_back_from_its_wording() {
        let ty = crate::syntax::parse(
            "model \"m\" {\n}\nartikel 1 \"a\" {\n  invulling r: lijst van { regiem: tekst, percentage: percentage, duur: duur }\n}\n",
            crate::diagnostics::FileId(0),
        );
        let fields = ty
            .file
            .items
            .iter()
            .find_map(|i| match &i.kind {
                ItemKind::Artikel(a) => a.members.iter().find_map(|m| match &m.kind {
                    MemberKind::Stmt(Stmt::Invulling(inv)) => match &inv.ty {
                        TypeExpr::List(inner, _) => match inner.as_ref() {
                            TypeExpr::Record(f, _) => Some(f.clone()),
                            _ => None,
                        },
                        _ => None,
                    },
                    _ => None,
                }),
                _ => None,
            })
            .unwrap();
        let text = "regiem: licht, percentage: 5%, duur: 12 maanden, regiem: middel, percentage: 10%, duur: 18 maanden en regiem: zwaar, percentage: 15%, duur: 24 maanden";
        assert_eq!(
            records(&fields, text, None, &Names::default()).unwrap(),
            "{ regiem: \"licht\", percentage: 5%, duur: 12 maanden }, { regiem: \"middel\", percentage: 10%, duur: 18 maanden }, { regiem: \"zwaar\", percentage: 15%, duur: 24 maanden }"
        );
        assert!(records(&fields, text, Some(2), &Names::default()).is_err());
        assert!(records(
            &fields,
            "regiem: licht, percentage: vijf procent, duur: lang",
            None,
            &Names::default()
        )
        .is_err());
        assert!(records(&fields, "licht, 5%, 12 maanden", None, &Names::default()).is_err());
    }

    #[test]
    fn words_and_marks_are_split() {
        let w: Vec<String> = split("ondersteund; 12,5%, (artikel 31) voorziening(en) € 175.")
            .into_iter()
            .map(|t| t.0)
            .collect();
        assert_eq!(
            w,
            [
                "ondersteund",
                ";",
                "12,5%",
                ",",
                "(",
                "artikel",
                "31",
                ")",
                "voorziening(en)",
                "€",
                "175",
                "."
            ]
        );
    }

    fn base_value_t(name: &str, unit: Option<DurationUnit>, text: &str) -> Result<String, String> {
        base_value(name, unit, text, &Names::default())
    }

    #[test]
    fn a_capture_is_typed_only_when_it_prints_back() {
        assert_eq!(base_value_t("bedrag", None, "€ 175").unwrap(), "€ 175");
        assert_eq!(
            base_value_t("duur", Some(DurationUnit::Weken), "6").unwrap(),
            "6 weken"
        );
        assert_eq!(
            base_value_t("datum", None, "27 juni 2023").unwrap(),
            "27 juni 2023"
        );
        assert_eq!(
            base_value_t("artikelen", None, "de artikelen 4 en 6").unwrap(),
            "artikelen 4 en 6"
        );
        assert_eq!(base_value_t("percentage", None, "50%").unwrap(), "50%");
        assert!(
            base_value_t("bedrag", None, "€ 175 als het aantal uren ten minste 16 is").is_err()
        );
        // Numbers in words, as the model's own example writes them ("minimaal zes maanden").
        assert_eq!(
            base_value_t("duur", None, "zes maanden").unwrap(),
            "zes maanden"
        );
        assert_eq!(
            base_value_t("duur", Some(DurationUnit::Maanden), "zes").unwrap(),
            "zes maanden"
        );
        assert!(base_value_t("duur", None, "een half jaar").is_err());
        // A bare number in words is a number written in words ("ten hoogste vijf plaatsen"),
        // kept in that spelling; words that are no number stay no value.
        assert_eq!(base_value_t("getal", None, "vijf").unwrap(), "vijf");
        assert_eq!(base_value_t("aantal", None, "twaalf").unwrap(), "twaalf");
        assert_eq!(
            base_value_t("getal", None, "vierentwintig").unwrap(),
            "vierentwintig"
        );
        assert!(base_value_t("getal", None, "enkele").is_err());
        assert!(base_value_t("getal", None, "vijf of zes").is_err());
        assert_eq!(
            base_value_t("tekst", None, "de commissie \"Sociaal\"").unwrap(),
            "\"de commissie \\\"Sociaal\\\"\""
        );
    }
}
