//! Import and export of extensions as CSV, XLS and XLSX files, and
//! migration from FreePBX Bulk Handler exports.
//!
//! The flow of an import: [`read_table`] (bytes to a [`Table`] of text
//! cells), [`parse_rows`] (header and cells to typed [`ImportRow`]s plus
//! every [`CellError`]), then, per row, [`apply_settings`] onto the
//! starting settings (tenant defaults for a new extension, the stored
//! settings for an existing one). Checks that need the store (the tenant's
//! extension limit, numbers used by another kind, username uniqueness)
//! belong to the service layer, which applies the whole file in one
//! transaction or not at all.
//!
//! Export is the reverse: [`export_csv`] and [`export_xlsx`] write one
//! [`ExportRow`] per extension with the same columns the importer reads.

mod apply;
#[cfg(feature = "bench-fixtures")]
pub mod bench_support;
pub mod columns;
pub mod export;
mod formula_guard;
pub mod freepbx;
pub mod hostile;
pub mod parse;
pub mod rates;
pub mod read;
pub mod reference;
pub mod reference_names;
pub mod table;

pub use apply::{apply_settings, apply_settings_named};
pub use export::{
    CsvExporter, CsvWriter, ExportError, ExportOptions, ExportRow, export_csv, export_xlsx,
    write_csv,
};
pub use parse::{CellError, ImportRow, ParsedImport, RowParser, Source, parse_rows, parse_table};
pub use read::{ReadError, RowReader, read_rows, read_table};
pub use reference_names::ReferenceNames;
pub use table::{Format, Row, Table};
