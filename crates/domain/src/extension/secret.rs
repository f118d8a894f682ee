//! SIP secrets: generated from the operating system's CSPRNG, or typed and
//! checked against the password rules.

use serde::{Deserialize, Serialize};

use super::{ExtensionNumber, SipUsername};

/// Letters and digits without look-alikes (0/O, 1/l/I), easy to type on a
/// phone keypad's letter mode.
const ALPHABET: &[u8] = b"23456789abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";
const GENERATED_LEN: usize = 20;
const MIN_TYPED_LEN: usize = 12;

/// A SIP secret. `Debug` never prints it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl Secret {
    /// A fresh 20-character secret from the OS CSPRNG.
    pub fn generate() -> Secret {
        let mut bytes = [0u8; GENERATED_LEN * 2];
        let mut out = String::with_capacity(GENERATED_LEN);
        // Rejection sampling keeps every character equally likely.
        let limit = 256 - (256 % ALPHABET.len());
        while out.len() < GENERATED_LEN {
            rand::fill(&mut bytes[..]);
            for b in bytes {
                if (b as usize) < limit && out.len() < GENERATED_LEN {
                    out.push(ALPHABET[b as usize % ALPHABET.len()] as char);
                }
            }
        }
        Secret(out)
    }

    /// Checks a typed secret: 12 to 64 characters of letters, digits and
    /// `- _ . ! @ # % ^ * + = ~ : ? /`, and not containing the number or username.
    pub fn parse_typed(
        raw: &str,
        number: &ExtensionNumber,
        username: Option<&SipUsername>,
    ) -> Result<Secret, String> {
        if raw.len() < MIN_TYPED_LEN {
            return Err(format!("must be at least {MIN_TYPED_LEN} characters"));
        }
        if raw.len() > 64 {
            return Err("must be at most 64 characters".into());
        }
        if !raw
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.!@#%^*+=~:?/".contains(&b))
        {
            return Err(
                "may contain only letters, digits and - _ . ! @ # % ^ * + = ~ : ? /".into(),
            );
        }
        let lower = raw.to_ascii_lowercase();
        if lower.contains(number.as_str()) {
            return Err("must not contain the extension number".into());
        }
        if let Some(user) = username
            && lower.contains(&user.as_str().to_ascii_lowercase())
        {
            return Err("must not contain the username".into());
        }
        Ok(Secret(raw.to_owned()))
    }

    /// A stored secret, trusted as already validated.
    pub fn from_stored(raw: String) -> Secret {
        Secret(raw)
    }

    /// The secret in plain text (for the renderers and readers allowed to see it).
    pub fn expose(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n() -> ExtensionNumber {
        ExtensionNumber::parse("100").unwrap()
    }

    #[test]
    fn a_generated_secret_has_20_safe_characters_and_differs_each_time() {
        let a = Secret::generate();
        let b = Secret::generate();
        assert_eq!(a.expose().len(), 20);
        assert!(a.expose().bytes().all(|c| ALPHABET.contains(&c)));
        assert_ne!(a, b);
    }

    #[test]
    fn a_typed_secret_shorter_than_12_characters_is_rejected() {
        let err = Secret::parse_typed("Short9x", &n(), None).unwrap_err();
        assert!(err.contains("12"), "{err}");
    }

    #[test]
    fn a_typed_secret_containing_the_number_or_username_is_rejected() {
        assert!(Secret::parse_typed("abcdefgh100xyz", &n(), None).is_err());
        let user = SipUsername::parse("100-ACME").unwrap();
        assert!(Secret::parse_typed("zz100-acmezzzz", &n(), Some(&user)).is_err());
        assert!(Secret::parse_typed("Tr0ub4dor-horse", &n(), Some(&user)).is_ok());
    }

    #[test]
    fn a_secret_never_shows_in_debug_output() {
        let s = Secret::parse_typed("Tr0ub4dor-horse", &n(), None).unwrap();
        assert!(!format!("{s:?}").contains("Tr0ub4dor"));
    }
}
