//! The storage conformance suite: the same use cases on SQLite and on
//! PostgreSQL, through the service layer.

mod support;

use pbx_service::extensions::{BulkCreate, ExtensionInput, Scope};
use pbx_service::{Actor, Permission, Role, ServiceError};
use pbx_store::extensions::{ListQuery, SortColumn};
use serde_json::json;

use support::input;

fn field_of(error: ServiceError) -> String {
    match error {
        ServiceError::Invalid(e) => e.0[0].field.clone(),
        other => panic!("expected a field error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_new_phone_gets_the_default_username_and_a_generated_secret() {
    for (backend, service, _dir) in support::backends().await {
        support::tenant(&service, "ACME", 10).await;
        let stored = service
            .create_extension(&Actor::cli(), "ACME", &input("pjsip", "100", "Ann"))
            .await
            .unwrap();
        let e = stored.extension;
        assert_eq!(e.username.unwrap().as_str(), "100-ACME", "{backend}");
        assert_eq!(e.secret.unwrap().expose().len(), 20, "{backend}");
        assert_eq!(e.version, 1, "{backend}");
    }
}

#[tokio::test]
async fn numbers_are_unique_per_tenant_and_usernames_across_tenants() {
    for (backend, service, _dir) in support::backends().await {
        support::tenant(&service, "ACME", 10).await;
        support::tenant(&service, "BETA", 10).await;
        service
            .create_extension(&Actor::cli(), "ACME", &input("sip", "100", "A"))
            .await
            .unwrap();
        let again = service
            .create_extension(&Actor::cli(), "ACME", &input("pjsip", "100", "B"))
            .await
            .unwrap_err();
        assert_eq!(field_of(again), "number", "{backend}");
        service
            .create_extension(&Actor::cli(), "BETA", &input("sip", "100", "C"))
            .await
            .unwrap();
        service
            .update_tenant(
                &Actor::cli(),
                "BETA",
                &json!({"allow_custom_usernames": true}),
            )
            .await
            .unwrap();
        let mut clash = input("sip", "200", "D");
        clash.username = Some("100-ACME".into());
        let error = service
            .create_extension(&Actor::cli(), "BETA", &clash)
            .await
            .unwrap_err();
        assert_eq!(field_of(error), "username", "{backend}");
    }
}

#[tokio::test]
async fn a_custom_username_needs_the_tenant_to_allow_it() {
    for (backend, service, _dir) in support::backends().await {
        support::tenant(&service, "ACME", 10).await;
        let mut custom = input("sip", "100", "A");
        custom.username = Some("alex".into());
        let error = service
            .create_extension(&Actor::cli(), "ACME", &custom)
            .await
            .unwrap_err();
        assert_eq!(field_of(error), "username", "{backend}");
        custom.username = Some("100_ACME".into());
        service
            .create_extension(&Actor::cli(), "ACME", &custom)
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn an_update_with_a_stale_version_is_a_conflict_and_changes_nothing() {
    for (backend, service, _dir) in support::backends().await {
        support::tenant(&service, "ACME", 10).await;
        service
            .create_extension(&Actor::cli(), "ACME", &input("sip", "100", "A"))
            .await
            .unwrap();
        let first = ExtensionInput {
            name: Some("First".into()),
            version: Some(1),
            ..Default::default()
        };
        service
            .update_extension(&Actor::cli(), "ACME", "100", &first, Scope::Extension)
            .await
            .unwrap();
        let stale = ExtensionInput {
            name: Some("Second".into()),
            version: Some(1),
            ..Default::default()
        };
        let error = service
            .update_extension(&Actor::cli(), "ACME", "100", &stale, Scope::Extension)
            .await
            .unwrap_err();
        assert!(matches!(error, ServiceError::StaleVersion), "{backend}");
        let (_, now) = service
            .get_extension(&Actor::cli(), "ACME", "100")
            .await
            .unwrap();
        assert_eq!(now.extension.name.as_str(), "First", "{backend}");
        assert_eq!(now.extension.version, 2, "{backend}");
    }
}

#[tokio::test]
async fn parallel_creates_never_exceed_the_extension_limit() {
    for (backend, service, _dir) in support::backends().await {
        support::tenant(&service, "ACME", 5).await;
        let tasks: Vec<_> = (0..12)
            .map(|i| {
                let service = service.clone();
                tokio::spawn(async move {
                    service
                        .create_extension(
                            &Actor::cli(),
                            "ACME",
                            &input("pjsip", &format!("{}", 100 + i), "x"),
                        )
                        .await
                        .is_ok()
                })
            })
            .collect();
        let mut created = 0;
        for task in tasks {
            created += usize::from(task.await.unwrap());
        }
        assert_eq!(created, 5, "{backend}");
        let tenant = service.get_tenant(&Actor::cli(), "ACME").await.unwrap();
        assert_eq!(tenant.extension_count, 5, "{backend}");
    }
}

#[tokio::test]
async fn changing_stack_keeps_shared_settings_and_names_those_that_no_longer_apply() {
    for (backend, service, _dir) in support::backends().await {
        support::tenant(&service, "ACME", 10).await;
        let mut pjsip = input("pjsip", "101", "B");
        pjsip.settings_json =
            Some(json!({"information": {"dnd": true}, "pjsip_aor": {"max_contacts": 3}}));
        service
            .create_extension(&Actor::cli(), "ACME", &pjsip)
            .await
            .unwrap();
        let results = service
            .change_stack(&Actor::cli(), "ACME", &["101".into()], "sip")
            .await
            .unwrap();
        assert!(results[0].changed, "{backend}");
        assert_eq!(
            results[0].not_applicable,
            vec!["max_contacts".to_owned()],
            "{backend}"
        );
        let (_, now) = service
            .get_extension(&Actor::cli(), "ACME", "101")
            .await
            .unwrap();
        assert!(now.extension.settings.information.dnd, "{backend}");
        assert_eq!(
            now.extension.kind,
            pbx_domain::ExtensionKind::Sip,
            "{backend}"
        );
    }
}

#[tokio::test]
async fn deleting_a_member_of_a_virtual_extension_is_refused_unless_forced() {
    for (backend, service, _dir) in support::backends().await {
        support::tenant(&service, "ACME", 10).await;
        service
            .create_extension(&Actor::cli(), "ACME", &input("sip", "100", "A"))
            .await
            .unwrap();
        let mut group = input("virtual", "108", "Group");
        group.settings_json = Some(json!({"information": {"virtual_members": ["100"]}}));
        service
            .create_extension(&Actor::cli(), "ACME", &group)
            .await
            .unwrap();
        let refused = service
            .delete_extension(&Actor::cli(), "ACME", "100", false)
            .await
            .unwrap_err();
        match refused {
            ServiceError::Referenced { referrers, .. } => {
                assert_eq!(referrers[0].number, "108", "{backend}");
            }
            other => panic!("{backend}: {other:?}"),
        }
        service
            .delete_extension(&Actor::cli(), "ACME", "100", true)
            .await
            .unwrap();
        let (_, group) = service
            .get_extension(&Actor::cli(), "ACME", "108")
            .await
            .unwrap();
        assert!(
            group
                .extension
                .settings
                .information
                .virtual_members
                .0
                .is_empty(),
            "{backend}"
        );
    }
}

#[tokio::test]
async fn bulk_create_is_all_or_nothing_and_the_list_pages_sorts_and_searches() {
    for (backend, service, _dir) in support::backends().await {
        support::tenant(&service, "ACME", 100).await;
        let request = BulkCreate {
            first: "200".into(),
            last: "219".into(),
            kind: "sip".into(),
            name_pattern: "Room {n}".into(),
        };
        assert_eq!(
            service
                .bulk_create(&Actor::cli(), "ACME", &request)
                .await
                .unwrap(),
            20,
            "{backend}"
        );
        let audit = pbx_store::audit::of_tenant(
            &mut service.store().conn().await.unwrap(),
            "ACME",
            None,
            100,
        )
        .await
        .unwrap();
        let created: Vec<_> = audit.iter().filter(|a| a.action == "create").collect();
        assert_eq!(
            created.len(),
            20,
            "{backend}: one audit entry per created extension"
        );
        assert!(
            created[0].changes["name"][1]
                .as_str()
                .unwrap()
                .starts_with("Room "),
            "{backend}"
        );
        let overlap = BulkCreate {
            first: "215".into(),
            last: "230".into(),
            ..request.clone()
        };
        assert!(
            service
                .bulk_create(&Actor::cli(), "ACME", &overlap)
                .await
                .is_err(),
            "{backend}"
        );
        let page = service
            .list_extensions(
                &Actor::cli(),
                "ACME",
                ListQuery {
                    sort: SortColumn::Number,
                    descending: true,
                    limit: 5,
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(
            page.total, 20,
            "{backend}: the overlapping range created nothing"
        );
        assert_eq!(page.items[0].number, "219", "{backend}");
        let found = service
            .list_extensions(
                &Actor::cli(),
                "ACME",
                ListQuery {
                    search: Some("room 21".into()),
                    limit: 50,
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(found.total, 10, "{backend}");
        let percent = service
            .list_extensions(
                &Actor::cli(),
                "ACME",
                ListQuery {
                    search: Some("%".into()),
                    limit: 50,
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(percent.total, 0, "{backend}: '%' matches literally");
    }
}

#[tokio::test]
async fn a_restricted_admin_sees_only_assigned_extensions_and_no_passwords() {
    for (backend, service, _dir) in support::backends().await {
        support::tenant(&service, "ACME", 10).await;
        support::tenant(&service, "BETA", 10).await;
        for n in ["100", "101"] {
            service
                .create_extension(&Actor::cli(), "ACME", &input("sip", n, "x"))
                .await
                .unwrap();
        }
        let rita = support::actor(
            &service,
            "rita",
            Role::RestrictedAdmin,
            &[],
            &[("ACME", "101")],
        )
        .await;
        assert!(!rita.may(Permission::ShowPasswords));
        let page = service
            .list_extensions(
                &rita,
                "ACME",
                ListQuery {
                    limit: 50,
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(page.items.len(), 1, "{backend}");
        assert_eq!(page.items[0].secret, None, "{backend}");
        assert!(
            matches!(
                service.get_extension(&rita, "ACME", "100").await,
                Err(ServiceError::NotFound(_))
            ),
            "{backend}"
        );
        assert!(
            matches!(
                service.get_tenant(&rita, "BETA").await,
                Err(ServiceError::NotFound(_))
            ),
            "{backend}"
        );
        assert!(
            service
                .delete_extension(&rita, "ACME", "101", false)
                .await
                .is_err(),
            "{backend}"
        );
    }
}

#[tokio::test]
async fn references_to_objects_of_another_tenant_are_rejected() {
    for (backend, service, _dir) in support::backends().await {
        support::tenant(&service, "ACME", 10).await;
        support::tenant(&service, "BETA", 10).await;
        let foreign = service
            .create_object(
                &Actor::cli(),
                "BETA",
                pbx_domain::values::ObjectKind::Destination,
                "Beta desk",
                "ext:100",
            )
            .await
            .unwrap();
        let mut ext = input("sip", "100", "A");
        ext.settings_json =
            Some(json!({"destinations": {"busy_enabled": true, "busy_destination": foreign.id}}));
        let error = service
            .create_extension(&Actor::cli(), "ACME", &ext)
            .await
            .unwrap_err();
        assert_eq!(
            field_of(error),
            "settings.destinations.busy_destination",
            "{backend}"
        );
    }
}

#[tokio::test]
async fn the_demo_tenant_has_ten_extensions_with_tenant_usernames() {
    for (backend, service, _dir) in support::backends().await {
        assert!(service.load_demo().await.unwrap(), "{backend}");
        let page = service
            .list_extensions(
                &Actor::cli(),
                "CANISTRACCI",
                ListQuery {
                    limit: 50,
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(page.total, 10, "{backend}");
        assert_eq!(
            page.items[0].username.as_deref(),
            Some("100-CANISTRACCI"),
            "{backend}"
        );
        assert_eq!(
            page.items[6].kind,
            pbx_domain::ExtensionKind::Custom,
            "{backend}"
        );
        assert_eq!(
            page.items[8].kind,
            pbx_domain::ExtensionKind::Virtual,
            "{backend}"
        );
        assert!(
            !service.load_demo().await.unwrap(),
            "{backend}: loading twice is a no-op"
        );
    }
}
