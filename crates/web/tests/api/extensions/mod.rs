//! `/api/v1/tenants/{code}/extensions...`, one file per handler module.

mod bulk;
mod call_flow;
mod export;
mod list;
mod pjsip;
mod write;
