//! XLSX export: every cell is written as text, so nothing in it can ever
//! run as a formula and numbers keep their exact spelling.

use rust_xlsxwriter::{Format, Workbook};

use super::{ExportOptions, ExportRow, cell_text, export_columns};

/// An XLSX export that could not be built.
#[derive(Debug, thiserror::Error)]
#[error("the XLSX export could not be written: {0}")]
pub struct ExportError(#[from] rust_xlsxwriter::XlsxError);

/// The XLSX export of `rows`: one worksheet, the header row bold and frozen.
pub fn export_xlsx<'a>(
    rows: impl IntoIterator<Item = ExportRow<'a>>,
    options: ExportOptions,
) -> Result<Vec<u8>, ExportError> {
    let columns = export_columns(options);
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("extensions")?;
    let bold = Format::new().set_bold();
    for (col, column) in columns.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, column.header(), &bold)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    for (index, row) in rows.into_iter().enumerate() {
        let line = u32::try_from(index + 1).unwrap_or(u32::MAX);
        for (col, &column) in columns.iter().enumerate() {
            let text = cell_text(&row, column);
            if !text.is_empty() {
                sheet.write_string(line, col as u16, text)?;
            }
        }
    }
    Ok(workbook.save_to_buffer()?)
}
