//! XLSX packages built from generated parts: the decompression bombs and
//! malformed workbooks the readers must survive.

use std::io::Write;

use super::zip::{ZipEntry, zip};

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>"#;
const PACKAGE_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="extensions" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;

/// Where the shared strings and the sheet go.
pub const SHARED_STRINGS: &str = "xl/sharedStrings.xml";
/// The first worksheet's part.
pub const SHEET: &str = "xl/worksheets/sheet1.xml";

/// The fixed parts of a package with one sheet.
pub fn frame() -> Vec<ZipEntry> {
    vec![
        ZipEntry::deflated("[Content_Types].xml", |w| write(w, CONTENT_TYPES)),
        ZipEntry::deflated("_rels/.rels", |w| write(w, PACKAGE_RELS)),
        ZipEntry::deflated("xl/workbook.xml", |w| write(w, WORKBOOK)),
        ZipEntry::deflated("xl/_rels/workbook.xml.rels", |w| write(w, WORKBOOK_RELS)),
    ]
}

/// A package with these shared strings and sheet parts.
pub fn package(shared: Option<ZipEntry>, sheet: ZipEntry) -> Vec<u8> {
    let mut entries = frame();
    entries.extend(shared);
    entries.push(sheet);
    zip(&entries)
}

/// Writes text to a generated part.
pub fn write(w: &mut dyn Write, text: &str) {
    w.write_all(text.as_bytes()).expect("write into memory");
}

const SST_OPEN: &str = r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#;
const SHEET_OPEN: &str = r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#;
const SHEET_CLOSE: &str = "</sheetData></worksheet>";

/// A shared strings part of `strings`.
pub fn shared_strings(strings: &[&str]) -> ZipEntry {
    ZipEntry::deflated(SHARED_STRINGS, |w| {
        write(w, SST_OPEN);
        for s in strings {
            write(w, &format!("<si><t>{s}</t></si>"));
        }
        write(w, "</sst>");
    })
}

/// A sheet part whose `<sheetData>` body `body` writes.
pub fn sheet(body: impl FnOnce(&mut dyn Write)) -> ZipEntry {
    ZipEntry::deflated(SHEET, |w| {
        write(w, SHEET_OPEN);
        body(w);
        write(w, SHEET_CLOSE);
    })
}

/// The header row `number,name` in row 1.
pub fn header_row(w: &mut dyn Write) {
    write(
        w,
        r#"<row r="1"><c r="A1" t="inlineStr"><is><t>number</t></is></c><c r="B1" t="inlineStr"><is><t>name</t></is></c></row>"#,
    );
}

/// One shared string of `chars` characters used by `cells` cells
/// (`cells / 100` rows of 100 cells): a 32 KB string in 200,000 cells is
/// 6.5 GB of text from a file of about 300 KB. `stored` leaves the sheet
/// uncompressed, to make a file near the upload limit.
pub fn shared_string_bomb(chars: usize, cells: usize, stored: bool) -> Vec<u8> {
    let long = "x".repeat(chars);
    let body = |w: &mut dyn Write| {
        write(w, SHEET_OPEN);
        header_row(w);
        for row in 0..cells.div_ceil(100) {
            write(w, &format!("<row r=\"{}\">", row + 2));
            for col in 0..100 {
                write(
                    w,
                    &format!(
                        "<c r=\"{}{}\" t=\"s\"><v>0</v></c>",
                        column_name(col),
                        row + 2
                    ),
                );
            }
            write(w, "</row>");
        }
        write(w, SHEET_CLOSE);
    };
    let sheet = if stored {
        let mut xml = Vec::new();
        body(&mut xml);
        ZipEntry::stored(SHEET, &xml)
    } else {
        ZipEntry::deflated(SHEET, body)
    };
    package(Some(shared_strings(&[&long])), sheet)
}

/// `count` distinct short shared strings (and a small sheet).
pub fn many_shared_strings(count: usize) -> Vec<u8> {
    let shared = ZipEntry::deflated(SHARED_STRINGS, |w| {
        write(w, SST_OPEN);
        for i in 0..count {
            write(w, &format!("<si><t>s{i}</t></si>"));
        }
        write(w, "</sst>");
    });
    package(Some(shared), sheet(header_row))
}

/// A shared strings part claiming a trillion strings.
pub fn unique_count_claim() -> Vec<u8> {
    let shared = ZipEntry::deflated(SHARED_STRINGS, |w| {
        write(
            w,
            r#"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1000000000000" uniqueCount="1000000000000"><si><t>number</t></si></sst>"#,
        );
    });
    package(Some(shared), sheet(header_row))
}

/// `levels` nested elements inside the sheet data, with varied names so
/// that the part does not compress too well to be read.
pub fn deep_nesting(levels: usize) -> Vec<u8> {
    package(
        None,
        sheet(|w| {
            header_row(w);
            for i in 0..levels {
                write(
                    w,
                    &format!("<n{:x}>", i.wrapping_mul(2_654_435_761) & 0xFFFF_FFFF),
                );
            }
        }),
    )
}

/// A sheet of empty cells that inflates to `bytes` bytes (about 1000 to 1).
pub fn ratio_bomb(bytes: u64) -> Vec<u8> {
    let cell = r#"<row><c t="s"><v>0</v></c></row>"#;
    package(
        Some(shared_strings(&["number"])),
        sheet(|w| {
            let mut written = 0;
            while written < bytes {
                write(w, cell);
                written += cell.len() as u64;
            }
        }),
    )
}

/// A sheet declaring 1 KB that inflates to `bytes`.
pub fn lying_size(bytes: u64) -> Vec<u8> {
    let entry = sheet(|w| {
        header_row(w);
        let mut written = 0;
        while written < bytes {
            write(w, "<row><c t=\"inlineStr\"><is><t>100</t></is></c></row>");
            written += 50;
        }
    })
    .declaring(1000);
    package(None, entry)
}

/// A dimension claiming every cell of a sheet and a cell in the last one.
pub fn huge_dimension() -> Vec<u8> {
    let entry = ZipEntry::deflated(SHEET, |w| {
        write(
            w,
            r#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/><sheetData>"#,
        );
        header_row(w);
        write(
            w,
            r#"<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#,
        );
        write(w, SHEET_CLOSE);
    });
    package(None, entry)
}

/// One inline string of `bytes` bytes of varied text.
pub fn long_text_node(bytes: usize) -> Vec<u8> {
    package(
        None,
        sheet(|w| {
            header_row(w);
            write(w, r#"<row r="2"><c r="A2" t="inlineStr"><is><t>"#);
            let mut state: u32 = 7;
            let mut chunk = String::with_capacity(4096);
            let mut written = 0;
            while written < bytes {
                chunk.clear();
                for _ in 0..4096 {
                    state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    chunk.push(char::from(b'a' + (state >> 16) as u8 % 26));
                }
                write(w, &chunk);
                written += chunk.len();
            }
            write(w, "</t></is></c></row>");
        }),
    )
}

/// `rows` rows each with one cell in the last column allowed (1024).
pub fn wide_rows(rows: usize) -> Vec<u8> {
    package(
        None,
        sheet(|w| {
            header_row(w);
            for row in 0..rows {
                write(
                    w,
                    &format!(
                        "<row r=\"{}\"><c r=\"AMJ{}\"><v>1</v></c></row>",
                        row + 2,
                        row + 2
                    ),
                );
            }
        }),
    )
}

/// The letters of a 0-based column.
pub fn column_name(mut col: usize) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    name.reverse();
    String::from_utf8(name).expect("ASCII letters")
}
