//! Follow-me rings the extension, then its follow-me number through the
//! carrier with the follow-me caller ID; when nobody answers, the call
//! goes on to the no-answer destination with the caller's own caller ID.
//! Before the fix the caller ID set for the follow-me leg stayed on the
//! call, so the destinations after it saw the prefixed number.

use std::time::Duration;

use pbx_live::asterisk::AsteriskSpec;
use pbx_live::env::require;
use pbx_live::oracle::{Contexts, assert_same_path, observed};
use pbx_live::scene::{Scene, ms};
use pbx_live::sipp::{Answer, Peer, SipMessage};
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_follow_me_caller_id_is_for_the_follow_me_leg_only() {
    let Some(install) = require("follow_me_caller_id") else {
        return;
    };
    let peers = tempfile::tempdir().unwrap();
    let carrier = Peer::ringing(install, peers.path(), "carrier");
    let spec = AsteriskSpec::new("ast1").carrier(carrier.port());
    let Some(mut scene) = Scene::new("follow_me_caller_id", spec).await else {
        return;
    };
    let pbx = &scene.pbx;
    pbx.tenant("ACME", json!({})).await;
    for number in ["100", "102"] {
        pbx.extension("ACME", "pjsip", number, json!({})).await;
    }
    let to_102 = pbx.object("ACME", "destination", "To 102", "ext:102").await;
    let settings = json!({
        "ring_timeout": 5,
        "fmfm_enabled": true,
        "fmfm_number": "5550199",
        "fmfm_dial_method": "sequential",
        "fmfm_prefix": "99",
        "fmfm_timeout": 5,
        "no_answer_enabled": true,
        "no_answer_destination": to_102,
    });
    pbx.extension("ACME", "pjsip", "101", json!({"settings": settings}))
        .await;
    scene.start().await;
    let _callee = scene.phone("ACME", "101", Answer::Never).await;
    let target = scene.phone("ACME", "102", Answer::After(ms(100))).await;
    let expected = scene.simulated("ACME", "101", "no_answer").await;
    let observer = scene.observe().await;
    let caller = scene.endpoint("ACME", "100").await;
    let call = scene.dial(&scene.call(&caller, "101").hold(ms(500)));
    let trace = observer
        .call("pbx-ACME", "101", Duration::from_secs(40))
        .await;
    call.finish(Duration::from_secs(30));
    assert_same_path(
        &expected,
        &observed(&trace, &Contexts::of("ACME"), "101"),
        &trace,
    );

    let follow = carrier
        .wait_invite(0, Duration::from_secs(1))
        .expect("the follow-me number was rung");
    assert_eq!(follow.uri_user(), Some("5550199"));
    let (_, number) = SipMessage::identity(follow.header("From").unwrap());
    assert_eq!(number, "99100", "the follow-me leg has the prefix");
    let invites = target.sipp.received("INVITE");
    let last = invites.last().expect("102 was rung after follow-me");
    let (_, number) = SipMessage::identity(last.header("From").unwrap());
    assert_eq!(
        number, "100",
        "102 sees the caller, not the follow-me caller ID"
    );
    scene.asterisk.assert_clean();
}
