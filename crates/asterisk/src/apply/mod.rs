//! Applying rendered files to a node: atomic writes with a last-good copy,
//! the minimal reloads a change needs, and the check that the node loaded
//! what was written.

mod plan;
mod verify;
mod write;

pub use plan::{Reload, Storage, TenantChange, plan_reloads};
pub use verify::{
    Loaded, MAX_SINGLE_CHECKS, NotLoaded, Written, manager_name, not_loaded, written_objects,
};
pub use write::{
    LAST_GOOD_DIR, WriteError, mark_good, restore_last_good, write_atomic, write_files,
};
