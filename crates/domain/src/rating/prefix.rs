//! Dialled numbers and rate prefixes: one normalisation for both, and the
//! prefix type (digits held inline, ordered as text).

use std::borrow::Cow;
use std::fmt;

/// The longest prefix a rate may have (E.164 numbers have at most 15 digits).
pub const MAX_PREFIX_DIGITS: usize = 20;

/// A dialled number reduced to the digits rates are matched on.
///
/// The rule (the same for rate prefixes and for dialled numbers): spaces,
/// `-`, `.`, `(` and `)` are dropped; then a leading `+` is removed, or else
/// a leading `00` (the international access code), so `+44 20`, `004420`
/// and `4420` are all `4420`. A single leading `0` (a national number) is
/// kept. Anything else that is not a digit (`*`, `#`, letters) makes the
/// number unrateable (`None`).
pub fn normalise_number(raw: &str) -> Option<String> {
    normalised(raw).map(Cow::into_owned)
}

/// [`normalise_number`] without a copy when `raw` is digits already (the
/// usual case in call records).
pub(super) fn normalised(raw: &str) -> Option<Cow<'_, str>> {
    let bytes = raw.as_bytes();
    if !bytes.is_empty() && !bytes.starts_with(b"00") && bytes.iter().all(u8::is_ascii_digit) {
        return Some(Cow::Borrowed(raw));
    }
    let compact: String = raw
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')'))
        .collect();
    let digits = match compact.strip_prefix('+') {
        Some(rest) => rest,
        None => compact.strip_prefix("00").unwrap_or(&compact),
    };
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| Cow::Owned(digits.to_owned()))
}

/// The digits a rate applies to, normalised with [`normalise_number`];
/// held inline (no allocation, `Copy`), ordered as text.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct DialPrefix {
    len: u8,
    digits: [u8; MAX_PREFIX_DIGITS],
}

impl DialPrefix {
    /// Parses a prefix such as `44`, `+4420` or `0044 20`.
    pub fn parse(raw: &str) -> Result<DialPrefix, String> {
        let digits =
            normalised(raw).ok_or("must be digits (a leading + or 00 is removed), such as 4420")?;
        if digits.len() > MAX_PREFIX_DIGITS {
            return Err(format!("must be at most {MAX_PREFIX_DIGITS} digits"));
        }
        let mut prefix = DialPrefix {
            len: digits.len() as u8,
            digits: [0; MAX_PREFIX_DIGITS],
        };
        prefix.digits[..digits.len()].copy_from_slice(digits.as_bytes());
        Ok(prefix)
    }

    /// The digits as bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.digits[..usize::from(self.len)]
    }

    /// The digits.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(self.as_bytes()).unwrap_or_default()
    }
}

impl Ord for DialPrefix {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_bytes().cmp(other.as_bytes())
    }
}

impl PartialOrd for DialPrefix {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Debug for DialPrefix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DialPrefix({:?})", self.as_str())
    }
}

impl fmt::Display for DialPrefix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for DialPrefix {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plus_and_double_zero_mean_the_same_number() {
        assert_eq!(
            normalise_number("+44 (20) 7946-0000").as_deref(),
            Some("442079460000")
        );
        assert_eq!(
            normalise_number("00442079460000").as_deref(),
            Some("442079460000")
        );
        assert_eq!(
            normalise_number("02079460000").as_deref(),
            Some("02079460000")
        );
        assert_eq!(normalise_number("*97"), None);
        assert_eq!(normalise_number("+"), None);
    }
}
