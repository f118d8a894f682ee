//! The media of live calls, followed up by pbx: a recorded call's
//! recording is mailed (attached, with what the tenant's speech service
//! made of it) and downloadable from its record; a voicemail message is
//! mailed once by pbx through its own mail queue, and the node's own
//! mailer sends nothing. The node writes its CDRs into pbx's PostgreSQL
//! (`cdr_pgsql`) and pbx reads its spool directory.
//!
//! Needs `PBX_TEST_POSTGRES_URL` and Python's aiosmtpd (`.ci/run` has
//! both); skips without them unless `PBX_REQUIRE_POSTGRES=1` /
//! `PBX_REQUIRE_SMTP=1`.

use std::time::Duration;

use axum::http::{Method, StatusCode};
use pbx_live::outbound::{Outbound, OutboundScene};
use pbx_live::scene::ms;
use pbx_live::sipp::{Answer, CallResult};
use pbx_testkit::smtp::SmtpServer;
use serde_json::{Value, json};

/// An accounted scene whose node's spool pbx reads, its mail going to
/// `smtp`; ACME with 100 (`settings`) and 101 (`callee`).
/// `None` when the test skips.
async fn scene(
    test: &str,
    smtp: &SmtpServer,
    settings: Value,
    callee: Value,
) -> Option<OutboundScene> {
    let mut out = OutboundScene::accounted(test).await?;
    let pbx = &out.scene.pbx;
    let spool = out.scene.asterisk.root().join("spool");
    let node = format!("/api/v1/nodes/{}", out.scene.node);
    let body = json!({"spool_dir": spool.display().to_string()});
    pbx.ok(Method::PATCH, &node, Some(body)).await;
    let mail = json!({"host": "127.0.0.1", "port": smtp.port, "security": "none",
                      "sender": "PBX <pbx@example.com>", "public_url": "https://pbx.example.com"});
    pbx.ok(Method::PUT, "/api/v1/mail/settings", Some(mail))
        .await;
    pbx.tenant("ACME", json!({})).await;
    pbx.extension("ACME", "pjsip", "100", json!({ "settings": settings }))
        .await;
    pbx.extension("ACME", "pjsip", "101", callee).await;
    out.scene.start().await;
    Some(out)
}

fn smtp() -> Option<SmtpServer> {
    SmtpServer::start()
}
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_recorded_external_call_is_mailed_with_its_recording_and_can_be_downloaded() {
    let Some(smtp) = smtp() else { return };
    let settings = json!({"outbound_recording": {"outbound_recording": "always",
        "recording_email": "rec@example.com"}});
    let Some(out) = scene("media_recording", &smtp, settings, json!({})).await else {
        return;
    };
    let placed = out
        .place("ACME", "100", "02079460000", |c| c.audio().hold(ms(2_500)))
        .await;
    assert!(matches!(placed.outbound(), Outbound::Routed { .. }));
    assert!(
        matches!(placed.result, CallResult::Answered { .. }),
        "{:?}",
        placed.result
    );
    let pbx = &out.scene.pbx;
    let calls = pbx
        .follow_up_until(
            "/api/v1/tenants/ACME/calls",
            Duration::from_secs(30),
            |_| !smtp.received().is_empty(),
        )
        .await;
    let mails = smtp.received();
    assert_eq!(mails.len(), 1, "one recording mail: {mails:?}");
    let mail = &mails[0];
    assert_eq!(mail.rcpt_tos, vec!["rec@example.com".to_owned()]);
    assert_eq!(mail.subject, "Recording of a call from 100 to 02079460000");
    assert!(mail.body.contains("extension 100 of ACME"), "{}", mail.body);
    assert_eq!(mail.attachments.len(), 1, "{mail:?}");
    let attached = &mail.attachments[0];
    assert!(
        attached
            .name
            .as_deref()
            .is_some_and(|n| n.ends_with("-out.wav")),
        "{attached:?}"
    );
    assert!(attached.size > 44, "more than a WAV header: {attached:?}");

    let record = calls["items"]
        .as_array()
        .and_then(|items| items.iter().find(|c| c["direction"] == "outbound"))
        .unwrap_or_else(|| panic!("an outbound record: {calls}"));
    let recording = record["recording"].as_str().expect("a recording");
    assert!(recording.ends_with("-out.wav"), "{record}");
    let url = format!("/api/v1/tenants/ACME/calls/{}/recording", record["id"]);
    let (status, kind, bytes) = pbx.get_bytes(&url).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(kind, "audio/wav");
    assert_eq!(bytes.len(), attached.size, "the file that was mailed");
    assert_eq!(&bytes[..4], b"RIFF");
    // Another tenant's call id is not found through this tenant.
    pbx.tenant("OTHER", json!({})).await;
    let (status, _, _) = pbx
        .get_bytes(&format!(
            "/api/v1/tenants/OTHER/calls/{}/recording",
            record["id"]
        ))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    out.scene.asterisk.assert_clean();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pbx_mails_a_voicemail_message_once_and_the_node_mails_nothing() {
    let Some(smtp) = smtp() else { return };
    let callee = json!({"name": "Ann Lee", "settings": {"ring_timeout": 5,
        "voicemail_email": "ann@example.com"}});
    let Some(out) = scene("media_voicemail", &smtp, json!({}), callee).await else {
        return;
    };
    let scene = &out.scene;
    let _phone = scene.phone("ACME", "101", Answer::Never).await;
    let caller = scene.endpoint("ACME", "100").await;
    let call = scene.dial(
        &scene
            .call(&caller, "101")
            .audio()
            .hold(Duration::from_secs(4)),
    );
    assert!(matches!(
        call.finish(Duration::from_secs(30)),
        CallResult::Answered { .. }
    ));
    let inbox = scene.asterisk.voicemail_dir("ACME", "101").join("INBOX");
    scene
        .pbx
        .follow_up_until(
            "/api/v1/tenants/ACME/calls",
            Duration::from_secs(30),
            |_| !smtp.received().is_empty(),
        )
        .await;
    // More rounds: a second CDR naming the box must not mail it again.
    for _ in 0..4 {
        scene
            .pbx
            .follow_up_until("/api/v1/tenants/ACME/calls", ms(0), |_| true)
            .await;
        tokio::time::sleep(ms(500)).await;
    }
    let mails = smtp.received();
    assert_eq!(mails.len(), 1, "one voicemail mail: {mails:?}");
    let mail = &mails[0];
    assert_eq!(mail.rcpt_tos, vec!["ann@example.com".to_owned()]);
    assert!(
        mail.subject.starts_with("New voicemail from") && mail.subject.ends_with("for 101"),
        "{}",
        mail.subject
    );
    assert!(mail.body.contains("box 101 of ACME"), "{}", mail.body);
    assert_eq!(mail.attachments.len(), 1, "{mail:?}");
    let audio = std::fs::metadata(inbox.join("msg0000.wav")).expect("the message's audio");
    assert_eq!(mail.attachments[0].name.as_deref(), Some("msg0000.wav"));
    assert_eq!(mail.attachments[0].size as u64, audio.len());
    assert_eq!(
        scene.asterisk.voicemail_mail(),
        "",
        "the node's own mailer sent nothing"
    );
    scene.asterisk.assert_clean();
}
