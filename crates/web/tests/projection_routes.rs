//! HTTP tests through the real router (`oneshot`) for the node routes and
//! the call-flow route: 401, 403, 404, 422 and the happy paths.

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use pbx_service::extensions::ExtensionInput;
use pbx_service::{Actor, Permission, Role, Service, Store};
use serde_json::{Value, json};
use tower::ServiceExt;

const PASSWORD: &str = "correct-horse-42";

struct App {
    router: Router,
    super_token: String,
    tenant_token: String,
    _dir: tempfile::TempDir,
}

/// Tenants ACME (extension 100) and BETA (extension 200); `root` is a super
/// admin, `acme` a tenant admin of ACME.
async fn app() -> App {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::connect(&format!("sqlite://{}", dir.path().join("w.db").display()))
        .await
        .unwrap();
    let service = Service::new(store);
    let cli = Actor::cli();
    for (code, number) in [("ACME", "100"), ("BETA", "200")] {
        service
            .create_tenant(
                &cli,
                &json!({"code": code, "name": code, "extension_limit": 10}),
            )
            .await
            .unwrap();
        let input = ExtensionInput {
            kind: Some("pjsip".into()),
            number: Some(number.into()),
            name: Some("Ann".into()),
            ..Default::default()
        };
        service.create_extension(&cli, code, &input).await.unwrap();
    }
    service
        .create_user(
            "root",
            PASSWORD,
            Role::SuperAdmin,
            &Permission::ALL,
            &[],
            &[],
        )
        .await
        .unwrap();
    service
        .create_user(
            "acme",
            PASSWORD,
            Role::TenantAdmin,
            &Permission::ALL,
            &["ACME"],
            &[],
        )
        .await
        .unwrap();
    let super_token = service.login("root", PASSWORD, "api").await.unwrap().token;
    let tenant_token = service.login("acme", PASSWORD, "api").await.unwrap().token;
    App {
        router: pbx_web::router(service),
        super_token,
        tenant_token,
        _dir: dir,
    }
}

async fn call(
    app: &App,
    method: &str,
    uri: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut request = Request::builder().method(method).uri(uri);
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    let body = match body {
        Some(b) => Body::from(b.to_string()),
        None => Body::empty(),
    };
    let response = app
        .router
        .clone()
        .oneshot(request.body(body).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

fn fields(body: &Value) -> Vec<String> {
    body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_owned())
        .collect()
}

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
    let app = app().await;
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

#[tokio::test]
async fn the_call_flow_is_shown_and_simulated_for_visible_extensions_only() {
    let app = app().await;
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
