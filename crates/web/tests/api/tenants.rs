//! `/api/v1/tenants`: tenant isolation between tenant admins.

use axum::http::{Method, StatusCode};
use pbx_testkit::data::TestUser;
use serde_json::json;

use crate::support::{ADMIN_PASSWORD, ApiCalls, app};

#[tokio::test]
async fn another_tenants_admin_cannot_see_or_change_this_tenant() {
    let app = app().await;
    let admin = app.token_with("admin", ADMIN_PASSWORD).await;
    let body = json!({"code": "RIVAL", "name": "Rival Inc"}).to_string();
    let (status, _, _) = app
        .call(Method::POST, "/api/v1/tenants", Some(&admin), Some(&body))
        .await;
    assert_eq!(status, StatusCode::CREATED);
    TestUser::tenant_admin("rival", &["RIVAL"])
        .password("rival password 1")
        .create(&app.service)
        .await;
    let rival = app.token_with("rival", "rival password 1").await;
    let (_, _, tenants) = app
        .call(Method::GET, "/api/v1/tenants", Some(&rival), None)
        .await;
    assert_eq!(tenants["total"], 1);
    for (method, uri) in [
        (Method::GET, "/api/v1/tenants/CANISTRACCI"),
        (Method::GET, "/api/v1/tenants/CANISTRACCI/extensions"),
        (Method::GET, "/api/v1/tenants/CANISTRACCI/extensions/100"),
        (Method::DELETE, "/api/v1/tenants/CANISTRACCI/extensions/100"),
        (Method::GET, "/api/v1/tenants/CANISTRACCI/objects"),
    ] {
        let (status, _, _) = app.call(method.clone(), uri, Some(&rival), None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{method} {uri}");
    }
    let (_, _, page) = app
        .call(
            Method::GET,
            "/api/v1/tenants/CANISTRACCI/extensions",
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(page["total"], 10, "nothing changed");
}
