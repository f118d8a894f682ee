//! `POST /tenants/{code}/imports/{id}/apply`: writes a previewed upload in
//! one transaction and shows the counts; when the data changed since the
//! preview and the file no longer applies, nothing is written and the new
//! errors are shown.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::upload::render;
use super::view::{AppliedPage, PreviewView};
use crate::AppState;
use crate::ui::chrome::Chrome;
use crate::ui::error::{UiError, page};
use crate::ui::session::PostedForm;

pub async fn submit(
    State(state): State<AppState>,
    Path((code, id)): Path<(String, String)>,
    form: PostedForm,
) -> Result<Response, UiError> {
    let session = &form.session;
    let outcome = state
        .service
        .apply_import(&session.actor, &code, &id)
        .await?;
    let report = outcome.report;
    if !outcome.applied {
        let file_name = form.fields.get("file_name").unwrap_or_default().to_owned();
        let view = PreviewView::of(id, &file_name, report);
        let mut response = render(&state, session, &code, String::new(), Some(view), true).await?;
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(response);
    }
    page(&AppliedPage {
        chrome: Chrome::load(&state, session, Some(&code)).await?,
        base: format!("/tenants/{code}/extensions"),
        code,
        created: report.creates,
        updated: report.updates,
        unchanged: report.unchanged,
    })
}
