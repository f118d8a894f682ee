//! Throttling slows guessing without locking the real user out: failures
//! count per account and address, a guess from many addresses slows the
//! account only briefly and never for an address it signed in from before
//! or a sign-in with a second factor, other letter cases of a name count
//! apart from the account, and wrong current passwords on a password
//! change are throttled too.

mod support;

use std::net::IpAddr;

use pbx_service::login::{
    FREE_FAILURES_PER_ACCOUNT, FREE_FAILURES_PER_PAIR, LoginRequest, MAX_SLOWDOWN_SECS,
};
use pbx_service::{Role, Service, ServiceError, Source};

const PASSWORD: &str = "Correct-horse-42";

fn from<'a>(username: &'a str, password: &'a str, address: &str) -> LoginRequest<'a> {
    LoginRequest {
        username,
        password,
        client: Some(address.parse::<IpAddr>().unwrap()),
        ..Default::default()
    }
}

async fn service_with_ana() -> Vec<(String, Service, Option<tempfile::TempDir>)> {
    let backends = support::backends().await;
    for (_, service, _) in &backends {
        support::tenant(service, "ACME", 10).await;
        service
            .create_user("ana", PASSWORD, Role::TenantAdmin, &[], &["ACME"], &[])
            .await
            .unwrap();
    }
    backends
}

fn throttled(result: Result<impl std::fmt::Debug, ServiceError>) -> i64 {
    match result {
        Err(ServiceError::Throttled { retry_after }) => retry_after,
        other => panic!("expected 429, got {other:?}"),
    }
}

#[tokio::test]
async fn failures_from_one_address_do_not_lock_the_account_out_elsewhere() {
    for (backend, service, _dir) in service_with_ana().await {
        for _ in 0..FREE_FAILURES_PER_PAIR {
            let failed = service
                .sign_in(from("ana", "wrong-pass-1", "198.51.100.1"), "api")
                .await;
            assert!(
                matches!(failed, Err(ServiceError::Unauthenticated)),
                "{backend}"
            );
        }
        throttled(
            service
                .sign_in(from("ana", PASSWORD, "198.51.100.1"), "api")
                .await,
        );
        service
            .sign_in(from("ana", PASSWORD, "198.51.100.2"), "api")
            .await
            .unwrap_or_else(|e| panic!("{backend}: the real user is locked out: {e:?}"));
    }
}

#[tokio::test]
async fn guessing_from_many_addresses_slows_new_ones_briefly_and_known_ones_not_at_all() {
    for (backend, service, _dir) in service_with_ana().await {
        // Ana signs in from her office once.
        service
            .sign_in(from("ana", PASSWORD, "203.0.113.9"), "api")
            .await
            .unwrap();
        // Six past the free count: a 32 s slowdown, which outlasts a slow
        // machine between the last failure and the next attempt.
        for i in 0..FREE_FAILURES_PER_ACCOUNT + 6 {
            let address = format!("198.51.100.{}", 10 + i);
            let _ = service
                .sign_in(from("ana", "wrong-pass-1", &address), "api")
                .await;
        }
        let wait = throttled(
            service
                .sign_in(from("ana", PASSWORD, "192.0.2.200"), "api")
                .await,
        );
        assert!((1..=MAX_SLOWDOWN_SECS).contains(&wait), "{backend}: {wait}");
        service
            .sign_in(from("ana", PASSWORD, "203.0.113.9"), "api")
            .await
            .unwrap_or_else(|e| panic!("{backend}: the known address is slowed: {e:?}"));
    }
}

#[tokio::test]
async fn a_second_factor_passes_the_account_slowdown_from_a_new_address() {
    for (backend, service, _dir) in service_with_ana().await {
        let token = service
            .sign_in(from("ana", PASSWORD, "203.0.113.9"), "api")
            .await
            .unwrap();
        let (actor, _) = service
            .authenticate(&token.token, Source::Api)
            .await
            .unwrap();
        let enrolment = service.begin_totp(&actor, None).await.unwrap();
        let code = pbx_service::totp::current_code(&enrolment.secret).unwrap();
        let recovery = service.confirm_totp(&actor, &code).await.unwrap();
        // Six past the free count: a 32 s slowdown, which outlasts a slow
        // machine between the last failure and the next attempt.
        for i in 0..FREE_FAILURES_PER_ACCOUNT + 6 {
            let address = format!("198.51.100.{}", 10 + i);
            let _ = service
                .sign_in(from("ana", "wrong-pass-1", &address), "api")
                .await;
        }
        throttled(
            service
                .sign_in(from("ana", PASSWORD, "192.0.2.200"), "api")
                .await,
        );
        let mut with_code = from("ana", PASSWORD, "192.0.2.200");
        with_code.otp = Some(&recovery[0]);
        service
            .sign_in(with_code, "api")
            .await
            .unwrap_or_else(|e| panic!("{backend}: two-factor sign-in is slowed: {e:?}"));
    }
}

#[tokio::test]
async fn another_letter_case_of_a_name_counts_apart_from_the_account() {
    for (backend, service, _dir) in service_with_ana().await {
        for variant in ["ANA", "Ana", "aNa"] {
            for _ in 0..FREE_FAILURES_PER_PAIR {
                let _ = service
                    .sign_in(from(variant, "wrong-pass-1", "198.51.100.1"), "api")
                    .await;
            }
            throttled(
                service
                    .sign_in(from(variant, PASSWORD, "198.51.100.1"), "api")
                    .await,
            );
        }
        service
            .sign_in(from("ana", PASSWORD, "198.51.100.1"), "api")
            .await
            .unwrap_or_else(|e| panic!("{backend}: case variants locked the account: {e:?}"));
    }
}

#[tokio::test]
async fn wrong_current_passwords_on_a_password_change_are_throttled() {
    for (backend, service, _dir) in service_with_ana().await {
        let token = service
            .sign_in(from("ana", PASSWORD, "203.0.113.9"), "api")
            .await
            .unwrap();
        let (actor, _) = service
            .authenticate(&token.token, Source::Api)
            .await
            .unwrap();
        for _ in 0..FREE_FAILURES_PER_PAIR {
            match service
                .change_own_password(&actor, "wrong-pass-1", "New-horse-77")
                .await
            {
                Err(ServiceError::Invalid(e)) => assert_eq!(e.0[0].field, "current_password"),
                other => panic!("{backend}: {other:?}"),
            }
        }
        throttled(
            service
                .change_own_password(&actor, PASSWORD, "New-horse-77")
                .await,
        );
    }
}
