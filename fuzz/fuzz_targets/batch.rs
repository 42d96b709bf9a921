//! Batch lines (JSON Lines, any bytes) through `verordening batch`'s own loop, against the
//! versions of Voorbeeldstad (loaded once; the batch keeps its evaluators between inputs, as
//! a long batch does between lines).
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::{Mutex, OnceLock};
use verordening::cli::batch::Batch;
use verordening::eval::load::Versions;

#[path = "common.rs"]
mod common;

fn batch() -> &'static Mutex<Option<Batch>> {
    static BATCH: OnceLock<Mutex<Option<Batch>>> = OnceLock::new();
    BATCH.get_or_init(|| {
        Mutex::new(
            Versions::open(&common::repo().join("ordinances/voorbeeld"))
                .ok()
                .map(Batch::new),
        )
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(mut guard) = batch().lock() else {
        return;
    };
    let Some(batch) = guard.as_mut() else {
        return;
    };
    let mut out = Vec::new();
    let _ = batch.run_lines(data, &mut out);
});
