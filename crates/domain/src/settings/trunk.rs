//! Trunk mode: a phone extension that is really another PBX or gateway.

use super::option_values;
use crate::catalogue::{Effect, Kinds};
use crate::values::{
    CallerIdOverride, CallerIdSource, DidMode, EmergencyCallerIdOverride, PhoneNumber,
};

define_section! {
    /// Trunk mode options (shown when Trunk is checked).
    Trunk, "trunk", "Trunk mode", Page::Extension {
        trunk: bool = false, Kinds::PHONE, "Trunk",
            "Trunk", "Dial the called number at this peer instead of the peer username.",
            [Effect::Dialplan];
        did_mode: DidMode = DidMode::Automatic, Kinds::PHONE, "DID Number",
            "DID Number", "Automatic sends the called number; Set to sends the DID number below.",
            [Effect::Dialplan];
        did_number: PhoneNumber = PhoneNumber::default(), Kinds::PHONE, "DID Number",
            "DID number", "The number sent to the peer when DID Number is Set to.",
            [Effect::Dialplan];
        caller_id_override: CallerIdOverride = CallerIdOverride::KeepNameAndNumber, Kinds::PHONE, "CallerID Number Override",
            "CallerID Number Override", "Which caller ID parts of the trunk's INVITE are kept on outbound calls.",
            [Effect::Dialplan];
        emergency_caller_id_override: EmergencyCallerIdOverride = EmergencyCallerIdOverride::FromInvite, Kinds::PHONE, "Emergency CallerID Number Override",
            "Emergency CallerID Number Override", "Whether the emergency caller ID from the trunk's INVITE passes through.",
            [Effect::Dialplan];
        caller_id_source: CallerIdSource = CallerIdSource::Automatic, Kinds::PHONE, "CallerID Number Source",
            "CallerID Number Source", "Header inbound trunk caller ID is read from.",
            [Effect::endpoint("trust_id_inbound").default("no").value(option_values::trust_id_inbound),
                Effect::peer("trustrpid").default("no").value(option_values::trust_rpid)];
    }
}
