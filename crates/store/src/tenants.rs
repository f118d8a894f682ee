//! Tenants and their extension counter (which makes the limit atomic).

use pbx_domain::Settings;
use pbx_domain::tenant::{CallControlFallback, SipStack, Tenant, TenantCode};
use pbx_domain::values::ShortText;
use sqlx::{AnyConnection, Row};

use crate::{StoreError, now};

/// A stored tenant.
#[derive(Debug, Clone)]
pub struct StoredTenant {
    pub id: i64,
    pub tenant: Tenant,
    pub extension_count: i64,
    pub version: i64,
}

const COLUMNS: &str = "id, code, name, preferred_stack, extension_limit, extension_count, \
                       allow_custom_usernames, defaults, sip_domain, call_control_fallback, version";

fn from_row(row: &sqlx::any::AnyRow) -> Result<StoredTenant, StoreError> {
    let corrupt = |what: &str, e: String| StoreError::Corrupt(format!("tenant {what}: {e}"));
    let code: String = row.try_get("code")?;
    let defaults: String = row.try_get("defaults")?;
    Ok(StoredTenant {
        id: row.try_get("id")?,
        tenant: Tenant {
            code: TenantCode::parse(&code).map_err(|e| corrupt("code", e))?,
            name: ShortText::parse(&row.try_get::<String, _>("name")?)
                .map_err(|e| corrupt("name", e))?,
            preferred_stack: SipStack::parse(&row.try_get::<String, _>("preferred_stack")?)
                .map_err(|e| corrupt("stack", e))?,
            extension_limit: row.try_get("extension_limit")?,
            allow_custom_usernames: row.try_get::<i64, _>("allow_custom_usernames")? != 0,
            defaults: serde_json::from_str::<Settings>(&defaults)
                .map_err(|e| corrupt("defaults", e.to_string()))?,
            sip_domain: row.try_get("sip_domain")?,
            call_control_fallback: CallControlFallback::parse(
                &row.try_get::<String, _>("call_control_fallback")?,
            )
            .map_err(|e| corrupt("call control fallback", e))?,
        },
        extension_count: row.try_get("extension_count")?,
        version: row.try_get("version")?,
    })
}

/// Inserts a tenant; `Conflict { field: "code" }` when the code is taken.
pub async fn insert(conn: &mut AnyConnection, tenant: &Tenant) -> Result<StoredTenant, StoreError> {
    let defaults =
        serde_json::to_string(&tenant.defaults).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let row = sqlx::query(sql!(
        "INSERT INTO tenants (code, name, preferred_stack, extension_limit, extension_count, \
         allow_custom_usernames, defaults, sip_domain, call_control_fallback, version, created_at) \
         VALUES ($1, $2, $3, $4, 0, $5, $6, $7, $8, 1, $9) RETURNING {COLUMNS}"
    ))
    .bind(tenant.code.as_str())
    .bind(tenant.name.as_str())
    .bind(tenant.preferred_stack.as_str())
    .bind(tenant.extension_limit)
    .bind(i64::from(tenant.allow_custom_usernames))
    .bind(defaults)
    .bind(tenant.sip_domain.clone())
    .bind(tenant.call_control_fallback.as_str())
    .bind(now())
    .fetch_one(conn)
    .await?;
    from_row(&row)
}

/// Replaces a tenant's policy and defaults if `version` is current.
pub async fn update(
    conn: &mut AnyConnection,
    id: i64,
    version: i64,
    tenant: &Tenant,
) -> Result<StoredTenant, StoreError> {
    let defaults =
        serde_json::to_string(&tenant.defaults).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let row = sqlx::query(sql!(
        "UPDATE tenants SET name = $1, preferred_stack = $2, extension_limit = $3, \
         allow_custom_usernames = $4, defaults = $5, sip_domain = $6, call_control_fallback = $7, \
         version = version + 1 WHERE id = $8 AND version = $9 RETURNING {COLUMNS}"
    ))
    .bind(tenant.name.as_str())
    .bind(tenant.preferred_stack.as_str())
    .bind(tenant.extension_limit)
    .bind(i64::from(tenant.allow_custom_usernames))
    .bind(defaults)
    .bind(tenant.sip_domain.clone())
    .bind(tenant.call_control_fallback.as_str())
    .bind(id)
    .bind(version)
    .fetch_optional(conn)
    .await?;
    match row {
        Some(row) => from_row(&row),
        None => Err(StoreError::StaleVersion),
    }
}

/// The tenant with this code.
pub async fn by_code(conn: &mut AnyConnection, code: &str) -> Result<StoredTenant, StoreError> {
    let row = sqlx::query(sql!("SELECT {COLUMNS} FROM tenants WHERE code = $1"))
        .bind(code)
        .fetch_optional(conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    from_row(&row)
}

/// The tenant with this id.
pub async fn by_id(conn: &mut AnyConnection, id: i64) -> Result<StoredTenant, StoreError> {
    let row = sqlx::query(sql!("SELECT {COLUMNS} FROM tenants WHERE id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    from_row(&row)
}

/// All tenants, by code.
pub async fn list(conn: &mut AnyConnection) -> Result<Vec<StoredTenant>, StoreError> {
    let rows = sqlx::query(sql!("SELECT {COLUMNS} FROM tenants ORDER BY code"))
        .fetch_all(conn)
        .await?;
    rows.iter().map(from_row).collect()
}

/// Locks the tenant for the rest of the transaction with a no-op write (the
/// row lock on PostgreSQL, the write lock on SQLite), so what is read next
/// cannot change before the commit.
pub async fn lock(conn: &mut AnyConnection, tenant_id: i64) -> Result<(), StoreError> {
    let done = sqlx::query("UPDATE tenants SET extension_count = extension_count WHERE id = $1")
        .bind(tenant_id)
        .execute(conn)
        .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

/// Takes `n` places of the tenant's extension limit, atomically: the
/// conditional UPDATE locks the tenant row (PostgreSQL) or the database
/// (SQLite) until the transaction ends, so parallel creates cannot exceed it.
pub async fn reserve_capacity(
    conn: &mut AnyConnection,
    tenant_id: i64,
    n: i64,
) -> Result<(), StoreError> {
    let done = sqlx::query(
        "UPDATE tenants SET extension_count = extension_count + $1 \
         WHERE id = $2 AND extension_count + $1 <= extension_limit",
    )
    .bind(n)
    .bind(tenant_id)
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() == 1 {
        return Ok(());
    }
    let limit: i64 = sqlx::query_scalar("SELECT extension_limit FROM tenants WHERE id = $1")
        .bind(tenant_id)
        .fetch_optional(conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    Err(StoreError::LimitReached { limit })
}

/// Gives back `n` places (after deletes).
pub async fn release_capacity(
    conn: &mut AnyConnection,
    tenant_id: i64,
    n: i64,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE tenants SET extension_count = extension_count - $1 WHERE id = $2")
        .bind(n)
        .bind(tenant_id)
        .execute(conn)
        .await?;
    Ok(())
}
