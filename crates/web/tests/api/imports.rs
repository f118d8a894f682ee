//! `/api/v1/tenants/{code}/imports` and `.../imports/{id}/apply`: multipart
//! upload, raw CSV body, preview, apply, and the error statuses.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use pbx_service::Actor;
use serde_json::{Value, json};

use crate::support::{acme, get, multipart, send, send_raw};

#[tokio::test]
async fn a_multipart_upload_is_previewed_then_applied() {
    let app = acme().await;
    let file = b"kind,number,name\nsip,100,Ann\npjsip,101,Bob\nvirtual,102,Team\n";
    let (status, preview) = send(&app.router, multipart(&app.token, file)).await;
    assert_eq!(status, StatusCode::OK, "{preview}");
    assert_eq!(preview["creates"], 3);
    assert_eq!(preview["errors"], json!([]));
    let id = preview["id"].as_str().unwrap();
    let apply = Request::post(format!("/api/v1/tenants/ACME/imports/{id}/apply"))
        .header(header::AUTHORIZATION, format!("Bearer {}", app.token))
        .body(Body::empty())
        .unwrap();
    let (status, applied) = send(&app.router, apply).await;
    assert_eq!(status, StatusCode::OK, "{applied}");
    assert_eq!(applied["created"], 3);
    let (_, list) = send(
        &app.router,
        get(&app.token, "/api/v1/tenants/ACME/extensions"),
    )
    .await;
    assert_eq!(list["total"], 3);
}

#[tokio::test]
async fn an_upload_while_the_tenant_imports_another_file_is_429_with_retry_after() {
    let app = acme().await;
    let slot = app
        .service
        .reserve_import(&Actor::cli(), "ACME")
        .await
        .unwrap();
    let (status, body, headers) =
        send_raw(&app.router, multipart(&app.token, b"number\n100\n")).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(headers.contains("\"retry-after\": \"5\""), "{headers}");
    let problem: Value = serde_json::from_slice(&body).unwrap();
    assert!(
        problem["title"]
            .as_str()
            .unwrap()
            .contains("another import into tenant ACME"),
        "{problem}"
    );
    drop(slot);
    let (status, _) = send(&app.router, multipart(&app.token, b"number\n100\n")).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn a_raw_csv_body_with_errors_is_previewed_and_its_apply_refused() {
    let app = acme().await;
    let request = Request::post("/api/v1/tenants/ACME/imports")
        .header(header::AUTHORIZATION, format!("Bearer {}", app.token))
        .header(header::CONTENT_TYPE, "text/csv")
        .body(Body::from("kind,number,ring_timeout\nsip,100,9999\n"))
        .unwrap();
    let (status, preview) = send(&app.router, request).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(preview["errors"][0]["line"], 2);
    assert_eq!(preview["errors"][0]["column"], "ring_timeout");
    let id = preview["id"].as_str().unwrap();
    let apply = Request::post(format!("/api/v1/tenants/ACME/imports/{id}/apply"))
        .header(header::AUTHORIZATION, format!("Bearer {}", app.token))
        .body(Body::empty())
        .unwrap();
    let (status, problem) = send(&app.router, apply).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["errors"][0]["line"], 2);
}

#[tokio::test]
async fn unreadable_unsupported_and_oversized_uploads_are_4xx_problems() {
    let app = acme().await;
    let (status, problem) = send(&app.router, multipart(&app.token, b"")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["errors"][0]["field"], "file");
    let json_body = Request::post("/api/v1/tenants/ACME/imports")
        .header(header::AUTHORIZATION, format!("Bearer {}", app.token))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{}"))
        .unwrap();
    let (status, _) = send(&app.router, json_body).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let huge = vec![b'1'; pbx_web_limit() + 1];
    let (status, problem) = send(&app.router, multipart(&app.token, &huge)).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(problem["title"].as_str().unwrap().contains("50 MB"));
    let raw = Request::post("/api/v1/tenants/ACME/imports")
        .header(header::AUTHORIZATION, format!("Bearer {}", app.token))
        .header(header::CONTENT_TYPE, "text/csv")
        .body(Body::from(huge))
        .unwrap();
    let (status, _) = send(&app.router, raw).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
}

fn pbx_web_limit() -> usize {
    50 * 1024 * 1024
}

#[tokio::test]
async fn routes_need_a_bearer_token() {
    let app = acme().await;
    for request in [
        Request::post("/api/v1/tenants/ACME/imports")
            .header(header::CONTENT_TYPE, "text/csv")
            .body(Body::from("kind,number\nsip,1\n"))
            .unwrap(),
        Request::post("/api/v1/tenants/ACME/imports/abc/apply")
            .body(Body::empty())
            .unwrap(),
        Request::get("/api/v1/tenants/ACME/extensions/export")
            .body(Body::empty())
            .unwrap(),
    ] {
        let (status, _) = send(&app.router, request).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
}
