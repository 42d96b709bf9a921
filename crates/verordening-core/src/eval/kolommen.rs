//! Cases in typed columns (Arrow record batches, from Arrow IPC or Parquet) and their outcomes
//! in typed columns: the column side of `verordening batch` (issue 19, item 4).
//!
//! In: one column per fact or judgement the case gives, named as the regeling names it, typed
//! from its type: bedrag, getal, percentage and uren as `decimal128` (any scale up to 28),
//! datum as `date32`, ja/nee as `boolean`, a text, an enumeration value and a duration as
//! `utf8` (a duration as the language writes it: "12 maanden"); a null is an unknown fact.
//! `peildatum` (`date32`) is required, `aanvraagdatum` (`date32`) and `id` (any type) are
//! optional. Out: the `id` column as given, `geldig_vanaf` (the version's date), per
//! voorziening `<voorziening>.uitkomst` (utf8) and per value `<voorziening>.<waarde>` typed
//! the same way (amounts `decimal128(38, 2)`, other numbers `decimal128(38, 10)`), and
//! `fouten` (the JSON list of a refused row's messages, null for an evaluated row).
//!
//! Exact throughout: a decimal goes from its integer and scale to `rust_decimal` and back,
//! never through a float; a value with more decimals than its column holds refuses the row.

use super::case::text_as;
use super::program::{Input, InputType, Program, ValueKind, R};
use super::run::{Case, Outcome};

use crate::value::V;
use arrow_array::builder::{BooleanBuilder, Date32Builder, Decimal128Builder, StringBuilder};
use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, Decimal128Type};
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::{ArrowError, DataType, Field, Schema, SchemaRef};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::sync::Arc;

/// The scale of an amount column (cents), and of every other number column.
pub const SCALE_BEDRAG: i8 = 2;
pub const SCALE_GETAL: i8 = 10;

/// Why the columns cannot be read: a column that is not a fact or judgement of the regeling,
/// or of the wrong type. Located by column (from 1) and name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kolomfout {
    pub code: &'static str,
    pub kolom: usize,
    pub naam: String,
    pub bericht: String,
}

impl std::fmt::Display for Kolomfout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "kolom {} (`{}`): {} [{}]",
            self.kolom, self.naam, self.bericht, self.code
        )
    }
}

/// A message of a refused row, as a JSON line's `fouten` has it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Rijfout {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<&'static str>,
    pub bericht: String,
}

fn days_from_epoch(d: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(1970, 1, 1)?.checked_add_signed(chrono::TimeDelta::days(d.into()))
}

fn epoch_days(d: NaiveDate) -> Option<i32> {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1)?;
    i32::try_from(d.signed_duration_since(epoch).num_days()).ok()
}

/// The Arrow type a fact of this type is read from, in words for a message.
fn wanted(ty: &InputType) -> &'static str {
    match ty {
        InputType::Bedrag | InputType::Getal | InputType::Percentage | InputType::Uren => {
            "decimal128"
        }
        InputType::Datum => "date32",
        InputType::JaNee => "boolean",
        InputType::Lijst(_) => "geen kolom (een lijst)",
        _ => "utf8",
    }
}

fn fits(ty: &InputType, dt: &DataType) -> bool {
    match ty {
        InputType::Bedrag | InputType::Getal | InputType::Percentage | InputType::Uren => {
            matches!(dt, DataType::Decimal128(_, s) if (0..=28).contains(s))
        }
        InputType::Datum => *dt == DataType::Date32,
        InputType::JaNee => *dt == DataType::Boolean,
        InputType::Lijst(_) => false,
        _ => matches!(dt, DataType::Utf8 | DataType::LargeUtf8),
    }
}

/// Where the case's parts stand in the input columns, checked once per file.
pub struct Invoer {
    id: Option<usize>,
    peildatum: usize,
    aanvraagdatum: Option<usize>,
    /// Per fact column: its column, name and type.
    feiten: Vec<(usize, String, InputType)>,
}

impl Invoer {
    /// Check the columns against the inputs of the regeling (every version's, by name).
    pub fn new<'p>(
        schema: &Schema,
        inputs: impl IntoIterator<Item = &'p Input>,
    ) -> Result<Invoer, Kolomfout> {
        let mut known: HashMap<&str, &InputType> = HashMap::new();
        for i in inputs {
            known.entry(i.name.as_str()).or_insert(&i.ty);
        }
        let fout = |i: usize, f: &Field, bericht: String| Kolomfout {
            code: "vo::casus",
            kolom: i + 1,
            naam: f.name().clone(),
            bericht,
        };
        let (mut id, mut peildatum, mut aanvraagdatum) = (None, None, None);
        let mut feiten = Vec::new();
        for (i, f) in schema.fields().iter().enumerate() {
            match f.name().as_str() {
                "id" => id = Some(i),
                d @ ("peildatum" | "aanvraagdatum") => {
                    if *f.data_type() != DataType::Date32 {
                        return Err(fout(
                            i,
                            f,
                            format!(
                                "de {d} moet een kolom van het type date32 zijn, niet {}",
                                f.data_type()
                            ),
                        ));
                    }
                    if d == "peildatum" {
                        peildatum = Some(i);
                    } else {
                        aanvraagdatum = Some(i);
                    }
                }
                name => {
                    let Some(ty) = known.get(name) else {
                        return Err(fout(
                            i,
                            f,
                            format!("de regeling kent geen feit of oordeel `{name}`"),
                        ));
                    };
                    if !fits(ty, f.data_type()) {
                        return Err(fout(
                            i,
                            f,
                            format!(
                                "`{name}` is {}: verwacht een kolom van het type {}, niet {}",
                                super::case::short(ty),
                                wanted(ty),
                                f.data_type()
                            ),
                        ));
                    }
                    feiten.push((i, name.to_string(), (*ty).clone()));
                }
            }
        }
        let Some(peildatum) = peildatum else {
            return Err(Kolomfout {
                code: "vo::casus",
                kolom: schema.fields().len() + 1,
                naam: "peildatum".into(),
                bericht: "de casussen hebben geen kolom `peildatum` (date32)".into(),
            });
        };
        Ok(Invoer {
            id,
            peildatum,
            aanvraagdatum,
            feiten,
        })
    }

    /// The `id` column, copied into the output as it is.
    pub fn id(&self, batch: &RecordBatch) -> Option<ArrayRef> {
        self.id.map(|i| batch.column(i).clone())
    }

    /// The input of each fact column in program `p` (None: this version does not read it).
    pub fn plan(&self, p: &Program) -> Vec<Option<u16>> {
        self.feiten
            .iter()
            .map(|(_, name, _)| p.input_index(name))
            .collect()
    }

    /// The columns of a record batch, typed (checked against the schema once more: a batch
    /// of another schema is refused, not misread).
    pub fn rijen<'b>(&'b self, batch: &'b RecordBatch) -> Result<Rijen<'b>, Kolomfout> {
        let date = |i: usize| {
            batch
                .column(i)
                .as_primitive_opt::<Date32Type>()
                .ok_or_else(|| Kolomfout {
                    code: "vo::casus",
                    kolom: i + 1,
                    naam: batch.schema().field(i).name().clone(),
                    bericht: "verwacht een kolom van het type date32".into(),
                })
        };
        let peildatum = date(self.peildatum)?;
        let aanvraagdatum = self.aanvraagdatum.map(date).transpose()?;
        let mut kolommen = Vec::with_capacity(self.feiten.len());
        for (i, name, ty) in &self.feiten {
            let c = batch.column(*i);
            let col = match (ty, c.data_type()) {
                (_, DataType::Decimal128(_, s)) => c
                    .as_primitive_opt::<Decimal128Type>()
                    .map(|a| Kolom::Getal(a, u32::try_from(*s).unwrap_or(u32::MAX))),
                (_, DataType::Date32) => c.as_primitive_opt::<Date32Type>().map(Kolom::Datum),
                (_, DataType::Boolean) => c.as_boolean_opt().map(Kolom::JaNee),
                (_, DataType::Utf8) => c.as_string_opt::<i32>().map(Kolom::Tekst),
                (_, DataType::LargeUtf8) => c.as_string_opt::<i64>().map(Kolom::LangeTekst),
                _ => None,
            };
            let Some(col) = col.filter(|_| fits(ty, c.data_type())) else {
                return Err(Kolomfout {
                    code: "vo::casus",
                    kolom: i + 1,
                    naam: name.clone(),
                    bericht: format!(
                        "verwacht een kolom van het type {}, niet {}",
                        wanted(ty),
                        c.data_type()
                    ),
                });
            };
            kolommen.push(col);
        }
        Ok(Rijen {
            invoer: self,
            peildatum,
            aanvraagdatum,
            kolommen,
            len: batch.num_rows(),
        })
    }
}

enum Kolom<'b> {
    Getal(&'b arrow_array::Decimal128Array, u32),
    Datum(&'b arrow_array::Date32Array),
    JaNee(&'b arrow_array::BooleanArray),
    Tekst(&'b arrow_array::StringArray),
    LangeTekst(&'b arrow_array::LargeStringArray),
}

/// The typed columns of one record batch.
pub struct Rijen<'b> {
    invoer: &'b Invoer,
    peildatum: &'b arrow_array::Date32Array,
    aanvraagdatum: Option<&'b arrow_array::Date32Array>,
    kolommen: Vec<Kolom<'b>>,
    len: usize,
}

impl Rijen<'_> {
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The peildatum and aanvraagdatum of row `r` (they choose the version).
    pub fn data(&self, r: usize) -> (Option<NaiveDate>, Option<NaiveDate>) {
        let date = |a: &arrow_array::Date32Array| {
            if a.is_null(r) {
                None
            } else {
                days_from_epoch(a.value(r))
            }
        };
        (date(self.peildatum), self.aanvraagdatum.and_then(date))
    }

    /// Row `r` as a case of program `p` (`plan` from [`Invoer::plan`]), into `case`; or the
    /// messages that refuse it. `rij`: the row's number in the file (from 1), for messages.
    pub fn case(
        &self,
        r: usize,
        rij: usize,
        p: &Program,
        plan: &[Option<u16>],
        case: &mut Case,
    ) -> Result<NaiveDate, Vec<Rijfout>> {
        let mut fouten = Vec::new();
        let fout = |naam: &str, bericht: String| Rijfout {
            code: Some("vo::casus"),
            bericht: format!("rij {rij}, kolom `{naam}`: {bericht}"),
        };
        let Some(peildatum) = self.data(r).0 else {
            return Err(vec![fout(
                "peildatum",
                "de casus heeft geen peildatum".into(),
            )]);
        };
        *case = Case::empty(p);
        for ((col, (_, name, _)), input) in self.kolommen.iter().zip(&self.invoer.feiten).zip(plan)
        {
            let Some(input) = input else {
                if !self.is_null(col, r) {
                    fouten.push(fout(
                        name,
                        format!("de versie die op {peildatum} geldt, kent geen feit of oordeel `{name}`"),
                    ));
                }
                continue;
            };
            let Some(ty) = p.inputs.get(usize::from(*input)).map(|i| &i.ty) else {
                continue;
            };
            let value: Option<Result<V, String>> = match col {
                Kolom::Getal(a, s) => (!a.is_null(r)).then(|| {
                    let d = Decimal::try_from_i128_with_scale(a.value(r), *s)
                        .map_err(|_| "het getal is te groot".to_string())?;
                    if d.is_sign_negative() && !d.is_zero() {
                        return Err("een negatieve waarde kan niet".into());
                    }
                    match ty {
                        InputType::Getal => Ok(V::Getal(d)),
                        InputType::Bedrag => Ok(V::Bedrag(d)),
                        InputType::Percentage => Ok(V::Percentage(d)),
                        InputType::Uren => Ok(V::Uren(d)),
                        _ => Err(format!("verwacht {}", super::case::expected(ty))),
                    }
                }),
                Kolom::Datum(a) => (!a.is_null(r)).then(|| {
                    days_from_epoch(a.value(r))
                        .map(V::Datum)
                        .ok_or_else(|| "geen geldige datum".to_string())
                }),
                Kolom::JaNee(a) => (!a.is_null(r)).then(|| Ok(V::JaNee(a.value(r)))),
                Kolom::Tekst(a) => (!a.is_null(r)).then(|| text_value(p, ty, a.value(r))),
                Kolom::LangeTekst(a) => (!a.is_null(r)).then(|| text_value(p, ty, a.value(r))),
            };
            match value {
                None => {}
                Some(Ok(v)) => case.set(*input, v),
                Some(Err(m)) => fouten.push(fout(name, m)),
            }
        }
        if !fouten.is_empty() {
            return Err(fouten);
        }
        case.set_peildatum(p, peildatum);
        Ok(peildatum)
    }

    fn is_null(&self, col: &Kolom<'_>, r: usize) -> bool {
        match col {
            Kolom::Getal(a, _) => a.is_null(r),
            Kolom::Datum(a) => a.is_null(r),
            Kolom::JaNee(a) => a.is_null(r),
            Kolom::Tekst(a) => a.is_null(r),
            Kolom::LangeTekst(a) => a.is_null(r),
        }
    }
}

fn text_value(p: &Program, ty: &InputType, s: &str) -> Result<V, String> {
    text_as(p, ty, s).ok_or_else(|| {
        format!(
            "`{}` is geen geldige waarde; verwacht {}",
            s.chars().take(80).collect::<String>(),
            super::case::expected(ty)
        )
    })
}

// ------------------------------------------------------------------ out

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Soort {
    Uitkomst,
    Waarde(ValueKind),
}

/// The output columns: those of every version of the regeling, each voorziening's outcome
/// and values in the order of the first version that has them.
pub struct Uitvoer {
    schema: SchemaRef,
    id: bool,
    /// The columns after `id` and `geldig_vanaf`, before `fouten`.
    kolommen: Vec<(String, Soort)>,
    index: HashMap<String, usize>,
}

/// Per voorziening of a program: its outcome column, and per value rule its column.
pub struct Uitvoerplan {
    vz: Vec<Option<usize>>,
    waarden: Vec<Vec<Option<usize>>>,
}

fn data_type(s: Soort) -> DataType {
    match s {
        Soort::Uitkomst | Soort::Waarde(ValueKind::Tekst) => DataType::Utf8,
        Soort::Waarde(ValueKind::Bedrag) => DataType::Decimal128(38, SCALE_BEDRAG),
        Soort::Waarde(ValueKind::Getal | ValueKind::Percentage | ValueKind::Uren) => {
            DataType::Decimal128(38, SCALE_GETAL)
        }
        Soort::Waarde(ValueKind::Datum) => DataType::Date32,
        Soort::Waarde(ValueKind::JaNee) => DataType::Boolean,
    }
}

impl Uitvoer {
    /// The columns for these programs (every version the batch may evaluate); `id`: the input's
    /// `id` column, copied.
    pub fn new<'p>(programs: impl IntoIterator<Item = &'p Program>, id: Option<&Field>) -> Uitvoer {
        let mut kolommen: Vec<(String, Soort)> = Vec::new();
        let mut index = HashMap::new();
        for p in programs {
            for vz in &p.voorzieningen {
                let mut add = |name: String, s: Soort| {
                    if !index.contains_key(&name) {
                        index.insert(name.clone(), kolommen.len());
                        kolommen.push((name, s));
                    }
                };
                add(format!("{}.uitkomst", vz.name), Soort::Uitkomst);
                for v in &vz.values {
                    add(format!("{}.{}", vz.name, v.name), Soort::Waarde(v.kind));
                }
            }
        }
        let mut fields: Vec<Field> = Vec::new();
        if let Some(f) = id {
            fields.push(Field::new("id", f.data_type().clone(), true));
        }
        fields.push(Field::new("geldig_vanaf", DataType::Date32, true));
        for (name, s) in &kolommen {
            fields.push(Field::new(name, data_type(*s), true));
        }
        fields.push(Field::new("fouten", DataType::Utf8, true));
        Uitvoer {
            schema: Arc::new(Schema::new(fields)),
            id: id.is_some(),
            kolommen,
            index,
        }
    }

    pub fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }

    pub fn plan(&self, p: &Program) -> Uitvoerplan {
        Uitvoerplan {
            vz: p
                .voorzieningen
                .iter()
                .map(|vz| self.index.get(&format!("{}.uitkomst", vz.name)).copied())
                .collect(),
            waarden: p
                .voorzieningen
                .iter()
                .map(|vz| {
                    vz.values
                        .iter()
                        .map(|v| self.index.get(&format!("{}.{}", vz.name, v.name)).copied())
                        .collect()
                })
                .collect(),
        }
    }

    /// Empty builders for a record batch of output.
    pub fn rijen(&self) -> Uitvoerrijen {
        Uitvoerrijen {
            geldig_vanaf: Date32Builder::new(),
            kolommen: self
                .kolommen
                .iter()
                .map(|(_, s)| match data_type(*s) {
                    DataType::Decimal128(p, sc) => Bouwer::Getal(
                        Decimal128Builder::new()
                            .with_precision_and_scale(p, sc)
                            .unwrap_or_default(),
                        sc,
                    ),
                    DataType::Date32 => Bouwer::Datum(Date32Builder::new()),
                    DataType::Boolean => Bouwer::JaNee(BooleanBuilder::new()),
                    _ => Bouwer::Tekst(StringBuilder::new()),
                })
                .collect(),
            fouten: StringBuilder::new(),
            rij: Vec::new(),
        }
    }

    /// The record batch of these rows; `id`: the input's `id` column of the same rows.
    pub fn batch(
        &self,
        rijen: &mut Uitvoerrijen,
        id: Option<ArrayRef>,
    ) -> Result<RecordBatch, ArrowError> {
        let mut columns: Vec<ArrayRef> = Vec::with_capacity(self.kolommen.len() + 3);
        if self.id {
            columns.push(id.ok_or_else(|| {
                ArrowError::InvalidArgumentError("de kolom `id` ontbreekt".into())
            })?);
        }
        columns.push(Arc::new(rijen.geldig_vanaf.finish()));
        for b in &mut rijen.kolommen {
            columns.push(match b {
                Bouwer::Getal(b, _) => Arc::new(b.finish()),
                Bouwer::Datum(b) => Arc::new(b.finish()),
                Bouwer::JaNee(b) => Arc::new(b.finish()),
                Bouwer::Tekst(b) => Arc::new(b.finish()),
            });
        }
        columns.push(Arc::new(rijen.fouten.finish()));
        RecordBatch::try_new(self.schema.clone(), columns)
    }
}

enum Bouwer {
    Getal(Decimal128Builder, i8),
    Datum(Date32Builder),
    JaNee(BooleanBuilder),
    Tekst(StringBuilder),
}

enum Cel {
    Leeg,
    Uitkomst(&'static str),
    Tekst(String),
    Getal(i128),
    Datum(i32),
    JaNee(bool),
}

/// The rows of output being built.
pub struct Uitvoerrijen {
    geldig_vanaf: Date32Builder,
    kolommen: Vec<Bouwer>,
    fouten: StringBuilder,
    /// One row's cells, reused.
    rij: Vec<Cel>,
}

/// A decimal as the integer of a column with `scale` decimals, exactly, or None when it has
/// more decimals than that (or is too large).
fn scaled(d: Decimal, scale: i8) -> Option<i128> {
    let d = d.normalize();
    let own = i8::try_from(d.scale()).ok()?;
    if own > scale {
        return None;
    }
    let factor = 10i128.checked_pow(u32::try_from(scale - own).ok()?)?;
    d.mantissa().checked_mul(factor)
}

impl Uitvoerrijen {
    /// A row evaluated: its version's date and the outcomes. A value its column cannot hold
    /// exactly refuses the row instead (the messages are returned, nothing is written).
    pub fn uitkomsten(
        &mut self,
        p: &Program,
        plan: &Uitvoerplan,
        outcomes: &[Outcome],
    ) -> Result<(), Vec<Rijfout>> {
        self.rij.clear();
        self.rij.resize_with(self.kolommen.len(), || Cel::Leeg);
        let mut fouten = Vec::new();
        for o in outcomes {
            let (Some(vz), Some(values)) = (p.voorzieningen.get(o.vz), plan.waarden.get(o.vz))
            else {
                continue;
            };
            if let Some(c) = plan
                .vz
                .get(o.vz)
                .copied()
                .flatten()
                .and_then(|c| self.rij.get_mut(c))
            {
                *c = Cel::Uitkomst(o.uitkomst.as_str());
            }
            for (k, r) in &o.values {
                let (Some(rule), Some(Some(col))) = (vz.values.get(*k), values.get(*k)) else {
                    continue;
                };
                let cel = match (r, self.kolommen.get(*col)) {
                    (R::U(_), _) | (_, None) => continue,
                    (R::K(v), Some(Bouwer::Getal(_, scale))) => {
                        let d = match v {
                            V::Bedrag(d) | V::Getal(d) | V::Percentage(d) | V::Uren(d) => *d,
                            _ => continue,
                        };
                        match scaled(d, *scale) {
                            Some(i) => Cel::Getal(i),
                            None => {
                                fouten.push(Rijfout {
                                    code: None,
                                    bericht: format!(
                                        "{}.{} = {d} heeft meer dan {scale} decimalen en past niet exact in de kolom",
                                        vz.name, rule.name
                                    ),
                                });
                                continue;
                            }
                        }
                    }
                    (R::K(V::Datum(d)), Some(Bouwer::Datum(_))) => match epoch_days(*d) {
                        Some(n) => Cel::Datum(n),
                        None => continue,
                    },
                    (R::K(V::JaNee(b)), Some(Bouwer::JaNee(_))) => Cel::JaNee(*b),
                    (_, Some(Bouwer::Tekst(_))) => match super::report::value_text(p, o, rule, r) {
                        Some(t) => Cel::Tekst(t),
                        None => continue,
                    },
                    _ => continue,
                };
                if let Some(c) = self.rij.get_mut(*col) {
                    *c = cel;
                }
            }
        }
        if !fouten.is_empty() {
            return Err(fouten);
        }
        self.geldig_vanaf
            .append_option(p.geldig_vanaf.and_then(epoch_days));
        for (cel, b) in self.rij.drain(..).zip(&mut self.kolommen) {
            match (cel, b) {
                (Cel::Getal(i), Bouwer::Getal(b, _)) => b.append_value(i),
                (Cel::Datum(d), Bouwer::Datum(b)) => b.append_value(d),
                (Cel::JaNee(v), Bouwer::JaNee(b)) => b.append_value(v),
                (Cel::Uitkomst(s), Bouwer::Tekst(b)) => b.append_value(s),
                (Cel::Tekst(s), Bouwer::Tekst(b)) => b.append_value(s),
                (_, b) => b.append_null(),
            }
        }
        self.fouten.append_null();
        Ok(())
    }

    /// A refused row: its messages in `fouten` (the JSON list of a JSON line's `fouten`),
    /// every other column null.
    pub fn geweigerd(&mut self, fouten: &str) {
        self.geldig_vanaf.append_null();
        for b in &mut self.kolommen {
            b.append_null();
        }
        self.fouten.append_value(fouten);
    }
}

impl Bouwer {
    fn append_null(&mut self) {
        match self {
            Bouwer::Getal(b, _) => b.append_null(),
            Bouwer::Datum(b) => b.append_null(),
            Bouwer::JaNee(b) => b.append_null(),
            Bouwer::Tekst(b) => b.append_null(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_scaled_exactly_or_not_at_all() {
        assert_eq!(scaled(Decimal::new(195000, 2), 2), Some(195000));
        assert_eq!(scaled(Decimal::new(3, 0), 2), Some(300));
        assert_eq!(scaled(Decimal::new(12345, 3), 2), None);
        assert_eq!(scaled(Decimal::new(12340, 3), 2), Some(1234));
        assert_eq!(scaled(Decimal::new(15, 2), 10), Some(1_500_000_000));
    }

    #[test]
    fn dates_are_days_since_1970() {
        let d = NaiveDate::from_ymd_opt(2023, 9, 1).unwrap_or_default();
        let n = epoch_days(d).unwrap_or_default();
        assert_eq!(n, 19601);
        assert_eq!(days_from_epoch(n), Some(d));
    }
}

/// The file forms of typed columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bestandsvorm {
    /// Apache Parquet.
    Parquet,
    /// Apache Arrow IPC, file form.
    Arrow,
}

/// Record batches read from a file, in order.
pub type Lezer = Box<dyn Iterator<Item = Result<RecordBatch, ArrowError>>>;

/// Open a Parquet or Arrow IPC file: its schema and its record batches of at most `rows`
/// rows. The message says why the file cannot be read.
pub fn open(
    path: &std::path::Path,
    vorm: Bestandsvorm,
    rows: usize,
) -> Result<(SchemaRef, Lezer), String> {
    let file = std::fs::File::open(path).map_err(|e| crate::project::io_reason(&e))?;
    match vorm {
        Bestandsvorm::Parquet => {
            let builder =
                parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(file)
                    .map_err(|e| format!("geen leesbaar Parquet-bestand: {e}"))?;
            let schema = builder.schema().clone();
            let reader = builder
                .with_batch_size(rows)
                .build()
                .map_err(|e| format!("geen leesbaar Parquet-bestand: {e}"))?;
            Ok((schema, Box::new(reader)))
        }
        Bestandsvorm::Arrow => {
            let reader =
                arrow_ipc::reader::FileReader::try_new(std::io::BufReader::new(file), None)
                    .map_err(|e| format!("geen leesbaar Arrow-bestand (IPC): {e}"))?;
            Ok((reader.schema(), Box::new(reader)))
        }
    }
}

/// Record batches written to a Parquet file (snappy-compressed) or an Arrow IPC file.
pub enum Schrijver {
    Parquet(parquet::arrow::ArrowWriter<Box<dyn std::io::Write + Send>>),
    Arrow(arrow_ipc::writer::FileWriter<Box<dyn std::io::Write + Send>>),
}

impl Schrijver {
    pub fn new(
        out: Box<dyn std::io::Write + Send>,
        vorm: Bestandsvorm,
        schema: SchemaRef,
    ) -> Result<Schrijver, String> {
        Ok(match vorm {
            Bestandsvorm::Parquet => {
                let props = parquet::file::properties::WriterProperties::builder()
                    .set_compression(parquet::basic::Compression::SNAPPY)
                    .build();
                Schrijver::Parquet(
                    parquet::arrow::ArrowWriter::try_new(out, schema, Some(props))
                        .map_err(|e| e.to_string())?,
                )
            }
            Bestandsvorm::Arrow => Schrijver::Arrow(
                arrow_ipc::writer::FileWriter::try_new(out, &schema).map_err(|e| e.to_string())?,
            ),
        })
    }

    pub fn write(&mut self, batch: &RecordBatch) -> Result<(), String> {
        match self {
            Schrijver::Parquet(w) => w.write(batch).map_err(|e| e.to_string()),
            Schrijver::Arrow(w) => w.write(batch).map_err(|e| e.to_string()),
        }
    }

    /// Write the file's footer and flush.
    pub fn close(self) -> Result<(), String> {
        match self {
            Schrijver::Parquet(w) => w.close().map(|_| ()).map_err(|e| e.to_string()),
            Schrijver::Arrow(mut w) => {
                w.finish().map_err(|e| e.to_string())?;
                w.into_inner()
                    .and_then(|mut o| std::io::Write::flush(&mut o).map_err(ArrowError::from))
                    .map_err(|e| e.to_string())
            }
        }
    }
}

/// Why a batch of columns stopped before the end of its input.
pub enum Stop {
    /// The input could not be read further (after this many rows).
    Read(String, usize),
    /// A record batch whose columns do not fit the regeling.
    Kolom(Kolomfout),
    /// The output could not be written.
    Write(String),
    /// The version in force cannot be evaluated.
    Regulation(super::load::LoadError),
}

/// Lower every version a row can fall under, so that the input's columns are checked against
/// all of them and every output file has one schema whatever versions its rows fall under.
/// The programs in the order of the documents.
pub fn alle_versies(
    choice: &mut super::batch::VersionChoice,
) -> Result<Vec<&Program>, super::load::LoadError> {
    let candidates = choice.versions().candidates().to_vec();
    for &index in &candidates {
        choice.program(index)?;
    }
    Ok(choice.kept_programs())
}

/// Evaluate the rows of every record batch of `reader`, each against the version in force on
/// its peildatum (and aanvraagdatum), and write a record batch of outcomes per record batch
/// read. A row that is not a valid case (or has no version) has its `fouten` and is counted
/// as refused.
pub fn beoordeel(
    choice: &mut super::batch::VersionChoice,
    kolommen: &Invoer,
    uit: &Uitvoer,
    reader: Lezer,
    writer: &mut Schrijver,
) -> Result<super::batch::Summary, Stop> {
    use super::load::LoadError;
    let mut summary = super::batch::Summary::default();
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
            let keuze = match choice.versions_mut().kies(peildatum, aanvraagdatum) {
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
            let evaluated = choice
                .with_evaluator(keuze.index, |ev| {
                    let p = ev.program;
                    let (plan, uplan) = plans
                        .entry(keuze.index)
                        .or_insert_with(|| (kolommen.plan(p), uit.plan(p)));
                    let case = case.get_or_insert_with(|| Case::empty(p));
                    rijen.case(r, rij, p, plan, case)?;
                    ev.all_into(case, &mut outcomes);
                    rows.uitkomsten(p, uplan, &outcomes)
                })
                .map_err(Stop::Regulation)?;
            match evaluated {
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

fn refuse(rows: &mut Uitvoerrijen, summary: &mut super::batch::Summary, f: &[Rijfout]) {
    summary.refused += 1;
    rows.geweigerd(&serde_json::to_string(f).unwrap_or_default());
}
