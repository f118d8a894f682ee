//! `/api/v1/tenants/{code}/extensions/{number}/lock`: whether an extension
//! is locked (its external calls refused on every node), locking it (its
//! running external calls are hung up) and unlocking it.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use pbx_store::locks::Lock;
use serde_json::{Value, json};

use super::auth::ApiActor;
use super::body::{json_object, only_fields};
use crate::api::openapi::{json_schema, object};
use crate::{ApiError, AppState};

json_schema!(
    /// The extension's lock, or null when it is not locked.
    LockState,
    object(&[(
        "lock",
        json!({"type": ["object", "null"], "properties": {
            "number": {"type": "string"},
            "locked_at": {"type": "integer", "description": "Unix seconds"},
            "reason": {"type": "string"},
            "locked_by": {"type": "string"}
        }})
    )])
);

json_schema!(
    /// Why the extension is locked (optional, one line).
    LockRequest,
    json!({"type": "object", "additionalProperties": false,
           "properties": {"reason": {"type": "string", "maxLength": 200}}})
);

json_schema!(
    /// The lock, and how many running calls were hung up.
    Locked,
    object(&[
        ("lock", json!({"type": ["object", "null"]})),
        ("hung_up", json!({"type": "integer", "minimum": 0})),
    ])
);

json_schema!(
    /// Whether the extension was locked before.
    Unlocked,
    object(&[("unlocked", json!({"type": "boolean"}))])
);

fn state_of(lock: Option<Lock>) -> Value {
    json!({ "lock": lock })
}

#[utoipa::path(
    get,
    path = "/api/v1/tenants/{code}/extensions/{number}/lock",
    tag = "calls",
    responses((status = 200, description = "The lock", body = LockState))
)]
pub async fn show(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((code, number)): Path<(String, String)>,
) -> Result<Json<Value>, ApiError> {
    let lock = state.service.extension_lock(&actor, &code, &number).await?;
    Ok(Json(state_of(lock)))
}

#[utoipa::path(
    put,
    path = "/api/v1/tenants/{code}/extensions/{number}/lock",
    tag = "calls",
    request_body = LockRequest,
    responses((status = 200, description = "Locked", body = Locked))
)]
pub async fn lock(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((code, number)): Path<(String, String)>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    // Who may not see the extension learns nothing from the body's errors.
    state.service.extension_lock(&actor, &code, &number).await?;
    let body = if body.is_empty() {
        json!({})
    } else {
        json_object(&body)?
    };
    only_fields(&body, &["reason"])?;
    let reason = match body.get("reason") {
        None | Some(Value::Null) => "",
        Some(Value::String(r)) => r.as_str(),
        Some(_) => return Err(ApiError::field("reason", "must be a string")),
    };
    let hung_up = state
        .service
        .lock_extension(&actor, &code, &number, reason)
        .await?;
    let lock = state.service.extension_lock(&actor, &code, &number).await?;
    Ok(Json(json!({ "lock": lock, "hung_up": hung_up })))
}

#[utoipa::path(
    delete,
    path = "/api/v1/tenants/{code}/extensions/{number}/lock",
    tag = "calls",
    responses((status = 200, description = "Unlocked", body = Unlocked))
)]
pub async fn unlock(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((code, number)): Path<(String, String)>,
) -> Result<Json<Value>, ApiError> {
    let unlocked = state
        .service
        .unlock_extension(&actor, &code, &number)
        .await?;
    Ok(Json(json!({ "unlocked": unlocked })))
}
