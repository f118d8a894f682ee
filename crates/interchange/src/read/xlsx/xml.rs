//! Streaming the XML parts of a package: no element stack is kept (a
//! deeply nested file costs nothing), one event may span at most
//! [`MAX_XML_EVENT_BYTES`], and text is unescaped as Excel writes it.

use std::io::{self, BufRead, BufReader, Read};

use quick_xml::events::{BytesRef, BytesStart, Event};

use super::package::{EntryReader, damaged};
use crate::read::ReadError;
use crate::read::limits::MAX_XML_EVENT_BYTES;

/// A buffered reader that refuses to hand out more than
/// [`MAX_XML_EVENT_BYTES`] between two calls of [`EventBounded::reset`].
pub struct EventBounded<'a> {
    inner: BufReader<EntryReader<'a>>,
    since_reset: usize,
}

impl Read for EventBounded<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.fill_buf()?.len().min(buf.len());
        buf[..n].copy_from_slice(&self.inner.buffer()[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for EventBounded<'_> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.since_reset > MAX_XML_EVENT_BYTES {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "an XML element or text is longer than {} KiB",
                    MAX_XML_EVENT_BYTES >> 10
                ),
            ));
        }
        self.inner.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        self.since_reset += amount;
        self.inner.consume(amount);
    }
}

/// An XML part being read event by event.
pub struct Xml<'a> {
    reader: quick_xml::Reader<EventBounded<'a>>,
    /// The part's name, for messages.
    pub name: String,
}

impl<'a> Xml<'a> {
    pub fn new(entry: EntryReader<'a>, name: &str) -> Xml<'a> {
        let bounded = EventBounded {
            inner: BufReader::with_capacity(64 * 1024, entry),
            since_reset: 0,
        };
        let mut reader = quick_xml::Reader::from_reader(bounded);
        let config = reader.config_mut();
        config.check_end_names = false;
        config.check_comments = false;
        config.expand_empty_elements = false;
        config.trim_text(false);
        Xml {
            reader,
            name: name.to_owned(),
        }
    }

    /// The next event, in `buf` (cleared first).
    pub fn next<'b>(&mut self, buf: &'b mut Vec<u8>) -> Result<Event<'b>, ReadError> {
        buf.clear();
        self.reader.get_mut().since_reset = 0;
        let name = &self.name;
        self.reader
            .read_event_into(buf)
            .map_err(|e| damaged(format!("{name}: {e}")))
    }
}

/// The value of the attribute whose local name is `local` (`r:id` matches
/// `id`), unescaped.
pub fn attribute(start: &BytesStart<'_>, local: &str) -> Option<String> {
    start
        .attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// Appends the text an entity or character reference stands for.
pub fn push_reference(reference: &BytesRef<'_>, out: &mut String) -> Result<(), ReadError> {
    if let Some(text) = quick_xml::escape::resolve_xml_entity(reference.as_ref()) {
        out.push_str(text);
        return Ok(());
    }
    match reference.resolve_char_ref() {
        Ok(Some(c)) => {
            out.push(c);
            Ok(())
        }
        _ => Err(damaged(format!(
            "unknown XML reference &{};",
            reference.as_ref()
        ))),
    }
}

/// Excel's escapes of characters XML cannot hold: `_x000D_` is a carriage
/// return, `_x005F_` an underscore; a lone surrogate becomes U+FFFD.
pub fn unescape_excel(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains("_x") {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("_x") {
        out.push_str(&rest[..at]);
        let candidate = &rest[at..];
        let unit = candidate
            .get(2..6)
            .filter(|hex| hex.bytes().all(|b| b.is_ascii_hexdigit()))
            .filter(|_| candidate.as_bytes().get(6) == Some(&b'_'))
            .and_then(|hex| u32::from_str_radix(hex, 16).ok());
        match unit {
            Some(unit) => {
                out.push(char::from_u32(unit).unwrap_or(char::REPLACEMENT_CHARACTER));
                rest = &candidate[7..];
            }
            None => {
                out.push_str("_x");
                rest = &candidate[2..];
            }
        }
    }
    out.push_str(rest);
    out.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_escapes_are_undone_and_other_underscores_kept() {
        assert_eq!(unescape_excel("a_x000D_b"), "a\rb");
        assert_eq!(unescape_excel("_x005F_x000D_"), "_x000D_");
        assert_eq!(unescape_excel("my_xylophone_x12"), "my_xylophone_x12");
        assert_eq!(unescape_excel("_xD800_"), "\u{fffd}");
    }
}
