//! Export of extensions: the same columns the importer reads, core columns
//! first and then every setting in catalogue order.

mod csv_writer;
mod write_csv;
mod write_xlsx;

pub use csv_writer::CsvWriter;
pub use write_csv::{CsvExporter, export_csv, write_csv};
pub use write_xlsx::{ExportError, export_xlsx};

use pbx_domain::{Extension, ExtensionKind, ExtensionNumber, Secret, Settings, SipUsername};

use crate::columns::{Column, CoreColumn, all_columns};

/// One extension to export, borrowed from wherever it is kept.
#[derive(Debug, Clone, Copy)]
pub struct ExportRow<'a> {
    /// The kind.
    pub kind: ExtensionKind,
    /// The number.
    pub number: &'a ExtensionNumber,
    /// The display name.
    pub name: &'a str,
    /// The description.
    pub description: &'a str,
    /// The username of a phone extension.
    pub username: Option<&'a SipUsername>,
    /// The secret of a phone extension; written only when allowed.
    pub secret: Option<&'a Secret>,
    /// Every setting.
    pub settings: &'a Settings,
    /// Names written for references files name (`call_rate`); without
    /// them the id is written.
    pub reference_names: Option<&'a crate::ReferenceNames>,
}

impl<'a> From<&'a Extension> for ExportRow<'a> {
    fn from(extension: &'a Extension) -> ExportRow<'a> {
        ExportRow {
            kind: extension.kind,
            number: &extension.number,
            name: extension.name.as_str(),
            description: extension.description.as_str(),
            username: extension.username.as_ref(),
            secret: extension.secret.as_ref(),
            settings: &extension.settings,
            reference_names: None,
        }
    }
}

/// What an export may contain.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ExportOptions {
    /// Write the `secret` column and the web password hashes; only for
    /// users allowed to see passwords. Without it those columns are absent,
    /// and re-importing keeps what is stored.
    pub include_secrets: bool,
}

/// The columns of an export, in order.
pub fn export_columns(options: ExportOptions) -> Vec<Column> {
    all_columns()
        .filter(|c| options.include_secrets || !c.is_secret())
        .collect()
}

/// The text of one cell of `row`.
fn cell_text(row: &ExportRow<'_>, column: Column) -> String {
    match column {
        Column::Core(CoreColumn::Kind) => row.kind.as_str().to_owned(),
        Column::Core(CoreColumn::Number) => row.number.as_str().to_owned(),
        Column::Core(CoreColumn::Name) => row.name.to_owned(),
        Column::Core(CoreColumn::Description) => row.description.to_owned(),
        Column::Core(CoreColumn::Username) => row
            .username
            .map(|u| u.as_str().to_owned())
            .unwrap_or_default(),
        Column::Core(CoreColumn::Secret) => row
            .secret
            .map(|s| s.expose().to_owned())
            .unwrap_or_default(),
        Column::Setting(spec) => {
            let text = row.settings.get_text(spec.key).unwrap_or_default();
            match (
                crate::ReferenceNames::named_kind(spec.value),
                row.reference_names,
            ) {
                (Some(kind), Some(names)) if !text.is_empty() => names.cell(kind, text),
                _ => text,
            }
        }
    }
}
