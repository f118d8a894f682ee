//! The rules for external calls an extension places, through a SIPp
//! carrier: area code, destination filter, Do Not and Only Allow lists,
//! lock PIN, working hours, maximum duration and routing profile. Each
//! call is routed (and reaches a carrier) exactly when the extension's
//! policy in the call-flow model allows it.
//!
//! Tenant ACME; its extensions place the calls.

use std::time::Duration;

use pbx_live::oracle::condition_spec;
use pbx_live::outbound::{DEFAULT_CARRIER, Outbound, OutboundScene, Placed};
use pbx_live::sipp::CallResult;
use serde_json::{Value, json};

/// ACME with its objects `(kind, name, value)` and PJSIP extensions
/// `(number, settings)` (settings built from the objects' ids), on a
/// started node with `profiles` as in [`OutboundScene::new`].
async fn acme(
    test: &str,
    profiles: &[(&str, &str)],
    objects: &[(&str, &str, &str)],
    extensions: impl FnOnce(&[i64]) -> Vec<(&'static str, Value)>,
) -> Option<OutboundScene> {
    let mut out = OutboundScene::new(test, profiles).await?;
    let pbx = &out.scene.pbx;
    pbx.tenant("ACME", json!({})).await;
    let mut ids = Vec::new();
    for (kind, name, value) in objects {
        ids.push(pbx.object("ACME", kind, name, value).await);
    }
    for (number, settings) in extensions(&ids) {
        let body = json!({"settings": settings});
        pbx.extension("ACME", "pjsip", number, body).await;
    }
    out.scene.start().await;
    Some(out)
}

/// `from` calls each of `numbers`; each call must take the path the
/// policy allows. The placed calls, in order.
async fn calls(out: &OutboundScene, from: &str, numbers: &[&str]) -> Vec<Placed> {
    let policy = out.policy("ACME", from).await;
    let mut placed = Vec::new();
    for number in numbers {
        let call = out.place("ACME", from, number, |c| c).await;
        call.assert_as_simulated(&policy);
        placed.push(call);
    }
    placed
}

fn routed(call: &Placed) -> Option<(&str, &str)> {
    match &call.outbound() {
        Outbound::Routed { .. } => call
            .invites
            .first()
            .map(|(carrier, invite)| (carrier.as_str(), invite.uri_user().unwrap_or_default())),
        Outbound::Refused => None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_area_code_goes_before_short_numbers_only() {
    let Some(out) = acme("outbound_area_code", &[], &[], |_| {
        vec![("100", json!({"area_code": "212"}))]
    })
    .await
    else {
        return;
    };
    let placed = calls(&out, "100", &["5551234", "02079460000", "123456789"]).await;
    let numbers: Vec<&str> = placed
        .iter()
        .map(|c| c.invite().uri_user().unwrap_or_default())
        .collect();
    assert_eq!(numbers, ["2125551234", "02079460000", "123456789"]);
    out.scene.asterisk.assert_clean();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_destination_filter_blocks_all_or_allows_what_its_regex_matches() {
    let Some(out) = acme("outbound_filter", &[], &[], |_| {
        vec![
            ("100", json!({"outbound_filter": "none"})),
            (
                "101",
                json!({"outbound_filter": "regex", "outbound_regex": "^0[1-9]"}),
            ),
        ]
    })
    .await
    else {
        return;
    };
    let blocked = calls(&out, "100", &["02079460000"]).await;
    assert!(blocked[0].refused(), "{:?}", blocked[0].result);
    let filtered = calls(&out, "101", &["02079460000", "5551234"]).await;
    assert_eq!(routed(&filtered[0]), Some((DEFAULT_CARRIER, "02079460000")));
    assert!(filtered[1].refused(), "{:?}", filtered[1].result);
    out.scene.asterisk.assert_clean();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn numbers_on_the_do_not_call_list_are_refused() {
    let objects = [("call_list", "Premium", "0900X.,+1900X.")];
    let Some(out) = acme("outbound_do_not_call", &[], &objects, |ids| {
        vec![("100", json!({"do_not_call_list": ids[0]}))]
    })
    .await
    else {
        return;
    };
    let placed = calls(&out, "100", &["09001234567", "+19005551234", "02079460000"]).await;
    assert!(placed[0].refused() && placed[1].refused());
    assert_eq!(routed(&placed[2]), Some((DEFAULT_CARRIER, "02079460000")));
    out.scene.asterisk.assert_clean();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_an_only_allow_list_other_numbers_are_refused() {
    let objects = [("call_list", "London", "+4420X.,112")];
    let Some(out) = acme("outbound_only_allow", &[], &objects, |ids| {
        vec![("100", json!({"only_allow_list": ids[0]}))]
    })
    .await
    else {
        return;
    };
    let placed = calls(&out, "100", &["+442071234567", "+15551234567"]).await;
    assert_eq!(routed(&placed[0]), Some((DEFAULT_CARRIER, "+442071234567")));
    assert!(placed[1].refused(), "{:?}", placed[1].result);
    out.scene.asterisk.assert_clean();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_locked_extension_calls_out_once_its_pin_is_entered() {
    let Some(out) = acme("outbound_lock_pin", &[], &[], |_| {
        vec![("100", json!({"lock_pin": "4321"}))]
    })
    .await
    else {
        return;
    };
    // A wrong PIN, then the right one: the call goes out.
    let unlocked = out
        .place("ACME", "100", "5551234", |c| {
            c.dtmf("1111#4321#", Duration::from_secs(1))
                .hold(Duration::from_secs(2))
        })
        .await;
    assert_eq!(routed(&unlocked), Some((DEFAULT_CARRIER, "5551234")));
    assert_eq!(
        unlocked.result,
        CallResult::Answered {
            far_end_hung_up: false
        }
    );
    // Wrong three times: the node hangs up and nothing reaches the carrier.
    let locked = out
        .place("ACME", "100", "5551234", |c| {
            c.dtmf("1111#2222#3333#", Duration::from_secs(1))
                .hold(Duration::from_secs(6))
        })
        .await;
    assert_eq!(locked.outbound(), Outbound::Refused);
    assert!(locked.invites.is_empty());
    assert_eq!(
        locked.result,
        CallResult::Answered {
            far_end_hung_up: true
        }
    );
    out.scene.asterisk.assert_clean();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outside_its_working_hours_an_extension_cannot_call_out() {
    let objects = [
        ("condition", "Now", condition_spec(true)),
        ("condition", "Not now", condition_spec(false)),
    ];
    let objects: Vec<(&str, &str, &str)> = objects
        .iter()
        .map(|(k, n, v)| (*k, *n, v.as_str()))
        .collect();
    let Some(out) = acme("outbound_hours", &[], &objects, |ids| {
        vec![
            ("100", json!({"working_hours": ids[0]})),
            ("101", json!({"working_hours": ids[1]})),
        ]
    })
    .await
    else {
        return;
    };
    let inside = calls(&out, "100", &["5551234"]).await;
    assert_eq!(routed(&inside[0]), Some((DEFAULT_CARRIER, "5551234")));
    let outside = calls(&out, "101", &["5551234", "911"]).await;
    assert!(outside[0].refused(), "{:?}", outside[0].result);
    assert_eq!(routed(&outside[1]), Some((DEFAULT_CARRIER, "911")));
    out.scene.asterisk.assert_clean();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_external_call_is_cut_at_the_max_duration_and_recorded() {
    let Some(out) = acme("outbound_max_duration", &[], &[], |_| {
        vec![(
            "100",
            json!({"max_call_duration": 2, "outbound_recording": {"outbound_recording": "always"}}),
        )]
    })
    .await
    else {
        return;
    };
    let placed = out
        .place("ACME", "100", "5551234", |c| {
            c.hold(Duration::from_secs(10))
        })
        .await;
    assert_eq!(routed(&placed), Some((DEFAULT_CARRIER, "5551234")));
    assert_eq!(
        placed.result,
        CallResult::Answered {
            far_end_hung_up: true
        },
        "the node cut the call"
    );
    assert!(
        placed.lasted < Duration::from_secs(6),
        "cut after about 2 s, not held 10 s: {:?}",
        placed.lasted
    );
    assert!(
        placed.carrier_requests.iter().any(|m| m == "BYE"),
        "the carrier's leg is cut too: {:?}",
        placed.carrier_requests
    );
    assert!(
        placed.trace.ran("MixMonitor"),
        "{}",
        placed.trace.describe()
    );
    out.scene.asterisk.assert_clean();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_routing_profile_sends_the_calls_through_its_routes() {
    let objects = [("routing_profile", "Premium", "premium")];
    let Some(out) = acme(
        "outbound_routing_profile",
        &[("premium", "carrier2")],
        &objects,
        |ids| {
            vec![
                ("100", json!({"routing_profile": ids[0]})),
                ("101", json!({})),
            ]
        },
    )
    .await
    else {
        return;
    };
    let profiled = calls(&out, "100", &["5551234"]).await;
    assert_eq!(
        profiled[0].outbound(),
        Outbound::Routed {
            routes: "pbx-routes-premium".into(),
            number: "5551234".into()
        }
    );
    assert_eq!(routed(&profiled[0]), Some(("carrier2", "5551234")));
    let default = calls(&out, "101", &["5551234"]).await;
    assert_eq!(routed(&default[0]), Some((DEFAULT_CARRIER, "5551234")));
    out.scene.asterisk.assert_clean();
}
