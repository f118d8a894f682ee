//! The import and export routes through the real router: multipart upload,
//! preview, apply, exports with filters, and the error statuses.

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use pbx_service::{Actor, Service, Store};
use serde_json::{Value, json};
use tower::ServiceExt;

struct App {
    router: Router,
    service: Service,
    token: String,
    _dir: tempfile::TempDir,
}

async fn app() -> App {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::connect(&format!("sqlite://{}", dir.path().join("t.db").display()))
        .await
        .unwrap();
    let service = Service::new(store);
    service
        .ensure_admin(Some("admin password 1"))
        .await
        .unwrap();
    service
        .create_tenant(
            &Actor::cli(),
            &json!({"code": "ACME", "name": "Acme", "extension_limit": 100}),
        )
        .await
        .unwrap();
    let router = pbx_web::router(service.clone());
    let login = Request::post("/api/v1/auth/token")
        .body(Body::from(
            json!({"username": "admin", "password": "admin password 1"}).to_string(),
        ))
        .unwrap();
    let (_, body) = send(&router, login).await;
    App {
        router,
        service,
        token: body["token"].as_str().unwrap().to_owned(),
        _dir: dir,
    }
}

async fn send_raw(router: &Router, request: Request<Body>) -> (StatusCode, Vec<u8>, String) {
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = format!("{:?}", response.headers());
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, body.to_vec(), headers)
}

async fn send(router: &Router, request: Request<Body>) -> (StatusCode, Value) {
    let (status, body, _) = send_raw(router, request).await;
    (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

fn multipart(token: &str, file: &[u8]) -> Request<Body> {
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

fn get(token: &str, uri: &str) -> Request<Body> {
    Request::get(uri)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap()
}

#[tokio::test]
async fn a_multipart_upload_is_previewed_then_applied() {
    let app = app().await;
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
    let app = app().await;
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
    let app = app().await;
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
    let app = app().await;
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
    let app = app().await;
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

#[tokio::test]
async fn exports_apply_the_list_filters_and_are_attachments() {
    let app = app().await;
    let file = b"kind,number,name\nsip,100,Ann\npjsip,101,Bob\nvirtual,102,Bobby's team\n";
    let (_, preview) = send(&app.router, multipart(&app.token, file)).await;
    let id = preview["id"].as_str().unwrap();
    let apply = Request::post(format!("/api/v1/tenants/ACME/imports/{id}/apply"))
        .header(header::AUTHORIZATION, format!("Bearer {}", app.token))
        .body(Body::empty())
        .unwrap();
    send(&app.router, apply).await;
    let uri = "/api/v1/tenants/ACME/extensions/export?format=csv&name=bob&sort=name&order=desc";
    let (status, body, headers) = send_raw(&app.router, get(&app.token, uri)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers.contains("attachment; filename=\\\"ACME-extensions.csv\\\""),
        "{headers}"
    );
    let text = String::from_utf8(body).unwrap();
    let numbers: Vec<&str> = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).unwrap())
        .collect();
    assert_eq!(numbers, ["102", "101"]);
    let uri = "/api/v1/tenants/ACME/extensions/export?format=xlsx&numbers=100,102";
    let (status, body, headers) = send_raw(&app.router, get(&app.token, uri)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers.contains("spreadsheetml"), "{headers}");
    assert!(body.starts_with(b"PK"));
    let bad = "/api/v1/tenants/ACME/extensions/export?format=pdf&colour=red";
    let (status, problem) = send(&app.router, get(&app.token, bad)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["errors"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn every_route_of_the_table_is_in_the_openapi_document() {
    let app = app().await;
    let (_, doc) = send(&app.router, get(&app.token, "/api/v1/openapi.json")).await;
    for (method, path) in pbx_web::ROUTES.iter() {
        assert!(
            doc["paths"][path][method.to_lowercase()].is_object(),
            "{method} {path}"
        );
    }
}
