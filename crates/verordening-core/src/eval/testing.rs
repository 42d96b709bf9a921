//! Test files next to an ordinance (`*.test.yaml`, `.test.json`, `.test.toml`): cases with
//! expected outcomes, values, grounds, missing inputs and cited clauses.

use super::case::{literal_as, read_document, CaseReader, Format, Places};
use super::load::{LoadError, Versions};
use super::lower::Lowered;
use super::program::*;
use super::run::{to_val, Evaluator};
use crate::diagnostics::FileId;
use crate::diagnostics::{render_human, Diagnostic};
use crate::project::Project;
use crate::syntax::{parse_date, parse_literal};
use chrono::NaiveDate;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

#[derive(Debug)]
pub struct CaseResult {
    pub name: String,
    /// Differences between expected and actual, one line each; empty when the case passes.
    pub failures: Vec<String>,
    /// The provisions the case's outcomes cite (coverage, `test --dekking`).
    pub reached: Vec<String>,
    /// The case could not be read or evaluated (an unknown fact, no version in force, an
    /// ordinance with errors): the report `eval` would give. Not a failure but no verdict.
    pub error: Option<String>,
}

#[derive(Debug)]
pub struct FileResult {
    pub path: PathBuf,
    pub cases: Vec<CaseResult>,
    /// The file could not be run at all (its ordinance has errors, it does not parse, ...).
    pub error: Option<String>,
    /// The provisions with a rule in the ordinance versions the cases ran on (coverage).
    pub with_rules: Vec<String>,
}

/// All test files under the given paths.
pub fn find_test_files(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            walk(p, &mut out, 0);
        } else {
            out.push(p.clone());
        }
    }
    out.sort();
    out
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>, depth: usize) {
    if depth > 32 {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for e in entries {
        let name = e
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_string();
        if name.starts_with('.') {
            continue;
        }
        if e.is_dir() {
            walk(&e, out, depth + 1);
        } else if [".test.yaml", ".test.yml", ".test.json", ".test.toml"]
            .iter()
            .any(|s| name.ends_with(s))
        {
            out.push(e);
        }
    }
}

fn text_of(v: Option<&Value>) -> Option<String> {
    v.and_then(|v| match v {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        other => Some(other.to_string()),
    })
}

pub fn run_file(path: &Path) -> FileResult {
    let mut result = FileResult {
        path: path.to_path_buf(),
        cases: Vec::new(),
        error: None,
        with_rules: Vec::new(),
    };
    let fail = |mut r: FileResult, m: String| {
        r.error = Some(m);
        r
    };
    let text = match super::casefile::read_file(path) {
        Ok(t) => t,
        Err(reason) => return fail(result, format!("kan niet worden gelezen: {reason}")),
    };
    let Some(format) = Format::of(path) else {
        return fail(result, "onbekend bestandsformaat".into());
    };
    let document = match read_document(&text, format) {
        Ok(d) => d,
        Err(e) => {
            return fail(
                result,
                format!("geen geldig testbestand: {}", e.one_line(&text)),
            )
        }
    };
    let tree = &document.root;
    let Some(regeling) = tree.get("regeling").and_then(|v| v.as_str()) else {
        return fail(
            result,
            "`regeling:` ontbreekt (het pad naar de regeling, ten opzichte van dit bestand)".into(),
        );
    };
    let ordinance = path.parent().unwrap_or(Path::new(".")).join(regeling);
    let Some(cases) = tree.get("casussen").and_then(|v| v.as_array()) else {
        return fail(result, "`casussen:` ontbreekt".into());
    };
    let mut regeling = Regeling::open(&ordinance, path, &text);
    for (n, case) in cases.iter().enumerate() {
        let Some(obj) = case.as_object() else {
            continue;
        };
        let name = text_of(obj.get("naam")).unwrap_or_else(|| format!("casus {}", n + 1));
        let place = (&document.places, format!("/casussen/{n}"));
        let mut reached = Vec::new();
        let (failures, error) = match run_case(&mut regeling, obj, &text, place, &mut reached) {
            Ok(f) => (f, None),
            Err(e) => (Vec::new(), Some(e)),
        };
        result.cases.push(CaseResult {
            name,
            failures,
            reached,
            error,
        });
    }
    let mut with_rules = std::collections::BTreeSet::new();
    for l in regeling.lowered.values().flatten() {
        with_rules.extend(provisions_with_rules(&l.program));
    }
    result.with_rules = with_rules.into_iter().collect();
    result
}

/// The citations of every rule and value of the voorzieningen an ordinance adopts.
fn provisions_with_rules(p: &crate::eval::program::Program) -> Vec<String> {
    let mut out = Vec::new();
    for vz in p.voorzieningen.iter().filter(|v| v.not_adopted.is_none()) {
        let clauses = vz
            .weigert
            .iter()
            .chain(&vz.uitsluitend)
            .chain(&vz.kent_toe)
            .chain(&vz.kan_toekennen)
            .chain(&vz.kan_weigeren)
            .chain(&vz.kan_beeindigen)
            .map(|c| c.cite)
            .chain(vz.values.iter().map(|v| v.cite));
        out.extend(clauses.filter_map(|c| p.cite(c).map(|c| c.text.clone())));
    }
    out
}

/// The ordinance a test file runs against: its versions read once, each version checked and
/// lowered the first time a case needs it (not once per case).
struct Regeling {
    /// The versions, with the test file among the sources (for diagnostics on a case); or why
    /// they cannot be read.
    versions: Result<(Versions, FileId), String>,
    lowered: HashMap<usize, Result<Lowered, String>>,
}

impl Regeling {
    fn open(ordinance: &Path, test_file: &Path, text: &str) -> Self {
        let versions = match Versions::open(ordinance) {
            Ok(mut v) => {
                let file = v.project.sources.add(test_file, text);
                Ok((v, file))
            }
            Err(e) => Err(load_failure(e)),
        };
        Regeling {
            versions,
            lowered: HashMap::new(),
        }
    }

    /// The version that governs a case with this peildatum and aanvraagdatum
    /// ([`Versions::kies`]), lowered.
    fn version(
        &mut self,
        date: Option<NaiveDate>,
        aanvraag: Option<NaiveDate>,
    ) -> Result<(&Lowered, &Project, FileId), String> {
        let (versions, file) = self.versions.as_mut().map_err(|m| m.clone())?;
        let index = versions.kies(date, aanvraag).map_err(load_failure)?.index;
        let lowered = self.lowered.entry(index).or_insert_with(|| {
            match versions.lower(index) {
                Ok(l) => Ok(l),
                Err(LoadError::Invalid(project, diags)) => {
                    let message = invalid(&project, &diags);
                    // Lowering hands the project over with its diagnostics: take it back, so
                    // that cases on another version can still run.
                    versions.project = *project;
                    Err(message)
                }
                Err(e) => Err(load_failure(e)),
            }
        });
        match lowered {
            Ok(l) => Ok((l, &versions.project, *file)),
            Err(m) => Err(m.clone()),
        }
    }
}

fn invalid(project: &Project, diags: &[Diagnostic]) -> String {
    format!("de regeling bevat fouten:\n{}", render(project, diags))
}

fn load_failure(e: LoadError) -> String {
    match e {
        LoadError::Invalid(p, d) => invalid(&p, &d),
        LoadError::Io(m) | LoadError::NoVersion(m) => m,
    }
}

fn render(project: &crate::project::Project, diags: &[Diagnostic]) -> String {
    render_human(&project.sources, diags, false, 100)
}

/// The differences between expected and actual; `Err` when the case cannot be read or
/// evaluated.
fn run_case(
    regeling: &mut Regeling,
    obj: &Map<String, Value>,
    text: &str,
    (places, base): (&Places, String),
    reached: &mut Vec<String>,
) -> Result<Vec<String>, String> {
    let date = obj
        .get("peildatum")
        .and_then(|v| v.as_str())
        .and_then(parse_date);
    let aanvraag = crate::eval::case::aanvraagdatum(obj);
    let (lowered, project, file) = regeling.version(date, aanvraag)?;
    let program = &lowered.program;
    let mut reader = CaseReader::new(program, file, text).at(places, base);
    let read = reader.read(
        obj,
        &["naam", "bron", "interpretatie", "toelichting", "verwacht"],
    );
    let Some((case, _)) = read else {
        let d = std::mem::take(&mut reader.diags);
        return Err(format!("de casus is onjuist:\n{}", render(project, &d)));
    };
    let ev = Evaluator::new(program);
    let mut failures = Vec::new();
    let Some(expected) = obj.get("verwacht").and_then(|v| v.as_object()) else {
        return Err("`verwacht:` ontbreekt".into());
    };
    for (vz_name, exp) in expected {
        let Some(i) = program
            .voorzieningen
            .iter()
            .position(|v| &v.name == vz_name)
        else {
            failures.push(format!("{vz_name}: de regeling kent deze voorziening niet"));
            continue;
        };
        let Some(out) = ev.voorziening(&case, i) else {
            continue;
        };
        let Some(vz) = program.voorzieningen.get(i) else {
            continue;
        };
        let cite = |c: CiteId| program.cite(c).map(|c| c.text.clone()).unwrap_or_default();
        reached.extend(
            out.chain(program)
                .into_iter()
                .chain(out.ground)
                .chain(out.may_refuse.iter().copied())
                .chain(out.may_end.iter().copied())
                .map(cite),
        );
        if let Some(want) = text_of(exp.get("uitkomst")) {
            if want != out.uitkomst.as_str() {
                let why = match (out.uitkomst, out.ground) {
                    (_, Some(g)) => format!(" ({})", cite(g)),
                    _ => String::new(),
                };
                let missing: Vec<String> = out
                    .missing
                    .iter()
                    .filter_map(|m| program.inputs.get(m as usize))
                    .map(|i| i.name.clone())
                    .collect();
                let missing = if missing.is_empty() {
                    String::new()
                } else {
                    format!(", ontbreekt: {}", missing.join(", "))
                };
                failures.push(format!(
                    "{vz_name}: uitkomst verwacht `{want}`, kreeg `{}`{why}{missing}",
                    out.uitkomst.as_str()
                ));
            }
        }
        if let Some(want) = text_of(exp.get("grond")) {
            let got = out.ground.map(cite).unwrap_or_default();
            if got != want {
                failures.push(format!("{vz_name}: grond verwacht `{want}`, kreeg `{got}`"));
            }
        }
        // `gronden`: every clause that refuses, the ground first (a refusal on two leden).
        if let Some(want) = exp.get("gronden").and_then(|v| v.as_array()) {
            let want: Vec<String> = want
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect();
            let got: Vec<String> = out
                .ground
                .iter()
                .chain(&out.other_grounds)
                .map(|c| cite(*c))
                .collect();
            if want != got {
                failures.push(format!(
                    "{vz_name}: gronden verwacht {want:?}, kreeg {got:?}"
                ));
            }
        }
        if let Some(want) = exp.get("ontbreekt").and_then(|v| v.as_array()) {
            let mut want: Vec<String> = want
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect();
            let mut got: Vec<String> = out
                .missing
                .iter()
                .filter_map(|m| program.inputs.get(m as usize))
                .map(|i| i.name.clone())
                .collect();
            want.sort();
            got.sort();
            if want != got {
                failures.push(format!(
                    "{vz_name}: ontbreekt verwacht {want:?}, kreeg {got:?}"
                ));
            }
        }
        if let Some(want) = exp.get("waarden").and_then(|v| v.as_object()) {
            for (prop, wv) in want {
                let Some(k) = vz.values.iter().position(|r| &r.name == prop) else {
                    failures.push(format!(
                        "{vz_name}.{prop}: de regeling berekent deze waarde niet"
                    ));
                    continue;
                };
                let got = out.values.iter().find(|(j, _)| *j == k).map(|(_, r)| *r);
                let want_text = text_of(Some(wv)).unwrap_or_default();
                // `onbekend`: the rules give no value for this case (a table without the row).
                if want_text == "onbekend" {
                    if let (Some(r @ R::K(_)), Some(rule)) = (got, vz.values.get(k)) {
                        failures.push(format!(
                            "{vz_name}.{prop}: verwacht onbekend, kreeg {}",
                            super::report::value_text(program, &out, rule, &r).unwrap_or_default()
                        ));
                    }
                    continue;
                }
                let got_v = match got {
                    Some(R::K(v)) => v,
                    _ => {
                        failures.push(format!(
                            "{vz_name}.{prop}: verwacht {want_text}, kreeg: onbekend"
                        ));
                        continue;
                    }
                };
                if !value_matches(program, &out, got_v, &want_text) {
                    let got_text = vz
                        .values
                        .get(k)
                        .and_then(|rule| {
                            super::report::value_text(program, &out, rule, &R::K(got_v))
                        })
                        .unwrap_or_else(|| to_val(got_v, program).to_string());
                    failures.push(format!(
                        "{vz_name}.{prop}: verwacht {want_text}, kreeg {got_text}"
                    ));
                }
            }
        }
        // Discretionary grounds that hold: exactly these clauses (an empty list asserts that
        // none holds, e.g. no refusal on account of a budget ceiling that was never set).
        for (key, got) in [
            ("kan_weigeren", &out.may_refuse),
            ("kan_beeindigen", &out.may_end),
        ] {
            let Some(want) = exp.get(key).and_then(|v| v.as_array()) else {
                continue;
            };
            let mut want: Vec<String> = want
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect();
            let mut got: Vec<String> = got.iter().map(|c| cite(*c)).collect();
            want.sort();
            got.sort();
            if want != got {
                failures.push(format!("{vz_name}: {key} verwacht {want:?}, kreeg {got:?}"));
            }
        }
        // `gekozen`: per choice from a list (by the definition's name) the entry chosen, by its
        // place in the list (from 1), or `geen`, `onbekend`, or the places tied (`[1, 3]`).
        if let Some(want) = exp.get("gekozen").and_then(|v| v.as_object()) {
            for (name, wv) in want {
                let got = out.gekozen.iter().find(|k| {
                    program
                        .selecties
                        .get(k.selectie as usize)
                        .is_some_and(|s| &s.name == name)
                });
                let Some(k) = got else {
                    failures.push(format!(
                        "{vz_name}: de regels van deze voorziening kiezen niet met `{name}`"
                    ));
                    continue;
                };
                let got_text = super::report::keuze_tekst(k);
                let want_text = match wv {
                    Value::Array(places) => format!(
                        "gelijk {}",
                        places
                            .iter()
                            .map(|p| text_of(Some(p)).unwrap_or_default())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    other => text_of(Some(other)).unwrap_or_default(),
                };
                if got_text != want_text {
                    failures.push(format!(
                        "{vz_name}: gekozen {name} verwacht {want_text}, kreeg {got_text}"
                    ));
                }
            }
        }
        if let Some(want) = exp.get("citeert").and_then(|v| v.as_array()) {
            let chain: Vec<String> = out
                .chain(program)
                .iter()
                .chain(out.ground.iter())
                .map(|c| cite(*c))
                .collect();
            for w in want.iter().filter_map(|v| v.as_str()) {
                if !chain.iter().any(|c| c == w) {
                    failures.push(format!(
                        "{vz_name}: uitleg noemt `{w}` niet (wel: {})",
                        chain.join("; ")
                    ));
                }
            }
        }
    }
    Ok(failures)
}

/// A compound duration as a text writes it: "6 maanden en 10 dagen", "1 jaar, 2 maanden en
/// 3 dagen". `None` unless every part is a duration.
fn compound_duration(want: &str) -> Option<crate::value::Duration> {
    let parts: Vec<&str> = want
        .split(" en ")
        .flat_map(|p| p.split(", "))
        .map(str::trim)
        .collect();
    if parts.len() < 2 {
        return None;
    }
    let mut total = crate::value::Duration::default();
    for part in parts {
        let Some(Ok(lit)) = parse_literal(part) else {
            return None;
        };
        let Some(V::Duur(d)) = literal_as(&InputType::Duur, &lit) else {
            return None;
        };
        total = total.checked_add(d)?;
    }
    Some(total)
}

/// Whether a computed value equals an expected value written in the language's notation.
fn value_matches(p: &Program, o: &super::run::Outcome, got: V, want: &str) -> bool {
    if let (V::Duur(g), Some(w)) = (got, compound_duration(want)) {
        // Part by part (months with months, days with days; a week is 7 days), not through a
        // reference date: "6 maanden en 10 dagen" equals "6 maanden, 1 week en 3 dagen".
        return w.months == g.months && w.days == g.days && w.workdays == g.workdays;
    }
    match parse_literal(want) {
        Some(Ok(lit)) => {
            let ty = match got {
                V::Getal(_) => InputType::Getal,
                V::Bedrag(_) => InputType::Bedrag,
                V::Percentage(_) => InputType::Percentage,
                V::Uren(_) => InputType::Uren,
                V::Duur(d) if d.workdays != 0 => InputType::Werkdagen,
                V::Duur(_) => InputType::Duur,
                V::Datum(_) => InputType::Datum,
                V::JaNee(_) => InputType::JaNee,
                V::Sym(_) => InputType::Tekst,
            };
            match (literal_as(&ty, &lit), got) {
                // Unit by unit, as above: an expected "1 maand" is not "30 dagen", whatever
                // the month.
                (Some(V::Duur(a)), V::Duur(b)) => {
                    a.months == b.months && a.days == b.days && a.workdays == b.workdays
                }
                (Some(w), g) => w == g,
                (None, _) => false,
            }
        }
        Some(Err(name)) => matches!(got, V::Sym(s) if o.text(p, s) == name),
        None => matches!(got, V::Sym(s) if o.text(p, s) == want),
    }
}

impl FileResult {
    /// Coverage (`verordening test --dekking`): the leden with a rule, split into those the
    /// cases reached and those they did not, each in the order of the text ("artikel 3"
    /// before "artikel 11", "tweede lid" before "derde lid").
    pub fn dekking(&self) -> (Vec<String>, Vec<String>) {
        use std::collections::BTreeSet;
        let with: BTreeSet<String> = self.with_rules.iter().map(|c| lid_of(c)).collect();
        let reached: BTreeSet<String> = self
            .cases
            .iter()
            .flat_map(|c| c.reached.iter().map(|x| lid_of(x)))
            .filter(|l| with.contains(l))
            .collect();
        let mut missed: Vec<String> = with.difference(&reached).cloned().collect();
        let mut reached: Vec<String> = reached.into_iter().collect();
        missed.sort_by_key(|c| natural(c));
        reached.sort_by_key(|c| natural(c));
        (reached, missed)
    }
}

/// The lid (or article) a citation stands in: "artikel 3, tweede lid, onder e" → "artikel 3,
/// tweede lid".
fn lid_of(citation: &str) -> String {
    match citation.find(", onder ") {
        Some(i) => citation.get(..i).unwrap_or(citation).to_string(),
        None => citation.to_string(),
    }
}

/// A sort key that orders "artikel 3" before "artikel 11" and "artikel 14" before "artikel 14a".
fn natural(s: &str) -> Vec<(u64, String)> {
    // "tweede lid" sorts as lid 2.
    let mut s = s.to_string();
    for (i, w) in crate::value::ORDINALS.iter().enumerate().rev() {
        s = s.replace(&format!("{w} lid"), &format!("lid {}", i + 1));
    }
    let mut key = Vec::new();
    let mut digits = String::new();
    let mut text = String::new();
    for c in s.chars() {
        if c.is_ascii_digit() {
            if !text.is_empty() {
                key.push((0, std::mem::take(&mut text)));
            }
            digits.push(c);
        } else {
            if !digits.is_empty() {
                key.push((digits.parse().unwrap_or(u64::MAX), String::new()));
                digits.clear();
            }
            text.push(c);
        }
    }
    if !digits.is_empty() {
        key.push((digits.parse().unwrap_or(u64::MAX), String::new()));
    }
    if !text.is_empty() {
        key.push((0, text));
    }
    key
}
