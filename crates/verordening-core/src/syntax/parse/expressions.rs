//! Building expressions: the expression tree with its operators, and literals.

use super::*;

impl<'a> Builder<'a> {
    // ------------------------------------------------------------------ expressions

    pub(super) fn too_long(&mut self, span: Span, what: &str) -> Expr {
        self.diags.push(
            Diagnostic::new(
                Code::Syntaxis,
                self.file,
                span,
                format!("te veel {what} (ten hoogste {MAX_CHAIN})"),
            )
            .label("hier")
            .help("splits de regel in definities (`definitie naam = ...`)"),
        );
        self.bad_expr(span)
    }

    pub(super) fn bad_expr(&self, span: Span) -> Expr {
        Expr {
            kind: ExprKind::Lit(Literal::Bool(false)),
            span,
            written: Written::default(),
        }
    }

    pub(super) fn expr_opt(&mut self, pair: Option<Pair<'a, Rule>>, span: Span) -> Expr {
        match pair {
            Some(p) => self.expr(p),
            None => {
                self.internal(span, "een uitdrukking");
                self.bad_expr(span)
            }
        }
    }

    pub(super) fn expr(&mut self, pair: Pair<'a, Rule>) -> Expr {
        // The tree of an expression is at most as deep as it has tokens: a bound on tokens
        // bounds every recursive pass over it (checking, lowering, formatting, dropping).
        if self.expr_level == 0 {
            let tokens = pair.clone().into_inner().flatten().count();
            if tokens > MAX_EXPR_TOKENS {
                let span = self.span(&pair);
                self.diags.push(
                    Diagnostic::new(
                        Code::Syntaxis,
                        self.file,
                        span,
                        format!("deze uitdrukking is te lang ({tokens} delen, ten hoogste {MAX_EXPR_TOKENS})"),
                    )
                    .label("hier")
                    .help("splits de regel in definities (`definitie naam = ...`)"),
                );
                return self.bad_expr(span);
            }
        }
        self.expr_level += 1;
        let e = self.expr_tree(pair);
        self.expr_level -= 1;
        e
    }

    pub(super) fn expr_tree(&mut self, pair: Pair<'a, Rule>) -> Expr {
        let span = self.span(&pair);
        let rule = pair.as_rule();
        match rule {
            Rule::expr
            | Rule::primary
            | Rule::unary
            | Rule::not_expr
            | Rule::round_expr
            | Rule::cmp_expr
            | Rule::add_expr
            | Rule::mul_expr
            | Rule::and_expr
            | Rule::or_expr => {}
            Rule::indien => {
                // indien C1 dan T1 [anders indien C2 dan T2]... anders E: each link of the
                // chain is an `indien` nested in the `anders` of the one before, as written.
                let mut kids = self.kids(pair);
                let c = self.expr_opt(kids.next(), span);
                let t = self.expr_opt(kids.next(), span);
                let mut links = vec![(span.offset(), c, t)];
                let mut otherwise = None;
                for k in kids {
                    if k.as_rule() == Rule::anders_indien {
                        let start = k
                            .clone()
                            .into_inner()
                            .find(|p| p.as_rule() == Rule::kw_indien)
                            .map(|p| p.as_span().start())
                            .unwrap_or(k.as_span().start());
                        let mut inner = self.kids(k);
                        let c = self.expr_opt(inner.next(), span);
                        let t = self.expr_opt(inner.next(), span);
                        links.push((start, c, t));
                    } else {
                        otherwise = Some(self.expr(k));
                    }
                }
                if links.len() > MAX_CHAIN {
                    return self.too_long(span, "`anders indien` in één keten");
                }
                let mut e = otherwise.unwrap_or_else(|| self.bad_expr(span));
                while let Some((start, c, t)) = links.pop() {
                    e = Expr {
                        kind: ExprKind::If(Box::new(c), Box::new(t), Box::new(e)),
                        span: Span::new(start, span.end as usize),
                        written: Written::default(),
                    };
                }
                return e;
            }
            Rule::literal => return self.literal(pair),
            Rule::reference => {
                let name = self.name(&pair);
                return Expr {
                    kind: ExprKind::Ref(name),
                    span,
                    written: Written::default(),
                };
            }
            Rule::lijst_call => return self.lijst_call(pair, span),
            Rule::call => {
                let mut kids = self.kids(pair);
                let name = match kids.next() {
                    Some(n) => self.name(&n),
                    None => self.name_at(span, ""),
                };
                let args = kids.map(|a| self.expr(a)).collect();
                return Expr {
                    kind: ExprKind::Call(name, args),
                    span,
                    written: Written::default(),
                };
            }
            _ => {
                self.internal(span, "een uitdrukking");
                return self.bad_expr(span);
            }
        }
        // `primary = { ... | "(" ~ expr ~ ")" | ... }`: the author's parentheses are kept.
        let parens = rule == Rule::primary && pair.as_str().starts_with('(');
        let kids: Vec<_> = self.kids(pair).collect();
        match rule {
            Rule::expr | Rule::primary => match kids.into_iter().next() {
                Some(k) => {
                    let mut e = self.expr(k);
                    if parens {
                        // The parentheses belong to the operand: an underline under
                        // `((a + b) * 2) > "x"` or `(x) + y` starts and ends with them.
                        e.written.parens = true;
                        e.span = span;
                    }
                    e
                }
                None => self.bad_expr(span),
            },
            Rule::not_expr | Rule::unary => {
                // `niet niet x`, `- - x`: the operators repeat; each applies to all after it.
                let mut ops = Vec::new();
                let mut operand = None;
                for k in kids {
                    match k.as_rule() {
                        Rule::niet | Rule::neg => ops.push((k.as_rule(), k.as_span().start())),
                        _ => operand = Some(k),
                    }
                }
                if ops.len() > MAX_CHAIN {
                    return self.too_long(span, "`niet` of `-` achter elkaar");
                }
                let mut e = self.expr_opt(operand, span);
                while let Some((op, start)) = ops.pop() {
                    let inner = Box::new(e);
                    e = Expr {
                        kind: if op == Rule::niet {
                            ExprKind::Not(inner)
                        } else {
                            ExprKind::Neg(inner)
                        },
                        span: Span::new(start, span.end as usize),
                        written: Written::default(),
                    };
                }
                e
            }
            Rule::round_expr => {
                let mut it = kids.into_iter();
                let mut e = self.expr_opt(it.next(), span);
                for r in it {
                    let rspan = self.span(&r);
                    let mut dir = Rounding::Nearest;
                    let mut step = None;
                    for p in self.kids(r) {
                        match p.as_rule() {
                            Rule::richting => {
                                dir = if p.as_str().contains("boven") {
                                    Rounding::Up
                                } else {
                                    Rounding::Down
                                };
                            }
                            _ => step = Some(self.expr(p)),
                        }
                    }
                    let step = step.unwrap_or_else(|| self.bad_expr(rspan));
                    let whole = e.span.to(rspan);
                    e = Expr {
                        kind: ExprKind::Round(Box::new(e), dir, Box::new(step)),
                        span: whole,
                        written: Written::default(),
                    };
                }
                e
            }
            Rule::cmp_expr => {
                let mut it = kids.into_iter();
                let left = self.expr_opt(it.next(), span);
                match it.next() {
                    None => left,
                    Some(op) if op.as_rule() == Rule::in_list => {
                        let items = self.kids(op).map(|p| self.expr(p)).collect();
                        Expr {
                            kind: ExprKind::In(Box::new(left), items),
                            span,
                            written: Written::default(),
                        }
                    }
                    Some(op) => {
                        let right = self.expr_opt(it.next(), span);
                        Expr {
                            kind: ExprKind::Cmp(
                                cmp_op(op.as_str()),
                                Box::new(left),
                                Box::new(right),
                            ),
                            span,
                            written: Written::default(),
                        }
                    }
                }
            }
            _ => {
                // Left-associative chains: operand (op operand)*. For and/or the operator
                // keyword was dropped by kids(), so the operator is implied by the rule.
                let implied = match rule {
                    Rule::and_expr => Some(BinOp::And),
                    Rule::or_expr => Some(BinOp::Or),
                    _ => None,
                };
                let mut it = kids.into_iter();
                let mut left = self.expr_opt(it.next(), span);
                while let Some(next) = it.next() {
                    let (op, right_pair) = match implied {
                        Some(op) => (op, Some(next)),
                        None => (bin_op(next.as_str()), it.next()),
                    };
                    let right = self.expr_opt(right_pair, span);
                    let s = left.span.to(right.span);
                    left = Expr {
                        kind: ExprKind::Binary(op, Box::new(left), Box::new(right)),
                        span: s,
                        written: Written::default(),
                    };
                }
                left
            }
        }
    }

    /// `kies(L waarbij C, vroegste veld, ...)`, `aantal(...)`, `bestaat(...)`, `alle(...)`.
    fn lijst_call(&mut self, pair: Pair<'a, Rule>, span: Span) -> Expr {
        let mut op = LijstOp::Kies;
        let mut op_span = span;
        let mut list = None;
        let mut waarbij = None;
        let mut volgorde = Vec::new();
        for k in self.kids(pair) {
            match k.as_rule() {
                Rule::lijst_fn => {
                    op_span = self.span(&k);
                    op = match k.as_str() {
                        "aantal" => LijstOp::Aantal,
                        "bestaat" => LijstOp::Bestaat,
                        "alle" => LijstOp::Alle,
                        _ => LijstOp::Kies,
                    };
                }
                Rule::name_path => list = Some(self.name(&k)),
                Rule::waarbij => {
                    let wspan = self.span(&k);
                    let cond = self.kids(k).next();
                    waarbij = Some(self.expr_opt(cond, wspan));
                }
                Rule::volgorde => {
                    let vspan = self.span(&k);
                    let mut richting = Richting::Vroegste;
                    let mut field = None;
                    for p in self.kids(k) {
                        match p.as_rule() {
                            Rule::volgorde_woord => {
                                richting = Richting::from_word(p.as_str()).unwrap_or(richting);
                            }
                            _ => field = Some(self.name(&p)),
                        }
                    }
                    let field = field.unwrap_or_else(|| self.name_at(vspan, ""));
                    volgorde.push(Volgorde {
                        richting,
                        field,
                        span: vspan,
                    });
                }
                _ => {}
            }
        }
        let list = list.unwrap_or_else(|| self.name_at(span, ""));
        Expr {
            kind: ExprKind::Lijst(Box::new(LijstExpr {
                op,
                op_span,
                list,
                waarbij,
                volgorde,
            })),
            span,
            written: Written::default(),
        }
    }

    pub(super) fn literal(&mut self, pair: Pair<'a, Rule>) -> Expr {
        let span = self.span(&pair);
        let Some(inner) = self.kids(pair).next() else {
            return self.bad_expr(span);
        };
        let text = inner.as_str();
        let spelling = match inner.as_rule() {
            Rule::date => date_spelling(&inner),
            Rule::percent if text.ends_with("procent") => Spelling::Words,
            Rule::quantity if text.starts_with(|c: char| c.is_alphabetic()) => Spelling::Words,
            _ => Spelling::Usual,
        };
        let lit = match inner.as_rule() {
            Rule::date => Literal::Date(self.date(text, span)),
            Rule::money => Literal::Money(self.number(text.trim_start_matches('€').trim(), span)),
            Rule::percent => {
                let digits = text
                    .trim_end_matches("procent")
                    .trim_end_matches('%')
                    .trim();
                Literal::Percent(self.number(digits, span))
            }
            Rule::quantity => {
                let mut words = text.split_whitespace();
                let n = words.next().unwrap_or("0");
                let unit = words.next().and_then(DurationUnit::from_word);
                let n = match crate::syntax::notation::number_from_words(n) {
                    Some(w) => rust_decimal::Decimal::from(w),
                    None => self.number(n, span),
                };
                Literal::Quantity(n, unit.unwrap_or(DurationUnit::Dagen))
            }
            Rule::boolean => Literal::Bool(text == "ja"),
            Rule::number => Literal::Number(self.number(text, span)),
            Rule::string => Literal::Text(self.text(inner)),
            _ => {
                self.internal(span, "een waarde");
                Literal::Bool(false)
            }
        };
        Expr {
            kind: ExprKind::Lit(lit),
            span,
            written: Written {
                parens: false,
                spelling,
            },
        }
    }
}

pub(super) fn cmp_op(s: &str) -> CmpOp {
    match s {
        "=" => CmpOp::Eq,
        "!=" | "≠" => CmpOp::Ne,
        "<" => CmpOp::Lt,
        "<=" | "≤" => CmpOp::Le,
        ">" => CmpOp::Gt,
        _ => CmpOp::Ge,
    }
}

pub(super) fn bin_op(s: &str) -> BinOp {
    match s {
        "+" => BinOp::Add,
        "-" => BinOp::Sub,
        "*" | "×" => BinOp::Mul,
        "/" => BinOp::Div,
        "van" => BinOp::Van,
        "of" => BinOp::Or,
        _ => BinOp::And,
    }
}
