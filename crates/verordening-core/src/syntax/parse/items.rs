//! Building the file, its header and its items: hoofdstukken, artikelen, bijlagen, blocks,
//! and their members (leden, onderdelen, text).

use super::*;

impl<'a> Builder<'a> {
    // ------------------------------------------------------------------ file

    pub(super) fn file(&mut self, pair: Pair<'a, Rule>) -> File {
        let span = self.span(&pair);
        let mut file = empty_file(span);
        let kids: Vec<_> = self.kids(pair).collect();
        let mut comments = std::mem::take(&mut self.pending);
        comments.sort_by_key(|c| c.span.start);
        let mut comments = comments.into_iter().peekable();
        for k in kids {
            let start = self.span(&k);
            while let Some(c) = comments.next_if(|c| c.span.start < start.start) {
                self.pending.push(c);
            }
            match k.as_rule() {
                Rule::header => file.header = self.header(k),
                Rule::item => {
                    let item = self.item(k);
                    file.items.push(item);
                }
                _ => {}
            }
        }
        self.pending.extend(comments);
        file.trailing = self.take_trailing();
        file
    }

    pub(super) fn header(&mut self, pair: Pair<'a, Rule>) -> Header {
        let span = self.span(&pair);
        let trivia = self.trivia(span);
        let mut header = empty_file(span).header;
        header.trivia = trivia;
        header.span = span;
        for k in self.kids(pair) {
            match k.as_rule() {
                Rule::layer => {
                    header.layer_span = self.span(&k);
                    header.layer = match k.as_str() {
                        "wet" => Layer::Wet,
                        "model" => Layer::Model,
                        "beleidsregels" => Layer::Beleidsregels,
                        _ => Layer::Verordening,
                    };
                }
                Rule::string => header.title = self.text(k),
                Rule::meta => {
                    // kids() collected every comment of the header at once: each meta
                    // takes only those in front of it.
                    let later = self.comments_from(self.span(&k).start);
                    let m = self.meta(k);
                    header.meta.push(m);
                    self.pending = later;
                }
                _ => {}
            }
        }
        header.trailing = self.trailing_inside(span);
        header
    }

    pub(super) fn meta(&mut self, pair: Pair<'a, Rule>) -> Meta {
        let span = self.span(&pair);
        let trivia = self.trivia(span);
        let mut key = MetaKey::Other(String::new());
        let mut key_span = span;
        let mut value = MetaValue::Text(Text {
            value: String::new(),
            span,
            placeholders: Vec::new(),
        });
        let mut spelling = Spelling::Usual;
        for k in self.kids(pair) {
            match k.as_rule() {
                Rule::meta_key => {
                    key_span = self.span(&k);
                    let words: Vec<&str> = k.as_str().split_whitespace().collect();
                    key = match words.as_slice() {
                        ["geldig", "vanaf"] => MetaKey::GeldigVanaf,
                        ["geldig", "tot"] => MetaKey::GeldigTot,
                        ["model"] => MetaKey::Model,
                        ["wet"] => MetaKey::Wet,
                        ["verordening"] => MetaKey::Verordening,
                        _ => MetaKey::Other(words.join(" ")),
                    };
                }
                Rule::date => {
                    let s = self.span(&k);
                    spelling = date_spelling(&k);
                    value = MetaValue::Date(self.date(k.as_str(), s));
                }
                Rule::string => value = MetaValue::Text(self.text(k)),
                _ => {}
            }
        }
        Meta {
            key,
            key_span,
            value,
            spelling,
            trivia,
            span,
        }
    }

    // ------------------------------------------------------------------ items

    pub(super) fn item(&mut self, pair: Pair<'a, Rule>) -> Item {
        let span = self.span(&pair);
        let trivia = self.trivia(span);
        let mut kids = self.kids(pair);
        let kind = match kids.next() {
            Some(inner) => self.item_kind(inner),
            None => {
                self.internal(span, "een onderdeel");
                ItemKind::Error(String::new())
            }
        };
        let mut trivia = trivia;
        // Comments inside the item's own tokens (not in a nested body) stay with it.
        trivia.comments.append(&mut self.keep_inner_comments(span));
        Item { kind, trivia, span }
    }

    pub(super) fn item_kind(&mut self, pair: Pair<'a, Rule>) -> ItemKind {
        let span = self.span(&pair);
        match pair.as_rule() {
            Rule::hoofdstuk => ItemKind::Hoofdstuk(self.heading(pair)),
            Rule::paragraaf => ItemKind::Paragraaf(self.heading(pair)),
            Rule::artikel => ItemKind::Artikel(self.artikel(pair)),
            Rule::eigen_lid => {
                let mut artikel = self.name_at(span, "");
                let mut lid = None;
                for k in self.kids(pair) {
                    match k.as_rule() {
                        Rule::unit_nr => artikel = self.name(&k),
                        Rule::lid => lid = Some(self.lid(k)),
                        _ => {}
                    }
                }
                match lid {
                    Some(lid) => ItemKind::EigenLid(EigenLid { artikel, lid }),
                    None => {
                        self.internal(span, "een eigen lid");
                        ItemKind::Error(String::new())
                    }
                }
            }
            Rule::bijlage => ItemKind::Bijlage(self.bijlage(pair)),
            Rule::aanhef => ItemKind::Aanhef(self.block(pair)),
            Rule::slotformule => ItemKind::Slotformule(self.block(pair)),
            Rule::fill => ItemKind::Fill(self.fill(pair)),
            Rule::adoption => ItemKind::Adoption(self.adoption(pair)),
            Rule::decl => match self.decl(pair) {
                Some(d) => ItemKind::Decl(d),
                None => ItemKind::Error(String::new()),
            },
            _ => {
                self.internal(span, "een onderdeel");
                ItemKind::Error(String::new())
            }
        }
    }

    pub(super) fn heading(&mut self, pair: Pair<'a, Rule>) -> Heading {
        let span = self.span(&pair);
        let mut nr = self.name_at(span, "");
        let mut title = self.empty_text(span);
        for k in self.kids(pair) {
            match k.as_rule() {
                Rule::unit_nr => nr = self.name(&k),
                Rule::string => title = self.text(k),
                _ => {}
            }
        }
        Heading { nr, title }
    }

    pub(super) fn artikel(&mut self, pair: Pair<'a, Rule>) -> Artikel {
        let span = self.span(&pair);
        let mut art = Artikel {
            optional: false,
            nr: self.name_at(span, ""),
            title: self.empty_text(span),
            model_nr: None,
            vervallen: false,
            members: Vec::new(),
            trailing: Trivia::default(),
        };
        for k in self.kids(pair) {
            match k.as_rule() {
                Rule::facultatief => art.optional = true,
                Rule::unit_nr => art.nr = self.name(&k),
                Rule::string => art.title = self.text(k),
                Rule::art_attr => {
                    let nr = self.kids(k).find(|p| p.as_rule() == Rule::unit_nr);
                    art.model_nr = nr.map(|p| self.name(&p));
                }
                Rule::vervallen => art.vervallen = true,
                Rule::art_body => {
                    let (members, trailing) = self.members(k);
                    art.members = members;
                    art.trailing = trailing;
                }
                _ => {}
            }
        }
        art
    }

    pub(super) fn bijlage(&mut self, pair: Pair<'a, Rule>) -> Bijlage {
        let span = self.span(&pair);
        let mut bijlage = Bijlage {
            optional: false,
            id: self.name_at(span, ""),
            title: self.empty_text(span),
            members: Vec::new(),
            trailing: Trivia::default(),
        };
        let kids: Vec<_> = self.kids(pair).collect();
        let mut body = Vec::new();
        for k in kids {
            match k.as_rule() {
                Rule::facultatief => bijlage.optional = true,
                Rule::bijlage_id => bijlage.id = self.name(&k),
                Rule::string => bijlage.title = self.text(k),
                Rule::unit_member => body.push(k),
                _ => {}
            }
        }
        let (members, trailing) = self.member_list(body);
        bijlage.members = members;
        bijlage.trailing = trailing;
        bijlage
    }

    pub(super) fn block(&mut self, pair: Pair<'a, Rule>) -> Block {
        let kids: Vec<_> = self.kids(pair).collect();
        let (members, trailing) = self.member_list(kids);
        Block { members, trailing }
    }

    /// Members of a braced body (art_body): leden, lid groups and unit members.
    pub(super) fn members(&mut self, pair: Pair<'a, Rule>) -> (Vec<Member>, Trivia) {
        let kids: Vec<_> = self.kids(pair).collect();
        self.member_list(kids)
    }

    pub(super) fn member_list(&mut self, kids: Vec<Pair<'a, Rule>>) -> (Vec<Member>, Trivia) {
        // Comments were collected up front by kids(); re-split them by position so each
        // attaches to the member that follows it.
        let mut comments = std::mem::take(&mut self.pending);
        comments.sort_by_key(|c| c.span.start);
        let mut comments = comments.into_iter().peekable();
        let mut out = Vec::new();
        for k in kids {
            let start = self.span(&k);
            while let Some(c) = comments.next_if(|c| c.span.start < start.start) {
                self.pending.push(c);
            }
            if let Some(m) = self.member(k) {
                out.push(m);
            }
        }
        self.pending.extend(comments);
        let trailing = self.take_trailing();
        (out, trailing)
    }

    pub(super) fn member(&mut self, pair: Pair<'a, Rule>) -> Option<Member> {
        let span = self.span(&pair);
        let mut trivia = self.trivia(span);
        let inner = match pair.as_rule() {
            Rule::art_member | Rule::unit_member => self.kids(pair).next(),
            _ => Some(pair),
        };
        let inner = inner?;
        let kind = match inner.as_rule() {
            Rule::lid => MemberKind::Lid(self.lid(inner)),
            Rule::lid_group => {
                let (variants, kids): (Vec<_>, Vec<_>) =
                    self.kids(inner).partition(|p| p.as_rule() == Rule::variant);
                let variant = variants
                    .into_iter()
                    .next()
                    .and_then(|v| self.kids(v).next())
                    .map(|n| self.name(&n));
                let (leden, trailing) = self.member_list(kids);
                MemberKind::LidGroup(LidGroup {
                    leden,
                    trailing,
                    variant,
                })
            }
            Rule::unit_member => {
                return self.member(inner).map(|mut m| {
                    trivia.comments.append(&mut m.trivia.comments);
                    m.trivia = trivia;
                    m
                })
            }
            Rule::onderdeel => MemberKind::Onderdeel(self.onderdeel(inner)),
            Rule::tekst => {
                let s = self.kids(inner).find(|p| p.as_rule() == Rule::string);
                MemberKind::Tekst(match s {
                    Some(s) => self.text(s),
                    None => self.empty_text(span),
                })
            }
            Rule::toelichting => {
                let s = self.kids(inner).find(|p| p.as_rule() == Rule::string);
                MemberKind::Toelichting(match s {
                    Some(s) => self.text(s),
                    None => self.empty_text(span),
                })
            }
            Rule::brongebrek => {
                let s = self.kids(inner).find(|p| p.as_rule() == Rule::string);
                MemberKind::Brongebrek(match s {
                    Some(s) => self.text(s),
                    None => self.empty_text(span),
                })
            }
            Rule::stmt => MemberKind::Stmt(self.stmt(inner)?),
            _ => {
                self.internal(span, "een bepaling");
                return None;
            }
        };
        trivia.comments.append(&mut self.keep_inner_comments(span));
        Some(Member { kind, trivia, span })
    }

    pub(super) fn lid(&mut self, pair: Pair<'a, Rule>) -> Lid {
        let span = self.span(&pair);
        let mut lid = Lid {
            optional: false,
            nr: self.name_at(span, ""),
            members: Vec::new(),
            trailing: Trivia::default(),
        };
        let mut body = Vec::new();
        for k in self.kids(pair) {
            match k.as_rule() {
                Rule::facultatief => lid.optional = true,
                Rule::int => lid.nr = self.name(&k),
                Rule::unit_member => body.push(k),
                _ => {}
            }
        }
        let (members, trailing) = self.member_list(body);
        lid.members = members;
        lid.trailing = trailing;
        lid
    }

    pub(super) fn onderdeel(&mut self, pair: Pair<'a, Rule>) -> Onderdeel {
        let span = self.span(&pair);
        let mut o = Onderdeel {
            optional: false,
            label: self.name_at(span, ""),
            members: Vec::new(),
            trailing: Trivia::default(),
        };
        let mut body = Vec::new();
        for k in self.kids(pair) {
            match k.as_rule() {
                Rule::facultatief => o.optional = true,
                Rule::onderdeel_label => o.label = self.name(&k),
                Rule::unit_member => body.push(k),
                _ => {}
            }
        }
        let (members, trailing) = self.member_list(body);
        o.members = members;
        o.trailing = trailing;
        o
    }
}
