//! Why a file could not be read as a table.

/// A file that cannot be read as a table at all. Problems with single cells
/// are not read errors: they are reported per cell by the parser.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    /// The file has no bytes, or only white space.
    #[error("the file is empty")]
    Empty,
    /// The file has content but no header row with a column name.
    #[error("the file has no header row")]
    NoHeader,
    /// The file is neither text nor a spreadsheet.
    #[error("the file is not a CSV, XLS or XLSX file (it looks like binary data)")]
    Binary,
    /// The spreadsheet is damaged, truncated or encrypted.
    #[error("the {format} file cannot be read: {reason}")]
    Spreadsheet {
        /// `XLS` or `XLSX`.
        format: &'static str,
        /// What the spreadsheet library reported.
        reason: String,
    },
    /// The spreadsheet is within the upload limit but would expand beyond
    /// what an import may hold (see [`crate::read::limits`]).
    #[error("the {format} file is too large once unpacked: {reason}")]
    TooLarge {
        /// `XLS` or `XLSX`.
        format: &'static str,
        /// Which limit it passes.
        reason: String,
    },
    /// The workbook has no worksheet.
    #[error("the workbook has no worksheet")]
    NoSheet,
    /// The CSV text is malformed beyond recovery.
    #[error("line {line}: {reason}")]
    Csv {
        /// The line the problem was found on.
        line: usize,
        /// What went wrong.
        reason: String,
    },
    /// A row has more cells than allowed.
    #[error("line {line} has {count} columns; at most {max} are allowed")]
    TooManyColumns {
        /// The line of the row.
        line: usize,
        /// How many cells it has.
        count: usize,
        /// The limit.
        max: usize,
    },
    /// The file has more data rows than allowed.
    #[error("the file has more than {max} rows")]
    TooManyRows {
        /// The limit.
        max: usize,
    },
}
