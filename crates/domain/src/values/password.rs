//! Web user passwords: typed as plain text, stored only as argon2id hashes.

use argon2::password_hash::PasswordHasher;
use argon2::{Argon2, PasswordHash, PasswordVerifier};

use super::{SettingValue, ValueKind};

/// An argon2id password hash in PHC format, or nothing (no password set).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct WebPassword(Option<String>);

impl WebPassword {
    /// Hashes a new plain-text password after checking the password policy.
    pub fn hash(plain: &str) -> Result<Self, String> {
        check_policy(plain)?;
        Ok(Self(Some(hash_argon2id(plain))))
    }

    /// True when a password is stored.
    pub fn is_set(&self) -> bool {
        self.0.is_some()
    }

    /// The stored hash in PHC format.
    pub fn phc(&self) -> Option<&str> {
        self.0.as_deref()
    }

    /// True when `plain` matches the stored hash.
    pub fn verify(&self, plain: &str) -> bool {
        self.0
            .as_deref()
            .is_some_and(|phc| verify_argon2id(phc, plain))
    }
}

/// The fewest characters a password may have (pages and API say so too).
pub const MIN_CHARS: usize = 12;
/// The most characters a password may have.
pub const MAX_CHARS: usize = 128;

/// The admin and web-user password policy: [`MIN_CHARS`] to [`MAX_CHARS`]
/// characters, letters mixed with digits or symbols.
pub fn check_policy(plain: &str) -> Result<(), String> {
    if plain.chars().count() < MIN_CHARS {
        return Err(format!("must be at least {MIN_CHARS} characters"));
    }
    if plain.chars().count() > MAX_CHARS {
        return Err(format!("must be at most {MAX_CHARS} characters"));
    }
    if plain.chars().any(char::is_control) {
        return Err("must not contain control characters".into());
    }
    let has_letter = plain.chars().any(char::is_alphabetic);
    let has_other = plain.chars().any(|c| !c.is_alphabetic());
    if !(has_letter && has_other) {
        return Err("must mix letters with digits or symbols".into());
    }
    Ok(())
}

/// Hashes with argon2id and a random salt, in PHC string format.
pub fn hash_argon2id(plain: &str) -> String {
    Argon2::default()
        .hash_password(plain.as_bytes())
        .expect("argon2id hashing with default parameters cannot fail")
        .to_string()
}

/// Verifies `plain` against a PHC string; a malformed hash never verifies.
pub fn verify_argon2id(phc: &str, plain: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|hash| {
        Argon2::default()
            .verify_password(plain.as_bytes(), &hash)
            .is_ok()
    })
}

impl TryFrom<String> for WebPassword {
    type Error = String;
    fn try_from(value: String) -> Result<Self, String> {
        Self::parse_text(&value)
    }
}

impl From<WebPassword> for String {
    fn from(value: WebPassword) -> String {
        value.0.unwrap_or_default()
    }
}

impl SettingValue for WebPassword {
    const KIND: ValueKind = ValueKind::Password;
    /// Empty: no password; an argon2id PHC string: kept as is (exports
    /// re-import); anything else: a new plain-text password to hash.
    fn parse_text(raw: &str) -> Result<Self, String> {
        if raw.is_empty() {
            Ok(Self(None))
        } else if raw.starts_with("$argon2id$") {
            PasswordHash::new(raw).map_err(|_| "is not a valid argon2id hash".to_string())?;
            Ok(Self(Some(raw.to_owned())))
        } else {
            Self::hash(raw)
        }
    }
    fn to_text(&self) -> String {
        self.0.clone().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_web_password_is_stored_as_an_argon2id_hash_that_verifies() {
        let stored = WebPassword::parse_text("correct horse 9").unwrap();
        assert!(stored.phc().unwrap().starts_with("$argon2id$"));
        assert!(stored.verify("correct horse 9"));
        assert!(!stored.verify("wrong horse 9"));
    }

    #[test]
    fn a_short_web_password_is_rejected() {
        assert!(WebPassword::parse_text("abc123").is_err());
    }

    #[test]
    fn a_stored_hash_round_trips_through_its_text() {
        let stored = WebPassword::parse_text("correct horse 9").unwrap();
        let again = WebPassword::parse_text(&stored.to_text()).unwrap();
        assert_eq!(stored, again);
    }
}
