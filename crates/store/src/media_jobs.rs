//! The follow-up work on a call's media: mailing and analysing its
//! recording, mailing the voicemail message it left. One job per call
//! record and [`MediaKind`], queued in the ingest's transaction; a worker
//! claims a due job with a lease (a compare-and-set on its attempts, so two
//! `pbx serve` instances never work on the same attempt, and a worker that
//! died leaves a job that becomes due again). A finished job is deleted; a
//! job that gave up stays, failed, with its error.

use sqlx::{AnyConnection, Row};

use crate::{StoreError, now};

/// What a job follows up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MediaKind {
    /// The call's recording (`call_records.recording`).
    Recording,
    /// The voicemail message the call left in a box.
    Voicemail,
}

impl MediaKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MediaKind::Recording => "recording",
            MediaKind::Voicemail => "voicemail",
        }
    }

    pub fn parse(raw: &str) -> Option<MediaKind> {
        [MediaKind::Recording, MediaKind::Voicemail]
            .into_iter()
            .find(|k| k.as_str() == raw)
    }
}

/// A job a worker claimed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaJob {
    pub call_record_id: i64,
    pub kind: MediaKind,
    pub tenant_id: i64,
    /// The voicemail box of a voicemail job.
    pub target: Option<String>,
    /// Attempts so far, this one included.
    pub attempts: i64,
}

/// A job that gave up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailedJob {
    pub call_record_id: i64,
    pub kind: MediaKind,
    pub attempts: i64,
    pub error: String,
}

/// Queues a job, due now, in the caller's transaction (a second job of
/// the same record and kind is ignored).
pub async fn queue(
    conn: &mut AnyConnection,
    call_record_id: i64,
    kind: MediaKind,
    tenant_id: i64,
    target: Option<&str>,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO media_jobs (call_record_id, kind, tenant_id, target, state, attempts, \
         due_at) VALUES ($1, $2, $3, $4, 'queued', 0, $5) ON CONFLICT DO NOTHING",
    )
    .bind(call_record_id)
    .bind(kind.as_str())
    .bind(tenant_id)
    .bind(target)
    .bind(now())
    .execute(conn)
    .await?;
    Ok(())
}

/// Claims up to `limit` due jobs until `lease_secs` from now: queued ones
/// whose time has come and working ones whose lease ran out. Each claim
/// counts an attempt.
pub async fn claim_due(
    conn: &mut AnyConnection,
    lease_secs: i64,
    limit: i64,
) -> Result<Vec<MediaJob>, StoreError> {
    let now = now();
    let candidates = sqlx::query(
        "SELECT call_record_id, kind, tenant_id, target, state, attempts FROM media_jobs \
         WHERE (state = 'queued' AND due_at <= $1) OR (state = 'working' AND claimed_until < $1) \
         ORDER BY due_at LIMIT $2",
    )
    .bind(now)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    let mut claimed = Vec::new();
    for row in candidates {
        let id: i64 = row.try_get("call_record_id")?;
        let kind: String = row.try_get("kind")?;
        let state: String = row.try_get("state")?;
        let attempts: i64 = row.try_get("attempts")?;
        let won = sqlx::query(
            "UPDATE media_jobs SET state = 'working', attempts = attempts + 1, claimed_until = $1 \
             WHERE call_record_id = $2 AND kind = $3 AND state = $4 AND attempts = $5",
        )
        .bind(now + lease_secs)
        .bind(id)
        .bind(&kind)
        .bind(&state)
        .bind(attempts)
        .execute(&mut *conn)
        .await?;
        if won.rows_affected() == 1 {
            claimed.push(MediaJob {
                call_record_id: id,
                kind: MediaKind::parse(&kind)
                    .ok_or_else(|| StoreError::Corrupt(format!("media job kind {kind}")))?,
                tenant_id: row.try_get("tenant_id")?,
                target: row.try_get("target")?,
                attempts: attempts + 1,
            });
        }
    }
    Ok(claimed)
}

/// Deletes a finished job.
pub async fn finish(conn: &mut AnyConnection, job: &MediaJob) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM media_jobs WHERE call_record_id = $1 AND kind = $2")
        .bind(job.call_record_id)
        .bind(job.kind.as_str())
        .execute(conn)
        .await?;
    Ok(())
}

/// Makes a job due again in `after_secs`, keeping why this attempt did
/// not finish.
pub async fn retry(
    conn: &mut AnyConnection,
    job: &MediaJob,
    after_secs: i64,
    error: &str,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE media_jobs SET state = 'queued', due_at = $1, claimed_until = NULL, \
         last_error = $2 WHERE call_record_id = $3 AND kind = $4",
    )
    .bind(now() + after_secs)
    .bind(error)
    .bind(job.call_record_id)
    .bind(job.kind.as_str())
    .execute(conn)
    .await?;
    Ok(())
}

/// Gives a job up with its error.
pub async fn fail(conn: &mut AnyConnection, job: &MediaJob, error: &str) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE media_jobs SET state = 'failed', claimed_until = NULL, last_error = $1 \
         WHERE call_record_id = $2 AND kind = $3",
    )
    .bind(error)
    .bind(job.call_record_id)
    .bind(job.kind.as_str())
    .execute(conn)
    .await?;
    Ok(())
}

/// The jobs of `tenant_id` that gave up, newest record first.
pub async fn failed(
    conn: &mut AnyConnection,
    tenant_id: i64,
    limit: i64,
) -> Result<Vec<FailedJob>, StoreError> {
    let rows = sqlx::query(
        "SELECT call_record_id, kind, attempts, last_error FROM media_jobs \
         WHERE tenant_id = $1 AND state = 'failed' ORDER BY call_record_id DESC LIMIT $2",
    )
    .bind(tenant_id)
    .bind(limit)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            let kind: String = row.try_get("kind")?;
            Ok(FailedJob {
                call_record_id: row.try_get("call_record_id")?,
                kind: MediaKind::parse(&kind)
                    .ok_or_else(|| StoreError::Corrupt(format!("media job kind {kind}")))?,
                attempts: row.try_get("attempts")?,
                error: row
                    .try_get::<Option<String>, _>("last_error")?
                    .unwrap_or_default(),
            })
        })
        .collect()
}

/// Jobs not finished yet (queued or working), of every tenant.
pub async fn pending(conn: &mut AnyConnection) -> Result<i64, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM media_jobs WHERE state IN ('queued', 'working')")
            .fetch_one(conn)
            .await?,
    )
}

/// Records that a voicemail message was mailed; false when it already was
/// (in the caller's transaction, before queueing the mail).
pub async fn mark_voicemail_mailed(
    conn: &mut AnyConnection,
    tenant_id: i64,
    mailbox: &str,
    msg_id: &str,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "INSERT INTO voicemail_mails (tenant_id, mailbox, msg_id, mailed_at) \
         VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
    )
    .bind(tenant_id)
    .bind(mailbox)
    .bind(msg_id)
    .bind(now())
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
