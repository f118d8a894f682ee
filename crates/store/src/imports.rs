//! Uploaded import files kept between their preview and their apply:
//! sealed (ChaCha20-Poly1305, under the process's secret key or, without
//! one, a key that lives as long as the process), in pieces of
//! [`CHUNK_BYTES`], and at most [`MAX_PER_USER`] per account and tenant and
//! [`MAX_PER_TENANT`] per tenant (older ones are dropped).

use std::sync::{Arc, OnceLock};

use sqlx::{AnyConnection, Row};

use crate::secrets::{self, SecretKey};
use crate::{StoreError, now};

/// The size of one stored piece of an upload.
pub const CHUNK_BYTES: usize = 1 << 20;
/// Uploads kept per account and tenant.
pub const MAX_PER_USER: i64 = 3;
/// Uploads kept per tenant.
pub const MAX_PER_TENANT: i64 = 10;

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

/// The key uploads are sealed with.
fn key() -> Arc<SecretKey> {
    static EPHEMERAL: OnceLock<Arc<SecretKey>> = OnceLock::new();
    secrets::installed()
        .unwrap_or_else(|| Arc::clone(EPHEMERAL.get_or_init(|| Arc::new(SecretKey::generate()))))
}

/// Keeps an upload until `expires_at` (Unix seconds), dropping the
/// account's and the tenant's oldest ones beyond the caps. Call it inside
/// a transaction: a half-written upload must not remain.
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
        "INSERT INTO imports (id, tenant_id, user_id, file_name, content, created_at, expires_at, seq) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, (SELECT COALESCE(MAX(seq), 0) + 1 FROM imports))",
    )
    .bind(id)
    .bind(tenant_id)
    .bind(user_id)
    .bind(file_name)
    .bind(Vec::<u8>::new())
    .bind(now())
    .bind(expires_at)
    .execute(&mut *conn)
    .await?;
    let key = key();
    for (seq, piece) in content.chunks(CHUNK_BYTES).enumerate() {
        sqlx::query("INSERT INTO import_chunks (import_id, seq, data) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(seq as i64)
            .bind(secrets::seal_bytes_with(&key, piece))
            .execute(&mut *conn)
            .await?;
    }
    let stale: Vec<String> = sqlx::query_scalar(
        "SELECT id FROM (SELECT id, user_id, \
           ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY seq DESC) AS mine, \
           ROW_NUMBER() OVER (ORDER BY seq DESC) AS everyone \
         FROM imports WHERE tenant_id = $1) ranked \
         WHERE (user_id = $2 AND mine > $3) OR everyone > $4",
    )
    .bind(tenant_id)
    .bind(user_id)
    .bind(MAX_PER_USER)
    .bind(MAX_PER_TENANT)
    .fetch_all(&mut *conn)
    .await?;
    for stale in stale.iter().filter(|s| s.as_str() != id) {
        delete(conn, stale).await?;
    }
    Ok(())
}

/// The upload `id` of the tenant, unless it has expired.
pub async fn get(
    conn: &mut AnyConnection,
    tenant_id: i64,
    id: &str,
) -> Result<StoredImport, StoreError> {
    let row = sqlx::query(
        "SELECT id, tenant_id, user_id, file_name, expires_at FROM imports \
         WHERE id = $1 AND tenant_id = $2 AND expires_at > $3",
    )
    .bind(id)
    .bind(tenant_id)
    .bind(now())
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(StoreError::NotFound)?;
    let key = key();
    let mut content = Vec::new();
    for seq in 0i64.. {
        let piece: Option<Vec<u8>> =
            sqlx::query_scalar("SELECT data FROM import_chunks WHERE import_id = $1 AND seq = $2")
                .bind(id)
                .bind(seq)
                .fetch_optional(&mut *conn)
                .await?;
        let Some(piece) = piece else { break };
        // A key that changed since (a restart without a key file) cannot
        // open it: the upload is as good as expired.
        let plain = secrets::open_bytes_with(&key, &piece).map_err(|_| StoreError::NotFound)?;
        content.extend_from_slice(&plain);
    }
    Ok(StoredImport {
        id: row.try_get("id")?,
        tenant_id: row.try_get("tenant_id")?,
        user_id: row.try_get("user_id")?,
        file_name: row.try_get("file_name")?,
        content,
        expires_at: row.try_get("expires_at")?,
    })
}

/// Forgets an upload (after it was applied).
pub async fn delete(conn: &mut AnyConnection, id: &str) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM import_chunks WHERE import_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM imports WHERE id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Forgets every expired upload (and pieces of uploads whose tenant is
/// gone); returns how many uploads.
pub async fn purge_expired(conn: &mut AnyConnection) -> Result<u64, StoreError> {
    let done = sqlx::query("DELETE FROM imports WHERE expires_at <= $1")
        .bind(now())
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM import_chunks WHERE import_id NOT IN (SELECT id FROM imports)")
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected())
}
