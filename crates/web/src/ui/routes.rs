//! Every page route, in one list (the JSON API's are in `api/routes.rs`).
//! Each line declares a method, a path and its handler once; the router
//! and the route table the access walk reads ([`UI_ROUTES`]) both come from
//! that list.

use std::sync::LazyLock;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::handler::Handler;
use axum::routing::{MethodFilter, on};

use super::{
    account, assets, audit, calls, extensions, home, imports, login, mail, rates, tenants, users,
};
use crate::AppState;

/// A page router that remembers the `(method, path)` of each route.
pub(crate) struct Pages {
    pub(crate) router: Router<AppState>,
    pub(crate) routes: Vec<(&'static str, &'static str)>,
}

impl Pages {
    fn new() -> Pages {
        Pages {
            router: Router::new(),
            routes: Vec::new(),
        }
    }

    fn add<H, T>(
        mut self,
        (method, filter): (&'static str, MethodFilter),
        path: &'static str,
        handler: H,
    ) -> Pages
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.routes.push((method, path));
        self.router = self.router.route(path, on(filter, handler));
        self
    }

    fn get<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, handler: H) -> Pages {
        self.add(("GET", MethodFilter::GET), path, handler)
    }

    fn post<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, handler: H) -> Pages {
        self.add(("POST", MethodFilter::POST), path, handler)
    }
}

/// Every page route.
pub(crate) fn pages() -> Pages {
    use extensions::{
        actions, bulk, call_flow, edit, export, list, lock, pjsip, prefs, provisioning,
    };
    let upload_limit = DefaultBodyLimit::max(crate::api::imports::MAX_UPLOAD);
    Pages::new()
        .get("/", home::index)
        .get("/static/{file}", assets::serve)
        .get("/login", login::show)
        .post("/login", login::submit)
        .get("/logout", login::confirm_logout)
        .post("/logout", login::logout)
        .post("/tenant", home::select_tenant)
        .get("/account", account::show)
        .post("/account/password", account::password)
        .post("/account/totp", account::begin_totp)
        .post("/account/totp/confirm", account::confirm_totp)
        .post("/account/tokens/{id}/revoke", account::revoke)
        .get("/users", users::list)
        .get("/users/new", users::new)
        .post("/users/new", users::create)
        .get("/users/{username}", users::show)
        .post("/users/{username}", users::update)
        .post("/users/{username}/delete", users::delete)
        .get("/tenants", tenants::list)
        .get("/tenants/new", tenants::new)
        .post("/tenants/new", tenants::create)
        .get("/tenants/{code}/settings", tenants::show)
        .post("/tenants/{code}/settings", tenants::update)
        .get("/tenants/{code}/audit", audit::show)
        .get("/tenants/{code}/calls", calls::show)
        .get("/tenants/{code}/calls/{id}/recording", calls::recording)
        .get("/mail", mail::show_system)
        .post("/mail", mail::save_system)
        .post("/mail/test", mail::test_system)
        .post("/mail/queue/{id}/retry", mail::retry_system)
        .get("/tenants/{code}/mail", mail::show_tenant)
        .post("/tenants/{code}/mail", mail::save_tenant)
        .post("/tenants/{code}/mail/test", mail::test_tenant)
        .post("/tenants/{code}/mail/delete", mail::delete_tenant)
        .post("/tenants/{code}/mail/queue/{id}/retry", mail::retry_tenant)
        .get("/tenants/{code}/rates", rates::list::show)
        .post("/tenants/{code}/rates", rates::list::create)
        .get("/tenants/{code}/rates/{id}", rates::table::show)
        .post("/tenants/{code}/rates/{id}", rates::table::save)
        .post(
            "/tenants/{code}/rates/{id}/upload",
            rates::table::upload.layer(upload_limit),
        )
        .get(
            "/tenants/{code}/rates/{id}/export.csv",
            rates::table::export,
        )
        .post("/tenants/{code}/rates/{id}/delete", rates::table::delete)
        .get("/tenants/{code}/extensions", list::show)
        .post("/tenants/{code}/extensions/prefs", prefs::save)
        .get("/tenants/{code}/extensions/export.csv", export::csv)
        .get("/tenants/{code}/extensions/export", export::file)
        .post("/tenants/{code}/extensions/actions", actions::submit)
        .post("/tenants/{code}/extensions/delete", actions::delete)
        .get("/tenants/{code}/extensions/bulk", bulk::show)
        .post("/tenants/{code}/extensions/bulk", bulk::submit)
        .get("/tenants/{code}/extensions/new", edit::new)
        .post("/tenants/{code}/extensions/new", edit::create)
        .get("/tenants/{code}/extensions/{number}", edit::show)
        .post("/tenants/{code}/extensions/{number}", edit::update)
        .post("/tenants/{code}/extensions/{number}/lock", lock::lock)
        .post("/tenants/{code}/extensions/{number}/unlock", lock::unlock)
        .get(
            "/tenants/{code}/extensions/{number}/pjsip/endpoint",
            pjsip::show_endpoint,
        )
        .post(
            "/tenants/{code}/extensions/{number}/pjsip/endpoint",
            pjsip::save_endpoint,
        )
        .get(
            "/tenants/{code}/extensions/{number}/pjsip/aor",
            pjsip::show_aor,
        )
        .post(
            "/tenants/{code}/extensions/{number}/pjsip/aor",
            pjsip::save_aor,
        )
        .get(
            "/tenants/{code}/extensions/{number}/call-flow",
            call_flow::show,
        )
        .get(
            "/tenants/{code}/extensions/{number}/provisioning",
            provisioning::show,
        )
        .post(
            "/tenants/{code}/extensions/{number}/provisioning",
            provisioning::issue,
        )
        .get("/tenants/{code}/imports", imports::upload::show)
        .post(
            "/tenants/{code}/imports",
            imports::upload::submit.layer(upload_limit),
        )
        .post("/tenants/{code}/imports/{id}/apply", imports::apply::submit)
}

/// `(method, path)` of every page route, walked by the route tests.
pub static UI_ROUTES: LazyLock<Vec<(&'static str, &'static str)>> =
    LazyLock::new(|| pages().routes);

/// True when a page or API route with this path is served (so optional
/// buttons such as Call flow or CSV/XLS Upload appear only once their page
/// exists: no dead links).
pub fn route_exists(path: &str) -> bool {
    UI_ROUTES.iter().any(|(_, p)| *p == path)
        || crate::api::routes::ROUTES.iter().any(|(_, p)| p == path)
}
