//! `verordening batch` with cases in typed columns (Parquet or Arrow IPC) and outcomes in
//! typed columns: read a record batch, evaluate its rows, write a record batch (the columns
//! are described in `eval::kolommen`). Memory stays bounded by the record batch size.

use super::batch::{finished, Args, Batch, Summary, Vorm};
use super::eval::load_failure;
use super::Exit;
use std::collections::HashMap;
use std::io::Write;
use verordening_core::eval::kolommen::{
    open, Bestandsvorm, Invoer, Lezer, Rijfout, Schrijver, Uitvoer, Uitvoerplan,
};
use verordening_core::eval::load::{LoadError, Versions};
use verordening_core::eval::{Case, Evaluator};

/// Rows per record batch read (and so written).
const ROWS: usize = 8192;

fn vorm(v: Vorm) -> Bestandsvorm {
    match v {
        Vorm::Parquet => Bestandsvorm::Parquet,
        _ => Bestandsvorm::Arrow,
    }
}

pub fn run(args: &Args, invoer: Vorm, uitvoer: Vorm) -> Exit {
    let versions = match Versions::open(&args.ordinance) {
        Ok(v) => v,
        Err(e) => return load_failure(e),
    };
    let mut batch = Batch::new(versions);
    // The output columns are those of every version, so every file of the batch has one
    // schema whatever versions its rows fall under.
    for index in batch.versions.candidates().to_vec() {
        if let Err(e) = evaluator(&mut batch, index) {
            return load_failure(e);
        }
    }
    let (schema, reader) = match open(&args.cases, vorm(invoer), ROWS) {
        Ok(r) => r,
        Err(m) => {
            errln!("fout: `{}`: {m}", args.cases.display());
            return Exit::Usage;
        }
    };
    let programs: Vec<&verordening_core::eval::Program> =
        batch.evaluators.values().map(|e| e.program).collect();
    let kolommen = match Invoer::new(&schema, programs.iter().flat_map(|p| p.inputs.iter())) {
        Ok(k) => k,
        Err(f) => {
            errln!("fout: `{}`: {f}", args.cases.display());
            return Exit::Usage;
        }
    };
    let mut order: Vec<(usize, &verordening_core::eval::Program)> = batch
        .evaluators
        .iter()
        .map(|(i, e)| (*i, e.program))
        .collect();
    order.sort_by_key(|(i, _)| *i);
    let uit = Uitvoer::new(
        order.into_iter().map(|(_, p)| p),
        schema.field_with_name("id").ok(),
    );
    let out: Box<dyn Write + Send> = match &args.uit {
        Some(path) => match std::fs::File::create(path) {
            Ok(f) => Box::new(std::io::BufWriter::new(f)),
            Err(e) => {
                errln!(
                    "fout: `{}` kan niet worden geschreven: {}",
                    path.display(),
                    verordening_core::project::io_reason(&e)
                );
                return Exit::Usage;
            }
        },
        None => Box::new(std::io::BufWriter::new(std::io::stdout())),
    };
    let mut writer = match Schrijver::new(out, vorm(uitvoer), uit.schema()) {
        Ok(w) => w,
        Err(m) => {
            errln!("fout: de uitvoer kan niet worden geschreven: {m}");
            return Exit::Usage;
        }
    };
    let result = run_batches(&mut batch, &kolommen, &uit, reader, &mut writer);
    match result {
        Ok(summary) => match writer.close() {
            Ok(()) => finished(summary),
            Err(m) => {
                errln!("fout: de uitvoer kan niet worden geschreven: {m}");
                Exit::Usage
            }
        },
        Err(Stop::Read(m, rij)) => {
            errln!(
                "fout: `{}` kan niet verder worden gelezen (na rij {rij}): {m}",
                args.cases.display()
            );
            Exit::Usage
        }
        Err(Stop::Kolom(f)) => {
            errln!("fout: `{}`: {f}", args.cases.display());
            Exit::Usage
        }
        Err(Stop::Write(m)) => {
            errln!("fout: de uitvoer kan niet worden geschreven: {m}");
            Exit::Usage
        }
        Err(Stop::Regulation(e)) => load_failure(e),
    }
}

enum Stop {
    Read(String, usize),
    Kolom(verordening_core::eval::kolommen::Kolomfout),
    Write(String),
    Regulation(LoadError),
}

/// The evaluator of document `index`, lowered on first use and kept (see `Batch::line`).
fn evaluator(batch: &mut Batch, index: usize) -> Result<(), LoadError> {
    if !batch.evaluators.contains_key(&index) {
        let lowered = batch.versions.lower(index)?;
        let program: &'static _ = Box::leak(Box::new(lowered.program));
        batch.evaluators.insert(index, Evaluator::new(program));
    }
    Ok(())
}

fn run_batches(
    batch: &mut Batch,
    kolommen: &Invoer,
    uit: &Uitvoer,
    reader: Lezer,
    writer: &mut Schrijver,
) -> Result<Summary, Stop> {
    let mut summary = Summary::default();
    let mut plans: HashMap<usize, (Vec<Option<u16>>, Uitvoerplan)> = HashMap::new();
    let mut outcomes = Vec::new();
    let mut case: Option<Case> = None;
    let mut rij = 0usize;
    for record in reader {
        let record = record.map_err(|e| Stop::Read(e.to_string(), rij))?;
        let rijen = kolommen.rijen(&record).map_err(Stop::Kolom)?;
        let mut rows = uit.rijen();
        for r in 0..rijen.len() {
            rij += 1;
            let (peildatum, aanvraagdatum) = rijen.data(r);
            let keuze = match batch.versions.kies(peildatum, aanvraagdatum) {
                Ok(k) => k,
                Err(LoadError::NoVersion(m)) => {
                    refuse(
                        &mut rows,
                        &mut summary,
                        &[Rijfout {
                            code: None,
                            bericht: m,
                        }],
                    );
                    continue;
                }
                Err(e) => return Err(Stop::Regulation(e)),
            };
            evaluator(batch, keuze.index).map_err(Stop::Regulation)?;
            let Some(ev) = batch.evaluators.get(&keuze.index) else {
                continue;
            };
            let p = ev.program;
            let (plan, uplan) = plans
                .entry(keuze.index)
                .or_insert_with(|| (kolommen.plan(p), uit.plan(p)));
            let case = case.get_or_insert_with(|| Case::empty(p));
            if let Err(f) = rijen.case(r, rij, p, plan, case) {
                refuse(&mut rows, &mut summary, &f);
                continue;
            }
            ev.all_into(case, &mut outcomes);
            match rows.uitkomsten(p, uplan, &outcomes) {
                Ok(()) => summary.evaluated += 1,
                Err(f) => refuse(&mut rows, &mut summary, &f),
            }
        }
        let out = uit
            .batch(&mut rows, kolommen.id(&record))
            .map_err(|e| Stop::Write(e.to_string()))?;
        writer.write(&out).map_err(Stop::Write)?;
    }
    Ok(summary)
}

fn refuse(
    rows: &mut verordening_core::eval::kolommen::Uitvoerrijen,
    summary: &mut Summary,
    f: &[Rijfout],
) {
    summary.refused += 1;
    rows.geweigerd(&serde_json::to_string(f).unwrap_or_default());
}
