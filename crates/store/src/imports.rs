//! Uploaded import files kept between their preview and their apply.

use sqlx::{AnyConnection, Row};

use crate::{StoreError, now};

/// A stored upload.
#[derive(Debug, Clone)]
pub struct StoredImport {
    pub id: String,
    pub tenant_id: i64,
    pub user_id: i64,
    pub file_name: String,
    pub content: Vec<u8>,
    pub expires_at: i64,
}

/// Keeps an upload until `expires_at` (Unix seconds).
pub async fn insert(
    conn: &mut AnyConnection,
    id: &str,
    tenant_id: i64,
    user_id: i64,
    file_name: &str,
    content: &[u8],
    expires_at: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO imports (id, tenant_id, user_id, file_name, content, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(id)
    .bind(tenant_id)
    .bind(user_id)
    .bind(file_name)
    .bind(content.to_vec())
    .bind(now())
    .bind(expires_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// The upload `id` of the tenant, unless it has expired.
pub async fn get(
    conn: &mut AnyConnection,
    tenant_id: i64,
    id: &str,
) -> Result<StoredImport, StoreError> {
    let row = sqlx::query(
        "SELECT id, tenant_id, user_id, file_name, content, expires_at FROM imports \
         WHERE id = $1 AND tenant_id = $2 AND expires_at > $3",
    )
    .bind(id)
    .bind(tenant_id)
    .bind(now())
    .fetch_optional(conn)
    .await?
    .ok_or(StoreError::NotFound)?;
    Ok(StoredImport {
        id: row.try_get("id")?,
        tenant_id: row.try_get("tenant_id")?,
        user_id: row.try_get("user_id")?,
        file_name: row.try_get("file_name")?,
        content: row.try_get("content")?,
        expires_at: row.try_get("expires_at")?,
    })
}

/// Forgets an upload (after it was applied).
pub async fn delete(conn: &mut AnyConnection, id: &str) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM imports WHERE id = $1")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Forgets every expired upload; returns how many.
pub async fn purge_expired(conn: &mut AnyConnection) -> Result<u64, StoreError> {
    let done = sqlx::query("DELETE FROM imports WHERE expires_at <= $1")
        .bind(now())
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}
