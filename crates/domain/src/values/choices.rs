//! Every choice list of the forms, as enums. The wire value of each variant
//! is the value Asterisk itself uses where the setting maps to an Asterisk
//! option, so renderers never translate spelling.

use super::{SettingValue, ValueKind};

/// Declares a choice enum with its wire values and labels. Its default is
/// the default of the setting that uses it, declared with the setting.
macro_rules! choice {
    ($(#[$meta:meta])* $name:ident {
        $($variant:ident = $wire:literal => $label:literal),+ $(,)?
    }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $(#[doc = concat!($label, " (`", $wire, "`).")] $variant),+ }

        impl $name {
            /// Every choice as `(wire value, label)`, in form order.
            pub const OPTIONS: &'static [(&'static str, &'static str)] = &[$(($wire, $label)),+];
            /// Every choice, in form order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The wire (and Asterisk) spelling.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $wire),+ }
            }
            /// The label forms show.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }
        }

        impl std::str::FromStr for $name {
            type Err = String;
            fn from_str(raw: &str) -> Result<Self, String> {
                let raw = raw.trim();
                $(if raw.eq_ignore_ascii_case($wire) || raw.eq_ignore_ascii_case($label) {
                    return Ok($name::$variant);
                })+
                Err(format!(
                    "must be one of: {}",
                    Self::OPTIONS.iter().map(|(w, _)| *w).collect::<Vec<_>>().join(", ")
                ))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let raw = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                raw.parse().map_err(serde::de::Error::custom)
            }
        }

        impl SettingValue for $name {
            const KIND: ValueKind = ValueKind::Choice { options: $name::OPTIONS };
            fn parse_text(raw: &str) -> Result<Self, String> { raw.parse() }
            fn to_text(&self) -> String { self.as_str().to_owned() }
        }
    };
}

choice!(
    /// DTMF signalling (PJSIP `dtmf_mode`; chan_sip `dtmfmode` maps rfc4733 to rfc2833).
    DtmfMode {
        Rfc4733 = "rfc4733" => "RFC 4733",
        Inband = "inband" => "In-band",
        Info = "info" => "SIP INFO",
        Auto = "auto" => "Automatic",
        AutoInfo = "auto_info" => "Automatic (INFO fallback)",
    }
);

choice!(
    /// NAT traversal for the endpoint.
    NatMode {
        AutoForceRportAutoComedia = "auto_force_rport,auto_comedia" => "Force rport and symmetric RTP when NAT is detected",
        AutoForceRport = "auto_force_rport" => "Force rport when NAT is detected",
        No = "no" => "No NAT handling",
        ForceRport = "force_rport" => "Force rport",
        Comedia = "comedia" => "Symmetric RTP (comedia)",
        ForceRportComedia = "force_rport,comedia" => "Force rport and symmetric RTP",
    }
);

choice!(
    /// Whether and how the extension is recorded.
    RecordingPolicy {
        Never = "never" => "Never",
        Always = "always" => "Always",
        OnDemand = "on_demand" => "On demand",
        TenantDefault = "tenant" => "Tenant default",
    }
);

choice!(
    /// T.38 fax handling.
    FaxMode {
        Off = "off" => "Off",
        T38 = "t38" => "T.38 passthrough",
        Detect = "detect" => "Fax detection",
    }
);

choice!(
    /// Which caller ID parts of a trunk's INVITE are kept on outbound calls.
    CallerIdOverride {
        KeepNameAndNumber = "name_and_number" => "Keep name and number from INVITE",
        KeepNumber = "number" => "Keep number only",
        KeepName = "name" => "Keep name only",
        UseExtension = "extension" => "Ignore INVITE, use extension caller ID",
    }
);

choice!(
    /// Whether an emergency caller ID from a trunk's INVITE passes through.
    EmergencyCallerIdOverride {
        FromInvite = "from_invite" => "Get Emergency CallerID from SIP Invite",
        Replace = "extension" => "Do not use Emergency CallerID from SIP Invite",
    }
);

choice!(
    /// Where trunk caller ID is read from.
    CallerIdSource {
        Automatic = "auto" => "Automatic",
        From = "from" => "From",
        Pai = "pai" => "P-Asserted-Identity",
        Ppi = "ppi" => "P-Preferred-Identity",
        Rpid = "rpid" => "Remote-Party-ID",
    }
);

choice!(
    /// What a trunk-mode extension is dialled with.
    DidMode {
        Automatic = "auto" => "Automatic (called number)",
        SetTo = "set" => "Set to",
    }
);

choice!(
    /// Outbound destinations the extension may call.
    OutboundFilter {
        All = "all" => "All calls allowed",
        None = "none" => "All calls blocked",
        Regex = "regex" => "Only destinations matching the regex",
    }
);

choice!(
    /// What happens when abuse is detected.
    AbuseAction {
        TenantDefault = "tenant" => "Tenant policy",
        Off = "off" => "Off",
        Warn = "warn" => "Warn",
        Lock = "lock" => "Lock extension",
    }
);

choice!(
    /// How follow-me and forward numbers are dialled.
    DialMethod {
        Sequential = "sequential" => "After the extension (sequential)",
        Simultaneous = "simultaneous" => "Together with the extension",
    }
);

choice!(
    /// Caller ID shown on follow-me calls.
    FmfmCallerId {
        Caller = "caller" => "Original caller",
        Extension = "extension" => "Extension caller ID",
        Tenant = "tenant" => "Tenant default caller ID",
    }
);

choice!(
    /// Internal caller ID of a virtual or custom extension.
    InternalCallerId {
        Automatic = "auto" => "Automatic",
        Extension = "extension" => "This extension's name and number",
        Caller = "caller" => "Original caller",
    }
);

choice!(
    /// How a custom extension authenticates inbound calls.
    CustomAuth {
        None = "none" => "None",
        Ip = "ip" => "Source IP address",
        Provider = "provider" => "Allowed providers only",
    }
);

choice!(
    /// PJSIP `connected_line_method`.
    ConnectedLineMethod {
        Invite = "invite" => "INVITE",
        Reinvite = "reinvite" => "re-INVITE",
        Update = "update" => "UPDATE",
    }
);

choice!(
    /// PJSIP `direct_media_method`.
    DirectMediaMethod {
        Invite = "invite" => "INVITE",
        Reinvite = "reinvite" => "re-INVITE",
        Update = "update" => "UPDATE",
    }
);

choice!(
    /// PJSIP `direct_media_glare_mitigation`.
    GlareMitigation {
        None = "none" => "None",
        Outgoing = "outgoing" => "Outgoing",
        Incoming = "incoming" => "Incoming",
    }
);

choice!(
    /// Media encryption (PJSIP `media_encryption`; chan_sip `encryption`).
    MediaEncryption {
        No = "no" => "None",
        Sdes = "sdes" => "SRTP (SDES)",
        Dtls = "dtls" => "DTLS-SRTP",
    }
);

choice!(
    /// SIP signalling transport.
    SipTransport {
        Udp = "udp" => "UDP",
        Tcp = "tcp" => "TCP",
        Tls = "tls" => "TLS",
        Ws = "ws" => "WebSocket",
        Wss = "wss" => "Secure WebSocket",
    }
);

choice!(
    /// Automatic answer for supported phones.
    AutoAnswer {
        Off = "off" => "Off",
        Intercom = "intercom" => "Intercom calls only",
        Always = "always" => "All calls",
    }
);

/// No auto-answer: what a call-flow step that rings no phone carries (the
/// setting's own default is declared with the setting).
impl Default for AutoAnswer {
    fn default() -> Self {
        AutoAnswer::Off
    }
}

choice!(
    /// Which missed calls send a notification.
    MissedCallNotify {
        Off = "off" => "Off",
        All = "all" => "All missed calls",
        External = "external" => "External calls only",
    }
);

choice!(
    /// Call waiting behaviour.
    CallWaiting {
        Enabled = "enabled" => "Enabled",
        Disabled = "disabled" => "Disabled",
        ServerSide = "server" => "Server side",
    }
);

choice!(
    /// Caller ID presentation on outbound calls.
    CallerIdPresentation {
        Allowed = "allowed" => "Show caller ID",
        Hidden = "prohib" => "Hide caller ID",
    }
);

choice!(
    /// A media codec (Asterisk format names).
    Codec {
        Ulaw = "ulaw" => "G.711 u-law",
        Alaw = "alaw" => "G.711 a-law",
        G722 = "g722" => "G.722",
        G729 = "g729" => "G.729",
        Gsm = "gsm" => "GSM",
        Opus = "opus" => "Opus",
        Ilbc = "ilbc" => "iLBC",
        Speex = "speex" => "Speex",
        Slin = "slin" => "Signed linear 8 kHz",
        H264 = "h264" => "H.264 video",
        H263 = "h263" => "H.263 video",
        Vp8 = "vp8" => "VP8 video",
        Vp9 = "vp9" => "VP9 video",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_choice_parses_its_wire_value_and_its_label_case_insensitively() {
        assert_eq!("RFC4733".parse::<DtmfMode>(), Ok(DtmfMode::Rfc4733));
        assert_eq!("sip info".parse::<DtmfMode>(), Ok(DtmfMode::Info));
    }

    #[test]
    fn an_unknown_choice_lists_the_valid_ones() {
        let err = "pulse".parse::<DtmfMode>().unwrap_err();
        assert!(
            err.contains("rfc4733") && err.contains("auto_info"),
            "{err}"
        );
    }
}
