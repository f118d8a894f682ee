//! Reads the shared strings part of a workbook into a [`StringTable`].

use quick_xml::events::Event;

use super::package::Package;
use super::text_runs::TextRuns;
use super::xml::Xml;
use crate::read::ReadError;
use crate::read::limits::MAX_SHARED_XML_BYTES;
use crate::read::string_table::StringTable;
use crate::table::Format;

/// The shared strings of the part at `path` (none when it is missing).
pub fn read(package: &Package<'_>, path: &str) -> Result<StringTable, ReadError> {
    let mut strings = StringTable::new(Format::Xlsx);
    let Some(entry) = package.entry(path) else {
        return Ok(strings);
    };
    let mut xml = Xml::new(package.open_entry(entry, MAX_SHARED_XML_BYTES)?, path);
    let mut buf = Vec::new();
    let mut runs = TextRuns::default();
    let mut inside = false;
    loop {
        let event = xml.next(&mut buf)?;
        match &event {
            Event::Empty(e) if e.local_name().as_ref() == "si" => strings.push("")?,
            Event::Start(e) if e.local_name().as_ref() == "si" => {
                runs.clear();
                inside = true;
            }
            Event::End(e) if inside && e.local_name().as_ref() == "si" => {
                strings.push(&runs.text)?;
                inside = false;
            }
            Event::Eof => return Ok(strings),
            other if inside => runs.take(other)?,
            _ => {}
        }
    }
}
