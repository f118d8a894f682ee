//! The follow-up of calls' media on the store (PostgreSQL, where nodes
//! write their CDRs): a CDR naming a recording or a voicemail box queues a
//! job with its record; the worker mails the recording from the node's
//! spool directory as the owning extension asks (minimum size, address),
//! waits for a file not there yet, mails a voicemail message once however
//! many CDRs name it, and serves the recording only to those who may see
//! the call.

mod support;

use std::path::Path;

use pbx_service::extensions::{ExtensionInput, Scope};
use pbx_service::{Actor, Role, Service, ServiceError};
use pbx_store::cdr_landing::{LandedCdr, land};
use pbx_store::mail::outbox::{self, QueuedMail};
use pbx_testkit::data::extension;
use serde_json::{Value, json};

const START: i64 = 1_796_000_000;

/// A CDR of ACME's 100 calling 101 (`int`), naming `recording` and the
/// voicemail box `voicemail`.
fn cdr(n: usize, recording: &str, voicemail: &str) -> LandedCdr {
    LandedCdr {
        start: START,
        answer: START + 5,
        end: START + 30,
        duration: 30,
        billsec: 25,
        src: "100".into(),
        dst: "101".into(),
        channel: "PJSIP/100-ACME-00000001".into(),
        uniqueid: format!("{START}.{n}"),
        linkedid: format!("{START}.1"),
        disposition: "ANSWERED".into(),
        pbx_tenant: "ACME".into(),
        pbx_ext: "100".into(),
        pbx_direction: "int".into(),
        pbx_node: "ast1".into(),
        pbx_dialled: "101".into(),
        pbx_recording: recording.into(),
        pbx_voicemail: voicemail.into(),
        ..LandedCdr::default()
    }
}

/// ACME with 100 (`settings`) and 101 (`callee`), a node whose spool is
/// `spool`, and system mail settings; `None` without PostgreSQL.
async fn service(spool: &Path, settings: Value, callee: Value) -> Option<Service> {
    let (_, service, _) = support::backends()
        .await
        .into_iter()
        .find(|(backend, _, _)| backend == "postgres")?;
    support::tenant(&service, "ACME", 10).await;
    let cli = Actor::cli();
    for (number, settings) in [("100", settings), ("101", callee)] {
        let mut input = extension("pjsip", number, "");
        input.settings_json = Some(settings);
        service
            .create_extension(&cli, "ACME", &input)
            .await
            .unwrap();
    }
    let node = json!({"name": "ast1", "output_dir": spool.join("etc").to_str().unwrap(),
        "ami_secret": "s", "spool_dir": spool.to_str().unwrap()});
    service.create_node(&cli, &node).await.unwrap();
    let mail = json!({"host": "127.0.0.1", "port": 2525, "security": "none",
        "sender": "pbx@example.com", "public_url": "https://pbx.example.com/"});
    service.put_mail_settings(&cli, None, &mail).await.unwrap();
    Some(service)
}

async fn land_all(service: &Service, cdrs: &[LandedCdr]) {
    let mut conn = service.store().conn().await.unwrap();
    for c in cdrs {
        land(&mut conn, c).await.unwrap();
    }
}

/// Ingests, follows up, and answers what mail the tenant has queued.
async fn follow_up(service: &Service) -> Vec<QueuedMail> {
    service.ingest_cdrs().await.unwrap();
    service.follow_up_media().await.unwrap();
    let mut conn = service.store().conn().await.unwrap();
    let tenant = pbx_store::tenants::by_code(&mut conn, "ACME")
        .await
        .unwrap();
    outbox::list(&mut conn, Some(tenant.id), 100).await.unwrap()
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
    // Older than the "still being written" window.
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(10);
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(old)
        .unwrap();
}

fn recording_settings(min_kb: i64) -> Value {
    json!({"outbound_recording": {"recording_email": "rec@example.com",
        "recording_min_size_kb": min_kb}})
}

#[tokio::test]
async fn a_recording_is_mailed_once_from_the_spool_when_it_is_large_enough() {
    let spool = tempfile::tempdir().unwrap();
    let Some(service) = service(spool.path(), recording_settings(2), json!({})).await else {
        return;
    };
    write(&spool.path().join("monitor/big-out.wav"), &[1; 4096]);
    write(&spool.path().join("monitor/small-out.wav"), &[1; 1000]);
    land_all(
        &service,
        &[cdr(1, "big-out.wav", ""), cdr(2, "small-out.wav", "")],
    )
    .await;
    let mails = follow_up(&service).await;
    assert_eq!(mails.len(), 1, "the small one is under 2 KB: {mails:?}");
    let mail = &mails[0].mail;
    assert_eq!(mail.kind, "recording");
    assert_eq!(mail.recipients, vec!["rec@example.com".to_owned()]);
    assert_eq!(mail.subject, "Recording of a call from 100 to 101");
    let attached = spool.path().join("monitor/big-out.wav");
    assert_eq!(
        mail.attachment_path.as_deref(),
        Some(attached.to_str().unwrap())
    );
    // Done jobs are gone: another round mails nothing more.
    assert_eq!(follow_up(&service).await.len(), 1);
}

#[tokio::test]
async fn a_recording_not_in_the_spool_yet_is_waited_for() {
    let spool = tempfile::tempdir().unwrap();
    let Some(service) = service(spool.path(), recording_settings(0), json!({})).await else {
        return;
    };
    let mut late = cdr(1, "late-out.wav", "");
    // A call that just ended: its file may still come.
    let now = pbx_store::now();
    (late.start, late.answer, late.end) = (now - 20, now - 15, now);
    land_all(&service, &[late]).await;
    assert!(follow_up(&service).await.is_empty());
    write(&spool.path().join("monitor/late-out.wav"), &[1; 100]);
    // The job is due again after its short wait.
    tokio::time::sleep(std::time::Duration::from_millis(3_100)).await;
    let mails = follow_up(&service).await;
    assert_eq!(mails.len(), 1, "{mails:?}");
}

#[tokio::test]
async fn inbound_recordings_need_their_own_flag() {
    let spool = tempfile::tempdir().unwrap();
    let callee = json!({"user_email": "bob@example.com"});
    let Some(service) = service(spool.path(), json!({}), callee).await else {
        return;
    };
    write(&spool.path().join("monitor/a-in.wav"), &[1; 100]);
    land_all(&service, &[cdr(1, "a-in.wav", "")]).await;
    assert!(follow_up(&service).await.is_empty(), "101 asked for none");
    let cli = Actor::cli();
    let flag = json!({"inbound_recording": {"inbound_recording_email": true}});
    let change = ExtensionInput {
        settings_json: Some(flag),
        version: Some(1),
        ..Default::default()
    };
    service
        .update_extension(&cli, "ACME", "101", &change, Scope::Extension)
        .await
        .unwrap();
    land_all(&service, &[cdr(2, "a-in.wav", "")]).await;
    let mails = follow_up(&service).await;
    assert_eq!(mails.len(), 1, "{mails:?}");
    assert_eq!(mails[0].mail.recipients, vec!["bob@example.com".to_owned()]);
}

#[tokio::test]
async fn a_voicemail_message_is_mailed_once_with_its_audio() {
    let spool = tempfile::tempdir().unwrap();
    let callee = json!({"voicemail_email": "ann@example.com"});
    let Some(service) = service(spool.path(), json!({}), callee).await else {
        return;
    };
    let inbox = spool.path().join("voicemail/ACME/101/INBOX");
    let description = format!(
        "[message]\ncallerid=\"Bob\" <100>\norigtime={}\nmsg_id={START}-00000001\nduration=7\n",
        START + 12
    );
    write(&inbox.join("msg0000.txt"), description.as_bytes());
    write(&inbox.join("msg0000.wav"), b"RIFF....WAVE");
    // A message of another call, long before this one.
    write(
        &inbox.join("msg0001.txt"),
        format!("origtime={}\nmsg_id=old\n", START - 3_600).as_bytes(),
    );
    // Two CDRs of the one call name the box.
    land_all(&service, &[cdr(1, "", "101"), cdr(2, "", "101")]).await;
    let mails = follow_up(&service).await;
    assert_eq!(mails.len(), 1, "{mails:?}");
    let mail = &mails[0].mail;
    assert_eq!(mail.kind, "voicemail");
    assert_eq!(mail.recipients, vec!["ann@example.com".to_owned()]);
    assert_eq!(mail.subject, "New voicemail from \"Bob\" <100> for 101");
    assert!(mail.body.contains("Length:    7 s"), "{}", mail.body);
    assert_eq!(
        mail.attachment_path.as_deref(),
        Some(inbox.join("msg0000.wav").to_str().unwrap())
    );
    assert_eq!(follow_up(&service).await.len(), 1, "not mailed again");
}

#[tokio::test]
async fn a_recording_is_served_to_those_who_may_see_the_call_only() {
    let spool = tempfile::tempdir().unwrap();
    let Some(service) = service(spool.path(), json!({}), json!({})).await else {
        return;
    };
    write(&spool.path().join("monitor/x-out.wav"), b"RIFFdata");
    land_all(&service, &[cdr(1, "x-out.wav", "")]).await;
    follow_up(&service).await;
    let cli = Actor::cli();
    let query = pbx_service::calls::CallQuery::default();
    let calls = service.list_calls(&cli, "ACME", &query).await.unwrap();
    let id = calls[0].id;
    let path = service.call_recording(&cli, "ACME", id).await.unwrap();
    assert_eq!(std::fs::read(path).unwrap(), b"RIFFdata");
    let other = support::actor(
        &service,
        "r101",
        Role::RestrictedAdmin,
        &[],
        &[("ACME", "101")],
    )
    .await;
    let refused = service.call_recording(&other, "ACME", id).await;
    assert!(
        matches!(refused, Err(ServiceError::NotFound(_))),
        "{refused:?}"
    );
    support::tenant(&service, "OTHER", 1).await;
    let elsewhere = service.call_recording(&cli, "OTHER", id).await;
    assert!(matches!(elsewhere, Err(ServiceError::NotFound(_))));
}

#[tokio::test]
async fn a_spool_directory_needs_postgresql() {
    for (backend, service, _dir) in support::backends().await {
        let node = json!({"name": "ast1", "output_dir": "/tmp/pbx-out", "ami_secret": "s",
            "spool_dir": "/mnt/ast1/spool"});
        let created = service.create_node(&Actor::cli(), &node).await;
        if backend == "postgres" {
            assert!(created.is_ok(), "{created:?}");
        } else {
            let Err(ServiceError::Invalid(errors)) = created else {
                panic!("refused on {backend}: {created:?}");
            };
            assert_eq!(errors.0[0].field, "spool_dir");
        }
        let relative = json!({"name": "ast2", "output_dir": "/tmp/pbx-out", "ami_secret": "s",
            "spool_dir": "spool"});
        let Err(ServiceError::Invalid(errors)) =
            service.create_node(&Actor::cli(), &relative).await
        else {
            panic!("a relative spool directory is refused");
        };
        assert!(errors.0.iter().any(|e| e.field == "spool_dir"));
    }
}
