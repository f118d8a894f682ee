//! CSV export: UTF-8 with a BOM (so spreadsheet programs pick the right
//! encoding), comma-separated, CRLF line ends, formula cells guarded.

use std::io::Write;

use super::{ExportOptions, ExportRow, cell_text, export_columns};
use crate::formula_guard::guard;

/// Writes the CSV export of `rows` to `out`, one row at a time.
pub fn write_csv<'a, W: Write>(
    out: W,
    rows: impl IntoIterator<Item = ExportRow<'a>>,
    options: ExportOptions,
) -> std::io::Result<()> {
    let columns = export_columns(options);
    let mut out = out;
    out.write_all("\u{feff}".as_bytes())?;
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    writer.write_record(columns.iter().map(|c| c.header()))?;
    let mut record: Vec<String> = Vec::with_capacity(columns.len());
    for row in rows {
        record.clear();
        record.extend(
            columns
                .iter()
                .map(|&c| guard(&cell_text(&row, c)).into_owned()),
        );
        writer.write_record(&record)?;
    }
    writer.flush()?;
    Ok(())
}

/// The CSV export of `rows`.
pub fn export_csv<'a>(
    rows: impl IntoIterator<Item = ExportRow<'a>>,
    options: ExportOptions,
) -> Vec<u8> {
    let mut out = Vec::new();
    write_csv(&mut out, rows, options).expect("writing to a Vec cannot fail");
    out
}
