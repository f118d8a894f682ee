//! Resolves a header row into a layout: which cell holds which column, and
//! every problem with the header itself.

use std::collections::HashMap;
use std::sync::Arc;

use pbx_domain::catalogue::SettingSpec;

use super::CellError;
use crate::columns::{Column, CoreColumn, find_column};

/// A setting column of a file: its cell index, its setting and the name
/// errors about it are reported under.
#[derive(Debug, Clone)]
pub struct SettingColumn {
    /// The index of the cell in a row.
    pub index: usize,
    /// The setting.
    pub spec: &'static SettingSpec,
    /// The header errors name (the setting key, or the FreePBX column).
    pub label: String,
}

/// Where each column is in the rows of one file.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    /// Cell index of each core column present.
    pub core: HashMap<CoreColumn, usize>,
    /// The setting columns present, in file order.
    pub settings: Arc<[SettingColumn]>,
    /// Cell indexes whose header is blank.
    pub blank: Vec<usize>,
    /// How many header cells there are.
    pub width: usize,
}

/// The longest header name messages repeat, in characters.
pub const SHOWN_HEADER_CHARS: usize = 64;

/// A header as messages show it: cut to [`SHOWN_HEADER_CHARS`] characters
/// with an ellipsis, so a huge header cell is not echoed back whole.
pub fn shown_header(header: &str) -> String {
    let mut chars = header.chars();
    let mut shown: String = chars.by_ref().take(SHOWN_HEADER_CHARS).collect();
    if chars.next().is_some() {
        shown.push('…');
    }
    shown
}

/// Resolves `headers`; an unknown, duplicate or missing column is an error
/// on the header line.
pub fn resolve(headers: &[String], line: usize) -> (Layout, Vec<CellError>) {
    let mut layout = Layout {
        width: headers.len(),
        ..Layout::default()
    };
    let mut errors = Vec::new();
    let mut seen: HashMap<&'static str, usize> = HashMap::new();
    let mut settings = Vec::new();
    for (index, header) in headers.iter().enumerate() {
        let header = header.trim();
        if header.is_empty() {
            layout.blank.push(index);
            continue;
        }
        let Some(column) = find_column(header) else {
            errors.push(CellError::new(
                line,
                shown_header(header),
                "unknown column: expected kind, number, name, description, username, \
                 secret or a setting key (see the import format documentation)",
            ));
            continue;
        };
        if let Some(first) = seen.insert(column.header(), index) {
            errors.push(CellError::new(
                line,
                shown_header(header),
                format!(
                    "column appears twice (columns {} and {})",
                    first + 1,
                    index + 1
                ),
            ));
            continue;
        }
        match column {
            Column::Core(core) => {
                layout.core.insert(core, index);
            }
            Column::Setting(spec) => settings.push(SettingColumn {
                index,
                spec,
                label: spec.key.to_owned(),
            }),
        }
    }
    if !layout.core.contains_key(&CoreColumn::Number) && !seen.contains_key("number") {
        errors.push(CellError::new(
            line,
            "number",
            "the number column is required",
        ));
    }
    layout.settings = settings.into();
    (layout, errors)
}
