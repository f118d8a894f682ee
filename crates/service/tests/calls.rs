//! Call records from the nodes' CDRs, and the call-control check, on the
//! store: CDRs landed in `asterisk_cdr` (as `cdr_pgsql` writes them) are
//! stored once each whichever instance drains them, untagged ones are
//! dropped, and the limit check answers without a limit or refuses what
//! it cannot check.

mod support;

use pbx_service::calls::{CallCheck, CallQuery, Verdict};
use pbx_service::{Actor, Role, ServiceError};
use pbx_store::cdr_landing::{LandedCdr, land};
use serde_json::json;

/// A CDR of ACME's 100 calling `dialled` (`ext`) or 101 (`int`).
fn cdr(n: usize, direction: &str, dialled: &str) -> LandedCdr {
    LandedCdr {
        start: 1_796_000_000 + n as i64,
        answer: 1_796_000_005 + n as i64,
        end: 1_796_000_065 + n as i64,
        duration: 65,
        billsec: 60,
        src: "100".into(),
        dst: dialled.into(),
        channel: "PJSIP/100-ACME-00000001".into(),
        dstchannel: "PJSIP/carrier-00000002".into(),
        disposition: "ANSWERED".into(),
        uniqueid: format!("1796000000.{n}"),
        linkedid: format!("1796000000.{n}"),
        pbx_tenant: "ACME".into(),
        pbx_ext: "100".into(),
        pbx_direction: direction.into(),
        pbx_node: "ast1".into(),
        pbx_dialled: dialled.into(),
        pbx_recording: String::new(),
        pbx_voicemail: String::new(),
    }
}

async fn postgres_service() -> Option<pbx_service::Service> {
    for (backend, service, _dir) in support::backends().await {
        if backend == "postgres" {
            support::tenant(&service, "ACME", 10).await;
            return Some(service);
        }
    }
    None
}

#[tokio::test]
async fn cdrs_drained_by_two_instances_at_once_become_one_record_each() {
    let Some(service) = postgres_service().await else {
        return;
    };
    let mut conn = service.store().conn().await.unwrap();
    for n in 0..2_500 {
        land(&mut conn, &cdr(n, "ext", "02079460000"))
            .await
            .unwrap();
    }
    drop(conn);
    let drain = |service: pbx_service::Service| async move {
        let mut stored = 0;
        loop {
            let done = service.ingest_cdrs().await.unwrap();
            if done.stored + done.untagged == 0 {
                return stored;
            }
            stored += done.stored;
        }
    };
    let (a, b) = tokio::join!(
        tokio::spawn(drain(service.clone())),
        tokio::spawn(drain(service.clone()))
    );
    assert_eq!(a.unwrap() + b.unwrap(), 2_500);
    let query = CallQuery {
        limit: Some("1000".into()),
        ..CallQuery::default()
    };
    let mut seen = std::collections::BTreeSet::new();
    for page in 0..3 {
        let query = CallQuery {
            offset: Some((page * 1000).to_string()),
            ..query.clone()
        };
        for record in service
            .list_calls(&Actor::cli(), "ACME", &query)
            .await
            .unwrap()
        {
            assert!(seen.insert(record.record.uniqueid.clone()), "stored twice");
            assert_eq!(record.record.direction, "outbound");
            assert_eq!(record.record.extension, "100");
            assert_eq!(record.record.callee, "02079460000");
            assert_eq!(record.record.amount, None, "no rate table: unpriced");
        }
    }
    assert_eq!(seen.len(), 2_500);
}

#[tokio::test]
async fn directions_follow_the_tags_and_untagged_cdrs_are_dropped() {
    let Some(service) = postgres_service().await else {
        return;
    };
    let mut conn = service.store().conn().await.unwrap();
    land(&mut conn, &cdr(1, "int", "101")).await.unwrap();
    let mut inbound = cdr(2, "int", "101");
    inbound.pbx_ext = String::new();
    inbound.src = "+441234567890".into();
    land(&mut conn, &inbound).await.unwrap();
    let mut untagged = cdr(3, "", "");
    untagged.pbx_tenant = String::new();
    land(&mut conn, &untagged).await.unwrap();
    let mut stranger = cdr(4, "ext", "5551234");
    stranger.pbx_tenant = "NOSUCH".into();
    land(&mut conn, &stranger).await.unwrap();
    drop(conn);
    let done = service.ingest_cdrs().await.unwrap();
    assert_eq!((done.stored, done.untagged), (2, 2));
    let records = service
        .list_calls(&Actor::cli(), "ACME", &CallQuery::default())
        .await
        .unwrap();
    let shape: Vec<(&str, &str, &str)> = records
        .iter()
        .map(|r| {
            let r = &r.record;
            (
                r.direction.as_str(),
                r.extension.as_str(),
                r.caller.as_str(),
            )
        })
        .collect();
    assert_eq!(
        shape,
        [
            ("inbound", "101", "+441234567890"),
            ("internal", "100", "100")
        ]
    );
    let inbound_only = CallQuery {
        direction: Some("inbound".into()),
        ..CallQuery::default()
    };
    let only = service
        .list_calls(&Actor::cli(), "ACME", &inbound_only)
        .await
        .unwrap();
    assert_eq!(only.len(), 1);
}

#[tokio::test]
async fn a_sqlite_database_has_no_landing_table_and_ingests_nothing() {
    let (backend, service, _dir) = support::backends().await.remove(0);
    assert_eq!(backend, "sqlite");
    let done = service.ingest_cdrs().await.unwrap();
    assert_eq!((done.stored, done.untagged), (0, 0));
}

fn check(extension: &str, dialled: &str) -> CallCheck {
    CallCheck {
        tenant: "ACME".into(),
        extension: extension.into(),
        dialled: dialled.into(),
        node: "ast1".into(),
        channel: "PJSIP/100-ACME-00000001".into(),
        uniqueid: "1796000000.1".into(),
    }
}

#[tokio::test]
async fn the_limit_check_allows_unlimited_calls_and_refuses_what_it_cannot_check() {
    for (backend, service, _dir) in support::backends().await {
        support::tenant(&service, "ACME", 10).await;
        let cli = Actor::cli();
        for (number, settings) in [
            ("100", json!({})),
            ("101", json!({"max_call_duration": 90})),
            ("102", json!({"daily_cost_limit": 5})),
        ] {
            let mut input = support::input("pjsip", number, "User");
            input.settings_json = Some(settings);
            service
                .create_extension(&cli, "ACME", &input)
                .await
                .unwrap();
        }
        let verdict = |c: CallCheck| {
            let service = service.clone();
            async move { service.check_outbound_call(&c).await.unwrap() }
        };
        assert_eq!(
            verdict(check("100", "02079460000")).await,
            Verdict::Allow { seconds: None },
            "{backend}"
        );
        assert_eq!(
            verdict(check("101", "02079460000")).await,
            Verdict::Allow { seconds: Some(90) },
            "{backend}: the max duration becomes the timeout"
        );
        for refused in [
            check("102", "02079460000"),
            check("199", "02079460000"),
            check("100", "0207,Hangup"),
            check("1x0", "02079460000"),
            CallCheck {
                tenant: "NOSUCH".into(),
                ..check("100", "02079460000")
            },
        ] {
            let shown = format!("{refused:?}");
            assert!(
                matches!(verdict(refused).await, Verdict::Refuse { .. }),
                "{backend}: {shown}"
            );
        }
    }
}

#[tokio::test]
async fn calls_are_shown_only_to_who_may_see_the_tenant_and_bad_filters_are_named() {
    for (backend, service, _dir) in support::backends().await {
        support::tenant(&service, "ACME", 10).await;
        support::tenant(&service, "OTHER", 10).await;
        let other = {
            let mut a = Actor::cli();
            a.role = Role::TenantAdmin;
            a.tenants = vec!["OTHER".into()];
            a
        };
        let denied = service
            .list_calls(&other, "ACME", &CallQuery::default())
            .await;
        assert!(
            matches!(
                denied,
                Err(ServiceError::Forbidden(_) | ServiceError::NotFound(_))
            ),
            "{backend}: {denied:?}"
        );
        let bad = CallQuery {
            direction: Some("up".into()),
            ..CallQuery::default()
        };
        assert!(matches!(
            service.list_calls(&Actor::cli(), "ACME", &bad).await,
            Err(ServiceError::Invalid(_))
        ));
        let spend = service
            .spend_per_day(&Actor::cli(), "ACME", None, 7)
            .await
            .unwrap();
        assert_eq!(spend.len(), 7, "{backend}: every day, spent or not");
        assert!(spend.iter().all(|(_, a)| *a == 0));
        assert!(spend.windows(2).all(|w| w[1].0 - w[0].0 == 86_400));
    }
}

#[tokio::test]
async fn a_limited_call_is_granted_what_its_budget_pays_for_and_held_against_the_next() {
    for (backend, service, _dir) in support::backends().await {
        support::tenant(&service, "ACME", 10).await;
        let cli = Actor::cli();
        let table = service
            .create_object(
                &cli,
                "ACME",
                pbx_domain::values::ObjectKind::RateTable,
                "Std",
                "",
            )
            .await
            .unwrap();
        let rate = pbx_service::rating::RateInput {
            prefix: "44".into(),
            description: String::new(),
            per_minute: "6.00".into(),
            connection_fee: "0.50".into(),
            billing: "1/1".into(),
        };
        service
            .replace_rates(&cli, "ACME", table.id, &[rate])
            .await
            .unwrap();
        let mut input = support::input("pjsip", "100", "User");
        input.settings_json = Some(json!({"daily_cost_limit": 1, "call_rate": table.id}));
        service
            .create_extension(&cli, "ACME", &input)
            .await
            .unwrap();
        let first = service
            .check_outbound_call(&check("100", "442079460000"))
            .await
            .unwrap();
        assert_eq!(first, Verdict::Allow { seconds: Some(5) }, "{backend}");
        let parallel = CallCheck {
            uniqueid: "1796000000.2".into(),
            ..check("100", "442079460000")
        };
        let second = service.check_outbound_call(&parallel).await.unwrap();
        assert!(
            matches!(second, Verdict::Refuse { .. }),
            "{backend}: the first call holds the whole budget: {second:?}"
        );
        let unrated = service
            .check_outbound_call(&check("100", "33144556677"))
            .await
            .unwrap();
        assert!(matches!(unrated, Verdict::Refuse { .. }), "{backend}");
    }
}

#[tokio::test]
async fn a_missed_call_is_mailed_as_each_extension_asked() {
    let Some(service) = postgres_service().await else {
        return;
    };
    let cli = Actor::cli();
    for (number, settings) in [
        (
            "101",
            json!({"missed_call_notify": "all", "user_email": "ann@example.com"}),
        ),
        (
            "102",
            json!({"missed_call_notify": "external", "missed_call_email": "desk@example.com"}),
        ),
        (
            "103",
            json!({"missed_call_notify": "all", "missed_ignore_internal": true, "user_email": "bo@example.com"}),
        ),
        ("104", json!({"user_email": "off@example.com"})),
    ] {
        let mut input = support::input("pjsip", number, "User");
        input.settings_json = Some(settings);
        service
            .create_extension(&cli, "ACME", &input)
            .await
            .unwrap();
    }
    let mut conn = service.store().conn().await.unwrap();
    let mut n = 10;
    let mut miss = |callee: &str, inbound: bool| {
        n += 1;
        let mut c = cdr(n, "int", callee);
        c.disposition = "NO ANSWER".into();
        c.billsec = 0;
        if inbound {
            c.pbx_ext = String::new();
            c.src = "+441234567890".into();
        }
        c
    };
    let landed = [
        miss("101", false),
        miss("101", true),
        miss("102", false),
        miss("102", true),
        miss("103", false),
        miss("103", true),
        miss("104", true),
    ];
    for c in &landed {
        land(&mut conn, c).await.unwrap();
    }
    // Answered: no mail.
    land(&mut conn, &cdr(99, "int", "101")).await.unwrap();
    drop(conn);
    service.ingest_cdrs().await.unwrap();
    let queued = service.mail_queue(&cli, Some("ACME")).await.unwrap();
    let mut sent: Vec<(String, String)> = queued
        .iter()
        .map(|m| (m.mail.kind.clone(), m.mail.recipients.join(",")))
        .collect();
    sent.sort();
    let want = |to: &str| ("missed_call".to_owned(), to.to_owned());
    assert_eq!(
        sent,
        [
            want("ann@example.com"),
            want("ann@example.com"),
            want("bo@example.com"),
            want("desk@example.com"),
        ]
    );
    let subject = &queued
        .iter()
        .find(|m| m.mail.recipients[0] == "desk@example.com")
        .unwrap()
        .mail
        .subject;
    assert_eq!(subject, "Missed call from +441234567890 on 102");
}
