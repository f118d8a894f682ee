//! A store failure is an internal error wherever it happens: never "not
//! found", "unauthenticated" or a field error, which would hide an outage
//! and leave it unlogged. Each case breaks the one query a use case makes
//! (its table is renamed) after everything before it worked.

mod support;

use pbx_domain::values::ObjectKind;
use pbx_service::{Actor, Role, Service, ServiceError, Source};
use serde_json::json;

use support::input;

async fn rename(service: &Service, table: &str) {
    let mut conn = service.store().conn().await.unwrap();
    let sql = format!("ALTER TABLE {table} RENAME TO {table}_elsewhere");
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .execute(&mut *conn)
        .await
        .unwrap();
}

fn internal<T: std::fmt::Debug>(case: &str, result: Result<T, ServiceError>) {
    match result {
        Err(ServiceError::Internal(source)) => {
            assert!(
                source.to_string().contains("database error"),
                "{case}: {source}"
            );
        }
        other => panic!("{case}: expected an internal error, got {other:?}"),
    }
}

/// A fresh service of each backend with tenant ACME and PJSIP extension 100.
async fn services() -> Vec<(String, Service, Option<tempfile::TempDir>)> {
    let mut out = Vec::new();
    for (backend, service, dir) in support::backends().await {
        support::tenant(&service, "ACME", 10).await;
        service
            .create_extension(&Actor::cli(), "ACME", &input("pjsip", "100", "Ann"))
            .await
            .unwrap();
        out.push((backend, service, dir));
    }
    out
}

#[tokio::test]
async fn reading_a_tenant_extension_or_node_through_a_broken_table_is_internal() {
    let cli = Actor::cli();
    for (backend, service, _dir) in services().await {
        rename(&service, "extensions").await;
        internal(&backend, service.get_extension(&cli, "ACME", "100").await);
    }
    for (backend, service, _dir) in services().await {
        rename(&service, "tenants").await;
        internal(&backend, service.get_tenant(&cli, "ACME").await);
    }
    for (backend, service, _dir) in services().await {
        rename(&service, "nodes").await;
        internal(&backend, service.get_node(&cli, "ast1").await);
        internal(&backend, service.delete_node(&cli, "ast1").await);
    }
}

#[tokio::test]
async fn changing_an_object_through_a_broken_table_is_internal() {
    let cli = Actor::cli();
    for (backend, service, _dir) in services().await {
        let object = service
            .create_object(&cli, "ACME", ObjectKind::Language, "English", "en")
            .await
            .unwrap();
        rename(&service, "tenant_objects").await;
        internal(
            &backend,
            service
                .update_object(&cli, "ACME", object.id, "English", "en")
                .await,
        );
        internal(
            &backend,
            service.delete_object(&cli, "ACME", object.id).await,
        );
    }
}

#[tokio::test]
async fn tokens_users_and_provisioning_links_through_a_broken_table_are_internal() {
    let cli = Actor::cli();
    for (backend, service, _dir) in services().await {
        let id = service
            .create_user(
                "ops",
                "a long password 1",
                Role::TenantAdmin,
                &[],
                &["ACME"],
                &[],
            )
            .await
            .unwrap();
        let token = service
            .login("ops", "a long password 1", "api")
            .await
            .unwrap();
        let (actor, _) = service
            .authenticate(&token.token, Source::Api)
            .await
            .unwrap();
        assert_eq!(actor.user_id, id);
        rename(&service, "users").await;
        internal(
            &backend,
            service.authenticate(&token.token, Source::Api).await,
        );
    }
    for (backend, service, _dir) in services().await {
        rename(&service, "api_tokens").await;
        internal(&backend, service.revoke_token(&cli, 1).await);
    }
    for (backend, service, _dir) in services().await {
        rename(&service, "tenants").await;
        let created = service
            .create_user(
                "ops",
                "a long password 1",
                Role::TenantAdmin,
                &[],
                &["ACME"],
                &[],
            )
            .await;
        internal(&backend, created);
    }
    for (backend, service, _dir) in services().await {
        service
            .update_tenant(&cli, "ACME", &json!({"sip_domain": "sip.example"}))
            .await
            .unwrap();
        let link = service
            .issue_provisioning(&cli, "ACME", "100")
            .await
            .unwrap();
        rename(&service, "extensions").await;
        internal(&backend, service.provisioning_document(&link.token).await);
    }
}

#[tokio::test]
async fn an_internal_error_keeps_its_source_chain() {
    for (backend, service, _dir) in services().await {
        service.store().close().await;
        let error = service
            .get_extension(&Actor::cli(), "ACME", "100")
            .await
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "internal error",
            "{backend}: shown to clients"
        );
        let source = std::error::Error::source(&error).expect("a source");
        assert!(
            source.source().is_some(),
            "{backend}: the database error's own source"
        );
        assert_eq!(
            error.detail(),
            "internal error: database error: attempted to acquire a connection on a closed pool",
            "{backend}"
        );
    }
}
