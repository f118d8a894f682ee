//! Security: network filters, transport and media encryption, abuse and
//! cost limits, outbound destination filter, lock PIN, maximum duration,
//! working hours; and the dial target of custom extensions.

use super::option_values;
use crate::catalogue::{Effect, Kinds};
use crate::values::{
    AbuseAction, Bounded, ConditionRef, CustomAuth, DialTarget, InternalCallerId, IpList,
    MediaEncryption, NameList, OutboundFilter, Pattern, Pin, Ref, SipTransport, Token,
};

define_section! {
    /// Security.
    Security, "security", "Security", Page::Extension {
        custom_dial_target: DialTarget = DialTarget::default(), Kinds::CUSTOM, "Outbound number",
            "Outbound number", "The channel the custom extension dials, e.g. PJSIP/+441234@carrier or Local/200@ctx.",
            [Effect::Dialplan];
        custom_internal_caller_id: InternalCallerId = InternalCallerId::Automatic, Kinds::CUSTOM, "Caller ID and authentication",
            "Use internal caller ID", "Caller ID used on internal calls to the custom target.",
            [Effect::Dialplan];
        custom_auth: CustomAuth = CustomAuth::None, Kinds::CUSTOM, "Caller ID and authentication",
            "Authentication method", "Whether calls the target places (arriving from a provider trunk with the target's number as caller ID) are placed as this extension: None never; Source IP address when they come from the target's IP address; Allowed providers only when they arrive through an allowed provider.",
            [Effect::Dialplan];
        custom_allowed_providers: NameList = NameList::default(), Kinds::CUSTOM, "Allowed providers and Teams ID",
            "Allowed providers", "Provider trunks (their PBX_PROVIDER name) the target's calls may arrive through, comma-separated; empty: any provider.",
            [Effect::Dialplan];
        teams_id: Token = Token::default(), Kinds::CUSTOM, "Allowed providers and Teams ID",
            "Teams ID", "Microsoft Teams user id used for presence integration.",
            [Effect::Panel];
        allowed_ips: IpList = IpList::default(), Kinds::PHONE, "Authentication and network filters",
            "Allowed IPs", "Networks the phone may register and call from (empty: any).",
            [Effect::endpoint("deny").value(option_values::deny_all_but_allowed), Effect::endpoint("permit"),
                Effect::peer("deny").value(option_values::deny_all_but_allowed), Effect::peer("permit")];
        transport: SipTransport = SipTransport::Udp, Kinds::PHONE, "Authentication and network filters",
            "Transport", "SIP transport the phone uses (TLS shows the TLS indicator).",
            [Effect::endpoint("transport").value(option_values::pjsip_transport), Effect::peer("transport").default("udp")];
        media_encryption: MediaEncryption = MediaEncryption::No, Kinds::PHONE, "Authentication and network filters",
            "Media encryption", "SRTP for the phone's media (shows the SRTP indicator).",
            [Effect::endpoint("media_encryption").default("no"),
                Effect::peer("encryption").default("no").value(option_values::peer_encryption),
                Effect::peer("dtlsenable").default("no").value(option_values::peer_dtls)];
        trust_id_outbound: bool = false, Kinds::PHONE, "Authentication and network filters",
            "Trust endpoint identity", "Send private identity (PAI/RPID) to this endpoint.",
            [Effect::endpoint("trust_id_outbound").default("no"), Effect::peer("trust_id_outbound").value(option_values::peer_trust_id_outbound)];
        abuse_detection: AbuseAction = AbuseAction::TenantDefault, Kinds::DIALABLE, "Abuse detection and cost limits",
            "Abuse detection", "What happens when an external call trips one of the abuse rules below: Warn mails the tenant's administrators and the extension user and lets the call through; Lock locks the extension (its calls refused on every node, running ones hung up) until an administrator unlocks it; Tenant policy does what the tenant's default says (Off when that is Tenant policy too). Checked by pbx's call control before each external call.",
            [Effect::Record];
        abuse_calls_per_minute: Bounded<0, 1000> = Bounded::new(0), Kinds::DIALABLE, "Abuse detection and cost limits",
            "Abuse: calls per minute", "More external calls than this within one minute trip abuse detection (0: no limit).",
            [Effect::Record];
        abuse_concurrent_calls: Bounded<0, 1000> = Bounded::new(0), Kinds::DIALABLE, "Abuse detection and cost limits",
            "Abuse: concurrent calls", "More external calls at once than this trip abuse detection (0: no limit; needs call records).",
            [Effect::Record];
        abuse_spend_per_hour: Bounded<0, 1_000_000> = Bounded::new(0), Kinds::DIALABLE, "Abuse detection and cost limits",
            "Abuse: spend per hour", "Outbound spend within the last hour above this (tenant currency) trips abuse detection (0: no limit).",
            [Effect::Record];
        abuse_destinations: Pattern = Pattern::default(), Kinds::DIALABLE, "Abuse detection and cost limits",
            "Abuse: suspicious destinations", "Calls to numbers matching this regex (e.g. international ^00 or premium ^09) trip abuse detection (empty: none).",
            [Effect::Record];
        abuse_hours: ConditionRef = Ref(None), Kinds::DIALABLE, "Abuse detection and cost limits",
            "Abuse: usual hours", "External calls outside this condition (UTC) trip abuse detection (none: any time).",
            [Effect::Record];
        daily_cost_limit: Bounded<0, 1_000_000> = Bounded::new(0), Kinds::DIALABLE, "Abuse detection and cost limits",
            "Daily cost limit", "Largest outbound spend per UTC day in the tenant currency (0: no limit). pbx's call control refuses calls once it is reached and cuts a call when its budget runs out; needs a call rate.",
            [Effect::Record];
        monthly_cost_limit: Bounded<0, 10_000_000> = Bounded::new(0), Kinds::DIALABLE, "Abuse detection and cost limits",
            "Monthly cost limit", "Largest outbound spend per UTC month (0: no limit), enforced like the daily limit.",
            [Effect::Record];
        outbound_filter: OutboundFilter = OutboundFilter::All, Kinds::ALL, "Outbound destinations",
            "Outbound destinations", "Allow all calls, block all, or allow only numbers matching the regex.",
            [Effect::Dialplan];
        outbound_regex: Pattern = Pattern::default(), Kinds::ALL, "Outbound destinations",
            "Destination regex", "Allowed destinations when Outbound destinations is regex, e.g. ^0[1-9].",
            [Effect::Dialplan];
        lock_pin: Pin = Pin::default(), Kinds::ALL, "Lock PIN and max duration",
            "Lock PIN", "PIN that locks outbound calls until it is entered (empty: no lock).",
            [Effect::Dialplan];
        max_call_duration: Bounded<0, 86400> = Bounded::new(0), Kinds::ALL, "Lock PIN and max duration",
            "Max call duration (s)", "Outbound calls are cut after this many seconds (0: unlimited).",
            [Effect::Dialplan];
        working_hours: ConditionRef = Ref(None), Kinds::ALL, "Working hours",
            "Working hours", "Outbound calls are allowed only while this condition matches.",
            [Effect::Dialplan];
    }
}
