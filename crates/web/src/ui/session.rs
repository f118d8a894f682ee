//! Browser sessions: the `pbx_session` cookie (HttpOnly, SameSite=Lax,
//! Secure over TLS) names a `session` token stored in the database, so every
//! `pbx serve` instance shares it. [`Session`] authenticates a page request
//! (or redirects to `/login`); [`PostedForm`] also checks the CSRF token of a
//! state-changing form and answers 403 when it is missing or wrong.

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use pbx_service::{Actor, Source};

use super::error::UiError;
use crate::AppState;

/// The name of the session cookie.
pub const SESSION_COOKIE: &str = "pbx_session";

/// The value of cookie `name` in the request headers.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim())
        .filter(|v| !v.is_empty())
}

/// True when the request reached us over TLS (directly or via a proxy).
pub fn is_https(parts_headers: &HeaderMap, uri: &axum::http::Uri) -> bool {
    uri.scheme_str() == Some("https")
        || parts_headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.eq_ignore_ascii_case("https"))
}

/// A `Set-Cookie` value with the session attributes.
pub fn set_cookie(name: &str, value: &str, max_age: i64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("invalid=1; Max-Age=0"))
}

/// Compares two secrets in time independent of where they differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// A random hex string of `bytes` bytes.
pub fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::fill(&mut buf[..]);
    buf.iter().map(|b| format!("{b:02x}")).collect()
}

/// A signed-in administrator on a page request.
pub struct Session {
    pub actor: Actor,
    pub csrf: String,
    pub token: String,
}

impl FromRequestParts<AppState> for Session {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let to_login = || {
            let next = parts.uri.path_and_query().map_or("/", |p| p.as_str());
            let target = if parts.method == axum::http::Method::GET && next != "/" {
                format!("/login?next={}", encode_component(next))
            } else {
                "/login".to_owned()
            };
            Redirect::to(&target).into_response()
        };
        let Some(token) = cookie(&parts.headers, SESSION_COOKIE).map(str::to_owned) else {
            return Err(to_login());
        };
        match state.service.authenticate(&token, Source::Web).await {
            Ok((actor, csrf)) => Ok(Session { actor, csrf, token }),
            Err(pbx_service::ServiceError::Unauthenticated) => Err(to_login()),
            Err(other) => Err(UiError::from(other).into_response()),
        }
    }
}

/// Percent-encodes a query-string component.
pub fn encode_component(raw: &str) -> String {
    raw.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The fields of a posted `application/x-www-form-urlencoded` form, in order.
#[derive(Debug, Clone, Default)]
pub struct Fields(pub Vec<(String, String)>);

impl Fields {
    /// The last value sent for `name` (a checkbox after its hidden "no").
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every value sent for `name`, in order.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    }

    pub fn has(&self, name: &str) -> bool {
        self.get(name).is_some()
    }
}

/// A state-changing form of a signed-in administrator whose CSRF token
/// matched the session's.
pub struct PostedForm {
    pub session: Session,
    pub fields: Fields,
}

impl FromRequest<AppState> for PostedForm {
    type Rejection = Response;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Response> {
        let (mut parts, body) = request.into_parts();
        let session = Session::from_request_parts(&mut parts, state).await?;
        let request = Request::from_parts(parts, body);
        let axum::Form(pairs) = axum::Form::<Vec<(String, String)>>::from_request(request, state)
            .await
            .map_err(|e| UiError::BadRequest(e.body_text()).into_response())?;
        let fields = Fields(pairs);
        match fields.get("csrf") {
            Some(sent) if same_secret(sent, &session.csrf) => Ok(PostedForm { session, fields }),
            _ => Err(UiError::Forbidden(
                "The form's security token is missing or out of date. Go back, reload the page and try again."
                    .into(),
            )
            .into_response()),
        }
    }
}
