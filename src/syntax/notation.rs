//! Dutch notation shared by the parser, the checker, the evaluator and the renderers: the
//! names of the months, the ordinals that number leden ("het derde lid") and the words a
//! citation uses for a lid. Data, no logic: it sits with the syntax so that every layer
//! above can read it.

/// Dutch ordinals, for "het derde lid".
pub const ORDINALS: &[&str] = &[
    "eerste",
    "tweede",
    "derde",
    "vierde",
    "vijfde",
    "zesde",
    "zevende",
    "achtste",
    "negende",
    "tiende",
    "elfde",
    "twaalfde",
    "dertiende",
    "veertiende",
    "vijftiende",
    "zestiende",
    "zeventiende",
    "achttiende",
    "negentiende",
    "twintigste",
];

pub const MONTHS: &[&str] = &[
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

/// "derde lid" for lid 3; "lid 21" past the ordinals the tables know.
pub fn lid_words(nr: &str) -> String {
    match nr
        .parse::<usize>()
        .ok()
        .and_then(|n| n.checked_sub(1))
        .and_then(|i| ORDINALS.get(i))
    {
        Some(w) => format!("{w} lid"),
        None => format!("lid {nr}"),
    }
}
