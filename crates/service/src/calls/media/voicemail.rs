//! Voicemail to email: a call the dialplan sent to a box (the CDR variable
//! `pbx_voicemail`) is looked up in the node's spool; each new message it
//! left there is mailed once to the box owner's Voicemail email, with its
//! audio attached.

use pbx_store::media_jobs::{self, MediaJob};
use pbx_store::{calls, extensions, nodes, now, tenants};

use super::Outcome;
use super::spool::{VoicemailMessage, new_messages};
use crate::mail::{Mail, Recipient, Voicemail, queue_within, utc_text};
use crate::{Service, ServiceError};

/// How long after a call pbx looks for the message it left (Asterisk
/// writes it when the caller hangs up, just before the CDR).
const MESSAGE_WAIT_SECS: i64 = 30;

/// Whether `message` is one the call from `started_at` to `ended_at` left.
fn left_by(message: &VoicemailMessage, started_at: i64, ended_at: i64) -> bool {
    (started_at - 2..=ended_at + 2).contains(&message.left_at)
}

impl Service {
    pub(super) async fn follow_voicemail(&self, job: &MediaJob) -> Result<Outcome, ServiceError> {
        let mut conn = self.store().conn().await?;
        let Some(stored) = calls::by_id(&mut conn, job.call_record_id).await? else {
            return Ok(Outcome::Done);
        };
        let record = &stored.record;
        let Some(mailbox) = job.target.as_deref() else {
            return Ok(Outcome::Done);
        };
        let Ok(owner) = extensions::by_number(&mut conn, job.tenant_id, mailbox).await else {
            return Ok(Outcome::Done);
        };
        let address = owner.extension.settings.information.voicemail_email.clone();
        if address.is_empty() {
            return Ok(Outcome::Done);
        }
        let Some(spool) = nodes::by_name(&mut conn, &record.node)
            .await
            .ok()
            .and_then(|n| n.node.spool_dir)
        else {
            return Ok(Outcome::Done);
        };
        let tenant = tenants::by_id(&mut conn, job.tenant_id).await?;
        let code = tenant.tenant.code.to_string();
        let spool = std::path::PathBuf::from(spool);
        let messages = tokio::task::spawn_blocking({
            let (code, mailbox) = (code.clone(), mailbox.to_owned());
            move || new_messages(&spool, &code, &mailbox)
        })
        .await
        .map_err(|e| ServiceError::internal("reading the voicemail box", e))?
        .map_err(|e| ServiceError::internal("reading the voicemail box", e))?;
        let left: Vec<_> = messages
            .into_iter()
            .filter(|m| left_by(m, record.started_at, record.ended_at))
            .collect();
        if left.is_empty() {
            return Ok(if now() - record.ended_at < MESSAGE_WAIT_SECS {
                Outcome::Retry {
                    after_secs: 2,
                    why: "no message in the box yet".into(),
                }
            } else {
                // The caller hung up before the tone: no message.
                Outcome::Done
            });
        }
        let to = match Recipient::parse(address.as_str()) {
            Ok(to) => to,
            Err(why) => return Ok(Outcome::Fail(format!("voicemail email {why}"))),
        };
        let mut tx = self.store().begin().await?;
        let mut queued = 0;
        for message in left {
            if !media_jobs::mark_voicemail_mailed(&mut tx, job.tenant_id, mailbox, &message.msg_id)
                .await?
            {
                continue;
            }
            let mail = Mail::voicemail(
                to.clone(),
                Voicemail {
                    tenant: code.clone(),
                    mailbox: mailbox.to_owned(),
                    caller: message.caller_id.clone(),
                    at: utc_text(message.left_at),
                    duration_secs: message.duration_secs,
                    file_name: String::new(),
                },
                message.audio.clone(),
            )?;
            queue_within(&mut tx, Some(job.tenant_id), &mail).await?;
            queued += 1;
        }
        pbx_store::commit(tx).await?;
        if queued > 0 {
            self.wake_mailer();
        }
        Ok(Outcome::Done)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_call_left_the_messages_of_its_own_time_only() {
        let message = |left_at| VoicemailMessage {
            msg_id: "1".into(),
            caller_id: String::new(),
            left_at,
            duration_secs: 3,
            audio: None,
        };
        assert!(left_by(&message(105), 100, 110));
        assert!(left_by(&message(112), 100, 110));
        assert!(!left_by(&message(90), 100, 110));
        assert!(!left_by(&message(113), 100, 110));
    }
}
