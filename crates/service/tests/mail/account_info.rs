//! "Send account information" on save: the mail, its provisioning link,
//! the sealed body, and when nothing is mailed.

use std::time::Duration;

use pbx_service::Actor;
use pbx_service::mail::deliver_due;
use pbx_testkit::smtp::SmtpServer;
use serde_json::json;

use crate::*;
use pbx_service::{Permission, Role};

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
