//! Benchmark: prints figures (run with `cargo bench`).
//!
//! - parse + check time of each shipped ordinance (median of repeated runs);
//! - evaluations per second on one core of one voorziening's rules (jobcoaching when the
//!   ordinance has it), and of the whole ordinance with every voorziening it adopts.
//!
//! - the limit (issue 19): the same decisions of Voorbeeldstad 2023 written by hand in plain
//!   Rust (`benches/handgeschreven`), timed on the same case, with the ratio interpreter/limit;
//!   and the differential check of both on a million random cases (`BENCH_VERGELIJK=N` for
//!   another number, 0 to skip).
//!
//! - `verordening batch` end to end: JSON Lines `--compact` on one task and on one per core,
//!   and Parquet in → Parquet out, each with cases/s and the ratio to the limit above.
//!
//! Facts are set up once (every input given a value of its type), as a case service would
//! after parsing its input; the loop measures evaluation only.

mod handgeschreven;
mod kolommen;

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use verordening::eval::check_document;
use verordening::eval::load::load_for_date;
use verordening::eval::program::{InputType, Program, V};
use verordening::eval::run::{Case, Evaluator, Outcome};
use verordening::project::{expand_paths, Project};
use verordening::value::Duration as Dur;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v.get(v.len() / 2).copied().unwrap_or_default()
}

#[inline(never)]
fn parse_and_check(path: &Path) -> Duration {
    let mut times = Vec::new();
    for _ in 0..41 {
        let t = Instant::now();
        let mut p = Project::new();
        if let Some(i) = p.load(path) {
            for j in p.chain(i) {
                black_box(check_document(&p, j));
            }
        }
        times.push(t.elapsed());
    }
    median(times)
}

/// Parse and check one file in a project where the layers it stands on (model, wet) are
/// already loaded, as when `check ordinances/` meets the next municipality or the language
/// server rechecks an edited ordinance: `None` for a file that stands on nothing.
#[inline(never)]
fn parse_and_check_on_loaded_layers(path: &Path) -> Option<Duration> {
    let mut scratch = Project::new();
    let i = scratch.load(path)?;
    let layers: Vec<PathBuf> = scratch
        .chain(i)
        .into_iter()
        .filter(|&j| j != i)
        .filter_map(|j| scratch.doc(j).map(|d| d.path.clone()))
        .collect();
    if layers.is_empty() {
        return None;
    }
    let mut times = Vec::new();
    for _ in 0..41 {
        let mut p = Project::new();
        for l in &layers {
            p.load(l);
        }
        let t = Instant::now();
        if let Some(i) = p.load(path) {
            black_box(check_document(&p, i));
        }
        times.push(t.elapsed());
    }
    Some(median(times))
}

fn full_case(p: &Program) -> Case {
    let mut case = Case::empty(p);
    let date = chrono::NaiveDate::from_ymd_opt(2023, 9, 1).unwrap_or_default();
    for (i, input) in p.inputs.iter().enumerate() {
        let v = match &input.ty {
            InputType::Bedrag => V::Bedrag(rust_decimal::Decimal::new(195000, 2)),
            InputType::Percentage => V::Percentage(rust_decimal::Decimal::new(50, 0)),
            InputType::Getal => V::Getal(rust_decimal::Decimal::new(3, 0)),
            InputType::Uren => V::Uren(rust_decimal::Decimal::new(32, 0)),
            InputType::Duur => V::Duur(Dur::months(12 * 30)),
            InputType::Werkdagen => V::Duur(Dur::workdays(10)),
            InputType::Datum => V::Datum(date),
            InputType::JaNee => V::JaNee(true),
            InputType::Tekst => V::Sym(u32::MAX),
            InputType::Soort(_, values) => match values.first().and_then(|s| p.symbol_id(s)) {
                Some(s) => V::Sym(s),
                None => continue,
            },
            // The benched ordinances read no list.
            InputType::Lijst(_) => continue,
        };
        case.set(u16::try_from(i).unwrap_or(u16::MAX), v);
    }
    case.set_peildatum(p, date);
    case
}

fn rate(n: u64, d: Duration) -> f64 {
    n as f64 / d.as_secs_f64().max(1e-9)
}

fn main() {
    let args: Vec<String> = std::env::args()
        .filter(|a| !a.starts_with("--"))
        .skip(1)
        .collect();
    let ordinance = args
        .first()
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("ordinances/voorbeeld/voorbeeldstad-2023.vo"));

    println!("== parse + check of the file and every layer it stands on (median of 41 runs)");
    let files = expand_paths(&[PathBuf::from("ordinances")]).unwrap_or_default();
    // BENCH_ONLY=voorbeeld: only the files whose path contains it (for profiling).
    let only = std::env::var("BENCH_ONLY").unwrap_or_default();
    for f in files
        .iter()
        .filter(|_| std::env::var_os("BENCH_SKIP_CHECK").is_none())
        .filter(|f| f.to_string_lossy().contains(&only))
    {
        let d = parse_and_check(f);
        println!("{:>10.3} ms  {}", d.as_secs_f64() * 1e3, f.display());
    }
    println!("\n== parse + check of the file alone, its layers (model, wet) already loaded");
    for f in files
        .iter()
        .filter(|_| std::env::var_os("BENCH_SKIP_CHECK").is_none())
        .filter(|f| f.to_string_lossy().contains(&only))
    {
        if let Some(d) = parse_and_check_on_loaded_layers(f) {
            println!("{:>10.3} ms  {}", d.as_secs_f64() * 1e3, f.display());
        }
    }

    let loaded = match load_for_date(&ordinance, None) {
        Ok(l) => l,
        Err(_) => {
            eprintln!(
                "{} kan niet worden geladen of bevat fouten",
                ordinance.display()
            );
            return;
        }
    };
    let p = &loaded.lowered.program;
    let case = full_case(p);
    let ev = Evaluator::new(p);
    println!(
        "\n== evaluation of {} ({} voorzieningen, {} nodes, {} inputs)",
        ordinance.display(),
        p.voorzieningen.len(),
        p.nodes.len(),
        p.inputs.len()
    );

    let one = p
        .voorzieningen
        .iter()
        .position(|v| v.name == "jobcoaching")
        .unwrap_or(0);
    let name = p
        .voorzieningen
        .get(one)
        .map(|v| v.name.clone())
        .unwrap_or_default();
    let mut out = Outcome::new(one);
    let scale: u64 = std::env::var("BENCH_SCALE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let n: u64 = 5_000 * scale;
    for _ in 0..10_000 {
        ev.voorziening_into(black_box(&case), one, &mut out);
    }
    let t = Instant::now();
    for _ in 0..n {
        ev.voorziening_into(black_box(&case), black_box(one), &mut out);
        black_box(&out);
    }
    let d = t.elapsed();
    println!(
        "one voorziening ({name}): {:>12.0} evaluations/s  ({:.1} ns each)",
        rate(n, d),
        d.as_nanos() as f64 / n as f64
    );
    let one_interpreter = d.as_secs_f64() / n as f64;

    let mut outs = Vec::new();
    let n: u64 = 1_000 * scale;
    ev.all_into(&case, &mut outs);
    let t = Instant::now();
    for _ in 0..n {
        ev.all_into(black_box(&case), &mut outs);
        black_box(&outs);
    }
    let d = t.elapsed();
    println!(
        "whole ordinance:           {:>12.0} evaluations/s  ({:.1} ns each)",
        rate(n, d),
        d.as_nanos() as f64 / n as f64
    );
    let whole_interpreter = d.as_secs_f64() / n as f64;

    if ordinance.ends_with("voorbeeldstad-2023.vo") {
        let whole_hand = limit(p, &case, &ev, scale, one_interpreter, whole_interpreter);
        batch(p, scale, whole_hand);
    }
}

/// `verordening batch` end to end (the binary, reading a file and writing to /dev/null) on
/// the cases of tests/fixtures/batch/casussen.jsonl repeated: JSON Lines with `--compact` on
/// one task and on one per core, and Parquet in → Parquet out; each against the hand-written
/// limit for the whole ordinance measured above (`whole_hand`, seconds per case).
fn batch(p: &Program, scale: u64, whole_hand: f64) {
    let n = (200 * scale) as usize;
    let lines: Vec<&str> = include_str!("../tests/fixtures/batch/casussen.jsonl")
        .lines()
        .take(2)
        .collect();
    let dir = std::env::temp_dir().join(format!("verordening-bench-{}", std::process::id()));
    if std::fs::create_dir_all(&dir).is_err() {
        return;
    }
    let jsonl = dir.join("casussen.jsonl");
    let mut text = String::new();
    for i in 0..n {
        text.push_str(lines.get(i % lines.len()).copied().unwrap_or("{}"));
        text.push('\n');
    }
    if std::fs::write(&jsonl, &text).is_err() {
        return;
    }
    let parquet_in = dir.join("casussen.parquet");
    let cases: Vec<serde_json::Value> = lines
        .iter()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    let Some(columns) = kolommen::as_columns(&cases, p, n) else {
        return;
    };
    if kolommen::write_parquet(&parquet_in, &columns).is_none() {
        return;
    }
    let bin = env!("CARGO_BIN_EXE_verordening");
    let cores = std::thread::available_parallelism().map_or(1, |c| c.get());
    let time = |args: &[&str]| -> Option<Duration> {
        let t = Instant::now();
        let status = std::process::Command::new(bin)
            .args(args)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .ok()?;
        // Exit 1: refused lines; anything else is not a figure.
        (status.code().unwrap_or(2) <= 1).then(|| t.elapsed())
    };
    let limit_rate = 1.0 / whole_hand.max(1e-12);
    println!(
        "\n== batch end to end on {n} cases (ordinances/voorbeeld, tests/fixtures/batch cases), against the limit {:.0} cases/s",
        limit_rate
    );
    let (jsonl, parquet_in) = (jsonl.to_string_lossy(), parquet_in.to_string_lossy());
    let parquet_out = dir.join("uitkomsten.parquet");
    let parquet_out = parquet_out.to_string_lossy();
    let taken = cores.to_string();
    let figures: [(&str, Vec<&str>); 3] = [
        (
            "JSON Lines --compact, 1 task",
            vec![
                "batch",
                "--compact",
                "--taken",
                "1",
                "ordinances/voorbeeld",
                &jsonl,
            ],
        ),
        (
            "JSON Lines --compact, 1 task per core",
            vec![
                "batch",
                "--compact",
                "--taken",
                &taken,
                "ordinances/voorbeeld",
                &jsonl,
            ],
        ),
        (
            "Parquet in, Parquet out, 1 task",
            vec![
                "batch",
                "ordinances/voorbeeld",
                &parquet_in,
                "--uit",
                &parquet_out,
            ],
        ),
    ];
    for (label, args) in figures {
        match time(&args) {
            Some(d) => {
                let r = rate(n as u64, d);
                let per_core = if label.contains("per core") {
                    format!(" ({:.0}/s per core, {cores} cores)", r / cores as f64)
                } else {
                    String::new()
                };
                println!(
                    "{label:<40} {r:>12.0} cases/s{per_core}; limit/batch {:.1}",
                    limit_rate / r.max(1e-9)
                );
            }
            None => println!("{label:<40} failed"),
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// The limit: Voorbeeldstad 2023 by hand, on the same case and on a mix of random cases, next
/// to the interpreter; then both on a million random cases, which must agree.
fn limit(
    p: &Program,
    case: &Case,
    ev: &Evaluator<'_>,
    scale: u64,
    one_interpreter: f64,
    whole_interpreter: f64,
) -> f64 {
    use handgeschreven::regels::{beoordeel, beoordeel_jobcoaching, Uitslag, JOBCOACHING};
    use handgeschreven::vergelijk::{naar_case, uit_case, verschillen, willekeurige_casus, Rng};
    println!("\n== the limit: Voorbeeldstad 2023 written by hand (benches/handgeschreven)");
    let casus = uit_case(p, case);
    let mut hand_one = Uitslag::default();
    let n: u64 = 5_000 * scale;
    for _ in 0..10_000 {
        beoordeel_jobcoaching(black_box(&casus), &mut hand_one);
    }
    let t = Instant::now();
    for _ in 0..n {
        beoordeel_jobcoaching(black_box(&casus), &mut hand_one);
        black_box(&hand_one);
    }
    let d = t.elapsed();
    let one_hand = d.as_secs_f64() / n as f64;
    println!(
        "one voorziening (jobcoaching), by hand: {:>12.0} evaluations/s  ({:.1} ns each); interpreter/limit {:.1}",
        rate(n, d),
        one_hand * 1e9,
        one_interpreter / one_hand
    );
    let mut hand = [Uitslag::default(); 24];
    let n: u64 = 1_000 * scale;
    beoordeel(&casus, &mut hand);
    let t = Instant::now();
    for _ in 0..n {
        beoordeel(black_box(&casus), &mut hand);
        black_box(&hand);
    }
    let d = t.elapsed();
    let whole_hand = d.as_secs_f64() / n as f64;
    println!(
        "whole ordinance, by hand:               {:>12.0} evaluations/s  ({:.1} ns each); interpreter/limit {:.1}",
        rate(n, d),
        whole_hand * 1e9,
        whole_interpreter / whole_hand
    );
    let count: u64 = std::env::var("BENCH_VERGELIJK")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    if count == 0 {
        return whole_hand;
    }

    // A mix of random cases (every outcome, missing inputs): set up once, evaluated in turn.
    let mut rng = Rng(0x5DEE_CE66_D1CE_4E5B);
    let mix: Vec<_> = (0..4_096)
        .map(|_| {
            let c = willekeurige_casus(&mut rng);
            let k = naar_case(p, &c);
            (c, k)
        })
        .collect();
    let mut outs = Vec::new();
    let rounds = (250 * scale / 1_000).max(1) as usize;
    let t = Instant::now();
    for _ in 0..rounds {
        for (_, k) in &mix {
            ev.all_into(black_box(k), &mut outs);
            black_box(&outs);
        }
    }
    let di = t.elapsed();
    let t = Instant::now();
    for _ in 0..rounds {
        for (c, _) in &mix {
            beoordeel(black_box(c), &mut hand);
            black_box(&hand);
        }
    }
    let dh = t.elapsed();
    let m = (rounds * mix.len()) as u64;
    println!(
        "random cases, whole ordinance: interpreter {:>10.0}/s, by hand {:>10.0}/s; interpreter/limit {:.1}",
        rate(m, di),
        rate(m, dh),
        di.as_secs_f64() / dh.as_secs_f64().max(1e-12)
    );

    // The differential check: a million random cases, every voorziening, both must agree.
    let t = Instant::now();
    let mut disagree = 0u64;
    let mut one = verordening::eval::run::Outcome::new(JOBCOACHING);
    for i in 0..count {
        let c = willekeurige_casus(&mut rng);
        let k = naar_case(p, &c);
        ev.all_into(&k, &mut outs);
        beoordeel(&c, &mut hand);
        let mut d: Vec<String> = outs
            .iter()
            .zip(&hand)
            .flat_map(|(o, h)| verschillen(p, o, h))
            .collect();
        ev.voorziening_into(&k, JOBCOACHING, &mut one);
        beoordeel_jobcoaching(&c, &mut hand_one);
        d.extend(verschillen(p, &one, &hand_one));
        if !d.is_empty() {
            disagree += 1;
            if disagree <= 3 {
                eprintln!("verschil bij casus {i}: {d:#?}\n{c:#?}");
            }
        }
    }
    println!(
        "differential: {count} random cases, {disagree} disagreements ({:.1} s)",
        t.elapsed().as_secs_f64()
    );
    if disagree > 0 {
        std::process::exit(1);
    }
    whole_hand
}
