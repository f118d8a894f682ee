//! `POST /api/v1/auth/token` and the bearer token every other API route needs.

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::support::{ApiCalls, app};

#[tokio::test]
async fn every_api_route_but_the_token_and_documents_needs_a_bearer_token() {
    let app = app().await;
    for (method, path) in pbx_web::ROUTES.iter() {
        if [
            "/healthz",
            "/api/v1/auth/token",
            "/api/v1/openapi.json",
            "/provision/{token}",
        ]
        .contains(&path.as_str())
        {
            continue;
        }
        let uri = path
            .replace("{code}", "CANISTRACCI")
            .replace("{number}", "100")
            .replace("{id}", "1");
        let method = Method::from_bytes(method.as_bytes()).unwrap();
        let (status, content_type, _) = app.call(method.clone(), &uri, None, Some("{}")).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{method} {uri}");
        assert_eq!(content_type, "application/problem+json", "{method} {uri}");
        let (status, _, _) = app
            .call(method.clone(), &uri, Some("not-a-token"), Some("{}"))
            .await;
        assert_eq!(
            status,
            StatusCode::UNAUTHORIZED,
            "{method} {uri} with a bad token"
        );
    }
}

#[tokio::test]
async fn a_wrong_password_gets_no_token() {
    let app = app().await;
    let body = json!({"username": "admin", "password": "wrong password 1"}).to_string();
    let (status, _, _) = app
        .call(Method::POST, "/api/v1/auth/token", None, Some(&body))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}
