//! The Edit PJSIP Endpoint and Edit PJSIP AOR pages
//! (`/tenants/{code}/extensions/{number}/pjsip/endpoint` and `.../aor`): every
//! field of the page from the catalogue; Save returns to the extension,
//! Back leaves without change. Saves use `Scope::PjsipPage`, so nothing
//! outside the page can change.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use pbx_domain::catalogue::{Page, SettingSpec};
use pbx_domain::{ExtensionKind, Settings};
use pbx_service::extensions::{ExtensionInput, Scope};
use pbx_service::{Permission, ServiceError};

use super::form::{PREFIX, SectionView, page_specs, posted_settings, sections_for};
use crate::AppState;
use crate::ui::chrome::Chrome;
use crate::ui::error::{UiError, page};
use crate::ui::session::{PostedForm, Session};

#[derive(askama::Template)]
#[template(path = "extensions/pjsip.html")]
struct PjsipPage {
    chrome: Chrome,
    base: String,
    back: String,
    self_href: String,
    title: &'static str,
    number: String,
    name: String,
    version: i64,
    sections: Vec<SectionView>,
    general: Vec<String>,
    conflict: bool,
    can_save: bool,
}

fn path_of(page: Page) -> &'static str {
    if page == Page::PjsipAor {
        "aor"
    } else {
        "endpoint"
    }
}

async fn render(
    state: &AppState,
    session: &Session,
    code: &str,
    number: &str,
    page_kind: Page,
    form: Option<(&PostedForm, Option<ServiceError>)>,
) -> Result<Response, UiError> {
    let actor = &session.actor;
    let (_, stored) = state.service.get_extension(actor, code, number).await?;
    let e = &stored.extension;
    if e.kind != ExtensionKind::Pjsip {
        return Err(UiError::NotFound(format!(
            "extension {number} is not a PJSIP extension"
        )));
    }
    let objects = state.service.list_objects(actor, code, None).await?;
    let specs = page_specs(ExtensionKind::Pjsip, page_kind);
    let (errors, conflict, status) = match form.as_ref().and_then(|(_, e)| e.as_ref()) {
        Some(ServiceError::Invalid(errors)) => {
            (errors.0.clone(), false, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Some(ServiceError::StaleVersion) => (vec![], true, StatusCode::CONFLICT),
        _ => (vec![], false, StatusCode::OK),
    };
    let posted = form.as_ref().map(|(f, _)| &f.fields);
    let value_of = |s: &SettingSpec| match posted.and_then(|f| f.get(&format!("{PREFIX}{}", s.key)))
    {
        Some(v) => v.to_owned(),
        None => e.settings.get_text(s.key).unwrap_or_default(),
    };
    let error_of = |s: &SettingSpec| {
        let path = Settings::path_of(s.key);
        errors
            .iter()
            .find(|x| x.field == path)
            .map(|x| x.message.clone())
    };
    let sections = sections_for(&specs, &objects, value_of, error_of, page_kind);
    let base = format!("/tenants/{code}/extensions");
    let mut general: Vec<String> = errors
        .iter()
        .filter(|x| !specs.iter().any(|s| Settings::path_of(s.key) == x.field))
        .map(|x| format!("{}: {}", x.field, x.message))
        .collect();
    if general.is_empty() && !errors.is_empty() {
        general.push("See the fields marked below.".into());
    }
    let version = posted
        .and_then(|f| f.get("version"))
        .and_then(|v| v.parse().ok())
        .unwrap_or(e.version);
    let mut response = page(&PjsipPage {
        chrome: Chrome::load(state, session, Some(code)).await?,
        back: format!("{base}/{number}"),
        self_href: format!("{base}/{number}/pjsip/{}", path_of(page_kind)),
        base,
        title: if page_kind == Page::PjsipAor {
            "PJSIP AOR"
        } else {
            "PJSIP Endpoint"
        },
        number: number.to_owned(),
        name: e.name.as_str().to_owned(),
        version,
        sections,
        general,
        conflict,
        can_save: actor.may(Permission::EditPjsip),
    })?;
    *response.status_mut() = status;
    Ok(response)
}

async fn save(
    state: AppState,
    code: String,
    number: String,
    form: PostedForm,
    page_kind: Page,
) -> Result<Response, UiError> {
    let input = ExtensionInput {
        version: form.fields.get("version").and_then(|v| v.parse().ok()),
        settings_text: posted_settings(&form.fields, &page_specs(ExtensionKind::Pjsip, page_kind)),
        ..ExtensionInput::default()
    };
    let result = state
        .service
        .update_extension(
            &form.session.actor,
            &code,
            &number,
            &input,
            Scope::PjsipPage(page_kind),
        )
        .await;
    match result {
        Ok(_) => Ok(
            Redirect::to(&format!("/tenants/{code}/extensions/{number}?saved=1")).into_response(),
        ),
        Err(e @ (ServiceError::Invalid(_) | ServiceError::StaleVersion)) => {
            render(
                &state,
                &form.session,
                &code,
                &number,
                page_kind,
                Some((&form, Some(e))),
            )
            .await
        }
        Err(other) => Err(other.into()),
    }
}

pub async fn show_endpoint(
    State(s): State<AppState>,
    session: Session,
    Path((c, n)): Path<(String, String)>,
) -> Result<Response, UiError> {
    render(&s, &session, &c, &n, Page::PjsipEndpoint, None).await
}

pub async fn save_endpoint(
    State(s): State<AppState>,
    Path((c, n)): Path<(String, String)>,
    form: PostedForm,
) -> Result<Response, UiError> {
    Box::pin(save(s, c, n, form, Page::PjsipEndpoint)).await
}

pub async fn show_aor(
    State(s): State<AppState>,
    session: Session,
    Path((c, n)): Path<(String, String)>,
) -> Result<Response, UiError> {
    render(&s, &session, &c, &n, Page::PjsipAor, None).await
}

pub async fn save_aor(
    State(s): State<AppState>,
    Path((c, n)): Path<(String, String)>,
    form: PostedForm,
) -> Result<Response, UiError> {
    Box::pin(save(s, c, n, form, Page::PjsipAor)).await
}
