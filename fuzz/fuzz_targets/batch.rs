//! Batch lines (JSON Lines, any bytes) through `verordening batch`'s own loop, against the
//! versions of Voorbeeldstad (loaded once; the batch keeps its evaluators between inputs, as
//! a long batch does between lines). Twice: with every field (the full path) and with the
//! compact fields (`--compact`), where a clean line takes the fast path (eval/fastline.rs).
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::{Mutex, OnceLock};
use verordening::cli::batch::Batch;
use verordening::eval::batch::Veld;
use verordening::eval::load::Versions;

#[path = "common.rs"]
mod common;

const COMPACT: &[Veld] = &[Veld::Naam, Veld::Uitkomst, Veld::Grond, Veld::Waarden];

fn batches() -> &'static Mutex<Vec<Batch>> {
    static BATCHES: OnceLock<Mutex<Vec<Batch>>> = OnceLock::new();
    BATCHES.get_or_init(|| {
        let open = || Versions::open(&common::repo().join("ordinances/voorbeeld")).ok();
        let full = open().map(|v| Batch::new(v, None));
        let compact = open().map(|v| Batch::new(v, Some(COMPACT)));
        Mutex::new(full.into_iter().chain(compact).collect())
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(mut guard) = batches().lock() else {
        return;
    };
    for batch in guard.iter_mut() {
        let mut out = Vec::new();
        let _ = batch.run_lines(data, &mut out);
    }
});
