//! Turns the bytes of a text file into text: UTF-8 (with or without a BOM),
//! UTF-16 with a BOM, or Windows-1252 when the bytes are not valid UTF-8.

use std::borrow::Cow;

use super::ReadError;

/// How many leading bytes are inspected to tell text from binary data.
const SNIFF_BYTES: usize = 64 * 1024;

/// The text of `bytes`; borrowed (no copy) when it is UTF-8.
pub fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, ReadError> {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let body = &bytes[bom..];
        if encoding == encoding_rs::UTF_8 {
            let text = std::str::from_utf8(body).map_err(|_| ReadError::Binary)?;
            return checked(Cow::Borrowed(text));
        }
        let (text, malformed) = encoding.decode_without_bom_handling(body);
        if malformed {
            return Err(ReadError::Binary);
        }
        return checked(text);
    }
    if looks_binary(bytes) {
        return Err(ReadError::Binary);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => checked(Cow::Borrowed(text)),
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            checked(text)
        }
    }
}

/// Rejects empty text and text full of control characters.
fn checked(text: Cow<'_, str>) -> Result<Cow<'_, str>, ReadError> {
    if text.trim().is_empty() {
        return Err(ReadError::Empty);
    }
    let sample: Vec<char> = text.chars().take(SNIFF_BYTES).collect();
    let controls = sample
        .iter()
        .filter(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c'))
        .count();
    if controls * 100 > sample.len() {
        return Err(ReadError::Binary);
    }
    Ok(text)
}

/// NUL bytes or many control bytes near the start: not a text file.
fn looks_binary(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(SNIFF_BYTES)];
    let controls = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c))
        .count();
    sample.contains(&0) || controls * 100 > sample.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_a_bom_is_borrowed_without_the_bom() {
        let text = decode(b"\xEF\xBB\xBFnumber\n100\n").unwrap();
        assert!(matches!(text, Cow::Borrowed("number\n100\n")));
    }

    #[test]
    fn bytes_that_are_not_utf8_are_read_as_windows_1252() {
        assert_eq!(decode(b"name\nJos\xE9 \x80\n").unwrap(), "name\nJosé €\n");
    }

    #[test]
    fn utf16_with_a_bom_is_decoded() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "number\n100\n".encode_utf16() {
            bytes.extend(unit.to_le_bytes());
        }
        assert_eq!(decode(&bytes).unwrap(), "number\n100\n");
    }

    #[test]
    fn white_space_only_is_empty_and_nul_bytes_are_binary() {
        assert_eq!(decode(b" \r\n\t"), Err(ReadError::Empty));
        assert_eq!(decode(b"\xEF\xBB\xBF"), Err(ReadError::Empty));
        assert_eq!(decode(b"ab\0cd"), Err(ReadError::Binary));
    }
}
