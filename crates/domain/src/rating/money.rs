//! Exact money: an amount in ten-thousandths of the tenant's currency, in an
//! `i64`. Never a float: `"0.0125"` parses to 125 units and formats back to
//! `"0.0125"`.

use std::fmt;

/// Units per whole currency unit (four decimal places).
pub const UNITS_PER_WHOLE: i64 = 10_000;

/// An amount of the tenant's currency in 1/10,000 units.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(transparent)]
pub struct Money(i64);

/// The largest amount a text may hold (a thousand billion whole units),
/// so every sum and product below stays far from `i64` overflow.
pub const MAX_MONEY: Money = Money(1_000_000_000_000 * UNITS_PER_WHOLE);

impl Money {
    /// No money.
    pub const ZERO: Money = Money(0);

    /// An amount of `units` ten-thousandths.
    pub const fn from_units(units: i64) -> Money {
        Money(units)
    }

    /// The amount in ten-thousandths.
    pub const fn units(self) -> i64 {
        self.0
    }

    /// Parses a decimal such as `1`, `0.0125`, `-3.5` or `12.30`: at most
    /// four decimals (trailing zeros beyond them are accepted), a `.` as the
    /// separator, no exponent, no thousands separator, at most [`MAX_MONEY`].
    pub fn parse(raw: &str) -> Result<Money, String> {
        let text = raw.trim();
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text.strip_prefix('+').unwrap_or(text)),
        };
        let (whole, fraction) = match digits.split_once('.') {
            Some((w, f)) => (w, f),
            None => (digits, ""),
        };
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if (whole.is_empty() && fraction.is_empty()) || !all_digits(whole) || !all_digits(fraction)
        {
            return Err(format!(
                "must be a decimal amount such as 0.0125 (got {text:?})"
            ));
        }
        let fraction = fraction.trim_end_matches('0');
        if fraction.len() > 4 {
            return Err("must have at most 4 decimal places".into());
        }
        let whole = whole.trim_start_matches('0');
        if whole.len() > 13 {
            return Err("is too large".into());
        }
        let whole: i64 = if whole.is_empty() {
            0
        } else {
            whole.parse().map_err(|_| "is too large")?
        };
        let mut units: i64 = fraction.parse::<i64>().unwrap_or(0);
        units *= 10_i64.pow(4 - fraction.len() as u32);
        let total = whole * UNITS_PER_WHOLE + units;
        if total > MAX_MONEY.0 {
            return Err("is too large".into());
        }
        Ok(Money(if negative { -total } else { total }))
    }

    /// The sum, or `None` on overflow.
    pub fn checked_add(self, other: Money) -> Option<Money> {
        self.0.checked_add(other.0).map(Money)
    }

    /// The difference, or `None` on overflow.
    pub fn checked_sub(self, other: Money) -> Option<Money> {
        self.0.checked_sub(other.0).map(Money)
    }
}

/// At least two decimals, up to four: `1.00`, `1.50`, `0.0125`, `-0.10`.
impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let whole = abs / UNITS_PER_WHOLE as u64;
        let fraction = abs % UNITS_PER_WHOLE as u64;
        let mut decimals = format!("{fraction:04}");
        while decimals.len() > 2 && decimals.ends_with('0') {
            decimals.pop();
        }
        write!(f, "{sign}{whole}.{decimals}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_decimal_with_four_places_is_exact() {
        assert_eq!(Money::parse("0.0125"), Ok(Money::from_units(125)));
        assert_eq!(Money::from_units(125).to_string(), "0.0125");
    }

    #[test]
    fn whole_and_short_amounts_format_with_two_decimals() {
        assert_eq!(Money::parse("1").unwrap().to_string(), "1.00");
        assert_eq!(Money::parse("12.3").unwrap().to_string(), "12.30");
        assert_eq!(Money::parse(".5").unwrap().to_string(), "0.50");
        assert_eq!(Money::parse("-0.1").unwrap().to_string(), "-0.10");
    }

    #[test]
    fn trailing_zeros_past_four_decimals_are_accepted() {
        assert_eq!(Money::parse("0.012500"), Ok(Money::from_units(125)));
    }

    #[test]
    fn a_fifth_significant_decimal_is_refused() {
        assert!(Money::parse("0.00001").is_err());
    }

    #[test]
    fn floats_exponents_and_separators_are_refused() {
        for bad in ["", ".", "1e3", "1,5", "1.2.3", "abc", "--1", "1 000"] {
            assert!(Money::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn amounts_past_the_maximum_are_refused() {
        assert!(Money::parse("1000000000000").is_ok());
        assert!(Money::parse("1000000000000.0001").is_err());
        assert!(Money::parse("99999999999999999999").is_err());
    }
}
