//! Inserts, optimistic updates and deletes of extensions.

use pbx_domain::Extension;
use std::collections::HashMap;

use sqlx::{AnyConnection, AssertSqlSafe, Row};

use super::{COLUMNS, StoredExtension, from_row, refs, search_text, settings_to_json};
use crate::{Query, StoreError, now};

/// The column values of one extension row, computed once.
pub struct NewRow {
    number: String,
    number_value: i64,
    kind: &'static str,
    name: String,
    description: String,
    username: Option<String>,
    secret: Option<String>,
    flags: i64,
    search_text: String,
    settings: String,
}

impl NewRow {
    pub fn of(extension: &Extension) -> NewRow {
        Self::with_settings_json(extension, settings_to_json(&extension.settings))
    }

    /// Reuses an already serialized settings document (bulk creates share one).
    pub fn with_settings_json(e: &Extension, settings: String) -> NewRow {
        NewRow {
            number: e.number.to_string(),
            number_value: i64::try_from(e.number.value()).unwrap_or(i64::MAX),
            kind: e.kind.as_str(),
            name: e.name.to_string(),
            description: e.description.to_string(),
            username: e.username.as_ref().map(ToString::to_string),
            secret: e.secret.as_ref().map(|s| crate::secrets::seal(s.expose())),
            flags: e.flags().bits(),
            search_text: search_text(e),
            settings,
        }
    }
}

impl NewRow {
    /// Binds the row's ten values, in the order of `INSERT_COLUMNS` after
    /// `tenant_id` (the order the UPDATE sets them in too).
    fn bind(self, query: Query<'_>) -> Query<'_> {
        query
            .bind(self.number)
            .bind(self.number_value)
            .bind(self.kind)
            .bind(self.name)
            .bind(self.description)
            .bind(self.username)
            .bind(self.secret)
            .bind(self.flags)
            .bind(self.search_text)
            .bind(self.settings)
    }
}

/// `($n, ..., 1, $m)`: one row of `INSERT_COLUMNS`, placeholders numbered
/// after `first`, the version fixed at 1.
fn values_tuple(first: usize) -> String {
    let mut values: Vec<String> = (1..PARAMS_PER_ROW)
        .map(|p| format!("${}", first + p))
        .collect();
    values.insert(PARAMS_PER_ROW - 2, "1".into());
    format!("({})", values.join(", "))
}

const INSERT_COLUMNS: &str = "tenant_id, number, number_value, kind, name, description, username, \
                              secret, flags, search_text, settings, version, updated_at";
const PARAMS_PER_ROW: usize = 13;
/// Rows per multi-row INSERT. Measured with `pbx bench` on SQLite: 20-25
/// rows per statement is ~4x faster than one row per statement, while
/// 500-row statements are slower than single rows (argument handling in the
/// `Any` driver grows faster than linearly with the statement size).
const ROWS_PER_STATEMENT: usize = 25;

/// Inserts one extension (version 1). Unique violations come back as
/// `Conflict { field: "number" | "username" }`.
pub async fn insert(
    conn: &mut AnyConnection,
    tenant_id: i64,
    extension: &Extension,
) -> Result<StoredExtension, StoreError> {
    let row = NewRow::of(extension);
    let query = sqlx::query(sql!(
        "INSERT INTO extensions ({INSERT_COLUMNS}) VALUES {} RETURNING {COLUMNS}",
        values_tuple(0)
    ));
    let stored = row
        .bind(query.bind(tenant_id))
        .bind(now())
        .fetch_one(&mut *conn)
        .await?;
    let stored = from_row(&stored)?;
    refs::write(conn, &stored).await?;
    Ok(stored)
}

/// Inserts many extensions with multi-row statements. Extensions that
/// reference objects or members get their reference rows, also in
/// multi-row statements (the ids come back through `RETURNING`).
pub async fn insert_many(
    conn: &mut AnyConnection,
    tenant_id: i64,
    rows: Vec<(NewRow, &Extension)>,
) -> Result<u64, StoreError> {
    let mut inserted = 0;
    let at = now();
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let batch: Vec<(NewRow, &Extension)> = rows.by_ref().take(ROWS_PER_STATEMENT).collect();
        let placeholders = (0..batch.len())
            .map(|i| values_tuple(i * (PARAMS_PER_ROW - 1)))
            .collect::<Vec<_>>()
            .join(", ");
        let referring: HashMap<&str, &Extension> = batch
            .iter()
            .filter(|(_, extension)| refs::refers(extension))
            .map(|(_, extension)| (extension.number.as_str(), *extension))
            .collect();
        let returning = if referring.is_empty() {
            ""
        } else {
            " RETURNING id, number"
        };
        let sql =
            format!("INSERT INTO extensions ({INSERT_COLUMNS}) VALUES {placeholders}{returning}");
        let mut query = sqlx::query(AssertSqlSafe(sql));
        let count = batch.len() as u64;
        for (row, _) in batch {
            query = row.bind(query.bind(tenant_id)).bind(at);
        }
        if referring.is_empty() {
            inserted += query.execute(&mut *conn).await?.rows_affected();
            continue;
        }
        let ids: Vec<(i64, String)> = query
            .fetch_all(&mut *conn)
            .await?
            .iter()
            .map(|row| Ok((row.try_get("id")?, row.try_get("number")?)))
            .collect::<Result<_, sqlx::Error>>()?;
        let new_refs = ids
            .iter()
            .filter_map(|(id, number)| referring.get(number.as_str()).map(|e| (*id, *e)));
        refs::insert(conn, tenant_id, new_refs).await?;
        inserted += count;
    }
    Ok(inserted)
}

/// Replaces an extension if its stored version is `expected_version`;
/// returns the stored result (with the incremented version).
pub async fn update(
    conn: &mut AnyConnection,
    id: i64,
    expected_version: i64,
    extension: &Extension,
) -> Result<StoredExtension, StoreError> {
    let row = NewRow::of(extension);
    let query = sqlx::query(sql!(
        "UPDATE extensions SET number = $1, number_value = $2, kind = $3, name = $4, description = $5, \
         username = $6, secret = $7, flags = $8, search_text = $9, settings = $10, \
         version = version + 1, updated_at = $11 \
         WHERE id = $12 AND version = $13 RETURNING {COLUMNS}"
    ));
    let stored = row
        .bind(query)
        .bind(now())
        .bind(id)
        .bind(expected_version)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(StoreError::StaleVersion)?;
    let stored = from_row(&stored)?;
    refs::write(conn, &stored).await?;
    Ok(stored)
}

/// Deletes an extension by id (its reference rows go with it).
pub async fn delete(conn: &mut AnyConnection, tenant_id: i64, id: i64) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM extension_refs WHERE extension_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    let done = sqlx::query("DELETE FROM extensions WHERE id = $1 AND tenant_id = $2")
        .bind(id)
        .bind(tenant_id)
        .execute(conn)
        .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

/// Seals every secret still stored in plaintext (rows written before a key
/// existed, or by raw SQL); returns how many were sealed.
pub async fn seal_plaintext_secrets(store: &crate::Store) -> Result<u64, StoreError> {
    if !crate::secrets::sealing() {
        return Ok(0);
    }
    let mut tx = store.begin().await?;
    let plain: Vec<(i64, String)> = sqlx::query_as(
        "SELECT id, secret FROM extensions WHERE secret IS NOT NULL AND secret NOT LIKE 'enc:v1:%'",
    )
    .fetch_all(&mut *tx)
    .await?;
    for (id, secret) in &plain {
        sqlx::query("UPDATE extensions SET secret = $1 WHERE id = $2")
            .bind(crate::secrets::seal(secret))
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(plain.len() as u64)
}

#[cfg(test)]
mod tests {
    use super::values_tuple;

    #[test]
    fn a_values_tuple_numbers_twelve_placeholders_and_fixes_the_version() {
        assert_eq!(
            values_tuple(0),
            "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 1, $12)"
        );
        assert!(values_tuple(12).starts_with("($13, "));
        assert!(values_tuple(12).ends_with(", 1, $24)"));
    }
}
