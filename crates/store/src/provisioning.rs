//! Provisioning tokens: the secret part of a fast-provisioning QR code.
//! Only a digest of each token is stored (the caller's, as for API
//! tokens), with the extension it sets up and when it stops working.

use sqlx::{AnyConnection, Row};

use crate::{StoreError, now};

/// What a valid token sets up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub tenant_id: i64,
    pub number: String,
    pub created_by: String,
}

/// Stores a new token (by its digest) for extension `number` of the tenant.
pub async fn insert(
    conn: &mut AnyConnection,
    token_digest: &str,
    tenant_id: i64,
    number: &str,
    created_by: &str,
    expires_at: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO provisioning_tokens (token_hash, tenant_id, number, created_by, expires_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(token_digest)
    .bind(tenant_id)
    .bind(number)
    .bind(created_by)
    .bind(expires_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// What the token with this digest grants, if it exists and has not expired.
pub async fn find(
    conn: &mut AnyConnection,
    token_digest: &str,
) -> Result<Option<Grant>, StoreError> {
    let row = sqlx::query(
        "SELECT tenant_id, number, created_by FROM provisioning_tokens \
         WHERE token_hash = $1 AND expires_at > $2",
    )
    .bind(token_digest)
    .bind(now())
    .fetch_optional(conn)
    .await?;
    row.map(|row| {
        Ok(Grant {
            tenant_id: row.try_get("tenant_id")?,
            number: row.try_get("number")?,
            created_by: row.try_get("created_by")?,
        })
    })
    .transpose()
}

/// Removes expired tokens.
pub async fn purge_expired(conn: &mut AnyConnection) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM provisioning_tokens WHERE expires_at <= $1")
        .bind(now())
        .execute(conn)
        .await?;
    Ok(())
}
