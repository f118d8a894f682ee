//! `GET /tenants/{code}/extensions/export.csv`: the list's columns for every
//! extension matching the current search and column filters, in the current
//! order, as CSV. Cells that a spreadsheet would run as a formula (starting
//! with `=`, `+`, `-`, `@`, tab or CR) are neutralised with a leading `'`.
//! `GET .../export?format=csv|xlsx`: the same extensions in the import
//! format (`Service::export_extensions`), which re-imports unchanged.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use pbx_service::Permission;
use pbx_service::exports::{ExportFormat, ExportRequest};
use pbx_store::extensions::ListQuery;

use crate::AppState;
use crate::api::extensions::list::parse_query;
use crate::ui::error::UiError;
use crate::ui::session::Session;

/// The most rows one export holds (a tenant's limit is far below).
const MAX_ROWS: i64 = 1_000_000;

/// One CSV cell: formula triggers neutralised, quoted when needed.
pub fn cell(value: &str) -> String {
    let guarded = if value
        .trim_start_matches('\'')
        .starts_with(['=', '+', '-', '@', '\t', '\r'])
    {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

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
    let mut out = header_row.join(",");
    out.push_str("\r\n");
    for item in &result.items {
        let mut cells = vec![
            cell(&item.number),
            cell(&item.name),
            cell(&item.description),
            cell(item.kind.tech()),
            cell(item.username.as_deref().unwrap_or_default()),
        ];
        if result.secrets_visible {
            cells.push(cell(item.secret.as_deref().unwrap_or_default()));
        }
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    let disposition = format!("attachment; filename=\"extensions-{code}.csv\"");
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&disposition)
                    .unwrap_or_else(|_| HeaderValue::from_static("attachment")),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        out,
    )
        .into_response())
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

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn formula_cells_are_neutralised_and_quoted_cells_escaped() {
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell("+1"), "'+1");
        assert_eq!(cell("@SUM"), "'@SUM");
        assert_eq!(cell("\tx"), "'\tx");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("Alex Reed"), "Alex Reed");
    }
}
