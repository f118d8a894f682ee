//! API tokens and browser sessions, shared by every `pbx` instance. Only a
//! digest of a token is stored (the caller passes it), so a database leak
//! does not leak live credentials.

use sqlx::{AnyConnection, Row};

use crate::{StoreError, now};

/// A live token or session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredToken {
    pub id: i64,
    pub user_id: i64,
    /// `api` or `session`.
    pub kind: String,
    pub csrf: String,
    pub created_at: i64,
    pub expires_at: i64,
}

/// Stores a token digest.
pub async fn insert(
    conn: &mut AnyConnection,
    user_id: i64,
    digest: &str,
    kind: &str,
    csrf: &str,
    expires_at: i64,
) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO api_tokens (user_id, token_hash, kind, csrf, created_at, expires_at, revoked) \
         VALUES ($1, $2, $3, $4, $5, $6, 0) RETURNING id",
    )
    .bind(user_id)
    .bind(digest)
    .bind(kind)
    .bind(csrf)
    .bind(now())
    .bind(expires_at)
    .fetch_one(conn)
    .await?)
}

fn from_row(row: &sqlx::any::AnyRow) -> Result<StoredToken, StoreError> {
    Ok(StoredToken {
        id: row.try_get("id")?,
        user_id: row.try_get("user_id")?,
        kind: row.try_get("kind")?,
        csrf: row.try_get("csrf")?,
        created_at: row.try_get("created_at")?,
        expires_at: row.try_get("expires_at")?,
    })
}

/// The live (unexpired, unrevoked) token with this digest.
pub async fn live(
    conn: &mut AnyConnection,
    digest: &str,
) -> Result<Option<StoredToken>, StoreError> {
    let row = sqlx::query(
        "SELECT id, user_id, kind, csrf, created_at, expires_at FROM api_tokens \
         WHERE token_hash = $1 AND revoked = 0 AND expires_at > $2",
    )
    .bind(digest)
    .bind(now())
    .fetch_optional(conn)
    .await?;
    row.as_ref().map(from_row).transpose()
}

/// The user's live tokens of a kind.
pub async fn of_user(
    conn: &mut AnyConnection,
    user_id: i64,
    kind: &str,
) -> Result<Vec<StoredToken>, StoreError> {
    let rows = sqlx::query(
        "SELECT id, user_id, kind, csrf, created_at, expires_at FROM api_tokens \
         WHERE user_id = $1 AND kind = $2 AND revoked = 0 AND expires_at > $3 ORDER BY id",
    )
    .bind(user_id)
    .bind(kind)
    .bind(now())
    .fetch_all(conn)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Revokes one token of the user.
pub async fn revoke(
    conn: &mut AnyConnection,
    user_id: i64,
    token_id: i64,
) -> Result<(), StoreError> {
    let done = sqlx::query("UPDATE api_tokens SET revoked = 1 WHERE id = $1 AND user_id = $2")
        .bind(token_id)
        .bind(user_id)
        .execute(conn)
        .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

/// Revokes the token with this digest (logout).
pub async fn revoke_digest(conn: &mut AnyConnection, digest: &str) -> Result<(), StoreError> {
    sqlx::query("UPDATE api_tokens SET revoked = 1 WHERE token_hash = $1")
        .bind(digest)
        .execute(conn)
        .await?;
    Ok(())
}

/// Every live token and session of the user.
pub async fn all_of_user(
    conn: &mut AnyConnection,
    user_id: i64,
) -> Result<Vec<StoredToken>, StoreError> {
    let mut all = of_user(&mut *conn, user_id, "api").await?;
    all.extend(of_user(conn, user_id, "session").await?);
    all.sort_by_key(|t| t.id);
    Ok(all)
}

/// Revokes every token and session of the user (lock, password change).
pub async fn revoke_all(conn: &mut AnyConnection, user_id: i64) -> Result<(), StoreError> {
    sqlx::query("UPDATE api_tokens SET revoked = 1 WHERE user_id = $1")
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(())
}
