//! A call that enters a tenant's context without a calling extension (a
//! Local channel here; a transferred trunk call is the same) runs no
//! extension's outbound policy. Before the fix it ran the policy of the
//! extension it called (`Gosub(<policy>,,1(...))` falls back to the
//! current extension), so the callee's max duration, spy groups and
//! recording applied to a call the callee did not place; and such a call
//! to an external number is refused, since nobody's limits apply to it.

use std::time::Duration;

use pbx_asterisk::ami::Action;
use pbx_live::asterisk::AsteriskSpec;
use pbx_live::scene::{Scene, ms};
use pbx_live::sipp::Answer;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_call_without_a_calling_extension_runs_no_extensions_policy() {
    let Some(mut scene) = Scene::new("no_calling_extension", AsteriskSpec::new("ast1")).await
    else {
        return;
    };
    scene.pbx.tenant("ACME", json!({})).await;
    scene
        .pbx
        .extension(
            "ACME",
            "pjsip",
            "101",
            json!({"settings": {"max_call_duration": 3}}),
        )
        .await;
    scene.start().await;
    let phone = scene.phone("ACME", "101", Answer::After(ms(200))).await;
    let mark = scene.asterisk.mark();
    let mut ami = scene.asterisk.ami().await;
    for exten in ["101", "5551234"] {
        let originate = Action::new("Originate")
            .header("Channel", &format!("Local/{exten}@pbx-ACME"))
            .header("Application", "Wait")
            .header("Data", "2")
            .header("Async", "true");
        ami.send(&originate).await.expect("originate");
    }
    tokio::time::sleep(Duration::from_secs(6)).await;
    let log = mark.read_from(&scene.asterisk.root().join("log/full.log"));
    assert!(
        !log.contains("Executing [101@pbx-ACME-policy:1]"),
        "not the policy of the extension called:\n{log}"
    );
    assert!(
        log.contains("Executing [nobody@pbx-ACME-policy:1]"),
        "the calls run the policy of nobody"
    );
    assert!(
        log.contains("Hangup(\"Local/5551234@pbx-ACME"),
        "an external call without a calling extension is refused"
    );
    assert!(
        !phone.sipp.received("INVITE").is_empty(),
        "the internal call rang 101"
    );
    scene.asterisk.assert_clean();
}
