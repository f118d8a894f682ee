//! Tenant-scoped objects that settings refer to.

use pbx_domain::objects::TenantObject;
use pbx_domain::values::{ObjectKind, ShortText};
use sqlx::{AnyConnection, Row};

use crate::StoreError;

fn from_row(row: &sqlx::any::AnyRow) -> Result<TenantObject, StoreError> {
    let kind: String = row.try_get("kind")?;
    let name: String = row.try_get("name")?;
    Ok(TenantObject {
        id: row.try_get("id")?,
        kind: ObjectKind::parse(&kind)
            .ok_or_else(|| StoreError::Corrupt(format!("object kind {kind}")))?,
        name: ShortText::parse(&name).map_err(StoreError::Corrupt)?,
        value: row.try_get("value")?,
    })
}

/// Inserts an object; `Conflict { field: "name" }` when the name is taken.
pub async fn insert(
    conn: &mut AnyConnection,
    tenant_id: i64,
    kind: ObjectKind,
    name: &str,
    value: &str,
) -> Result<TenantObject, StoreError> {
    let row = sqlx::query(
        "INSERT INTO tenant_objects (tenant_id, kind, name, value) VALUES ($1, $2, $3, $4) \
         RETURNING id, kind, name, value",
    )
    .bind(tenant_id)
    .bind(kind.as_str())
    .bind(name)
    .bind(value)
    .fetch_one(conn)
    .await?;
    from_row(&row)
}

/// Updates an object's name and value.
pub async fn update(
    conn: &mut AnyConnection,
    tenant_id: i64,
    id: i64,
    name: &str,
    value: &str,
) -> Result<TenantObject, StoreError> {
    let row = sqlx::query(
        "UPDATE tenant_objects SET name = $1, value = $2 WHERE id = $3 AND tenant_id = $4 \
         RETURNING id, kind, name, value",
    )
    .bind(name)
    .bind(value)
    .bind(id)
    .bind(tenant_id)
    .fetch_optional(conn)
    .await?
    .ok_or(StoreError::NotFound)?;
    from_row(&row)
}

/// Deletes an object of the tenant (and a rate table's rates).
pub async fn delete(conn: &mut AnyConnection, tenant_id: i64, id: i64) -> Result<(), StoreError> {
    sqlx::query(
        "DELETE FROM rates WHERE table_id IN (SELECT id FROM tenant_objects WHERE id = $1 AND tenant_id = $2)",
    )
    .bind(id)
    .bind(tenant_id)
    .execute(&mut *conn)
    .await?;
    let done = sqlx::query("DELETE FROM tenant_objects WHERE id = $1 AND tenant_id = $2")
        .bind(id)
        .bind(tenant_id)
        .execute(conn)
        .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

/// One object of the tenant.
pub async fn get(
    conn: &mut AnyConnection,
    tenant_id: i64,
    id: i64,
) -> Result<TenantObject, StoreError> {
    let row = sqlx::query(
        "SELECT id, kind, name, value FROM tenant_objects WHERE id = $1 AND tenant_id = $2",
    )
    .bind(id)
    .bind(tenant_id)
    .fetch_optional(conn)
    .await?
    .ok_or(StoreError::NotFound)?;
    from_row(&row)
}

/// The tenant's objects, optionally of one kind, by kind and name.
pub async fn list(
    conn: &mut AnyConnection,
    tenant_id: i64,
    kind: Option<ObjectKind>,
) -> Result<Vec<TenantObject>, StoreError> {
    let rows = match kind {
        Some(kind) => {
            sqlx::query("SELECT id, kind, name, value FROM tenant_objects WHERE tenant_id = $1 AND kind = $2 ORDER BY name")
                .bind(tenant_id)
                .bind(kind.as_str())
                .fetch_all(conn)
                .await?
        }
        None => {
            sqlx::query("SELECT id, kind, name, value FROM tenant_objects WHERE tenant_id = $1 ORDER BY kind, name")
                .bind(tenant_id)
                .fetch_all(conn)
                .await?
        }
    };
    rows.iter().map(from_row).collect()
}
