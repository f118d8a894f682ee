//! Queueing mails, and the queue as administrators see it: the list with
//! each mail's state, and retrying a failed one.

use pbx_store::mail::outbox::{self, NewMail, QueuedMail};
use serde_json::{Value, json};

use super::message::Mail;
use crate::error::OrMissing;
use crate::{Actor, Service, ServiceError};

/// How many mails the queue list shows.
pub const LIST_LIMIT: i64 = 200;

/// The stored row of a mail.
pub(crate) fn new_mail(tenant_id: Option<i64>, mail: &Mail) -> NewMail {
    NewMail {
        tenant_id,
        kind: mail.kind.as_str().to_owned(),
        recipients: mail.to.iter().map(ToString::to_string).collect(),
        subject: mail.subject.as_str().to_owned(),
        body: mail.body.clone(),
        attachment_path: mail
            .attachment
            .as_ref()
            .map(|p| p.to_string_lossy().into_owned()),
    }
}

/// Queues `mail` inside the caller's transaction (it is sent only if the
/// transaction commits); returns its id. Wake the mailer after the commit
/// with [`Service::wake_mailer`].
pub async fn queue_within(
    conn: &mut pbx_store::Connection,
    tenant_id: Option<i64>,
    mail: &Mail,
) -> Result<i64, ServiceError> {
    if mail.to.is_empty() {
        return Err(ServiceError::invalid("to", "a mail needs a recipient"));
    }
    Ok(outbox::insert(conn, &new_mail(tenant_id, mail)).await?)
}

/// The JSON of a queued mail (never its body).
pub fn queued_json(queued: &QueuedMail) -> Value {
    json!({
        "id": queued.id,
        "kind": queued.mail.kind,
        "recipients": queued.mail.recipients,
        "subject": queued.mail.subject,
        "attachment": queued.mail.attachment_path.is_some(),
        "state": queued.state.as_str(),
        "attempts": queued.attempts,
        "next_attempt_at": queued.next_attempt_ms / 1000,
        "last_error": queued.last_error,
        "created_at": queued.created_at,
        "sent_at": queued.sent_at,
    })
}

impl Service {
    /// Queues a mail of tenant `tenant` (its mail settings, or the
    /// system's) or of the system (`None`), and wakes the mailer. For the
    /// rest of pbx: no actor, the caller decided the mail is due.
    pub async fn queue_mail(&self, tenant: Option<&str>, mail: Mail) -> Result<i64, ServiceError> {
        let mut tx = self.store().begin().await?;
        let tenant_id = match tenant {
            Some(code) => Some(
                pbx_store::tenants::by_code(&mut tx, code)
                    .await
                    .or_missing(|| ServiceError::not_found(format!("tenant {code}")))?
                    .id,
            ),
            None => None,
        };
        let id = queue_within(&mut tx, tenant_id, &mail).await?;
        pbx_store::commit(tx).await?;
        self.wake_mailer();
        tracing::info!(
            id,
            kind = mail.kind.as_str(),
            tenant = tenant.unwrap_or("(system)"),
            "mail queued"
        );
        Ok(id)
    }

    /// The newest mails of the system or of a tenant.
    pub async fn mail_queue(
        &self,
        actor: &Actor,
        tenant: Option<&str>,
    ) -> Result<Vec<QueuedMail>, ServiceError> {
        let scope = self.mail_scope(actor, tenant).await?;
        let mut conn = self.store().conn().await?;
        Ok(outbox::list(&mut conn, scope_tenant(scope), LIST_LIMIT).await?)
    }

    /// Queues a failed mail again, with fresh attempts.
    pub async fn retry_mail(
        &self,
        actor: &Actor,
        tenant: Option<&str>,
        id: i64,
    ) -> Result<QueuedMail, ServiceError> {
        let scope = self.mail_scope(actor, tenant).await?;
        let tenant_id = scope_tenant(scope);
        let mut conn = self.store().conn().await?;
        let missing = || ServiceError::not_found(format!("mail {id}"));
        outbox::by_id(&mut conn, id, tenant_id)
            .await
            .or_missing(missing)?;
        if !outbox::retry(&mut conn, id, tenant_id).await? {
            return Err(ServiceError::invalid(
                "state",
                "only a failed mail can be retried",
            ));
        }
        drop(conn);
        self.wake_mailer();
        let mut conn = self.store().conn().await?;
        outbox::by_id(&mut conn, id, tenant_id)
            .await
            .or_missing(missing)
    }
}

fn scope_tenant(scope: pbx_store::mail::settings::Scope) -> Option<i64> {
    match scope {
        pbx_store::mail::settings::Scope::System => None,
        pbx_store::mail::settings::Scope::Tenant(id) => Some(id),
    }
}
