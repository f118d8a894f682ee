//! `GET /api/v1/tenants/{code}/extensions`: the list, its sorting, search and paging.

use axum::http::{Method, StatusCode};
use pbx_testkit::app::TestApp;
use pbx_testkit::data::{TestTenant, TestUser};

use crate::support::{ADMIN_PASSWORD, ApiCalls, app};

#[tokio::test]
async fn the_demo_tenant_lists_ten_extensions_with_tenant_usernames() {
    let app = app().await;
    let token = app.token_with("admin", ADMIN_PASSWORD).await;
    let (status, _, page) = app
        .call(
            Method::GET,
            "/api/v1/tenants/CANISTRACCI/extensions?per_page=50",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page["total"], 10);
    let items = page["items"].as_array().unwrap();
    assert_eq!(items[0]["username"], "100-CANISTRACCI");
    assert_eq!(items[0]["kind"], "sip");
    assert_eq!(items[1]["kind"], "pjsip");
    assert_eq!(items[6]["kind"], "custom");
    assert_eq!(items[8]["kind"], "virtual");
    assert!(
        items[0]["secret"].as_str().unwrap().len() >= 16,
        "admins see secrets"
    );
    assert!(items.iter().all(|i| i.get("version").is_some()));
}

#[tokio::test]
async fn sorting_searching_and_paging_work_through_the_query_string() {
    let app = app().await;
    let token = app.token_with("admin", ADMIN_PASSWORD).await;
    let uri = "/api/v1/tenants/CANISTRACCI/extensions?sort=name&order=desc&per_page=3&page=2";
    let (_, _, page) = app.call(Method::GET, uri, Some(&token), None).await;
    let names: Vec<&str> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Gia Parker", "Fay Collins", "Eli Turner"]);
    let (_, _, found) = app
        .call(
            Method::GET,
            "/api/v1/tenants/CANISTRACCI/extensions?search=stone",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(found["total"], 1);
    let (status, _, problem) = app
        .call(
            Method::GET,
            "/api/v1/tenants/CANISTRACCI/extensions?sort=secret",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["errors"][0]["field"], "sort");
}

#[tokio::test]
async fn a_tenant_of_ten_phones_lists_them_in_number_order_with_tenant_usernames() {
    let app = TestApp::builder()
        .tenant(TestTenant::new("ACME").with_extensions(100..110))
        .user(TestUser::tenant_admin("acme", &["ACME"]))
        .build()
        .await;
    let token = app.token("acme").await;
    let page = app
        .get("/api/v1/tenants/ACME/extensions?per_page=50")
        .bearer(&token)
        .send()
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let page = page.json();
    assert_eq!(page["total"], 10);
    let numbers: Vec<&str> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["number"].as_str().unwrap())
        .collect();
    let expected: Vec<String> = (100..110).map(|n| n.to_string()).collect();
    assert_eq!(numbers, expected);
    assert_eq!(page["items"][0]["username"], "100-ACME");
    assert_eq!(page["items"][0]["kind"], "pjsip");
}
