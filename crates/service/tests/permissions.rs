//! Permissions hold on every path that writes: an import creates only for
//! accounts that may create, and PJSIP Endpoint and AOR settings change
//! only with `edit_pjsip`, whether through their pages, the general create
//! and change, or an import.

mod support;

use pbx_service::extensions::{ExtensionInput, Scope};
use pbx_service::{Actor, Permission, Role, Service, ServiceError};

const NO_PROGRESS: &(dyn Fn(u64) + Send + Sync) = &|_| {};

async fn check(service: &Service, actor: &Actor, file: &str) -> Vec<(usize, String, String)> {
    let report = service
        .check_import(actor, "ACME", file.as_bytes(), "f.csv", NO_PROGRESS)
        .await
        .unwrap();
    report
        .errors
        .into_iter()
        .map(|e| (e.line, e.column, e.message))
        .collect()
}

#[tokio::test]
async fn an_import_creates_only_for_accounts_that_may_create_in_bulk() {
    for (backend, service, _dir) in support::backends().await {
        support::tenant(&service, "ACME", 100).await;
        service
            .create_extension(
                &Actor::cli(),
                "ACME",
                &support::input("pjsip", "100", "Ann"),
            )
            .await
            .unwrap();
        let file = "number,kind,name\n100,pjsip,Ann B\n101,pjsip,Bob\n";
        let refused = (
            3,
            "number".to_owned(),
            "creating extensions by import needs the create_extensions and bulk_create permissions"
                .to_owned(),
        );
        for (name, permissions) in [
            ("imp", vec![Permission::Import]),
            (
                "imc",
                vec![Permission::Import, Permission::CreateExtensions],
            ),
            ("imb", vec![Permission::Import, Permission::BulkCreate]),
        ] {
            let actor = support::actor(&service, name, Role::TenantAdmin, &permissions, &[]).await;
            assert_eq!(
                check(&service, &actor, file).await,
                std::slice::from_ref(&refused),
                "{backend} {name}"
            );
            // Updates alone need only the import permission.
            assert_eq!(
                check(&service, &actor, "number,name\n100,Ann C\n").await,
                [],
                "{backend}"
            );
        }
        let all = [
            Permission::Import,
            Permission::CreateExtensions,
            Permission::BulkCreate,
        ];
        let actor = support::actor(&service, "imall", Role::TenantAdmin, &all, &[]).await;
        assert_eq!(check(&service, &actor, file).await, [], "{backend}");
    }
}

fn with_setting(number: &str, key: &str, value: &str) -> ExtensionInput {
    ExtensionInput {
        settings_text: vec![(key.to_owned(), value.to_owned())],
        ..support::input("pjsip", number, "Phone")
    }
}

fn forbidden_pjsip(result: Result<impl std::fmt::Debug, ServiceError>) {
    match result {
        Err(ServiceError::Forbidden(m)) => assert_eq!(
            m,
            "the edit_pjsip permission is required to change outbound_proxy"
        ),
        other => panic!("expected 403 for outbound_proxy, got {other:?}"),
    }
}

#[tokio::test]
async fn pjsip_settings_change_only_with_edit_pjsip_on_every_path() {
    for (backend, service, _dir) in support::backends().await {
        support::tenant(&service, "ACME", 100).await;
        let cli = Actor::cli();
        let stored = service
            .create_extension(&cli, "ACME", &support::input("pjsip", "100", "Ann"))
            .await
            .unwrap();
        let may = [
            Permission::CreateExtensions,
            Permission::Import,
            Permission::BulkCreate,
        ];
        let admin = support::actor(&service, "adm", Role::TenantAdmin, &may, &[]).await;
        let desk = support::actor(
            &service,
            "desk",
            Role::RestrictedAdmin,
            &[],
            &[("ACME", "100")],
        )
        .await;
        let proxy = "sip:proxy.evil.example";
        // The general create and change.
        forbidden_pjsip(
            service
                .create_extension(
                    &admin,
                    "ACME",
                    &with_setting("101", "outbound_proxy", proxy),
                )
                .await,
        );
        for actor in [&admin, &desk] {
            let change = ExtensionInput {
                version: Some(stored.extension.version),
                settings_text: vec![("outbound_proxy".into(), proxy.into())],
                ..Default::default()
            };
            forbidden_pjsip(
                service
                    .update_extension(actor, "ACME", "100", &change, Scope::Extension)
                    .await,
            );
        }
        // Settings outside those sections stay open, and so does a change
        // that leaves a PJSIP setting as it is.
        let rename = ExtensionInput {
            version: Some(stored.extension.version),
            name: Some("Ann B".into()),
            settings_text: vec![("outbound_proxy".into(), String::new())],
            ..Default::default()
        };
        let renamed = service
            .update_extension(&desk, "ACME", "100", &rename, Scope::Extension)
            .await
            .unwrap();
        // Imports: per cell.
        let file =
            format!("number,kind,outbound_proxy,max_contacts\n100,pjsip,{proxy},\n102,pjsip,,3\n");
        assert_eq!(
            check(&service, &admin, &file).await,
            [
                (
                    2,
                    "outbound_proxy".into(),
                    "changing it needs the edit_pjsip permission".into()
                ),
                (
                    3,
                    "max_contacts".into(),
                    "changing it needs the edit_pjsip permission".into()
                ),
            ],
            "{backend}"
        );
        // With the permission, every path accepts it.
        let pjsip = support::actor(
            &service,
            "pj",
            Role::TenantAdmin,
            &[may.as_slice(), &[Permission::EditPjsip]].concat(),
            &[],
        )
        .await;
        service
            .create_extension(
                &pjsip,
                "ACME",
                &with_setting("101", "outbound_proxy", proxy),
            )
            .await
            .unwrap();
        let change = ExtensionInput {
            version: Some(renamed.extension.version),
            settings_text: vec![("outbound_proxy".into(), proxy.into())],
            ..Default::default()
        };
        service
            .update_extension(&pjsip, "ACME", "100", &change, Scope::Extension)
            .await
            .unwrap();
        assert_eq!(
            check(&service, &pjsip, &file.replace("100,", "105,")).await,
            [],
            "{backend}"
        );
    }
}
