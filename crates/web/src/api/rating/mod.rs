//! `/api/v1/tenants/{code}/rate-tables`: a tenant's rate tables (tenant
//! objects of kind `rate_table`), their rates as JSON, and CSV import and
//! export of one table.

pub(crate) mod files;
pub(crate) mod rates;
pub(crate) mod tables;

use pbx_domain::rating::Rate;
use serde_json::{Value, json};

use crate::api::openapi::object;

/// A rate as the API shows it (and takes it back): amounts as exact
/// decimal text.
pub(crate) fn rate_json(rate: &Rate) -> Value {
    json!({
        "prefix": rate.prefix.as_str(),
        "description": rate.description,
        "per_minute": rate.per_minute.to_string(),
        "connection_fee": rate.connection_fee.to_string(),
        "billing": rate.billing.to_string(),
    })
}

/// The schema of one rate: amounts are decimal text with at most 4
/// places; `billing` is `minimum/increment` seconds.
pub(crate) fn rate_schema() -> Value {
    object(&[
        (
            "prefix",
            json!({"type": "string", "description": "digits, e.g. 4479; a leading + or 00 is removed"}),
        ),
        ("description", json!({"type": "string", "maxLength": 100})),
        (
            "per_minute",
            json!({"type": "string", "description": "decimal, e.g. 0.0125"}),
        ),
        (
            "connection_fee",
            json!({"type": "string", "description": "decimal, e.g. 0.05 (empty: 0)"}),
        ),
        (
            "billing",
            json!({"type": "string", "description": "minimum/increment seconds: 60/60, 30/6, 1/1 (empty: 1/1)"}),
        ),
    ])
}
