//! The entries of an XLSX package (a ZIP archive), read from its central
//! directory without trusting it: every offset is checked against the
//! file, sizes beyond the limits are refused before anything is inflated,
//! and an entry yields at most the size it declares.

use std::io::{self, Read};
use std::ops::Range;

use flate2::read::DeflateDecoder;

use crate::read::ReadError;
use crate::read::limits::{MAX_INFLATE_RATIO, MAX_ZIP_ENTRIES, RATIO_FREE_BYTES, too_large};
use crate::table::Format;

const EOCD_SIGNATURE: u32 = 0x0605_4b50;
const CENTRAL_SIGNATURE: u32 = 0x0201_4b50;
const LOCAL_SIGNATURE: u32 = 0x0403_4b50;
const ZIP64_LOCATOR_SIGNATURE: u32 = 0x0706_4b50;
const EOCD_LEN: usize = 22;
const CENTRAL_LEN: usize = 46;
const LOCAL_LEN: usize = 30;

/// One stored file of the package.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The path inside the package, as written.
    pub name: String,
    method: u16,
    compressed: u64,
    /// The size the entry declares once inflated.
    pub size: u64,
    data: Range<usize>,
}

/// The entries of a package.
pub struct Package<'a> {
    bytes: &'a [u8],
    entries: Vec<Entry>,
}

pub fn damaged(reason: impl ToString) -> ReadError {
    ReadError::Spreadsheet {
        format: Format::Xlsx.name(),
        reason: reason.to_string(),
    }
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(bytes.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

impl<'a> Package<'a> {
    /// Reads the central directory of `bytes`.
    pub fn open(bytes: &'a [u8]) -> Result<Package<'a>, ReadError> {
        let truncated = || damaged("the file is truncated or is not a ZIP archive");
        let eocd = find_eocd(bytes).ok_or_else(truncated)?;
        let total = u16_at(bytes, eocd + 10).ok_or_else(truncated)?;
        let cd_size = u32_at(bytes, eocd + 12).ok_or_else(truncated)?;
        let cd_offset = u32_at(bytes, eocd + 16).ok_or_else(truncated)?;
        let zip64 = eocd >= 20 && u32_at(bytes, eocd - 20) == Some(ZIP64_LOCATOR_SIGNATURE);
        if zip64 || total == u16::MAX || cd_size == u32::MAX || cd_offset == u32::MAX {
            return Err(damaged("ZIP64 archives are not supported"));
        }
        if usize::from(total) > MAX_ZIP_ENTRIES {
            return Err(too_large(
                Format::Xlsx,
                format!("it has more than {MAX_ZIP_ENTRIES} entries"),
            ));
        }
        let start = cd_offset as usize;
        let end = start.checked_add(cd_size as usize).ok_or_else(truncated)?;
        let directory = bytes.get(start..end.min(eocd)).ok_or_else(truncated)?;
        let mut entries = Vec::with_capacity(usize::from(total));
        let mut at = 0;
        while entries.len() < usize::from(total) {
            let (entry, next) = central_entry(bytes, directory, at)?;
            entries.push(entry);
            at = next;
        }
        Ok(Package { bytes, entries })
    }

    /// The entry at `path` (case and a leading slash ignored, as Excel does).
    pub fn entry(&self, path: &str) -> Option<&Entry> {
        let path = path.trim_start_matches('/');
        self.entries.iter().find(|e| e.name == path).or_else(|| {
            self.entries
                .iter()
                .find(|e| e.name.replace('\\', "/").eq_ignore_ascii_case(path))
        })
    }

    /// True when the package has an entry named `name`.
    pub fn has(&self, name: &str) -> bool {
        self.entry(name).is_some()
    }

    /// A reader of the inflated bytes of `entry`, refused when the entry
    /// declares more than `max` bytes or an implausible compression ratio.
    pub fn open_entry(&self, entry: &Entry, max: u64) -> Result<EntryReader<'a>, ReadError> {
        if entry.size > max {
            return Err(too_large(
                Format::Xlsx,
                format!("{} inflates to more than {} MiB", entry.name, max >> 20),
            ));
        }
        if entry.size > RATIO_FREE_BYTES && entry.size / entry.compressed.max(1) > MAX_INFLATE_RATIO
        {
            return Err(too_large(
                Format::Xlsx,
                format!(
                    "{} is compressed more than {MAX_INFLATE_RATIO} to 1 (a decompression bomb?)",
                    entry.name
                ),
            ));
        }
        let raw = &self.bytes[entry.data.clone()];
        let inner = match entry.method {
            0 => Inner::Stored(raw),
            8 => Inner::Deflated(Box::new(DeflateDecoder::new(raw))),
            other => {
                return Err(damaged(format!(
                    "{} uses compression method {other}, which is not supported",
                    entry.name
                )));
            }
        };
        Ok(EntryReader {
            inner,
            left: entry.size,
            name: entry.name.clone(),
        })
    }
}

/// The end-of-central-directory record: the last one whose comment ends
/// the file.
fn find_eocd(bytes: &[u8]) -> Option<usize> {
    let last = bytes.len().checked_sub(EOCD_LEN)?;
    let first = last.saturating_sub(usize::from(u16::MAX));
    (first..=last).rev().find(|&at| {
        u32_at(bytes, at) == Some(EOCD_SIGNATURE)
            && u16_at(bytes, at + 20).is_some_and(|c| at + EOCD_LEN + usize::from(c) == bytes.len())
    })
}

/// The central directory entry at `at` of `directory`, and where the next
/// one starts.
fn central_entry(bytes: &[u8], directory: &[u8], at: usize) -> Result<(Entry, usize), ReadError> {
    let bad = || damaged("its central directory is damaged");
    if u32_at(directory, at) != Some(CENTRAL_SIGNATURE) {
        return Err(bad());
    }
    let flags = u16_at(directory, at + 8).ok_or_else(bad)?;
    let method = u16_at(directory, at + 10).ok_or_else(bad)?;
    let compressed = u32_at(directory, at + 20).ok_or_else(bad)?;
    let size = u32_at(directory, at + 24).ok_or_else(bad)?;
    let name_len = usize::from(u16_at(directory, at + 28).ok_or_else(bad)?);
    let extra_len = usize::from(u16_at(directory, at + 30).ok_or_else(bad)?);
    let comment_len = usize::from(u16_at(directory, at + 32).ok_or_else(bad)?);
    let local = u32_at(directory, at + 42).ok_or_else(bad)? as usize;
    let name_start = at + CENTRAL_LEN;
    let name = directory
        .get(name_start..name_start + name_len)
        .ok_or_else(bad)?;
    let name = String::from_utf8_lossy(name).into_owned();
    if flags & 1 != 0 {
        return Err(ReadError::Spreadsheet {
            format: Format::Xlsx.name(),
            reason: "it is encrypted".into(),
        });
    }
    if compressed == u32::MAX || size == u32::MAX || local == u32::MAX as usize {
        return Err(damaged("ZIP64 archives are not supported"));
    }
    if u32_at(bytes, local) != Some(LOCAL_SIGNATURE) {
        return Err(bad());
    }
    let local_name = usize::from(u16_at(bytes, local + 26).ok_or_else(bad)?);
    let local_extra = usize::from(u16_at(bytes, local + 28).ok_or_else(bad)?);
    let start = local + LOCAL_LEN + local_name + local_extra;
    let end = start
        .checked_add(compressed as usize)
        .filter(|&end| end <= bytes.len())
        .ok_or_else(|| damaged(format!("{name} runs past the end of the file")))?;
    let next = name_start + name_len + extra_len + comment_len;
    Ok((
        Entry {
            name,
            method,
            compressed: u64::from(compressed),
            size: u64::from(size),
            data: start..end,
        },
        next,
    ))
}

enum Inner<'a> {
    Stored(&'a [u8]),
    Deflated(Box<DeflateDecoder<&'a [u8]>>),
}

/// The inflated bytes of one entry; more than it declared is an error.
pub struct EntryReader<'a> {
    inner: Inner<'a>,
    left: u64,
    name: String,
}

impl Read for EntryReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        // One byte more than declared is asked for, to notice a lie.
        let want = buf
            .len()
            .min(usize::try_from(self.left + 1).unwrap_or(usize::MAX));
        let n = match &mut self.inner {
            Inner::Stored(raw) => raw.read(&mut buf[..want])?,
            Inner::Deflated(decoder) => decoder.read(&mut buf[..want])?,
        };
        if n as u64 > self.left {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!("{} inflates to more than it declares", self.name),
            ));
        }
        self.left -= n as u64;
        Ok(n)
    }
}
