//! Applying rendered files to a node: write the changed files atomically,
//! send the reloads the change needs over AMI, keep the set as the last
//! good one, or, when the node refuses, put the last good files back,
//! reload again and report the failure.

use std::collections::BTreeMap;
use std::time::Duration;

use pbx_asterisk::ami::{AmiClient, AmiError};
use pbx_asterisk::apply::{
    Reload, Storage, TenantChange, WriteError, mark_good, plan_reloads, restore_last_good,
    write_files,
};
use pbx_asterisk::{NodeSettings, RenderedFile};
use pbx_domain::TenantCode;

use super::Change;

/// How long each AMI step may take.
const AMI_LIMIT: Duration = Duration::from_secs(10);

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

/// Sends `reloads` in order; the first failure stops and is returned.
async fn send_reloads(node: &NodeSettings, reloads: &[Reload]) -> Result<(), (String, AmiError)> {
    let mut ami = AmiClient::connect(&node.ami, AMI_LIMIT)
        .await
        .map_err(|e| (CONNECT_STEP.to_owned(), e))?;
    for reload in reloads {
        let action = reload.to_action();
        tracing::info!(node = %node.name, ?reload, "reloading");
        ami.send(&action)
            .await
            .map_err(|e| (format!("{reload:?}"), e))?;
    }
    if let Err(e) = ami.logoff().await {
        tracing::warn!(node = %node.name, error = %e, "AMI logoff failed");
    }
    Ok(())
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
    if !reloads.is_empty()
        && let Err((step, source)) = send_reloads(node, &reloads).await
    {
        tracing::error!(node = %node.name, %step, error = %source, "node refused the change; restoring the last good files");
        let mut rollback = Vec::new();
        if let Err(e) = restore_last_good(dir, &written) {
            rollback.push(format!("restoring: {e}"));
        } else if let Err((step, e)) = send_reloads(node, &reloads).await {
            rollback.push(format!("{step} after restoring: {e}"));
        }
        return Err(ApplyError::Rejected {
            node: node.name.clone(),
            step,
            source,
            restored: written.join(", "),
            rollback,
        });
    }
    mark_good(dir, &written).map_err(|source| ApplyError::Write {
        node: node.name.clone(),
        source,
    })?;
    tracing::info!(node = %node.name, written = written.len(), reloads = reloads.len(), "applied");
    Ok(report)
}
