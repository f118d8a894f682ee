//! From the nodes' CDRs to call records: [`Service::ingest_cdrs`] drains
//! a batch of the `asterisk_cdr` landing table (PostgreSQL), turns each CDR
//! the generated dialplan tagged into a call record, prices outbound ones,
//! queues the follow-up of their recordings and voicemail messages, and
//! ends the budget grants of the calls that finished, all in one
//! transaction.

use std::collections::HashMap;
use std::time::Duration;

use pbx_store::calls::{self, NewCallRecord};
use pbx_store::cdr_landing::{self, LandedCdr};
use pbx_store::media_jobs::{self, MediaKind};
use pbx_store::{Backend, extensions, now, tenants};

use crate::{Service, ServiceError};
use pbx_domain::rating::RateTable;

/// CDRs taken per transaction.
const BATCH: i64 = 1_000;

/// What one drain did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Ingested {
    /// Call records stored.
    pub stored: usize,
    /// CDRs without pbx's tags (calls pbx's dialplan did not handle), dropped.
    pub untagged: usize,
}

/// A CDR's direction and record extension, from the dialplan's tags:
/// `ext` calls are outbound (the caller's record); `int` calls are
/// internal when placed by an extension, inbound otherwise (the callee's).
fn direction_of(cdr: &LandedCdr) -> Option<(&'static str, String)> {
    match (cdr.pbx_direction.as_str(), cdr.pbx_ext.is_empty()) {
        ("ext", false) => Some(("outbound", cdr.pbx_ext.clone())),
        ("int", false) => Some(("internal", cdr.pbx_ext.clone())),
        ("int", true) => Some(("inbound", cdr.pbx_dialled.clone())),
        _ => None,
    }
}

/// The record of one tagged CDR (unpriced).
fn record_of(cdr: &LandedCdr, tenant_id: i64) -> Option<NewCallRecord> {
    let (direction, extension) = direction_of(cdr)?;
    let callee = if cdr.pbx_dialled.is_empty() {
        cdr.dst.clone()
    } else {
        cdr.pbx_dialled.clone()
    };
    Some(NewCallRecord {
        tenant_id,
        extension,
        direction: direction.to_owned(),
        caller: cdr.src.clone(),
        callee,
        started_at: cdr.start,
        answered_at: (cdr.answer > 0).then_some(cdr.answer),
        ended_at: cdr.end,
        duration: cdr.duration,
        billsec: cdr.billsec,
        disposition: cdr.disposition.clone(),
        node: cdr.pbx_node.clone(),
        uniqueid: cdr.uniqueid.clone(),
        linkedid: cdr.linkedid.clone(),
        recording: (!cdr.pbx_recording.is_empty()).then(|| cdr.pbx_recording.clone()),
        rate_prefix: None,
        amount: None,
    })
}

/// Prices an outbound record: answered calls pay their rate, unanswered
/// ones nothing; a destination without a rate stays unpriced.
fn price(record: &mut NewCallRecord, tariff: Option<&RateTable>) {
    if record.direction != "outbound" {
        return;
    }
    if record.billsec <= 0 {
        record.amount = Some(0);
        return;
    }
    let billsec = u32::try_from(record.billsec).unwrap_or(u32::MAX);
    if let Some(priced) = tariff.and_then(|t| t.price(&record.callee, billsec)) {
        record.rate_prefix = Some(priced.prefix.to_string());
        record.amount = Some(priced.amount.units());
    }
}

impl Service {
    /// Drains one batch of landed CDRs into call records (PostgreSQL; a
    /// SQLite database has no landing table and ingests nothing).
    pub async fn ingest_cdrs(&self) -> Result<Ingested, ServiceError> {
        if self.store().backend() != Backend::Postgres {
            return Ok(Ingested::default());
        }
        let mut tx = self.store().begin().await?;
        let landed = cdr_landing::drain(&mut tx, BATCH).await?;
        if landed.is_empty() {
            return Ok(Ingested::default());
        }
        let mut tenant_ids: HashMap<String, Option<i64>> = HashMap::new();
        let mut tariffs: HashMap<(i64, String), Option<RateTable>> = HashMap::new();
        let mut records = Vec::with_capacity(landed.len());
        // The voicemail box each record's call went to ("" for none).
        let mut voicemails = Vec::with_capacity(landed.len());
        let mut untagged = 0;
        for cdr in &landed {
            let id = match tenant_ids.get(&cdr.pbx_tenant) {
                Some(id) => *id,
                None => {
                    let id = tenants::by_code(&mut tx, &cdr.pbx_tenant)
                        .await
                        .ok()
                        .map(|t| t.id);
                    tenant_ids.insert(cdr.pbx_tenant.clone(), id);
                    id
                }
            };
            let Some(mut record) = id.and_then(|id| record_of(cdr, id)) else {
                untagged += 1;
                continue;
            };
            if record.direction == "outbound" {
                let key = (record.tenant_id, record.extension.clone());
                if !tariffs.contains_key(&key) {
                    let tariff = match extensions::by_number(&mut tx, key.0, &key.1).await {
                        Ok(stored) => self.tariff_of(&mut tx, key.0, &stored.extension).await?,
                        Err(_) => None,
                    };
                    tariffs.insert(key.clone(), tariff);
                }
                price(&mut record, tariffs[&key].as_ref());
            }
            records.push(record);
            voicemails.push(cdr.pbx_voicemail.as_str());
        }
        // Records with media to follow up are stored one by one (their
        // jobs need their ids); the others in multi-row INSERTs.
        let (followed, plain): (Vec<_>, Vec<_>) = records
            .iter()
            .zip(&voicemails)
            .partition(|(r, voicemail)| r.recording.is_some() || !voicemail.is_empty());
        let plain: Vec<NewCallRecord> = plain.into_iter().map(|(r, _)| r.clone()).collect();
        calls::insert_many(&mut tx, &plain).await?;
        for (record, voicemail) in followed {
            let id = calls::insert_one(&mut tx, record).await?;
            if record.recording.is_some() {
                media_jobs::queue(&mut tx, id, MediaKind::Recording, record.tenant_id, None)
                    .await?;
            }
            if !voicemail.is_empty() {
                let target = Some(*voicemail);
                media_jobs::queue(&mut tx, id, MediaKind::Voicemail, record.tenant_id, target)
                    .await?;
            }
        }
        let codes: HashMap<i64, String> = tenant_ids
            .iter()
            .filter_map(|(code, id)| id.map(|id| (id, code.clone())))
            .collect();
        let mails = super::missed::queue_missed_call_mails(&mut tx, &codes, &records).await?;
        let finished: Vec<String> = landed.iter().map(|c| c.uniqueid.clone()).collect();
        calls::release_grants(&mut tx, &finished, now()).await?;
        pbx_store::commit(tx).await?;
        if mails > 0 {
            self.wake_mailer();
        }
        if untagged > 0 {
            tracing::debug!(untagged, "CDRs without pbx tags dropped");
        }
        Ok(Ingested {
            stored: records.len(),
            untagged,
        })
    }
}

/// Drains landed CDRs every `poll` (at once again while batches are full),
/// and deletes records older than `retention` once an hour.
pub fn spawn_cdr_ingest(
    service: Service,
    poll: Duration,
    retention: Duration,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut last_purge = 0;
        loop {
            match service.ingest_cdrs().await {
                Ok(done) if done.stored + done.untagged >= BATCH as usize => continue,
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "storing call records failed; retrying"),
            }
            if now() - last_purge >= 3_600 {
                last_purge = now();
                let cutoff = now() - retention.as_secs() as i64;
                match service.store().conn().await {
                    Ok(mut conn) => {
                        if let Err(e) = calls::delete_before(&mut conn, cutoff).await {
                            tracing::warn!(error = %e, "deleting old call records failed");
                        }
                    }
                    Err(e) => tracing::warn!(error = %e, "deleting old call records failed"),
                }
            }
            tokio::time::sleep(poll).await;
        }
    })
}
