//! `GET /api/v1/tenants/{code}/extensions/export`: the list filters, CSV or
//! XLSX, as an attachment.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};

use crate::support::{acme, get, multipart, send, send_raw};

#[tokio::test]
async fn exports_apply_the_list_filters_and_are_attachments() {
    let app = acme().await;
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
