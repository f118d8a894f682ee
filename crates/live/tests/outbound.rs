//! Calls an extension places to external numbers leave through the node's
//! routes to a SIPp carrier, shaped by the extension's outbound settings.

use std::time::Duration;

use pbx_live::asterisk::AsteriskSpec;
use pbx_live::env::require;
use pbx_live::scene::{Scene, ms};
use pbx_live::sipp::{CallResult, Peer, SipMessage};
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_external_call_reaches_the_carrier_with_the_caller_id_number() {
    let Some(install) = require("outbound_caller_id") else {
        return;
    };
    let peers = tempfile::tempdir().unwrap();
    let carrier = Peer::answering(install, peers.path(), "carrier", ms(100));
    let spec = AsteriskSpec::new("ast1").carrier(carrier.port());
    let Some(mut scene) = Scene::new("outbound_caller_id", spec).await else {
        return;
    };
    scene.pbx.tenant("ACME", json!({})).await;
    scene
        .pbx
        .extension(
            "ACME",
            "pjsip",
            "100",
            json!({"settings": {"caller_id_number": "+15550100", "caller_id_name": "Front Desk"}}),
        )
        .await;
    scene.start().await;
    let caller = scene.endpoint("ACME", "100").await;
    let call = scene.dial(&scene.call(&caller, "5551234").hold(ms(300)));
    let invite = carrier
        .wait_invite(0, Duration::from_secs(10))
        .expect("the carrier got the call");
    assert_eq!(invite.uri_user(), Some("5551234"));
    let (name, number) = SipMessage::identity(invite.header("From").unwrap());
    assert_eq!(
        (name.as_str(), number.as_str()),
        ("Front Desk", "+15550100")
    );
    assert_eq!(
        call.finish(Duration::from_secs(20)),
        CallResult::Answered {
            far_end_hung_up: false
        }
    );
    scene.asterisk.assert_clean();
}
