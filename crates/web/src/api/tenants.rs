//! `/api/v1/tenants`.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use pbx_store::tenants::StoredTenant;
use serde_json::{Value, json};

use super::auth::ApiActor;
use super::body::json_object;
use crate::{ApiError, AppState};

/// The JSON of a tenant.
pub fn tenant_json(t: &StoredTenant) -> Value {
    json!({
        "code": t.tenant.code,
        "name": t.tenant.name,
        "preferred_stack": t.tenant.preferred_stack,
        "extension_limit": t.tenant.extension_limit,
        "extension_count": t.extension_count,
        "allow_custom_usernames": t.tenant.allow_custom_usernames,
        "sip_domain": t.tenant.sip_domain,
        "defaults": t.tenant.defaults,
        "version": t.version,
    })
}

pub async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Value>, ApiError> {
    let tenants = state.service.list_tenants(&actor).await?;
    Ok(Json(
        json!({"items": tenants.iter().map(tenant_json).collect::<Vec<_>>(), "total": tenants.len()}),
    ))
}

pub async fn create(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let body = json_object(&body)?;
    let tenant = state.service.create_tenant(&actor, &body).await?;
    Ok((StatusCode::CREATED, Json(tenant_json(&tenant))))
}

pub async fn show(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(code): Path<String>,
) -> Result<Json<Value>, ApiError> {
    Ok(Json(tenant_json(
        &state.service.get_tenant(&actor, &code).await?,
    )))
}

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
