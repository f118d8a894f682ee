//! Failures of a page request, answered as a small HTML page with the
//! matching status (a 500 shows no detail; the cause is logged here, once,
//! with its source chain).

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use pbx_service::ServiceError;

/// What can go wrong on a page.
#[derive(Debug)]
pub enum UiError {
    BadRequest(String),
    Forbidden(String),
    NotFound(String),
    /// An unexpected failure, logged with its source chain when answered.
    Internal(ServiceError),
}

impl From<pbx_domain::ValidationErrors> for UiError {
    fn from(errors: pbx_domain::ValidationErrors) -> Self {
        UiError::BadRequest(errors.messages().join("; "))
    }
}

impl From<ServiceError> for UiError {
    fn from(error: ServiceError) -> Self {
        match error {
            ServiceError::NotFound(what) => UiError::NotFound(format!("{what} not found")),
            ServiceError::Forbidden(m) => UiError::Forbidden(m),
            ServiceError::Unauthenticated => UiError::Forbidden("Please sign in again.".into()),
            internal @ ServiceError::Internal(_) => UiError::Internal(internal),
            other => UiError::BadRequest(other.to_string()),
        }
    }
}

impl From<askama::Error> for UiError {
    fn from(error: askama::Error) -> Self {
        UiError::Internal(ServiceError::internal("rendering a page template", error))
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    status: u16,
    title: &'a str,
    message: &'a str,
    css: &'a str,
}

impl IntoResponse for UiError {
    fn into_response(self) -> Response {
        let (status, title, message) = match &self {
            UiError::BadRequest(m) => (StatusCode::BAD_REQUEST, "Bad request", m.as_str()),
            UiError::Forbidden(m) => (StatusCode::FORBIDDEN, "Not allowed", m.as_str()),
            UiError::NotFound(m) => (StatusCode::NOT_FOUND, "Not found", m.as_str()),
            UiError::Internal(error) => {
                tracing::error!(error = %error.detail(), "page failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Internal error",
                    "Something went wrong on our side; it has been logged.",
                )
            }
        };
        let css = super::assets::href("app.css");
        let page = ErrorPage {
            status: status.as_u16(),
            title,
            message,
            css: &css,
        };
        let body = page
            .render()
            .unwrap_or_else(|_| "Internal error".to_owned());
        (status, Html(body)).into_response()
    }
}

/// Renders a page template to a 200 response.
pub fn page<T: Template>(template: &T) -> Result<Response, UiError> {
    Ok(Html(template.render()?).into_response())
}
