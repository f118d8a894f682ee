//! The device-state monitor: a task per node that logs in to its manager
//! with `call` events, asks for every current state (`DeviceStateList`)
//! and then records each `DeviceStateChange`. A lost connection drops that
//! node's states and is retried; nodes added, changed or removed are
//! picked up at the next rescan.

use std::collections::HashMap;
use std::time::Duration;

use pbx_asterisk::AmiSettings;
use pbx_asterisk::ami::{Action, AmiClient, AmiError};
use tokio::task::JoinHandle;

use super::{DeviceStatus, DeviceStatuses};
use crate::Service;
use crate::nodes::settings_of;

/// How the monitor runs.
#[derive(Debug, Clone)]
pub struct MonitorConfig {
    /// The wait before reconnecting to a node that hung up or refused.
    pub reconnect: Duration,
    /// How often the node list is read again.
    pub rescan: Duration,
}

impl Default for MonitorConfig {
    fn default() -> MonitorConfig {
        MonitorConfig {
            reconnect: Duration::from_secs(5),
            rescan: Duration::from_secs(30),
        }
    }
}

/// One watched node: the manager settings it was started with.
struct Watch {
    ami: AmiSettings,
    task: JoinHandle<()>,
}

/// Starts watching every stored node's device states into `statuses`.
pub fn spawn_device_monitor(
    service: Service,
    statuses: DeviceStatuses,
    config: MonitorConfig,
) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut watches: HashMap<String, Watch> = HashMap::new();
        loop {
            match service.stored_nodes().await {
                Ok(nodes) => {
                    let current: HashMap<String, AmiSettings> = nodes
                        .iter()
                        .map(|n| (n.node.name.clone(), settings_of(&n.node).0.ami))
                        .collect();
                    watches.retain(|name, watch| {
                        let keep = current.get(name) == Some(&watch.ami);
                        if !keep {
                            watch.task.abort();
                            statuses.forget_node(name);
                        }
                        keep
                    });
                    for (name, ami) in current {
                        if watches.contains_key(&name) {
                            continue;
                        }
                        let task = tokio::spawn(watch_node(
                            name.clone(),
                            ami.clone(),
                            statuses.clone(),
                            config.reconnect,
                        ));
                        watches.insert(name, Watch { ami, task });
                    }
                }
                Err(e) => {
                    tracing::warn!(error = %e.detail(), "device monitor: reading the nodes failed");
                }
            }
            tokio::time::sleep(config.rescan).await;
        }
    })
}

/// Keeps one node's states current, reconnecting after `reconnect`.
async fn watch_node(node: String, ami: AmiSettings, statuses: DeviceStatuses, reconnect: Duration) {
    let resolver = AbortOnDrop(tokio::spawn(resolve_unknown(
        node.clone(),
        ami.clone(),
        statuses.clone(),
    )));
    let _resolver = resolver;
    let mut failing = false;
    loop {
        let error = follow(&node, &ami, &statuses).await;
        statuses.forget_node(&node);
        // Logged when a streak of failures starts, not at every retry.
        if !failing {
            tracing::warn!(node = %node, error = %error, "device states unavailable; retrying");
        }
        failing = !matches!(error, AmiError::Closed);
        tokio::time::sleep(reconnect).await;
    }
}

/// Connects, lists the current states and records changes until the
/// connection fails; returns why.
async fn follow(node: &str, ami: &AmiSettings, statuses: &DeviceStatuses) -> AmiError {
    let mut client =
        match AmiClient::connect_with_events(ami, Duration::from_secs(10), "call").await {
            Ok(client) => client,
            Err(e) => return e,
        };
    if let Err(e) = client.start(&Action::new("DeviceStateList")).await {
        return e;
    }
    tracing::info!(node = %node, "following device states");
    loop {
        match client.next_event().await {
            Ok(event) if event.get("Event") == Some("DeviceStateChange") => {
                if let (Some(device), Some(state)) = (event.get("Device"), event.get("State")) {
                    statuses.record(node, device, DeviceStatus::parse(state));
                }
            }
            Ok(_) => {}
            Err(e) => return e,
        }
    }
}

/// Aborts the task when dropped (when the node's watch is aborted).
struct AbortOnDrop(JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Devices asked for per round and node.
const RESOLVE_AT_ONCE: usize = 200;

/// Asks the node, on a connection of its own (the following one must not
/// wait for responses, or it would skip events), for the state of every
/// device readers asked about that it has not reported: a phone added
/// after its list was read has no change to announce.
async fn resolve_unknown(node: String, ami: AmiSettings, statuses: DeviceStatuses) {
    loop {
        tokio::time::sleep(Duration::from_millis(500)).await;
        let devices = statuses.unknown_to(&node, RESOLVE_AT_ONCE);
        if devices.is_empty() {
            continue;
        }
        let Ok(mut client) = AmiClient::connect(&ami, Duration::from_secs(10)).await else {
            continue;
        };
        for device in devices {
            let action =
                Action::new("Getvar").header("Variable", &format!("DEVICE_STATE({device})"));
            match client.send(&action).await {
                Ok(answer) => {
                    let state = DeviceStatus::parse(answer.get("Value").unwrap_or_default());
                    statuses.record(&node, &device, state);
                }
                Err(e) => {
                    tracing::debug!(node = %node, error = %e, "asking a device state failed");
                    break;
                }
            }
        }
        let _ = client.logoff().await;
    }
}
