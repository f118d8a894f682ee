//! Failed sign-ins per key (`user:NAME`, `ip:ADDR`), kept in the database so
//! every `pbx serve` instance sees the same counts. The backoff policy is
//! the service's; this module counts and remembers until when a key is
//! blocked.

use sqlx::AnyConnection;

use crate::StoreError;

/// Until when `key` is blocked (Unix seconds; 0 or past when it is not).
pub async fn blocked_until(conn: &mut AnyConnection, key: &str) -> Result<i64, StoreError> {
    let until: Option<i64> =
        sqlx::query_scalar("SELECT blocked_until FROM login_throttle WHERE throttle_key = $1")
            .bind(key)
            .fetch_optional(conn)
            .await?;
    Ok(until.unwrap_or(0))
}

/// Counts one failure of `key` at `now`; failures older than `window_start`
/// are forgotten first. Returns the failure count.
pub async fn record_failure(
    conn: &mut AnyConnection,
    key: &str,
    now: i64,
    window_start: i64,
) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO login_throttle (throttle_key, failures, blocked_until, updated_at) \
         VALUES ($1, 1, 0, $2) \
         ON CONFLICT (throttle_key) DO UPDATE SET \
         failures = CASE WHEN login_throttle.updated_at < $3 THEN 1 ELSE login_throttle.failures + 1 END, \
         updated_at = $2 \
         RETURNING failures",
    )
    .bind(key)
    .bind(now)
    .bind(window_start)
    .fetch_one(conn)
    .await?)
}

/// Blocks `key` until `until`.
pub async fn block(conn: &mut AnyConnection, key: &str, until: i64) -> Result<(), StoreError> {
    sqlx::query("UPDATE login_throttle SET blocked_until = $1 WHERE throttle_key = $2")
        .bind(until)
        .bind(key)
        .execute(conn)
        .await?;
    Ok(())
}

/// Forgets the failures of `key` (after a successful sign-in).
pub async fn clear(conn: &mut AnyConnection, key: &str) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM login_throttle WHERE throttle_key = $1")
        .bind(key)
        .execute(conn)
        .await?;
    Ok(())
}

/// When `key` was last counted or remembered (Unix seconds), if ever.
pub async fn last_update(conn: &mut AnyConnection, key: &str) -> Result<Option<i64>, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT updated_at FROM login_throttle WHERE throttle_key = $1")
            .bind(key)
            .fetch_optional(conn)
            .await?,
    )
}

/// Remembers `key` at `now` without a failure (a known sign-in address).
pub async fn remember(conn: &mut AnyConnection, key: &str, now: i64) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO login_throttle (throttle_key, failures, blocked_until, updated_at) \
         VALUES ($1, 0, 0, $2) \
         ON CONFLICT (throttle_key) DO UPDATE SET updated_at = $2",
    )
    .bind(key)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}
