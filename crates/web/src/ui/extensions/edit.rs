//! The create and edit form of the four kinds (`/tenants/{code}/extensions/new?kind=`
//! and `/tenants/{code}/extensions/{number}`): every section of the spec in
//! order, fields generated from the catalogue, errors beside their fields
//! with the typed values kept, and a clear message on a stale version.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use pbx_domain::catalogue::Page;
use pbx_domain::{ExtensionKind, Settings};
use pbx_service::ServiceError;
use pbx_service::extensions::ExtensionInput;

use super::edit_view::{Core, EditPage};
use super::form::{page_specs, posted_settings, sections_for};
use crate::AppState;
use crate::ui::error::{UiError, page};
use crate::ui::session::{Fields, PostedForm, Session};

fn kind_of(raw: Option<&str>) -> Result<ExtensionKind, UiError> {
    ExtensionKind::parse(raw.unwrap_or_default())
        .map_err(|m| UiError::BadRequest(format!("kind {m}")))
}

pub async fn new(
    State(state): State<AppState>,
    session: Session,
    Path(code): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, UiError> {
    // The tenant first: a tenant the user may not reach is a 404 whatever
    // the query says.
    let tenant = state.service.get_tenant(&session.actor, &code).await?;
    session.actor.require_unrestricted()?;
    session
        .actor
        .require(pbx_service::Permission::CreateExtensions)?;
    let kind = kind_of(query.get("kind").map(String::as_str))?;
    let core = Core {
        kind,
        ..Core::default()
    };
    let defaults = tenant.tenant.defaults.clone();
    let view = EditPage::build(&state, &session, &code, core, None, |specs, objects| {
        sections_for(
            specs,
            objects,
            |s| defaults.get_text(s.key).unwrap_or_default(),
            |_| None,
            Page::Extension,
        )
    })
    .await?;
    page(&view)
}

pub async fn show(
    State(state): State<AppState>,
    session: Session,
    Path((code, number)): Path<(String, String)>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, UiError> {
    let (_, stored) = state
        .service
        .get_extension(&session.actor, &code, &number)
        .await?;
    let e = &stored.extension;
    let show_secret = session.actor.may(pbx_service::Permission::ShowPasswords);
    if show_secret && e.kind.is_phone() && e.secret.is_some() {
        state
            .service
            .record_secret_shown(&session.actor, &code, &number)
            .await?;
    }
    let core = Core::of(e, show_secret);
    let settings = e.settings.clone();
    let mut view = EditPage::build(
        &state,
        &session,
        &code,
        core,
        Some(e.version),
        |specs, o| {
            sections_for(
                specs,
                o,
                |s| settings.get_text(s.key).unwrap_or_default(),
                |_| None,
                Page::Extension,
            )
        },
    )
    .await?;
    view.saved = query.contains_key("saved");
    view.lock = state
        .service
        .extension_lock(&session.actor, &code, &number)
        .await?
        .map(|l| super::lock::LockView {
            since: crate::ui::audit::timestamp(l.locked_at),
            by: l.locked_by,
            reason: l.reason,
        });
    view.locking = true;
    page(&view)
}

/// What the form posted, as service input.
fn input_of(fields: &Fields, kind: ExtensionKind, creating: bool) -> ExtensionInput {
    let text = |k: &str| fields.get(k).map(str::to_owned);
    ExtensionInput {
        kind: creating.then(|| kind.as_str().to_owned()),
        number: if creating { text("number") } else { None },
        name: text("name"),
        description: text("description"),
        username: if kind.is_phone() {
            text("username")
        } else {
            None
        },
        secret: text("secret").filter(|s| kind.is_phone() && !s.is_empty()),
        version: fields.get("version").and_then(|v| v.parse().ok()),
        settings_text: posted_settings(fields, &page_specs(kind, Page::Extension)),
        ..ExtensionInput::default()
    }
}

/// Re-renders the posted form with its errors (nothing was saved).
async fn rerender(
    state: &AppState,
    form: &PostedForm,
    code: &str,
    mut core: Core,
    version: Option<i64>,
    error: Option<ServiceError>,
    swap: bool,
) -> Result<Response, UiError> {
    let fields = &form.fields;
    let (errors, conflict, status) = match error {
        Some(ServiceError::Invalid(errors)) => (errors.0, false, StatusCode::UNPROCESSABLE_ENTITY),
        Some(ServiceError::StaleVersion) => (vec![], true, StatusCode::CONFLICT),
        Some(other) => return Err(other.into()),
        None => (vec![], false, StatusCode::OK),
    };
    core.take_posted(fields);
    if swap {
        core.swap(code);
    }
    let posted = |s: &pbx_domain::catalogue::SettingSpec| {
        fields
            .get(&format!("{}{}", super::form::PREFIX, s.key))
            .unwrap_or_default()
            .to_owned()
    };
    let error_for = |s: &pbx_domain::catalogue::SettingSpec| {
        let path = Settings::path_of(s.key);
        errors
            .iter()
            .find(|e| e.field == path)
            .map(|e| e.message.clone())
    };
    let mut view = EditPage::build(state, &form.session, code, core, version, |specs, o| {
        sections_for(specs, o, posted, error_for, Page::Extension)
    })
    .await?;
    view.take_errors(&errors);
    view.conflict = conflict;
    let mut response = page(&view)?;
    *response.status_mut() = status;
    Ok(response)
}

pub async fn create(
    State(state): State<AppState>,
    Path(code): Path<String>,
    form: PostedForm,
) -> Result<Response, UiError> {
    let kind = kind_of(form.fields.get("kind"))?;
    let core = Core {
        kind,
        ..Core::default()
    };
    if form.fields.has("swap") {
        return rerender(&state, &form, &code, core, None, None, true).await;
    }
    let input = input_of(&form.fields, kind, true);
    match state
        .service
        .create_extension(&form.session.actor, &code, &input)
        .await
    {
        Ok(stored) => Ok(Redirect::to(&format!(
            "/tenants/{code}/extensions/{}?saved=1",
            stored.extension.number
        ))
        .into_response()),
        Err(e) => rerender(&state, &form, &code, core, None, Some(e), false).await,
    }
}

pub async fn update(
    State(state): State<AppState>,
    Path((code, number)): Path<(String, String)>,
    form: PostedForm,
) -> Result<Response, UiError> {
    let actor = &form.session.actor;
    let (_, stored) = state.service.get_extension(actor, &code, &number).await?;
    let e = &stored.extension;
    let core = Core::of(e, actor.may(pbx_service::Permission::ShowPasswords));
    let version = form.fields.get("version").and_then(|v| v.parse().ok());
    if form.fields.has("swap") {
        return rerender(&state, &form, &code, core, version, None, true).await;
    }
    let input = input_of(&form.fields, e.kind, false);
    let scope = pbx_service::extensions::Scope::Extension;
    match state
        .service
        .update_extension(actor, &code, &number, &input, scope)
        .await
    {
        Ok(_) => Ok(
            Redirect::to(&format!("/tenants/{code}/extensions/{number}?saved=1")).into_response(),
        ),
        Err(e) => rerender(&state, &form, &code, core, version, Some(e), false).await,
    }
}

#[cfg(test)]
mod tests {
    use super::super::edit_view::swap_separator;

    #[test]
    fn the_swap_button_switches_hyphen_and_underscore() {
        assert_eq!(swap_separator("100-ACME", "100", "ACME"), "100_ACME");
        assert_eq!(swap_separator("100_ACME", "100", "ACME"), "100-ACME");
        assert_eq!(swap_separator("", "100", "ACME"), "100_ACME");
    }
}
