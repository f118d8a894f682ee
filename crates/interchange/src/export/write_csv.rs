//! CSV export in the import format: UTF-8 with a BOM (so spreadsheet
//! programs pick the right encoding), written by [`CsvWriter`].

use std::io::Write;

use super::{CsvWriter, ExportOptions, ExportRow, cell_text, export_columns};
use crate::columns::Column;

/// Writes a CSV export one row at a time, for exports streamed to a
/// response or a file.
pub struct CsvExporter<W: Write> {
    writer: CsvWriter<W>,
    columns: Vec<Column>,
    record: Vec<String>,
}

impl<W: Write> CsvExporter<W> {
    /// Writes the BOM and the header row.
    pub fn new(out: W, options: ExportOptions) -> std::io::Result<CsvExporter<W>> {
        let mut writer = CsvWriter::with_bom(out)?;
        let columns = export_columns(options);
        writer.header(columns.iter().map(|c| c.header()))?;
        Ok(CsvExporter {
            writer,
            record: Vec::with_capacity(columns.len()),
            columns,
        })
    }

    /// Writes one extension.
    pub fn write(&mut self, row: &ExportRow<'_>) -> std::io::Result<()> {
        self.record.clear();
        for &column in &self.columns {
            self.record.push(cell_text(row, column));
        }
        self.writer.row(&self.record)
    }

    /// Flushes and returns the output.
    pub fn finish(self) -> std::io::Result<W> {
        self.writer.finish()
    }
}

/// Writes the CSV export of `rows` to `out`.
pub fn write_csv<'a, W: Write>(
    out: W,
    rows: impl IntoIterator<Item = ExportRow<'a>>,
    options: ExportOptions,
) -> std::io::Result<W> {
    let mut exporter = CsvExporter::new(out, options)?;
    for row in rows {
        exporter.write(&row)?;
    }
    exporter.finish()
}

/// The CSV export of `rows`.
pub fn export_csv<'a>(
    rows: impl IntoIterator<Item = ExportRow<'a>>,
    options: ExportOptions,
) -> Vec<u8> {
    write_csv(Vec::new(), rows, options).expect("writing to a Vec cannot fail")
}
