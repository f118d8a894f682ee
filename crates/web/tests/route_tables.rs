//! The route tables (`ROUTES`, `UI_ROUTES`) hold exactly what the router
//! serves: every served path is in a table, and every method a path answers
//! is listed for it. The access walk and the OpenAPI document read the
//! tables, so a route missing from them would escape both.

use std::collections::BTreeSet;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use pbx_service::{Service, Store};
use tower::ServiceExt;

const METHODS: [&str; 5] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

fn tables() -> impl Iterator<Item = &'static (&'static str, &'static str)> {
    pbx_web::ROUTES.iter().chain(pbx_web::UI_ROUTES)
}

#[test]
fn every_served_path_is_in_a_route_table_and_every_table_path_is_served() {
    let served = pbx_web::served_paths();
    let unique: BTreeSet<&str> = served.iter().map(String::as_str).collect();
    assert_eq!(unique.len(), served.len(), "a path is routed twice");
    let listed: BTreeSet<&str> = tables().map(|(_, path)| *path).collect();
    let unlisted: Vec<_> = unique.difference(&listed).collect();
    let unserved: Vec<_> = listed.difference(&unique).collect();
    assert!(
        unlisted.is_empty(),
        "served but not in a table: {unlisted:?}"
    );
    assert!(
        unserved.is_empty(),
        "in a table but not served: {unserved:?}"
    );
}

#[tokio::test]
async fn no_path_answers_a_method_its_table_does_not_list() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::connect(&format!("sqlite://{}", dir.path().join("r.db").display()))
        .await
        .unwrap();
    let router = pbx_web::router(Service::new(store));
    let mut checked = 0;
    for path in pbx_web::served_paths() {
        let uri = path
            .replace("{code}", "ACME")
            .replace("{number}", "100")
            .replace("{username}", "someone")
            .replace("{name}", "ast1")
            .replace("{id}", "1")
            .replace("{file}", "app.css");
        for method in METHODS {
            if tables().any(|(m, p)| *m == method && *p == path) {
                continue;
            }
            let request = Request::builder()
                .method(method)
                .uri(&uri)
                .body(Body::empty())
                .unwrap();
            let status = router.clone().oneshot(request).await.unwrap().status();
            assert_eq!(
                status,
                StatusCode::METHOD_NOT_ALLOWED,
                "{method} {path} is answered but not in a route table"
            );
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} method/path pairs checked");
}
