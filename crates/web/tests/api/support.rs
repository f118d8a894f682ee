//! The API suite's worlds, all on `TestApp`: the demo tenant with the
//! first admin; ACME for imports and exports; two tenants for nodes and
//! call flows.

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use pbx_testkit::app::TestApp;
use pbx_testkit::data::{TestTenant, TestUser};
use serde_json::Value;
use tower::ServiceExt;

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

/// Tenant ACME (room for 100, no extensions) and `admin`'s token: the
/// import and export world, called with whole requests.
pub struct Acme {
    pub app: TestApp,
    pub token: String,
}

impl std::ops::Deref for Acme {
    type Target = TestApp;

    fn deref(&self) -> &TestApp {
        &self.app
    }
}

pub async fn acme() -> Acme {
    let app = TestApp::builder()
        .admin(ADMIN_PASSWORD)
        .tenant(TestTenant::new("ACME").named("Acme").limit(100))
        .build()
        .await;
    let token = app.token_with("admin", ADMIN_PASSWORD).await;
    Acme { app, token }
}

/// Status, body and the headers as debug text.
pub async fn send_raw(router: &Router, request: Request<Body>) -> (StatusCode, Vec<u8>, String) {
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = format!("{:?}", response.headers());
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, body.to_vec(), headers)
}

pub async fn send(router: &Router, request: Request<Body>) -> (StatusCode, Value) {
    let (status, body, _) = send_raw(router, request).await;
    (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

/// A multipart upload of `file` to ACME's imports.
pub fn multipart(token: &str, file: &[u8]) -> Request<Body> {
    let boundary = "XyZ-boundary";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"ext.csv\"\r\n\
         Content-Type: text/csv\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    Request::post("/api/v1/tenants/ACME/imports")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(Body::from(body))
        .unwrap()
}

pub fn get(token: &str, uri: &str) -> Request<Body> {
    Request::get(uri)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap()
}

/// Tenants ACME (extension 100) and BETA (extension 200); `root` is a super
/// admin, `acme` a tenant admin of ACME: the node and call-flow world.
pub struct TwoTenants {
    pub app: TestApp,
    pub super_token: String,
    pub tenant_token: String,
}

pub async fn two_tenants() -> TwoTenants {
    let app = TestApp::builder()
        .tenant(TestTenant::new("ACME").with_extension("pjsip", "100", "Ann"))
        .tenant(TestTenant::new("BETA").with_extension("pjsip", "200", "Ann"))
        .user(TestUser::super_admin("root"))
        .user(TestUser::tenant_admin("acme", &["ACME"]))
        .build()
        .await;
    let super_token = app.token("root").await;
    let tenant_token = app.token("acme").await;
    TwoTenants {
        app,
        super_token,
        tenant_token,
    }
}

/// A call with an optional token and JSON body (sent without a content
/// type): status and JSON answer.
pub async fn call(
    world: &TwoTenants,
    method: &str,
    uri: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut call = world
        .app
        .request(Method::from_bytes(method.as_bytes()).unwrap(), uri);
    if let Some(token) = token {
        call = call.bearer(token);
    }
    if let Some(body) = body {
        call = call.body(body.to_string());
    }
    let answer = call.send().await;
    (answer.status, answer.json())
}

/// The fields of a problem's errors.
pub fn fields(body: &Value) -> Vec<String> {
    body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_owned())
        .collect()
}
