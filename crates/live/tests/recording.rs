//! Inbound recording on a live Asterisk: the call is recorded to a file,
//! and with recording privacy the notice plays once the callee answers.
//! Before the fix the notice was a `Playback` before the `Dial`: it
//! answered the caller and played while the callee had not even rung.

use std::time::Duration;

use pbx_live::asterisk::AsteriskSpec;
use pbx_live::scene::{Scene, ms};
use pbx_live::sipp::{Answer, CallResult};
use serde_json::json;

/// The position of the first line of `log` containing `text`.
fn first(log: &str, text: &str) -> Option<usize> {
    log.lines().position(|l| l.contains(text))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_recorded_call_plays_the_privacy_notice_after_the_answer() {
    let Some(mut scene) = Scene::new("recording_privacy", AsteriskSpec::new("ast1")).await else {
        return;
    };
    scene.pbx.tenant("ACME", json!({})).await;
    scene.pbx.extension("ACME", "pjsip", "100", json!({})).await;
    // `inbound_recording` is also its section's name: send the section.
    let settings = json!({"inbound_recording": {
        "inbound_recording": "always", "inbound_recording_privacy": true}});
    scene
        .pbx
        .extension("ACME", "pjsip", "101", json!({"settings": settings}))
        .await;
    scene.start().await;
    let _callee = scene.phone("ACME", "101", Answer::After(ms(1500))).await;
    let mark = scene.asterisk.mark();
    let caller = scene.endpoint("ACME", "100").await;
    let result = scene
        .dial(&scene.call(&caller, "101").hold(Duration::from_secs(2)))
        .finish(Duration::from_secs(20));
    assert!(matches!(result, CallResult::Answered { .. }), "{result:?}");
    let log = mark.read_from(&scene.asterisk.root().join("log/full.log"));
    let rung = first(&log, "Called PJSIP/101-ACME").expect("101 rang");
    let answered = first(&log, "answered PJSIP/100-ACME").expect("101 answered");
    let notices: Vec<usize> = log
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains("Playing 'custom/pbx-recording-notice"))
        .map(|(i, _)| i)
        .collect();
    assert_eq!(
        notices.len(),
        2,
        "played to the caller and the callee:\n{log}"
    );
    assert!(
        rung < answered && notices.iter().all(|&n| n > answered),
        "the notice plays after the answer:\n{log}"
    );
    let monitor = scene.asterisk.root().join("spool/monitor");
    let recorded: Vec<_> = std::fs::read_dir(&monitor)
        .map(|dir| dir.filter_map(Result::ok).collect())
        .unwrap_or_default();
    assert!(
        recorded.iter().any(|f| {
            f.file_name().to_string_lossy().ends_with("-in.wav")
                && f.metadata().is_ok_and(|m| m.len() > 44)
        }),
        "a recording in {}",
        monitor.display()
    );
    scene.asterisk.assert_clean();
}
