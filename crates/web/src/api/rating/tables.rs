//! List, create and delete a tenant's rate tables.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use pbx_domain::values::ObjectKind;
use pbx_service::rating::RateTableSummary;
use serde_json::{Value, json};

use crate::api::auth::ApiActor;
use crate::api::body::{json_object, only_fields};
use crate::api::openapi::{json_schema, list_of, object};
use crate::{ApiError, AppState};

pub(crate) fn summary_json(summary: &RateTableSummary) -> Value {
    json!({
        "id": summary.table.id,
        "name": summary.table.name,
        "note": summary.table.value,
        "rates": summary.rates,
    })
}

json_schema!(
    /// A rate table: extensions' `call_rate` holds its `id`.
    RateTable,
    object(&[
        ("id", json!({"type": "integer"})),
        ("name", json!({"type": "string"})),
        ("note", json!({"type": "string"})),
        ("rates", json!({"type": "integer", "minimum": 0})),
    ])
);

json_schema!(
    /// The tenant's rate tables, by name.
    RateTableList,
    list_of::<RateTable>()
);

json_schema!(
    /// `{"name", "note"}` (`note` optional).
    NewRateTable,
    json!({
        "type": "object",
        "additionalProperties": false,
        "required": ["name"],
        "properties": {"name": {"type": "string"}, "note": {"type": "string"}},
    })
);

#[utoipa::path(
    get,
    path = "/api/v1/tenants/{code}/rate-tables",
    tag = "rating",
    responses((status = 200, description = "The rate tables", body = RateTableList))
)]
pub async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(code): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let tables = state.service.list_rate_tables(&actor, &code).await?;
    let items: Vec<Value> = tables.iter().map(summary_json).collect();
    Ok(Json(json!({"total": items.len(), "items": items})))
}

#[utoipa::path(
    post,
    path = "/api/v1/tenants/{code}/rate-tables",
    tag = "rating",
    request_body = NewRateTable,
    responses((status = 201, description = "Created, without rates", body = RateTable))
)]
pub async fn create(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(code): Path<String>,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    state.service.authorize_rate_writes(&actor, &code).await?;
    let body = json_object(&body)?;
    only_fields(&body, &["name", "note"])?;
    let name = body
        .get("name")
        .and_then(Value::as_str)
        .ok_or_else(|| ApiError::field("name", "is required (a string)"))?;
    let note = match body.get("note") {
        None | Some(Value::Null) => "",
        Some(value) => value
            .as_str()
            .ok_or_else(|| ApiError::field("note", "must be a string"))?,
    };
    let table = state
        .service
        .create_object(&actor, &code, ObjectKind::RateTable, name, note)
        .await?;
    let summary = RateTableSummary { table, rates: 0 };
    Ok((StatusCode::CREATED, Json(summary_json(&summary))))
}

#[utoipa::path(
    delete,
    path = "/api/v1/tenants/{code}/rate-tables/{id}",
    tag = "rating",
    responses((status = 204, description = "Deleted with its rates (422 while an extension's call_rate names it)"))
)]
pub async fn delete(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((code, id)): Path<(String, i64)>,
) -> Result<StatusCode, ApiError> {
    // Only a rate table: 404 for an object of another kind.
    state.service.authorize_rate_writes(&actor, &code).await?;
    state.service.rate_table(&actor, &code, id).await?;
    state.service.delete_object(&actor, &code, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
