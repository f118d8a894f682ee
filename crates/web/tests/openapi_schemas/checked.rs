//! The walk's client: the router, the document it serves, and a check of
//! every answer (and of what is sent) against the route's declarations.

use std::collections::BTreeSet;

use axum::body::Body;
use axum::http::Request;
use http_body_util::BodyExt;
use pbx_testkit::app::TestApp;
use serde_json::{Value, json};
use tower::ServiceExt;

pub const ADMIN_PASSWORD: &str = "admin password 1";

/// The router, the document it serves, and the routes seen succeeding.
pub struct Checked {
    pub app: TestApp,
    pub document: Value,
    pub token: String,
    pub succeeded: BTreeSet<(String, String)>,
}

/// A request body: JSON (validated against the route's request schema) or
/// raw bytes of a content type.
pub enum Sent {
    Nothing,
    Json(Value),
    /// A body the schema must refuse too.
    Invalid(Value),
    Raw(&'static str, Vec<u8>),
}

/// Validates `instance` against `schema`, which may refer to the
/// document's components.
fn validate(document: &Value, schema: &Value, instance: &Value) -> Vec<String> {
    let root = json!({"components": document["components"], "allOf": [schema]});
    let validator = jsonschema::draft202012::new(&root).expect("the schema compiles");
    validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

impl Checked {
    pub async fn new() -> Checked {
        let app = TestApp::builder()
            .admin(ADMIN_PASSWORD)
            .demo()
            .build()
            .await;
        let mut checked = Checked {
            app,
            document: Value::Null,
            token: String::new(),
            succeeded: BTreeSet::new(),
        };
        let (_, document) = checked
            .call(
                "GET",
                "/api/v1/openapi.json",
                "/api/v1/openapi.json",
                Sent::Nothing,
            )
            .await;
        checked.document = document;
        // The first call could not be checked yet: check it now.
        checked.succeeded.clear();
        checked
            .call(
                "GET",
                "/api/v1/openapi.json",
                "/api/v1/openapi.json",
                Sent::Nothing,
            )
            .await;
        let body = json!({"username": "admin", "password": ADMIN_PASSWORD});
        let (_, token) = checked
            .call(
                "POST",
                "/api/v1/auth/token",
                "/api/v1/auth/token",
                Sent::Json(body),
            )
            .await;
        checked.token = token["token"].as_str().unwrap().to_owned();
        checked
    }

    /// Sends `method uri` (an instance of the documented `path`) and checks
    /// the request and answer against the document; answers the status and
    /// the JSON body (null when not JSON).
    pub async fn call(&mut self, method: &str, path: &str, uri: &str, sent: Sent) -> (u16, Value) {
        let mut request = Request::builder().method(method).uri(uri);
        if !self.token.is_empty() {
            request = request.header("authorization", format!("Bearer {}", self.token));
        }
        let operation = self.document["paths"][path][method.to_lowercase()].clone();
        let body = match sent {
            Sent::Nothing => Body::empty(),
            Sent::Json(value) => {
                if !self.document.is_null() {
                    let schema = &operation["requestBody"]["content"]["application/json"]["schema"];
                    assert!(schema.is_object(), "{method} {path} documents no JSON body");
                    let errors = validate(&self.document, schema, &value);
                    assert!(
                        errors.is_empty(),
                        "{method} {path} sent {value}: {errors:?}"
                    );
                }
                request = request.header("content-type", "application/json");
                Body::from(value.to_string())
            }
            Sent::Invalid(value) => {
                let schema = &operation["requestBody"]["content"]["application/json"]["schema"];
                let errors = validate(&self.document, schema, &value);
                assert!(
                    !errors.is_empty(),
                    "{method} {path}: the schema accepts {value}"
                );
                request = request.header("content-type", "application/json");
                Body::from(value.to_string())
            }
            Sent::Raw(content_type, bytes) => {
                let declared = &operation["requestBody"]["content"][content_type];
                assert!(
                    declared.is_object(),
                    "{method} {path} takes no {content_type}"
                );
                request = request.header("content-type", content_type);
                Body::from(bytes)
            }
        };
        let response = self
            .app
            .router
            .clone()
            .oneshot(request.body(body).unwrap())
            .await
            .unwrap();
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get("content-type")
            .map(|v| {
                v.to_str()
                    .unwrap()
                    .split(';')
                    .next()
                    .unwrap()
                    .trim()
                    .to_owned()
            })
            .unwrap_or_default();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let value: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        if self.document.is_null() {
            return (status, value);
        }
        assert!(
            operation.is_object(),
            "{method} {path} is not in the document"
        );
        let documented = &operation["responses"][status.to_string()];
        assert!(
            documented.is_object(),
            "{method} {uri} answered {status}, which {path} does not document: {value}"
        );
        match documented["content"].as_object() {
            None => assert!(
                bytes.is_empty(),
                "{method} {uri} {status} has an undocumented body"
            ),
            Some(content) => {
                let media = content.get(&content_type).unwrap_or_else(|| {
                    panic!(
                        "{method} {uri} {status} answered {content_type}, not one of {content:?}"
                    )
                });
                if content_type.ends_with("json") {
                    let errors = validate(&self.document, &media["schema"], &value);
                    assert!(
                        errors.is_empty(),
                        "{method} {uri} {status}: {errors:?}\n{value}"
                    );
                }
            }
        }
        if (200..300).contains(&status) {
            self.succeeded.insert((method.to_owned(), path.to_owned()));
        }
        (status, value)
    }

    pub async fn get(&mut self, path: &str, uri: &str) -> Value {
        let (status, value) = self.call("GET", path, uri, Sent::Nothing).await;
        assert_eq!(status, 200, "GET {uri}: {value}");
        value
    }

    pub async fn send(&mut self, method: &str, path: &str, uri: &str, body: Value) -> (u16, Value) {
        self.call(method, path, uri, Sent::Json(body)).await
    }
}
