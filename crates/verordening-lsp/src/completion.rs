//! Completion: the options of a choice after `keuze SLOT =`, slot ids after `invulling`,
//! `keuze` and `(niet) overgenomen`, and fact, oordeel and other names in expressions.
//!
//! The context is read from the text of the line before the cursor, not from the tree: while a
//! line is being typed the file usually does not parse, and the line alone says what is wanted.
//! The names come from the checker's tables of the last analysis (the model's slots, the
//! chain's globals), which error recovery keeps available.

use super::analysis::{written, Analysis};
use super::position::LineIndex;
use super::resolve;
use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionTextEdit, Documentation, MarkupContent,
    MarkupKind, Range, TextEdit,
};
use verordening_core::check::conform::State;
use verordening_core::check::symbols::{GlobalKind, Slot, SlotKind};
use verordening_core::check::Checker;
use verordening_core::syntax::Layer;

/// What the cursor is completing.
#[derive(Debug, PartialEq, Eq)]
enum Context {
    /// `keuze SLOT = a, ` → the options of SLOT not yet chosen.
    Options { slot: String, chosen: Vec<String> },
    /// `invulling `, `keuze `, `overgenomen ` at the start of a top-level line.
    Slots(SlotWanted),
    /// A name inside an expression.
    Expression,
}

#[derive(Debug, PartialEq, Eq, Clone, Copy)]
enum SlotWanted {
    Fill,
    Choice,
    Adoption,
}

pub fn completion(analysis: &Analysis, offset: usize) -> Vec<CompletionItem> {
    let Some(file) = analysis.file() else {
        return Vec::new();
    };
    let text = analysis.text(file);
    let offset = offset.min(text.len());
    let line_start = text
        .get(..offset)
        .and_then(|t| t.rfind('\n'))
        .map(|i| i + 1)
        .unwrap_or(0);
    let before = text.get(line_start..offset).unwrap_or("");
    let word_start = before
        .char_indices()
        .rev()
        .find(|(_, c)| !is_name_char(*c))
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(0);
    let head = before.get(..word_start).unwrap_or("");
    let Some(context) = context(head) else {
        return Vec::new();
    };
    let Some(checker) = analysis.checker() else {
        return Vec::new();
    };
    let index = LineIndex::new(text);
    let range = Range::new(
        index.position(line_start + word_start),
        index.position(offset),
    );
    let fills_model = checker.layer() == Layer::Verordening
        && checker.model.is_some_and(|m| m.id != checker.doc.id);
    match context {
        Context::Options { slot, chosen } => options(&checker, &slot, &chosen, range),
        Context::Slots(wanted) if fills_model => slots(&checker, wanted, range),
        Context::Slots(_) => Vec::new(),
        Context::Expression => names(&checker, range),
    }
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '.' | '-')
}

/// The completion context from the text of the line before the word being typed.
fn context(head: &str) -> Option<Context> {
    // Inside a string literal: legal text, nothing to complete.
    if head.matches('"').count() % 2 == 1 || head.contains('#') {
        return None;
    }
    let top_level = !head.starts_with([' ', '\t']);
    let line = head.trim_start();
    if let Some(rest) = line.strip_prefix("keuze ") {
        return match rest.split_once('=') {
            Some((slot, after)) => {
                let after = after.trim_end();
                let expecting = after.is_empty() || after.ends_with(',') || after.ends_with(" en");
                expecting.then(|| Context::Options {
                    slot: slot.trim().to_string(),
                    chosen: after
                        .split([',', ' '])
                        .filter(|w| !w.is_empty() && *w != "en")
                        .map(str::to_string)
                        .collect(),
                })
            }
            None if top_level && rest.trim().is_empty() => Some(Context::Slots(SlotWanted::Choice)),
            None => None,
        };
    }
    if let Some(rest) = line.strip_prefix("invulling ") {
        if !rest.contains('=') {
            return (top_level && rest.trim().is_empty())
                .then_some(Context::Slots(SlotWanted::Fill));
        }
        return Some(Context::Expression);
    }
    let adoption = line
        .strip_prefix("overgenomen ")
        .or_else(|| line.strip_prefix("niet overgenomen "));
    if let Some(rest) = adoption {
        let rest = rest.trim_end();
        return (top_level && (rest.is_empty() || rest.ends_with(',')))
            .then_some(Context::Slots(SlotWanted::Adoption));
    }
    let expression = line.contains('=')
        || line.contains('(')
        || [
            " als ", " tenzij ", "indien ", " dan ", " anders ", " en ", " of ", "niet ",
        ]
        .iter()
        .any(|w| format!(" {line}").contains(w))
        || line.starts_with("vanaf ")
        || line.starts_with("grens ")
        || (line.starts_with("samenhang ") && line.contains(':'));
    expression.then_some(Context::Expression)
}

fn options(
    checker: &Checker<'_>,
    slot: &str,
    chosen: &[String],
    range: Range,
) -> Vec<CompletionItem> {
    let Some(s) = checker.slots.get(slot) else {
        return Vec::new();
    };
    let SlotKind::Keuze { options, .. } = &s.kind else {
        return Vec::new();
    };
    let decl = resolve::keuze_decl(checker, slot);
    options
        .iter()
        .filter(|o| !chosen.contains(o))
        .map(|o| {
            let text = decl
                .and_then(|k| k.options.iter().find(|x| &x.name.text == o))
                .map(|x| x.text.value.clone());
            item(
                o,
                CompletionItemKind::ENUM_MEMBER,
                format!("optie van {slot}"),
                text,
                range,
                None,
            )
        })
        .collect()
}

fn slots(checker: &Checker<'_>, wanted: SlotWanted, range: Range) -> Vec<CompletionItem> {
    let fills = checker.collect_fills();
    let state = State {
        checker,
        fills: &fills,
    };
    checker
        .slots
        .slots
        .iter()
        .enumerate()
        .filter(|(_, s)| match wanted {
            SlotWanted::Fill => s.kind == SlotKind::Fill,
            SlotWanted::Choice => matches!(s.kind, SlotKind::Keuze { .. }) && s.volgt.is_none(),
            SlotWanted::Adoption => s.kind.is_optional_unit() && s.volgt.is_none(),
        })
        .map(|(i, s)| {
            let decided = fills.span_of(&s.id).is_some();
            // Slots outside the ordinance (in a part it did not adopt) and decided ones last.
            let rank = u8::from(decided) + 2 * u8::from(state.in_scope(s) == Some(false));
            let mut detail = slot_detail(checker, s);
            if decided {
                detail.push_str(" (al beslist)");
            }
            item(
                &s.id,
                slot_kind(&s.kind),
                detail,
                slot_documentation(s),
                range,
                Some(format!("{rank}{i:05}")),
            )
        })
        .collect()
}

fn slot_kind(kind: &SlotKind) -> CompletionItemKind {
    match kind {
        SlotKind::Fill => CompletionItemKind::FIELD,
        SlotKind::Keuze { .. } => CompletionItemKind::ENUM,
        _ => CompletionItemKind::MODULE,
    }
}

fn slot_detail(checker: &Checker<'_>, s: &Slot) -> String {
    match s.invulling.as_ref() {
        Some(i) => format!(
            "{}: {}",
            s.kind.noun(),
            written(i.ty.span(), checker.project.sources.text(s.file))
        ),
        None => s.kind.noun().to_string(),
    }
}

fn slot_documentation(s: &Slot) -> Option<String> {
    let i = s.invulling.as_ref()?;
    i.label.as_ref().map(|l| format!("label: {}", l.value))
}

/// The functions over a list fact (issue 21), each with what it gives.
const LIST_FUNCTIONS: [(&str, &str, &str); 4] = [
    (
        "kies",
        "kies(lijst waarbij voorwaarde, vroegste veld)",
        "Van de vermeldingen die aan de voorwaarde voldoen, de eerste volgens de volgorde (misschien geen). Alleen als hele definitie: `definitie kandidaat = kies(...)`, dan `bestaat(kandidaat)` en `kandidaat.veld`.",
    ),
    (
        "aantal",
        "aantal(lijst waarbij voorwaarde): getal",
        "Hoeveel vermeldingen aan de voorwaarde voldoen.",
    ),
    (
        "bestaat",
        "bestaat(lijst waarbij voorwaarde): ja/nee",
        "Of ten minste één vermelding aan de voorwaarde voldoet; `bestaat(kandidaat)`: of `kies` een vermelding koos.",
    ),
    (
        "alle",
        "alle(lijst waarbij voorwaarde): ja/nee",
        "Of alle vermeldingen aan de voorwaarde voldoen (ja bij een lege lijst).",
    ),
];

fn names(checker: &Checker<'_>, range: Range) -> Vec<CompletionItem> {
    let mut out = names_declared(checker, range);
    for (name, detail, doc) in LIST_FUNCTIONS {
        out.push(item(
            name,
            CompletionItemKind::FUNCTION,
            detail.to_string(),
            Some(doc.to_string()),
            range,
            Some(format!("2{name}")),
        ));
    }
    // The fields of a chosen entry: `kandidaat.ingeschreven_op`.
    for (name, g) in &checker.globals {
        if !matches!(g.kind, GlobalKind::Definitie | GlobalKind::Begrip) {
            continue;
        }
        if let verordening_core::check::types::Ty::Vermelding { lijst, fields } =
            checker.global_ty(name, g.span, g.file)
        {
            for (field, ty) in fields {
                let label = format!("{name}.{field}");
                out.push(item(
                    &label,
                    CompletionItemKind::FIELD,
                    format!("veld van de gekozen vermelding uit {lijst}: {ty}"),
                    Some(format!(
                        "Geen uitkomst als `{name}` geen vermelding koos: zet er `bestaat({name})` bij."
                    )),
                    range,
                    Some(format!("1{label}")),
                ));
            }
        }
    }
    out
}

fn names_declared(checker: &Checker<'_>, range: Range) -> Vec<CompletionItem> {
    checker
        .globals
        .iter()
        .filter_map(|(name, g)| {
            let kind = match g.kind {
                GlobalKind::Feit | GlobalKind::Oordeel | GlobalKind::Peildatum => {
                    CompletionItemKind::VARIABLE
                }
                GlobalKind::Parameter | GlobalKind::GeldigVanaf => CompletionItemKind::CONSTANT,
                GlobalKind::Definitie | GlobalKind::Begrip => CompletionItemKind::FUNCTION,
                GlobalKind::EnumValue => CompletionItemKind::ENUM_MEMBER,
                GlobalKind::Eigenschap => CompletionItemKind::PROPERTY,
                GlobalKind::Soort | GlobalKind::Voorziening | GlobalKind::Onderwerp => return None,
            };
            let src = checker.project.sources.text(g.file);
            let detail = match g.ty {
                Some(t) => format!("{}: {}", g.kind.noun(), written(t.span(), src)),
                None => g.kind.noun().to_string(),
            };
            let doc = match resolve::global_decl(checker, g) {
                Some(resolve::GlobalDecl::Decl(
                    verordening_core::syntax::Decl::Feit(f)
                    | verordening_core::syntax::Decl::Oordeel(f),
                )) => f.description.as_ref().map(|d| d.value.clone()),
                Some(resolve::GlobalDecl::Begrip(b)) => Some(b.text.value.clone()),
                _ => None,
            };
            // Facts and judgements first: they are what rules read.
            let rank = u8::from(!matches!(g.kind, GlobalKind::Feit | GlobalKind::Oordeel));
            Some(item(
                name,
                kind,
                detail,
                doc,
                range,
                Some(format!("{rank}{name}")),
            ))
        })
        .collect()
}

fn item(
    label: &str,
    kind: CompletionItemKind,
    detail: String,
    documentation: Option<String>,
    range: Range,
    sort_text: Option<String>,
) -> CompletionItem {
    CompletionItem {
        label: label.to_string(),
        kind: Some(kind),
        detail: Some(detail),
        documentation: documentation.map(|value| {
            Documentation::MarkupContent(MarkupContent {
                kind: MarkupKind::Markdown,
                value,
            })
        }),
        sort_text,
        filter_text: Some(label.to_string()),
        text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(
            range,
            label.to_string(),
        ))),
        ..CompletionItem::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_context_from_the_line() {
        assert_eq!(
            context("keuze art14h.lid2.regiem = "),
            Some(Context::Options {
                slot: "art14h.lid2.regiem".into(),
                chosen: vec![]
            })
        );
        assert_eq!(
            context("keuze art14f.lid1.jobcoach_bij = gemeente en "),
            Some(Context::Options {
                slot: "art14f.lid1.jobcoach_bij".into(),
                chosen: vec!["gemeente".into()]
            })
        );
        assert_eq!(context("keuze art14h.lid2.regiem = a "), None);
        assert_eq!(
            context("invulling "),
            Some(Context::Slots(SlotWanted::Fill))
        );
        assert_eq!(context("keuze "), Some(Context::Slots(SlotWanted::Choice)));
        assert_eq!(
            context("niet overgenomen art4, "),
            Some(Context::Slots(SlotWanted::Adoption))
        );
        assert_eq!(
            context("invulling art8.lid3.bedrag = indien "),
            Some(Context::Expression)
        );
        assert_eq!(
            context("    kan toekennen werkstage als "),
            Some(Context::Expression)
        );
        assert_eq!(context("    tekst \"Het college "), None);
        assert_eq!(context("  invulling "), None);
        assert_eq!(context("artikel "), None);
    }
}
