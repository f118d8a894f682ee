//! The list's device states follow a live node: a registered phone is
//! idle, a phone that is not registered is unavailable (not unknown), and
//! a phone on a call is in use.

use std::time::{Duration, Instant};

use axum::http::Method;
use pbx_live::asterisk::AsteriskSpec;
use pbx_live::scene::{Scene, ms};
use pbx_live::sipp::Answer;
use serde_json::{Value, json};

async fn states(scene: &Scene) -> Value {
    scene
        .pbx
        .ok(
            Method::GET,
            "/api/v1/tenants/ACME/extensions/device-states?numbers=100,101,102",
            None,
        )
        .await["states"]
        .clone()
}

/// Waits until the states are `expected` (as JSON); the last seen on failure.
async fn wait_states(scene: &Scene, expected: Value) -> Value {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let now = states(scene).await;
        if now == expected || Instant::now() > deadline {
            return now;
        }
        tokio::time::sleep(ms(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registered_unregistered_and_busy_phones_show_their_states() {
    let Some(mut scene) = Scene::new("device_states", AsteriskSpec::new("ast1")).await else {
        return;
    };
    scene.pbx.tenant("ACME", json!({})).await;
    for number in ["100", "101", "102"] {
        scene
            .pbx
            .extension("ACME", "pjsip", number, json!({}))
            .await;
    }
    scene.start().await;
    let _phone = scene.phone("ACME", "100", Answer::After(ms(100))).await;
    let _other = scene.phone("ACME", "102", Answer::After(ms(100))).await;
    scene.pbx.start_device_monitor();
    let expected = json!({"100": "not_in_use", "101": "unavailable", "102": "not_in_use"});
    assert_eq!(wait_states(&scene, expected.clone()).await, expected);
    let caller = scene.endpoint("ACME", "102").await;
    let call = scene.dial(&scene.call(&caller, "100").hold(Duration::from_secs(4)));
    assert!(call.wait_answered(Duration::from_secs(10)));
    let busy = json!({"100": "in_use", "101": "unavailable", "102": "in_use"});
    assert_eq!(wait_states(&scene, busy.clone()).await, busy);
    call.finish(Duration::from_secs(20));
    assert_eq!(wait_states(&scene, expected.clone()).await, expected);
}

/// Defect: a PJSIP phone added while the monitor follows the node showed
/// `unknown` until its state changed once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_phone_added_later_shows_unavailable_until_it_registers() {
    let Some(mut scene) = Scene::new("device_states_new", AsteriskSpec::new("ast1")).await else {
        return;
    };
    scene.pbx.tenant("ACME", json!({})).await;
    scene.pbx.extension("ACME", "pjsip", "100", json!({})).await;
    scene.start().await;
    scene.pbx.start_device_monitor();
    let first = json!({"100": "unavailable"});
    assert_eq!(wait_states(&scene, first.clone()).await, first);
    scene.pbx.extension("ACME", "pjsip", "101", json!({})).await;
    scene.pbx.extension("ACME", "sip", "102", json!({})).await;
    scene.apply().await;
    let added = json!({"100": "unavailable", "101": "unavailable", "102": "unavailable"});
    assert_eq!(wait_states(&scene, added.clone()).await, added);
    let _phone = scene.phone("ACME", "101", Answer::After(ms(100))).await;
    let registered = json!({"100": "unavailable", "101": "not_in_use", "102": "unavailable"});
    assert_eq!(wait_states(&scene, registered.clone()).await, registered);
}
