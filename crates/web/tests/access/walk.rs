//! The adversarial walk: every route of `ROUTES` and `UI_ROUTES`, called by
//! nobody, by an expired session, by another tenant's admin, by a
//! restricted admin and with a missing or wrong CSRF token, answers
//! 401/303/403/404 and leaves every configuration table as it was. A route
//! missing from [`class`] fails the walk, so new routes need a decision.

use serde_json::{Value, json};

use crate::support::*;

/// Who a route is for.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Class {
    /// No session needed.
    Public,
    /// The caller's own account or preferences (any signed-in user).
    SelfService,
    /// Account management.
    Users,
    /// A tenant's data.
    Tenant,
    /// Super administrators only: Asterisk nodes, creating tenants.
    SuperOnly,
}

fn class(path: &str) -> Class {
    match path {
        "/healthz"
        | "/api/v1/openapi.json"
        | "/api/v1/auth/token"
        | "/login"
        | "/static/{file}"
        | "/provision/{token}" => Class::Public,
        p if p.starts_with("/api/v1/auth/") || p.starts_with("/account") => Class::SelfService,
        "/" | "/logout" | "/tenant" | "/tenants" | "/tenants/{code}/extensions/prefs" => {
            Class::SelfService
        }
        "/tenants/new" => Class::SuperOnly,
        p if p.starts_with("/api/v1/users") || p.starts_with("/users") => Class::Users,
        p if p.starts_with("/api/v1/tenants") || p.starts_with("/tenants/{code}") => Class::Tenant,
        p if p.starts_with("/api/v1/nodes") => Class::SuperOnly,
        p if p.starts_with("/api/v1/mail") || p.starts_with("/mail") => Class::SuperOnly,
        other => panic!("route {other} has no access class: add it to the walk"),
    }
}

/// A body that would do harm if the checks let it through.
fn hostile_body(path: &str) -> Value {
    if path.starts_with("/api/v1/users") {
        return json!({"username": "mallory", "password": PASSWORD, "role": "super_admin"});
    }
    if path.ends_with("bulk-create") {
        return json!({"first": "150", "last": "151", "kind": "sip"});
    }
    if path.ends_with("bulk-delete") {
        return json!({"numbers": ["100"], "force": true});
    }
    if path.ends_with("bulk-change-stack") {
        return json!({"numbers": ["100"], "target": "pjsip"});
    }
    if path.ends_with("/objects") {
        return json!({"kind": "language", "name": "pwn", "value": "en"});
    }
    if path.ends_with("/objects/{id}") {
        return json!({"name": "pwn", "value": "en"});
    }
    if path == "/api/v1/tenants" {
        return json!({"code": "EVIL", "name": "Evil"});
    }
    if path.starts_with("/api/v1/nodes") {
        return json!({"name": "evil", "output_dir": "/tmp/evil", "ami_secret": "pwned-secret", "ami_host": "203.0.113.9"});
    }
    json!({"kind": "sip", "number": "150", "name": "pwned", "version": 1})
}

const FORM: &[(&str, &str)] = &[
    ("name", "pwned"),
    ("kind", "sip"),
    ("number", "150"),
    ("first", "150"),
    ("last", "151"),
    ("numbers", "100"),
    ("action", "delete"),
    ("username", "mallory"),
    ("password", PASSWORD),
    ("role", "super_admin"),
    ("tenant", "CANISTRACCI"),
    ("version", "1"),
];

fn is_api(path: &str) -> bool {
    path.starts_with("/api/") || path == "/healthz"
}

fn routes() -> impl Iterator<Item = (&'static str, &'static str)> {
    pbx_web::ROUTES
        .iter()
        .map(|(m, p)| (*m, p.as_str()))
        .chain(pbx_web::UI_ROUTES.iter().copied())
}

/// One request of the walk; `number` is the extension aimed at.
async fn hit(
    w: &World,
    method: &str,
    path: &str,
    number: &str,
    auth: Auth<'_>,
    csrf_field: Option<&str>,
) -> u16 {
    let mut uri = fill(path, number);
    if path.ends_with("/audit") {
        uri.push_str(&format!("?number={number}"));
    }
    if is_api(path) {
        let body = (method != "GET" && method != "DELETE").then(|| hostile_body(path));
        return w.call(method, &uri, auth, body).await.0;
    }
    let cookie = match auth {
        Auth::Cookie(c, _) => Some(c),
        _ => None,
    };
    if method == "GET" {
        return match cookie {
            Some(c) => w.page(&uri, c).await.0,
            None => w.call("GET", &uri, Auth::None, None).await.0,
        };
    }
    let mut fields = FORM.to_vec();
    if let Some(csrf) = csrf_field {
        fields.push(("csrf", csrf));
    }
    w.post_form(&uri, cookie, &fields).await.0
}

#[tokio::test]
async fn nobody_and_expired_sessions_are_turned_away_everywhere() {
    let w = world().await;
    let (cookie, csrf) = w.session("admin").await;
    let mut conn = w.service.store().conn().await.unwrap();
    sqlx::query("UPDATE api_tokens SET expires_at = 1")
        .execute(&mut *conn)
        .await
        .unwrap();
    drop(conn);
    let before = w.snapshot().await;
    for (method, path) in routes().filter(|(_, p)| class(p) != Class::Public) {
        let expected = if is_api(path) { 401 } else { 303 };
        let status = hit(&w, method, path, "100", Auth::None, None).await;
        assert_eq!(status, expected, "{method} {path} without a session");
        let expired = Auth::Cookie(&cookie, Some(&csrf));
        let status = hit(&w, method, path, "100", expired, Some(&csrf)).await;
        assert_eq!(status, expected, "{method} {path} with an expired session");
    }
    assert_eq!(before, w.snapshot().await, "a refused request changed data");
}

#[tokio::test]
async fn another_tenants_admin_finds_nothing_of_this_tenant() {
    let w = world().await;
    let token = w.token("other").await;
    let (cookie, csrf) = w.session("other").await;
    let before = w.snapshot().await;
    for (method, path) in routes() {
        let expected: &[u16] = match class(path) {
            Class::Public | Class::SelfService => continue,
            Class::Tenant if path.contains("{code}") => &[404],
            Class::Tenant if method == "GET" => &[200],
            Class::Tenant => &[403],
            Class::Users if path.contains("{username}") => &[404],
            Class::Users if method == "GET" => &[200],
            Class::Users | Class::SuperOnly => &[403],
        };
        let auth = if is_api(path) {
            Auth::Bearer(&token)
        } else {
            Auth::Cookie(&cookie, None)
        };
        let status = hit(&w, method, path, "100", auth, Some(&csrf)).await;
        assert!(expected.contains(&status), "{method} {path}: {status}");
    }
    let (_, _, tenants) = w
        .call("GET", "/api/v1/tenants", Auth::Bearer(&token), None)
        .await;
    assert!(!tenants.to_string().contains("CANISTRACCI"));
    let (_, _, users) = w
        .call("GET", "/api/v1/users", Auth::Bearer(&token), None)
        .await;
    assert_eq!(users["total"], 0, "{users}");
    assert_eq!(before, w.snapshot().await, "a refused request changed data");
}

#[tokio::test]
async fn a_restricted_admin_reaches_only_the_assigned_extension() {
    let w = world().await;
    let token = w.token("clerk").await;
    let (cookie, csrf) = w.session("clerk").await;
    let before = w.snapshot().await;
    for (method, path) in routes() {
        let expected: &[u16] = match class(path) {
            Class::Public | Class::SelfService => continue,
            Class::Tenant if path.contains("{number}") || path.ends_with("/audit") => &[404],
            // Restricted admins may switch their own extensions: 200 with
            // a per-number "not found" for the others.
            Class::Tenant if path.ends_with("bulk-change-stack") => &[200],
            // Restricted admins with `import` may update their own
            // extensions from a file: the upload is read (a JSON body or a
            // form without a file is no file: 415 / 422) ...
            Class::Tenant if path.ends_with("/imports") && method == "POST" => &[415, 422],
            // ... and apply only their own uploads: none has this id.
            Class::Tenant if path.ends_with("/apply") => &[404],
            // No call has this id: its recording is not found.
            Class::Tenant if path.ends_with("/recording") => &[404],
            Class::Tenant if method == "GET" => &[200, 403],
            Class::Tenant => &[403],
            Class::Users | Class::SuperOnly => &[403],
        };
        let auth = if is_api(path) {
            Auth::Bearer(&token)
        } else {
            Auth::Cookie(&cookie, None)
        };
        let status = hit(&w, method, path, "100", auth, Some(&csrf)).await;
        assert!(expected.contains(&status), "{method} {path}: {status}");
    }
    let (_, _, list) = w
        .call(
            "GET",
            "/api/v1/tenants/CANISTRACCI/extensions",
            Auth::Bearer(&token),
            None,
        )
        .await;
    assert_eq!(list["total"], 1, "{list}");
    assert_eq!(before, w.snapshot().await, "a refused request changed data");
}

#[tokio::test]
async fn a_change_without_the_right_csrf_token_is_refused() {
    let w = world().await;
    let (cookie, csrf) = w.session("admin").await;
    let wrong = "0".repeat(csrf.len());
    let before = w.snapshot().await;
    for (method, path) in routes().filter(|(m, _)| *m != "GET") {
        if class(path) == Class::Public && path != "/login" {
            continue;
        }
        for sent in [None, Some(wrong.as_str())] {
            let status = hit(&w, method, path, "101", Auth::Cookie(&cookie, sent), sent).await;
            assert_eq!(status, 403, "{method} {path} with csrf {sent:?}");
        }
    }
    assert_eq!(before, w.snapshot().await, "a refused request changed data");
}
