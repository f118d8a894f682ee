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
    assert!(lines[1].ends_with(",44,1.2500,,"), "{csv}");

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

#[tokio::test]
async fn an_administrator_locks_and_unlocks_an_extension_from_its_page() {
    let app = app().await;
    let admin = app.admin().await;
    let page = "/tenants/CANISTRACCI/extensions/100";
    let (_, before) = app.get(Some(&admin), page).await;
    assert!(before.contains("id=\"lock-panel\"") && !before.contains("id=\"locked\""));
    let (status, _) = app
        .post(
            &admin,
            &format!("{page}/lock"),
            &[("reason", "<b>fraud</b> suspected")],
            true,
        )
        .await;
    assert_eq!(status, 303);
    let (_, locked) = app.get(Some(&admin), page).await;
    assert!(locked.contains("id=\"locked\""), "{locked}");
    let banner = locked.split("id=\"locked\"").nth(1).unwrap_or_default();
    assert!(
        banner.contains("fraud") && !banner.contains("<b>fraud"),
        "escaped: {banner}"
    );
    assert!(locked.contains("by boss"), "{locked}");
    let (_, list) = app
        .get(Some(&admin), "/tenants/CANISTRACCI/extensions")
        .await;
    let row = list.split("data-number=\"100\"").nth(1).unwrap_or_default();
    let row = row.split("</tr>").next().unwrap_or_default();
    assert!(
        row.contains("data-flag=\"locked\""),
        "the list shows the lock"
    );
    let other = list.split("data-number=\"101\"").nth(1).unwrap_or_default();
    let other = other.split("</tr>").next().unwrap_or_default();
    assert!(!other.contains("data-flag=\"locked\""));
    let (status, _) = app.post(&admin, &format!("{page}/lock"), &[], false).await;
    assert_eq!(status, 403, "no CSRF token, no lock change");
    let (status, _) = app.post(&admin, &format!("{page}/unlock"), &[], true).await;
    assert_eq!(status, 303);
    let (_, unlocked) = app.get(Some(&admin), page).await;
    assert!(!unlocked.contains("id=\"locked\""));
    let audit = app
        .service
        .audit_entries(&pbx_service::Actor::cli(), "CANISTRACCI", Some("100"))
        .await
        .unwrap();
    let actions: Vec<&str> = audit
        .iter()
        .map(|e| e.action.as_str())
        .filter(|a| a.ends_with("lock"))
        .collect();
    assert_eq!(actions, ["unlock", "lock"]);
}
