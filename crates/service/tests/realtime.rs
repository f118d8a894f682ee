//! Nodes and Realtime rows on SQLite and PostgreSQL: rows are written in
//! the transaction of the extension change, and vanish with it.

mod support;

use pbx_asterisk::realtime::RealtimeTable as Table;
use pbx_service::extensions::{BulkCreate, ExtensionInput, Scope};
use pbx_service::projection::store_table;
use pbx_service::{Actor, Role, ServiceError};
use pbx_store::realtime;
use serde_json::json;

use support::input;

async fn row(
    service: &pbx_service::Service,
    table: Table,
    key: &str,
) -> Option<Vec<(String, String)>> {
    let mut conn = service.store().conn().await.unwrap();
    realtime::get(&mut conn, &store_table(table), key)
        .await
        .unwrap()
}

fn value<'a>(row: &'a [(String, String)], column: &str) -> Option<&'a str> {
    row.iter()
        .find(|(c, _)| c == column)
        .map(|(_, v)| v.as_str())
}

async fn realtime_node(service: &pbx_service::Service) {
    service
        .create_node(
            &Actor::cli(),
            &json!({"name": "ast1", "output_dir": "/tmp/pbx-test-ast1", "ami_secret": "s3cret",
                    "storage": "realtime", "context_prefix": "pbx-"}),
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn nodes_are_created_listed_changed_and_removed_by_super_admins_only() {
    for (backend, service, _dir) in support::backends().await {
        let cli = Actor::cli();
        let node = service
            .create_node(
                &cli,
                &json!({"name": "ast1", "output_dir": "/etc/asterisk/pbx", "ami_secret": "x1"}),
            )
            .await
            .unwrap();
        assert_eq!(node.node.storage, "files", "{backend}");
        assert_eq!(
            node.node.transports.get("udp").map(String::as_str),
            Some("transport-udp")
        );
        let again = service
            .create_node(
                &cli,
                &json!({"name": "ast1", "output_dir": "/x", "ami_secret": "x"}),
            )
            .await
            .unwrap_err();
        assert!(
            matches!(again, ServiceError::Invalid(ref e) if e.0[0].field == "name"),
            "{backend}: {again:?}"
        );
        let changed = service
            .update_node(
                &cli,
                "ast1",
                &json!({"ami_port": 5039, "inter_node_trunk": "trunk-nodes"}),
            )
            .await
            .unwrap();
        assert_eq!(changed.node.ami_port, 5039);
        assert_eq!(changed.version, 2);
        let mut admin = cli.clone();
        admin.role = Role::TenantAdmin;
        assert!(matches!(
            service.list_nodes(&admin).await,
            Err(ServiceError::Forbidden(_))
        ));
        assert_eq!(service.list_nodes(&cli).await.unwrap().len(), 1);
        service.delete_node(&cli, "ast1").await.unwrap();
        assert!(matches!(
            service.get_node(&cli, "ast1").await,
            Err(ServiceError::NotFound(_))
        ));
    }
}

#[tokio::test]
async fn with_a_realtime_node_an_extension_change_writes_and_removes_its_rows() {
    for (backend, service, _dir) in support::backends().await {
        support::tenant(&service, "ACME", 10).await;
        realtime_node(&service).await;
        let cli = Actor::cli();
        let created = service
            .create_extension(&cli, "ACME", &input("pjsip", "100", "Ann Smith"))
            .await
            .unwrap();
        let secret = created
            .extension
            .secret
            .clone()
            .unwrap()
            .expose()
            .to_owned();
        let endpoint = row(&service, Table::Endpoints, "100-ACME")
            .await
            .expect(&backend);
        assert_eq!(value(&endpoint, "context"), Some("pbx-ACME"), "{backend}");
        assert_eq!(value(&endpoint, "auth"), Some("100-ACME-auth"));
        assert_eq!(value(&endpoint, "aors"), Some("100-ACME"));
        assert!(value(&endpoint, "callerid").unwrap().contains("Ann Smith"));
        let auth = row(&service, Table::Auths, "100-ACME-auth").await.unwrap();
        assert_eq!(value(&auth, "username"), Some("100-ACME"));
        assert_eq!(value(&auth, "password"), Some(secret.as_str()));
        let aor = row(&service, Table::Aors, "100-ACME").await.unwrap();
        assert_eq!(value(&aor, "max_contacts"), Some("1"), "{backend}");

        let patch = ExtensionInput {
            name: Some("Ann Jones".into()),
            version: Some(created.extension.version),
            ..Default::default()
        };
        service
            .update_extension(&cli, "ACME", "100", &patch, Scope::Extension)
            .await
            .unwrap();
        let endpoint = row(&service, Table::Endpoints, "100-ACME").await.unwrap();
        assert!(
            value(&endpoint, "callerid").unwrap().contains("Ann Jones"),
            "{backend}"
        );

        service
            .change_stack(&cli, "ACME", &["100".into()], "sip")
            .await
            .unwrap();
        assert!(
            row(&service, Table::Endpoints, "100-ACME").await.is_none(),
            "{backend}"
        );
        let peer = row(&service, Table::SipPeers, "100-ACME")
            .await
            .expect("sippeers row");
        assert_eq!(value(&peer, "secret"), Some(secret.as_str()));
        assert_eq!(value(&peer, "context"), Some("pbx-ACME"));

        service
            .delete_extension(&cli, "ACME", "100", false)
            .await
            .unwrap();
        for (table, key) in [
            (Table::Endpoints, "100-ACME"),
            (Table::Auths, "100-ACME-auth"),
            (Table::Aors, "100-ACME"),
            (Table::SipPeers, "100-ACME"),
        ] {
            assert!(
                row(&service, table, key).await.is_none(),
                "{backend}: {}",
                table.name()
            );
        }
    }
}

#[tokio::test]
async fn a_failing_bulk_create_leaves_no_realtime_rows_behind() {
    for (backend, service, _dir) in support::backends().await {
        support::tenant(&service, "ACME", 50).await;
        realtime_node(&service).await;
        let cli = Actor::cli();
        let taken = service
            .create_extension(&cli, "ACME", &input("pjsip", "201", "Taken"))
            .await
            .unwrap();
        let before = row(&service, Table::Auths, "201-ACME-auth").await.unwrap();
        let request = BulkCreate {
            first: "200".into(),
            last: "203".into(),
            kind: "pjsip".into(),
            name_pattern: "Room {n}".into(),
        };
        service
            .bulk_create(&cli, "ACME", &request)
            .await
            .unwrap_err();
        for key in ["200-ACME", "202-ACME", "203-ACME"] {
            assert!(
                row(&service, Table::Endpoints, key).await.is_none(),
                "{backend}: {key}"
            );
        }
        let after = row(&service, Table::Auths, "201-ACME-auth").await.unwrap();
        assert_eq!(before, after, "{backend}: the existing row is untouched");
        assert_eq!(
            value(&after, "password"),
            taken.extension.secret.as_ref().map(|s| s.expose())
        );
        let ok = BulkCreate {
            first: "300".into(),
            last: "302".into(),
            ..request
        };
        assert_eq!(service.bulk_create(&cli, "ACME", &ok).await.unwrap(), 3);
        assert!(
            row(&service, Table::Aors, "302-ACME").await.is_some(),
            "{backend}"
        );
    }
}

#[tokio::test]
async fn without_a_realtime_node_no_rows_are_written_and_a_new_one_fills_them() {
    for (backend, service, _dir) in support::backends().await {
        support::tenant(&service, "ACME", 10).await;
        let cli = Actor::cli();
        service
            .create_extension(&cli, "ACME", &input("sip", "100", "Ann"))
            .await
            .unwrap();
        assert!(
            row(&service, Table::SipPeers, "100-ACME").await.is_none(),
            "{backend}"
        );
        realtime_node(&service).await;
        assert!(
            row(&service, Table::SipPeers, "100-ACME").await.is_some(),
            "{backend}"
        );
    }
}

#[tokio::test]
async fn changing_a_language_object_rewrites_the_rows_of_the_extensions_using_it() {
    for (backend, service, _dir) in support::backends().await {
        support::tenant(&service, "ACME", 10).await;
        realtime_node(&service).await;
        let cli = Actor::cli();
        let kind = pbx_domain::values::ObjectKind::Language;
        let lang = service
            .create_object(&cli, "ACME", kind, "German", "de")
            .await
            .unwrap();
        let mut with_language = input("pjsip", "100", "Ann");
        with_language.settings_json = Some(json!({"call": {"language": lang.id}}));
        service
            .create_extension(&cli, "ACME", &with_language)
            .await
            .unwrap();
        let endpoint = row(&service, Table::Endpoints, "100-ACME").await.unwrap();
        assert_eq!(value(&endpoint, "language"), Some("de"), "{backend}");
        service
            .update_object(&cli, "ACME", lang.id, "French", "fr")
            .await
            .unwrap();
        let endpoint = row(&service, Table::Endpoints, "100-ACME").await.unwrap();
        assert_eq!(value(&endpoint, "language"), Some("fr"), "{backend}");
    }
}

#[tokio::test]
async fn an_import_writes_the_realtime_rows_of_its_rows_or_none_when_refused() {
    for (backend, service, _dir) in support::backends().await {
        support::tenant(&service, "ACME", 1000).await;
        realtime_node(&service).await;
        let cli = Actor::cli();
        service
            .create_extension(&cli, "ACME", &input("pjsip", "100", "Ann"))
            .await
            .unwrap();
        // 600 good rows (a first chunk of 500 is written inside the
        // transaction) and one bad row at the end: nothing may remain.
        let mut refused = String::from("kind,number,name,ring_timeout\n");
        for n in 1000..1600 {
            refused.push_str(&format!("pjsip,{n},Room {n},\n"));
        }
        refused.push_str("pjsip,1600,Bad,abc\n");
        let outcome = service
            .import_file(&cli, "ACME", refused.as_bytes(), "a.csv", &|_| {})
            .await
            .unwrap();
        assert!(!outcome.applied, "{backend}");
        for key in ["1000-ACME", "1599-ACME"] {
            assert!(
                row(&service, Table::Endpoints, key).await.is_none(),
                "{backend}: {key}"
            );
        }
        let file = b"kind,number,name\npjsip,100,Ann Renamed\nsip,101,Bob\npjsip,102,Cy\n";
        let outcome = service
            .import_file(&cli, "ACME", file, "b.csv", &|_| {})
            .await
            .unwrap();
        assert!(outcome.applied, "{backend}: {:?}", outcome.report.errors);
        let endpoint = row(&service, Table::Endpoints, "102-ACME").await.unwrap();
        assert_eq!(value(&endpoint, "aors"), Some("102-ACME"), "{backend}");
        assert!(row(&service, Table::SipPeers, "101-ACME").await.is_some());
        let renamed = row(&service, Table::Endpoints, "100-ACME").await.unwrap();
        assert_eq!(
            value(&renamed, "callerid"),
            Some("\"Ann Renamed\" <100>"),
            "{backend}: the updated extension's row is rewritten"
        );
    }
}

#[tokio::test]
async fn with_a_realm_the_rows_hold_digests_and_no_plaintext_secret() {
    for (backend, service, _dir) in support::backends().await {
        support::tenant(&service, "ACME", 10).await;
        realtime_node(&service).await;
        let cli = Actor::cli();
        let pjsip = service
            .create_extension(&cli, "ACME", &input("pjsip", "100", "Ann"))
            .await
            .unwrap();
        let sip = service
            .create_extension(&cli, "ACME", &input("sip", "101", "Bob"))
            .await
            .unwrap();
        let auth = row(&service, Table::Auths, "100-ACME-auth").await.unwrap();
        assert_eq!(value(&auth, "auth_type"), Some("userpass"), "{backend}");
        let node = service
            .update_node(&cli, "ast1", &json!({"realm": "pbx.example.com"}))
            .await
            .unwrap();
        assert_eq!(
            pbx_service::nodes::node_json(&node)["realm"],
            "pbx.example.com"
        );
        let secret = |stored: &pbx_store::extensions::StoredExtension| {
            stored
                .extension
                .secret
                .as_ref()
                .unwrap()
                .expose()
                .to_owned()
        };
        let auth = row(&service, Table::Auths, "100-ACME-auth").await.unwrap();
        assert_eq!(value(&auth, "auth_type"), Some("md5"), "{backend}");
        assert_eq!(value(&auth, "realm"), Some("pbx.example.com"));
        assert_eq!(
            value(&auth, "md5_cred").map(str::to_owned),
            Some(pbx_asterisk::realtime::md5_cred(
                "100-ACME",
                "pbx.example.com",
                &secret(&pjsip)
            ))
        );
        assert_eq!(value(&auth, "password"), None, "{backend}");
        let peer = row(&service, Table::SipPeers, "101-ACME").await.unwrap();
        assert_eq!(value(&peer, "secret"), None, "{backend}");
        assert_eq!(
            value(&peer, "md5secret").map(str::to_owned),
            Some(pbx_asterisk::realtime::md5_cred(
                "101-ACME",
                "pbx.example.com",
                &secret(&sip)
            ))
        );
        let refused = service
            .update_node(&cli, "ast1", &json!({"realm": "bad realm\""}))
            .await
            .unwrap_err();
        assert!(
            matches!(refused, ServiceError::Invalid(ref e) if e.0[0].field == "realm"),
            "{backend}: {refused:?}"
        );
    }
}

#[tokio::test]
async fn a_declared_column_missing_from_the_database_is_added_before_the_first_write() {
    for (backend, service, _dir) in support::backends().await {
        {
            // As in a database older than the option.
            let mut conn = service.store().conn().await.unwrap();
            sqlx::query("ALTER TABLE ps_endpoints DROP COLUMN dtls_ca_file")
                .execute(&mut *conn)
                .await
                .unwrap();
        }
        support::tenant(&service, "ACME", 10).await;
        realtime_node(&service).await;
        let mut extension = input("pjsip", "100", "Ann Smith");
        extension.settings_json =
            Some(json!({"pjsip_endpoint": {"dtls_ca_file": "/etc/keys/ca.pem"}}));
        service
            .create_extension(&Actor::cli(), "ACME", &extension)
            .await
            .unwrap();
        let endpoint = row(&service, Table::Endpoints, "100-ACME").await.unwrap();
        assert_eq!(
            value(&endpoint, "dtls_ca_file"),
            Some("/etc/keys/ca.pem"),
            "{backend}"
        );
    }
}
