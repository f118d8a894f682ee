//! `/api/v1/nodes...`: a token and a super admin needed, create, change,
//! list, render, delete.

use axum::http::StatusCode;
use serde_json::json;

use crate::support::{call, fields, two_tenants};

#[tokio::test]
async fn every_new_route_is_in_the_routes_table() {
    for (method, path) in [
        ("GET", "/api/v1/nodes"),
        ("POST", "/api/v1/nodes"),
        ("GET", "/api/v1/nodes/{name}"),
        ("PATCH", "/api/v1/nodes/{name}"),
        ("DELETE", "/api/v1/nodes/{name}"),
        ("GET", "/api/v1/nodes/{name}/render"),
        (
            "GET",
            "/api/v1/tenants/{code}/extensions/{number}/call-flow",
        ),
    ] {
        assert!(
            pbx_web::ROUTES
                .iter()
                .any(|(m, p)| *m == method && p == path),
            "{method} {path}"
        );
    }
}

#[tokio::test]
async fn node_routes_need_a_token_and_a_super_admin() {
    let app = two_tenants().await;
    let (status, _) = call(&app, "GET", "/api/v1/nodes", None, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let body =
        json!({"name": "ast1", "output_dir": "/etc/asterisk/pbx", "ami_secret": "s3cret-ami"});
    for (method, uri, body) in [
        ("GET", "/api/v1/nodes", None),
        ("POST", "/api/v1/nodes", Some(body.clone())),
        ("GET", "/api/v1/nodes/ast1", None),
        ("DELETE", "/api/v1/nodes/ast1", None),
    ] {
        let (status, _) = call(&app, method, uri, Some(&app.tenant_token), body).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{method} {uri}");
    }
    let token = Some(app.super_token.as_str());
    let (status, created) = call(&app, "POST", "/api/v1/nodes", token, Some(body)).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["ami_secret_set"], true);
    assert!(
        !created.to_string().contains("s3cret-ami"),
        "the secret is never returned"
    );
    let (status, bad) = call(
        &app,
        "POST",
        "/api/v1/nodes",
        token,
        Some(json!({"name": "x y", "output_dir": "rel"})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(fields(&bad).contains(&"output_dir".to_owned()), "{bad}");
    let (status, changed) = call(
        &app,
        "PATCH",
        "/api/v1/nodes/ast1",
        token,
        Some(json!({"storage": "realtime"})),
    )
    .await;
    assert_eq!(
        (status, changed["storage"].as_str()),
        (StatusCode::OK, Some("realtime"))
    );
    let (status, listed) = call(&app, "GET", "/api/v1/nodes", token, None).await;
    assert_eq!(
        (status, listed["total"].as_i64()),
        (StatusCode::OK, Some(1))
    );
    let (status, render) = call(
        &app,
        "GET",
        "/api/v1/nodes/ast1/render?tenant=ACME",
        token,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        render["files"][0]["name"], "extensions-ACME.conf",
        "{render}"
    );
    let (status, _) = call(&app, "DELETE", "/api/v1/nodes/ast1", token, None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = call(&app, "GET", "/api/v1/nodes/ast1", token, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
