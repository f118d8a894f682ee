//! Missed-call notifications: when a stored record is a call that rang an
//! extension and was not answered, the extension's Missed call
//! notification setting decides whether a mail goes to its notification
//! address (or its user email). Queued in the ingest's transaction.

use std::collections::{HashMap, HashSet};

use pbx_domain::values::MissedCallNotify;
use pbx_store::calls::NewCallRecord;
use pbx_store::{Connection, extensions};

use crate::ServiceError;
use crate::mail::{Mail, MissedCall, Recipient, queue_within, utc_text};

/// The called extension of a record that missed it, and whether the call
/// was internal: inbound records belong to the callee, internal ones to
/// the caller.
fn missed(record: &NewCallRecord) -> Option<(&str, bool)> {
    if record.disposition == "ANSWERED" {
        return None;
    }
    match record.direction.as_str() {
        "inbound" => Some((record.extension.as_str(), false)),
        "internal" => Some((record.callee.as_str(), true)),
        _ => None,
    }
}

/// Queues the missed-call mails `records` call for (one per call and
/// called extension); how many.
pub(crate) async fn queue_missed_call_mails(
    conn: &mut Connection,
    tenant_codes: &HashMap<i64, String>,
    records: &[NewCallRecord],
) -> Result<usize, ServiceError> {
    let mut seen = HashSet::new();
    let mut queued = 0;
    for record in records {
        let Some((callee, internal)) = missed(record) else {
            continue;
        };
        if !seen.insert((record.tenant_id, record.linkedid.clone(), callee.to_owned())) {
            continue;
        }
        let Ok(stored) = extensions::by_number(conn, record.tenant_id, callee).await else {
            continue;
        };
        let settings = &stored.extension.settings;
        let d = &settings.destinations;
        let wanted = match d.missed_call_notify {
            MissedCallNotify::Off => false,
            MissedCallNotify::External => !internal,
            MissedCallNotify::All => !(internal && d.missed_ignore_internal),
        };
        if !wanted {
            continue;
        }
        let address = if d.missed_call_email.is_empty() {
            settings.web_user.user_email.as_str()
        } else {
            d.missed_call_email.as_str()
        };
        let Ok(to) = Recipient::parse(address) else {
            continue;
        };
        let call = MissedCall {
            tenant: tenant_codes
                .get(&record.tenant_id)
                .cloned()
                .unwrap_or_default(),
            caller: record.caller.clone(),
            callee: callee.to_owned(),
            at: utc_text(record.started_at),
        };
        queue_within(conn, Some(record.tenant_id), &Mail::missed_call(to, &call)?).await?;
        queued += 1;
    }
    Ok(queued)
}
