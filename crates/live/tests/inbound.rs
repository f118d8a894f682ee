//! Calls to an extension on a live Asterisk take the path the call-flow
//! simulator predicts: forward, DND, no answer, busy, offline and the
//! on-condition destination, inside and outside its hours.
//!
//! Tenant ACME: 100 places the calls, 101 is called, 102 and 103 are where
//! the destinations lead (both answer).

use std::time::Duration;

use pbx_live::asterisk::AsteriskSpec;
use pbx_live::oracle::{Contexts, assert_same_path, condition_spec, observed};
use pbx_live::scene::{Scene, ms};
use pbx_live::sipp::{Answer, Phone};
use serde_json::{Value, json};

/// How the called phone behaves.
#[derive(Clone, Copy)]
enum Callee {
    Answers,
    Busy,
    NeverAnswers,
    Offline,
}

/// Sets ACME up with `settings` on 101, calls 101 from 100 with 101 in the
/// `callee` state, and checks that Asterisk took the simulated path.
async fn call_takes_the_simulated_path(
    test: &str,
    callee: Callee,
    settings: impl FnOnce(&Ids) -> Value,
) {
    let Some(mut scene) = Scene::new(test, AsteriskSpec::new("ast1")).await else {
        return;
    };
    let pbx = &scene.pbx;
    pbx.tenant("ACME", json!({})).await;
    for number in ["100", "102", "103"] {
        pbx.extension("ACME", "pjsip", number, json!({})).await;
    }
    let ids = Ids {
        to_102: pbx.object("ACME", "destination", "To 102", "ext:102").await,
        to_103: pbx.object("ACME", "destination", "To 103", "ext:103").await,
        now: pbx
            .object("ACME", "condition", "Now", &condition_spec(true))
            .await,
        not_now: pbx
            .object("ACME", "condition", "Not now", &condition_spec(false))
            .await,
    };
    let mut body = json!({"settings": {"ring_timeout": 5}});
    if let Value::Object(extra) = settings(&ids) {
        for (k, v) in extra {
            body["settings"][k] = v;
        }
    }
    pbx.extension("ACME", "pjsip", "101", body).await;
    scene.start().await;
    let _targets = [
        scene.phone("ACME", "102", Answer::After(ms(100))).await,
        scene.phone("ACME", "103", Answer::After(ms(100))).await,
    ];
    let _callee: Option<Phone> = match callee {
        Callee::Answers => Some(scene.phone("ACME", "101", Answer::After(ms(300))).await),
        Callee::Busy => Some(scene.phone("ACME", "101", Answer::Busy).await),
        Callee::NeverAnswers => Some(scene.phone("ACME", "101", Answer::Never).await),
        Callee::Offline => None,
    };
    let state = match callee {
        Callee::Answers => "available",
        Callee::Busy => "busy",
        Callee::NeverAnswers => "no_answer",
        Callee::Offline => "offline",
    };
    let expected = scene.simulated("ACME", "101", state).await;
    let observer = scene.observe().await;
    let caller = scene.endpoint("ACME", "100").await;
    let call = scene.dial(&scene.call(&caller, "101").hold(ms(500)));
    let trace = observer
        .call("pbx-ACME", "101", Duration::from_secs(30))
        .await;
    call.finish(Duration::from_secs(30));
    let seen = observed(&trace, &Contexts::of("ACME"), "101");
    assert_same_path(&expected, &seen, &trace);
    scene.asterisk.assert_clean();
}

/// Ids of ACME's objects.
struct Ids {
    to_102: i64,
    to_103: i64,
    now: i64,
    not_now: i64,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answered_call_rings_the_extension_only() {
    call_takes_the_simulated_path("answered", Callee::Answers, |_| json!({})).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unconditional_forward_sends_every_call_on() {
    call_takes_the_simulated_path(
        "forward",
        Callee::Answers,
        |ids| json!({"unconditional_enabled": true, "unconditional_destination": ids.to_102}),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn do_not_disturb_sends_the_call_to_the_busy_destination() {
    call_takes_the_simulated_path(
        "dnd",
        Callee::Answers,
        |ids| json!({"dnd": true, "busy_enabled": true, "busy_destination": ids.to_102}),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unanswered_call_goes_to_the_no_answer_destination_after_the_ring_timeout() {
    call_takes_the_simulated_path(
        "no_answer",
        Callee::NeverAnswers,
        |ids| json!({"no_answer_enabled": true, "no_answer_destination": ids.to_102}),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_busy_phone_sends_the_call_to_the_busy_destination() {
    call_takes_the_simulated_path("busy", Callee::Busy, |ids| {
        json!({"busy_enabled": true, "busy_destination": ids.to_102,
               "no_answer_enabled": true, "no_answer_destination": ids.to_103})
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unregistered_phone_sends_the_call_to_the_offline_destination() {
    call_takes_the_simulated_path("offline", Callee::Offline, |ids| {
        json!({"offline_enabled": true, "offline_destination": ids.to_102,
               "no_answer_enabled": true, "no_answer_destination": ids.to_103})
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inside_its_hours_the_condition_sends_the_call_to_its_destination() {
    call_takes_the_simulated_path("condition_inside", Callee::Answers, |ids| {
        json!({"condition_enabled": true, "condition": ids.now,
               "condition_destination": ids.to_102})
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outside_its_hours_the_condition_lets_the_extension_ring() {
    call_takes_the_simulated_path("condition_outside", Callee::Answers, |ids| {
        json!({"condition_enabled": true, "condition": ids.not_now,
               "condition_destination": ids.to_102})
    })
    .await;
}

/// Defect: with "On condition" enabled, an unanswered call fell through
/// into the condition's destination instead of the no-answer destination.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_a_condition_an_unanswered_call_still_goes_to_the_no_answer_destination() {
    call_takes_the_simulated_path("condition_no_answer", Callee::NeverAnswers, |ids| {
        json!({"condition_enabled": true, "condition": ids.not_now,
               "condition_destination": ids.to_102,
               "no_answer_enabled": true, "no_answer_destination": ids.to_103})
    })
    .await;
}
