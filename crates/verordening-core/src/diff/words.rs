//! Words: the share two texts have in common, and the word-level difference that marks
//! what was struck and what was inserted.

use std::collections::BTreeMap;

pub fn words(s: &str) -> Vec<&str> {
    s.split_whitespace().collect()
}

/// The number of words two word lists share (as multisets).
fn common(wa: &[&str], wb: &[&str]) -> usize {
    let mut counts: BTreeMap<&str, i64> = BTreeMap::new();
    for w in wa {
        *counts.entry(w).or_default() += 1;
    }
    let mut n = 0usize;
    for w in wb {
        if let Some(c) = counts.get_mut(w) {
            if *c > 0 {
                *c -= 1;
                n += 1;
            }
        }
    }
    n
}

/// Share of words in common (Dice coefficient over the multisets).
pub fn similarity(a: &str, b: &str) -> f64 {
    let (wa, wb) = (words(a), words(b));
    if wa.is_empty() && wb.is_empty() {
        return 1.0;
    }
    (2 * common(&wa, &wb)) as f64 / (wa.len() + wb.len()) as f64
}

/// Share of the shorter text's words that the longer one also has (overlap coefficient): a
/// lid that grew keeps most of its words.
pub fn overlap(a: &str, b: &str) -> f64 {
    let (wa, wb) = (words(a), words(b));
    let shorter = wa.len().min(wb.len());
    if shorter == 0 {
        return 0.0;
    }
    common(&wa, &wb) as f64 / shorter as f64
}

/// Words each marked 0 (in both texts), -1 (only in the old) or 1 (only in the new).
pub type Marked<'a> = Vec<(&'a str, i8)>;

/// Word-level difference of two texts: the old words and the new words, marked.
pub fn word_diff<'a>(old: &'a str, new: &'a str) -> (Marked<'a>, Marked<'a>) {
    let a = words(old);
    let b = words(new);
    let (ma, mb) = lcs_marks(&a, &b);
    (
        a.into_iter().zip(ma).collect(),
        b.into_iter().zip(mb).collect(),
    )
}

/// The marks of a longest common subsequence of `a` and `b`: 0 for an element in both, -1 for
/// one only in `a`, 1 for one only in `b`. Texts of a lid are short, so quadratic is fine
/// (bounded: beyond 4000 × 4000 elements everything is marked changed).
fn lcs_marks<T: PartialEq>(a: &[T], b: &[T]) -> (Vec<i8>, Vec<i8>) {
    let (n, m) = (a.len(), b.len());
    if n * m > 16_000_000 {
        return (vec![-1; n], vec![1; m]);
    }
    let mut t = vec![0u32; (n + 1) * (m + 1)];
    let idx = |i: usize, j: usize| i * (m + 1) + j;
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            let v = if a.get(i) == b.get(j) {
                t.get(idx(i + 1, j + 1)).copied().unwrap_or(0) + 1
            } else {
                t.get(idx(i + 1, j))
                    .copied()
                    .unwrap_or(0)
                    .max(t.get(idx(i, j + 1)).copied().unwrap_or(0))
            };
            if let Some(cell) = t.get_mut(idx(i, j)) {
                *cell = v;
            }
        }
    }
    let (mut i, mut j) = (0, 0);
    let (mut ro, mut rn) = (Vec::with_capacity(n), Vec::with_capacity(m));
    while i < n || j < m {
        if i < n && j < m && a.get(i) == b.get(j) {
            ro.push(0);
            rn.push(0);
            i += 1;
            j += 1;
        } else if j < m
            && (i >= n
                || t.get(idx(i, j + 1)).copied().unwrap_or(0)
                    >= t.get(idx(i + 1, j)).copied().unwrap_or(0))
        {
            rn.push(1);
            j += 1;
        } else {
            ro.push(-1);
            i += 1;
        }
    }
    (ro, rn)
}

/// A piece of a text as the was-wordt shows it: a word, or a part of one (its letters, or one
/// punctuation mark).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece<'a> {
    pub text: &'a str,
    /// 0 in both texts, -1 only in the old, 1 only in the new.
    pub mark: i8,
    /// It begins a word (whitespace before it, or the start of the text); false: it is glued
    /// to the piece before, as a comma to its word.
    pub spaced: bool,
}

/// A punctuation mark: compared apart from the letters it is glued to.
fn punctuation(c: char) -> bool {
    c.is_ascii_punctuation() || matches!(c, '‘' | '’' | '“' | '”' | '…' | '–' | '—')
}

/// The parts of a word: runs of other characters, and each punctuation mark alone.
fn parts(word: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in word.char_indices() {
        if punctuation(c) {
            if start < i {
                out.extend(word.get(start..i));
            }
            out.extend(word.get(i..i + c.len_utf8()));
            start = i + c.len_utf8();
        }
    }
    if start < word.len() {
        out.extend(word.get(start..));
    }
    out
}

/// A part of a word in the comparison of punctuation: a punctuation mark is the same only with
/// the same space before it ("wet ," is not "wet,"); letters are the same by their text (the
/// "1" of "[1." is the "1" of "1.").
#[derive(Debug, Clone, Copy)]
struct Part<'a> {
    text: &'a str,
    spaced: bool,
}

impl PartialEq for Part<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
            && (self.spaced == other.spaced || !self.text.chars().all(punctuation))
    }
}

/// The letters (everything but punctuation and whitespace) of some words.
fn skeleton(ws: &[&str]) -> String {
    ws.iter()
        .flat_map(|w| w.chars())
        .filter(|c| !punctuation(*c) && !c.is_whitespace())
        .collect()
}

/// The word diff of two texts as the was-wordt shows it (issue 18): the words of
/// [`word_diff`], except where the words that changed between two common words differ only in
/// punctuation, or in the space before a punctuation mark ("doelgroep," → "doelgroep;", "van
/// de wet ," → "van de wet,"). There the letters and each punctuation mark are compared apart
/// (with the space before them), so the mark falls on the punctuation, as the ledenbrief marks
/// "de woorden en leestekens waaraan iets verandert"; compared as whole words, the unchanged
/// word would be marked with its comma. Joined (a space before each spaced piece), the pieces
/// of each side give its words again.
pub fn shown_diff<'a>(old: &'a str, new: &'a str) -> (Vec<Piece<'a>>, Vec<Piece<'a>>) {
    let (o, n) = word_diff(old, new);
    let (mut po, mut pn) = (Vec::new(), Vec::new());
    let whole = |w: &'a str, mark: i8| Piece {
        text: w,
        mark,
        spaced: true,
    };
    let (mut i, mut j) = (0, 0);
    while i < o.len() || j < n.len() {
        // The run that changed between two common words, on either side.
        let (i0, j0) = (i, j);
        while o.get(i).is_some_and(|(_, k)| *k != 0) {
            i += 1;
        }
        while n.get(j).is_some_and(|(_, k)| *k != 0) {
            j += 1;
        }
        let ow: Vec<&'a str> = o.get(i0..i).unwrap_or(&[]).iter().map(|p| p.0).collect();
        let nw: Vec<&'a str> = n.get(j0..j).unwrap_or(&[]).iter().map(|p| p.0).collect();
        if !ow.is_empty() && !nw.is_empty() && skeleton(&ow) == skeleton(&nw) {
            let split = |ws: &[&'a str]| -> Vec<Part<'a>> {
                ws.iter()
                    .flat_map(|w| {
                        parts(w).into_iter().enumerate().map(|(k, p)| Part {
                            text: p,
                            spaced: k == 0,
                        })
                    })
                    .collect()
            };
            let (a, b) = (split(&ow), split(&nw));
            let (ma, mb) = lcs_marks(&a, &b);
            let piece = |p: &Part<'a>, mark: i8| Piece {
                text: p.text,
                mark,
                spaced: p.spaced,
            };
            po.extend(a.iter().zip(ma).map(|(p, mark)| piece(p, mark)));
            pn.extend(b.iter().zip(mb).map(|(p, mark)| piece(p, mark)));
        } else {
            po.extend(ow.iter().map(|w| whole(w, -1)));
            pn.extend(nw.iter().map(|w| whole(w, 1)));
        }
        // The common word after the run.
        match (o.get(i), n.get(j)) {
            (Some((w, 0)), Some((v, 0))) => {
                po.push(whole(w, 0));
                pn.push(whole(v, 0));
                i += 1;
                j += 1;
            }
            // Both ends reached (the common words of the two sides pair up one to one).
            _ => {
                po.extend(o.get(i..).unwrap_or(&[]).iter().map(|(w, k)| whole(w, *k)));
                pn.extend(n.get(j..).unwrap_or(&[]).iter().map(|(w, k)| whole(w, *k)));
                break;
            }
        }
    }
    (po, pn)
}

#[cfg(test)]
mod tests {
    use super::{shown_diff, word_diff, Piece};

    /// A side as text, with [-…-] / {+…+} around the marked pieces.
    fn show(ps: &[Piece<'_>]) -> String {
        let mut out = String::new();
        for (k, p) in ps.iter().enumerate() {
            if k > 0 && p.spaced {
                out.push(' ');
            }
            match p.mark {
                0 => out.push_str(p.text),
                -1 => out.push_str(&format!("[-{}-]", p.text)),
                _ => out.push_str(&format!("{{+{}+}}", p.text)),
            }
        }
        out
    }

    fn both(old: &str, new: &str) -> (String, String) {
        let (o, n) = shown_diff(old, new);
        (show(&o), show(&n))
    }

    #[test]
    fn a_punctuation_only_change_is_marked_on_the_punctuation() {
        assert_eq!(
            both(
                "behoort tot de doelgroep, en",
                "behoort tot de doelgroep; en"
            ),
            (
                "behoort tot de doelgroep[-,-] en".into(),
                "behoort tot de doelgroep{+;+} en".into()
            )
        );
        // The space before a comma that goes (Bijlage 1, onderdeel D: "wet_,").
        assert_eq!(
            both("van de wet , de artikelen", "van de wet, de artikelen"),
            (
                "van de wet [-,-] de artikelen".into(),
                "van de wet{+,+} de artikelen".into()
            )
        );
        // Brackets of an optional lid that goes: the number stays.
        assert_eq!(
            both("[1. Het college", "1. Het college"),
            ("[-[-]1. Het college".into(), "1. Het college".into())
        );
    }

    #[test]
    fn a_change_of_words_is_marked_on_whole_words() {
        assert_eq!(
            both(
                "genoemde voorzieningen, tenzij",
                "genoemde voorziening, tenzij"
            ),
            (
                "genoemde [-voorzieningen,-] tenzij".into(),
                "genoemde {+voorziening,+} tenzij".into()
            )
        );
        assert_eq!(
            both(
                "aangeboden voorziening; g.",
                "aangeboden voorziening; of g."
            ),
            (
                "aangeboden voorziening; g.".into(),
                "aangeboden voorziening; {+of+} g.".into()
            )
        );
    }

    #[test]
    fn the_pieces_give_the_words_again() {
        let (old, new) = ("a. de wet , en [...], b.", "a. de wet; of [...]; b.");
        let (o, n) = shown_diff(old, new);
        let text = |ps: &[Piece<'_>]| {
            let mut s = String::new();
            for (k, p) in ps.iter().enumerate() {
                if k > 0 && p.spaced {
                    s.push(' ');
                }
                s.push_str(p.text);
            }
            s
        };
        assert_eq!(text(&o), old);
        assert_eq!(text(&n), new);
        // The words of word_diff are unchanged by it.
        let (wo, wn) = word_diff(old, new);
        assert_eq!(wo.len(), o.iter().filter(|p| p.spaced).count());
        assert_eq!(wn.len(), n.iter().filter(|p| p.spaced).count());
    }
}
