//! `POST /tenants/{code}/extensions/{number}/lock` and `.../unlock`: the
//! edit page's Lock and Unlock buttons (a lock refuses the extension's
//! external calls on every node and hangs up its running ones).

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};

use crate::AppState;
use crate::ui::error::UiError;
use crate::ui::session::PostedForm;

/// What the edit page shows of a lock.
pub struct LockView {
    pub since: String,
    pub by: String,
    pub reason: String,
}

fn back(code: &str, number: &str) -> Response {
    Redirect::to(&format!("/tenants/{code}/extensions/{number}?saved")).into_response()
}

pub async fn lock(
    State(state): State<AppState>,
    Path((code, number)): Path<(String, String)>,
    form: PostedForm,
) -> Result<Response, UiError> {
    let reason = form.fields.get("reason").unwrap_or_default().to_owned();
    state
        .service
        .lock_extension(&form.session.actor, &code, &number, &reason)
        .await?;
    Ok(back(&code, &number))
}

pub async fn unlock(
    State(state): State<AppState>,
    Path((code, number)): Path<(String, String)>,
    form: PostedForm,
) -> Result<Response, UiError> {
    state
        .service
        .unlock_extension(&form.session.actor, &code, &number)
        .await?;
    Ok(back(&code, &number))
}
