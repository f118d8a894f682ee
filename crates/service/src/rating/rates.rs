//! The rates of one rate table: list the tenant's tables with their sizes,
//! read and replace rates (JSON), import and export CSV. Reading and
//! writing need a tenant administrator of the tenant or a super
//! administrator (restricted administrators manage only their extensions);
//! writes run in one transaction and are audited (`rates_replace`,
//! `rates_import`).

use pbx_domain::ValidationErrors;
use pbx_domain::objects::TenantObject;
use pbx_domain::rating::{Billing, DialPrefix, Money, Rate, RateTable};
use pbx_domain::values::ObjectKind;
use pbx_interchange::rates::{RateFileError, read_rates_csv, write_rates_csv};
use pbx_store::{objects, rates};
use serde_json::json;

use crate::audit::record;
use crate::error::OrMissing;
use crate::{Actor, Service, ServiceError};

/// A rate table with the number of its rates.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RateTableSummary {
    /// The table (a tenant object of kind `rate_table`).
    #[serde(flatten)]
    pub table: TenantObject,
    /// How many rates it has.
    pub rates: i64,
}

/// One rate as a client sends it; amounts as decimal text (`"0.0125"`).
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateInput {
    /// Digits; a leading `+` or `00` is removed.
    pub prefix: String,
    /// Up to 100 characters.
    #[serde(default)]
    pub description: String,
    /// Price of one billed minute, at most 4 decimals.
    pub per_minute: String,
    /// Charged once per answered call (default 0).
    #[serde(default)]
    pub connection_fee: String,
    /// `minimum/increment` seconds, e.g. `60/60` (default `1/1`).
    #[serde(default)]
    pub billing: String,
}

/// Parses `inputs` into an indexed table; errors name `rates[i].field`.
fn parse_inputs(inputs: &[RateInput]) -> Result<RateTable, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let mut parsed = Vec::with_capacity(inputs.len());
    for (i, input) in inputs.iter().enumerate() {
        let mut fail =
            |field: &str, message: String| errors.push(format!("rates[{i}].{field}"), message);
        let prefix = DialPrefix::parse(&input.prefix)
            .map_err(|e| fail("prefix", e))
            .ok();
        let per_minute = Money::parse(&input.per_minute)
            .map_err(|e| fail("per_minute", e))
            .ok();
        let fee = if input.connection_fee.trim().is_empty() {
            Some(Money::ZERO)
        } else {
            Money::parse(&input.connection_fee)
                .map_err(|e| fail("connection_fee", e))
                .ok()
        };
        let billing = if input.billing.trim().is_empty() {
            Some(Billing::PER_SECOND)
        } else {
            Billing::parse(&input.billing)
                .map_err(|e| fail("billing", e))
                .ok()
        };
        if let (Some(prefix), Some(per_minute), Some(fee), Some(billing)) =
            (prefix, per_minute, fee, billing)
        {
            match Rate::new(prefix, &input.description, per_minute, fee, billing) {
                Ok(rate) => parsed.push((i, rate)),
                Err((field, message)) => fail(field, message),
            }
        }
    }
    errors.clone().into_result()?;
    let positions: Vec<usize> = parsed.iter().map(|(i, _)| *i).collect();
    RateTable::new(parsed.into_iter().map(|(_, r)| r).collect()).map_err(|dup| {
        ValidationErrors::single(
            format!("rates[{}].prefix", positions[dup.second]),
            format!("{} is also rates[{}]", dup.prefix, positions[dup.first]),
        )
    })
}

/// File problems as field errors: `rows[<line>].<column>`.
fn file_errors(error: RateFileError) -> ServiceError {
    match error {
        RateFileError::Invalid(cells) => {
            let mut errors = ValidationErrors::new();
            for cell in cells {
                errors.push(format!("rows[{}].{}", cell.line, cell.column), cell.message);
            }
            ServiceError::Invalid(errors)
        }
        other => ServiceError::invalid("file", other.to_string()),
    }
}

impl Service {
    /// The tenant's rate tables with how many rates each has, by name.
    pub async fn list_rate_tables(
        &self,
        actor: &Actor,
        code: &str,
    ) -> Result<Vec<RateTableSummary>, ServiceError> {
        let tenant = self.reachable_tenant(actor, code).await?;
        actor.require_unrestricted()?;
        let mut conn = self.store().conn().await?;
        let tables = objects::list(&mut conn, tenant.id, Some(ObjectKind::RateTable)).await?;
        let counts = rates::counts(&mut conn, tenant.id).await?;
        Ok(tables
            .into_iter()
            .map(|table| {
                let rates = counts
                    .iter()
                    .find(|(id, _)| *id == table.id)
                    .map_or(0, |(_, n)| *n);
                RateTableSummary { table, rates }
            })
            .collect())
    }

    /// The rate table `id` of the tenant; 404 for another kind of object.
    pub async fn rate_table(
        &self,
        actor: &Actor,
        code: &str,
        id: i64,
    ) -> Result<(TenantObject, Vec<Rate>), ServiceError> {
        let tenant = self.reachable_tenant(actor, code).await?;
        actor.require_unrestricted()?;
        let mut conn = self.store().conn().await?;
        let table = objects::get(&mut conn, tenant.id, id)
            .await
            .ok()
            .filter(|o| o.kind == ObjectKind::RateTable)
            .ok_or_else(|| ServiceError::not_found(format!("rate table {id}")))?;
        let rates = rates::of_table(&mut conn, id).await?;
        Ok((table, rates))
    }

    /// Replaces the rates of table `id` with `inputs` (all or nothing).
    pub async fn replace_rates(
        &self,
        actor: &Actor,
        code: &str,
        id: i64,
        inputs: &[RateInput],
    ) -> Result<Vec<Rate>, ServiceError> {
        // Authorize before judging the input.
        self.writable_rate_table(actor, code, id).await?;
        let table = parse_inputs(inputs)?;
        self.store_rates(actor, code, id, table, "rates_replace")
            .await
    }

    /// Replaces the rates of table `id` with those of a CSV file (see
    /// `pbx_interchange::rates`); a bad row refuses the whole file with
    /// `rows[<line>].<column>` errors.
    pub async fn import_rates_csv(
        &self,
        actor: &Actor,
        code: &str,
        id: i64,
        bytes: &[u8],
    ) -> Result<Vec<Rate>, ServiceError> {
        // Authorize before reading the file.
        self.writable_rate_table(actor, code, id).await?;
        let table = read_rates_csv(bytes).map_err(file_errors)?;
        self.store_rates(actor, code, id, table, "rates_import")
            .await
    }

    /// The rates of table `id` as CSV, with the file name to offer.
    pub async fn export_rates_csv(
        &self,
        actor: &Actor,
        code: &str,
        id: i64,
    ) -> Result<(String, Vec<u8>), ServiceError> {
        let (table, rates) = self.rate_table(actor, code, id).await?;
        let bytes = write_rates_csv(&rates).map_err(|e| ServiceError::unexpected(e.to_string()))?;
        let safe: String = table
            .name
            .as_str()
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        Ok((format!("{code}-rates-{safe}.csv"), bytes))
    }

    /// Whether `actor` may change the rate tables of tenant `code`: a
    /// tenant administrator of it or a super administrator (404 for a
    /// tenant out of reach, 403 for a restricted administrator). Handlers
    /// call it before reading a body.
    pub async fn authorize_rate_writes(
        &self,
        actor: &Actor,
        code: &str,
    ) -> Result<(), ServiceError> {
        self.reachable_tenant(actor, code).await?;
        actor.require_unrestricted()
    }

    async fn writable_rate_table(
        &self,
        actor: &Actor,
        code: &str,
        id: i64,
    ) -> Result<(i64, TenantObject), ServiceError> {
        let tenant = self.reachable_tenant(actor, code).await?;
        actor.require_unrestricted()?;
        let mut conn = self.store().conn().await?;
        let table = objects::get(&mut conn, tenant.id, id)
            .await
            .or_missing(|| ServiceError::not_found(format!("rate table {id}")))?;
        if table.kind != ObjectKind::RateTable {
            return Err(ServiceError::not_found(format!("rate table {id}")));
        }
        Ok((tenant.id, table))
    }

    async fn store_rates(
        &self,
        actor: &Actor,
        code: &str,
        id: i64,
        table: RateTable,
        action: &str,
    ) -> Result<Vec<Rate>, ServiceError> {
        let (_, object) = self.writable_rate_table(actor, code, id).await?;
        let mut tx = self.store().begin().await?;
        let before = rates::of_table(&mut tx, id).await?.len();
        rates::replace(&mut tx, id, table.rates()).await?;
        let changes = json!({
            "rate_table": [object.name.as_str(), object.name.as_str()],
            "rates": [before, table.len()],
        });
        record(&mut tx, actor, code, "", action, &changes).await?;
        tx.commit().await.map_err(pbx_store::StoreError::from)?;
        Ok(table.rates().to_vec())
    }
}
