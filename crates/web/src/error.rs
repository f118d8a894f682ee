//! Errors as `application/problem+json` (RFC 9457) with one entry per
//! field. A 500 carries no detail; the cause is logged here, once, with
//! its source chain.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use pbx_service::ServiceError;
use serde_json::json;

/// An API failure.
#[derive(Debug)]
pub struct ApiError(pub ServiceError);

impl From<ServiceError> for ApiError {
    fn from(error: ServiceError) -> Self {
        ApiError(error)
    }
}

impl From<pbx_domain::ValidationErrors> for ApiError {
    fn from(errors: pbx_domain::ValidationErrors) -> Self {
        ApiError(ServiceError::Invalid(errors))
    }
}

impl ApiError {
    /// A 400/422 for one field.
    pub fn field(field: &str, message: impl Into<String>) -> ApiError {
        ApiError(ServiceError::invalid(field, message))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, title, errors, extra) = match &self.0 {
            ServiceError::Unauthenticated => (
                StatusCode::UNAUTHORIZED,
                "Authentication required",
                vec![],
                json!(null),
            ),
            ServiceError::Forbidden(m) => (StatusCode::FORBIDDEN, m.as_str(), vec![], json!(null)),
            ServiceError::NotFound(what) => (
                StatusCode::NOT_FOUND,
                "Not found",
                vec![],
                json!({"detail": format!("{what} not found")}),
            ),
            ServiceError::Invalid(e) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "Invalid input",
                e.0.clone(),
                json!(null),
            ),
            ServiceError::StaleVersion => (
                StatusCode::CONFLICT,
                "The record was changed by someone else since it was loaded; reload and try again",
                vec![],
                json!(null),
            ),
            ServiceError::Referenced { number, referrers } => (
                StatusCode::CONFLICT,
                "The extension is referred to by other extensions; delete with force=true to remove it anyway",
                vec![],
                json!({"number": number, "referrers": referrers}),
            ),
            ServiceError::Throttled { retry_after } => (
                StatusCode::TOO_MANY_REQUESTS,
                "Too many failed sign-ins; try again later",
                vec![],
                json!({"retry_after": retry_after}),
            ),
            ServiceError::Busy {
                message,
                retry_after,
            } => (
                StatusCode::TOO_MANY_REQUESTS,
                message.as_str(),
                vec![],
                json!({"retry_after": retry_after}),
            ),
            ServiceError::SecondFactorRequired => (
                StatusCode::UNAUTHORIZED,
                "A one-time code is required: send otp",
                vec![],
                json!({"otp_required": true}),
            ),
            ServiceError::PasswordChangeRequired => (
                StatusCode::FORBIDDEN,
                "The password has expired or must be changed: send new_password",
                vec![],
                json!({"password_change_required": true}),
            ),
            internal @ ServiceError::Internal(_) => {
                tracing::error!(error = %internal.detail(), "request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Internal error",
                    vec![],
                    json!(null),
                )
            }
        };
        let mut response = problem(status, title, json!(errors), extra);
        if let ServiceError::Throttled { retry_after } | ServiceError::Busy { retry_after, .. } =
            &self.0
        {
            response.headers_mut().insert(
                header::RETRY_AFTER,
                HeaderValue::from(retry_after.max(&1).to_owned()),
            );
        }
        if status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

/// An `application/problem+json` response: `errors` is the list of
/// problems, `extra` an object whose members are added to the body.
pub fn problem(
    status: StatusCode,
    title: &str,
    errors: serde_json::Value,
    extra: serde_json::Value,
) -> Response {
    let mut body = json!({"title": title, "status": status.as_u16(), "errors": errors});
    if let Some(extra) = extra.as_object() {
        for (k, v) in extra {
            body[k] = v.clone();
        }
    }
    let mut response = (status, axum::Json(body)).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/problem+json"),
    );
    response
}
