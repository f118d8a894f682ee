//! SIP usernames are section names in the rendered files, so a tenant
//! cannot take another tenant's default space, a structural or configured
//! section name, an auth section's name or another extension's name in
//! another letter case; refusals reveal nothing outside the tenant.
//! Message-waiting subscriptions name only the tenant's own mailboxes.

mod support;

use pbx_service::extensions::{BulkCreate, ExtensionInput, Scope};
use pbx_service::{Actor, Service, ServiceError};
use serde_json::json;

const NO_PROGRESS: &(dyn Fn(u64) + Send + Sync) = &|_| {};

async fn tenant_with_custom_usernames(service: &Service, code: &str) {
    service
        .create_tenant(
            &Actor::cli(),
            &json!({"code": code, "name": code, "extension_limit": 100, "allow_custom_usernames": true}),
        )
        .await
        .unwrap();
}

fn named(number: &str, username: &str) -> ExtensionInput {
    ExtensionInput {
        username: Some(username.into()),
        ..support::input("pjsip", number, "Phone")
    }
}

/// The username error of a create, or `None` when it succeeded.
async fn create_error(
    service: &Service,
    code: &str,
    number: &str,
    username: &str,
) -> Option<String> {
    match service
        .create_extension(&Actor::cli(), code, &named(number, username))
        .await
    {
        Ok(_) => None,
        Err(ServiceError::Invalid(e)) => {
            assert_eq!(e.0[0].field, "username", "{e:?}");
            Some(e.0[0].message.clone())
        }
        Err(other) => panic!("{other:?}"),
    }
}

/// The username errors of an import of `rows` (`number,username`).
async fn import_errors(service: &Service, code: &str, rows: &str) -> Vec<String> {
    let file = format!("number,kind,username\n{rows}");
    service
        .check_import(&Actor::cli(), code, file.as_bytes(), "f.csv", NO_PROGRESS)
        .await
        .unwrap()
        .errors
        .into_iter()
        .filter(|e| e.column == "username")
        .map(|e| e.message)
        .collect()
}

#[tokio::test]
async fn a_tenant_cannot_take_another_tenants_default_and_that_tenant_keeps_its_numbers() {
    for (backend, service, _dir) in support::backends().await {
        tenant_with_custom_usernames(&service, "ACME").await;
        support::tenant(&service, "CANISTRACCI", 100).await;
        for taken in [
            "150-CANISTRACCI",
            "150_CANISTRACCI",
            "151-ACME",
            "150-canistracci",
            "150-LATER",
        ] {
            let error = create_error(&service, "ACME", "150", taken).await;
            assert!(
                error
                    .as_deref()
                    .is_some_and(|e| e.starts_with("is reserved")),
                "{backend} {taken}: {error:?}"
            );
            let errors = import_errors(&service, "ACME", &format!("150,pjsip,{taken}\n")).await;
            assert_eq!(errors.len(), 1, "{backend} {taken}");
        }
        assert_eq!(
            create_error(&service, "ACME", "150", "150_ACME").await,
            None
        );
        // CANISTRACCI's 150 by every path: API, bulk create, import.
        service
            .create_extension(
                &Actor::cli(),
                "CANISTRACCI",
                &support::input("pjsip", "150", "A"),
            )
            .await
            .unwrap();
        let bulk = BulkCreate {
            first: "151".into(),
            last: "152".into(),
            kind: "sip".into(),
            name_pattern: "Room {n}".into(),
        };
        service
            .bulk_create(&Actor::cli(), "CANISTRACCI", &bulk)
            .await
            .unwrap();
        let file = b"number,kind\n153,pjsip\n";
        let outcome = service
            .import_file(&Actor::cli(), "CANISTRACCI", file, "f.csv", NO_PROGRESS)
            .await
            .unwrap();
        assert!(outcome.applied, "{backend}: {:?}", outcome.report.errors);
    }
}

#[tokio::test]
async fn structural_and_configured_section_names_are_refused_on_every_path() {
    for (backend, service, _dir) in support::backends().await {
        tenant_with_custom_usernames(&service, "ACME").await;
        support::tenant(&service, "BETA", 100).await;
        service
            .create_node(
                &Actor::cli(),
                &json!({"name": "ast1", "output_dir": "/tmp/pbx-usernames", "ami_secret": "s",
                        "transports": {"udp": "edge-udp", "tls": "tls-main"},
                        "inter_node_trunk": "trunk-nodes"}),
            )
            .await
            .unwrap();
        let stored = service
            .create_extension(
                &Actor::cli(),
                "ACME",
                &support::input("pjsip", "100", "Ann"),
            )
            .await
            .unwrap();
        let reserved = "is reserved for the Asterisk configuration; choose another username";
        for name in [
            "general",
            "Authentication",
            "global",
            "system",
            "transport-udp",
            "transport-wss",
            "edge-udp",
            "TLS-main",
            "trunk-nodes",
            "BETA",
            "acme",
            "100-ACME-auth",
            "alice-auth",
        ] {
            assert_eq!(
                create_error(&service, "ACME", "101", name).await.as_deref(),
                Some(reserved),
                "{backend} {name}"
            );
            let change = ExtensionInput {
                version: Some(stored.extension.version),
                username: Some(name.into()),
                ..Default::default()
            };
            match service
                .update_extension(&Actor::cli(), "ACME", "100", &change, Scope::Extension)
                .await
            {
                Err(ServiceError::Invalid(e)) => {
                    assert_eq!(e.0[0].message, reserved, "{backend} {name}");
                }
                other => panic!("{backend} {name}: {other:?}"),
            }
            assert_eq!(
                import_errors(&service, "ACME", &format!("102,pjsip,{name}\n")).await,
                [reserved],
                "{backend} {name}"
            );
        }
    }
}

#[tokio::test]
async fn a_username_held_elsewhere_in_any_case_is_refused_without_saying_where() {
    for (backend, service, _dir) in support::backends().await {
        tenant_with_custom_usernames(&service, "ACME").await;
        tenant_with_custom_usernames(&service, "BETA").await;
        assert_eq!(create_error(&service, "BETA", "100", "alice").await, None);
        assert_eq!(create_error(&service, "ACME", "100", "bob").await, None);
        let unavailable = "is not available; choose another username";
        for name in ["alice", "ALICE", "Alice"] {
            assert_eq!(
                create_error(&service, "ACME", "101", name).await.as_deref(),
                Some(unavailable),
                "{backend} {name}"
            );
            assert_eq!(
                import_errors(&service, "ACME", &format!("101,pjsip,{name}\n")).await,
                [unavailable]
            );
        }
        // Inside the tenant the holder may be named.
        assert_eq!(
            create_error(&service, "ACME", "101", "BOB")
                .await
                .as_deref(),
            Some("is used by extension 100"),
            "{backend}"
        );
        assert_eq!(
            import_errors(&service, "ACME", "101,pjsip,bob\n102,pjsip,Bob\n").await,
            [
                "is used by extension 100",
                "username Bob is also on line 2",
                "is used by extension 100"
            ],
            "{backend}"
        );
    }
}

#[tokio::test]
async fn mailbox_subscriptions_name_only_the_tenants_own_mailboxes() {
    for (backend, service, _dir) in support::backends().await {
        support::tenant(&service, "ACME", 100).await;
        let with_mailboxes = |number: &str, value: &str| ExtensionInput {
            settings_text: vec![("aor_mailboxes".into(), value.into())],
            ..support::input("pjsip", number, "Phone")
        };
        for foreign in [
            "101@CANISTRACCI",
            "101@ACME,102@BETA",
            "101",
            "101@default",
            "x@ACME",
        ] {
            match service
                .create_extension(&Actor::cli(), "ACME", &with_mailboxes("100", foreign))
                .await
            {
                Err(ServiceError::Invalid(e)) => {
                    assert_eq!(
                        e.0[0].field, "settings.pjsip_aor.aor_mailboxes",
                        "{backend}"
                    );
                    assert!(
                        e.0[0].message.ends_with(
                            "is not a mailbox of this tenant: write it as <number>@ACME"
                        )
                    );
                }
                other => panic!("{backend} {foreign}: {other:?}"),
            }
            let file = format!("number,kind,aor_mailboxes\n100,pjsip,\"{foreign}\"\n");
            let report = service
                .check_import(&Actor::cli(), "ACME", file.as_bytes(), "f.csv", NO_PROGRESS)
                .await
                .unwrap();
            assert_eq!(
                report.errors.len(),
                1,
                "{backend} {foreign}: {:?}",
                report.errors
            );
            assert_eq!(report.errors[0].column, "aor_mailboxes");
        }
        service
            .create_extension(
                &Actor::cli(),
                "ACME",
                &with_mailboxes("100", "101@ACME,102@ACME"),
            )
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn a_node_section_may_not_be_called_like_a_username() {
    for (backend, service, _dir) in support::backends().await {
        tenant_with_custom_usernames(&service, "ACME").await;
        assert_eq!(create_error(&service, "ACME", "100", "edge").await, None);
        let node = |transport: &str, trunk: &str| {
            json!({"name": "ast1", "output_dir": "/tmp/pbx-usernames", "ami_secret": "s",
                   "transports": {"udp": transport}, "inter_node_trunk": trunk})
        };
        match service
            .create_node(&Actor::cli(), &node("EDGE", "trunk"))
            .await
        {
            Err(ServiceError::Invalid(e)) => assert_eq!(
                (e.0[0].field.as_str(), e.0[0].message.as_str()),
                (
                    "transports.udp",
                    "EDGE is the SIP username edge of extension 100; choose another section name"
                ),
                "{backend}"
            ),
            other => panic!("{backend}: {other:?}"),
        }
        service
            .create_node(&Actor::cli(), &node("transport-udp", "trunk"))
            .await
            .unwrap();
        let change = json!({"inter_node_trunk": "edge"});
        assert!(
            matches!(
                service.update_node(&Actor::cli(), "ast1", &change).await,
                Err(ServiceError::Invalid(e)) if e.0[0].field == "inter_node_trunk"
            ),
            "{backend}"
        );
    }
}
