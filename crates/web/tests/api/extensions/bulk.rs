//! Bulk create and bulk change stack of extensions.

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::support::{ADMIN_PASSWORD, ApiCalls, app};

#[tokio::test]
async fn bulk_create_previews_then_creates_and_bulk_change_stack_answers_per_row() {
    let app = app().await;
    let token = app.token_with("admin", ADMIN_PASSWORD).await;
    let base = "/api/v1/tenants/CANISTRACCI/extensions";
    let preview = json!({"first": "200", "last": "219", "kind": "sip", "name_pattern": "Room {n}", "preview": true}).to_string();
    let (_, _, shown) = app
        .call(
            Method::POST,
            &format!("{base}/bulk-create"),
            Some(&token),
            Some(&preview),
        )
        .await;
    assert_eq!(shown["count"], 20);
    assert_eq!(
        shown["preview"][0],
        json!({"number": "200", "name": "Room 200", "username": "200-CANISTRACCI"})
    );
    let (_, _, page) = app.call(Method::GET, base, Some(&token), None).await;
    assert_eq!(page["total"], 10, "a preview creates nothing");
    let create = json!({"first": "200", "last": "219", "kind": "sip", "name_pattern": "Room {n}"})
        .to_string();
    let (status, _, created) = app
        .call(
            Method::POST,
            &format!("{base}/bulk-create"),
            Some(&token),
            Some(&create),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{created}");
    assert_eq!(created["created"], 20);
    let change = json!({"numbers": ["200", "201", "106"], "target": "pjsip"}).to_string();
    let (_, _, results) = app
        .call(
            Method::POST,
            &format!("{base}/bulk-change-stack"),
            Some(&token),
            Some(&change),
        )
        .await;
    let rows = results["results"].as_array().unwrap();
    assert_eq!(rows[0]["changed"], true);
    assert_eq!(rows[2]["changed"], false, "a custom extension has no stack");
}
