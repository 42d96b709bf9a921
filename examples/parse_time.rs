//! Parse time of one file: with and without building the AST (a developer aid:
//! `cargo run --release --example parse_time -- FILE`).
use std::time::Instant;
use verordening::diagnostics::FileId;
fn main() {
    let path = std::env::args().nth(1).unwrap_or_default();
    let src = std::fs::read_to_string(&path).unwrap_or_default();
    let n = 200;
    let t = Instant::now();
    for _ in 0..n {
        build(&src);
    }
    println!(
        "parse (pest + AST): {:.3} ms",
        t.elapsed().as_secs_f64() * 1e3 / n as f64
    );
    let t = Instant::now();
    for _ in 0..n {
        std::hint::black_box(verordening::syntax::pest_only(&src));
    }
    println!(
        "pest only:          {:.3} ms",
        t.elapsed().as_secs_f64() * 1e3 / n as f64
    );
}

#[inline(never)]
fn build(src: &str) {
    std::hint::black_box(verordening::syntax::parse(src, FileId(0)));
}
