//! `TestApp`: the real router (`pbx_web::router`) over a fresh SQLite
//! database, called in-process with `oneshot`. The one harness of the web
//! tests; suites add only what is theirs (form helpers, snapshots).
//!
//! ```no_run
//! # async fn demo() {
//! use pbx_testkit::app::TestApp;
//! use pbx_testkit::data::{TestTenant, TestUser};
//! let app = TestApp::builder()
//!     .tenant(TestTenant::new("ACME").with_extensions(100..110))
//!     .user(TestUser::tenant_admin("acme", &["ACME"]))
//!     .build()
//!     .await;
//! let token = app.token("acme").await;
//! let page = app.get("/api/v1/tenants/ACME/extensions").bearer(&token).send().await;
//! assert_eq!(page.status, 200);
//! assert_eq!(page.json()["total"], 10);
//! # }
//! ```

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use pbx_service::Service;
use serde_json::Value;
use tower::ServiceExt;

use crate::data::{PASSWORD, TestTenant, TestUser, sqlite_service};

/// The router and the service behind it, over a temp database.
pub struct TestApp {
    pub router: Router,
    pub service: Service,
    dir: tempfile::TempDir,
}

/// What a [`TestApp`] starts with, in the order given.
#[derive(Default)]
pub struct TestAppBuilder {
    admin: Option<String>,
    demo: bool,
    tenants: Vec<TestTenant>,
    users: Vec<TestUser>,
}

impl TestAppBuilder {
    /// The first account, `admin`, with `password` (`ensure_admin`).
    pub fn admin(mut self, password: &str) -> TestAppBuilder {
        self.admin = Some(password.to_owned());
        self
    }

    /// The demo tenant CANISTRACCI with extensions 100-109 (`load_demo`).
    pub fn demo(mut self) -> TestAppBuilder {
        self.demo = true;
        self
    }

    /// A tenant with its extensions.
    pub fn tenant(mut self, tenant: TestTenant) -> TestAppBuilder {
        self.tenants.push(tenant);
        self
    }

    /// An account (after the tenants it belongs to).
    pub fn user(mut self, user: TestUser) -> TestAppBuilder {
        self.users.push(user);
        self
    }

    pub async fn build(self) -> TestApp {
        self.build_with(|service| service).await
    }

    /// [`build`](Self::build) with the service changed by `configure`
    /// before the router is built (e.g. to follow device states).
    pub async fn build_with(self, configure: impl FnOnce(Service) -> Service) -> TestApp {
        let (service, dir) = sqlite_service().await;
        if let Some(password) = &self.admin {
            service.ensure_admin(Some(password)).await.unwrap();
        }
        if self.demo {
            service.load_demo().await.unwrap();
        }
        for tenant in self.tenants {
            tenant.create(&service).await;
        }
        for user in self.users {
            user.create(&service).await;
        }
        let service = configure(service);
        TestApp {
            router: pbx_web::router(service.clone()),
            service,
            dir,
        }
    }
}

/// A signed-in browser: its cookie header and CSRF token.
#[derive(Debug, Clone)]
pub struct Browser {
    pub cookie: String,
    pub csrf: String,
}

impl TestApp {
    pub fn builder() -> TestAppBuilder {
        TestAppBuilder::default()
    }

    /// The temp directory the database lives in (for node output
    /// directories and other files of the test).
    pub fn dir(&self) -> &std::path::Path {
        self.dir.path()
    }

    /// An API token of `username` (password [`PASSWORD`]).
    pub async fn token(&self, username: &str) -> String {
        self.token_with(username, PASSWORD).await
    }

    /// An API token of `username` signing in with `password`.
    pub async fn token_with(&self, username: &str, password: &str) -> String {
        let issued = self.service.login(username, password, "api").await;
        issued.unwrap().token
    }

    /// A browser session of `username` (password [`PASSWORD`]).
    pub async fn browser(&self, username: &str) -> Browser {
        let issued = self.service.login(username, PASSWORD, "session").await;
        let issued = issued.unwrap();
        Browser {
            cookie: format!("pbx_session={}", issued.token),
            csrf: issued.csrf,
        }
    }

    /// A request to `uri`, sent with [`Call::send`].
    pub fn request(&self, method: Method, uri: &str) -> Call<'_> {
        Call {
            app: self,
            request: Request::builder().method(method).uri(uri),
            body: Body::empty(),
        }
    }

    pub fn get(&self, uri: &str) -> Call<'_> {
        self.request(Method::GET, uri)
    }

    pub fn post(&self, uri: &str) -> Call<'_> {
        self.request(Method::POST, uri)
    }

    /// Sends a request built elsewhere.
    pub async fn send(&self, request: Request<Body>) -> TestResponse {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.into_body().collect().await.unwrap().to_bytes();
        TestResponse {
            status,
            headers,
            body: body.to_vec(),
        }
    }
}

/// A request being built.
pub struct Call<'a> {
    app: &'a TestApp,
    request: axum::http::request::Builder,
    body: Body,
}

impl Call<'_> {
    /// Any header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.request = self.request.header(name, value);
        self
    }

    /// `Authorization: Bearer {token}`.
    pub fn bearer(self, token: &str) -> Self {
        self.header(header::AUTHORIZATION.as_str(), &format!("Bearer {token}"))
    }

    /// The browser's session cookie.
    pub fn cookie(self, browser: &Browser) -> Self {
        self.header(header::COOKIE.as_str(), &browser.cookie)
    }

    /// A JSON body (with its content type).
    pub fn json(self, body: &Value) -> Self {
        self.json_text(&body.to_string())
    }

    /// A body sent as JSON exactly as written (for malformed bodies).
    pub fn json_text(mut self, body: &str) -> Self {
        self.request = self
            .request
            .header(header::CONTENT_TYPE, "application/json");
        self.body = Body::from(body.to_owned());
        self
    }

    /// A form body (`application/x-www-form-urlencoded`).
    pub fn form(mut self, fields: &[(&str, &str)]) -> Self {
        let encoded = fields
            .iter()
            .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
            .collect::<Vec<_>>()
            .join("&");
        self.request = self
            .request
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        self.body = Body::from(encoded);
        self
    }

    /// A raw body.
    pub fn body(mut self, body: impl Into<Body>) -> Self {
        self.body = body.into();
        self
    }

    pub async fn send(self) -> TestResponse {
        self.app.send(self.request.body(self.body).unwrap()).await
    }
}

/// A response, read whole.
#[derive(Debug)]
pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl TestResponse {
    /// The body as JSON (`Null` when it is not JSON).
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }

    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// A header's value ("" when absent).
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    }

    /// The content type ("" when absent).
    pub fn content_type(&self) -> &str {
        self.header("content-type")
    }
}

/// `raw` percent-encoded for a form body or a query string (letters,
/// digits, `-`, `_` and `.` kept).
pub fn enc(raw: &str) -> String {
    raw.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
