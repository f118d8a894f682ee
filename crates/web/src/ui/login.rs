//! `/login` and `/logout`. The login form is protected against login CSRF by
//! a double-submit token (a short-lived cookie that must match the form).

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Redirect, Response};
use pbx_service::ServiceError;
use pbx_service::auth::TOKEN_LIFETIME_SECS;

use super::assets::href;
use super::chrome::Chrome;
use super::error::{UiError, page};
use super::session::{
    PostedForm, SESSION_COOKIE, Session, cookie, is_https, random_hex, same_secret, set_cookie,
};
use crate::AppState;

const LOGIN_COOKIE: &str = "pbx_login";

#[derive(askama::Template)]
#[template(path = "login.html")]
struct LoginPage {
    css: String,
    csrf: String,
    next: String,
    username: String,
    error: String,
    ask_otp: bool,
    ask_new_password: bool,
}

/// What the sign-in page shows besides the form.
#[derive(Default)]
struct Prompt {
    error: String,
    ask_otp: bool,
    ask_new_password: bool,
}

#[derive(askama::Template)]
#[template(path = "logout.html")]
struct LogoutPage {
    chrome: Chrome,
}

/// Where to go after signing in: only a path of this site. `next` arrives
/// decoded; a control character in it (browsers drop tabs and line breaks,
/// so `/\t/evil.example` would lead to `//evil.example`) is a 400; anything
/// that is not a plain path (`//host`, `/\\host`, `https:...`) goes to `/`;
/// other characters outside printable ASCII are percent-encoded.
fn safe_next(next: Option<&str>) -> Result<String, UiError> {
    let Some(next) = next else {
        return Ok("/".to_owned());
    };
    if next.chars().any(char::is_control) {
        return Err(UiError::BadRequest(
            "The address to return to after signing in holds a control character.".into(),
        ));
    }
    let mut rest = next.chars().skip(1);
    let plain_path =
        next.starts_with('/') && !matches!(rest.next(), Some('/' | '\\')) && !next.contains('\\');
    if !plain_path {
        return Ok("/".to_owned());
    }
    let mut path = String::with_capacity(next.len());
    for c in next.chars() {
        if c.is_ascii_graphic() {
            path.push(c);
        } else {
            let mut utf8 = [0u8; 4];
            for byte in c.encode_utf8(&mut utf8).bytes() {
                path.push_str(&format!("%{byte:02X}"));
            }
        }
    }
    Ok(path)
}

fn login_page(
    headers: &HeaderMap,
    uri: &Uri,
    status: StatusCode,
    next: String,
    username: String,
    prompt: Prompt,
) -> Result<Response, UiError> {
    let csrf = random_hex(16);
    let mut response = page(&LoginPage {
        css: href("app.css"),
        csrf: csrf.clone(),
        next,
        username,
        error: prompt.error,
        ask_otp: prompt.ask_otp,
        ask_new_password: prompt.ask_new_password,
    })?;
    *response.status_mut() = status;
    response.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(LOGIN_COOKIE, &csrf, 3600, is_https(headers, uri)),
    );
    Ok(response)
}

pub async fn show(
    headers: HeaderMap,
    uri: Uri,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, UiError> {
    let next = safe_next(query.get("next").map(String::as_str))?;
    login_page(
        &headers,
        &uri,
        StatusCode::OK,
        next,
        String::new(),
        Prompt::default(),
    )
}

pub async fn submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
    crate::api::auth::ClientAddress(client): crate::api::auth::ClientAddress,
    axum::Form(form): axum::Form<HashMap<String, String>>,
) -> Result<Response, UiError> {
    let field = |k: &str| form.get(k).map(String::as_str).unwrap_or_default();
    let next = safe_next(form.get("next").map(String::as_str))?;
    let expected = cookie(&headers, LOGIN_COOKIE).unwrap_or_default();
    if expected.is_empty() || !same_secret(field("csrf"), expected) {
        return Err(UiError::Forbidden(
            "The sign-in form expired. Reload the page and try again.".into(),
        ));
    }
    let username = field("username").trim().to_owned();
    let optional = |k: &str| form.get(k).map(String::as_str).filter(|v| !v.is_empty());
    let request = pbx_service::login::LoginRequest {
        username: &username,
        password: field("password"),
        otp: optional("otp"),
        new_password: optional("new_password"),
        client,
    };
    let retry = |prompt: Prompt, status: StatusCode| {
        login_page(
            &headers,
            &uri,
            status,
            next.clone(),
            username.clone(),
            prompt,
        )
    };
    match state.service.sign_in(request, "session").await {
        Ok(issued) => {
            let secure = is_https(&headers, &uri);
            let mut response = Redirect::to(&next).into_response();
            let cookies = response.headers_mut();
            cookies.append(
                header::SET_COOKIE,
                set_cookie(SESSION_COOKIE, &issued.token, TOKEN_LIFETIME_SECS, secure),
            );
            cookies.append(header::SET_COOKIE, set_cookie(LOGIN_COOKIE, "", 0, secure));
            Ok(response)
        }
        Err(ServiceError::Unauthenticated) => retry(
            Prompt {
                error: "Wrong username, password or code.".into(),
                ask_otp: optional("otp").is_some(),
                ask_new_password: optional("new_password").is_some(),
            },
            StatusCode::UNAUTHORIZED,
        ),
        Err(ServiceError::SecondFactorRequired) => retry(
            Prompt {
                error: "Enter the code from your authenticator app.".into(),
                ask_otp: true,
                ..Prompt::default()
            },
            StatusCode::UNAUTHORIZED,
        ),
        Err(ServiceError::PasswordChangeRequired) => retry(
            Prompt {
                error: "Your password has expired or must be changed: choose a new one.".into(),
                ask_otp: optional("otp").is_some(),
                ask_new_password: true,
            },
            StatusCode::FORBIDDEN,
        ),
        Err(ServiceError::Invalid(errors)) => retry(
            Prompt {
                error: errors
                    .0
                    .iter()
                    .map(|e| e.message.clone())
                    .collect::<Vec<_>>()
                    .join(" "),
                ask_otp: optional("otp").is_some(),
                ask_new_password: true,
            },
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        Err(ServiceError::Throttled { retry_after }) => {
            let mut response = retry(
                Prompt {
                    error: format!("Too many failed sign-ins. Try again in {retry_after} seconds."),
                    ..Prompt::default()
                },
                StatusCode::TOO_MANY_REQUESTS,
            )?;
            response.headers_mut().insert(
                header::RETRY_AFTER,
                axum::http::HeaderValue::from(retry_after.max(1)),
            );
            Ok(response)
        }
        Err(ServiceError::Forbidden(message)) => retry(
            Prompt {
                error: message,
                ..Prompt::default()
            },
            StatusCode::FORBIDDEN,
        ),
        Err(other) => Err(other.into()),
    }
}

pub async fn confirm_logout(
    State(state): State<AppState>,
    session: Session,
) -> Result<Response, UiError> {
    page(&LogoutPage {
        chrome: Chrome::load(&state, &session, None).await?,
    })
}

pub async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
    form: PostedForm,
) -> Result<Response, UiError> {
    state.service.logout(&form.session.token).await?;
    let mut response = Redirect::to("/login").into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(SESSION_COOKIE, "", 0, is_https(&headers, &uri)),
    );
    Ok(response)
}
