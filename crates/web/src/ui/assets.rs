//! Static files (CSS, JavaScript, the icon sprite), embedded in the binary
//! so `pbx serve` needs no files at run time. Links carry a content hash
//! (`?v=`), so the files are served with a one-year immutable cache.

use std::sync::LazyLock;

use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

const FILES: &[(&str, &str, &[u8])] = &[
    (
        "app.css",
        "text/css; charset=utf-8",
        include_bytes!("../../static/app.css"),
    ),
    (
        "app.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../static/app.js"),
    ),
    (
        "grid.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../static/grid.js"),
    ),
    (
        "icons.svg",
        "image/svg+xml",
        include_bytes!("../../static/icons.svg"),
    ),
];

/// FNV-1a of every file, as the cache-busting version.
static VERSION: LazyLock<String> = LazyLock::new(|| {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in FILES.iter().flat_map(|(_, _, bytes)| bytes.iter()) {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
});

/// The URL of a static file, with its version.
pub fn href(name: &str) -> String {
    format!("/static/{name}?v={}", *VERSION)
}

pub async fn serve(Path(file): Path<String>) -> Response {
    match FILES.iter().find(|(name, _, _)| *name == file) {
        Some((_, mime, bytes)) => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static(mime)),
                (
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=31536000, immutable"),
                ),
            ],
            *bytes,
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}
