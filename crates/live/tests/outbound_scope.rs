//! An extension's limits on the calls it places (max duration, outbound
//! recording) apply to its external calls only: not to its internal
//! calls, and not to a call that enters the tenant's context without a
//! calling extension (a trunk call transferred there, a Local channel),
//! which must not take the called extension's outbound policy either.
//! (`outbound_policy.rs` shows them applied to an external call.)

use std::time::Duration;

use pbx_live::asterisk::AsteriskSpec;
use pbx_live::observe::CallTrace;
use pbx_live::ports::free_port;
use pbx_live::scene::{Scene, ms};
use pbx_live::sipp::{Answer, CallResult, CallSpec, Endpoint, Stack};
use serde_json::json;

/// ACME with 100 (max duration 2 s, outbound recording always) and 101,
/// both phones registered and answering, on a node whose trunk `pstn`
/// sends its calls to ACME's context.
async fn scene(test: &str) -> Option<(Scene, [pbx_live::sipp::Phone; 2])> {
    let spec = AsteriskSpec::new("ast1").trunk("pstn", free_port(), "pbx-ACME");
    let mut scene = Scene::new(test, spec).await?;
    scene.pbx.tenant("ACME", json!({})).await;
    let limited = json!({"max_call_duration": 2,
                         "outbound_recording": {"outbound_recording": "always"}});
    let pbx = &scene.pbx;
    pbx.extension("ACME", "pjsip", "100", json!({"settings": limited}))
        .await;
    pbx.extension("ACME", "pjsip", "101", json!({})).await;
    scene.start().await;
    let phones = [
        scene.phone("ACME", "100", Answer::After(ms(100))).await,
        scene.phone("ACME", "101", Answer::After(ms(100))).await,
    ];
    Some((scene, phones))
}

/// Places `spec` (answered, the caller hangs up after 4 s); asserts that
/// the caller ended it, not the node, and that it was not recorded.
async fn assert_held_and_not_recorded(scene: &Scene, spec: CallSpec) {
    let observer = scene.observe().await;
    let number = spec.number.clone();
    let result = scene
        .dial(&spec.hold(Duration::from_secs(4)))
        .finish(Duration::from_secs(20));
    let trace: CallTrace = observer
        .call("pbx-ACME", &number, Duration::from_secs(20))
        .await;
    assert_eq!(
        result,
        CallResult::Answered {
            far_end_hung_up: false
        },
        "the caller hangs up after 4 s, the node does not cut the call at 2 s:\n{}",
        trace.describe()
    );
    assert!(
        !trace.ran("MixMonitor"),
        "not recorded as an outbound call:\n{}",
        trace.describe()
    );
    scene.asterisk.assert_clean();
}

/// Defect: the max duration and outbound recording of the calling
/// extension applied to every call it placed, internal calls too.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_internal_call_is_neither_cut_at_the_max_duration_nor_recorded_as_outbound() {
    let Some((scene, _phones)) = scene("scope_internal").await else {
        return;
    };
    let caller = scene.endpoint("ACME", "100").await;
    assert_held_and_not_recorded(&scene, scene.call(&caller, "101")).await;
}

/// Defect: a call without a calling extension (`PBX_EXT` empty) ran the
/// called extension's outbound policy: 100's max duration cut a trunk's
/// call to 100, and 100's outbound recording recorded it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_call_without_a_calling_extension_does_not_take_the_called_extensions_limits() {
    let Some((scene, _phones)) = scene("scope_no_caller").await else {
        return;
    };
    let trunk = Endpoint {
        target: scene.asterisk.ports.pjsip_udp,
        stack: Stack::Pjsip,
        user: "+15557770000".into(),
        password: String::new(),
    };
    let spec = scene.call(&trunk, "100").header("X-Pbx-Trunk: pstn");
    assert_held_and_not_recorded(&scene, spec).await;
}
