//! Where a unit of a regeling stands, in the two notations the pipeline uses: the slot-id
//! prefix of the model's fill-ins (`art14h.lid2.a`) and the citation of the legal text
//! ("artikel 14h, tweede lid, onder a"). The checker, lowering, render, coverage, diff and the
//! language server all walk artikel → lid → onderdeel; the notation of where they are is
//! written once, here, and so is the walk that visits every statement with its place.

use super::ast::*;
use super::notation::lid_words;

/// The slot-id prefix of an article: `art14h`.
pub fn art_prefix(nr: &str) -> String {
    format!("art{nr}")
}

/// The slot-id prefix of lid `nr` inside `prefix`: `art14h.lid2`.
pub fn lid_prefix(prefix: &str, nr: &str) -> String {
    format!("{prefix}.lid{nr}")
}

/// The slot-id prefix of onderdeel `label` inside `prefix`: `art14h.lid2.a`.
pub fn onderdeel_prefix(prefix: &str, label: &str) -> String {
    format!("{prefix}.{label}")
}

/// The slot id of a group of optional leden (`art9.lid3-4`) or of a variant (`art12.variant1`).
pub fn lid_group_id(prefix: &str, group: &LidGroup) -> String {
    if let Some(v) = &group.variant {
        return format!("{prefix}.variant{}", v.text);
    }
    let nrs: Vec<&str> = group
        .leden
        .iter()
        .filter_map(|m| match &m.kind {
            MemberKind::Lid(l) => Some(l.nr.text.as_str()),
            _ => None,
        })
        .collect();
    let first = nrs.first().copied().unwrap_or("");
    let last = nrs.last().copied().unwrap_or("");
    format!("{prefix}.lid{first}-{last}")
}

/// The slot-id prefix of the leden inside a group: a variant has its own (`art12.variant1`,
/// so that both variants can have a first lid); optional leden share the article's.
pub fn lid_group_prefix(prefix: &str, group: &LidGroup) -> String {
    match group.variant {
        Some(_) => lid_group_id(prefix, group),
        None => prefix.to_string(),
    }
}

/// The citation of the unit with slot-id prefix `prefix`: `art8a.lid2.c` → "artikel 8a,
/// tweede lid, onder c".
pub fn citation_of_prefix(prefix: &str) -> String {
    let (artikel, parts) = split_article(prefix);
    let mut s = format!("artikel {artikel}");
    for p in parts {
        match p.strip_prefix("lid") {
            Some(nr) => {
                s.push_str(", ");
                s.push_str(&lid_words(nr));
            }
            None => {
                s.push_str(", onder ");
                s.push_str(p);
            }
        }
    }
    s
}

/// The article number of a slot-id prefix and the segments after it. A dotted article number
/// (`art5.3.lid2`: artikel 5.3, as integrated verordeningen number them) keeps its digit
/// segments: an onderdeel directly under an article is a letter (`art5.a`) or carries a `°`,
/// so a bare number after the article's number is part of that number.
pub fn split_article(prefix: &str) -> (String, Vec<&str>) {
    let mut parts = prefix.split('.').peekable();
    let first = parts.next().unwrap_or_default();
    let mut nr = first.strip_prefix("art").unwrap_or(first).to_string();
    while let Some(p) = parts.peek() {
        if !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()) {
            nr.push('.');
            nr.push_str(p);
            parts.next();
        } else {
            break;
        }
    }
    (nr, parts.collect())
}

/// A unit's place in both notations.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Place {
    /// `art14h.lid2.a`
    pub prefix: String,
    /// "artikel 14h, tweede lid, onder a"
    pub citation: String,
}

impl Place {
    pub fn artikel(nr: &str) -> Place {
        Place {
            prefix: art_prefix(nr),
            citation: format!("artikel {nr}"),
        }
    }

    pub fn bijlage(id: &str) -> Place {
        Place {
            prefix: format!("bijlage{id}"),
            citation: format!("bijlage {id}"),
        }
    }

    /// Lid `nr` of this unit.
    pub fn lid(&self, nr: &str) -> Place {
        Place {
            prefix: lid_prefix(&self.prefix, nr),
            citation: format!("{}, {}", self.citation, lid_words(nr)),
        }
    }

    /// Onderdeel `label` of this unit.
    pub fn onderdeel(&self, label: &str) -> Place {
        Place {
            prefix: onderdeel_prefix(&self.prefix, label),
            citation: format!("{}, onder {label}", self.citation),
        }
    }

    /// Inside a group of leden: the citation does not change (its leden cite themselves).
    pub fn lid_group(&self, group: &LidGroup) -> Place {
        Place {
            prefix: lid_group_prefix(&self.prefix, group),
            citation: self.citation.clone(),
        }
    }
}

/// Visit every statement of a file with the slot-id prefix of the unit it stands in (the
/// aanhef's is `aanhef`, the slotformule's `slot`).
pub fn visit_statements<'a>(file: &'a File, f: &mut dyn FnMut(&'a Stmt, &str)) {
    for item in &file.items {
        match &item.kind {
            ItemKind::Artikel(a) => statements_in(&a.members, &art_prefix(&a.nr.text), f),
            ItemKind::Bijlage(b) => statements_in(&b.members, &format!("bijlage{}", b.id.text), f),
            ItemKind::Aanhef(b) => statements_in(&b.members, "aanhef", f),
            ItemKind::Slotformule(b) => statements_in(&b.members, "slot", f),
            _ => {}
        }
    }
}

/// Visit every statement of `members` (standing in `prefix`) with the prefix of its unit.
pub fn statements_in<'a>(ms: &'a [Member], prefix: &str, f: &mut dyn FnMut(&'a Stmt, &str)) {
    for m in ms {
        match &m.kind {
            MemberKind::Lid(l) => statements_in(&l.members, &lid_prefix(prefix, &l.nr.text), f),
            MemberKind::LidGroup(g) => statements_in(&g.leden, &lid_group_prefix(prefix, g), f),
            MemberKind::Onderdeel(o) => {
                statements_in(&o.members, &onderdeel_prefix(prefix, &o.label.text), f)
            }
            MemberKind::Stmt(s) => f(s, prefix),
            _ => {}
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_place_is_written_in_both_notations() {
        let p = Place::artikel("14h").lid("2").onderdeel("a");
        assert_eq!(p.prefix, "art14h.lid2.a");
        assert_eq!(p.citation, "artikel 14h, tweede lid, onder a");
        assert_eq!(citation_of_prefix(&p.prefix), p.citation);
        assert_eq!(Place::artikel("3").lid("25").citation, "artikel 3, lid 25");
    }

    #[test]
    fn a_dotted_article_number_stays_one_number() {
        assert_eq!(citation_of_prefix("art5.3.lid2"), "artikel 5.3, tweede lid");
        assert_eq!(citation_of_prefix("art3.4.5"), "artikel 3.4.5");
        assert_eq!(
            citation_of_prefix("art14h.lid2.a"),
            "artikel 14h, tweede lid, onder a"
        );
        assert_eq!(citation_of_prefix("art5.a"), "artikel 5, onder a");
        assert_eq!(
            citation_of_prefix("art5.lid1.3"),
            "artikel 5, eerste lid, onder 3"
        );
    }
}
