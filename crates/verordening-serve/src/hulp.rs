//! The pages of docs/diagnostics/, embedded, for the workbench's links from a diagnostic
//! to its explanation (`/bewerken/hulp/{code}`): the server loads nothing from elsewhere.

/// The page of a code (its name without `vo::`).
pub fn page(slug: &str) -> Option<&'static str> {
    Some(match slug {
        "syntaxis" => include_str!("../../../docs/diagnostics/syntaxis.md"),
        "bestand" => include_str!("../../../docs/diagnostics/bestand.md"),
        "kop" => include_str!("../../../docs/diagnostics/kop.md"),
        "verwijzing" => include_str!("../../../docs/diagnostics/verwijzing.md"),
        "onbekende-naam" => include_str!("../../../docs/diagnostics/onbekende-naam.md"),
        "dubbele-naam" => include_str!("../../../docs/diagnostics/dubbele-naam.md"),
        "onbekend-artikel" => include_str!("../../../docs/diagnostics/onbekend-artikel.md"),
        "soort" => include_str!("../../../docs/diagnostics/soort.md"),
        "waarde" => include_str!("../../../docs/diagnostics/waarde.md"),
        "kringverwijzing" => include_str!("../../../docs/diagnostics/kringverwijzing.md"),
        "regel" => include_str!("../../../docs/diagnostics/regel.md"),
        "onbekende-invulplek" => include_str!("../../../docs/diagnostics/onbekende-invulplek.md"),
        "ontbrekende-invulling" => {
            include_str!("../../../docs/diagnostics/ontbrekende-invulling.md")
        }
        "ongeldige-keuze" => include_str!("../../../docs/diagnostics/ongeldige-keuze.md"),
        "ontbrekende-keuze" => include_str!("../../../docs/diagnostics/ontbrekende-keuze.md"),
        "niet-overgenomen" => include_str!("../../../docs/diagnostics/niet-overgenomen.md"),
        "ontbrekende-overneming" => {
            include_str!("../../../docs/diagnostics/ontbrekende-overneming.md")
        }
        "dubbele-invulling" => include_str!("../../../docs/diagnostics/dubbele-invulling.md"),
        "wettelijke-grens" => include_str!("../../../docs/diagnostics/wettelijke-grens.md"),
        "wettelijk-gevolg" => include_str!("../../../docs/diagnostics/wettelijk-gevolg.md"),
        "model-grens" => include_str!("../../../docs/diagnostics/model-grens.md"),
        "verordeningsplicht" => include_str!("../../../docs/diagnostics/verordeningsplicht.md"),
        "samenhang" => include_str!("../../../docs/diagnostics/samenhang.md"),
        "samenhang-advies" => include_str!("../../../docs/diagnostics/samenhang-advies.md"),
        "eigen-tekst" => include_str!("../../../docs/diagnostics/eigen-tekst.md"),
        "dekking" => include_str!("../../../docs/diagnostics/dekking.md"),
        "casus" => include_str!("../../../docs/diagnostics/casus.md"),
        "afronding" => include_str!("../../../docs/diagnostics/afronding.md"),
        "import" => include_str!("../../../docs/diagnostics/import.md"),
        "wijziging" => include_str!("../../../docs/diagnostics/wijziging.md"),
        "lijst" => include_str!("../../../docs/diagnostics/lijst.md"),
        "volgorde" => include_str!("../../../docs/diagnostics/volgorde.md"),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_code_has_its_page_embedded() {
        for c in verordening_core::diagnostics::Code::ALL {
            assert!(super::page(c.slug()).is_some(), "{}", c.slug());
        }
    }
}
