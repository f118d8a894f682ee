//! No SIP username can take the place of another section on a live node:
//! a username is a section name in pjsip.conf and sip.conf, so the names
//! of the node's own sections (`general`, `global`, its transports),
//! another tenant's default `<number>-<CODE>` space, auth sections, tenant
//! codes and another extension's username in any case are refused on the
//! API with a field error; a custom username that is accepted loads as
//! exactly one endpoint, registers with its own secret, and the node keeps
//! every other section (the transports still carry calls).

use std::time::Duration;

use axum::http::{Method, StatusCode};
use pbx_asterisk::ami::Action;
use pbx_live::asterisk::AsteriskSpec;
use pbx_live::scene::{Scene, ms};
use pbx_live::sipp::{Answer, CallResult};
use serde_json::json;

/// Usernames for a new ACME extension, with the kind it would be.
const REFUSED: &[(&str, &str)] = &[
    ("pjsip", "general"),
    ("pjsip", "GLOBAL"),
    ("pjsip", "system"),
    ("pjsip", "transport-udp"),
    ("pjsip", "transport-tcp"),
    ("pjsip", "100-BETA"),
    ("pjsip", "150-BETA"),
    ("pjsip", "Desk.One_A-B"),
    ("pjsip", "desk-auth"),
    ("pjsip", "BETA"),
    ("sip", "authentication"),
    ("sip", "GENERAL"),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_username_can_take_the_place_of_another_section() {
    let Some(mut scene) = Scene::new("usernames", AsteriskSpec::new("ast1")).await else {
        return;
    };
    let pbx = &scene.pbx;
    pbx.tenant("ACME", json!({"allow_custom_usernames": true}))
        .await;
    pbx.tenant("BETA", json!({})).await;
    pbx.extension("BETA", "pjsip", "100", json!({})).await;
    pbx.extension("ACME", "pjsip", "100", json!({"username": "desk.one_a-b"}))
        .await;
    pbx.extension("ACME", "pjsip", "101", json!({})).await;
    for (kind, username) in REFUSED {
        let body = json!({"kind": kind, "number": "150", "name": "X", "username": username});
        let (status, answer) = pbx
            .call(Method::POST, "/api/v1/tenants/ACME/extensions", Some(body))
            .await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{username}: {answer}"
        );
        let fields: Vec<&str> = answer["errors"]
            .as_array()
            .map(|errors| errors.iter().filter_map(|e| e["field"].as_str()).collect())
            .unwrap_or_default();
        assert_eq!(fields, ["username"], "{username}: {answer}");
    }
    scene.start().await;

    let listed = scene
        .asterisk
        .action_list(&Action::new("PJSIPShowEndpoints"))
        .await;
    let mut endpoints: Vec<&str> = listed
        .iter()
        .filter(|m| m.get("Event") == Some("EndpointList"))
        .filter_map(|m| m.get("ObjectName"))
        .collect();
    endpoints.sort_unstable();
    assert_eq!(endpoints, ["100-BETA", "101-ACME", "desk.one_a-b"]);

    let _desk = scene.phone("ACME", "100", Answer::After(ms(100))).await;
    let caller = scene.endpoint("ACME", "101").await;
    let result = scene
        .dial(&scene.call(&caller, "100").hold(ms(300)))
        .finish(Duration::from_secs(20));
    assert!(matches!(result, CallResult::Answered { .. }), "{result:?}");
    scene.asterisk.assert_clean();
}
