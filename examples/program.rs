//! Prints the lowered program of an ordinance: nodes and the clauses per voorziening (a
//! developer aid for profiling and debugging: `cargo run --example program -- FILE [VZ]`).
use verordening::eval::load::load_for_date;
fn main() {
    let path = std::env::args().nth(1).unwrap_or_default();
    let only = std::env::args().nth(2);
    let Ok(loaded) = load_for_date(std::path::Path::new(&path), None) else {
        eprintln!("{path}: kan niet worden geladen of bevat fouten");
        return;
    };
    let p = &loaded.lowered.program;
    for (i, n) in p.nodes.iter().enumerate() {
        println!("n{i}\t{n:?}");
    }
    for vz in &p.voorzieningen {
        if only.as_ref().is_some_and(|o| *o != vz.name) {
            continue;
        }
        println!("\n{}", vz.name);
        for (what, cs) in [
            ("weigert", &vz.weigert),
            ("uitsluitend", &vz.uitsluitend),
            ("kent toe", &vz.kent_toe),
            ("kan toekennen", &vz.kan_toekennen),
            ("kan weigeren", &vz.kan_weigeren),
            ("kan beëindigen", &vz.kan_beeindigen),
        ] {
            for c in cs.iter() {
                println!("  {what}: {c:?}");
            }
        }
        for v in &vz.values {
            println!("  waarde {} = n{}", v.name, v.node);
        }
    }
}
