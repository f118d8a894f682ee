//! Extension locks: an extension whose outbound calls are blocked (by an
//! administrator or an abuse rule) until an administrator unlocks it.

use sqlx::{AnyConnection, Row};

use crate::{StoreError, now};

/// One lock.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Lock {
    pub number: String,
    /// Unix seconds.
    pub locked_at: i64,
    pub reason: String,
    /// The user, or `abuse detection`.
    pub locked_by: String,
}

fn from_row(row: &sqlx::any::AnyRow) -> Result<Lock, StoreError> {
    Ok(Lock {
        number: row.try_get("number")?,
        locked_at: row.try_get("locked_at")?,
        reason: row.try_get("reason")?,
        locked_by: row.try_get("locked_by")?,
    })
}

/// Locks an extension (a locked one keeps its first lock); true when it
/// was not locked before.
pub async fn lock(
    conn: &mut AnyConnection,
    tenant_id: i64,
    number: &str,
    reason: &str,
    by: &str,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "INSERT INTO extension_locks (tenant_id, number, locked_at, reason, locked_by) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (tenant_id, number) DO NOTHING",
    )
    .bind(tenant_id)
    .bind(number)
    .bind(now())
    .bind(reason)
    .bind(by)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Unlocks an extension; true when it was locked.
pub async fn unlock(
    conn: &mut AnyConnection,
    tenant_id: i64,
    number: &str,
) -> Result<bool, StoreError> {
    let done = sqlx::query("DELETE FROM extension_locks WHERE tenant_id = $1 AND number = $2")
        .bind(tenant_id)
        .bind(number)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// The lock of one extension, if it is locked.
pub async fn of_extension(
    conn: &mut AnyConnection,
    tenant_id: i64,
    number: &str,
) -> Result<Option<Lock>, StoreError> {
    let row = sqlx::query(
        "SELECT number, locked_at, reason, locked_by FROM extension_locks \
         WHERE tenant_id = $1 AND number = $2",
    )
    .bind(tenant_id)
    .bind(number)
    .fetch_optional(conn)
    .await?;
    row.as_ref().map(from_row).transpose()
}

/// Every lock of a tenant, by number.
pub async fn of_tenant(conn: &mut AnyConnection, tenant_id: i64) -> Result<Vec<Lock>, StoreError> {
    let rows = sqlx::query(
        "SELECT number, locked_at, reason, locked_by FROM extension_locks \
         WHERE tenant_id = $1 ORDER BY number",
    )
    .bind(tenant_id)
    .fetch_all(conn)
    .await?;
    rows.iter().map(from_row).collect()
}
