//! XLSX packages from random structure: shared strings (many, long, with
//! markup, entities, Excel escapes, rich and phonetic runs, false counts),
//! sheets (row and cell references valid, invalid, out of order or huge;
//! every cell type; indexes past the table; dimension claims; deep
//! nesting; repeated long strings), and the package itself (sizes and
//! methods that lie, missing or misnamed parts, relationships that point
//! elsewhere, byte flips in headers, truncation).

use std::io::Write;

use pbx_interchange::hostile::xlsx::{SHARED_STRINGS, SHEET, column_name, frame, write};
use pbx_interchange::hostile::zip::{ZipEntry, zip};

use super::rng::Rng;

const TEXT: &[&str] = &[
    "a",
    "Z",
    "0",
    "9",
    " ",
    "&amp;",
    "&lt;",
    "&#x41;",
    "&#0;",
    "&bogus;",
    "_x000D_",
    "_x005F_",
    "_xD800_",
    "é",
    "€",
    "漢",
    "<",
    ">",
    "\"",
    "'",
    "]]>",
    "\u{1F600}",
];

fn shared_strings(rng: &mut Rng) -> (ZipEntry, u64) {
    let count = rng.size(100_000);
    let long = rng.size(40_000) as usize;
    let claim = *rng.pick(&[
        "",
        " uniqueCount=\"1000000000000\"",
        " count=\"-1\"",
        " uniqueCount=\"abc\"",
    ]);
    let mut items = Vec::new();
    for i in 0..count.min(64) {
        let len = if i == 0 { long } else { rng.size(40) as usize };
        items.push(rng.text(TEXT, len));
    }
    let rich = rng.one_in(3);
    let entry = ZipEntry::deflated(SHARED_STRINGS, |w: &mut dyn Write| {
        write(
            w,
            &format!("<?xml version=\"1.0\"?><sst xmlns=\"x\"{claim}>"),
        );
        for i in 0..count {
            let text = &items[(i % items.len().max(1) as u64) as usize % items.len().max(1)];
            if rich {
                write(
                    w,
                    &format!(
                        "<si><r><t xml:space=\"preserve\">{text}</t></r><rPh><t>ignored</t></rPh><t>{i}</t></si>"
                    ),
                );
            } else if i % 7 == 3 {
                write(w, "<si/>");
            } else {
                write(w, &format!("<si><t>{text}</t></si>"));
            }
        }
        write(w, "</sst>");
    });
    (entry, count)
}

fn sheet(rng: &mut Rng, strings: u64) -> ZipEntry {
    // Wide or long, not both: generating stays quick, so a run sees many
    // inputs.
    let width = 1 + rng.size(1100);
    let rows = rng.size(200_000 / width);
    let depth = if rng.one_in(10) { rng.size(200_000) } else { 0 };
    let dimension = *rng.pick(&[
        "",
        "<dimension ref=\"A1:XFD1048576\"/>",
        "<dimension ref=\"ZZZZ0\"/>",
    ]);
    let mut plan = Vec::new();
    for _ in 0..rows.min(2_000) {
        plan.push((rng.next(), rng.next()));
    }
    ZipEntry::deflated(SHEET, |w: &mut dyn Write| {
        write(
            w,
            &format!("<?xml version=\"1.0\"?><worksheet xmlns=\"x\">{dimension}<sheetData>"),
        );
        for i in 0..depth {
            write(w, &format!("<d{}>", i % 97));
        }
        write(
            w,
            "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>number</t></is></c><c r=\"B1\" t=\"inlineStr\"><is><t>name</t></is></c></row>",
        );
        for r in 0..rows {
            let (a, b) = plan[(r % plan.len().max(1) as u64) as usize % plan.len().max(1)];
            let line = match a % 20 {
                0 => "0".to_owned(),
                1 => "99999999999".to_owned(),
                2 => "x".to_owned(),
                3 => String::new(),
                _ => (r + 2).to_string(),
            };
            if line.is_empty() {
                write(w, "<row>");
            } else {
                write(w, &format!("<row r=\"{line}\">"));
            }
            let cells = 1 + (b % width);
            for c in 0..cells {
                let pick = (a >> (c % 32)) ^ (b >> (c % 29));
                let col = match pick % 30 {
                    0 => "XFD".to_owned(),
                    1 => "a".to_owned(),
                    2 => String::new(),
                    _ => column_name((c * (1 + pick % 3)) as usize),
                };
                let reference = if col.is_empty() {
                    String::new()
                } else {
                    format!(" r=\"{col}{}\"", r + 2)
                };
                let cell = match pick % 9 {
                    0 => format!("<c{reference} t=\"s\"><v>{}</v></c>", pick % (strings + 3)),
                    1 => format!("<c{reference} t=\"s\"><v>0</v></c>"),
                    2 => format!(
                        "<c{reference} t=\"inlineStr\"><is><t>{}</t><r><t>&amp;x</t></r></is></c>",
                        100 + r
                    ),
                    3 => format!("<c{reference} t=\"b\"><v>{}</v></c>", pick % 3),
                    4 => format!("<c{reference} t=\"e\"><v>#N/A</v></c>"),
                    5 => format!("<c{reference} t=\"str\"><f>A1</f><v>v&lt;{r}</v></c>"),
                    6 => format!(
                        "<c{reference}><v>{}</v></c>",
                        ["1e308", "NaN", "-0", "100", "1.5", "x"][(pick % 6) as usize]
                    ),
                    7 => format!("<c{reference}/>"),
                    _ => format!("<c{reference} t=\"s\"><v>-1</v></c>"),
                };
                write(w, &cell);
            }
            write(w, "</row>");
        }
        write(w, "</sheetData></worksheet>");
    })
}

pub fn generate(rng: &mut Rng) -> Vec<u8> {
    let (strings, count) = shared_strings(rng);
    let sheet = sheet(rng, count);
    let mut entries = frame();
    entries.push(strings);
    entries.push(sheet);
    for entry in &mut entries {
        if rng.one_in(30) {
            let lie = *rng.pick(&[0u32, 1, 1000, u32::MAX - 1, 0x7FFF_FFFF]);
            *entry = std::mem::replace(entry, ZipEntry::stored("x", b"")).declaring(lie);
        }
        if rng.one_in(40) {
            let method = *rng.pick(&[0u16, 12, 14, 99]);
            *entry = std::mem::replace(entry, ZipEntry::stored("x", b"")).with_method(method);
        }
    }
    if rng.one_in(15) {
        let drop = rng.below(entries.len() as u64) as usize;
        entries.remove(drop);
    }
    if rng.one_in(15) {
        let rels = *rng.pick(&[
            "<Relationships><Relationship Id=\"rId1\" Type=\"x/worksheet\" Target=\"../../../etc/passwd\"/></Relationships>",
            "<Relationships><Relationship Id=\"rId1\" Type=\"x/worksheet\" Target=\"sharedStrings.xml\"/></Relationships>",
            "<Relationships><Relationship Id=\"rId1\" Type=\"x/chartsheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>",
            "<Relationships/>",
        ]);
        entries.push(ZipEntry::stored(
            "xl/_rels/workbook.xml.rels",
            rels.as_bytes(),
        ));
    }
    let mut bytes = zip(&entries);
    if rng.one_in(6) {
        // The headers and the central directory are near the two ends.
        let count = 1 + rng.size(16) as usize;
        let from = if rng.one_in(2) {
            0
        } else {
            bytes.len().saturating_sub(400)
        };
        rng.flip(&mut bytes, from, count);
    }
    if rng.one_in(8) {
        let cut = rng.below(bytes.len() as u64 + 1) as usize;
        bytes.truncate(cut);
    }
    bytes
}
