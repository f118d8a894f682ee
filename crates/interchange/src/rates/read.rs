//! Reads a rate table's CSV file within fixed bounds (bytes and rows) and
//! refuses the whole file on any bad row.

use pbx_domain::rating::{Billing, DialPrefix, Money, Rate, RateTable};

use crate::CellError;
use crate::formula_guard::unguard;

/// The largest rate file accepted (16 MiB: about 300,000 rates).
pub const MAX_RATE_FILE_BYTES: usize = 16 * 1024 * 1024;

/// The most rates one file may hold.
pub const MAX_RATE_ROWS: usize = 200_000;

/// At most this many problems are listed.
const MAX_LISTED: usize = 1_000;

/// Why a rate file was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RateFileError {
    /// The file is over [`MAX_RATE_FILE_BYTES`].
    #[error("the file is larger than {max} bytes")]
    TooLarge {
        /// The cap.
        max: usize,
    },
    /// The file has more than [`MAX_RATE_ROWS`] rates.
    #[error("the file has more than {max} rates")]
    TooManyRows {
        /// The cap.
        max: usize,
    },
    /// The file is not CSV text, or the header lacks a required column.
    #[error("{0}")]
    Unreadable(String),
    /// Rows with bad cells (the first 1,000 problems), nothing taken.
    #[error("{} problem(s), e.g. {}", .0.len(), .0[0])]
    Invalid(Vec<CellError>),
}

/// Where each known column is in the header.
struct Layout {
    prefix: usize,
    description: Option<usize>,
    per_minute: usize,
    connection_fee: Option<usize>,
    billing: Option<usize>,
}

fn layout(header: &csv::StringRecord) -> Result<Layout, RateFileError> {
    let find = |name: &str| {
        header.iter().position(|h| {
            h.trim()
                .trim_start_matches('\u{feff}')
                .eq_ignore_ascii_case(name)
        })
    };
    let required = |name: &str| {
        find(name).ok_or_else(|| {
            RateFileError::Unreadable(format!(
                "the header has no {name} column (columns: prefix, description, per_minute, connection_fee, billing)"
            ))
        })
    };
    Ok(Layout {
        prefix: required("prefix")?,
        description: find("description"),
        per_minute: required("per_minute")?,
        connection_fee: find("connection_fee"),
        billing: find("billing"),
    })
}

/// Reads every rate of `bytes`; the whole file or nothing.
pub fn read_rates_csv(bytes: &[u8]) -> Result<RateTable, RateFileError> {
    if bytes.len() > MAX_RATE_FILE_BYTES {
        return Err(RateFileError::TooLarge {
            max: MAX_RATE_FILE_BYTES,
        });
    }
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let first_line = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    let delimiter = if first_line.contains(&b';') && !first_line.contains(&b',') {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(bytes);
    let unreadable = |e: csv::Error| RateFileError::Unreadable(format!("not a CSV text file: {e}"));
    let header = reader.headers().map_err(unreadable)?.clone();
    let layout = layout(&header)?;
    let mut rates = Vec::new();
    let mut lines = Vec::new();
    let mut errors = Vec::new();
    let mut record = csv::StringRecord::new();
    while reader.read_record(&mut record).map_err(unreadable)? {
        let line = record.position().map_or(0, |p| p.line() as usize);
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        if rates.len() + errors.len() >= MAX_RATE_ROWS {
            return Err(RateFileError::TooManyRows { max: MAX_RATE_ROWS });
        }
        match rate_of(&record, &layout, line) {
            Ok(rate) => {
                rates.push(rate);
                lines.push(line);
            }
            Err(mut row_errors) => {
                if errors.len() < MAX_LISTED {
                    errors.append(&mut row_errors);
                }
            }
        }
    }
    if !errors.is_empty() {
        errors.truncate(MAX_LISTED);
        return Err(RateFileError::Invalid(errors));
    }
    RateTable::new(rates).map_err(|dup| {
        RateFileError::Invalid(vec![CellError::new(
            lines[dup.second],
            "prefix",
            format!("{} is also on line {}", dup.prefix, lines[dup.first]),
        )])
    })
}

/// One row as a rate, or its cell errors.
fn rate_of(
    record: &csv::StringRecord,
    layout: &Layout,
    line: usize,
) -> Result<Rate, Vec<CellError>> {
    let cell = |at: Option<usize>| at.and_then(|i| record.get(i)).map(|c| unguard(c.trim()));
    let mut errors = Vec::new();
    let mut fail =
        |column: &str, message: String| errors.push(CellError::new(line, column, message));
    let prefix = DialPrefix::parse(cell(Some(layout.prefix)).unwrap_or_default())
        .map_err(|e| fail("prefix", e))
        .ok();
    let amount = |raw: Option<&str>| match raw {
        None | Some("") => Ok(Money::ZERO),
        Some(text) => Money::parse(text),
    };
    let per_minute = match cell(Some(layout.per_minute)) {
        None | Some("") => Err("is required".to_owned()),
        Some(text) => Money::parse(text),
    }
    .map_err(|e| fail("per_minute", e))
    .ok();
    let fee = amount(cell(layout.connection_fee))
        .map_err(|e| fail("connection_fee", e))
        .ok();
    let billing = match cell(layout.billing) {
        None | Some("") => Ok(Billing::PER_SECOND),
        Some(text) => Billing::parse(text),
    }
    .map_err(|e| fail("billing", e))
    .ok();
    let description = cell(layout.description).unwrap_or_default();
    if let (Some(prefix), Some(per_minute), Some(fee), Some(billing)) =
        (prefix, per_minute, fee, billing)
    {
        match Rate::new(prefix, description, per_minute, fee, billing) {
            Ok(rate) => return Ok(rate),
            Err((field, message)) => fail(field, message),
        }
    }
    Err(errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_with_every_column_reads_exactly() {
        let table = read_rates_csv(
            b"prefix,description,per_minute,connection_fee,billing\r\n+44,UK,0.0125,0.05,60/60\r\n4479,UK mobile,0.10,,30/6\r\n",
        )
        .unwrap();
        let rates = table.rates();
        assert_eq!(rates.len(), 2);
        assert_eq!(rates[0].prefix.as_str(), "44");
        assert_eq!(rates[0].per_minute.to_string(), "0.0125");
        assert_eq!(rates[1].billing.to_string(), "30/6");
        assert_eq!(rates[1].connection_fee, Money::ZERO);
    }

    #[test]
    fn semicolons_a_bom_and_any_column_order_are_read() {
        let table = read_rates_csv("\u{feff}Per_Minute;Prefix\n0.5;1\n".as_bytes()).unwrap();
        assert_eq!(table.rates()[0].billing, Billing::PER_SECOND);
    }

    #[test]
    fn one_bad_row_refuses_the_file_with_line_and_column() {
        let err =
            read_rates_csv(b"prefix,per_minute,billing\n44,0.1,60/60\n4x,0.1,1\n45,1e2,0/0\n")
                .unwrap_err();
        let RateFileError::Invalid(errors) = err else {
            panic!("{err:?}")
        };
        let found: Vec<(usize, &str)> =
            errors.iter().map(|e| (e.line, e.column.as_str())).collect();
        assert_eq!(found, [(3, "prefix"), (4, "per_minute"), (4, "billing")]);
    }

    #[test]
    fn a_prefix_twice_names_both_lines() {
        let err = read_rates_csv(b"prefix,per_minute\n44,1\n1,1\n+44,2\n").unwrap_err();
        assert_eq!(
            err,
            RateFileError::Invalid(vec![CellError::new(4, "prefix", "44 is also on line 2")])
        );
    }

    #[test]
    fn a_missing_required_column_is_named() {
        let err = read_rates_csv(b"prefix,price\n44,1\n").unwrap_err();
        assert!(err.to_string().contains("per_minute"), "{err}");
    }

    #[test]
    fn a_file_over_the_size_cap_is_refused_before_reading() {
        let big = vec![b' '; MAX_RATE_FILE_BYTES + 1];
        assert_eq!(
            read_rates_csv(&big).unwrap_err(),
            RateFileError::TooLarge {
                max: MAX_RATE_FILE_BYTES
            }
        );
    }

    #[test]
    fn a_file_over_the_row_cap_is_refused() {
        let mut text = String::from("prefix,per_minute\n");
        for n in 0..=MAX_RATE_ROWS {
            text.push_str(&format!("{},1\n", 1_000_000 + n));
        }
        assert_eq!(
            read_rates_csv(text.as_bytes()).unwrap_err(),
            RateFileError::TooManyRows { max: MAX_RATE_ROWS }
        );
    }
}
