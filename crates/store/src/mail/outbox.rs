//! The mail queue: one row per mail to send, written in the transaction of
//! what caused it. Mailer tasks (one per `pbx serve`, possibly several on
//! one PostgreSQL) take due rows with a compare-and-set on `(state,
//! attempts)`, so only one of them sends a given attempt. A claim is a
//! lease: a mailer that died while sending leaves a row that becomes due
//! again when its lease runs out. Bodies are sealed at rest (account
//! information carries SIP secrets).

use sqlx::{AnyConnection, Row};

use crate::{StoreError, now};

/// Where a mail is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailState {
    /// Waiting for its next attempt.
    Queued,
    /// Claimed by a mailer that is sending it.
    Sending,
    Sent,
    /// Gave up after the last attempt (an administrator may retry it).
    Failed,
}

impl MailState {
    pub fn as_str(self) -> &'static str {
        match self {
            MailState::Queued => "queued",
            MailState::Sending => "sending",
            MailState::Sent => "sent",
            MailState::Failed => "failed",
        }
    }

    pub fn parse(raw: &str) -> Option<MailState> {
        [
            MailState::Queued,
            MailState::Sending,
            MailState::Sent,
            MailState::Failed,
        ]
        .into_iter()
        .find(|s| s.as_str() == raw)
    }
}

/// A mail to queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMail {
    pub tenant_id: Option<i64>,
    /// What the mail is about (`account_info`, `missed_call`, `test`, ...).
    pub kind: String,
    pub recipients: Vec<String>,
    pub subject: String,
    pub body: String,
    pub attachment_path: Option<String>,
}

/// A queued mail as stored.
#[derive(Clone, PartialEq, Eq)]
pub struct QueuedMail {
    pub id: i64,
    pub mail: NewMail,
    pub state: MailState,
    pub attempts: i64,
    pub next_attempt_ms: i64,
    pub last_error: Option<String>,
    pub created_at: i64,
    pub sent_at: Option<i64>,
}

impl std::fmt::Debug for QueuedMail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("QueuedMail")
            .field("id", &self.id)
            .field("kind", &self.mail.kind)
            .field("recipients", &self.mail.recipients)
            .field("subject", &self.mail.subject)
            .field("body", &"<hidden>")
            .field("state", &self.state)
            .field("attempts", &self.attempts)
            .field("last_error", &self.last_error)
            .finish_non_exhaustive()
    }
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

const COLUMNS: &str = "id, tenant_id, kind, recipients, subject, body, attachment_path, state, \
     attempts, next_attempt_ms, last_error, created_at, sent_at";

fn from_row(row: &sqlx::any::AnyRow) -> Result<QueuedMail, StoreError> {
    let recipients: String = row.try_get("recipients")?;
    let state: String = row.try_get("state")?;
    Ok(QueuedMail {
        id: row.try_get("id")?,
        mail: NewMail {
            tenant_id: row.try_get("tenant_id")?,
            kind: row.try_get("kind")?,
            recipients: serde_json::from_str(&recipients)
                .map_err(|e| StoreError::Corrupt(format!("mail recipients: {e}")))?,
            subject: row.try_get("subject")?,
            body: crate::secrets::open(&row.try_get::<String, _>("body")?)?,
            attachment_path: row.try_get("attachment_path")?,
        },
        state: MailState::parse(&state)
            .ok_or_else(|| StoreError::Corrupt(format!("mail state {state}")))?,
        attempts: row.try_get("attempts")?,
        next_attempt_ms: row.try_get("next_attempt_ms")?,
        last_error: row.try_get("last_error")?,
        created_at: row.try_get("created_at")?,
        sent_at: row.try_get("sent_at")?,
    })
}

/// Queues a mail, due now, inside the caller's transaction; returns its id.
pub async fn insert(conn: &mut AnyConnection, mail: &NewMail) -> Result<i64, StoreError> {
    let recipients = serde_json::to_string(&mail.recipients)
        .map_err(|e| StoreError::Corrupt(format!("mail recipients: {e}")))?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO mail_outbox (tenant_id, kind, recipients, subject, body, attachment_path, \
         state, attempts, next_attempt_ms, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, 'queued', 0, $7, $8) RETURNING id",
    )
    .bind(mail.tenant_id)
    .bind(&mail.kind)
    .bind(recipients)
    .bind(&mail.subject)
    .bind(crate::secrets::seal(&mail.body))
    .bind(mail.attachment_path.clone())
    .bind(now_ms())
    .bind(now())
    .fetch_one(conn)
    .await?;
    Ok(id)
}

/// Claims up to `limit` due mails for `mailer` until `lease_ms` from now:
/// queued ones whose time has come, and sending ones whose lease ran out.
/// Each claim counts an attempt; a row another mailer claimed first is
/// skipped.
pub async fn claim_due(
    conn: &mut AnyConnection,
    mailer: &str,
    lease_ms: i64,
    limit: i64,
) -> Result<Vec<QueuedMail>, StoreError> {
    let now = now_ms();
    let candidates = sqlx::query(
        "SELECT id, state, attempts FROM mail_outbox \
         WHERE (state = 'queued' AND next_attempt_ms <= $1) \
         OR (state = 'sending' AND claimed_until_ms < $1) \
         ORDER BY next_attempt_ms, id LIMIT $2",
    )
    .bind(now)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    let mut claimed = Vec::new();
    for row in candidates {
        let id: i64 = row.try_get("id")?;
        let state: String = row.try_get("state")?;
        let attempts: i64 = row.try_get("attempts")?;
        let won = sqlx::query(sql!(
            "UPDATE mail_outbox SET state = 'sending', attempts = attempts + 1, \
             claimed_by = $1, claimed_until_ms = $2 \
             WHERE id = $3 AND state = $4 AND attempts = $5 RETURNING {COLUMNS}"
        ))
        .bind(mailer)
        .bind(now + lease_ms)
        .bind(id)
        .bind(state)
        .bind(attempts)
        .fetch_optional(&mut *conn)
        .await?;
        if let Some(row) = won {
            claimed.push(from_row(&row)?);
        }
    }
    Ok(claimed)
}

/// Marks a mail `mailer` claimed as sent.
pub async fn mark_sent(conn: &mut AnyConnection, id: i64, mailer: &str) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE mail_outbox SET state = 'sent', sent_at = $1, last_error = NULL, \
         claimed_until_ms = NULL WHERE id = $2 AND state = 'sending' AND claimed_by = $3",
    )
    .bind(now())
    .bind(id)
    .bind(mailer)
    .execute(conn)
    .await?;
    Ok(())
}

/// Records a failed attempt: the mail is due again at `retry_at_ms`, or,
/// without one, has failed for good.
pub async fn mark_attempt_failed(
    conn: &mut AnyConnection,
    id: i64,
    mailer: &str,
    error: &str,
    retry_at_ms: Option<i64>,
) -> Result<(), StoreError> {
    let (state, next) = match retry_at_ms {
        Some(at) => (MailState::Queued, at),
        None => (MailState::Failed, now_ms()),
    };
    sqlx::query(
        "UPDATE mail_outbox SET state = $1, next_attempt_ms = $2, last_error = $3, \
         claimed_until_ms = NULL WHERE id = $4 AND state = 'sending' AND claimed_by = $5",
    )
    .bind(state.as_str())
    .bind(next)
    .bind(error)
    .bind(id)
    .bind(mailer)
    .execute(conn)
    .await?;
    Ok(())
}

/// Queues a failed mail again with fresh attempts; false when it is not
/// failed (or not of `tenant_id`).
pub async fn retry(
    conn: &mut AnyConnection,
    id: i64,
    tenant_id: Option<i64>,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE mail_outbox SET state = 'queued', attempts = 0, next_attempt_ms = $1 \
         WHERE id = $2 AND state = 'failed' AND (tenant_id = $3 OR ($3 IS NULL AND tenant_id IS NULL))",
    )
    .bind(now_ms())
    .bind(id)
    .bind(tenant_id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// One mail by id, of `tenant_id` (`None`: the system's mails).
pub async fn by_id(
    conn: &mut AnyConnection,
    id: i64,
    tenant_id: Option<i64>,
) -> Result<QueuedMail, StoreError> {
    let row = sqlx::query(sql!(
        "SELECT {COLUMNS} FROM mail_outbox WHERE id = $1 \
         AND (tenant_id = $2 OR ($2 IS NULL AND tenant_id IS NULL))"
    ))
    .bind(id)
    .bind(tenant_id)
    .fetch_optional(conn)
    .await?
    .ok_or(StoreError::NotFound)?;
    from_row(&row)
}

/// The newest `limit` mails of `tenant_id` (`None`: the system's mails).
pub async fn list(
    conn: &mut AnyConnection,
    tenant_id: Option<i64>,
    limit: i64,
) -> Result<Vec<QueuedMail>, StoreError> {
    let rows = sqlx::query(sql!(
        "SELECT {COLUMNS} FROM mail_outbox \
         WHERE (tenant_id = $1 OR ($1 IS NULL AND tenant_id IS NULL)) \
         ORDER BY id DESC LIMIT $2"
    ))
    .bind(tenant_id)
    .bind(limit)
    .fetch_all(conn)
    .await?;
    rows.iter().map(from_row).collect()
}
