//! Reading XLSX (generated here) and legacy XLS (a committed fixture).

use pbx_interchange::{Format, ReadError, parse_rows, read_table};
use proptest::prelude::*;
use rust_xlsxwriter::Workbook;

use super::cells;

fn xlsx(build: impl FnOnce(&mut rust_xlsxwriter::Worksheet)) -> Vec<u8> {
    let mut workbook = Workbook::new();
    build(workbook.add_worksheet());
    workbook.save_to_buffer().unwrap()
}

#[test]
fn an_xlsx_with_number_text_and_boolean_cells_reads_as_text() {
    let bytes = xlsx(|s| {
        s.write_string(0, 0, "number").unwrap();
        s.write_string(0, 1, "ring_timeout").unwrap();
        s.write_string(0, 2, "dnd").unwrap();
        s.write_number(1, 0, 100.0).unwrap();
        s.write_number(1, 1, 45).unwrap();
        s.write_boolean(1, 2, true).unwrap();
        s.write_string(2, 0, "101").unwrap();
        s.write_string(2, 1, "30").unwrap();
        s.write_boolean(2, 2, false).unwrap();
    });
    let t = read_table(&bytes, "anything.bin").unwrap();
    assert_eq!(t.format, Format::Xlsx);
    assert_eq!(cells(&t), [["100", "45", "yes"], ["101", "30", "no"]]);
    assert_eq!(t.rows[0].line, 2);
}

#[test]
fn empty_trailing_rows_and_gaps_in_an_xlsx_are_ignored() {
    let bytes = xlsx(|s| {
        s.write_string(0, 0, "number").unwrap();
        s.write_number(1, 0, 100).unwrap();
        s.write_string(3, 0, "").unwrap();
        s.write_number(4, 0, 102).unwrap();
        s.write_string(9, 0, "").unwrap();
    });
    let t = read_table(&bytes, "x.xlsx").unwrap();
    assert_eq!(cells(&t), [["100"], ["102"]]);
    assert_eq!(t.rows[1].line, 5);
}

#[test]
fn a_truncated_xlsx_is_a_spreadsheet_error() {
    let bytes = xlsx(|s| {
        s.write_string(0, 0, "number").unwrap();
    });
    for cut in [10, bytes.len() / 2, bytes.len() - 30] {
        let err = read_table(&bytes[..cut], "x.xlsx").unwrap_err();
        assert!(
            matches!(err, ReadError::Spreadsheet { format: "XLSX", .. }),
            "{err}"
        );
    }
}

#[test]
fn an_xlsx_without_cells_is_empty() {
    let bytes = xlsx(|_| {});
    assert_eq!(read_table(&bytes, "x.xlsx"), Err(ReadError::Empty));
}

#[test]
fn a_legacy_xls_reads_numbers_as_whole_numbers_and_booleans_as_yes_no() {
    let bytes = include_bytes!("../fixtures/extensions.xls");
    let t = read_table(bytes, "extensions.xls").unwrap();
    assert_eq!(t.format, Format::Xls);
    assert_eq!(t.headers, ["kind", "number", "name", "ring_timeout", "dnd"]);
    assert_eq!(
        cells(&t),
        [
            ["pjsip", "100", "Alex Reed", "45", "yes"],
            ["sip", "101", "Bella Stone", "30", "no"]
        ]
    );
    let parsed = parse_rows(&t);
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    assert_eq!(parsed.rows[0].number.as_str(), "100");
}

#[test]
fn a_damaged_xls_is_a_spreadsheet_error() {
    let bytes = include_bytes!("../fixtures/extensions.xls");
    let err = read_table(&bytes[..600], "x.xls").unwrap_err();
    assert!(
        matches!(err, ReadError::Spreadsheet { format: "XLS", .. }),
        "{err}"
    );
}

/// The cells calamine (an independent reader) finds in the first sheet,
/// as text the way this crate writes them.
fn calamine_cells(bytes: &[u8]) -> Vec<Vec<String>> {
    use calamine::{Data, Reader};
    let mut workbook: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let range = workbook.worksheet_range_at(0).unwrap().unwrap();
    let mut rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| {
            let mut cells: Vec<String> = r
                .iter()
                .map(|c| match c {
                    Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => {
                        format!("{}", *f as i64)
                    }
                    Data::Float(f) => f.to_string(),
                    Data::Int(i) => i.to_string(),
                    Data::Bool(b) => if *b { "yes" } else { "no" }.to_owned(),
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect();
            while cells.last().is_some_and(String::is_empty) {
                cells.pop();
            }
            cells
        })
        .filter(|r| r.iter().any(|c| !c.trim().is_empty()))
        .collect();
    rows.remove(0);
    rows
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// The streaming reader agrees with calamine on what rust_xlsxwriter
    /// writes: shared strings with markup characters and non-ASCII text,
    /// numbers, booleans and gaps.
    #[test]
    fn the_xlsx_reader_agrees_with_calamine(
        cells in proptest::collection::vec(
            (0u32..40, 0u16..12, prop_oneof![
                "[a-z<>&\"' éß€_x0-9]{0,12}".prop_map(Cell::Text),
                (-1e6f64..1e6).prop_map(Cell::Number),
                proptest::bool::ANY.prop_map(Cell::Bool),
            ]),
            1..80,
        )
    ) {
        let bytes = xlsx(|s| {
            s.write_string(0, 0, "number").unwrap();
            for (row, col, cell) in cells.iter().cloned() {
                match cell {
                    Cell::Text(t) => s.write_string(row + 1, col, t).map(|_| ()),
                    Cell::Number(n) => s.write_number(row + 1, col, n).map(|_| ()),
                    Cell::Bool(b) => s.write_boolean(row + 1, col, b).map(|_| ()),
                }
                .unwrap();
            }
        });
        let ours = match read_table(&bytes, "x.xlsx") {
            Ok(table) => cells_of(&table),
            Err(ReadError::Empty) => Vec::new(),
            Err(e) => panic!("{e}"),
        };
        prop_assert_eq!(ours, calamine_cells(&bytes));
    }
}

#[derive(Debug, Clone)]
enum Cell {
    Text(String),
    Number(f64),
    Bool(bool),
}

fn cells_of(table: &pbx_interchange::Table) -> Vec<Vec<String>> {
    cells(table)
        .into_iter()
        .map(|mut r| {
            while r.last().is_some_and(String::is_empty) {
                r.pop();
            }
            r
        })
        .collect()
}

#[test]
fn xls_shared_strings_continued_over_records_read_as_calamine_reads_them() {
    use pbx_interchange::hostile::xls;
    let long: String = (0..20_000)
        .map(|i| char::from(b'a' + (i % 26) as u8))
        .collect();
    let medium = "m".repeat(8_300);
    let strings = ["number", "name", &long, &medium, "Zoë"];
    let stream = xls::workbook_stream(1, &strings, |out| {
        xls::label_sst(out, 0, 0, 0);
        xls::label_sst(out, 0, 1, 1);
        for (row, index) in [2u32, 3, 4].into_iter().enumerate() {
            xls::number(out, row as u16 + 1, 0, 100.0 + row as f64);
            xls::label_sst(out, row as u16 + 1, 1, index);
        }
    });
    let bytes = xls::compound_file(&stream);
    let table = read_table(&bytes, "x.xls").unwrap();
    let ours = cells(&table);
    assert!(
        ours == [
            ["100", long.as_str()],
            ["101", medium.as_str()],
            ["102", "Zoë"]
        ],
        "the strings differ"
    );
    let mut workbook: calamine::Xls<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(&bytes)).unwrap();
    let range = calamine::Reader::worksheet_range_at(&mut workbook, 0)
        .unwrap()
        .unwrap();
    let theirs: Vec<String> = range.rows().skip(1).map(|r| r[1].to_string()).collect();
    assert!(
        theirs == [long.as_str(), medium.as_str(), "Zoë"],
        "calamine reads otherwise"
    );
}
