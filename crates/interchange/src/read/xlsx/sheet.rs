//! The rows of a worksheet part, produced one at a time as its XML is
//! inflated and parsed: only the row being read is held.

use quick_xml::events::{BytesStart, Event};

use super::package::damaged;
use super::text_runs::TextRuns;
use super::xml::{Xml, attribute, push_reference, unescape_excel};
use crate::read::cell_text::{bool_text, number_text, row_of, too_many_columns};
use crate::read::limits::{Budget, MAX_CELL_BYTES};
use crate::read::string_table::StringTable;
use crate::read::{MAX_COLUMNS, MAX_ROWS, ReadError};
use crate::table::{Format, Row};

/// The highest row number a worksheet may have (Excel's).
const MAX_SHEET_ROW: usize = 1_048_576;

/// How a cell's value is stored (its `t` attribute).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Number,
    Shared,
    Inline,
    Text,
    Bool,
}

/// The cell being read.
struct Cell {
    col: usize,
    kind: Kind,
    value: String,
    in_value: bool,
    inline: Option<TextRuns>,
}

/// The non-blank rows of one worksheet, in file order.
pub struct SheetRows<'a> {
    xml: Xml<'a>,
    strings: StringTable,
    budget: Budget,
    buf: Vec<u8>,
    done: bool,
    rows: usize,
    next_line: usize,
    line: Option<usize>,
    next_col: usize,
    cells: Vec<(usize, String)>,
    cell: Option<Cell>,
}

impl<'a> SheetRows<'a> {
    pub fn new(xml: Xml<'a>, strings: StringTable) -> SheetRows<'a> {
        SheetRows {
            xml,
            strings,
            budget: Budget::new(Format::Xlsx),
            buf: Vec::with_capacity(1024),
            done: false,
            rows: 0,
            next_line: 1,
            line: None,
            next_col: 0,
            cells: Vec::new(),
            cell: None,
        }
    }

    /// Reads events until a non-blank row is complete or the sheet ends.
    fn read_row(&mut self) -> Result<Option<Row>, ReadError> {
        let mut buf = std::mem::take(&mut self.buf);
        let result = loop {
            let event = match self.xml.next(&mut buf) {
                Ok(event) => event,
                Err(e) => break Err(e),
            };
            match self.take(event) {
                Ok(Step::Continue) => {}
                Ok(Step::Row(row)) => break Ok(Some(row)),
                Ok(Step::End) => break Ok(None),
                Err(e) => break Err(e),
            }
        };
        self.buf = buf;
        result
    }

    fn take(&mut self, event: Event<'_>) -> Result<Step, ReadError> {
        match &event {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "row" => {
                let line = match attribute(e, "r") {
                    Some(r) => parse_line(&r)?,
                    None => self.next_line,
                };
                self.next_line = line + 1;
                self.next_col = 0;
                self.cells.clear();
                self.line = matches!(event, Event::Start(_)).then_some(line);
            }
            Event::End(e) if e.local_name().as_ref() == "row" => {
                if let Some(line) = self.line.take() {
                    if self.cells.iter().any(|(_, t)| !t.trim().is_empty()) {
                        self.rows += 1;
                        if self.rows > MAX_ROWS + 1 {
                            return Err(ReadError::TooManyRows { max: MAX_ROWS });
                        }
                        return Ok(Step::Row(row_of(line, &mut self.cells, &mut self.budget)?));
                    }
                    self.cells.clear();
                }
            }
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "c" => {
                let col = match attribute(e, "r") {
                    Some(r) => parse_column(&r)?,
                    None => self.next_col,
                };
                if col >= MAX_COLUMNS {
                    return Err(too_many_columns(self.line.unwrap_or(self.next_line), col));
                }
                self.next_col = col + 1;
                if matches!(event, Event::Start(_)) {
                    self.cell = Some(Cell {
                        col,
                        kind: kind_of(e),
                        value: String::new(),
                        in_value: false,
                        inline: None,
                    });
                }
            }
            Event::End(e) if e.local_name().as_ref() == "c" => {
                if let Some(cell) = self.cell.take() {
                    let text = self.text_of(cell)?;
                    if self.line.is_some() && !text.1.is_empty() {
                        self.cells.push(text);
                    }
                }
            }
            Event::End(e) if e.local_name().as_ref() == "sheetData" => return Ok(Step::End),
            Event::Eof => return Ok(Step::End),
            _ => {
                if let Some(cell) = &mut self.cell {
                    cell.take(&event)?;
                }
            }
        }
        Ok(Step::Continue)
    }

    fn text_of(&self, cell: Cell) -> Result<(usize, String), ReadError> {
        let value = cell.value;
        let text = match cell.kind {
            Kind::Shared => {
                let index: usize = value
                    .trim()
                    .parse()
                    .map_err(|_| damaged("a shared-string cell has no valid index"))?;
                self.strings
                    .get(index)
                    .ok_or_else(|| {
                        damaged(format!(
                            "a cell refers to shared string {index}, which the file does not have"
                        ))
                    })?
                    .to_owned()
            }
            Kind::Inline => match cell.inline {
                Some(runs) => runs.text,
                None => unescape_excel(&value).into_owned(),
            },
            Kind::Number => match value.trim().parse::<f64>() {
                Ok(n) if n.is_finite() => number_text(n),
                _ => value,
            },
            Kind::Bool => match value.trim() {
                "1" | "true" => bool_text(true),
                "0" | "false" => bool_text(false),
                _ => value,
            },
            Kind::Text => unescape_excel(&value).into_owned(),
        };
        Ok((cell.col, text))
    }
}

impl Cell {
    fn take(&mut self, event: &Event<'_>) -> Result<(), ReadError> {
        match event {
            Event::Start(e) if e.local_name().as_ref() == "v" => self.in_value = true,
            Event::End(e) if e.local_name().as_ref() == "v" => self.in_value = false,
            Event::Start(e) if e.local_name().as_ref() == "is" => {
                self.inline = Some(TextRuns::default());
            }
            Event::Text(t) if self.in_value => self.value.push_str(&t.xml10_content()),
            Event::CData(t) if self.in_value => self.value.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if self.in_value => push_reference(r, &mut self.value)?,
            other => {
                if let Some(runs) = &mut self.inline {
                    runs.take(other)?;
                }
            }
        }
        if self.value.len() > MAX_CELL_BYTES {
            return Err(crate::read::limits::too_large(
                Format::Xlsx,
                "a cell holds more than 32,767 characters",
            ));
        }
        Ok(())
    }
}

enum Step {
    Continue,
    Row(Row),
    End,
}

fn kind_of(start: &BytesStart<'_>) -> Kind {
    match attribute(start, "t").as_deref() {
        Some("s") => Kind::Shared,
        Some("inlineStr") => Kind::Inline,
        Some("b") => Kind::Bool,
        Some("str" | "e" | "d") => Kind::Text,
        _ => Kind::Number,
    }
}

/// The 1-based row number of a `<row r="..">`.
fn parse_line(raw: &str) -> Result<usize, ReadError> {
    raw.trim()
        .parse::<usize>()
        .ok()
        .filter(|&n| (1..=MAX_SHEET_ROW).contains(&n))
        .ok_or_else(|| damaged(format!("invalid row number {:?}", truncate(raw))))
}

/// The 0-based column of a cell reference such as `AB12`.
fn parse_column(raw: &str) -> Result<usize, ReadError> {
    let letters: &str = &raw[..raw.bytes().take_while(u8::is_ascii_alphabetic).count()];
    if letters.is_empty() || letters.len() > 3 {
        return Err(damaged(format!(
            "invalid cell reference {:?}",
            truncate(raw)
        )));
    }
    let col = letters.bytes().fold(0usize, |n, b| {
        n * 26 + usize::from(b.to_ascii_uppercase() - b'A') + 1
    });
    Ok(col - 1)
}

fn truncate(raw: &str) -> String {
    raw.chars().take(20).collect()
}

impl Iterator for SheetRows<'_> {
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
    use super::*;

    #[test]
    fn cell_references_give_their_column() {
        assert_eq!(parse_column("A1").unwrap(), 0);
        assert_eq!(parse_column("Z9").unwrap(), 25);
        assert_eq!(parse_column("AA3").unwrap(), 26);
        assert_eq!(parse_column("XFD1048576").unwrap(), 16_383);
        assert!(parse_column("ABCD1").is_err());
        assert!(parse_column("12").is_err());
    }

    #[test]
    fn row_numbers_beyond_excels_are_refused() {
        assert_eq!(parse_line("1048576").unwrap(), 1_048_576);
        assert!(parse_line("1048577").is_err());
        assert!(parse_line("0").is_err());
    }
}
