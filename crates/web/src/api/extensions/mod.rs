//! `/api/v1/tenants/{code}/extensions`.

pub mod bulk;
pub mod call_flow;
pub mod device_states;
pub mod export;
pub mod list;
pub mod pjsip;
pub mod schema;
pub mod write;
