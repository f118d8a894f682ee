//! The CSV format of a rate table: a header row, then one rate per row.
//!
//! | column | required | value |
//! | --- | --- | --- |
//! | `prefix` | yes | digits; a leading `+` or `00` is removed |
//! | `description` | no | up to 100 characters |
//! | `per_minute` | yes | decimal, at most 4 places (`0.0125`) |
//! | `connection_fee` | no (0) | decimal, at most 4 places |
//! | `billing` | no (`1/1`) | `minimum/increment` seconds (`60/60`, `30/6`), or `n` for `n/n` |
//!
//! Column names are matched ignoring case and surrounding spaces, in any
//! order; a comma or semicolon separates cells (taken from the header); a
//! UTF-8 byte-order mark is skipped. Reading is all or nothing: a file with
//! any bad cell yields every problem (line and column) and no rates.

mod read;
mod write;

pub use read::{MAX_RATE_FILE_BYTES, MAX_RATE_ROWS, RateFileError, read_rates_csv};
pub use write::write_rates_csv;

/// The columns, in export order.
pub const RATE_COLUMNS: [&str; 5] = [
    "prefix",
    "description",
    "per_minute",
    "connection_fee",
    "billing",
];
