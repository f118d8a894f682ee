//! XLS workbooks (BIFF8 in a compound file) built record by record: shared
//! string bombs, false dimensions, sheets repeated, looping sector chains.

use std::io::{Cursor, Write};

/// The most data a BIFF8 record holds; longer data goes on in CONTINUE.
const MAX_RECORD: usize = 8224;

/// Appends one record.
pub fn record(out: &mut Vec<u8>, kind: u16, data: &[u8]) {
    out.extend(kind.to_le_bytes());
    out.extend((data.len() as u16).to_le_bytes());
    out.extend(data);
}

/// The BOF record of the globals (`0x0005`) or a worksheet (`0x0010`).
pub fn bof(out: &mut Vec<u8>, kind: u16) {
    let mut data = vec![0x00, 0x06];
    data.extend(kind.to_le_bytes());
    data.extend([0xBB, 0x0D, 0xCC, 0x07, 0, 0, 0, 0, 0x06, 0, 0, 0]);
    record(out, 0x0809, &data);
}

/// An SST record (with CONTINUE records as needed) of strings, written as
/// Latin-1 (characters past U+00FF are not representable and become `?`).
pub fn sst(out: &mut Vec<u8>, strings: &[&str]) {
    let mut records: Vec<Vec<u8>> = vec![Vec::new()];
    let count = strings.len() as u32;
    records[0].extend(count.to_le_bytes());
    records[0].extend(count.to_le_bytes());
    for s in strings {
        let latin1: Vec<u8> = s.chars().map(|c| u8::try_from(c).unwrap_or(b'?')).collect();
        let bytes = latin1.as_slice();
        if records.last().expect("one record").len() + 3 > MAX_RECORD {
            records.push(Vec::new());
        }
        let current = records.last_mut().expect("one record");
        current.extend((bytes.len() as u16).to_le_bytes());
        current.push(0);
        let mut rest = bytes;
        loop {
            let current = records.last_mut().expect("one record");
            let room = MAX_RECORD - current.len();
            let n = room.min(rest.len());
            current.extend(&rest[..n]);
            rest = &rest[n..];
            if rest.is_empty() {
                break;
            }
            // The continued characters start with their width flag.
            records.push(vec![0]);
        }
    }
    for (i, data) in records.iter().enumerate() {
        record(out, if i == 0 { 0x00FC } else { 0x003C }, data);
    }
}

/// A LABELSST cell.
pub fn label_sst(out: &mut Vec<u8>, row: u16, col: u16, index: u32) {
    let mut data = Vec::with_capacity(10);
    data.extend(row.to_le_bytes());
    data.extend(col.to_le_bytes());
    data.extend(0x000Fu16.to_le_bytes());
    data.extend(index.to_le_bytes());
    record(out, 0x00FD, &data);
}

/// A NUMBER cell.
pub fn number(out: &mut Vec<u8>, row: u16, col: u16, value: f64) {
    let mut data = Vec::with_capacity(14);
    data.extend(row.to_le_bytes());
    data.extend(col.to_le_bytes());
    data.extend(0x000Fu16.to_le_bytes());
    data.extend(value.to_le_bytes());
    record(out, 0x0203, &data);
}

/// A DIMENSIONS record claiming rows `first..last` and columns `0..cols`.
pub fn dimensions(out: &mut Vec<u8>, first: u32, last: u32, cols: u16) {
    let mut data = Vec::new();
    data.extend(first.to_le_bytes());
    data.extend(last.to_le_bytes());
    data.extend(0u16.to_le_bytes());
    data.extend(cols.to_le_bytes());
    data.extend(0u16.to_le_bytes());
    record(out, 0x0200, &data);
}

/// A workbook stream: globals with `sheets` BOUNDSHEET records (all
/// pointing at the one worksheet), shared strings, then the worksheet whose
/// cell records `cells` writes.
pub fn workbook_stream(
    sheets: usize,
    strings: &[&str],
    cells: impl FnOnce(&mut Vec<u8>),
) -> Vec<u8> {
    let mut tail = Vec::new();
    sst(&mut tail, strings);
    record(&mut tail, 0x000A, &[]);
    let bound_len = |i: usize| 4 + 8 + format!("s{i}").len();
    let mut head = Vec::new();
    bof(&mut head, 0x0005);
    let sheet_at = head.len() + (0..sheets).map(bound_len).sum::<usize>() + tail.len();
    for i in 0..sheets {
        let name = format!("s{i}");
        let mut data = Vec::new();
        data.extend((sheet_at as u32).to_le_bytes());
        data.extend([0, 0, name.len() as u8, 0]);
        data.extend(name.as_bytes());
        record(&mut head, 0x0085, &data);
    }
    head.extend(tail);
    bof(&mut head, 0x0010);
    cells(&mut head);
    record(&mut head, 0x000A, &[]);
    head
}

/// A compound file holding `stream` as its `Workbook`.
pub fn compound_file(stream: &[u8]) -> Vec<u8> {
    let mut file =
        cfb::CompoundFile::create_with_version(cfb::Version::V3, Cursor::new(Vec::new()))
            .expect("create in memory");
    {
        let mut workbook = file.create_stream("/Workbook").expect("a new stream");
        workbook.write_all(stream).expect("write into memory");
    }
    file.flush().expect("flush into memory");
    file.into_inner().into_inner()
}

/// A header row `number`, `name` in row 0 from shared strings 0 and 1.
fn header(out: &mut Vec<u8>) {
    label_sst(out, 0, 0, 0);
    label_sst(out, 0, 1, 1);
}

/// One shared string of `chars` characters used by `cells` cells (100 to
/// a row): 8,000 characters in 70,000 cells is 560 MB of text from 1 MB.
pub fn shared_string_bomb(chars: usize, cells: usize) -> Vec<u8> {
    let long = "x".repeat(chars);
    let stream = workbook_stream(1, &["number", "name", &long], |out| {
        header(out);
        for i in 0..cells {
            label_sst(out, (1 + i / 100) as u16, (i % 100) as u16, 2);
        }
    });
    compound_file(&stream)
}

/// A worksheet claiming 2^32 rows by 256 columns, with two cells.
pub fn dimension_claim() -> Vec<u8> {
    let stream = workbook_stream(1, &["number", "name"], |out| {
        dimensions(out, 0, u32::MAX, 256);
        header(out);
        number(out, 1, 0, 100.0);
    });
    compound_file(&stream)
}

/// Cells in the first and the last cell of a sheet (a dense grid between
/// them is 16.7 million cells), listed by `sheets` sheets.
pub fn far_corners(sheets: usize) -> Vec<u8> {
    let stream = workbook_stream(sheets, &["number", "name"], |out| {
        header(out);
        number(out, 1, 0, 100.0);
        number(out, u16::MAX, 255, 1.0);
    });
    compound_file(&stream)
}

/// A valid workbook whose directory sector chain loops onto itself.
pub fn looping_directory() -> Vec<u8> {
    let stream = workbook_stream(1, &["number", "name"], |out| {
        header(out);
        number(out, 1, 0, 100.0);
    });
    let mut file = compound_file(&stream);
    let u32_at =
        |f: &[u8], at: usize| u32::from_le_bytes(f[at..at + 4].try_into().expect("4 bytes"));
    let dir_start = u32_at(&file, 48) as usize;
    let fat_sector = u32_at(&file, 76) as usize;
    let sector = 1usize << u16::from_le_bytes([file[30], file[31]]);
    let entry = (fat_sector + 1) * sector + dir_start * 4;
    file[entry..entry + 4].copy_from_slice(&(dir_start as u32).to_le_bytes());
    file
}
