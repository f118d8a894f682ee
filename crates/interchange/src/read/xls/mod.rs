//! Reads the first worksheet of an XLS workbook (BIFF8, Excel 97-2003, and
//! BIFF5) as a stream of rows. The compound file is opened with the `cfb`
//! crate, which refuses looping or shared sector chains; the records are
//! read here within the budgets of [`crate::read::limits`]: shared strings
//! are bounded, and a cell that uses one counts its text again.

mod globals;
mod records;
mod sheet;

use std::io::{Cursor, Read};

pub use sheet::XlsRows;

use super::ReadError;
use crate::table::Format;

fn damaged(reason: impl ToString) -> ReadError {
    ReadError::Spreadsheet {
        format: Format::Xls.name(),
        reason: reason.to_string(),
    }
}

/// The rows of the first worksheet of `bytes`, header included.
pub fn read_xls(bytes: &[u8]) -> Result<XlsRows, ReadError> {
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(damaged)?;
    let path = ["/Workbook", "/Book"]
        .into_iter()
        .find(|p| file.is_stream(p))
        .ok_or_else(|| damaged("it has no workbook stream"))?;
    let stream = file.open_stream(path).map_err(damaged)?;
    // Nothing in a compound file is compressed: its streams are never
    // larger than the file.
    let mut data = Vec::new();
    stream
        .take(bytes.len() as u64)
        .read_to_end(&mut data)
        .map_err(damaged)?;
    let mut stream = records::Stream::new(data);
    let globals = globals::read(&mut stream)?;
    stream.seek(globals.first_sheet)?;
    Ok(XlsRows::new(stream, globals))
}
