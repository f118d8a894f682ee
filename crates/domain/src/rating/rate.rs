//! One rate of a rate table: the dialled-number prefix it applies to, its
//! price per minute, connection fee and billing increments.

use std::fmt;

use super::money::{MAX_MONEY, Money};
use super::prefix::DialPrefix;

/// The longest description a rate may have.
pub const MAX_DESCRIPTION_CHARS: usize = 100;

/// The longest minimum or increment, in seconds.
pub const MAX_INCREMENT_SECONDS: u32 = 3_600;

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
