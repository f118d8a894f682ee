//! The reference index: which extension points at which tenant object or
//! member, kept beside each write so "what refers to X" is one lookup.

use pbx_domain::Extension;
use sqlx::{AnyConnection, AssertSqlSafe, Row};

use super::StoredExtension;
use crate::StoreError;

/// An extension that refers to something, and through which setting.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Referrer {
    pub number: String,
    pub kind: String,
    pub setting: String,
}

/// The reference rows of one extension: `(setting, target_kind, target)`.
fn targets(extension: &Extension) -> Vec<(&'static str, &'static str, String)> {
    let settings = &extension.settings;
    let objects = settings
        .references()
        .into_iter()
        .map(|(key, _, id)| (key, "object", id.to_string()));
    let members = settings
        .information
        .virtual_members
        .0
        .iter()
        .map(|n| ("virtual_members", "member", n.to_string()));
    objects.chain(members).collect()
}

/// Whether an extension has reference rows.
pub(super) fn refers(extension: &Extension) -> bool {
    !extension.settings.references().is_empty()
        || !extension.settings.information.virtual_members.0.is_empty()
}

/// Replaces the reference rows of one stored extension.
pub(super) async fn write(
    conn: &mut AnyConnection,
    stored: &StoredExtension,
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM extension_refs WHERE extension_id = $1")
        .bind(stored.id)
        .execute(&mut *conn)
        .await?;
    insert(conn, stored.tenant_id, [(stored.id, &stored.extension)]).await
}

/// Inserts the reference rows of extensions that have none yet (just
/// created), in multi-row statements.
pub(super) async fn insert<'e>(
    conn: &mut AnyConnection,
    tenant_id: i64,
    extensions: impl IntoIterator<Item = (i64, &'e Extension)>,
) -> Result<(), StoreError> {
    const PER_ROW: usize = 5;
    const ROWS_PER_STATEMENT: usize = 50;
    let rows: Vec<(i64, &str, &str, String)> = extensions
        .into_iter()
        .flat_map(|(id, extension)| {
            targets(extension)
                .into_iter()
                .map(move |(setting, kind, target)| (id, setting, kind, target))
        })
        .collect();
    for batch in rows.chunks(ROWS_PER_STATEMENT) {
        let sql = format!(
            "INSERT INTO extension_refs (extension_id, tenant_id, setting, target_kind, target) VALUES {}",
            crate::placeholders(batch.len(), PER_ROW)
        );
        let mut query = sqlx::query(AssertSqlSafe(sql));
        for (id, setting, kind, target) in batch {
            query = query
                .bind(*id)
                .bind(tenant_id)
                .bind(*setting)
                .bind(*kind)
                .bind(target.as_str());
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

async fn referrers(
    conn: &mut AnyConnection,
    tenant_id: i64,
    target_kind: &str,
    target: &str,
) -> Result<Vec<Referrer>, StoreError> {
    let rows = sqlx::query(
        "SELECT e.number, e.kind, r.setting FROM extension_refs r \
         JOIN extensions e ON e.id = r.extension_id \
         WHERE r.tenant_id = $1 AND r.target_kind = $2 AND r.target = $3 \
         ORDER BY e.number_value, e.number, r.setting",
    )
    .bind(tenant_id)
    .bind(target_kind)
    .bind(target)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(Referrer {
                number: row.try_get("number")?,
                kind: row.try_get("kind")?,
                setting: row.try_get("setting")?,
            })
        })
        .collect()
}

/// Extensions that refer to the tenant object `object_id`.
pub async fn referrers_of_object(
    conn: &mut AnyConnection,
    tenant_id: i64,
    object_id: i64,
) -> Result<Vec<Referrer>, StoreError> {
    referrers(conn, tenant_id, "object", &object_id.to_string()).await
}

/// Extensions that refer to extension `number`: virtual extensions that
/// have it as a member, and extensions whose destinations lead to it.
pub async fn referrers_of_extension(
    conn: &mut AnyConnection,
    tenant_id: i64,
    number: &str,
) -> Result<Vec<Referrer>, StoreError> {
    let mut found = referrers(conn, tenant_id, "member", number).await?;
    let destinations: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM tenant_objects WHERE tenant_id = $1 AND kind = 'destination' \
         AND (value = $2 OR value = $3)",
    )
    .bind(tenant_id)
    .bind(format!("ext:{number}"))
    .bind(format!("vm:{number}"))
    .fetch_all(&mut *conn)
    .await?;
    for id in destinations {
        found.extend(referrers_of_object(conn, tenant_id, id).await?);
    }
    found.retain(|r| r.number != number);
    Ok(found)
}
