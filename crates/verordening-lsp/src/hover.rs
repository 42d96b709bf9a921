//! Hover: what a slot, name, option, cross-reference or layer path is, with the legal text of
//! the article or lid it belongs to, as it will be published (fill-ins substituted).

use super::analysis::{written, Analysis};
use super::legal::LegalText;
use super::locate;
use super::position::LineIndex;
use super::resolve::{self, ArticleRef, GlobalDecl, Resolved};
use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind};
use verordening_core::check::conform::State;
use verordening_core::check::symbols::{Global, GlobalKind, Slot, SlotKind};
use verordening_core::check::{visit_stmts, Checker};
use verordening_core::syntax::*;

pub fn hover(analysis: &Analysis, offset: usize) -> Option<Hover> {
    let doc = analysis.doc()?;
    let src = analysis.text(doc.id);
    let target = locate::at(&doc.ast, src, offset)?;
    let checker = analysis.checker()?;
    let resolved = resolve::resolve(&checker, &target)?;
    let legal = LegalText::new(&analysis.project, analysis.index);
    let h = Hovering {
        analysis,
        checker: &checker,
        legal: legal.as_ref(),
    };
    let value = match resolved {
        Resolved::Slot(slot) => h.slot(slot),
        Resolved::Global(name, g) => h.global(name, g),
        Resolved::Option { keuze, option } => h.option(keuze, option),
        Resolved::Article(a) => h.article(&a),
        Resolved::Layer(d) => layer(d, analysis),
        Resolved::Begrip(b, d) => h.textual_begrip(b, d),
        Resolved::Field {
            list,
            global,
            field,
            ty,
            chosen_by,
        } => h.field(list, global, &field, &ty, chosen_by.as_deref()),
    };
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value,
        }),
        range: Some(LineIndex::new(src).range(target.span())),
    })
}

struct Hovering<'a, 'c, 'p> {
    analysis: &'a Analysis,
    checker: &'c Checker<'p>,
    legal: Option<&'a LegalText>,
}

const RULE: &str = "\n\n---\n\n";

impl Hovering<'_, '_, '_> {
    fn src(&self, file: verordening_core::diagnostics::FileId) -> &str {
        self.analysis.text(file)
    }

    /// Whether the document fills in a model (so fills, choices and adoptions can be shown).
    fn fills_model(&self) -> bool {
        self.checker.layer() == Layer::Verordening
            && self
                .checker
                .model
                .is_some_and(|m| m.id != self.checker.doc.id)
    }

    fn slot(&self, slot: &Slot) -> String {
        let mut out = format!("**{}** `{}`", slot.kind.noun(), slot.id);
        let model_src = self.src(slot.file);
        if let Some(i) = slot.invulling.as_ref() {
            out.push_str(&format!(": {}", written(i.ty.span(), model_src)));
            let mut attrs = Vec::new();
            if let Some(l) = &i.label {
                attrs.push(format!("label *{}*", l.value));
            }
            if let Some(v) = &i.voorbeeld {
                attrs.push(format!("voorbeeld `{}`", written(v.span(), model_src)));
            }
            if let Some((n, _)) = i.lengte {
                attrs.push(format!("{n} elementen"));
            }
            for (op, e) in &i.grens {
                attrs.push(format!(
                    "grens {} `{}`",
                    op.as_str(),
                    verordening_core::fmt::expr(e)
                ));
            }
            if !attrs.is_empty() {
                out.push_str(&format!("\n\n{}", capitalize(&attrs.join(" · "))));
            }
        }
        if let SlotKind::Keuze {
            options,
            one_or_both,
        } = &slot.kind
        {
            if *one_or_both {
                out.push_str(" (een of beide)");
            }
            let texts = resolve::keuze_decl(self.checker, &slot.id);
            out.push_str("\n\nOpties:");
            for o in options {
                let text = texts
                    .and_then(|k| k.options.iter().find(|x| &x.name.text == o))
                    .map(|x| format!(": {}", x.text.value))
                    .unwrap_or_default();
                out.push_str(&format!("\n- `{o}`{text}"));
            }
        }
        if let Some(v) = slot.volgt.as_ref() {
            out.push_str(&format!(
                "\n\nVolgt `{}`: wordt niet apart gekozen.",
                v.text
            ));
        }
        if let Some((keuze, option)) = &slot.option {
            out.push_str(&format!("\n\nHoort bij optie `{option}` van `{keuze}`."));
        }
        if self.fills_model() {
            out.push_str(&format!("\n\n{}", self.slot_state(slot)));
        }
        let text = if slot.kind == SlotKind::OptionalBegrip {
            self.begrip_text(slot)
        } else if slot.id.starts_with("aanhef.") {
            self.legal.and_then(LegalText::aanhef)
        } else {
            unit_of_slot(&slot.id).and_then(|(nr, lid)| self.legal_text(&nr, lid.as_deref()))
        };
        if let Some(t) = text {
            out.push_str(RULE);
            out.push_str(&t);
        }
        out
    }

    /// What the ordinance decided about a slot.
    fn slot_state(&self, slot: &Slot) -> String {
        let fills = self.checker.collect_fills();
        let state = State {
            checker: self.checker,
            fills: &fills,
        };
        let doc_src = self.src(self.checker.doc.id);
        let decided = match &slot.kind {
            SlotKind::Fill => match fills.values.get(&slot.id) {
                Some((v, _)) => format!("**Ingevuld:** `{}`", written(v.span(), doc_src)),
                None => "Nog niet ingevuld.".to_string(),
            },
            SlotKind::Keuze { .. } if slot.volgt.is_none() => match fills.choices.get(&slot.id) {
                Some((names, _)) => {
                    let names: Vec<String> =
                        names.iter().map(|n| format!("`{}`", n.text)).collect();
                    format!("**Gekozen:** {}", names.join(", "))
                }
                None => "Nog niet gekozen.".to_string(),
            },
            _ => match state.adopted(&slot.id) {
                Some(true) => "**Overgenomen.**".to_string(),
                Some(false) => "**Niet overgenomen.**".to_string(),
                None => "Nog niet beslist: `overgenomen` of `niet overgenomen`.".to_string(),
            },
        };
        match state.in_scope(slot) {
            Some(false) => format!(
                "{decided} Valt buiten de verordening: het deel waarin dit staat is niet overgenomen of niet gekozen."
            ),
            _ => decided,
        }
    }

    fn begrip_text(&self, slot: &Slot) -> Option<String> {
        let model = self.checker.model?;
        let mut found = None;
        visit_stmts(&model.ast, &mut |s| {
            if let Stmt::Begrip(b) = s {
                if b.name.span.same_range(&slot.span) {
                    found = Some(format!(
                        "*{}*: {}",
                        b.name.text.replace('_', " "),
                        b.text.value
                    ));
                }
            }
        });
        found
    }

    fn legal_text(&self, nr: &str, lid: Option<&str>) -> Option<String> {
        self.legal?.article(nr, lid)
    }

    fn global(&self, name: &str, g: &Global<'_>) -> String {
        let src = self.src(g.file);
        let mut out = format!("**{}** `{name}`", g.kind.noun());
        if let Some(t) = g.ty {
            out.push_str(&format!(": {}", written(t.span(), src)));
        }
        match resolve::global_decl(self.checker, g) {
            Some(GlobalDecl::Decl(Decl::Feit(f) | Decl::Oordeel(f))) => {
                if let Some(d) = &f.description {
                    out.push_str(&format!("\n\n{}", d.value));
                }
                if g.kind == GlobalKind::Oordeel {
                    out.push_str("\n\nEen oordeel van het college: het wordt nooit aangenomen, de casus moet het geven.");
                }
            }
            Some(GlobalDecl::Decl(Decl::Parameter(p))) => {
                if let Some(d) = &p.description {
                    out.push_str(&format!("\n\n{}", d.value));
                }
                for e in &p.entries {
                    out.push_str(&format!(
                        "\n- vanaf {}: `{}`",
                        verordening_core::value::format_date(e.from),
                        verordening_core::fmt::expr(&e.value)
                    ));
                }
            }
            Some(GlobalDecl::Decl(Decl::Soort(s))) if g.kind == GlobalKind::Soort => {
                let values: Vec<String> =
                    s.values.iter().map(|v| format!("`{}`", v.text)).collect();
                out.push_str(&format!("\n\nWaarden: {}", values.join(", ")));
            }
            Some(GlobalDecl::Decl(Decl::Soort(s))) => {
                out.push_str(&format!(" (soort `{}`)", s.name.text));
            }
            Some(GlobalDecl::Decl(Decl::Voorziening(v))) => {
                out.push_str(&format!("\n\n{}", v.label.value));
            }
            Some(GlobalDecl::Decl(Decl::Definitie(d))) => {
                out.push_str(&format!(
                    "\n\n`{name} = {}`",
                    verordening_core::fmt::expr(&d.expr)
                ));
            }
            Some(GlobalDecl::Begrip(b)) => {
                out.push_str(&format!(
                    "\n\n*{}*: {}",
                    b.name.text.replace('_', " "),
                    b.text.value
                ));
                if let Some(e) = &b.definition {
                    out.push_str(&format!(
                        "\n\nIn regels: `{}`",
                        verordening_core::fmt::expr(e)
                    ));
                }
            }
            Some(GlobalDecl::Onderwerp(o)) => {
                out.push_str(&format!("\n\n{}", o.description.value));
            }
            None => {
                if let Some(e) = g.expr {
                    out.push_str(&format!(
                        "\n\n`{name} = {}`",
                        verordening_core::fmt::expr(e)
                    ));
                }
            }
        }
        if g.kind == GlobalKind::Peildatum {
            out.push_str("\n\nDe datum waarop een casus wordt beoordeeld.");
            return out;
        }
        let unit = resolve::doc_of(self.checker, g.file)
            .and_then(|d| resolve::enclosing_unit(&d.ast, g.span));
        out.push_str(&self.declared_in(g.file, g.layer, &unit));
        // The legal text the name comes from (a begrip already showed its definition).
        if g.kind != GlobalKind::Begrip {
            if let Some(t) = unit.and_then(|(nr, lid)| self.legal_text(&nr, lid.as_deref())) {
                out.push_str(RULE);
                out.push_str(&t);
            }
        }
        out
    }

    /// A field of the entries of a list fact, or of the entry a definition chooses.
    fn field(
        &self,
        list: &str,
        g: &Global<'_>,
        field: &str,
        ty: &verordening_core::check::types::Ty,
        chosen_by: Option<&str>,
    ) -> String {
        let mut out = format!("**veld** `{field}`: {ty}\n\n");
        match chosen_by {
            Some(entry) => out.push_str(&format!(
                "Van de vermelding uit `{list}` die `{entry}` kiest. Kiest `{entry}` geen vermelding (niemand voldoet), dan heeft dit veld geen uitkomst: zet er `bestaat({entry})` bij. Bij een gelijke stand is het veld alleen bekend als de gelijke vermeldingen erin overeenkomen."
            )),
            None => out.push_str(&format!(
                "Van elke vermelding van `{list}`: in de voorwaarde na `waarbij` en in de volgorde het veld van de vermelding die wordt getoetst."
            )),
        }
        if let Some(GlobalDecl::Decl(Decl::Feit(f))) = resolve::global_decl(self.checker, g) {
            if let Some(d) = &f.description {
                out.push_str(&format!("\n\n`{list}`: {}", d.value));
            }
        }
        out
    }

    /// "*Gedeclareerd in `file` (laag model), artikel 1.*"
    fn declared_in(
        &self,
        file: verordening_core::diagnostics::FileId,
        layer: Layer,
        unit: &Option<(String, Option<String>)>,
    ) -> String {
        let file_name = self.analysis.project.sources.name(file);
        let place = match unit {
            Some((nr, Some(lid))) => format!("artikel {nr}, {} lid", ordinal(lid)),
            Some((nr, None)) => format!("artikel {nr}"),
            None => "de kop van het bestand".to_string(),
        };
        format!(
            "\n\n*Gedeclareerd in `{file_name}` (laag {}), {place}.*",
            layer.keyword()
        )
    }

    /// A begrip that the text defines and no rule uses: its text.
    fn textual_begrip(&self, b: &Begrip, doc: &verordening_core::project::Document) -> String {
        let mut out = format!(
            "**begrip** `{}`\n\n*{}*: {}",
            b.name.text,
            b.name.text.replace('_', " "),
            b.text.value
        );
        out.push_str("\n\nAlleen in de tekst: het begrip heeft geen definitie in regels.");
        let unit = resolve::enclosing_unit(&doc.ast, b.name.span);
        out.push_str(&self.declared_in(doc.id, doc.ast.header.layer, &unit));
        out
    }

    fn option(&self, keuze: &Slot, option: &Optie) -> String {
        let mut out = format!(
            "**optie** `{}` van keuze `{}`\n\n> {}",
            option.name.text, keuze.id, option.text.value
        );
        if self.fills_model() {
            let fills = self.checker.collect_fills();
            let state = State {
                checker: self.checker,
                fills: &fills,
            };
            let chosen = state
                .chosen(&keuze.id)
                .map(|c| c.contains(&option.name.text));
            out.push_str(match chosen {
                Some(true) => "\n\n**Gekozen.**",
                Some(false) => "\n\nNiet gekozen.",
                None => "\n\nDe keuze is nog niet gemaakt.",
            });
        }
        if let Some(t) =
            unit_of_slot(&keuze.id).and_then(|(nr, lid)| self.legal_text(&nr, lid.as_deref()))
        {
            out.push_str(RULE);
            out.push_str(&t);
        }
        out
    }

    fn article(&self, a: &ArticleRef<'_>) -> String {
        let lid = a.lid.map(|(l, _)| l.nr.text.as_str());
        let mut out = self.article_text(a, lid);
        if let Some(h) = super::history::door_de_tijd(self.analysis, &a.artikel.nr.text, lid) {
            out.push_str(RULE);
            out.push_str(&h);
        }
        out
    }

    fn article_text(&self, a: &ArticleRef<'_>, lid: Option<&str>) -> String {
        if let Some(t) = self.legal_text(&a.artikel.nr.text, lid) {
            return t;
        }
        // No rendered text (the wet layer, say): the text as written.
        let mut out = format!(
            "**Artikel {}. {}**",
            a.artikel.nr.text, a.artikel.title.value
        );
        let members = match a.lid {
            Some((l, _)) => &l.members,
            None => &a.artikel.members,
        };
        for m in members {
            if let MemberKind::Tekst(t) = &m.kind {
                out.push_str(&format!("\n\n{}", t.value));
            }
        }
        out
    }
}

fn layer(d: &verordening_core::project::Document, analysis: &Analysis) -> String {
    let h = &d.ast.header;
    let mut out = format!(
        "**{}** {}\n\n`{}`",
        h.layer.keyword(),
        h.title.value,
        analysis.project.sources.name(d.id)
    );
    for m in &h.meta {
        let value = match &m.value {
            MetaValue::Date(date) => verordening_core::value::format_date(*date),
            MetaValue::Text(t) => t.value.clone(),
        };
        out.push_str(&format!("\n- {}: {value}", m.key.as_str()));
    }
    out
}

/// The article and lid a slot id names: `art8.lid3.bedrag` → ("8", Some("3")),
/// `art9.lid3-4` → ("9", Some("3-4")), `art4` → ("4", None). Aanhef, slot and bijlagen: None.
pub fn unit_of_slot(id: &str) -> Option<(String, Option<String>)> {
    let mut parts = id.split('.');
    let nr = parts.next()?.strip_prefix("art")?;
    let lid = parts
        .next()
        .and_then(|p| p.strip_prefix("lid"))
        .map(str::to_string);
    Some((nr.to_string(), lid))
}

/// "3" → "derde".
fn ordinal(lid: &str) -> String {
    lid.parse::<usize>()
        .ok()
        .and_then(|n| n.checked_sub(1))
        .and_then(|i| verordening_core::value::ORDINALS.get(i))
        .map(|s| s.to_string())
        .unwrap_or_else(|| lid.to_string())
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
