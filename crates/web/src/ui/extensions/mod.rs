//! The Extensions pages of a tenant: the list (table and grid modes), its
//! toolbar actions, the edit forms of the four kinds, the PJSIP Endpoint and
//! AOR pages, and bulk creation.

pub mod actions;
pub mod bulk;
pub mod edit;
mod edit_view;
pub mod export;
mod form;
pub mod list;
mod list_view;
pub mod pjsip;
pub mod prefs;
mod toolbar;
