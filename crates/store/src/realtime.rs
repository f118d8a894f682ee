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
    let key = row
        .iter()
        .find(|(c, _)| *c == table.key())
        .map(|(_, v)| v.clone())
        .ok_or_else(|| {
            StoreError::Corrupt(format!("{} row without {}", table.name(), table.key()))
        })?;
    delete(conn, table, &key).await?;
    let names: Vec<String> = columns.iter().map(|c| format!("\"{c}\"")).collect();
    let marks: Vec<String> = (1..=columns.len()).map(|n| format!("${n}")).collect();
    let text = sql!(
        "INSERT INTO {} ({}) VALUES ({})",
        table.name(),
        names.join(", "),
        marks.join(", ")
    );
    let mut query = sqlx::query(text);
    for (_, value) in row {
        query = query.bind(value.clone());
    }
    query.execute(conn).await?;
    Ok(())
}

/// Deletes the row of `table` whose key is `key` (absent is fine).
pub async fn delete(conn: &mut AnyConnection, table: Table, key: &str) -> Result<(), StoreError> {
    sqlx::query(sql!(
        "DELETE FROM {} WHERE \"{}\" = $1",
        table.name(),
        table.key()
    ))
    .bind(key)
    .execute(conn)
    .await?;
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
