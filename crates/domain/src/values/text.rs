//! Bounded text settings, each restricted to a [`TextClass`].
//!
//! No text value may contain a control character (so none can end a line in
//! a rendered file); the narrower classes also bound the character set to
//! what the value's destination (a dial string, a path, a URI) can carry.

use super::{SettingValue, TextClass, ValueKind};

/// Checks `raw` against `class` and `max` characters; empty is always allowed.
pub fn check_text(raw: &str, class: TextClass, max: usize) -> Result<(), String> {
    if raw.chars().count() > max {
        return Err(format!("must be at most {max} characters"));
    }
    if raw.chars().any(char::is_control) {
        return Err("must not contain control characters (such as line breaks)".into());
    }
    if raw.is_empty() {
        return Ok(());
    }
    let charset_ok = |allowed: &dyn Fn(char) -> bool| raw.chars().all(allowed);
    let ok = match class {
        TextClass::Free => true,
        TextClass::Digits => charset_ok(&|c| c.is_ascii_digit()),
        TextClass::Dialable => charset_ok(&|c| c.is_ascii_digit() || "+*#".contains(c)),
        TextClass::Email => is_email(raw),
        TextClass::Regex => return check_posix_regex(raw),
        TextClass::DialTarget => {
            charset_ok(&|c| c.is_ascii_alphanumeric() || "_+*#@./:-".contains(c))
                && raw.contains('/')
        }
        TextClass::SipUri => is_sip_uri(raw),
        TextClass::Path => {
            raw.starts_with('/')
                && !raw.contains("..")
                && charset_ok(&|c| c.is_ascii_alphanumeric() || "_./-".contains(c))
        }
        TextClass::Host => charset_ok(&|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c)),
        TextClass::Token => charset_ok(&|c| c.is_ascii_alphanumeric() || "_.-@:".contains(c)),
        TextClass::Names => charset_ok(&|c| c.is_ascii_alphanumeric() || "_-,".contains(c)),
        TextClass::Mailboxes => charset_ok(&|c| c.is_ascii_alphanumeric() || "_-@,".contains(c)),
    };
    if ok {
        Ok(())
    } else {
        Err(format!("must be {}", class.describe()))
    }
}

/// `sip:` or `sips:`, an address (user, host, port), then `;name` or
/// `;name=value` parameters such as `;lr` or `;transport=tcp`.
fn is_sip_uri(raw: &str) -> bool {
    let Some(rest) = raw
        .strip_prefix("sips:")
        .or_else(|| raw.strip_prefix("sip:"))
    else {
        return false;
    };
    let mut parts = rest.split(';');
    let address = parts.next().unwrap_or_default();
    let address_ok = !address.is_empty()
        && address
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_.-:@=+~[]".contains(c));
    let token = |c: char| c.is_ascii_alphanumeric() || "-_.!~*+%".contains(c);
    address_ok
        && parts.all(|parameter| {
            let (name, value) = match parameter.split_once('=') {
                Some((name, value)) => (name, Some(value)),
                None => (parameter, None),
            };
            !name.is_empty()
                && name.chars().all(token)
                && value.is_none_or(|v| {
                    !v.is_empty() && v.chars().all(|c| token(c) || ":[]".contains(c))
                })
        })
}

/// The text as stored: a SIP URI copied in Asterisk's config spelling
/// (`sip:proxy\;lr`) is kept with a plain `;` (the renderer escapes it).
fn normalized(raw: &str, class: TextClass) -> std::borrow::Cow<'_, str> {
    if class == TextClass::SipUri && raw.contains("\\;") {
        raw.replace("\\;", ";").into()
    } else {
        raw.into()
    }
}

/// Asterisk's `REGEX()` runs POSIX extended expressions: reject the Perl
/// shorthands and groups it would read differently, then compile the rest.
fn check_posix_regex(raw: &str) -> Result<(), String> {
    const PERL_ONLY: [&str; 9] = ["\\d", "\\D", "\\w", "\\W", "\\s", "\\S", "\\b", "\\B", "(?"];
    if let Some(found) = PERL_ONLY.iter().find(|p| raw.contains(*p)) {
        return Err(format!(
            "must be a POSIX extended regular expression ('{found}' is not POSIX: use [0-9], [[:alnum:]], [[:space:]]...)"
        ));
    }
    regex::Regex::new(raw)
        .map(|_| ())
        .map_err(|_| "must be a valid regular expression".into())
}

fn is_email(raw: &str) -> bool {
    let Some((local, domain)) = raw.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && raw
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._%+-@".contains(c))
        && !domain.contains('@')
}

/// Declares a text setting type: a `String` newtype valid for its class.
macro_rules! text_type {
    ($(#[$meta:meta])* $name:ident, $class:expr, $max:expr) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// The characters the type allows.
            pub const CLASS: TextClass = $class;
            /// The most characters it allows.
            pub const MAX: usize = $max;

            /// Parses the text (empty is allowed).
            pub fn parse(raw: &str) -> Result<Self, String> {
                let raw = normalized(raw, $class);
                check_text(&raw, $class, $max)?;
                Ok(Self(raw.into_owned()))
            }
            /// The text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
            /// True when empty.
            pub fn is_empty(&self) -> bool {
                self.0.is_empty()
            }
        }

        impl TryFrom<String> for $name {
            type Error = String;
            fn try_from(value: String) -> Result<Self, String> {
                let value = match normalized(&value, $class) {
                    std::borrow::Cow::Borrowed(_) => value,
                    std::borrow::Cow::Owned(normal) => normal,
                };
                check_text(&value, $class, $max)?;
                Ok(Self(value))
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl SettingValue for $name {
            const KIND: ValueKind = ValueKind::Text { max: $max, class: $class };
            fn parse_text(raw: &str) -> Result<Self, String> {
                Self::parse(raw.trim())
            }
            fn to_text(&self) -> String {
                self.0.clone()
            }
        }
    };
}

text_type!(
    /// A display name, description or other short free text.
    ShortText, TextClass::Free, 80
);
text_type!(
    /// Free-form notes.
    LongText, TextClass::Free, 2000
);
text_type!(
    /// A dialable number (caller ID number, follow-me number, DID).
    PhoneNumber, TextClass::Dialable, 32
);
text_type!(
    /// A short prefix of dialable characters.
    Prefix, TextClass::Dialable, 10
);
text_type!(
    /// A numeric PIN.
    Pin, TextClass::Digits, 12
);
text_type!(
    /// An email address.
    Email, TextClass::Email, 254
);
text_type!(
    /// A regular expression.
    Pattern, TextClass::Regex, 200
);
text_type!(
    /// A channel dial target.
    DialTarget, TextClass::DialTarget, 120
);
text_type!(
    /// A SIP URI.
    SipUri, TextClass::SipUri, 200
);
text_type!(
    /// An absolute file path.
    FilePath, TextClass::Path, 200
);
text_type!(
    /// A host name or IP address.
    Host, TextClass::Host, 64
);
text_type!(
    /// An external identifier.
    Token, TextClass::Token, 64
);
text_type!(
    /// Mailboxes for MWI subscriptions.
    Mailboxes, TextClass::Mailboxes, 120
);

text_type!(
    /// Comma-separated names (e.g. allowed providers).
    NameList, TextClass::Names, 200
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_break_is_rejected_in_every_class() {
        for class in [TextClass::Free, TextClass::Token, TextClass::Regex] {
            assert!(check_text("a\nb", class, 100).is_err(), "{class:?}");
        }
    }

    #[test]
    fn a_dial_target_cannot_carry_a_dial_option_separator() {
        assert!(DialTarget::parse("PJSIP/100@carrier").is_ok());
        assert!(DialTarget::parse("PJSIP/100,30,tT").is_err());
        assert!(DialTarget::parse("PJSIP/100&SIP/200").is_err());
    }

    #[test]
    fn a_perl_only_regex_shorthand_is_rejected_with_the_posix_spelling() {
        assert!(Pattern::parse("^0[1-9][0-9]+$").is_ok());
        let err = Pattern::parse("^0\\d+$").unwrap_err();
        assert!(err.contains("[0-9]"), "{err}");
        assert!(Pattern::parse("(?i)abc").is_err());
        assert!(Pattern::parse("([").is_err());
    }

    #[test]
    fn text_longer_than_its_bound_is_rejected() {
        assert!(ShortText::parse(&"x".repeat(81)).is_err());
        assert!(ShortText::parse(&"é".repeat(80)).is_ok());
    }

    #[test]
    fn an_email_needs_a_domain_with_a_dot() {
        assert!(Email::parse("ops@example.com").is_ok());
        assert!(Email::parse("ops@example").is_err());
        assert!(Email::parse("a b@example.com").is_err());
    }

    #[test]
    fn a_sip_uri_may_carry_parameters_such_as_loose_routing() {
        for uri in [
            "sip:proxy.example.com;lr",
            "sips:edge.example.com:5061;transport=tls;lr",
            "sip:pbx@192.0.2.10:5070",
        ] {
            assert_eq!(SipUri::parse(uri).unwrap().as_str(), uri);
        }
        let asterisk_spelling = SipUri::parse("sip:proxy.example.com\\;lr").unwrap();
        assert_eq!(asterisk_spelling.as_str(), "sip:proxy.example.com;lr");
        for bad in [
            "proxy.example.com;lr",
            "sip:",
            "sip:;lr",
            "sip:proxy.example.com;",
            "sip:proxy.example.com;=x",
            "sip:proxy.example.com;lr=",
            "sip:proxy example.com",
            "sip:proxy.example.com;lr\\",
            "sip:a\"b",
        ] {
            assert!(SipUri::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_path_may_not_climb_out_of_its_folder() {
        assert!(FilePath::parse("/etc/asterisk/keys/a.pem").is_ok());
        assert!(FilePath::parse("/etc/../../x").is_err());
        assert!(FilePath::parse("relative.pem").is_err());
    }
}
