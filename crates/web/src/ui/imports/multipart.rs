//! Reading the upload form: a `multipart/form-data` body whose `csrf` field
//! must match the session's token (checked before the file is looked at)
//! and whose `file` part is the spreadsheet. A body that is not multipart
//! is read as an ordinary form, so a missing token is still a 403.

use axum::body::Bytes;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::AppState;
use crate::api::imports::MAX_UPLOAD;
use crate::ui::error::UiError;
use crate::ui::session::{Session, same_secret};

/// The uploaded file and its name.
pub struct UploadedFile {
    pub bytes: Bytes,
    pub name: String,
}

fn forbidden() -> Response {
    UiError::Forbidden(
        "The form's security token is missing or out of date. Go back, reload the page and try again."
            .into(),
    )
    .into_response()
}

fn too_large() -> Response {
    let mut response = UiError::BadRequest(format!(
        "The file is too large: uploads may hold at most {} MB.",
        MAX_UPLOAD / (1024 * 1024)
    ))
    .into_response();
    *response.status_mut() = StatusCode::PAYLOAD_TOO_LARGE;
    response
}

fn unreadable(error: axum::extract::multipart::MultipartError) -> Response {
    if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
        too_large()
    } else {
        UiError::BadRequest(format!(
            "The upload could not be read: {}",
            error.body_text()
        ))
        .into_response()
    }
}

/// The file of an upload form whose CSRF token matches `session`; `None`
/// when the form carried no file (or an empty one).
pub async fn read(
    state: &AppState,
    session: &Session,
    request: Request,
) -> Result<Option<UploadedFile>, Response> {
    let multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().starts_with("multipart/form-data"));
    if !multipart {
        let axum::Form(pairs) = axum::Form::<Vec<(String, String)>>::from_request(request, state)
            .await
            .map_err(|_| forbidden())?;
        let sent = pairs.iter().rev().find(|(k, _)| k == "csrf");
        return match sent {
            Some((_, v)) if same_secret(v, &session.csrf) => Ok(None),
            _ => Err(forbidden()),
        };
    }
    let mut form = Multipart::from_request(request, state)
        .await
        .map_err(IntoResponse::into_response)?;
    let mut csrf_ok = false;
    let mut file = None;
    while let Some(field) = form.next_field().await.map_err(unreadable)? {
        match field.name() {
            Some("csrf") => {
                let sent = field.text().await.map_err(unreadable)?;
                if !same_secret(&sent, &session.csrf) {
                    return Err(forbidden());
                }
                csrf_ok = true;
            }
            Some("file") => {
                let name = field.file_name().unwrap_or("upload").to_owned();
                let bytes = field.bytes().await.map_err(unreadable)?;
                file = (!bytes.is_empty()).then_some(UploadedFile { bytes, name });
            }
            _ => {}
        }
    }
    if !csrf_ok {
        return Err(forbidden());
    }
    Ok(file)
}
