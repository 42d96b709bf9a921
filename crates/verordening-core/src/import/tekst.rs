//! An ordinance that exists only as plain text: one line per heading, article head, lid,
//! onderdeel or paragraph ("Hoofdstuk 3", "Artikel 3.3.4 Jobcoaching", "1.", "a.", "1°").
//! A number may stand alone on its line with its text on the next (as text copied from a web
//! page prints it). Every line whose role is not certain is reported with the guess made.

use super::{lid_nr, normalise, onderdeel_label, unit_nr, Artikel, Deel, Lid, Melding, Regeling};
use crate::syntax::Span;

/// The result: the regeling and one remark per line that was guessed about.
#[derive(Debug)]
pub struct Gelezen {
    pub regeling: Regeling,
    pub meldingen: Vec<Melding>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Line {
    Hoofdstuk(String, String),
    Paragraaf(String, String),
    Artikel(String, String),
    Lid(u32, String),
    Onderdeel(String, String),
    Tekst(String),
}

/// Strip list bullets some copies carry ("•", "-" before a number).
fn strip_bullet(s: &str) -> &str {
    let t = s.trim_start();
    for b in ["•", "·", "*"] {
        if let Some(r) = t.strip_prefix(b) {
            return r.trim_start();
        }
    }
    t
}

/// Split a heading's rest "1.2 Titel" / "1.2. Titel" / "1.2 - Titel" into number and title.
fn nr_and_title(rest: &str) -> Option<(String, String)> {
    let rest = rest.trim();
    let (nr, title) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    let nr = unit_nr(nr.trim_end_matches(':'))?;
    let title = title
        .trim()
        .trim_start_matches(['-', '–', ':', '.'])
        .trim()
        .to_string();
    Some((nr, title))
}

fn classify(line: &str) -> Line {
    let t = strip_bullet(line);
    let lower = t.to_lowercase();
    for (kw, kind) in [
        ("hoofdstuk ", 0),
        ("paragraaf ", 1),
        ("§ ", 1),
        ("artikel ", 2),
    ] {
        if lower.starts_with(kw) {
            if let Some((nr, title)) = t.get(kw.len()..).and_then(nr_and_title) {
                return match kind {
                    0 => Line::Hoofdstuk(nr, title),
                    1 => Line::Paragraaf(nr, title),
                    _ => Line::Artikel(nr, title),
                };
            }
        }
    }
    let (first, rest) = t.split_once(char::is_whitespace).unwrap_or((t, ""));
    if first.ends_with('.') || first.ends_with(')') || first.ends_with('°') {
        if let Some(n) = lid_nr(first).filter(|_| first.ends_with('.')) {
            return Line::Lid(n, rest.trim().to_string());
        }
        if let Some(l) = onderdeel_label(first) {
            return Line::Onderdeel(l, rest.trim().to_string());
        }
    }
    Line::Tekst(t.trim().to_string())
}

struct State {
    regeling: Regeling,
    meldingen: Vec<Melding>,
    /// Inside an article: its index in the body.
    artikel: Option<usize>,
    after_articles: bool,
}

impl State {
    fn current(&mut self) -> Option<&mut Artikel> {
        let i = self.artikel?;
        match self.regeling.body.get_mut(i) {
            Some(Deel::Artikel(a)) => Some(a),
            _ => None,
        }
    }
}

/// The container an onderdeel or text goes into: the last lid of the article, else the article.
fn in_container<R>(a: &mut Artikel, f: impl FnOnce(&mut Vec<Lid>) -> R) -> Option<R> {
    if matches!(a.leden.last(), Some(Lid::Lid { .. })) {
        match a.leden.last_mut() {
            Some(Lid::Lid { inhoud, .. }) => Some(f(inhoud)),
            _ => None,
        }
    } else {
        Some(f(&mut a.leden))
    }
}

/// Read a plain-text ordinance. The first non-empty line is taken as its title (reported).
pub fn read(text: &str) -> Gelezen {
    let mut st = State {
        regeling: Regeling::default(),
        meldingen: Vec::new(),
        artikel: None,
        after_articles: false,
    };
    // Lines with their spans; a number alone on its line joins the next line.
    let mut lines: Vec<(Span, String)> = Vec::new();
    let mut offset = 0;
    let mut pending: Option<(usize, String)> = None;
    for raw in text.split_inclusive('\n') {
        let start = offset;
        offset += raw.len();
        let l = normalise(raw);
        if l.is_empty() {
            continue;
        }
        let lone = strip_bullet(&l).to_string();
        let is_lone_number = !lone.contains(' ')
            && (matches!(classify(&lone), Line::Lid(..) | Line::Onderdeel(..))
                || lone == "-"
                || lone == "–");
        if let Some((s, nr)) = pending.take() {
            lines.push((Span::new(s, offset), format!("{nr} {l}")));
            continue;
        }
        if is_lone_number {
            pending = Some((start, lone));
            continue;
        }
        lines.push((Span::new(start, offset), l));
    }
    if let Some((s, nr)) = pending {
        lines.push((Span::new(s, offset), nr));
    }
    let mut iter = lines.into_iter();
    if let Some((span, first)) = iter.next() {
        st.meldingen.push(Melding {
            span: Some(span),
            tekst: format!("eerste regel genomen als citeertitel: \"{first}\""),
        });
        st.regeling.meta.citeertitel = first;
    }
    let mut last_was_onderdeel = false;
    for (span, l) in iter {
        let line = classify(&l);
        let guess = |st: &mut State, t: String| {
            st.meldingen.push(Melding {
                span: Some(span),
                tekst: t,
            })
        };
        match line {
            Line::Hoofdstuk(nr, titel) => {
                st.artikel = None;
                st.regeling.body.push(Deel::Hoofdstuk { nr, titel });
            }
            Line::Paragraaf(nr, titel) => {
                st.artikel = None;
                st.regeling.body.push(Deel::Paragraaf { nr, titel });
            }
            Line::Artikel(nr, titel) => {
                if titel.is_empty() {
                    guess(&mut st, format!("artikel {nr} heeft geen opschrift op dezelfde regel; zonder opschrift gelezen"));
                }
                st.regeling.body.push(Deel::Artikel(Artikel {
                    nr,
                    titel,
                    leden: Vec::new(),
                    opmerkingen: Vec::new(),
                    model: None,
                }));
                st.artikel = Some(st.regeling.body.len() - 1);
            }
            Line::Lid(nr, t) => {
                if st.artikel.is_none() {
                    guess(
                        &mut st,
                        format!("\"{nr}.\" buiten een artikel: gelezen als tekst"),
                    );
                    push_outside(&mut st, format!("{nr}. {t}"));
                } else if let Some(a) = st.current() {
                    let exists = a
                        .leden
                        .iter()
                        .any(|m| matches!(m, Lid::Lid { nr: n, .. } if *n == nr));
                    if exists {
                        in_container(a, |c| c.push(Lid::Tekst(format!("{nr}. {t}"))));
                        guess(
                            &mut st,
                            format!("lid {nr} bestaat al in dit artikel: gelezen als tekst"),
                        );
                    } else {
                        let inhoud = if t.is_empty() {
                            Vec::new()
                        } else {
                            vec![Lid::Tekst(t)]
                        };
                        a.leden.push(Lid::Lid { nr, inhoud });
                    }
                }
            }
            Line::Onderdeel(label, t) => {
                if st.artikel.is_none() {
                    guess(
                        &mut st,
                        format!("\"{label}.\" buiten een artikel: gelezen als tekst"),
                    );
                    push_outside(&mut st, format!("{label}. {t}"));
                } else if let Some(a) = st.current() {
                    let inhoud = if t.is_empty() {
                        Vec::new()
                    } else {
                        vec![Lid::Tekst(t)]
                    };
                    in_container(a, |container| {
                        // A "1°" under a lettered onderdeel is its sub-onderdeel.
                        let sub = label.ends_with('°');
                        let parent_is_letter = matches!(container.last(), Some(Lid::Onderdeel { label: p, .. }) if !p.ends_with('°'));
                        if sub && parent_is_letter {
                            if let Some(Lid::Onderdeel { inhoud: pi, .. }) = container.last_mut() {
                                pi.push(Lid::Onderdeel { label, inhoud });
                            }
                        } else {
                            container.push(Lid::Onderdeel { label, inhoud });
                        }
                    });
                    last_was_onderdeel = true;
                    continue;
                }
            }
            Line::Tekst(t) => {
                if st.artikel.is_some() && looks_like_closing(&l) {
                    st.artikel = None;
                    guess(&mut st, "regel gelezen als begin van de slotformule; het artikel ervoor eindigt hier".into());
                }
                if st.artikel.is_none() {
                    push_outside(&mut st, t);
                } else {
                    let after_onderdeel = last_was_onderdeel;
                    if let Some(a) = st.current() {
                        in_container(a, |c| c.push(Lid::Tekst(t)));
                    }
                    if after_onderdeel {
                        guess(&mut st, "tekst na een onderdeel gelezen als slotzin van het lid of artikel, niet als vervolg van het onderdeel".into());
                    }
                }
            }
        }
        last_was_onderdeel = false;
    }
    let _ = st.after_articles;
    Gelezen {
        regeling: st.regeling,
        meldingen: st.meldingen,
    }
}

fn looks_like_closing(l: &str) -> bool {
    let lower = l.to_lowercase();
    lower.starts_with("aldus vastgesteld")
        || lower.starts_with("vastgesteld in de")
        || lower.starts_with("de griffier")
        || lower.starts_with("de voorzitter")
}

/// Text outside an article: before the first article the aanhef, after the last one the slot.
fn push_outside(st: &mut State, t: String) {
    let any_article = st
        .regeling
        .body
        .iter()
        .any(|d| matches!(d, Deel::Artikel(_)));
    if any_article {
        st.after_articles = true;
        st.regeling.slot.push(t);
    } else {
        st.regeling.aanhef.push(t);
    }
}
