//! `verordening batch` with cases in typed columns (Parquet or Arrow IPC) and outcomes in
//! typed columns: read a record batch, evaluate its rows, write a record batch (the columns
//! are described in `eval::kolommen`). Memory stays bounded by the record batch size.

use super::batch::{finished, Args, Batch, Summary, Vorm};
use super::eval::load_failure;
use super::Exit;
use crate::eval::kolommen::{Invoer, Rijfout, Uitvoer, Uitvoerplan};
use crate::eval::load::{LoadError, Versions};
use crate::eval::{Case, Evaluator};
use arrow_array::RecordBatch;
use arrow_schema::{ArrowError, SchemaRef};
use std::collections::HashMap;
use std::io::Write;

/// Rows per record batch read (and so written).
const ROWS: usize = 8192;

type Reader = Box<dyn Iterator<Item = Result<RecordBatch, ArrowError>>>;

fn open(path: &std::path::Path, vorm: Vorm) -> Result<(SchemaRef, Reader), String> {
    let file = std::fs::File::open(path).map_err(|e| crate::project::io_reason(&e))?;
    match vorm {
        Vorm::Parquet => {
            let builder =
                parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(file)
                    .map_err(|e| format!("geen leesbaar Parquet-bestand: {e}"))?;
            let schema = builder.schema().clone();
            let reader = builder
                .with_batch_size(ROWS)
                .build()
                .map_err(|e| format!("geen leesbaar Parquet-bestand: {e}"))?;
            Ok((schema, Box::new(reader)))
        }
        _ => {
            let reader =
                arrow_ipc::reader::FileReader::try_new(std::io::BufReader::new(file), None)
                    .map_err(|e| format!("geen leesbaar Arrow-bestand (IPC): {e}"))?;
            Ok((reader.schema(), Box::new(reader)))
        }
    }
}

enum Writer {
    Parquet(parquet::arrow::ArrowWriter<Box<dyn Write + Send>>),
    Arrow(arrow_ipc::writer::FileWriter<Box<dyn Write + Send>>),
}

impl Writer {
    fn new(out: Box<dyn Write + Send>, vorm: Vorm, schema: SchemaRef) -> Result<Writer, String> {
        Ok(match vorm {
            Vorm::Parquet => {
                let props = parquet::file::properties::WriterProperties::builder()
                    .set_compression(parquet::basic::Compression::SNAPPY)
                    .build();
                Writer::Parquet(
                    parquet::arrow::ArrowWriter::try_new(out, schema, Some(props))
                        .map_err(|e| e.to_string())?,
                )
            }
            _ => Writer::Arrow(
                arrow_ipc::writer::FileWriter::try_new(out, &schema).map_err(|e| e.to_string())?,
            ),
        })
    }

    fn write(&mut self, batch: &RecordBatch) -> Result<(), String> {
        match self {
            Writer::Parquet(w) => w.write(batch).map_err(|e| e.to_string()),
            Writer::Arrow(w) => w.write(batch).map_err(|e| e.to_string()),
        }
    }

    fn close(self) -> Result<(), String> {
        match self {
            Writer::Parquet(w) => w.close().map(|_| ()).map_err(|e| e.to_string()),
            Writer::Arrow(mut w) => {
                w.finish().map_err(|e| e.to_string())?;
                w.into_inner()
                    .and_then(|mut o| o.flush().map_err(ArrowError::from))
                    .map_err(|e| e.to_string())
            }
        }
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
    let (schema, reader) = match open(&args.cases, invoer) {
        Ok(r) => r,
        Err(m) => {
            errln!("fout: `{}`: {m}", args.cases.display());
            return Exit::Usage;
        }
    };
    let programs: Vec<&crate::eval::Program> =
        batch.evaluators.values().map(|e| e.program).collect();
    let kolommen = match Invoer::new(&schema, programs.iter().flat_map(|p| p.inputs.iter())) {
        Ok(k) => k,
        Err(f) => {
            errln!("fout: `{}`: {f}", args.cases.display());
            return Exit::Usage;
        }
    };
    let mut order: Vec<(usize, &crate::eval::Program)> = batch
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
                    crate::project::io_reason(&e)
                );
                return Exit::Usage;
            }
        },
        None => Box::new(std::io::BufWriter::new(std::io::stdout())),
    };
    let mut writer = match Writer::new(out, uitvoer, uit.schema()) {
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
    Kolom(crate::eval::kolommen::Kolomfout),
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
    reader: Reader,
    writer: &mut Writer,
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

fn refuse(rows: &mut crate::eval::kolommen::Uitvoerrijen, summary: &mut Summary, f: &[Rijfout]) {
    summary.refused += 1;
    rows.geweigerd(&serde_json::to_string(f).unwrap_or_default());
}
