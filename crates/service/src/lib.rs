//! The use cases of pbx, shared by the JSON API, the web pages and the CLI:
//! every call names its [`Actor`], is authorized here (one place), validates
//! its input into field-level errors, runs in one transaction and is audited.

mod error;

pub mod actor;
pub mod auth;
pub mod demo;
pub mod exports;
pub mod extensions;
pub mod imports;
pub mod objects;
pub mod prefs;
pub mod tenants;

pub use actor::{Actor, Permission, Role, Source};
pub use error::ServiceError;
pub use pbx_store::Store;

/// The service facade: a store plus the things every use case needs.
#[derive(Clone)]
pub struct Service {
    store: Store,
}

impl Service {
    pub fn new(store: Store) -> Service {
        Service { store }
    }

    pub fn store(&self) -> &Store {
        &self.store
    }
}
