//! De beslissingen van de Re-integratieverordening Participatiewet Voorbeeldstad 2023, met de
//! hand geschreven in gewone Rust (rust_decimal, chrono), zonder de bibliotheek: de code die een
//! goede programmeur voor precies deze regels zou schrijven. Dit is de grens waartegen de
//! interpreter wordt gemeten (issue 19, punt 1), en een tweede, onafhankelijke lezing van de
//! tekst: `tests/handgeschreven.rs` en `cargo bench` vergelijken beide op willekeurige casussen.
//!
//! Afgeleid uit de tekst: `ordinances/voorbeeld/voorbeeldstad-2023.vo` (de keuzes en
//! invullingen), het VNG-model van januari 2023 (`ordinances/vng/model-2023.vo`) en de wetslaag
//! (`ordinances/wet/participatiewet.vo`). Bij elke regel staat het artikel. De volgorde van
//! beslissen is die van docs/evaluatie.md ("Uitkomsten"): eerst de verplichte weigeringen en
//! noodzakelijke voorwaarden, dan de plicht, dan de bevoegdheid; de bevoegdheden om te weigeren
//! of te beëindigen (artikel 3) veranderen een toekenning niet in een weigering.
//!
//! Ontbrekende gegevens zijn `None`; een voorwaarde is drie-waardig (`Option<bool>`): `nee en ?`
//! is `nee`, `ja of ?` is `ja` (docs/evaluatie.md). Welke gegevens ontbreken, zegt deze code niet
//! (de interpreter wel): de grens is de beslissing met haar waarden.

use chrono::{Datelike, Days, Months, NaiveDate};
use rust_decimal::Decimal;
use std::cmp::Ordering;

// ------------------------------------------------------------------ waarden

/// Een kalenderduur: maanden en dagen (een jaar is 12 maanden, een week 7 dagen).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Duur {
    pub maanden: i32,
    pub dagen: i32,
}

impl Duur {
    pub const fn maanden(n: i32) -> Duur {
        Duur {
            maanden: n,
            dagen: 0,
        }
    }
    pub const fn dagen(n: i32) -> Duur {
        Duur {
            maanden: 0,
            dagen: n,
        }
    }
    pub const fn jaar(n: i32) -> Duur {
        Duur::maanden(12 * n)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Uitkering {
    Bijstand,
    Ioaw,
    Ioaz,
    Anw,
    Geen,
}

/// Een berekende waarde.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Waarde {
    Bedrag(Decimal),
    Percentage(Decimal),
    Getal(Decimal),
    Uren(Decimal),
    Duur(Duur),
    Datum(NaiveDate),
}

/// Een invoerwaarde, om een casus bij naam te lezen en te schrijven (de vergelijking met de
/// interpreter en de batch gaan via de namen van de regeling).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Invoer {
    JaNee(bool),
    Duur(Duur),
    Datum(NaiveDate),
    Getal(Decimal),
    Bedrag(Decimal),
    Uren(Decimal),
    Uitkering(Uitkering),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Soort {
    JaNee,
    Duur,
    Datum,
    Getal,
    Bedrag,
    Uren,
    Uitkering,
}

macro_rules! casus {
    (@t JaNee) => { bool };
    (@t Duur) => { Duur };
    (@t Datum) => { NaiveDate };
    (@t Getal) => { Decimal };
    (@t Bedrag) => { Decimal };
    (@t Uren) => { Decimal };
    (@t Uitkering) => { Uitkering };
    ($( $veld:ident : $soort:ident = $naam:literal, )*) => {
        /// De feiten en oordelen van één casus; `None` is: niet gegeven.
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct Casus {
            pub peildatum: Option<NaiveDate>,
            $( pub $veld: Option<casus!(@t $soort)>, )*
        }

        impl Casus {
            /// Elke invoer met de naam die de regeling haar geeft.
            pub const INVOER: &'static [(&'static str, Soort)] = &[ $( ($naam, Soort::$soort), )* ];

            pub fn lees(&self, naam: &str) -> Option<Invoer> {
                match naam {
                    $( $naam => self.$veld.map(Invoer::$soort), )*
                    _ => None,
                }
            }

            /// Zet (of wist, met `None`) een invoer; false bij een onbekende naam of soort.
            pub fn zet(&mut self, naam: &str, w: Option<Invoer>) -> bool {
                match (naam, w) {
                    $(
                        ($naam, Some(Invoer::$soort(x))) => { self.$veld = Some(x); true }
                        ($naam, None) => { self.$veld = None; true }
                    )*
                    _ => false,
                }
            }
        }
    };
}

casus! {
    // Artikel 1 en 3 (de doelgroep, de weigerings- en beëindigingsgronden).
    doelgroep: JaNee = "persoon.doelgroep",
    medewerking: JaNee = "persoon.medewerking",
    voorliggende_voorziening: JaNee = "persoon.voorliggende_voorziening",
    bijdrage_arbeidsinschakeling: JaNee = "bijdrage_arbeidsinschakeling",
    voldoet_aan_voorwaarden: JaNee = "voldoet_aan_voorwaarden",
    verplichtingen_niet_nagekomen: JaNee = "persoon.verplichtingen_niet_nagekomen",
    arbeid_zonder_voorziening: JaNee = "persoon.arbeid_zonder_voorziening",
    artikel_7_lid_1_a_2: JaNee = "persoon.artikel_7_lid_1_a_2",
    bijdrage_snelle_arbeidsinschakeling: JaNee = "bijdrage_snelle_arbeidsinschakeling",
    niet_meer_geschikt: JaNee = "niet_meer_geschikt",
    niet_naar_behoren_gebruikt: JaNee = "niet_naar_behoren_gebruikt",
    voldoet_niet_meer_aan_voorwaarden: JaNee = "voldoet_niet_meer_aan_voorwaarden",
    verdringing: JaNee = "verdringing",
    // Artikelen 4 tot en met 9.
    langdurig_werkloos_of_nieuw: JaNee = "persoon.langdurig_werkloos_of_nieuw",
    arbeid_mogelijk: JaNee = "persoon.arbeid_mogelijk",
    onderwijs_mogelijk: JaNee = "persoon.onderwijs_mogelijk",
    uitkering: Uitkering = "persoon.uitkering",
    leeftijd: Duur = "persoon.leeftijd",
    op_participatieplaats: JaNee = "persoon.op_participatieplaats",
    voldoende_meegewerkt: JaNee = "voldoende_meegewerkt",
    participatieplaats_aanvang: Datum = "participatieplaats.aanvang",
    participatieplaats_uren_per_week: Getal = "participatieplaats.uren_per_week",
    beschut_werk: JaNee = "persoon.beschut_werk",
    // Artikel 13.
    zonder_betrekking: Duur = "persoon.zonder_betrekking",
    startkwalificatie: JaNee = "persoon.startkwalificatie",
    alleenstaande_ouder: JaNee = "persoon.alleenstaande_ouder",
    werkloos: Duur = "persoon.werkloos",
    andere_tegemoetkoming: JaNee = "werkgever.andere_tegemoetkoming",
    ook_zonder_subsidie: JaNee = "ook_zonder_subsidie",
    // Artikel 14.
    duur_uitkering: Duur = "persoon.duur_uitkering",
    uitkeringsonafhankelijk: Duur = "persoon.uitkeringsonafhankelijk",
    uitkering_beeindigd_door_arbeid: JaNee = "persoon.uitkering_beeindigd_door_arbeid",
    aanvraag_datum: Datum = "aanvraag.datum",
    ingangsdatum: Datum = "dienstbetrekking.ingangsdatum",
    // Artikel 14a.
    proefplaats_noodzakelijk: JaNee = "proefplaats_noodzakelijk",
    proefplaats_in_staat: JaNee = "proefplaats_in_staat",
    proefplaats_vergroot_kans: JaNee = "proefplaats_vergroot_kans",
    eerder_onbeloond_bij_werkgever: JaNee = "persoon.eerder_onbeloond_bij_werkgever",
    intentieverklaring: JaNee = "werkgever.intentieverklaring",
    ook_zonder_proefplaats: JaNee = "ook_zonder_proefplaats",
    forfaitaire_lks: JaNee = "dienstverband.forfaitaire_lks",
    proefplaats_begindatum: Datum = "proefplaats.begindatum",
    ziekteverzuim: Duur = "proefplaats.ziekteverzuim",
    // Artikel 14b.
    doelgroep_lks: JaNee = "persoon.doelgroep_lks",
    voornemen_dienstbetrekking: JaNee = "werkgever.voornemen_dienstbetrekking",
    // Artikel 14c en 14g.
    arbeidsbeperking: JaNee = "persoon.arbeidsbeperking",
    vso_pro: JaNee = "persoon.vso_pro",
    ondersteuning_nodig: JaNee = "ondersteuning_nodig",
    dienstbetrekking_duur: Duur = "dienstbetrekking.duur",
    uren_per_week: Getal = "dienstbetrekking.uren_per_week",
    arbo_taak: JaNee = "arbo_taak",
    standaarduitrusting: JaNee = "standaarduitrusting",
    proportioneel: JaNee = "proportioneel",
    noodzaak_nog_niet_bekend: JaNee = "noodzaak_nog_niet_bekend",
    // Artikel 14h tot en met 14n.
    jaar: Getal = "dienstbetrekking.jaar",
    uren_taken_per_jaar: Uren = "dienstbetrekking.uren_taken_per_jaar",
    onbillijkheid: JaNee = "onbillijkheid",
    coachingsplan: JaNee = "werkgever.coachingsplan",
    jobcoaching_passend: JaNee = "jobcoaching_passend",
    continuiteit_geborgd: JaNee = "continuiteit_geborgd",
    schriftelijk_ingestemd: JaNee = "persoon.schriftelijk_ingestemd",
    bovengebruikelijke_begeleiding: JaNee = "persoon.bovengebruikelijke_begeleiding",
    niet_zelfstandig_reizen: JaNee = "persoon.niet_zelfstandig_reizen",
    woon_werk: JaNee = "vervoer.woon_werk",
    werkdagen: Getal = "vervoer.werkdagen",
    tarief_per_dag: Bedrag = "vervoer.tarief_per_dag",
    vergoeding_werkgever: Bedrag = "vervoer.vergoeding_werkgever",
    visuele_of_motorische_handicap: JaNee = "persoon.visuele_of_motorische_handicap",
    meeneembaar_nodig: JaNee = "meeneembaar_nodig",
    // Artikel 15.
    oude_toegekend: JaNee = "oude_voorziening.toegekend",
    oude_voorwaarden_vervuld: JaNee = "oude_voorziening.voorwaarden_vervuld",
    oude_einddatum: Datum = "oude_voorziening.einddatum",
}

// ------------------------------------------------------------------ bepalingen

/// De bepalingen die een uitkomst noemen, als nummer in [`TEKST`].
pub type Bepaling = u8;

pub mod b {
    use super::Bepaling;
    pub const A3_1_A: Bepaling = 0;
    pub const A3_1_B: Bepaling = 1;
    pub const A3_1_C: Bepaling = 2;
    pub const A3_1_D: Bepaling = 3;
    pub const A3_1_E: Bepaling = 4;
    pub const A3_2_A: Bepaling = 5;
    pub const A3_2_B: Bepaling = 6;
    pub const A3_2_C: Bepaling = 7;
    pub const A3_2_D: Bepaling = 8;
    pub const A3_2_E: Bepaling = 9;
    pub const A3_2_F: Bepaling = 10;
    pub const A3_2_G: Bepaling = 11;
    pub const A4_1: Bepaling = 12;
    pub const A4_3: Bepaling = 13;
    pub const A5_1: Bepaling = 14;
    pub const A5_3: Bepaling = 15;
    pub const A6_1: Bepaling = 16;
    pub const A6_3: Bepaling = 17;
    pub const A7_1: Bepaling = 18;
    pub const A7_3: Bepaling = 19;
    pub const A8_1: Bepaling = 20;
    pub const A8_3: Bepaling = 21;
    pub const A9_1: Bepaling = 22;
    pub const A10: Bepaling = 23;
    pub const A11_1: Bepaling = 24;
    pub const A13_1: Bepaling = 25;
    pub const A13_5: Bepaling = 26;
    pub const A13_6: Bepaling = 27;
    pub const A14_1: Bepaling = 28;
    pub const A14_4: Bepaling = 29;
    pub const A14A_1: Bepaling = 30;
    pub const A14A_3_A: Bepaling = 31;
    pub const A14A_3_B: Bepaling = 32;
    pub const A14A_3_C: Bepaling = 33;
    pub const A14A_3_D: Bepaling = 34;
    pub const A14A_3_E: Bepaling = 35;
    pub const A14A_4: Bepaling = 36;
    pub const A14B_1: Bepaling = 37;
    pub const A14C_1: Bepaling = 38;
    pub const A14C_2_A: Bepaling = 39;
    pub const A14C_2_B: Bepaling = 40;
    pub const A14C_2_C: Bepaling = 41;
    pub const A14C_2_D: Bepaling = 42;
    pub const A14C_2_E: Bepaling = 43;
    pub const A14C_2_G: Bepaling = 44;
    pub const A14G_1: Bepaling = 45;
    pub const A14H_1: Bepaling = 46;
    pub const A14H_3: Bepaling = 47;
    pub const A14I_1: Bepaling = 48;
    pub const A14J_1: Bepaling = 49;
    pub const A14J_2_A: Bepaling = 50;
    pub const A14J_2_B: Bepaling = 51;
    pub const A14J_2_C: Bepaling = 52;
    pub const A14J_2_D: Bepaling = 53;
    pub const A14K_1: Bepaling = 54;
    pub const A14L_1: Bepaling = 55;
    pub const A14L_2: Bepaling = 56;
    pub const A14M_1: Bepaling = 57;
    pub const A14N_1: Bepaling = 58;
    pub const A14O: Bepaling = 59;
    pub const A15_3: Bepaling = 60;
}

/// Hoe de bepalingen heten (zoals de interpreter ze citeert).
pub const TEKST: [&str; 61] = [
    "artikel 3, eerste lid, onder a",
    "artikel 3, eerste lid, onder b",
    "artikel 3, eerste lid, onder c",
    "artikel 3, eerste lid, onder d",
    "artikel 3, eerste lid, onder e",
    "artikel 3, tweede lid, onder a",
    "artikel 3, tweede lid, onder b",
    "artikel 3, tweede lid, onder c",
    "artikel 3, tweede lid, onder d",
    "artikel 3, tweede lid, onder e",
    "artikel 3, tweede lid, onder f",
    "artikel 3, tweede lid, onder g",
    "artikel 4, eerste lid",
    "artikel 4, derde lid",
    "artikel 5, eerste lid",
    "artikel 5, derde lid",
    "artikel 6, eerste lid",
    "artikel 6, derde lid",
    "artikel 7, eerste lid",
    "artikel 7, derde lid",
    "artikel 8, eerste lid",
    "artikel 8, derde lid",
    "artikel 9, eerste lid",
    "artikel 10",
    "artikel 11, eerste lid",
    "artikel 13, eerste lid",
    "artikel 13, vijfde lid",
    "artikel 13, zesde lid",
    "artikel 14, eerste lid",
    "artikel 14, vierde lid",
    "artikel 14a, eerste lid",
    "artikel 14a, derde lid, onder a",
    "artikel 14a, derde lid, onder b",
    "artikel 14a, derde lid, onder c",
    "artikel 14a, derde lid, onder d",
    "artikel 14a, derde lid, onder e",
    "artikel 14a, vierde lid",
    "artikel 14b, eerste lid",
    "artikel 14c, eerste lid",
    "artikel 14c, tweede lid, onder a",
    "artikel 14c, tweede lid, onder b",
    "artikel 14c, tweede lid, onder c",
    "artikel 14c, tweede lid, onder d",
    "artikel 14c, tweede lid, onder e",
    "artikel 14c, tweede lid, onder g",
    "artikel 14g, eerste lid",
    "artikel 14h, eerste lid",
    "artikel 14h, derde lid",
    "artikel 14i, eerste lid",
    "artikel 14j, eerste lid",
    "artikel 14j, tweede lid, onder a",
    "artikel 14j, tweede lid, onder b",
    "artikel 14j, tweede lid, onder c",
    "artikel 14j, tweede lid, onder d",
    "artikel 14k, eerste lid",
    "artikel 14l, eerste lid",
    "artikel 14l, tweede lid",
    "artikel 14m, eerste lid",
    "artikel 14n, eerste lid",
    "artikel 14o",
    "artikel 15, derde lid",
];

/// Een korte lijst bepalingen, in volgorde, zonder allocatie.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Lijst {
    n: u8,
    items: [Bepaling; 12],
}

impl Lijst {
    #[inline]
    fn push(&mut self, x: Bepaling) {
        if let Some(slot) = self.items.get_mut(self.n as usize) {
            *slot = x;
            self.n += 1;
        }
    }
    pub fn as_slice(&self) -> &[Bepaling] {
        self.items.get(..self.n as usize).unwrap_or(&[])
    }
}

// ------------------------------------------------------------------ uitkomsten

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Uitkomst {
    Plicht,
    Bevoegd,
    Geweigerd,
    NietVanToepassing,
    #[default]
    Onbepaald,
}

impl Uitkomst {
    pub fn as_str(self) -> &'static str {
        match self {
            Uitkomst::Plicht => "plicht",
            Uitkomst::Bevoegd => "bevoegd",
            Uitkomst::Geweigerd => "geweigerd",
            Uitkomst::NietVanToepassing => "niet-van-toepassing",
            Uitkomst::Onbepaald => "onbepaald",
        }
    }
}

/// De uitkomst voor één voorziening.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Uitslag {
    pub uitkomst: Uitkomst,
    pub grond: Option<Bepaling>,
    pub andere_gronden: Lijst,
    pub kan_weigeren: Lijst,
    pub kan_beeindigen: Lijst,
    pub kan_mogelijk_weigeren: Lijst,
    pub kan_mogelijk_beeindigen: Lijst,
    /// De waarden, in de volgorde van [`VOORZIENINGEN`]; `None` is onbekend.
    pub waarden: [Option<Waarde>; 5],
}

/// De voorzieningen en besluiten van Voorbeeldstad 2023 met de namen van hun waarden.
pub const VOORZIENINGEN: [(&str, &[&str]); 24] = [
    ("werkstage", &[]),
    ("sociale_activering", &[]),
    ("detacheringsbaan", &[]),
    ("scholing", &[]),
    ("participatieplaats", &["minimumleeftijd"]),
    (
        "premie_participatieplaats",
        &[
            "bedrag",
            "periode",
            "aantal_premies",
            "volgende_premie_op",
            "totaal",
        ],
    ),
    ("beschut_werk", &[]),
    ("leerwerktraject", &[]),
    ("persoonlijke_ondersteuning", &[]),
    (
        "loonkostensubsidie_kwetsbaar",
        &["maximum_percentage", "maximale_duur"],
    ),
    (
        "uitstroompremie",
        &["bedrag", "aanvraag_vanaf", "aanvraag_uiterlijk"],
    ),
    (
        "proefplaats",
        &["duur", "verlenging", "einddatum", "uiterste_einddatum"],
    ),
    ("loonkostensubsidie", &["loonwaarde_uiterlijk"]),
    ("ondersteuning_arbeidsbeperking", &["onderzoek_uiterlijk"]),
    (
        "jobcoaching",
        &[
            "aanvraag_uiterlijk",
            "maximum_uren",
            "maximum_per",
            "maximale_duur",
        ],
    ),
    ("jobcoaching_natura", &["aanvraag_uiterlijk"]),
    ("subsidie_jobcoaching", &["aanvraag_uiterlijk"]),
    ("interne_werkbegeleiding", &["aanvraag_uiterlijk"]),
    ("vervoersvoorziening", &["vergoeding"]),
    ("intermediaire_activiteit", &[]),
    ("meeneembare_voorziening", &[]),
    ("werkplekaanpassing", &[]),
    ("afwijking_maximum_jobcoaching", &[]),
    ("overgangsrecht", &["laatste_dag"]),
];

pub const JOBCOACHING: usize = 14;

// ------------------------------------------------------------------ drie-waardige logica

type B = Option<bool>;

#[inline]
fn en(a: B, b: B) -> B {
    match (a, b) {
        (Some(false), _) | (_, Some(false)) => Some(false),
        (Some(true), Some(true)) => Some(true),
        _ => None,
    }
}
#[inline]
fn of(a: B, b: B) -> B {
    match (a, b) {
        (Some(true), _) | (_, Some(true)) => Some(true),
        (Some(false), Some(false)) => Some(false),
        _ => None,
    }
}
#[inline]
fn niet(a: B) -> B {
    a.map(|x| !x)
}
/// Een regel met `tenzij`: hij geldt als de voorwaarde geldt en de uitzondering niet.
#[inline]
fn tenzij(voorwaarde: B, uitzondering: B) -> B {
    en(voorwaarde, niet(uitzondering))
}
/// `uitsluitend ... als V tenzij U`: de eis is vervuld als V of U geldt.
#[inline]
fn eis_tenzij(voorwaarde: B, uitzondering: B) -> B {
    of(voorwaarde, uitzondering)
}

// ------------------------------------------------------------------ data en duren

fn plus_dagen(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    if n >= 0 {
        d.checked_add_days(Days::new(u64::try_from(n).ok()?))
    } else {
        d.checked_sub_days(Days::new(n.unsigned_abs()))
    }
}

fn plus_maanden(d: NaiveDate, n: i32) -> Option<NaiveDate> {
    // chrono houdt de dag vast en neemt de laatste dag van de maand als die dag er niet is:
    // 31 januari + 1 maand = 28 februari (docs/evaluatie.md).
    if n >= 0 {
        d.checked_add_months(Months::new(n.unsigned_abs()))
    } else {
        d.checked_sub_months(Months::new(n.unsigned_abs()))
    }
}

/// Een datum plus een duur: de maanden, dan de dagen.
fn na(d: NaiveDate, duur: Duur) -> Option<NaiveDate> {
    plus_dagen(plus_maanden(d, duur.maanden)?, i64::from(duur.dagen))
}

/// De laatste dag van een periode van `maanden` die op `begin` begint: de dag vóór de dag met
/// hetzelfde nummer zoveel maanden later, en de laatste dag van die maand als die dag er niet
/// is (docs/evaluatie.md, "Het einde van een termijn van maanden"): 31 mei + 6 maanden = 30
/// november, 30 november 2023 + 3 maanden = 29 februari 2024.
fn einde_periode(begin: NaiveDate, maanden: i32) -> Option<NaiveDate> {
    let eerste = begin.with_day(1)?;
    let maand = plus_maanden(eerste, maanden)?;
    let lengte = plus_maanden(maand, 1)?
        .signed_duration_since(maand)
        .num_days();
    let dag = i64::from(begin.day());
    if dag - 1 > lengte {
        // "31 februari" bestaat niet: de periode eindigt op de laatste dag van februari.
        plus_dagen(maand, lengte - 1)
    } else {
        plus_dagen(maand, dag - 2)
    }
}

/// Twee duren vergelijken: in één eenheid op hun aantal, maanden tegen dagen vanaf de
/// peildatum (docs/evaluatie.md, "Maanden tegen dagen"); zonder peildatum geen antwoord.
fn vergelijk(a: Duur, b: Duur, peildatum: Option<NaiveDate>) -> Option<Ordering> {
    if a.dagen == 0 && b.dagen == 0 {
        return Some(a.maanden.cmp(&b.maanden));
    }
    if a.maanden == 0 && b.maanden == 0 {
        return Some(a.dagen.cmp(&b.dagen));
    }
    let p = peildatum?;
    Some(na(p, a)?.cmp(&na(p, b)?))
}

fn ten_minste(a: Option<Duur>, b: Duur, peildatum: Option<NaiveDate>) -> B {
    Some(vergelijk(a?, b, peildatum)? != Ordering::Less)
}
fn meer_dan(a: Option<Duur>, b: Duur, peildatum: Option<NaiveDate>) -> B {
    Some(vergelijk(a?, b, peildatum)? == Ordering::Greater)
}

/// Hoeveel keer `periode` maanden sinds `begin` vol zijn op `tot` (artikel 10a, zesde lid, van
/// de wet: "telkens nadat gedurende zes maanden"); elk moment gerekend vanaf het begin.
fn volle_perioden(begin: NaiveDate, tot: NaiveDate, periode: i32) -> Option<i32> {
    let moment = |n: i32| plus_maanden(begin, n.checked_mul(periode)?);
    let maanden = (tot.year() - begin.year()) * 12 + tot.month() as i32 - begin.month() as i32;
    let mut n = (maanden / periode).max(0);
    while n > 0 && moment(n)? > tot {
        n -= 1;
    }
    while moment(n + 1)? <= tot {
        n += 1;
    }
    Some(n)
}

// ------------------------------------------------------------------ beslissen

/// De gronden van artikel 3 (op alle voorzieningen): één keer per casus bepaald.
#[derive(Debug, Clone, Copy)]
pub struct Artikel3 {
    weigeren: [B; 5],
    beeindigen: [B; 7],
}

impl Artikel3 {
    pub fn van(c: &Casus) -> Artikel3 {
        Artikel3 {
            // Artikel 3, eerste lid: "Het college kan een voorziening weigeren als:"
            weigeren: [
                niet(c.doelgroep),
                niet(c.medewerking),
                c.voorliggende_voorziening,
                niet(c.bijdrage_arbeidsinschakeling),
                niet(c.voldoet_aan_voorwaarden),
            ],
            // Tweede lid: "Het college kan een voorziening beëindigen als:"
            beeindigen: [
                c.verplichtingen_niet_nagekomen,
                niet(c.doelgroep),
                tenzij(c.arbeid_zonder_voorziening, c.artikel_7_lid_1_a_2),
                niet(c.bijdrage_snelle_arbeidsinschakeling),
                c.niet_meer_geschikt,
                c.niet_naar_behoren_gebruikt,
                c.voldoet_niet_meer_aan_voorwaarden,
            ],
        }
    }
}

/// De regels van één voorziening, in de volgorde van beslissen.
struct Regels<'a> {
    weigert: &'a [(Bepaling, B)],
    uitsluitend: &'a [(Bepaling, B)],
    kent_toe: &'a [(Bepaling, B)],
    kan_toekennen: &'a [(Bepaling, B)],
    /// Artikel 3 geldt (een voorziening; niet een besluit).
    artikel3: Option<&'a Artikel3>,
}

const WEIGEREN: [Bepaling; 5] = [b::A3_1_A, b::A3_1_B, b::A3_1_C, b::A3_1_D, b::A3_1_E];
const BEEINDIGEN: [Bepaling; 7] = [
    b::A3_2_A,
    b::A3_2_B,
    b::A3_2_C,
    b::A3_2_D,
    b::A3_2_E,
    b::A3_2_F,
    b::A3_2_G,
];

/// Beslis volgens docs/evaluatie.md: verplichte weigeringen en noodzakelijke voorwaarden eerst
/// (elke grond die weigert wordt genoemd), dan de plicht, dan de bevoegdheid; zonder grondslag
/// geweigerd. De waarden vult de aanroeper in.
fn beslis(r: Regels<'_>, out: &mut Uitslag) {
    let mut open = false;
    let mut gronden = Lijst::default();
    for &(bep, v) in r.weigert {
        match v {
            Some(true) => gronden.push(bep),
            None => open = true,
            Some(false) => {}
        }
    }
    for &(bep, v) in r.uitsluitend {
        match v {
            Some(false) => gronden.push(bep),
            None => open = true,
            Some(true) => {}
        }
    }
    if let Some((&eerste, rest)) = gronden.as_slice().split_first() {
        out.uitkomst = Uitkomst::Geweigerd;
        out.grond = Some(eerste);
        for &x in rest {
            out.andere_gronden.push(x);
        }
        return;
    }
    let mut toegekend = None;
    let mut toekenning_open = false;
    for (regels, soort) in [
        (r.kent_toe, Uitkomst::Plicht),
        (r.kan_toekennen, Uitkomst::Bevoegd),
    ] {
        for &(bep, v) in regels {
            match v {
                Some(true) if toegekend.is_none() => toegekend = Some((soort, bep)),
                None => toekenning_open = true,
                _ => {}
            }
        }
        if toegekend.is_some() {
            break;
        }
    }
    if let Some(a3) = r.artikel3 {
        for (&bep, &v) in WEIGEREN.iter().zip(&a3.weigeren) {
            match v {
                Some(true) => out.kan_weigeren.push(bep),
                None => out.kan_mogelijk_weigeren.push(bep),
                Some(false) => {}
            }
        }
        for (&bep, &v) in BEEINDIGEN.iter().zip(&a3.beeindigen) {
            match v {
                Some(true) => out.kan_beeindigen.push(bep),
                None => out.kan_mogelijk_beeindigen.push(bep),
                Some(false) => {}
            }
        }
    }
    match toegekend {
        Some((soort, bep)) if !open => {
            // Een plicht met een grond om te mogen weigeren is een bevoegdheid.
            out.uitkomst = if soort == Uitkomst::Plicht && out.kan_weigeren.n > 0 {
                Uitkomst::Bevoegd
            } else {
                soort
            };
            out.grond = Some(bep);
        }
        Some(_) => out.uitkomst = Uitkomst::Onbepaald,
        None if toekenning_open || open => out.uitkomst = Uitkomst::Onbepaald,
        None => {
            out.uitkomst = Uitkomst::Geweigerd;
            out.grond = r
                .kan_toekennen
                .first()
                .or(r.kent_toe.first())
                .map(|&(bep, _)| bep);
        }
    }
    if !matches!(out.uitkomst, Uitkomst::Plicht | Uitkomst::Bevoegd) {
        // Een grond die misschien geldt, doet er alleen toe naast een toekenning.
        out.kan_mogelijk_weigeren = Lijst::default();
        out.kan_mogelijk_beeindigen = Lijst::default();
    }
}

fn niet_van_toepassing(out: &mut Uitslag, artikel: Bepaling) {
    out.uitkomst = Uitkomst::NietVanToepassing;
    out.grond = Some(artikel);
}

/// Wat artikel 14c, tweede lid, eist van persoonlijke ondersteuning bij werk en de overige
/// voorzieningen (onder a tot en met d en g; e en f alleen voor hun eigen voorziening).
#[derive(Clone, Copy)]
struct Artikel14c {
    a: B,
    b: B,
    c: B,
    d: B,
    e: B,
    g: B,
    /// Artikel 14g, eerste lid (alleen persoonlijke ondersteuning bij werk).
    a14g: B,
}

impl Artikel14c {
    fn van(c: &Casus) -> Artikel14c {
        let p = c.peildatum;
        Artikel14c {
            // a: "de persoon behoort tot de doelgroep en is 18 jaar of ouder, tenzij de persoon
            // behoort tot de doelgroep en VSO/PRO-onderwijs heeft genoten".
            a: eis_tenzij(
                en(c.doelgroep, ten_minste(c.leeftijd, Duur::jaar(18), p)),
                en(c.doelgroep, c.vso_pro),
            ),
            b: c.ondersteuning_nodig,
            // c: een dienstbetrekking van ten minste 6 maanden en 12 uur per week
            // (Voorbeeldstad: art14c.lid2.c.maanden = 6 maanden, uren_per_week = 12).
            c: en(
                ten_minste(c.dienstbetrekking_duur, Duur::maanden(6), p),
                c.uren_per_week.map(|u| u >= Decimal::from(12)),
            ),
            d: niet(c.arbo_taak),
            e: niet(c.standaarduitrusting),
            // g: de kosten zijn proportioneel (Voorbeeldstad neemt "maatschappelijke" over).
            g: c.proportioneel,
            // 14g, eerste lid: aangevraagd binnen 8 weken na aanvang van het dienstverband
            // (art14g.lid1.weken = 8 weken), tenzij de noodzaak toen nog niet bekend kon zijn.
            a14g: eis_tenzij(
                match (
                    c.aanvraag_datum,
                    c.ingangsdatum.and_then(|d| plus_dagen(d, 56)),
                ) {
                    (Some(a), Some(u)) => Some(a <= u),
                    _ => None,
                },
                c.noodzaak_nog_niet_bekend,
            ),
        }
    }

    fn algemeen(&self) -> [(Bepaling, B); 5] {
        [
            (b::A14C_2_A, self.a),
            (b::A14C_2_B, self.b),
            (b::A14C_2_C, self.c),
            (b::A14C_2_D, self.d),
            (b::A14C_2_G, self.g),
        ]
    }

    fn bij_werk(&self) -> [(Bepaling, B); 6] {
        [
            (b::A14C_2_A, self.a),
            (b::A14C_2_B, self.b),
            (b::A14C_2_C, self.c),
            (b::A14C_2_D, self.d),
            (b::A14C_2_G, self.g),
            (b::A14G_1, self.a14g),
        ]
    }
}

/// Artikel 14g, eerste lid: de uiterste aanvraagdatum, 8 weken na de ingangsdatum.
fn aanvraag_uiterlijk(c: &Casus) -> Option<Waarde> {
    Some(Waarde::Datum(plus_dagen(c.ingangsdatum?, 56)?))
}

/// Artikel 14h, tweede lid (Voorbeeldstad: jaarpercentages 15%, 10%, 5%): het maximum aantal
/// uren jobcoaching per jaar, een percentage van de uren van de taken; niet afgerond.
fn maximum_uren(c: &Casus) -> Option<Waarde> {
    let jaar = c.jaar?.normalize();
    if jaar.scale() != 0 {
        return None;
    }
    let pct = match jaar.mantissa() {
        1 => 15,
        2 => 10,
        3 => 5,
        _ => return None,
    };
    Some(Waarde::Uren(
        c.uren_taken_per_jaar?.checked_mul(Decimal::new(pct, 2))?,
    ))
}

fn jobcoaching(c: &Casus, a3: &Artikel3, a14c: &Artikel14c, out: &mut Uitslag) {
    beslis(
        Regels {
            weigert: &[],
            uitsluitend: &a14c.bij_werk(),
            kent_toe: &[],
            // Artikel 14h, eerste lid.
            kan_toekennen: &[(b::A14H_1, en(c.doelgroep, c.arbeidsbeperking))],
            artikel3: Some(a3),
        },
        out,
    );
    out.waarden = [
        aanvraag_uiterlijk(c),
        maximum_uren(c),
        Some(Waarde::Duur(Duur::jaar(1))),
        Some(Waarde::Duur(Duur::jaar(3))),
        None,
    ];
}

/// Alleen jobcoaching (de meting van één voorziening). Nooit ingevoegd, zodat
/// benches/instructions.sh de instructies van een aanroep kan tellen.
#[inline(never)]
pub fn beoordeel_jobcoaching(c: &Casus, out: &mut Uitslag) {
    *out = Uitslag::default();
    let a3 = Artikel3::van(c);
    let a14c = Artikel14c::van(c);
    jobcoaching(c, &a3, &a14c, out);
}

/// Elke voorziening en elk besluit van Voorbeeldstad 2023, in de volgorde van [`VOORZIENINGEN`].
#[inline(never)]
pub fn beoordeel(c: &Casus, out: &mut [Uitslag; 24]) {
    *out = [Uitslag::default(); 24];
    let p = c.peildatum;
    let a3 = Artikel3::van(c);
    let a14c = Artikel14c::van(c);
    let geen_verdringing = niet(c.verdringing);
    let [werkstage, sociale_activering, detacheringsbaan, scholing, participatieplaats, premie, beschut_werk, leerwerktraject, persoonlijke_ondersteuning, lks_kwetsbaar, uitstroompremie, proefplaats, lks, ondersteuning_ab, jobcoaching_out, natura, subsidie, interne, vervoer, intermediair, meeneembaar, werkplekaanpassing, afwijking, overgangsrecht] =
        out;

    // Artikel 4: werkstage.
    beslis(
        Regels {
            weigert: &[],
            uitsluitend: &[(b::A4_3, geen_verdringing)],
            kent_toe: &[],
            kan_toekennen: &[(b::A4_1, en(c.doelgroep, c.langdurig_werkloos_of_nieuw))],
            artikel3: Some(&a3),
        },
        werkstage,
    );
    // Artikel 5: sociale activering.
    beslis(
        Regels {
            weigert: &[],
            uitsluitend: &[(b::A5_3, geen_verdringing)],
            kent_toe: &[],
            kan_toekennen: &[(b::A5_1, en(c.doelgroep, c.arbeid_mogelijk))],
            artikel3: Some(&a3),
        },
        sociale_activering,
    );
    // Artikel 6: detacheringsbaan.
    beslis(
        Regels {
            weigert: &[],
            uitsluitend: &[(b::A6_3, geen_verdringing)],
            kent_toe: &[],
            kan_toekennen: &[(b::A6_1, c.doelgroep)],
            artikel3: Some(&a3),
        },
        detacheringsbaan,
    );
    // Artikel 7: scholing; het derde lid is overgenomen ("niet van toepassing op personen als
    // bedoeld in artikel 7, derde lid, onderdeel a, van de wet").
    beslis(
        Regels {
            weigert: &[(b::A7_3, c.onderwijs_mogelijk)],
            uitsluitend: &[],
            kent_toe: &[],
            kan_toekennen: &[(b::A7_1, c.doelgroep)],
            artikel3: Some(&a3),
        },
        scholing,
    );
    // Artikel 8, eerste lid: "een persoon van 27 jaar of ouder met recht op algemene bijstand".
    beslis(
        Regels {
            weigert: &[],
            uitsluitend: &[],
            kent_toe: &[],
            kan_toekennen: &[(
                b::A8_1,
                en(
                    c.uitkering.map(|u| u == Uitkering::Bijstand),
                    ten_minste(c.leeftijd, Duur::jaar(27), p),
                ),
            )],
            artikel3: Some(&a3),
        },
        participatieplaats,
    );
    participatieplaats.waarden[0] = Some(Waarde::Duur(Duur::jaar(27)));

    // Artikel 8, derde lid: de premie, telkens na zes maanden op de participatieplaats, als
    // voldoende is meegewerkt; € 150 bij 16 uur per week of meer, anders € 100.
    let momenten = match (c.participatieplaats_aanvang, p) {
        (Some(a), Some(p)) => volle_perioden(a, p, 6),
        _ => None,
    };
    beslis(
        Regels {
            weigert: &[],
            uitsluitend: &[],
            kent_toe: &[(
                b::A8_3,
                en(
                    en(c.op_participatieplaats, momenten.map(|n| n >= 1)),
                    c.voldoende_meegewerkt,
                ),
            )],
            kan_toekennen: &[],
            artikel3: Some(&a3),
        },
        premie,
    );
    let premie_bedrag = c.participatieplaats_uren_per_week.map(|u| {
        if u >= Decimal::from(16) {
            Decimal::from(150)
        } else {
            Decimal::from(100)
        }
    });
    premie.waarden = [
        premie_bedrag.map(Waarde::Bedrag),
        Some(Waarde::Duur(Duur::maanden(6))),
        momenten.map(|n| Waarde::Getal(Decimal::from(n))),
        match (c.participatieplaats_aanvang, momenten) {
            (Some(a), Some(n)) => plus_maanden(a, (n + 1) * 6).map(Waarde::Datum),
            _ => None,
        },
        match (momenten, premie_bedrag) {
            (Some(n), Some(x)) => Decimal::from(n).checked_mul(x).map(Waarde::Bedrag),
            _ => None,
        },
    ];

    // Artikel 9, eerste lid: beschut werk (een plicht: "Het college verstrekt").
    beslis(
        Regels {
            weigert: &[],
            uitsluitend: &[],
            kent_toe: &[(b::A9_1, c.beschut_werk)],
            kan_toekennen: &[],
            artikel3: Some(&a3),
        },
        beschut_werk,
    );
    // Artikel 10 is niet overgenomen.
    niet_van_toepassing(leerwerktraject, b::A10);

    // Artikel 11: persoonlijke ondersteuning bij werk, met de eisen van 14c en 14g.
    beslis(
        Regels {
            weigert: &[],
            uitsluitend: &a14c.bij_werk(),
            kent_toe: &[],
            kan_toekennen: &[(b::A11_1, c.doelgroep)],
            artikel3: Some(&a3),
        },
        persoonlijke_ondersteuning,
    );

    // Artikel 13: loonkostensubsidie kwetsbare werknemers.
    let kwetsbaar = of(
        of(
            ten_minste(c.zonder_betrekking, Duur::maanden(6), p),
            niet(c.startkwalificatie),
        ),
        of(
            meer_dan(c.leeftijd, Duur::jaar(50), p),
            c.alleenstaande_ouder,
        ),
    );
    let uiterst_kwetsbaar = ten_minste(c.werkloos, Duur::maanden(24), p);
    beslis(
        Regels {
            weigert: &[(b::A13_6, of(c.andere_tegemoetkoming, c.ook_zonder_subsidie))],
            uitsluitend: &[(b::A13_5, geen_verdringing)],
            kent_toe: &[],
            kan_toekennen: &[(b::A13_1, of(kwetsbaar, uiterst_kwetsbaar))],
            artikel3: Some(&a3),
        },
        lks_kwetsbaar,
    );
    lks_kwetsbaar.waarden[0] = Some(Waarde::Percentage(Decimal::from(50)));
    lks_kwetsbaar.waarden[1] = uiterst_kwetsbaar.map(|u| {
        Waarde::Duur(if u {
            Duur::maanden(24)
        } else {
            Duur::maanden(12)
        })
    });

    // Artikel 14: uitstroompremie. Aanvragen vanaf 6 maanden en uiterlijk 18 maanden na de
    // indiensttreding; het bedrag is de helft van de vrijlating (€ 2.699 vanaf 1 januari
    // 2023, artikel 31, tweede lid, onder j, van de wet), naar beneden afgerond op € 1.
    let vanaf = c.ingangsdatum.and_then(|d| plus_maanden(d, 6));
    let uiterlijk = c.ingangsdatum.and_then(|d| plus_maanden(d, 18));
    let op_tijd = match (c.aanvraag_datum, vanaf, uiterlijk) {
        (Some(a), Some(v), Some(u)) => Some(a >= v && a <= u),
        _ => None,
    };
    beslis(
        Regels {
            weigert: &[],
            uitsluitend: &[(b::A14_4, op_tijd)],
            kent_toe: &[],
            kan_toekennen: &[(
                b::A14_1,
                en(
                    en(
                        ten_minste(c.duur_uitkering, Duur::maanden(12), p),
                        ten_minste(c.uitkeringsonafhankelijk, Duur::maanden(6), p),
                    ),
                    c.uitkering_beeindigd_door_arbeid,
                ),
            )],
            artikel3: Some(&a3),
        },
        uitstroompremie,
    );
    let vrijlating = p
        .filter(|&p| NaiveDate::from_ymd_opt(2023, 1, 1).is_some_and(|v| p >= v))
        .map(|_| Decimal::new(269_900, 2));
    uitstroompremie.waarden = [
        vrijlating.map(|v| Waarde::Bedrag((v / Decimal::from(2)).floor())),
        vanaf.map(Waarde::Datum),
        uiterlijk.map(Waarde::Datum),
        None,
        None,
    ];

    // Artikel 14a: proefplaats, twee maanden met verlenging tot ten hoogste vier maanden; de
    // dagen van ziekte tellen niet mee (vijfde lid), dus het einde schuift zoveel dagen op.
    // Het vierde lid weigert; "forfaitaire loonkostensubsidie" is niet overgenomen.
    beslis(
        Regels {
            weigert: &[(b::A14A_4, c.ook_zonder_proefplaats)],
            uitsluitend: &[
                (b::A14A_3_A, c.proefplaats_in_staat),
                (b::A14A_3_B, c.proefplaats_vergroot_kans),
                (b::A14A_3_C, geen_verdringing),
                (b::A14A_3_D, niet(c.eerder_onbeloond_bij_werkgever)),
                (b::A14A_3_E, c.intentieverklaring),
            ],
            kent_toe: &[],
            kan_toekennen: &[(
                b::A14A_1,
                en(
                    en(c.proefplaats_noodzakelijk, c.doelgroep),
                    c.uitkering.map(|u| u == Uitkering::Bijstand),
                ),
            )],
            artikel3: Some(&a3),
        },
        proefplaats,
    );
    let einde = |maanden: i32| -> Option<Waarde> {
        let eind = einde_periode(c.proefplaats_begindatum?, maanden)?;
        Some(Waarde::Datum(na(eind, c.ziekteverzuim?)?))
    };
    proefplaats.waarden = [
        Some(Waarde::Duur(Duur::maanden(2))),
        Some(Waarde::Duur(Duur::maanden(4))),
        einde(2),
        einde(6),
        None,
    ];

    // Artikel 14b, eerste lid: loonkostensubsidie (een plicht); de loonwaarde uiterlijk 8
    // weken na de aanvraag (vierde lid).
    beslis(
        Regels {
            weigert: &[],
            uitsluitend: &[],
            kent_toe: &[(b::A14B_1, en(c.doelgroep_lks, c.voornemen_dienstbetrekking))],
            kan_toekennen: &[],
            artikel3: Some(&a3),
        },
        lks,
    );
    lks.waarden[0] = c
        .aanvraag_datum
        .and_then(|d| plus_dagen(d, 56))
        .map(Waarde::Datum);

    // Artikel 14c, eerste lid; het onderzoek uiterlijk 4 weken na de aanvraag (14d, derde lid).
    beslis(
        Regels {
            weigert: &[],
            uitsluitend: &a14c.algemeen(),
            kent_toe: &[],
            kan_toekennen: &[(b::A14C_1, c.arbeidsbeperking)],
            artikel3: Some(&a3),
        },
        ondersteuning_ab,
    );
    ondersteuning_ab.waarden[0] = c
        .aanvraag_datum
        .and_then(|d| plus_dagen(d, 28))
        .map(Waarde::Datum);

    // Artikel 14h: jobcoaching.
    jobcoaching(c, &a3, &a14c, jobcoaching_out);

    // Artikel 14i: jobcoaching in natura.
    beslis(
        Regels {
            weigert: &[],
            uitsluitend: &a14c.bij_werk(),
            kent_toe: &[],
            kan_toekennen: &[(b::A14I_1, en(c.doelgroep, c.arbeidsbeperking))],
            artikel3: Some(&a3),
        },
        natura,
    );
    natura.waarden[0] = aanvraag_uiterlijk(c);

    // Artikel 14j: subsidie voor het organiseren van jobcoaching.
    let [a, b_, c_, d, g, g14] = a14c.bij_werk();
    beslis(
        Regels {
            weigert: &[],
            uitsluitend: &[
                a,
                b_,
                c_,
                d,
                g,
                g14,
                (b::A14J_2_A, c.coachingsplan),
                (b::A14J_2_B, c.jobcoaching_passend),
                (b::A14J_2_C, c.continuiteit_geborgd),
                (b::A14J_2_D, c.schriftelijk_ingestemd),
            ],
            kent_toe: &[],
            kan_toekennen: &[(b::A14J_1, c.doelgroep)],
            artikel3: Some(&a3),
        },
        subsidie,
    );
    subsidie.waarden[0] = aanvraag_uiterlijk(c);

    // Artikel 14k: interne werkbegeleiding.
    beslis(
        Regels {
            weigert: &[],
            uitsluitend: &a14c.bij_werk(),
            kent_toe: &[],
            kan_toekennen: &[(b::A14K_1, en(c.doelgroep, c.bovengebruikelijke_begeleiding))],
            artikel3: Some(&a3),
        },
        interne,
    );
    interne.waarden[0] = aanvraag_uiterlijk(c);

    // Artikel 14l: vervoersvoorziening; een plicht bij woon-werkverkeer (tweede lid); de
    // vergoeding is de werkdagen maal het tarief, min wat de werkgever vergoedt, niet negatief.
    beslis(
        Regels {
            weigert: &[],
            uitsluitend: &a14c.algemeen(),
            kent_toe: &[(b::A14L_2, en(c.niet_zelfstandig_reizen, c.woon_werk))],
            kan_toekennen: &[(b::A14L_1, c.niet_zelfstandig_reizen)],
            artikel3: Some(&a3),
        },
        vervoer,
    );
    vervoer.waarden[0] = (|| {
        let kosten = c.werkdagen?.checked_mul(c.tarief_per_dag?)?;
        let x = kosten.checked_sub(c.vergoeding_werkgever?)?;
        Some(Waarde::Bedrag(x.max(Decimal::ZERO)))
    })();

    // Artikel 14m: intermediaire activiteit.
    beslis(
        Regels {
            weigert: &[],
            uitsluitend: &a14c.algemeen(),
            kent_toe: &[],
            kan_toekennen: &[(b::A14M_1, c.visuele_of_motorische_handicap)],
            artikel3: Some(&a3),
        },
        intermediair,
    );
    // Artikel 14n: meeneembare voorziening, met 14c, tweede lid, onder e.
    let [a, b_, c_, d, g] = a14c.algemeen();
    beslis(
        Regels {
            weigert: &[],
            uitsluitend: &[a, b_, c_, d, (b::A14C_2_E, a14c.e), g],
            kent_toe: &[],
            kan_toekennen: &[(b::A14N_1, c.meeneembaar_nodig)],
            artikel3: Some(&a3),
        },
        meeneembaar,
    );
    // Artikel 14o is niet overgenomen.
    niet_van_toepassing(werkplekaanpassing, b::A14O);

    // Artikel 14h, derde lid: afwijken van het maximum bij onbillijkheid van overwegende
    // aard; een besluit, geen voorziening, dus zonder artikel 3.
    beslis(
        Regels {
            weigert: &[],
            uitsluitend: &[],
            kent_toe: &[],
            kan_toekennen: &[(b::A14H_3, c.onbillijkheid)],
            artikel3: None,
        },
        afwijking,
    );

    // Artikel 15, derde lid: overgangsrecht; voortgezet tot en met 30 juni 2024 (twaalf
    // maanden vanaf de inwerkingtreding op 1 juli 2023), of tot de einddatum als die eerder is.
    beslis(
        Regels {
            weigert: &[],
            uitsluitend: &[],
            kent_toe: &[(b::A15_3, en(c.oude_toegekend, c.oude_voorwaarden_vervuld))],
            kan_toekennen: &[],
            artikel3: Some(&a3),
        },
        overgangsrecht,
    );
    overgangsrecht.waarden[0] = c.oude_einddatum.and_then(|e| {
        let eind = einde_periode(NaiveDate::from_ymd_opt(2023, 7, 1)?, 12)?;
        Some(Waarde::Datum(e.min(eind)))
    });
}
