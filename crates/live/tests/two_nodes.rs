//! Two live Asterisk nodes joined by the inter-node trunk: a phone
//! registered on node B is reached by a call placed on node A.

use std::time::Duration;

use pbx_live::asterisk::{Asterisk, AsteriskSpec};
use pbx_live::env::require;
use pbx_live::observe::Observer;
use pbx_live::pbx::Pbx;
use pbx_live::scene::ms;
use pbx_live::sipp::{Answer, CallResult, CallSpec, Endpoint, Phone, Stack};
use serde_json::{Value, json};

fn endpoint(extension: &Value, node: &Asterisk) -> Endpoint {
    Endpoint {
        target: node.ports.pjsip_udp,
        stack: Stack::Pjsip,
        user: extension["username"].as_str().unwrap().into(),
        password: extension["secret"].as_str().unwrap().into(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_phone_on_node_b_is_reached_by_a_call_placed_on_node_a() {
    let Some(install) = require("two_nodes") else {
        return;
    };
    let pbx = Pbx::sqlite().await;
    let mut a = Asterisk::prepare(install, AsteriskSpec::new("ast-a"));
    let mut b = Asterisk::prepare(install, AsteriskSpec::new("ast-b"));
    Asterisk::link(&a, &b, "internode");
    for (name, node) in [("ast-a", &a), ("ast-b", &b)] {
        pbx.node_with(name, node, json!({"inter_node_trunk": "internode"}))
            .await;
    }
    pbx.tenant("ACME", json!({})).await;
    let caller = pbx.extension("ACME", "pjsip", "100", json!({})).await;
    let callee = pbx.extension("ACME", "pjsip", "101", json!({})).await;
    pbx.render_files().await;
    a.start();
    b.start();
    a.assert_clean();
    b.assert_clean();
    let sipp = tempfile::tempdir().unwrap();
    let phone = Phone::register(
        install,
        sipp.path(),
        &endpoint(&callee, &b),
        Answer::After(ms(100)),
    )
    .unwrap_or_else(|_| panic!("101 registers on node B"));
    let on_a = Observer::start(&a).await;
    let on_b = Observer::start(&b).await;
    let call = CallSpec::new(&endpoint(&caller, &a), "101")
        .hold(ms(300))
        .start(install, sipp.path());
    let trace_a = on_a.call("pbx-ACME", "101", Duration::from_secs(20)).await;
    let trace_b = on_b
        .call("pbx-internode", "ACME101", Duration::from_secs(20))
        .await;
    assert!(
        matches!(
            call.finish(Duration::from_secs(20)),
            CallResult::Answered { .. }
        ),
        "answered across the nodes\nA:\n{}\nB:\n{}",
        trace_a.describe(),
        trace_b.describe()
    );
    let dial_a: Vec<String> = trace_a.dials().iter().map(|d| d.channel.clone()).collect();
    assert!(
        dial_a.iter().any(|c| c.starts_with("PJSIP/internode-")),
        "node A rang the trunk: {dial_a:?}"
    );
    let dial_b = trace_b.dials();
    assert!(
        dial_b
            .iter()
            .any(|d| d.channel.starts_with("PJSIP/101-ACME-")
                && d.status.as_deref() == Some("ANSWER")),
        "node B rang the phone: {dial_b:?}"
    );
    assert!(!phone.invites().is_empty());
    a.assert_clean();
    b.assert_clean();
}
