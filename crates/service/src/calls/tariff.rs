//! What call records and the limit check need of a rate table: the price
//! of a call and the longest call a budget pays for.

/// A price list for outbound calls. Amounts are in 1/10,000 of the tenant
/// currency.
pub trait Tariff: Send + Sync {
    /// The matching rate's prefix and the price of `billsec` seconds to
    /// `dialled`; `None` when no rate matches.
    fn price(&self, dialled: &str, billsec: i64) -> Option<(String, i64)>;

    /// The longest billable duration `budget` pays for a call to `dialled`
    /// (0 when not even its first increment fits); `None` when no rate
    /// matches.
    fn max_seconds_within(&self, budget: i64, dialled: &str) -> Option<i64>;
}

/// Converts a limit in whole currency units to tariff amounts.
pub fn units_to_amount(units: i64) -> i64 {
    units.saturating_mul(10_000)
}

/// A rate table as the call code sees it.
impl Tariff for pbx_domain::rating::RateTable {
    fn price(&self, dialled: &str, billsec: i64) -> Option<(String, i64)> {
        let billsec = u32::try_from(billsec.max(0)).unwrap_or(u32::MAX);
        pbx_domain::rating::RateTable::price(self, dialled, billsec)
            .map(|p| (p.prefix.to_string(), p.amount.units()))
    }

    fn max_seconds_within(&self, budget: i64, dialled: &str) -> Option<i64> {
        let budget = pbx_domain::rating::Money::from_units(budget);
        pbx_domain::rating::RateTable::max_seconds_within(self, budget, dialled).map(i64::from)
    }
}

impl crate::Service {
    /// The tariff an extension's outbound calls are priced with: the rate
    /// table its call rate names, else the tenant default's; `None`
    /// without either.
    pub(crate) async fn tariff_of(
        &self,
        conn: &mut pbx_store::Connection,
        tenant_id: i64,
        extension: &pbx_domain::Extension,
    ) -> Result<Option<Box<dyn Tariff>>, crate::ServiceError> {
        let table = match extension.settings.outbound.call_rate.id() {
            Some(id) => Some(id),
            None => pbx_store::tenants::by_id(conn, tenant_id)
                .await?
                .tenant
                .defaults
                .outbound
                .call_rate
                .id(),
        };
        let Some(table) = table else {
            return Ok(None);
        };
        let rates = pbx_store::rates::of_table(conn, table).await?;
        let table = pbx_domain::rating::RateTable::new(rates).map_err(|e| {
            crate::ServiceError::unexpected(format!("stored rate table {table}: {e}"))
        })?;
        Ok(Some(Box::new(table)))
    }
}
