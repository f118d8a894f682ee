//! Reads the first worksheet of an XLS or XLSX workbook into rows.

use std::io::Cursor;

use calamine::{Data, DataRef, Reader, Xls, Xlsx};

use super::{MAX_COLUMNS, MAX_ROWS, ReadError};
use crate::table::{Format, Row};

/// The non-blank rows of the first worksheet, header included.
pub fn read_workbook(bytes: &[u8], format: Format) -> Result<Vec<Row>, ReadError> {
    // calamine reports damaged files as errors; the guard only keeps a bug
    // in it from taking the whole request down with it.
    std::panic::catch_unwind(|| match format {
        Format::Xlsx => read_xlsx(bytes),
        _ => read_xls(bytes),
    })
    .unwrap_or_else(|_| Err(damaged(format, "the file is damaged")))
}

fn damaged(format: Format, reason: impl ToString) -> ReadError {
    ReadError::Spreadsheet {
        format: format.name(),
        reason: reason.to_string(),
    }
}

/// XLSX is read cell by cell, so a stray cell far away (say at XFD1048576)
/// costs nothing rather than a dense grid up to it.
fn read_xlsx(bytes: &[u8]) -> Result<Vec<Row>, ReadError> {
    let fail = |e: calamine::XlsxError| damaged(Format::Xlsx, e);
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(fail)?;
    let sheet = workbook
        .sheet_names()
        .into_iter()
        .next()
        .ok_or(ReadError::NoSheet)?;
    let mut reader = workbook.worksheet_cells_reader(&sheet).map_err(fail)?;
    let mut grid = Grid::default();
    while let Some(cell) = reader.next_cell().map_err(fail)? {
        let (row, col) = cell.get_position();
        grid.put(row as usize, col as usize, text_of_ref(cell.get_value()))?;
    }
    Ok(grid.finish())
}

fn read_xls(bytes: &[u8]) -> Result<Vec<Row>, ReadError> {
    let fail = |e: calamine::XlsError| damaged(Format::Xls, e);
    let mut workbook: Xls<_> = Xls::new(Cursor::new(bytes)).map_err(fail)?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or(ReadError::NoSheet)?
        .map_err(fail)?;
    let mut grid = Grid::default();
    for (row, col, value) in range.used_cells() {
        let (row0, col0) = range.start().unwrap_or((0, 0));
        grid.put(row0 as usize + row, col0 as usize + col, text_of(value))?;
    }
    Ok(grid.finish())
}

/// Cells arriving in row order, gathered into rows.
#[derive(Default)]
struct Grid {
    rows: Vec<Row>,
    current: Option<(usize, Vec<String>)>,
}

impl Grid {
    fn put(&mut self, row: usize, col: usize, text: String) -> Result<(), ReadError> {
        if col >= MAX_COLUMNS {
            return Err(ReadError::TooManyColumns {
                line: row + 1,
                count: col + 1,
                max: MAX_COLUMNS,
            });
        }
        if text.is_empty() {
            return Ok(());
        }
        if self.current.as_ref().is_some_and(|(r, _)| *r != row) {
            self.flush();
            if self.rows.len() > MAX_ROWS {
                return Err(ReadError::TooManyRows { max: MAX_ROWS });
            }
        }
        let (_, cells) = self.current.get_or_insert_with(|| (row, Vec::new()));
        if cells.len() <= col {
            cells.resize(col + 1, String::new());
        }
        cells[col] = text;
        Ok(())
    }

    fn flush(&mut self) {
        if let Some((row, cells)) = self.current.take() {
            let row = Row::new(row + 1, cells);
            if !row.is_blank() {
                self.rows.push(row);
            }
        }
    }

    fn finish(mut self) -> Vec<Row> {
        self.flush();
        self.rows.sort_by_key(|r| r.line);
        self.rows
    }
}

/// Whole numbers stored as floats (`100.0`) read as `100`.
fn number_text(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        value.to_string()
    }
}

fn bool_text(value: bool) -> String {
    if value { "yes" } else { "no" }.to_owned()
}

fn text_of(value: &Data) -> String {
    match value {
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Bool(b) => bool_text(*b),
        Data::DateTime(d) => number_text(d.as_f64()),
        Data::Error(e) => e.to_string(),
        Data::Empty => String::new(),
    }
}

fn text_of_ref(value: &DataRef<'_>) -> String {
    match value {
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => number_text(*f),
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::SharedString(s) => (*s).to_owned(),
        DataRef::Bool(b) => bool_text(*b),
        DataRef::DateTime(d) => number_text(d.as_f64()),
        DataRef::Error(e) => e.to_string(),
        DataRef::Empty => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_floats_lose_their_fraction_and_others_keep_it() {
        assert_eq!(number_text(100.0), "100");
        assert_eq!(number_text(-5.0), "-5");
        assert_eq!(number_text(2.5), "2.5");
    }
}
