//! How spreadsheet values read as text, and rows made from positioned
//! cells; shared by the XLS and XLSX readers.

use super::limits::Budget;
use super::{MAX_COLUMNS, ReadError};
use crate::table::Row;

/// Whole numbers stored as floats (`100.0`) read as `100`.
pub fn number_text(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        value.to_string()
    }
}

/// Booleans read as `yes` and `no`.
pub fn bool_text(value: bool) -> String {
    if value { "yes" } else { "no" }.to_owned()
}

/// The error for a cell past the last column allowed.
pub fn too_many_columns(line: usize, col: usize) -> ReadError {
    ReadError::TooManyColumns {
        line,
        count: col + 1,
        max: MAX_COLUMNS,
    }
}

/// The row at `line` from `(column, text)` cells in any order (a later
/// cell of the same column wins), gaps filled with empty cells; charged to
/// `budget`. `cells` is left empty for reuse.
pub fn row_of(
    line: usize,
    cells: &mut Vec<(usize, String)>,
    budget: &mut Budget,
) -> Result<Row, ReadError> {
    cells.sort_by_key(|(col, _)| *col);
    let width = cells.last().map_or(0, |(col, _)| col + 1);
    let bytes: usize = cells.iter().map(|(_, t)| t.len()).sum();
    budget.spend(width, bytes)?;
    let mut row = Row::with_capacity(line, bytes, width);
    let mut iter = cells.drain(..).peekable();
    for col in 0..width {
        let mut text = None;
        while let Some((_, cell)) = iter.next_if(|(c, _)| *c == col) {
            text = Some(cell);
        }
        row.push(text.as_deref().unwrap_or(""));
    }
    Ok(row)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::Format;

    #[test]
    fn whole_floats_lose_their_fraction_and_others_keep_it() {
        assert_eq!(number_text(100.0), "100");
        assert_eq!(number_text(-5.0), "-5");
        assert_eq!(number_text(2.5), "2.5");
    }

    #[test]
    fn cells_are_placed_by_column_and_the_last_of_a_column_wins() {
        let mut budget = Budget::new(Format::Xlsx);
        let mut cells = vec![
            (2, "c".to_owned()),
            (0, "a".to_owned()),
            (2, "d".to_owned()),
        ];
        let row = row_of(4, &mut cells, &mut budget).unwrap();
        assert_eq!(row.cells().collect::<Vec<_>>(), ["a", "", "d"]);
        assert_eq!(row.line, 4);
    }
}
