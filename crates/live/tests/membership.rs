//! A phone joins and leaves a virtual extension by feature code (`*45` /
//! `*46` and its number) after typing the virtual extension's security
//! PIN: pbx's call-control service changes the members, the API shows the
//! change, and the next call to the virtual extension rings the new member.
//!
//! Tenant ACME: 100 calls, 101 is the virtual extension 200's member and
//! stays offline, 102 joins and leaves (and answers). Needs
//! `PBX_TEST_POSTGRES_URL`, as every accounted scene.

use std::time::Duration;

use axum::http::Method;
use pbx_live::outbound::OutboundScene;
use pbx_live::scene::ms;
use pbx_live::sipp::{Answer, CallResult};
use serde_json::json;

/// The virtual extension's members as the API shows them, comma-separated.
fn members(extension: &serde_json::Value) -> String {
    let value = &extension["settings"]["information"]["virtual_members"];
    match value {
        serde_json::Value::Array(items) => items
            .iter()
            .filter_map(serde_json::Value::as_str)
            .collect::<Vec<_>>()
            .join(","),
        other => panic!("no members list in {extension}: {other}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_phone_joins_and_leaves_a_virtual_extension_with_its_pin() {
    let Some(mut out) = OutboundScene::accounted("membership").await else {
        return;
    };
    let pbx = &out.scene.pbx;
    pbx.tenant("ACME", json!({})).await;
    for number in ["100", "101", "102"] {
        pbx.extension("ACME", "pjsip", number, json!({})).await;
    }
    let virtual_body = json!({"settings": {"virtual_members": "101", "virtual_pin": "1234",
                                           "ring_timeout": 5, "mwi_enabled": false}});
    pbx.extension("ACME", "virtual", "200", virtual_body).await;
    out.scene.start().await;
    out.scene.pbx.start_projector();
    out.scene.pbx.settle(Duration::from_secs(10)).await;
    let scene = &out.scene;
    let _joiner = scene.phone("ACME", "102", Answer::After(ms(200))).await;
    let caller = scene.endpoint("ACME", "100").await;
    let phone = scene.endpoint("ACME", "102").await;
    let path = "/api/v1/tenants/ACME/extensions/200";

    let before = scene
        .dial(&scene.call(&caller, "200"))
        .finish(Duration::from_secs(20));
    assert!(
        !matches!(before, CallResult::Answered { .. }),
        "only offline 101 rings: {before:?}"
    );

    let wrong = scene
        .dial(
            &scene
                .call(&phone, "*45200")
                .dtmf("9999#9999#9999#", Duration::from_secs(1)),
        )
        .finish(Duration::from_secs(20));
    assert!(matches!(wrong, CallResult::Answered { .. }), "{wrong:?}");
    assert_eq!(
        members(&scene.pbx.ok(Method::GET, path, None).await),
        "101",
        "a wrong PIN changes nothing"
    );

    let joined = scene
        .dial(
            &scene
                .call(&phone, "*45200")
                .dtmf("1234#", Duration::from_secs(1)),
        )
        .finish(Duration::from_secs(20));
    assert_eq!(
        joined,
        CallResult::Answered {
            far_end_hung_up: true
        },
        "{joined:?}"
    );
    assert_eq!(
        members(&scene.pbx.ok(Method::GET, path, None).await),
        "101,102"
    );
    out.scene.pbx.applied_ok(Duration::from_secs(10)).await;
    let scene = &out.scene;
    let rings = scene
        .dial(&scene.call(&caller, "200").hold(ms(300)))
        .finish(Duration::from_secs(20));
    assert!(
        matches!(rings, CallResult::Answered { .. }),
        "102 rings now: {rings:?}"
    );

    let left = scene
        .dial(
            &scene
                .call(&phone, "*46200")
                .dtmf("1234#", Duration::from_secs(1)),
        )
        .finish(Duration::from_secs(20));
    assert_eq!(
        left,
        CallResult::Answered {
            far_end_hung_up: true
        },
        "{left:?}"
    );
    assert_eq!(members(&scene.pbx.ok(Method::GET, path, None).await), "101");
    let audit = scene
        .pbx
        .ok(Method::GET, "/api/v1/tenants/ACME/audit?number=200", None)
        .await;
    assert!(
        audit.to_string().contains("extension 102 (feature code)"),
        "the change is the member's: {audit}"
    );
    scene.asterisk.assert_clean();
}
