//! `POST .../extensions`, `GET/PUT/PATCH/DELETE .../extensions/{number}`.

use std::collections::HashMap;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use pbx_service::Permission;
use pbx_service::extensions::{ExtensionInput, Scope, extension_json};
use serde_json::{Value, json};

use super::schema::{
    Extension, ExtensionCreate, ExtensionReplace, ExtensionUpdate, referrer_schema,
};
use crate::api::auth::ApiActor;
use crate::api::body::json_object;
use crate::api::openapi::{json_schema, object};
use crate::{ApiError, AppState};

fn input(body: &Bytes) -> Result<ExtensionInput, ApiError> {
    Ok(ExtensionInput::from_json(&json_object(body)?)?)
}

#[utoipa::path(
    post,
    path = "/api/v1/tenants/{code}/extensions",
    tag = "extensions",
    request_body = ExtensionCreate,
    responses((status = 201, description = "The extension was created", body = Extension))
)]
pub async fn create(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(code): Path<String>,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let input = input(&body)?;
    let stored = state
        .service
        .create_extension(&actor, &code, &input)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(extension_json(
            &stored,
            actor.may(Permission::ShowPasswords),
        )),
    ))
}

#[utoipa::path(
    get,
    path = "/api/v1/tenants/{code}/extensions/{number}",
    tag = "extensions",
    responses((status = 200, description = "The extension", body = Extension))
)]
pub async fn show(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((code, number)): Path<(String, String)>,
) -> Result<Json<Value>, ApiError> {
    let (_, stored) = state.service.get_extension(&actor, &code, &number).await?;
    if stored.extension.secret.is_some() && stored.extension.kind.is_phone() {
        state
            .service
            .record_secret_shown(&actor, &code, &number)
            .await?;
    }
    Ok(Json(extension_json(
        &stored,
        actor.may(Permission::ShowPasswords),
    )))
}

json_schema!(
    /// The SIP secret (null for extensions without one).
    SipSecret,
    object(&[("secret", json!({"type": ["string", "null"]}))])
);

/// `GET .../extensions/{number}/secret`: `{"secret": ...}` (audited).
#[utoipa::path(
    get,
    path = "/api/v1/tenants/{code}/extensions/{number}/secret",
    tag = "extensions",
    responses((status = 200, description = "The secret (the reveal is audited)", body = SipSecret))
)]
pub async fn secret(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((code, number)): Path<(String, String)>,
) -> Result<Json<Value>, ApiError> {
    let secret = state.service.reveal_secret(&actor, &code, &number).await?;
    Ok(Json(json!({ "secret": secret })))
}

async fn update(
    state: AppState,
    actor: pbx_service::Actor,
    code: String,
    number: String,
    mut input: ExtensionInput,
) -> Result<Json<Value>, ApiError> {
    if input.version.is_none() {
        return Err(ApiError::field(
            "version",
            "is required: send the version you loaded",
        ));
    }
    input.kind = input.kind.take();
    let stored = state
        .service
        .update_extension(&actor, &code, &number, &input, Scope::Extension)
        .await?;
    Ok(Json(extension_json(
        &stored,
        actor.may(Permission::ShowPasswords),
    )))
}

#[utoipa::path(
    put,
    path = "/api/v1/tenants/{code}/extensions/{number}",
    tag = "extensions",
    request_body = ExtensionReplace,
    responses((status = 200, description = "The extension as replaced", body = Extension))
)]
pub async fn replace(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((code, number)): Path<(String, String)>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let mut input = input(&body)?;
    input.replace = true;
    update(state, actor, code, number, input).await
}

#[utoipa::path(
    patch,
    path = "/api/v1/tenants/{code}/extensions/{number}",
    tag = "extensions",
    request_body = ExtensionUpdate,
    responses((status = 200, description = "The extension as updated", body = Extension))
)]
pub async fn patch(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((code, number)): Path<(String, String)>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    update(state, actor, code, number, input(&body)?).await
}

#[utoipa::path(
    delete,
    path = "/api/v1/tenants/{code}/extensions/{number}",
    tag = "extensions",
    params(("force" = Option<bool>, Query, description = "delete even when other extensions refer to it")),
    responses((status = 204, description = "The extension was deleted"))
)]
pub async fn delete(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((code, number)): Path<(String, String)>,
    Query(params): Query<HashMap<String, String>>,
) -> Result<StatusCode, ApiError> {
    let force = match params.get("force").map(String::as_str) {
        None | Some("false") => false,
        Some("true") => true,
        Some(_) => return Err(ApiError::field("force", "must be true or false")),
    };
    state
        .service
        .delete_extension(&actor, &code, &number, force)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

json_schema!(
    /// The extensions whose settings name this one.
    References,
    object(&[
        ("number", json!({"type": "string"})),
        ("referrers", json!({"type": "array", "items": referrer_schema()})),
    ])
);

#[utoipa::path(
    get,
    path = "/api/v1/tenants/{code}/extensions/{number}/references",
    tag = "extensions",
    responses((status = 200, description = "The referring extensions", body = References))
)]
pub async fn references(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((code, number)): Path<(String, String)>,
) -> Result<Json<Value>, ApiError> {
    let referrers = state
        .service
        .extension_referrers(&actor, &code, &number)
        .await?;
    Ok(Json(json!({"number": number, "referrers": referrers})))
}
