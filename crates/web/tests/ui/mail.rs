//! The mail pages: the system's server for super administrators, a
//! tenant's own server for its administrators, errors beside their fields,
//! the password never shown, a test mail through a real SMTP server, the
//! queue with Retry.

use pbx_service::Permission;
use pbx_service::mail::{Mail, MailerConfig, Recipient, TestMail, deliver_due};
use pbx_testkit::smtp::SmtpServer;

use crate::support::*;

#[tokio::test]
async fn a_tenant_admin_saves_the_tenants_server_with_field_errors_and_never_sees_the_password() {
    let app = app().await;
    let admin = app.user("boss", &[Permission::ShowPasswords]).await;
    let (status, html) = app.get(Some(&admin), "/tenants/CANISTRACCI/mail").await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("id=\"mail-form\"") && html.contains("No mail server is configured"));
    let bad = [
        ("host", "smtp example"),
        ("security", "starttls"),
        ("port", "99999"),
        ("sender", "nobody"),
    ];
    let (status, response) = app
        .post(&admin, "/tenants/CANISTRACCI/mail", &bad, true)
        .await;
    assert_eq!(status, 422);
    let html = body(response).await;
    assert!(
        html.contains("id=\"m-host-error\">must be a host name"),
        "{html}"
    );
    assert!(
        html.contains("id=\"m-sender-error\">is not a valid email address"),
        "{html}"
    );
    assert!(
        html.contains("value=\"smtp example\""),
        "what was typed is kept"
    );
    let good = [
        ("host", "smtp.example.com"),
        ("security", "starttls"),
        ("port", ""),
        ("username", "acme"),
        ("password", "smtp-pass-77"),
        ("sender", "PBX <pbx@example.com>"),
    ];
    let (status, response) = app
        .post(&admin, "/tenants/CANISTRACCI/mail", &good, true)
        .await;
    assert_eq!(status, 303, "{}", body(response).await);
    let (_, html) = app.get(Some(&admin), "/tenants/CANISTRACCI/mail").await;
    assert!(
        html.contains("value=\"smtp.example.com\"") && html.contains("value=\"587\""),
        "{html}"
    );
    assert!(
        html.contains("one is stored") && !html.contains("smtp-pass-77"),
        "{html}"
    );
    let (status, _) = app.get(Some(&admin), "/mail").await;
    assert_eq!(
        status, 403,
        "the system's server is for super administrators"
    );
}

#[tokio::test]
async fn a_super_admin_sends_a_test_mail_and_retries_a_failed_one() {
    let Some(smtp) = SmtpServer::start() else {
        return;
    };
    let app = app().await;
    let root = app.super_admin().await;
    let port = smtp.port.to_string();
    let settings = [
        ("host", "127.0.0.1"),
        ("security", "none"),
        ("port", port.as_str()),
        ("sender", "pbx@example.com"),
    ];
    // A mail that fails before any server is configured.
    let test = TestMail {
        at: "now".into(),
        server: "-".into(),
        scope: "-".into(),
    };
    let mail = Mail::test(Recipient::parse("ops@example.com").unwrap(), &test).unwrap();
    app.service.queue_mail(None, mail).await.unwrap();
    let once = MailerConfig {
        max_attempts: 1,
        ..MailerConfig::default()
    };
    deliver_due(&app.service, &once).await.unwrap();
    let (status, _) = app.post(&root, "/mail", &settings, true).await;
    assert_eq!(status, 303);
    let (_, html) = app.get(Some(&root), "/mail").await;
    assert!(
        html.contains("data-state=\"failed\"") && html.contains("no mail server is configured"),
        "{html}"
    );
    let (status, response) = app
        .post(&root, "/mail/test", &[("to", "anna@example.com")], true)
        .await;
    assert_eq!(status, 200);
    let html = body(response).await;
    assert!(
        html.contains("The server accepted the test mail to anna@example.com"),
        "{html}"
    );
    let received = smtp.wait_for(1, std::time::Duration::from_secs(10)).await;
    assert_eq!(received[0].rcpt_tos, ["anna@example.com"]);
    assert_eq!(received[0].subject, "pbx test mail");
    let (status, response) = app
        .post(&root, "/mail/test", &[("to", "not an address")], true)
        .await;
    assert_eq!(status, 422);
    assert!(
        body(response)
            .await
            .contains("id=\"m-to-error\">is not a valid email address")
    );
    let queue = app
        .service
        .mail_queue(&pbx_service::Actor::cli(), None)
        .await
        .unwrap();
    let (status, _) = app
        .post(
            &root,
            &format!("/mail/queue/{}/retry", queue[0].id),
            &[],
            true,
        )
        .await;
    assert_eq!(status, 303);
    deliver_due(&app.service, &once).await.unwrap();
    assert_eq!(
        smtp.wait_for(2, std::time::Duration::from_secs(10))
            .await
            .len(),
        2
    );
    let (_, html) = app.get(Some(&root), "/mail").await;
    assert!(
        html.contains("data-state=\"sent\"") && !html.contains("data-state=\"failed\""),
        "{html}"
    );
}
