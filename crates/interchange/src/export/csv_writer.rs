//! The one CSV writer of pbx: comma-separated, CRLF line ends, a cell
//! quoted only when it holds a comma, a quote or a line break, and every
//! cell formula-guarded (see `formula_guard`). The import-format export
//! writes through it, and so do the web's list and audit downloads.

use std::io::Write;

use crate::formula_guard::guard;

/// Writes rows of text cells as CSV.
pub struct CsvWriter<W: Write> {
    writer: csv::Writer<W>,
}

impl<W: Write> CsvWriter<W> {
    /// A writer that starts with the first row (no byte-order mark).
    pub fn new(out: W) -> CsvWriter<W> {
        CsvWriter {
            writer: csv::WriterBuilder::new()
                .terminator(csv::Terminator::CRLF)
                .from_writer(out),
        }
    }

    /// A writer that starts with a UTF-8 byte-order mark, so spreadsheet
    /// programs pick the right encoding.
    pub fn with_bom(mut out: W) -> std::io::Result<CsvWriter<W>> {
        out.write_all("\u{feff}".as_bytes())?;
        Ok(CsvWriter::new(out))
    }

    /// Writes a header row of column names as they are (names are ours,
    /// never a formula).
    pub fn header<I, T>(&mut self, names: I) -> std::io::Result<()>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<[u8]>,
    {
        self.writer.write_record(names)?;
        Ok(())
    }

    /// Writes one row of values, each formula-guarded. Every row has as
    /// many cells as the first.
    pub fn row<I, T>(&mut self, cells: I) -> std::io::Result<()>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<str>,
    {
        for cell in cells {
            self.writer.write_field(guard(cell.as_ref()).as_bytes())?;
        }
        self.writer.write_record(None::<&[u8]>)?;
        Ok(())
    }

    /// Flushes and returns the output.
    pub fn finish(self) -> std::io::Result<W> {
        self.writer
            .into_inner()
            .map_err(|e| std::io::Error::other(e.to_string()))
    }
}

impl CsvWriter<Vec<u8>> {
    /// The text written so far, flushed (CSV of `&str` cells is UTF-8).
    pub fn into_string(self) -> String {
        let bytes = self.finish().expect("writing to a Vec cannot fail");
        String::from_utf8(bytes).expect("cells and names are UTF-8")
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::CsvWriter;

    fn one_row(cells: &[&str]) -> String {
        let mut writer = CsvWriter::new(Vec::new());
        writer.row(cells).unwrap();
        writer.into_string()
    }

    #[test]
    fn formula_cells_are_guarded_and_quoted_cells_escaped() {
        assert_eq!(
            one_row(&["=HYPERLINK(\"x\")", "+1", "@SUM", "\tx", "a,b", "Alex Reed"]),
            "\"'=HYPERLINK(\"\"x\"\")\",'+1,'@SUM,'\tx,\"a,b\",Alex Reed\r\n"
        );
    }

    #[test]
    fn a_line_break_or_quote_is_quoted_and_a_leading_quote_is_looked_through() {
        assert_eq!(
            one_row(&["a\nb", "a\rb", "say \"hi\"", "'=x", "'plain", ""]),
            "\"a\nb\",\"a\rb\",\"say \"\"hi\"\"\",''=x,'plain,\r\n"
        );
    }

    #[test]
    fn the_header_is_written_as_is_and_the_bom_only_when_asked() {
        let mut plain = CsvWriter::new(Vec::new());
        plain.header(["number", "name"]).unwrap();
        assert_eq!(plain.into_string(), "number,name\r\n");
        let mut marked = CsvWriter::with_bom(Vec::new()).unwrap();
        marked.header(["number"]).unwrap();
        assert_eq!(marked.into_string(), "\u{feff}number\r\n");
    }

    /// The rule the web downloads were written by before they used this
    /// writer: guard, then quote a cell holding a comma, a quote or a line
    /// break, doubling its quotes.
    fn by_the_rule(cells: &[String]) -> String {
        let cells: Vec<String> = cells
            .iter()
            .map(|value| {
                let guarded = if value
                    .trim_start_matches('\'')
                    .starts_with(['=', '+', '-', '@', '\t', '\r'])
                {
                    format!("'{value}")
                } else {
                    value.clone()
                };
                if guarded.contains([',', '"', '\n', '\r']) {
                    format!("\"{}\"", guarded.replace('"', "\"\""))
                } else {
                    guarded
                }
            })
            .collect();
        format!("{}\r\n", cells.join(","))
    }

    proptest! {
        #[test]
        fn every_row_of_two_or_more_cells_follows_the_rule(
            cells in proptest::collection::vec("['=+@,\"\t\r\n a-c-]{0,6}", 2..6)
        ) {
            let mut writer = CsvWriter::new(Vec::new());
            writer.row(&cells).unwrap();
            prop_assert_eq!(writer.into_string(), by_the_rule(&cells));
        }
    }
}
