//! `/` (to the selected tenant's Extensions page) and `POST /tenant` (the
//! top bar's tenant selector, remembered per user).

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};

use super::chrome::{Chrome, TENANT_PREF};
use super::error::{UiError, page};
use super::session::{PostedForm, Session};
use crate::AppState;

#[derive(askama::Template)]
#[template(path = "no_tenant.html")]
struct NoTenant {
    chrome: Chrome,
}

fn extensions_of(code: &str) -> Redirect {
    Redirect::to(&format!("/tenants/{code}/extensions"))
}

pub async fn index(State(state): State<AppState>, session: Session) -> Result<Response, UiError> {
    let tenants = state.service.list_tenants(&session.actor).await?;
    let remembered = state.service.pref(&session.actor, TENANT_PREF).await?;
    let chosen = remembered
        .as_deref()
        .and_then(|code| tenants.iter().find(|t| t.tenant.code.as_str() == code))
        .or(tenants.first());
    match chosen {
        Some(tenant) => Ok(extensions_of(tenant.tenant.code.as_str()).into_response()),
        None => page(&NoTenant {
            chrome: Chrome::load(&state, &session, None).await?,
        }),
    }
}

pub async fn select_tenant(
    State(state): State<AppState>,
    form: PostedForm,
) -> Result<Response, UiError> {
    let actor = &form.session.actor;
    let code = form.fields.get("tenant").unwrap_or_default();
    // NotFound for a tenant the user may not reach.
    let tenant = state.service.get_tenant(actor, code).await?;
    let code = tenant.tenant.code.as_str();
    state.service.set_pref(actor, TENANT_PREF, code).await?;
    Ok(extensions_of(code).into_response())
}
