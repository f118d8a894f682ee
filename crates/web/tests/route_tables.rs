//! The route tables (`ROUTES`, `UI_ROUTES`) are derived from the one
//! declaration of each route, and the router built from the same
//! declarations answers exactly the methods they list: no route can
//! escape the access walk or the OpenAPI document.

use std::collections::BTreeSet;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use pbx_testkit::app::TestApp;
use tower::ServiceExt;

const METHODS: [&str; 5] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

fn tables() -> Vec<(&'static str, &'static str)> {
    pbx_web::ROUTES
        .iter()
        .map(|(m, p)| (*m, p.as_str()))
        .chain(pbx_web::UI_ROUTES.iter().copied())
        .collect()
}

async fn router() -> (TestApp, Router) {
    let app = TestApp::builder().build().await;
    let router = app.router.clone();
    (app, router)
}

fn uri(path: &str) -> String {
    path.replace("{code}", "ACME")
        .replace("{number}", "100")
        .replace("{username}", "someone")
        .replace("{name}", "ast1")
        .replace("{id}", "1")
        .replace("{token}", "unknown")
        .replace("{file}", "app.css")
}

async fn status(router: &Router, method: &str, path: &str) -> StatusCode {
    let request = Request::builder()
        .method(method)
        .uri(uri(path))
        .body(Body::empty())
        .unwrap();
    router.clone().oneshot(request).await.unwrap().status()
}

#[test]
fn every_route_is_declared_once_and_no_path_is_both_a_page_and_an_api_route() {
    let tables = tables();
    let unique: BTreeSet<_> = tables.iter().collect();
    assert_eq!(unique.len(), tables.len(), "a route is declared twice");
    let api: BTreeSet<&str> = pbx_web::ROUTES.iter().map(|(_, p)| p.as_str()).collect();
    let pages: BTreeSet<&str> = pbx_web::UI_ROUTES.iter().map(|(_, p)| *p).collect();
    assert!(api.is_disjoint(&pages), "{:?}", api.intersection(&pages));
    assert!(pbx_web::ROUTES.len() > 40 && pbx_web::UI_ROUTES.len() > 40);
}

#[tokio::test]
async fn every_listed_method_is_answered_and_no_path_answers_one_its_table_does_not_list() {
    let (_dir, router) = router().await;
    let tables = tables();
    let paths: BTreeSet<&str> = tables.iter().map(|(_, p)| *p).collect();
    let mut checked = 0;
    for path in paths {
        for method in METHODS {
            let listed = tables.contains(&(method, path));
            let status = status(&router, method, path).await;
            if listed {
                assert_ne!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
            } else {
                assert_eq!(
                    status,
                    StatusCode::METHOD_NOT_ALLOWED,
                    "{method} {path} is answered but not in a route table"
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 300, "only {checked} method/path pairs checked");
}
