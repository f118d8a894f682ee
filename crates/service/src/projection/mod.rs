//! Projection of the database to Asterisk nodes: the Realtime rows written
//! inside each change's transaction, rendering a node's files from the
//! store, applying them (atomic write, AMI reloads, rollback to the last
//! good set) and the debounced projector `pbx serve` runs after commits.

mod apply;
mod projector;
mod realtime;
mod render;

pub use apply::{ApplyError, ApplyReport, apply_files};
pub use projector::{Backoff, BatchReport, ProjectorConfig, ProjectorHandle, spawn_projector};
pub use realtime::store_table;

use std::collections::BTreeSet;

use pbx_domain::{Extension, ExtensionKind};

/// What one committed change touched: a tenant, and the usernames of the
/// PJSIP and chan_sip extensions added, changed or removed (so a Realtime
/// node can expire just those objects).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Change {
    pub tenant: String,
    pub pjsip: BTreeSet<String>,
    pub sip: BTreeSet<String>,
}

/// The tenant of a change that concerns every tenant (a node added or
/// changed: all of its files are rendered again).
pub const EVERY_TENANT: &str = "*";

impl Change {
    /// A change to every tenant's files (see [`EVERY_TENANT`]).
    pub fn every_tenant() -> Change {
        Change::tenant(EVERY_TENANT)
    }

    /// A change to the tenant as a whole (objects, defaults, a new tenant).
    pub fn tenant(code: &str) -> Change {
        Change {
            tenant: code.to_owned(),
            ..Change::default()
        }
    }

    /// A change to these extensions (before and after versions alike).
    pub fn extensions<'a>(
        code: &str,
        extensions: impl IntoIterator<Item = &'a Extension>,
    ) -> Change {
        let mut change = Change::tenant(code);
        change.add(extensions);
        change
    }

    /// Adds these extensions (before and after versions alike).
    pub fn add<'a>(&mut self, extensions: impl IntoIterator<Item = &'a Extension>) {
        for e in extensions {
            if let Some(username) = &e.username {
                match e.kind {
                    ExtensionKind::Pjsip => self.pjsip.insert(username.as_str().to_owned()),
                    ExtensionKind::Sip => self.sip.insert(username.as_str().to_owned()),
                    _ => false,
                };
            }
        }
    }
}

/// Receives every committed change that alters what Asterisk sees. The
/// service calls it after the commit; it must not block.
pub trait ChangeSink: Send + Sync {
    fn changed(&self, change: Change);
}
