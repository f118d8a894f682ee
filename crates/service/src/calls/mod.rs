//! Calls: the records of the calls the nodes handled (from their CDRs),
//! their prices, the follow-up of their recordings and voicemail messages,
//! and the cost-limit check external calls pass.

mod abuse;
mod control;
mod ingest;
mod listing;
mod locks;
mod media;
mod membership;
mod missed;
mod recordings;
pub mod server;
mod tariff;

pub use control::{CallCheck, Verdict};
pub use ingest::{Ingested, spawn_cdr_ingest};
pub use listing::{CallQuery, MAX_DAYS, MAX_PAGE, amount_text};
pub use media::spawn_media_worker;
