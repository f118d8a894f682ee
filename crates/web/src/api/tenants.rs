//! `/api/v1/tenants`.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use pbx_service::tenants::tenant_json;
use serde_json::{Value, json};

use super::auth::ApiActor;
use super::body::json_object;
use crate::api::extensions::schema::{Direction, defaults_schema, settings_schema};
use crate::api::openapi::{body_of, json_schema, list_of, object};
use crate::{ApiError, AppState};

json_schema!(
    /// A tenant: its limits, preferences and the settings new extensions get.
    Tenant,
    object(&[
        ("code", json!({"type": "string"})),
        ("name", json!({"type": "string"})),
        ("preferred_stack", json!({"type": "string", "enum": ["sip", "pjsip"]})),
        ("extension_limit", json!({"type": ["integer", "null"]})),
        ("extension_count", json!({"type": "integer"})),
        ("allow_custom_usernames", json!({"type": "boolean"})),
        ("sip_domain", json!({"type": ["string", "null"]})),
        ("call_control_fallback", fallback_schema()),
        ("defaults", defaults_schema()),
        ("version", json!({"type": "integer"})),
    ])
);

/// What the tenant's external calls do when pbx's call control cannot be asked.
fn fallback_schema() -> Value {
    json!({"type": "string", "enum": ["allow", "refuse"],
           "description": "what external calls do when the node cannot reach pbx's call-control service (emergency calls always pass)"})
}

json_schema!(
    /// The tenants the caller may reach.
    TenantList,
    list_of::<Tenant>()
);

json_schema!(
    /// The fields of a tenant to create (`code` and `name` required) or change.
    TenantChange,
    body_of(&pbx_service::tenants::FIELDS, |field| {
        Some(match field {
            "code" | "name" => json!({"type": "string"}),
            "preferred_stack" => json!({"type": "string", "enum": ["sip", "pjsip"]}),
            "extension_limit" => json!({"type": ["integer", "null"], "minimum": 0}),
            "allow_custom_usernames" => json!({"type": "boolean"}),
            "defaults" => settings_schema(Direction::Request),
            "sip_domain" => json!({"type": ["string", "null"]}),
            "call_control_fallback" => fallback_schema(),
            _ => return None,
        })
    })
);

#[utoipa::path(
    get,
    path = "/api/v1/tenants",
    tag = "tenants",
    responses((status = 200, description = "The tenants", body = TenantList))
)]
pub async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Value>, ApiError> {
    let tenants = state.service.list_tenants(&actor).await?;
    Ok(Json(
        json!({"items": tenants.iter().map(tenant_json).collect::<Vec<_>>(), "total": tenants.len()}),
    ))
}

#[utoipa::path(
    post,
    path = "/api/v1/tenants",
    tag = "tenants",
    responses((status = 201, description = "Created", body = Tenant)),
    request_body = TenantChange
)]
pub async fn create(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let body = json_object(&body)?;
    let tenant = state.service.create_tenant(&actor, &body).await?;
    Ok((StatusCode::CREATED, Json(tenant_json(&tenant))))
}

#[utoipa::path(
    get,
    path = "/api/v1/tenants/{code}",
    tag = "tenants",
    responses((status = 200, description = "The tenant", body = Tenant))
)]
pub async fn show(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(code): Path<String>,
) -> Result<Json<Value>, ApiError> {
    Ok(Json(tenant_json(
        &state.service.get_tenant(&actor, &code).await?,
    )))
}

#[utoipa::path(
    patch,
    path = "/api/v1/tenants/{code}",
    tag = "tenants",
    responses((status = 200, description = "The tenant as updated", body = Tenant)),
    request_body = TenantChange
)]
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
