//! Tenants: the customers of a hosted PBX, each with its own extensions.

use serde::{Deserialize, Serialize};

use crate::values::ShortText;

/// A tenant code: 2 to 32 upper-case ASCII letters, e.g. `CANISTRACCI`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TenantCode(String);

impl TenantCode {
    /// Parses a tenant code.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let raw = raw.trim();
        if raw.len() < 2 || raw.len() > 32 || !raw.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err("must be 2 to 32 upper-case letters, e.g. CANISTRACCI".into());
        }
        // The tenant's voicemail context is its code; Asterisk reads these
        // sections of voicemail.conf (in any case) as its own.
        if ["GENERAL", "ZONEMESSAGES"].contains(&raw) {
            return Err(format!("{raw} is reserved: choose another code"));
        }
        Ok(Self(raw.to_owned()))
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for TenantCode {
    type Error = String;
    fn try_from(value: String) -> Result<Self, String> {
        Self::parse(&value)
    }
}

impl From<TenantCode> for String {
    fn from(value: TenantCode) -> String {
        value.0
    }
}

impl std::fmt::Display for TenantCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The SIP stack a tenant prefers for new phone extensions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SipStack {
    #[serde(rename = "chan_sip")]
    /// chan_sip.
    ChanSip,
    #[default]
    /// PJSIP.
    Pjsip,
}

impl SipStack {
    /// Asterisk's channel technology: `PJSIP` or `SIP`.
    pub fn channel_tech(self) -> &'static str {
        match self {
            SipStack::ChanSip => "SIP",
            SipStack::Pjsip => "PJSIP",
        }
    }

    /// `sip` or `pjsip`.
    pub fn as_str(self) -> &'static str {
        match self {
            SipStack::ChanSip => "chan_sip",
            SipStack::Pjsip => "pjsip",
        }
    }

    /// Parses `sip` or `pjsip`.
    pub fn parse(raw: &str) -> Result<Self, String> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "chan_sip" | "sip" => Ok(SipStack::ChanSip),
            "pjsip" => Ok(SipStack::Pjsip),
            _ => Err("must be chan_sip or pjsip".into()),
        }
    }
}

/// The largest extension limit a tenant may be given.
pub const MAX_EXTENSION_LIMIT: i64 = 1_000_000;

/// A tenant with its policy and the defaults applied to new extensions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tenant {
    /// The tenant's unique code, e.g. `ACME`.
    pub code: TenantCode,
    /// The tenant's display name.
    pub name: ShortText,
    /// The stack new phone extensions get.
    pub preferred_stack: SipStack,
    /// How many extensions the tenant may have.
    pub extension_limit: i64,
    /// Whether usernames may depart from `<number>-<CODE>`.
    pub allow_custom_usernames: bool,
    /// Settings new extensions start from.
    pub defaults: crate::settings::Settings,
    /// The address phones register to (`sip.example.com`, optionally with
    /// `:port`); with one, phones can be set up from a QR code.
    pub sip_domain: Option<String>,
    /// What the tenant's outbound calls do when the node cannot reach
    /// pbx's call-control service to check their limits.
    pub call_control_fallback: CallControlFallback,
}

/// What an outbound call does when pbx's call-control service (the cost
/// limit and lock check) cannot be reached. Emergency calls always pass.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CallControlFallback {
    /// The call goes on, unchecked (availability first).
    #[default]
    Allow,
    /// The call is refused (no spend without a check).
    Refuse,
}

impl CallControlFallback {
    /// `allow` or `refuse`.
    pub fn as_str(self) -> &'static str {
        match self {
            CallControlFallback::Allow => "allow",
            CallControlFallback::Refuse => "refuse",
        }
    }

    /// Reads `allow` or `refuse`.
    pub fn parse(raw: &str) -> Result<CallControlFallback, String> {
        match raw {
            "allow" => Ok(CallControlFallback::Allow),
            "refuse" => Ok(CallControlFallback::Refuse),
            _ => Err("must be allow or refuse".into()),
        }
    }
}

/// Checks a SIP domain: a host name or IPv4 address (letters, digits, `.`,
/// `-`), optionally followed by `:port`.
pub fn parse_sip_domain(raw: &str) -> Result<String, String> {
    let message = "must be a host name such as sip.example.com, optionally with :port";
    let (host, port) = match raw.rsplit_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (raw, None),
    };
    let labels_ok = host.len() <= 253
        && host.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        });
    let port_ok = port.is_none_or(|p| p.parse::<u16>().is_ok_and(|p| p > 0));
    if labels_ok && port_ok {
        Ok(raw.to_ascii_lowercase())
    } else {
        Err(message.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sip_domain_is_a_host_with_an_optional_port() {
        assert_eq!(
            parse_sip_domain("SIP.Example.com").unwrap(),
            "sip.example.com"
        );
        assert!(parse_sip_domain("10.0.0.7:5061").is_ok());
        for bad in [
            "",
            "sip..example",
            "-sip.example",
            "sip.example:0",
            "a b",
            "x;transport=tcp",
            "sip.example:99999",
        ] {
            assert!(parse_sip_domain(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_tenant_code_is_upper_case_letters_only() {
        assert!(TenantCode::parse("CANISTRACCI").is_ok());
        assert!(TenantCode::parse("Canistracci").is_err());
        assert!(TenantCode::parse("ACME1").is_err());
        assert!(TenantCode::parse("A").is_err());
    }
}
