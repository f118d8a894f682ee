//! `POST .../imports` (a CSV, XLS or XLSX file as multipart/form-data
//! `file`, or as the raw body) answers the preview with its `id`;
//! `POST .../imports/{id}/apply` writes it in one transaction, or nothing.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use pbx_interchange::parse::Source;

use crate::api::auth::ApiActor;
use crate::api::openapi::{Problem, json_schema, object};
use crate::{ApiError, AppState, problem};

/// The largest upload accepted.
pub const MAX_UPLOAD: usize = 50 * 1024 * 1024;

/// Content types accepted as a raw body.
const RAW_TYPES: [(&str, &str); 5] = [
    ("text/csv", "upload.csv"),
    ("text/plain", "upload.csv"),
    ("application/vnd.ms-excel", "upload.xls"),
    (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "upload.xlsx",
    ),
    ("application/octet-stream", "upload"),
];

fn too_large() -> Response {
    problem(
        StatusCode::PAYLOAD_TOO_LARGE,
        &format!(
            "The file is too large: uploads may hold at most {} MB",
            MAX_UPLOAD / (1024 * 1024)
        ),
        json!([{"field": "file", "message": "is larger than the upload limit"}]),
        Value::Null,
    )
}

fn bad_upload(status: StatusCode, message: &str) -> Response {
    problem(
        status,
        "The upload could not be read",
        json!([{"field": "file", "message": message}]),
        Value::Null,
    )
}

/// The uploaded file and its name.
pub(crate) async fn read_upload(
    state: &AppState,
    request: Request,
) -> Result<(Bytes, String), Response> {
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    if content_type.starts_with("multipart/form-data") {
        let mut multipart = Multipart::from_request(request, state)
            .await
            .map_err(IntoResponse::into_response)?;
        loop {
            match multipart.next_field().await {
                Ok(Some(field)) if field.name() == Some("file") => {
                    let name = field.file_name().unwrap_or("upload").to_owned();
                    return match field.bytes().await {
                        Ok(bytes) => Ok((bytes, name)),
                        Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => Err(too_large()),
                        Err(e) => Err(bad_upload(StatusCode::BAD_REQUEST, &e.body_text())),
                    };
                }
                Ok(Some(_)) => {}
                Ok(None) => {
                    return Err(bad_upload(
                        StatusCode::UNPROCESSABLE_ENTITY,
                        "is required: send the file as the multipart part named file",
                    ));
                }
                Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(too_large()),
                Err(e) => return Err(bad_upload(StatusCode::BAD_REQUEST, &e.body_text())),
            }
        }
    }
    let Some((_, name)) = RAW_TYPES.iter().find(|(t, _)| content_type.starts_with(t)) else {
        return Err(bad_upload(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "send multipart/form-data with a file part, or a text/csv, XLS or XLSX body",
        ));
    };
    match axum::body::to_bytes(request.into_body(), MAX_UPLOAD).await {
        Ok(bytes) => Ok((bytes, (*name).to_owned())),
        Err(_) => Err(too_large()),
    }
}

json_schema!(
    /// A file: CSV, XLS or XLSX.
    File,
    json!({"type": "string", "format": "binary"})
);

json_schema!(
    /// The multipart form of an upload.
    UploadForm,
    json!({"type": "object", "required": ["file"], "properties": {"file": {"type": "string", "format": "binary"}}})
);

/// Reads the file and answers its preview with the `id` to apply.
#[utoipa::path(
    post,
    path = "/api/v1/tenants/{code}/imports",
    tag = "imports",
    request_body(content(
        (UploadForm = "multipart/form-data"),
        (File = "text/csv"),
        (File = "text/plain"),
        (File = "application/vnd.ms-excel"),
        (File = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (File = "application/octet-stream"),
    )),
    responses(
        (status = 200, description = "The preview", body = Preview),
        (status = 413, description = "The file is larger than 50 MB", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn upload(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(code): Path<String>,
    request: Request,
) -> Result<Response, Response> {
    // Tenant, permission and an import slot before the body is read.
    let slot = state
        .service
        .reserve_import(&actor, &code)
        .await
        .map_err(|e| ApiError(e).into_response())?;
    let (bytes, name) = read_upload(&state, request).await?;
    let preview = state
        .service
        .preview_reserved(&actor, &slot, &bytes, &name)
        .await
        .map_err(|e| ApiError(e).into_response())?;
    Ok(Json(json!(preview)).into_response())
}

json_schema!(
    /// What a file would do, with the `id` to apply it by.
    Preview,
    object(&[
        ("id", json!({"type": "string"})),
        ("source", json!({
            "type": "string",
            "description": "the format the header was recognised as",
            "enum": ([Source::Native, Source::FreePbx].map(|s| serde_json::to_value(s).expect("a source serializes"))),
        })),
        ("creates", json!({"type": "integer", "minimum": 0})),
        ("updates", json!({"type": "integer", "minimum": 0})),
        ("unchanged", json!({"type": "integer", "minimum": 0})),
        ("errors", json!({"type": "array", "items": object(&[
            ("line", json!({"type": "integer"})),
            ("column", json!({"type": "string"})),
            ("message", json!({"type": "string"})),
        ])})),
        ("unmapped", json!({"type": "array", "items": {"type": "string"}, "description": "FreePBX columns with no equivalent here"})),
    ])
);

json_schema!(
    /// What an applied import did.
    Applied,
    object(&[
        ("applied", json!({"type": "boolean"})),
        ("created", json!({"type": "integer"})),
        ("updated", json!({"type": "integer"})),
        ("unchanged", json!({"type": "integer"})),
    ])
);

#[utoipa::path(
    post,
    path = "/api/v1/tenants/{code}/imports/{id}/apply",
    tag = "imports",
    responses((status = 200, description = "Applied in one transaction", body = Applied))
)]
pub async fn apply(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((code, id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let outcome = state.service.apply_import(&actor, &code, &id).await?;
    let report = &outcome.report;
    if !outcome.applied {
        return Ok(problem(
            StatusCode::UNPROCESSABLE_ENTITY,
            "The file was not applied: nothing was changed",
            json!(report.errors),
            json!({"creates": report.creates, "updates": report.updates, "unchanged": report.unchanged}),
        ));
    }
    Ok(Json(json!({
        "applied": true,
        "created": report.creates,
        "updated": report.updates,
        "unchanged": report.unchanged,
    }))
    .into_response())
}

#[cfg(test)]
mod tests {
    use super::RAW_TYPES;
    use crate::api::openapi::DOCUMENT;

    #[test]
    fn the_document_lists_every_accepted_content_type_of_an_upload() {
        let body = &DOCUMENT["paths"]["/api/v1/tenants/{code}/imports"]["post"]["requestBody"];
        for (content_type, _) in RAW_TYPES.iter().chain(&[("multipart/form-data", "")]) {
            assert!(body["content"][content_type].is_object(), "{content_type}");
        }
    }
}
