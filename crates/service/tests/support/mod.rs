//! Test support: a fresh service on SQLite, and on PostgreSQL when
//! `PBX_TEST_POSTGRES_URL` names a server (CI sets it and
//! `PBX_REQUIRE_POSTGRES=1`, so a missing server fails instead of skipping).
//! Tenants and extensions come from `pbx_testkit::data`'s builders.

use pbx_service::extensions::ExtensionInput;
use pbx_service::{Actor, Permission, Role, Service, Source, Store};
use pbx_testkit::data::TestTenant;

/// A fresh database of each available backend.
pub async fn backends() -> Vec<(String, Service, Option<tempfile::TempDir>)> {
    let mut out = Vec::new();
    for (backend, url, dir) in databases().await {
        out.push((
            backend,
            Service::new(Store::connect(&url).await.unwrap()),
            dir,
        ));
    }
    out
}

/// The URL of a fresh database of each available backend (to connect to
/// it more than once, as several instances do).
pub async fn databases() -> Vec<(String, String, Option<tempfile::TempDir>)> {
    let dir = tempfile::tempdir().unwrap();
    let sqlite = format!("sqlite://{}", dir.path().join("t.db").display());
    let mut out = vec![("sqlite".to_owned(), sqlite, Some(dir))];
    match std::env::var("PBX_TEST_POSTGRES_URL") {
        Ok(base) if !base.is_empty() => {
            out.push(("postgres".to_owned(), fresh_postgres(&base).await, None));
        }
        _ if std::env::var("PBX_REQUIRE_POSTGRES").as_deref() == Ok("1") => {
            panic!("PBX_REQUIRE_POSTGRES=1 but PBX_TEST_POSTGRES_URL is not set")
        }
        _ => {}
    }
    out
}

/// Creates an empty database on the server of `base`; returns its URL.
async fn fresh_postgres(base: &str) -> String {
    use sqlx::Connection;
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    sqlx::any::install_default_drivers();
    let name = format!(
        "pbx_test_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
    );
    let mut admin = sqlx::AnyConnection::connect(base)
        .await
        .expect("PostgreSQL reachable");
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut admin)
        .await
        .unwrap();
    let (server, _) = base.rsplit_once('/').expect("URL has a database path");
    format!("{server}/{name}")
}

/// A signed-in administrator of tenant ACME (created with a password,
/// authenticated through an API token, as a client would be).
#[allow(dead_code, reason = "not every test binary signs administrators in")]
pub async fn actor(
    service: &Service,
    name: &str,
    role: Role,
    permissions: &[Permission],
    extensions: &[(&str, &str)],
) -> Actor {
    let password = "a long password 1";
    service
        .create_user(name, password, role, permissions, &["ACME"], extensions)
        .await
        .unwrap();
    let token = service.login(name, password, "api").await.unwrap();
    service
        .authenticate(&token.token, Source::Api)
        .await
        .unwrap()
        .0
}

/// An extension to create: its kind, number and name.
#[allow(dead_code, reason = "not every test binary creates extensions")]
pub fn input(kind: &str, number: &str, name: &str) -> ExtensionInput {
    pbx_testkit::data::extension(kind, number, name)
}

/// Creates tenant `code` (named `{code} Ltd`) with a limit.
pub async fn tenant(service: &Service, code: &str, limit: u32) {
    TestTenant::new(code)
        .named(&format!("{code} Ltd"))
        .limit(limit)
        .create(service)
        .await;
}
