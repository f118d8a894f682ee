//! `GET /tenants/{code}/extensions/{number}/provisioning`: what fast
//! provisioning does, and a button; `POST` (with the CSRF token) issues a
//! ten-minute link and shows it as a QR code for the phone to scan.
//! Needs the `show_passwords` permission: the link carries the secret.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use pbx_service::Permission;
use pbx_service::provisioning::{LINK_LIFETIME_SECS, Link};

use crate::AppState;
use crate::ui::chrome::Chrome;
use crate::ui::error::{UiError, page};
use crate::ui::session::{PostedForm, Session, is_https};

#[derive(askama::Template)]
#[template(path = "extensions/provisioning.html")]
struct ProvisioningPage {
    chrome: Chrome,
    base: String,
    number: String,
    name: String,
    username: String,
    sip_domain: String,
    minutes: i64,
    /// The issued link and its QR code (an SVG built here from the link).
    link: Option<(String, String)>,
}

/// The URL this server is reached at, as the browser sent it (a proxy's
/// `X-Forwarded-Proto` / `X-Forwarded-Host` first); only host characters
/// are kept, so the QR code holds a plain URL.
fn public_base(headers: &HeaderMap, uri: &Uri) -> String {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let scheme = if is_https(headers, uri) {
        "https"
    } else {
        "http"
    };
    let host = header("x-forwarded-host")
        .or(header("host"))
        .filter(|h| {
            !h.is_empty()
                && h.chars()
                    .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
        })
        .unwrap_or("localhost");
    format!("{scheme}://{host}")
}

async fn render(
    state: &AppState,
    session: &Session,
    code: &str,
    number: &str,
    link: Option<(String, String)>,
) -> Result<Response, UiError> {
    let actor = &session.actor;
    let (tenant, stored) = state.service.get_extension(actor, code, number).await?;
    actor.require(Permission::ShowPasswords)?;
    let e = &stored.extension;
    page(&ProvisioningPage {
        chrome: Chrome::load(state, session, Some(code)).await?,
        base: format!("/tenants/{code}/extensions"),
        number: number.to_owned(),
        name: e.name.to_string(),
        username: e
            .username
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
        sip_domain: tenant.tenant.sip_domain.clone().unwrap_or_default(),
        minutes: LINK_LIFETIME_SECS / 60,
        link,
    })
}

pub async fn show(
    State(state): State<AppState>,
    session: Session,
    Path((code, number)): Path<(String, String)>,
) -> Result<Response, UiError> {
    render(&state, &session, &code, &number, None).await
}

pub async fn issue(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
    Path((code, number)): Path<(String, String)>,
    form: PostedForm,
) -> Result<Response, UiError> {
    let session = form.session;
    let link: Link = state
        .service
        .issue_provisioning(&session.actor, &code, &number)
        .await?;
    let url = format!("{}{}", public_base(&headers, &uri), link.path());
    let qr = pbx_service::qr::svg(&url, 240)?;
    render(&state, &session, &code, &number, Some((url, qr))).await
}
