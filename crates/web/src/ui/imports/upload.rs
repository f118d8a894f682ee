//! `GET /tenants/{code}/imports`: the upload form; `POST` (multipart, with
//! the CSRF token as a field): checks the file with
//! `Service::preview_import` and shows what it would do. The file is kept
//! for an hour for the Apply button, which appears only without errors.

use axum::extract::{FromRequestParts, Path, Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use pbx_service::ServiceError;

use super::multipart;
use super::view::{PreviewView, UploadPage, columns};
use crate::AppState;
use crate::ui::chrome::Chrome;
use crate::ui::error::{UiError, page};
use crate::ui::session::Session;

/// The upload page, with a problem or a preview.
pub async fn render(
    state: &AppState,
    session: &Session,
    code: &str,
    problem: String,
    preview: Option<PreviewView>,
    refused: bool,
) -> Result<Response, UiError> {
    page(&UploadPage {
        chrome: Chrome::load(state, session, Some(code)).await?,
        code: code.to_owned(),
        base: format!("/tenants/{code}/extensions"),
        problem,
        preview,
        refused,
        updates_only: session.actor.require_unrestricted().is_err(),
        columns: columns(),
    })
}

pub async fn show(
    State(state): State<AppState>,
    session: Session,
    Path(code): Path<String>,
) -> Result<Response, UiError> {
    state
        .service
        .authorize_import(&session.actor, &code)
        .await?;
    render(&state, &session, &code, String::new(), None, false).await
}

pub async fn submit(
    State(state): State<AppState>,
    Path(code): Path<String>,
    request: Request,
) -> Result<Response, Response> {
    let (mut parts, body) = request.into_parts();
    let session = Session::from_request_parts(&mut parts, &state).await?;
    let fail = |e: UiError| axum::response::IntoResponse::into_response(e);
    let actor = &session.actor;
    let (state_ref, session_ref, code_ref) = (&state, &session, &code);
    let refused = move |problem: String, status: StatusCode| async move {
        let mut response = render(state_ref, session_ref, code_ref, problem, None, false)
            .await
            .map_err(fail)?;
        *response.status_mut() = status;
        Ok::<Response, Response>(response)
    };
    // Tenant, permission and an import slot before the body is read
    // (404/403 first, then 429 while another import of the tenant runs).
    let slot = match state.service.reserve_import(actor, &code).await {
        Ok(slot) => slot,
        Err(ServiceError::Busy { message, .. }) => {
            return refused(format!("{message}."), StatusCode::TOO_MANY_REQUESTS).await;
        }
        Err(e) => return Err(fail(e.into())),
    };
    let file = multipart::read(&state, &session, Request::from_parts(parts, body)).await?;
    let unprocessable = |problem: String| refused(problem, StatusCode::UNPROCESSABLE_ENTITY);
    let Some(file) = file else {
        return unprocessable("Choose a CSV, XLS or XLSX file to upload.".into()).await;
    };
    match state
        .service
        .preview_reserved(actor, &slot, &file.bytes, &file.name)
        .await
    {
        Ok(preview) => {
            let view = PreviewView::of(preview.id, &file.name, preview.report);
            render(&state, &session, &code, String::new(), Some(view), false)
                .await
                .map_err(fail)
        }
        Err(ServiceError::Invalid(errors)) => {
            let text = errors
                .0
                .iter()
                .map(|e| format!("The {}: {}", e.field, e.message))
                .collect::<Vec<_>>()
                .join("; ");
            unprocessable(text).await
        }
        Err(other) => Err(fail(other.into())),
    }
}
