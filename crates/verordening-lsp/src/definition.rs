//! Go to definition: a slot id to its declaration in the model, a name to its declaration in
//! the chain, an option to its `optie`, "artikel 14b, derde lid" to that lid, a layer path to
//! its file.

use super::analysis::Analysis;
use super::locate;
use super::resolve::{self, Resolved};
use lsp_types::Location;
use verordening_core::syntax::Span;

pub fn definition(analysis: &Analysis, offset: usize) -> Option<Location> {
    let doc = analysis.doc()?;
    let target = locate::at(&doc.ast, analysis.text(doc.id), offset)?;
    let checker = analysis.checker()?;
    match resolve::resolve(&checker, &target)? {
        Resolved::Slot(slot) => analysis.location(slot.file, slot.span),
        Resolved::Global(_, g) => analysis.location(g.file, g.span),
        Resolved::Option { keuze, option } => analysis.location(keuze.file, option.name.span),
        Resolved::Article(a) => {
            let span = a.lid.map(|(_, span)| span).unwrap_or(a.span);
            analysis.location(a.doc.id, span)
        }
        Resolved::Layer(d) => analysis.location(d.id, Span::default()),
        Resolved::Begrip(b, d) => analysis.location(d.id, b.name.span),
        // A field is declared in the list fact's record.
        Resolved::Field { global, .. } => analysis.location(global.file, global.span),
    }
}
