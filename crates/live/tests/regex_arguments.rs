//! Regular expressions administrators type reach Asterisk's `REGEX()`
//! intact: its argument parsing dropped every backslash, so a destination
//! filter `^\+44[0-9]+$` (a literal plus) refused the numbers it allows.

use std::time::Duration;

use pbx_live::asterisk::AsteriskSpec;
use pbx_live::env::require;
use pbx_live::scene::{Scene, ms};
use pbx_live::sipp::{CallResult, Peer};
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_destination_filter_with_an_escaped_plus_allows_what_it_says() {
    let Some(install) = require("regex_escape") else {
        return;
    };
    let peers = tempfile::tempdir().unwrap();
    let carrier = Peer::answering(install, peers.path(), "carrier", ms(100));
    let spec = AsteriskSpec::new("ast1").carrier(carrier.port());
    let Some(mut scene) = Scene::new("regex_escape", spec).await else {
        return;
    };
    scene.pbx.tenant("ACME", json!({})).await;
    scene
        .pbx
        .extension(
            "ACME",
            "pjsip",
            "100",
            json!({"settings": {"outbound_filter": "regex", "outbound_regex": "^\\+44[0-9]+$"}}),
        )
        .await;
    scene.start().await;
    let caller = scene.endpoint("ACME", "100").await;
    let allowed = scene
        .dial(&scene.call(&caller, "+442071234567").hold(ms(200)))
        .finish(Duration::from_secs(20));
    assert!(
        matches!(allowed, CallResult::Answered { .. }),
        "+44 is allowed: {allowed:?}"
    );
    let refused = scene
        .dial(&scene.call(&caller, "+15551234567").hold(ms(200)))
        .finish(Duration::from_secs(20));
    assert!(matches!(refused, CallResult::Refused(_)), "{refused:?}");
    let numbers: Vec<String> = carrier
        .invites()
        .iter()
        .filter_map(|m| m.uri_user().map(str::to_owned))
        .collect();
    assert_eq!(numbers, ["+442071234567"]);
    scene.asterisk.assert_clean();
}
