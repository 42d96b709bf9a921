//! The fast path of evaluation (values without missing-input sets) must agree with the exact
//! evaluator on every node and every clause of the shipped ordinances, for many random cases:
//! a known value must be the same value, and unknown must be unknown on both.

// Tests may fail loudly: the deny lints are for the library, not for its tests.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use verordening::eval::compiled::Compiled;
use verordening::eval::fast::{Fast, Scratch, Tri};
use verordening::eval::lijst::Table;
use verordening::eval::load::load_for_date;
use verordening::eval::plan::FastClause;
use verordening::eval::program::{InputType, Program, R, V};
use verordening::eval::run::{Case, Evaluator};
use verordening::value::Duration;

/// A small deterministic generator (xorshift), so a failure can be reproduced.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn random_value(p: &Program, ty: &InputType, rng: &mut Rng) -> Option<V> {
    let dec = |rng: &mut Rng| rust_decimal::Decimal::new(rng.below(400_000) as i64 - 1_000, 2);
    let date = |rng: &mut Rng| {
        chrono::NaiveDate::from_ymd_opt(2022, 1, 1)
            .and_then(|d| d.checked_add_days(chrono::Days::new(rng.below(1_500))))
    };
    Some(match ty {
        InputType::Bedrag => V::Bedrag(dec(rng)),
        InputType::Percentage => V::Percentage(dec(rng)),
        // Small whole numbers too, so positions in lists and year numbers are hit.
        InputType::Getal if rng.below(2) == 0 => {
            V::Getal(rust_decimal::Decimal::from(rng.below(6)))
        }
        InputType::Getal => V::Getal(dec(rng)),
        InputType::Uren => V::Uren(dec(rng)),
        InputType::Duur => match rng.below(3) {
            0 => V::Duur(Duration::months(rng.below(60) as i64)),
            1 => V::Duur(Duration::days(rng.below(800) as i64)),
            _ => V::Duur(Duration::months(12 * rng.below(70) as i64)),
        },
        InputType::Werkdagen => V::Duur(Duration::workdays(rng.below(40) as i64)),
        InputType::Datum => V::Datum(date(rng)?),
        InputType::JaNee => V::JaNee(rng.below(2) == 0),
        InputType::Tekst => {
            // A text the rules mention, or one they do not.
            let n = p.symbols.len() as u64;
            V::Sym(if n > 0 && rng.below(3) > 0 {
                rng.below(n) as u32
            } else {
                u32::MAX
            })
        }
        InputType::Soort(_, values) => {
            let v = values.get(rng.below(values.len() as u64) as usize)?;
            V::Sym(p.symbol_id(v)?)
        }
        InputType::Lijst(_) => return None,
    })
}

/// A random list: up to six entries, with few distinct dates and numbers so that entries tie,
/// and texts of the case (distinct names) beside texts the rules mention.
fn random_list(p: &Program, fields: &[(String, InputType)], rng: &mut Rng) -> Table {
    let mut t = Table::new(fields.len());
    for _ in 0..rng.below(7) {
        let mut entry = Vec::new();
        for (_, ty) in fields {
            let v = match ty {
                InputType::Datum => V::Datum(
                    chrono::NaiveDate::from_ymd_opt(2023, 1 + rng.below(3) as u32, 1).unwrap(),
                ),
                InputType::Getal => V::Getal(rust_decimal::Decimal::from(rng.below(4))),
                InputType::Bedrag => {
                    V::Bedrag(rust_decimal::Decimal::new(rng.below(3) as i64 * 50, 0))
                }
                InputType::Duur => match rng.below(3) {
                    0 => V::Duur(Duration::months(rng.below(3) as i64)),
                    1 => V::Duur(Duration::days(30 * rng.below(3) as i64)),
                    _ => V::Duur(Duration::days(31)),
                },
                InputType::Tekst => {
                    let names = ["Jansen", "De Vries", "Bakker"];
                    t.text(names[rng.below(3) as usize])
                }
                other => random_value(p, other, rng).unwrap_or(V::JaNee(false)),
            };
            entry.push(v);
        }
        t.push(&entry);
    }
    t
}

fn random_case(p: &Program, rng: &mut Rng) -> Case {
    let mut case = Case::empty(p);
    let date = chrono::NaiveDate::from_ymd_opt(2023, 1, 1)
        .and_then(|d| d.checked_add_days(chrono::Days::new(rng.below(1_200))))
        .unwrap_or_default();
    case.set_peildatum(p, date);
    for (i, input) in p.inputs.iter().enumerate() {
        let i = u16::try_from(i).unwrap_or(u16::MAX);
        // About a third of the inputs missing: the unknown paths matter as much.
        if rng.below(3) == 0 {
            case.clear(i);
        } else if let InputType::Lijst(fields) = &input.ty {
            let t = random_list(p, fields, rng);
            case.set_list(i, t);
        } else if let Some(v) = random_value(p, &input.ty, rng) {
            case.set(i, v);
        }
    }
    case
}

fn tri(r: R) -> Tri {
    match r {
        R::K(V::JaNee(true)) => Tri::True,
        R::K(V::JaNee(false)) => Tri::False,
        _ => Tri::Unknown,
    }
}

fn agree_on(path: &str, cases: u64) {
    let loaded = load_for_date(std::path::Path::new(path), None)
        .unwrap_or_else(|_| panic!("{path} laadt niet"));
    let p = &loaded.lowered.program;
    let exact = Evaluator::new(p);
    let compiled = Compiled::new(p);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for n in 0..cases {
        let case = random_case(p, &mut rng);
        let scratch = Scratch::new();
        let fast = Fast::new(p, &scratch, &compiled);
        for id in 0..p.nodes.len() as u32 {
            let (f, e) = (fast.value(&case, id), exact.node(&case, id));
            let same = match (f, e) {
                (Some(a), R::K(b)) => a == b,
                (None, R::U(_)) => true,
                _ => false,
            };
            assert!(
                same,
                "{path}, casus {n}, knoop {id} ({:?}): snel {f:?}, exact {e:?}",
                p.nodes.get(id as usize)
            );
        }
        for vz in &p.voorzieningen {
            let grants = vz
                .weigert
                .iter()
                .chain(&vz.kent_toe)
                .chain(&vz.kan_toekennen);
            for c in grants.chain(&vz.kan_weigeren).chain(&vz.kan_beeindigen) {
                let want = tri(exact.clause(&case, c));
                let fc = FastClause::of(c);
                assert_eq!(
                    fast.clause::<false>(&case, &fc),
                    want,
                    "{path}, casus {n}, {}: {c:?}",
                    vz.name
                );
                // Remembered for the case (the rules on `alle voorzieningen`): the first
                // evaluation and the remembered one agree too.
                for _ in 0..2 {
                    assert_eq!(
                        fast.clause::<true>(&case, &fc),
                        want,
                        "{path}, casus {n}, {} (onthouden): {c:?}",
                        vz.name
                    );
                }
            }
            for c in &vz.uitsluitend {
                assert_eq!(
                    fast.requirement(&case, &FastClause::of(c)),
                    tri(exact.requirement(&case, c)),
                    "{path}, casus {n}, {}: {c:?}",
                    vz.name
                );
            }
        }
    }
}

#[test]
fn the_fast_path_agrees_with_the_exact_evaluator_on_the_example_ordinance() {
    agree_on("ordinances/voorbeeld/voorbeeldstad-2023.vo", 3_000);
}

#[test]
fn the_fast_path_agrees_with_the_exact_evaluator_on_the_regime_fixtures() {
    for f in ["regiems", "jaarpercentages", "halfjaren"] {
        agree_on(&format!("tests/fixtures/regiems/{f}.vo"), 1_000);
    }
}

/// Lists (issue 21): choosing by an order with ties, a condition that reads another fact (so
/// unknown for every entry when that fact is missing), counting, the quantifiers, a count that
/// depends on another, and Havendam's waiting list.
#[test]
fn the_fast_path_agrees_with_the_exact_evaluator_on_lists() {
    agree_on("tests/fixtures/lijsten/wachtlijst.vo", 3_000);
    agree_on("ordinances/havendam/sociaal-domein-2024.vo", 2_000);
}

/// Both paths decide the same outcomes and choices for whole cases with lists (the exact path
/// runs where the fast path leaves a voorziening undecided).
#[test]
fn outcomes_with_lists_are_the_same_one_voorziening_at_a_time_and_all_at_once() {
    let loaded = load_for_date(
        std::path::Path::new("tests/fixtures/lijsten/wachtlijst.vo"),
        None,
    )
    .unwrap_or_else(|_| panic!("de lijsten laden niet"));
    let p = &loaded.lowered.program;
    let ev = Evaluator::new(p);
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let mut chosen = [0usize; 4];
    for _ in 0..2_000 {
        let case = random_case(p, &mut rng);
        let all = ev.all(&case);
        for (i, o) in all.iter().enumerate() {
            let one = ev.voorziening(&case, i).unwrap();
            assert_eq!(o.uitkomst, one.uitkomst);
            assert_eq!(o.values, one.values);
            assert_eq!(o.gekozen, one.gekozen);
            for k in &o.gekozen {
                use verordening::eval::lijst::Gekozen;
                chosen[match k.uitkomst {
                    Ok(Gekozen::Een(_)) => 0,
                    Ok(Gekozen::Geen) => 1,
                    Ok(Gekozen::Gelijk(..)) => 2,
                    Err(_) => 3,
                }] += 1;
            }
        }
    }
    // Every kind of choice occurs among the random cases.
    assert!(chosen.iter().all(|n| *n > 0), "{chosen:?}");
}

/// An evaluator can be moved into a worker thread (one per thread; the program is shared).
#[test]
fn an_evaluator_can_move_to_another_thread() {
    fn send<T: Send>(_: &T) {}
    let loaded = load_for_date(
        std::path::Path::new("ordinances/voorbeeld/voorbeeldstad-2023.vo"),
        None,
    )
    .unwrap_or_else(|_| panic!("de voorbeeldverordening laadt niet"));
    let p = &loaded.lowered.program;
    let ev = Evaluator::new(p);
    send(&ev);
    let case = verordening::eval::Case::empty(p);
    let here = ev.all(&case).len();
    let there = std::thread::scope(|s| s.spawn(move || ev.all(&case).len()).join());
    assert_eq!(there.ok(), Some(here));
}
