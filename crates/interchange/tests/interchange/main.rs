//! Integration tests of the interchange crate, in one binary.

mod docs;
mod export;
mod freepbx;
mod parse;
mod performance;
mod read_csv;
mod read_workbook;
mod robustness;
mod round_trip;

use pbx_interchange::{ParsedImport, Table, parse_rows, read_table};

/// Reads CSV text as an uploaded `import.csv`.
pub fn table(csv: &str) -> Table {
    read_table(csv.as_bytes(), "import.csv").expect("readable CSV")
}

/// Reads and parses CSV text.
pub fn parsed(csv: &str) -> ParsedImport {
    parse_rows(&table(csv))
}

/// The cells of every row.
pub fn cells(table: &Table) -> Vec<Vec<String>> {
    table
        .rows
        .iter()
        .map(|r| r.cells().map(str::to_owned).collect())
        .collect()
}
