//! A dialled string is data, never dialplan: whatever a phone puts in the
//! Request-URI (SIP allows `,`, `)`, `&` and `$` in its user part), the
//! node either places the call to exactly that number or refuses it; no
//! character can end an application's argument and add one of its own.

use std::time::Duration;

use pbx_live::asterisk::AsteriskSpec;
use pbx_live::env::require;
use pbx_live::scene::{Scene, ms};
use pbx_live::sipp::{CallResult, Peer};
use serde_json::json;

/// Strings that, cut at their `,`, `)`, `&` or `$`, start with a number
/// the extension's filter allows (before the fix the first reached the
/// carrier as `+442071234567`).
const HOSTILE: &[&str] = &[
    "+442071234567,1",
    "+442071234567)",
    "+442071234567&PJSIP/101-ACME",
    "+442071234567$",
    // `${EXTEN}`, percent-encoded (braces are not allowed unencoded).
    "+44207%24%7BEXTEN%7D",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dialled_string_with_dialplan_syntax_is_refused_not_split() {
    let Some(install) = require("dialled_strings") else {
        return;
    };
    let peers = tempfile::tempdir().unwrap();
    let carrier = Peer::answering(install, peers.path(), "carrier", ms(100));
    let spec = AsteriskSpec::new("ast1").carrier(carrier.port());
    let Some(mut scene) = Scene::new("dialled_strings", spec).await else {
        return;
    };
    scene.pbx.tenant("ACME", json!({})).await;
    let only_uk = json!({"outbound_filter": "regex", "outbound_regex": "^\\+44[0-9]+$"});
    scene
        .pbx
        .extension("ACME", "pjsip", "100", json!({"settings": only_uk}))
        .await;
    scene.pbx.extension("ACME", "pjsip", "101", json!({})).await;
    scene.start().await;
    let caller = scene.endpoint("ACME", "100").await;
    for hostile in HOSTILE {
        let result = scene
            .dial(&scene.call(&caller, hostile).hold(ms(200)))
            .finish(Duration::from_secs(20));
        assert!(
            matches!(result, CallResult::Refused(_)),
            "{hostile}: {result:?}"
        );
    }
    let plain = scene
        .dial(&scene.call(&caller, "+442071234567").hold(ms(200)))
        .finish(Duration::from_secs(20));
    assert!(matches!(plain, CallResult::Answered { .. }), "{plain:?}");
    let numbers: Vec<String> = carrier
        .invites()
        .iter()
        .filter_map(|m| m.uri_user().map(str::to_owned))
        .collect();
    assert_eq!(numbers, ["+442071234567"], "only the plain number left");
    scene.asterisk.assert_clean();
}
