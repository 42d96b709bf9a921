//! Statutory bounds: every `grens vz.prop <= x` in the wet layer is checked against the
//! values that lower layers give `vz.prop` (`waarde vz.prop = ...`), with the ordinance's
//! fill-ins substituted. A violation points at the value and at the wet clause.

use super::conform::{visit_refs, State};
use super::consteval::{compare, same_limit, ConstEval, NoSlots, SlotSource};
use super::context::{scope_of, Checker};
use crate::diagnostics::{Code, Diagnostic, FileId};
use crate::syntax::*;
use crate::value::V;

/// A clause `grens vz.prop op limit` of the wet layer.
pub(super) struct Bound<'a> {
    pub grens: &'a Grens,
    pub file: FileId,
}

struct Value<'a> {
    waarde: &'a Waarde,
    file: FileId,
    scope: Vec<String>,
}

impl<'p> Checker<'p> {
    fn wet_bounds(&self) -> Vec<Bound<'p>> {
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
        bounds
    }

    /// The `waarde` rules of the layers below the wet.
    fn lower_values(&self) -> Vec<Value<'p>> {
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
        values
    }

    /// The wet clauses that bound a slot's value itself: `grens vz.prop ...` in the wet where
    /// a lower layer says `waarde vz.prop = SLOT`. A bound the model sets on that slot with the
    /// same operator and limit is the same bound, restated in the model.
    pub(super) fn wet_bounds_on_slot(&self, slot_id: &str) -> Vec<Bound<'p>> {
        let values = self.lower_values();
        self.wet_bounds()
            .into_iter()
            .filter(|b| b.grens.soort.is_maximum())
            .filter(|b| {
                values.iter().any(|v| {
                    v.waarde.name.text == b.grens.name.text
                        && self.is_the_slot(&v.waarde.expr, &v.scope) == Some(slot_id)
                })
            })
            .collect()
    }

    /// The slot an expression is, when it is nothing but a reference to one.
    fn is_the_slot(&self, e: &Expr, scope: &[String]) -> Option<&str> {
        match &e.kind {
            ExprKind::Ref(n) => self.slot_ref(&n.text, scope).map(|s| s.id.as_str()),
            _ => None,
        }
    }

    /// Whether the model bounds the slot that `value` is with the same operator and limit as
    /// the wet clause `b`: then conformance reports the violation once, with both clauses.
    fn restated_on_the_slot(
        &self,
        b: &Bound<'_>,
        limit: &crate::value::Val,
        value: &Value<'_>,
        ev: &ConstEval<'_, '_>,
    ) -> bool {
        let Some(slot) = self
            .is_the_slot(&value.waarde.expr, &value.scope)
            .and_then(|id| self.slots.get(id))
        else {
            return false;
        };
        slot.invulling.as_ref().is_some_and(|inv| {
            inv.grens
                .iter()
                .any(|(op, e)| *op == b.grens.op && same_limit(ev, e, &slot.scope, limit))
        })
    }

    pub fn bounds(&self) {
        let bounds = self.wet_bounds();
        if bounds.is_empty() || self.layer() == Layer::Wet {
            return;
        }
        let values = self.lower_values();
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
                if fed_by.is_some()
                    && b.grens.soort.is_maximum()
                    && self.restated_on_the_slot(b, limit, v, &ev)
                {
                    continue; // reported at the fill, with the model's and the wet's clause
                }
                let Some(possible) = ev.eval(&v.waarde.expr, &v.scope) else {
                    continue;
                };
                let op = b.grens.op.as_str();
                let (code, message, help) = match &b.grens.soort {
                    GrensSoort::Maximum => {
                        let Some(bad) = possible
                            .iter()
                            .find(|x| compare(b.grens.op, x, limit, ev.reference) == Some(false))
                        else {
                            continue;
                        };
                        (
                            Code::WettelijkeGrens,
                            format!(
                                "`{}` = {bad} ligt buiten de wettelijke grens {op} {limit}",
                                v.waarde.name.text
                            ),
                            format!("een lagere regeling blijft binnen de wet: kies een waarde {op} {limit}"),
                        )
                    }
                    GrensSoort::Jaarsom { per } => {
                        let periods = self.period_values(&per.text, &values, &ev);
                        let Some((bad, period, n, year)) =
                            yearly_violation(&possible, &periods, b.grens.op, limit, &ev)
                        else {
                            continue;
                        };
                        let times = if n == 1 {
                            "1 betaling".to_string()
                        } else {
                            format!("{n} betalingen")
                        };
                        (
                            Code::WettelijkeGrens,
                            format!(
                                "`{}` = {bad} per {period} is {year} per kalenderjaar ({times}); dat ligt buiten de wettelijke grens {op} {limit} per kalenderjaar",
                                v.waarde.name.text
                            ),
                            format!(
                                "de wet begrenst het bedrag per kalenderjaar, niet per betaling: {n} × het bedrag moet {op} {limit} zijn"
                            ),
                        )
                    }
                    GrensSoort::Gevolg { tekst } => {
                        let Some(bad) = possible
                            .iter()
                            .find(|x| compare(b.grens.op, x, limit, ev.reference) == Some(false))
                        else {
                            continue;
                        };
                        (
                            Code::WettelijkGevolg,
                            format!(
                                "`{}` = {bad} gaat voorbij {limit}: {}",
                                v.waarde.name.text, tekst.value
                            ),
                            format!(
                                "de wet verbiedt deze waarde niet; {limit} is geen maximum, maar het bedrag tot waar de wet dit gevolg niet verbindt"
                            ),
                        )
                    }
                };
                let (file, span, label) = match fed_by {
                    Some(span) if v.file != self.file() => (self.file(), span, "deze invulling"),
                    _ => (v.file, v.waarde.expr.span, "deze waarde"),
                };
                let secondary = if b.grens.soort.is_maximum() {
                    "de grens in de wet"
                } else if matches!(b.grens.soort, GrensSoort::Jaarsom { .. }) {
                    "de grens per kalenderjaar in de wet"
                } else {
                    "het gevolg in de wet"
                };
                let mut d = Diagnostic::new(code, file, span, message)
                    .label(label)
                    .with_secondary(b.file, b.clause_span(), secondary);
                if v.file != file {
                    d = d.with_secondary(
                        v.file,
                        v.waarde.expr.span,
                        "de regel die deze waarde gebruikt",
                    );
                }
                self.emit(d.help(help));
            }
        }
    }

    /// The possible values of `waarde <name>` in the layers below the wet: the period of a
    /// yearly-sum bound.
    fn period_values(
        &self,
        name: &str,
        values: &[Value<'_>],
        ev: &ConstEval<'_, '_>,
    ) -> Vec<crate::value::Duration> {
        let mut out = Vec::new();
        for v in values.iter().filter(|v| v.waarde.name.text == name) {
            for x in ev.eval(&v.waarde.expr, &v.scope).unwrap_or_default() {
                if let crate::value::Val::Scalar(V::Duur(d)) = x {
                    out.push(d);
                }
            }
        }
        out
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

impl Bound<'_> {
    /// The clause as written: `premie_participatieplaats.bedrag <= vrijlating_premie`.
    pub fn clause_span(&self) -> Span {
        self.grens.name.span.to(self.grens.expr.span)
    }
}

/// Visit every statement of a file with the slot prefix of the unit it stands in.
pub fn collect<'a>(file: &'a File, f: &mut dyn FnMut(&'a Stmt, &str)) {
    crate::syntax::place::visit_statements(file, f);
}

/// How many payments, one per `period`, can fall in one calendar year: at most
/// ⌈12 / maanden⌉ for a period of whole months (6 maanden: 2), ⌈366 / dagen⌉ for one of days.
/// None for a mixed or empty period.
pub fn payments_per_year(period: crate::value::Duration) -> Option<i64> {
    let ceil = |total: i64, each: i64| (total + each - 1) / each;
    match (period.months, period.days, period.workdays) {
        (m, 0, 0) if m > 0 => Some(ceil(12, i64::from(m))),
        (0, d, 0) if d > 0 => Some(ceil(366, i64::from(d))),
        _ => None,
    }
}

/// The first amount whose yearly sum (amount × payments per calendar year) breaks the bound:
/// (amount, period, payments, yearly sum). Without a known period, one payment a year.
fn yearly_violation(
    amounts: &[crate::value::Val],
    periods: &[crate::value::Duration],
    op: CmpOp,
    limit: &crate::value::Val,
    ev: &ConstEval<'_, '_>,
) -> Option<(crate::value::Val, String, i64, crate::value::Val)> {
    use crate::value::{arith, Val};
    let periods: Vec<(String, i64)> = if periods.is_empty() {
        vec![("kalenderjaar".to_string(), 1)]
    } else {
        periods
            .iter()
            .filter_map(|p| Some((p.to_string(), payments_per_year(*p)?)))
            .collect()
    };
    for a in amounts {
        for (label, n) in &periods {
            let year = arith(BinOp::Mul, &Val::Scalar(V::Getal((*n).into())), a)?;
            if compare(op, &year, limit, ev.reference) == Some(false) {
                return Some((a.clone(), label.clone(), *n, year));
            }
        }
    }
    None
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::cast_sign_loss)]
mod tests {
    use super::payments_per_year;
    use crate::value::Duration;

    #[test]
    fn payments_in_a_calendar_year() {
        assert_eq!(payments_per_year(Duration::months(6)), Some(2));
        assert_eq!(payments_per_year(Duration::months(12)), Some(1));
        assert_eq!(payments_per_year(Duration::months(5)), Some(3));
        assert_eq!(payments_per_year(Duration::months(1)), Some(12));
        assert_eq!(payments_per_year(Duration::days(183)), Some(2));
        assert_eq!(payments_per_year(Duration::days(0)), None);
    }
}
