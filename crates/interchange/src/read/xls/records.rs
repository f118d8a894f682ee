//! The BIFF records of an XLS workbook stream, and the strings inside them
//! (which may run on into `CONTINUE` records).

use std::ops::Range;

use super::damaged;
use crate::read::ReadError;
use crate::read::limits::MAX_CELL_BYTES;

/// `CONTINUE`: more of the previous record.
pub const CONTINUE: u16 = 0x003C;

/// The workbook stream, read record by record.
pub struct Stream {
    data: Vec<u8>,
    pos: usize,
}

impl Stream {
    pub fn new(data: Vec<u8>) -> Stream {
        Stream { data, pos: 0 }
    }

    /// Moves to byte `pos` (a worksheet's offset).
    pub fn seek(&mut self, pos: usize) -> Result<(), ReadError> {
        if pos >= self.data.len() {
            return Err(damaged("a sheet starts past the end of the workbook"));
        }
        self.pos = pos;
        Ok(())
    }

    /// The type and data range of the next record; `None` at the end.
    pub fn next(&mut self) -> Result<Option<(u16, Range<usize>)>, ReadError> {
        if self.pos >= self.data.len() {
            return Ok(None);
        }
        let header = self
            .data
            .get(self.pos..self.pos + 4)
            .ok_or_else(|| damaged("a record is truncated"))?;
        let kind = u16::from_le_bytes([header[0], header[1]]);
        let len = usize::from(u16::from_le_bytes([header[2], header[3]]));
        let start = self.pos + 4;
        let end = start + len;
        if end > self.data.len() {
            return Err(damaged("a record is truncated"));
        }
        self.pos = end;
        Ok(Some((kind, start..end)))
    }

    /// The type of the next record, without moving.
    pub fn peek_kind(&self) -> Option<u16> {
        let header = self.data.get(self.pos..self.pos + 2)?;
        Some(u16::from_le_bytes([header[0], header[1]]))
    }

    /// The bytes of `range`.
    pub fn bytes(&self, range: Range<usize>) -> &[u8] {
        &self.data[range]
    }

    /// A reader of the record at `range` and the `CONTINUE` records after it.
    pub fn segments(&mut self, range: Range<usize>) -> Segments<'_> {
        Segments {
            stream: self,
            current: range,
        }
    }
}

/// One record and its continuations, read as one sequence of bytes.
pub struct Segments<'s> {
    stream: &'s mut Stream,
    current: Range<usize>,
}

impl Segments<'_> {
    /// True when nothing is left, continuations included.
    pub fn at_end(&self) -> bool {
        self.current.is_empty() && self.stream.peek_kind() != Some(CONTINUE)
    }

    /// Moves into the next `CONTINUE` record; false when there is none.
    fn continue_record(&mut self) -> Result<bool, ReadError> {
        if self.stream.peek_kind() != Some(CONTINUE) {
            return Ok(false);
        }
        match self.stream.next()? {
            Some((_, range)) => {
                self.current = range;
                Ok(true)
            }
            None => Ok(false),
        }
    }

    fn available(&mut self) -> Result<&[u8], ReadError> {
        while self.current.is_empty() {
            if !self.continue_record()? {
                return Err(damaged("a string runs past the end of its record"));
            }
        }
        Ok(&self.stream.data[self.current.clone()])
    }

    pub fn u8(&mut self) -> Result<u8, ReadError> {
        let byte = self.available()?[0];
        self.current.start += 1;
        Ok(byte)
    }

    pub fn u16(&mut self) -> Result<u16, ReadError> {
        Ok(u16::from_le_bytes([self.u8()?, self.u8()?]))
    }

    pub fn u32(&mut self) -> Result<u32, ReadError> {
        Ok(u32::from_le_bytes([
            self.u8()?,
            self.u8()?,
            self.u8()?,
            self.u8()?,
        ]))
    }

    pub fn skip(&mut self, mut count: usize) -> Result<(), ReadError> {
        while count > 0 {
            let n = self.available()?.len().min(count);
            self.current.start += n;
            count -= n;
        }
        Ok(())
    }

    /// `count` characters, one byte each (Latin-1) or two (UTF-16) as
    /// `wide` says; a continuation starts with its own width flag.
    pub fn chars(
        &mut self,
        count: usize,
        mut wide: bool,
        out: &mut String,
    ) -> Result<(), ReadError> {
        let mut left = count;
        while left > 0 {
            if self.current.is_empty() {
                // A string split over records goes on with its own flag.
                if !self.continue_record()? || self.current.is_empty() {
                    return Err(damaged("a string runs past the end of its record"));
                }
                wide = self.u8()? & 1 != 0;
                continue;
            }
            let data = &self.stream.data[self.current.clone()];
            let width = if wide { 2 } else { 1 };
            let n = (data.len() / width).min(left);
            if n == 0 {
                return Err(damaged("a string is cut inside a character"));
            }
            decode_into(&data[..n * width], wide, out);
            self.current.start += n * width;
            left -= n;
            if out.len() > MAX_CELL_BYTES {
                return Err(crate::read::limits::too_large(
                    crate::table::Format::Xls,
                    "a cell holds more than 32,767 characters",
                ));
            }
        }
        Ok(())
    }

    /// A BIFF8 unicode string: length, flags, characters, then its rich
    /// text runs and phonetic data (skipped). `long` says whether the
    /// length takes two bytes.
    pub fn unicode_string(&mut self, long: bool, out: &mut String) -> Result<(), ReadError> {
        let count = if long {
            usize::from(self.u16()?)
        } else {
            usize::from(self.u8()?)
        };
        let flags = self.u8()?;
        let runs = if flags & 0x08 != 0 { self.u16()? } else { 0 };
        let extra = if flags & 0x04 != 0 { self.u32()? } else { 0 };
        self.chars(count, flags & 0x01 != 0, out)?;
        self.skip(usize::from(runs) * 4)?;
        self.skip(extra as usize)
    }
}

/// Appends Latin-1 or UTF-16LE characters.
pub fn decode_into(bytes: &[u8], wide: bool, out: &mut String) {
    if wide {
        let units = bytes
            .chunks_exact(2)
            .map(|u| u16::from_le_bytes([u[0], u[1]]));
        out.extend(char::decode_utf16(units).map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER)));
    } else {
        out.extend(bytes.iter().map(|&b| char::from(b)));
    }
}
