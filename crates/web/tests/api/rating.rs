//! `/api/v1/tenants/{code}/rate-tables`: create, list, rates as JSON, CSV
//! import (all or nothing) and export, delete; another tenant's
//! administrator sees none of it.

use axum::http::{Method, StatusCode};
use pbx_testkit::app::TestApp;
use pbx_testkit::data::{TestTenant, TestUser};
use serde_json::{Value, json};

use crate::support::ADMIN_PASSWORD;

const CSV: &str = "prefix,description,per_minute,connection_fee,billing\r\n44,UK,0.0125,0.05,60/60\r\n4479,UK mobile,0.10,0,30/6\r\n";

async fn world() -> (TestApp, String) {
    let app = TestApp::builder()
        .admin(ADMIN_PASSWORD)
        .tenant(TestTenant::new("ACME").named("Acme").limit(10))
        .tenant(TestTenant::new("OTHER").named("Other").limit(10))
        .user(TestUser::tenant_admin("ann", &["ACME"]))
        .user(TestUser::tenant_admin("olga", &["OTHER"]))
        .build()
        .await;
    let token = app.token("ann").await;
    (app, token)
}

async fn create_table(app: &TestApp, token: &str, name: &str) -> i64 {
    let answer = app
        .post("/api/v1/tenants/ACME/rate-tables")
        .bearer(token)
        .json(&json!({"name": name, "note": "EUR"}))
        .send()
        .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text());
    answer.json()["id"].as_i64().unwrap()
}

#[tokio::test]
async fn a_tenant_admin_imports_reads_and_exports_the_rates_of_a_table() {
    let (app, token) = world().await;
    let id = create_table(&app, &token, "Retail").await;
    let uri = format!("/api/v1/tenants/ACME/rate-tables/{id}");
    let imported = app
        .post(&format!("{uri}/import"))
        .bearer(&token)
        .header("content-type", "text/csv")
        .body(CSV)
        .send()
        .await;
    assert_eq!(imported.status, StatusCode::OK, "{}", imported.text());
    assert_eq!(imported.json(), json!({"rates": 2}));

    let rates = app
        .get(&format!("{uri}/rates"))
        .bearer(&token)
        .send()
        .await
        .json();
    assert_eq!(
        rates["rates"][1],
        json!({"prefix": "4479", "description": "UK mobile", "per_minute": "0.10", "connection_fee": "0.00", "billing": "30/6"})
    );
    let list = app
        .get("/api/v1/tenants/ACME/rate-tables")
        .bearer(&token)
        .send()
        .await
        .json();
    assert_eq!(
        list["items"][0],
        json!({"id": id, "name": "Retail", "note": "EUR", "rates": 2})
    );

    let export = app
        .get(&format!("{uri}/export"))
        .bearer(&token)
        .send()
        .await;
    assert_eq!(export.status, StatusCode::OK);
    assert!(export.content_type().starts_with("text/csv"));
    assert!(
        export
            .header("content-disposition")
            .contains("ACME-rates-Retail.csv")
    );
    assert!(
        export.text().contains("4479,UK mobile,0.10,0.00,30/6"),
        "{}",
        export.text()
    );
}

#[tokio::test]
async fn a_csv_with_a_bad_row_is_refused_whole_with_row_and_field() {
    let (app, token) = world().await;
    let id = create_table(&app, &token, "Retail").await;
    let uri = format!("/api/v1/tenants/ACME/rate-tables/{id}");
    let refused = app
        .post(&format!("{uri}/import"))
        .bearer(&token)
        .header("content-type", "text/csv")
        .body("prefix,per_minute\n44,0.1\n45,0.123456\n")
        .send()
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.text()
    );
    let errors = refused.json()["errors"].clone();
    assert_eq!(errors[0]["field"], "rows[3].per_minute", "{errors}");
    let rates = app
        .get(&format!("{uri}/rates"))
        .bearer(&token)
        .send()
        .await
        .json();
    assert_eq!(rates["rates"], json!([]));
}

#[tokio::test]
async fn put_replaces_every_rate_and_names_the_bad_one() {
    let (app, token) = world().await;
    let id = create_table(&app, &token, "Retail").await;
    let uri = format!("/api/v1/tenants/ACME/rate-tables/{id}/rates");
    let rate = json!({"prefix": "+33", "description": "France", "per_minute": "0.02", "connection_fee": "", "billing": "60/60"});
    let bad = json!({"prefix": "33a", "description": "", "per_minute": "0.02", "connection_fee": "", "billing": ""});
    let refused = app
        .request(Method::PUT, &uri)
        .bearer(&token)
        .json(&json!({"rates": [rate, bad]}))
        .send()
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.json()["errors"][0]["field"], "rates[1].prefix");
    let stored = app
        .request(Method::PUT, &uri)
        .bearer(&token)
        .json(&json!({"rates": [rate]}))
        .send()
        .await;
    assert_eq!(stored.status, StatusCode::OK, "{}", stored.text());
    assert_eq!(stored.json()["rates"][0]["prefix"], "33");
}

#[tokio::test]
async fn the_extension_call_rate_takes_a_rate_table_id_and_refuses_anything_else() {
    let (app, token) = world().await;
    let id = create_table(&app, &token, "Retail").await;
    let create = |call_rate: Value| json!({"kind": "sip", "number": "100", "settings": {"call_rate": call_rate}});
    let refused = app
        .post("/api/v1/tenants/ACME/extensions")
        .bearer(&token)
        .json(&create(json!(id + 1000)))
        .send()
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused.json()["errors"][0]["field"],
        "settings.outbound.call_rate"
    );
    let created = app
        .post("/api/v1/tenants/ACME/extensions")
        .bearer(&token)
        .json(&create(json!(id)))
        .send()
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    let delete = app
        .request(
            Method::DELETE,
            &format!("/api/v1/tenants/ACME/rate-tables/{id}"),
        )
        .bearer(&token)
        .send()
        .await;
    assert_eq!(
        delete.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "still used by 100"
    );
}

#[tokio::test]
async fn another_tenants_admin_gets_404_for_every_rate_route() {
    let (app, token) = world().await;
    let id = create_table(&app, &token, "Retail").await;
    let olga = app.token("olga").await;
    let base = format!("/api/v1/tenants/ACME/rate-tables/{id}");
    for (method, uri) in [
        (Method::GET, "/api/v1/tenants/ACME/rate-tables".to_owned()),
        (Method::GET, format!("{base}/rates")),
        (Method::PUT, format!("{base}/rates")),
        (Method::GET, format!("{base}/export")),
        (Method::POST, format!("{base}/import")),
        (Method::DELETE, base.clone()),
    ] {
        let answer = app
            .request(method.clone(), &uri)
            .bearer(&olga)
            .header("content-type", "text/csv")
            .body(CSV)
            .send()
            .await;
        assert!(
            matches!(answer.status, StatusCode::NOT_FOUND | StatusCode::FORBIDDEN),
            "{method} {uri}: {}",
            answer.status
        );
    }
    let own_tenant = app
        .get(&format!("/api/v1/tenants/OTHER/rate-tables/{id}/rates"))
        .bearer(&olga)
        .send()
        .await;
    assert_eq!(
        own_tenant.status,
        StatusCode::NOT_FOUND,
        "the id is not OTHER's"
    );
}
