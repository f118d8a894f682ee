//! Accounts and sign-in security on both backends: the account state
//! columns, throttling counts shared through the database, TOTP steps
//! accepted once, recovery codes, token revocation, audited user changes.

mod support;

use pbx_service::login::{FREE_FAILURES_PER_PAIR, LoginRequest};
use pbx_service::users::UserInput;
use pbx_service::{Actor, Role, ServiceError, Source};

const PASSWORD: &str = "Correct-horse-42";

fn request<'a>(username: &'a str, password: &'a str) -> LoginRequest<'a> {
    LoginRequest {
        username,
        password,
        client: Some("192.0.2.7".parse().unwrap()),
        ..Default::default()
    }
}

#[tokio::test]
async fn sign_in_security_holds_on_every_backend() {
    for (backend, service, _dir) in support::backends().await {
        support::tenant(&service, "ACME", 10).await;
        let input = UserInput {
            username: Some("ana".into()),
            password: Some(PASSWORD.into()),
            role: Some(Role::TenantAdmin),
            tenants: Some(vec!["ACME".into()]),
            must_change_password: Some(true),
            ..Default::default()
        };
        service.add_user(&Actor::cli(), &input).await.unwrap();
        let first = service.sign_in(request("ana", PASSWORD), "api").await;
        assert!(
            matches!(first, Err(ServiceError::PasswordChangeRequired)),
            "{backend}"
        );
        let mut changed = request("ana", PASSWORD);
        changed.new_password = Some("Second-horse-43");
        let token = service.sign_in(changed, "api").await.unwrap().token;
        let (actor, _) = service.authenticate(&token, Source::Api).await.unwrap();

        let enrolment = service.begin_totp(&actor, None).await.unwrap();
        let code = pbx_service::totp::current_code(&enrolment.secret).unwrap();
        let recovery = service.confirm_totp(&actor, &code).await.unwrap();
        let mut with_code = request("ana", "Second-horse-43");
        with_code.otp = Some(&code);
        assert!(
            service.sign_in(with_code, "api").await.is_err(),
            "{backend}: replay"
        );
        with_code.otp = Some(&recovery[3]);
        service.sign_in(with_code, "api").await.unwrap();
        assert_eq!(
            service.totp_status(&actor).await.unwrap(),
            (true, 9),
            "{backend}"
        );

        for _ in 0..FREE_FAILURES_PER_PAIR {
            let failed = service
                .sign_in(request("ana", "Wrong-horse-00"), "api")
                .await;
            assert!(
                matches!(failed, Err(ServiceError::Unauthenticated)),
                "{backend}"
            );
        }
        let blocked = service
            .sign_in(request("ana", "Second-horse-43"), "api")
            .await;
        assert!(
            matches!(blocked, Err(ServiceError::Throttled { retry_after }) if retry_after > 0),
            "{backend}"
        );

        let tokens = service.list_tokens(&actor).await.unwrap();
        for t in &tokens {
            service.revoke_token(&actor, t.id).await.unwrap();
        }
        assert!(
            service.authenticate(&token, Source::Api).await.is_err(),
            "{backend}"
        );
        let mut conn = service.store().conn().await.unwrap();
        let actions: Vec<String> =
            sqlx::query_scalar("SELECT action FROM audit_log WHERE tenant_code = '' ORDER BY id")
                .fetch_all(&mut *conn)
                .await
                .unwrap();
        assert_eq!(actions, ["user_create", "totp_enable"], "{backend}");
    }
}
