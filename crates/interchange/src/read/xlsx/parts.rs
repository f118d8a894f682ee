//! Finding the parts of a workbook: the main document from the package
//! relationships, its first sheet and its shared strings from the
//! workbook's relationships.

use quick_xml::events::Event;

use super::package::{Package, damaged};
use super::xml::{Xml, attribute};
use crate::read::ReadError;
use crate::read::limits::MAX_SMALL_PART_BYTES;

/// Where the first worksheet and the shared strings are.
pub struct Parts {
    pub sheet: String,
    pub shared_strings: Option<String>,
}

/// One `<Relationship>`.
struct Relationship {
    id: String,
    kind: String,
    target: String,
}

/// Locates the first worksheet and the shared strings of `package`.
pub fn locate(package: &Package<'_>) -> Result<Parts, ReadError> {
    let office = relationships(package, "_rels/.rels")?
        .into_iter()
        .find(|r| r.kind.ends_with("/officeDocument"))
        .map_or_else(|| "xl/workbook.xml".to_owned(), |r| resolve("", &r.target));
    if !package.has(&office) {
        return Err(damaged("it has no workbook part"));
    }
    let (dir, file) = office.rsplit_once('/').unwrap_or(("", office.as_str()));
    let rels_path = if dir.is_empty() {
        format!("_rels/{file}.rels")
    } else {
        format!("{dir}/_rels/{file}.rels")
    };
    let rels = relationships(package, &rels_path)?;
    let first = first_sheet_id(package, &office)?.ok_or(ReadError::NoSheet)?;
    let sheet = rels
        .iter()
        .find(|r| r.id == first)
        .ok_or_else(|| damaged("the first sheet has no part"))?;
    if !sheet.kind.ends_with("/worksheet") {
        return Err(damaged("the first sheet is not a worksheet"));
    }
    let shared_strings = rels
        .iter()
        .find(|r| r.kind.ends_with("/sharedStrings"))
        .map(|r| resolve(dir, &r.target))
        .filter(|path| package.has(path));
    Ok(Parts {
        sheet: resolve(dir, &sheet.target),
        shared_strings,
    })
}

/// The relationships listed in `path`; none when the part is missing.
fn relationships(package: &Package<'_>, path: &str) -> Result<Vec<Relationship>, ReadError> {
    let Some(entry) = package.entry(path) else {
        return Ok(Vec::new());
    };
    let mut xml = Xml::new(package.open_entry(entry, MAX_SMALL_PART_BYTES)?, path);
    let mut buf = Vec::new();
    let mut found = Vec::new();
    loop {
        match xml.next(&mut buf)? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                found.push(Relationship {
                    id: attribute(&e, "Id").unwrap_or_default(),
                    kind: attribute(&e, "Type").unwrap_or_default(),
                    target: attribute(&e, "Target").unwrap_or_default(),
                });
            }
            Event::Eof => return Ok(found),
            _ => {}
        }
    }
}

/// The relationship id of the workbook's first `<sheet>`.
fn first_sheet_id(package: &Package<'_>, path: &str) -> Result<Option<String>, ReadError> {
    let Some(entry) = package.entry(path) else {
        return Ok(None);
    };
    let mut xml = Xml::new(package.open_entry(entry, MAX_SMALL_PART_BYTES)?, path);
    let mut buf = Vec::new();
    loop {
        match xml.next(&mut buf)? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "sheet" => {
                return Ok(attribute(&e, "id"));
            }
            Event::Eof => return Ok(None),
            _ => {}
        }
    }
}

/// `target` relative to the folder `dir` (or absolute with a leading
/// slash), with `.` and `..` steps resolved.
fn resolve(dir: &str, target: &str) -> String {
    let joined = match target.strip_prefix('/') {
        Some(absolute) => absolute.to_owned(),
        None if dir.is_empty() => target.to_owned(),
        None => format!("{dir}/{target}"),
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in joined.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::resolve;

    #[test]
    fn targets_resolve_against_the_workbook_folder() {
        assert_eq!(
            resolve("xl", "worksheets/sheet1.xml"),
            "xl/worksheets/sheet1.xml"
        );
        assert_eq!(
            resolve("xl", "/xl/sharedStrings.xml"),
            "xl/sharedStrings.xml"
        );
        assert_eq!(
            resolve("xl/sub", "../worksheets/s.xml"),
            "xl/worksheets/s.xml"
        );
        assert_eq!(resolve("", "xl/workbook.xml"), "xl/workbook.xml");
    }
}
