//! De Python-module `verordening._native`: een regeling laden en casussen beoordelen, met
//! dezelfde stappen als `verordening eval --format json` (de versie die op de peildatum geldt,
//! het rapport met toetsing en ontvangstbewijs). De Python-kant (`verordening/__init__.py`)
//! maakt er `Regeling`, `beoordeel`, `beoordeel_batch` en `verschil` van.

use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use std::collections::HashMap;
use std::path::PathBuf;
use verordening::diagnostics::{Diagnostic, SourceMap};
use verordening::eval::case::{read_document, CaseReader, Format};
use verordening::eval::load::{LoadError, Versions};
use verordening::eval::report::json_report;
use verordening::eval::tijd::{add_json, ontvangstbewijs};
use verordening::eval::Evaluator;
use verordening::eval::Lowered;
use verordening::syntax::parse_date;

create_exception!(_native, Fout, PyException);

/// Een fout als Python-uitzondering: (code, bericht, bestand, regel, kolom).
fn fout(sources: &SourceMap, d: &Diagnostic) -> PyErr {
    let file = d.primary.file;
    let (bestand, regel, kolom) = match sources.get(file) {
        Some(_) => {
            let (l, c) = sources.line_col(file, d.primary.span.start as usize);
            (sources.name(file).to_string(), l, c)
        }
        None => (String::new(), 0, 0),
    };
    Fout::new_err((
        d.code.as_str().to_string(),
        d.message.clone(),
        bestand,
        regel,
        kolom,
    ))
}

fn laadfout(e: LoadError) -> PyErr {
    match e {
        LoadError::Io(m) => Fout::new_err(("vo::lezen".to_string(), m, String::new(), 0, 0)),
        LoadError::NoVersion(m) => {
            Fout::new_err(("vo::versie".to_string(), m, String::new(), 0, 0))
        }
        LoadError::Invalid(project, diags) => match diags.iter().find(|d| d.is_error()) {
            Some(d) => fout(&project.sources, d),
            None => Fout::new_err((
                "vo::regeling".to_string(),
                "de regeling bevat fouten".to_string(),
                String::new(),
                0,
                0,
            )),
        },
    }
}

/// Een geladen regeling (een bestand, of een map met versies). De versies worden één keer
/// gelezen en gecontroleerd; elke versie die een casus nodig heeft, wordt één keer verlaagd.
#[pyclass(unsendable)]
struct Regeling {
    versions: Versions,
    lowered: HashMap<usize, Lowered>,
}

impl Regeling {
    /// Beoordeel één casus (JSON-tekst): het rapport als JSON-waarde.
    fn beoordeel_waarde(&mut self, tekst: &str) -> PyResult<serde_json::Value> {
        let document = match read_document(tekst, Format::Json) {
            Ok(d) => d,
            Err(e) => {
                let mut sources = SourceMap::default();
                let file = sources.add(std::path::Path::new("<casus>"), tekst);
                return Err(fout(&sources, &e.diagnostic(file)));
            }
        };
        let Some(obj) = document.root.as_object() else {
            return Err(Fout::new_err((
                "vo::casus".to_string(),
                "een casus is een object met `peildatum`, `feiten` en `oordelen`".to_string(),
                "<casus>".to_string(),
                1,
                1,
            )));
        };
        let date = obj
            .get("peildatum")
            .and_then(|v| v.as_str())
            .and_then(parse_date);
        let aanvraag = verordening::eval::case::aanvraagdatum(obj);
        let keuze = self.versions.kies(date, aanvraag).map_err(laadfout)?;
        if !self.lowered.contains_key(&keuze.index) {
            let l = self.versions.lower(keuze.index).map_err(laadfout)?;
            self.lowered.insert(keuze.index, l);
        }
        let bewijs = ontvangstbewijs(&self.versions, &keuze, date, aanvraag, None);
        let Some(lowered) = self.lowered.get(&keuze.index) else {
            return Err(Fout::new_err((
                "vo::intern".to_string(),
                "de versie is niet geladen".to_string(),
                String::new(),
                0,
                0,
            )));
        };
        let program = &lowered.program;
        let mut sources = self.versions.project.sources.clone();
        let file = sources.add(std::path::Path::new("<casus>"), tekst);
        let mut reader = CaseReader::new(program, file, tekst).at(&document.places, "");
        let read = reader.read(obj, &[]);
        let Some((case, peildatum)) = read else {
            return Err(match reader.diags.first() {
                Some(d) => fout(&sources, d),
                None => Fout::new_err((
                    "vo::casus".to_string(),
                    "de casus is onjuist".to_string(),
                    "<casus>".to_string(),
                    1,
                    1,
                )),
            });
        };
        let outcomes = Evaluator::new(program).all(&case);
        let mut report = json_report(program, &sources, peildatum, &outcomes);
        add_json(&mut report, &bewijs);
        Ok(report)
    }
}

#[pymethods]
impl Regeling {
    #[new]
    fn new(pad: PathBuf) -> PyResult<Self> {
        let mut versions = Versions::open_bekend(&pad, None).map_err(laadfout)?;
        // De nieuwste versie meteen controleren en verlagen: een regeling met fouten geeft
        // haar fout bij het laden, niet pas bij de eerste casus.
        let index = versions.pick(None).map_err(laadfout)?;
        let lowered = versions.lower(index).map_err(laadfout)?;
        Ok(Regeling {
            versions,
            lowered: HashMap::from([(index, lowered)]),
        })
    }

    /// Beoordeel één casus als JSON-tekst; het rapport als JSON-tekst (de vorm van
    /// `verordening eval --format json`).
    fn beoordeel_json(&mut self, tekst: &str) -> PyResult<String> {
        let report = self.beoordeel_waarde(tekst)?;
        serde_json::to_string(&report).map_err(|e| {
            Fout::new_err(("vo::intern".to_string(), e.to_string(), String::new(), 0, 0))
        })
    }

    /// Beoordeel veel casussen (elk als JSON-tekst): per casus het rapport als JSON-tekst, of
    /// de fout als (code, bericht, bestand, regel, kolom); één fout stopt de rest niet.
    #[allow(clippy::type_complexity)]
    fn beoordeel_json_lijst(
        &mut self,
        py: Python<'_>,
        teksten: Vec<String>,
    ) -> PyResult<Vec<PyObject>> {
        let mut uit = Vec::with_capacity(teksten.len());
        for t in &teksten {
            match self.beoordeel_waarde(t) {
                Ok(r) => {
                    let s = serde_json::to_string(&r).unwrap_or_default();
                    uit.push(s.into_pyobject(py)?.into_any().unbind());
                }
                Err(e) => uit.push(e.value(py).clone().into_any().unbind()),
            }
        }
        Ok(uit)
    }

    /// De feiten en oordelen die de nieuwste versie leest: (naam, soort), soort "feit" of
    /// "oordeel".
    fn invoer(&mut self) -> PyResult<Vec<(String, String)>> {
        let index = self.versions.pick(None).map_err(laadfout)?;
        if !self.lowered.contains_key(&index) {
            let l = self.versions.lower(index).map_err(laadfout)?;
            self.lowered.insert(index, l);
        }
        let Some(l) = self.lowered.get(&index) else {
            return Ok(Vec::new());
        };
        use verordening::eval::program::InputKind;
        Ok(l.lowered_inputs()
            .filter_map(|i| match i.kind {
                InputKind::Feit => Some((i.name.clone(), "feit".to_string())),
                InputKind::Oordeel => Some((i.name.clone(), "oordeel".to_string())),
                _ => None,
            })
            .collect())
    }
}

trait Inputs {
    fn lowered_inputs(&self) -> std::slice::Iter<'_, verordening::eval::program::Input>;
}
impl Inputs for Lowered {
    fn lowered_inputs(&self) -> std::slice::Iter<'_, verordening::eval::program::Input> {
        self.program.inputs.iter()
    }
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Regeling>()?;
    m.add("Fout", m.py().get_type::<Fout>())?;
    Ok(())
}
