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

impl crate::Service {
    /// The tariff an extension's outbound calls are priced with: its call
    /// rate's table.
    pub(crate) async fn tariff_of(
        &self,
        _conn: &mut pbx_store::Connection,
        _tenant_id: i64,
        _extension: &pbx_domain::Extension,
    ) -> Result<Option<Box<dyn Tariff>>, crate::ServiceError> {
        // Replaced by the rate tables when they land (branch `rating`).
        Ok(None)
    }
}
