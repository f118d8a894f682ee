//! A rate table ready for pricing: its rates sorted by prefix, each with a
//! link to its longest shorter prefix in the table, so the longest prefix of
//! a dialled number is one binary search plus a walk up those links (at most
//! one step per digit). 50,000 prefixes take about 2 MB.

use super::money::Money;
use super::prefix::{DialPrefix, normalised};
use super::rate::Rate;

/// The longest duration [`RateTable::max_seconds_within`] answers: a day.
pub const MAX_CALL_SECONDS: u32 = 86_400;

/// The rate a call matched and what it costs.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Priced {
    /// The matched rate's prefix.
    pub prefix: DialPrefix,
    /// The call's price.
    pub amount: Money,
}

/// Two rates of one table with the same prefix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("prefix {prefix} appears twice (rates {first} and {second})")]
pub struct DuplicatePrefix {
    /// The repeated prefix.
    pub prefix: String,
    /// Position of the first rate with it (0-based, in the given order).
    pub first: usize,
    /// Position of the second.
    pub second: usize,
}

/// The rates of one table, indexed for longest-prefix matching.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RateTable {
    /// Sorted by prefix.
    rates: Vec<Rate>,
    /// For each rate, the index of its longest proper prefix in `rates`.
    parent: Vec<Option<u32>>,
}

impl RateTable {
    /// Indexes `rates`; refuses a prefix given twice.
    pub fn new(rates: Vec<Rate>) -> Result<RateTable, DuplicatePrefix> {
        let mut numbered: Vec<(usize, Rate)> = rates.into_iter().enumerate().collect();
        numbered.sort_by_key(|a| a.1.prefix);
        for pair in numbered.windows(2) {
            if pair[0].1.prefix == pair[1].1.prefix {
                let (first, second) = (pair[0].0.min(pair[1].0), pair[0].0.max(pair[1].0));
                return Err(DuplicatePrefix {
                    prefix: pair[0].1.prefix.to_string(),
                    first,
                    second,
                });
            }
        }
        let rates: Vec<Rate> = numbered.into_iter().map(|(_, r)| r).collect();
        // A stack of the open ancestors while walking in sorted order: every
        // prefix of an entry sorts before it, so its parent is on the stack.
        let mut parent = Vec::with_capacity(rates.len());
        let mut stack: Vec<u32> = Vec::new();
        for (index, rate) in rates.iter().enumerate() {
            let digits = rate.prefix.as_str();
            while let Some(&top) = stack.last() {
                if digits.starts_with(rates[top as usize].prefix.as_str()) {
                    break;
                }
                stack.pop();
            }
            parent.push(stack.last().copied());
            stack.push(u32::try_from(index).expect("fewer than 2^32 rates"));
        }
        Ok(RateTable { rates, parent })
    }

    /// The rates, sorted by prefix.
    pub fn rates(&self) -> &[Rate] {
        &self.rates
    }

    /// The number of rates.
    pub fn len(&self) -> usize {
        self.rates.len()
    }

    /// True without rates.
    pub fn is_empty(&self) -> bool {
        self.rates.is_empty()
    }

    /// The rate with the longest prefix of `digits` (already normalised).
    pub fn lookup_digits(&self, digits: &str) -> Option<&Rate> {
        let digits = digits.as_bytes();
        // The last rate sorting at or before the number: any prefix of the
        // number in the table is that rate or one of its ancestors.
        let after = self
            .rates
            .partition_point(|r| r.prefix.as_bytes() <= digits);
        let mut at = after.checked_sub(1)?;
        loop {
            let rate = &self.rates[at];
            if digits.starts_with(rate.prefix.as_bytes()) {
                return Some(rate);
            }
            at = self.parent[at]? as usize;
        }
    }

    /// The rate for a dialled number (normalised with
    /// [`super::normalise_number`]): the one with the longest matching prefix.
    pub fn lookup(&self, dialled: &str) -> Option<&Rate> {
        self.lookup_digits(&normalised(dialled)?)
    }

    /// The price of a call to `dialled` answered for `billsec` seconds, or
    /// `None` when no rate matches. The amount is the connection fee plus
    /// the billed seconds ([`super::Billing::billed_seconds`]) times the
    /// price per minute / 60, rounded up to the next 1/10,000; a call with 0
    /// answered seconds costs nothing (no connection fee either).
    pub fn price(&self, dialled: &str, billsec: u32) -> Option<Priced> {
        let rate = self.lookup(dialled)?;
        Some(Priced {
            prefix: rate.prefix,
            amount: rate.amount(billsec),
        })
    }

    /// The longest billable duration `budget` pays for on a call to
    /// `dialled`, at most [`MAX_CALL_SECONDS`]: 0 when not even the
    /// connection fee and first block fit; `None` when no rate matches.
    /// `price(dialled, s) <= budget` for that `s`, and one more increment
    /// costs more than `budget` (unless the day cap was reached).
    pub fn max_seconds_within(&self, budget: Money, dialled: &str) -> Option<u32> {
        let rate = self.lookup(dialled)?;
        Some(rate.max_seconds_within(budget, MAX_CALL_SECONDS))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rating::{Billing, Money};

    fn table(prefixes: &[&str]) -> RateTable {
        RateTable::new(
            prefixes
                .iter()
                .map(|p| {
                    Rate::new(
                        DialPrefix::parse(p).unwrap(),
                        p,
                        Money::from_units(600),
                        Money::ZERO,
                        Billing::PER_SECOND,
                    )
                    .unwrap()
                })
                .collect(),
        )
        .unwrap()
    }

    fn matched(t: &RateTable, number: &str) -> Option<String> {
        t.lookup(number).map(|r| r.prefix.to_string())
    }

    #[test]
    fn the_longest_prefix_wins() {
        let t = table(&["44", "447", "4479", "1"]);
        assert_eq!(matched(&t, "+447911123456").as_deref(), Some("4479"));
        assert_eq!(matched(&t, "00447811123456").as_deref(), Some("447"));
        assert_eq!(matched(&t, "442079460000").as_deref(), Some("44"));
        assert_eq!(matched(&t, "33123"), None);
    }

    #[test]
    fn a_sibling_sorting_just_before_the_number_is_skipped() {
        let t = table(&["44", "4412", "44125"]);
        assert_eq!(matched(&t, "4413").as_deref(), Some("44"));
        assert_eq!(matched(&t, "441299").as_deref(), Some("4412"));
    }

    #[test]
    fn a_number_shorter_than_the_prefix_does_not_match_it() {
        let t = table(&["4479"]);
        assert_eq!(matched(&t, "447"), None);
    }

    #[test]
    fn a_repeated_prefix_is_refused_with_both_positions() {
        let rates = table(&["44", "1"]).rates().to_vec();
        let mut twice = rates.clone();
        twice.push(rates[1].clone());
        let err = RateTable::new(twice).unwrap_err();
        assert_eq!((err.prefix.as_str(), err.first, err.second), ("44", 1, 2));
    }

    #[test]
    fn an_unrateable_number_has_no_price() {
        let t = table(&["1"]);
        assert_eq!(t.price("*97", 10), None);
    }
}
