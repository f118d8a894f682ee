//! The tenant's own server and AUTH, the sealed password, who may manage
//! which settings, and field errors.

use std::time::Duration;

use pbx_service::Actor;
use pbx_testkit::smtp::{SmtpServer, free_port};
use serde_json::json;

use crate::*;
use pbx_service::Role;
use pbx_service::mail::deliver_due;

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
