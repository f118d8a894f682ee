//! `GET /api/v1/tenants/{code}/extensions/{number}/call-flow`: shown and
//! simulated for visible extensions only.

use axum::http::StatusCode;

use crate::support::{call, fields, two_tenants};

#[tokio::test]
async fn the_call_flow_is_shown_and_simulated_for_visible_extensions_only() {
    let app = two_tenants().await;
    let uri = "/api/v1/tenants/ACME/extensions/100/call-flow";
    let (status, _) = call(&app, "GET", uri, None, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let token = Some(app.tenant_token.as_str());
    let (status, body) = call(&app, "GET", uri, token, None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["flow"]["number"], "100");
    assert!(body["flow"]["steps"].is_array());
    let (status, body) = call(
        &app,
        "GET",
        &format!("{uri}?at=2026-11-26T21:00&state=busy"),
        token,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["state"], "busy");
    assert!(body["path"]["taken"].is_array(), "{body}");
    assert!(body["path"]["outcome"].is_object(), "{body}");
    let other = "/api/v1/tenants/BETA/extensions/200/call-flow";
    let (status, _) = call(&app, "GET", other, token, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, body) = call(
        &app,
        "GET",
        &format!("{uri}?at=2026-02-30T21:00&state=asleep"),
        token,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&body), ["at", "state"]);
    let (status, body) = call(
        &app,
        "GET",
        &format!("{uri}?at=2026-11-26T21:00"),
        token,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&body), ["state"]);
}
