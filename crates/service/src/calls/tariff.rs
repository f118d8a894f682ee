//! The rate table an extension's outbound calls are priced with: the one
//! its call rate names, else the tenant default's.

use pbx_domain::rating::RateTable;

use crate::{Service, ServiceError};

impl Service {
    /// The extension's rate table; `None` without a call rate (its own or
    /// the tenant default).
    pub(crate) async fn tariff_of(
        &self,
        conn: &mut pbx_store::Connection,
        tenant_id: i64,
        extension: &pbx_domain::Extension,
    ) -> Result<Option<RateTable>, ServiceError> {
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
        RateTable::new(rates)
            .map(Some)
            .map_err(|e| ServiceError::unexpected(format!("stored rate table {table}: {e}")))
    }
}
