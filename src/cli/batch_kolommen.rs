//! `verordening batch` with cases in typed columns (Parquet or Arrow IPC) and outcomes in
//! typed columns: read a record batch, evaluate its rows, write a record batch (the columns
//! are described in `eval::kolommen`). Memory stays bounded by the record batch size.

use super::batch::{finished, Args, Vorm};
use super::eval::load_failure;
use super::Exit;
use std::io::Write;
use verordening_core::eval::batch::VersionChoice;
use verordening_core::eval::kolommen::{self, Bestandsvorm, Invoer, Schrijver, Stop, Uitvoer};
use verordening_core::eval::load::Versions;

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
    let mut choice = VersionChoice::new(versions);
    let programs = match kolommen::alle_versies(&mut choice) {
        Ok(p) => p,
        Err(e) => return load_failure(e),
    };
    let (schema, reader) = match kolommen::open(&args.cases, vorm(invoer), ROWS) {
        Ok(r) => r,
        Err(m) => {
            errln!("fout: `{}`: {m}", args.cases.display());
            return Exit::Usage;
        }
    };
    let invoer = match Invoer::new(&schema, programs.iter().flat_map(|p| p.inputs.iter())) {
        Ok(k) => k,
        Err(f) => {
            errln!("fout: `{}`: {f}", args.cases.display());
            return Exit::Usage;
        }
    };
    let uit = Uitvoer::new(programs, schema.field_with_name("id").ok());
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
    match kolommen::beoordeel(&mut choice, &invoer, &uit, reader, &mut writer) {
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
