//! The audit log: an entry for each kind of change (extensions, tenants,
//! objects, users, a shown secret), secrets redacted, per-extension reads
//! for restricted admins, JSON and CSV export, and escaped pages.

use serde_json::json;

use crate::support::*;

#[tokio::test]
async fn every_kind_of_change_is_audited_and_exported() {
    let w = world().await;
    let admin = w.token("admin").await;
    let calls = [
        (
            "POST",
            "/api/v1/tenants/CANISTRACCI/extensions",
            json!({"kind": "sip", "number": "150", "secret": "Zq9-secret-77"}),
        ),
        (
            "PATCH",
            "/api/v1/tenants/CANISTRACCI/extensions/150",
            json!({"name": "Lobby", "version": 1}),
        ),
        (
            "DELETE",
            "/api/v1/tenants/CANISTRACCI/extensions/150",
            json!(null),
        ),
        (
            "PATCH",
            "/api/v1/tenants/CANISTRACCI",
            json!({"name": "Canistracci Oil SpA"}),
        ),
        (
            "POST",
            "/api/v1/tenants/CANISTRACCI/objects",
            json!({"kind": "language", "name": "Audit", "value": "it"}),
        ),
        (
            "POST",
            "/api/v1/users",
            json!({"username": "desk", "password": PASSWORD, "role": "tenant_admin", "tenants": ["CANISTRACCI"]}),
        ),
        (
            "PATCH",
            "/api/v1/users/desk",
            json!({"permissions": ["export"]}),
        ),
        ("DELETE", "/api/v1/users/desk", json!(null)),
        (
            "GET",
            "/api/v1/tenants/CANISTRACCI/extensions/101",
            json!(null),
        ),
    ];
    for (method, uri, body) in calls {
        let body = (!body.is_null()).then_some(body);
        let (status, _, value) = w.call(method, uri, Auth::Bearer(&admin), body).await;
        assert!(status < 300, "{method} {uri}: {status} {value}");
    }
    let (status, _, log) = w
        .call(
            "GET",
            "/api/v1/tenants/CANISTRACCI/audit",
            Auth::Bearer(&admin),
            None,
        )
        .await;
    assert_eq!(status, 200);
    let actions: Vec<&str> = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    for kind in [
        "create",
        "update",
        "delete",
        "tenant_update",
        "object_create",
        "reveal_secret",
    ] {
        assert!(actions.contains(&kind), "{kind} missing in {actions:?}");
    }
    assert!(
        !log.to_string().contains("Zq9-secret-77"),
        "secrets are redacted"
    );
    assert!(log.to_string().contains("[\"\",\"Lobby\"]") || log.to_string().contains("Lobby"));
    let mut conn = w.service.store().conn().await.unwrap();
    let user_actions: Vec<String> =
        sqlx::query_scalar("SELECT action FROM audit_log WHERE tenant_code = '' ORDER BY id")
            .fetch_all(&mut *conn)
            .await
            .unwrap();
    assert_eq!(user_actions, ["user_create", "user_update", "user_delete"]);

    let (status, headers, csv) = w
        .call(
            "GET",
            "/api/v1/tenants/CANISTRACCI/audit?number=150&format=csv",
            Auth::Bearer(&admin),
            None,
        )
        .await;
    assert_eq!(status, 200);
    assert!(
        headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let csv = csv.as_str().unwrap();
    assert!(csv.starts_with("id,at,actor,source,tenant,extension,action,changes"));
    assert_eq!(csv.lines().count(), 4, "{csv}");
}

#[tokio::test]
async fn a_restricted_admin_reads_only_the_history_of_assigned_extensions() {
    let w = world().await;
    let admin = w.token("admin").await;
    for number in ["100", "101"] {
        let uri = format!("/api/v1/tenants/CANISTRACCI/extensions/{number}");
        let (_, _, current) = w.call("GET", &uri, Auth::Bearer(&admin), None).await;
        let body = json!({"description": "audited", "version": current["version"]});
        let (status, _, _) = w
            .call("PATCH", &uri, Auth::Bearer(&admin), Some(body))
            .await;
        assert_eq!(status, 200);
    }
    let clerk = w.token("clerk").await;
    let (_, _, log) = w
        .call(
            "GET",
            "/api/v1/tenants/CANISTRACCI/audit",
            Auth::Bearer(&clerk),
            None,
        )
        .await;
    let numbers: Vec<&str> = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["extension"].as_str().unwrap())
        .collect();
    assert!(
        !numbers.is_empty() && numbers.iter().all(|n| *n == "101"),
        "{numbers:?}"
    );
}

#[tokio::test]
async fn hostile_names_are_escaped_on_the_audit_users_and_account_pages() {
    let w = world().await;
    let hostile = "<script>alert(1)</script>\"'{{x}}";
    let admin = w.token("admin").await;
    let (_, _, current) = w
        .call(
            "GET",
            "/api/v1/tenants/CANISTRACCI/extensions/100",
            Auth::Bearer(&admin),
            None,
        )
        .await;
    let body = json!({"name": hostile, "description": hostile, "version": current["version"]});
    let (status, _, _) = w
        .call(
            "PATCH",
            "/api/v1/tenants/CANISTRACCI/extensions/100",
            Auth::Bearer(&admin),
            Some(body),
        )
        .await;
    assert_eq!(status, 200);
    let user = json!({"username": "<b>x\"'{{y}}", "password": PASSWORD, "role": "restricted_admin",
        "extensions": ["CANISTRACCI:100"]});
    let (status, _, _) = w
        .call("POST", "/api/v1/users", Auth::Bearer(&admin), Some(user))
        .await;
    assert_eq!(status, 201);
    let (cookie, _) = w.session("admin").await;
    for uri in [
        "/tenants/CANISTRACCI/audit",
        "/tenants/CANISTRACCI/audit?number=100",
        "/users",
        "/account",
    ] {
        let (status, html) = w.page(uri, &cookie).await;
        assert_eq!(status, 200, "{uri}");
        assert!(
            !html.contains("<script>alert(1)"),
            "{uri}: unescaped script"
        );
        assert!(!html.contains("<b>x"), "{uri}: unescaped user name");
        assert!(!html.contains("\"'{{"), "{uri}: unescaped quotes");
    }
    let (_, html) = w.page("/users/%3Cb%3Ex%22'%7B%7By%7D%7D", &cookie).await;
    assert!(!html.contains("<b>x"));
}
