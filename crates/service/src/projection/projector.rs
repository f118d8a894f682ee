//! The projector `pbx serve` runs: a tokio task that receives committed
//! changes, folds a burst of them (a debounce window) into one render of
//! only the changed tenants and one set of reloads per node.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use pbx_store::nodes;
use tokio::sync::{broadcast, mpsc};
use tokio::task::JoinHandle;
use tokio::time::{Instant, timeout_at};

use super::{ApplyReport, Change, ChangeSink, apply_files};
use crate::nodes::settings_of;
use crate::{Service, ServiceError};

/// The outcome of one folded batch: the tenants rendered and, per node,
/// what was applied or why it failed.
#[derive(Debug, Clone)]
pub struct BatchReport {
    pub tenants: BTreeSet<String>,
    pub changes: usize,
    pub nodes: Vec<Result<ApplyReport, String>>,
}

/// The sending side, handed to the service as its [`ChangeSink`].
struct Sender(mpsc::UnboundedSender<Change>);

impl ChangeSink for Sender {
    fn changed(&self, change: Change) {
        if self.0.send(change).is_err() {
            tracing::error!("the projector has stopped; a change was not projected");
        }
    }
}

/// A running projector.
pub struct ProjectorHandle {
    /// Give this to [`Service::with_change_sink`].
    pub sink: Arc<dyn ChangeSink>,
    /// Subscribe to batch reports (tests, status pages).
    pub reports: broadcast::Sender<BatchReport>,
    pub task: JoinHandle<()>,
}

/// Starts the projector over `service` (the service it reads from; it
/// needs no sink of its own). Changes arriving within `window` of the
/// first one of a burst are applied together.
pub fn spawn_projector(service: Service, window: Duration) -> ProjectorHandle {
    let (tx, mut rx) = mpsc::unbounded_channel::<Change>();
    let (reports, _) = broadcast::channel(64);
    let out = reports.clone();
    let task = tokio::spawn(async move {
        while let Some(first) = rx.recv().await {
            let mut batch = vec![first];
            let deadline = Instant::now() + window;
            while let Ok(Some(next)) = timeout_at(deadline, rx.recv()).await {
                batch.push(next);
            }
            let report = service.project(&batch).await;
            let _ = out.send(report);
        }
    });
    ProjectorHandle {
        sink: Arc::new(Sender(tx)),
        reports,
        task,
    }
}

impl Service {
    /// Renders the tenants `changes` touch for every node and applies them.
    /// Failures are logged and reported per node, never swallowed.
    pub async fn project(&self, changes: &[Change]) -> BatchReport {
        let tenants: BTreeSet<String> = changes.iter().map(|c| c.tenant.clone()).collect();
        let mut report = BatchReport {
            tenants: tenants.clone(),
            changes: changes.len(),
            nodes: Vec::new(),
        };
        let all = match self.stored_nodes().await {
            Ok(all) => all,
            Err(e) => {
                tracing::error!(error = %e.detail(), "projector: reading the nodes failed");
                report
                    .nodes
                    .push(Err(format!("reading the nodes: {}", e.detail())));
                return report;
            }
        };
        for stored in all {
            let (node, storage) = settings_of(&stored.node);
            let outcome = match self
                .render_node_files(&node, &storage, Some(&tenants))
                .await
            {
                Ok(files) => apply_files(&node, &storage, &files, changes)
                    .await
                    .map_err(|e| e.to_string()),
                Err(e) => Err(format!("node {}: {}", node.name, e.detail())),
            };
            match &outcome {
                Ok(r) => {
                    tracing::info!(node = %r.node, written = ?r.written, reloads = ?r.reloads, "projected")
                }
                Err(e) => tracing::error!(error = %e, "projection failed"),
            }
            report.nodes.push(outcome);
        }
        report
    }

    /// Every stored node (no actor: the projector and the CLI's apply).
    pub async fn stored_nodes(&self) -> Result<Vec<nodes::StoredNode>, ServiceError> {
        let mut conn = self.store().conn().await?;
        Ok(nodes::list(&mut conn).await?)
    }
}
