//! Rating: rate tables (prefix, price per minute, connection fee, billing
//! increments), exact money, longest-prefix matching of dialled numbers,
//! the price of a call and the longest call a budget pays for. Pure: the
//! store keeps the rates, the service builds a [`RateTable`] from them.

mod book;
mod money;
mod prefix;
mod rate;
mod table;

pub use book::RateBook;
pub use money::{MAX_MONEY, Money, UNITS_PER_WHOLE};
pub use prefix::{DialPrefix, MAX_PREFIX_DIGITS, normalise_number};
pub use rate::{Billing, MAX_DESCRIPTION_CHARS, MAX_INCREMENT_SECONDS, Rate};
pub use table::{DuplicatePrefix, MAX_CALL_SECONDS, Priced, RateTable};
