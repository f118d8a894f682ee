//! Rating use cases: the rates of a tenant's rate tables (read, replace,
//! CSV import and export, audited), and the rate book the call-record
//! ingest and the cost-limit check price calls with.
//!
//! Rate tables themselves are tenant objects of kind `rate_table`
//! (`Service::create_object`, `update_object`, `delete_object`), so they
//! get the objects' list, rename and delete-while-referenced checks.

mod book;
mod rates;

pub use rates::{RateInput, RateTableSummary};
