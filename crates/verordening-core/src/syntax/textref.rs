//! Cross-references inside legal text: "bedoeld in artikel 14b, derde lid", "de artikelen 14c
//! tot en met 14h", "het tweede lid". One scanner serves the checker (which reports references
//! to articles that do not exist) and the language server (hover and go to definition), so the
//! two always agree on what counts as a reference.

use super::Span;

/// A reference found in the source text of a string literal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextRef<'a> {
    /// "artikel 14b, derde lid", "de artikelen 4, 5 en 8": articles of this regulation (not
    /// followed by "van de wet" or the name of another statute).
    Articles {
        nrs: Vec<NrRef<'a>>,
        /// ", derde lid" right after the number(s).
        lid: Option<LidRef<'a>>,
        /// The text from the first number to the end of its sentence: the name of a statute
        /// can stand further on ("artikel 8a, tweede lid, onder g, ..., van de wet").
        sentence: &'a str,
    },
    /// "het tweede lid", "in dit derde lid": a lid of the article the text stands in.
    OwnLid(LidRef<'a>),
    /// "artikel 6 van de Verordening maatregelen": an article of another regeling, named by
    /// its title. Listed (render --leeswijzer), never checked against this file. References to
    /// the wet ("van de wet", "Ziektewet") are not reported at all.
    External {
        nrs: Vec<NrRef<'a>>,
        /// The regeling as the text names it: "Verordening maatregelen".
        regeling: &'a str,
        /// The reference as written, from "artikel" to the end of the regeling's name.
        written: &'a str,
    },
    /// "lid 7", "lid 7, sub b", "in lid 2 onder a": the informal form, a lid (and onderdeel)
    /// of the article the text stands in.
    InformalLid {
        /// The lid number as written.
        nr: NrRef<'a>,
        /// "sub", "onder" or "onderdeel", and the onderdeel label with its span.
        onderdeel: Option<(&'a str, NrRef<'a>)>,
    },
}

/// An article number in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NrRef<'a> {
    pub nr: &'a str,
    pub span: Span,
}

/// "derde lid": the lid number and the span of the words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LidRef<'a> {
    pub nr: usize,
    /// The ordinal as written ("derde").
    pub ordinal: &'a str,
    pub span: Span,
}

#[derive(Debug)]
struct Word<'a> {
    text: &'a str,
    start: usize,
}

fn words(raw: &str, base: usize) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in raw.char_indices() {
        let sep = c.is_whitespace() || matches!(c, ',' | ';' | ':' | '(' | ')' | '"' | '\\');
        match (sep, start) {
            (true, Some(s)) => {
                out.push(Word {
                    text: raw.get(s..i).unwrap_or(""),
                    start: base + s,
                });
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(Word {
            text: raw.get(s..).unwrap_or(""),
            start: base + s,
        });
    }
    for w in &mut out {
        w.text = w.text.trim_end_matches('.');
    }
    out
}

fn ordinal(w: &str) -> Option<usize> {
    super::notation::ORDINALS
        .iter()
        .position(|o| *o == w)
        .map(|i| i + 1)
}

fn is_article_nr(w: &str) -> bool {
    w.chars().next().is_some_and(|c| c.is_ascii_digit())
        && w.chars().all(|c| c.is_ascii_alphanumeric() || c == '.')
}

/// Whether the words from `i` on say that the reference is to another regulation.
fn external(ws: &[Word<'_>], i: usize) -> bool {
    let w = |k: usize| ws.get(k).map(|w| w.text.to_lowercase()).unwrap_or_default();
    let first = w(i);
    if first == "van" {
        // "van de wet", "van het Besluit ...", "van Boek 7": another regulation; "van deze
        // verordening", "van overeenkomstige toepassing": this one.
        let next = ws.get(i + 1).map(|w| w.text).unwrap_or("");
        return matches!(next.to_lowercase().as_str(), "de" | "het")
            || next.chars().next().is_some_and(char::is_uppercase);
    }
    if first == "wet" || first.ends_with("wet") || first == "pw" {
        return true;
    }
    // Abbreviated statutes after the number: "artikel 29b Ziektewet", "artikel 4:81 Awb".
    matches!(
        first.as_str(),
        "awb" | "ioaw" | "ioaz" | "wia" | "ziektewet" | "participatiewet" | "leerplichtwet"
    )
}

/// "van de Verordening maatregelen" at word `i`: the name of another regeling (a capitalised
/// title after "van de" or "van het"), and the byte offset in `raw` where that name ends.
fn other_regeling<'a>(
    raw: &'a str,
    base: usize,
    ws: &[Word<'a>],
    i: usize,
) -> Option<(&'a str, usize)> {
    ws.get(i).filter(|w| w.text.eq_ignore_ascii_case("van"))?;
    ws.get(i + 1)
        .filter(|w| matches!(w.text.to_lowercase().as_str(), "de" | "het"))?;
    let name = ws.get(i + 2)?;
    if !name.text.chars().next().is_some_and(|c| c.is_uppercase()) {
        return None;
    }
    let lower = name.text.to_lowercase();
    if lower == "wet" {
        return None;
    }
    // The title runs to a punctuation mark, or to the first word that cannot be part of it
    // ("van de Ziektewet niet van toepassing is"), at most eight words.
    const NOT_IN_A_TITLE: &[&str] = &[
        "niet", "is", "zijn", "wordt", "worden", "kan", "kunnen", "dat", "die", "dan", "als",
        "voor", "op", "in", "met", "tot", "bij", "te", "het", "de", "een", "of", "en", "van",
        "geldt", "gelden", "wanneer", "waarin", "waarbij",
    ];
    let mut last = name;
    for (n, w) in ws.iter().enumerate().skip(i + 3) {
        let gap = raw
            .get(last.start.saturating_sub(base) + last.text.len()..w.start.saturating_sub(base))
            .unwrap_or(" ");
        if n >= i + 10
            || NOT_IN_A_TITLE.contains(&w.text.to_lowercase().as_str())
            || gap.chars().any(|c| !c.is_whitespace())
        {
            break;
        }
        last = w;
    }
    let from = name.start.checked_sub(base)?;
    let end = last.start.checked_sub(base)? + last.text.len();
    let name = raw.get(from..end)?;
    Some((name, from + name.len()))
}

/// "lid 7[, sub b]" at word `i` ("lid"), unless it follows an article number (then it is part
/// of "artikel 8 lid 2") or names another regulation.
fn informal_lid<'a>(ws: &[Word<'a>], i: usize) -> Option<TextRef<'a>> {
    let nr = ws
        .get(i + 1)
        .filter(|w| !w.text.is_empty() && w.text.chars().all(|c| c.is_ascii_digit()))?;
    let after_article = i
        .checked_sub(1)
        .and_then(|p| ws.get(p))
        .is_some_and(|w| is_article_nr(w.text) || w.text.to_lowercase() == "artikel");
    let joint = ws.get(i + 2).map(|w| w.text).unwrap_or("");
    let label = match joint {
        "sub" | "onder" | "onderdeel" => ws.get(i + 3).filter(|w| {
            w.text.len() <= 2 && w.text.chars().all(|c| c.is_ascii_lowercase() || c == '°')
        }),
        _ => None,
    };
    let next = if label.is_some() { i + 4 } else { i + 2 };
    if after_article || external(ws, next) {
        return None;
    }
    let r = |w: &Word<'a>| NrRef {
        nr: w.text,
        span: Span::new(w.start, w.start + w.text.len()),
    };
    Some(TextRef::InformalLid {
        nr: r(nr),
        onderdeel: label.map(|l| (joint, r(l))),
    })
}

/// The references in `raw`, the source text of a string literal that starts at byte `base` of
/// its file (spans are file offsets).
pub fn scan(raw: &str, base: usize) -> Vec<TextRef<'_>> {
    let ws = words(raw, base);
    let mut out = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        let lower = ws.get(i).map(|w| w.text.to_lowercase()).unwrap_or_default();
        if lower == "artikel" || lower == "artikelen" {
            // Collect the numbers: "4, 5 en 8", "14c tot en met 14h".
            let mut nrs = Vec::new();
            let mut j = i + 1;
            while let Some(w) = ws.get(j) {
                if is_article_nr(w.text) {
                    nrs.push(NrRef {
                        nr: w.text,
                        span: Span::new(w.start, w.start + w.text.len()),
                    });
                    j += 1;
                } else if matches!(w.text, "en" | "tot" | "met")
                    && ws
                        .get(j + 1)
                        .is_some_and(|n| is_article_nr(n.text) || n.text == "en" || n.text == "met")
                {
                    j += 1;
                } else {
                    break;
                }
            }
            if nrs.is_empty() {
                i += 1;
                continue;
            }
            // ", derde lid", ", onderdeel a" / "onder a".
            let mut lid = None;
            if let (Some(o), Some(l)) = (ws.get(j), ws.get(j + 1)) {
                if let (Some(n), true) = (ordinal(&o.text.to_lowercase()), l.text == "lid") {
                    lid = Some(LidRef {
                        nr: n,
                        ordinal: o.text,
                        span: Span::new(o.start, l.start + l.text.len()),
                    });
                    j += 2;
                }
            }
            let mut k = j;
            while ws.get(k).is_some_and(|w| {
                matches!(w.text, "onder" | "onderdeel" | "aanhef" | "en")
                    || w.text.len() <= 2
                        && w.text.chars().all(|c| c.is_ascii_lowercase() || c == '°')
            }) {
                k += 1;
            }
            let other =
                other_regeling(raw, base, &ws, k).or_else(|| other_regeling(raw, base, &ws, j));
            if let (Some((regeling, end)), Some(w)) = (other, ws.get(i)) {
                let from = w.start.saturating_sub(base);
                out.push(TextRef::External {
                    nrs,
                    regeling,
                    written: raw.get(from..end).unwrap_or(regeling),
                });
            } else if !external(&ws, k) && !external(&ws, j) {
                let from = nrs
                    .first()
                    .map(|n| n.span.offset())
                    .unwrap_or(0)
                    .saturating_sub(base);
                let rest = raw.get(from..).unwrap_or("");
                let sentence_end = rest.find(". ").map(|e| e + 1).unwrap_or(rest.len());
                let sentence = rest.get(..sentence_end).unwrap_or(rest);
                out.push(TextRef::Articles { nrs, lid, sentence });
            }
            i = k.max(i + 1);
            continue;
        }
        if lower == "lid" {
            if let Some(r) = informal_lid(&ws, i) {
                out.push(r);
            }
        }
        // "het tweede lid", "in het derde lid": a lid of the same article.
        if let (Some(n), Some(w), Some(next)) = (ordinal(&lower), ws.get(i), ws.get(i + 1)) {
            let prev = i
                .checked_sub(1)
                .and_then(|p| ws.get(p))
                .map(|w| w.text.to_lowercase());
            let after = ws
                .get(i + 2)
                .map(|w| w.text.to_lowercase())
                .unwrap_or_default();
            if next.text == "lid"
                && matches!(prev.as_deref(), Some("het" | "dit"))
                && after != "van"
            {
                out.push(TextRef::OwnLid(LidRef {
                    nr: n,
                    ordinal: w.text,
                    span: Span::new(w.start, next.start + next.text.len()),
                }));
            }
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(src: &str) -> Vec<String> {
        scan(src, 0)
            .iter()
            .map(|r| match r {
                TextRef::Articles { nrs, lid, .. } => {
                    let mut s: Vec<&str> = nrs.iter().map(|n| n.span.text(src)).collect();
                    if let Some(l) = lid {
                        s.push(l.span.text(src));
                    }
                    s.join("|")
                }
                TextRef::OwnLid(l) => format!("eigen {}", l.span.text(src)),
                TextRef::External { regeling, .. } => format!("extern {regeling}"),
                TextRef::InformalLid { nr, onderdeel } => match onderdeel {
                    Some((joint, l)) => format!("lid {} {joint} {}", nr.nr, l.nr),
                    None => format!("lid {}", nr.nr),
                },
            })
            .collect()
    }

    #[test]
    fn finds_articles_leden_and_skips_other_statutes() {
        assert_eq!(
            spans("bedoeld in artikel 14b, derde lid, en in het tweede lid"),
            vec!["14b|derde lid", "eigen tweede lid"]
        );
        assert_eq!(spans("de artikelen 14c tot en met 14h"), vec!["14c|14h"]);
        assert!(spans("artikel 8a, tweede lid, van de wet").is_empty());
        assert!(spans("artikel 29b Ziektewet").is_empty());
        assert!(spans("het tweede lid van artikel 3").len() == 1);
    }

    #[test]
    fn finds_informal_leden_but_not_those_of_an_article_or_statute() {
        assert_eq!(
            spans("de periode zoals genoemd in lid 7, sub b"),
            vec!["lid 7 sub b"]
        );
        assert_eq!(spans("zie lid 2"), vec!["lid 2"]);
        assert!(spans("artikel 8 lid 2")
            .iter()
            .all(|s| !s.starts_with("lid")));
        assert!(spans("lid 2 van de wet").is_empty());
    }

    #[test]
    fn another_regeling_is_external_and_named() {
        assert_eq!(
            spans("de maatregel, bedoeld in artikel 6 van de Verordening maatregelen Participatiewet, wordt"),
            vec!["extern Verordening maatregelen Participatiewet"]
        );
        assert_eq!(
            spans("artikel 3 van de Algemene wet bestuursrecht."),
            vec!["extern Algemene wet bestuursrecht"]
        );
        assert!(spans("artikel 8a van de wet").is_empty());
        assert_eq!(
            spans("als artikel 29b van de Ziektewet niet van toepassing is"),
            vec!["extern Ziektewet"]
        );
        assert_eq!(spans("artikel 4 van deze verordening"), vec!["4"]);
        assert_eq!(
            spans("Op de werkstage is artikel 5.3 van overeenkomstige toepassing."),
            vec!["5.3"]
        );
        assert_eq!(
            scan("zie artikel 6, tweede lid, van het Besluit X", 0)
                .iter()
                .filter_map(|r| match r {
                    TextRef::External { written, .. } => Some(*written),
                    _ => None,
                })
                .collect::<Vec<_>>(),
            vec!["artikel 6, tweede lid, van het Besluit X"]
        );
    }
}
