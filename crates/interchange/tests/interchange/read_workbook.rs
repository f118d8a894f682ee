//! Reading XLSX (generated here) and legacy XLS (a committed fixture).

use pbx_interchange::{Format, ReadError, parse_rows, read_table};
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
