//! Building statements: begrippen, slot declarations, rules, declarations, fill-ins and
//! adoptions, and the types they name.

use super::*;

impl<'a> Builder<'a> {
    // ------------------------------------------------------------------ statements

    pub(super) fn stmt(&mut self, pair: Pair<'a, Rule>) -> Option<Stmt> {
        let span = self.span(&pair);
        let inner = self.kids(pair).next()?;
        Some(match inner.as_rule() {
            Rule::begrip => Stmt::Begrip(self.begrip(inner)),
            Rule::slot_decl => match self.slot_decl(inner)? {
                SlotDecl::Invulling(i) => Stmt::Invulling(i),
                SlotDecl::Passage(p) => Stmt::Passage(p),
                SlotDecl::Keuze(k) => Stmt::Keuze(k),
            },
            Rule::rule_stmt => Stmt::Rule(self.rule(inner)),
            Rule::waarde => {
                let mut kids = self.kids(inner);
                let name = kids.next().map(|p| self.name(&p))?;
                let expr = self.expr_opt(kids.next(), span);
                Stmt::Waarde(Waarde { name, expr })
            }
            Rule::grens => {
                let mut kids = self.kids(inner);
                let name = kids.next().map(|p| self.name(&p))?;
                let mut next = kids.next();
                let mut per = None;
                if let Some(p) = next.clone().filter(|p| p.as_rule() == Rule::grens_per) {
                    per = p
                        .into_inner()
                        .find(|q| q.as_rule() == Rule::name_path)
                        .map(|q| self.name(&q));
                    next = kids.next();
                }
                let op = next.map(|p| cmp_op(p.as_str())).unwrap_or(CmpOp::Le);
                let expr = self.expr_opt(kids.next(), span);
                let soort = match (kids.next(), per) {
                    (Some(p), _) if p.as_rule() == Rule::grens_gevolg => {
                        match p.into_inner().find(|q| q.as_rule() == Rule::string) {
                            Some(q) => GrensSoort::Gevolg {
                                tekst: self.text(q),
                            },
                            None => GrensSoort::Maximum,
                        }
                    }
                    (Some(p), Some(per)) if p.as_rule() == Rule::grens_jaar => {
                        GrensSoort::Jaarsom { per }
                    }
                    _ => GrensSoort::Maximum,
                };
                Stmt::Grens(Grens {
                    name,
                    op,
                    expr,
                    soort,
                })
            }
            Rule::samenhang => Stmt::Samenhang(self.samenhang(inner)?),
            Rule::geen_regel => {
                let text = self
                    .kids(inner)
                    .find(|p| p.as_rule() == Rule::string)
                    .map(|p| self.text(p))?;
                Stmt::GeenRegel(text)
            }
            Rule::onderwerp => {
                let mut kids = self.kids(inner);
                let name = kids.next().map(|p| self.name(&p))?;
                let description = kids.next().map(|p| self.text(p))?;
                let vanaf = kids.next().map(|p| {
                    let span = self.span(&p);
                    self.date(p.as_str(), span)
                });
                Stmt::Onderwerp(Onderwerp {
                    name,
                    description,
                    vanaf,
                })
            }
            Rule::regelt => {
                let names = self.kids(inner).map(|p| self.name(&p)).collect();
                Stmt::Regelt(names)
            }
            Rule::decl => Stmt::Decl(self.decl(inner)?),
            _ => {
                self.internal(span, "een bepaling");
                return None;
            }
        })
    }

    pub(super) fn begrip(&mut self, pair: Pair<'a, Rule>) -> Begrip {
        let span = self.span(&pair);
        let mut b = Begrip {
            optional: false,
            name: self.name_at(span, ""),
            term: None,
            text: self.empty_text(span),
            definition: None,
        };
        let mut strings = 0;
        for k in self.kids(pair) {
            match k.as_rule() {
                Rule::facultatief => b.optional = true,
                Rule::word => b.name = self.name(&k),
                Rule::string => {
                    // `begrip naam "Term" "definitie"`: the first of two is the term.
                    strings += 1;
                    let t = self.text(k);
                    if strings == 2 {
                        b.term = Some(std::mem::replace(&mut b.text, t));
                    } else {
                        b.text = t;
                    }
                }
                Rule::expr => b.definition = Some(self.expr(k)),
                _ => {}
            }
        }
        b
    }

    pub(super) fn slot_decl(&mut self, pair: Pair<'a, Rule>) -> Option<SlotDecl> {
        let inner = self.kids(pair).next()?;
        let span = self.span(&inner);
        Some(match inner.as_rule() {
            Rule::invulling => {
                let mut slot = Invulling {
                    name: self.name_at(span, ""),
                    ty: TypeExpr::Base {
                        name: self.name_at(span, "tekst"),
                        unit: None,
                    },
                    label: None,
                    voorbeeld: None,
                    voorbeeldtekst: None,
                    lengte: None,
                    grens: Vec::new(),
                    trivia: Trivia::default(),
                    span,
                };
                for k in self.kids(inner) {
                    match k.as_rule() {
                        Rule::word => slot.name = self.name(&k),
                        Rule::type_expr => slot.ty = self.type_expr(k),
                        Rule::slot_attr => {
                            let Some(attr) = self.kids(k).next() else {
                                continue;
                            };
                            let attr_span = self.span(&attr);
                            let mut parts = self.kids(attr.clone());
                            match attr.as_rule() {
                                Rule::label_attr => slot.label = parts.next().map(|p| self.text(p)),
                                Rule::voorbeeld_attr => {
                                    slot.voorbeeld = parts.next().map(|p| self.fill_value(p))
                                }
                                Rule::voorbeeldtekst_attr => {
                                    slot.voorbeeldtekst = parts.next().map(|p| self.text(p))
                                }
                                Rule::lengte_attr => {
                                    let n =
                                        parts.next().and_then(|p| p.as_str().parse::<u32>().ok());
                                    slot.lengte = n.map(|n| (n, attr_span));
                                }
                                Rule::grens_attr => {
                                    let op = parts
                                        .next()
                                        .map(|p| cmp_op(p.as_str()))
                                        .unwrap_or(CmpOp::Le);
                                    let e = self.expr_opt(parts.next(), attr_span);
                                    slot.grens.push((op, e));
                                }
                                _ => {}
                            }
                        }
                        _ => {}
                    }
                }
                SlotDecl::Invulling(slot)
            }
            Rule::passage => {
                let mut name = None;
                let mut text = None;
                let mut volgt = None;
                let mut nested = Vec::new();
                for p in self.kids(inner) {
                    match p.as_rule() {
                        Rule::word => name = Some(self.name(&p)),
                        Rule::string => text = Some(self.text(p)),
                        Rule::volgt => volgt = self.kids(p).next().map(|p| self.name(&p)),
                        Rule::slot_decl => nested.push(p),
                        _ => {}
                    }
                }
                let slots = self.nested_slots(nested);
                let mut trailing = self.trailing_inside(span);
                if slots.is_empty() {
                    take_after_open_brace(self.src, &mut trailing, None);
                }
                SlotDecl::Passage(Passage {
                    name: name?,
                    text: text?,
                    volgt,
                    slots,
                    trailing,
                    trivia: Trivia::default(),
                    span,
                })
            }
            Rule::keuze => {
                let mut k = Keuze {
                    name: self.name_at(span, ""),
                    one_or_both: false,
                    zonder_haakjes: false,
                    volgt: None,
                    options: Vec::new(),
                    trailing: Trivia::default(),
                    trivia: Trivia::default(),
                    span,
                };
                for p in self.kids(inner) {
                    match p.as_rule() {
                        Rule::word => k.name = self.name(&p),
                        Rule::een_of_beide => k.one_or_both = true,
                        Rule::zonder_haakjes => k.zonder_haakjes = true,
                        Rule::volgt => k.volgt = self.kids(p).next().map(|p| self.name(&p)),
                        Rule::optie => {
                            let ospan = self.span(&p);
                            let mut trivia = self.comments_before(ospan.start);
                            if k.options.is_empty() {
                                take_after_open_brace(self.src, &mut trivia, Some(ospan.start));
                            }
                            let mut kids = self.kids(p);
                            let Some(name) = kids.next().map(|p| self.name(&p)) else {
                                continue;
                            };
                            let Some(text) = kids.next().map(|p| self.text(p)) else {
                                continue;
                            };
                            let rest: Vec<_> = kids.collect();
                            let slots = self.nested_slots(rest);
                            let mut trailing = self.trailing_inside(ospan);
                            if slots.is_empty() {
                                take_after_open_brace(self.src, &mut trailing, None);
                            }
                            trivia.end_of_line = self.end_of_line_after(ospan.end);
                            k.options.push(Optie {
                                name,
                                text,
                                slots,
                                trailing,
                                trivia,
                                span: ospan,
                            });
                        }
                        _ => {}
                    }
                }
                k.trailing = self.trailing_inside(span);
                SlotDecl::Keuze(k)
            }
            _ => {
                self.internal(span, "een invulplek");
                return None;
            }
        })
    }

    pub(super) fn rule(&mut self, pair: Pair<'a, Rule>) -> crate::syntax::ast::Rule {
        let span = self.span(&pair);
        let mut rule = crate::syntax::ast::Rule {
            modality: Modality::KanToekennen,
            modality_span: span,
            target: Target::All(span),
            condition: None,
            tenzij: None,
            zin: None,
            procedureel: false,
        };
        for k in self.kids(pair) {
            match k.as_rule() {
                Rule::procedureel => rule.procedureel = true,
                Rule::zin => {
                    let nr = self
                        .kids(k.clone())
                        .find(|p| p.as_rule() == Rule::int)
                        .and_then(|p| p.as_str().parse::<u32>().ok());
                    rule.zin = Some(match nr {
                        Some(n) => Zin::Volzin(n),
                        None => Zin::Slotzin,
                    });
                }
                Rule::modality => {
                    rule.modality_span = self.span(&k);
                    let Some(m) = self.kids(k).next() else {
                        continue;
                    };
                    rule.modality = match m.as_rule() {
                        Rule::kent_toe => Modality::KentToe,
                        Rule::kan_weigeren => Modality::KanWeigeren,
                        Rule::weigert => Modality::Weigert,
                        Rule::kan_beeindigen => Modality::KanBeeindigen,
                        Rule::uitsluitend => Modality::Uitsluitend,
                        Rule::geen_gebruik => Modality::GeenGebruik,
                        _ => Modality::KanToekennen,
                    };
                }
                Rule::target => {
                    let tspan = self.span(&k);
                    rule.target = match self.kids(k).next() {
                        Some(p) if p.as_rule() == Rule::ident => Target::Voorziening(self.name(&p)),
                        _ => Target::All(tspan),
                    };
                }
                Rule::condition => {
                    for c in self.kids(k) {
                        match c.as_rule() {
                            Rule::expr => rule.condition = Some(self.expr(c)),
                            Rule::tenzij => {
                                let s = self.span(&c);
                                let e = self.kids(c).next();
                                rule.tenzij = Some(self.expr_opt(e, s));
                            }
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        rule
    }

    pub(super) fn samenhang(&mut self, pair: Pair<'a, Rule>) -> Option<Samenhang> {
        let span = self.span(&pair);
        let mut id = None;
        let mut severity = Severity::Fout;
        let mut message = None;
        let mut bron = None;
        let mut expr = None;
        for k in self.kids(pair) {
            match k.as_rule() {
                Rule::ident => id = Some(self.name(&k)),
                Rule::ernst if k.as_str() == "waarschuwing" => severity = Severity::Waarschuwing,
                Rule::string => message = Some(self.text(k)),
                Rule::bron => bron = self.kids(k).next().map(|p| self.text(p)),
                Rule::expr => expr = Some(self.expr(k)),
                _ => {}
            }
        }
        Some(Samenhang {
            id: id?,
            severity,
            message: message?,
            bron,
            expr: expr.unwrap_or_else(|| self.bad_expr(span)),
        })
    }

    pub(super) fn decl(&mut self, pair: Pair<'a, Rule>) -> Option<Decl> {
        let inner = self.kids(pair).next()?;
        let span = self.span(&inner);
        let rule = inner.as_rule();
        let inner_text = inner.as_str();
        let mut kids = self.kids(inner);
        Some(match rule {
            Rule::feit | Rule::oordeel => {
                let name = kids.next().map(|p| self.name(&p))?;
                let ty = kids.next().map(|p| self.type_expr(p))?;
                let description = kids.next().map(|p| self.text(p));
                let f = FactDecl {
                    name,
                    ty,
                    description,
                };
                if rule == Rule::feit {
                    Decl::Feit(f)
                } else {
                    Decl::Oordeel(f)
                }
            }
            Rule::soort => {
                let name = kids.next().map(|p| self.name(&p))?;
                let values = kids.map(|p| self.name(&p)).collect();
                Decl::Soort(Soort { name, values })
            }
            Rule::parameter => {
                let name = kids.next().map(|p| self.name(&p))?;
                let ty = kids.next().map(|p| self.type_expr(p))?;
                let mut description = None;
                let mut entries = Vec::new();
                for k in kids {
                    match k.as_rule() {
                        Rule::string => description = Some(self.text(k)),
                        Rule::param_entry => {
                            let espan = self.span(&k);
                            let mut trivia = self.comments_before(espan.start);
                            if entries.is_empty() {
                                take_after_open_brace(self.src, &mut trivia, Some(espan.start));
                            }
                            let mut parts = self.kids(k);
                            let Some(d) = parts.next() else { continue };
                            let dspan = self.span(&d);
                            let from = self.date(d.as_str(), dspan);
                            let value = self.expr_opt(parts.next(), espan);
                            trivia.end_of_line = self.end_of_line_after(espan.end);
                            entries.push(ParamEntry {
                                trivia,
                                from,
                                from_span: dspan,
                                from_spelling: date_spelling(&d),
                                value,
                            });
                        }
                        _ => {}
                    }
                }
                let mut trailing = self.trailing_inside(span);
                if entries.is_empty() {
                    take_after_open_brace(self.src, &mut trailing, None);
                }
                Decl::Parameter(Parameter {
                    name,
                    ty,
                    description,
                    entries,
                    trailing,
                })
            }
            Rule::voorziening => {
                let besluit = inner_text.starts_with("besluit");
                let name = kids.next().map(|p| self.name(&p))?;
                let label = kids.next().map(|p| self.text(p))?;
                Decl::Voorziening(VoorzieningDecl {
                    name,
                    label,
                    besluit,
                    members: Vec::new(),
                })
            }
            Rule::groep => {
                let name = kids.next().map(|p| self.name(&p))?;
                let label = kids.next().map(|p| self.text(p))?;
                let members = kids.map(|p| self.name(&p)).collect();
                Decl::Voorziening(VoorzieningDecl {
                    name,
                    label,
                    besluit: false,
                    members,
                })
            }
            Rule::definitie => {
                let name = kids.next().map(|p| self.name(&p))?;
                let expr = self.expr_opt(kids.next(), span);
                Decl::Definitie(Definitie { name, expr })
            }
            _ => {
                self.internal(span, "een declaratie");
                return None;
            }
        })
    }

    // ------------------------------------------------------------------ fills

    pub(super) fn fill(&mut self, pair: Pair<'a, Rule>) -> Fill {
        let span = self.span(&pair);
        let mut fill = Fill {
            slot: self.name_at(span, ""),
            value: FillKind::Choice(Vec::new()),
        };
        let Some(inner) = self.kids(pair).next() else {
            return fill;
        };
        let is_choice = inner.as_rule() == Rule::fill_keuze;
        let mut options = Vec::new();
        for k in self.kids(inner) {
            match k.as_rule() {
                Rule::slot_path => fill.slot = self.name(&k),
                Rule::fill_value => fill.value = FillKind::Value(self.fill_value(k)),
                Rule::ident if is_choice => options.push(self.name(&k)),
                _ => {}
            }
        }
        if is_choice {
            fill.value = FillKind::Choice(options);
        }
        fill
    }

    pub(super) fn fill_value(&mut self, pair: Pair<'a, Rule>) -> FillValue {
        let span = self.span(&pair);
        let Some(inner) = self.kids(pair).next() else {
            return FillValue::List(Vec::new(), span);
        };
        match inner.as_rule() {
            Rule::art_refs => {
                let names = self.kids(inner).map(|p| self.name(&p)).collect();
                FillValue::Articles(names, span)
            }
            _ => {
                let mut items = Vec::new();
                for item in self.kids(inner) {
                    let Some(x) = self.kids(item).next() else {
                        continue;
                    };
                    match x.as_rule() {
                        Rule::record => {
                            let rspan = self.span(&x);
                            let mut fields = Vec::new();
                            for f in self.kids(x) {
                                let fspan = self.span(&f);
                                let mut parts = self.kids(f);
                                let Some(n) = parts.next() else { continue };
                                let name = self.name(&n);
                                let e = self.expr_opt(parts.next(), fspan);
                                fields.push((name, e));
                            }
                            items.push(FillItem::Record(fields, rspan));
                        }
                        Rule::getal_woord => {
                            let wspan = self.span(&x);
                            let n = crate::syntax::notation::number_from_words(x.as_str().trim())
                                .map(rust_decimal::Decimal::from)
                                .unwrap_or_default();
                            items.push(FillItem::Expr(Expr {
                                kind: ExprKind::Lit(Literal::Number(n)),
                                span: wspan,
                                written: Written {
                                    parens: false,
                                    spelling: Spelling::Words,
                                },
                            }));
                        }
                        _ => items.push(FillItem::Expr(self.expr(x))),
                    }
                }
                FillValue::List(items, span)
            }
        }
    }

    pub(super) fn adoption(&mut self, pair: Pair<'a, Rule>) -> Adoption {
        let mut adopted = true;
        let mut slots = Vec::new();
        for k in self.kids(pair) {
            match k.as_rule() {
                Rule::niet => adopted = false,
                Rule::slot_path => slots.push(self.name(&k)),
                _ => {}
            }
        }
        Adoption { adopted, slots }
    }

    // ------------------------------------------------------------------ types

    pub(super) fn type_expr(&mut self, pair: Pair<'a, Rule>) -> TypeExpr {
        let span = self.span(&pair);
        let Some(inner) = self.kids(pair).next() else {
            return self.tekst_type(span);
        };
        match inner.as_rule() {
            Rule::lijst_type => {
                let lspan = self.span(&inner);
                let elem = self.kids(inner).next();
                let elem = match elem {
                    Some(e) if e.as_rule() == Rule::record_type => self.record_type(e),
                    Some(e) => self.base_type(e),
                    None => self.tekst_type(lspan),
                };
                TypeExpr::List(Box::new(elem), lspan)
            }
            Rule::record_type => self.record_type(inner),
            _ => self.base_type(inner),
        }
    }

    pub(super) fn tekst_type(&self, span: Span) -> TypeExpr {
        TypeExpr::Base {
            name: self.name_at(span, "tekst"),
            unit: None,
        }
    }

    pub(super) fn record_type(&mut self, pair: Pair<'a, Rule>) -> TypeExpr {
        let span = self.span(&pair);
        let mut fields = Vec::new();
        for f in self.kids(pair) {
            let mut parts = self.kids(f);
            let (Some(n), Some(t)) = (parts.next(), parts.next()) else {
                continue;
            };
            let name = self.name(&n);
            let ty = self.base_type(t);
            fields.push((name, ty));
        }
        TypeExpr::Record(fields, span)
    }

    pub(super) fn base_type(&mut self, pair: Pair<'a, Rule>) -> TypeExpr {
        let span = self.span(&pair);
        let mut name = self.name_at(span, "tekst");
        let mut unit = None;
        for k in self.kids(pair) {
            match k.as_rule() {
                Rule::ja_nee | Rule::type_name => name = self.name(&k),
                Rule::unit => {
                    let s = self.span(&k);
                    unit = DurationUnit::from_word(k.as_str()).map(|u| (u, s));
                }
                _ => {}
            }
        }
        TypeExpr::Base { name, unit }
    }
}
