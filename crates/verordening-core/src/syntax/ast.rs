//! The typed syntax tree. Every node carries a [`Span`]; members and items carry their
//! [`Trivia`] (comments, blank lines) so that the formatter can print them back.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

pub use super::span::Span;

/// Comments and blank lines in front of a node, and the comment at the end of its last line.
/// Kept so that `fmt` loses nothing and puts every comment back where its author wrote it.
///
/// Equality compares the comments only: blank lines are layout, like spans, so "the AST
/// before and after fmt is equal" holds when fmt changes only the layout.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Trivia {
    /// A comment on the line of the opening brace in front of this node, the first of its
    /// block (`lid 1 {  # over lid 1`); in a block's trailing trivia when the block is empty.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after_open_brace: Option<Comment>,
    /// Comment lines (without the leading `#`), in order.
    pub comments: Vec<Comment>,
    /// Whether a blank line separated this node from the previous one.
    pub blank_line_before: bool,
    /// A comment after the node on its last line (`invulling x = € 100  # toelichting`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_of_line: Option<Comment>,
}

impl PartialEq for Trivia {
    fn eq(&self, other: &Self) -> bool {
        self.after_open_brace == other.after_open_brace
            && self.comments == other.comments
            && self.end_of_line == other.end_of_line
    }
}
impl Eq for Trivia {}

impl Trivia {
    /// No comments at all (blank lines aside).
    pub fn is_empty(&self) -> bool {
        self.after_open_brace.is_none() && self.comments.is_empty() && self.end_of_line.is_none()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comment {
    /// The text after the `#`, byte for byte (a space after the `#` is part of it); only
    /// whitespace at the end of the line is dropped.
    pub text: String,
    #[serde(skip)]
    pub span: Span,
}

/// A name as written, with its position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Name {
    pub text: String,
    #[serde(skip)]
    pub span: Span,
}

/// A string literal, unescaped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Text {
    pub value: String,
    #[serde(skip)]
    pub span: Span,
    /// `{name}` placeholders in the text, with their spans in the source file.
    pub placeholders: Vec<Name>,
}

/// A piece of a text: its own words, or a reference `{name}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Segment<'t> {
    Woorden(&'t str),
    Verwijzing(&'t str),
}

impl Text {
    /// The text in pieces: its words and its references, in order. A `{` that is not one of
    /// the references the parser found (written `\{` in the source) is part of the words; so
    /// render and fmt read a text the way the parser did.
    pub fn segments(&self) -> Vec<Segment<'_>> {
        let mut out = Vec::new();
        let mut references = self.placeholders.iter().peekable();
        let rest = self.value.as_str();
        let mut words_start = 0usize;
        let mut at = 0usize;
        while let Some(open) = rest.get(at..).and_then(|r| r.find('{')).map(|i| i + at) {
            let name = references.peek().map(|n| n.text.as_str());
            let closes = name.filter(|name| {
                rest.get(open + 1..)
                    .and_then(|r| r.strip_prefix(*name))
                    .is_some_and(|r| r.starts_with('}'))
            });
            match closes {
                Some(name) => {
                    if open > words_start {
                        out.push(Segment::Woorden(rest.get(words_start..open).unwrap_or("")));
                    }
                    out.push(Segment::Verwijzing(name));
                    references.next();
                    at = open + 1 + name.len() + 1;
                    words_start = at;
                }
                None => at = open + 1,
            }
        }
        if words_start < rest.len() {
            out.push(Segment::Woorden(rest.get(words_start..).unwrap_or("")));
        }
        out
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct File {
    pub header: Header,
    pub items: Vec<Item>,
    /// Comments after the last item.
    pub trailing: Trivia,
    #[serde(skip)]
    pub span: Span,
}

impl Header {
    /// The text of header line `key` (`citeertitel`, `versie`, `bron`, ...).
    pub fn text(&self, key: &str) -> Option<&str> {
        self.meta.iter().find_map(|m| match (&m.key, &m.value) {
            (k, MetaValue::Text(t)) if k.as_str() == key => Some(t.value.as_str()),
            _ => None,
        })
    }

    /// The date of header line `key` (`geldig vanaf`, `geldig tot`, `bekendgemaakt`, ...).
    pub fn date(&self, key: &str) -> Option<chrono::NaiveDate> {
        self.meta.iter().find_map(|m| match (&m.key, &m.value) {
            (k, MetaValue::Date(d)) if k.as_str() == key => Some(*d),
            _ => None,
        })
    }

    /// From when a version applies: its `geldig vanaf`.
    pub fn geldig_vanaf(&self) -> Option<chrono::NaiveDate> {
        self.date("geldig vanaf")
    }

    /// Until when a version applies: its `geldig tot`.
    pub fn geldig_tot(&self) -> Option<chrono::NaiveDate> {
        self.date("geldig tot")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Layer {
    Wet,
    Model,
    Verordening,
    Beleidsregels,
}

impl Layer {
    pub fn keyword(self) -> &'static str {
        match self {
            Layer::Wet => "wet",
            Layer::Model => "model",
            Layer::Verordening => "verordening",
            Layer::Beleidsregels => "beleidsregels",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Header {
    pub layer: Layer,
    #[serde(skip)]
    pub layer_span: Span,
    pub title: Text,
    pub meta: Vec<Meta>,
    pub trivia: Trivia,
    /// Comments before the closing brace.
    #[serde(skip_serializing_if = "Trivia::is_empty")]
    pub trailing: Trivia,
    #[serde(skip)]
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Meta {
    pub key: MetaKey,
    #[serde(skip)]
    pub key_span: Span,
    pub value: MetaValue,
    /// How a date value was written (`geldig vanaf 1 juli 2023`).
    #[serde(skip_serializing_if = "Spelling::is_usual")]
    pub spelling: Spelling,
    pub trivia: Trivia,
    #[serde(skip)]
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum MetaKey {
    GeldigVanaf,
    GeldigTot,
    Model,
    Wet,
    Verordening,
    Other(String),
}

impl MetaKey {
    pub fn as_str(&self) -> &str {
        match self {
            MetaKey::GeldigVanaf => "geldig vanaf",
            MetaKey::GeldigTot => "geldig tot",
            MetaKey::Model => "model",
            MetaKey::Wet => "wet",
            MetaKey::Verordening => "verordening",
            MetaKey::Other(s) => s,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum MetaValue {
    Date(NaiveDate),
    Text(Text),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    pub kind: ItemKind,
    pub trivia: Trivia,
    #[serde(skip)]
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum ItemKind {
    Hoofdstuk(Heading),
    Paragraaf(Heading),
    Artikel(Artikel),
    Bijlage(Bijlage),
    Aanhef(Block),
    Slotformule(Block),
    Fill(Fill),
    Adoption(Adoption),
    /// `artikel 7 lid 2 { ... }`: an own lid of a model article (see [`EigenLid`]).
    EigenLid(EigenLid),
    Decl(Decl),
    /// A region that did not parse. Its text is kept verbatim so that tools that print the
    /// file (fmt refuses such files; the language server still sees the rest) lose nothing.
    Error(String),
}

/// The ordinance's own text for one lid of a model article, in a fill-in: `artikel 7 lid 2 {
/// ... }` replaces the model's lid 2 of artikel 7 (its text, slots and rules), or, when the model
/// article has no lid 2, adds it after the lid numbered before it. The lid is never facultatief.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EigenLid {
    pub artikel: Name,
    pub lid: Lid,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    pub nr: Name,
    pub title: Text,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Artikel {
    pub optional: bool,
    pub nr: Name,
    pub title: Text,
    /// `model 14h`: the model article this one corresponds to (standalone ordinances).
    pub model_nr: Option<Name>,
    pub vervallen: bool,
    pub members: Vec<Member>,
    /// Comments before the closing brace.
    pub trailing: Trivia,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bijlage {
    pub optional: bool,
    pub id: Name,
    pub title: Text,
    pub members: Vec<Member>,
    pub trailing: Trivia,
}

/// The body of an aanhef or slotformule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Block {
    pub members: Vec<Member>,
    pub trailing: Trivia,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Member {
    pub kind: MemberKind,
    pub trivia: Trivia,
    #[serde(skip)]
    pub span: Span,
}

// A statement is larger than the other members; boxing it would only cost a pointer hop in
// every pass over the tree, which is built once per file.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum MemberKind {
    Lid(Lid),
    /// `facultatief { lid 3 {..} lid 4 {..} }`: leden that are optional as one block.
    LidGroup(LidGroup),
    Onderdeel(Onderdeel),
    Tekst(Text),
    Toelichting(Text),
    /// `brongebrek "bedoeld is artikel 4.12"`: a defect of the adopted text in this unit,
    /// kept as adopted and acknowledged with the reason.
    Brongebrek(Text),
    Stmt(Stmt),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Lid {
    pub optional: bool,
    pub nr: Name,
    pub members: Vec<Member>,
    pub trailing: Trivia,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LidGroup {
    pub leden: Vec<Member>,
    pub trailing: Trivia,
    /// `variant 1 { ... }`: one of the alternative versions of the article, not a group of
    /// optional leden. Its leden have their own slot ids (`art12.variant1.lid1`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variant: Option<Name>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Onderdeel {
    pub optional: bool,
    pub label: Name,
    pub members: Vec<Member>,
    pub trailing: Trivia,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Stmt {
    /// `geen regel "reden"`: why this unit's normative text has no rule (coverage).
    GeenRegel(Text),
    Begrip(Begrip),
    Invulling(Invulling),
    Passage(Passage),
    Keuze(Keuze),
    Rule(Rule),
    Waarde(Waarde),
    Grens(Grens),
    Samenhang(Samenhang),
    Onderwerp(Onderwerp),
    Regelt(Vec<Name>),
    Decl(Decl),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Severity {
    Fout,
    Waarschuwing,
}

/// A constraint between the model's choices, stated in the model with its source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Samenhang {
    pub id: Name,
    pub severity: Severity,
    pub message: Text,
    pub bron: Option<Text>,
    pub expr: Expr,
}

/// A subject an ordinance must regulate (verordeningsplicht).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Onderwerp {
    pub name: Name,
    pub description: Text,
    /// The date from which the law requires the subject (`vanaf 2023-07-01`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vanaf: Option<chrono::NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Begrip {
    pub optional: bool,
    pub name: Name,
    /// The term as the text prints it, when the name cannot say it (`"Re-integratie"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub term: Option<Text>,
    pub text: Text,
    pub definition: Option<Expr>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum SlotDecl {
    Invulling(Invulling),
    Passage(Passage),
    Keuze(Keuze),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Invulling {
    /// Comments in front of the declaration when it stands inside an option or passage
    /// (as a statement, its comments are the member's trivia).
    pub trivia: Trivia,
    pub name: Name,
    pub ty: TypeExpr,
    pub label: Option<Text>,
    pub voorbeeld: Option<FillValue>,
    /// How the model prints the example, where that is not the value's own spelling.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub voorbeeldtekst: Option<Text>,
    pub lengte: Option<(u32, Span)>,
    pub grens: Vec<(CmpOp, Expr)>,
    #[serde(skip)]
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Passage {
    /// Comments in front of the declaration when it stands inside an option or passage
    /// (as a statement, its comments are the member's trivia).
    pub trivia: Trivia,
    pub name: Name,
    pub text: Text,
    /// `volgt SLOT`: this passage mirrors another slot and is not chosen on its own.
    pub volgt: Option<Name>,
    /// Fill-ins inside the passage: required exactly when the passage is adopted.
    pub slots: Vec<SlotDecl>,
    /// Comments before the closing brace.
    #[serde(skip_serializing_if = "Trivia::is_empty")]
    pub trailing: Trivia,
    #[serde(skip)]
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Keuze {
    /// Comments in front of the declaration when it stands inside an option or passage
    /// (as a statement, its comments are the member's trivia).
    pub trivia: Trivia,
    pub name: Name,
    pub one_or_both: bool,
    /// `zonder haakjes`: printed "A OF B" (the older notation), not "[(A) OF (B)]".
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub zonder_haakjes: bool,
    pub volgt: Option<Name>,
    pub options: Vec<Optie>,
    /// Comments before the closing brace.
    #[serde(skip_serializing_if = "Trivia::is_empty")]
    pub trailing: Trivia,
    #[serde(skip)]
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Optie {
    /// Comments in front of the declaration when it stands inside an option or passage
    /// (as a statement, its comments are the member's trivia).
    pub trivia: Trivia,
    pub name: Name,
    pub text: Text,
    pub slots: Vec<SlotDecl>,
    /// Comments before the closing brace.
    #[serde(skip_serializing_if = "Trivia::is_empty")]
    pub trailing: Trivia,
    #[serde(skip)]
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Modality {
    KanToekennen,
    KentToe,
    KanWeigeren,
    Weigert,
    KanBeeindigen,
    Uitsluitend,
    /// `maakt geen gebruik van V`: the college declares it does not use the power.
    GeenGebruik,
}

impl Modality {
    pub fn as_str(self) -> &'static str {
        match self {
            Modality::KanToekennen => "kan toekennen",
            Modality::KentToe => "kent toe",
            Modality::KanWeigeren => "kan weigeren",
            Modality::Weigert => "weigert",
            Modality::KanBeeindigen => "kan beëindigen",
            Modality::Uitsluitend => "uitsluitend",
            Modality::GeenGebruik => "maakt geen gebruik van",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Target {
    All(#[serde(skip)] Span),
    Voorziening(Name),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rule {
    pub modality: Modality,
    #[serde(skip)]
    pub modality_span: Span,
    pub target: Target,
    pub condition: Option<Expr>,
    pub tenzij: Option<Expr>,
    /// `volzin 2` / `slotzin`: the sentence of the unit the rule stands on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zin: Option<Zin>,
    /// `procedureel`: a rule of procedure (an application deadline); it binds only
    /// applications made after it took effect.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub procedureel: bool,
}

/// A sentence of a unit a rule can stand on, cited as the Aanwijzingen voor de regelgeving do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Zin {
    /// `volzin N`: "tweede volzin".
    Volzin(u32),
    /// `slotzin`: the unnumbered closing sentence after a list of onderdelen.
    Slotzin,
}

impl Zin {
    /// The words of a citation: "tweede volzin", "slotzin".
    pub fn citation(self) -> String {
        match self {
            Zin::Volzin(n) => {
                let word = n
                    .checked_sub(1)
                    .and_then(|i| super::notation::ORDINALS.get(i as usize));
                match word {
                    Some(w) => format!("{w} volzin"),
                    None => format!("volzin {n}"),
                }
            }
            Zin::Slotzin => "slotzin".into(),
        }
    }

    /// As written in the language: `volzin 2`, `slotzin`.
    pub fn source(self) -> String {
        match self {
            Zin::Volzin(n) => format!("volzin {n}"),
            Zin::Slotzin => "slotzin".into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Waarde {
    pub name: Name,
    pub expr: Expr,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Grens {
    pub name: Name,
    pub op: CmpOp,
    pub expr: Expr,
    /// What kind of bound this is (docs/taalreferentie.md, "Grenzen in de wet").
    #[serde(skip_serializing_if = "GrensSoort::is_maximum")]
    pub soort: GrensSoort,
}

/// The kind of a wet bound.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub enum GrensSoort {
    /// The value itself stays within the bound (an error otherwise).
    #[default]
    Maximum,
    /// `grens A per B <= X per kalenderjaar`: A is paid once per period B; the payments in
    /// one calendar year together stay within X.
    Jaarsom { per: Name },
    /// `grens A <= X gevolg "..."`: not a maximum; a value past X is allowed, with a warning
    /// that states the consequence the law attaches.
    Gevolg { tekst: Text },
}

impl GrensSoort {
    pub fn is_maximum(&self) -> bool {
        *self == GrensSoort::Maximum
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Decl {
    Feit(FactDecl),
    Oordeel(FactDecl),
    Soort(Soort),
    Parameter(Parameter),
    Voorziening(VoorzieningDecl),
    Definitie(Definitie),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FactDecl {
    pub name: Name,
    pub ty: TypeExpr,
    pub description: Option<Text>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Soort {
    pub name: Name,
    pub values: Vec<Name>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Parameter {
    pub name: Name,
    pub ty: TypeExpr,
    pub description: Option<Text>,
    pub entries: Vec<ParamEntry>,
    /// Comments before the closing brace.
    #[serde(skip_serializing_if = "Trivia::is_empty")]
    pub trailing: Trivia,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParamEntry {
    #[serde(skip_serializing_if = "Trivia::is_empty")]
    pub trivia: Trivia,
    pub from: NaiveDate,
    #[serde(skip)]
    pub from_span: Span,
    /// How the date was written (`vanaf 1 januari 2023:`).
    #[serde(skip_serializing_if = "Spelling::is_usual")]
    pub from_spelling: Spelling,
    pub value: Expr,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VoorzieningDecl {
    pub name: Name,
    pub label: Text,
    /// Declared with `besluit`: a decision that is not a voorziening, so rules on
    /// `alle voorzieningen` do not apply to it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub besluit: bool,
    /// Declared with `voorzieningen NAAM "..." = a, b, c`: a named group, not a voorziening
    /// itself; a rule on it applies to each member.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<Name>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Definitie {
    pub name: Name,
    pub expr: Expr,
}

/// `invulling art8.lid3.bedrag = € 100` / `keuze art14h.lid2.regiem = jaarpercentages`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fill {
    pub slot: Name,
    pub value: FillKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum FillKind {
    Value(FillValue),
    Choice(Vec<Name>),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum FillValue {
    Articles(Vec<Name>, #[serde(skip)] Span),
    List(Vec<FillItem>, #[serde(skip)] Span),
}

impl FillValue {
    pub fn span(&self) -> Span {
        match self {
            FillValue::Articles(_, s) | FillValue::List(_, s) => *s,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum FillItem {
    Record(Vec<(Name, Expr)>, #[serde(skip)] Span),
    Expr(Expr),
}

impl FillItem {
    pub fn span(&self) -> Span {
        match self {
            FillItem::Record(_, s) => *s,
            FillItem::Expr(e) => e.span,
        }
    }
}

/// `overgenomen art4, art13` / `niet overgenomen art5`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Adoption {
    pub adopted: bool,
    pub slots: Vec<Name>,
}

// ---------------------------------------------------------------- types

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum TypeExpr {
    /// `bedrag`, `duur in weken`, `uitkering` (a soort), `ja/nee`.
    Base {
        name: Name,
        unit: Option<(DurationUnit, Span)>,
    },
    List(Box<TypeExpr>, #[serde(skip)] Span),
    Record(Vec<(Name, TypeExpr)>, #[serde(skip)] Span),
}

impl TypeExpr {
    pub fn span(&self) -> Span {
        match self {
            TypeExpr::Base { name, unit } => match unit {
                Some((_, s)) => name.span.to(*s),
                None => name.span,
            },
            TypeExpr::List(_, s) | TypeExpr::Record(_, s) => *s,
        }
    }
}

// ---------------------------------------------------------------- expressions

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Expr {
    pub kind: ExprKind,
    #[serde(skip)]
    pub span: Span,
    /// How the author wrote it, where the meaning allows more than one way.
    #[serde(skip_serializing_if = "Written::is_usual")]
    pub written: Written,
}

/// The spelling choices a jurist makes that `fmt` keeps, because they help a reader even
/// where they do not change the meaning. Part of equality: `fmt` prints them back, so the
/// tree before and after formatting is still equal.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Written {
    /// The expression stood between parentheses, needed for precedence or not:
    /// `a of (b en c)` stays as written.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub parens: bool,
    /// How a literal was spelled.
    #[serde(skip_serializing_if = "Spelling::is_usual")]
    pub spelling: Spelling,
}

impl Written {
    pub fn is_usual(&self) -> bool {
        *self == Written::default()
    }
}

/// The two spellings of some literals.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub enum Spelling {
    /// `2023-07-01`, `50%`.
    #[default]
    Usual,
    /// Written out in words: `1 juli 2023`, `50 procent`.
    Words,
}

impl Spelling {
    pub fn is_usual(&self) -> bool {
        *self == Spelling::Usual
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum ExprKind {
    Lit(Literal),
    Ref(Name),
    Call(Name, Vec<Expr>),
    Neg(Box<Expr>),
    Not(Box<Expr>),
    Binary(BinOp, Box<Expr>, Box<Expr>),
    Cmp(CmpOp, Box<Expr>, Box<Expr>),
    In(Box<Expr>, Vec<Expr>),
    If(Box<Expr>, Box<Expr>, Box<Expr>),
    Round(Box<Expr>, Rounding, Box<Expr>),
    /// Over a list fact: `kies(...)`, `aantal(...)`, `bestaat(...)`, `alle(...)`.
    Lijst(Box<LijstExpr>),
}

impl Expr {
    /// The expressions directly inside this one, in the order written.
    pub fn children(&self) -> Vec<&Expr> {
        match &self.kind {
            ExprKind::Lit(_) | ExprKind::Ref(_) => Vec::new(),
            ExprKind::Call(_, args) => args.iter().collect(),
            ExprKind::Neg(x) | ExprKind::Not(x) => vec![x],
            ExprKind::Binary(_, a, b) | ExprKind::Cmp(_, a, b) | ExprKind::Round(a, _, b) => {
                vec![a, b]
            }
            ExprKind::In(x, items) => std::iter::once(&**x).chain(items).collect(),
            ExprKind::If(c, t, f) => vec![c, t, f],
            ExprKind::Lijst(l) => l.waarbij.iter().collect(),
        }
    }
}

/// `kies(wachtlijst waarbij geschikt, vroegste ingeschreven_op)`: an operation on the entries
/// of a list fact, with a condition on each entry (its fields by their bare names) and, to
/// choose one, the order (each key a field with the word that says which end comes first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LijstExpr {
    pub op: LijstOp,
    #[serde(skip)]
    pub op_span: Span,
    /// The list fact, or for `bestaat(kandidaat)` a definition that chooses an entry.
    pub list: Name,
    pub waarbij: Option<Expr>,
    pub volgorde: Vec<Volgorde>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum LijstOp {
    /// The entry first by the order among those that satisfy the condition (perhaps none).
    Kies,
    /// How many entries satisfy the condition.
    Aantal,
    /// Whether at least one entry satisfies it; for a chosen entry, whether there is one.
    Bestaat,
    /// Whether every entry satisfies it (also when the list is empty).
    Alle,
}

impl LijstOp {
    pub fn as_str(self) -> &'static str {
        match self {
            LijstOp::Kies => "kies",
            LijstOp::Aantal => "aantal",
            LijstOp::Bestaat => "bestaat",
            LijstOp::Alle => "alle",
        }
    }
}

/// One key of the order of `kies`: `vroegste ingeschreven_op`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Volgorde {
    pub richting: Richting,
    pub field: Name,
    #[serde(skip)]
    pub span: Span,
}

/// Which end of a field's order comes first. The word fits the field's soort: a date is
/// earliest or latest, a number or amount highest or lowest, a duration longest or shortest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Richting {
    Vroegste,
    Laatste,
    Hoogste,
    Laagste,
    Langste,
    Kortste,
}

impl Richting {
    pub fn from_word(w: &str) -> Option<Richting> {
        Some(match w {
            "vroegste" => Richting::Vroegste,
            "laatste" => Richting::Laatste,
            "hoogste" => Richting::Hoogste,
            "laagste" => Richting::Laagste,
            "langste" => Richting::Langste,
            "kortste" => Richting::Kortste,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Richting::Vroegste => "vroegste",
            Richting::Laatste => "laatste",
            Richting::Hoogste => "hoogste",
            Richting::Laagste => "laagste",
            Richting::Langste => "langste",
            Richting::Kortste => "kortste",
        }
    }

    /// Whether the smallest value comes first (earliest date, lowest number, shortest duration).
    pub fn ascending(self) -> bool {
        matches!(
            self,
            Richting::Vroegste | Richting::Laagste | Richting::Kortste
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum BinOp {
    And,
    Or,
    Add,
    Sub,
    Mul,
    Div,
    /// `P van B`: a percentage of an amount.
    Van,
}

impl BinOp {
    pub fn as_str(self) -> &'static str {
        match self {
            BinOp::And => "en",
            BinOp::Or => "of",
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::Van => "van",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl CmpOp {
    pub fn as_str(self) -> &'static str {
        match self {
            CmpOp::Eq => "=",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Rounding {
    Nearest,
    Up,
    Down,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Literal {
    Money(Decimal),
    Percent(Decimal),
    Quantity(Decimal, DurationUnit),
    Number(Decimal),
    Bool(bool),
    Date(NaiveDate),
    Text(Text),
}

/// Units a quantity literal can carry. Hours are a unit of their own kind (uren), the rest
/// are calendar durations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum DurationUnit {
    Dagen,
    Werkdagen,
    Weken,
    Maanden,
    Jaren,
    Uren,
}

impl DurationUnit {
    pub fn from_word(w: &str) -> Option<Self> {
        Some(match w {
            "dag" | "dagen" => DurationUnit::Dagen,
            "werkdag" | "werkdagen" => DurationUnit::Werkdagen,
            "week" | "weken" => DurationUnit::Weken,
            "maand" | "maanden" => DurationUnit::Maanden,
            "jaar" | "jaren" => DurationUnit::Jaren,
            "uur" | "uren" => DurationUnit::Uren,
            _ => return None,
        })
    }

    /// The word for a quantity: `1 maand`, `2 maanden`.
    pub fn word(self, singular: bool) -> &'static str {
        match (self, singular) {
            (DurationUnit::Dagen, true) => "dag",
            (DurationUnit::Dagen, false) => "dagen",
            (DurationUnit::Werkdagen, true) => "werkdag",
            (DurationUnit::Werkdagen, false) => "werkdagen",
            (DurationUnit::Weken, true) => "week",
            (DurationUnit::Weken, false) => "weken",
            (DurationUnit::Maanden, true) => "maand",
            (DurationUnit::Maanden, false) => "maanden",
            (DurationUnit::Jaren, _) => "jaar",
            (DurationUnit::Uren, _) => "uur",
        }
    }
}

// ---------------------------------------------------------------- wijzigingsbesluit

/// A wijzigingsbesluit (`.wb` file): the regeling it amends, its dates, and its onderdelen.
/// Applied by [`crate::wijziging::toepassen`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Besluit {
    pub title: Text,
    /// `regeling "pad.vo"`: the regeling amended, relative to the besluit's file.
    pub regeling: Option<Text>,
    pub vastgesteld: Option<NaiveDate>,
    pub bekendgemaakt: Option<NaiveDate>,
    /// The default inwerkingtreding of its onderdelen.
    pub inwerkingtreding: Option<NaiveDate>,
    /// `werkt terug tot en met DATUM`: the default retroactive date of its onderdelen.
    pub terugwerkend: Option<NaiveDate>,
    pub onderdelen: Vec<WbOnderdeel>,
    #[serde(skip)]
    pub span: Span,
}

impl Besluit {
    /// Since when the besluit is law: its bekendmaking, else its vaststelling.
    pub fn bekend_sinds(&self) -> Option<NaiveDate> {
        self.bekendgemaakt.or(self.vastgesteld)
    }
}

/// One onderdeel of a wijzigingsbesluit (A, B, C …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WbOnderdeel {
    pub label: Name,
    pub inwerkingtreding: Option<NaiveDate>,
    pub terugwerkend: Option<NaiveDate>,
    pub instructies: Vec<Instructie>,
    #[serde(skip)]
    pub span: Span,
}

/// `artikel 5.3`, `artikel 5.3, lid 2`, `artikel 5.3, lid 2, onderdeel a`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Citaat {
    pub artikel: Name,
    pub lid: Option<Name>,
    pub onderdeel: Option<Name>,
    #[serde(skip)]
    pub span: Span,
}

impl std::fmt::Display for Citaat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "artikel {}", self.artikel.text)?;
        if let Some(l) = &self.lid {
            write!(f, ", lid {}", l.text)?;
        }
        if let Some(o) = &self.onderdeel {
            write!(f, ", onderdeel {}", o.text)?;
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Instructie {
    pub citaat: Citaat,
    pub opdracht: Opdracht,
    #[serde(skip)]
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Opdracht {
    /// `komt te luiden:` the new text of the cited unit.
    KomtTeLuiden(WbTekst),
    /// `vervalt`.
    Vervalt,
    /// `na/voor CITAAT wordt ingevoegd:` new units after (`na: true`) or before the cited one.
    Invoegen { na: bool, teksten: Vec<WbTekst> },
    /// `wordt vernummerd tot CITAAT`.
    Vernummerd(Citaat),
    /// `hoofdstuk 2 komt te luiden: hoofdstuk 2 "..."` (or a paragraaf): the heading's new
    /// title. The instruction's `citaat` is empty (it cites no article).
    KopKomtTeLuiden {
        paragraaf: bool,
        nr: Name,
        tekst: Heading,
    },
    /// `bijlage ID vervalt`, `komt te luiden: bijlage ...`, `wordt ingevoegd: bijlage ...`
    /// (added after the last bijlage). The instruction's `citaat` is empty.
    Bijlage {
        id: Name,
        nieuw: Option<Bijlage>,
        invoegen: bool,
    },
}

/// A unit of text in a besluit, as it is written in a regeling.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum WbTekst {
    Artikel(Artikel, #[serde(skip)] Span),
    Lid(Lid, #[serde(skip)] Span),
    Onderdeel(Onderdeel, #[serde(skip)] Span),
    /// A heading inserted with the articles after it (`na artikel 14 wordt ingevoegd:
    /// hoofdstuk 3A "..." artikel 14a ...`).
    Hoofdstuk(Heading, #[serde(skip)] Span),
    Paragraaf(Heading, #[serde(skip)] Span),
}
