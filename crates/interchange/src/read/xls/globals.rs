//! The workbook globals of an XLS file: its version, code page, shared
//! strings and where its first worksheet starts.

use super::damaged;
use super::records::Stream;
use crate::read::ReadError;
use crate::read::string_table::StringTable;
use crate::table::Format;

const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const CODEPAGE: u16 = 0x0042;
const FILEPASS: u16 = 0x002F;
const BOUNDSHEET: u16 = 0x0085;
const SST: u16 = 0x00FC;

/// What the sheets need from the globals.
pub struct Globals {
    /// BIFF8 (true) or BIFF5.
    pub biff8: bool,
    /// The code page of BIFF5 byte strings.
    pub encoding: &'static encoding_rs::Encoding,
    pub strings: StringTable,
    /// The stream offset of the first worksheet's BOF record.
    pub first_sheet: usize,
}

/// Reads the globals substream, which starts the workbook stream.
pub fn read(stream: &mut Stream) -> Result<Globals, ReadError> {
    let (kind, range) = stream
        .next()?
        .ok_or_else(|| damaged("the workbook is empty"))?;
    let bof = stream.bytes(range);
    if kind != BOF || bof.len() < 4 {
        return Err(damaged("the workbook does not start with a BOF record"));
    }
    let biff8 = match u16::from_le_bytes([bof[0], bof[1]]) {
        0x0600 => true,
        0x0500 => false,
        _ => {
            return Err(damaged(
                "only Excel 95 (BIFF5) and 97-2003 (BIFF8) files are supported",
            ));
        }
    };
    let mut globals = Globals {
        biff8,
        encoding: encoding_rs::WINDOWS_1252,
        strings: StringTable::new(Format::Xls),
        first_sheet: usize::MAX,
    };
    while let Some((kind, range)) = stream.next()? {
        match kind {
            EOF => break,
            FILEPASS => {
                return Err(ReadError::Spreadsheet {
                    format: Format::Xls.name(),
                    reason: "it is encrypted".into(),
                });
            }
            CODEPAGE => {
                let data = stream.bytes(range);
                if data.len() >= 2 {
                    globals.encoding = code_page(u16::from_le_bytes([data[0], data[1]]));
                }
            }
            BOUNDSHEET => {
                let data = stream.bytes(range);
                // Only worksheets (type 0) are read; charts and macros are not.
                if data.len() >= 6 && data[5] == 0 && globals.first_sheet == usize::MAX {
                    globals.first_sheet =
                        u32::from_le_bytes([data[0], data[1], data[2], data[3]]) as usize;
                }
            }
            SST if biff8 => read_sst(stream, range, &mut globals.strings)?,
            _ => {}
        }
    }
    if globals.first_sheet == usize::MAX {
        return Err(ReadError::NoSheet);
    }
    Ok(globals)
}

/// The shared string table: two counts (ignored: nothing is reserved from
/// them), then strings until the record and its continuations end.
fn read_sst(
    stream: &mut Stream,
    range: std::ops::Range<usize>,
    strings: &mut StringTable,
) -> Result<(), ReadError> {
    let mut segments = stream.segments(range);
    segments.skip(8)?;
    let mut text = String::new();
    while !segments.at_end() {
        text.clear();
        segments.unicode_string(true, &mut text)?;
        strings.push(&text)?;
    }
    Ok(())
}

/// The encoding of a BIFF5 code page (Windows-1252 when unknown).
fn code_page(page: u16) -> &'static encoding_rs::Encoding {
    use encoding_rs::{
        BIG5, EUC_KR, GBK, MACINTOSH, SHIFT_JIS, WINDOWS_874, WINDOWS_1250, WINDOWS_1251,
        WINDOWS_1252, WINDOWS_1253, WINDOWS_1254, WINDOWS_1255, WINDOWS_1256, WINDOWS_1257,
        WINDOWS_1258,
    };
    match page {
        874 => WINDOWS_874,
        932 => SHIFT_JIS,
        936 => GBK,
        949 => EUC_KR,
        950 => BIG5,
        1250 => WINDOWS_1250,
        1251 => WINDOWS_1251,
        1253 => WINDOWS_1253,
        1254 => WINDOWS_1254,
        1255 => WINDOWS_1255,
        1256 => WINDOWS_1256,
        1257 => WINDOWS_1257,
        1258 => WINDOWS_1258,
        10000 => MACINTOSH,
        _ => WINDOWS_1252,
    }
}
