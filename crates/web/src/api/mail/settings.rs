//! Mail server settings and the test mail, for the system and a tenant.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use pbx_service::mail::settings_json;
use serde_json::{Value, json};

use super::{MailSettings, MailSettingsChange, TestMailRequest, TestMailResult};
use crate::api::auth::ApiActor;
use crate::api::body::json_object;
use crate::{ApiError, AppState};

#[utoipa::path(
    get,
    path = "/api/v1/mail/settings",
    tag = "mail",
    responses((status = 200, description = "The system's mail server", body = MailSettings))
)]
pub async fn show_system(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Value>, ApiError> {
    let effective = state.service.mail_settings(&actor, None).await?;
    Ok(Json(settings_json(&effective)))
}

#[utoipa::path(
    put,
    path = "/api/v1/mail/settings",
    tag = "mail",
    responses((status = 200, description = "The settings as stored", body = MailSettings)),
    request_body = MailSettingsChange
)]
pub async fn put_system(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let body = json_object(&body)?;
    let effective = state.service.put_mail_settings(&actor, None, &body).await?;
    Ok(Json(settings_json(&effective)))
}

#[utoipa::path(
    get,
    path = "/api/v1/tenants/{code}/mail/settings",
    tag = "mail",
    responses((status = 200, description = "The tenant's own mail server, or where it comes from", body = MailSettings))
)]
pub async fn show_tenant(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(code): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let effective = state.service.mail_settings(&actor, Some(&code)).await?;
    Ok(Json(settings_json(&effective)))
}

#[utoipa::path(
    put,
    path = "/api/v1/tenants/{code}/mail/settings",
    tag = "mail",
    responses((status = 200, description = "The settings as stored", body = MailSettings)),
    request_body = MailSettingsChange
)]
pub async fn put_tenant(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(code): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let body = json_object(&body)?;
    let effective = state
        .service
        .put_mail_settings(&actor, Some(&code), &body)
        .await?;
    Ok(Json(settings_json(&effective)))
}

#[utoipa::path(
    delete,
    path = "/api/v1/tenants/{code}/mail/settings",
    tag = "mail",
    responses((status = 200, description = "Removed: the tenant uses the system's server", body = MailSettings))
)]
pub async fn delete_tenant(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(code): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let effective = state.service.delete_mail_settings(&actor, &code).await?;
    Ok(Json(settings_json(&effective)))
}

async fn test(
    state: &AppState,
    actor: &pbx_service::Actor,
    tenant: Option<&str>,
    body: &Bytes,
) -> Result<Json<Value>, ApiError> {
    let body = json_object(body)?;
    let to = body["to"].as_str().unwrap_or_default();
    let outcome = state.service.send_test_mail(actor, tenant, to).await?;
    Ok(Json(match outcome {
        Ok(()) => json!({"delivered": true, "error": null}),
        Err(e) => json!({"delivered": false, "error": e.0}),
    }))
}

#[utoipa::path(
    post,
    path = "/api/v1/mail/test",
    tag = "mail",
    responses((status = 200, description = "What the system's server answered", body = TestMailResult)),
    request_body = TestMailRequest
)]
pub async fn test_system(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    test(&state, &actor, None, &body).await
}

#[utoipa::path(
    post,
    path = "/api/v1/tenants/{code}/mail/test",
    tag = "mail",
    responses((status = 200, description = "What the tenant's server (or the system's) answered", body = TestMailResult)),
    request_body = TestMailRequest
)]
pub async fn test_tenant(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(code): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    test(&state, &actor, Some(&code), &body).await
}
