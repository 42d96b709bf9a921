//! Prints the slot ids of a model (a developer aid: `cargo run --example slots -- FILE`).
use verordening::check::symbols::SlotTable;
use verordening::diagnostics::FileId;
fn main() {
    let path = std::env::args().nth(1).unwrap_or_default();
    let src = std::fs::read_to_string(&path).unwrap_or_default();
    let parsed = verordening::syntax::parse(&src, FileId(0));
    let table = SlotTable::build(&parsed.file, FileId(0));
    for s in &table.slots {
        println!("{}\t{:?}\tparents={:?}", s.id, s.kind, s.parents);
    }
}
