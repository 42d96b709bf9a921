//! The legal text of an article or lid as `verordening render` prints it: for an ordinance with
//! its fill-ins substituted and only its chosen options, for a model with the brackets of the
//! leeswijzer. Hover shows this text, so what the editor shows is what will be published.

use verordening_core::project::Project;
use verordening_core::render::{markdown, render, Block, Mode};
use verordening_core::syntax::Layer;

pub struct LegalText {
    blocks: Vec<Block>,
    /// The model's text, for parts an ordinance did not adopt (and so does not print).
    model: Option<Vec<Block>>,
}

impl LegalText {
    pub fn new(project: &Project, index: usize) -> Option<Self> {
        let doc = project.doc(index)?;
        let mode = match doc.ast.header.layer {
            Layer::Model => Mode::Leeswijzer,
            _ => Mode::Tekst,
        };
        let blocks = render(project, index, mode)?;
        let model = project
            .chain(index)
            .into_iter()
            .filter(|&i| i != index)
            .find(|&i| {
                project
                    .doc(i)
                    .is_some_and(|d| d.ast.header.layer == Layer::Model)
            })
            .and_then(|m| render(project, m, Mode::Leeswijzer));
        Some(LegalText { blocks, model })
    }

    /// The aanhef as markdown.
    pub fn aanhef(&self) -> Option<String> {
        aanhef(&self.blocks).map(|b| markdown(&b))
    }

    /// The article (or one lid of it) as markdown. When the ordinance does not contain it (not
    /// adopted), the model's text with a note saying so.
    pub fn article(&self, nr: &str, lid: Option<&str>) -> Option<String> {
        if let Some(blocks) = select(&self.blocks, nr, lid) {
            return Some(markdown(&blocks));
        }
        let blocks = select(self.model.as_deref()?, nr, lid)?;
        Some(format!(
            "*Niet overgenomen in deze verordening. De tekst van het model:*\n\n{}",
            markdown(&blocks)
        ))
    }
}

/// The blocks of one article, or of its heading and one lid (or a group of leden, "3-4").
fn select(blocks: &[Block], nr: &str, lid: Option<&str>) -> Option<Vec<Block>> {
    let start = blocks.iter().position(|b| match b {
        Block::Article(head) => article_nr(head) == Some(nr),
        _ => false,
    })?;
    let rest = blocks.get(start + 1..).unwrap_or(&[]);
    let len = rest
        .iter()
        .position(|b| matches!(b, Block::Article(_) | Block::Heading(_) | Block::Title(_)))
        .unwrap_or(rest.len());
    let body = rest.get(..len).unwrap_or(&[]);
    let head = blocks.get(start).cloned()?;
    let Some(lid) = lid else {
        return Some(std::iter::once(head).chain(body.iter().cloned()).collect());
    };
    // "3" or a group of leden "3-4".
    let wanted: Vec<String> = match lid.split_once('-') {
        Some((a, b)) => match (a.parse::<u32>(), b.parse::<u32>()) {
            (Ok(a), Ok(b)) if a <= b && b - a < 100 => (a..=b).map(|n| format!("{n}.")).collect(),
            _ => vec![format!("{lid}.")],
        },
        None => vec![format!("{lid}.")],
    };
    let is_wanted = |b: &Block| match b {
        Block::Lid(n, _) => wanted.iter().any(|w| n.trim_start_matches('[') == w),
        _ => false,
    };
    let from = body.iter().position(is_wanted)?;
    let after = body.get(from + 1..).unwrap_or(&[]);
    let until = after
        .iter()
        .position(|b| matches!(b, Block::Lid(..)) && !is_wanted(b))
        .unwrap_or(after.len());
    let mut out = vec![head];
    out.extend(
        body.get(from..from + 1 + until)
            .unwrap_or(&[])
            .iter()
            .cloned(),
    );
    Some(out)
}

/// The aanhef: the paragraphs between the title and the first heading or article.
fn aanhef(blocks: &[Block]) -> Option<Vec<Block>> {
    let rest = blocks.get(1..)?;
    let paras: Vec<Block> = rest
        .iter()
        .take_while(|b| matches!(b, Block::Para(_)))
        .cloned()
        .collect();
    if paras.is_empty() {
        return None;
    }
    Some(
        std::iter::once(Block::Article("Aanhef".into()))
            .chain(paras)
            .collect(),
    )
}

/// `Artikel 14b. Specifiek aanvraagproces` (or `[Artikel 4. ...` in the leeswijzer) → `14b`.
fn article_nr(head: &str) -> Option<&str> {
    let rest = head.trim_start_matches('[').strip_prefix("Artikel ")?;
    Some(
        rest.split_once(". ")
            .map(|(nr, _)| nr)
            .unwrap_or(rest.trim_end_matches('.')),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selects_an_article_or_one_lid() {
        let blocks = vec![
            Block::Title("T".into()),
            Block::Article("Artikel 3.3.10. Jobcoaching".into()),
            Block::Lid("1.".into(), "een".into()),
            Block::Onderdeel(0, "a.".into(), "sub".into()),
            Block::Lid("[2.".into(), "twee]".into()),
            Block::Article("Artikel 4. Volgende".into()),
        ];
        let lid = select(&blocks, "3.3.10", Some("1")).unwrap_or_default();
        assert_eq!(lid.len(), 3);
        let group = select(&blocks, "3.3.10", Some("1-2")).unwrap_or_default();
        assert_eq!(group.len(), 4);
        let lid2 = select(&blocks, "3.3.10", Some("2")).unwrap_or_default();
        assert_eq!(lid2.get(1), Some(&Block::Lid("[2.".into(), "twee]".into())));
        assert_eq!(select(&blocks, "3.3.10", None).map(|b| b.len()), Some(4));
        assert!(select(&blocks, "5", None).is_none());
        assert!(select(&blocks, "4", Some("1")).is_none());
    }
}
