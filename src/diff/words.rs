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
    // LCS table; texts of a lid are short, so quadratic is fine (bounded: 4000 words).
    if a.len() * b.len() > 16_000_000 {
        return (
            a.iter().map(|w| (*w, -1)).collect(),
            b.iter().map(|w| (*w, 1)).collect(),
        );
    }
    let (n, m) = (a.len(), b.len());
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
    let (mut ro, mut rn) = (Vec::new(), Vec::new());
    while i < n || j < m {
        let (wa, wb) = (a.get(i), b.get(j));
        if i < n && j < m && wa == wb {
            ro.push((*wa.unwrap_or(&""), 0));
            rn.push((*wb.unwrap_or(&""), 0));
            i += 1;
            j += 1;
        } else if j < m
            && (i >= n
                || t.get(idx(i, j + 1)).copied().unwrap_or(0)
                    >= t.get(idx(i + 1, j)).copied().unwrap_or(0))
        {
            rn.push((*wb.unwrap_or(&""), 1));
            j += 1;
        } else {
            ro.push((*wa.unwrap_or(&""), -1));
            i += 1;
        }
    }
    (ro, rn)
}
