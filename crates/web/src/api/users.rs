//! `/api/v1/users`: administrator accounts (super admins manage all; tenant
//! admins the restricted admins of their own tenants).

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use pbx_service::users::{UserInput, user_json};
use serde_json::{Value, json};

use super::auth::ApiActor;
use super::body::json_object;
use crate::api::openapi::{body_of, json_schema, list_of, object};
use crate::{ApiError, AppState};

json_schema!(
    /// An administrator account.
    User,
    object(&[
        ("username", json!({"type": "string"})),
        ("role", json!({"type": "string", "enum": ["super_admin", "tenant_admin", "restricted_admin"]})),
        ("tenants", json!({"type": "array", "items": {"type": "string"}})),
        ("extensions", json!({"type": "array", "items": {"type": "string"}, "description": "TENANT:NUMBER"})),
        ("permissions", json!({"type": "array", "items": {"type": "string"}})),
        ("locked", json!({"type": "boolean"})),
        ("must_change_password", json!({"type": "boolean"})),
        ("password_expires_at", json!({"type": ["integer", "null"]})),
        ("totp_enabled", json!({"type": "boolean"})),
    ])
);

json_schema!(
    /// The accounts the caller manages.
    UserList,
    list_of::<User>()
);

json_schema!(
    /// The fields of an account to create or change.
    UserChange,
    body_of(&pbx_service::users::FIELDS, |field| {
        let strings = json!({"type": "array", "items": {"type": "string"}});
        Some(match field {
            "username" => json!({"type": "string"}),
            "password" => json!({"type": "string", "format": "password", "writeOnly": true}),
            "role" => json!({"type": "string", "enum": ["super_admin", "tenant_admin", "restricted_admin"]}),
            "tenants" | "permissions" => strings,
            "extensions" => json!({"type": "array", "items": {"type": "string"}, "description": "TENANT:NUMBER"}),
            "locked" | "must_change_password" => json!({"type": "boolean"}),
            "password_expires_at" => json!({"type": ["integer", "null"]}),
            _ => return None,
        })
    })
);

#[utoipa::path(
    get,
    path = "/api/v1/users",
    tag = "users",
    responses((status = 200, description = "The accounts", body = UserList))
)]
pub async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Value>, ApiError> {
    let users = state.service.list_users(&actor).await?;
    Ok(Json(
        json!({"items": users.iter().map(user_json).collect::<Vec<_>>(), "total": users.len()}),
    ))
}

#[utoipa::path(
    post,
    path = "/api/v1/users",
    tag = "users",
    responses((status = 201, description = "Created", body = User)),
    request_body = UserChange
)]
pub async fn create(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let input = UserInput::from_json(&json_object(&body)?)?;
    let user = state.service.add_user(&actor, &input).await?;
    Ok((StatusCode::CREATED, Json(user_json(&user))))
}

#[utoipa::path(
    get,
    path = "/api/v1/users/{username}",
    tag = "users",
    responses((status = 200, description = "The account", body = User))
)]
pub async fn show(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(username): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let user = state.service.get_user(&actor, &username).await?;
    Ok(Json(user_json(&user)))
}

#[utoipa::path(
    patch,
    path = "/api/v1/users/{username}",
    tag = "users",
    responses((status = 200, description = "The account as updated", body = User)),
    request_body = UserChange
)]
pub async fn update(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(username): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let body = json_object(&body)?;
    let reset_totp = body.get("totp_enabled") == Some(&Value::Bool(false));
    let mut body = body;
    if let Some(o) = body.as_object_mut() {
        o.remove("totp_enabled");
    }
    let input = UserInput::from_json(&body)?;
    let mut user = state.service.update_user(&actor, &username, &input).await?;
    if reset_totp {
        state.service.reset_totp(&actor, &username).await?;
        user = state.service.get_user(&actor, &username).await?;
    }
    Ok(Json(user_json(&user)))
}

#[utoipa::path(
    delete,
    path = "/api/v1/users/{username}",
    tag = "users",
    responses((status = 204, description = "Deleted"))
)]
pub async fn delete(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(username): Path<String>,
) -> Result<StatusCode, ApiError> {
    state.service.delete_user(&actor, &username).await?;
    Ok(StatusCode::NO_CONTENT)
}
