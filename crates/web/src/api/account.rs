//! The signed-in administrator's own account: API tokens and sessions
//! (listed, revocable), password change and TOTP enrolment.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde_json::{Value, json};

use super::auth::ApiActor;
use super::body::{json_object, only_fields};
use crate::api::openapi::{json_schema, list_of, object};
use crate::{ApiError, AppState};

fn required(body: &Value, key: &str) -> Result<String, ApiError> {
    body.get(key)
        .and_then(Value::as_str)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
        .ok_or_else(|| ApiError::field(key, "is required"))
}

json_schema!(
    /// A live API token or session of the caller (never its value).
    TokenInfo,
    object(&[
        ("id", json!({"type": "integer"})),
        ("kind", json!({"type": "string"})),
        ("created_at", json!({"type": "integer"})),
        ("expires_at", json!({"type": "integer"})),
    ])
);

json_schema!(
    /// The caller's live tokens and sessions.
    TokenList,
    list_of::<TokenInfo>()
);

json_schema!(
    /// `{"current_password", "new_password"}`.
    PasswordChange,
    object(&[
        ("current_password", json!({"type": "string", "format": "password"})),
        ("new_password", json!({"type": "string", "format": "password"})),
    ])
);

json_schema!(
    /// `{"current_code"}`, required while two-factor sign-in is on.
    TotpBegin,
    object(&[("current_code", json!({"type": "string"}))])
);

json_schema!(
    /// The new TOTP seed, its `otpauth://` URL and a QR code of it.
    TotpEnrolment,
    object(&[
        ("secret", json!({"type": "string"})),
        ("otpauth_url", json!({"type": "string"})),
        ("qr_svg", json!({"type": "string"})),
    ])
);

json_schema!(
    /// `{"code"}` from the authenticator.
    TotpConfirm,
    object(&[("code", json!({"type": "string"}))])
);

json_schema!(
    /// The one-time recovery codes.
    RecoveryCodes,
    object(&[("recovery_codes", json!({"type": "array", "items": {"type": "string"}}))])
);

/// `GET /api/v1/auth/tokens`: the caller's live tokens and sessions (never
/// the token values, which are not stored).
#[utoipa::path(
    get,
    path = "/api/v1/auth/tokens",
    tag = "auth",
    responses((status = 200, description = "The caller's tokens and sessions", body = TokenList))
)]
pub async fn tokens(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Value>, ApiError> {
    let tokens = state.service.list_tokens(&actor).await?;
    let items: Vec<Value> = tokens
        .iter()
        .map(|t| json!({"id": t.id, "kind": t.kind, "created_at": t.created_at, "expires_at": t.expires_at}))
        .collect();
    Ok(Json(json!({"items": items, "total": items.len()})))
}

/// `DELETE /api/v1/auth/tokens/{id}`.
#[utoipa::path(
    delete,
    path = "/api/v1/auth/tokens/{id}",
    tag = "auth",
    responses((status = 204, description = "Revoked"))
)]
pub async fn revoke(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let id: i64 = id
        .parse()
        .map_err(|_| ApiError(pbx_service::ServiceError::not_found(format!("token {id}"))))?;
    state.service.revoke_token(&actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/v1/auth/password`: `{"current_password","new_password"}`.
#[utoipa::path(
    post,
    path = "/api/v1/auth/password",
    tag = "auth",
    request_body = PasswordChange,
    responses((status = 204, description = "Changed; the caller's tokens and sessions are revoked"))
)]
pub async fn change_password(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    body: Bytes,
) -> Result<StatusCode, ApiError> {
    let body = json_object(&body)?;
    only_fields(&body, &["current_password", "new_password"])?;
    let current = required(&body, "current_password")?;
    let new = required(&body, "new_password")?;
    state
        .service
        .change_own_password(&actor, &current, &new)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/v1/auth/totp`: starts enrolment; the seed, its URL and QR SVG.
/// With two-factor sign-in on, the body must be `{"current_code"}` (a code
/// of the enrolled authenticator or a recovery code).
#[utoipa::path(
    post,
    path = "/api/v1/auth/totp",
    tag = "auth",
    request_body(content = Option<TotpBegin>, description = "empty unless two-factor sign-in is on"),
    responses((status = 200, description = "Enrolment started", body = TotpEnrolment))
)]
pub async fn begin_totp(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let current = if body.iter().all(u8::is_ascii_whitespace) {
        None
    } else {
        let body = json_object(&body)?;
        only_fields(&body, &["current_code"])?;
        Some(required(&body, "current_code")?)
    };
    let e = state.service.begin_totp(&actor, current.as_deref()).await?;
    Ok(Json(
        json!({"secret": e.secret, "otpauth_url": e.url, "qr_svg": e.qr_svg}),
    ))
}

/// `POST /api/v1/auth/totp/confirm`: `{"code"}` -> the recovery codes.
#[utoipa::path(
    post,
    path = "/api/v1/auth/totp/confirm",
    tag = "auth",
    request_body = TotpConfirm,
    responses((status = 200, description = "Two-factor sign-in is on", body = RecoveryCodes))
)]
pub async fn confirm_totp(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let body = json_object(&body)?;
    only_fields(&body, &["code"])?;
    let code = required(&body, "code")?;
    let codes = state.service.confirm_totp(&actor, &code).await?;
    Ok(Json(json!({"recovery_codes": codes})))
}
