//! A tenant's rate book: its rate tables, which table each extension's
//! `call_rate` names, and the tenant default, so one structure prices every
//! call of the tenant (the call-record ingest and the cost-limit check).

use std::collections::HashMap;

use super::money::Money;
use super::table::{MAX_CALL_SECONDS, Priced, RateTable};

/// The rate tables of one tenant and who uses which.
#[derive(Debug, Clone, Default)]
pub struct RateBook {
    tables: HashMap<i64, (String, RateTable)>,
    by_extension: HashMap<String, i64>,
    default_table: Option<i64>,
}

impl RateBook {
    /// An empty book; `default_table` is the tenant default `call_rate`,
    /// used for extensions whose own is empty.
    pub fn new(default_table: Option<i64>) -> RateBook {
        RateBook {
            default_table,
            ..RateBook::default()
        }
    }

    /// Adds the table `id` named `name`.
    pub fn insert_table(&mut self, id: i64, name: impl Into<String>, table: RateTable) {
        self.tables.insert(id, (name.into(), table));
    }

    /// Records that extension `number` has `call_rate` = table `id`.
    pub fn assign(&mut self, number: impl Into<String>, id: i64) {
        self.by_extension.insert(number.into(), id);
    }

    /// The table `id` with its name.
    pub fn table(&self, id: i64) -> Option<(&str, &RateTable)> {
        self.tables
            .get(&id)
            .map(|(name, table)| (name.as_str(), table))
    }

    /// The table ids, in no order.
    pub fn table_ids(&self) -> impl Iterator<Item = i64> + '_ {
        self.tables.keys().copied()
    }

    /// The id of the table that prices extension `number`'s calls: its own
    /// `call_rate`, else the tenant default; `None` when neither is set.
    pub fn table_id_for(&self, number: &str) -> Option<i64> {
        self.by_extension
            .get(number)
            .copied()
            .or(self.default_table)
    }

    /// The table that prices extension `number`'s calls.
    pub fn table_for(&self, number: &str) -> Option<&RateTable> {
        self.tables.get(&self.table_id_for(number)?).map(|(_, t)| t)
    }

    /// The price of a call of extension `number` to `dialled`
    /// ([`RateTable::price`]); `None` without a table or a matching rate.
    pub fn price(&self, number: &str, dialled: &str, billsec: u32) -> Option<Priced> {
        self.table_for(number)?.price(dialled, billsec)
    }

    /// The longest call of extension `number` to `dialled` that `budget`
    /// pays for ([`RateTable::max_seconds_within`]). Without a table the
    /// call is not priced and the answer is the day cap; without a matching
    /// rate, `None` (the caller decides; the cost-limit check refuses).
    pub fn max_seconds_within(&self, number: &str, budget: Money, dialled: &str) -> Option<u32> {
        match self.table_for(number) {
            Some(table) => table.max_seconds_within(budget, dialled),
            None => Some(MAX_CALL_SECONDS),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rating::{Billing, DialPrefix, Rate};

    fn table(per_minute: i64) -> RateTable {
        let rate = Rate::new(
            DialPrefix::parse("44").unwrap(),
            "",
            Money::from_units(per_minute),
            Money::ZERO,
            Billing::new(60, 60).unwrap(),
        )
        .unwrap();
        RateTable::new(vec![rate]).unwrap()
    }

    #[test]
    fn an_extension_without_its_own_table_uses_the_tenant_default() {
        let mut book = RateBook::new(Some(1));
        book.insert_table(1, "Default", table(100));
        book.insert_table(2, "Gold", table(50));
        book.assign("101", 2);
        assert_eq!(
            book.price("100", "+4420", 60).unwrap().amount,
            Money::from_units(100)
        );
        assert_eq!(
            book.price("101", "+4420", 60).unwrap().amount,
            Money::from_units(50)
        );
    }

    #[test]
    fn without_any_table_a_call_is_unpriced_and_unlimited() {
        let book = RateBook::new(None);
        assert_eq!(book.price("100", "4420", 60), None);
        assert_eq!(
            book.max_seconds_within("100", Money::ZERO, "4420"),
            Some(MAX_CALL_SECONDS)
        );
    }
}
