//! A CSV download: the body as a UTF-8 `text/csv` attachment. Every CSV
//! the API and the pages offer (audit log, calls, rates, extensions) is
//! answered through [`csv_attachment`].

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

/// `body` as the attachment `file_name` (a name a header cannot hold falls
/// back to a plain `attachment`).
pub fn csv_attachment(body: impl IntoResponse, file_name: &str) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{file_name}\""))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
    headers.insert(header::CONTENT_DISPOSITION, disposition);
    response
}
