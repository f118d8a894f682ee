//! Outbound Calls: caller ID, emergency identity, prefixes and rewrite
//! rules, call lists, routing profiles and call rate.

use super::option_values;
use crate::catalogue::{Effect, Kinds};
use crate::values::{
    CallListRef, CallerIdPresentation, Pattern, PhoneNumber, Prefix, RateTableRef, Ref,
    RoutingProfileRef, ShortText,
};

define_section! {
    /// Outbound Calls.
    Outbound, "outbound", "Outbound Calls", Page::Extension {
        caller_id_number: PhoneNumber = PhoneNumber::default(), Kinds::ALL, "External caller ID",
            "Caller ID number", "Number presented on outbound calls (empty: tenant default).",
            [Effect::Dialplan];
        caller_id_name: ShortText = ShortText::default(), Kinds::ALL, "External caller ID",
            "Caller ID name", "Name presented on outbound calls (empty: the extension name).",
            [Effect::endpoint("callerid").value(option_values::caller_id),
                Effect::peer("callerid").value(option_values::caller_id), Effect::Dialplan];
        caller_id_presentation: CallerIdPresentation = CallerIdPresentation::Allowed, Kinds::ALL, "External caller ID",
            "Caller ID presentation", "Show or hide the caller ID on outbound calls.",
            [Effect::Dialplan];
        sms_caller_id: PhoneNumber = PhoneNumber::default(), Kinds::PHONE, "SMS and override caller ID",
            "SMS caller ID", "Sender number of SMS sent by the extension.",
            [Effect::Panel];
        caller_id_from_header: bool = false, Kinds::PHONE, "SMS and override caller ID",
            "Override caller ID from SIP header", "Take the outbound caller ID from the phone's P-Asserted-Identity.",
            [Effect::endpoint("trust_id_inbound").default("no").value(option_values::trust_id_inbound), Effect::Dialplan];
        emergency_caller_id: PhoneNumber = PhoneNumber::default(), Kinds::DIALABLE, "Emergency caller ID",
            "Emergency caller ID", "Number presented on emergency calls (empty: tenant default).",
            [Effect::Dialplan];
        ignore_empty_emergency_caller_id: bool = false, Kinds::DIALABLE, "Emergency caller ID",
            "Ignore empty emergency caller ID warning", "Do not warn when no emergency caller ID is set.",
            [Effect::Panel];
        use_caller_id_in_virtual: bool = false, Kinds::VIRTUAL, "Use this caller ID in a virtual extension",
            "Use this caller ID in a virtual extension", "Member extensions present this caller ID on calls through the virtual extension.",
            [Effect::Dialplan];
        area_code: Prefix = Prefix::default(), Kinds::ALL, "Area code and caller ID regex",
            "Area code", "Prefix added to numbers dialled without one.",
            [Effect::Dialplan];
        caller_id_regex: Pattern = Pattern::default(), Kinds::ALL, "Area code and caller ID regex",
            "Caller ID regex", "Outbound caller ID must match this regex, or the tenant default is used.",
            [Effect::Dialplan];
        do_not_call_list: CallListRef = Ref(None), Kinds::ALL, "Do Not and Only Allow lists",
            "Do Not call list", "Numbers this extension may not call.",
            [Effect::Dialplan];
        only_allow_list: CallListRef = Ref(None), Kinds::ALL, "Do Not and Only Allow lists",
            "Only Allow list", "If set, the only numbers this extension may call.",
            [Effect::Dialplan];
        routing_profile: RoutingProfileRef = Ref(None), Kinds::ALL, "Routing profile and call rate",
            "Routing profile", "Outbound routes used by the extension (empty: tenant default).",
            [Effect::Dialplan];
        sms_routing_profile: RoutingProfileRef = Ref(None), Kinds::PHONE, "Routing profile and call rate",
            "SMS routing profile", "Routes used for SMS.",
            [Effect::Panel];
        call_rate: RateTableRef = Ref(None), Kinds::DIALABLE, "Routing profile and call rate",
            "Client rate", "Rate table that prices the extension's outbound calls by the longest matching prefix of the dialled number (empty: the tenant default; none: calls are not priced).",
            [Effect::Record];
    }
}
