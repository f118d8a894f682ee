//! One rate of a rate table: the dialled-number prefix it applies to, its
//! price per minute, connection fee and billing increments.

use std::borrow::Cow;
use std::fmt;

use super::money::{MAX_MONEY, Money};

/// The longest prefix a rate may have (E.164 numbers have at most 15 digits).
pub const MAX_PREFIX_DIGITS: usize = 20;

/// The longest description a rate may have.
pub const MAX_DESCRIPTION_CHARS: usize = 100;

/// The longest minimum or increment, in seconds.
pub const MAX_INCREMENT_SECONDS: u32 = 3_600;

/// A dialled number reduced to the digits rates are matched on.
///
/// The rule (the same for rate prefixes and for dialled numbers): spaces,
/// `-`, `.`, `(` and `)` are dropped; then a leading `+` is removed, or else
/// a leading `00` (the international access code), so `+44 20`, `004420`
/// and `4420` are all `4420`. A single leading `0` (a national number) is
/// kept. Anything else that is not a digit (`*`, `#`, letters) makes the
/// number unrateable (`None`).
pub fn normalise_number(raw: &str) -> Option<String> {
    normalised(raw).map(Cow::into_owned)
}

/// [`normalise_number`] without a copy when `raw` is digits already (the
/// usual case in call records).
pub(super) fn normalised(raw: &str) -> Option<Cow<'_, str>> {
    let bytes = raw.as_bytes();
    if !bytes.is_empty() && !bytes.starts_with(b"00") && bytes.iter().all(u8::is_ascii_digit) {
        return Some(Cow::Borrowed(raw));
    }
    let compact: String = raw
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')'))
        .collect();
    let digits = match compact.strip_prefix('+') {
        Some(rest) => rest,
        None => compact.strip_prefix("00").unwrap_or(&compact),
    };
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| Cow::Owned(digits.to_owned()))
}

/// The digits a rate applies to, normalised with [`normalise_number`];
/// held inline (no allocation, `Copy`), ordered as text.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct DialPrefix {
    len: u8,
    digits: [u8; MAX_PREFIX_DIGITS],
}

impl DialPrefix {
    /// Parses a prefix such as `44`, `+4420` or `0044 20`.
    pub fn parse(raw: &str) -> Result<DialPrefix, String> {
        let digits =
            normalised(raw).ok_or("must be digits (a leading + or 00 is removed), such as 4420")?;
        if digits.len() > MAX_PREFIX_DIGITS {
            return Err(format!("must be at most {MAX_PREFIX_DIGITS} digits"));
        }
        let mut prefix = DialPrefix {
            len: digits.len() as u8,
            digits: [0; MAX_PREFIX_DIGITS],
        };
        prefix.digits[..digits.len()].copy_from_slice(digits.as_bytes());
        Ok(prefix)
    }

    /// The digits as bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.digits[..usize::from(self.len)]
    }

    /// The digits.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(self.as_bytes()).unwrap_or_default()
    }
}

impl Ord for DialPrefix {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_bytes().cmp(other.as_bytes())
    }
}

impl PartialOrd for DialPrefix {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Debug for DialPrefix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DialPrefix({:?})", self.as_str())
    }
}

impl fmt::Display for DialPrefix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for DialPrefix {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// How answered seconds are billed: the first `minimum` seconds as a whole,
/// then in steps of `increment` seconds (`60/60` per started minute, `30/6`,
/// `1/1` per second). A `minimum` of 0 bills from the first increment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Billing {
    minimum: u32,
    increment: u32,
}

impl Billing {
    /// Per second.
    pub const PER_SECOND: Billing = Billing {
        minimum: 1,
        increment: 1,
    };

    /// A `minimum / increment` pair: minimum 0 to 3,600, increment 1 to 3,600.
    pub fn new(minimum: u32, increment: u32) -> Result<Billing, String> {
        if minimum > MAX_INCREMENT_SECONDS {
            return Err(format!(
                "minimum must be 0 to {MAX_INCREMENT_SECONDS} seconds"
            ));
        }
        if !(1..=MAX_INCREMENT_SECONDS).contains(&increment) {
            return Err(format!(
                "increment must be 1 to {MAX_INCREMENT_SECONDS} seconds"
            ));
        }
        Ok(Billing { minimum, increment })
    }

    /// Parses `60/60`, `30/6`, or a single number `n` meaning `n/n`.
    pub fn parse(raw: &str) -> Result<Billing, String> {
        let number = |s: &str| {
            s.trim()
                .parse::<u32>()
                .map_err(|_| format!("must be seconds such as 60/60, 30/6 or 1 (got {raw:?})"))
        };
        match raw.split_once('/') {
            Some((m, i)) => Billing::new(number(m)?, number(i)?),
            None => {
                let n = number(raw)?;
                Billing::new(n, n)
            }
        }
    }

    /// The first billed block, in seconds.
    pub fn minimum(self) -> u32 {
        self.minimum
    }

    /// The step after the first block, in seconds.
    pub fn increment(self) -> u32 {
        self.increment
    }

    /// The seconds billed for a first block (the minimum, or one increment
    /// when the minimum is 0).
    pub(super) fn first_block(self) -> u64 {
        u64::from(if self.minimum > 0 {
            self.minimum
        } else {
            self.increment
        })
    }

    /// Billed seconds for `billsec` answered seconds: 0 for 0; else the
    /// first block, plus the seconds past it rounded up to whole increments.
    pub fn billed_seconds(self, billsec: u32) -> u64 {
        if billsec == 0 {
            return 0;
        }
        let first = self.first_block();
        let past = u64::from(billsec).saturating_sub(first);
        let increment = u64::from(self.increment);
        first + past.div_ceil(increment) * increment
    }
}

impl fmt::Display for Billing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.minimum, self.increment)
    }
}

/// One rate: calls to numbers starting with `prefix` (and no longer prefix
/// of the table) cost `connection_fee` plus `per_minute` for each billed
/// minute, prorated per billed second.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Rate {
    /// The digits the rate applies to.
    pub prefix: DialPrefix,
    /// What the prefix is, e.g. `United Kingdom mobile`.
    pub description: String,
    /// Price of one billed minute.
    pub per_minute: Money,
    /// Charged once per answered call.
    pub connection_fee: Money,
    /// How answered seconds are billed.
    pub billing: Billing,
}

impl Rate {
    /// A rate from checked parts: the amounts must be 0 to the maximum, the
    /// description printable and at most 100 characters. The error names
    /// the field (`per_minute`, `connection_fee`, `description`).
    pub fn new(
        prefix: DialPrefix,
        description: &str,
        per_minute: Money,
        connection_fee: Money,
        billing: Billing,
    ) -> Result<Rate, (&'static str, String)> {
        for (field, amount) in [
            ("per_minute", per_minute),
            ("connection_fee", connection_fee),
        ] {
            if amount < Money::ZERO || amount > MAX_MONEY {
                return Err((field, "must be zero or more".into()));
            }
        }
        let description = description.trim();
        crate::values::check_text(
            description,
            crate::values::TextClass::Free,
            MAX_DESCRIPTION_CHARS,
        )
        .map_err(|e| ("description", e))?;
        Ok(Rate {
            prefix,
            description: description.to_owned(),
            per_minute,
            connection_fee,
            billing,
        })
    }

    /// The amount for `billsec` answered seconds (see [`super::RateTable::price`]).
    pub fn amount(&self, billsec: u32) -> Money {
        if billsec == 0 {
            return Money::ZERO;
        }
        let billed = i128::from(self.billing.billed_seconds(billsec));
        let per_minute = i128::from(self.per_minute.units());
        // Rounded up to the next 1/10,000: a call is never undercharged.
        let usage = (billed * per_minute + 59) / 60;
        let total = i128::from(self.connection_fee.units()) + usage;
        Money::from_units(i64::try_from(total).unwrap_or(i64::MAX))
    }

    /// The longest billable duration, in seconds, that `budget` pays for,
    /// at most `cap`: 0 when not even the first block (with the connection
    /// fee) fits; `cap` when the rate is free.
    pub fn max_seconds_within(&self, budget: Money, cap: u32) -> u32 {
        let Some(remaining) = budget.checked_sub(self.connection_fee) else {
            return 0;
        };
        if remaining < Money::ZERO {
            return 0;
        }
        if self.per_minute == Money::ZERO {
            return cap;
        }
        // ceil(B * ppm / 60) <= r  <=>  B * ppm <= 60 r (integers).
        let most = i128::from(remaining.units()) * 60 / i128::from(self.per_minute.units());
        let first = i128::from(self.billing.first_block());
        if most < first {
            return 0;
        }
        let increment = i128::from(self.billing.increment());
        let billed = first + (most - first) / increment * increment;
        u32::try_from(billed).unwrap_or(u32::MAX).min(cap)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rate(per_minute: &str, fee: &str, billing: &str) -> Rate {
        Rate::new(
            DialPrefix::parse("44").unwrap(),
            "",
            Money::parse(per_minute).unwrap(),
            Money::parse(fee).unwrap(),
            Billing::parse(billing).unwrap(),
        )
        .unwrap()
    }

    #[test]
    fn plus_and_double_zero_mean_the_same_number() {
        assert_eq!(
            normalise_number("+44 (20) 7946-0000").as_deref(),
            Some("442079460000")
        );
        assert_eq!(
            normalise_number("00442079460000").as_deref(),
            Some("442079460000")
        );
        assert_eq!(
            normalise_number("02079460000").as_deref(),
            Some("02079460000")
        );
        assert_eq!(normalise_number("*97"), None);
        assert_eq!(normalise_number("+"), None);
    }

    #[test]
    fn sixty_sixty_bills_per_started_minute() {
        let billing = Billing::parse("60/60").unwrap();
        assert_eq!(billing.billed_seconds(1), 60);
        assert_eq!(billing.billed_seconds(60), 60);
        assert_eq!(billing.billed_seconds(61), 120);
    }

    #[test]
    fn thirty_six_bills_a_half_minute_then_six_second_steps() {
        let billing = Billing::parse("30/6").unwrap();
        assert_eq!(billing.billed_seconds(5), 30);
        assert_eq!(billing.billed_seconds(31), 36);
        assert_eq!(billing.billed_seconds(36), 36);
        assert_eq!(billing.billed_seconds(37), 42);
    }

    #[test]
    fn a_zero_minimum_bills_whole_increments() {
        let billing = Billing::parse("0/10").unwrap();
        assert_eq!(billing.billed_seconds(1), 10);
        assert_eq!(billing.billed_seconds(11), 20);
    }

    #[test]
    fn an_increment_of_zero_is_refused() {
        assert!(Billing::parse("60/0").is_err());
        assert!(Billing::parse("x").is_err());
        assert!(Billing::parse("3601/1").is_err());
    }

    #[test]
    fn the_amount_is_fee_plus_billed_minutes_rounded_up() {
        // 61 s at 60/60 = 2 minutes at 0.0125 + 0.05 fee.
        assert_eq!(
            rate("0.0125", "0.05", "60/60").amount(61).to_string(),
            "0.075"
        );
        // 1 s per second at 0.0001/min = 0.0001/60, rounded up to 0.0001.
        assert_eq!(rate("0.0001", "0", "1/1").amount(1), Money::from_units(1));
    }

    #[test]
    fn an_unanswered_call_costs_nothing() {
        assert_eq!(rate("1", "0.5", "60/60").amount(0), Money::ZERO);
    }

    #[test]
    fn the_budget_buys_whole_blocks_only() {
        let r = rate("0.60", "0.10", "60/60");
        assert_eq!(
            r.max_seconds_within(Money::parse("1.30").unwrap(), 86_400),
            120
        );
        assert_eq!(
            r.max_seconds_within(Money::parse("0.69").unwrap(), 86_400),
            0
        );
        assert_eq!(
            r.max_seconds_within(Money::parse("0.05").unwrap(), 86_400),
            0
        );
    }

    #[test]
    fn a_free_rate_allows_the_cap() {
        assert_eq!(
            rate("0", "0", "1/1").max_seconds_within(Money::ZERO, 500),
            500
        );
    }

    #[test]
    fn negative_amounts_are_refused() {
        let err = Rate::new(
            DialPrefix::parse("1").unwrap(),
            "",
            Money::parse("-1").unwrap(),
            Money::ZERO,
            Billing::PER_SECOND,
        );
        assert_eq!(err.unwrap_err().0, "per_minute");
    }
}
