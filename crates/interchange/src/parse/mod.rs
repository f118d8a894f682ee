//! Parsing the cells of a table into typed rows, collecting every error
//! rather than stopping at the first.

mod import_row;
pub(crate) mod layout;

pub use import_row::{CellError, ImportRow};
pub use layout::SettingColumn;

use std::collections::HashMap;
use std::sync::Arc;

use pbx_domain::values::ShortText;
use pbx_domain::{ExtensionKind, ExtensionNumber, SipUsername};

use crate::columns::CoreColumn;
use crate::freepbx::FreePbx;
use crate::table::{Row, Table};
use layout::Layout;

/// Where the file came from, as told by its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// This system's own format (an export, or a file written for it).
    Native,
    /// A FreePBX Bulk Handler extensions export.
    FreePbx,
}

/// The outcome of parsing a whole table.
#[derive(Debug, Clone)]
pub struct ParsedImport {
    /// The format the header was recognised as.
    pub source: Source,
    /// The rows whose number (and kind, when given) are valid.
    pub rows: Vec<ImportRow>,
    /// Every problem found, in file order; header problems come first.
    pub errors: Vec<CellError>,
    /// FreePBX columns that have no equivalent here (shown in the preview).
    pub unmapped: Vec<String>,
}

/// Parses every row of `table` (the rows are copied into the result; see
/// [`parse_table`] to move them instead).
pub fn parse_rows(table: &Table) -> ParsedImport {
    parse_all(
        &table.headers,
        table.header_line,
        table.rows.iter().cloned(),
    )
}

/// Parses every row of `table`, moving its rows into the result: the same
/// as [`parse_rows`] without holding the cells twice.
pub fn parse_table(table: Table) -> ParsedImport {
    parse_all(&table.headers, table.header_line, table.rows)
}

fn parse_all(
    headers: &[String],
    header_line: usize,
    table_rows: impl IntoIterator<Item = Row>,
) -> ParsedImport {
    let mut parser = RowParser::new(headers, header_line);
    let mut errors = parser.header_errors().to_vec();
    let mut rows = Vec::new();
    for row in table_rows {
        if let Some(parsed) = parser.parse(row, &mut errors) {
            rows.push(parsed);
        }
    }
    ParsedImport {
        source: parser.source(),
        rows,
        errors,
        unmapped: parser.unmapped().to_vec(),
    }
}

/// Parses rows one at a time, for files too large to hold as a [`Table`]
/// (pair it with [`crate::read_rows`]). Remembers the numbers seen so far
/// to report duplicates.
pub struct RowParser {
    layout: Layout,
    freepbx: Option<FreePbx>,
    header_errors: Vec<CellError>,
    unmapped: Vec<String>,
    seen: HashMap<ExtensionNumber, usize>,
}

impl RowParser {
    /// A parser for files with this header (recognising FreePBX exports).
    pub fn new(headers: &[String], header_line: usize) -> RowParser {
        let freepbx = FreePbx::detect(headers);
        let (mut layout, mut header_errors, unmapped) = match &freepbx {
            Some(fpbx) => {
                let (layout, errors) = layout::resolve(&fpbx.native_headers(), header_line);
                (layout, errors, fpbx.unmapped())
            }
            None => {
                let (layout, errors) = layout::resolve(headers, header_line);
                (layout, errors, Vec::new())
            }
        };
        if let Some(fpbx) = &freepbx {
            let relabelled: Vec<SettingColumn> = layout
                .settings
                .iter()
                .map(|c| SettingColumn {
                    label: fpbx.label(c.spec.key),
                    ..c.clone()
                })
                .collect();
            layout.settings = Arc::from(relabelled);
            for error in &mut header_errors {
                error.column = fpbx.label(&error.column);
            }
        }
        RowParser {
            layout,
            freepbx,
            header_errors,
            unmapped,
            seen: HashMap::new(),
        }
    }

    /// The format the header was recognised as.
    pub fn source(&self) -> Source {
        if self.freepbx.is_some() {
            Source::FreePbx
        } else {
            Source::Native
        }
    }

    /// Problems with the header itself.
    pub fn header_errors(&self) -> &[CellError] {
        &self.header_errors
    }

    /// FreePBX columns with no equivalent here.
    pub fn unmapped(&self) -> &[String] {
        &self.unmapped
    }

    /// Parses one row; its errors are appended to `errors`. `None` when the
    /// number or kind is missing or invalid (the error says why).
    pub fn parse(&mut self, row: Row, errors: &mut Vec<CellError>) -> Option<ImportRow> {
        let row = match &self.freepbx {
            Some(fpbx) => fpbx.translate(&row),
            None => row,
        };
        self.check_stray_cells(&row, errors);
        let line = row.line;
        let core = |c: CoreColumn| self.layout.core.get(&c).map(|&i| row.cell(i));
        let mut report = |column: CoreColumn, message: String| {
            errors.push(CellError::new(line, self.label(column.header()), message));
        };
        let number = match core(CoreColumn::Number).map(ExtensionNumber::parse) {
            Some(Ok(number)) => Some(number),
            Some(Err(message)) => {
                report(CoreColumn::Number, message);
                None
            }
            None => None,
        };
        let kind = match core(CoreColumn::Kind).filter(|k| !k.trim().is_empty()) {
            Some(raw) => match ExtensionKind::parse(raw) {
                Ok(kind) => Some(kind),
                Err(message) => {
                    report(CoreColumn::Kind, message);
                    return None;
                }
            },
            None => None,
        };
        let mut text = |column: CoreColumn| {
            core(column).and_then(|raw| match ShortText::parse(raw.trim()) {
                Ok(text) => Some(text),
                Err(message) => {
                    report(column, message);
                    None
                }
            })
        };
        let name = text(CoreColumn::Name);
        let description = text(CoreColumn::Description);
        let username = core(CoreColumn::Username)
            .filter(|u| !u.trim().is_empty())
            .and_then(|raw| match SipUsername::parse(raw) {
                Ok(username) => Some(username),
                Err(message) => {
                    report(CoreColumn::Username, message);
                    None
                }
            });
        let secret = core(CoreColumn::Secret)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned);
        let number = number?;
        if let Some(first) = self.seen.get(&number) {
            errors.push(CellError::new(
                line,
                self.label("number"),
                format!("number {number} is also on line {first}"),
            ));
        } else {
            self.seen.insert(number.clone(), line);
        }
        Some(ImportRow {
            line,
            kind,
            number,
            name,
            description,
            username,
            secret,
            cells: row,
            columns: self.layout.settings.clone(),
        })
    }

    /// A value in a column without a header, or past the last header.
    fn check_stray_cells(&self, row: &Row, errors: &mut Vec<CellError>) {
        let past_end = self.layout.width..row.len();
        for index in self.layout.blank.iter().copied().chain(past_end) {
            if !row.cell(index).trim().is_empty() {
                errors.push(CellError::new(
                    row.line,
                    format!("column {}", index + 1),
                    "has a value but no column header",
                ));
            }
        }
    }

    /// The column name errors use: the FreePBX column for a migrated file.
    fn label(&self, native: &str) -> String {
        match &self.freepbx {
            Some(fpbx) => fpbx.label(native),
            None => native.to_owned(),
        }
    }
}
