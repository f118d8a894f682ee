//! One parsed data row and the error type every cell problem is told in.

use std::sync::Arc;

use pbx_domain::values::ShortText;
use pbx_domain::{ExtensionKind, ExtensionNumber, Secret, SipUsername};
use serde::Serialize;

use super::layout::SettingColumn;
use crate::table::Row;

/// One problem with one cell (or with the header, on the header line).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CellError {
    /// The 1-based line of the file (spreadsheet row number).
    pub line: usize,
    /// The column header the problem is in.
    pub column: String,
    /// What is wrong, for a person.
    pub message: String,
}

impl CellError {
    /// An error at `line` in `column`.
    pub fn new(line: usize, column: impl Into<String>, message: impl Into<String>) -> CellError {
        CellError {
            line,
            column: column.into(),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for CellError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}, {}: {}", self.line, self.column, self.message)
    }
}

/// A data row whose identity (number, and kind when given) is valid.
/// `None` in an optional field means the column is absent (or, for
/// `kind`, `username` and `secret`, the cell is empty): keep the current
/// value on update, use the default on create.
#[derive(Debug, Clone)]
pub struct ImportRow {
    /// The line of the file the row is on.
    pub line: usize,
    /// The kind; required by the service to create an extension.
    pub kind: Option<ExtensionKind>,
    /// The extension number: what the row creates or updates.
    pub number: ExtensionNumber,
    /// The display name (an empty cell clears it).
    pub name: Option<ShortText>,
    /// The description (an empty cell clears it).
    pub description: Option<ShortText>,
    /// The SIP/PJSIP username.
    pub username: Option<SipUsername>,
    /// The secret as typed; check it with [`ImportRow::secret_for`].
    pub secret: Option<String>,
    pub(crate) cells: Row,
    pub(crate) columns: Arc<[SettingColumn]>,
}

impl ImportRow {
    /// The setting cells of the row: `(setting key, cell text)`, in file
    /// order. Cells are shared with the row, not copied.
    pub fn settings(&self) -> impl Iterator<Item = (&'static str, &str)> {
        self.columns
            .iter()
            .map(|c| (c.spec.key, self.cells.cell(c.index)))
    }

    /// Setting cells with their column and the label errors name.
    pub(crate) fn setting_cells(&self) -> impl Iterator<Item = (&SettingColumn, &str)> {
        self.columns.iter().map(|c| (c, self.cells.cell(c.index)))
    }

    /// The secret to store: `Ok(None)` when the row gives none (keep the
    /// stored one, or generate one on create), the stored secret when the
    /// cell repeats it (an export re-imported), else the typed secret once
    /// it passes the password rules.
    pub fn secret_for(&self, stored: Option<&Secret>) -> Result<Option<Secret>, CellError> {
        let Some(raw) = self.secret.as_deref() else {
            return Ok(None);
        };
        if let Some(stored) = stored.filter(|s| s.expose() == raw) {
            return Ok(Some(stored.clone()));
        }
        Secret::parse_typed(raw, &self.number, self.username.as_ref())
            .map(Some)
            .map_err(|m| CellError::new(self.line, "secret", m))
    }
}
