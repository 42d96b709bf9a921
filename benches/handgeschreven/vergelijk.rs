//! De hand geschreven beslissingen naast de interpreter: willekeurige casussen die de randen
//! raken (drempels, maandeinden, ontbrekende gegevens), de casus in de vorm van de interpreter,
//! en de vergelijking van uitkomst, gronden en elke waarde.

use super::regels::{Casus, Duur, Invoer, Soort, Uitkering, Uitslag, Waarde, TEKST, VOORZIENINGEN};
use chrono::{Datelike, Days, Months, NaiveDate};
use rust_decimal::Decimal;
use verordening::eval::program::{Program, V};
use verordening::eval::run::{Case, Outcome};
use verordening::value::Duration;

/// De invoer van de regeling die geen regel van Voorbeeldstad 2023 leest (artikel 2 wijst
/// toe zonder regel, artikel 10 en 14o zijn niet overgenomen, de regiems per halfjaar en de
/// begeleidingsregiems zijn niet gekozen) en de peildatum met de parameter die zij kiest.
pub const NIET_GELEZEN: &[&str] = &[
    "peildatum",
    "vrijlating_premie",
    "persoon.afstand",
    "persoon.leerplicht_geeindigd",
    "leerwerktraject_nodig",
    "werkplekaanpassing_noodzakelijk",
    "aanpassing_van_werkgever_te_verlangen",
    "dienstbetrekking.halfjaar",
    "dienstbetrekking.begeleidingsregiem",
];

/// De ja/nee-gegevens waarvan "ja" een voorziening tegenhoudt (een weigeringsgrond, een
/// voorwaarde die "niet" vraagt); van de andere houdt "nee" haar tegen.
const ONGUNSTIG_JA: &[&str] = &[
    "persoon.voorliggende_voorziening",
    "persoon.verplichtingen_niet_nagekomen",
    "persoon.arbeid_zonder_voorziening",
    "niet_meer_geschikt",
    "niet_naar_behoren_gebruikt",
    "voldoet_niet_meer_aan_voorwaarden",
    "verdringing",
    "persoon.onderwijs_mogelijk",
    "werkgever.andere_tegemoetkoming",
    "ook_zonder_subsidie",
    "persoon.eerder_onbeloond_bij_werkgever",
    "ook_zonder_proefplaats",
    "dienstverband.forfaitaire_lks",
    "arbo_taak",
    "standaarduitrusting",
];

/// Een kleine deterministische generator (xorshift): een verschil is na te spelen.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn kans(&mut self, een_op: u64) -> bool {
        self.below(een_op) == 0
    }
    fn kies<T: Copy>(&mut self, xs: &[T]) -> Option<T> {
        xs.get(self.below(xs.len() as u64) as usize).copied()
    }
    fn tussen(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1).max(1) as u64) as i64
    }
}

fn datum(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn plus(d: NaiveDate, dagen: i64) -> NaiveDate {
    if dagen >= 0 {
        d.checked_add_days(Days::new(dagen as u64)).unwrap_or(d)
    } else {
        d.checked_sub_days(Days::new(dagen.unsigned_abs()))
            .unwrap_or(d)
    }
}

fn plus_maanden(d: NaiveDate, m: i64) -> NaiveDate {
    if m >= 0 {
        d.checked_add_months(Months::new(m as u32)).unwrap_or(d)
    } else {
        d.checked_sub_months(Months::new(m.unsigned_abs() as u32))
            .unwrap_or(d)
    }
}

/// Een datum tussen 2022 en 2025, vaak aan het eind van een maand (29, 30, 31: de dagen die in
/// een kortere maand niet bestaan).
fn een_datum(rng: &mut Rng) -> NaiveDate {
    let d = plus(datum(2022, 1, 1), rng.tussen(0, 1_460));
    if rng.kans(3) {
        let dag = rng.tussen(28, 31) as u32;
        NaiveDate::from_ymd_opt(d.year(), d.month(), dag)
            .unwrap_or_else(|| plus(datum(d.year(), d.month(), 1), 27))
    } else {
        d
    }
}

/// Een duur rond een drempel van `maanden`: net eronder, erop, erboven, in maanden of in dagen
/// (dan vergeleken vanaf de peildatum), of iets willekeurigs.
fn duur_rond(rng: &mut Rng, maanden: i64) -> Duur {
    match rng.below(6) {
        0 => Duur::maanden((maanden - 1) as i32),
        1 => Duur::maanden(maanden as i32),
        2 => Duur::maanden((maanden + 1) as i32),
        3 => Duur::dagen(rng.tussen(maanden * 30 - 3, maanden * 31 + 3) as i32),
        4 => Duur::dagen(rng.tussen(0, 1_000) as i32),
        _ => Duur::maanden(rng.tussen(0, 60) as i32),
    }
}

fn leeftijd(rng: &mut Rng) -> Duur {
    let jaar = rng
        .kies(&[15, 16, 17, 18, 19, 26, 27, 28, 49, 50, 51, 66])
        .unwrap_or(30);
    match rng.below(5) {
        0 => Duur::maanden(jaar * 12 + rng.tussen(-1, 1) as i32),
        1 => Duur::dagen(jaar * 365 + rng.tussen(-5, 15) as i32),
        2 => Duur::jaar(rng.tussen(14, 70) as i32),
        _ => Duur::jaar(jaar),
    }
}

fn uren_rond(rng: &mut Rng) -> Decimal {
    match rng.below(4) {
        0 => rng
            .kies(&[
                Decimal::new(1199, 2),
                Decimal::from(12),
                Decimal::new(1201, 2),
                Decimal::new(1599, 2),
                Decimal::from(16),
                Decimal::new(165, 1),
            ])
            .unwrap_or_default(),
        _ => Decimal::new(rng.tussen(0, 4_000), 2),
    }
}

fn een_waarde(rng: &mut Rng, naam: &str, soort: Soort) -> Invoer {
    match soort {
        Soort::JaNee => Invoer::JaNee(rng.kans(2)),
        Soort::Uitkering => Invoer::Uitkering(
            rng.kies(&[
                Uitkering::Bijstand,
                Uitkering::Bijstand,
                Uitkering::Ioaw,
                Uitkering::Ioaz,
                Uitkering::Anw,
                Uitkering::Geen,
            ])
            .unwrap_or(Uitkering::Geen),
        ),
        Soort::Datum => Invoer::Datum(een_datum(rng)),
        Soort::Duur => Invoer::Duur(match naam {
            "persoon.leeftijd" => leeftijd(rng),
            "persoon.zonder_betrekking" => duur_rond(rng, 6),
            "persoon.werkloos" => duur_rond(rng, 24),
            "persoon.duur_uitkering" => duur_rond(rng, 12),
            "persoon.uitkeringsonafhankelijk" => duur_rond(rng, 6),
            "dienstbetrekking.duur" => duur_rond(rng, 6),
            // "de periode (in dagen)" van ziekte.
            "proefplaats.ziekteverzuim" => Duur::dagen(rng.tussen(0, 40) as i32),
            _ => duur_rond(rng, 12),
        }),
        Soort::Getal => Invoer::Getal(match naam {
            "dienstbetrekking.jaar" => rng
                .kies(&[
                    Decimal::ZERO,
                    Decimal::ONE,
                    Decimal::from(2),
                    Decimal::from(3),
                    Decimal::from(4),
                    Decimal::new(10, 1),
                    Decimal::new(25, 1),
                ])
                .unwrap_or_default(),
            "vervoer.werkdagen" if rng.kans(4) => Decimal::new(rng.tussen(0, 2_500), 2),
            "vervoer.werkdagen" => Decimal::from(rng.tussen(0, 25)),
            _ => uren_rond(rng),
        }),
        Soort::Bedrag => Invoer::Bedrag(Decimal::new(rng.tussen(0, 40_000), 2)),
        Soort::Uren => Invoer::Uren(if rng.kans(3) {
            Decimal::new(rng.tussen(0, 2_000_000), 3)
        } else {
            Decimal::from(rng.tussen(0, 2_000))
        }),
    }
}

/// Een willekeurige casus: elke invoer met kans een op vier ontbrekend, waarden rond de
/// drempels van de regels, data rond de termijnen die ertoe doen.
pub fn willekeurige_casus(rng: &mut Rng) -> Casus {
    let mut c = Casus {
        peildatum: match rng.below(50) {
            0 => None,
            // Vóór 2023 is er geen vrijlating (de parameter geldt vanaf 1 januari 2023).
            1 => Some(plus(datum(2022, 6, 1), rng.tussen(0, 200))),
            _ => Some(plus(datum(2023, 1, 1), rng.tussen(0, 1_100))),
        },
        ..Casus::default()
    };
    // Een op de drie casussen is gunstig: elk ja/nee-gegeven meestal de waarde die toekent en
    // weinig ontbrekend, zodat ook voorzieningen met veel voorwaarden worden toegekend.
    let gunstig = rng.kans(3);
    for &(naam, soort) in Casus::INVOER {
        let w = if rng.kans(if gunstig { 12 } else { 4 }) {
            None
        } else if gunstig && soort == Soort::JaNee && !rng.kans(10) {
            Some(Invoer::JaNee(!ONGUNSTIG_JA.contains(&naam)))
        } else {
            Some(een_waarde(rng, naam, soort))
        };
        c.zet(naam, w);
    }
    // De randen die van twee gegevens samen afhangen.
    if let (Some(i), true) = (c.ingangsdatum, c.aanvraag_datum.is_some()) {
        c.aanvraag_datum = Some(match rng.below(5) {
            // Artikel 14g: uiterlijk 8 weken na de ingangsdatum.
            0 => plus(i, 56 + rng.tussen(-1, 1)),
            // Artikel 14: vanaf 6 maanden, uiterlijk 18 maanden.
            1 => plus(plus_maanden(i, 6), rng.tussen(-1, 1)),
            2 => plus(plus_maanden(i, 18), rng.tussen(-1, 1)),
            _ => plus(i, rng.tussen(-30, 700)),
        });
    }
    if let (Some(p), true) = (c.peildatum, c.participatieplaats_aanvang.is_some()) {
        if rng.kans(2) {
            // Artikel 8, derde lid: net vóór, op of na een volle periode van zes maanden.
            let k = rng.tussen(0, 5);
            c.participatieplaats_aanvang = Some(plus(plus_maanden(p, -6 * k), rng.tussen(-1, 1)));
        }
    }
    if let (Some(d), Some(t), true) = (c.werkdagen, c.tarief_per_dag, rng.kans(4)) {
        // Artikel 14l, vierde lid: de werkgever vergoedt precies de kosten, of net meer.
        c.vergoeding_werkgever = Some(d * t + Decimal::new(rng.tussen(-1, 1), 2));
    }
    if let (Some(_), true) = (c.oude_einddatum, rng.kans(3)) {
        c.oude_einddatum = Some(plus(datum(2024, 6, 30), rng.tussen(-1, 1)));
    }
    c
}

fn naar_v(p: &Program, w: Invoer) -> Option<V> {
    Some(match w {
        Invoer::JaNee(b) => V::JaNee(b),
        Invoer::Duur(d) => V::Duur(Duration {
            months: d.maanden,
            days: d.dagen,
            workdays: 0,
        }),
        Invoer::Datum(d) => V::Datum(d),
        Invoer::Getal(x) => V::Getal(x),
        Invoer::Bedrag(x) => V::Bedrag(x),
        Invoer::Uren(x) => V::Uren(x),
        Invoer::Uitkering(u) => V::Sym(p.symbol_id(match u {
            Uitkering::Bijstand => "bijstand",
            Uitkering::Ioaw => "ioaw",
            Uitkering::Ioaz => "ioaz",
            Uitkering::Anw => "anw",
            Uitkering::Geen => "geen",
        })?),
    })
}

fn uit_v(p: &Program, soort: Soort, v: V) -> Option<Invoer> {
    Some(match (soort, v) {
        (Soort::JaNee, V::JaNee(b)) => Invoer::JaNee(b),
        (Soort::Duur, V::Duur(d)) if d.workdays == 0 => Invoer::Duur(Duur {
            maanden: d.months,
            dagen: d.days,
        }),
        (Soort::Datum, V::Datum(d)) => Invoer::Datum(d),
        (Soort::Getal, V::Getal(x)) => Invoer::Getal(x),
        (Soort::Bedrag, V::Bedrag(x)) => Invoer::Bedrag(x),
        (Soort::Uren, V::Uren(x)) => Invoer::Uren(x),
        (Soort::Uitkering, V::Sym(s)) => Invoer::Uitkering(match p.symbol(s) {
            "bijstand" => Uitkering::Bijstand,
            "ioaw" => Uitkering::Ioaw,
            "ioaz" => Uitkering::Ioaz,
            "anw" => Uitkering::Anw,
            "geen" => Uitkering::Geen,
            _ => return None,
        }),
        _ => return None,
    })
}

/// De casus zoals de interpreter haar leest.
pub fn naar_case(p: &Program, c: &Casus) -> Case {
    let mut case = Case::empty(p);
    if let Some(d) = c.peildatum {
        case.set_peildatum(p, d);
    }
    for &(naam, _) in Casus::INVOER {
        if let (Some(i), Some(v)) = (p.input_index(naam), c.lees(naam).and_then(|w| naar_v(p, w))) {
            case.set(i, v);
        }
    }
    case
}

/// Een casus van de interpreter als hand geschreven casus (voor de meting met dezelfde feiten).
pub fn uit_case(p: &Program, case: &Case) -> Casus {
    let mut c = Casus {
        peildatum: p.peildatum.and_then(|i| match case.get(i) {
            Some(V::Datum(d)) => Some(d),
            _ => None,
        }),
        ..Casus::default()
    };
    for &(naam, soort) in Casus::INVOER {
        let w = p
            .input_index(naam)
            .and_then(|i| case.get(i))
            .and_then(|v| uit_v(p, soort, v));
        c.zet(naam, w);
    }
    c
}

fn waarde_gelijk(w: Option<Waarde>, v: Option<V>) -> bool {
    match (w, v) {
        (None, None) => true,
        (Some(Waarde::Bedrag(a)), Some(V::Bedrag(b)))
        | (Some(Waarde::Percentage(a)), Some(V::Percentage(b)))
        | (Some(Waarde::Getal(a)), Some(V::Getal(b)))
        | (Some(Waarde::Uren(a)), Some(V::Uren(b))) => a == b,
        (Some(Waarde::Duur(a)), Some(V::Duur(b))) => {
            a.maanden == b.months && a.dagen == b.days && b.workdays == 0
        }
        (Some(Waarde::Datum(a)), Some(V::Datum(b))) => a == b,
        _ => false,
    }
}

fn teksten(xs: &[u8]) -> Vec<&'static str> {
    xs.iter()
        .map(|&x| TEKST.get(x as usize).copied().unwrap_or("?"))
        .collect()
}

fn citaten(p: &Program, xs: impl Iterator<Item = u32>) -> Vec<String> {
    xs.map(|c| p.cite(c).map(|c| c.text.clone()).unwrap_or_default())
        .collect()
}

/// De verschillen tussen de interpreter en de hand geschreven uitslag van één voorziening
/// (leeg als zij het eens zijn).
pub fn verschillen(p: &Program, o: &Outcome, h: &Uitslag) -> Vec<String> {
    let mut uit = Vec::new();
    let Some(vz) = p.voorzieningen.get(o.vz) else {
        return vec![format!("voorziening {} bestaat niet", o.vz)];
    };
    let Some((naam, waarden)) = VOORZIENINGEN.get(o.vz) else {
        return vec![format!("{}: niet met de hand geschreven", vz.name)];
    };
    if *naam != vz.name {
        uit.push(format!("volgorde: interpreter {}, hand {naam}", vz.name));
        return uit;
    }
    if o.uitkomst.as_str() != h.uitkomst.as_str() {
        uit.push(format!(
            "{naam}: uitkomst interpreter {}, hand {}",
            o.uitkomst.as_str(),
            h.uitkomst.as_str()
        ));
    }
    let lijsten: [(&str, Vec<u32>, &[u8]); 6] = [
        ("grond", o.ground.into_iter().collect(), h.grond.as_slice()),
        (
            "andere gronden",
            o.other_grounds.clone(),
            h.andere_gronden.as_slice(),
        ),
        (
            "kan weigeren",
            o.may_refuse.clone(),
            h.kan_weigeren.as_slice(),
        ),
        (
            "kan beëindigen",
            o.may_end.clone(),
            h.kan_beeindigen.as_slice(),
        ),
        (
            "kan mogelijk weigeren",
            o.may_refuse_open.iter().map(|(c, _)| *c).collect(),
            h.kan_mogelijk_weigeren.as_slice(),
        ),
        (
            "kan mogelijk beëindigen",
            o.may_end_open.iter().map(|(c, _)| *c).collect(),
            h.kan_mogelijk_beeindigen.as_slice(),
        ),
    ];
    for (wat, i, hand) in lijsten {
        let gelijk = i.len() == hand.len()
            && i.iter().zip(hand).all(|(&c, &x)| {
                p.cite(c).map(|c| c.text.as_str()) == TEKST.get(x as usize).copied()
            });
        if !gelijk {
            uit.push(format!(
                "{naam}: {wat}: interpreter {:?}, hand {:?}",
                citaten(p, i.into_iter()),
                teksten(hand)
            ));
        }
    }
    if o.uitkomst.as_str() != "niet-van-toepassing" {
        if vz.values.len() != waarden.len() {
            uit.push(format!(
                "{naam}: {} waarden in de interpreter, {} met de hand",
                vz.values.len(),
                waarden.len()
            ));
        }
        for (k, r) in &o.values {
            let Some(rule) = vz.values.get(*k) else {
                continue;
            };
            let Some(j) = waarden.iter().position(|w| *w == rule.name) else {
                uit.push(format!("{naam}.{}: niet met de hand berekend", rule.name));
                continue;
            };
            let v = match r {
                verordening::eval::program::R::K(v) => Some(*v),
                verordening::eval::program::R::U(_) => None,
            };
            let w = h.waarden.get(j).copied().flatten();
            if !waarde_gelijk(w, v) {
                uit.push(format!(
                    "{naam}.{}: interpreter {v:?}, hand {w:?}",
                    rule.name
                ));
            }
        }
    }
    uit
}
