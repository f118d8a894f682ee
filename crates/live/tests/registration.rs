//! Phones register on a live Asterisk with the credentials pbx rendered:
//! the right secret is accepted, a wrong one refused, allowed IPs refuse
//! other sources, and a phone that re-registers from a new port (a NAT
//! rebinding, a restarted softphone) is not locked out by its old contact.

use std::time::Duration;

use pbx_live::asterisk::AsteriskSpec;
use pbx_live::ports::free_port;
use pbx_live::scene::{Scene, ms};
use pbx_live::sipp::{Answer, CallResult, Phone};
use serde_json::json;

async fn scene(test: &str, kind: &str, settings: serde_json::Value) -> Option<Scene> {
    let mut scene = Scene::new(test, AsteriskSpec::new("ast1")).await?;
    scene.pbx.tenant("ACME", json!({})).await;
    scene
        .pbx
        .extension("ACME", kind, "100", json!({"settings": settings}))
        .await;
    scene.pbx.extension("ACME", "pjsip", "101", json!({})).await;
    scene.start().await;
    Some(scene)
}

async fn right_and_wrong_secrets(test: &str, kind: &str) {
    let Some(scene) = scene(test, kind, json!({})).await else {
        return;
    };
    let mut endpoint = scene.endpoint("ACME", "100").await;
    let right = Phone::register(scene.install, scene.sipp_dir(), &endpoint, Answer::Busy);
    assert!(right.is_ok(), "the right secret is accepted");
    endpoint.password.push('x');
    let wrong = Phone::register(scene.install, scene.sipp_dir(), &endpoint, Answer::Busy);
    let refused = wrong.err().expect("a wrong secret is refused");
    assert!(
        refused
            .sipp
            .messages()
            .iter()
            .any(|m| m.status() == Some(401) || m.status() == Some(403)),
        "refused with 401/403"
    );
    scene.asterisk.assert_clean();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pjsip_phone_registers_with_its_secret_and_not_with_another() {
    right_and_wrong_secrets("pjsip_secret", "pjsip").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chan_sip_phone_registers_with_its_secret_and_not_with_another() {
    right_and_wrong_secrets("sip_secret", "sip").await;
}

async fn allowed_ips_refuse_other_sources(test: &str, kind: &str) {
    let Some(scene) = scene(test, kind, json!({"allowed_ips": "10.1.2.0/24"})).await else {
        return;
    };
    let endpoint = scene.endpoint("ACME", "100").await;
    let outcome = Phone::register(scene.install, scene.sipp_dir(), &endpoint, Answer::Busy);
    assert!(
        outcome.is_err(),
        "a phone outside the allowed network is refused"
    );
    scene
        .pbx
        .change(
            "ACME",
            "100",
            json!({"settings": {"allowed_ips": "10.1.2.0/24,127.0.0.1/32"}}),
        )
        .await;
    scene.apply().await;
    let outcome = Phone::register(scene.install, scene.sipp_dir(), &endpoint, Answer::Busy);
    assert!(outcome.is_ok(), "an allowed source registers");
    scene.asterisk.assert_clean();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn allowed_ips_refuse_a_pjsip_phone_from_elsewhere() {
    allowed_ips_refuse_other_sources("pjsip_acl", "pjsip").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn allowed_ips_refuse_a_chan_sip_phone_from_elsewhere() {
    allowed_ips_refuse_other_sources("sip_acl", "sip").await;
}

/// Defect: with the default contact settings (one contact, existing ones
/// kept) a phone that re-registered from a new port was refused until its
/// old contact expired.
async fn a_new_port_takes_over(test: &str, kind: &str) {
    let Some(scene) = scene(test, kind, json!({})).await else {
        return;
    };
    let endpoint = scene.endpoint("ACME", "100").await;
    let first = Phone::register(scene.install, scene.sipp_dir(), &endpoint, Answer::Busy)
        .unwrap_or_else(|_| panic!("the first registration is accepted"));
    drop(first);
    let second = Phone::register_on(
        scene.install,
        scene.sipp_dir(),
        &endpoint,
        Answer::After(ms(100)),
        free_port(),
    )
    .unwrap_or_else(|_| panic!("the phone re-registering from a new port is accepted"));
    let caller = scene.endpoint("ACME", "101").await;
    let call = scene.dial(&scene.call(&caller, "100").hold(ms(300)));
    assert_eq!(
        call.finish(Duration::from_secs(20)),
        CallResult::Answered {
            far_end_hung_up: false
        },
        "the call reaches the phone at its new port"
    );
    assert!(!second.invites().is_empty(), "the new port got the INVITE");
    scene.asterisk.assert_clean();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pjsip_phone_re_registering_from_a_new_port_is_not_locked_out() {
    a_new_port_takes_over("pjsip_new_port", "pjsip").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chan_sip_phone_re_registering_from_a_new_port_is_not_locked_out() {
    a_new_port_takes_over("sip_new_port", "sip").await;
}
