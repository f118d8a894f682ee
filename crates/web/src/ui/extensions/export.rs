//! `GET /tenants/{code}/extensions/export.csv`: the list's columns for every
//! extension matching the current search and column filters, in the current
//! order, as CSV written by interchange's `CsvWriter` (cells that a
//! spreadsheet would run as a formula get a leading `'`).
//! `GET .../export?format=csv|xlsx`: the same extensions in the import
//! format (`Service::export_extensions`), which re-imports unchanged.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use pbx_interchange::CsvWriter;
use pbx_service::Permission;
use pbx_service::exports::{ExportFormat, ExportRequest};
use pbx_store::extensions::ListQuery;

use crate::AppState;
use crate::api::extensions::list::parse_query;
use crate::csv_download::csv_attachment;
use crate::ui::error::UiError;
use crate::ui::session::Session;

/// The most rows one export holds (a tenant's limit is far below).
const MAX_ROWS: i64 = 1_000_000;

/// The list's filters and sort from its query string, without the display
/// mode and paging (an export takes every matching row).
fn filters(raw: &mut HashMap<String, String>) -> Result<ListQuery, UiError> {
    for paging in ["mode", "page", "per_page"] {
        raw.remove(paging);
    }
    Ok(parse_query(raw).map_err(UiError::from)?.0)
}

pub async fn csv(
    State(state): State<AppState>,
    session: Session,
    Path(code): Path<String>,
    Query(mut raw): Query<HashMap<String, String>>,
) -> Result<Response, UiError> {
    let actor = &session.actor;
    actor.require(Permission::Export)?;
    let mut query = filters(&mut raw)?;
    query.offset = 0;
    query.limit = MAX_ROWS;
    let result = state.service.list_extensions(actor, &code, query).await?;
    let mut header_row = vec!["number", "name", "description", "tech", "username"];
    if result.secrets_visible {
        header_row.push("password");
    }
    let mut out = CsvWriter::new(Vec::new());
    out.header(&header_row).map_err(csv_failed)?;
    for item in &result.items {
        let mut cells = vec![
            item.number.as_str(),
            item.name.as_str(),
            item.description.as_str(),
            item.kind.tech(),
            item.username.as_deref().unwrap_or_default(),
        ];
        if result.secrets_visible {
            cells.push(item.secret.as_deref().unwrap_or_default());
        }
        out.row(cells).map_err(csv_failed)?;
    }
    let out = out.into_string();
    let mut response = csv_attachment(out, &format!("extensions-{code}.csv"));
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// Writing to memory fails only on a bug (a row of the wrong length).
fn csv_failed(error: std::io::Error) -> UiError {
    UiError::Internal(pbx_service::ServiceError::Internal(Box::new(error)))
}

/// The list filters as an export in the import format (`format=csv` or
/// `xlsx`), as an attachment.
pub async fn file(
    State(state): State<AppState>,
    session: Session,
    Path(code): Path<String>,
    Query(mut raw): Query<HashMap<String, String>>,
) -> Result<Response, UiError> {
    let format = match raw.remove("format") {
        None => ExportFormat::Csv,
        Some(f) => {
            ExportFormat::parse(&f).map_err(|m| UiError::BadRequest(format!("format {m}")))?
        }
    };
    let query = filters(&mut raw)?;
    let request = ExportRequest {
        format,
        query,
        numbers: None,
    };
    let file = state
        .service
        .export_extensions(&session.actor, &code, request)
        .await?;
    let disposition = format!("attachment; filename=\"{}\"", file.file_name);
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(file.content_type),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&disposition)
                    .unwrap_or_else(|_| HeaderValue::from_static("attachment")),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        file.bytes,
    )
        .into_response())
}
