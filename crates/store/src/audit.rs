//! The audit log: who changed what, when, from where.

use sqlx::{AnyConnection, Row};

use crate::{StoreError, now};

/// One audit entry.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: i64,
    pub actor: String,
    /// `web`, `api`, `cli` or `import`.
    pub source: String,
    pub tenant: String,
    pub extension: String,
    pub action: String,
    /// Field-level changes `{"field": [before, after]}`, secrets redacted.
    pub changes: serde_json::Value,
}

/// Appends an entry.
pub async fn append(
    conn: &mut AnyConnection,
    actor: &str,
    source: &str,
    tenant: &str,
    extension: &str,
    action: &str,
    changes: &serde_json::Value,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO audit_log (at, actor, source, tenant_code, extension_number, action, changes) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(now())
    .bind(actor)
    .bind(source)
    .bind(tenant)
    .bind(extension)
    .bind(action)
    .bind(changes.to_string())
    .execute(conn)
    .await?;
    Ok(())
}

/// One entry of a batch written by [`append_many`].
#[derive(Debug, Clone)]
pub struct NewEntry {
    pub extension: String,
    pub action: &'static str,
    pub changes: serde_json::Value,
}

/// Appends many entries of one actor and tenant with multi-row statements.
pub async fn append_many(
    conn: &mut AnyConnection,
    actor: &str,
    source: &str,
    tenant: &str,
    entries: Vec<NewEntry>,
) -> Result<(), StoreError> {
    const PER_ROW: usize = 7;
    let at = now();
    let mut entries = entries.into_iter().peekable();
    while entries.peek().is_some() {
        // Small statements: sqlx's SQLite driver binds in time quadratic in
        // the placeholders of one statement.
        let batch: Vec<NewEntry> = entries.by_ref().take(50).collect();
        let placeholders = crate::placeholders(batch.len(), PER_ROW);
        let mut query = sqlx::query(sql!(
            "INSERT INTO audit_log (at, actor, source, tenant_code, extension_number, action, changes) \
             VALUES {placeholders}"
        ));
        for entry in batch {
            query = query
                .bind(at)
                .bind(actor)
                .bind(source)
                .bind(tenant)
                .bind(entry.extension)
                .bind(entry.action)
                .bind(entry.changes.to_string());
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

/// Entries of a tenant (or of one of its extensions), newest first.
pub async fn of_tenant(
    conn: &mut AnyConnection,
    tenant: &str,
    extension: Option<&str>,
    limit: i64,
) -> Result<Vec<AuditEntry>, StoreError> {
    let rows = sqlx::query(
        "SELECT id, at, actor, source, tenant_code, extension_number, action, changes FROM audit_log \
         WHERE tenant_code = $1 AND ($2 = '' OR extension_number = $2) ORDER BY id DESC LIMIT $3",
    )
    .bind(tenant)
    .bind(extension.unwrap_or(""))
    .bind(limit)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            let changes: String = row.try_get("changes")?;
            Ok(AuditEntry {
                id: row.try_get("id")?,
                at: row.try_get("at")?,
                actor: row.try_get("actor")?,
                source: row.try_get("source")?,
                tenant: row.try_get("tenant_code")?,
                extension: row.try_get("extension_number")?,
                action: row.try_get("action")?,
                changes: serde_json::from_str(&changes).unwrap_or(serde_json::Value::Null),
            })
        })
        .collect()
}
