//! Administrator accounts and what they may reach.

use sqlx::{AnyConnection, Row};

use crate::{StoreError, now};

/// A stored administrator account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredUser {
    pub id: i64,
    pub username: String,
    pub password_hash: String,
    /// `super_admin`, `tenant_admin` or `restricted_admin`.
    pub role: String,
    /// Permission flag names.
    pub permissions: Vec<String>,
    /// Codes of the tenants the user administers (empty for super admins).
    pub tenants: Vec<String>,
    /// `(tenant code, number)` pairs a restricted admin may see.
    pub extensions: Vec<(String, String)>,
    /// A locked account cannot sign in.
    pub locked: bool,
    /// The password must be changed at the next sign-in.
    pub must_change_password: bool,
    /// When the password expires (Unix seconds; 0 = never).
    pub password_expires_at: i64,
    /// The sealed TOTP seed once two-factor sign-in is on ("" when off).
    pub totp_secret: String,
    /// A seed being enrolled, not confirmed yet ("" when none).
    pub totp_pending: String,
    /// The last TOTP time step accepted (a code is accepted once).
    pub totp_last_step: i64,
}

const USER_COLUMNS: &str = "id, username, password_hash, role, permissions, locked, \
    must_change_password, password_expires_at, totp_secret, totp_pending, totp_last_step";

async fn complete(
    conn: &mut AnyConnection,
    row: &sqlx::any::AnyRow,
) -> Result<StoredUser, StoreError> {
    let id: i64 = row.try_get("id")?;
    let permissions: String = row.try_get("permissions")?;
    let tenants: Vec<String> = sqlx::query_scalar(
        "SELECT t.code FROM user_tenants ut JOIN tenants t ON t.id = ut.tenant_id WHERE ut.user_id = $1 ORDER BY t.code",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let extensions: Vec<(String, String)> = sqlx::query_as(
        "SELECT t.code, ue.number FROM user_extensions ue JOIN tenants t ON t.id = ue.tenant_id \
         WHERE ue.user_id = $1 ORDER BY t.code, ue.number",
    )
    .bind(id)
    .fetch_all(conn)
    .await?;
    Ok(StoredUser {
        id,
        username: row.try_get("username")?,
        password_hash: row.try_get("password_hash")?,
        role: row.try_get("role")?,
        permissions: permissions
            .split(',')
            .filter(|p| !p.is_empty())
            .map(str::to_owned)
            .collect(),
        tenants,
        extensions,
        locked: row.try_get::<i64, _>("locked")? != 0,
        must_change_password: row.try_get::<i64, _>("must_change_password")? != 0,
        password_expires_at: row.try_get("password_expires_at")?,
        totp_secret: row.try_get("totp_secret")?,
        totp_pending: row.try_get("totp_pending")?,
        totp_last_step: row.try_get("totp_last_step")?,
    })
}

/// Inserts an account; `Conflict { field: "username" }` when taken.
pub async fn insert(
    conn: &mut AnyConnection,
    username: &str,
    password_hash: &str,
    role: &str,
    permissions: &[String],
) -> Result<i64, StoreError> {
    // `Admin` beside `admin` would be two accounts a person cannot tell
    // apart: names are unique ignoring letter case.
    let clash: Option<i64> =
        sqlx::query_scalar("SELECT id FROM users WHERE LOWER(username) = LOWER($1)")
            .bind(username)
            .fetch_optional(&mut *conn)
            .await?;
    if clash.is_some() {
        return Err(StoreError::Conflict { field: "username" });
    }
    Ok(sqlx::query_scalar(
        "INSERT INTO users (username, password_hash, role, permissions, created_at, password_changed_at) \
         VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
    )
    .bind(username)
    .bind(password_hash)
    .bind(role)
    .bind(permissions.join(","))
    .bind(now())
    .fetch_one(conn)
    .await?)
}

/// Replaces role, permissions, tenants and assigned extensions.
pub async fn set_access(
    conn: &mut AnyConnection,
    user_id: i64,
    role: &str,
    permissions: &[String],
    tenant_ids: &[i64],
    extensions: &[(i64, String)],
) -> Result<(), StoreError> {
    sqlx::query("UPDATE users SET role = $1, permissions = $2 WHERE id = $3")
        .bind(role)
        .bind(permissions.join(","))
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM user_tenants WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM user_extensions WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    for tenant_id in tenant_ids {
        sqlx::query("INSERT INTO user_tenants (user_id, tenant_id) VALUES ($1, $2)")
            .bind(user_id)
            .bind(tenant_id)
            .execute(&mut *conn)
            .await?;
    }
    for (tenant_id, number) in extensions {
        sqlx::query("INSERT INTO user_extensions (user_id, tenant_id, number) VALUES ($1, $2, $3)")
            .bind(user_id)
            .bind(tenant_id)
            .bind(number)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Sets a new password hash, when it expires (0 = never) and whether it
/// must be changed at the next sign-in.
pub async fn set_password(
    conn: &mut AnyConnection,
    user_id: i64,
    password_hash: &str,
    expires_at: i64,
    must_change: bool,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE users SET password_hash = $1, password_changed_at = $2, password_expires_at = $3, \
         must_change_password = $4 WHERE id = $5",
    )
    .bind(password_hash)
    .bind(now())
    .bind(expires_at)
    .bind(i64::from(must_change))
    .bind(user_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Sets the lock, forced-change and expiry state of an account.
pub async fn set_state(
    conn: &mut AnyConnection,
    user_id: i64,
    locked: bool,
    must_change: bool,
    expires_at: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE users SET locked = $1, must_change_password = $2, password_expires_at = $3 \
         WHERE id = $4",
    )
    .bind(i64::from(locked))
    .bind(i64::from(must_change))
    .bind(expires_at)
    .bind(user_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// The account with this username.
pub async fn by_username(
    conn: &mut AnyConnection,
    username: &str,
) -> Result<Option<StoredUser>, StoreError> {
    let row = sqlx::query(sql!("SELECT {USER_COLUMNS} FROM users WHERE username = $1"))
        .bind(username)
        .fetch_optional(&mut *conn)
        .await?;
    match row {
        Some(row) => Ok(Some(complete(conn, &row).await?)),
        None => Ok(None),
    }
}

/// The account with this id.
pub async fn by_id(conn: &mut AnyConnection, id: i64) -> Result<StoredUser, StoreError> {
    let row = sqlx::query(sql!("SELECT {USER_COLUMNS} FROM users WHERE id = $1"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    complete(conn, &row).await
}

/// Every account, by username.
pub async fn list(conn: &mut AnyConnection) -> Result<Vec<StoredUser>, StoreError> {
    let rows = sqlx::query(sql!("SELECT {USER_COLUMNS} FROM users ORDER BY username"))
        .fetch_all(&mut *conn)
        .await?;
    let mut users = Vec::with_capacity(rows.len());
    for row in &rows {
        users.push(complete(conn, row).await?);
    }
    Ok(users)
}

/// Deletes an account (its tokens and sessions go with it).
pub async fn delete(conn: &mut AnyConnection, id: i64) -> Result<(), StoreError> {
    let done = sqlx::query("DELETE FROM users WHERE id = $1")
        .bind(id)
        .execute(conn)
        .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

/// How many accounts exist.
pub async fn count(conn: &mut AnyConnection) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(conn)
        .await?)
}
