//! `GET .../extensions/export?format=csv|xlsx`: the list filters, or a
//! `numbers=100,101` selection, as an attachment.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use pbx_domain::ValidationErrors;
use pbx_service::exports::{ExportFormat, ExportRequest};

use serde_json::json;

use super::list::parse_query;
use crate::api::auth::ApiActor;
use crate::api::openapi::json_schema;
use crate::{ApiError, AppState};

json_schema!(
    /// The `format` of an export.
    Format,
    json!({"type": "string", "enum": ([ExportFormat::Csv, ExportFormat::Xlsx].map(ExportFormat::extension))})
);

/// The list's filters (as `GET .../extensions` takes them) select the
/// rows, unless `numbers` names them.
#[utoipa::path(
    get,
    path = "/api/v1/tenants/{code}/extensions/export",
    tag = "extensions",
    params(
        ("format" = Option<Format>, Query, description = "csv (the default) or xlsx"),
        ("numbers" = Option<String>, Query, description = "comma-separated selection"),
    ),
    responses((status = 200, description = "The file, as an attachment", content(
        ("text/csv"),
        ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    )))
)]
pub async fn export(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(code): Path<String>,
    Query(mut params): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let mut errors = ValidationErrors::new();
    let format = match params.remove("format").filter(|f| !f.is_empty()) {
        None => ExportFormat::Csv,
        Some(raw) => errors
            .check("format", ExportFormat::parse(&raw))
            .unwrap_or(ExportFormat::Csv),
    };
    let numbers = params.remove("numbers").map(|raw| {
        raw.split(',')
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_owned)
            .collect::<Vec<_>>()
    });
    let query = match parse_query(&params) {
        Ok((query, _, _)) => Some(query),
        Err(more) => {
            errors.extend(more);
            None
        }
    };
    errors.into_result()?;
    let request = ExportRequest {
        format,
        query: query.unwrap_or_default(),
        numbers,
    };
    let file = state
        .service
        .export_extensions(&actor, &code, request)
        .await?;
    let disposition = format!("attachment; filename=\"{}\"", file.file_name);
    let mut response = file.bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(file.content_type),
    );
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}
