//! What a called phone itself receives: the auto-answer headers on its
//! INVITE (always, or on calls from the tenant's own phones only), and,
//! with call waiting off, no second call while it is on one.
//!
//! Tenant ACME: 100 and 102 place the calls; a trunk `did` sends carrier
//! calls straight into the tenant's context.

use std::time::Duration;

use pbx_live::asterisk::AsteriskSpec;
use pbx_live::oracle::{Contexts, End, observed};
use pbx_live::ports::free_port;
use pbx_live::scene::{Scene, ms};
use pbx_live::sipp::{Answer, CallResult, Endpoint, SipMessage, Stack};
use serde_json::json;

const ALERT: &str = "info=alert-autoanswer";
const CALL_INFO: &str = "answer-after=0";

/// True when `invite` asks the phone to answer by itself.
fn asks_auto_answer(invite: &SipMessage) -> bool {
    let alert = invite.all("Alert-Info").iter().any(|v| v.contains(ALERT));
    let info = invite
        .all("Call-Info")
        .iter()
        .any(|v| v.contains(CALL_INFO));
    assert_eq!(
        alert, info,
        "Alert-Info and Call-Info come together: {:?}",
        invite.headers
    );
    alert
}

/// A carrier call through the trunk `did` to `number`.
fn from_carrier(scene: &Scene, number: &str) {
    let endpoint = Endpoint {
        target: scene.asterisk.ports.pjsip_udp,
        stack: Stack::Pjsip,
        user: "+15550001111".into(),
        password: String::new(),
    };
    let spec = scene
        .call(&endpoint, number)
        .header("X-Pbx-Trunk: did")
        .hold(ms(300));
    scene.dial(&spec).finish(Duration::from_secs(20));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auto_answer_headers_reach_the_phones_invite_as_configured() {
    let spec = AsteriskSpec::new("ast1").trunk("did", free_port(), "pbx-ACME");
    let Some(mut scene) = Scene::new("auto_answer", spec).await else {
        return;
    };
    let pbx = &scene.pbx;
    pbx.tenant("ACME", json!({})).await;
    pbx.extension("ACME", "pjsip", "100", json!({})).await;
    let answer = |mode: &str| json!({"settings": {"auto_answer": mode}});
    pbx.extension("ACME", "pjsip", "101", answer("always"))
        .await;
    pbx.extension("ACME", "sip", "102", answer("always")).await;
    pbx.extension("ACME", "pjsip", "103", answer("intercom"))
        .await;
    pbx.extension("ACME", "pjsip", "104", answer("off")).await;
    scene.start().await;
    let mut phones = Vec::new();
    for number in ["101", "102", "103", "104"] {
        phones.push(scene.phone("ACME", number, Answer::After(ms(100))).await);
    }
    for number in ["101", "102", "103", "104"] {
        let (_, result) = scene.call_through("ACME", "100", number, |c| c).await;
        assert!(
            matches!(result, CallResult::Answered { .. }),
            "{number}: {result:?}"
        );
    }
    from_carrier(&scene, "103");
    let invite = |i: usize, n: usize| {
        phones[i]
            .sipp
            .wait_call(n, Duration::from_secs(5))
            .unwrap_or_else(|| panic!("phone {i} got INVITE {n}"))
    };
    assert!(asks_auto_answer(&invite(0, 0)), "always, PJSIP");
    assert!(asks_auto_answer(&invite(1, 0)), "always, chan_sip");
    assert!(
        asks_auto_answer(&invite(2, 0)),
        "intercom, a tenant's phone"
    );
    assert!(
        !asks_auto_answer(&invite(2, 1)),
        "intercom, a carrier's call: {:?}",
        invite(2, 1).headers
    );
    assert!(
        !asks_auto_answer(&invite(3, 0)),
        "off: {:?}",
        invite(3, 0).headers
    );
    scene.asterisk.assert_clean();
}

/// 101 (call waiting `mode`, busy destination 103) is on a call from 100
/// when 102 calls it; the phones of 101 and 103, and where 102's call went.
async fn second_call(test: &str, mode: &str) -> (usize, usize, End, Scene) {
    let Some(mut scene) = Scene::new(test, AsteriskSpec::new("ast1")).await else {
        panic!("no scene");
    };
    let pbx = &scene.pbx;
    pbx.tenant("ACME", json!({})).await;
    for number in ["100", "102", "103"] {
        pbx.extension("ACME", "pjsip", number, json!({})).await;
    }
    let to_103 = pbx.object("ACME", "destination", "To 103", "ext:103").await;
    let settings = json!({"call_waiting": mode, "ring_timeout": 5,
        "busy_enabled": true, "busy_destination": to_103,
        "no_answer_enabled": true, "no_answer_destination": to_103});
    pbx.extension("ACME", "pjsip", "101", json!({"settings": settings}))
        .await;
    scene.start().await;
    let callee = scene.phone("ACME", "101", Answer::After(ms(100))).await;
    let target = scene.phone("ACME", "103", Answer::After(ms(100))).await;
    let first = scene.endpoint("ACME", "100").await;
    let first = scene.dial(&scene.call(&first, "101").hold(Duration::from_secs(20)));
    assert!(first.wait_answered(Duration::from_secs(10)), "101 answers");
    // Let the device state of 101 become "in use".
    tokio::time::sleep(ms(500)).await;
    let (trace, result) = scene.call_through("ACME", "102", "101", |c| c).await;
    assert!(matches!(result, CallResult::Answered { .. }), "{result:?}");
    let seen = observed(&trace, &Contexts::of("ACME"), "101");
    let counts = (callee.sipp.calls().len(), target.sipp.calls().len());
    drop(first);
    (counts.0, counts.1, seen.end, scene)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_call_waiting_a_phone_on_a_call_sends_the_second_call_to_busy() {
    if pbx_live::env::require("call_waiting_off").is_none() {
        return;
    }
    let (rung, target, end, scene) = second_call("call_waiting_off", "disabled").await;
    let (expected, _) = scene.simulated("ACME", "101", "busy").await;
    assert_eq!(rung, 1, "101 was not rung for the second call");
    assert_eq!(target, 1, "the busy destination took it");
    assert_eq!(end, expected.end, "the simulated busy destination");
    scene.asterisk.assert_clean();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_call_waiting_a_phone_on_a_call_rings_for_the_second_call() {
    if pbx_live::env::require("call_waiting_on").is_none() {
        return;
    }
    let (rung, target, end, scene) = second_call("call_waiting_on", "enabled").await;
    assert_eq!(rung, 2, "101 was rung for the second call");
    assert_eq!(target, 0);
    assert!(matches!(end, End::Answered(_)), "{end:?}");
    scene.asterisk.assert_clean();
}
