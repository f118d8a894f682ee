//! `/account`: the signed-in administrator's password, two-factor sign-in
//! (QR code enrolment, recovery codes) and live sessions and tokens.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use pbx_service::ServiceError;

use super::audit::timestamp;
use super::chrome::Chrome;
use super::error::{UiError, page};
use super::session::{PostedForm, Session};
use crate::AppState;

/// One live token or session.
pub struct TokenRow {
    pub id: i64,
    pub kind: String,
    pub created: String,
    pub expires: String,
}

#[derive(askama::Template)]
#[template(path = "account.html")]
struct AccountPage {
    chrome: Chrome,
    totp_enabled: bool,
    recovery_left: i64,
    /// During enrolment: the seed and the QR code (our own SVG markup).
    enrol_secret: String,
    enrol_svg: String,
    recovery_codes: Vec<String>,
    tokens: Vec<TokenRow>,
    message: String,
    error: String,
}

async fn render(
    state: &AppState,
    session: &Session,
    fill: impl FnOnce(&mut AccountPage),
) -> Result<Response, UiError> {
    let (totp_enabled, recovery_left) = state.service.totp_status(&session.actor).await?;
    let tokens = state
        .service
        .list_tokens(&session.actor)
        .await?
        .into_iter()
        .map(|t| TokenRow {
            id: t.id,
            kind: t.kind,
            created: timestamp(t.created_at),
            expires: timestamp(t.expires_at),
        })
        .collect();
    let mut view = AccountPage {
        chrome: Chrome::load(state, session, None).await?,
        totp_enabled,
        recovery_left,
        enrol_secret: String::new(),
        enrol_svg: String::new(),
        recovery_codes: Vec::new(),
        tokens,
        message: String::new(),
        error: String::new(),
    };
    fill(&mut view);
    page(&view)
}

fn problem(error: ServiceError) -> Result<String, UiError> {
    match error {
        ServiceError::Invalid(errors) => Ok(errors.messages().join(" ")),
        other => Err(other.into()),
    }
}

pub async fn show(State(state): State<AppState>, session: Session) -> Result<Response, UiError> {
    render(&state, &session, |_| {}).await
}

pub async fn password(
    State(state): State<AppState>,
    form: PostedForm,
) -> Result<Response, UiError> {
    let f = |k: &str| form.fields.get(k).unwrap_or_default();
    match state
        .service
        .change_own_password(
            &form.session.actor,
            f("current_password"),
            f("new_password"),
        )
        .await
    {
        // Every session was revoked, this one too: sign in again.
        Ok(()) => Ok(Redirect::to("/login").into_response()),
        Err(e) => {
            let error = problem(e)?;
            render(&state, &form.session, |v| v.error = error).await
        }
    }
}

pub async fn begin_totp(
    State(state): State<AppState>,
    form: PostedForm,
) -> Result<Response, UiError> {
    let current = form.fields.get("current_code");
    match state.service.begin_totp(&form.session.actor, current).await {
        Ok(enrolment) => {
            render(&state, &form.session, |v| {
                v.enrol_secret = enrolment.secret;
                v.enrol_svg = enrolment.qr_svg;
            })
            .await
        }
        Err(e) => {
            let error = problem(e)?;
            render(&state, &form.session, |v| v.error = error).await
        }
    }
}

pub async fn confirm_totp(
    State(state): State<AppState>,
    form: PostedForm,
) -> Result<Response, UiError> {
    let code = form.fields.get("code").unwrap_or_default();
    match state.service.confirm_totp(&form.session.actor, code).await {
        Ok(codes) => {
            render(&state, &form.session, |v| {
                v.recovery_codes = codes;
                v.message = "Two-factor sign-in is on. Keep the recovery codes somewhere safe: they are shown once.".into();
            })
            .await
        }
        Err(e) => {
            let error = problem(e)?;
            render(&state, &form.session, |v| v.error = error).await
        }
    }
}

pub async fn revoke(
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: PostedForm,
) -> Result<Response, UiError> {
    let id: i64 = id
        .parse()
        .map_err(|_| UiError::NotFound(format!("token {id} not found")))?;
    state.service.revoke_token(&form.session.actor, id).await?;
    Ok(Redirect::to("/account").into_response())
}
