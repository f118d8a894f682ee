//! The calls page: a tenant's call records with filters, the 30-day spend
//! chart, the CSV export, and no access from another tenant.

use pbx_store::calls::{NewCallRecord, insert_many};

use pbx_service::{Permission, Role};

use crate::support::{PASSWORD, app};

fn record(
    n: i64,
    direction: &str,
    extension: &str,
    callee: &str,
    amount: Option<i64>,
) -> NewCallRecord {
    let start = pbx_store::now() - 3_600 + n;
    NewCallRecord {
        tenant_id: 0,
        extension: extension.into(),
        direction: direction.into(),
        caller: "100".into(),
        callee: callee.into(),
        started_at: start,
        answered_at: Some(start + 3),
        ended_at: start + 63,
        duration: 63,
        billsec: 60,
        disposition: "ANSWERED".into(),
        node: "ast1".into(),
        uniqueid: format!("1.{n}"),
        linkedid: format!("1.{n}"),
        recording: None,
        rate_prefix: amount.map(|_| "44".into()),
        amount,
    }
}

async fn with_calls() -> crate::support::App {
    let app = app().await;
    let mut conn = app.service.store().conn().await.unwrap();
    let tenant = pbx_store::tenants::by_code(&mut conn, "CANISTRACCI")
        .await
        .unwrap();
    let mut records = vec![
        record(1, "outbound", "100", "=HYPERLINK(\"x\")", Some(12_500)),
        record(2, "internal", "100", "101", None),
        record(3, "inbound", "101", "101", None),
    ];
    for r in &mut records {
        r.tenant_id = tenant.id;
    }
    insert_many(&mut conn, &records).await.unwrap();
    app
}

#[tokio::test]
async fn the_calls_page_lists_filters_and_charts_the_tenants_calls() {
    let app = with_calls().await;
    let admin = app.admin().await;
    let (status, html) = app.get(Some(&admin), "/tenants/CANISTRACCI/calls").await;
    assert_eq!(status, 200, "{html}");
    assert_eq!(html.matches("<tr><td>").count(), 3, "{html}");
    assert!(
        html.contains("Outbound spend, last 30 days: 1.2500"),
        "{html}"
    );
    assert!(html.contains("<title>"), "a bar with its day and amount");
    assert!(!html.contains("=HYPERLINK(\"x\")"), "escaped: {html}");

    let (_, outbound) = app
        .get(
            Some(&admin),
            "/tenants/CANISTRACCI/calls?direction=outbound",
        )
        .await;
    assert_eq!(outbound.matches("<tr><td>").count(), 1, "{outbound}");
    assert!(outbound.contains("1.2500"));
    let (_, of_101) = app
        .get(Some(&admin), "/tenants/CANISTRACCI/calls?extension=101")
        .await;
    assert_eq!(of_101.matches("<tr><td>").count(), 1, "{of_101}");

    let (status, bad) = app
        .get(
            Some(&admin),
            "/tenants/CANISTRACCI/calls?from=2026-02-30&direction=up",
        )
        .await;
    assert_eq!(status, 200);
    assert!(
        bad.contains("from: must be a date such as 2026-12-01"),
        "{bad}"
    );
    assert!(bad.contains("id=\"calls-empty\""), "{bad}");
}

#[tokio::test]
async fn the_csv_export_is_guarded_and_another_tenant_sees_nothing() {
    let app = with_calls().await;
    let admin = app.admin().await;
    let (status, csv) = app
        .get(
            Some(&admin),
            "/api/v1/tenants/CANISTRACCI/calls?format=csv&direction=outbound",
        )
        .await;
    assert_eq!(status, 200, "{csv}");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 2, "{csv}");
    assert!(lines[0].starts_with("id,extension,direction,caller,callee"));
    assert!(
        lines[1].contains("'=HYPERLINK"),
        "formula neutralised: {csv}"
    );
    assert!(lines[1].ends_with(",44,1.2500"), "{csv}");

    app.service
        .create_user(
            "stranger",
            PASSWORD,
            Role::TenantAdmin,
            &Permission::ALL,
            &["OTHER"],
            &[],
        )
        .await
        .unwrap();
    let other = app.sign_in("stranger").await;
    let (status, _) = app.get(Some(&other), "/tenants/CANISTRACCI/calls").await;
    assert!(status == 403 || status == 404, "{status}");
    let (status, _) = app
        .get(Some(&other), "/api/v1/tenants/CANISTRACCI/calls")
        .await;
    assert!(status == 403 || status == 404, "{status}");
}
