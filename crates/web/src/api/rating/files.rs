//! `POST .../rate-tables/{id}/import` (a CSV file as multipart `file` or a
//! `text/csv` body; all or nothing, errors `rows[<line>].<column>`) and
//! `GET .../rate-tables/{id}/export` (the same format, as an attachment).

use axum::Json;
use axum::extract::{Path, Request, State};
use axum::response::{IntoResponse, Response};
use pbx_interchange::rates::MAX_RATE_FILE_BYTES;
use serde_json::json;

use crate::api::auth::ApiActor;
use crate::api::imports::{File, UploadForm, read_upload};
use crate::api::openapi::{json_schema, object};
use crate::csv_download::csv_attachment;
use crate::{ApiError, AppState};

/// The body limit of the import route: the file cap plus multipart framing.
pub const MAX_RATE_UPLOAD: usize = MAX_RATE_FILE_BYTES + 64 * 1024;

json_schema!(
    /// How many rates the table now has.
    RatesImported,
    object(&[("rates", json!({"type": "integer", "minimum": 0}))])
);

#[utoipa::path(
    post,
    path = "/api/v1/tenants/{code}/rate-tables/{id}/import",
    tag = "rating",
    request_body(content(
        (UploadForm = "multipart/form-data"),
        (File = "text/csv"),
        (File = "text/plain"),
    )),
    responses((status = 200, description = "The table's rates were replaced by the file's", body = RatesImported))
)]
pub async fn import(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((code, id)): Path<(String, i64)>,
    request: Request,
) -> Result<Response, Response> {
    // 404 / 403 before the body is read.
    state
        .service
        .authorize_rate_writes(&actor, &code)
        .await
        .map_err(|e| ApiError(e).into_response())?;
    let (bytes, _) = read_upload(&state, request).await?;
    let rates = state
        .service
        .import_rates_csv(&actor, &code, id, &bytes)
        .await
        .map_err(|e| ApiError(e).into_response())?;
    Ok(Json(json!({"rates": rates.len()})).into_response())
}

#[utoipa::path(
    get,
    path = "/api/v1/tenants/{code}/rate-tables/{id}/export",
    tag = "rating",
    responses((status = 200, description = "The rates as CSV, an attachment", content(("text/csv"))))
)]
pub async fn export(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((code, id)): Path<(String, i64)>,
) -> Result<Response, ApiError> {
    let (name, bytes) = state.service.export_rates_csv(&actor, &code, id).await?;
    Ok(csv_attachment(bytes, &name))
}
