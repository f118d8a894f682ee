//! `POST /api/v1/auth/token` and the bearer-token extractor.

use axum::extract::{FromRequestParts, State};
use axum::http::Method;
use axum::http::request::Parts;
use axum::{Json, http::header};
use pbx_service::{Actor, ServiceError, Source};
use serde_json::{Value, json};

use super::body::{json_object, only_fields};
use crate::api::openapi::{json_schema, object};
use crate::{ApiError, AppState};

/// The authenticated caller of an API route.
pub struct ApiActor(pub Actor);

impl FromRequestParts<AppState> for ApiActor {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let bearer = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty());
        if let Some(token) = bearer {
            let (actor, _csrf) = state.service.authenticate(token, Source::Api).await?;
            return Ok(ApiActor(actor));
        }
        // The pages' session cookie works too (the grid loads its rows from
        // this API); a change then needs the session's CSRF token in
        // `X-CSRF-Token`, since browsers send cookies cross-site.
        let token = crate::ui::session::cookie(&parts.headers, crate::SESSION_COOKIE)
            .ok_or(ApiError(ServiceError::Unauthenticated))?;
        let (actor, csrf) = state.service.authenticate(token, Source::Web).await?;
        let safe = matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
        let sent = parts
            .headers
            .get("x-csrf-token")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        if !safe && !crate::ui::session::same_secret(sent, &csrf) {
            return Err(ApiError(ServiceError::Forbidden(
                "a request authenticated by the session cookie needs the X-CSRF-Token header"
                    .into(),
            )));
        }
        Ok(ApiActor(actor))
    }
}

/// The client's address when the server knows it (`serve` records it).
pub fn client_address(extensions: &axum::http::Extensions) -> Option<std::net::IpAddr> {
    extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip())
}

/// The client's address as an extractor (never fails).
pub struct ClientAddress(pub Option<std::net::IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientAddress(client_address(&parts.extensions)))
    }
}

json_schema!(
    /// The body of a token request.
    TokenRequest,
    json!({
        "type": "object",
        "additionalProperties": false,
        "required": ["username", "password"],
        "properties": {
            "username": {"type": "string"},
            "password": {"type": "string", "format": "password"},
            "otp": {"type": "string", "description": "a one-time or recovery code, with two-factor sign-in"},
            "new_password": {"type": "string", "format": "password", "description": "when the password expired or must be changed"},
        },
    })
);

json_schema!(
    /// A bearer token and when it expires (Unix seconds).
    Token,
    object(&[("token", json!({"type": "string"})), ("expires_at", json!({"type": "integer"}))])
);

/// Exchanges a username and password (and a one-time code, and a new
/// password when the old one expired) for a bearer token.
#[utoipa::path(
    post,
    path = "/api/v1/auth/token",
    tag = "auth",
    security(()),
    request_body = TokenRequest,
    responses((status = 200, description = "A new bearer token", body = Token))
)]
pub async fn token(
    State(state): State<AppState>,
    request: axum::extract::Request,
) -> Result<Json<Value>, ApiError> {
    let client = client_address(request.extensions());
    let body = axum::body::to_bytes(request.into_body(), 64 * 1024)
        .await
        .map_err(|_| ApiError::field("body", "is too large"))?;
    let body = json_object(&body)?;
    only_fields(&body, &["username", "password", "otp", "new_password"])?;
    let mut errors = pbx_domain::ValidationErrors::new();
    let text = |key: &str, errors: &mut pbx_domain::ValidationErrors| match body
        .get(key)
        .and_then(Value::as_str)
    {
        Some(v) if !v.is_empty() => v.to_owned(),
        _ => {
            errors.push(key, "is required");
            String::new()
        }
    };
    let username = text("username", &mut errors);
    let password = text("password", &mut errors);
    errors.into_result()?;
    let optional = |key: &str| body.get(key).and_then(Value::as_str);
    let request = pbx_service::login::LoginRequest {
        username: &username,
        password: &password,
        otp: optional("otp"),
        new_password: optional("new_password"),
        client,
    };
    let issued = state.service.sign_in(request, "api").await?;
    Ok(Json(
        json!({"token": issued.token, "expires_at": issued.expires_at}),
    ))
}
