//! Calls: the records of the calls the nodes handled (from their CDRs),
//! their prices, and the cost-limit check external calls pass.

mod abuse;
mod control;
mod ingest;
mod listing;
mod locks;
mod membership;
mod missed;
pub mod server;
mod tariff;

pub use control::{CallCheck, Verdict};
pub use ingest::{Ingested, spawn_cdr_ingest};
pub use listing::{CallQuery, MAX_DAYS, MAX_PAGE, amount_text};
