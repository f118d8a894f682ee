//! Extension numbers.

use serde::{Deserialize, Serialize};

/// An extension number: 1 to 15 digits.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ExtensionNumber(String);

impl ExtensionNumber {
    /// Parses an extension number.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let raw = raw.trim();
        // Spreadsheets store numbers as floats: "100.0" is extension 100.
        let raw = raw.strip_suffix(".0").unwrap_or(raw);
        if raw.is_empty() {
            return Err("is required".into());
        }
        if raw.len() > 15 || !raw.bytes().all(|b| b.is_ascii_digit()) {
            return Err("must be 1 to 15 digits".into());
        }
        Ok(Self(raw.to_owned()))
    }

    /// The number as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The numeric value, for ranges.
    pub fn value(&self) -> u64 {
        self.0.parse().unwrap_or(0)
    }
}

impl TryFrom<String> for ExtensionNumber {
    type Error = String;
    fn try_from(value: String) -> Result<Self, String> {
        Self::parse(&value)
    }
}

impl From<ExtensionNumber> for String {
    fn from(value: ExtensionNumber) -> String {
        value.0
    }
}

impl std::fmt::Display for ExtensionNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_is_digits_only() {
        assert!(ExtensionNumber::parse("100").is_ok());
        assert!(ExtensionNumber::parse("10a").is_err());
        assert!(ExtensionNumber::parse("").is_err());
        assert!(ExtensionNumber::parse("1234567890123456").is_err());
    }

    #[test]
    fn a_spreadsheet_float_is_read_as_the_whole_number() {
        assert_eq!(ExtensionNumber::parse("100.0").unwrap().as_str(), "100");
    }
}
