//! The shared strings of a workbook (XLSX `sharedStrings.xml`, XLS `SST`),
//! kept in one buffer. The count a file declares is never trusted (nothing
//! is reserved from it); the strings read are bounded in number and text.

use super::ReadError;
use super::limits::{MAX_SHARED_STRINGS, MAX_SHARED_TEXT_BYTES, too_large};
use crate::table::Format;

/// Every shared string, in order.
#[derive(Debug)]
pub struct StringTable {
    format: Format,
    text: String,
    ends: Vec<u32>,
}

impl StringTable {
    /// An empty table for a file of `format`.
    pub fn new(format: Format) -> StringTable {
        StringTable {
            format,
            text: String::new(),
            ends: Vec::new(),
        }
    }

    /// The string at `index`.
    pub fn get(&self, index: usize) -> Option<&str> {
        let end = *self.ends.get(index)? as usize;
        let start = match index {
            0 => 0,
            _ => self.ends[index - 1] as usize,
        };
        Some(&self.text[start..end])
    }

    /// Appends a string, refused past the limits.
    pub fn push(&mut self, text: &str) -> Result<(), ReadError> {
        if self.ends.len() >= MAX_SHARED_STRINGS {
            return Err(too_large(
                self.format,
                format!("it has more than {MAX_SHARED_STRINGS} shared strings"),
            ));
        }
        if self.text.len() + text.len() > MAX_SHARED_TEXT_BYTES {
            return Err(too_large(
                self.format,
                format!(
                    "its shared strings hold more than {} MiB of text",
                    MAX_SHARED_TEXT_BYTES >> 20
                ),
            ));
        }
        self.text.push_str(text);
        self.ends.push(self.text.len() as u32);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_come_back_by_index_and_past_the_end_is_none() {
        let mut table = StringTable::new(Format::Xls);
        table.push("alpha").unwrap();
        table.push("").unwrap();
        table.push("γ").unwrap();
        assert_eq!(table.get(0), Some("alpha"));
        assert_eq!(table.get(1), Some(""));
        assert_eq!(table.get(2), Some("γ"));
        assert_eq!(table.get(3), None);
    }
}
