//! De Python-module `verordening._native`: een regeling laden en casussen beoordelen, met
//! dezelfde stappen als `verordening eval --format json` (de versie die op de peildatum geldt,
//! het rapport met toetsing en ontvangstbewijs). De Python-kant (`verordening/__init__.py`)
//! maakt er `Regeling`, `beoordeel`, `beoordeel_batch` en `verschil` van.

use chrono::NaiveDate;
use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList, PyTuple};
use std::collections::HashMap;
use std::path::PathBuf;
use verordening::diagnostics::{Diagnostic, FileId, SourceMap};
use verordening::eval::batch::{BatchEngine, VersionChoice};
use verordening::eval::case::{read_document, CaseDocument, CaseReader, Format};
use verordening::eval::load::{Keuze, LoadError, Versions};
use verordening::eval::program::Program;
use verordening::eval::report::{compact_report, json_report};
use verordening::eval::tijd::{add_json, ontvangstbewijs, Ontvangstbewijs};
use verordening::eval::Evaluator;
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
    /// De versies, elk bij het eerste gebruik verlaagd en bewaard met haar evaluator (de
    /// batchmachine van de bibliotheek, dezelfde als die van `verordening batch`).
    versies: VersionChoice,
    /// Het ontvangstbewijs per (peildatum, aanvraagdatum): het hangt van niets anders af, en
    /// het rekent de SHA-256 van elk bronbestand uit (de VNG-laag is 93 KB), wat per casus
    /// meer kostte dan de beoordeling zelf. Hooguit `BEWIJZEN` stuks; daarna opnieuw.
    bewijzen: HashMap<(Option<NaiveDate>, Option<NaiveDate>), Ontvangstbewijs>,
}

const BEWIJZEN: usize = 4096;

/// Een casus gelezen tot en met de keuze van haar versie (die dan verlaagd is).
struct Gelezen {
    document: CaseDocument,
    keuze: Keuze,
    peildatum: Option<NaiveDate>,
    aanvraag: Option<NaiveDate>,
}

fn intern(bericht: &str) -> PyErr {
    Fout::new_err((
        "vo::intern".to_string(),
        bericht.to_string(),
        String::new(),
        0,
        0,
    ))
}

impl Regeling {
    /// Lees een casus (JSON-tekst) tot en met de keuze van haar versie, en verlaag die versie
    /// als dat nog niet gebeurd is.
    fn lees(&mut self, tekst: &str) -> PyResult<Gelezen> {
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
        let peildatum = obj
            .get("peildatum")
            .and_then(|v| v.as_str())
            .and_then(parse_date);
        let aanvraag = verordening::eval::case::aanvraagdatum(obj);
        let keuze = self
            .versies
            .versions_mut()
            .kies(peildatum, aanvraag)
            .map_err(laadfout)?;
        self.versies.program(keuze.index).map_err(laadfout)?;
        Ok(Gelezen {
            document,
            keuze,
            peildatum,
            aanvraag,
        })
    }

    /// De fout van een casus die haar feiten niet kan lezen, met de plaats in haar tekst: de
    /// bronnen van de regeling met de casus erbij (alleen hier gekopieerd, niet per casus).
    fn leesfout(&self, program: &Program, tekst: &str, g: &Gelezen) -> PyErr {
        let mut sources = self.versies.versions().project.sources.clone();
        let file = sources.add(std::path::Path::new("<casus>"), tekst);
        let mut reader = CaseReader::new(program, file, tekst).at(&g.document.places, "");
        if let Some(obj) = g.document.root.as_object() {
            let _ = reader.read(obj, &[]);
        }
        match reader.diags.first() {
            Some(d) => fout(&sources, d),
            None => Fout::new_err((
                "vo::casus".to_string(),
                "de casus is onjuist".to_string(),
                "<casus>".to_string(),
                1,
                1,
            )),
        }
    }

    /// De uitzondering van een casus die de batchmachine weigert: waarom zij niet gelezen,
    /// niet aan een versie toegewezen of niet beoordeeld kan worden, met de plaats.
    fn fout_van(&mut self, tekst: &str) -> PyErr {
        let g = match self.lees(tekst) {
            Ok(g) => g,
            Err(e) => return e,
        };
        match self.versies.lowered(g.keuze.index) {
            Some(program) => self.leesfout(program, tekst, &g),
            None => intern("de versie is niet geladen"),
        }
    }

    /// Beoordeel één casus (JSON-tekst): het rapport als JSON-waarde.
    fn beoordeel_waarde(&mut self, tekst: &str) -> PyResult<serde_json::Value> {
        let g = self.lees(tekst)?;
        let sleutel = (g.peildatum, g.aanvraag);
        if !self.bewijzen.contains_key(&sleutel) {
            if self.bewijzen.len() >= BEWIJZEN {
                self.bewijzen.clear();
            }
            let b = ontvangstbewijs(
                self.versies.versions(),
                &g.keuze,
                g.peildatum,
                g.aanvraag,
                None,
            );
            self.bewijzen.insert(sleutel, b);
        }
        let bewijs = self.bewijzen.get(&sleutel);
        let Some(program) = self.versies.lowered(g.keuze.index) else {
            return Err(intern("de versie is niet geladen"));
        };
        let mut sources = self.versies.versions().project.sources.clone();
        let file = sources.add(std::path::Path::new("<casus>"), tekst);
        let obj = g.document.root.as_object();
        let mut reader = CaseReader::new(program, file, tekst).at(&g.document.places, "");
        let Some((case, peildatum)) = obj.and_then(|o| reader.read(o, &[])) else {
            return Err(self.leesfout(program, tekst, &g));
        };
        let outcomes = Evaluator::new(program).all(&case);
        let mut report = json_report(program, &sources, peildatum, &outcomes);
        if let Some(b) = bewijs {
            add_json(&mut report, b);
        }
        Ok(report)
    }
}

/// Een kolom van teksten in het geheugenformaat van Arrow (utf8: een bitmap van geldige cellen,
/// offsets als i32, de bytes achter elkaar), zodat pyarrow haar zonder een Python-object per cel
/// overneemt (`pa.Array.from_buffers`). Ook de offsets en bitmap van een kolom van lijsten.
struct Kolom {
    data: Vec<u8>,
    offsets: Vec<u8>,
    geldig: Vec<u8>,
    lengte: usize,
    leeg: usize,
}

impl Kolom {
    fn new() -> Self {
        Kolom {
            data: Vec::new(),
            offsets: 0i32.to_le_bytes().to_vec(),
            geldig: Vec::new(),
            lengte: 0,
            leeg: 0,
        }
    }

    /// Sluit een cel af: `eind` is de offset na haar inhoud (bytes, of vermeldingen van een
    /// lijst). Python geeft hooguit `_BLOK` casussen per keer, dus 2 GB per kolom is ver weg; daarboven
    /// een fout, nooit een verkeerde offset.
    fn sluit(&mut self, geldig: bool, eind: usize) -> PyResult<()> {
        if self.lengte.is_multiple_of(8) {
            self.geldig.push(0);
        }
        if geldig {
            if let Some(byte) = self.geldig.last_mut() {
                *byte |= 1 << (self.lengte % 8);
            }
        } else {
            self.leeg += 1;
        }
        let eind = i32::try_from(eind).map_err(|_| intern("een kolom van meer dan 2 GB"))?;
        self.offsets.extend_from_slice(&eind.to_le_bytes());
        self.lengte += 1;
        Ok(())
    }

    fn tekst(&mut self, t: Option<&str>) -> PyResult<()> {
        if let Some(t) = t {
            self.data.extend_from_slice(t.as_bytes());
        }
        self.sluit(t.is_some(), self.data.len())
    }

    /// (lengte, aantal lege cellen, bitmap, offsets, bytes) voor `verordening._kolom`.
    fn naar_python<'py>(
        &self,
        py: Python<'py>,
    ) -> (
        usize,
        usize,
        Bound<'py, PyBytes>,
        Bound<'py, PyBytes>,
        Bound<'py, PyBytes>,
    ) {
        (
            self.lengte,
            self.leeg,
            PyBytes::new(py, &self.geldig),
            PyBytes::new(py, &self.offsets),
            PyBytes::new(py, &self.data),
        )
    }
}

/// De kolommen van `beoordeel_batch`, een rij per casus en voorziening (een rij met alleen
/// `rij` voor een casus met een fout; de fouten apart, met hun rij in de uitvoer).
struct Rijen {
    rij: Vec<u8>,
    lengte: usize,
    peildatum: Kolom,
    voorziening: Kolom,
    uitkomst: Kolom,
    grond: Kolom,
    waarden: Kolom,
    /// De lijsten (offsets in `namen`) en de namen erin.
    ontbreekt: Kolom,
    namen: Kolom,
    fouten: Vec<(usize, PyObject)>,
}

impl Rijen {
    fn rij(&mut self, i: usize) {
        self.rij.extend_from_slice(&(i as i64).to_le_bytes());
        self.lengte += 1;
    }

    fn fout(&mut self, py: Python<'_>, i: usize, e: PyErr) -> PyResult<()> {
        self.fouten
            .push((self.lengte, e.value(py).clone().into_any().unbind()));
        self.rij(i);
        for k in [
            &mut self.peildatum,
            &mut self.voorziening,
            &mut self.uitkomst,
            &mut self.grond,
            &mut self.waarden,
        ] {
            k.tekst(None)?;
        }
        let eind = self.namen.lengte;
        self.ontbreekt.sluit(false, eind)
    }
}

/// Waarden als JSON-object in de tekst die Python's `json.dumps(..., ensure_ascii=False)` ervan
/// maakt (`{"a": "b", "c": "d"}`), zodat de kolom `waarden` dezelfde tekst houdt als toen zij
/// in Python uit het rapport werd gemaakt. Een latere waarde met dezelfde naam vervangt een
/// eerdere op haar plaats, zoals in het rapport.
fn waarden_tekst(paren: &[(&str, String)]) -> String {
    let mut uniek: Vec<(&str, &str)> = Vec::with_capacity(paren.len());
    for (k, v) in paren {
        match uniek.iter_mut().find(|(n, _)| n == k) {
            Some(plek) => plek.1 = v,
            None => uniek.push((k, v)),
        }
    }
    let mut uit = String::from("{");
    for (i, (k, v)) in uniek.iter().enumerate() {
        if i > 0 {
            uit.push_str(", ");
        }
        uit.push_str(&serde_json::to_string(k).unwrap_or_default());
        uit.push_str(": ");
        uit.push_str(&serde_json::to_string(v).unwrap_or_default());
    }
    uit.push('}');
    uit
}

#[pymethods]
impl Regeling {
    #[new]
    fn new(pad: PathBuf) -> PyResult<Self> {
        let versions = Versions::open_bekend(&pad, None).map_err(laadfout)?;
        // De nieuwste versie meteen controleren en verlagen: een regeling met fouten geeft
        // haar fout bij het laden, niet pas bij de eerste casus.
        let index = versions.pick(None).map_err(laadfout)?;
        let mut versies = VersionChoice::new(versions);
        versies.program(index).map_err(laadfout)?;
        Ok(Regeling {
            versies,
            bewijzen: HashMap::new(),
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

    /// Beoordeel veel casussen (elk als JSON-tekst) tot de kolommen van `beoordeel_batch`:
    /// (rij, peildatum, voorziening, uitkomst, grond, waarden, ontbreekt, namen, fouten), de
    /// kolommen in het geheugenformaat van Arrow (`Kolom`, `rij` als i64), `ontbreekt` de
    /// lijsten met hun namen in `namen`, de fouten als [(rij in de uitvoer, uitzondering)].
    /// Hier en niet in Python uit het JSON-rapport: per casus geen rapport met toetsing en
    /// ontvangstbewijs als tekst heen en terug, geen Python-object per cel, en één evaluator
    /// per versie voor de hele lijst. Dezelfde uitkomsten, grond, waarden en ontbrekende
    /// gegevens als het rapport (`compact_report`, zoals `verordening batch`).
    fn beoordeel_rijen<'py>(
        &mut self,
        py: Python<'py>,
        teksten: Vec<String>,
    ) -> PyResult<Bound<'py, PyTuple>> {
        let mut uit = Rijen {
            rij: Vec::new(),
            lengte: 0,
            peildatum: Kolom::new(),
            voorziening: Kolom::new(),
            uitkomst: Kolom::new(),
            grond: Kolom::new(),
            waarden: Kolom::new(),
            ontbreekt: Kolom::new(),
            namen: Kolom::new(),
            fouten: Vec::new(),
        };
        // Lezen, de versie kiezen en beoordelen doet de batchmachine van de bibliotheek (als
        // voor `verordening batch`); hier alleen de kolommen. Een casus die niet gelezen of
        // beoordeeld kan worden, krijgt haar uitzondering met plaats (`fout_van`).
        let mut machine = BatchEngine::new(None);
        for (i, tekst) in teksten.iter().enumerate() {
            let gevuld = machine.evaluate(&mut self.versies, tekst, |e| -> PyResult<()> {
                let rapport = compact_report(e.program, e.peildatum, e.outcomes);
                for vz in &rapport.voorzieningen {
                    uit.rij(i);
                    uit.peildatum.tekst(Some(&rapport.peildatum))?;
                    uit.voorziening.tekst(Some(vz.naam))?;
                    uit.uitkomst.tekst(Some(vz.uitkomst))?;
                    uit.grond.tekst(vz.grond)?;
                    uit.waarden.tekst(Some(&waarden_tekst(&vz.waarden.0)))?;
                    for naam in &vz.ontbreekt {
                        uit.namen.tekst(Some(naam))?;
                    }
                    let eind = uit.namen.lengte;
                    uit.ontbreekt.sluit(true, eind)?;
                }
                Ok(())
            });
            match gevuld {
                Ok(r) => r?,
                Err(_) => {
                    let e = self.fout_van(tekst);
                    uit.fout(py, i, e)?;
                }
            }
        }
        let fouten = PyList::empty(py);
        for (j, e) in uit.fouten {
            fouten.append((j, e))?;
        }
        PyTuple::new(
            py,
            [
                PyBytes::new(py, &uit.rij).into_any(),
                uit.peildatum.naar_python(py).into_pyobject(py)?.into_any(),
                uit.voorziening
                    .naar_python(py)
                    .into_pyobject(py)?
                    .into_any(),
                uit.uitkomst.naar_python(py).into_pyobject(py)?.into_any(),
                uit.grond.naar_python(py).into_pyobject(py)?.into_any(),
                uit.waarden.naar_python(py).into_pyobject(py)?.into_any(),
                uit.ontbreekt.naar_python(py).into_pyobject(py)?.into_any(),
                uit.namen.naar_python(py).into_pyobject(py)?.into_any(),
                fouten.into_any(),
            ],
        )
    }

    /// De feiten en oordelen die de nieuwste versie leest: (naam, soort), soort "feit" of
    /// "oordeel".
    fn invoer(&mut self) -> PyResult<Vec<(String, String)>> {
        let index = self.versies.versions().pick(None).map_err(laadfout)?;
        let l = self.versies.program(index).map_err(laadfout)?;
        use verordening::eval::program::InputKind;
        Ok(l.inputs
            .iter()
            .filter_map(|i| match i.kind {
                InputKind::Feit => Some((i.name.clone(), "feit".to_string())),
                InputKind::Oordeel => Some((i.name.clone(), "oordeel".to_string())),
                _ => None,
            })
            .collect())
    }
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Regeling>()?;
    m.add("Fout", m.py().get_type::<Fout>())?;
    Ok(())
}
