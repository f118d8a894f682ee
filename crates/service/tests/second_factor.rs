//! Replacing an enrolled second factor needs the second factor: a code of
//! the current authenticator or a recovery code, not a session alone.

mod support;

use pbx_service::login::{FREE_FAILURES_PER_PAIR, LoginRequest};
use pbx_service::{Role, ServiceError, Source};

const PASSWORD: &str = "Correct-horse-42";

#[tokio::test]
async fn a_session_alone_cannot_replace_the_second_factor() {
    for (backend, service, _dir) in support::backends().await {
        support::tenant(&service, "ACME", 10).await;
        service
            .create_user("ana", PASSWORD, Role::TenantAdmin, &[], &["ACME"], &[])
            .await
            .unwrap();
        let request = LoginRequest {
            username: "ana",
            password: PASSWORD,
            ..Default::default()
        };
        let token = service.sign_in(request, "api").await.unwrap().token;
        let (actor, _) = service.authenticate(&token, Source::Api).await.unwrap();
        // The first enrolment needs nothing more than the session.
        let first = service.begin_totp(&actor, None).await.unwrap();
        let code = pbx_service::totp::current_code(&first.secret).unwrap();
        let recovery = service.confirm_totp(&actor, &code).await.unwrap();
        // Now the session is not enough.
        for current in [None, Some(""), Some("000000"), Some("bogus-code")] {
            match service.begin_totp(&actor, current).await {
                Err(ServiceError::Invalid(e)) => {
                    assert_eq!(e.0[0].field, "current_code", "{backend}");
                }
                other => panic!("{backend} {current:?}: {other:?}"),
            }
        }
        // A recovery code works, once.
        service
            .begin_totp(&actor, Some(&recovery[0]))
            .await
            .unwrap();
        assert!(
            service
                .begin_totp(&actor, Some(&recovery[0]))
                .await
                .is_err(),
            "{backend}"
        );
        // Guessing is throttled.
        for _ in 0..FREE_FAILURES_PER_PAIR {
            let _ = service.begin_totp(&actor, Some("123456")).await;
        }
        assert!(
            matches!(
                service.begin_totp(&actor, Some(&recovery[1])).await,
                Err(ServiceError::Throttled { .. })
            ),
            "{backend}"
        );
    }
}
