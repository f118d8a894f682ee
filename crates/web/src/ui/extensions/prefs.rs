//! `POST /tenants/{code}/extensions/prefs`: remembers the display mode or
//! the grid's hidden columns for the user, then returns to the list.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};

use super::list_view::{COLUMNS, COLUMNS_PREF, MODE_PREF};
use crate::AppState;
use crate::ui::error::UiError;
use crate::ui::session::PostedForm;

pub async fn save(
    State(state): State<AppState>,
    Path(code): Path<String>,
    form: PostedForm,
) -> Result<Response, UiError> {
    let actor = &form.session.actor;
    state.service.get_tenant(actor, &code).await?;
    let base = format!("/tenants/{code}/extensions");
    let mut back = base.clone();
    if let Some(mode) = form.fields.get("mode") {
        if mode != "table" && mode != "grid" {
            return Err(UiError::BadRequest("mode must be table or grid".into()));
        }
        state.service.set_pref(actor, MODE_PREF, mode).await?;
    }
    if form.fields.has("columns") {
        let shown = form.fields.all("show");
        let hidden: Vec<&str> = COLUMNS
            .iter()
            .map(|(key, _, _)| *key)
            .filter(|key| *key != "number" && !shown.iter().any(|s| s == key))
            .collect();
        state
            .service
            .set_pref(actor, COLUMNS_PREF, &hidden.join(","))
            .await?;
        if let Some(requested) = form.fields.get("back")
            && (requested == base || requested.starts_with(&format!("{base}?")))
        {
            back = requested.to_owned();
        }
    }
    Ok(Redirect::to(&back).into_response())
}
