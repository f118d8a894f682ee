//! `/api/v1/tenants/{code}/extensions/{number}/pjsip/{endpoint,aor}`.

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::support::{ADMIN_PASSWORD, ApiCalls, app};

#[tokio::test]
async fn the_pjsip_endpoint_page_saves_only_its_own_fields() {
    let app = app().await;
    let token = app.token_with("admin", ADMIN_PASSWORD).await;
    let uri = "/api/v1/tenants/CANISTRACCI/extensions/101/pjsip/endpoint";
    let (status, _, page) = app.call(Method::GET, uri, Some(&token), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page["settings"]["direct_media"], true);
    let version = page["version"].as_i64().unwrap();
    let body = json!({"version": version, "settings": {"rtcp_mux": true, "direct_media": false}})
        .to_string();
    let (status, _, saved) = app.call(Method::PUT, uri, Some(&token), Some(&body)).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(saved["settings"]["rtcp_mux"], true);
    let outside = json!({"version": version + 1, "settings": {"dnd": true}}).to_string();
    let (status, _, problem) = app
        .call(Method::PUT, uri, Some(&token), Some(&outside))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["errors"][0]["field"], "settings.information.dnd");
    let (status, _, _) = app
        .call(
            Method::GET,
            "/api/v1/tenants/CANISTRACCI/extensions/100/pjsip/aor",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "a chan_sip extension has no AOR page"
    );
}
