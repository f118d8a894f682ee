//! Applying rendered files to a node: atomic writes with a last-good copy,
//! and the minimal reloads a change needs.

mod plan;
mod write;

pub use plan::{Reload, Storage, TenantChange, plan_reloads};
pub use write::{
    LAST_GOOD_DIR, WriteError, mark_good, restore_last_good, write_atomic, write_files,
};
