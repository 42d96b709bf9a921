//! Constant evaluation at check time: the values a filled-in slot, a parameter or a rule's
//! value can take, so that bounds and the model's constraints can be checked before any case.
//!
//! An expression that depends on case facts has no constant value (None). Where an `indien`
//! depends on facts, both branches are possible values: a bound must hold for each.

use super::context::Checker;
use super::symbols::GlobalKind;
use crate::syntax::*;
use crate::value::V;
use crate::value::{self, Val};
use chrono::NaiveDate;
use std::cell::Cell;

/// A chain `a ± b ± c ...` of at least two additions or subtractions, as its first term and
/// the signed terms after it, so that `datum + 3 maanden + 3 maanden - 1 dag` can be
/// evaluated as `datum + (6 maanden - 1 dag)`: the end of a period of months is the day
/// before the same day so many months later, which adding one term at a time (clamping to
/// a month end in between) would miss by a day. The caller checks that the first term is a
/// date and the others durations; for anything else the chain is evaluated as written.
pub fn date_chain(e: &Expr) -> Option<(&Expr, Vec<(BinOp, &Expr)>)> {
    let mut rest = Vec::new();
    let mut cur = e;
    while let ExprKind::Binary(op @ (BinOp::Add | BinOp::Sub), l, r) = &cur.kind {
        rest.push((*op, &**r));
        cur = l;
    }
    if rest.len() < 2 {
        return None;
    }
    rest.reverse();
    Some((cur, rest))
}

/// Possible values are capped so that nested `indien`s cannot blow up.
const MAX_POSSIBLE: usize = 16;
const MAX_DEPTH: u32 = 32;

/// What the evaluation knows about the ordinance's choices.
pub trait SlotSource {
    /// Possible values of a filled-in slot.
    fn slot_value(&self, id: &str, ev: &ConstEval<'_, '_>) -> Option<Vec<Val>>;
    /// `overgenomen`, `ingevuld`, `gekozen` of a slot.
    fn slot_state(&self, function: &str, id: &str, option: Option<&str>) -> Option<bool>;
}

/// No ordinance: only constants and parameters.
pub struct NoSlots;

impl SlotSource for NoSlots {
    fn slot_value(&self, _: &str, _: &ConstEval<'_, '_>) -> Option<Vec<Val>> {
        None
    }
    fn slot_state(&self, _: &str, _: &str, _: Option<&str>) -> Option<bool> {
        None
    }
}

pub struct ConstEval<'c, 'p> {
    pub checker: &'c Checker<'p>,
    pub slots: &'c dyn SlotSource,
    /// The date at which parameters are read and durations compared.
    pub reference: NaiveDate,
    depth: Cell<u32>,
}

impl<'c, 'p> ConstEval<'c, 'p> {
    pub fn new(checker: &'c Checker<'p>, slots: &'c dyn SlotSource, reference: NaiveDate) -> Self {
        ConstEval {
            checker,
            slots,
            reference,
            depth: Cell::new(0),
        }
    }

    /// Possible values of an expression, or None if it depends on case facts.
    pub fn eval(&self, e: &Expr, scope: &[String]) -> Option<Vec<Val>> {
        let d = self.depth.get();
        if d > MAX_DEPTH {
            return None;
        }
        self.depth.set(d + 1);
        let r = self.eval_inner(e, scope);
        self.depth.set(d);
        r.map(|mut v| {
            v.dedup();
            v.truncate(MAX_POSSIBLE);
            v
        })
    }

    /// `datum ± duur ± duur ...` with the durations added up first (see [`date_chain`]).
    fn date_chain(&self, e: &Expr, scope: &[String]) -> Option<Vec<Val>> {
        let (first, rest) = date_chain(e)?;
        let starts = self.eval(first, scope)?;
        if !starts.iter().all(|v| matches!(v, Val::Scalar(V::Datum(_)))) {
            return None;
        }
        let mut sums = vec![value::Duration::default()];
        for (op, term) in rest {
            let mut next = Vec::new();
            for v in self.eval(term, scope)? {
                let Val::Scalar(V::Duur(d)) = v else {
                    return None;
                };
                let d = if op == BinOp::Sub {
                    d.checked_neg()?
                } else {
                    d
                };
                for s in &sums {
                    next.push(s.checked_add(d)?);
                }
            }
            next.dedup();
            next.truncate(MAX_POSSIBLE);
            sums = next;
        }
        let mut out = Vec::new();
        for a in &starts {
            for s in &sums {
                out.push(value::arith(BinOp::Add, a, &Val::Scalar(V::Duur(*s)))?);
            }
        }
        Some(out)
    }

    fn eval_inner(&self, e: &Expr, scope: &[String]) -> Option<Vec<Val>> {
        match &e.kind {
            ExprKind::Lit(l) => Some(vec![value::literal(l)?]),
            ExprKind::Ref(name) => self.reference_value(name, scope),
            ExprKind::Call(f, args) => self.call(f, args, scope),
            // A list is a fact of the case: never constant.
            ExprKind::Lijst(_) => None,
            ExprKind::Neg(x) => {
                self.map1(x, scope, |v| value::arith(BinOp::Sub, &zero_like(v)?, v))
            }
            ExprKind::Not(x) => self.map1(x, scope, |v| match v {
                Val::Scalar(V::JaNee(b)) => Some(Val::Scalar(V::JaNee(!b))),
                _ => None,
            }),
            ExprKind::Binary(op @ (BinOp::And | BinOp::Or), l, r) => {
                // Short-circuit, so that "niet overgenomen(X) of <something about X>" is decided
                // even where <something about X> has no value.
                let decided = Val::Scalar(V::JaNee(*op == BinOp::Or));
                let ls = self.eval(l, scope);
                if ls
                    .as_deref()
                    .is_some_and(|v| !v.is_empty() && v.iter().all(|x| *x == decided))
                {
                    return Some(vec![decided]);
                }
                let rs = self.eval(r, scope);
                if rs
                    .as_deref()
                    .is_some_and(|v| !v.is_empty() && v.iter().all(|x| *x == decided))
                {
                    return Some(vec![decided]);
                }
                let (ls, rs) = (ls?, rs?);
                let mut out = Vec::new();
                for a in &ls {
                    for b in &rs {
                        out.push(value::arith(*op, a, b)?);
                    }
                }
                Some(out)
            }
            ExprKind::Binary(BinOp::Add | BinOp::Sub, ..)
                if self.date_chain(e, scope).is_some() =>
            {
                self.date_chain(e, scope)
            }
            ExprKind::Binary(op, l, r) => {
                let ls = self.eval(l, scope)?;
                let rs = self.eval(r, scope)?;
                let mut out = Vec::new();
                for a in &ls {
                    for b in &rs {
                        out.push(value::arith(*op, a, b)?);
                    }
                }
                Some(out)
            }
            ExprKind::Cmp(op, l, r) => {
                let ls = self.eval(l, scope)?;
                let rs = self.eval(r, scope)?;
                let mut out = Vec::new();
                for a in &ls {
                    for b in &rs {
                        out.push(Val::Scalar(V::JaNee(compare(*op, a, b, self.reference)?)));
                    }
                }
                Some(out)
            }
            ExprKind::In(x, items) => {
                let xs = self.eval(x, scope)?;
                let mut options = Vec::new();
                for i in items {
                    options.extend(self.eval(i, scope)?);
                }
                Some(
                    xs.iter()
                        .map(|v| Val::Scalar(V::JaNee(options.contains(v))))
                        .collect(),
                )
            }
            ExprKind::If(c, t, f) => match self.eval(c, scope).as_deref() {
                Some([Val::Scalar(V::JaNee(true))]) => self.eval(t, scope),
                Some([Val::Scalar(V::JaNee(false))]) => self.eval(f, scope),
                _ => {
                    let mut out = self.eval(t, scope)?;
                    out.extend(self.eval(f, scope)?);
                    Some(out)
                }
            },
            ExprKind::Round(x, dir, step) => {
                let xs = self.eval(x, scope)?;
                let ss = self.eval(step, scope)?;
                let s = ss.first()?;
                xs.iter().map(|v| value::round(v, *dir, s)).collect()
            }
        }
    }

    fn map1(
        &self,
        x: &Expr,
        scope: &[String],
        f: impl Fn(&Val) -> Option<Val>,
    ) -> Option<Vec<Val>> {
        self.eval(x, scope)?.iter().map(f).collect()
    }

    fn reference_value(&self, name: &Name, scope: &[String]) -> Option<Vec<Val>> {
        if let Some(slot) = self.checker.slot_ref(&name.text, scope) {
            return self.slots.slot_value(&slot.id, self);
        }
        let g = self.checker.globals.get(&name.text)?;
        match g.kind {
            GlobalKind::EnumValue => Some(vec![Val::Enum(
                name.text
                    .rsplit('.')
                    .next()
                    .unwrap_or(&name.text)
                    .to_string(),
            )]),
            GlobalKind::Parameter => self.parameter(&name.text),
            GlobalKind::GeldigVanaf => Some(vec![Val::Scalar(V::Datum(
                self.checker.datum_inwerkingtreding()?,
            ))]),
            GlobalKind::Definitie | GlobalKind::Begrip | GlobalKind::Eigenschap => {
                let scope = g.scope.clone();
                self.eval(g.expr?, &scope)
            }
            _ => None,
        }
    }

    /// The value of a parameter in force at the reference date.
    pub fn parameter(&self, name: &str) -> Option<Vec<Val>> {
        for doc in &self.checker.chain {
            for p in parameters(&doc.ast) {
                if p.name.text != name {
                    continue;
                }
                let entry = p.entries.iter().rev().find(|e| e.from <= self.reference)?;
                return self.eval(&entry.value, &[String::new()]);
            }
        }
        None
    }

    fn call(&self, f: &Name, args: &[Expr], scope: &[String]) -> Option<Vec<Val>> {
        match f.text.as_str() {
            "kleinste" | "grootste" => {
                let a = self.eval(args.first()?, scope)?;
                let b = self.eval(args.get(1)?, scope)?;
                let mut out = Vec::new();
                for x in &a {
                    for y in &b {
                        let ord = x.compare(y, self.reference)?;
                        let pick_x = (f.text == "kleinste") == (ord != std::cmp::Ordering::Greater);
                        out.push(if pick_x { x.clone() } else { y.clone() });
                    }
                }
                Some(out)
            }
            "aantal_perioden" => {
                let (a, b, p) = (
                    self.eval(args.first()?, scope)?,
                    self.eval(args.get(1)?, scope)?,
                    self.eval(args.get(2)?, scope)?,
                );
                let mut out = Vec::new();
                for x in &a {
                    for y in &b {
                        for d in &p {
                            let (
                                Val::Scalar(V::Datum(x)),
                                Val::Scalar(V::Datum(y)),
                                Val::Scalar(V::Duur(d)),
                            ) = (x, y, d)
                            else {
                                return None;
                            };
                            out.push(Val::Scalar(V::Getal(
                                value::periods_reached(*x, *y, *d)?.into(),
                            )));
                        }
                    }
                }
                Some(out)
            }
            "element" => {
                let lists = self.eval(args.first()?, scope)?;
                // An index that depends on the case can be any position.
                let index = self.eval(args.get(1)?, scope);
                let mut out = Vec::new();
                for l in &lists {
                    let Val::List(items) = l else { return None };
                    match index.as_deref() {
                        Some(positions) => {
                            for p in positions {
                                out.push(list_element(items, p)?.clone());
                            }
                        }
                        None => out.extend(items.iter().cloned()),
                    }
                }
                Some(out)
            }
            "opzoeken" => {
                let lists = self.eval(args.first()?, scope)?;
                let ExprKind::Cmp(_, key_field, key) = &args.get(1)?.kind else {
                    return None;
                };
                let (ExprKind::Ref(key_field), ExprKind::Ref(result)) =
                    (&key_field.kind, &args.get(2)?.kind)
                else {
                    return None;
                };
                let keys = self.eval(key, scope);
                let mut out = Vec::new();
                for l in &lists {
                    let Val::List(rows) = l else { return None };
                    for row in rows {
                        let Val::Record(fields) = row else {
                            return None;
                        };
                        let field =
                            |name: &str| fields.iter().find(|(n, _)| n == name).map(|(_, v)| v);
                        let matches = match (&keys, field(&key_field.text)) {
                            (Some(keys), Some(k)) => keys.contains(k),
                            (None, Some(_)) => true,
                            (_, None) => return None,
                        };
                        if matches {
                            out.push(field(&result.text)?.clone());
                        }
                    }
                }
                Some(out)
            }
            "overgenomen" | "ingevuld" | "gekozen" => {
                let ExprKind::Ref(slot_name) = &args.first()?.kind else {
                    return None;
                };
                let slot = self.checker.slot_ref(&slot_name.text, scope)?;
                let option = match args.get(1).map(|a| &a.kind) {
                    Some(ExprKind::Ref(o)) => Some(o.text.as_str()),
                    _ => None,
                };
                Some(vec![Val::Scalar(V::JaNee(
                    self.slots.slot_state(&f.text, &slot.id, option)?,
                ))])
            }
            _ => None,
        }
    }
}

/// The element at a 1-based position of a list (`element(percentages, 2)`).
pub fn list_element<'v>(items: &'v [Val], position: &Val) -> Option<&'v Val> {
    let Val::Scalar(V::Getal(d)) = position else {
        return None;
    };
    if !d.fract().is_zero() {
        return None;
    }
    let i = usize::try_from(rust_decimal::prelude::ToPrimitive::to_i64(d)?).ok()?;
    items.get(i.checked_sub(1)?)
}

fn zero_like(v: &Val) -> Option<Val> {
    use rust_decimal::Decimal;
    Some(match v {
        Val::Scalar(V::Getal(_)) => Val::Scalar(V::Getal(Decimal::ZERO)),
        Val::Scalar(V::Bedrag(_)) => Val::Scalar(V::Bedrag(Decimal::ZERO)),
        Val::Scalar(V::Percentage(_)) => Val::Scalar(V::Percentage(Decimal::ZERO)),
        Val::Scalar(V::Uren(_)) => Val::Scalar(V::Uren(Decimal::ZERO)),
        Val::Scalar(V::Duur(_)) => Val::Scalar(V::Duur(value::Duration::default())),
        _ => return None,
    })
}

pub fn compare(op: CmpOp, a: &Val, b: &Val, reference: NaiveDate) -> Option<bool> {
    use std::cmp::Ordering::*;
    if matches!(op, CmpOp::Eq | CmpOp::Ne) {
        let eq = match a.compare(b, reference) {
            Some(o) => o == Equal,
            None => a == b,
        };
        return Some(if op == CmpOp::Eq { eq } else { !eq });
    }
    let o = a.compare(b, reference)?;
    Some(match op {
        CmpOp::Lt => o == Less,
        CmpOp::Le => o != Greater,
        CmpOp::Gt => o == Greater,
        CmpOp::Ge => o != Less,
        CmpOp::Eq | CmpOp::Ne => false,
    })
}

/// All parameter declarations of a file, wherever they stand.
pub fn parameters(file: &File) -> Vec<&Parameter> {
    let mut out = Vec::new();
    for item in &file.items {
        match &item.kind {
            ItemKind::Decl(Decl::Parameter(p)) => out.push(p),
            ItemKind::Artikel(a) => collect_params(&a.members, &mut out),
            _ => {}
        }
    }
    out
}

fn collect_params<'a>(members: &'a [Member], out: &mut Vec<&'a Parameter>) {
    for m in members {
        match &m.kind {
            MemberKind::Lid(l) => collect_params(&l.members, out),
            MemberKind::LidGroup(g) => collect_params(&g.leden, out),
            MemberKind::Onderdeel(o) => collect_params(&o.members, out),
            MemberKind::Stmt(Stmt::Decl(Decl::Parameter(p))) => out.push(p),
            _ => {}
        }
    }
}

/// Whether a bound's expression comes to `limit`.
pub(crate) fn same_limit(
    ev: &ConstEval<'_, '_>,
    e: &Expr,
    scope: &[String],
    limit: &crate::value::Val,
) -> bool {
    ev.eval(e, scope)
        .and_then(|v| v.first().cloned())
        .is_some_and(|l| compare(CmpOp::Eq, &l, limit, ev.reference) == Some(true))
}
