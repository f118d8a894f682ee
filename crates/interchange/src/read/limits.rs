//! What one uploaded file may expand to once unpacked. An upload is at most
//! 50 MB, but a spreadsheet is compressed (XLSX) or refers to shared
//! strings from many cells (XLSX and XLS): these budgets keep what a file
//! can make the reader allocate, and the work it can cause, bounded
//! whatever its contents claim.

use super::ReadError;
use crate::table::Format;

/// The most cell text one file may yield, counted as the cells are read
/// (a shared string counts once per cell that uses it): a little more
/// than the largest CSV file accepted.
pub const MAX_TEXT_BYTES: usize = 64 << 20;
/// The most cells (empty cells between filled ones included) one file may
/// yield.
pub const MAX_CELLS: usize = 16_000_000;
/// The most UTF-8 bytes one cell may hold: Excel's limit of 32,767
/// characters at four bytes each.
pub const MAX_CELL_BYTES: usize = 32_767 * 4;
/// The most shared strings a workbook may declare.
pub const MAX_SHARED_STRINGS: usize = 2_000_000;
/// The most text its shared strings may hold together.
pub const MAX_SHARED_TEXT_BYTES: usize = 32 << 20;
/// The most entries an XLSX package may have.
pub const MAX_ZIP_ENTRIES: usize = 10_000;
/// The most bytes the worksheet of an XLSX package may inflate to.
pub const MAX_SHEET_XML_BYTES: u64 = 512 << 20;
/// The most bytes the shared strings part may inflate to.
pub const MAX_SHARED_XML_BYTES: u64 = 128 << 20;
/// The most bytes any other part read (relationships, the workbook) may
/// inflate to.
pub const MAX_SMALL_PART_BYTES: u64 = 16 << 20;
/// The highest compression ratio accepted for a part larger than
/// [`RATIO_FREE_BYTES`]; office files stay far below it.
pub const MAX_INFLATE_RATIO: u64 = 200;
/// Parts up to this size may have any ratio.
pub const RATIO_FREE_BYTES: u64 = 1 << 20;
/// The most bytes one XML event (a tag or a run of text) may span.
pub const MAX_XML_EVENT_BYTES: usize = 1 << 20;

/// What a file has yielded so far, checked against the limits above.
#[derive(Debug)]
pub struct Budget {
    format: Format,
    text: usize,
    cells: usize,
}

impl Budget {
    /// A fresh budget for a file of `format`.
    pub fn new(format: Format) -> Budget {
        Budget {
            format,
            text: 0,
            cells: 0,
        }
    }

    /// Counts a row of `cells` cells holding `text` bytes.
    pub fn spend(&mut self, cells: usize, text: usize) -> Result<(), ReadError> {
        self.cells += cells;
        self.text += text;
        if self.text > MAX_TEXT_BYTES {
            return Err(self.too_large(format!(
                "its cells hold more than {} MiB of text",
                MAX_TEXT_BYTES >> 20
            )));
        }
        if self.cells > MAX_CELLS {
            return Err(self.too_large(format!("it has more than {MAX_CELLS} cells")));
        }
        Ok(())
    }

    /// The error for a file past a limit.
    pub fn too_large(&self, reason: impl Into<String>) -> ReadError {
        too_large(self.format, reason)
    }
}

/// The error for a file of `format` past a limit.
pub fn too_large(format: Format, reason: impl Into<String>) -> ReadError {
    ReadError::TooLarge {
        format: format.name(),
        reason: reason.into(),
    }
}
