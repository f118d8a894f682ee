//! Account management limits: an administrator cannot delete an account
//! that holds permissions they lack (as they cannot edit it), and account
//! names are unique ignoring letter case.

mod support;

use pbx_service::users::UserInput;
use pbx_service::{Actor, Permission, Role, ServiceError};

const PASSWORD: &str = "Correct-horse-42";

#[tokio::test]
async fn a_tenant_admin_cannot_delete_an_account_holding_flags_they_lack() {
    for (backend, service, _dir) in support::backends().await {
        support::tenant(&service, "ACME", 10).await;
        let boss = support::actor(
            &service,
            "boss",
            Role::TenantAdmin,
            &[Permission::Export],
            &[],
        )
        .await;
        for (name, flags) in [
            ("desk", vec![Permission::ShowPasswords]),
            ("clerk", vec![Permission::Export]),
        ] {
            let input = UserInput {
                username: Some(name.into()),
                password: Some(PASSWORD.into()),
                role: Some(Role::RestrictedAdmin),
                tenants: Some(vec!["ACME".into()]),
                permissions: Some(flags),
                ..Default::default()
            };
            service.add_user(&Actor::cli(), &input).await.unwrap();
        }
        match service.delete_user(&boss, "desk").await {
            Err(ServiceError::Forbidden(m)) => assert_eq!(
                m,
                "you cannot delete an account that holds the show_passwords permission you do not hold",
                "{backend}"
            ),
            other => panic!("{backend}: {other:?}"),
        }
        service.delete_user(&boss, "clerk").await.unwrap();
        service.delete_user(&Actor::cli(), "desk").await.unwrap();
    }
}

#[tokio::test]
async fn account_names_are_unique_ignoring_letter_case() {
    for (backend, service, _dir) in support::backends().await {
        service.ensure_admin(Some(PASSWORD)).await.unwrap();
        for name in ["Admin", "ADMIN", "aDmIn"] {
            let input = UserInput {
                username: Some(name.into()),
                password: Some(PASSWORD.into()),
                role: Some(Role::SuperAdmin),
                ..Default::default()
            };
            match service.add_user(&Actor::cli(), &input).await {
                Err(ServiceError::Invalid(e)) => assert_eq!(e.0[0].field, "username", "{backend}"),
                other => panic!("{backend} {name}: {other:?}"),
            }
            assert!(
                service
                    .create_user(name, PASSWORD, Role::SuperAdmin, &[], &[], &[])
                    .await
                    .is_err()
            );
        }
    }
}
