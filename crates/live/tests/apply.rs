//! Changes made through the API reach a live Asterisk through the projector
//! `pbx serve` runs: the next call behaves differently within a second,
//! with only the reloads the change needs; a change the node does not load
//! is rolled back and the previous behaviour keeps working.

use std::time::{Duration, Instant};

use pbx_asterisk::apply::Reload;
use pbx_live::asterisk::AsteriskSpec;
use pbx_live::oracle::{Contexts, End, assert_same_path, observed};
use pbx_live::scene::{Scene, ms};
use pbx_live::sipp::{Answer, CallResult};
use serde_json::json;

/// ACME with 100 (caller), 101 (called) and 102, phones registered, the
/// projector running and quiet.
async fn scene(test: &str) -> Option<Scene> {
    let mut scene = Scene::new(test, AsteriskSpec::new("ast1")).await?;
    scene.pbx.tenant("ACME", json!({})).await;
    for number in ["100", "101", "102"] {
        scene
            .pbx
            .extension("ACME", "pjsip", number, json!({}))
            .await;
    }
    scene
        .pbx
        .object("ACME", "destination", "To 102", "ext:102")
        .await;
    scene.start().await;
    scene.pbx.start_projector();
    scene.pbx.settle(Duration::from_secs(10)).await;
    Some(scene)
}

/// Calls 101 from 100 and returns where the call ended, checked against
/// the simulator.
async fn call_101(scene: &Scene) -> End {
    let expected = scene.simulated("ACME", "101", "available").await;
    let observer = scene.observe().await;
    let caller = scene.endpoint("ACME", "100").await;
    let call = scene.dial(&scene.call(&caller, "101").hold(ms(300)));
    let trace = observer
        .call("pbx-ACME", "101", Duration::from_secs(20))
        .await;
    assert!(matches!(
        call.finish(Duration::from_secs(20)),
        CallResult::Answered { .. }
    ));
    let seen = observed(&trace, &Contexts::of("ACME"), "101");
    assert_same_path(&expected, &seen, &trace);
    seen.end
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_api_edit_changes_the_next_call_within_a_second_with_a_dialplan_reload_only() {
    let Some(mut scene) = scene("apply_edit").await else {
        return;
    };
    let _phones = [
        scene.phone("ACME", "101", Answer::After(ms(100))).await,
        scene.phone("ACME", "102", Answer::After(ms(100))).await,
    ];
    assert_eq!(
        call_101(&scene).await,
        End::Answered(vec!["PJSIP/101-ACME".into()])
    );
    let destination = scene
        .pbx
        .object("ACME", "destination", "Also 102", "ext:102")
        .await;
    scene.pbx.settle(Duration::from_secs(10)).await;
    let started = Instant::now();
    scene
        .pbx
        .change(
            "ACME",
            "101",
            json!({"settings": {"unconditional_enabled": true, "unconditional_destination": destination}}),
        )
        .await;
    let report = scene.pbx.applied_ok(Duration::from_secs(5)).await;
    let elapsed = started.elapsed();
    assert!(elapsed < Duration::from_secs(1), "live after {elapsed:?}");
    let node = report.nodes[0].as_ref().unwrap();
    assert_eq!(
        node.reloads,
        vec![Reload::Dialplan],
        "a dialplan-only change"
    );
    assert_eq!(call_101(&scene).await, End::Extension("102".into()));
    scene.asterisk.assert_clean();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_endpoint_the_node_does_not_load_is_rolled_back_and_calls_keep_working() {
    let Some(mut scene) = scene("apply_rejected").await else {
        return;
    };
    let _phone = scene.phone("ACME", "101", Answer::After(ms(100))).await;
    let before = std::fs::read_to_string(scene.asterisk.pbx_dir().join("pjsip-ACME.conf")).unwrap();
    let mark = scene.asterisk.mark();
    scene
        .pbx
        .change(
            "ACME",
            "101",
            json!({"settings": {"media_encryption": "dtls", "dtls_cert_file": "/etc/asterisk/keys/missing.pem"}}),
        )
        .await;
    let report = scene.pbx.applied(Duration::from_secs(10)).await;
    let failure = report.nodes[0]
        .as_ref()
        .expect_err("the apply is reported as failed");
    assert!(
        failure.contains("PJSIP endpoint 101-ACME") && failure.contains("restored"),
        "{failure}"
    );
    let problems = scene.asterisk.problems_since(&mark);
    assert!(
        problems.iter().any(|p| p.line.contains("missing.pem")),
        "the node refused the certificate: {problems:?}"
    );
    let after = std::fs::read_to_string(scene.asterisk.pbx_dir().join("pjsip-ACME.conf")).unwrap();
    assert_eq!(after, before, "the previous file is back");
    assert_eq!(
        call_101(&scene).await,
        End::Answered(vec!["PJSIP/101-ACME".into()]),
        "the endpoint still works"
    );
}
