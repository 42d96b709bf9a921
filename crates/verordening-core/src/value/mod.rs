//! Runtime values: exact decimals for money, percentages and hours; calendar durations; dates.
//!
//! Calendar arithmetic (the month-end rule): adding months to a date keeps the day of the
//! month, and where that day does not exist in the target month it becomes the last day of
//! that month (31 januari + 1 maand = 28 of 29 februari). Years are 12 months, weeks 7 days.
//! The clamp is done on the final date of `d + months + days`, not before the days are
//! counted (see [`Duration::after`]); a chain `d + 3 maanden + 3 maanden - 1 dag` is evaluated
//! as `d + (6 maanden - 1 dag)` (see `check::consteval::date_chain`).
//! Two durations are compared by adding each to the same reference date.

pub mod ops;

use crate::quantity::Qty;
use chrono::{Datelike, Days, Months, NaiveDate};
use rust_decimal::Decimal;
use std::cmp::Ordering;
use std::fmt;

/// A calendar duration, or a number of working days (which do not mix with calendar time).
/// `i32` parts (±2 billion months or days is beyond any rule) keep a value small: a duration
/// travels by value through every evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Duration {
    pub months: i32,
    pub days: i32,
    pub workdays: i32,
}

/// `n` as an `i32`, saturating (only for results of date arithmetic, which stay in range).
fn saturate(n: i64) -> i32 {
    i32::try_from(n).unwrap_or(if n < 0 { i32::MIN } else { i32::MAX })
}

impl Duration {
    pub fn months(n: i64) -> Self {
        Duration {
            months: saturate(n),
            ..Default::default()
        }
    }
    pub fn days(n: i64) -> Self {
        Duration {
            days: saturate(n),
            ..Default::default()
        }
    }
    pub fn workdays(n: i64) -> Self {
        Duration {
            workdays: saturate(n),
            ..Default::default()
        }
    }

    /// A duration of `n` units read from a file or case: `None` if out of range.
    pub fn checked_of(n: i64, unit: crate::syntax::DurationUnit) -> Option<Self> {
        use crate::syntax::DurationUnit;
        let n = i32::try_from(n).ok()?;
        // In range of an i32, so the constructors' saturation never applies.
        Some(match unit {
            DurationUnit::Dagen => Duration::days(n.into()),
            DurationUnit::Weken => Duration::days(n.checked_mul(7)?.into()),
            DurationUnit::Maanden => Duration::months(n.into()),
            DurationUnit::Jaren => Duration::months(n.checked_mul(12)?.into()),
            DurationUnit::Werkdagen => Duration::workdays(n.into()),
            DurationUnit::Uren => return None,
        })
    }

    pub fn checked_add(self, o: Duration) -> Option<Duration> {
        Some(Duration {
            months: self.months.checked_add(o.months)?,
            days: self.days.checked_add(o.days)?,
            workdays: self.workdays.checked_add(o.workdays)?,
        })
    }

    pub fn checked_neg(self) -> Option<Duration> {
        Some(Duration {
            months: self.months.checked_neg()?,
            days: self.days.checked_neg()?,
            workdays: self.workdays.checked_neg()?,
        })
    }

    pub fn checked_mul(self, n: i64) -> Option<Duration> {
        let n = i32::try_from(n).ok()?;
        Some(Duration {
            months: self.months.checked_mul(n)?,
            days: self.days.checked_mul(n)?,
            workdays: self.workdays.checked_mul(n)?,
        })
    }

    /// This duration times a whole number (`2 × 6 maanden`); `None` for a fraction.
    pub fn scaled(self, f: Decimal) -> Option<Duration> {
        if !f.fract().is_zero() {
            return None;
        }
        self.checked_mul(i64::try_from(f).ok()?)
    }

    /// The date this duration after `d`, or None out of range.
    ///
    /// Months first, then days, with the month-end clamp done on the *final* date: the day
    /// of `d` is carried into the target month as it is (31 mei + 6 maanden is "31 november"),
    /// the days are counted from that day, and only a day that still does not exist becomes
    /// the last day of its month. So `d + N maanden - 1 dag`, the last day of a period of N
    /// months, is the day before the same day N months later, and the last day of the month
    /// where that day does not exist: 31 mei 2023 + 6 maanden - 1 dag = 30 november 2023,
    /// 30 november 2023 + 3 maanden - 1 dag = 29 februari 2024 (docs/evaluatie.md).
    pub fn after(self, d: NaiveDate) -> Option<NaiveDate> {
        if self.months == 0 {
            return add_days(d, self.days);
        }
        let first = NaiveDate::from_ymd_opt(d.year(), d.month(), 1)?;
        let target = if self.months > 0 {
            first.checked_add_months(Months::new(u32::try_from(self.months).ok()?))?
        } else {
            first.checked_sub_months(Months::new(u32::try_from(-self.months).ok()?))?
        };
        let last = month_length(target)?;
        // The day number in the target month, before any clamp ("31 november" is 31).
        let day = i64::from(d.day()).checked_add(i64::from(self.days))?;
        if day >= 1 {
            // Within (or past the end of) the target month: clamp to its last day. Days past
            // a month end that the target month has do not spill into the next month:
            // "31 november" + 0 dagen and "31 november" - 1 dag are both 30 november.
            if self.days > 0 && day > i64::from(last) {
                // Counting forward beyond the month end: from the clamped date, as before.
                let clamped = target.with_day(d.day().min(last))?;
                return add_days(clamped, self.days);
            }
            let day = u32::try_from(day.min(i64::from(last))).ok()?;
            return target.with_day(day);
        }
        // Counting back past the first of the target month.
        add_days(target, i32::try_from(day.checked_sub(1)?).ok()?)
    }
    /// Compare two durations. Working days compare only with working days; durations in one
    /// unit compare by number; durations that mix months and days compare by the dates they
    /// reach from `reference` ("1 maand" is less than "30 dagen" from 1 februari 2023, more
    /// from 1 maart). The one comparison of durations: the checker passes the version's
    /// `geldig vanaf`, the evaluator the case's peildatum (docs/design.md, "Comparing
    /// durations"); without a reference date such a comparison has no answer.
    pub fn compare(self, o: Duration, reference: Option<NaiveDate>) -> Option<Ordering> {
        let cal = |x: Duration| x.months != 0 || x.days != 0;
        if (self.workdays != 0 || o.workdays != 0) && (cal(self) || cal(o)) {
            return None;
        }
        if self.workdays != 0 || o.workdays != 0 {
            return Some(self.workdays.cmp(&o.workdays));
        }
        // Same unit on both sides (ages in years, periods in months, terms in weeks): no
        // calendar needed. Only mixed months-and-days go through the reference date.
        if self.days == 0 && o.days == 0 {
            return Some(self.months.cmp(&o.months));
        }
        if self.months == 0 && o.months == 0 {
            return Some(self.days.cmp(&o.days));
        }
        let reference = reference?;
        Some(self.after(reference)?.cmp(&o.after(reference)?))
    }
}

/// How many moments `start + n × period` (n = 1, 2, ...) fall on or before `until`: the
/// recurrence "telkens nadat gedurende zes maanden werkzaamheden zijn verricht". Each moment
/// is computed from `start` (not from the previous moment), so the month-end rule does not
/// drift: from 31 augustus, the moments of 6 maanden are 28/29 februari, 31 augustus, ...
/// None for a period that is not positive or that mixes working days in.
pub fn periods_reached(start: NaiveDate, until: NaiveDate, period: Duration) -> Option<i64> {
    if period.workdays != 0 || period.months < 0 || period.days < 0 || period == Duration::default()
    {
        return None;
    }
    let moment = |n: i64| -> Option<NaiveDate> { period.checked_mul(n)?.after(start) };
    if until < moment(1)? {
        return Some(0);
    }
    // Estimate from the length of the first period, then correct: each step is one moment.
    let first = moment(1)?.signed_duration_since(start).num_days().max(1);
    let mut n = (until.signed_duration_since(start).num_days() / first).max(1);
    while n > 1 && moment(n)? > until {
        n -= 1;
    }
    while moment(n.checked_add(1)?)? <= until {
        n += 1;
    }
    Some(n)
}

/// `d` plus a (possibly negative) number of days.
fn add_days(d: NaiveDate, days: i32) -> Option<NaiveDate> {
    if days >= 0 {
        d.checked_add_days(Days::new(u64::try_from(days).ok()?))
    } else {
        d.checked_sub_days(Days::new(u64::from(days.unsigned_abs())))
    }
}

/// The number of days of the month of `d`.
fn month_length(d: NaiveDate) -> Option<u32> {
    let first = NaiveDate::from_ymd_opt(d.year(), d.month(), 1)?;
    let next = first.checked_add_months(Months::new(1))?;
    u32::try_from(next.signed_duration_since(first).num_days()).ok()
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if self.months != 0 {
            if self.months % 12 == 0 {
                let y = self.months / 12;
                parts.push(format!("{y} jaar"));
            } else {
                parts.push(format!(
                    "{} {}",
                    self.months,
                    if self.months == 1 { "maand" } else { "maanden" }
                ));
            }
        }
        if self.days != 0 {
            if self.days % 7 == 0 {
                let w = self.days / 7;
                parts.push(format!("{w} {}", if w == 1 { "week" } else { "weken" }));
            } else {
                parts.push(format!(
                    "{} {}",
                    self.days,
                    if self.days == 1 { "dag" } else { "dagen" }
                ));
            }
        }
        if self.workdays != 0 {
            parts.push(format!(
                "{} {}",
                self.workdays,
                if self.workdays == 1 {
                    "werkdag"
                } else {
                    "werkdagen"
                }
            ));
        }
        if parts.is_empty() {
            return f.write_str("0 dagen");
        }
        f.write_str(&parts.join(" en "))
    }
}

/// The one scalar of the pipeline: small and `Copy`, so evaluating a case allocates nothing.
/// In a program, texts and enumeration values are interned symbols (`Sym`); the operations on
/// scalars are in [`ops`], for the checker and the evaluator alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum V {
    Getal(Decimal),
    Bedrag(Decimal),
    Percentage(Decimal),
    Uren(Decimal),
    Duur(Duration),
    Datum(NaiveDate),
    JaNee(bool),
    Sym(u32),
}

/// A value at check time: a scalar, or what only constant evaluation meets — a text or an
/// enumeration value by name (a program interns them as [`V::Sym`]), a list, a record, the
/// articles a fill-in names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Val {
    Scalar(V),
    Tekst(String),
    Enum(String),
    List(Vec<Val>),
    Record(Vec<(String, Val)>),
    Artikelen(Vec<String>),
}

impl Val {
    /// The scalar, for a value that is one.
    pub fn scalar(&self) -> Option<V> {
        match self {
            Val::Scalar(v) => Some(*v),
            _ => None,
        }
    }

    pub fn quantity(&self) -> Option<(Qty, Decimal)> {
        self.scalar()?.quantity()
    }

    pub fn from_quantity(q: (Qty, Decimal)) -> Val {
        Val::Scalar(V::from_quantity(q))
    }

    /// Order two values of one kind; durations that mix months and days from `reference`
    /// (the version's `geldig vanaf`), with the evaluator's own [`ops::order`].
    pub fn compare(&self, o: &Val, reference: NaiveDate) -> Option<Ordering> {
        match (self, o) {
            (Val::Scalar(a), Val::Scalar(b)) => ops::order(*a, *b, Some(reference)),
            (Val::Tekst(a), Val::Tekst(b)) | (Val::Enum(a), Val::Enum(b)) => {
                if a == b {
                    Some(Ordering::Equal)
                } else {
                    None
                }
            }
            _ => None,
        }
    }
}

// How values are written is the notation's (syntax::notation); values format with it.
pub use crate::syntax::notation::{format_date, format_decimal, join_dutch, MONTHS, ORDINALS};

impl fmt::Display for Val {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Val::Scalar(v) => write!(f, "{v}"),
            Val::Tekst(t) => f.write_str(t),
            Val::Enum(e) => f.write_str(e),
            Val::List(items) => {
                let parts: Vec<String> = items.iter().map(|v| v.to_string()).collect();
                f.write_str(&join_dutch(&parts))
            }
            Val::Record(fields) => {
                let parts: Vec<String> = fields.iter().map(|(n, v)| format!("{n}: {v}")).collect();
                write!(f, "{{ {} }}", parts.join(", "))
            }
            Val::Artikelen(nrs) => {
                if nrs.len() == 1 {
                    write!(f, "artikel {}", nrs.join(""))
                } else {
                    write!(f, "de artikelen {}", join_dutch(nrs))
                }
            }
        }
    }
}

impl fmt::Display for V {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            V::Getal(d) => f.write_str(&format_decimal(*d, 0)),
            V::Bedrag(d) => {
                let decimals = if d.fract().is_zero() { 0 } else { 2 };
                write!(f, "€ {}", format_decimal(*d, decimals))
            }
            V::Percentage(d) => write!(f, "{}%", format_decimal(*d, 0)),
            V::Uren(d) => write!(f, "{} uur", format_decimal(*d, 0)),
            V::Duur(d) => write!(f, "{d}"),
            V::Datum(d) => write!(f, "{}", format_date(*d)),
            V::JaNee(b) => f.write_str(if *b { "ja" } else { "nee" }),
            // Only a program names its symbols (`Program::symbol`).
            V::Sym(s) => write!(f, "#{s}"),
        }
    }
}

/// Arithmetic on values, with the evaluator's operations ([`ops::arith`]); `en` and `of` on
/// two known ja/nee values. None where the operation has no meaning or overflows (the checker
/// has already reported meaningless combinations).
pub fn arith(op: crate::syntax::BinOp, a: &Val, b: &Val) -> Option<Val> {
    use crate::syntax::BinOp;
    let (x, y) = (a.scalar()?, b.scalar()?);
    match (op, x, y) {
        (BinOp::And, V::JaNee(x), V::JaNee(y)) => Some(Val::Scalar(V::JaNee(x && y))),
        (BinOp::Or, V::JaNee(x), V::JaNee(y)) => Some(Val::Scalar(V::JaNee(x || y))),
        _ => ops::arith(op, x, y).map(Val::Scalar),
    }
}

/// `x afgerond ... op step` for quantities of the same kind ([`ops::round`]).
pub fn round(v: &Val, dir: crate::syntax::Rounding, step: &Val) -> Option<Val> {
    ops::round(v.scalar()?, dir, step.scalar()?).map(Val::Scalar)
}

/// The value of a literal.
pub fn literal(l: &crate::syntax::Literal) -> Option<Val> {
    use crate::syntax::{DurationUnit, Literal};
    Some(match l {
        Literal::Money(d) => Val::Scalar(V::Bedrag(*d)),
        Literal::Percent(d) => Val::Scalar(V::Percentage(*d)),
        Literal::Number(d) => Val::Scalar(V::Getal(*d)),
        Literal::Bool(b) => Val::Scalar(V::JaNee(*b)),
        Literal::Date(d) => Val::Scalar(V::Datum(*d)),
        Literal::Text(t) => Val::Tekst(t.value.clone()),
        Literal::Quantity(n, DurationUnit::Uren) => Val::Scalar(V::Uren(*n)),
        Literal::Quantity(n, unit) => {
            if !n.fract().is_zero() {
                return None;
            }
            let n: i64 = (*n).try_into().ok()?;
            Val::Scalar(V::Duur(Duration::checked_of(n, *unit)?))
        }
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::cast_sign_loss)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// The last day of a period of `n` months from `start`: `start + n maanden - 1 dag`.
    fn end(start: NaiveDate, n: i32) -> NaiveDate {
        Duration {
            months: n,
            days: -1,
            workdays: 0,
        }
        .after(start)
        .unwrap()
    }

    fn length(y: i32, m: u32) -> u32 {
        month_length(date(y, m, 1)).unwrap()
    }

    #[test]
    fn the_issue_examples() {
        // "een forfaitaire loonkostensubsidie vanaf 31 mei 2023 voor 3 + 3 maanden eindigt op
        // 30 november" (issue 18, item 4)
        assert_eq!(end(date(2023, 5, 31), 6), date(2023, 11, 30));
        // "vanaf 30 november 2023 voor 3 maanden op 29 februari 2024"
        assert_eq!(end(date(2023, 11, 30), 3), date(2024, 2, 29));
    }

    /// For every month of a common (2023) and a leap year (2024), and for every day of it as
    /// the start: a period of one month ends the day before the same day a month later, or on
    /// the last day of the next month where that day does not exist there.
    #[test]
    fn a_period_of_one_month_from_every_day_of_a_leap_and_a_common_year() {
        for year in [2023, 2024] {
            for m in 1..=12u32 {
                let (ny, nm) = if m == 12 {
                    (year + 1, 1)
                } else {
                    (year, m + 1)
                };
                for d in 1..=length(year, m) {
                    let expected = if d == 1 {
                        date(year, m, length(year, m))
                    } else if d <= length(ny, nm) {
                        date(ny, nm, d - 1)
                    } else {
                        date(ny, nm, length(ny, nm))
                    };
                    assert_eq!(end(date(year, m, d), 1), expected, "{year}-{m}-{d}");
                }
            }
        }
    }

    /// The month ends themselves: a start on the last day of a month, for 1 to 12 months.
    #[test]
    fn periods_starting_on_a_month_end() {
        for year in [2023, 2024] {
            for m in 1..=12u32 {
                let start = date(year, m, length(year, m));
                for n in 1..=12i32 {
                    let target = date(year, m, 1)
                        .checked_add_months(Months::new(n as u32))
                        .unwrap();
                    let (ty, tm) = (target.year(), target.month());
                    let expected = if start.day() <= length(ty, tm) {
                        date(ty, tm, start.day() - 1)
                    } else {
                        date(ty, tm, length(ty, tm))
                    };
                    assert_eq!(end(start, n), expected, "{start} + {n} maanden - 1 dag");
                }
            }
        }
        // A year from 29 februari 2024 ends on 28 februari 2025 (29 februari 2025 does not
        // exist, so the period ends on the last day of februari).
        assert_eq!(end(date(2024, 2, 29), 12), date(2025, 2, 28));
        assert_eq!(end(date(2024, 3, 1), 12), date(2025, 2, 28));
        assert_eq!(end(date(2023, 3, 1), 12), date(2024, 2, 29));
    }

    #[test]
    fn moments_of_a_recurrence() {
        let six = Duration::months(6);
        let start = date(2023, 1, 1);
        assert_eq!(periods_reached(start, date(2023, 6, 30), six), Some(0));
        assert_eq!(periods_reached(start, date(2023, 7, 1), six), Some(1));
        assert_eq!(periods_reached(start, date(2023, 12, 31), six), Some(1));
        assert_eq!(periods_reached(start, date(2024, 1, 1), six), Some(2));
        assert_eq!(periods_reached(start, date(2022, 1, 1), six), Some(0));
        // From 31 augustus: 29 februari 2024, 31 augustus 2024, 28 februari 2025.
        let start = date(2023, 8, 31);
        assert_eq!(periods_reached(start, date(2024, 2, 28), six), Some(0));
        assert_eq!(periods_reached(start, date(2024, 2, 29), six), Some(1));
        assert_eq!(periods_reached(start, date(2024, 8, 30), six), Some(1));
        assert_eq!(periods_reached(start, date(2024, 8, 31), six), Some(2));
        assert_eq!(periods_reached(start, date(2025, 2, 28), six), Some(3));
        // Weeks, and a long span.
        assert_eq!(
            periods_reached(date(2023, 1, 2), date(2023, 1, 15), Duration::days(7)),
            Some(1)
        );
        assert_eq!(
            periods_reached(date(2000, 1, 1), date(2100, 1, 1), six),
            Some(200)
        );
        assert_eq!(periods_reached(start, start, Duration::default()), None);
    }

    #[test]
    fn adding_months_alone_still_clamps_and_days_alone_count_days() {
        let m = |n| Duration::months(n);
        assert_eq!(m(1).after(date(2023, 1, 31)), Some(date(2023, 2, 28)));
        assert_eq!(m(1).after(date(2024, 1, 31)), Some(date(2024, 2, 29)));
        assert_eq!(m(-1).after(date(2023, 3, 31)), Some(date(2023, 2, 28)));
        assert_eq!(
            Duration::days(-1).after(date(2023, 3, 1)),
            Some(date(2023, 2, 28))
        );
        // Forward days past a month end count from the clamped date, as before.
        let d = Duration {
            months: 1,
            days: 1,
            workdays: 0,
        };
        assert_eq!(d.after(date(2023, 1, 31)), Some(date(2023, 3, 1)));
        // Counting back more days than the target month has before the day.
        let d = Duration {
            months: 1,
            days: -20,
            workdays: 0,
        };
        assert_eq!(d.after(date(2023, 1, 10)), Some(date(2023, 1, 21)));
    }

    #[test]
    fn months_against_days_need_a_reference_date_and_depend_on_it() {
        let month = Duration::months(1);
        let days = Duration::days(30);
        assert_eq!(
            month.compare(days, Some(date(2023, 2, 1))),
            Some(Ordering::Less)
        );
        assert_eq!(
            month.compare(days, Some(date(2023, 3, 1))),
            Some(Ordering::Greater)
        );
        assert_eq!(month.compare(days, None), None);
        // One unit on both sides needs no calendar.
        assert_eq!(
            month.compare(Duration::months(2), None),
            Some(Ordering::Less)
        );
    }
}
