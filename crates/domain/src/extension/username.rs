//! SIP usernames and the `<number>-<TENANTCODE>` rule.

use serde::{Deserialize, Serialize};

use super::ExtensionNumber;
use crate::tenant::TenantCode;

/// A SIP/PJSIP username (also the endpoint, auth and aor id): letters,
/// digits, `.`, `_` and `-`, 1 to 64 characters.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct SipUsername(String);

/// The separator between number and tenant code in a default username.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UsernameSeparator {
    /// `<number>-<TENANT>`.
    Hyphen,
    /// `<number>_<TENANT>`.
    Underscore,
}

impl SipUsername {
    /// Parses a SIP username.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let raw = raw.trim();
        if raw.is_empty() || raw.len() > 64 {
            return Err("must be 1 to 64 characters".into());
        }
        if !raw
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
        {
            return Err("may contain only letters, digits, '.', '_' and '-'".into());
        }
        Ok(Self(raw.to_owned()))
    }

    /// `<number>-<TENANTCODE>` (or with `_`).
    pub fn default_for(
        number: &ExtensionNumber,
        tenant: &TenantCode,
        sep: UsernameSeparator,
    ) -> Self {
        let sep = match sep {
            UsernameSeparator::Hyphen => '-',
            UsernameSeparator::Underscore => '_',
        };
        Self(format!("{number}{sep}{tenant}"))
    }

    /// True when this is the default pattern for the number and tenant,
    /// with either separator.
    pub fn follows_pattern(&self, number: &ExtensionNumber, tenant: &TenantCode) -> bool {
        [UsernameSeparator::Hyphen, UsernameSeparator::Underscore]
            .into_iter()
            .any(|sep| *self == Self::default_for(number, tenant, sep))
    }

    /// The swapped-arrow button: `100-ACME` <-> `100_ACME`. Other usernames
    /// are returned unchanged.
    pub fn swap_separator(&self, number: &ExtensionNumber, tenant: &TenantCode) -> Self {
        if *self == Self::default_for(number, tenant, UsernameSeparator::Hyphen) {
            Self::default_for(number, tenant, UsernameSeparator::Underscore)
        } else if *self == Self::default_for(number, tenant, UsernameSeparator::Underscore) {
            Self::default_for(number, tenant, UsernameSeparator::Hyphen)
        } else {
            self.clone()
        }
    }

    /// The username as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for SipUsername {
    type Error = String;
    fn try_from(value: String) -> Result<Self, String> {
        Self::parse(&value)
    }
}

impl From<SipUsername> for String {
    fn from(value: SipUsername) -> String {
        value.0
    }
}

impl std::fmt::Display for SipUsername {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(raw: &str) -> ExtensionNumber {
        ExtensionNumber::parse(raw).unwrap()
    }
    fn t(raw: &str) -> TenantCode {
        TenantCode::parse(raw).unwrap()
    }

    #[test]
    fn the_default_username_is_number_hyphen_tenant_code() {
        let u = SipUsername::default_for(&n("100"), &t("CANISTRACCI"), UsernameSeparator::Hyphen);
        assert_eq!(u.as_str(), "100-CANISTRACCI");
    }

    #[test]
    fn swapping_the_separator_toggles_between_hyphen_and_underscore() {
        let u = SipUsername::parse("100-CANISTRACCI").unwrap();
        let swapped = u.swap_separator(&n("100"), &t("CANISTRACCI"));
        assert_eq!(swapped.as_str(), "100_CANISTRACCI");
        assert_eq!(swapped.swap_separator(&n("100"), &t("CANISTRACCI")), u);
    }

    #[test]
    fn a_custom_username_does_not_follow_the_pattern() {
        let u = SipUsername::parse("alex.reed").unwrap();
        assert!(!u.follows_pattern(&n("100"), &t("CANISTRACCI")));
        assert_eq!(u.swap_separator(&n("100"), &t("CANISTRACCI")), u);
    }

    #[test]
    fn a_username_with_a_space_or_semicolon_is_rejected() {
        assert!(SipUsername::parse("a b").is_err());
        assert!(SipUsername::parse("a;b").is_err());
    }
}
