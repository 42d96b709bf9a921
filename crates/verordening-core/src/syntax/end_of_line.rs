//! End-of-line comments. The builder hangs every comment in front of the node that follows it;
//! a comment written after a statement on the statement's own line
//! (`invulling art8.lid3.bedrag = € 100  # toelichting`) describes that statement, not the
//! next one. This pass, over the finished tree, moves each such comment from the leading
//! trivia of the next node (or a block's trailing trivia) to the `end_of_line` of the node
//! whose last line it stands on. (Inside options and passages the builder does it.)
//!
//! A comment on the line of a block's opening brace (`lid 1 {  # over lid 1`) has no node
//! before it in its block: it becomes the first node's `after_open_brace` (the trailing
//! trivia's, when the block is empty), so that `fmt` keeps it on the brace's line.

use super::ast::*;

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
    let header = &mut file.header;
    siblings(src, &mut header.meta, Some((&mut header.trailing, None)));
    first_after_open_brace(src, &mut header.meta, &mut header.trailing);
    // The comment after the header's closing brace comes before the first item's.
    let (after_header, after_start) = match file.items.first_mut() {
        Some(i) => (&mut i.trivia, Some(i.span.start)),
        None => (&mut file.trailing, None),
    };
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
    Some(take_first(src, next, next_start))
}

/// The first comment of `trivia` (there is one), with the blank-line flag worked out again
/// from what is left in front of the node at `node_start`.
fn take_first(src: &str, trivia: &mut Trivia, node_start: Option<u32>) -> Comment {
    let c = trivia.comments.remove(0);
    let from = trivia.comments.first().map(|c| c.span.start).or(node_start);
    trivia.blank_line_before = from.is_some_and(|at| blank_line_before(src, at as usize));
    c
}

/// Moves the first comment of `trivia` (of the first node of a block, starting at
/// `node_start`, or the trailing trivia of an empty block) to `after_open_brace` if it stands
/// on the line of the block's opening brace: after something on its line, not inside the
/// node itself.
pub(super) fn take_after_open_brace(src: &str, trivia: &mut Trivia, node_start: Option<u32>) {
    let Some(first) = trivia.comments.first() else {
        return;
    };
    let start = first.span.start;
    if node_start.is_some_and(|node| start >= node) {
        return; // a comment inside the node's own tokens
    }
    let before = src.get(..start as usize).unwrap_or("");
    let line = before.rsplit('\n').next().unwrap_or("");
    if !line.trim().is_empty() {
        trivia.after_open_brace = Some(take_first(src, trivia, node_start));
    }
}

/// [`take_after_open_brace`] for the first of `nodes`, or for `trailing` when there is none.
fn first_after_open_brace<T: Node>(src: &str, nodes: &mut [T], trailing: &mut Trivia) {
    match nodes.first_mut() {
        Some(first) => {
            let (span, trivia) = first.span_and_trivia();
            take_after_open_brace(src, trivia, Some(span.start));
        }
        None => take_after_open_brace(src, trailing, None),
    }
}

fn members_inner(src: &str, members: &mut [Member], trailing: &mut Trivia) {
    for m in members.iter_mut() {
        m.inner(src);
    }
    siblings(src, members, Some((&mut *trailing, None)));
    first_after_open_brace(src, members, trailing);
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
            ItemKind::EigenLid(e) => members_inner(src, &mut e.lid.members, &mut e.lid.trailing),
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
            MemberKind::Stmt(_)
            | MemberKind::Tekst(_)
            | MemberKind::Toelichting(_)
            | MemberKind::Brongebrek(_) => {}
        }
    }
}

/// Whether an empty line stands before `offset` (the trivia `fmt` keeps).
pub(super) fn blank_line_before(src: &str, offset: usize) -> bool {
    let before = src.get(..offset).unwrap_or("");
    let trimmed = before.trim_end_matches([' ', '\t']);
    let Some(rest) = trimmed.strip_suffix('\n') else {
        return false;
    };
    rest.trim_end_matches([' ', '\t', '\r']).ends_with('\n')
}
