//! The demo tenant on a live Asterisk: what pbx renders loads without a
//! single problem, every phone registers with its secret, and one
//! extension calls another.

use std::time::Duration;

use axum::http::Method;
use pbx_live::asterisk::AsteriskSpec;
use pbx_live::scene::{Scene, ms};
use pbx_live::sipp::{Answer, CallResult};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_tenant_loads_registers_and_calls() {
    let Some(mut scene) = Scene::new("demo", AsteriskSpec::new("ast1")).await else {
        return;
    };
    scene.pbx.service.load_demo().await.expect("load the demo");
    scene.start().await;
    let list = scene
        .pbx
        .ok(
            Method::GET,
            "/api/v1/tenants/CANISTRACCI/extensions?per_page=100",
            None,
        )
        .await;
    let phones: Vec<_> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| matches!(e["kind"].as_str(), Some("sip" | "pjsip")))
        .map(|e| e["number"].as_str().unwrap().to_owned())
        .collect();
    assert!(phones.len() >= 4, "{phones:?}");
    let mut registered = Vec::new();
    for number in &phones {
        registered.push(
            scene
                .phone("CANISTRACCI", number, Answer::After(ms(100)))
                .await,
        );
    }
    let caller = scene.endpoint("CANISTRACCI", &phones[0]).await;
    let observer = scene.observe().await;
    let call = scene.dial(&scene.call(&caller, &phones[1]).hold(ms(500)));
    let result = call.finish(Duration::from_secs(30));
    let trace = observer
        .call("pbx-CANISTRACCI", &phones[1], Duration::from_secs(10))
        .await;
    assert_eq!(
        result,
        CallResult::Answered {
            far_end_hung_up: false
        },
        "{}",
        trace.describe()
    );
    scene.asterisk.assert_clean();
}
