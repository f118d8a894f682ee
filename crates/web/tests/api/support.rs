//! The API suite's app: `TestApp` with the first admin and the demo
//! tenant, and calls as (status, content type, JSON body).

use axum::http::{Method, StatusCode};
use pbx_testkit::app::TestApp;
use serde_json::Value;

pub const ADMIN_PASSWORD: &str = "admin password 1";

/// `admin` (password [`ADMIN_PASSWORD`]) and the demo tenant.
pub async fn app() -> TestApp {
    TestApp::builder()
        .admin(ADMIN_PASSWORD)
        .demo()
        .build()
        .await
}

pub(crate) trait ApiCalls {
    /// A call with an optional bearer token and JSON body.
    async fn call(
        &self,
        method: Method,
        uri: &str,
        token: Option<&str>,
        body: Option<&str>,
    ) -> (StatusCode, String, Value);
}

impl ApiCalls for TestApp {
    async fn call(
        &self,
        method: Method,
        uri: &str,
        token: Option<&str>,
        body: Option<&str>,
    ) -> (StatusCode, String, Value) {
        let mut call = self.request(method, uri);
        if let Some(token) = token {
            call = call.bearer(token);
        }
        if let Some(body) = body {
            call = call.json_text(body);
        }
        let answer = call.send().await;
        (
            answer.status,
            answer.content_type().to_owned(),
            answer.json(),
        )
    }
}
