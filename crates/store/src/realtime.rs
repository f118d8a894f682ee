//! Realtime tables (`ps_endpoints`, `ps_auths`, `ps_aors`, `sippeers`) with
//! Asterisk's column names, written inside the transaction of the extension
//! change they mirror. Which tables and columns exist is declared by the
//! `asterisk` crate (from the settings catalogue) and passed in as a
//! [`Table`]; [`ensure_columns`] adds a declared column a database lacks.
//! Query texts are built only from those constant names, each checked to be
//! a plain identifier, and a row column outside its table is refused.

use sqlx::AnyConnection;

use crate::StoreError;

/// A Realtime table as its owner declares it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Table {
    /// Asterisk's table name, e.g. `ps_endpoints`.
    pub name: &'static str,
    /// The key column: `id`, or `name` for `sippeers`.
    pub key: &'static str,
    /// Every column pbx may write, the key first.
    pub columns: &'static [&'static str],
}

/// A column outside the table's known columns.
#[derive(Debug, thiserror::Error)]
#[error("Realtime table {table} has no column {column}")]
pub struct UnknownColumn {
    pub table: &'static str,
    pub column: String,
}

/// A table or column name that is not a plain lower-case identifier.
fn checked(name: &'static str) -> Result<&'static str, StoreError> {
    let mut chars = name.chars();
    let plain = chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if plain {
        Ok(name)
    } else {
        Err(StoreError::Corrupt(format!(
            "{name:?} is not a Realtime table or column name"
        )))
    }
}

/// The columns `table` has in the database.
async fn existing_columns(
    conn: &mut AnyConnection,
    table: &Table,
) -> Result<Vec<String>, StoreError> {
    let query = if conn.backend_name() == "PostgreSQL" {
        "SELECT CAST(column_name AS TEXT) FROM information_schema.columns \
         WHERE table_schema = current_schema() AND table_name = $1"
    } else {
        "SELECT name FROM pragma_table_info($1)"
    };
    Ok(sqlx::query_scalar(query)
        .bind(checked(table.name)?)
        .fetch_all(conn)
        .await?)
}

/// Adds every column of `table` the database lacks (as `TEXT`, which
/// Asterisk's Realtime drivers read), so a newly declared option needs no
/// migration. Returns whether any column was added.
pub async fn ensure_columns(conn: &mut AnyConnection, table: &Table) -> Result<bool, StoreError> {
    let existing = existing_columns(&mut *conn, table).await?;
    if existing.is_empty() {
        return Err(StoreError::Corrupt(format!(
            "Realtime table {} does not exist",
            table.name
        )));
    }
    let if_not_exists = if conn.backend_name() == "PostgreSQL" {
        "IF NOT EXISTS "
    } else {
        ""
    };
    let mut added = false;
    for column in table.columns {
        if existing.iter().any(|c| c.as_str() == *column) {
            continue;
        }
        sqlx::query(sql!(
            "ALTER TABLE {} ADD COLUMN {if_not_exists}\"{}\" TEXT",
            checked(table.name)?,
            checked(column)?
        ))
        .execute(&mut *conn)
        .await?;
        tracing::info!(table = table.name, column, "added Realtime column");
        added = true;
    }
    Ok(added)
}

/// Replaces the row keyed by the row's key column (first delete, then
/// insert). Every column must be one of [`Table::columns`].
pub async fn put(
    conn: &mut AnyConnection,
    table: &Table,
    row: &[(&str, String)],
) -> Result<(), StoreError> {
    put_many(conn, table, &[row]).await
}

/// The row's columns as the table's own names, checked: known, not twice.
fn checked_columns(table: &Table, row: &[(&str, String)]) -> Result<Vec<&'static str>, StoreError> {
    let mut columns: Vec<&'static str> = Vec::with_capacity(row.len());
    for (column, _) in row {
        let known = table
            .columns
            .iter()
            .find(|c| **c == *column)
            .ok_or_else(|| {
                StoreError::Corrupt(
                    UnknownColumn {
                        table: table.name,
                        column: (*column).to_owned(),
                    }
                    .to_string(),
                )
            })?;
        if columns.contains(known) {
            return Err(StoreError::Corrupt(format!(
                "Realtime row for {} names column {known} twice",
                table.name
            )));
        }
        columns.push(checked(known)?);
    }
    Ok(columns)
}

/// Values bound per multi-row statement (sqlx's SQLite binding grows
/// faster than linearly with the placeholders of one statement).
const VALUES_PER_STATEMENT: usize = 300;

/// Replaces many rows of `table`: one DELETE of their keys, then multi-row
/// INSERTs over the union of their columns (a column a row lacks is NULL,
/// as it is after [`put`]).
pub async fn put_many<'a, R: AsRef<[(&'a str, String)]>>(
    conn: &mut AnyConnection,
    table: &Table,
    rows: &[R],
) -> Result<(), StoreError> {
    let mut used = Vec::new();
    let mut keys = Vec::with_capacity(rows.len());
    for row in rows {
        let row = row.as_ref();
        used.extend(checked_columns(table, row)?);
        let key = row
            .iter()
            .find(|(c, _)| *c == table.key)
            .map(|(_, v)| v.clone())
            .ok_or_else(|| {
                StoreError::Corrupt(format!("{} row without {}", table.name, table.key))
            })?;
        keys.push(key);
    }
    delete_many(conn, table, &keys).await?;
    let columns: Vec<&'static str> = table
        .columns
        .iter()
        .copied()
        .filter(|c| used.contains(c))
        .collect();
    if columns.is_empty() {
        return Ok(());
    }
    let names: Vec<String> = columns.iter().map(|c| format!("\"{c}\"")).collect();
    for batch in rows.chunks((VALUES_PER_STATEMENT / columns.len()).max(1)) {
        let text = sql!(
            "INSERT INTO {} ({}) VALUES {}",
            checked(table.name)?,
            names.join(", "),
            crate::placeholders(batch.len(), columns.len())
        );
        let mut query = sqlx::query(text);
        for row in batch {
            let row = row.as_ref();
            for column in &columns {
                let value = row
                    .iter()
                    .find(|(c, _)| c == column)
                    .map(|(_, v)| v.clone());
                query = query.bind(value);
            }
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

/// Deletes the row of `table` whose key is `key` (absent is fine).
pub async fn delete(conn: &mut AnyConnection, table: &Table, key: &str) -> Result<(), StoreError> {
    delete_many(conn, table, &[key.to_owned()]).await
}

/// Deletes the rows of `table` with these keys (absent ones are fine).
pub async fn delete_many(
    conn: &mut AnyConnection,
    table: &Table,
    keys: &[String],
) -> Result<(), StoreError> {
    for batch in keys.chunks(VALUES_PER_STATEMENT) {
        let mut query = sqlx::query(sql!(
            "DELETE FROM {} WHERE \"{}\" IN {}",
            checked(table.name)?,
            checked(table.key)?,
            crate::placeholders(1, batch.len())
        ));
        for key in batch {
            query = query.bind(key);
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

/// One row as `(column, value)` for every non-null column, key first
/// (for tests and inspection).
pub async fn get(
    conn: &mut AnyConnection,
    table: &Table,
    key: &str,
) -> Result<Option<Vec<(String, String)>>, StoreError> {
    use sqlx::Row;
    let names = table
        .columns
        .iter()
        .map(|c| checked(c).map(|c| format!("\"{c}\"")))
        .collect::<Result<Vec<_>, _>>()?;
    let row = sqlx::query(sql!(
        "SELECT {} FROM {} WHERE \"{}\" = $1",
        names.join(", "),
        checked(table.name)?,
        checked(table.key)?
    ))
    .bind(key)
    .fetch_optional(conn)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let mut out = Vec::new();
    for (i, column) in table.columns.iter().enumerate() {
        let value: Option<String> = row.try_get(i)?;
        if let Some(value) = value {
            out.push(((*column).to_owned(), value));
        }
    }
    Ok(Some(out))
}

/// Whether any node reads PJSIP objects from the Realtime tables.
pub async fn enabled(conn: &mut AnyConnection) -> Result<bool, StoreError> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM nodes WHERE storage = 'realtime'")
        .fetch_one(conn)
        .await?;
    Ok(n > 0)
}

/// Empties these Realtime tables (before a full resynchronisation).
pub async fn clear(conn: &mut AnyConnection, tables: &[Table]) -> Result<(), StoreError> {
    for table in tables {
        sqlx::query(sql!("DELETE FROM {}", checked(table.name)?))
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ENDPOINTS: Table = Table {
        name: "ps_endpoints",
        key: "id",
        columns: &["id", "context", "transport", "allow"],
    };

    async fn store() -> (crate::Store, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("r.db").display());
        (crate::Store::connect(&url).await.unwrap(), dir)
    }

    #[tokio::test]
    async fn many_rows_with_different_columns_replace_what_was_there() {
        let (store, _dir) = store().await;
        let mut conn = store.conn().await.unwrap();
        let row = |id: &str, extra: &[(&'static str, &str)]| {
            let mut row: Vec<(&'static str, String)> = vec![("id", id.to_owned())];
            row.extend(extra.iter().map(|(c, v)| (*c, v.to_string())));
            row
        };
        let old = row("1-A", &[("context", "old"), ("transport", "transport-udp")]);
        put(&mut conn, &ENDPOINTS, &old).await.unwrap();
        let rows: Vec<_> = (0..700)
            .map(|n| match n {
                1 => row("1-A", &[("allow", "ulaw")]),
                n => row(&format!("{n}-A"), &[("context", "new")]),
            })
            .collect();
        put_many(&mut conn, &ENDPOINTS, &rows).await.unwrap();
        let one = get(&mut conn, &ENDPOINTS, "1-A").await.unwrap().unwrap();
        assert_eq!(
            one,
            [
                ("id".to_owned(), "1-A".to_owned()),
                ("allow".to_owned(), "ulaw".to_owned())
            ],
            "the old row is replaced, columns it no longer has are gone"
        );
        let last = get(&mut conn, &ENDPOINTS, "699-A").await.unwrap().unwrap();
        assert_eq!(last[1], ("context".to_owned(), "new".to_owned()));
        let keys: Vec<String> = (0..700).map(|n| format!("{n}-A")).collect();
        delete_many(&mut conn, &ENDPOINTS, &keys).await.unwrap();
        assert!(get(&mut conn, &ENDPOINTS, "350-A").await.unwrap().is_none());
        let unknown = row("x", &[("no_such_column", "1")]);
        assert!(put_many(&mut conn, &ENDPOINTS, &[unknown]).await.is_err());
    }

    #[tokio::test]
    async fn a_declared_column_the_database_lacks_is_added_once_and_then_written() {
        let (store, _dir) = store().await;
        let mut conn = store.conn().await.unwrap();
        let peers = Table {
            name: "sippeers",
            key: "name",
            columns: &["name", "context", "rtp_timeout"],
        };
        assert!(ensure_columns(&mut conn, &peers).await.unwrap());
        assert!(!ensure_columns(&mut conn, &peers).await.unwrap());
        let row = vec![("name", "1-A".to_owned()), ("rtp_timeout", "60".to_owned())];
        put(&mut conn, &peers, &row).await.unwrap();
        put(&mut conn, &peers, &row).await.unwrap();
        let back = get(&mut conn, &peers, "1-A").await.unwrap().unwrap();
        assert_eq!(back[1], ("rtp_timeout".to_owned(), "60".to_owned()));
        delete(&mut conn, &peers, "1-A").await.unwrap();
        assert!(get(&mut conn, &peers, "1-A").await.unwrap().is_none());
        let missing = Table {
            name: "ps_nothing",
            ..peers
        };
        assert!(ensure_columns(&mut conn, &missing).await.is_err());
    }

    #[tokio::test]
    async fn a_name_that_is_not_a_plain_identifier_is_refused() {
        let (store, _dir) = store().await;
        let mut conn = store.conn().await.unwrap();
        let row = vec![("id", "1".to_owned()), ("id; DROP TABLE x", "2".to_owned())];
        assert!(put(&mut conn, &ENDPOINTS, &row).await.is_err());
        let hostile = Table {
            columns: &["id", "x\" TEXT); DROP TABLE nodes; --"],
            ..ENDPOINTS
        };
        assert!(ensure_columns(&mut conn, &hostile).await.is_err());
        let nodes: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM nodes")
            .fetch_one(&mut *conn)
            .await
            .unwrap();
        assert_eq!(nodes, 0, "the nodes table is still there");
    }
}
