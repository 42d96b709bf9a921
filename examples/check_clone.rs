//! How fast one ordinance is checked against layers loaded once (what the fuzz targets and a
//! server do): `cargo run --release --example check_clone -- FILE [N]`.
use std::time::Instant;
use verordening::project::Project;

fn main() {
    let path = std::env::args().nth(1).unwrap_or_default();
    let n: usize = std::env::args()
        .nth(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(200);
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut base = Project::new();
    base.load(&root.join("ordinances/voorbeeld/voorbeeldstad-2023.vo"));
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let at = std::fs::canonicalize(root.join("ordinances/voorbeeld"))
        .unwrap_or_default()
        .join("invoer.vo");
    let t = Instant::now();
    let mut diags = 0;
    for _ in 0..n {
        let mut p = base.clone();
        let i = p.load_text(&at, &text);
        diags += verordening::eval::check_document(&p, i).len();
    }
    let per = t.elapsed().as_secs_f64() / n as f64;
    println!(
        "{:.3} ms per check ({:.0}/s), {} diagnostics",
        per * 1e3,
        1.0 / per,
        diags / n
    );
}
