//! Loading a tenant's [`RateBook`] and pricing one call with it.

use pbx_domain::rating::{Priced, RateBook, RateTable};
use pbx_domain::values::ObjectKind;
use pbx_store::{objects, rates};
use std::collections::HashMap;

use crate::error::OrMissing;
use crate::{Actor, Service, ServiceError};

impl Service {
    /// The tenant's rate book, for an actor who may see the tenant.
    pub async fn rate_book(&self, actor: &Actor, code: &str) -> Result<RateBook, ServiceError> {
        let tenant = self.reachable_tenant(actor, code).await?;
        self.load_rate_book(tenant.id, tenant.tenant.defaults.outbound.call_rate.id())
            .await
    }

    /// The rate book of the tenant `code` without an actor: for the
    /// system's own tasks (the call-record ingest). Load it once and keep
    /// it; reload after a rate change (the audit log says when).
    pub async fn rate_book_of_tenant(&self, code: &str) -> Result<RateBook, ServiceError> {
        self.rate_book(&Actor::cli(), code).await
    }

    async fn load_rate_book(
        &self,
        tenant_id: i64,
        default_table: Option<i64>,
    ) -> Result<RateBook, ServiceError> {
        let mut conn = self.store().conn().await?;
        let tables = objects::list(&mut conn, tenant_id, Some(ObjectKind::RateTable)).await?;
        let mut rates_of: HashMap<i64, Vec<_>> = HashMap::new();
        for (table_id, rate) in rates::of_tenant(&mut conn, tenant_id).await? {
            rates_of.entry(table_id).or_default().push(rate);
        }
        let mut book = RateBook::new(default_table);
        for table in tables {
            let rates = rates_of.remove(&table.id).unwrap_or_default();
            let indexed = RateTable::new(rates).map_err(|e| {
                ServiceError::unexpected(format!("stored rate table {}: {e}", table.id))
            })?;
            book.insert_table(table.id, table.name.as_str(), indexed);
        }
        for (number, table_id) in rates::call_rate_assignments(&mut conn, tenant_id).await? {
            book.assign(number, table_id);
        }
        Ok(book)
    }

    /// Prices one call of extension `number` of tenant `code` to `dialled`,
    /// answered for `billsec` seconds, with the extension's `call_rate` (or
    /// the tenant default); reads only that table. `None`: no table or no
    /// matching rate. For many calls, load [`Service::rate_book`] once.
    pub async fn price_call(
        &self,
        actor: &Actor,
        code: &str,
        number: &str,
        dialled: &str,
        billsec: u32,
    ) -> Result<Option<Priced>, ServiceError> {
        actor.require_extension(code, number)?;
        let tenant = self.reachable_tenant(actor, code).await?;
        let mut conn = self.store().conn().await?;
        let stored = pbx_store::extensions::by_number(&mut conn, tenant.id, number)
            .await
            .or_missing(|| ServiceError::not_found(format!("extension {number}")))?;
        let table_id = stored.extension.settings.outbound.call_rate.id().or(tenant
            .tenant
            .defaults
            .outbound
            .call_rate
            .id());
        let Some(table_id) = table_id else {
            return Ok(None);
        };
        let table = RateTable::new(rates::of_table(&mut conn, table_id).await?)
            .map_err(|e| ServiceError::unexpected(format!("stored rate table {table_id}: {e}")))?;
        Ok(table.price(dialled, billsec))
    }
}
