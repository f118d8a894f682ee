//! `GET/PUT .../rate-tables/{id}/rates`: a table's rates as JSON; PUT
//! replaces them all (or, on any bad rate, none: errors name `rates[i].field`).

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use pbx_service::rating::RateInput;
use serde_json::{Value, json};

use super::{rate_json, rate_schema};
use crate::api::auth::ApiActor;
use crate::api::body::json_object;
use crate::api::openapi::{json_schema, object};
use crate::{ApiError, AppState};

json_schema!(
    /// A rate table with its rates, by prefix.
    RateTableRates,
    object(&[
        ("id", json!({"type": "integer"})),
        ("name", json!({"type": "string"})),
        ("rates", json!({"type": "array", "items": rate_schema()})),
    ])
);

json_schema!(
    /// `{"rates": [...]}`: every rate of the table.
    RatesChange,
    object(&[("rates", json!({"type": "array", "items": rate_schema()}))])
);

fn answer(id: i64, name: &str, rates: &[pbx_domain::rating::Rate]) -> Json<Value> {
    let rates: Vec<Value> = rates.iter().map(rate_json).collect();
    Json(json!({"id": id, "name": name, "rates": rates}))
}

#[utoipa::path(
    get,
    path = "/api/v1/tenants/{code}/rate-tables/{id}/rates",
    tag = "rating",
    responses((status = 200, description = "The rates", body = RateTableRates))
)]
pub async fn show(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((code, id)): Path<(String, i64)>,
) -> Result<Json<Value>, ApiError> {
    let (table, rates) = state.service.rate_table(&actor, &code, id).await?;
    Ok(answer(id, table.name.as_str(), &rates))
}

#[utoipa::path(
    put,
    path = "/api/v1/tenants/{code}/rate-tables/{id}/rates",
    tag = "rating",
    request_body = RatesChange,
    responses((status = 200, description = "The rates as stored", body = RateTableRates))
)]
pub async fn replace(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((code, id)): Path<(String, i64)>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    // 404 / 403 before the body is judged.
    state.service.authorize_rate_writes(&actor, &code).await?;
    let (table, _) = state.service.rate_table(&actor, &code, id).await?;
    let body = json_object(&body)?;
    crate::api::body::only_fields(&body, &["rates"])?;
    let list = body
        .get("rates")
        .cloned()
        .ok_or_else(|| ApiError::field("rates", "is required (an array of rates)"))?;
    let inputs: Vec<RateInput> = match list {
        Value::Array(items) => items
            .into_iter()
            .enumerate()
            .map(|(i, item)| {
                serde_json::from_value(item)
                    .map_err(|e| ApiError::field(&format!("rates[{i}]"), e.to_string()))
            })
            .collect::<Result<_, _>>()?,
        _ => return Err(ApiError::field("rates", "must be an array of rates")),
    };
    let rates = state
        .service
        .replace_rates(&actor, &code, id, &inputs)
        .await?;
    Ok(answer(id, table.name.as_str(), &rates))
}
