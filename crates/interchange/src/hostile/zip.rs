//! A ZIP writer that can lie: entries are deflated (or stored) as they are
//! generated, so a gigabyte of XML never sits in memory, and an entry may
//! declare any size.

use std::io::Write;

use flate2::Compression;
use flate2::write::DeflateEncoder;

/// One entry, compressed.
pub struct ZipEntry {
    name: String,
    method: u16,
    crc: u32,
    data: Vec<u8>,
    size: u64,
    /// The uncompressed size written in the headers (the true one unless
    /// changed with [`ZipEntry::declaring`]).
    declared: u32,
}

impl ZipEntry {
    /// An entry deflated from what `write` produces.
    pub fn deflated(name: &str, write: impl FnOnce(&mut dyn Write)) -> ZipEntry {
        let mut counter = Counting::new(DeflateEncoder::new(Vec::new(), Compression::new(9)));
        write(&mut counter);
        let (encoder, crc, size) = counter.finish();
        let data = encoder.finish().expect("deflate into memory");
        ZipEntry::new(name, 8, crc, data, size)
    }

    /// An entry stored as is.
    pub fn stored(name: &str, bytes: &[u8]) -> ZipEntry {
        let mut crc = flate2::Crc::new();
        crc.update(bytes);
        ZipEntry::new(name, 0, crc.sum(), bytes.to_vec(), bytes.len() as u64)
    }

    fn new(name: &str, method: u16, crc: u32, data: Vec<u8>, size: u64) -> ZipEntry {
        ZipEntry {
            name: name.to_owned(),
            method,
            crc,
            data,
            size,
            declared: u32::try_from(size).unwrap_or(u32::MAX - 1),
        }
    }

    /// The same entry claiming another uncompressed size.
    pub fn declaring(mut self, size: u32) -> ZipEntry {
        self.declared = size;
        self
    }

    /// The same entry claiming another compression method.
    pub fn with_method(mut self, method: u16) -> ZipEntry {
        self.method = method;
        self
    }

    /// The size it really inflates to.
    pub fn size(&self) -> u64 {
        self.size
    }
}

/// The archive of `entries`.
pub fn zip(entries: &[ZipEntry]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut offsets = Vec::new();
    for e in entries {
        offsets.push(out.len() as u32);
        out.extend(0x0403_4b50u32.to_le_bytes());
        out.extend(20u16.to_le_bytes());
        out.extend(0u16.to_le_bytes());
        out.extend(e.method.to_le_bytes());
        out.extend([0u8; 4]);
        out.extend(e.crc.to_le_bytes());
        out.extend((e.data.len() as u32).to_le_bytes());
        out.extend(e.declared.to_le_bytes());
        out.extend((e.name.len() as u16).to_le_bytes());
        out.extend(0u16.to_le_bytes());
        out.extend(e.name.as_bytes());
        out.extend(&e.data);
    }
    let directory = out.len() as u32;
    for (e, offset) in entries.iter().zip(offsets) {
        out.extend(0x0201_4b50u32.to_le_bytes());
        out.extend(20u16.to_le_bytes());
        out.extend(20u16.to_le_bytes());
        out.extend(0u16.to_le_bytes());
        out.extend(e.method.to_le_bytes());
        out.extend([0u8; 4]);
        out.extend(e.crc.to_le_bytes());
        out.extend((e.data.len() as u32).to_le_bytes());
        out.extend(e.declared.to_le_bytes());
        out.extend((e.name.len() as u16).to_le_bytes());
        out.extend([0u8; 12]);
        out.extend(offset.to_le_bytes());
        out.extend(e.name.as_bytes());
    }
    let size = out.len() as u32 - directory;
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend([0u8; 4]);
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend(size.to_le_bytes());
    out.extend(directory.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

/// Counts and checksums what passes through to the encoder.
struct Counting<W> {
    inner: W,
    crc: flate2::Crc,
    count: u64,
}

impl<W: Write> Counting<W> {
    fn new(inner: W) -> Counting<W> {
        Counting {
            inner,
            crc: flate2::Crc::new(),
            count: 0,
        }
    }

    fn finish(self) -> (W, u32, u64) {
        (self.inner, self.crc.sum(), self.count)
    }
}

impl<W: Write> Write for Counting<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.crc.update(&buf[..n]);
        self.count += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}
