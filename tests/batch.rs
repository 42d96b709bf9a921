//! `verordening batch` at scale (issue 19, item 4): several tasks with the output in input
//! order, byte for byte the output of one task.

// Tests may fail loudly: the deny lints are for the library, not for its tests.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;
use serde_json::{json, Map, Value};
use std::path::{Path, PathBuf};
use std::process::Command;

const VOORBEELD: &str = "ordinances/voorbeeld";

/// A YAML value of a test file as the JSON a case line carries (`ja`/`nee` as booleans, dates
/// and texts as strings).
fn as_json(v: &serde_yaml_ng::Value) -> Value {
    use serde_yaml_ng::Value as Y;
    match v {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(*b),
        Y::Number(n) => serde_json::from_str(&n.to_string()).unwrap(),
        Y::String(s) if s == "ja" => Value::Bool(true),
        Y::String(s) if s == "nee" => Value::Bool(false),
        Y::String(s) => Value::String(s.clone()),
        Y::Sequence(items) => Value::Array(items.iter().map(as_json).collect()),
        Y::Mapping(_) if v.get("<<").is_some() => {
            let mut merged = v.clone();
            merged.apply_merge().unwrap();
            as_json(&merged)
        }
        Y::Mapping(m) => Value::Object(
            m.iter()
                .map(|(k, v)| (k.as_str().unwrap().to_string(), as_json(v)))
                .collect(),
        ),
        Y::Tagged(t) => as_json(&t.value),
    }
}

/// The cases of the shipped Voorbeeldstad test files as JSON objects, each with its name as
/// `id`.
pub fn voorbeeld_cases() -> Vec<Value> {
    let mut cases = Vec::new();
    for file in [
        "ordinances/voorbeeld/voorbeeldstad-2023.test.yaml",
        "ordinances/voorbeeld/voorbeeldstad-2024.test.yaml",
    ] {
        let text = std::fs::read_to_string(file).unwrap();
        let mut doc: serde_yaml_ng::Value = serde_yaml_ng::from_str(&text).unwrap();
        // The test files share facts through anchors and merge keys (`<<: *basis`).
        doc.apply_merge().unwrap();
        for c in doc["casussen"].as_sequence().unwrap() {
            let mut line = Map::new();
            line.insert("id".into(), as_json(&c["naam"]));
            for key in ["peildatum", "feiten", "oordelen"] {
                if let Some(v) = c.get(key) {
                    line.insert(key.into(), as_json(v));
                }
            }
            cases.push(Value::Object(line));
        }
    }
    assert!(cases.len() > 100, "{}", cases.len());
    cases
}

/// A temporary file with this content.
fn temp_file(name: &str, content: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, content).unwrap();
    (dir, path)
}

/// `verordening` with arguments; (exit code, stdout as bytes, stderr).
fn run_bytes(args: &[&str]) -> (i32, Vec<u8>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_verordening"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        out.stdout,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The shipped cases many times over with bad lines between them (not JSON, not UTF-8, an
/// unknown fact, no version in force, a blank line), so that a batch has many chunks and
/// every kind of refused line.
fn mixed_input(rounds: usize) -> Vec<u8> {
    let cases = voorbeeld_cases();
    let mut input = Vec::new();
    for round in 0..rounds {
        for (i, c) in cases.iter().enumerate() {
            let mut c = c.clone();
            c["id"] = json!(format!("{round}-{i}"));
            input.extend(serde_json::to_vec(&c).unwrap());
            input.push(b'\n');
            match i % 37 {
                5 => input.extend(b"{\"peildatum\": \"2023-09-01\", \"feiten\": {\"x\": ja}}\n"),
                11 => input.extend(
                    b"{\"peildatum\": \"2023-09-01\", \"feiten\": {\"onbekend.feit\": true}}\n",
                ),
                17 => input.extend(b"{\"peildatum\": \"2020-01-01\", \"feiten\": {}}\n"),
                23 => input.extend(b"\xff\xfe niet utf-8\n"),
                29 => input.extend(b"   \n"),
                31 => input.extend(b"[1, 2]\r\n"),
                _ => {}
            }
        }
    }
    input
}

#[test]
fn several_tasks_write_the_output_of_one_in_input_order() {
    let input = mixed_input(3);
    let (_dir, path) = temp_file("casussen.jsonl", &input);
    let path = path.to_str().unwrap();
    for extra in [&[][..], &["--velden", "uitkomst,ontbreekt"][..]] {
        let args = |taken: &'static str| {
            let mut a = vec!["batch", "--taken", taken];
            a.extend_from_slice(extra);
            a.extend([VOORBEELD, path]);
            a
        };
        let (code1, out1, err1) = run_bytes(&args("1"));
        assert_eq!(code1, 1, "there are refused lines: {err1}");
        let lines = out1
            .split(|&b| b == b'\n')
            .filter(|l| !l.is_empty())
            .count();
        assert!(lines > 400, "{lines}");
        // The lines are numbered 1, 2, … in order (blank lines have no output line).
        let numbers: Vec<u64> = out1
            .split(|&b| b == b'\n')
            .filter(|l| !l.is_empty())
            .map(|l| {
                serde_json::from_slice::<Value>(l).unwrap()["regel"]
                    .as_u64()
                    .unwrap()
            })
            .collect();
        assert!(numbers.windows(2).all(|w| w[0] < w[1]));
        for taken in ["2", "5"] {
            let (code, out, err) = run_bytes(&args(taken));
            assert_eq!(code, code1, "--taken {taken} {extra:?}");
            assert_eq!(err, err1, "the same summary line");
            assert!(out == out1, "--taken {taken} {extra:?}: the output differs");
        }
        // The default (one task per core) too.
        let mut a: Vec<&str> = vec!["batch"];
        a.extend_from_slice(extra);
        a.extend([VOORBEELD, path]);
        let (code, out, err) = run_bytes(&a);
        assert_eq!((code, &err), (code1, &err1));
        assert!(out == out1, "default --taken {extra:?}: the output differs");
    }
}

#[test]
fn several_tasks_read_stdin_and_refuse_zero_tasks() {
    let input = mixed_input(1);
    let run_stdin = |taken: &str| {
        use std::io::Write;
        let mut child = Command::new(env!("CARGO_BIN_EXE_verordening"))
            .args(["batch", "--taken", taken, "--compact", VOORBEELD, "-"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let bytes = input.clone();
        let writer = std::thread::spawn(move || stdin.write_all(&bytes));
        let out = child.wait_with_output().unwrap();
        writer.join().unwrap().unwrap();
        (out.status.code(), out.stdout)
    };
    assert_eq!(run_stdin("1"), run_stdin("2"));
    let (code, _, err) = common::run(&["batch", "--taken", "0", VOORBEELD, "-"]);
    assert_eq!(code, 2, "{err}");
}

// ------------------------------------------------------------------ Parquet and Arrow IPC

use arrow_array::builder::{BooleanBuilder, Date32Builder, Decimal128Builder, StringBuilder};
use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, Decimal128Type};
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema};
use rust_decimal::Decimal;
use std::sync::Arc;
use verordening::eval::program::{InputType, Program};
use verordening::value::V;

fn program() -> Program {
    verordening::eval::load::load_for_date(
        Path::new("ordinances/voorbeeld/voorbeeldstad-2024.vo"),
        None,
    )
    .unwrap_or_else(|_| panic!("voorbeeldstad-2024 loads"))
    .lowered
    .program
}

fn epoch_days(d: chrono::NaiveDate) -> i32 {
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
    i32::try_from((d - epoch).num_days()).unwrap()
}

/// The cases as typed columns: `id`, `peildatum` and one column per fact or judgement any
/// case gives, typed from the regeling (numbers as decimal128 with scale 4).
fn as_columns(cases: &[Value], p: &Program) -> RecordBatch {
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
    let mut fields = vec![
        Field::new("id", DataType::Utf8, true),
        Field::new("peildatum", DataType::Date32, true),
    ];
    let mut columns: Vec<ArrayRef> = Vec::new();
    let mut ids = StringBuilder::new();
    let mut dates = Date32Builder::new();
    for c in cases {
        ids.append_value(c["id"].as_str().unwrap());
        let d = verordening::syntax::parse_date(c["peildatum"].as_str().unwrap()).unwrap();
        dates.append_value(epoch_days(d));
    }
    columns.push(Arc::new(ids.finish()));
    columns.push(Arc::new(dates.finish()));
    for name in &names {
        let i = p.input_index(name).unwrap_or_else(|| panic!("{name}"));
        let ty = &p.inputs[usize::from(i)].ty;
        let value = |c: &Value| -> Option<Value> {
            ["feiten", "oordelen"]
                .iter()
                .find_map(|part| c[*part].get(name.as_str()).cloned())
                .filter(|v| !v.is_null())
        };
        let decimal = |v: &Value| -> Decimal {
            match v {
                Value::Number(n) => n.to_string().parse().unwrap(),
                Value::String(s) => match verordening::eval::case::text_as(p, ty, s) {
                    Some(V::Bedrag(d) | V::Getal(d) | V::Uren(d) | V::Percentage(d)) => d,
                    other => panic!("{name}: {s} → {other:?}"),
                },
                other => panic!("{name}: {other}"),
            }
        };
        let (dt, array): (DataType, ArrayRef) = match ty {
            InputType::Bedrag | InputType::Getal | InputType::Percentage | InputType::Uren => {
                let mut b = Decimal128Builder::new()
                    .with_precision_and_scale(38, 4)
                    .unwrap();
                for c in cases {
                    match value(c) {
                        Some(v) => {
                            let mut d = decimal(&v);
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
                for c in cases {
                    b.append_option(value(c).map(|v| {
                        epoch_days(verordening::syntax::parse_date(v.as_str().unwrap()).unwrap())
                    }));
                }
                (DataType::Date32, Arc::new(b.finish()))
            }
            InputType::JaNee => {
                let mut b = BooleanBuilder::new();
                for c in cases {
                    b.append_option(value(c).map(|v| v.as_bool().unwrap()));
                }
                (DataType::Boolean, Arc::new(b.finish()))
            }
            _ => {
                let mut b = StringBuilder::new();
                for c in cases {
                    b.append_option(value(c).map(|v| v.as_str().unwrap().to_string()));
                }
                (DataType::Utf8, Arc::new(b.finish()))
            }
        };
        fields.push(Field::new(name, dt, true));
        columns.push(array);
    }
    RecordBatch::try_new(Arc::new(Schema::new(fields)), columns).unwrap()
}

fn write_parquet(path: &Path, batch: &RecordBatch) {
    let file = std::fs::File::create(path).unwrap();
    let mut w = parquet::arrow::ArrowWriter::try_new(file, batch.schema(), None).unwrap();
    w.write(batch).unwrap();
    w.close().unwrap();
}

fn write_arrow(path: &Path, batch: &RecordBatch) {
    let file = std::fs::File::create(path).unwrap();
    let mut w = arrow_ipc::writer::FileWriter::try_new(file, &batch.schema()).unwrap();
    w.write(batch).unwrap();
    w.finish().unwrap();
}

fn read_back(path: &Path) -> Vec<RecordBatch> {
    let file = std::fs::File::open(path).unwrap();
    if path.extension().is_some_and(|e| e == "parquet") {
        parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(file)
            .unwrap()
            .build()
            .unwrap()
            .map(|b| b.unwrap())
            .collect()
    } else {
        arrow_ipc::reader::FileReader::try_new(file, None)
            .unwrap()
            .map(|b| b.unwrap())
            .collect()
    }
}

/// The number in a value's text as the report writes it ("€ 1.950,00", "240 uur", "15%").
fn number_in(text: &str) -> Decimal {
    use verordening::syntax::Literal;
    match verordening::syntax::parse_literal(text) {
        Some(Ok(Literal::Money(d) | Literal::Percent(d) | Literal::Number(d))) => d,
        Some(Ok(Literal::Quantity(d, _))) => d,
        other => panic!("{text}: {other:?}"),
    }
}

/// Every cell of the typed output against the same case's compact JSON line.
fn compare(batches: &[RecordBatch], jsonl: &[u8]) -> usize {
    let lines: Vec<Value> = jsonl
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_slice(l).unwrap())
        .collect();
    let mut row = 0;
    let mut cells = 0;
    for b in batches {
        let schema = b.schema();
        for r in 0..b.num_rows() {
            let line = &lines[row];
            row += 1;
            assert_eq!(
                b.column(0).as_string::<i32>().value(r),
                line["id"].as_str().unwrap()
            );
            let fouten = b.column_by_name("fouten").unwrap();
            if line.get("fouten").is_some() {
                assert!(!fouten.is_null(r), "row {row} is refused in JSON: {line}");
                continue;
            }
            assert!(
                fouten.is_null(r),
                "row {row}: {}",
                fouten.as_string::<i32>().value(r)
            );
            for vz in line["voorzieningen"].as_array().unwrap() {
                let naam = vz["naam"].as_str().unwrap();
                let col = b.column_by_name(&format!("{naam}.uitkomst")).unwrap();
                assert_eq!(
                    col.as_string::<i32>().value(r),
                    vz["uitkomst"].as_str().unwrap()
                );
                cells += 1;
                let waarden = vz.get("waarden").and_then(|w| w.as_object());
                // Every column of this voorziening's values: a value exactly when JSON has one.
                for (i, f) in schema.fields().iter().enumerate() {
                    let Some(w) = f.name().strip_prefix(&format!("{naam}.")) else {
                        continue;
                    };
                    if w == "uitkomst" {
                        continue;
                    }
                    let col = b.column(i);
                    let json = waarden.and_then(|m| m.get(w)).and_then(|v| v.as_str());
                    let Some(text) = json else {
                        assert!(col.is_null(r), "row {row} {naam}.{w}: not in JSON");
                        continue;
                    };
                    assert!(!col.is_null(r), "row {row} {naam}.{w} = {text} missing");
                    cells += 1;
                    match f.data_type() {
                        DataType::Decimal128(_, s) => {
                            let a = col.as_primitive::<Decimal128Type>();
                            let d = Decimal::from_i128_with_scale(
                                a.value(r),
                                u32::try_from(*s).unwrap(),
                            );
                            assert_eq!(d, number_in(text), "row {row} {naam}.{w}");
                        }
                        DataType::Date32 => {
                            let a = col.as_primitive::<Date32Type>();
                            let d = verordening::syntax::parse_date(text)
                                .unwrap_or_else(|| panic!("{text}"));
                            assert_eq!(a.value(r), epoch_days(d), "row {row} {naam}.{w}");
                        }
                        DataType::Boolean => {
                            assert_eq!(
                                col.as_boolean().value(r),
                                text == "ja",
                                "row {row} {naam}.{w}: {text}"
                            );
                        }
                        _ => assert_eq!(col.as_string::<i32>().value(r), text),
                    }
                }
            }
        }
    }
    assert_eq!(row, lines.len());
    cells
}

#[test]
fn parquet_and_arrow_in_and_out_agree_with_json_lines_value_by_value() {
    let p = program();
    let cases = voorbeeld_cases();
    let dir = tempfile::tempdir().unwrap();
    let jsonl: Vec<u8> = cases
        .iter()
        .flat_map(|c| {
            let mut l = serde_json::to_vec(c).unwrap();
            l.push(b'\n');
            l
        })
        .collect();
    let jsonl_path = dir.path().join("casussen.jsonl");
    std::fs::write(&jsonl_path, &jsonl).unwrap();
    let (code, expected, err) = run_bytes(&[
        "batch",
        "--compact",
        VOORBEELD,
        jsonl_path.to_str().unwrap(),
    ]);
    assert!(code <= 1, "{err}");
    let columns = as_columns(&cases, &p);
    for ext in ["parquet", "arrow"] {
        let input = dir.path().join(format!("casussen.{ext}"));
        if ext == "parquet" {
            write_parquet(&input, &columns);
        } else {
            write_arrow(&input, &columns);
        }
        let output = dir.path().join(format!("uitkomsten.{ext}"));
        let (code2, _, err2) = run_bytes(&[
            "batch",
            VOORBEELD,
            input.to_str().unwrap(),
            "--uit",
            output.to_str().unwrap(),
        ]);
        assert_eq!(code2, code, "{ext}: {err2}");
        assert_eq!(err2, err, "{ext}: the same summary");
        let cells = compare(&read_back(&output), &expected);
        assert!(cells > 500, "{ext}: {cells} cells compared");
        // The output's types: amounts exact with cents, dates as date32.
        let schema = read_back(&output)[0].schema();
        assert_eq!(
            schema
                .field_with_name("jobcoaching.maximum_uren")
                .unwrap()
                .data_type(),
            &DataType::Decimal128(38, 10)
        );
    }
}

#[test]
fn a_bad_column_file_is_a_located_error_not_a_panic() {
    let p = program();
    let cases = voorbeeld_cases();
    let dir = tempfile::tempdir().unwrap();
    let columns = as_columns(&cases[..10], &p);
    let good = dir.path().join("goed.parquet");
    write_parquet(&good, &columns);

    // Truncated: the footer is gone.
    let bytes = std::fs::read(&good).unwrap();
    let cut = dir.path().join("afgebroken.parquet");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let (code, out, err) = run_bytes(&["batch", VOORBEELD, cut.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(out.is_empty());
    assert!(err.contains("geen leesbaar Parquet-bestand"), "{err}");

    // Not Parquet at all.
    let junk = dir.path().join("onzin.parquet");
    std::fs::write(&junk, b"PAR1 dit is geen parquet PAR1").unwrap();
    let (code, _, err) = run_bytes(&["batch", VOORBEELD, junk.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(!err.contains("panicked"), "{err}");

    // A ja/nee fact as a column of numbers: located by column and name, with its code.
    let schema = columns.schema();
    let doelgroep = schema.index_of("persoon.doelgroep").unwrap();
    let mut fields: Vec<Field> = schema.fields().iter().map(|f| f.as_ref().clone()).collect();
    let mut arrays: Vec<ArrayRef> = columns.columns().to_vec();
    fields[doelgroep] = Field::new("persoon.doelgroep", DataType::Int64, true);
    arrays[doelgroep] = Arc::new(arrow_array::Int64Array::from(vec![1i64; 10]));
    let wrong =
        RecordBatch::try_new(Arc::new(Schema::new(fields.clone())), arrays.clone()).unwrap();
    let path = dir.path().join("fout-type.parquet");
    write_parquet(&path, &wrong);
    let (code, _, err) = run_bytes(&["batch", VOORBEELD, path.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(&format!("kolom {} (`persoon.doelgroep`)", doelgroep + 1))
            && err.contains("boolean")
            && err.contains("Int64")
            && err.contains("vo::casus"),
        "{err}"
    );

    // An unknown column.
    fields[doelgroep] = Field::new("persoon.doelgroepp", DataType::Boolean, true);
    arrays[doelgroep] = Arc::new(arrow_array::BooleanArray::from(vec![true; 10]));
    let unknown = RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays).unwrap();
    let path = dir.path().join("onbekend.arrow");
    write_arrow(&path, &unknown);
    let (code, _, err) = run_bytes(&[
        "batch",
        VOORBEELD,
        path.to_str().unwrap(),
        "--format",
        "arrow",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("`persoon.doelgroepp`") && err.contains("vo::casus"),
        "{err}"
    );

    // JSON Lines out from columns in is not offered: a usage error, not a silent choice.
    let (code, _, err) = run_bytes(&[
        "batch",
        "--format",
        "jsonl",
        VOORBEELD,
        good.to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "JSON Lines out from Parquet in is refused: {err}");
}

/// The batch engine's fast path (a line read straight into a case, the answer written straight
/// from the outcomes) writes byte for byte what the full path writes (a tree with places, the
/// report, the serialiser), for every shipped case in several spellings, for the lines it must
/// leave to the full path, and for every choice of fields.
#[test]
fn the_fast_path_writes_what_the_full_path_writes() {
    use verordening::eval::batch::{BatchEngine, InputLine, Veld, VersionChoice, COMPACT};
    use verordening::eval::load::Versions;
    let mut lines: Vec<String> = Vec::new();
    for c in voorbeeld_cases() {
        let tight = serde_json::to_string(&c).unwrap();
        lines.push(tight.clone());
        lines.push(serde_json::to_string_pretty(&c).unwrap().replace('\n', " "));
        let mut without_id = c.clone();
        without_id.as_object_mut().unwrap().remove("id");
        lines.push(serde_json::to_string(&without_id).unwrap());
    }
    let p = "\"peildatum\": \"2023-09-01\"";
    let f = "\"feiten\": {\"persoon.doelgroep\": true, \"persoon.leeftijd\": \"30 jaar\"}";
    for extra in [
        format!("{{\"id\": 1.50, {p}, {f}}}"),
        format!("{{\"id\": 0, {p}, {f}}}"),
        format!("{{\"id\": null, {p}, {f}}}"),
        format!("{{\"id\": true, {p}, {f}}}"),
        format!("{{\"id\": [1, 2], {p}, {f}}}"),
        format!("{{\"id\": \"a\\\"b\", {p}, {f}}}"),
        format!("{{\"id\": 1e3, {p}, {f}}}"),
        format!("{{{p}, \"aanvraagdatum\": null, {f}}}"),
        format!("{{{p}, \"aanvraagdatum\": \"2023-08-01\", {f}}}"),
        format!("{{{p}, \"aanvraagdatum\": \"gisteren\", {f}}}"),
        format!("{{{p}, \"aanvraagdatum\": 3, {f}}}"),
        format!("{{{p}, \"feiten\": null, \"oordelen\": null}}"),
        format!("{{{p}, \"feiten\": {{}}}}"),
        format!("{{{p}}}"),
        format!("{{{p}, {f}, {f}}}"),
        format!("{{{p}, {p}, {f}}}"),
        format!(
            "{{{p}, \"feiten\": {{\"persoon.doelgroep\": true, \"persoon.doelgroep\": false}}}}"
        ),
        format!(
            "{{{p}, \"feiten\": {{\"persoon.doelgroep\": null, \"persoon.doelgroep\": false}}}}"
        ),
        format!("{{{p}, \"feiten\": {{\"persoon.leeftijd\": \"30\\u0020jaar\"}}}}"),
        format!("{{{p}, \"feiten\": {{\"dienstbetrekking.uren_per_week\": -20}}}}"),
        format!("{{{p}, \"feiten\": {{\"dienstbetrekking.uren_per_week\": 20.0}}}}"),
        format!("{{{p}, \"feiten\": {{\"dienstbetrekking.uren_per_week\": 020}}}}"),
        format!("{{{p}, \"feiten\": {{\"dienstbetrekking.uren_per_week\": 2e1}}}}"),
        format!("{{{p}, \"feiten\": {{\"dienstbetrekking.uren_per_week\": \"twintig\"}}}}"),
        format!("{{{p}, \"feiten\": {{\"persoon.doelgroep\": 1}}}}"),
        format!("{{{p}, \"oordelen\": {{\"persoon.doelgroep\": true}}}}"),
        format!("{{{p}, \"feiten\": {{\"arbo_taak\": true}}}}"),
        format!("{{{p}, \"feiten\": {{\"onbekend\": null}}}}"),
        format!("{{{p}, \"feiten\": {{\"persoon.doelgroep\": [true]}}}}"),
        format!("{{{p}, \"onbekend\": 1}}"),
        format!("{{{p}, {f}}} x"),
        format!("\u{feff}{{{p}, {f}}}"),
        format!("{{\"peildatum\": \"2020-01-01\", {f}}}"),
        format!("{{\"peildatum\": \"1 september\", {f}}}"),
        "{\"peildatum\": 20230901}".to_string(),
        "[1, 2]".to_string(),
        "{}".to_string(),
        "niet json".to_string(),
    ] {
        lines.push(extra);
    }
    let choices: [Option<&[Veld]>; 5] = [
        None,
        Some(COMPACT),
        Some(&[Veld::Naam, Veld::Uitkomst, Veld::Grond]),
        Some(&[Veld::Waarden, Veld::Grond]),
        Some(&[Veld::Uitkomst, Veld::Ontbreekt, Veld::Uitleg]),
    ];
    for fields in choices {
        let mut fast = BatchEngine::new(fields);
        let mut full = BatchEngine::new(fields).full_path_only();
        let mut versions_fast =
            VersionChoice::new(Versions::open(Path::new(VOORBEELD)).ok().unwrap());
        let mut versions_full =
            VersionChoice::new(Versions::open(Path::new(VOORBEELD)).ok().unwrap());
        for (n, line) in lines.iter().enumerate() {
            let (mut a, mut b) = (Vec::new(), Vec::new());
            fast.line(&mut versions_fast, n + 1, InputLine::Text(line), &mut a)
                .ok()
                .unwrap();
            full.line(&mut versions_full, n + 1, InputLine::Text(line), &mut b)
                .ok()
                .unwrap();
            assert_eq!(
                String::from_utf8_lossy(&a),
                String::from_utf8_lossy(&b),
                "fields {fields:?}, line {line}"
            );
        }
        assert_eq!(fast.summary, full.summary);
        assert_eq!(full.fast_lines, 0);
        assert!(fast.fast_lines > 300, "{}", fast.fast_lines);
        assert!(fast.summary.evaluated > 300, "{:?}", fast.summary);
        assert!(fast.summary.refused > 20, "{:?}", fast.summary);
    }
}
