//! Replays a fuzz corpus natively, as the `check` target runs each input (clone the loaded
//! layers, load the text, check, render the three reports), timing each phase: where the
//! fuzzer's executions go, without its instrumentation.
//! `cargo run --release --example fuzz_replay -- fuzz/corpus/check`; with a second argument
//! `render`, as the `render` target runs them (`fuzz/corpus/render render`).
use std::time::{Duration, Instant};
use verordening::project::Project;

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_default();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut base = Project::new();
    base.load(&root.join("ordinances/voorbeeld/voorbeeldstad-2023.vo"));
    let at = std::fs::canonicalize(root.join("ordinances/voorbeeld"))
        .unwrap_or_default()
        .join("fuzz-invoer.vo");
    let mut texts = Vec::new();
    for e in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
        if let Ok(b) = std::fs::read(e.path()) {
            if let Ok(t) = String::from_utf8(b) {
                texts.push(t);
            }
        }
    }
    if std::env::args().nth(2).as_deref() == Some("render") {
        let start = Instant::now();
        for text in &texts {
            let mut p = base.clone();
            let i = p.load_text(&at, text);
            let modes = [
                verordening::render::Mode::Tekst,
                verordening::render::Mode::Leeswijzer,
            ];
            for blocks in verordening::render::render_modes(&p, i, &modes).unwrap_or_default() {
                std::hint::black_box(verordening::render::markdown(&blocks));
                std::hint::black_box(verordening::render::html(&blocks));
            }
        }
        let n = texts.len().max(1) as f64;
        println!(
            "render: {} inputs, {:.0} executions/s",
            texts.len(),
            n / start.elapsed().as_secs_f64()
        );
        return;
    }
    let mut t = [Duration::ZERO; 5];
    let mut diags = 0usize;
    let start = Instant::now();
    for text in &texts {
        let s = Instant::now();
        let mut p = base.clone();
        let i = p.load_text(&at, text);
        let mut d = std::mem::take(&mut p.diagnostics);
        let s1 = Instant::now();
        d.extend(verordening::eval::check_document(&p, i));
        let s2 = Instant::now();
        let _ = verordening::diagnostics::render_human(&p.sources, &d, false, 100);
        let s3 = Instant::now();
        let _ = verordening::diagnostics::render_json(&p.sources, &d);
        let s4 = Instant::now();
        let _ = verordening::diagnostics::render_sarif(&p.sources, &d);
        let s5 = Instant::now();
        diags += d.len();
        let spans = [(s, s1), (s1, s2), (s2, s3), (s3, s4), (s4, s5)];
        for (total, (a, b)) in t.iter_mut().zip(spans) {
            *total += b - a;
        }
    }
    let n = texts.len().max(1) as f64;
    let all = start.elapsed().as_secs_f64();
    println!(
        "{} inputs, {:.0} executions/s, {:.1} diagnostics each",
        texts.len(),
        n / all,
        diags as f64 / n
    );
    for (name, d) in ["load+parse", "check", "human", "json", "sarif"]
        .iter()
        .zip(t)
    {
        println!(
            "{name:>10}: {:8.1} µs per input ({:4.1} %)",
            d.as_secs_f64() * 1e6 / n,
            100.0 * d.as_secs_f64() / all
        );
    }
}
