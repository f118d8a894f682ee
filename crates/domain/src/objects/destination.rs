//! Where a call can be sent: another extension, a voicemail box, an external
//! number, or hung up.

use crate::extension::ExtensionNumber;
use crate::values::PhoneNumber;

/// A parsed destination value (`ext:200`, `vm:100`, `num:+441234`, `hangup`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    /// Ring another extension of the tenant.
    Extension(ExtensionNumber),
    /// The voicemail box of an extension.
    Voicemail(ExtensionNumber),
    /// An external number.
    Number(PhoneNumber),
    /// Hang up.
    Hangup,
}

impl Destination {
    /// Parses `ext:<number>`, `vm:<number>`, `num:<number>` or `hangup`.
    pub fn parse(raw: &str) -> Result<Destination, String> {
        let bad = || "must be ext:<number>, vm:<number>, num:<phone number> or hangup".to_string();
        let raw = raw.trim();
        if raw == "hangup" {
            return Ok(Destination::Hangup);
        }
        let (scheme, rest) = raw.split_once(':').ok_or_else(bad)?;
        match scheme {
            "ext" => ExtensionNumber::parse(rest)
                .map(Destination::Extension)
                .map_err(|_| bad()),
            "vm" => ExtensionNumber::parse(rest)
                .map(Destination::Voicemail)
                .map_err(|_| bad()),
            "num" if !rest.is_empty() => PhoneNumber::parse(rest)
                .map(Destination::Number)
                .map_err(|_| bad()),
            _ => Err(bad()),
        }
    }
}

impl std::fmt::Display for Destination {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Destination::Extension(n) => write!(f, "ext:{n}"),
            Destination::Voicemail(n) => write!(f, "vm:{n}"),
            Destination::Number(n) => write!(f, "num:{n}"),
            Destination::Hangup => f.write_str("hangup"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn destinations_parse_and_print_back() {
        for raw in ["ext:200", "vm:100", "num:+4420123", "hangup"] {
            assert_eq!(Destination::parse(raw).unwrap().to_string(), raw);
        }
    }

    #[test]
    fn a_destination_with_dialplan_characters_is_rejected() {
        assert!(Destination::parse("num:123,30").is_err());
        assert!(Destination::parse("app:System(rm)").is_err());
    }
}
