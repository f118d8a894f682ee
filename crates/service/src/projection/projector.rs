//! The projector `pbx serve` runs: a tokio task that takes the committed
//! changes from the projection outbox for each node it projects, folds a
//! burst of them (a debounce window) into one render of only the changed
//! tenants and one set of reloads per node.
//!
//! Changes reach it from any `pbx serve` sharing the database: a local
//! change wakes it at once, and it polls the outbox for the others. Each
//! node's outbox cursor is moved with a compare-and-set before the apply,
//! so two projectors never apply the same changes to one node.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;
use std::time::Duration;

use pbx_store::nodes::{self, StoredNode};
use pbx_store::outbox::{self, OutboxEntry};
use tokio::sync::{broadcast, mpsc};
use tokio::task::JoinHandle;
use tokio::time::{Instant, sleep, timeout, timeout_at};

use super::{ApplyReport, Change, ChangeSink, apply_files};
use crate::nodes::settings_of;
use crate::{Service, ServiceError};

/// Outbox rows one node takes per batch; the rest follow at once.
const BATCH_ROWS: i64 = 5_000;
/// Polls between two prunes of the outbox when nothing was applied.
const PRUNE_EVERY_ROUNDS: u64 = 60;

/// The outcome of one folded batch: the tenants rendered and, per node,
/// what was applied or why it failed.
#[derive(Debug, Clone)]
pub struct BatchReport {
    pub tenants: BTreeSet<String>,
    /// The changes folded (the most any one node took).
    pub changes: usize,
    pub nodes: Vec<Result<ApplyReport, String>>,
}

/// How a projector runs.
#[derive(Debug, Clone)]
pub struct ProjectorConfig {
    /// Changes arriving within this time of the first of a burst are
    /// applied together.
    pub window: Duration,
    /// How often the outbox is read for changes made by other instances.
    pub poll: Duration,
    /// The names of the nodes this instance projects (`None`: every node).
    /// A node whose files live on one machine is projected by the instance
    /// on that machine.
    pub nodes: Option<BTreeSet<String>>,
}

impl ProjectorConfig {
    /// Every node, a one-second poll.
    pub fn new(window: Duration) -> ProjectorConfig {
        ProjectorConfig {
            window,
            poll: Duration::from_secs(1),
            nodes: None,
        }
    }
}

/// When each unreachable node is tried again: after 1 s, 2 s, 4 s ... and
/// then every minute, so a node that is down for an hour costs a few dozen
/// attempts (and log lines), not one per poll.
#[derive(Debug, Default)]
pub struct Backoff(HashMap<String, (u32, Instant)>);

impl Backoff {
    const LONGEST: Duration = Duration::from_mins(1);

    fn due(&self, node: &str) -> bool {
        self.0
            .get(node)
            .is_none_or(|(_, next)| Instant::now() >= *next)
    }

    fn failed(&mut self, node: &str) {
        let entry = self.0.entry(node.to_owned()).or_insert((0, Instant::now()));
        entry.0 += 1;
        let wait = Duration::from_secs(1u64 << (entry.0 - 1).min(6)).min(Self::LONGEST);
        entry.1 = Instant::now() + wait;
    }

    fn succeeded(&mut self, node: &str) {
        self.0.remove(node);
    }
}

/// The sending side, handed to the service as its [`ChangeSink`]: a
/// committed change only wakes the projector (the outbox holds it).
struct Waker(mpsc::UnboundedSender<()>);

impl ChangeSink for Waker {
    fn changed(&self, _: Change) {
        if self.0.send(()).is_err() {
            tracing::error!("the projector has stopped; changes wait in the outbox");
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
/// needs no sink of its own).
pub fn spawn_projector(service: Service, config: ProjectorConfig) -> ProjectorHandle {
    let (tx, mut rx) = mpsc::unbounded_channel::<()>();
    let (reports, _) = broadcast::channel(64);
    let out = reports.clone();
    let task = tokio::spawn(async move {
        let mut backoff = Backoff::default();
        for round in 0u64.. {
            match timeout(config.poll, rx.recv()).await {
                Ok(None) => return,
                Ok(Some(())) => {
                    // A local change: wait out the window, folding the burst.
                    let deadline = Instant::now() + config.window;
                    while let Ok(Some(())) = timeout_at(deadline, rx.recv()).await {}
                }
                Err(_) => {}
            }
            let mut applied = false;
            loop {
                let (report, more) = service
                    .project_due(config.nodes.as_ref(), &mut backoff)
                    .await;
                if let Some(report) = report {
                    applied = true;
                    let _ = out.send(report);
                }
                if !more {
                    break;
                }
                sleep(Duration::from_millis(10)).await;
            }
            // After applying, and now and then (changes no node takes,
            // e.g. with no node at all), without a write every poll.
            if (applied || round % PRUNE_EVERY_ROUNDS == 0)
                && let Err(e) = service.prune_outbox().await
            {
                tracing::warn!(error = %e.detail(), "projector: pruning the outbox failed");
            }
        }
    });
    ProjectorHandle {
        sink: Arc::new(Waker(tx)),
        reports,
        task,
    }
}

impl Service {
    /// Claims and applies the outbox changes after each node's cursor (the
    /// nodes named in `only`, or all). Returns the report of what was
    /// applied (none when nothing was pending) and whether changes remain.
    pub async fn project_pending(
        &self,
        only: Option<&BTreeSet<String>>,
    ) -> (Option<BatchReport>, bool) {
        self.project_due(only, &mut Backoff::default()).await
    }

    /// [`Service::project_pending`] for the nodes `backoff` says are due.
    pub async fn project_due(
        &self,
        only: Option<&BTreeSet<String>>,
        backoff: &mut Backoff,
    ) -> (Option<BatchReport>, bool) {
        let mut report = BatchReport {
            tenants: BTreeSet::new(),
            changes: 0,
            nodes: Vec::new(),
        };
        let mut more = false;
        let all = match self.stored_nodes().await {
            Ok(all) => all,
            Err(e) => {
                tracing::error!(error = %e.detail(), "projector: reading the nodes failed");
                return (None, false);
            }
        };
        for stored in all {
            if only.is_some_and(|names| !names.contains(&stored.node.name))
                || !backoff.due(&stored.node.name)
            {
                continue;
            }
            let entries = match self.claim(&stored).await {
                Ok(entries) if entries.is_empty() => continue,
                Ok(entries) => entries,
                Err(e) => {
                    let failure = format!(
                        "node {}: claiming changes: {}",
                        stored.node.name,
                        e.detail()
                    );
                    tracing::error!(error = %failure, "projection failed");
                    report.nodes.push(Err(failure));
                    continue;
                }
            };
            let last = entries.last().map_or(stored.projected_through, |e| e.id);
            let full = entries.len() as i64 == BATCH_ROWS;
            let changes: Vec<Change> = entries.into_iter().map(Change::from).collect();
            report.changes = report.changes.max(changes.len());
            report
                .tenants
                .extend(changes.iter().map(|c| c.tenant.clone()));
            match self.project_node(&stored, &changes).await {
                Ok(applied) => {
                    backoff.succeeded(&stored.node.name);
                    more |= full;
                    report.nodes.push(Ok(applied));
                }
                Err(failure) => {
                    if failure.node_unreachable() {
                        // Hand the changes back: a later poll tries again.
                        self.release(&stored, last).await;
                        backoff.failed(&stored.node.name);
                    }
                    report.nodes.push(Err(failure.to_string()));
                }
            }
        }
        ((!report.nodes.is_empty()).then_some(report), more)
    }

    /// The changes after the node's cursor, claimed by moving the cursor
    /// past them (empty when there are none or another projector won).
    async fn claim(&self, stored: &StoredNode) -> Result<Vec<OutboxEntry>, ServiceError> {
        let mut conn = self.store().conn().await?;
        let entries = outbox::after(&mut conn, stored.projected_through, BATCH_ROWS).await?;
        let Some(last) = entries.last().map(|e| e.id) else {
            return Ok(entries);
        };
        let claimed = nodes::claim(&mut conn, stored.id, stored.projected_through, last).await?;
        Ok(if claimed { entries } else { Vec::new() })
    }

    /// Moves a node's cursor back from `last` to where it was before the
    /// claim (unless another projector has moved it since).
    async fn release(&self, stored: &StoredNode, last: i64) {
        let released = match self.store().conn().await {
            Ok(mut conn) => nodes::claim(&mut conn, stored.id, last, stored.projected_through)
                .await
                .map_err(ServiceError::from),
            Err(e) => Err(e.into()),
        };
        if let Err(e) = released {
            tracing::error!(node = %stored.node.name, error = %e.detail(), "projector: handing changes back failed");
        }
    }

    /// Deletes the outbox rows every node has passed.
    pub async fn prune_outbox(&self) -> Result<(), ServiceError> {
        let mut conn = self.store().conn().await?;
        outbox::prune(&mut conn).await?;
        Ok(())
    }

    /// Renders the tenants `changes` touch for every node and applies them
    /// (whatever the nodes' outbox cursors say: `pbx apply` and tests).
    pub async fn project(&self, changes: &[Change]) -> BatchReport {
        let mut report = BatchReport {
            tenants: changes.iter().map(|c| c.tenant.clone()).collect(),
            changes: changes.len(),
            nodes: Vec::new(),
        };
        match self.stored_nodes().await {
            Ok(all) => {
                for stored in all {
                    let outcome = self.project_node(&stored, changes).await;
                    report.nodes.push(outcome.map_err(|e| e.to_string()));
                }
            }
            Err(e) => {
                tracing::error!(error = %e.detail(), "projector: reading the nodes failed");
                report
                    .nodes
                    .push(Err(format!("reading the nodes: {}", e.detail())));
            }
        }
        report
    }

    /// Renders the tenants `changes` touch for one node and applies them.
    /// Failures are logged and returned, never swallowed.
    async fn project_node(
        &self,
        stored: &StoredNode,
        changes: &[Change],
    ) -> Result<ApplyReport, NodeFailure> {
        let tenants: BTreeSet<String> = changes.iter().map(|c| c.tenant.clone()).collect();
        let only = (!tenants.contains(super::EVERY_TENANT)).then_some(&tenants);
        let (node, storage) = settings_of(&stored.node);
        let outcome = match self.render_node_files(&node, &storage, only).await {
            Ok(files) => apply_files(&node, &storage, &files, changes)
                .await
                .map_err(NodeFailure::Apply),
            Err(e) => Err(NodeFailure::Render(format!(
                "node {}: {}",
                node.name,
                e.detail()
            ))),
        };
        match &outcome {
            Ok(r) => {
                tracing::info!(node = %r.node, written = ?r.written, reloads = ?r.reloads, "projected");
            }
            Err(e) => tracing::error!(error = %e, "projection failed"),
        }
        outcome
    }

    /// Every stored node (no actor: the projector and the CLI's apply).
    pub async fn stored_nodes(&self) -> Result<Vec<StoredNode>, ServiceError> {
        let mut conn = self.store().conn().await?;
        Ok(nodes::list(&mut conn).await?)
    }
}

/// Why one node did not get a batch.
#[derive(Debug, thiserror::Error)]
enum NodeFailure {
    #[error("{0}")]
    Render(String),
    #[error(transparent)]
    Apply(#[from] super::ApplyError),
}

impl NodeFailure {
    fn node_unreachable(&self) -> bool {
        matches!(self, NodeFailure::Apply(e) if e.node_unreachable())
    }
}

impl From<OutboxEntry> for Change {
    fn from(entry: OutboxEntry) -> Change {
        Change {
            tenant: entry.tenant,
            pjsip: entry.pjsip,
            sip: entry.sip,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn an_unreachable_node_is_tried_after_one_two_four_seconds_then_every_minute() {
        let step = |ms| tokio::time::advance(Duration::from_millis(ms));
        let mut backoff = Backoff::default();
        assert!(backoff.due("ast1"));
        backoff.failed("ast1");
        assert!(!backoff.due("ast1") && backoff.due("ast2"));
        step(999).await;
        assert!(!backoff.due("ast1"));
        step(1).await;
        assert!(backoff.due("ast1"));
        backoff.failed("ast1");
        step(1_999).await;
        assert!(!backoff.due("ast1"));
        step(1).await;
        assert!(backoff.due("ast1"));
        for _ in 0..10 {
            backoff.failed("ast1");
        }
        step(59_999).await;
        assert!(!backoff.due("ast1"), "at most a minute apart");
        step(1).await;
        assert!(backoff.due("ast1"));
        backoff.failed("ast1");
        backoff.succeeded("ast1");
        assert!(backoff.due("ast1"), "a success ends the wait");
    }
}
