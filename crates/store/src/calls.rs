//! Call records and the budget granted to running calls.
//!
//! Records arrive from the nodes' CDRs (see [`drain_landed`]); the limit
//! check sums what an extension spent since a moment plus what its running
//! calls were granted ([`spent_since`]).

use sqlx::{AnyConnection, Row};

use crate::{StoreError, placeholders};

/// Which way a call went, seen from the record's extension.
pub const DIRECTIONS: [&str; 3] = ["internal", "inbound", "outbound"];

/// One call record to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCallRecord {
    pub tenant_id: i64,
    /// The calling extension (internal, outbound) or the called one (inbound).
    pub extension: String,
    /// One of [`DIRECTIONS`].
    pub direction: String,
    pub caller: String,
    pub callee: String,
    pub started_at: i64,
    pub answered_at: Option<i64>,
    pub ended_at: i64,
    pub duration: i64,
    pub billsec: i64,
    /// `ANSWERED`, `NO ANSWER`, `BUSY`, `FAILED` or `CONGESTION`.
    pub disposition: String,
    pub node: String,
    pub uniqueid: String,
    pub linkedid: String,
    pub recording: Option<String>,
    /// The rate the call was priced with, and its price (1/10,000 units).
    pub rate_prefix: Option<String>,
    pub amount: Option<i64>,
}

/// A stored call record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallRecord {
    pub id: i64,
    pub record: NewCallRecord,
}

const COLUMNS: &str = "tenant_id, extension, direction, caller, callee, started_at, answered_at, \
     ended_at, duration, billsec, disposition, node, uniqueid, linkedid, recording, rate_prefix, amount";
const PER_ROW: usize = 17;

/// Rows per INSERT: 17 values each, under SQLite's 32,766 bound values.
const ROWS_PER_INSERT: usize = 1_000;

/// Binds one record's values in [`COLUMNS`] order.
fn bind_record<'q>(query: crate::Query<'q>, r: &'q NewCallRecord) -> crate::Query<'q> {
    query
        .bind(r.tenant_id)
        .bind(&r.extension)
        .bind(&r.direction)
        .bind(&r.caller)
        .bind(&r.callee)
        .bind(r.started_at)
        .bind(r.answered_at)
        .bind(r.ended_at)
        .bind(r.duration)
        .bind(r.billsec)
        .bind(&r.disposition)
        .bind(&r.node)
        .bind(&r.uniqueid)
        .bind(&r.linkedid)
        .bind(r.recording.clone())
        .bind(r.rate_prefix.clone())
        .bind(r.amount)
}

/// Stores `records` with multi-row INSERTs (in the caller's transaction).
pub async fn insert_many(
    conn: &mut AnyConnection,
    records: &[NewCallRecord],
) -> Result<(), StoreError> {
    for chunk in records.chunks(ROWS_PER_INSERT) {
        let text = sql!(
            "INSERT INTO call_records ({COLUMNS}) VALUES {}",
            placeholders(chunk.len(), PER_ROW)
        );
        let mut query = sqlx::query(text);
        for r in chunk {
            query = bind_record(query, r);
        }
        query.execute(&mut *conn).await?;
    }
    add_daily_spend(conn, records).await
}

/// Stores one record (in the caller's transaction); its id.
pub async fn insert_one(
    conn: &mut AnyConnection,
    record: &NewCallRecord,
) -> Result<i64, StoreError> {
    let text = sql!(
        "INSERT INTO call_records ({COLUMNS}) VALUES {} RETURNING id",
        placeholders(1, PER_ROW)
    );
    let id: i64 = bind_record(sqlx::query(text), record)
        .fetch_one(&mut *conn)
        .await?
        .try_get("id")?;
    add_daily_spend(conn, std::slice::from_ref(record)).await?;
    Ok(id)
}

/// One record by id.
pub async fn by_id(conn: &mut AnyConnection, id: i64) -> Result<Option<CallRecord>, StoreError> {
    let row = sqlx::query(sql!("SELECT id, {COLUMNS} FROM call_records WHERE id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// Adds the priced outbound records to `call_spend_daily`.
async fn add_daily_spend(
    conn: &mut AnyConnection,
    records: &[NewCallRecord],
) -> Result<(), StoreError> {
    let mut sums: std::collections::BTreeMap<(i64, &str, i64), i64> = Default::default();
    for r in records {
        if let (Some(amount), "outbound") = (r.amount, r.direction.as_str()) {
            *sums
                .entry((
                    r.tenant_id,
                    r.extension.as_str(),
                    r.started_at.div_euclid(86_400),
                ))
                .or_default() += amount;
        }
    }
    let sums: Vec<_> = sums.into_iter().collect();
    for chunk in sums.chunks(ROWS_PER_INSERT) {
        let text = sql!(
            "INSERT INTO call_spend_daily (tenant_id, extension, day, amount) VALUES {} \
             ON CONFLICT (tenant_id, extension, day) \
             DO UPDATE SET amount = call_spend_daily.amount + excluded.amount",
            placeholders(chunk.len(), 4)
        );
        let mut query = sqlx::query(text);
        for ((tenant_id, extension, day), amount) in chunk {
            query = query
                .bind(*tenant_id)
                .bind(*extension)
                .bind(*day)
                .bind(*amount);
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

fn from_row(row: &sqlx::any::AnyRow) -> Result<CallRecord, StoreError> {
    Ok(CallRecord {
        id: row.try_get("id")?,
        record: NewCallRecord {
            tenant_id: row.try_get("tenant_id")?,
            extension: row.try_get("extension")?,
            direction: row.try_get("direction")?,
            caller: row.try_get("caller")?,
            callee: row.try_get("callee")?,
            started_at: row.try_get("started_at")?,
            answered_at: row.try_get("answered_at")?,
            ended_at: row.try_get("ended_at")?,
            duration: row.try_get("duration")?,
            billsec: row.try_get("billsec")?,
            disposition: row.try_get("disposition")?,
            node: row.try_get("node")?,
            uniqueid: row.try_get("uniqueid")?,
            linkedid: row.try_get("linkedid")?,
            recording: row.try_get("recording")?,
            rate_prefix: row.try_get("rate_prefix")?,
            amount: row.try_get("amount")?,
        },
    })
}

/// Which records a listing shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallFilter {
    /// Only this extension's records.
    pub extension: Option<String>,
    /// Only this direction.
    pub direction: Option<String>,
    /// Started at or after, before (Unix seconds).
    pub from: Option<i64>,
    pub until: Option<i64>,
}

/// A tenant's records matching `filter`, newest first, at most `limit`
/// from `offset`.
pub async fn list(
    conn: &mut AnyConnection,
    tenant_id: i64,
    filter: &CallFilter,
    limit: i64,
    offset: i64,
) -> Result<Vec<CallRecord>, StoreError> {
    let rows = sqlx::query(sql!(
        "SELECT id, {COLUMNS} FROM call_records WHERE tenant_id = $1 \
         AND ($2 IS NULL OR extension = $2) AND ($3 IS NULL OR direction = $3) \
         AND started_at >= $4 AND started_at < $5 \
         ORDER BY started_at DESC, id DESC LIMIT $6 OFFSET $7"
    ))
    .bind(tenant_id)
    .bind(filter.extension.clone())
    .bind(filter.direction.clone())
    .bind(filter.from.unwrap_or(i64::MIN))
    .bind(filter.until.unwrap_or(i64::MAX))
    .bind(limit)
    .bind(offset)
    .fetch_all(conn)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Outbound spend per UTC day (`day` = Unix seconds / 86,400) of a tenant,
/// or of one of its extensions, for days from `from` until `until` (Unix
/// seconds, day boundaries), from `call_spend_daily`.
pub async fn spend_per_day(
    conn: &mut AnyConnection,
    tenant_id: i64,
    extension: Option<&str>,
    from: i64,
    until: i64,
) -> Result<Vec<(i64, i64)>, StoreError> {
    let rows = sqlx::query(
        "SELECT day, CAST(SUM(amount) AS BIGINT) AS spent FROM call_spend_daily \
         WHERE tenant_id = $1 AND ($2 IS NULL OR extension = $2) AND day >= $3 AND day < $4 \
         GROUP BY day ORDER BY day",
    )
    .bind(tenant_id)
    .bind(extension.map(str::to_owned))
    .bind(from.div_euclid(86_400))
    .bind(until.div_euclid(86_400))
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| Ok((row.try_get("day")?, row.try_get("spent")?)))
        .collect()
}

/// What an extension spent on outbound calls of the UTC days from the one
/// holding `since` on, plus the budget its running calls hold (grants not
/// yet expired at `now`): the limit check's figure.
pub async fn spent_in_days(
    conn: &mut AnyConnection,
    tenant_id: i64,
    extension: &str,
    since: i64,
    now: i64,
) -> Result<i64, StoreError> {
    let spent: i64 = sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM call_spend_daily \
         WHERE tenant_id = $1 AND extension = $2 AND day >= $3",
    )
    .bind(tenant_id)
    .bind(extension)
    .bind(since.div_euclid(86_400))
    .fetch_one(&mut *conn)
    .await?;
    Ok(spent + held(conn, tenant_id, extension, now).await?)
}

/// The budget an extension's running calls hold.
async fn held(
    conn: &mut AnyConnection,
    tenant_id: i64,
    extension: &str,
    now: i64,
) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM call_grants WHERE tenant_id = $1 \
         AND extension = $2 AND expires_at > $3",
    )
    .bind(tenant_id)
    .bind(extension)
    .bind(now)
    .fetch_one(conn)
    .await?)
}

/// What an extension spent on outbound calls started at or after `since`,
/// plus the budget its running calls hold (grants not yet expired at `now`).
pub async fn spent_since(
    conn: &mut AnyConnection,
    tenant_id: i64,
    extension: &str,
    since: i64,
    now: i64,
) -> Result<i64, StoreError> {
    let spent: i64 = sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM call_records WHERE tenant_id = $1 \
         AND extension = $2 AND started_at >= $3 AND direction = 'outbound'",
    )
    .bind(tenant_id)
    .bind(extension)
    .bind(since)
    .fetch_one(&mut *conn)
    .await?;
    Ok(spent + held(conn, tenant_id, extension, now).await?)
}

/// Budget granted to one running call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub uniqueid: String,
    pub tenant_id: i64,
    pub extension: String,
    pub node: String,
    pub channel: String,
    pub amount: i64,
    pub granted_at: i64,
    pub expires_at: i64,
}

/// Records a grant (a repeated check of the same call replaces it).
pub async fn grant(conn: &mut AnyConnection, g: &Grant) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO call_grants (uniqueid, tenant_id, extension, node, channel, amount, \
         granted_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
         ON CONFLICT (uniqueid) DO UPDATE SET amount = excluded.amount, \
         granted_at = excluded.granted_at, expires_at = excluded.expires_at",
    )
    .bind(&g.uniqueid)
    .bind(g.tenant_id)
    .bind(&g.extension)
    .bind(&g.node)
    .bind(&g.channel)
    .bind(g.amount)
    .bind(g.granted_at)
    .bind(g.expires_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Ends the grants of calls whose records arrived, and expired ones.
pub async fn release_grants(
    conn: &mut AnyConnection,
    uniqueids: &[String],
    now: i64,
) -> Result<(), StoreError> {
    for chunk in uniqueids.chunks(ROWS_PER_INSERT) {
        let params: Vec<String> = (2..chunk.len() + 2).map(|i| format!("${i}")).collect();
        let text = sql!(
            "DELETE FROM call_grants WHERE expires_at <= $1 OR uniqueid IN ({})",
            params.join(", ")
        );
        let mut query = sqlx::query(text).bind(now);
        for id in chunk {
            query = query.bind(id);
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

/// The running calls of an extension that hold a grant: `(node, channel)`.
pub async fn running_channels(
    conn: &mut AnyConnection,
    tenant_id: i64,
    extension: &str,
    now: i64,
) -> Result<Vec<(String, String)>, StoreError> {
    let rows = sqlx::query(
        "SELECT node, channel FROM call_grants WHERE tenant_id = $1 AND extension = $2 \
         AND expires_at > $3",
    )
    .bind(tenant_id)
    .bind(extension)
    .bind(now)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| Ok((row.try_get("node")?, row.try_get("channel")?)))
        .collect()
}

/// Deletes records (and daily spend) from before `cutoff`; how many records.
pub async fn delete_before(conn: &mut AnyConnection, cutoff: i64) -> Result<u64, StoreError> {
    let done = sqlx::query("DELETE FROM call_records WHERE started_at < $1")
        .bind(cutoff)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM call_spend_daily WHERE day < $1")
        .bind(cutoff.div_euclid(86_400))
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}

/// Holds the extension's row until the transaction ends (PostgreSQL; on
/// SQLite the write transaction already excludes every other writer), so
/// limit checks of one extension run one at a time.
pub async fn lock_extension(conn: &mut AnyConnection, extension_id: i64) -> Result<(), StoreError> {
    if conn.backend_name() == "PostgreSQL" {
        sqlx::query("SELECT id FROM extensions WHERE id = $1 FOR UPDATE")
            .bind(extension_id)
            .execute(conn)
            .await?;
    }
    Ok(())
}

/// How many external calls of an extension were let through since `since`.
pub async fn granted_since(
    conn: &mut AnyConnection,
    tenant_id: i64,
    extension: &str,
    since: i64,
) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM call_grants WHERE tenant_id = $1 AND extension = $2 \
         AND granted_at >= $3",
    )
    .bind(tenant_id)
    .bind(extension)
    .bind(since)
    .fetch_one(conn)
    .await?)
}
