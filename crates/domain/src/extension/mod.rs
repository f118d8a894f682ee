//! Extensions: the four kinds, their identity (number, username, secret)
//! and the settings document every kind carries.

mod number;
mod secret;
mod username;

pub use number::ExtensionNumber;
pub use secret::Secret;
pub use username::{SipUsername, UsernameSeparator};

use serde::{Deserialize, Serialize};

use crate::settings::Settings;
use crate::values::ShortText;

/// What an extension is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExtensionKind {
    /// A phone registering as a chan_sip peer.
    Sip,
    /// A phone registering as a PJSIP endpoint.
    Pjsip,
    /// A custom dial target.
    Custom,
    /// A group of real extensions behind one number.
    Virtual,
}

impl ExtensionKind {
    /// Every kind, in form order.
    pub const ALL: [ExtensionKind; 4] = [
        ExtensionKind::Sip,
        ExtensionKind::Pjsip,
        ExtensionKind::Custom,
        ExtensionKind::Virtual,
    ];

    /// The wire spelling: `sip`, `pjsip`, `custom`, `virtual`.
    pub fn as_str(self) -> &'static str {
        match self {
            ExtensionKind::Sip => "sip",
            ExtensionKind::Pjsip => "pjsip",
            ExtensionKind::Custom => "custom",
            ExtensionKind::Virtual => "virtual",
        }
    }

    /// The Tech column: `SIP`, `PJSIP`, `CUSTOM`, `VIRTUAL`.
    pub fn tech(self) -> &'static str {
        match self {
            ExtensionKind::Sip => "SIP",
            ExtensionKind::Pjsip => "PJSIP",
            ExtensionKind::Custom => "CUSTOM",
            ExtensionKind::Virtual => "VIRTUAL",
        }
    }

    /// Parses `sip`, `pjsip`, `custom` or `virtual` (case-insensitive).
    pub fn parse(raw: &str) -> Result<ExtensionKind, String> {
        let raw = raw.trim().to_ascii_lowercase();
        let raw = if raw == "chan_sip" {
            "sip"
        } else {
            raw.as_str()
        };
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == raw)
            .ok_or_else(|| "must be one of: sip, pjsip, custom, virtual".to_string())
    }

    /// True for the kinds that register a phone (and so have credentials).
    pub fn is_phone(self) -> bool {
        matches!(self, ExtensionKind::Sip | ExtensionKind::Pjsip)
    }
}

impl std::fmt::Display for ExtensionKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An extension of a tenant, valid as a whole.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Extension {
    /// The extension number, unique in its tenant.
    pub number: ExtensionNumber,
    /// What the extension is.
    pub kind: ExtensionKind,
    /// The display name.
    pub name: ShortText,
    /// A free description.
    pub description: ShortText,
    /// Present for SIP and PJSIP extensions.
    pub username: Option<SipUsername>,
    /// Present for SIP and PJSIP extensions.
    pub secret: Option<Secret>,
    /// Every setting of the extension.
    pub settings: Settings,
    /// Incremented by every stored change; a stale version is a conflict.
    pub version: i64,
}

impl Extension {
    /// The flags behind the list page's icons.
    pub fn flags(&self) -> ListFlags {
        ListFlags::of(self)
    }
}

/// The facts the list page shows as icons, kept as columns for fast lists.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListFlags {
    /// Do not disturb is on.
    pub dnd: bool,
    /// Calls are forwarded (unconditional destination).
    pub forward: bool,
    /// Outbound calls are locked by a PIN.
    pub pin_lock: bool,
    /// Outbound destinations are filtered.
    pub call_filter: bool,
    /// Calls are recorded.
    pub recording: bool,
    /// Media is encrypted (SRTP).
    pub srtp: bool,
    /// Signalling uses TLS.
    pub tls: bool,
}

impl ListFlags {
    fn of(extension: &Extension) -> ListFlags {
        let s = &extension.settings;
        ListFlags {
            dnd: s.information.dnd,
            forward: s.destinations.unconditional_enabled,
            pin_lock: !s.security.lock_pin.is_empty(),
            call_filter: s.inbound.block_caller_id_number
                || s.inbound.block_caller_id_name
                || s.outbound.do_not_call_list.id().is_some()
                || s.outbound.only_allow_list.id().is_some(),
            recording: s.inbound_recording.inbound_recording
                != crate::values::RecordingPolicy::Never
                || s.outbound_recording.outbound_recording != crate::values::RecordingPolicy::Never,
            srtp: s.security.media_encryption != crate::values::MediaEncryption::No,
            tls: s.security.transport == crate::values::SipTransport::Tls
                || s.security.transport == crate::values::SipTransport::Wss,
        }
    }

    /// Packs the flags into one integer column.
    pub fn bits(self) -> i64 {
        [
            self.dnd,
            self.forward,
            self.pin_lock,
            self.call_filter,
            self.recording,
            self.srtp,
            self.tls,
        ]
        .iter()
        .enumerate()
        .fold(0, |acc, (i, on)| acc | (i64::from(*on) << i))
    }

    /// The flags from their stored bit set.
    pub fn from_bits(bits: i64) -> ListFlags {
        let on = |i: u32| bits & (1 << i) != 0;
        ListFlags {
            dnd: on(0),
            forward: on(1),
            pin_lock: on(2),
            call_filter: on(3),
            recording: on(4),
            srtp: on(5),
            tls: on(6),
        }
    }
}
