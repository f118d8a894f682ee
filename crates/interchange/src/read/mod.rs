//! Reading an uploaded file into a [`Table`]: the format is told by the
//! file's first bytes (a ZIP archive is XLSX, an OLE compound file is XLS,
//! anything else is delimited text), not by its name.

mod cell_text;
mod csv_rows;
mod decode;
mod delimiter;
mod error;
pub mod limits;
mod string_table;
mod xls;
mod xlsx;

pub use csv_rows::CsvRows;
pub use delimiter::{DELIMITERS, detect_delimiter};
pub use error::ReadError;

use crate::table::{Format, Row, Table};

/// The most columns a row may have.
pub const MAX_COLUMNS: usize = 1024;
/// The most data rows a file may have.
pub const MAX_ROWS: usize = 500_000;

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const OLE_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// The format of a file, from its first bytes. `name_hint` (the uploaded
/// file name) only sharpens the error for a damaged spreadsheet.
pub fn detect_format(bytes: &[u8]) -> Format {
    if bytes.starts_with(ZIP_MAGIC) {
        Format::Xlsx
    } else if bytes.starts_with(OLE_MAGIC) {
        Format::Xls
    } else {
        Format::Csv
    }
}

/// Reads a whole file. Blank rows are left out; line numbers stay those
/// of the file.
pub fn read_table(bytes: &[u8], name_hint: &str) -> Result<Table, ReadError> {
    let mut reader = read_rows(bytes, name_hint)?;
    let mut rows = Vec::new();
    for row in &mut reader {
        rows.push(row?);
        if rows.len() > MAX_ROWS {
            return Err(ReadError::TooManyRows { max: MAX_ROWS });
        }
    }
    Ok(Table {
        format: reader.format,
        headers: reader.headers,
        header_line: reader.header_line,
        rows,
    })
}

/// Reads the header of a file and returns an iterator over its data rows.
/// Rows are produced one at a time from the file's bytes (CSV text, the
/// inflated worksheet of an XLSX, the records of an XLS), so only the row
/// being read is held besides the shared strings of a workbook; what a
/// workbook may expand to is bounded by [`limits`].
pub fn read_rows<'a>(bytes: &'a [u8], name_hint: &str) -> Result<RowReader<'a>, ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    let format = detect_format(bytes);
    let mut rows: Box<dyn Iterator<Item = Result<Row, ReadError>> + Send + 'a> = match format {
        Format::Csv => {
            let text = decode::decode(bytes).map_err(|e| hinted(e, name_hint))?;
            let delimiter = detect_delimiter(&text);
            Box::new(CsvRows::new(text, delimiter))
        }
        Format::Xlsx => Box::new(xlsx::read_xlsx(bytes)?),
        Format::Xls => Box::new(xls::read_xls(bytes)?),
    };
    let header = match rows.next() {
        Some(row) => row?,
        None if format == Format::Csv => return Err(ReadError::NoHeader),
        None => return Err(ReadError::Empty),
    };
    Ok(RowReader {
        format,
        headers: header.cells().map(|c| c.trim().to_owned()).collect(),
        header_line: header.line,
        rows,
    })
}

/// A binary upload named like a spreadsheet is reported as a damaged one.
fn hinted(error: ReadError, name_hint: &str) -> ReadError {
    let lower = name_hint.to_ascii_lowercase();
    let format = if lower.ends_with(".xlsx") {
        Some(Format::Xlsx)
    } else if lower.ends_with(".xls") {
        Some(Format::Xls)
    } else {
        None
    };
    match (error, format) {
        (ReadError::Binary, Some(format)) => ReadError::Spreadsheet {
            format: format.name(),
            reason: "the file does not start like one".into(),
        },
        (error, _) => error,
    }
}

/// The header of a file and an iterator over its data rows.
pub struct RowReader<'a> {
    /// The format the file was read as.
    pub format: Format,
    /// The header cells, trimmed.
    pub headers: Vec<String>,
    /// The line of the header row.
    pub header_line: usize,
    rows: Box<dyn Iterator<Item = Result<Row, ReadError>> + Send + 'a>,
}

impl Iterator for RowReader<'_> {
    type Item = Result<Row, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.rows.next()
    }
}
