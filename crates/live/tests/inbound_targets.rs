//! Where a call to an extension rings beyond its own phone: a chain of
//! destinations (a no-answer destination leading to an extension whose
//! own no-answer leads on), a virtual extension ringing its members, a
//! custom extension dialling its target.
//!
//! Tenant ACME: 100 places the calls.

use std::time::Duration;

use pbx_live::asterisk::AsteriskSpec;
use pbx_live::env::require;
use pbx_live::oracle::{Contexts, assert_same_chain, assert_same_path, observed, observed_chain};
use pbx_live::scene::{Scene, ms};
use pbx_live::sipp::{Answer, CallResult, Peer, SipMessage};
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unanswered_call_follows_a_chain_of_no_answer_destinations() {
    let Some(mut scene) = Scene::new("chain", AsteriskSpec::new("ast1")).await else {
        return;
    };
    let pbx = &scene.pbx;
    pbx.tenant("ACME", json!({})).await;
    for number in ["100", "103"] {
        pbx.extension("ACME", "pjsip", number, json!({})).await;
    }
    let to_102 = pbx.object("ACME", "destination", "To 102", "ext:102").await;
    let to_103 = pbx.object("ACME", "destination", "To 103", "ext:103").await;
    for (number, on) in [("101", to_102), ("102", to_103)] {
        let settings = json!({"ring_timeout": 5,
            "no_answer_enabled": true, "no_answer_destination": on});
        pbx.extension("ACME", "pjsip", number, json!({"settings": settings}))
            .await;
    }
    scene.start().await;
    let first = scene.phone("ACME", "101", Answer::Never).await;
    let second = scene.phone("ACME", "102", Answer::Never).await;
    let last = scene.phone("ACME", "103", Answer::After(ms(100))).await;
    let expected = [
        ("101", &scene.simulated("ACME", "101", "no_answer").await),
        ("102", &scene.simulated("ACME", "102", "no_answer").await),
        ("103", &scene.simulated("ACME", "103", "available").await),
    ];
    let (trace, result) = scene.call_through("ACME", "100", "101", |c| c).await;
    let chain = observed_chain(&trace, &Contexts::of("ACME"), "101");
    assert_same_chain(&expected, &chain, &trace);
    assert!(matches!(result, CallResult::Answered { .. }), "{result:?}");
    for (phone, what) in [(&first, "101"), (&second, "102"), (&last, "103")] {
        assert_eq!(phone.sipp.calls().len(), 1, "{what} was rung once");
    }
    scene.asterisk.assert_clean();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_virtual_extension_rings_its_members_together() {
    let Some(mut scene) = Scene::new("virtual_members", AsteriskSpec::new("ast1")).await else {
        return;
    };
    let pbx = &scene.pbx;
    pbx.tenant("ACME", json!({})).await;
    for number in ["100", "101", "102", "103"] {
        pbx.extension("ACME", "pjsip", number, json!({})).await;
    }
    let settings = json!({"virtual_members": ["101", "102"],
        "virtual_internal_caller_id": "extension"});
    pbx.extension(
        "ACME",
        "virtual",
        "110",
        json!({"name": "Sales", "settings": settings}),
    )
    .await;
    scene.start().await;
    let ringing = scene.phone("ACME", "101", Answer::Never).await;
    let answering = scene.phone("ACME", "102", Answer::After(ms(300))).await;
    let outsider = scene.phone("ACME", "103", Answer::After(ms(100))).await;
    let expected = scene.simulated("ACME", "110", "available").await;
    let (trace, result) = scene.call_through("ACME", "100", "110", |c| c).await;
    assert_same_path(
        &expected,
        &observed(&trace, &Contexts::of("ACME"), "110"),
        &trace,
    );
    assert!(matches!(result, CallResult::Answered { .. }), "{result:?}");
    for phone in [&ringing, &answering] {
        let invite = phone
            .sipp
            .wait_call(0, Duration::from_secs(1))
            .expect("a member was rung");
        let (name, number) = SipMessage::identity(invite.header("From").unwrap());
        assert_eq!(
            (name.as_str(), number.as_str()),
            ("Sales", "110"),
            "the members see the virtual extension's caller ID"
        );
    }
    assert!(outsider.sipp.calls().is_empty(), "only members ring");
    scene.asterisk.assert_clean();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_custom_extension_dials_its_target() {
    let Some(install) = require("custom_target") else {
        return;
    };
    let peers = tempfile::tempdir().unwrap();
    let carrier = Peer::answering(install, peers.path(), "carrier", ms(100));
    let spec = AsteriskSpec::new("ast1").carrier(carrier.port());
    let Some(mut scene) = Scene::new("custom_target", spec).await else {
        return;
    };
    let pbx = &scene.pbx;
    pbx.tenant("ACME", json!({})).await;
    pbx.extension("ACME", "pjsip", "100", json!({"name": "Alice"}))
        .await;
    let settings = json!({"custom_dial_target": "PJSIP/5551230106@carrier"});
    pbx.extension("ACME", "custom", "106", json!({"settings": settings}))
        .await;
    scene.start().await;
    let expected = scene.simulated("ACME", "106", "available").await;
    let (trace, result) = scene.call_through("ACME", "100", "106", |c| c).await;
    assert_same_path(
        &expected,
        &observed(&trace, &Contexts::of("ACME"), "106"),
        &trace,
    );
    assert!(matches!(result, CallResult::Answered { .. }), "{result:?}");
    let invites = carrier.sipp.calls();
    assert_eq!(invites.len(), 1, "the target was dialled once");
    assert_eq!(invites[0].uri_user(), Some("5551230106"));
    let (_, number) = SipMessage::identity(invites[0].header("From").unwrap());
    assert_eq!(number, "100", "the target sees the caller");
    scene.asterisk.assert_clean();
}
