//! The format-neutral table every reader produces: a header and data rows.

/// The file format a table was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Delimited text (comma, semicolon, tab or pipe).
    Csv,
    /// Excel 97-2003 (BIFF in an OLE compound file).
    Xls,
    /// Office Open XML workbook.
    Xlsx,
}

impl Format {
    /// A short name for messages: `CSV`, `XLS`, `XLSX`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Csv => "CSV",
            Format::Xls => "XLS",
            Format::Xlsx => "XLSX",
        }
    }
}

/// A whole file: its header cells and its non-blank data rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// The format the table was read from.
    pub format: Format,
    /// The header cells, trimmed, as written in the file.
    pub headers: Vec<String>,
    /// The line (spreadsheet row) the header was on, 1-based.
    pub header_line: usize,
    /// The data rows, blank rows left out.
    pub rows: Vec<Row>,
}

/// One data row. Cells are kept in one buffer, so a large file costs one
/// allocation per row rather than one per cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The 1-based line of the file (the spreadsheet row number) the row
    /// starts on, as the user sees it: the header is usually line 1, the
    /// first data row line 2.
    pub line: usize,
    text: String,
    ends: Vec<u32>,
}

impl Row {
    /// A row from its cells.
    pub fn new<S: AsRef<str>>(line: usize, cells: impl IntoIterator<Item = S>) -> Row {
        let mut row = Row {
            line,
            text: String::new(),
            ends: Vec::new(),
        };
        for cell in cells {
            row.push(cell.as_ref());
        }
        row
    }

    /// An empty row to fill with [`Row::push`].
    pub(crate) fn with_capacity(line: usize, bytes: usize, cells: usize) -> Row {
        Row {
            line,
            text: String::with_capacity(bytes),
            ends: Vec::with_capacity(cells),
        }
    }

    /// Appends a cell.
    pub(crate) fn push(&mut self, cell: &str) {
        self.text.push_str(cell);
        // Files are bounded far below 4 GiB per row by the reader limits.
        self.ends
            .push(u32::try_from(self.text.len()).unwrap_or(u32::MAX));
    }

    /// The number of cells.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// True when the row has no cells at all.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The cell at `index`, or `""` past the end of the row (spreadsheet
    /// programs drop trailing empty cells).
    pub fn cell(&self, index: usize) -> &str {
        let Some(&end) = self.ends.get(index) else {
            return "";
        };
        let start = if index == 0 { 0 } else { self.ends[index - 1] };
        &self.text[start as usize..end as usize]
    }

    /// Every cell, in order.
    pub fn cells(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).map(|i| self.cell(i))
    }

    /// True when every cell is empty or white space.
    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_gives_back_its_cells_and_empty_text_past_its_end() {
        let row = Row::new(2, ["100", "", "Alex Reed"]);
        assert_eq!(row.cells().collect::<Vec<_>>(), ["100", "", "Alex Reed"]);
        assert_eq!(row.cell(7), "");
        assert_eq!(row.len(), 3);
    }

    #[test]
    fn a_row_of_empty_cells_is_blank() {
        assert!(Row::new(3, ["", " ", ""]).is_blank());
        assert!(!Row::new(3, ["", "x"]).is_blank());
    }
}
