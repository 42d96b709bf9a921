//! Building a wijzigingsbesluit (`.wb`): its header, onderdelen, instructions and citations.

use super::*;

impl<'a> Builder<'a> {
    // ------------------------------------------------------------------ wijzigingsbesluit

    pub(super) fn besluit(&mut self, pair: Pair<'a, Rule>) -> Besluit {
        let span = self.span(&pair);
        let mut besluit = Besluit {
            title: self.empty_text(span),
            regeling: None,
            vastgesteld: None,
            bekendgemaakt: None,
            inwerkingtreding: None,
            terugwerkend: None,
            onderdelen: Vec::new(),
            span,
        };
        for k in self.kids(pair) {
            match k.as_rule() {
                Rule::besluit_header => {
                    for h in self.kids(k) {
                        match h.as_rule() {
                            Rule::string => besluit.title = self.text(h),
                            Rule::wb_meta => match self.wb_meta(h) {
                                (WbKey::Regeling, _, Some(t)) => besluit.regeling = Some(t),
                                (WbKey::Vastgesteld, Some(d), _) => besluit.vastgesteld = Some(d),
                                (WbKey::Bekendgemaakt, Some(d), _) => {
                                    besluit.bekendgemaakt = Some(d)
                                }
                                (WbKey::Inwerkingtreding, Some(d), _) => {
                                    besluit.inwerkingtreding = Some(d)
                                }
                                (WbKey::Terugwerkend, Some(d), _) => besluit.terugwerkend = Some(d),
                                _ => {}
                            },
                            _ => {}
                        }
                    }
                }
                Rule::wb_onderdeel => {
                    let o = self.wb_onderdeel(k);
                    besluit.onderdelen.push(o);
                }
                _ => {}
            }
        }
        self.pending.clear();
        besluit
    }

    /// A key and its value; a key that does not belong, or a value of the wrong kind, is a
    /// diagnostic here (and `WbKey::Onbekend`).
    pub(super) fn wb_meta(
        &mut self,
        pair: Pair<'a, Rule>,
    ) -> (WbKey, Option<NaiveDate>, Option<Text>) {
        let mut key = WbKey::Onbekend;
        let mut key_span = self.span(&pair);
        let mut date = None;
        let mut text = None;
        for k in self.kids(pair) {
            match k.as_rule() {
                Rule::wb_key => {
                    key_span = self.span(&k);
                    let words: Vec<&str> = k.as_str().split_whitespace().collect();
                    key = match words.as_slice() {
                        ["regeling"] => WbKey::Regeling,
                        ["vastgesteld"] => WbKey::Vastgesteld,
                        ["bekendgemaakt"] => WbKey::Bekendgemaakt,
                        ["inwerkingtreding"] => WbKey::Inwerkingtreding,
                        ["werkt", "terug", "tot", "en", "met"] => WbKey::Terugwerkend,
                        _ => WbKey::Onbekend,
                    };
                }
                Rule::date => {
                    let s = self.span(&k);
                    date = Some(self.date(k.as_str(), s));
                }
                Rule::string => text = Some(self.text(k)),
                _ => {}
            }
        }
        let wants_text = key == WbKey::Regeling;
        let problem = match key {
            WbKey::Onbekend => Some(
                "onbekend gegeven; een wijzigingsbesluit kent: regeling, vastgesteld, bekendgemaakt, inwerkingtreding, werkt terug tot en met",
            ),
            _ if wants_text && text.is_none() => Some("`regeling` wordt gevolgd door een pad tussen aanhalingstekens"),
            _ if !wants_text && date.is_none() => Some("hier hoort een datum (JJJJ-MM-DD of 1 januari 2025)"),
            _ => None,
        };
        if let Some(help) = problem {
            self.diags.push(
                Diagnostic::new(
                    Code::Wijziging,
                    self.file,
                    key_span,
                    format!("`{}` kan hier niet", key_span_text(self.src, key_span)),
                )
                .label("dit gegeven")
                .help(help),
            );
            key = WbKey::Onbekend;
        }
        (key, date, text)
    }

    pub(super) fn wb_onderdeel(&mut self, pair: Pair<'a, Rule>) -> WbOnderdeel {
        let span = self.span(&pair);
        let mut o = WbOnderdeel {
            label: self.name_at(span, ""),
            inwerkingtreding: None,
            terugwerkend: None,
            instructies: Vec::new(),
            span,
        };
        for k in self.kids(pair) {
            match k.as_rule() {
                Rule::wb_label => o.label = self.name(&k),
                Rule::wb_meta => match self.wb_meta(k) {
                    (WbKey::Inwerkingtreding, Some(d), _) => o.inwerkingtreding = Some(d),
                    (WbKey::Terugwerkend, Some(d), _) => o.terugwerkend = Some(d),
                    (WbKey::Onbekend, _, _) => {}
                    (_, _, _) => self.diags.push(
                        Diagnostic::new(
                            Code::Wijziging,
                            self.file,
                            span,
                            format!(
                                "onderdeel {} noemt een gegeven van het hele besluit",
                                o.label.text
                            ),
                        )
                        .label("dit onderdeel")
                        .help("een onderdeel kan alleen een eigen `inwerkingtreding` en `werkt terug tot en met` hebben; regeling, vastgesteld en bekendgemaakt staan in de kop"),
                    ),
                },
                Rule::wb_instructie => {
                    if let Some(i) = self.wb_instructie(k) {
                        o.instructies.push(i);
                    }
                }
                _ => {}
            }
        }
        o
    }

    pub(super) fn wb_instructie(&mut self, pair: Pair<'a, Rule>) -> Option<Instructie> {
        let span = self.span(&pair);
        let inner = self.kids(pair).next()?;
        let rule = inner.as_rule();
        if matches!(rule, Rule::wb_kop_luiden | Rule::wb_bijlage) {
            return self.wb_kop_of_bijlage(inner, span);
        }
        let mut citaten = Vec::new();
        let mut teksten = Vec::new();
        let mut na = true;
        for k in self.kids(inner) {
            match k.as_rule() {
                Rule::wb_citaat => citaten.push(self.wb_citaat(k)),
                Rule::wb_tekst => {
                    if let Some(t) = self.wb_tekst(k) {
                        teksten.push(t);
                    }
                }
                Rule::wb_plaats => na = k.as_str().trim() == "na",
                _ => {}
            }
        }
        self.pending.clear();
        let mut citaten = citaten.into_iter();
        let citaat = citaten.next()?;
        let opdracht = match rule {
            Rule::wb_luiden => Opdracht::KomtTeLuiden(teksten.into_iter().next()?),
            Rule::wb_vervalt => Opdracht::Vervalt,
            Rule::wb_invoegen => Opdracht::Invoegen { na, teksten },
            Rule::wb_vernummeren => Opdracht::Vernummerd(citaten.next()?),
            _ => return None,
        };
        Some(Instructie {
            citaat,
            opdracht,
            span,
        })
    }

    /// A heading's new title, or a bijlage that lapses, is replaced or is added: instructions
    /// that cite no article (their `citaat` is empty).
    fn wb_kop_of_bijlage(&mut self, inner: Pair<'a, Rule>, span: Span) -> Option<Instructie> {
        let rule = inner.as_rule();
        let mut paragraaf = false;
        let mut nr = None;
        let mut heading = None;
        let mut bijlage = None;
        let mut invoegen = false;
        for k in self.kids(inner) {
            match k.as_rule() {
                Rule::wb_kop_citaat => {
                    paragraaf = k.as_str().trim_start().starts_with("paragraaf");
                    nr = self
                        .kids(k)
                        .find(|p| p.as_rule() == Rule::unit_nr)
                        .map(|p| self.name(&p));
                }
                Rule::hoofdstuk | Rule::paragraaf => heading = Some(self.heading(k)),
                Rule::bijlage_id => nr = Some(self.name(&k)),
                Rule::wb_bijlage_nieuw => invoegen = true,
                Rule::bijlage => bijlage = Some(self.bijlage(k)),
                _ => {}
            }
        }
        self.pending.clear();
        let nr = nr?;
        let opdracht = match rule {
            Rule::wb_kop_luiden => Opdracht::KopKomtTeLuiden {
                paragraaf,
                nr,
                tekst: heading?,
            },
            _ => Opdracht::Bijlage {
                id: nr,
                nieuw: bijlage,
                invoegen,
            },
        };
        Some(Instructie {
            citaat: Citaat {
                artikel: self.name_at(span, ""),
                lid: None,
                onderdeel: None,
                span,
            },
            opdracht,
            span,
        })
    }

    pub(super) fn wb_citaat(&mut self, pair: Pair<'a, Rule>) -> Citaat {
        let span = self.span(&pair);
        let mut c = Citaat {
            artikel: self.name_at(span, ""),
            lid: None,
            onderdeel: None,
            span,
        };
        for k in self.kids(pair) {
            match k.as_rule() {
                Rule::unit_nr => c.artikel = self.name(&k),
                Rule::int => c.lid = Some(self.name(&k)),
                Rule::onderdeel_label => c.onderdeel = Some(self.name(&k)),
                _ => {}
            }
        }
        c
    }

    pub(super) fn wb_tekst(&mut self, pair: Pair<'a, Rule>) -> Option<WbTekst> {
        let inner = self.kids(pair).next()?;
        let span = self.span(&inner);
        // Comments in front of the unit belong to the besluit, not to the new text.
        self.pending.clear();
        Some(match inner.as_rule() {
            Rule::artikel => WbTekst::Artikel(self.artikel(inner), span),
            Rule::lid => WbTekst::Lid(self.lid(inner), span),
            Rule::onderdeel => WbTekst::Onderdeel(self.onderdeel(inner), span),
            Rule::hoofdstuk => WbTekst::Hoofdstuk(self.heading(inner), span),
            Rule::paragraaf => WbTekst::Paragraaf(self.heading(inner), span),
            _ => return None,
        })
    }
}
