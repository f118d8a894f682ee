//! The view models of the import pages: the upload form with the format's
//! columns, the preview of a file and the result of an apply.

use pbx_interchange::columns::{Column, CoreColumn, all_columns};
use pbx_interchange::{CellError, Source};
use pbx_service::imports::ImportReport;

use crate::ui::chrome::Chrome;

/// Errors listed on the page before the list is cut short.
const SHOWN_ERRORS: usize = 1000;

/// One column of the import format.
pub struct ColumnView {
    pub header: &'static str,
    pub label: &'static str,
    pub help: &'static str,
}

/// Every column of the format, in export order.
pub fn columns() -> Vec<ColumnView> {
    all_columns()
        .map(|column| match column {
            Column::Core(core) => {
                let (label, help) = core_text(core);
                ColumnView {
                    header: core.header(),
                    label,
                    help,
                }
            }
            Column::Setting(spec) => ColumnView {
                header: spec.key,
                label: spec.label,
                help: spec.help,
            },
        })
        .collect()
}

fn core_text(core: CoreColumn) -> (&'static str, &'static str) {
    match core {
        CoreColumn::Kind => (
            "Kind",
            "sip, pjsip, custom or virtual (new extensions only).",
        ),
        CoreColumn::Number => (
            "Number",
            "The extension number; an existing number is updated.",
        ),
        CoreColumn::Name => ("Name", "Display name."),
        CoreColumn::Description => ("Description", "An administrator note."),
        CoreColumn::Username => ("Username", "SIP/PJSIP username (generated when empty)."),
        CoreColumn::Secret => ("Secret", "SIP/PJSIP password (generated when empty)."),
    }
}

/// What a checked file would do.
pub struct PreviewView {
    pub id: String,
    pub file_name: String,
    pub source: &'static str,
    pub creates: u64,
    pub updates: u64,
    pub unchanged: u64,
    pub errors: Vec<CellError>,
    pub error_total: usize,
    pub unmapped: Vec<String>,
}

impl PreviewView {
    pub fn of(id: String, file_name: &str, report: ImportReport) -> PreviewView {
        PreviewView {
            id,
            file_name: file_name.to_owned(),
            source: match report.source {
                Source::Native => "pbx import format",
                Source::FreePbx => "FreePBX Bulk Handler export",
            },
            creates: report.creates,
            updates: report.updates,
            unchanged: report.unchanged,
            error_total: report.errors.len(),
            errors: report.errors.into_iter().take(SHOWN_ERRORS).collect(),
            unmapped: report.unmapped,
        }
    }

    pub fn hidden_errors(&self) -> usize {
        self.error_total - self.errors.len()
    }
}

#[derive(askama::Template)]
#[template(path = "imports/upload.html")]
pub struct UploadPage {
    pub chrome: Chrome,
    pub code: String,
    pub base: String,
    /// A problem with the form itself (no file, unreadable file).
    pub problem: String,
    pub preview: Option<PreviewView>,
    /// The preview was refused at apply time (the data changed meanwhile).
    pub refused: bool,
    /// A restricted administrator: the file may only update their
    /// assigned extensions.
    pub updates_only: bool,
    pub columns: Vec<ColumnView>,
}

#[derive(askama::Template)]
#[template(path = "imports/applied.html")]
pub struct AppliedPage {
    pub chrome: Chrome,
    pub code: String,
    pub base: String,
    pub created: u64,
    pub updated: u64,
    pub unchanged: u64,
}
