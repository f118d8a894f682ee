//! The access suite's world on `TestApp`: the demo tenant and OTHER, one
//! account per role, calls through the real router with a bearer token or
//! a session cookie, and a snapshot of every table that holds
//! configuration.

use axum::http::Method;
use pbx_service::Actor;
use pbx_testkit::app::TestApp;
use pbx_testkit::data::{TestTenant, TestUser};
use serde_json::{Value, json};
use sqlx::{Column, Row};

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

    /// A JSON call; returns the status, headers and body as JSON (or text).
    pub async fn call(
        &self,
        method: &str,
        uri: &str,
        auth: Auth<'_>,
        body: Option<Value>,
    ) -> (u16, axum::http::HeaderMap, Value) {
        let method = Method::from_bytes(method.as_bytes()).unwrap();
        let mut call = self.request(method, uri);
        match auth {
            Auth::None => {}
            Auth::Bearer(t) => call = call.bearer(t),
            Auth::Cookie(c, csrf) => {
                call = call.header("cookie", c);
                if let Some(csrf) = csrf {
                    call = call.header("x-csrf-token", csrf);
                }
            }
        }
        if let Some(v) = body {
            call = call.json(&v);
        }
        let answer = call.send().await;
        let value =
            serde_json::from_slice(&answer.body).unwrap_or_else(|_| Value::String(answer.text()));
        (answer.status.as_u16(), answer.headers, value)
    }

    /// A form post with a session cookie; `csrf` is the field sent (if any).
    pub async fn post_form(
        &self,
        uri: &str,
        cookie: Option<&str>,
        fields: &[(&str, &str)],
    ) -> (u16, axum::http::HeaderMap, String) {
        let mut call = self.post(uri).form(fields);
        if let Some(c) = cookie {
            call = call.header("cookie", c);
        }
        let answer = call.send().await;
        let text = answer.text();
        (answer.status.as_u16(), answer.headers, text)
    }

    /// A GET of a page with a cookie: (status, body).
    pub async fn page(&self, uri: &str, cookie: &str) -> (u16, String) {
        let answer = self.get(uri).header("cookie", cookie).send().await;
        (answer.status.as_u16(), answer.text())
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
            "mail_settings",
            "mail_outbox",
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

/// Fills a route's path parameters.
pub fn fill(path: &str, number: &str) -> String {
    path.replace("{code}", "CANISTRACCI")
        .replace("{number}", number)
        .replace("{id}", "1")
        .replace("{username}", "tenant")
        .replace("{file}", "app.css")
        .replace("{name}", "ast1")
}
