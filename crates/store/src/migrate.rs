//! Schema migrations, one folder per backend, applied once each in version
//! order. Versions are applied by number, not by list position, and a
//! database that already has a later version (e.g. `0003` from another
//! branch deployed first) still gets an earlier missing one.

use sqlx::AssertSqlSafe;
use sqlx::Executor;

use crate::{Backend, Store, StoreError};

/// `(version, sqlite sql, postgres sql)` for one migration file name.
macro_rules! migration {
    ($version:expr, $file:literal) => {
        (
            $version,
            include_str!(concat!("../migrations/sqlite/", $file)),
            include_str!(concat!("../migrations/postgres/", $file)),
        )
    };
}

/// Every migration, one line each (in any order: they are sorted by version).
const MIGRATIONS: &[(i64, &str, &str)] = &[
    migration!(1, "0001_core.sql"),
    migration!(2, "0002_nodes.sql"),
    migration!(3, "0003_imports.sql"),
    migration!(4, "0004_access.sql"),
    migration!(5, "0005_node_realm.sql"),
    migration!(6, "0006_projection_outbox.sql"),
    migration!(7, "0007_provisioning.sql"),
    migration!(8, "0008_security.sql"),
    migration!(9, "0009_realtime_registrations.sql"),
    migration!(10, "0010_mail.sql"),
    migration!(11, "0011_rates.sql"),
    migration!(12, "0012_call_records.sql"),
    migration!(13, "0013_call_media.sql"),
];

/// The migrations in version order; a repeated version is a build mistake.
fn ordered() -> Vec<&'static (i64, &'static str, &'static str)> {
    let mut list: Vec<_> = MIGRATIONS.iter().collect();
    list.sort_by_key(|m| m.0);
    for pair in list.windows(2) {
        assert_ne!(pair[0].0, pair[1].0, "two migrations share a version");
    }
    list
}

pub(crate) async fn run(store: &Store) -> Result<(), StoreError> {
    let mut tx = store.begin().await?;
    if store.backend() == Backend::Postgres {
        // Several instances may start at once against one database.
        tx.execute("SELECT pg_advisory_xact_lock(7428001)").await?;
    }
    tx.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY)")
        .await?;
    let applied: Vec<i64> = sqlx::query_scalar("SELECT version FROM schema_migrations")
        .fetch_all(&mut *tx)
        .await?;
    for (version, sqlite, postgres) in ordered() {
        if applied.contains(version) {
            continue;
        }
        let sql = match store.backend() {
            Backend::Sqlite => sqlite,
            Backend::Postgres => postgres,
        };
        sqlx::raw_sql(AssertSqlSafe(*sql)).execute(&mut *tx).await?;
        sqlx::query("INSERT INTO schema_migrations (version) VALUES ($1)")
            .bind(version)
            .execute(&mut *tx)
            .await?;
        tracing::info!(version, "applied database migration");
    }
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_have_distinct_versions_and_run_in_version_order() {
        let versions: Vec<i64> = ordered().iter().map(|m| m.0).collect();
        let mut sorted = versions.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(versions, sorted);
    }

    #[tokio::test]
    async fn a_missing_earlier_version_is_applied_after_a_later_one() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("m.db").display());
        let store = Store::connect(&url).await.unwrap();
        let mut conn = store.conn().await.unwrap();
        // As if version 2 had never run but a later version had.
        conn.execute("DROP TABLE nodes").await.unwrap();
        conn.execute("DELETE FROM schema_migrations WHERE version = 2")
            .await
            .unwrap();
        conn.execute("INSERT INTO schema_migrations (version) VALUES (99)")
            .await
            .unwrap();
        conn.execute("DROP TABLE ps_endpoints").await.unwrap();
        conn.execute("DROP TABLE ps_auths").await.unwrap();
        conn.execute("DROP TABLE ps_aors").await.unwrap();
        conn.execute("DROP TABLE sippeers").await.unwrap();
        drop(conn);
        store.close().await;
        let store = Store::connect(&url).await.unwrap();
        let mut conn = store.conn().await.unwrap();
        let nodes: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM nodes")
            .fetch_one(&mut *conn)
            .await
            .unwrap();
        assert_eq!(nodes, 0);
    }
}
