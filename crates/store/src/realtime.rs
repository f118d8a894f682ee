//! Realtime tables (`ps_endpoints`, `ps_auths`, `ps_aors`, `sippeers`) with
//! Asterisk's column names, written inside the transaction of the extension
//! change they mirror. Rows come from the `asterisk` crate's row mappers as
//! `(column, value)` lists; a column outside the tables' known columns is
//! refused, so query texts are built from constant names only.

use sqlx::AnyConnection;

use crate::StoreError;

/// A Realtime table pbx writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    Endpoints,
    Auths,
    Aors,
    SipPeers,
}

impl Table {
    pub const ALL: [Table; 4] = [Table::Endpoints, Table::Auths, Table::Aors, Table::SipPeers];

    /// Asterisk's table name.
    pub fn name(self) -> &'static str {
        match self {
            Table::Endpoints => "ps_endpoints",
            Table::Auths => "ps_auths",
            Table::Aors => "ps_aors",
            Table::SipPeers => "sippeers",
        }
    }

    /// The key column: `id` for PJSIP tables, `name` for `sippeers`.
    pub fn key(self) -> &'static str {
        match self {
            Table::SipPeers => "name",
            _ => "id",
        }
    }

    /// Every column pbx may write (the key first).
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            Table::Endpoints => ENDPOINT_COLUMNS,
            Table::Auths => AUTH_COLUMNS,
            Table::Aors => AOR_COLUMNS,
            Table::SipPeers => SIPPEER_COLUMNS,
        }
    }
}

const ENDPOINT_COLUMNS: &[&str] = &[
    "id",
    "transport",
    "aors",
    "auth",
    "context",
    "disallow",
    "allow",
    "direct_media",
    "connected_line_method",
    "direct_media_method",
    "direct_media_glare_mitigation",
    "disable_direct_media_on_nat",
    "dtmf_mode",
    "force_rport",
    "mailboxes",
    "moh_suggest",
    "outbound_proxy",
    "rewrite_contact",
    "rtp_symmetric",
    "callerid",
    "trust_id_inbound",
    "trust_id_outbound",
    "use_ptime",
    "call_group",
    "pickup_group",
    "device_state_busy_at",
    "fax_detect",
    "t38_udptl",
    "t38_udptl_nat",
    "language",
    "rtp_keepalive",
    "deny",
    "permit",
    "media_encryption",
    "rpid_immediate",
    "rtcp_mux",
    "notify_early_inuse_ringing",
    "dtls_cert_file",
    "dtls_ca_file",
    "dtls_auto_generate_cert",
    "media_address",
    "set_var",
];

const AUTH_COLUMNS: &[&str] = &[
    "id",
    "auth_type",
    "username",
    "password",
    "realm",
    "md5_cred",
];

const AOR_COLUMNS: &[&str] = &[
    "id",
    "max_contacts",
    "qualify_frequency",
    "default_expiration",
    "minimum_expiration",
    "maximum_expiration",
    "mailboxes",
    "remove_existing",
    "remove_unavailable",
    "support_path",
];

const SIPPEER_COLUMNS: &[&str] = &[
    "name",
    "type",
    "host",
    "secret",
    "md5secret",
    "context",
    "disallow",
    "allow",
    "callerid",
    "setvar",
    "transport",
    "nat",
    "qualify",
    "qualifyfreq",
    "dtmfmode",
    "directmedia",
    "callgroup",
    "pickupgroup",
    "mailbox",
    "mohsuggest",
    "language",
    "callcounter",
    "busylevel",
    "faxdetect",
    "keepalive",
    "rtpkeepalive",
    "deny",
    "permit",
    "encryption",
    "dtlsenable",
    "trust_id_outbound",
    "trustrpid",
    "defaultuser",
];

/// A column outside the table's known columns.
#[derive(Debug, thiserror::Error)]
#[error("Realtime table {table} has no column {column}")]
pub struct UnknownColumn {
    pub table: &'static str,
    pub column: String,
}

/// Replaces the row keyed by the row's key column (first delete, then
/// insert). Every column must be one of [`Table::columns`].
pub async fn put(
    conn: &mut AnyConnection,
    table: Table,
    row: &[(&str, String)],
) -> Result<(), StoreError> {
    put_many(conn, table, &[row]).await
}

/// The row's columns as the table's own names, checked: known, not twice.
fn checked_columns(table: Table, row: &[(&str, String)]) -> Result<Vec<&'static str>, StoreError> {
    let mut columns: Vec<&'static str> = Vec::with_capacity(row.len());
    for (column, _) in row {
        let known = table
            .columns()
            .iter()
            .find(|c| **c == *column)
            .ok_or_else(|| {
                StoreError::Corrupt(
                    UnknownColumn {
                        table: table.name(),
                        column: (*column).to_owned(),
                    }
                    .to_string(),
                )
            })?;
        if columns.contains(known) {
            return Err(StoreError::Corrupt(format!(
                "Realtime row for {} names column {known} twice",
                table.name()
            )));
        }
        columns.push(*known);
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
    table: Table,
    rows: &[R],
) -> Result<(), StoreError> {
    let mut used = Vec::new();
    let mut keys = Vec::with_capacity(rows.len());
    for row in rows {
        let row = row.as_ref();
        used.extend(checked_columns(table, row)?);
        let key = row
            .iter()
            .find(|(c, _)| *c == table.key())
            .map(|(_, v)| v.clone())
            .ok_or_else(|| {
                StoreError::Corrupt(format!("{} row without {}", table.name(), table.key()))
            })?;
        keys.push(key);
    }
    delete_many(conn, table, &keys).await?;
    let columns: Vec<&'static str> = table
        .columns()
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
            table.name(),
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
pub async fn delete(conn: &mut AnyConnection, table: Table, key: &str) -> Result<(), StoreError> {
    delete_many(conn, table, &[key.to_owned()]).await
}

/// Deletes the rows of `table` with these keys (absent ones are fine).
pub async fn delete_many(
    conn: &mut AnyConnection,
    table: Table,
    keys: &[String],
) -> Result<(), StoreError> {
    for batch in keys.chunks(VALUES_PER_STATEMENT) {
        let mut query = sqlx::query(sql!(
            "DELETE FROM {} WHERE \"{}\" IN {}",
            table.name(),
            table.key(),
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
    table: Table,
    key: &str,
) -> Result<Option<Vec<(String, String)>>, StoreError> {
    use sqlx::Row;
    let names: Vec<String> = table.columns().iter().map(|c| format!("\"{c}\"")).collect();
    let row = sqlx::query(sql!(
        "SELECT {} FROM {} WHERE \"{}\" = $1",
        names.join(", "),
        table.name(),
        table.key()
    ))
    .bind(key)
    .fetch_optional(conn)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let mut out = Vec::new();
    for (i, column) in table.columns().iter().enumerate() {
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

/// Empties every Realtime table (before a full resynchronisation).
pub async fn clear(conn: &mut AnyConnection) -> Result<(), StoreError> {
    for table in Table::ALL {
        sqlx::query(sql!("DELETE FROM {}", table.name()))
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

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
        put(&mut conn, Table::Endpoints, &old).await.unwrap();
        let rows: Vec<_> = (0..700)
            .map(|n| match n {
                1 => row("1-A", &[("allow", "ulaw")]),
                n => row(&format!("{n}-A"), &[("context", "new")]),
            })
            .collect();
        put_many(&mut conn, Table::Endpoints, &rows).await.unwrap();
        let one = get(&mut conn, Table::Endpoints, "1-A")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            one,
            [
                ("id".to_owned(), "1-A".to_owned()),
                ("allow".to_owned(), "ulaw".to_owned())
            ],
            "the old row is replaced, columns it no longer has are gone"
        );
        let last = get(&mut conn, Table::Endpoints, "699-A")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(last[1], ("context".to_owned(), "new".to_owned()));
        let keys: Vec<String> = (0..700).map(|n| format!("{n}-A")).collect();
        delete_many(&mut conn, Table::Endpoints, &keys)
            .await
            .unwrap();
        assert!(
            get(&mut conn, Table::Endpoints, "350-A")
                .await
                .unwrap()
                .is_none()
        );
        let unknown = row("x", &[("no_such_column", "1")]);
        assert!(
            put_many(&mut conn, Table::Endpoints, &[unknown])
                .await
                .is_err()
        );
    }

    #[tokio::test]
    async fn every_known_column_of_every_table_can_be_written_and_read_back() {
        let (store, _dir) = store().await;
        let mut conn = store.conn().await.unwrap();
        for table in Table::ALL {
            let row: Vec<(&str, String)> = table
                .columns()
                .iter()
                .map(|c| (*c, format!("v-{c}")))
                .collect();
            put(&mut conn, table, &row).await.unwrap();
            put(&mut conn, table, &row).await.unwrap();
            let key = format!("v-{}", table.key());
            let back = get(&mut conn, table, &key).await.unwrap().unwrap();
            assert_eq!(back.len(), table.columns().len(), "{}", table.name());
            delete(&mut conn, table, &key).await.unwrap();
            assert!(get(&mut conn, table, &key).await.unwrap().is_none());
        }
    }

    #[tokio::test]
    async fn an_unknown_column_is_refused() {
        let (store, _dir) = store().await;
        let mut conn = store.conn().await.unwrap();
        let row = vec![("id", "1".to_owned()), ("id; DROP TABLE x", "2".to_owned())];
        assert!(put(&mut conn, Table::Endpoints, &row).await.is_err());
    }
}
