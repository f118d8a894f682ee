//! `GET /healthz`: answers without a token.

use axum::http::{Method, StatusCode};

use crate::support::{ApiCalls, app};

#[tokio::test]
async fn health_answers_without_a_token() {
    let app = app().await;
    let (status, _, _) = app.call(Method::GET, "/healthz", None, None).await;
    assert_eq!(status, StatusCode::OK);
}
