//! Outgoing mail end to end against a real SMTP server (Python's aiosmtpd,
//! see `pbx_testkit::smtp`), on SQLite and PostgreSQL: what arrives, a mail
//! queued while the server is down, retries and giving up, two mailers on
//! one database, the tenant's own server, AUTH, the sealed password, and
//! "send account information" on save.

#[expect(dead_code, reason = "each instance connects with the sealing key")]
mod support;

use std::time::Duration;

use pbx_service::mail::{
    Mail, MailerConfig, MissedCall, Recipient, Recording, deliver_due, spawn_mailer, utc_text,
};
use pbx_service::{Actor, Permission, Role, Service, Store};
use pbx_store::secrets::SecretKey;
use pbx_testkit::smtp::{SmtpServer, free_port};
use serde_json::{Value, json};

/// One key for the whole test binary (the key is process-wide).
fn key() -> SecretKey {
    static KEY: std::sync::OnceLock<SecretKey> = std::sync::OnceLock::new();
    KEY.get_or_init(SecretKey::generate).clone()
}

/// A service per backend, sealing secrets, with tenant ACME.
async fn backends() -> Vec<(String, Service, Option<tempfile::TempDir>)> {
    let mut out = Vec::new();
    for (backend, url, dir) in support::databases().await {
        let service = Service::new(Store::connect_with_key(&url, &key()).await.unwrap());
        support::tenant(&service, "ACME", 100).await;
        out.push((backend, service, dir));
    }
    out
}

/// A mailer that retries fast (tests cannot wait minutes).
fn fast(name: &str, max_attempts: i64) -> MailerConfig {
    MailerConfig {
        name: name.to_owned(),
        poll: Duration::from_millis(50),
        backoff: vec![Duration::from_millis(200)],
        max_attempts,
        lease: Duration::from_secs(30),
        timeout: Duration::from_secs(5),
    }
}

fn server_settings(port: u16) -> Value {
    json!({"host": "127.0.0.1", "port": port, "security": "none", "sender": "PBX <pbx@example.com>"})
}

async fn configure_system(service: &Service, body: Value) {
    service
        .put_mail_settings(&Actor::cli(), None, &body)
        .await
        .unwrap();
}

fn missed_call(to: &str) -> Mail {
    let call = MissedCall {
        tenant: "ACME Ltd".into(),
        caller: "Bob <5551234>".into(),
        callee: "101".into(),
        at: utc_text(1_796_216_700),
    };
    Mail::missed_call(Recipient::parse(to).unwrap(), &call).unwrap()
}

/// The states of the tenant's queue, oldest first.
async fn states(service: &Service, tenant: Option<&str>) -> Vec<(String, i64)> {
    let mut queue = service.mail_queue(&Actor::cli(), tenant).await.unwrap();
    queue.reverse();
    queue
        .iter()
        .map(|m| (m.state.as_str().to_owned(), m.attempts))
        .collect()
}

#[tokio::test]
async fn a_queued_mail_arrives_with_its_recipients_subject_and_body() {
    let Some(smtp) = SmtpServer::start() else {
        return;
    };
    for (backend, service, _dir) in backends().await {
        configure_system(&service, server_settings(smtp.port)).await;
        let before = smtp.received().len();
        service
            .queue_mail(Some("ACME"), missed_call("anna@example.com"))
            .await
            .unwrap();
        assert_eq!(
            deliver_due(&service, &fast("m1", 3)).await.unwrap(),
            1,
            "{backend}"
        );
        let received = smtp.wait_for(before + 1, Duration::from_secs(10)).await;
        let mail = &received[before];
        assert_eq!(mail.rcpt_tos, ["anna@example.com"], "{backend}");
        assert_eq!(mail.mail_from, "pbx@example.com");
        assert_eq!(mail.subject, "Missed call from Bob <5551234> on 101");
        assert!(
            mail.body
                .contains("extension 101 of ACME Ltd missed a call"),
            "{}",
            mail.body
        );
        assert!(mail.body.contains("2026-12-02 13:05 UTC"));
        assert_eq!(
            states(&service, Some("ACME")).await,
            [("sent".to_owned(), 1)]
        );
    }
}

#[tokio::test]
async fn a_mail_queued_while_the_server_is_down_is_delivered_when_it_returns() {
    if !pbx_testkit::smtp::available() {
        return;
    }
    for (backend, service, _dir) in backends().await {
        let port = free_port();
        configure_system(&service, server_settings(port)).await;
        let mailer = spawn_mailer(service.clone(), fast(&format!("down-{backend}"), 100));
        service
            .queue_mail(Some("ACME"), missed_call("anna@example.com"))
            .await
            .unwrap();
        tokio::time::sleep(Duration::from_millis(700)).await;
        let waiting = states(&service, Some("ACME")).await;
        assert_eq!(waiting.len(), 1);
        assert_eq!(waiting[0].0, "queued", "{backend}: {waiting:?}");
        assert!(waiting[0].1 >= 1, "{backend}: at least one attempt failed");
        let smtp = SmtpServer::start_on(port, None).unwrap();
        let received = smtp.wait_for(1, Duration::from_secs(10)).await;
        assert_eq!(received.len(), 1, "{backend}");
        assert_eq!(received[0].rcpt_tos, ["anna@example.com"]);
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(states(&service, Some("ACME")).await[0].0, "sent");
        assert_eq!(smtp.received().len(), 1, "{backend}: sent once");
        mailer.abort();
    }
}

#[tokio::test]
async fn a_mail_fails_after_its_last_attempt_and_a_retry_delivers_it() {
    if !pbx_testkit::smtp::available() {
        return;
    }
    for (backend, service, _dir) in backends().await {
        let port = free_port();
        configure_system(&service, server_settings(port)).await;
        let config = fast("gives-up", 2);
        let id = service
            .queue_mail(None, missed_call("ops@example.com"))
            .await
            .unwrap();
        deliver_due(&service, &config).await.unwrap();
        tokio::time::sleep(Duration::from_millis(250)).await;
        deliver_due(&service, &config).await.unwrap();
        let queue = service.mail_queue(&Actor::cli(), None).await.unwrap();
        assert_eq!(queue[0].state.as_str(), "failed", "{backend}");
        assert_eq!(queue[0].attempts, 2);
        assert!(
            queue[0]
                .last_error
                .as_deref()
                .unwrap()
                .contains("127.0.0.1"),
            "{:?}",
            queue[0]
        );
        let smtp = SmtpServer::start_on(port, None).unwrap();
        let retried = service.retry_mail(&Actor::cli(), None, id).await.unwrap();
        assert_eq!(retried.state.as_str(), "queued");
        deliver_due(&service, &config).await.unwrap();
        assert_eq!(
            smtp.wait_for(1, Duration::from_secs(10)).await.len(),
            1,
            "{backend}"
        );
        let again = service.retry_mail(&Actor::cli(), None, id).await;
        assert!(again.is_err(), "{backend}: a sent mail is not retried");
    }
}

#[tokio::test]
async fn two_mailers_on_one_database_send_each_mail_once() {
    let Some(smtp) = SmtpServer::start() else {
        return;
    };
    let mut expected = 0;
    for (backend, url, _dir) in support::databases().await {
        let one = Service::new(Store::connect_with_key(&url, &key()).await.unwrap());
        let two = Service::new(Store::connect_with_key(&url, &key()).await.unwrap());
        configure_system(&one, server_settings(smtp.port)).await;
        for n in 0..10 {
            one.queue_mail(None, missed_call(&format!("user{n}@example.com")))
                .await
                .unwrap();
        }
        let a = spawn_mailer(one.clone(), fast(&format!("a-{backend}"), 3));
        let b = spawn_mailer(two.clone(), fast(&format!("b-{backend}"), 3));
        expected += 10;
        let received = smtp.wait_for(expected, Duration::from_secs(20)).await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        assert_eq!(smtp.received().len(), expected, "{backend}: each mail once");
        assert_eq!(received.len(), expected);
        a.abort();
        b.abort();
    }
}

#[tokio::test]
async fn a_tenant_with_its_own_server_uses_it_and_authenticates() {
    let (Some(system), Some(own)) = (
        SmtpServer::start(),
        SmtpServer::start_on(free_port(), Some(("acme", "s3cret pass"))),
    ) else {
        return;
    };
    for (backend, service, _dir) in backends().await {
        support::tenant(&service, "OTHER", 10).await;
        configure_system(&service, server_settings(system.port)).await;
        let mut body = server_settings(own.port);
        body["username"] = json!("acme");
        body["password"] = json!("s3cret pass");
        let answer = service
            .put_mail_settings(&Actor::cli(), Some("ACME"), &body)
            .await
            .unwrap();
        let shown = pbx_service::mail::settings_json(&answer);
        assert_eq!(shown["source"], "tenant");
        assert_eq!(shown["settings"]["password_set"], true);
        assert!(!shown.to_string().contains("s3cret"), "{backend}: {shown}");
        let mut conn = service.store().conn().await.unwrap();
        let raw: String =
            sqlx::query_scalar("SELECT password FROM mail_settings WHERE tenant_id IS NOT NULL")
                .fetch_one(&mut *conn)
                .await
                .unwrap();
        assert!(
            raw.starts_with("enc:v1:") && !raw.contains("s3cret"),
            "{backend}: sealed at rest"
        );
        drop(conn);
        let (own_before, system_before) = (own.received().len(), system.received().len());
        service
            .queue_mail(Some("ACME"), missed_call("a@example.com"))
            .await
            .unwrap();
        service
            .queue_mail(Some("OTHER"), missed_call("o@example.com"))
            .await
            .unwrap();
        deliver_due(&service, &fast("tenants", 3)).await.unwrap();
        let own_got = own.wait_for(own_before + 1, Duration::from_secs(10)).await;
        let system_got = system
            .wait_for(system_before + 1, Duration::from_secs(10))
            .await;
        assert_eq!(own_got[own_before].rcpt_tos, ["a@example.com"], "{backend}");
        assert!(own_got[own_before].auth, "{backend}: authenticated");
        assert_eq!(
            system_got[system_before].rcpt_tos,
            ["o@example.com"],
            "{backend}"
        );
        let inherited = service
            .mail_settings(&Actor::cli(), Some("OTHER"))
            .await
            .unwrap();
        assert_eq!(inherited.source, "system");
        // Saving without a password keeps the stored one.
        let mut again = server_settings(own.port);
        again["username"] = json!("acme");
        let kept = service
            .put_mail_settings(&Actor::cli(), Some("ACME"), &again)
            .await
            .unwrap();
        assert_eq!(kept.own.unwrap().password.as_deref(), Some("s3cret pass"));
    }
}

#[tokio::test]
async fn a_recording_mail_arrives_with_its_file_attached() {
    let Some(smtp) = SmtpServer::start() else {
        return;
    };
    let (_, service, dir) = backends().await.remove(0);
    configure_system(&service, server_settings(smtp.port)).await;
    let file = dir.as_ref().unwrap().path().join("call-42.wav");
    std::fs::write(&file, vec![7u8; 5000]).unwrap();
    let facts = Recording {
        tenant: "ACME Ltd".into(),
        extension: "100".into(),
        caller: "100".into(),
        callee: "5550100".into(),
        at: utc_text(0),
        duration_secs: 42,
        file_name: String::new(),
        size_bytes: 0,
        link: None,
    };
    let mail = Mail::recording(
        Recipient::parse("rec@example.com").unwrap(),
        facts,
        file,
        None,
    )
    .unwrap();
    service.queue_mail(Some("ACME"), mail).await.unwrap();
    deliver_due(&service, &fast("rec", 3)).await.unwrap();
    let received = smtp.wait_for(1, Duration::from_secs(10)).await;
    assert_eq!(received[0].attachments.len(), 1);
    assert_eq!(
        received[0].attachments[0].name.as_deref(),
        Some("call-42.wav")
    );
    assert_eq!(received[0].attachments[0].size, 5000);
    assert!(received[0].body.contains("The recording is attached"));
}

/// A phone extension with send_account_info on and a user email.
fn account_info_input(number: &str, email: &str) -> pbx_service::extensions::ExtensionInput {
    let mut input = support::input("pjsip", number, "Bella Stone");
    input.secret = Some("Fx9-kq2!Lm7vZ".into());
    input.settings_json = Some(json!({"web_user": {
        "send_account_info": true, "user_email": email, "user_panel": true, "web_user": "bella"}}));
    input
}

#[tokio::test]
async fn saving_an_extension_with_send_account_info_mails_its_credentials() {
    let Some(smtp) = SmtpServer::start() else {
        return;
    };
    for (backend, service, _dir) in backends().await {
        let mut body = server_settings(smtp.port);
        body["public_url"] = json!("https://pbx.example.com/");
        configure_system(&service, body).await;
        service
            .update_tenant(
                &Actor::cli(),
                "ACME",
                &json!({"sip_domain": "sip.acme.example"}),
            )
            .await
            .unwrap();
        let before = smtp.received().len();
        let created = service
            .create_extension(
                &Actor::cli(),
                "ACME",
                &account_info_input("101", "bella@example.com"),
            )
            .await
            .unwrap();
        deliver_due(&service, &fast("info", 3)).await.unwrap();
        let received = smtp.wait_for(before + 1, Duration::from_secs(10)).await;
        let mail = &received[before];
        assert_eq!(mail.rcpt_tos, ["bella@example.com"], "{backend}");
        assert_eq!(
            mail.subject,
            "Your phone account: extension 101 of ACME Ltd"
        );
        let username = created
            .extension
            .username
            .as_ref()
            .unwrap()
            .as_str()
            .to_owned();
        for expected in [
            "Server:    sip.acme.example",
            &format!("Username:  {username}"),
            "Password:  Fx9-kq2!Lm7vZ",
            "Login name: bella",
            "https://pbx.example.com/provision/",
        ] {
            assert!(
                mail.body.contains(expected),
                "{backend}: {expected} in {}",
                mail.body
            );
        }
        let link = mail
            .body
            .lines()
            .find(|l| l.contains("/provision/"))
            .unwrap()
            .trim();
        let token = link.rsplit('/').next().unwrap();
        let document = service.provisioning_document(token).await.unwrap();
        assert!(
            document.contains("Fx9-kq2!Lm7vZ"),
            "{backend}: the mailed link works"
        );
        // The secret is sealed in the queue, and absent from the audit log.
        let mut conn = service.store().conn().await.unwrap();
        let bodies: Vec<String> = sqlx::query_scalar("SELECT body FROM mail_outbox")
            .fetch_all(&mut *conn)
            .await
            .unwrap();
        assert!(
            bodies.iter().all(|b| !b.contains("Fx9")),
            "{backend}: bodies sealed"
        );
        let audit = service
            .audit_entries(&Actor::cli(), "ACME", Some("101"))
            .await
            .unwrap();
        assert!(
            audit.iter().any(|e| e.action == "account_info_mailed"),
            "{backend}"
        );
        assert!(
            !format!("{audit:?}").contains("Fx9"),
            "{backend}: no secret in the audit log"
        );
        // Saving again mails again.
        let mut change = account_info_input("101", "bella@example.com");
        change.version = Some(created.extension.version);
        change.name = Some("Bella S.".into());
        service
            .update_extension(
                &Actor::cli(),
                "ACME",
                "101",
                &change,
                pbx_service::extensions::Scope::Extension,
            )
            .await
            .unwrap();
        deliver_due(&service, &fast("info", 3)).await.unwrap();
        assert_eq!(
            smtp.wait_for(before + 2, Duration::from_secs(10))
                .await
                .len(),
            before + 2,
            "{backend}"
        );
    }
}

#[tokio::test]
async fn without_a_user_email_or_show_passwords_the_save_succeeds_and_nothing_is_mailed() {
    for (backend, service, _dir) in backends().await {
        let mut input = account_info_input("102", "");
        input.settings_json.as_mut().unwrap()["web_user"]
            .as_object_mut()
            .unwrap()
            .remove("user_email");
        service
            .create_extension(&Actor::cli(), "ACME", &input)
            .await
            .unwrap();
        let admin = support::actor(
            &service,
            "acme",
            Role::TenantAdmin,
            &[Permission::CreateExtensions],
            &[],
        )
        .await;
        service
            .create_extension(&admin, "ACME", &account_info_input("103", "c@example.com"))
            .await
            .unwrap();
        assert!(states(&service, Some("ACME")).await.is_empty(), "{backend}");
    }
}

#[tokio::test]
async fn tenant_admins_manage_their_tenants_mail_but_not_the_systems() {
    for (backend, service, _dir) in backends().await {
        support::tenant(&service, "OTHER", 10).await;
        let admin = support::actor(&service, "acme", Role::TenantAdmin, &[], &[]).await;
        let restricted = support::actor(
            &service,
            "desk",
            Role::RestrictedAdmin,
            &[],
            &[("ACME", "100")],
        )
        .await;
        let body = server_settings(2525);
        assert!(
            service
                .put_mail_settings(&admin, Some("ACME"), &body)
                .await
                .is_ok(),
            "{backend}"
        );
        assert!(
            service
                .put_mail_settings(&admin, None, &body)
                .await
                .is_err()
        );
        assert!(service.mail_settings(&admin, Some("OTHER")).await.is_err());
        assert!(service.mail_queue(&restricted, Some("ACME")).await.is_err());
        let bad = json!({"host": "smtp example", "port": 0, "security": "ssl", "sender": "no\r\nBcc: x@y"});
        let Err(pbx_service::ServiceError::Invalid(errors)) =
            service.put_mail_settings(&admin, Some("ACME"), &bad).await
        else {
            panic!("{backend}: bad settings accepted");
        };
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["host", "security", "port", "sender"], "{backend}");
    }
}
