//! `GET /healthz`: answers `ok` while the process serves requests.

#[utoipa::path(
    get,
    path = "/healthz",
    tag = "meta",
    security(()),
    responses((status = 200, description = "The server is up", body = String, content_type = "text/plain"))
)]
pub async fn healthz() -> &'static str {
    "ok"
}
