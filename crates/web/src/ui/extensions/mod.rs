//! The Extensions pages of a tenant: the list (table and grid modes), its
//! toolbar actions, the edit forms of the four kinds, the PJSIP Endpoint and
//! AOR pages, bulk creation and the call-flow diagram.

pub mod actions;
pub mod bulk;
pub mod call_flow;
mod call_flow_view;
pub mod edit;
mod edit_view;
pub mod export;
mod form;
pub mod list;
mod list_view;
pub mod lock;
pub mod pjsip;
pub mod prefs;
pub mod provisioning;
mod toolbar;
