//! Computations used by several rules (after lowering merged equal nodes): each gets a memo
//! slot, so that the fast path computes it once per case however many rules read it.
//! Only computations worth keeping get one (arithmetic, tables, comparisons); reading an
//! input or a constant costs less than the memo.

use super::program::*;

/// Memo slots per evaluation; shared nodes beyond this many are recomputed (still correct).
pub const MAX_MEMO: usize = 64;

/// Give every shared, non-trivial node a memo slot: the references to it are redirected to a
/// `Memo` node that wraps it.
pub fn share(p: &mut Program) {
    let mut uses = vec![0u32; p.nodes.len()];
    let count = |n: NodeId, uses: &mut Vec<u32>| {
        if let Some(u) = uses.get_mut(n as usize) {
            *u += 1;
        }
    };
    for node in &p.nodes {
        for_each_child(node, p, &mut |c| count(c, &mut uses));
    }
    for vz in &p.voorzieningen {
        for c in clauses(vz) {
            c.cond
                .into_iter()
                .chain(c.tenzij)
                .for_each(|n| count(n, &mut uses));
        }
        for v in &vz.values {
            count(v.node, &mut uses);
        }
    }
    let per_entry = per_entry(p);
    let mut memo_of = vec![None; p.nodes.len()];
    let mut slots = 0u16;
    for (id, node) in p.nodes.clone().iter().enumerate() {
        if usize::from(slots) >= MAX_MEMO {
            break;
        }
        if uses.get(id).copied().unwrap_or(0) < 2 || !worth_keeping(node) {
            continue;
        }
        // A value that depends on the entry being tested differs per entry: one slot per case
        // would keep the first entry's.
        if per_entry.get(id).is_some_and(|d| !d.is_empty()) {
            continue;
        }
        let Ok(inner) = NodeId::try_from(id) else {
            break;
        };
        let Ok(m) = NodeId::try_from(p.nodes.len()) else {
            break;
        };
        p.nodes.push(Node::Memo(inner, slots));
        if let Some(x) = memo_of.get_mut(id) {
            *x = Some(m);
        }
        slots += 1;
    }
    p.memo_slots = slots;
    if slots == 0 {
        return;
    }
    let redirect = |n: &mut NodeId| {
        if let Some(Some(m)) = memo_of.get(*n as usize) {
            *n = *m;
        }
    };
    for node in p.nodes.iter_mut() {
        match node {
            Node::Memo(..) => {}
            n => for_each_child_mut(n, &mut |c| redirect(c)),
        }
    }
    p.lists.iter_mut().for_each(redirect);
    for sel in p.selecties.iter_mut() {
        sel.cond.iter_mut().for_each(redirect);
    }
    for vz in p.voorzieningen.iter_mut() {
        for list in [
            &mut vz.weigert,
            &mut vz.uitsluitend,
            &mut vz.kent_toe,
            &mut vz.kan_toekennen,
            &mut vz.kan_weigeren,
            &mut vz.kan_beeindigen,
        ] {
            for c in list.iter_mut() {
                c.cond
                    .iter_mut()
                    .chain(c.tenzij.iter_mut())
                    .for_each(redirect);
            }
        }
        vz.values.iter_mut().for_each(|v| redirect(&mut v.node));
    }
}

/// Per node, the lists whose entry at hand it depends on: a field reads its list's; a
/// selection binds its own list's entry (it tests every entry itself) and depends on the
/// others its condition reads (a condition nested in the condition of another list). Children
/// come before their parents in the arena, so one pass suffices.
fn per_entry(p: &Program) -> Vec<InputSet> {
    let mut deps: Vec<InputSet> = Vec::with_capacity(p.nodes.len());
    for node in &p.nodes {
        let mut d = InputSet::default();
        match node {
            Node::Field(i, _) => d.insert(*i),
            Node::Count(s)
            | Node::Any(s)
            | Node::All(s)
            | Node::Chosen(s)
            | Node::ChosenExists(s)
            | Node::ChosenField(s, _) => {
                if let Some(sel) = p.selecties.get(*s as usize) {
                    if let Some(c) = sel.cond.and_then(|c| deps.get(c as usize)) {
                        d = *c;
                    }
                    d.remove(sel.input);
                }
            }
            n => for_each_child(n, p, &mut |c| {
                if let Some(x) = deps.get(c as usize) {
                    d = d.union(*x);
                }
            }),
        }
        deps.push(d);
    }
    deps
}

fn worth_keeping(n: &Node) -> bool {
    !matches!(
        n,
        Node::Const(_) | Node::Input(_) | Node::Invalid | Node::Not(_) | Node::Memo(..)
    )
}

fn clauses(vz: &VzProgram) -> impl Iterator<Item = &Clause> {
    vz.weigert
        .iter()
        .chain(&vz.uitsluitend)
        .chain(&vz.kent_toe)
        .chain(&vz.kan_toekennen)
        .chain(&vz.kan_weigeren)
        .chain(&vz.kan_beeindigen)
}

/// The child nodes of a node, including those it reaches through `Program::lists`.
pub(crate) fn for_each_child(n: &Node, p: &Program, f: &mut dyn FnMut(NodeId)) {
    let list = |first: u32, len: u32| {
        p.lists
            .iter()
            .skip(first as usize)
            .take(len as usize)
            .copied()
            .collect::<Vec<_>>()
    };
    match n {
        Node::Const(_) | Node::Input(_) | Node::Invalid => {}
        Node::Not(x) | Node::Neg(x) | Node::Scale(x, _) | Node::Memo(x, _) => f(*x),
        Node::Bin(_, a, b) | Node::Cmp(_, a, b) | Node::Min(a, b) | Node::Max(a, b) => {
            f(*a);
            f(*b);
        }
        Node::Round(a, _, b) => {
            f(*a);
            f(*b);
        }
        Node::If(a, b, c) | Node::Periods(a, b, c) => {
            f(*a);
            f(*b);
            f(*c);
        }
        Node::In(x, first, len) | Node::Index(x, first, len) => {
            f(*x);
            list(*first, *len).into_iter().for_each(f);
        }
        Node::Table(x, first, len) => {
            f(*x);
            list(*first, len.saturating_mul(2)).into_iter().for_each(f);
        }
        Node::Field(..) => {}
        // A selection tests its condition on every entry: the condition is its child.
        Node::Count(s)
        | Node::Any(s)
        | Node::All(s)
        | Node::Chosen(s)
        | Node::ChosenExists(s)
        | Node::ChosenField(s, _) => {
            if let Some(c) = p.selecties.get(*s as usize).and_then(|s| s.cond) {
                f(c);
            }
        }
    }
}

/// The direct child ids stored in the node itself (list members are redirected separately).
fn for_each_child_mut(n: &mut Node, f: &mut dyn FnMut(&mut NodeId)) {
    match n {
        Node::Const(_) | Node::Input(_) | Node::Invalid | Node::Memo(..) => {}
        Node::Not(x) | Node::Neg(x) | Node::Scale(x, _) => f(x),
        Node::Bin(_, a, b) | Node::Cmp(_, a, b) | Node::Min(a, b) | Node::Max(a, b) => {
            f(a);
            f(b);
        }
        Node::Round(a, _, b) => {
            f(a);
            f(b);
        }
        Node::If(a, b, c) | Node::Periods(a, b, c) => {
            f(a);
            f(b);
            f(c);
        }
        Node::In(x, ..) | Node::Index(x, ..) | Node::Table(x, ..) => f(x),
        // The condition of a selection is redirected where it is kept (`Program::selecties`).
        Node::Field(..)
        | Node::Count(_)
        | Node::Any(_)
        | Node::All(_)
        | Node::Chosen(_)
        | Node::ChosenExists(_)
        | Node::ChosenField(..) => {}
    }
}
