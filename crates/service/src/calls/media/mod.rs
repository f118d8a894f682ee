//! The follow-up of calls' media, after their records are stored: a
//! recording is sent to the tenant's speech service and mailed as its
//! extension's settings ask (with its stored analysis, if any); a voicemail message is mailed to its box's
//! email. The CDR ingest queues one job per call and kind
//! (`pbx_store::media_jobs`); [`spawn_media_worker`] works them off. The
//! files are read from the node's spool directory (`spool_dir`); a node
//! without one has nothing followed up.

mod recording;
mod spool;
mod voicemail;

use std::path::PathBuf;
use std::time::Duration;

use pbx_store::calls::NewCallRecord;
use pbx_store::media_jobs::{self, MediaJob, MediaKind};
use pbx_store::{calls, extensions, nodes, now, tenants};

use crate::mail::{Mail, Recording, queue_within, utc_text};
use crate::{Service, ServiceError};
use recording::{RecordingPlan, is_inbound, owner, still_written};

/// How a job's attempt ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Nothing (more) to do.
    Done,
    /// Try again in `after_secs` (a file not there yet, a service that did
    /// not answer).
    Retry { after_secs: i64, why: String },
    /// Give up.
    Fail(String),
}

/// How long a claimed job is a worker's (a transcription takes minutes).
const LEASE_SECS: i64 = 600;
/// Attempts before a job gives up.
const MAX_ATTEMPTS: i64 = 30;
/// How long after its call a recording may take to appear in the spool.
const RECORDING_WAIT_SECS: i64 = 120;
/// Jobs claimed at a time.
const BATCH: i64 = 20;

impl Service {
    /// Works through the due media jobs; how many were claimed.
    pub async fn follow_up_media(&self) -> Result<usize, ServiceError> {
        let jobs = {
            let mut conn = self.store().conn().await?;
            media_jobs::claim_due(&mut conn, LEASE_SECS, BATCH).await?
        };
        for job in &jobs {
            let outcome = match job.kind {
                MediaKind::Recording => self.follow_recording(job).await,
                MediaKind::Voicemail => self.follow_voicemail(job).await,
            };
            let mut conn = self.store().conn().await?;
            match outcome {
                Ok(Outcome::Done) => media_jobs::finish(&mut conn, job).await?,
                Ok(Outcome::Retry { after_secs, why }) if job.attempts < MAX_ATTEMPTS => {
                    media_jobs::retry(&mut conn, job, after_secs, &why).await?;
                }
                Ok(Outcome::Retry { why, .. } | Outcome::Fail(why)) => {
                    tracing::warn!(call = job.call_record_id, kind = job.kind.as_str(), %why,
                        "a call's media follow-up gave up");
                    media_jobs::fail(&mut conn, job, &why).await?;
                }
                Err(e) if job.attempts < MAX_ATTEMPTS => {
                    let why = e.to_string();
                    media_jobs::retry(&mut conn, job, 10 * job.attempts, &why).await?;
                }
                Err(e) => media_jobs::fail(&mut conn, job, &e.to_string()).await?,
            }
        }
        Ok(jobs.len())
    }

    async fn follow_recording(&self, job: &MediaJob) -> Result<Outcome, ServiceError> {
        let mut conn = self.store().conn().await?;
        let Some(stored) = calls::by_id(&mut conn, job.call_record_id).await? else {
            return Ok(Outcome::Done);
        };
        let record = &stored.record;
        let Some(file) = record.recording.as_deref() else {
            return Ok(Outcome::Done);
        };
        let number = owner(record, file);
        let Ok(ext) = extensions::by_number(&mut conn, job.tenant_id, number).await else {
            return Ok(Outcome::Done);
        };
        let plan = RecordingPlan::of(&ext.extension.settings, is_inbound(file));
        let spool = nodes::by_name(&mut conn, &record.node)
            .await
            .ok()
            .and_then(|n| n.node.spool_dir);
        let (true, Some(spool)) = (!plan.is_empty(), spool) else {
            return Ok(Outcome::Done);
        };
        let Some(path) = spool::recording_path(std::path::Path::new(&spool), file) else {
            return Ok(Outcome::Fail(format!("recording name {file:?} refused")));
        };
        let size = match std::fs::metadata(&path) {
            Ok(meta) if !still_written(&path) => meta.len(),
            Ok(_) => return Ok(wait("the recording is still being written")),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(if now() - record.ended_at < RECORDING_WAIT_SECS {
                    wait("the recording is not in the spool yet")
                } else {
                    Outcome::Fail(format!("no recording at {}", path.display()))
                });
            }
            Err(e) => return Ok(Outcome::Fail(format!("{}: {e}", path.display()))),
        };
        drop(conn);
        // What the speech service made of it, once stored (the service
        // that sends recordings to it is still to come).
        let analysis = {
            let mut conn = self.store().conn().await?;
            pbx_store::call_analyses::of_records(&mut conn, &[job.call_record_id])
                .await?
                .remove(&job.call_record_id)
        };
        if !plan.mails(size) {
            return Ok(Outcome::Done);
        }
        let to = plan.mail_to.clone().expect("mails() checked the recipient");
        let mut tx = self.store().begin().await?;
        let tenant = tenants::by_id(&mut tx, job.tenant_id).await?;
        let code = tenant.tenant.code.to_string();
        let link = crate::mail::public_url_for(&mut tx, job.tenant_id)
            .await?
            .map(|base| recording_link(&base, &code, job.call_record_id));
        let mut recording = Recording::new(
            &code,
            number,
            &record.caller,
            &record.callee,
            utc_text(record.started_at),
            record.billsec,
        );
        if let Some(a) = &analysis {
            recording.analysed(a);
        }
        let mail = match Mail::recording(to, recording, PathBuf::from(&path), link) {
            Ok(mail) => mail,
            Err(e) => return Ok(Outcome::Fail(e.to_string())),
        };
        queue_within(&mut tx, Some(job.tenant_id), &mail).await?;
        pbx_store::commit(tx).await?;
        self.wake_mailer();
        Ok(Outcome::Done)
    }
}

/// Where the recording of `record` lies in the node spool `spool`.
pub(super) fn recording_file_of(record: &NewCallRecord, spool: &str) -> Option<PathBuf> {
    spool::recording_path(std::path::Path::new(spool), record.recording.as_deref()?)
}

/// A short wait for a file.
fn wait(why: &str) -> Outcome {
    Outcome::Retry {
        after_secs: 3,
        why: why.into(),
    }
}

/// Where a signed-in user downloads the recording of call `id` (tenant
/// codes are upper-case letters: nothing to encode).
fn recording_link(base: &str, tenant: &str, id: i64) -> String {
    format!(
        "{}/tenants/{tenant}/calls/{id}/recording",
        base.trim_end_matches('/')
    )
}

/// Follows up due media jobs every `poll` (at once again while batches
/// are full).
pub fn spawn_media_worker(service: Service, poll: Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            match service.follow_up_media().await {
                Ok(n) if n >= BATCH as usize => continue,
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "following up call media failed; retrying"),
            }
            tokio::time::sleep(poll).await;
        }
    })
}
