//! The rows of the first worksheet of an XLS file, produced one at a time
//! from its cell records: only the row being read is held.

use super::damaged;
use super::globals::Globals;
use super::records::{Stream, decode_into};
use crate::read::cell_text::{bool_text, number_text, row_of, too_many_columns};
use crate::read::limits::Budget;
use crate::read::{MAX_COLUMNS, MAX_ROWS, ReadError};
use crate::table::{Format, Row};

const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const NUMBER: u16 = 0x0203;
const RK: u16 = 0x027E;
const MULRK: u16 = 0x00BD;
const LABEL: u16 = 0x0204;
const RSTRING: u16 = 0x00D6;
const LABELSST: u16 = 0x00FD;
const BOOLERR: u16 = 0x0205;
const FORMULA: u16 = 0x0006;
const STRING: u16 = 0x0207;

/// The non-blank rows of the first worksheet, in file order.
pub struct XlsRows {
    stream: Stream,
    globals: Globals,
    budget: Budget,
    started: bool,
    /// The sheet's own EOF record was read.
    ended: bool,
    depth: usize,
    done: bool,
    rows: usize,
    line: Option<usize>,
    cells: Vec<(usize, String)>,
    /// A formula cell whose text comes in the next `STRING` record.
    formula: Option<(usize, usize)>,
}

impl XlsRows {
    pub fn new(stream: Stream, globals: Globals) -> XlsRows {
        XlsRows {
            stream,
            globals,
            budget: Budget::new(Format::Xls),
            started: false,
            ended: false,
            depth: 0,
            done: false,
            rows: 0,
            line: None,
            cells: Vec::new(),
            formula: None,
        }
    }

    /// Reads records until a row is complete or the sheet ends.
    fn read_row(&mut self) -> Result<Option<Row>, ReadError> {
        while !self.ended {
            let Some((kind, range)) = self.stream.next()? else {
                break;
            };
            if !self.started {
                if kind != BOF {
                    return Err(damaged("the first sheet does not start with a BOF record"));
                }
                self.started = true;
                continue;
            }
            match kind {
                // An embedded chart or other substream: skipped whole.
                BOF => self.depth += 1,
                EOF if self.depth > 0 => self.depth -= 1,
                EOF => {
                    self.ended = true;
                    return self.flush();
                }
                _ if self.depth > 0 => {}
                _ => {
                    if let Some(row) = self.record(kind, range)? {
                        return Ok(Some(row));
                    }
                }
            }
        }
        self.flush()
    }

    /// Takes one record of the sheet; a finished row when a cell of
    /// another row begins.
    fn record(
        &mut self,
        kind: u16,
        range: std::ops::Range<usize>,
    ) -> Result<Option<Row>, ReadError> {
        let data = self.stream.bytes(range.clone());
        if !matches!(
            kind,
            NUMBER | RK | MULRK | LABEL | RSTRING | LABELSST | BOOLERR | FORMULA | STRING
        ) {
            return Ok(None);
        }
        if kind == STRING {
            let Some((row, col)) = self.formula.take() else {
                return Ok(None);
            };
            let text = self.string_record(range)?;
            return self.put(row, col, text);
        }
        if data.len() < 6 {
            return Err(damaged("a cell record is truncated"));
        }
        let row = usize::from(u16::from_le_bytes([data[0], data[1]]));
        let col = usize::from(u16::from_le_bytes([data[2], data[3]]));
        self.formula = None;
        let text = match kind {
            NUMBER => number_text(f64::from_le_bytes(bytes8(data, 6)?)),
            RK => number_text(rk(u32_at(data, 6)?)),
            MULRK => return self.mul_rk(row, col, range),
            LABEL | RSTRING => self.label(data)?,
            LABELSST => {
                let index = u32_at(data, 6)? as usize;
                self.globals
                    .strings
                    .get(index)
                    .ok_or_else(|| {
                        damaged(format!(
                            "a cell refers to shared string {index}, which the file does not have"
                        ))
                    })?
                    .to_owned()
            }
            BOOLERR => bool_or_error(data)?,
            _ => {
                let value = bytes8(data, 6)?;
                if value[6] == 0xFF && value[7] == 0xFF {
                    match value[0] {
                        0 => {
                            self.formula = Some((row, col));
                            return self.put(row, col, String::new());
                        }
                        1 => bool_text(value[2] != 0),
                        2 => error_text(value[2]),
                        _ => String::new(),
                    }
                } else {
                    number_text(f64::from_le_bytes(value))
                }
            }
        };
        self.put(row, col, text)
    }

    fn mul_rk(
        &mut self,
        row: usize,
        first: usize,
        range: std::ops::Range<usize>,
    ) -> Result<Option<Row>, ReadError> {
        let data = self.stream.bytes(range);
        let values: Vec<f64> = data[4..data.len().saturating_sub(2).max(4)]
            .chunks_exact(6)
            .map(|c| rk(u32::from_le_bytes([c[2], c[3], c[4], c[5]])))
            .collect();
        let mut finished = None;
        for (i, value) in values.into_iter().enumerate() {
            if let Some(row) = self.put(row, first + i, number_text(value))? {
                finished = Some(row);
            }
        }
        Ok(finished)
    }

    /// A `LABEL` cell's text: a BIFF8 unicode string or a BIFF5 byte string.
    fn label(&self, data: &[u8]) -> Result<String, ReadError> {
        let count = usize::from(u16::from_le_bytes([
            *data.get(6).unwrap_or(&0),
            *data.get(7).unwrap_or(&0),
        ]));
        let mut text = String::new();
        if self.globals.biff8 {
            let flags = *data.get(8).ok_or_else(|| damaged("a label is truncated"))?;
            let width = if flags & 1 != 0 { 2 } else { 1 };
            let chars = data
                .get(9..9 + count * width)
                .ok_or_else(|| damaged("a label is truncated"))?;
            decode_into(chars, width == 2, &mut text);
        } else {
            let chars = data
                .get(8..8 + count)
                .ok_or_else(|| damaged("a label is truncated"))?;
            text = self
                .globals
                .encoding
                .decode_without_bom_handling(chars)
                .0
                .into_owned();
        }
        Ok(text)
    }

    /// The text of a formula's `STRING` record (it may continue).
    fn string_record(&mut self, range: std::ops::Range<usize>) -> Result<String, ReadError> {
        let mut text = String::new();
        if self.globals.biff8 {
            self.stream
                .segments(range)
                .unicode_string(true, &mut text)?;
        } else {
            let data = self.stream.bytes(range);
            let count = usize::from(u16::from_le_bytes([
                *data.first().unwrap_or(&0),
                *data.get(1).unwrap_or(&0),
            ]));
            let chars = data
                .get(2..2 + count)
                .ok_or_else(|| damaged("a string is truncated"))?;
            text = self
                .globals
                .encoding
                .decode_without_bom_handling(chars)
                .0
                .into_owned();
        }
        Ok(text)
    }

    /// Places a cell; returns the previous row when this cell starts another.
    fn put(&mut self, row: usize, col: usize, text: String) -> Result<Option<Row>, ReadError> {
        if col >= MAX_COLUMNS {
            return Err(too_many_columns(row + 1, col));
        }
        let finished = match self.line {
            Some(line) if line != row + 1 => self.flush()?,
            _ => None,
        };
        self.line = Some(row + 1);
        if !text.is_empty() || self.formula.is_some() {
            self.cells.push((col, text));
        }
        Ok(finished)
    }

    /// The row being gathered, when it is not blank.
    fn flush(&mut self) -> Result<Option<Row>, ReadError> {
        let Some(line) = self.line.take() else {
            return Ok(None);
        };
        if !self.cells.iter().any(|(_, t)| !t.trim().is_empty()) {
            self.cells.clear();
            return Ok(None);
        }
        self.rows += 1;
        if self.rows > MAX_ROWS + 1 {
            return Err(ReadError::TooManyRows { max: MAX_ROWS });
        }
        row_of(line, &mut self.cells, &mut self.budget).map(Some)
    }
}

fn bytes8(data: &[u8], at: usize) -> Result<[u8; 8], ReadError> {
    data.get(at..at + 8)
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| damaged("a cell record is truncated"))
}

fn u32_at(data: &[u8], at: usize) -> Result<u32, ReadError> {
    data.get(at..at + 4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .ok_or_else(|| damaged("a cell record is truncated"))
}

/// An RK number: an integer or the high bits of a float, maybe divided by 100.
fn rk(value: u32) -> f64 {
    let number = if value & 0x02 != 0 {
        f64::from((value as i32) >> 2)
    } else {
        f64::from_bits(u64::from(value & 0xFFFF_FFFC) << 32)
    };
    if value & 0x01 != 0 {
        number / 100.0
    } else {
        number
    }
}

fn bool_or_error(data: &[u8]) -> Result<String, ReadError> {
    let (value, is_error) = match data.get(6..8) {
        Some(b) => (b[0], b[1] != 0),
        None => return Err(damaged("a cell record is truncated")),
    };
    Ok(if is_error {
        error_text(value)
    } else {
        bool_text(value != 0)
    })
}

fn error_text(code: u8) -> String {
    match code {
        0x00 => "#NULL!",
        0x07 => "#DIV/0!",
        0x0F => "#VALUE!",
        0x17 => "#REF!",
        0x1D => "#NAME?",
        0x24 => "#NUM!",
        _ => "#N/A",
    }
    .to_owned()
}

impl Iterator for XlsRows {
    type Item = Result<Row, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let item = self.read_row().transpose();
        if !matches!(item, Some(Ok(_))) {
            self.done = true;
        }
        item
    }
}

#[cfg(test)]
mod tests {
    use super::rk;

    #[test]
    fn rk_numbers_decode_integers_floats_and_hundredths() {
        assert_eq!(rk((100 << 2) | 0x02).to_string(), "100");
        assert_eq!(rk((12345 << 2) | 0x03).to_string(), "123.45");
        let bits = u32::try_from(1.5f64.to_bits() >> 32).unwrap();
        assert_eq!(rk(bits).to_string(), "1.5");
    }
}
