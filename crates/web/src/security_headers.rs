//! Headers every response carries: no framing (clickjacking), a Content
//! Security Policy the pages' own files satisfy (scripts and styles only
//! from `/static`, no inline script or style, no plugins, forms only to
//! this site), no content-type sniffing, no referrer, and `no-store` on
//! everything but the versioned static files, since pages and API answers
//! may hold SIP secrets, QR codes and provisioning links.

use axum::http::{HeaderMap, HeaderName, HeaderValue, header};
use axum::response::Response;

/// The Content Security Policy of every response.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; \
     form-action 'self'; frame-ancestors 'none'";

/// Adds the headers a handler did not set itself.
pub async fn add(mut response: Response) -> Response {
    let headers = response.headers_mut();
    set_default(
        headers,
        header::CONTENT_SECURITY_POLICY,
        CONTENT_SECURITY_POLICY,
    );
    set_default(headers, header::X_FRAME_OPTIONS, "DENY");
    set_default(headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set_default(headers, header::REFERRER_POLICY, "no-referrer");
    set_default(headers, header::CACHE_CONTROL, "no-store");
    response
}

fn set_default(headers: &mut HeaderMap, name: HeaderName, value: &'static str) {
    headers
        .entry(name)
        .or_insert_with(|| HeaderValue::from_static(value));
}
