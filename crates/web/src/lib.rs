//! The HTTP face of pbx: `/healthz`, the JSON API under `/api/v1` with its
//! OpenAPI 3 document, and the web pages (`ui`). Handlers parse and
//! authorize nothing themselves beyond reading the bearer token or the
//! session cookie: the service layer decides.

mod api;
mod csv_download;
pub mod error;
mod recording_download;
mod security_headers;
mod ui;

pub use api::routes::ROUTES;
pub use error::{ApiError, problem};
pub use ui::SESSION_COOKIE;
pub use ui::routes::UI_ROUTES;

/// The versioned URL of an embedded static file (tests fetch them).
pub fn static_href(name: &str) -> String {
    ui::assets::href(name)
}

use axum::Router;
use pbx_service::Service;

/// Shared state of every handler.
#[derive(Clone)]
pub struct AppState {
    pub service: Service,
}

/// The whole application router. A 5xx is logged once, with its cause,
/// where the error is answered (`error.rs`, `ui/error.rs`); the request
/// log notes it only at debug level.
pub fn router(service: Service) -> Router {
    let trace = tower_http::trace::TraceLayer::new_for_http()
        .make_span_with(|request: &axum::http::Request<axum::body::Body>| {
            tracing::debug_span!(
                "request",
                method = %request.method(),
                path = %logged_path(request.uri().path()),
            )
        })
        .on_failure(tower_http::trace::DefaultOnFailure::new().level(tracing::Level::DEBUG));
    let (api, _) = api::routes::api().split_for_parts();
    api.merge(ui::routes::pages().router)
        .with_state(AppState { service })
        .layer(axum::middleware::map_response(security_headers::add))
        .layer(trace)
}

/// A request path as logs show it: provisioning tokens are credentials,
/// so `/provision/<token>` is logged without the token (and no query
/// string is logged at all).
fn logged_path(path: &str) -> &str {
    if path.starts_with("/provision/") {
        "/provision/[token]"
    } else {
        path
    }
}
