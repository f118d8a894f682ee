//! The projection outbox: one row per committed change that alters what
//! Asterisk sees (its tenant and the PJSIP / chan_sip usernames it
//! touched), written in the change's own transaction. Every node keeps a
//! cursor (`nodes.projected_through`); a projector claims the rows after it.
//!
//! Rows must become visible in id order, or a projector could move a
//! cursor past a row whose transaction commits later. SQLite has one writer
//! at a time; on PostgreSQL an append takes a transaction-scoped advisory
//! lock, so the next append (and its id) waits for this commit.

use std::collections::BTreeSet;

use sqlx::{AnyConnection, Row};

use crate::{StoreError, now};

/// The advisory lock key that orders outbox appends on PostgreSQL.
const APPEND_LOCK: i64 = 7_428_002;

/// One change as the projector reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxEntry {
    pub id: i64,
    pub tenant: String,
    pub pjsip: BTreeSet<String>,
    pub sip: BTreeSet<String>,
}

fn names_json(names: &BTreeSet<String>) -> String {
    serde_json::to_string(names).unwrap_or_else(|_| "[]".into())
}

fn names_from(text: &str) -> Result<BTreeSet<String>, StoreError> {
    serde_json::from_str(text).map_err(|e| StoreError::Corrupt(format!("outbox names: {e}")))
}

/// Appends a change inside the caller's transaction; returns its id.
pub async fn append(
    conn: &mut AnyConnection,
    tenant: &str,
    pjsip: &BTreeSet<String>,
    sip: &BTreeSet<String>,
) -> Result<i64, StoreError> {
    if conn.backend_name() == "PostgreSQL" {
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(APPEND_LOCK)
            .execute(&mut *conn)
            .await?;
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO projection_outbox (tenant_code, pjsip, sip, created_at) \
         VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(tenant)
    .bind(names_json(pjsip))
    .bind(names_json(sip))
    .bind(now())
    .fetch_one(conn)
    .await?;
    Ok(id)
}

/// Up to `limit` changes after `id`, oldest first.
pub async fn after(
    conn: &mut AnyConnection,
    id: i64,
    limit: i64,
) -> Result<Vec<OutboxEntry>, StoreError> {
    let rows = sqlx::query(
        "SELECT id, tenant_code, pjsip, sip FROM projection_outbox WHERE id > $1 \
         ORDER BY id LIMIT $2",
    )
    .bind(id)
    .bind(limit)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(OutboxEntry {
                id: row.try_get("id")?,
                tenant: row.try_get("tenant_code")?,
                pjsip: names_from(&row.try_get::<String, _>("pjsip")?)?,
                sip: names_from(&row.try_get::<String, _>("sip")?)?,
            })
        })
        .collect()
}

/// Removes the changes every node has passed (all of them when there is
/// no node: a new node starts after the newest change).
pub async fn prune(conn: &mut AnyConnection) -> Result<u64, StoreError> {
    let done = sqlx::query(
        "DELETE FROM projection_outbox WHERE id <= COALESCE( \
         (SELECT MIN(projected_through) FROM nodes), (SELECT MAX(id) FROM projection_outbox))",
    )
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}
