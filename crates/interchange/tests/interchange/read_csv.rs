//! Reading delimited text: encodings, delimiters, quoting, errors.

use pbx_interchange::{Format, ReadError, read_table};

use super::{cells, table};

#[test]
fn a_comma_separated_utf8_file_is_read_with_its_line_numbers() {
    let t = table("number,name\n100,Alex\n101,Bella\n");
    assert_eq!(t.format, Format::Csv);
    assert_eq!(t.headers, ["number", "name"]);
    assert_eq!(t.header_line, 1);
    assert_eq!(cells(&t), [["100", "Alex"], ["101", "Bella"]]);
    assert_eq!(t.rows[1].line, 3);
}

#[test]
fn semicolon_tab_and_pipe_delimiters_are_detected() {
    for delimiter in [";", "\t", "|"] {
        let text = format!("number{delimiter}name\n100{delimiter}Alex, Jr\n");
        let t = table(&text);
        assert_eq!(cells(&t), [["100", "Alex, Jr"]], "{delimiter:?}");
    }
}

#[test]
fn a_utf8_bom_is_dropped_from_the_first_header() {
    let t = read_table(b"\xEF\xBB\xBFnumber,name\n100,Jos\xC3\xA9\n", "x.csv").unwrap();
    assert_eq!(t.headers[0], "number");
    assert_eq!(t.rows[0].cell(1), "José");
}

#[test]
fn a_windows_1252_file_is_decoded() {
    let t = read_table(b"number;name\r\n100;Fran\xE7ois \x80\r\n", "x.csv").unwrap();
    assert_eq!(t.rows[0].cell(1), "François €");
}

#[test]
fn a_quoted_field_keeps_its_line_break_and_later_lines_keep_their_numbers() {
    let t = table("number,name\n100,\"two\nlines\"\n101,x\n");
    assert_eq!(t.rows[0].cell(1), "two\nlines");
    assert_eq!(t.rows[0].line, 2);
    assert_eq!(t.rows[1].line, 4);
}

#[test]
fn blank_rows_are_skipped_without_shifting_line_numbers() {
    let t = table("number,name\n\n,\n100,A\n,,\n");
    assert_eq!(t.rows.len(), 1);
    assert_eq!(t.rows[0].line, 4);
}

#[test]
fn crlf_line_ends_are_read() {
    let t = table("number,name\r\n100,A\r\n");
    assert_eq!(cells(&t), [["100", "A"]]);
}

#[test]
fn an_empty_file_is_an_empty_error() {
    assert_eq!(read_table(b"", "x.csv"), Err(ReadError::Empty));
    assert_eq!(
        read_table(b"\xEF\xBB\xBF \n", "x.csv"),
        Err(ReadError::Empty)
    );
}

#[test]
fn a_file_of_separators_only_has_no_header() {
    assert_eq!(read_table(b",,,\n,,\n", "x.csv"), Err(ReadError::NoHeader));
}

#[test]
fn binary_garbage_is_reported_as_not_a_spreadsheet() {
    let garbage: Vec<u8> = (0..2000u32).map(|i| (i * 7919 % 251) as u8).collect();
    assert_eq!(read_table(&garbage, "x.csv"), Err(ReadError::Binary));
    let named = read_table(&garbage, "people.xlsx").unwrap_err();
    assert!(
        matches!(named, ReadError::Spreadsheet { format: "XLSX", .. }),
        "{named}"
    );
}

#[test]
fn a_row_with_too_many_columns_is_refused() {
    let header = vec!["c"; 2000].join(",");
    let err = read_table(header.as_bytes(), "x.csv").unwrap_err();
    assert!(
        matches!(
            err,
            ReadError::TooManyColumns {
                line: 1,
                count: 2000,
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn a_leading_quote_added_against_formulas_is_removed() {
    let t = table("number,caller_id_regex,name\n100,'=1+1,'plain\n");
    assert_eq!(t.rows[0].cell(1), "=1+1");
    assert_eq!(t.rows[0].cell(2), "'plain");
}

#[test]
fn crlf_rows_keep_their_line_numbers() {
    let t = table("\u{feff}number,name\r\n100,A\r\n101,B\r\n");
    assert_eq!(t.rows.iter().map(|r| r.line).collect::<Vec<_>>(), [2, 3]);
}
