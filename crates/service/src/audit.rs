//! Reading the audit log (per tenant, per extension) as the actor may see
//! it, and the helpers every change uses to write its entry.

use pbx_store::audit::{self, AuditEntry};
use serde_json::{Map, Value, json};

use crate::{Actor, Permission, Service, ServiceError};

/// The most entries one read returns.
pub const MAX_ENTRIES: i64 = 10_000;

/// Appends an entry for `actor` (tenant "" = the installation).
pub(crate) async fn record(
    conn: &mut pbx_store::Connection,
    actor: &Actor,
    tenant: &str,
    extension: &str,
    action: &str,
    changes: &Value,
) -> Result<(), ServiceError> {
    audit::append(
        conn,
        &actor.username,
        actor.source.as_str(),
        tenant,
        extension,
        action,
        changes,
    )
    .await?;
    Ok(())
}

/// `{"key": [before, after]}` for each top-level key that differs.
pub fn object_diff(before: &Value, after: &Value) -> Value {
    let mut changes = Map::new();
    let empty = Map::new();
    let b = before.as_object().unwrap_or(&empty);
    let a = after.as_object().unwrap_or(&empty);
    for key in a.keys().chain(b.keys()) {
        let old = b.get(key).cloned().unwrap_or(Value::Null);
        let new = a.get(key).cloned().unwrap_or(Value::Null);
        if old != new && !changes.contains_key(key) {
            changes.insert(key.clone(), json!([old, new]));
        }
    }
    Value::Object(changes)
}

impl Service {
    /// The tenant's entries (or one extension's), newest first, as the actor
    /// may see them: restricted admins see only their extensions' entries.
    pub async fn audit_entries(
        &self,
        actor: &Actor,
        code: &str,
        number: Option<&str>,
    ) -> Result<Vec<AuditEntry>, ServiceError> {
        self.reachable_tenant(actor, code).await?;
        if let Some(number) = number {
            actor.require_extension(code, number)?;
        }
        let mut conn = self.store().conn().await?;
        let mut entries = audit::of_tenant(&mut conn, code, number, MAX_ENTRIES).await?;
        if let Some(visible) = actor.visible_numbers(code) {
            entries.retain(|e| visible.contains(&e.extension));
        }
        Ok(entries)
    }

    /// Records that the actor was shown the SIP secret of an extension (the
    /// edit page, or the API read of one extension). No-op for actors who
    /// may not see passwords.
    pub async fn record_secret_shown(
        &self,
        actor: &Actor,
        code: &str,
        number: &str,
    ) -> Result<(), ServiceError> {
        if !actor.may(Permission::ShowPasswords) {
            return Ok(());
        }
        let mut conn = self.store().conn().await?;
        record(&mut conn, actor, code, number, "reveal_secret", &json!({})).await
    }
}
