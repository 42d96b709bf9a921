//! Statutory bounds: every `grens vz.prop <= x` in the wet layer is checked against the
//! values that lower layers give `vz.prop` (`waarde vz.prop = ...`), with the ordinance's
//! fill-ins substituted. A violation points at the value and at the wet clause.

use super::conform::{visit_refs, State};
use super::consteval::{compare, ConstEval, NoSlots, SlotSource};
use super::context::{scope_of, Checker};
use super::symbols::art_prefix;
use crate::diagnostics::{Code, Diagnostic, FileId};
use crate::syntax::*;

struct Bound<'a> {
    grens: &'a Grens,
    file: FileId,
}

struct Value<'a> {
    waarde: &'a Waarde,
    file: FileId,
    scope: Vec<String>,
}

impl<'p> Checker<'p> {
    pub fn bounds(&self) {
        let mut bounds = Vec::new();
        for doc in &self.chain {
            if doc.ast.header.layer == Layer::Wet {
                collect(&doc.ast, &mut |s, _| {
                    if let Stmt::Grens(g) = s {
                        bounds.push(Bound {
                            grens: g,
                            file: doc.id,
                        });
                    }
                });
            }
        }
        if bounds.is_empty() || self.layer() == Layer::Wet {
            return;
        }
        let mut values = Vec::new();
        for doc in &self.chain {
            if doc.ast.header.layer == Layer::Wet {
                continue;
            }
            collect(&doc.ast, &mut |s, prefix| {
                if let Stmt::Waarde(w) = s {
                    values.push(Value {
                        waarde: w,
                        file: doc.id,
                        scope: scope_of(prefix),
                    });
                }
            });
        }
        let fills = self.collect_fills_quiet();
        let with_fills = self.layer() == Layer::Verordening && self.model.is_some();
        let state = State {
            checker: self,
            fills: &fills,
        };
        let source: &dyn SlotSource = if with_fills { &state } else { &NoSlots };
        let ev = ConstEval::new(self, source, self.reference_date());
        for b in &bounds {
            let Some(limits) = ev.eval(&b.grens.expr, &[String::new()]) else {
                continue;
            };
            let Some(limit) = limits.first() else {
                continue;
            };
            for v in values
                .iter()
                .filter(|v| v.waarde.name.text == b.grens.name.text)
            {
                // Values in other files are checked when those files are checked, unless
                // this ordinance's fill-ins feed them.
                let fed_by = self.fill_feeding(&v.waarde.expr, &v.scope, &fills);
                if v.file != self.file() && fed_by.is_none() {
                    continue;
                }
                let Some(possible) = ev.eval(&v.waarde.expr, &v.scope) else {
                    continue;
                };
                let Some(bad) = possible
                    .iter()
                    .find(|x| compare(b.grens.op, x, limit, ev.reference) == Some(false))
                else {
                    continue;
                };
                let (file, span, label) = match fed_by {
                    Some(span) if v.file != self.file() => (self.file(), span, "deze invulling"),
                    _ => (v.file, v.waarde.expr.span, "deze waarde"),
                };
                let mut d = Diagnostic::new(
                    Code::WettelijkeGrens,
                    file,
                    span,
                    format!(
                        "`{}` = {bad} ligt buiten de wettelijke grens {} {limit}",
                        v.waarde.name.text,
                        b.grens.op.as_str()
                    ),
                )
                .label(label)
                .with_secondary(
                    b.file,
                    b.grens.name.span.to(b.grens.expr.span),
                    "de grens in de wet",
                );
                if v.file != file {
                    d = d.with_secondary(
                        v.file,
                        v.waarde.expr.span,
                        "de regel die deze waarde gebruikt",
                    );
                }
                self.emit(d.help(format!(
                    "een lagere regeling blijft binnen de wet: kies een waarde {} {limit}",
                    b.grens.op.as_str()
                )));
            }
        }
    }

    /// The span of the fill in this ordinance that feeds an expression, if any.
    fn fill_feeding(
        &self,
        e: &Expr,
        scope: &[String],
        fills: &super::conform::FillTable<'_>,
    ) -> Option<Span> {
        let mut found = None;
        visit_refs(e, &mut |n| {
            if found.is_none() {
                if let Some(slot) = self.slot_ref(&n.text, scope) {
                    found = fills.values.get(&slot.id).map(|(_, s)| *s);
                }
            }
        });
        found
    }

    /// The fill table without reporting duplicates again (conform reports them).
    pub(super) fn collect_fills_quiet(&self) -> super::conform::FillTable<'p> {
        let before = self.diags.borrow().len();
        let t = self.collect_fills();
        self.diags.borrow_mut().truncate(before);
        t
    }
}

/// Visit every statement of a file with the slot prefix of the unit it stands in.
pub fn collect<'a>(file: &'a File, f: &mut dyn FnMut(&'a Stmt, &str)) {
    for item in &file.items {
        match &item.kind {
            ItemKind::Artikel(a) => members(&a.members, &art_prefix(&a.nr.text), f),
            ItemKind::Bijlage(b) => members(&b.members, &format!("bijlage{}", b.id.text), f),
            ItemKind::Aanhef(b) => members(&b.members, "aanhef", f),
            ItemKind::Slotformule(b) => members(&b.members, "slot", f),
            _ => {}
        }
    }
}

fn members<'a>(ms: &'a [Member], prefix: &str, f: &mut dyn FnMut(&'a Stmt, &str)) {
    for m in ms {
        match &m.kind {
            MemberKind::Lid(l) => members(&l.members, &format!("{prefix}.lid{}", l.nr.text), f),
            MemberKind::LidGroup(g) => members(
                &g.leden,
                &crate::check::symbols::lid_group_prefix(prefix, g),
                f,
            ),
            MemberKind::Onderdeel(o) => {
                members(&o.members, &format!("{prefix}.{}", o.label.text), f)
            }
            MemberKind::Stmt(s) => f(s, prefix),
            _ => {}
        }
    }
}
