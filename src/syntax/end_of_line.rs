//! End-of-line comments. The builder hangs every comment in front of the node that follows it;
//! a comment written after a statement on the statement's own line
//! (`invulling art8.lid3.bedrag = € 100  # toelichting`) describes that statement, not the
//! next one. This pass, over the finished tree, moves each such comment from the leading
//! trivia of the next node (or a block's trailing trivia) to the `end_of_line` of the node
//! whose last line it stands on. (Inside options and passages the builder does it.)

use super::ast::*;
use super::parse::blank_line_before;

/// A node that has trivia and a span: the things that stand in a list one after another.
trait Node {
    fn span_and_trivia(&mut self) -> (Span, &mut Trivia);
    /// Apply the pass to the lists inside this node.
    fn inner(&mut self, _src: &str) {}
}

/// Move the end-of-line comments throughout `file`.
pub(super) fn attach(file: &mut File, src: &str) {
    for item in &mut file.items {
        item.inner(src);
    }
    siblings(src, &mut file.items, Some((&mut file.trailing, None)));
    // The header's comments come before the first item's (the header's last meta, the
    // header's closing brace).
    let (after_header, after_start) = match file.items.first_mut() {
        Some(i) => (&mut i.trivia, Some(i.span.start)),
        None => (&mut file.trailing, None),
    };
    siblings(
        src,
        &mut file.header.meta,
        Some((&mut *after_header, after_start)),
    );
    if let Some(c) = take_end_of_line(src, file.header.span.end, after_header, after_start) {
        file.header.trivia.end_of_line = Some(c);
    }
}

/// For each node, an end-of-line comment in front of the node after it (or in `trailing`,
/// with the start of what follows it, after the last) becomes the node's own.
fn siblings<T: Node>(src: &str, nodes: &mut [T], mut trailing: Option<(&mut Trivia, Option<u32>)>) {
    for i in 0..nodes.len() {
        let (head, tail) = nodes.split_at_mut(i + 1);
        let Some(node) = head.last_mut() else {
            continue;
        };
        let end = node.span_and_trivia().0.end;
        let taken = match tail.first_mut() {
            Some(next) => {
                let (span, trivia) = next.span_and_trivia();
                take_end_of_line(src, end, trivia, Some(span.start))
            }
            None => match trailing.as_mut() {
                Some((t, start)) => take_end_of_line(src, end, t, *start),
                None => None,
            },
        };
        if let Some(c) = taken {
            node.span_and_trivia().1.end_of_line = Some(c);
        }
    }
}

/// The first comment of `next` if it stands on the line where a node ends at `end`; the
/// blank-line flag of `next` is then worked out again from what is left in front of it.
fn take_end_of_line(
    src: &str,
    end: u32,
    next: &mut Trivia,
    next_start: Option<u32>,
) -> Option<Comment> {
    let first = next.comments.first()?;
    let between = src.get(end as usize..first.span.start as usize)?;
    if first.span.start < end || between.contains('\n') {
        return None;
    }
    let c = next.comments.remove(0);
    let from = next.comments.first().map(|c| c.span.start).or(next_start);
    next.blank_line_before = from.is_some_and(|at| blank_line_before(src, at as usize));
    Some(c)
}

fn members_inner(src: &str, members: &mut [Member], trailing: &mut Trivia) {
    for m in members.iter_mut() {
        m.inner(src);
    }
    siblings(src, members, Some((trailing, None)));
}

impl Node for Meta {
    fn span_and_trivia(&mut self) -> (Span, &mut Trivia) {
        (self.span, &mut self.trivia)
    }
}

impl Node for Item {
    fn span_and_trivia(&mut self) -> (Span, &mut Trivia) {
        (self.span, &mut self.trivia)
    }
    fn inner(&mut self, src: &str) {
        match &mut self.kind {
            ItemKind::Artikel(a) => members_inner(src, &mut a.members, &mut a.trailing),
            ItemKind::Bijlage(b) => members_inner(src, &mut b.members, &mut b.trailing),
            ItemKind::Aanhef(b) | ItemKind::Slotformule(b) => {
                members_inner(src, &mut b.members, &mut b.trailing)
            }
            ItemKind::Hoofdstuk(_)
            | ItemKind::Paragraaf(_)
            | ItemKind::Fill(_)
            | ItemKind::Adoption(_)
            | ItemKind::Decl(_)
            | ItemKind::Error(_) => {}
        }
    }
}

impl Node for Member {
    fn span_and_trivia(&mut self) -> (Span, &mut Trivia) {
        (self.span, &mut self.trivia)
    }
    fn inner(&mut self, src: &str) {
        match &mut self.kind {
            MemberKind::Lid(l) => members_inner(src, &mut l.members, &mut l.trailing),
            MemberKind::LidGroup(g) => members_inner(src, &mut g.leden, &mut g.trailing),
            MemberKind::Onderdeel(o) => members_inner(src, &mut o.members, &mut o.trailing),
            // Options and the slots in options and passages get theirs in the builder.
            MemberKind::Stmt(_) | MemberKind::Tekst(_) | MemberKind::Toelichting(_) => {}
        }
    }
}
