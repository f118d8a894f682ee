//! A call's recording as a download: the WAV file streamed from the
//! node's spool (recordings run to hundreds of megabytes; memory stays
//! bounded), for the API and the calls page alike.

use std::path::Path;

use axum::body::Body;
use axum::http::{HeaderValue, header};
use axum::response::Response;
use tokio_util::io::ReaderStream;

use pbx_service::ServiceError;

/// The file at `path` as an `audio/wav` attachment named after it.
pub async fn recording_response(path: &Path) -> Result<Response, ServiceError> {
    let file = tokio::fs::File::open(path)
        .await
        .map_err(|_| ServiceError::not_found("the recording"))?;
    let length = file.metadata().await.ok().map(|m| m.len());
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut response = Response::new(Body::from_stream(ReaderStream::new(file)));
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("audio/wav"));
    if let Some(length) = length {
        headers.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    }
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
    headers.insert(header::CONTENT_DISPOSITION, disposition);
    Ok(response)
}
