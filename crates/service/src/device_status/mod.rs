//! Live device states of the extensions, for the list's status icons: a
//! monitor keeps one manager connection per node and records every
//! `DeviceStateChange`; lookups merge what the nodes report. A device no
//! node has reported yet (a phone added since the node's list was read:
//! Asterisk announces no change for it) is asked for once with
//! `DEVICE_STATE()`.
//!
//! The states live in the memory of each `pbx serve` instance (each one
//! watches every node): they change many times a minute and are worthless
//! after a restart, so they are not written to the database.

mod monitor;

pub use monitor::{MonitorConfig, spawn_device_monitor};
pub use pbx_asterisk::device_status::DeviceStatus;

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex, RwLock};

use pbx_asterisk::device_status::device_name;
use pbx_store::extensions::ExtensionSummary;

/// Device name -> node name -> state, shared by the monitor and readers,
/// and the devices readers asked for that no node has reported.
#[derive(Debug, Clone, Default)]
pub struct DeviceStatuses(Arc<Inner>);

#[derive(Debug, Default)]
struct Inner {
    states: RwLock<HashMap<String, HashMap<String, DeviceStatus>>>,
    unknown: Mutex<BTreeSet<String>>,
}

/// At most this many devices are remembered as unknown at once.
const MAX_UNKNOWN: usize = 10_000;

impl DeviceStatuses {
    pub fn new() -> DeviceStatuses {
        DeviceStatuses::default()
    }

    /// The state of `device` as the nodes report it (the most telling of
    /// them), or `None` when no node has reported it.
    pub fn status(&self, device: &str) -> Option<DeviceStatus> {
        let map = self
            .0
            .states
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        map.get(device)?
            .values()
            .copied()
            .reduce(DeviceStatus::merge)
    }

    /// The state of a list row's device; `None` for extensions without one.
    /// A device no node has reported is `Unknown` and asked for.
    pub fn of_summary(&self, summary: &ExtensionSummary) -> Option<DeviceStatus> {
        let device = device_name(summary.kind, summary.username.as_deref()?)?;
        Some(self.status(&device).unwrap_or_else(|| {
            let mut unknown = self.0.unknown.lock().unwrap_or_else(|p| p.into_inner());
            if unknown.len() < MAX_UNKNOWN {
                unknown.insert(device);
            }
            DeviceStatus::Unknown
        }))
    }

    /// The devices asked for that `node` has not reported, at most `limit`.
    pub fn unknown_to(&self, node: &str, limit: usize) -> Vec<String> {
        let unknown = self.0.unknown.lock().unwrap_or_else(|p| p.into_inner());
        let states = self
            .0
            .states
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        unknown
            .iter()
            .filter(|d| {
                states
                    .get(*d)
                    .is_none_or(|by_node| !by_node.contains_key(node))
            })
            .take(limit)
            .cloned()
            .collect()
    }

    /// Records what `node` reports for `device`.
    pub fn record(&self, node: &str, device: &str, status: DeviceStatus) {
        let mut map = self
            .0
            .states
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        map.entry(device.to_owned())
            .or_default()
            .insert(node.to_owned(), status);
        drop(map);
        self.0
            .unknown
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(device);
    }

    /// Drops everything `node` reported (its connection is gone).
    pub fn forget_node(&self, node: &str) {
        let mut map = self
            .0
            .states
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        map.retain(|_, by_node| {
            by_node.remove(node);
            !by_node.is_empty()
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_device_shows_the_state_of_the_node_it_is_registered_on() {
        let states = DeviceStatuses::new();
        assert_eq!(states.status("PJSIP/100-ACME"), None);
        states.record("ast1", "PJSIP/100-ACME", DeviceStatus::Unavailable);
        states.record("ast2", "PJSIP/100-ACME", DeviceStatus::InUse);
        assert_eq!(states.status("PJSIP/100-ACME"), Some(DeviceStatus::InUse));
        states.forget_node("ast2");
        assert_eq!(
            states.status("PJSIP/100-ACME"),
            Some(DeviceStatus::Unavailable)
        );
        states.forget_node("ast1");
        assert_eq!(states.status("PJSIP/100-ACME"), None);
    }

    #[test]
    fn a_device_asked_for_is_unknown_to_each_node_until_that_node_reports_it() {
        let states = DeviceStatuses::new();
        let summary = ExtensionSummary {
            number: "101".into(),
            kind: pbx_domain::ExtensionKind::Pjsip,
            name: String::new(),
            description: String::new(),
            username: Some("101-ACME".into()),
            secret: None,
            flags: Default::default(),
            version: 1,
            locked: false,
        };
        assert_eq!(states.of_summary(&summary), Some(DeviceStatus::Unknown));
        assert_eq!(states.unknown_to("ast1", 10), ["PJSIP/101-ACME"]);
        states.record("ast1", "PJSIP/101-ACME", DeviceStatus::Unavailable);
        assert!(states.unknown_to("ast1", 10).is_empty());
        assert!(states.unknown_to("ast2", 10).is_empty(), "known now");
        assert_eq!(states.of_summary(&summary), Some(DeviceStatus::Unavailable));
    }
}
