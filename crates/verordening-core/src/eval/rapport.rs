//! The case worker's report of one case (`verordening eval`, text and HTML; the server's case
//! screen words its report with the same functions): first a summary a case worker reads in
//! ten seconds — what is granted (with its amounts, periods and deadlines), what is refused
//! and on which ground, which questions are still open, in the words the regeling gives each
//! fact and judgement — then the reasoning per voorziening with its citations in the style of
//! the legal text. The voorzieningen the case says nothing about, and those the municipality
//! did not adopt, are one line each, not a block apiece. File and line of a citation are in
//! the JSON report, and in this one with `--bronnen`.

use super::program::*;
use super::report::{no_result, undecided, unrounded_amount, value_text};
use super::run::{Outcome, Uitkomst};
use super::state::Case;
use crate::diagnostics::SourceMap;
use crate::page::esc;
use crate::value::{format_date, join_dutch};
use chrono::NaiveDate;
use std::collections::BTreeSet;

/// The outcome in a case worker's words.
pub fn outcome_word(u: Uitkomst) -> &'static str {
    match u {
        Uitkomst::Plicht => "toekennen (verplicht)",
        Uitkomst::Bevoegd => "toekennen mogelijk",
        Uitkomst::Geweigerd => "afwijzen",
        Uitkomst::NietVanToepassing => "niet van toepassing",
        Uitkomst::Onbepaald => "nog niet te beslissen",
        Uitkomst::NietGebruikt => "niet toekennen (het college gebruikt deze bevoegdheid niet)",
    }
}

/// The first letter as a capital.
pub fn capital(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// The question the regeling asks for an input (its description: "Behoort de persoon tot de
/// doelgroep?"), else its name in words.
pub fn question(p: &Program, i: u16) -> String {
    p.inputs
        .get(i as usize)
        .map(|x| {
            x.description
                .as_deref()
                .map(capital)
                .unwrap_or_else(|| capital(&x.name.replace('_', " ")))
        })
        .unwrap_or_default()
}

/// A value's name in words: `volgende_premie_op` → "volgende premie op".
pub fn value_name(name: &str) -> String {
    name.replace('_', " ")
}

/// The inputs a voorziening's rules read.
pub fn inputs_of(p: &Program, vz: usize) -> BTreeSet<u16> {
    let mut found = BTreeSet::new();
    let Some(v) = p.voorzieningen.get(vz) else {
        return found;
    };
    let mut todo: Vec<NodeId> = Vec::new();
    for list in [
        &v.weigert,
        &v.uitsluitend,
        &v.kent_toe,
        &v.kan_toekennen,
        &v.kan_weigeren,
        &v.kan_beeindigen,
    ] {
        for c in list {
            todo.extend(c.cond);
            todo.extend(c.tenzij);
        }
    }
    todo.extend(v.values.iter().map(|r| r.node));
    let mut seen = BTreeSet::new();
    let list = |first: u32, len: u32, todo: &mut Vec<NodeId>| {
        for k in first..first.saturating_add(len) {
            if let Some(n) = p.lists.get(k as usize) {
                todo.push(*n);
            }
        }
    };
    while let Some(id) = todo.pop() {
        if !seen.insert(id) {
            continue;
        }
        let Some(node) = p.nodes.get(id as usize) else {
            continue;
        };
        match node {
            Node::Input(i) => {
                found.insert(*i);
            }
            Node::Const(_) | Node::Invalid => {}
            Node::Not(a) | Node::Neg(a) | Node::Scale(a, _) | Node::Memo(a, _) => todo.push(*a),
            Node::Bin(_, a, b) | Node::Cmp(_, a, b) | Node::Min(a, b) | Node::Max(a, b) => {
                todo.push(*a);
                todo.push(*b);
            }
            Node::Round(a, _, b) => {
                todo.push(*a);
                todo.push(*b);
            }
            Node::If(a, b, c) | Node::Periods(a, b, c) => todo.extend([*a, *b, *c]),
            Node::In(a, first, len) => {
                todo.push(*a);
                list(*first, *len, &mut todo);
            }
            Node::Table(a, first, len) => {
                todo.push(*a);
                list(*first, len.saturating_mul(2), &mut todo);
            }
            Node::Index(a, first, len) => {
                todo.push(*a);
                list(*first, *len, &mut todo);
            }
            Node::Field(i, _) => {
                found.insert(*i);
            }
            Node::Count(s)
            | Node::Any(s)
            | Node::All(s)
            | Node::Chosen(s)
            | Node::ChosenExists(s)
            | Node::ChosenField(s, _) => {
                if let Some(sel) = p.selecties.get(*s as usize) {
                    found.insert(sel.input);
                    todo.extend(sel.cond);
                }
            }
        }
    }
    found
}

/// Where an outcome goes in the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Groep {
    /// Plicht or bevoegd.
    Toekennen,
    /// Refused, or a power the college does not use.
    Afwijzen,
    /// Undecided, and the case gives at least one fact or judgement the voorziening reads.
    Open,
    /// Undecided, and the case says nothing the voorziening reads: not at issue in this case.
    NietAanDeOrde,
    /// The municipality did not adopt the article.
    NietOvergenomen,
}

/// The group of an outcome; `given` says which inputs the case holds.
pub fn groep(p: &Program, o: &Outcome, given: &dyn Fn(u16) -> bool) -> Groep {
    match o.uitkomst {
        Uitkomst::Plicht | Uitkomst::Bevoegd => Groep::Toekennen,
        Uitkomst::Geweigerd | Uitkomst::NietGebruikt => Groep::Afwijzen,
        Uitkomst::NietVanToepassing => Groep::NietOvergenomen,
        Uitkomst::Onbepaald => {
            let askable = |i: &u16| {
                p.inputs
                    .get(*i as usize)
                    .is_some_and(|x| matches!(x.kind, InputKind::Feit | InputKind::Oordeel))
            };
            if inputs_of(p, o.vz).iter().any(|i| askable(i) && given(*i)) {
                Groep::Open
            } else {
                Groep::NietAanDeOrde
            }
        }
    }
}

/// Whether a case holds a value for input `i`.
pub fn given_in(case: &Case) -> impl Fn(u16) -> bool + '_ {
    move |i| case.given(i)
}

/// What the report needs besides the outcomes.
pub struct Context<'a> {
    pub program: &'a Program,
    pub sources: &'a SourceMap,
    pub peildatum: NaiveDate,
    /// Which inputs the case holds.
    pub given: &'a dyn Fn(u16) -> bool,
    /// File and line after each citation (`--bronnen`).
    pub bronnen: bool,
}

impl Context<'_> {
    /// A citation in the style of the legal text; with `--bronnen` its file and line.
    pub fn cite(&self, c: CiteId) -> String {
        let p = self.program;
        match p.cite(c) {
            Some(cite) if self.bronnen => {
                let (line, _) = self.sources.line_col(cite.file, cite.span.start as usize);
                format!("{} ({}:{line})", cite.text, self.sources.name(cite.file))
            }
            Some(cite) => cite.text.clone(),
            None => "?".into(),
        }
    }

    /// The citations in order, each once: two clauses of one lid are one citation.
    pub fn cites(&self, cs: impl IntoIterator<Item = CiteId>) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for c in cs {
            let t = self.cite(c);
            if !out.contains(&t) {
                out.push(t);
            }
        }
        out
    }

    fn label(&self, o: &Outcome) -> String {
        self.program
            .voorzieningen
            .get(o.vz)
            .map(|v| capital(&v.label))
            .unwrap_or_default()
    }

    fn lower_label(&self, o: &Outcome) -> String {
        self.program
            .voorzieningen
            .get(o.vz)
            .map(|v| v.label.clone())
            .unwrap_or_default()
    }

    /// The known values of a granted voorziening: "bedrag € 100, periode 6 maanden".
    fn known_values(&self, o: &Outcome) -> Vec<String> {
        let p = self.program;
        let Some(vz) = p.voorzieningen.get(o.vz) else {
            return Vec::new();
        };
        o.values
            .iter()
            .filter_map(|(k, r)| {
                let rule = vz.values.get(*k)?;
                value_text(p, o, rule, r).map(|t| format!("{} {t}", value_name(&rule.name)))
            })
            .collect()
    }

    /// The questions that would settle what is missing, each once.
    fn questions(&self, m: &Missing) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for i in m.iter() {
            let q = question(self.program, i);
            if !out.contains(&q) {
                out.push(q);
            }
        }
        out
    }

    /// "Behoort de persoon tot de doelgroep? (persoon.doelgroep, feit)": the question and the
    /// name a case file gives it.
    fn question_and_name(&self, i: u16) -> String {
        let Some(input) = self.program.inputs.get(i as usize) else {
            return String::new();
        };
        let kind = match input.kind {
            InputKind::Feit => "feit",
            InputKind::Oordeel => "oordeel",
            InputKind::Parameter => "parameter",
            InputKind::Peildatum => "peildatum",
        };
        match &input.description {
            Some(d) => format!("{} ({}, {kind})", capital(d), input.name),
            None => format!("{} ({kind})", input.name),
        }
    }
}

/// One summary line per outcome group, in the case worker's words.
pub struct Samenvatting {
    /// "Premie participatieplaats: verplicht (artikel 8, derde lid); bedrag € 100, …", and the
    /// reservation of open refusal grounds when there are.
    pub toekennen: Vec<(String, Option<String>)>,
    /// "Werkstage: artikel 3, eerste lid, onder a".
    pub afwijzen: Vec<String>,
    /// The questions still open, each with the voorzieningen that wait for it.
    pub nodig: Vec<(String, Vec<String>)>,
    /// Voorzieningen the case says nothing about.
    pub niet_aan_de_orde: Vec<String>,
    /// Voorzieningen the municipality did not adopt.
    pub niet_overgenomen: Vec<String>,
}

pub fn samenvatting(cx: &Context<'_>, outcomes: &[Outcome]) -> Samenvatting {
    let p = cx.program;
    let mut s = Samenvatting {
        toekennen: Vec::new(),
        afwijzen: Vec::new(),
        nodig: Vec::new(),
        niet_aan_de_orde: Vec::new(),
        niet_overgenomen: Vec::new(),
    };
    for o in outcomes {
        match groep(p, o, cx.given) {
            Groep::Toekennen => {
                let how = if o.uitkomst == Uitkomst::Plicht {
                    "verplicht"
                } else {
                    "het college kan toekennen"
                };
                let mut line = format!("{}: {how}", cx.label(o));
                if let Some(g) = o.ground {
                    line.push_str(&format!(" ({})", cx.cite(g)));
                }
                let values = cx.known_values(o);
                if !values.is_empty() {
                    line.push_str(&format!("; {}", values.join(", ")));
                }
                let mut unless = Vec::new();
                if !o.may_refuse.is_empty() || !o.may_end.is_empty() {
                    let grounds = cx.cites(o.may_refuse.iter().chain(&o.may_end).copied());
                    unless.push(format!(
                        "het college kan weigeren of beëindigen op grond van {}",
                        join_dutch(&grounds)
                    ));
                }
                let open: usize = o
                    .may_refuse_open
                    .iter()
                    .chain(&o.may_end_open)
                    .flat_map(|(_, m)| m.iter())
                    .collect::<BTreeSet<_>>()
                    .len();
                if open > 0 {
                    // The articles of the open grounds: "artikel 3", not its fourteen onderdelen.
                    let mut articles: Vec<String> = Vec::new();
                    for (c, _) in o.may_refuse_open.iter().chain(&o.may_end_open) {
                        if let Some(cite) = p.cite(*c) {
                            let a = cite.text.split(',').next().unwrap_or("").to_string();
                            if !articles.contains(&a) {
                                articles.push(a);
                            }
                        }
                    }
                    unless.push(format!(
                        "tenzij een weigerings- of beëindigingsgrond van {} geldt: {open} {} nog open (zie de onderbouwing)",
                        join_dutch(&articles),
                        if open == 1 { "vraag" } else { "vragen" }
                    ));
                }
                // A value that waits for an answer: the question is still needed.
                if let Some(vz) = p.voorzieningen.get(o.vz) {
                    for (k, r) in &o.values {
                        if let (Some(_), R::U(m)) = (vz.values.get(*k), r) {
                            for q in cx.questions(m) {
                                match s.nodig.iter_mut().find(|(x, _)| *x == q) {
                                    Some((_, vzs)) if vzs.contains(&cx.lower_label(o)) => {}
                                    Some((_, vzs)) => vzs.push(cx.lower_label(o)),
                                    None => s.nodig.push((q, vec![cx.lower_label(o)])),
                                }
                            }
                        }
                    }
                }
                s.toekennen.push((
                    line,
                    (!unless.is_empty()).then(|| capital(&unless.join("; "))),
                ));
            }
            Groep::Afwijzen => {
                let why = match (o.uitkomst, o.ground) {
                    (Uitkomst::NietGebruikt, Some(g)) => format!(
                        "het college gebruikt deze bevoegdheid niet ({})",
                        cx.cite(g)
                    ),
                    (_, Some(g)) => {
                        let mut grounds = vec![cx.cite(g)];
                        for c in cx.cites(o.other_grounds.iter().copied()) {
                            if !grounds.contains(&c) {
                                grounds.push(c);
                            }
                        }
                        join_dutch(&grounds)
                    }
                    (_, None) => "geen bepaling kent de voorziening toe".into(),
                };
                s.afwijzen.push(format!("{}: {why}", cx.label(o)));
            }
            Groep::Open => {
                for q in cx.questions(&o.missing) {
                    match s.nodig.iter_mut().find(|(x, _)| *x == q) {
                        Some((_, vzs)) if vzs.contains(&cx.lower_label(o)) => {}
                        Some((_, vzs)) => vzs.push(cx.lower_label(o)),
                        None => s.nodig.push((q, vec![cx.lower_label(o)])),
                    }
                }
            }
            Groep::NietAanDeOrde => s.niet_aan_de_orde.push(cx.lower_label(o)),
            Groep::NietOvergenomen => s.niet_overgenomen.push(cx.lower_label(o)),
        }
    }
    s
}

/// The reasoning of one voorziening: (what, lines), each line a sentence or a list item.
pub struct Onderbouwing {
    pub naam: String,
    pub uitkomst: Uitkomst,
    pub kop: String,
    pub regels: Vec<Regel>,
}

/// A line of the reasoning, with sub-items (the questions behind an open ground).
pub struct Regel {
    pub tekst: String,
    pub onder: Vec<String>,
}

fn regel(tekst: String) -> Regel {
    Regel {
        tekst,
        onder: Vec::new(),
    }
}

/// The reasoning per voorziening that is granted, refused or open in this case.
pub fn onderbouwing(cx: &Context<'_>, outcomes: &[Outcome]) -> Vec<Onderbouwing> {
    let p = cx.program;
    let mut out = Vec::new();
    for o in outcomes {
        if matches!(
            groep(p, o, cx.given),
            Groep::NietAanDeOrde | Groep::NietOvergenomen
        ) {
            continue;
        }
        let Some(vz) = p.voorzieningen.get(o.vz) else {
            continue;
        };
        let mut regels = Vec::new();
        match o.uitkomst {
            Uitkomst::Geweigerd => {
                if let Some(g) = o.ground {
                    regels.push(regel(format!("Grond: {}", cx.cite(g))));
                }
                let main = o.ground.map(|g| cx.cite(g));
                for g in cx.cites(o.other_grounds.iter().copied()) {
                    if Some(&g) != main.as_ref() {
                        regels.push(regel(format!("Ook op grond van {g}")));
                    }
                }
            }
            Uitkomst::NietGebruikt => {
                if let Some(g) = o.ground {
                    regels.push(regel(format!(
                        "Het college maakt geen gebruik van deze bevoegdheid: {}",
                        cx.cite(g)
                    )));
                }
            }
            Uitkomst::Onbepaald => {
                if o.missing.is_empty() {
                    regels.push(regel(format!(
                        "De uitkomst kan niet worden bepaald: {}",
                        undecided(o)
                    )));
                } else {
                    regels.push(Regel {
                        tekst: "Nog nodig:".into(),
                        onder: o.missing.iter().map(|i| cx.question_and_name(i)).collect(),
                    });
                }
            }
            Uitkomst::Plicht | Uitkomst::Bevoegd => {
                if let Some(g) = o.ground {
                    regels.push(regel(format!("Grondslag: {}", cx.cite(g))));
                }
            }
            Uitkomst::NietVanToepassing => {}
        }
        for (k, r) in &o.values {
            let Some(rule) = vz.values.get(*k) else {
                continue;
            };
            let name = capital(&value_name(&rule.name));
            regels.push(regel(match (value_text(p, o, rule, r), r) {
                (Some(t), _) if unrounded_amount(r) => format!(
                    "{name}: {t} (exact; de regeling zegt niet hoe dit bedrag wordt afgerond)"
                ),
                (Some(t), _) => format!("{name}: {t}"),
                (None, R::U(m)) if !m.is_empty() => format!(
                    "{name}: onbekend (nog nodig: {})",
                    cx.questions(m).join(" ")
                ),
                (None, _) => format!(
                    "{name}: onbekend: {} ({})",
                    no_result(p, o, rule),
                    cx.cite(rule.cite)
                ),
            }));
        }
        for c in cx.cites(o.may_refuse.iter().copied()) {
            regels.push(regel(format!("Het college kan weigeren op grond van {c}")));
        }
        for c in cx.cites(o.may_end.iter().copied()) {
            regels.push(regel(format!(
                "Het college kan beëindigen op grond van {c}"
            )));
        }
        for (what, open) in [
            ("weigeren", &o.may_refuse_open),
            ("beëindigen", &o.may_end_open),
        ] {
            if open.is_empty() {
                continue;
            }
            let mut onder = Vec::new();
            for (c, m) in open.iter() {
                let line = format!("{}: {}", cx.cite(*c), cx.questions(m).join(" "));
                if !onder.contains(&line) {
                    onder.push(line);
                }
            }
            regels.push(Regel {
                tekst: format!(
                    "Het college kan mogelijk {what}; dat hangt af van wat nog ontbreekt:"
                ),
                onder,
            });
        }
        regels.extend(keuzes(cx, o));
        let chain = cx.cites(o.chain(p));
        if !chain.is_empty() {
            regels.push(regel(format!("Toegepast: {}", chain.join("; "))));
        }
        out.push(Onderbouwing {
            naam: vz.name.clone(),
            uitkomst: o.uitkomst,
            kop: capital(&vz.label),
            regels,
        });
    }
    out
}

/// What each choice from a list chose, and why: "Gekozen uit wachtlijst (artikel 5, eerste
/// lid): vermelding 3 van 4, de eerste op vroegste ingeschreven_op van de 2 waarbij geschikt",
/// with the chosen entry's fields below it.
fn keuzes(cx: &Context<'_>, o: &Outcome) -> Vec<Regel> {
    keuze_regels(cx.program, o, &|c| cx.cite(c))
}

/// The lines of [`keuzes`], with citations written by `cite` (the case screen links them).
pub fn keuze_regels(p: &Program, o: &Outcome, cite: &dyn Fn(CiteId) -> String) -> Vec<Regel> {
    use super::lijst::Gekozen;
    let questions = |m: &Missing| {
        let mut out: Vec<String> = Vec::new();
        for i in m.iter() {
            let q = question(p, i);
            if !out.contains(&q) {
                out.push(q);
            }
        }
        out
    };
    let mut out = Vec::new();
    for k in &o.gekozen {
        let Some(sel) = p.selecties.get(k.selectie as usize) else {
            continue;
        };
        let lijst = p
            .inputs
            .get(sel.input as usize)
            .map(|i| i.name.clone())
            .unwrap_or_default();
        let waar = match sel.cite {
            Some(c) => format!(" ({})", cite(c)),
            None => String::new(),
        };
        let naam = if sel.name.is_empty() {
            String::new()
        } else {
            format!("{}: ", sel.name)
        };
        let van = match (k.voldoen, sel.waarbij.is_empty()) {
            (Some(n), false) => format!(", van de {n} waarbij {}", sel.waarbij),
            _ => String::new(),
        };
        // "vroegste ingeschreven_op, dan hoogste urgentie": the next key breaks a tie.
        let volgorde = sel.volgorde.replace(", ", ", dan ");
        let gelijk = matches!(k.uitkomst, Ok(Gekozen::Gelijk(..)));
        let onder: Vec<String> = k
            .velden
            .iter()
            .map(|(f, v)| {
                if gelijk {
                    format!("{f}: {v} (bij alle)")
                } else {
                    format!("{f}: {v}")
                }
            })
            .collect();
        let tekst = match &k.uitkomst {
            Ok(Gekozen::Een(r)) => format!(
                "{naam}vermelding {} van {} uit {lijst}{waar}: de eerste op {volgorde}{van}",
                r + 1,
                k.vermeldingen,
            ),
            Ok(Gekozen::Geen) if k.vermeldingen == 0 => {
                format!("{naam}niets gekozen uit {lijst}{waar}: de lijst is leeg")
            }
            Ok(Gekozen::Geen) => format!(
                "{naam}niets gekozen uit {lijst}{waar}: geen van de {} vermeldingen voldoet aan {}",
                k.vermeldingen, sel.waarbij
            ),
            Ok(Gekozen::Gelijk(..)) => {
                let places: Vec<String> = k.gelijk.iter().map(|r| (r + 1).to_string()).collect();
                format!(
                    "{naam}gelijke stand in {lijst}{waar}: vermeldingen {} gaan gelijk op {volgorde}{van}; de regeling zegt niet welke voorgaat",
                    join_dutch(&places),
                )
            }
            Err(m) if m.is_empty() => format!(
                "{naam}keuze uit {lijst}{waar}: niet te bepalen (de vermeldingen zijn niet op {volgorde} te ordenen)"
            ),
            Err(m) => format!(
                "{naam}keuze uit {lijst}{waar}: nog niet te bepalen (nog nodig: {})",
                questions(m).join(" ")
            ),
        };
        out.push(Regel {
            tekst: capital(&tekst),
            onder,
        });
    }
    out
}

/// The report as text: the title, the peildatum, the summary, the reasoning.
pub fn text(cx: &Context<'_>, outcomes: &[Outcome]) -> String {
    let p = cx.program;
    let mut out = format!("{}\npeildatum: {}\n", p.title, format_date(cx.peildatum));
    let s = samenvatting(cx, outcomes);
    out.push_str("\nSamenvatting\n");
    if s.toekennen.is_empty() && s.afwijzen.is_empty() && s.nodig.is_empty() {
        out.push_str("  Geen voorziening is aan de orde: de casus zegt niets waarop een voorziening berust.\n");
    }
    if !s.toekennen.is_empty() {
        out.push_str("  Toekennen:\n");
        for (l, unless) in &s.toekennen {
            out.push_str(&format!("    - {l}\n"));
            if let Some(u) = unless {
                out.push_str(&format!("      {u}\n"));
            }
        }
    }
    if !s.afwijzen.is_empty() {
        out.push_str("  Afwijzen:\n");
        for l in &s.afwijzen {
            out.push_str(&format!("    - {l}\n"));
        }
    }
    if !s.nodig.is_empty() {
        out.push_str("  Nog nodig om te beslissen:\n");
        for (q, vzs) in &s.nodig {
            out.push_str(&format!("    - {q} ({})\n", join_dutch(vzs)));
        }
    }
    if !s.niet_aan_de_orde.is_empty() {
        out.push_str(&format!(
            "  Niet aan de orde (de casus zegt er niets over): {}.\n",
            join_dutch(&s.niet_aan_de_orde)
        ));
    }
    if !s.niet_overgenomen.is_empty() {
        out.push_str(&format!(
            "  Niet overgenomen door de gemeente: {}.\n",
            join_dutch(&s.niet_overgenomen)
        ));
    }
    let reasons = onderbouwing(cx, outcomes);
    if !reasons.is_empty() {
        out.push_str("\nOnderbouwing per voorziening\n");
    }
    for r in &reasons {
        out.push_str(&format!(
            "\n{} ({}): {}\n",
            r.kop,
            r.naam,
            outcome_word(r.uitkomst)
        ));
        for l in &r.regels {
            out.push_str(&format!("  {}\n", l.tekst));
            for x in &l.onder {
                out.push_str(&format!("    - {x}\n"));
            }
        }
    }
    out
}

/// The report as a self-contained page, in the shell and with the print stylesheet of the
/// other pages (`eval --format html`): to print, or to attach to a decision. `extra` (HTML)
/// comes after the reasoning (the receipt of the versions applied).
pub fn html(
    cx: &Context<'_>,
    outcomes: &[Outcome],
    head: &[(String, String)],
    extra: &str,
) -> String {
    let p = cx.program;
    let title = format!("Rapport: {}", p.title);
    let mut b = format!("<h1>{}</h1>\n", esc(&title));
    let mut kop = vec![("Peildatum".to_string(), format_date(cx.peildatum))];
    kop.extend(head.iter().cloned());
    b.push_str(&crate::page::kop(&kop));
    let s = samenvatting(cx, outcomes);
    b.push_str(
        "<section aria-labelledby=\"samenvatting\">\n<h2 id=\"samenvatting\">Samenvatting</h2>\n",
    );
    if s.toekennen.is_empty() && s.afwijzen.is_empty() && s.nodig.is_empty() {
        b.push_str("<p>Geen voorziening is aan de orde: de casus zegt niets waarop een voorziening berust.</p>\n");
    }
    if !s.toekennen.is_empty() {
        b.push_str("<h3>Toekennen</h3>\n<ul class=\"samenvatting\">\n");
        for (l, unless) in &s.toekennen {
            b.push_str(&format!("<li>{}", esc(l)));
            if let Some(u) = unless {
                b.push_str(&format!(
                    "<br><span class=\"toelichting\">{}</span>",
                    esc(u)
                ));
            }
            b.push_str("</li>\n");
        }
        b.push_str("</ul>\n");
    }
    if !s.afwijzen.is_empty() {
        b.push_str("<h3>Afwijzen</h3>\n<ul class=\"samenvatting\">\n");
        for l in &s.afwijzen {
            b.push_str(&format!("<li>{}</li>\n", esc(l)));
        }
        b.push_str("</ul>\n");
    }
    if !s.nodig.is_empty() {
        b.push_str("<h3>Nog nodig om te beslissen</h3>\n<ul class=\"samenvatting\">\n");
        for (q, vzs) in &s.nodig {
            b.push_str(&format!(
                "<li>{} <span class=\"toelichting\">({})</span></li>\n",
                esc(q),
                esc(&join_dutch(vzs))
            ));
        }
        b.push_str("</ul>\n");
    }
    if !s.niet_aan_de_orde.is_empty() {
        b.push_str(&format!(
            "<p>Niet aan de orde (de casus zegt er niets over): {}.</p>\n",
            esc(&join_dutch(&s.niet_aan_de_orde))
        ));
    }
    if !s.niet_overgenomen.is_empty() {
        b.push_str(&format!(
            "<p>Niet overgenomen door de gemeente: {}.</p>\n",
            esc(&join_dutch(&s.niet_overgenomen))
        ));
    }
    b.push_str("</section>\n");
    let reasons = onderbouwing(cx, outcomes);
    if !reasons.is_empty() {
        b.push_str("<h2>Onderbouwing per voorziening</h2>\n");
    }
    for r in &reasons {
        b.push_str(&format!(
            "<section class=\"onderbouwing uitkomst-{}\" data-voorziening=\"{}\">\n<h3>{}</h3>\n<ul>\n",
            r.uitkomst.as_str(),
            esc(&r.naam),
            esc(&format!("{}: {}", r.kop, outcome_word(r.uitkomst)))
        ));
        for l in &r.regels {
            b.push_str(&format!("<li>{}", esc(&l.tekst)));
            if !l.onder.is_empty() {
                b.push_str("<ul>");
                for x in &l.onder {
                    b.push_str(&format!("<li>{}</li>", esc(x)));
                }
                b.push_str("</ul>");
            }
            b.push_str("</li>\n");
        }
        b.push_str("</ul>\n</section>\n");
    }
    b.push_str(extra);
    crate::page::page(&title, &b)
}
