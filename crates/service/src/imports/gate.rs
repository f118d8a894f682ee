//! How many imports run at once: one per tenant and a few per process, so
//! that concurrent uploads cannot add up what one upload is allowed to
//! cost. A slot is taken before the upload's body is read and given back
//! when the import ends (the guard is dropped). Slots are counted in this
//! process; several instances each keep their own.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::ServiceError;

/// Imports (previews, dry runs and applies) one process runs at once.
pub const MAX_IMPORTS: usize = 4;
/// Imports one tenant runs at once.
pub const MAX_IMPORTS_PER_TENANT: usize = 1;
/// What a refused upload is told to wait, in seconds.
pub const RETRY_AFTER_SECS: i64 = 5;

/// The slots in use, by tenant.
#[derive(Debug, Default)]
pub struct ImportGate {
    running: Mutex<HashMap<String, usize>>,
}

/// One import's slot; dropping it frees the slot.
#[derive(Debug)]
pub struct ImportSlot {
    gate: Arc<ImportGate>,
    tenant: String,
}

impl ImportGate {
    /// A slot for an import into `tenant`, or `Busy` when the tenant or the
    /// process already runs as many as allowed.
    pub fn enter(gate: &Arc<ImportGate>, tenant: &str) -> Result<ImportSlot, ServiceError> {
        let mut running = gate.running.lock().unwrap_or_else(|p| p.into_inner());
        let total: usize = running.values().sum();
        let mine = running.get(tenant).copied().unwrap_or(0);
        if mine >= MAX_IMPORTS_PER_TENANT {
            return Err(ServiceError::Busy {
                message: format!(
                    "another import into tenant {tenant} is being checked or applied; try again when it has finished"
                ),
                retry_after: RETRY_AFTER_SECS,
            });
        }
        if total >= MAX_IMPORTS {
            return Err(ServiceError::Busy {
                message:
                    "the server is checking as many imports as it may at once; try again shortly"
                        .into(),
                retry_after: RETRY_AFTER_SECS,
            });
        }
        *running.entry(tenant.to_owned()).or_default() += 1;
        Ok(ImportSlot {
            gate: Arc::clone(gate),
            tenant: tenant.to_owned(),
        })
    }
}

impl ImportSlot {
    /// The tenant the slot is for.
    pub fn tenant(&self) -> &str {
        &self.tenant
    }
}

impl Drop for ImportSlot {
    fn drop(&mut self) {
        let mut running = self.gate.running.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(count) = running.get_mut(&self.tenant) {
            *count -= 1;
            if *count == 0 {
                running.remove(&self.tenant);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tenant_runs_one_import_and_the_process_four() {
        let gate = Arc::new(ImportGate::default());
        let first = ImportGate::enter(&gate, "A").unwrap();
        assert!(matches!(
            ImportGate::enter(&gate, "A"),
            Err(ServiceError::Busy { .. })
        ));
        let others: Vec<_> = ["B", "C", "D"]
            .iter()
            .map(|t| ImportGate::enter(&gate, t).unwrap())
            .collect();
        assert!(matches!(
            ImportGate::enter(&gate, "E"),
            Err(ServiceError::Busy { .. })
        ));
        drop(first);
        let again = ImportGate::enter(&gate, "A").unwrap();
        drop((again, others));
        assert!(gate.running.lock().unwrap().is_empty());
    }
}
