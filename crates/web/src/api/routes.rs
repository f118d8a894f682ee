//! Every route of the JSON API, in one list. Each handler declares its
//! method, path, parameters and body and response schemas once, in the
//! `#[utoipa::path]` attribute beside it; this list only names the
//! handlers (one `routes!` per path). The router, the OpenAPI document
//! and the route table the access walk reads ([`ROUTES`]) are all derived
//! from it, so none of them can leave a route out.

use std::sync::LazyLock;

use axum::extract::DefaultBodyLimit;
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouterExt};
use utoipa_axum::routes;

use super::{
    account, audit, auth, calls, extensions, health, imports, locks, mail, nodes, objects, openapi,
    provisioning, rating, tenants, users,
};
use crate::AppState;

/// The API's router together with its OpenAPI paths.
pub(crate) fn api() -> OpenApiRouter<AppState> {
    use extensions::{bulk, call_flow, device_states, export, list, pjsip, write};
    OpenApiRouter::with_openapi(openapi::base())
        .routes(routes!(health::healthz))
        .routes(routes!(openapi::document))
        .routes(routes!(auth::token))
        .routes(routes!(account::tokens))
        .routes(routes!(account::revoke))
        .routes(routes!(account::change_password))
        .routes(routes!(account::begin_totp))
        .routes(routes!(account::confirm_totp))
        .routes(routes!(users::list, users::create))
        .routes(routes!(users::show, users::update, users::delete))
        .routes(routes!(tenants::list, tenants::create))
        .routes(routes!(tenants::show, tenants::update))
        .routes(routes!(audit::list))
        .routes(routes!(calls::list))
        .routes(routes!(calls::spend))
        .routes(routes!(calls::recording))
        .routes(routes!(locks::show, locks::lock, locks::unlock))
        .routes(routes!(list::list, write::create))
        .routes(routes!(export::export))
        .routes(routes!(device_states::show))
        .routes(routes!(bulk::create))
        .routes(routes!(bulk::delete))
        .routes(routes!(bulk::change_stack))
        .routes(routes!(
            write::show,
            write::replace,
            write::patch,
            write::delete
        ))
        .routes(routes!(write::references))
        .routes(routes!(write::secret))
        .routes(routes!(pjsip::show_endpoint, pjsip::update_endpoint))
        .routes(routes!(pjsip::show_aor, pjsip::update_aor))
        .routes(routes!(call_flow::show))
        .routes(routes!(imports::upload).layer(DefaultBodyLimit::max(imports::MAX_UPLOAD)))
        .routes(routes!(imports::apply))
        .routes(routes!(objects::list, objects::create))
        .routes(routes!(objects::update, objects::delete))
        .routes(routes!(rating::tables::list, rating::tables::create))
        .routes(routes!(rating::tables::delete))
        .routes(routes!(rating::rates::show, rating::rates::replace))
        .routes(
            routes!(rating::files::import)
                .layer(DefaultBodyLimit::max(rating::files::MAX_RATE_UPLOAD)),
        )
        .routes(routes!(rating::files::export))
        .routes(routes!(nodes::list, nodes::create))
        .routes(routes!(nodes::show, nodes::update, nodes::delete))
        .routes(routes!(nodes::render))
        .routes(routes!(provisioning::document))
        .routes(routes!(
            mail::settings::show_system,
            mail::settings::put_system
        ))
        .routes(routes!(mail::settings::test_system))
        .routes(routes!(mail::queue::list_system))
        .routes(routes!(mail::queue::retry_system))
        .routes(routes!(
            mail::settings::show_tenant,
            mail::settings::put_tenant,
            mail::settings::delete_tenant
        ))
        .routes(routes!(mail::settings::test_tenant))
        .routes(routes!(mail::queue::list_tenant))
        .routes(routes!(mail::queue::retry_tenant))
}

/// `(method, path)` of every API route, read from the OpenAPI paths the
/// list above produced (tests walk it; the pages ask it whether a route
/// exists).
pub static ROUTES: LazyLock<Vec<(&'static str, String)>> =
    LazyLock::new(|| openapi::operations(&openapi::DOCUMENT));
