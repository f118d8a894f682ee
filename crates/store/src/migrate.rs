//! Schema migrations, one folder per backend, applied in order once.
//!
//! Versions need not be contiguous (branches take numbers independently):
//! each version not yet recorded in `schema_migrations` is applied, in
//! ascending order, whatever was applied before it.

use sqlx::AssertSqlSafe;
use sqlx::Executor;

use crate::{Backend, Store, StoreError};

/// `(version, sqlite sql, postgres sql)`.
const MIGRATIONS: &[(i64, &str, &str)] = &[
    (
        1,
        include_str!("../migrations/sqlite/0001_core.sql"),
        include_str!("../migrations/postgres/0001_core.sql"),
    ),
    (
        3,
        include_str!("../migrations/sqlite/0003_imports.sql"),
        include_str!("../migrations/postgres/0003_imports.sql"),
    ),
];

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
    let mut pending: Vec<&(i64, &str, &str)> = MIGRATIONS.iter().collect();
    pending.sort_by_key(|(version, _, _)| *version);
    for (version, sqlite, postgres) in pending {
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
    use super::MIGRATIONS;

    #[test]
    fn migration_versions_are_unique() {
        let mut versions: Vec<i64> = MIGRATIONS.iter().map(|(v, _, _)| *v).collect();
        versions.sort();
        versions.dedup();
        assert_eq!(versions.len(), MIGRATIONS.len());
    }
}
