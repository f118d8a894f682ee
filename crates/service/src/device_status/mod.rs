//! Live device states of the extensions, for the list's status icons: a
//! monitor keeps one manager connection per node and records every
//! `DeviceStateChange`; lookups merge what the nodes report.
//!
//! The states live in the memory of each `pbx serve` instance (each one
//! watches every node): they change many times a minute and are worthless
//! after a restart, so they are not written to the database.

mod monitor;

pub use monitor::{MonitorConfig, spawn_device_monitor};
pub use pbx_asterisk::device_status::DeviceStatus;

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use pbx_asterisk::device_status::device_name;
use pbx_store::extensions::ExtensionSummary;

/// Device name -> node name -> state, shared by the monitor and readers.
#[derive(Debug, Clone, Default)]
pub struct DeviceStatuses(Arc<RwLock<HashMap<String, HashMap<String, DeviceStatus>>>>);

impl DeviceStatuses {
    pub fn new() -> DeviceStatuses {
        DeviceStatuses::default()
    }

    /// The state of `device` as the nodes report it (the most telling of
    /// them), or `None` when no node has reported it.
    pub fn status(&self, device: &str) -> Option<DeviceStatus> {
        let map = self
            .0
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        map.get(device)?
            .values()
            .copied()
            .reduce(DeviceStatus::merge)
    }

    /// The state of a list row's device; `None` for extensions without one.
    pub fn of_summary(&self, summary: &ExtensionSummary) -> Option<DeviceStatus> {
        let device = device_name(summary.kind, summary.username.as_deref()?)?;
        Some(self.status(&device).unwrap_or(DeviceStatus::Unknown))
    }

    /// Records what `node` reports for `device`.
    pub fn record(&self, node: &str, device: &str, status: DeviceStatus) {
        let mut map = self
            .0
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        map.entry(device.to_owned())
            .or_default()
            .insert(node.to_owned(), status);
    }

    /// Drops everything `node` reported (its connection is gone).
    pub fn forget_node(&self, node: &str) {
        let mut map = self
            .0
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
}
