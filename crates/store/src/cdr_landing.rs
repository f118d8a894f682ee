//! The table Asterisk's `cdr_pgsql` writes into (`asterisk_cdr`, created
//! by the PostgreSQL migrations only: a SQLite database is not reachable by
//! a node).
//!
//! [`drain`] takes the oldest rows and deletes them in the caller's
//! transaction: stored as call records in the same transaction, every CDR
//! becomes exactly one record, whichever `pbx` instance drains it, and
//! rows written while no instance runs wait for the next one.

use sqlx::{AnyConnection, Row};

use crate::StoreError;

/// One CDR as Asterisk wrote it, with the `pbx_*` CDR variables the
/// generated dialplan sets.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LandedCdr {
    pub start: i64,
    pub answer: i64,
    pub end: i64,
    pub duration: i64,
    pub billsec: i64,
    pub src: String,
    pub dst: String,
    pub channel: String,
    pub dstchannel: String,
    pub disposition: String,
    pub uniqueid: String,
    pub linkedid: String,
    pub pbx_tenant: String,
    pub pbx_ext: String,
    pub pbx_direction: String,
    pub pbx_node: String,
    pub pbx_dialled: String,
    pub pbx_recording: String,
    /// The voicemail box the call went to.
    pub pbx_voicemail: String,
}

/// Takes and deletes up to `limit` of the oldest CDRs, skipping rows
/// another transaction is draining. PostgreSQL only.
pub async fn drain(conn: &mut AnyConnection, limit: i64) -> Result<Vec<LandedCdr>, StoreError> {
    let rows = sqlx::query(
        "DELETE FROM asterisk_cdr WHERE id IN (SELECT id FROM asterisk_cdr ORDER BY id \
         LIMIT $1 FOR UPDATE SKIP LOCKED) RETURNING id, start, answer, \"end\", duration, \
         billsec, src, dst, channel, dstchannel, disposition, uniqueid, linkedid, pbx_tenant, \
         pbx_ext, pbx_direction, pbx_node, pbx_dialled, pbx_recording, pbx_voicemail",
    )
    .bind(limit)
    .fetch_all(conn)
    .await?;
    let mut out: Vec<(i64, LandedCdr)> = rows
        .iter()
        .map(|row| Ok((row.try_get("id")?, from_row(row)?)))
        .collect::<Result<_, StoreError>>()?;
    out.sort_by_key(|(id, _)| *id);
    Ok(out.into_iter().map(|(_, cdr)| cdr).collect())
}

fn from_row(row: &sqlx::any::AnyRow) -> Result<LandedCdr, StoreError> {
    let int = |name: &str| -> Result<i64, StoreError> {
        Ok(row.try_get::<Option<i64>, _>(name)?.unwrap_or(0))
    };
    let text = |name: &str| -> Result<String, StoreError> {
        Ok(row.try_get::<Option<String>, _>(name)?.unwrap_or_default())
    };
    Ok(LandedCdr {
        start: int("start")?,
        answer: int("answer")?,
        end: int("end")?,
        duration: int("duration")?,
        billsec: int("billsec")?,
        src: text("src")?,
        dst: text("dst")?,
        channel: text("channel")?,
        dstchannel: text("dstchannel")?,
        disposition: text("disposition")?,
        uniqueid: text("uniqueid")?,
        linkedid: text("linkedid")?,
        pbx_tenant: text("pbx_tenant")?,
        pbx_ext: text("pbx_ext")?,
        pbx_direction: text("pbx_direction")?,
        pbx_node: text("pbx_node")?,
        pbx_dialled: text("pbx_dialled")?,
        pbx_recording: text("pbx_recording")?,
        pbx_voicemail: text("pbx_voicemail")?,
    })
}

/// Writes a CDR as `cdr_pgsql` would (tests and benchmarks).
pub async fn land(conn: &mut AnyConnection, cdr: &LandedCdr) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO asterisk_cdr (start, answer, \"end\", duration, billsec, src, dst, channel, \
         dstchannel, disposition, uniqueid, linkedid, pbx_tenant, pbx_ext, pbx_direction, \
         pbx_node, pbx_dialled, pbx_recording, pbx_voicemail) VALUES ($1, $2, $3, $4, $5, $6, \
         $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)",
    )
    .bind(cdr.start)
    .bind(cdr.answer)
    .bind(cdr.end)
    .bind(cdr.duration)
    .bind(cdr.billsec)
    .bind(&cdr.src)
    .bind(&cdr.dst)
    .bind(&cdr.channel)
    .bind(&cdr.dstchannel)
    .bind(&cdr.disposition)
    .bind(&cdr.uniqueid)
    .bind(&cdr.linkedid)
    .bind(&cdr.pbx_tenant)
    .bind(&cdr.pbx_ext)
    .bind(&cdr.pbx_direction)
    .bind(&cdr.pbx_node)
    .bind(&cdr.pbx_dialled)
    .bind(&cdr.pbx_recording)
    .bind(&cdr.pbx_voicemail)
    .execute(conn)
    .await?;
    Ok(())
}
