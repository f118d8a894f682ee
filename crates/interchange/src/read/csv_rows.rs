//! Streams the rows of delimited text, one record at a time.

use std::borrow::Cow;
use std::io::Cursor;

use super::{MAX_COLUMNS, ReadError};
use crate::formula_guard::unguard;
use crate::table::Row;

/// The non-blank rows of a CSV text, in file order. Only one record is held
/// at a time besides the text itself.
pub struct CsvRows<'a> {
    reader: csv::Reader<Cursor<Cow<'a, [u8]>>>,
    record: csv::StringRecord,
    done: bool,
    /// Line counting: the csv crate's own line numbers drift on CRLF files.
    counted_to: usize,
    line: usize,
}

impl<'a> CsvRows<'a> {
    /// Rows of `text` split on `delimiter`.
    pub fn new(text: Cow<'a, str>, delimiter: u8) -> CsvRows<'a> {
        let bytes: Cow<'a, [u8]> = match text {
            Cow::Borrowed(s) => Cow::Borrowed(s.as_bytes()),
            Cow::Owned(s) => Cow::Owned(s.into_bytes()),
        };
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(Cursor::new(bytes));
        CsvRows {
            reader,
            record: csv::StringRecord::new(),
            done: false,
            counted_to: 0,
            line: 1,
        }
    }

    fn read_one(&mut self) -> Option<Result<Row, ReadError>> {
        loop {
            match self.reader.read_record(&mut self.record) {
                Ok(true) => {}
                Ok(false) => return None,
                Err(error) => {
                    let line = error.position().map_or(0, |p| p.line() as usize);
                    return Some(Err(ReadError::Csv {
                        line,
                        reason: error.to_string(),
                    }));
                }
            }
            let start = self.record.position().map_or(0, |p| p.byte() as usize);
            let line = self.line_at(start);
            if self.record.len() > MAX_COLUMNS {
                return Some(Err(ReadError::TooManyColumns {
                    line,
                    count: self.record.len(),
                    max: MAX_COLUMNS,
                }));
            }
            let mut row = Row::with_capacity(line, self.record.as_slice().len(), self.record.len());
            for cell in &self.record {
                row.push(unguard(cell));
            }
            if !row.is_blank() {
                return Some(Ok(row));
            }
        }
    }
}

impl CsvRows<'_> {
    /// The 1-based line of the first character at or after byte `start`
    /// that is not a line break; counted incrementally, so linear overall.
    fn line_at(&mut self, start: usize) -> usize {
        let bytes: &[u8] = self.reader.get_ref().get_ref();
        let mut start = start.min(bytes.len());
        while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        if start > self.counted_to {
            let newlines = bytes[self.counted_to..start]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            self.line += newlines;
            self.counted_to = start;
        }
        self.line
    }
}

impl Iterator for CsvRows<'_> {
    type Item = Result<Row, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let item = self.read_one();
        if !matches!(item, Some(Ok(_))) {
            self.done = true;
        }
        item
    }
}
