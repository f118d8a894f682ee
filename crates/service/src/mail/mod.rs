//! Outgoing mail. Other parts of pbx build a [`Mail`] with one of its
//! constructors (account information, missed call, recording, voicemail,
//! limit warning; each renders its askama text template) and hand it to
//! [`Service::queue_mail`] (or [`queue_within`] inside their own
//! transaction). The row waits in the persistent queue until the mailer
//! task of some `pbx serve` ([`spawn_mailer`]) sends it through SMTP with
//! lettre, using the tenant's server settings or the system's.

mod account_info;
mod mailer;
mod message;
mod queue;
mod settings;
mod templates;
mod transport;

pub use account_info::{MAILED_LINK_LIFETIME_SECS, NotQueued};
pub use mailer::{MailerConfig, deliver_due, spawn_mailer};
pub use message::{Mail, MailKind, Recipient, Subject, build_message};
pub use queue::{LIST_LIMIT, queue_within, queued_json};
pub(crate) use settings::public_url_for;
pub use settings::{Effective, FIELDS, SECURITY, settings_json};
pub use templates::{
    AccountInfo, LimitWarning, MAX_ATTACHMENT_BYTES, MissedCall, Recording, TestMail, Voicemail,
    utc_text,
};
pub use transport::SendError;

use crate::{Actor, Service, ServiceError};

impl Service {
    /// Wakes the local mailer (after a commit that queued mail).
    pub fn wake_mailer(&self) {
        self.mail_wake.notify_one();
    }

    /// Sends a test mail to `to` now, through the settings the system (or
    /// the tenant) uses, without the queue: the answer is the server's.
    pub async fn send_test_mail(
        &self,
        actor: &Actor,
        tenant: Option<&str>,
        to: &str,
    ) -> Result<Result<(), SendError>, ServiceError> {
        let scope = self.mail_scope(actor, tenant).await?;
        let to = Recipient::parse(to).map_err(|m| ServiceError::invalid("to", m))?;
        let tenant_id = match scope {
            pbx_store::mail::settings::Scope::Tenant(id) => Some(id),
            pbx_store::mail::settings::Scope::System => None,
        };
        let mut conn = self.store().conn().await?;
        let Some(server) = settings::effective_for(&mut conn, tenant_id).await? else {
            return Err(ServiceError::invalid(
                "host",
                "no mail server is configured: save the settings first",
            ));
        };
        drop(conn);
        let test = TestMail {
            at: utc_text(pbx_store::now()),
            server: format!("{}:{} ({})", server.host, server.port, server.security),
            scope: tenant.map_or_else(|| "the system".to_owned(), |t| format!("tenant {t}")),
        };
        let mail = Mail::test(to, &test)?;
        let recipients: Vec<String> = mail.to.iter().map(ToString::to_string).collect();
        let message = build_message(
            &server.sender,
            &recipients,
            mail.subject.as_str(),
            &mail.body,
            None,
        )?;
        let outcome = transport::send(&server, message, transport::SMTP_TIMEOUT).await;
        tracing::info!(tenant = tenant.unwrap_or("(system)"), actor = %actor.username,
            delivered = outcome.is_ok(), "test mail");
        Ok(outcome)
    }
}
