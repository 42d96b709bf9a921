//! The pipeline's shape (issue 13): each document of a load is checked by one checker, and
//! the version evaluated is lowered with the checker that checked it.

// Tests may fail loudly: the deny lints are for the library, not for its tests.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::Path;
use verordening::check::checkers_built_on_this_thread;
use verordening::eval::load::load_for_date;

#[test]
fn loading_a_version_builds_one_checker_per_document_of_its_chain() {
    let date = chrono::NaiveDate::from_ymd_opt(2024, 3, 1);
    let before = checkers_built_on_this_thread();
    let Ok(loaded) = load_for_date(Path::new("ordinances/voorbeeld"), date) else {
        panic!("Voorbeeldstad laadt niet");
    };
    let built = checkers_built_on_this_thread() - before;
    // Voorbeeldstad 2024 stands on the VNG model 2023, which stands on the Participatiewet.
    let chain = loaded.project.chain(loaded.index);
    assert_eq!(chain.len(), 3);
    assert_eq!(
        built,
        chain.len(),
        "one checker per document, lowering included"
    );
    assert!(!loaded.lowered.program.voorzieningen.is_empty());
}

#[test]
fn checking_a_document_builds_one_checker() {
    let mut project = verordening::project::Project::new();
    let path = Path::new("ordinances/voorbeeld/voorbeeldstad-2023.vo").to_path_buf();
    let files = verordening::project::expand_paths_in(&[path]).unwrap();
    let (roots, failed) = verordening::project::load_all(&mut project, &files);
    assert!(!failed);
    let before = checkers_built_on_this_thread();
    let diags = verordening::eval::check_document(&project, roots[0]);
    assert_eq!(checkers_built_on_this_thread() - before, 1);
    assert!(!diags.iter().any(|d| d.is_error()));
}

#[test]
fn checks_against_one_loaded_model_share_its_slot_table() {
    use std::sync::Arc;
    use verordening::check::Checker;
    let path = Path::new("ordinances/voorbeeld/voorbeeldstad-2023.vo");
    let mut base = verordening::project::Project::new();
    let Some(i) = base.load(path) else {
        panic!("Voorbeeldstad laadt niet");
    };
    // A clone shares the parsed model, as a server or a fuzz target checks each new text.
    let clone = base.clone();
    let (Some(a), Some(b)) = (Checker::new(&base, i), Checker::new(&clone, i)) else {
        panic!("geen checker");
    };
    assert!(!a.slots.slots.is_empty(), "the VNG model has slots");
    assert!(
        Arc::ptr_eq(&a.slots, &b.slots),
        "one table for one loaded model"
    );
    // The same model loaded afresh is a new tree: its table is built for it (a reloaded
    // model is never checked against a stale table), equal in content.
    let mut again = verordening::project::Project::new();
    let Some(j) = again.load(path) else {
        panic!("Voorbeeldstad laadt niet");
    };
    let Some(c) = Checker::new(&again, j) else {
        panic!("geen checker");
    };
    assert!(!Arc::ptr_eq(&a.slots, &c.slots));
    let ids = |t: &verordening::check::symbols::SlotTable| {
        t.slots.iter().map(|s| s.id.clone()).collect::<Vec<_>>()
    };
    assert_eq!(ids(&a.slots), ids(&c.slots));
}
