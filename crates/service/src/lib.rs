//! The use cases of pbx, shared by the JSON API, the web pages and the CLI:
//! every call names its [`Actor`], is authorized here (one place), validates
//! its input into field-level errors, runs in one transaction and is audited.

mod error;

pub mod actor;
pub mod audit;
pub mod auth;
pub mod callflow;
pub mod calls;
pub mod demo;
pub mod device_status;
pub mod exports;
pub mod extensions;
pub mod imports;
pub mod login;
pub mod mail;
pub mod nodes;
pub mod objects;
pub mod prefs;
pub mod projection;
pub mod provisioning;
pub mod qr;
pub mod rating;
pub mod sign_in_throttle;
pub mod tenants;
pub mod totp;
pub mod users;

pub use actor::{Actor, Permission, Role, Source};
pub use error::{ServiceError, Unexpected, source_chain};
pub use pbx_store::Store;
pub use projection::{Change, ChangeSink};

use std::sync::Arc;
use std::sync::atomic::AtomicBool;

/// The service facade: a store plus the things every use case needs.
#[derive(Clone)]
pub struct Service {
    store: Store,
    /// Told about every committed change that alters what Asterisk sees.
    sink: Option<Arc<dyn ChangeSink>>,
    /// Live device states, when a monitor follows the nodes.
    statuses: Option<device_status::DeviceStatuses>,
    /// Set once the Realtime tables were found to have every declared column.
    realtime_columns_ready: Arc<AtomicBool>,
    /// The imports running now.
    imports: Arc<imports::ImportGate>,
    /// Wakes the mailer task when mail was queued.
    mail_wake: Arc<tokio::sync::Notify>,
}

impl Service {
    pub fn new(store: Store) -> Service {
        Service {
            store,
            sink: None,
            statuses: None,
            realtime_columns_ready: Arc::new(AtomicBool::new(false)),
            imports: Arc::default(),
            mail_wake: Arc::default(),
        }
    }

    /// The same service, telling `sink` about each committed change.
    pub fn with_change_sink(mut self, sink: Arc<dyn ChangeSink>) -> Service {
        self.sink = Some(sink);
        self
    }

    /// The same service, showing the device states a monitor records.
    pub fn with_device_statuses(mut self, statuses: device_status::DeviceStatuses) -> Service {
        self.statuses = Some(statuses);
        self
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Commits a change that alters what Asterisk sees: its outbox row is
    /// written in the same transaction (so every projector, in any
    /// instance, learns of it exactly when it is committed), then the local
    /// sink, if there is one, is woken.
    pub(crate) async fn commit_change(
        &self,
        mut tx: pbx_store::Transaction,
        change: Change,
    ) -> Result<(), ServiceError> {
        pbx_store::outbox::append(&mut tx, &change.tenant, &change.pjsip, &change.sip).await?;
        pbx_store::commit(tx).await?;
        if let Some(sink) = &self.sink {
            sink.changed(change);
        }
        Ok(())
    }
}
