//! Exact arithmetic on quantities (getal, bedrag, percentage, uren), shared by constant
//! evaluation at check time ([`crate::value::Val`]) and case evaluation
//! ([`crate::value::V`]), so that the checker and the interpreter can never compute
//! different numbers for the same rule.
//!
//! Everything is `rust_decimal`: no floats, no rounding except where a rule asks for it, and
//! `None` on overflow or on a combination without meaning (the checker reports those first).

use crate::syntax::{BinOp, Rounding};
use rust_decimal::{Decimal, RoundingStrategy};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Qty {
    Getal,
    Bedrag,
    Percentage,
    Uren,
}

/// `a op b` for two quantities.
pub fn arith(op: BinOp, a: (Qty, Decimal), b: (Qty, Decimal)) -> Option<(Qty, Decimal)> {
    use Qty::*;
    let ((ka, x), (kb, y)) = (a, b);
    match op {
        BinOp::Add if ka == kb => Some((ka, x.checked_add(y)?)),
        BinOp::Sub if ka == kb => Some((ka, x.checked_sub(y)?)),
        BinOp::Mul => match (ka, kb) {
            (Getal, k) => Some((k, mul(y, x)?)),
            (k, Getal) => Some((k, mul(x, y)?)),
            (Percentage, k @ (Bedrag | Uren)) => Some((k, mul(y, percent_factor(x)?)?)),
            (k @ (Bedrag | Uren), Percentage) => Some((k, mul(x, percent_factor(y)?)?)),
            _ => None,
        },
        BinOp::Div if y.is_zero() => None,
        BinOp::Div => match (ka, kb) {
            (k, Getal) => Some((k, x.checked_div(y)?)),
            (Bedrag, Bedrag) | (Uren, Uren) | (Percentage, Percentage) => {
                Some((Getal, x.checked_div(y)?))
            }
            _ => None,
        },
        BinOp::Van if ka == Percentage => Some((kb, mul(y, percent_factor(x)?)?)),
        _ => None,
    }
}

/// `x × y`, exactly: the result of `checked_mul`, with a quick path for two mantissas of at
/// most 32 bits (the product then fits in 64 bits and needs no rescaling). This is on the
/// path of every `P van uren` in a case.
#[inline]
pub fn mul(x: Decimal, y: Decimal) -> Option<Decimal> {
    let (a, b) = (x.unpack(), y.unpack());
    let scale = a.scale + b.scale;
    if a.hi == 0 && a.mid == 0 && b.hi == 0 && b.mid == 0 && scale <= Decimal::MAX_SCALE {
        let product = u64::from(a.lo) * u64::from(b.lo);
        if product == 0 {
            // As `checked_mul`: zero without a scale.
            return Some(Decimal::ZERO);
        }
        let (lo, mid) = ((product & 0xFFFF_FFFF) as u32, (product >> 32) as u32);
        return Some(Decimal::from_parts(
            lo,
            mid,
            0,
            a.negative != b.negative,
            scale,
        ));
    }
    mul_wide(x, y)
}

/// The general multiplication, out of line so that the quick path inlines.
#[cold]
#[inline(never)]
fn mul_wide(x: Decimal, y: Decimal) -> Option<Decimal> {
    x.checked_mul(y)
}

/// `p%` as a factor (`15%` → `0.15`), exactly: moving the decimal point is not a division.
pub fn percent_factor(p: Decimal) -> Option<Decimal> {
    let mut f = p;
    match f.set_scale(p.scale() + 2) {
        Ok(()) => Some(f),
        Err(_) => p.checked_div(Decimal::ONE_HUNDRED),
    }
}

/// `x afgerond [naar boven|naar beneden] op step`: to a whole multiple of `step`, which must be
/// positive. The result has the scale of the step (`op € 0,01` gives cents).
pub fn round(x: Decimal, dir: Rounding, step: Decimal) -> Option<Decimal> {
    if step <= Decimal::ZERO {
        return None;
    }
    let strategy = match dir {
        Rounding::Up => RoundingStrategy::ToPositiveInfinity,
        Rounding::Down => RoundingStrategy::ToNegativeInfinity,
        Rounding::Nearest => RoundingStrategy::MidpointAwayFromZero,
    };
    // A power of ten (`€ 1`, `€ 0,01`, `1`): round to that many decimals, no division.
    if step.mantissa() == 1 {
        let mut r = x.round_dp_with_strategy(step.scale(), strategy);
        r.rescale(step.scale());
        return Some(r);
    }
    let q = x.checked_div(step)?.round_dp_with_strategy(0, strategy);
    q.checked_mul(step)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap_or_default()
    }

    #[test]
    fn a_percentage_factor_is_exact() {
        assert_eq!(percent_factor(d("15")), Some(d("0.15")));
        assert_eq!(percent_factor(d("12.5")), Some(d("0.125")));
    }

    #[test]
    fn rounding_by_a_power_of_ten_equals_rounding_by_division() {
        for x in ["1234.5", "-1234.5", "0.005", "99.995", "1807.09", "-0.5"] {
            for step in ["1", "0.01", "0.1", "10"] {
                for dir in [Rounding::Up, Rounding::Down, Rounding::Nearest] {
                    let (x, s) = (d(x), d(step));
                    let strategy = match dir {
                        Rounding::Up => RoundingStrategy::ToPositiveInfinity,
                        Rounding::Down => RoundingStrategy::ToNegativeInfinity,
                        Rounding::Nearest => RoundingStrategy::MidpointAwayFromZero,
                    };
                    let by_division = (x / s).round_dp_with_strategy(0, strategy) * s;
                    let got = round(x, dir, s);
                    assert_eq!(got, Some(by_division), "{x} {dir:?} op {s}");
                    assert_eq!(
                        got.map(|g| g.scale()),
                        Some(s.scale()),
                        "{x} {dir:?} op {s}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_quick_multiplication_gives_what_checked_mul_gives_bit_for_bit() {
        let values = [
            "0",
            "-0",
            "0.00",
            "1",
            "-1",
            "32",
            "0.05",
            "0.15",
            "12.5",
            "1950.00",
            "-1807.09",
            "0.0000000000000000000000000001",
            "79228162514264337593543950335",
            "-79228162514264337593543950335",
            "9223372036854775807",
            "-9223372036854775808",
            "9223372036854775808",
            "18446744073709551616",
            "4294967296",
            "0.333333333333",
            "123456789.123456789",
            "1e-20",
            "-3.5e-10",
        ];
        for a in values {
            for b in values {
                let (x, y) = (d(a), d(b));
                let (got, want) = (mul(x, y), x.checked_mul(y));
                assert_eq!(got, want, "{a} × {b}");
                // Equal as numbers is not enough: the scale shows in the output.
                assert_eq!(
                    got.map(|g| (g.scale(), g.to_string())),
                    want.map(|w| (w.scale(), w.to_string())),
                    "{a} × {b}"
                );
            }
        }
    }
}
