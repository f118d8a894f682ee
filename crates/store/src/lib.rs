//! Persistence for pbx on SQLite (embedded default, WAL) or PostgreSQL (to
//! share one database between several `pbx` instances and Asterisk nodes).
//!
//! The backend is chosen once, from the URL scheme. Both run the same
//! portable SQL through sqlx's `Any` driver (`$n` placeholders, `RETURNING`,
//! `ON CONFLICT`); only the migrations differ per backend. Every function
//! takes a `&mut AnyConnection`, so it runs the same on a pooled connection
//! or inside a transaction opened with [`Store::begin`].

/// A query text built with `format!` from constant fragments and `$n`
/// placeholders only (never from values, which are always bound).
macro_rules! sql {
    ($($fragment:tt)*) => {
        sqlx::AssertSqlSafe(format!($($fragment)*))
    };
}

mod error;
mod migrate;

pub mod audit;
pub mod call_analyses;
pub mod calls;
pub mod cdr_landing;
pub mod credentials;
pub mod extensions;
pub mod imports;
pub mod locks;
pub mod mail;
pub mod media_jobs;
pub mod nodes;
pub mod objects;
pub mod outbox;
pub mod prefs;
pub mod provisioning;
pub mod rates;
pub mod realtime;
pub mod secrets;
pub mod tenants;
pub mod throttle;
pub mod tokens;
pub mod users;

pub use error::StoreError;
pub use sqlx::AnyConnection as Connection;

use std::time::Duration;

use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{AnyPool, Executor};

/// Which database the URL names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A pool of connections to the product database.
#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
}

/// An open transaction; dropped without [`Transaction::commit`] it rolls back.
pub type Transaction = sqlx::Transaction<'static, sqlx::Any>;

impl Store {
    /// Connects to `url` (`sqlite://file.db`, a plain file path, or
    /// `postgres://...`) and brings the schema up to date.
    pub async fn connect(url: &str) -> Result<Store, StoreError> {
        install_default_drivers();
        let (url, backend) = normalize_url(url)?;
        let max = if backend == Backend::Sqlite { 8 } else { 16 };
        let pool = AnyPoolOptions::new()
            .max_connections(max)
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        conn.execute("PRAGMA journal_mode = WAL").await?;
                        conn.execute("PRAGMA synchronous = NORMAL").await?;
                        conn.execute("PRAGMA foreign_keys = ON").await?;
                        conn.execute("PRAGMA busy_timeout = 10000").await?;
                    }
                    Ok(())
                })
            })
            .connect(&url)
            .await?;
        let store = Store { pool, backend };
        migrate::run(&store).await?;
        Ok(store)
    }

    /// Connects like [`Store::connect`] and seals secrets at rest with
    /// `key`: values are sealed when written, and rows still holding a
    /// plaintext secret are sealed now.
    pub async fn connect_with_key(
        url: &str,
        key: &secrets::SecretKey,
    ) -> Result<Store, StoreError> {
        secrets::install(key)?;
        let store = Store::connect(url).await?;
        let sealed = extensions::seal_plaintext_secrets(&store).await?;
        if sealed > 0 {
            tracing::info!(sealed, "sealed plaintext SIP secrets with the secret key");
        }
        let sealed = nodes::seal_plaintext_secrets(&mut *store.conn().await?).await?;
        if sealed > 0 {
            tracing::info!(sealed, "sealed plaintext AMI secrets with the secret key");
        }
        Ok(store)
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// A pooled connection for reads (and single-statement writes).
    pub async fn conn(&self) -> Result<sqlx::pool::PoolConnection<sqlx::Any>, StoreError> {
        Ok(self.pool.acquire().await?)
    }

    /// Opens a write transaction. On SQLite it takes the write lock at
    /// once (`BEGIN IMMEDIATE`): a deferred transaction that reads first
    /// fails with "database is locked" when another connection commits a
    /// write before its own first write, and no busy timeout helps then.
    pub async fn begin(&self) -> Result<Transaction, StoreError> {
        Ok(match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        })
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Accepts `sqlite:`, `sqlite://`, `postgres://`, `postgresql://` and bare
/// file paths (taken as SQLite files, created when missing).
fn normalize_url(raw: &str) -> Result<(String, Backend), StoreError> {
    if raw.starts_with("postgres://") || raw.starts_with("postgresql://") {
        return Ok((raw.to_owned(), Backend::Postgres));
    }
    let path = raw
        .strip_prefix("sqlite://")
        .or_else(|| raw.strip_prefix("sqlite:"))
        .unwrap_or(raw);
    if path.is_empty() {
        return Err(StoreError::BadUrl(raw.to_owned()));
    }
    if path.contains("://") {
        return Err(StoreError::BadUrl(raw.to_owned()));
    }
    let sep = if path.contains('?') { '&' } else { '?' };
    let mode = if path.contains("mode=") {
        String::new()
    } else {
        format!("{sep}mode=rwc")
    };
    Ok((format!("sqlite://{path}{mode}"), Backend::Sqlite))
}

/// Commits a transaction, mapping its failure like any other store error.
pub async fn commit(tx: Transaction) -> Result<(), StoreError> {
    Ok(tx.commit().await?)
}

/// A query being bound, on either backend.
pub(crate) type Query<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>;

/// `($1, ..., $k), ($k+1, ...)`: the VALUES placeholders of `rows` rows of
/// `per_row` values each.
pub(crate) fn placeholders(rows: usize, per_row: usize) -> String {
    (0..rows)
        .map(|row| {
            let params: Vec<String> = (1..=per_row)
                .map(|p| format!("${}", row * per_row + p))
                .collect();
            format!("({})", params.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Seconds since the Unix epoch.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_number_every_value_of_every_row() {
        assert_eq!(placeholders(2, 3), "($1, $2, $3), ($4, $5, $6)");
        assert_eq!(placeholders(0, 3), "");
    }

    #[test]
    fn urls_choose_the_backend_and_sqlite_files_are_created() {
        assert_eq!(
            normalize_url("pbx.db").unwrap(),
            ("sqlite://pbx.db?mode=rwc".into(), Backend::Sqlite)
        );
        assert_eq!(
            normalize_url("sqlite:x.db").unwrap().0,
            "sqlite://x.db?mode=rwc"
        );
        assert_eq!(
            normalize_url("postgres://u@h/db").unwrap().1,
            Backend::Postgres
        );
        assert!(normalize_url("mysql://h/db").is_err());
    }

    /// Two writers at once on SQLite: the one whose transaction read first
    /// must not fail when the other commits in between (it did with a
    /// deferred BEGIN).
    #[tokio::test]
    async fn a_write_transaction_that_reads_first_outlives_a_concurrent_write() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::connect(dir.path().join("t.db").to_str().unwrap())
            .await
            .unwrap();
        let mut conn = store.conn().await.unwrap();
        conn.execute("CREATE TABLE probe (who TEXT)").await.unwrap();
        drop(conn);
        let mut tx = store.begin().await.unwrap();
        tx.execute("SELECT COUNT(*) FROM probe").await.unwrap();
        let other = store.clone();
        let concurrent = tokio::spawn(async move {
            let mut conn = other.conn().await.unwrap();
            conn.execute("INSERT INTO probe VALUES ('other')").await
        });
        tokio::time::sleep(Duration::from_millis(300)).await;
        tx.execute("INSERT INTO probe VALUES ('first')")
            .await
            .unwrap();
        tx.commit().await.unwrap();
        concurrent.await.unwrap().unwrap();
        let mut conn = store.conn().await.unwrap();
        let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM probe")
            .fetch_one(&mut *conn)
            .await
            .unwrap();
        assert_eq!(rows, 2);
    }
}
