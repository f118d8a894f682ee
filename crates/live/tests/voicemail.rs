//! Voicemail on a live Asterisk: pbx renders each tenant's boxes, so a call
//! nobody answers leaves a message in the extension's box (the path the
//! simulator predicts), the phone gets its message-waiting indication, the
//! node mails the message to the box's email, and *97 opens the box with
//! its PIN.

use std::time::{Duration, Instant};

use pbx_live::asterisk::AsteriskSpec;
use pbx_live::oracle::{Contexts, End, assert_same_path, observed};
use pbx_live::scene::{Scene, ms};
use pbx_live::sipp::{Answer, CallResult};
use serde_json::json;

async fn scene(test: &str) -> Option<Scene> {
    let mut scene = Scene::new(test, AsteriskSpec::new("ast1")).await?;
    scene.pbx.tenant("ACME", json!({})).await;
    scene.pbx.extension("ACME", "pjsip", "100", json!({})).await;
    let settings = json!({"ring_timeout": 5, "voicemail_pin": "4321",
                          "voicemail_email": "ann@example.com"});
    scene
        .pbx
        .extension(
            "ACME",
            "pjsip",
            "101",
            json!({"name": "Ann Lee", "settings": settings}),
        )
        .await;
    scene.start().await;
    Some(scene)
}

/// Waits for `check` to hold (10 s at most).
fn eventually(check: impl Fn() -> bool) -> bool {
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if check() {
            return true;
        }
        std::thread::sleep(ms(100));
    }
    false
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unanswered_call_leaves_a_message_that_lights_the_phone_and_is_mailed() {
    let Some(scene) = scene("voicemail_message").await else {
        return;
    };
    let phone = scene.phone("ACME", "101", Answer::Never).await;
    let expected = scene.simulated("ACME", "101", "no_answer").await;
    assert_eq!(expected.0.end, End::Voicemail("101@ACME".into()));
    let observer = scene.observe().await;
    let caller = scene.endpoint("ACME", "100").await;
    let call = scene.dial(
        &scene
            .call(&caller, "101")
            .audio()
            .hold(Duration::from_secs(4)),
    );
    let trace = observer
        .call("pbx-ACME", "101", Duration::from_secs(40))
        .await;
    assert!(matches!(
        call.finish(Duration::from_secs(20)),
        CallResult::Answered { .. }
    ));
    assert_same_path(
        &expected,
        &observed(&trace, &Contexts::of("ACME"), "101"),
        &trace,
    );

    let inbox = scene.asterisk.voicemail_dir("ACME", "101").join("INBOX");
    assert!(
        eventually(|| inbox.join("msg0000.txt").exists() && inbox.join("msg0000.wav").exists()),
        "a message is in {}",
        inbox.display()
    );
    let info = std::fs::read_to_string(inbox.join("msg0000.txt")).unwrap();
    assert!(info.contains("100-ACME") || info.contains("100"), "{info}");
    assert!(
        eventually(|| phone
            .sipp
            .received("NOTIFY")
            .iter()
            .any(|n| n.body.contains("Messages-Waiting: yes"))),
        "the phone's message light is on"
    );
    assert!(
        eventually(|| scene
            .asterisk
            .voicemail_mail()
            .contains("To: \"Ann Lee\" <ann@example.com>")),
        "mailed to the box's email:\n{}",
        scene
            .asterisk
            .voicemail_mail()
            .chars()
            .take(600)
            .collect::<String>()
    );
    scene.asterisk.assert_clean();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn star_97_opens_the_box_with_its_pin_only() {
    let Some(scene) = scene("voicemail_pin").await else {
        return;
    };
    let owner = scene.endpoint("ACME", "101").await;
    let wrong = scene.dial(
        &scene
            .call(&owner, "*97")
            .dtmf("1111#", Duration::from_secs(1))
            .hold(Duration::from_secs(4)),
    );
    wrong.finish(Duration::from_secs(20));
    let log = scene.asterisk.full_log();
    assert!(
        log.contains("Incorrect password '1111' for user '101'"),
        "a wrong PIN is refused"
    );
    let before = log.matches("vm-youhave").count();
    let right = scene.dial(
        &scene
            .call(&owner, "*97")
            .dtmf("4321#", Duration::from_secs(1))
            .hold(Duration::from_secs(4)),
    );
    right.finish(Duration::from_secs(20));
    let log = scene.asterisk.full_log();
    assert!(
        !log.contains("Incorrect password '4321'"),
        "the PIN is accepted"
    );
    assert!(
        log.matches("vm-youhave").count() > before,
        "the box plays its message count after the PIN"
    );

    // 100 has no PIN: its box opens without asking for one.
    let (asked, opened) = (
        log.matches("vm-password").count(),
        log.matches("vm-youhave").count(),
    );
    let other = scene.endpoint("ACME", "100").await;
    scene
        .dial(&scene.call(&other, "*97").hold(Duration::from_secs(3)))
        .finish(Duration::from_secs(20));
    let log = scene.asterisk.full_log();
    assert_eq!(log.matches("vm-password").count(), asked, "no PIN asked");
    assert!(log.matches("vm-youhave").count() > opened, "the box opens");
    scene.asterisk.assert_clean();
}
