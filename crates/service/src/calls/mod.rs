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
pub mod tariff;

pub use control::{CallCheck, Verdict};
pub use ingest::{Ingested, price, record_of, spawn_cdr_ingest};
pub use listing::{CallQuery, MAX_DAYS, MAX_PAGE, amount_text};
pub use locks::ABUSE_DETECTION;
