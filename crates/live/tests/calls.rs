//! Calls reach pbx as call records, and external calls pass pbx's
//! call-control check: the node writes its CDRs into pbx's PostgreSQL
//! database (`cdr_pgsql`, tagged by the generated dialplan) and asks the
//! FastAGI service in `pbx serve` before each external call.
//!
//! Tenant ACME: 100 places the calls, 101 answers internal ones; the
//! carrier answers external ones.
//!
//! Needs `PBX_TEST_POSTGRES_URL` (`.ci/run` sets it); skips without it
//! unless `PBX_REQUIRE_POSTGRES=1`.

use std::time::Duration;

use pbx_live::outbound::{Outbound, OutboundScene};
use pbx_live::scene::ms;
use pbx_live::sipp::{Answer, CallResult};
use serde_json::{Value, json};

/// ACME with 100 (its `settings`) and 101 on an accounted node.
async fn acme(test: &str, tenant: Value, settings: Value) -> Option<OutboundScene> {
    let mut out = OutboundScene::accounted(test).await?;
    let pbx = &out.scene.pbx;
    pbx.tenant("ACME", tenant).await;
    pbx.extension("ACME", "pjsip", "100", json!({ "settings": settings }))
        .await;
    pbx.extension("ACME", "pjsip", "101", json!({})).await;
    out.scene.start().await;
    Some(out)
}

fn records_of<'a>(calls: &'a Value, direction: &str) -> Vec<&'a Value> {
    calls["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|c| c["direction"] == direction)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_call_becomes_one_record_with_its_direction_and_times() {
    let Some(out) = acme("calls_recorded", json!({}), json!({})).await else {
        return;
    };
    let scene = &out.scene;
    let _callee = scene.phone("ACME", "101", Answer::After(ms(200))).await;
    let caller = scene.endpoint("ACME", "100").await;
    let internal = scene
        .dial(&scene.call(&caller, "101").hold(ms(1_200)))
        .finish(Duration::from_secs(20));
    assert!(
        matches!(internal, CallResult::Answered { .. }),
        "{internal:?}"
    );
    let placed = out
        .place("ACME", "100", "02079460000", |c| c.hold(ms(1_200)))
        .await;
    assert!(matches!(placed.outbound(), Outbound::Routed { .. }));

    let calls = scene
        .pbx
        .call_records("ACME", 2, Duration::from_secs(15))
        .await;
    let all = calls["items"].as_array().expect("a list");
    assert_eq!(all.len(), 2, "one record per call, no more: {calls}");
    let internal = records_of(&calls, "internal");
    let outbound = records_of(&calls, "outbound");
    assert_eq!(internal.len(), 1, "{calls}");
    assert_eq!(outbound.len(), 1, "{calls}");
    for (record, callee) in [(internal[0], "101"), (outbound[0], "02079460000")] {
        assert_eq!(record["extension"], "100", "{record}");
        assert_eq!(record["callee"], callee, "{record}");
        assert_eq!(record["disposition"], "ANSWERED", "{record}");
        assert_eq!(record["node"], "ast1", "{record}");
        let billsec = record["billsec"].as_i64().expect("billsec");
        assert!((1..=3).contains(&billsec), "held about 1.2 s: {record}");
        let (start, end) = (record["started_at"].as_i64(), record["ended_at"].as_i64());
        assert!(start.zip(end).is_some_and(|(s, e)| s <= e), "{record}");
    }
    assert_ne!(internal[0]["uniqueid"], outbound[0]["uniqueid"]);
    // Drained: a second ingest stores nothing again.
    let again = scene
        .pbx
        .call_records("ACME", 3, Duration::from_secs(2))
        .await;
    assert_eq!(again["items"].as_array().map(Vec::len), Some(2), "{again}");
    out.scene.asterisk.assert_clean();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unanswered_internal_call_is_recorded_as_no_answer_for_the_caller() {
    let settings = json!({});
    let Some(out) = acme("calls_unanswered", json!({}), settings).await else {
        return;
    };
    let scene = &out.scene;
    let _callee = scene.phone("ACME", "101", Answer::Never).await;
    let caller = scene.endpoint("ACME", "100").await;
    // No voicemail box: an unanswered call ends unanswered.
    let quiet = json!({"settings": {"ring_timeout": 5, "mwi_enabled": false}});
    scene.pbx.change("ACME", "101", quiet).await;
    scene.apply().await;
    let result = scene
        .dial(&scene.call(&caller, "101"))
        .finish(Duration::from_secs(30));
    assert!(!matches!(result, CallResult::Answered { .. }), "{result:?}");
    let calls = scene
        .pbx
        .call_records("ACME", 1, Duration::from_secs(15))
        .await;
    let internal = records_of(&calls, "internal");
    assert_eq!(internal.len(), 1, "{calls}");
    assert_eq!(internal[0]["disposition"], "NO ANSWER", "{calls}");
    assert_eq!(internal[0]["billsec"], 0, "{calls}");
    assert_eq!(internal[0]["answered_at"], Value::Null, "{calls}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cost_limit_without_a_call_rate_refuses_external_calls_but_not_emergency_ones() {
    let settings = json!({"daily_cost_limit": 5});
    let Some(out) = acme("calls_limit_without_rate", json!({}), settings).await else {
        return;
    };
    let refused = out.place("ACME", "100", "02079460000", |c| c).await;
    assert!(refused.refused(), "{:?}", refused.result);
    let emergency = out.place("ACME", "100", "112", |c| c).await;
    assert!(
        matches!(emergency.outbound(), Outbound::Routed { .. }),
        "emergency calls are never checked: {:?}",
        emergency.result
    );
    let internal_caller = out.scene.endpoint("ACME", "100").await;
    let _callee = out.scene.phone("ACME", "101", Answer::After(ms(100))).await;
    let internal = out
        .scene
        .dial(&out.scene.call(&internal_caller, "101"))
        .finish(Duration::from_secs(20));
    assert!(
        matches!(internal, CallResult::Answered { .. }),
        "internal calls are not checked"
    );
    out.scene.asterisk.assert_clean();
}

/// With pbx's call-control service unreachable, `fallback` decides.
async fn unreachable(test: &str, fallback: &str) -> Option<(bool, bool)> {
    let tenant = json!({ "call_control_fallback": fallback });
    let out = acme(test, tenant, json!({})).await?;
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let address = closed.local_addr().expect("its address").to_string();
    drop(closed);
    let path = format!("/api/v1/nodes/{}", out.scene.node);
    out.scene
        .pbx
        .ok(
            axum::http::Method::PATCH,
            &path,
            Some(json!({"call_control": address})),
        )
        .await;
    out.scene.pbx.apply().await;
    let call = out.place("ACME", "100", "02079460000", |c| c).await;
    let emergency = out.place("ACME", "100", "112", |c| c).await;
    Some((
        matches!(call.outbound(), Outbound::Routed { .. }),
        matches!(emergency.outbound(), Outbound::Routed { .. }),
    ))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_pbx_a_tenant_that_refuses_places_only_emergency_calls() {
    let Some((routed, emergency)) = unreachable("calls_fallback_refuse", "refuse").await else {
        return;
    };
    assert!(!routed, "refused while pbx cannot be asked");
    assert!(emergency, "emergency calls are never checked");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_pbx_a_tenant_that_allows_places_its_calls_unchecked() {
    let Some((routed, emergency)) = unreachable("calls_fallback_allow", "allow").await else {
        return;
    };
    assert!(routed && emergency);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lock_hangs_up_the_running_call_and_refuses_the_next_until_unlocked() {
    let Some(out) = acme("calls_lock", json!({}), json!({})).await else {
        return;
    };
    let scene = &out.scene;
    let caller = scene.endpoint("ACME", "100").await;
    let started = std::time::Instant::now();
    let running = scene.dial(
        &scene
            .call(&caller, "02079460000")
            .hold(Duration::from_secs(20)),
    );
    tokio::time::sleep(Duration::from_secs(3)).await;
    let path = "/api/v1/tenants/ACME/extensions/100/lock";
    let locked = scene
        .pbx
        .ok(
            axum::http::Method::PUT,
            path,
            Some(json!({"reason": "toll fraud suspected"})),
        )
        .await;
    assert_eq!(locked["hung_up"], 1, "{locked}");
    assert_eq!(locked["lock"]["reason"], "toll fraud suspected");
    let result = running.finish(Duration::from_secs(30));
    assert_eq!(
        result,
        CallResult::Answered {
            far_end_hung_up: true
        },
        "the node hung the running call up"
    );
    assert!(
        started.elapsed() < Duration::from_secs(12),
        "cut at the lock, not after 20 s: {:?}",
        started.elapsed()
    );
    let refused = out.place("ACME", "100", "02079460000", |c| c).await;
    assert!(refused.refused(), "{:?}", refused.result);
    let emergency = out.place("ACME", "100", "112", |c| c).await;
    assert!(matches!(emergency.outbound(), Outbound::Routed { .. }));
    let unlocked = scene.pbx.ok(axum::http::Method::DELETE, path, None).await;
    assert_eq!(unlocked["unlocked"], true);
    let again = out.place("ACME", "100", "02079460000", |c| c).await;
    assert!(
        matches!(again.outbound(), Outbound::Routed { .. }),
        "{:?}",
        again.result
    );
    out.scene.asterisk.assert_clean();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_recorded_call_names_its_recording_in_its_record() {
    let settings = json!({"outbound_recording": {"outbound_recording": "always"}});
    let Some(out) = acme("calls_recording", json!({}), settings).await else {
        return;
    };
    let placed = out
        .place("ACME", "100", "02079460000", |c| c.hold(ms(800)))
        .await;
    assert!(matches!(placed.outbound(), Outbound::Routed { .. }));
    let calls = out
        .scene
        .pbx
        .call_records("ACME", 1, Duration::from_secs(15))
        .await;
    let record = &calls["items"][0];
    let uniqueid = record["uniqueid"].as_str().expect("a uniqueid");
    assert_eq!(
        record["recording"],
        format!("{uniqueid}-out.wav"),
        "{record}"
    );
    out.scene.asterisk.assert_clean();
}

/// ACME with rate table "Std" (44: 6.00 a minute, 0.50 to connect, per
/// second) and 100 priced by it under `settings`.
async fn priced(test: &str, settings: Value) -> Option<OutboundScene> {
    let mut out = OutboundScene::accounted(test).await?;
    let pbx = &out.scene.pbx;
    pbx.tenant("ACME", json!({})).await;
    let table = pbx
        .ok(
            axum::http::Method::POST,
            "/api/v1/tenants/ACME/rate-tables",
            Some(json!({"name": "Std"})),
        )
        .await["id"]
        .as_i64()
        .expect("a rate table id");
    let rate = json!({"prefix": "44", "description": "UK", "per_minute": "6.00",
                      "connection_fee": "0.50", "billing": "1/1"});
    pbx.ok(
        axum::http::Method::PUT,
        &format!("/api/v1/tenants/ACME/rate-tables/{table}/rates"),
        Some(json!({ "rates": [rate] })),
    )
    .await;
    let mut settings = settings;
    settings["call_rate"] = json!(table);
    pbx.extension("ACME", "pjsip", "100", json!({ "settings": settings }))
        .await;
    out.scene.start().await;
    Some(out)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_call_is_cut_when_its_budget_runs_out_and_the_next_one_is_refused() {
    // A budget of 1.00: 0.50 to connect leaves 5 seconds at 0.10 a second.
    let Some(out) = priced("calls_budget", json!({"daily_cost_limit": 1})).await else {
        return;
    };
    let placed = out
        .place("ACME", "100", "442079460000", |c| {
            c.hold(Duration::from_secs(30))
        })
        .await;
    assert!(matches!(placed.outbound(), Outbound::Routed { .. }));
    assert_eq!(
        placed.result,
        CallResult::Answered {
            far_end_hung_up: true
        },
        "the node cut the call"
    );
    assert!(
        placed.lasted < Duration::from_secs(10),
        "cut after about 5 s, not held 30 s: {:?}",
        placed.lasted
    );
    let calls = out
        .scene
        .pbx
        .call_records("ACME", 1, Duration::from_secs(15))
        .await;
    let record = &calls["items"][0];
    let billsec = record["billsec"].as_i64().expect("billsec");
    assert!((3..=5).contains(&billsec), "{record}");
    let price = format!(
        "{}.{:04}",
        (5_000 + billsec * 1_000) / 10_000,
        (5_000 + billsec * 1_000) % 10_000
    );
    assert_eq!(record["amount"], price, "0.50 + 0.10 a second: {record}");
    assert_eq!(record["rate_prefix"], "44", "{record}");

    let refused = out.place("ACME", "100", "442079460000", |c| c).await;
    assert!(refused.refused(), "over budget: {:?}", refused.result);
    let emergency = out.place("ACME", "100", "112", |c| c).await;
    assert!(
        matches!(emergency.outbound(), Outbound::Routed { .. }),
        "emergency calls pass"
    );
    let unrated = out.place("ACME", "100", "33144556677", |c| c).await;
    assert!(
        unrated.refused(),
        "a destination without a rate cannot be bounded"
    );
    out.scene.asterisk.assert_clean();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_calls_trips_abuse_detection_and_locks_the_extension() {
    let settings = json!({"abuse_detection": "lock", "abuse_calls_per_minute": 2});
    let Some(out) = priced("calls_abuse", settings).await else {
        return;
    };
    for n in 0..2 {
        let call = out.place("ACME", "100", "442079460000", |c| c).await;
        assert!(
            matches!(call.outbound(), Outbound::Routed { .. }),
            "call {n}: {:?}",
            call.result
        );
    }
    let third = out.place("ACME", "100", "442079460000", |c| c).await;
    assert!(third.refused(), "the third call in a minute trips the rule");
    let lock = out
        .scene
        .pbx
        .ok(
            axum::http::Method::GET,
            "/api/v1/tenants/ACME/extensions/100/lock",
            None,
        )
        .await;
    assert_eq!(lock["lock"]["locked_by"], "abuse detection", "{lock}");
    let audit = out
        .scene
        .pbx
        .ok(
            axum::http::Method::GET,
            "/api/v1/tenants/ACME/audit?number=100",
            None,
        )
        .await;
    assert!(audit.to_string().contains("\"lock\""), "{audit}");
    let still = out.place("ACME", "100", "442079460000", |c| c).await;
    assert!(still.refused(), "locked until an administrator unlocks it");
    out.scene.asterisk.assert_clean();
}
