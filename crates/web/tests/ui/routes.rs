//! Every page route is served and every one but the public ones needs a
//! session.

use axum::body::Body;
use axum::http::Request;

use crate::support::*;

#[tokio::test]
async fn every_page_route_exists_and_requires_a_session_except_login_and_static() {
    let app = app().await;
    for (method, path) in pbx_web::UI_ROUTES.iter() {
        let uri = path
            .replace("{code}", "CANISTRACCI")
            .replace("{number}", "101")
            .replace("{file}", "app.css");
        let (status, _) = app
            .send(
                Request::builder()
                    .method(*method)
                    .uri(&uri)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        let public = ["/login", "/static/{file}"].contains(path);
        if public {
            assert!(
                status == 200 || (*method == "POST" && (status == 403 || status == 415)),
                "{method} {path}: {status}"
            );
        } else {
            assert_eq!(status, 303, "{method} {path} without a session");
        }
    }
}

#[tokio::test]
async fn static_files_are_embedded_with_a_long_cache() {
    let app = app().await;
    let (status, response) = app
        .send(Request::get("/static/grid.js").body(Body::empty()).unwrap())
        .await;
    assert_eq!(status, 200);
    assert!(
        response.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("max-age=31536000")
    );
}
