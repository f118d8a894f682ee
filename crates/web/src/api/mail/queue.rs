//! The mail queue of the system and of a tenant, and retrying a failed mail.

use axum::Json;
use axum::extract::{Path, State};
use pbx_service::mail::queued_json;
use serde_json::{Value, json};

use super::{MailQueue, QueuedMail};
use crate::api::auth::ApiActor;
use crate::{ApiError, AppState};

async fn list(
    state: &AppState,
    actor: &pbx_service::Actor,
    tenant: Option<&str>,
) -> Result<Json<Value>, ApiError> {
    let queue = state.service.mail_queue(actor, tenant).await?;
    Ok(Json(
        json!({"items": queue.iter().map(queued_json).collect::<Vec<_>>(), "total": queue.len()}),
    ))
}

#[utoipa::path(
    get,
    path = "/api/v1/mail/queue",
    tag = "mail",
    responses((status = 200, description = "The system's newest mails", body = MailQueue))
)]
pub async fn list_system(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Value>, ApiError> {
    list(&state, &actor, None).await
}

#[utoipa::path(
    get,
    path = "/api/v1/tenants/{code}/mail/queue",
    tag = "mail",
    responses((status = 200, description = "The tenant's newest mails", body = MailQueue))
)]
pub async fn list_tenant(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(code): Path<String>,
) -> Result<Json<Value>, ApiError> {
    list(&state, &actor, Some(&code)).await
}

#[utoipa::path(
    post,
    path = "/api/v1/mail/queue/{id}/retry",
    tag = "mail",
    responses((status = 200, description = "The mail, queued again", body = QueuedMail))
)]
pub async fn retry_system(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
) -> Result<Json<Value>, ApiError> {
    let mail = state.service.retry_mail(&actor, None, id).await?;
    Ok(Json(queued_json(&mail)))
}

#[utoipa::path(
    post,
    path = "/api/v1/tenants/{code}/mail/queue/{id}/retry",
    tag = "mail",
    responses((status = 200, description = "The mail, queued again", body = QueuedMail))
)]
pub async fn retry_tenant(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((code, id)): Path<(String, i64)>,
) -> Result<Json<Value>, ApiError> {
    let mail = state.service.retry_mail(&actor, Some(&code), id).await?;
    Ok(Json(queued_json(&mail)))
}
