//! The mailer task `pbx serve` starts: it claims due mails from the queue
//! (a compare-and-set per row, so instances sharing one PostgreSQL send
//! each attempt once), sends each through its tenant's server or the
//! system's, and records the outcome: sent, due again after a backoff, or
//! failed after the last attempt. Rows persist, so a restart loses nothing;
//! a mail claimed by an instance that died is taken again when its lease
//! ends.

use std::time::Duration;

use pbx_store::mail::outbox::{self, QueuedMail, now_ms};

use super::message::build_message;
use super::settings::effective_for;
use super::transport::{SMTP_TIMEOUT, send};
use crate::{Service, ServiceError};

/// How the mailer paces itself.
#[derive(Debug, Clone)]
pub struct MailerConfig {
    /// This instance's name in claims (unique per process).
    pub name: String,
    /// How often the queue is looked at without a wake-up.
    pub poll: Duration,
    /// The wait after the 1st, 2nd, ... failed attempt (the last repeats).
    pub backoff: Vec<Duration>,
    /// Attempts before a mail is marked failed.
    pub max_attempts: i64,
    /// How long a claim holds before another mailer may take the mail.
    pub lease: Duration,
    /// How long one SMTP conversation may take.
    pub timeout: Duration,
}

impl Default for MailerConfig {
    /// 1, 5, 15 and 60 minutes, then hourly; failed after 8 attempts.
    fn default() -> MailerConfig {
        MailerConfig {
            name: format!("pbx-{}-{}", std::process::id(), now_ms()),
            poll: Duration::from_secs(5),
            backoff: [1, 5, 15, 60].map(Duration::from_mins).to_vec(),
            max_attempts: 8,
            lease: Duration::from_mins(5),
            timeout: SMTP_TIMEOUT,
        }
    }
}

impl MailerConfig {
    /// When a mail whose attempt number `attempts` just failed is due
    /// again; `None` once it has had its last attempt.
    pub fn retry_at_ms(&self, attempts: i64, now_ms: i64) -> Option<i64> {
        if attempts >= self.max_attempts {
            return None;
        }
        let step = usize::try_from(attempts.max(1) - 1).unwrap_or(0);
        let wait = self
            .backoff
            .get(step)
            .or(self.backoff.last())
            .copied()
            .unwrap_or(Duration::from_mins(1));
        Some(now_ms + wait.as_millis() as i64)
    }
}

/// Starts the mailer; it runs until the process ends.
pub fn spawn_mailer(service: Service, config: MailerConfig) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let wake = service.mail_wake.clone();
        loop {
            match deliver_due(&service, &config).await {
                // More may be due at once: look again without waiting.
                Ok(n) if n > 0 => continue,
                Ok(_) => {}
                Err(e) => {
                    tracing::warn!(error = %e.detail(), "the mailer could not read the queue");
                }
            }
            let _ = tokio::time::timeout(config.poll, wake.notified()).await;
        }
    })
}

/// Claims the due mails and tries each once; answers how many were tried.
pub async fn deliver_due(service: &Service, config: &MailerConfig) -> Result<usize, ServiceError> {
    let claimed = {
        let mut conn = service.store().conn().await?;
        outbox::claim_due(&mut conn, &config.name, config.lease.as_millis() as i64, 20).await?
    };
    let tried = claimed.len();
    for mail in claimed {
        let outcome = attempt(service, config, &mail).await;
        let mut conn = service.store().conn().await?;
        match outcome {
            Ok(()) => {
                outbox::mark_sent(&mut conn, mail.id, &config.name).await?;
                tracing::info!(id = mail.id, kind = %mail.mail.kind, attempt = mail.attempts, "mail sent");
            }
            Err(error) => {
                let retry = config.retry_at_ms(mail.attempts, now_ms());
                outbox::mark_attempt_failed(&mut conn, mail.id, &config.name, &error, retry)
                    .await?;
                tracing::warn!(id = mail.id, kind = %mail.mail.kind, attempt = mail.attempts,
                    gave_up = retry.is_none(), %error, "mail not sent");
            }
        }
    }
    Ok(tried)
}

/// One attempt at sending `mail`; the error text is stored with it.
async fn attempt(
    service: &Service,
    config: &MailerConfig,
    mail: &QueuedMail,
) -> Result<(), String> {
    let server = {
        let mut conn = service.store().conn().await.map_err(|e| e.to_string())?;
        effective_for(&mut conn, mail.mail.tenant_id)
            .await
            .map_err(|e| e.to_string())?
    };
    let Some(server) = server else {
        return Err("no mail server is configured (system or tenant mail settings)".into());
    };
    let attachment = match &mail.mail.attachment_path {
        None => None,
        Some(path) => {
            let bytes = tokio::fs::read(path)
                .await
                .map_err(|e| format!("attachment {path}: {e}"))?;
            let name = std::path::Path::new(path).file_name().map_or_else(
                || "attachment".to_owned(),
                |n| n.to_string_lossy().into_owned(),
            );
            Some((name, bytes))
        }
    };
    let message = build_message(
        &server.sender,
        &mail.mail.recipients,
        &mail.mail.subject,
        &mail.mail.body,
        attachment,
    )
    .map_err(|e| e.to_string())?;
    send(&server, message, config.timeout)
        .await
        .map_err(|e| e.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_attempts_back_off_then_give_up() {
        let config = MailerConfig::default();
        let min = 60_000;
        assert_eq!(config.retry_at_ms(1, 0), Some(min));
        assert_eq!(config.retry_at_ms(2, 0), Some(5 * min));
        assert_eq!(config.retry_at_ms(4, 0), Some(60 * min));
        assert_eq!(config.retry_at_ms(7, 0), Some(60 * min));
        assert_eq!(config.retry_at_ms(8, 0), None);
    }
}
