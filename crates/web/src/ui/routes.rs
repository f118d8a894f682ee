//! Every page route, in one place (the JSON API's are in `api/routes.rs`).

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

use super::{account, assets, audit, extensions, home, imports, login, tenants, users};
use crate::served::Served;

/// `(method, path)` of every page route, walked by the route tests.
pub const UI_ROUTES: &[(&str, &str)] = &[
    ("GET", "/"),
    ("GET", "/static/{file}"),
    ("GET", "/login"),
    ("POST", "/login"),
    ("GET", "/logout"),
    ("POST", "/logout"),
    ("POST", "/tenant"),
    ("GET", "/account"),
    ("POST", "/account/password"),
    ("POST", "/account/totp"),
    ("POST", "/account/totp/confirm"),
    ("POST", "/account/tokens/{id}/revoke"),
    ("GET", "/users"),
    ("GET", "/users/new"),
    ("POST", "/users/new"),
    ("GET", "/users/{username}"),
    ("POST", "/users/{username}"),
    ("POST", "/users/{username}/delete"),
    ("GET", "/tenants"),
    ("GET", "/tenants/new"),
    ("POST", "/tenants/new"),
    ("GET", "/tenants/{code}/settings"),
    ("POST", "/tenants/{code}/settings"),
    ("GET", "/tenants/{code}/audit"),
    ("GET", "/tenants/{code}/extensions"),
    ("POST", "/tenants/{code}/extensions/prefs"),
    ("GET", "/tenants/{code}/extensions/export.csv"),
    ("GET", "/tenants/{code}/extensions/export"),
    ("POST", "/tenants/{code}/extensions/actions"),
    ("POST", "/tenants/{code}/extensions/delete"),
    ("GET", "/tenants/{code}/extensions/bulk"),
    ("POST", "/tenants/{code}/extensions/bulk"),
    ("GET", "/tenants/{code}/extensions/new"),
    ("POST", "/tenants/{code}/extensions/new"),
    ("GET", "/tenants/{code}/extensions/{number}"),
    ("POST", "/tenants/{code}/extensions/{number}"),
    ("GET", "/tenants/{code}/extensions/{number}/pjsip/endpoint"),
    ("POST", "/tenants/{code}/extensions/{number}/pjsip/endpoint"),
    ("GET", "/tenants/{code}/extensions/{number}/pjsip/aor"),
    ("POST", "/tenants/{code}/extensions/{number}/pjsip/aor"),
    ("GET", "/tenants/{code}/extensions/{number}/call-flow"),
    ("GET", "/tenants/{code}/extensions/{number}/provisioning"),
    ("POST", "/tenants/{code}/extensions/{number}/provisioning"),
    ("GET", "/tenants/{code}/imports"),
    ("POST", "/tenants/{code}/imports"),
    ("POST", "/tenants/{code}/imports/{id}/apply"),
];

/// True when a page or API route with this path is served (so optional
/// buttons such as Call flow or CSV/XLS Upload appear only once their page
/// exists: no dead links).
pub fn route_exists(path: &str) -> bool {
    UI_ROUTES
        .iter()
        .chain(crate::api::routes::ROUTES)
        .any(|(_, p)| *p == path)
}

pub fn router() -> Served {
    let e = "/tenants/{code}/extensions";
    Served::new()
        .route("/", get(home::index))
        .route("/static/{file}", get(assets::serve))
        .route("/login", get(login::show).post(login::submit))
        .route("/logout", get(login::confirm_logout).post(login::logout))
        .route("/tenant", post(home::select_tenant))
        .route("/account", get(account::show))
        .route("/account/password", post(account::password))
        .route("/account/totp", post(account::begin_totp))
        .route("/account/totp/confirm", post(account::confirm_totp))
        .route("/account/tokens/{id}/revoke", post(account::revoke))
        .route("/users", get(users::list))
        .route("/users/new", get(users::new).post(users::create))
        .route("/users/{username}", get(users::show).post(users::update))
        .route("/users/{username}/delete", post(users::delete))
        .route("/tenants", get(tenants::list))
        .route("/tenants/new", get(tenants::new).post(tenants::create))
        .route(
            "/tenants/{code}/settings",
            get(tenants::show).post(tenants::update),
        )
        .route("/tenants/{code}/audit", get(audit::show))
        .route(e, get(extensions::list::show))
        .route(&format!("{e}/prefs"), post(extensions::prefs::save))
        .route(&format!("{e}/export.csv"), get(extensions::export::csv))
        .route(&format!("{e}/export"), get(extensions::export::file))
        .route(&format!("{e}/actions"), post(extensions::actions::submit))
        .route(&format!("{e}/delete"), post(extensions::actions::delete))
        .route(
            &format!("{e}/bulk"),
            get(extensions::bulk::show).post(extensions::bulk::submit),
        )
        .route(
            &format!("{e}/new"),
            get(extensions::edit::new).post(extensions::edit::create),
        )
        .route(
            &format!("{e}/{{number}}"),
            get(extensions::edit::show).post(extensions::edit::update),
        )
        .route(
            &format!("{e}/{{number}}/pjsip/endpoint"),
            get(extensions::pjsip::show_endpoint).post(extensions::pjsip::save_endpoint),
        )
        .route(
            &format!("{e}/{{number}}/pjsip/aor"),
            get(extensions::pjsip::show_aor).post(extensions::pjsip::save_aor),
        )
        .route(
            &format!("{e}/{{number}}/call-flow"),
            get(extensions::call_flow::show),
        )
        .route(
            &format!("{e}/{{number}}/provisioning"),
            get(extensions::provisioning::show).post(extensions::provisioning::issue),
        )
        .route(
            "/tenants/{code}/imports",
            get(imports::upload::show)
                .post(imports::upload::submit)
                .layer(DefaultBodyLimit::max(crate::api::imports::MAX_UPLOAD)),
        )
        .route(
            "/tenants/{code}/imports/{id}/apply",
            post(imports::apply::submit),
        )
}
