//! Calls a custom extension's target places through a provider trunk are
//! placed as that extension only when its authentication method and its
//! allowed providers accept them (the provider trunks send their calls to
//! the node's `pbx-providers` context with `PBX_PROVIDER` set, as
//! `docs/asterisk.md` documents).

use std::time::Duration;

use pbx_live::asterisk::AsteriskSpec;
use pbx_live::env::require;
use pbx_live::ports::free_port;
use pbx_live::scene::{Scene, ms};
use pbx_live::sipp::{CallResult, Endpoint, Peer, SipMessage, Stack};
use serde_json::json;

/// A node with a carrier and two provider trunks, `prov-a` and `prov-b`,
/// and ACME's custom extension 106 with `settings`.
async fn scene(
    test: &str,
    settings: serde_json::Value,
) -> Option<(Scene, Peer, tempfile::TempDir)> {
    let install = require(test)?;
    let peers = tempfile::tempdir().unwrap();
    let carrier = Peer::answering(install, peers.path(), "carrier", ms(100));
    let mut spec = AsteriskSpec::new("ast1").carrier(carrier.port());
    for provider in ["prov-a", "prov-b"] {
        spec = spec
            .trunk(provider, free_port(), "pbx-providers")
            .trunk_variable(provider, "PBX_PROVIDER", provider);
    }
    let mut scene = Scene::new(test, spec).await?;
    scene.pbx.tenant("ACME", json!({})).await;
    let mut body = json!({"caller_id_number": "+15559990106"});
    for (k, v) in settings.as_object().unwrap() {
        body[k] = v.clone();
    }
    scene
        .pbx
        .extension("ACME", "custom", "106", json!({"settings": body}))
        .await;
    scene.start().await;
    Some((scene, carrier, peers))
}

/// A call from provider `provider` with caller ID `caller` to 5551234.
fn from_provider(scene: &Scene, provider: &str, caller: &str) -> CallResult {
    let endpoint = Endpoint {
        target: scene.asterisk.ports.pjsip_udp,
        stack: Stack::Pjsip,
        user: caller.into(),
        password: String::new(),
    };
    let spec = scene
        .call(&endpoint, "5551234")
        .header(&format!("X-Pbx-Trunk: {provider}"))
        .hold(ms(300));
    scene.dial(&spec).finish(Duration::from_secs(20))
}

/// The caller ID number of the carrier's last INVITE.
fn carrier_caller(carrier: &Peer) -> Option<String> {
    let invite = carrier.invites().pop()?;
    Some(SipMessage::identity(invite.header("From")?).1)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_allowed_provider_places_the_targets_call_as_the_custom_extension() {
    let settings = json!({
        "custom_dial_target": "PJSIP/+15551230106@carrier",
        "custom_auth": "provider",
        "custom_allowed_providers": "prov-a",
    });
    let Some((scene, carrier, _peers)) = scene("custom_provider", settings).await else {
        return;
    };
    assert!(matches!(
        from_provider(&scene, "prov-a", "+15551230106"),
        CallResult::Answered { .. }
    ));
    assert_eq!(
        carrier_caller(&carrier).as_deref(),
        Some("+15559990106"),
        "placed as 106: its outbound caller ID"
    );
    let refused = from_provider(&scene, "prov-b", "+15551230106");
    assert!(matches!(refused, CallResult::Refused(_)), "{refused:?}");
    let stranger = from_provider(&scene, "prov-a", "+15550000000");
    assert!(matches!(stranger, CallResult::Refused(_)), "{stranger:?}");
    assert_eq!(carrier.invites().len(), 1, "only the allowed call left");
    scene.asterisk.assert_clean();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_source_ip_method_accepts_calls_from_the_targets_address_only() {
    let settings = json!({
        "custom_dial_target": "PJSIP/carrier/sip:+15551230106@127.0.0.1",
        "custom_auth": "ip",
    });
    let Some((scene, carrier, _peers)) = scene("custom_ip", settings).await else {
        return;
    };
    assert!(matches!(
        from_provider(&scene, "prov-b", "+15551230106"),
        CallResult::Answered { .. }
    ));
    assert_eq!(carrier_caller(&carrier).as_deref(), Some("+15559990106"));
    scene
        .pbx
        .change(
            "ACME",
            "106",
            json!({"settings": {"custom_dial_target": "PJSIP/carrier/sip:+15551230106@10.9.9.9"}}),
        )
        .await;
    scene.apply().await;
    let elsewhere = from_provider(&scene, "prov-b", "+15551230106");
    assert!(matches!(elsewhere, CallResult::Refused(_)), "{elsewhere:?}");
    assert_eq!(carrier.invites().len(), 1);
    scene.asterisk.assert_clean();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_no_authentication_method_the_target_cannot_call_as_the_extension() {
    let settings = json!({
        "custom_dial_target": "PJSIP/+15551230106@carrier",
        "custom_auth": "none",
    });
    let Some((scene, carrier, _peers)) = scene("custom_none", settings).await else {
        return;
    };
    let result = from_provider(&scene, "prov-a", "+15551230106");
    assert!(matches!(result, CallResult::Refused(_)), "{result:?}");
    assert!(carrier.invites().is_empty());
    scene.asterisk.assert_clean();
}
