//! Every route of the application, in one place.

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

use super::{
    account, audit, auth, extensions, imports, nodes, objects, openapi, provisioning, tenants,
    users,
};
use crate::served::Served;

/// `(method, path)` of every route, held to what the router serves in both
/// directions by `tests/route_tables.rs` (so a route cannot escape the
/// access walk) and used by the OpenAPI document.
pub const ROUTES: &[(&str, &str)] = &[
    ("GET", "/healthz"),
    ("GET", "/api/v1/openapi.json"),
    ("POST", "/api/v1/auth/token"),
    ("GET", "/api/v1/auth/tokens"),
    ("DELETE", "/api/v1/auth/tokens/{id}"),
    ("POST", "/api/v1/auth/password"),
    ("POST", "/api/v1/auth/totp"),
    ("POST", "/api/v1/auth/totp/confirm"),
    ("GET", "/api/v1/users"),
    ("POST", "/api/v1/users"),
    ("GET", "/api/v1/users/{username}"),
    ("PATCH", "/api/v1/users/{username}"),
    ("DELETE", "/api/v1/users/{username}"),
    ("GET", "/api/v1/tenants"),
    ("POST", "/api/v1/tenants"),
    ("GET", "/api/v1/tenants/{code}"),
    ("PATCH", "/api/v1/tenants/{code}"),
    ("GET", "/api/v1/tenants/{code}/audit"),
    ("GET", "/api/v1/tenants/{code}/extensions"),
    ("POST", "/api/v1/tenants/{code}/extensions"),
    ("POST", "/api/v1/tenants/{code}/extensions/bulk-create"),
    ("POST", "/api/v1/tenants/{code}/extensions/bulk-delete"),
    (
        "POST",
        "/api/v1/tenants/{code}/extensions/bulk-change-stack",
    ),
    ("GET", "/api/v1/tenants/{code}/extensions/{number}"),
    ("PUT", "/api/v1/tenants/{code}/extensions/{number}"),
    ("PATCH", "/api/v1/tenants/{code}/extensions/{number}"),
    ("DELETE", "/api/v1/tenants/{code}/extensions/{number}"),
    (
        "GET",
        "/api/v1/tenants/{code}/extensions/{number}/references",
    ),
    ("GET", "/api/v1/tenants/{code}/extensions/{number}/secret"),
    (
        "GET",
        "/api/v1/tenants/{code}/extensions/{number}/pjsip/endpoint",
    ),
    (
        "PUT",
        "/api/v1/tenants/{code}/extensions/{number}/pjsip/endpoint",
    ),
    (
        "GET",
        "/api/v1/tenants/{code}/extensions/{number}/pjsip/aor",
    ),
    (
        "PUT",
        "/api/v1/tenants/{code}/extensions/{number}/pjsip/aor",
    ),
    ("GET", "/api/v1/tenants/{code}/extensions/export"),
    ("GET", "/api/v1/tenants/{code}/extensions/device-states"),
    ("POST", "/api/v1/tenants/{code}/imports"),
    ("POST", "/api/v1/tenants/{code}/imports/{id}/apply"),
    ("GET", "/api/v1/tenants/{code}/objects"),
    ("POST", "/api/v1/tenants/{code}/objects"),
    ("PATCH", "/api/v1/tenants/{code}/objects/{id}"),
    ("DELETE", "/api/v1/tenants/{code}/objects/{id}"),
    (
        "GET",
        "/api/v1/tenants/{code}/extensions/{number}/call-flow",
    ),
    ("GET", "/api/v1/nodes"),
    ("POST", "/api/v1/nodes"),
    ("GET", "/api/v1/nodes/{name}"),
    ("PATCH", "/api/v1/nodes/{name}"),
    ("DELETE", "/api/v1/nodes/{name}"),
    ("GET", "/api/v1/nodes/{name}/render"),
    ("GET", "/provision/{token}"),
];

pub fn router() -> Served {
    let e = "/api/v1/tenants/{code}/extensions";
    Served::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/api/v1/openapi.json", get(openapi::document))
        .route("/api/v1/auth/token", post(auth::token))
        .route("/api/v1/auth/tokens", get(account::tokens))
        .route(
            "/api/v1/auth/tokens/{id}",
            axum::routing::delete(account::revoke),
        )
        .route("/api/v1/auth/password", post(account::change_password))
        .route("/api/v1/auth/totp", post(account::begin_totp))
        .route("/api/v1/auth/totp/confirm", post(account::confirm_totp))
        .route("/api/v1/users", get(users::list).post(users::create))
        .route(
            "/api/v1/users/{username}",
            get(users::show).patch(users::update).delete(users::delete),
        )
        .route("/api/v1/tenants/{code}/audit", get(audit::list))
        .route("/api/v1/tenants", get(tenants::list).post(tenants::create))
        .route(
            "/api/v1/tenants/{code}",
            get(tenants::show).patch(tenants::update),
        )
        .route(
            e,
            get(extensions::list::list).post(extensions::write::create),
        )
        .route(&format!("{e}/export"), get(extensions::export::export))
        .route(
            &format!("{e}/device-states"),
            get(extensions::device_states::show),
        )
        .route(
            "/api/v1/tenants/{code}/imports",
            post(imports::upload).layer(DefaultBodyLimit::max(imports::MAX_UPLOAD)),
        )
        .route(
            "/api/v1/tenants/{code}/imports/{id}/apply",
            post(imports::apply),
        )
        .route(&format!("{e}/bulk-create"), post(extensions::bulk::create))
        .route(&format!("{e}/bulk-delete"), post(extensions::bulk::delete))
        .route(
            &format!("{e}/bulk-change-stack"),
            post(extensions::bulk::change_stack),
        )
        .route(
            &format!("{e}/{{number}}"),
            get(extensions::write::show)
                .put(extensions::write::replace)
                .patch(extensions::write::patch)
                .delete(extensions::write::delete),
        )
        .route(
            &format!("{e}/{{number}}/references"),
            get(extensions::write::references),
        )
        .route(
            &format!("{e}/{{number}}/secret"),
            get(extensions::write::secret),
        )
        .route(
            &format!("{e}/{{number}}/pjsip/endpoint"),
            get(extensions::pjsip::show_endpoint).put(extensions::pjsip::update_endpoint),
        )
        .route(
            &format!("{e}/{{number}}/pjsip/aor"),
            get(extensions::pjsip::show_aor).put(extensions::pjsip::update_aor),
        )
        .route(
            "/api/v1/tenants/{code}/objects",
            get(objects::list).post(objects::create),
        )
        .route(
            "/api/v1/tenants/{code}/objects/{id}",
            axum::routing::patch(objects::update).delete(objects::delete),
        )
        .route(
            &format!("{e}/{{number}}/call-flow"),
            get(extensions::call_flow::show),
        )
        .route("/api/v1/nodes", get(nodes::list).post(nodes::create))
        .route(
            "/api/v1/nodes/{name}",
            get(nodes::show).patch(nodes::update).delete(nodes::delete),
        )
        .route("/api/v1/nodes/{name}/render", get(nodes::render))
        .route("/provision/{token}", get(provisioning::document))
}
