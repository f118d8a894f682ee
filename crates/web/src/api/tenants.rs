//! `/api/v1/tenants`.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use pbx_service::tenants::tenant_json;
use serde_json::{Value, json};

use super::auth::ApiActor;
use super::body::json_object;
use crate::{ApiError, AppState};

#[utoipa::path(get, path = "/api/v1/tenants", tag = "tenants")]
pub async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Value>, ApiError> {
    let tenants = state.service.list_tenants(&actor).await?;
    Ok(Json(
        json!({"items": tenants.iter().map(tenant_json).collect::<Vec<_>>(), "total": tenants.len()}),
    ))
}

#[utoipa::path(post, path = "/api/v1/tenants", tag = "tenants")]
pub async fn create(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let body = json_object(&body)?;
    let tenant = state.service.create_tenant(&actor, &body).await?;
    Ok((StatusCode::CREATED, Json(tenant_json(&tenant))))
}

#[utoipa::path(get, path = "/api/v1/tenants/{code}", tag = "tenants")]
pub async fn show(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(code): Path<String>,
) -> Result<Json<Value>, ApiError> {
    Ok(Json(tenant_json(
        &state.service.get_tenant(&actor, &code).await?,
    )))
}

#[utoipa::path(patch, path = "/api/v1/tenants/{code}", tag = "tenants")]
pub async fn update(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(code): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let body = json_object(&body)?;
    Ok(Json(tenant_json(
        &state.service.update_tenant(&actor, &code, &body).await?,
    )))
}
