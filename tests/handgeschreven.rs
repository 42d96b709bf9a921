//! De met de hand geschreven beslissingen van Voorbeeldstad 2023 (benches/handgeschreven, de
//! grens van issue 19) en de interpreter zijn het eens: op 20.000 willekeurige casussen
//! (met de randen: drempels, maandeinden, ontbrekende gegevens) dezelfde uitkomst, dezelfde
//! gronden en elke waarde gelijk. `cargo bench` doet hetzelfde op een miljoen casussen.

// Tests may fail loudly: the deny lints are for the library, not for its tests.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[path = "../benches/handgeschreven/mod.rs"]
mod handgeschreven;

use handgeschreven::regels::{beoordeel, beoordeel_jobcoaching, Casus, Uitslag, JOBCOACHING};
use handgeschreven::vergelijk::{naar_case, verschillen, willekeurige_casus, Rng, NIET_GELEZEN};
use verordening::eval::load::load_for_date;
use verordening::eval::run::{Evaluator, Outcome};

const VOORBEELDSTAD: &str = "ordinances/voorbeeld/voorbeeldstad-2023.vo";

/// Elke invoer van de regeling is met de hand gelezen, of staat in de lijst van invoer die
/// geen regel leest: een nieuwe invoer in de regeling valt hier op.
#[test]
fn the_hand_written_decisions_read_every_input_the_rules_read() {
    let loaded = load_for_date(std::path::Path::new(VOORBEELDSTAD), None)
        .unwrap_or_else(|_| panic!("{VOORBEELDSTAD} laadt niet"));
    let p = &loaded.lowered.program;
    let hand: Vec<&str> = Casus::INVOER.iter().map(|(n, _)| *n).collect();
    for input in &p.inputs {
        assert!(
            hand.contains(&input.name.as_str()) || NIET_GELEZEN.contains(&input.name.as_str()),
            "{} wordt niet met de hand gelezen",
            input.name
        );
    }
    for n in hand.iter().chain(NIET_GELEZEN) {
        assert!(
            p.input_index(n).is_some(),
            "{n} is geen invoer van de regeling"
        );
    }
}

#[test]
fn the_hand_written_decisions_agree_with_the_interpreter_on_random_cases() {
    let loaded = load_for_date(std::path::Path::new(VOORBEELDSTAD), None)
        .unwrap_or_else(|_| panic!("{VOORBEELDSTAD} laadt niet"));
    let p = &loaded.lowered.program;
    let ev = Evaluator::new(p);
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let mut outs = Vec::new();
    let mut hand = [Uitslag::default(); 24];
    let mut one = Outcome::new(JOBCOACHING);
    let mut hand_one = Uitslag::default();
    let mut uitkomsten = std::collections::BTreeMap::new();
    for n in 0..20_000 {
        let casus = willekeurige_casus(&mut rng);
        let case = naar_case(p, &casus);
        ev.all_into(&case, &mut outs);
        beoordeel(&casus, &mut hand);
        assert_eq!(outs.len(), hand.len());
        for (o, h) in outs.iter().zip(&hand) {
            let d = verschillen(p, o, h);
            assert!(d.is_empty(), "casus {n}: {d:#?}\n{casus:#?}");
            *uitkomsten
                .entry((o.vz, o.uitkomst.as_str()))
                .or_insert(0u32) += 1;
        }
        // Eén voorziening alleen geeft hetzelfde als in het geheel.
        ev.voorziening_into(&case, JOBCOACHING, &mut one);
        beoordeel_jobcoaching(&casus, &mut hand_one);
        let d = verschillen(p, &one, &hand_one);
        assert!(
            d.is_empty(),
            "casus {n} (jobcoaching alleen): {d:#?}\n{casus:#?}"
        );
    }
    // De casussen raken elke uitkomst die een voorziening kan hebben: de test vergelijkt niet
    // alleen onbepaald met onbepaald.
    for (i, vz) in p.voorzieningen.iter().enumerate() {
        let count = |u: &str| uitkomsten.get(&(i, u)).copied().unwrap_or(0);
        if vz.not_adopted.is_some() {
            assert_eq!(count("niet-van-toepassing"), 20_000, "{}", vz.name);
            continue;
        }
        assert!(
            count("geweigerd") > 20,
            "{}: te weinig weigeringen",
            vz.name
        );
        assert!(count("onbepaald") > 20, "{}: te weinig onbepaald", vz.name);
        let toegekend = count("plicht") + count("bevoegd");
        assert!(
            toegekend > 20,
            "{}: te weinig toekenningen ({toegekend})",
            vz.name
        );
    }
}
