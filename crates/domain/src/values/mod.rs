//! The value types settings are made of. Each knows how to parse itself from
//! the text of a form field or an import cell, how to print itself back, and
//! which [`ValueKind`] describes it to forms, the API schema and the docs.

mod choices;
mod lists;
pub mod password;
mod reference;
mod text;

pub use choices::{
    AbuseAction, AutoAnswer, CallWaiting, CallerIdOverride, CallerIdPresentation, CallerIdSource,
    Codec, ConnectedLineMethod, CustomAuth, DialMethod, DidMode, DirectMediaMethod, DtmfMode,
    EmergencyCallerIdOverride, FaxMode, FmfmCallerId, GlareMitigation, InternalCallerId,
    MediaEncryption, MissedCallNotify, NatMode, OutboundFilter, RecordingPolicy, SipTransport,
};
pub use lists::{CallGroups, CodecList, IpList, NumberList};
pub use password::WebPassword;
pub use reference::{
    BranchRef, CallListRef, ConditionRef, DepartmentRef, DestinationRef, LanguageRef, MohClassRef,
    ObjectKind, ParkingLotRef, RateTableRef, Ref, RoutingProfileRef, UserProfileRef,
};
pub use text::{
    DialTarget, Email, FilePath, Host, LongText, Mailboxes, NameList, Pattern, PhoneNumber, Pin,
    Prefix, ShortText, SipUri, Token, check_text,
};

use serde::{Deserialize, Serialize};

/// How a setting's value looks to the outside world.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// Yes or no.
    Bool,
    /// A whole number within bounds.
    Int {
        /// The smallest value.
        min: i64,
        /// The largest value.
        max: i64,
    },
    /// One of a fixed list.
    Choice {
        /// `(wire value, label)` per choice.
        options: &'static [(&'static str, &'static str)],
    },
    /// Text of a character class.
    Text {
        /// The most characters.
        max: usize,
        /// The characters allowed.
        class: TextClass,
    },
    /// A password set as plain text and stored only as an argon2id hash.
    Password,
    /// Codecs in order of preference.
    Codecs,
    /// Call or pickup groups.
    Groups,
    /// IP networks.
    IpList,
    /// Extension numbers of the tenant.
    Numbers,
    /// The id of a tenant object of this kind.
    Reference(ObjectKind),
}

/// The character classes free-form text settings are restricted to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextClass {
    /// Printable text of any script; no control characters.
    Free,
    /// `0-9` only.
    Digits,
    /// A dialable number: digits, `+`, `*`, `#`.
    Dialable,
    /// An email address.
    Email,
    /// A regular expression (validated by compiling it).
    Regex,
    /// A channel dial target such as `PJSIP/1234@carrier` or `Local/200@ctx`.
    DialTarget,
    /// A SIP URI such as `sip:proxy.example.com;lr` (parameters allowed).
    SipUri,
    /// An absolute file system path.
    Path,
    /// A host name or IP address.
    Host,
    /// A token: letters, digits and `_ . - @ :`.
    Token,
    /// A list of mailboxes such as `100@ACME,101@ACME` (the tenant's own).
    Mailboxes,
    /// Comma-separated names: letters, digits, `_` and `-`.
    Names,
}

impl TextClass {
    /// A short description for help texts and error messages.
    pub fn describe(self) -> &'static str {
        match self {
            TextClass::Free => "text without control characters",
            TextClass::Digits => "digits only",
            TextClass::Dialable => "digits, '+', '*' and '#'",
            TextClass::Email => "an email address",
            TextClass::Regex => "a regular expression",
            TextClass::DialTarget => "a dial target such as PJSIP/1234@carrier",
            TextClass::SipUri => "a SIP URI such as sip:proxy.example.com;lr",
            TextClass::Path => "an absolute path such as /etc/asterisk/keys/cert.pem",
            TextClass::Host => "a host name or IP address",
            TextClass::Token => "letters, digits and _ . - @ :",
            TextClass::Mailboxes => "mailboxes of the tenant such as 100@ACME,101@ACME",
            TextClass::Names => "comma-separated names of letters, digits, _ and -",
        }
    }
}

/// A value a setting can hold.
pub trait SettingValue: Sized + Clone + PartialEq {
    /// How the value looks to forms, the API schema and the docs.
    const KIND: ValueKind;
    /// Parses the text of a form field or an import cell.
    fn parse_text(raw: &str) -> Result<Self, String>;
    /// The text a form field or an export cell shows.
    fn to_text(&self) -> String;
}

impl SettingValue for bool {
    const KIND: ValueKind = ValueKind::Bool;
    fn parse_text(raw: &str) -> Result<Self, String> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "yes" | "true" | "1" | "on" | "y" => Ok(true),
            "no" | "false" | "0" | "off" | "n" => Ok(false),
            _ => Err("expected yes or no".into()),
        }
    }
    fn to_text(&self) -> String {
        if *self { "yes" } else { "no" }.into()
    }
}

/// An integer between `MIN` and `MAX`, inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "i64")]
pub struct Bounded<const MIN: i64, const MAX: i64>(i64);

impl<const MIN: i64, const MAX: i64> Bounded<MIN, MAX> {
    /// Panics at compile time (in consts) or on a programming error when out of range.
    pub const fn new(value: i64) -> Self {
        assert!(value >= MIN && value <= MAX, "Bounded default out of range");
        Self(value)
    }
    /// The value.
    pub fn get(self) -> i64 {
        self.0
    }
}

impl<const MIN: i64, const MAX: i64> TryFrom<i64> for Bounded<MIN, MAX> {
    type Error = String;
    fn try_from(value: i64) -> Result<Self, String> {
        if (MIN..=MAX).contains(&value) {
            Ok(Self(value))
        } else {
            Err(format!("must be between {MIN} and {MAX}"))
        }
    }
}

impl<const MIN: i64, const MAX: i64> From<Bounded<MIN, MAX>> for i64 {
    fn from(value: Bounded<MIN, MAX>) -> i64 {
        value.0
    }
}

impl<const MIN: i64, const MAX: i64> SettingValue for Bounded<MIN, MAX> {
    const KIND: ValueKind = ValueKind::Int { min: MIN, max: MAX };
    fn parse_text(raw: &str) -> Result<Self, String> {
        let trimmed = raw.trim();
        // Spreadsheets store whole numbers as floats: accept "30.0".
        let whole = trimmed.strip_suffix(".0").unwrap_or(trimmed);
        let value: i64 = whole
            .parse()
            .map_err(|_| format!("must be a whole number between {MIN} and {MAX}"))?;
        Self::try_from(value)
    }
    fn to_text(&self) -> String {
        self.0.to_string()
    }
}
