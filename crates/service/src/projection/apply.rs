//! Applying rendered files to a node: write the changed files atomically,
//! send the reloads the change needs over AMI, keep the set as the last
//! good one, or, when the node refuses, put the last good files back,
//! reload again and report the failure.

use std::collections::BTreeMap;
use std::time::Duration;

use pbx_asterisk::ami::{AmiClient, AmiError};
use pbx_asterisk::apply::{
    Loaded, NotLoaded, Reload, Storage, TenantChange, WriteError, Written, mark_good, not_loaded,
    plan_reloads, restore_last_good, write_files, written_objects,
};
use pbx_asterisk::{NodeSettings, RenderedFile};
use pbx_domain::TenantCode;

use super::Change;

/// How long each AMI step may take.
const AMI_LIMIT: Duration = Duration::from_secs(10);

/// `sip reload` answers before chan_sip has re-read its files (its
/// monitor thread does that), so a peer may be missing for a moment: how
/// long to keep asking before a missing peer counts as not loaded.
const SIP_RELOAD_SETTLE: Duration = Duration::from_secs(5);
/// How often to ask meanwhile.
const SIP_RELOAD_POLL: Duration = Duration::from_millis(200);

/// What an apply did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplyReport {
    pub node: String,
    /// Files whose contents changed and were written.
    pub written: Vec<String>,
    /// Files rendered (written or already up to date).
    pub rendered: usize,
    /// The reloads sent, in order.
    pub reloads: Vec<Reload>,
}

/// Why an apply failed. Written files are back at the last good set
/// whenever the node was not told to load them successfully.
#[derive(Debug, thiserror::Error)]
pub enum ApplyError {
    #[error("node {node}: writing files: {source}")]
    Write {
        node: String,
        #[source]
        source: WriteError,
    },
    #[error(
        "node {node}: {step} failed: {source}; restored the last good files ({restored}){}",
        rollback_note(.rollback)
    )]
    Rejected {
        node: String,
        step: String,
        #[source]
        source: AmiError,
        restored: String,
        /// Errors of restoring or of the reload after restoring.
        rollback: Vec<String>,
    },
    #[error(
        "node {node} did not load {} as written (its log says why; for example a certificate file that does not exist there); restored the last good files ({restored}){}",
        list(.missing),
        rollback_note(.rollback)
    )]
    NotLoaded {
        node: String,
        missing: Vec<NotLoaded>,
        restored: String,
        rollback: Vec<String>,
    },
}

fn list(objects: &[NotLoaded]) -> String {
    objects
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The step of an apply that reaches the node's manager.
const CONNECT_STEP: &str = "connecting to the manager";

impl ApplyError {
    /// The node's manager could not be reached: the same changes are worth
    /// trying again later (a refused reload is not).
    pub fn node_unreachable(&self) -> bool {
        matches!(self, ApplyError::Rejected { step, .. } if step == CONNECT_STEP)
    }
}

fn rollback_note(rollback: &[String]) -> String {
    if rollback.is_empty() {
        "; the node reloaded them".into()
    } else {
        format!("; rollback problems: {}", rollback.join("; "))
    }
}

/// The per-tenant changes the written files and the change hints describe.
fn tenant_changes(
    files: &[RenderedFile],
    written: &[String],
    hints: &[Change],
) -> Vec<TenantChange> {
    let mut by_tenant: BTreeMap<Option<TenantCode>, TenantChange> = BTreeMap::new();
    for file in files.iter().filter(|f| written.contains(&f.name)) {
        let entry = by_tenant.entry(file.tenant.clone()).or_default();
        entry.tenant = file.tenant.clone();
        entry.kinds.insert(file.kind);
    }
    for hint in hints {
        let code = TenantCode::parse(&hint.tenant).ok();
        let entry = by_tenant.entry(code.clone()).or_default();
        entry.tenant = code;
        entry.pjsip_ids.extend(hint.pjsip.iter().cloned());
        entry.sip_peers.extend(hint.sip.iter().cloned());
    }
    by_tenant.into_values().collect()
}

/// Asterisk's answer when asked to expire an object its cache does not
/// hold (always so for a new object): nothing to expire, not a refusal.
const NOT_IN_CACHE: &str = "could not be expired from the cache";

/// Sends `reloads` in order, then asks whether the objects of `expected`
/// exist; the first failure stops and is returned. The objects the node
/// does not have are the `Ok` value.
async fn send_reloads(
    node: &NodeSettings,
    reloads: &[Reload],
    expected: &[Written],
) -> Result<Vec<NotLoaded>, (String, AmiError)> {
    let mut ami = AmiClient::connect(&node.ami, AMI_LIMIT)
        .await
        .map_err(|e| (CONNECT_STEP.to_owned(), e))?;
    for reload in reloads {
        let action = reload.to_action();
        tracing::info!(node = %node.name, ?reload, "reloading");
        match ami.send(&action).await {
            Ok(_) => {}
            Err(AmiError::ActionFailed { message, .. })
                if matches!(reload, Reload::ExpireObject { .. })
                    && message.contains(NOT_IN_CACHE) => {}
            Err(e) => return Err((format!("{reload:?}"), e)),
        }
    }
    let ask = "asking which objects the node loaded";
    let mut absent = not_loaded(&mut ami, expected)
        .await
        .map_err(|e| (ask.to_owned(), e))?;
    let sip_reloaded = reloads.iter().any(|r| matches!(r, Reload::Sip));
    let settled_by = std::time::Instant::now() + SIP_RELOAD_SETTLE;
    while sip_reloaded
        && absent.iter().any(|n| matches!(n.object, Loaded::Peer(_)))
        && std::time::Instant::now() < settled_by
    {
        tokio::time::sleep(SIP_RELOAD_POLL).await;
        absent = not_loaded(&mut ami, expected)
            .await
            .map_err(|e| (ask.to_owned(), e))?;
    }
    if let Err(e) = ami.logoff().await {
        tracing::warn!(node = %node.name, error = %e, "AMI logoff failed");
    }
    Ok(absent)
}

/// Puts the last good files back and reloads them; the problems doing so.
async fn roll_back(
    node: &NodeSettings,
    dir: &std::path::Path,
    written: &[String],
    reloads: &[Reload],
) -> Vec<String> {
    let mut rollback = Vec::new();
    if let Err(e) = restore_last_good(dir, written) {
        rollback.push(format!("restoring: {e}"));
    } else if let Err((step, e)) = send_reloads(node, reloads, &[]).await {
        rollback.push(format!("{step} after restoring: {e}"));
    }
    rollback
}

/// Writes `files` into the node's output directory and reloads what the
/// change needs (`hints` name the extensions changed, for Realtime expiry).
pub async fn apply_files(
    node: &NodeSettings,
    storage: &Storage,
    files: &[RenderedFile],
    hints: &[Change],
) -> Result<ApplyReport, ApplyError> {
    let dir = &node.output_dir;
    let written = write_files(dir, files).map_err(|source| ApplyError::Write {
        node: node.name.clone(),
        source,
    })?;
    let named: Vec<String> = hints
        .iter()
        .flat_map(|h| h.pjsip.iter().chain(&h.sip).cloned())
        .collect();
    let expected = written_objects(files, &written, &named);
    let hints: &[Change] = if matches!(storage, Storage::Realtime { .. }) {
        hints
    } else {
        &[]
    };
    let reloads = plan_reloads(&tenant_changes(files, &written, hints), storage);
    let report = ApplyReport {
        node: node.name.clone(),
        written: written.clone(),
        rendered: files.len(),
        reloads: reloads.clone(),
    };
    if !reloads.is_empty() {
        let outcome = send_reloads(node, &reloads, &expected).await;
        let absent = match outcome {
            Ok(absent) if absent.is_empty() => Vec::new(),
            Ok(absent) => absent,
            Err((step, source)) => {
                tracing::error!(node = %node.name, %step, error = %source, "node refused the change; restoring the last good files");
                let rollback = roll_back(node, dir, &written, &reloads).await;
                return Err(ApplyError::Rejected {
                    node: node.name.clone(),
                    step,
                    source,
                    restored: written.join(", "),
                    rollback,
                });
            }
        };
        if !absent.is_empty() {
            tracing::error!(node = %node.name, missing = %list(&absent), "node did not load what was written; restoring the last good files");
            let rollback = roll_back(node, dir, &written, &reloads).await;
            return Err(ApplyError::NotLoaded {
                node: node.name.clone(),
                missing: absent,
                restored: written.join(", "),
                rollback,
            });
        }
    }
    mark_good(dir, &written).map_err(|source| ApplyError::Write {
        node: node.name.clone(),
        source,
    })?;
    tracing::info!(node = %node.name, written = written.len(), reloads = reloads.len(), "applied");
    Ok(report)
}
