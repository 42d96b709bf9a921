//! Cases as typed columns for the batch figures of `cargo bench`: the JSON cases repeated to
//! `n` rows, each fact typed from the regeling (as tests/batch.rs does).

use arrow_array::builder::{BooleanBuilder, Date32Builder, Decimal128Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema};
use rust_decimal::Decimal;
use serde_json::Value;
use std::sync::Arc;
use verordening::eval::program::{InputType, Program};
use verordening::value::V;

fn epoch_days(d: chrono::NaiveDate) -> Option<i32> {
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1)?;
    i32::try_from((d - epoch).num_days()).ok()
}

/// `n` rows cycling through `cases`: `id`, `peildatum` and a column per fact or judgement.
pub fn as_columns(cases: &[Value], p: &Program, n: usize) -> Option<RecordBatch> {
    let mut names: Vec<String> = Vec::new();
    for c in cases {
        for part in ["feiten", "oordelen"] {
            for k in c[part].as_object().into_iter().flat_map(|m| m.keys()) {
                if !names.contains(k) {
                    names.push(k.clone());
                }
            }
        }
    }
    let row = |i: usize| cases.get(i % cases.len().max(1));
    let mut fields = vec![
        Field::new("id", DataType::Utf8, true),
        Field::new("peildatum", DataType::Date32, true),
    ];
    let mut ids = StringBuilder::new();
    let mut dates = Date32Builder::new();
    for i in 0..n {
        let c = row(i)?;
        ids.append_value(format!("casus-{i}"));
        let d = verordening::syntax::parse_date(c["peildatum"].as_str()?)?;
        dates.append_value(epoch_days(d)?);
    }
    let mut columns: Vec<ArrayRef> = vec![Arc::new(ids.finish()), Arc::new(dates.finish())];
    for name in &names {
        let ty = &p.inputs.get(usize::from(p.input_index(name)?))?.ty;
        let value = |c: &Value| -> Option<Value> {
            ["feiten", "oordelen"]
                .iter()
                .find_map(|part| c[*part].get(name.as_str()).cloned())
                .filter(|v| !v.is_null())
        };
        let (dt, array): (DataType, ArrayRef) = match ty {
            InputType::Bedrag | InputType::Getal | InputType::Percentage | InputType::Uren => {
                let mut b = Decimal128Builder::new()
                    .with_precision_and_scale(38, 4)
                    .ok()?;
                for i in 0..n {
                    let d: Option<Decimal> = match value(row(i)?) {
                        Some(Value::Number(x)) => x.to_string().parse().ok(),
                        Some(Value::String(s)) => {
                            match verordening::eval::case::text_as(p, ty, &s) {
                                Some(
                                    V::Bedrag(d) | V::Getal(d) | V::Uren(d) | V::Percentage(d),
                                ) => Some(d),
                                _ => None,
                            }
                        }
                        _ => None,
                    };
                    match d {
                        Some(mut d) => {
                            d.rescale(4);
                            b.append_value(d.mantissa());
                        }
                        None => b.append_null(),
                    }
                }
                (DataType::Decimal128(38, 4), Arc::new(b.finish()))
            }
            InputType::Datum => {
                let mut b = Date32Builder::new();
                for i in 0..n {
                    b.append_option(
                        value(row(i)?)
                            .and_then(|v| verordening::syntax::parse_date(v.as_str()?))
                            .and_then(epoch_days),
                    );
                }
                (DataType::Date32, Arc::new(b.finish()))
            }
            InputType::JaNee => {
                let mut b = BooleanBuilder::new();
                for i in 0..n {
                    b.append_option(value(row(i)?).and_then(|v| v.as_bool()));
                }
                (DataType::Boolean, Arc::new(b.finish()))
            }
            _ => {
                let mut b = StringBuilder::new();
                for i in 0..n {
                    b.append_option(value(row(i)?).and_then(|v| v.as_str().map(String::from)));
                }
                (DataType::Utf8, Arc::new(b.finish()))
            }
        };
        fields.push(Field::new(name, dt, true));
        columns.push(array);
    }
    RecordBatch::try_new(Arc::new(Schema::new(fields)), columns).ok()
}

pub fn write_parquet(path: &std::path::Path, batch: &RecordBatch) -> Option<()> {
    let file = std::fs::File::create(path).ok()?;
    let mut w = parquet::arrow::ArrowWriter::try_new(file, batch.schema(), None).ok()?;
    w.write(batch).ok()?;
    w.close().ok()?;
    Some(())
}
