//! The stable diagnostic codes. Each has a page `docs/diagnostics/<name>.md` (a test
//! checks that), and the name is the SARIF rule id and the suppression name.

use super::Level;
use serde::Serialize;

macro_rules! codes {
    ($( $variant:ident => $name:literal, $level:ident, $title:literal; )*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        pub enum Code { $( $variant ),* }

        impl Code {
            pub const ALL: &'static [Code] = &[ $( Code::$variant ),* ];

            /// The stable name, e.g. `vo::syntaxis`.
            pub fn as_str(self) -> &'static str {
                match self { $( Code::$variant => concat!("vo::", $name) ),* }
            }

            /// The name without prefix: the page under docs/diagnostics/.
            pub fn slug(self) -> &'static str {
                match self { $( Code::$variant => $name ),* }
            }

            pub fn default_level(self) -> Level {
                match self { $( Code::$variant => Level::$level ),* }
            }

            /// A one-line Dutch title for documentation and SARIF.
            pub fn title(self) -> &'static str {
                match self { $( Code::$variant => $title ),* }
            }
        }
    };
}

codes! {
    Syntaxis => "syntaxis", Error, "de tekst volgt de taal niet";
    Bestand => "bestand", Error, "een bestand kan niet worden gelezen";
    Kop => "kop", Error, "de kop van het bestand is onjuist";
    Verwijzing => "verwijzing", Error, "een verwijzing klopt niet: naar een ander bestand (fout), of in de tekst naar een artikel of lid dat niet bestaat (waarschuwing)";
    OnbekendeNaam => "onbekende-naam", Error, "een naam is nergens gedeclareerd";
    DubbeleNaam => "dubbele-naam", Error, "een naam of nummer is twee keer gedeclareerd";
    OnbekendArtikel => "onbekend-artikel", Error, "een invulling noemt een artikel dat niet bestaat of is vervallen";
    Soort => "soort", Error, "soorten of eenheden passen niet bij elkaar";
    Waarde => "waarde", Error, "een waarde is ongeldig";
    Kringverwijzing => "kringverwijzing", Error, "een definitie verwijst (via andere) naar zichzelf";
    Regel => "regel", Error, "een regel is onvolledig of op de verkeerde plaats";
    OnbekendeInvulplek => "onbekende-invulplek", Error, "het model heeft geen invulplek met deze naam";
    OntbrekendeInvulling => "ontbrekende-invulling", Error, "een verplichte invulplek is niet ingevuld";
    OngeldigeKeuze => "ongeldige-keuze", Error, "een keuze noemt een optie die het model niet kent";
    OntbrekendeKeuze => "ontbrekende-keuze", Error, "een keuze uit het model is niet gemaakt";
    NietOvergenomen => "niet-overgenomen", Error, "een invulling hoort bij een deel dat niet is overgenomen";
    OntbrekendeOverneming => "ontbrekende-overneming", Error, "van een facultatief deel is niet gezegd of het wordt overgenomen";
    DubbeleInvulling => "dubbele-invulling", Error, "een invulplek is twee keer ingevuld";
    WettelijkeGrens => "wettelijke-grens", Error, "een waarde ligt buiten een grens die de wet stelt";
    WettelijkGevolg => "wettelijk-gevolg", Warning, "een waarde gaat voorbij een bedrag waaraan de wet een gevolg verbindt (geen grens)";
    ModelGrens => "model-grens", Error, "een waarde ligt buiten een grens die het model stelt";
    Verordeningsplicht => "verordeningsplicht", Error, "een onderwerp dat de wet verplicht te regelen ontbreekt";
    Samenhang => "samenhang", Error, "keuzes in het model zijn onderling niet in overeenstemming";
    Samenhangadvies => "samenhang-advies", Warning, "keuzes zijn mogelijk niet in overeenstemming (afgeleid)";
    EigenTekst => "eigen-tekst", Warning, "een artikel van het model is vervangen door eigen tekst zonder regels: de regels van het model gelden daar niet";
    Dekking => "dekking", Warning, "normatieve tekst zonder regel en zonder reden";
    Casus => "casus", Error, "een casusbestand is onjuist";
    Import => "import", Error, "een publicatie (CVDR-XML of platte tekst) kan niet worden ingelezen, of een deel ervan is niet geplaatst";
    Afronding => "afronding", Warning, "een bedrag kan op minder dan een cent uitkomen en de regeling zegt niet hoe het wordt afgerond";
    Wijziging => "wijziging", Error, "een onderdeel van een wijzigingsbesluit kan niet worden toegepast";
    Lijst => "lijst", Error, "een lijst of een gekozen vermelding wordt gebruikt waar dat niet kan";
    Volgorde => "volgorde", Error, "de volgorde waarin `kies` een vermelding kiest, is onjuist";
}
