//! The access suite's world on `TestApp`: the demo tenant and OTHER, one
//! account per role, calls through the real router with a bearer token or a session
//! cookie, and a snapshot of every table that holds configuration.

use axum::body::Body;
use axum::http::{Request, Response};
use http_body_util::BodyExt;
use pbx_service::Actor;
use pbx_testkit::app::TestApp;
use pbx_testkit::data::{TestTenant, TestUser};
use serde_json::{Value, json};
use sqlx::{Column, Row};
use tower::ServiceExt;

pub use pbx_testkit::data::PASSWORD;

/// [`TestApp`] with the access suite's calls and snapshot.
pub struct World(TestApp);

impl std::ops::Deref for World {
    type Target = TestApp;

    fn deref(&self) -> &TestApp {
        &self.0
    }
}

/// How a request authenticates.
#[derive(Clone, Copy)]
pub enum Auth<'a> {
    None,
    Bearer(&'a str),
    /// Session cookie and the CSRF header value sent (if any).
    Cookie(&'a str, Option<&'a str>),
}

pub async fn world() -> World {
    let app = TestApp::builder().admin(PASSWORD).demo().build().await;
    let output_dir = app.dir().join("ast1").display().to_string();
    app.service
        .create_node(
            &Actor::cli(),
            &json!({"name": "ast1", "output_dir": output_dir, "ami_secret": "node-ami-secret"}),
        )
        .await
        .unwrap();
    TestTenant::new("OTHER")
        .named("Other Ltd")
        .create(&app.service)
        .await;
    for user in [
        TestUser::tenant_admin("other", &["OTHER"]),
        TestUser::restricted_admin("clerk", "CANISTRACCI", &["101"]),
        TestUser::tenant_admin("tenant", &["CANISTRACCI"]),
    ] {
        user.create(&app.service).await;
    }
    World(app)
}

impl World {
    /// A session of `username`: (cookie header, csrf).
    pub async fn session(&self, username: &str) -> (String, String) {
        let issued = self
            .service
            .login(username, PASSWORD, "session")
            .await
            .unwrap();
        (format!("pbx_session={}", issued.token), issued.csrf)
    }

    pub async fn send(&self, request: Request<Body>) -> Response<Body> {
        self.router.clone().oneshot(request).await.unwrap()
    }

    /// A JSON call; returns the status, headers and body as JSON (or text).
    pub async fn call(
        &self,
        method: &str,
        uri: &str,
        auth: Auth<'_>,
        body: Option<Value>,
    ) -> (u16, axum::http::HeaderMap, Value) {
        let mut request = Request::builder().method(method).uri(uri);
        match auth {
            Auth::None => {}
            Auth::Bearer(t) => request = request.header("authorization", format!("Bearer {t}")),
            Auth::Cookie(c, csrf) => {
                request = request.header("cookie", c);
                if let Some(csrf) = csrf {
                    request = request.header("x-csrf-token", csrf);
                }
            }
        }
        let body = match body {
            Some(v) => {
                request = request.header("content-type", "application/json");
                Body::from(v.to_string())
            }
            None => Body::empty(),
        };
        let response = self.send(request.body(body).unwrap()).await;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let value = serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()));
        (status, headers, value)
    }

    /// A form post with a session cookie; `csrf` is the field sent (if any).
    pub async fn post_form(
        &self,
        uri: &str,
        cookie: Option<&str>,
        fields: &[(&str, &str)],
    ) -> (u16, axum::http::HeaderMap, String) {
        let encoded = fields
            .iter()
            .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
            .collect::<Vec<_>>()
            .join("&");
        let mut request =
            Request::post(uri).header("content-type", "application/x-www-form-urlencoded");
        if let Some(c) = cookie {
            request = request.header("cookie", c);
        }
        let response = self.send(request.body(Body::from(encoded)).unwrap()).await;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        (
            status,
            headers,
            String::from_utf8_lossy(&bytes).into_owned(),
        )
    }

    /// A GET of a page with a cookie: (status, body).
    pub async fn page(&self, uri: &str, cookie: &str) -> (u16, String) {
        let response = self
            .send(
                Request::get(uri)
                    .header("cookie", cookie)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        let status = response.status().as_u16();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        (status, String::from_utf8_lossy(&bytes).into_owned())
    }

    /// Every row of every configuration table, as text (tokens and the
    /// sign-in throttle are left out: signing in writes them).
    pub async fn snapshot(&self) -> String {
        let mut conn = self.service.store().conn().await.unwrap();
        let mut out = String::new();
        for table in [
            "tenants",
            "extensions",
            "tenant_objects",
            "extension_refs",
            "users",
            "user_tenants",
            "user_extensions",
            "user_prefs",
            "audit_log",
            "recovery_codes",
            "nodes",
            "ps_endpoints",
            "ps_auths",
            "ps_aors",
            "sippeers",
        ] {
            let sql = format!("SELECT * FROM {table} ORDER BY 1, 2");
            let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
                .fetch_all(&mut *conn)
                .await
                .unwrap();
            for row in rows {
                out.push_str(table);
                for (i, column) in row.columns().iter().enumerate() {
                    let cell = row
                        .try_get::<Option<String>, _>(i)
                        .map(Option::unwrap_or_default)
                        .or_else(|_| row.try_get::<Option<i64>, _>(i).map(|v| format!("{v:?}")))
                        .unwrap_or_else(|_| "?".into());
                    out.push_str(&format!(" {}={cell}", column.name()));
                }
                out.push('\n');
            }
        }
        out
    }
}

pub fn enc(raw: &str) -> String {
    raw.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Fills a route's path parameters.
pub fn fill(path: &str, number: &str) -> String {
    path.replace("{code}", "CANISTRACCI")
        .replace("{number}", number)
        .replace("{id}", "1")
        .replace("{username}", "tenant")
        .replace("{file}", "app.css")
        .replace("{name}", "ast1")
}
