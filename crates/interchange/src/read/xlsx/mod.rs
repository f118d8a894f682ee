//! Reads the first worksheet of an XLSX package as a stream of rows,
//! within the budgets of [`crate::read::limits`].

mod package;
mod parts;
mod shared_strings;
mod sheet;
mod text_runs;
mod xml;

use package::Package;
pub use sheet::SheetRows;

use super::ReadError;
use super::limits::MAX_SHEET_XML_BYTES;
use super::string_table::StringTable;

/// The rows of the first worksheet of `bytes`, header included.
pub fn read_xlsx(bytes: &[u8]) -> Result<SheetRows<'_>, ReadError> {
    let package = Package::open(bytes)?;
    let parts = parts::locate(&package)?;
    let strings = match &parts.shared_strings {
        Some(path) => shared_strings::read(&package, path)?,
        None => StringTable::new(crate::table::Format::Xlsx),
    };
    let entry = package
        .entry(&parts.sheet)
        .ok_or_else(|| package::damaged("the first sheet has no part"))?;
    let reader = package.open_entry(entry, MAX_SHEET_XML_BYTES)?;
    Ok(SheetRows::new(xml::Xml::new(reader, &parts.sheet), strings))
}
