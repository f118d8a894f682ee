//! The rules for calls an extension places: lock PIN, working hours,
//! destination filter and call lists, maximum duration, area code, caller
//! ID (checked by regex, emergency identity, trunk overrides), routing
//! profile, spy groups and recording.

use serde::{Deserialize, Serialize};

use super::NamedCondition;
use super::build::Lookup;
use crate::extension::{Extension, ExtensionKind};
use crate::tenant::Tenant;
use crate::values::{
    CallListRef, CallerIdOverride, CallerIdPresentation, EmergencyCallerIdOverride, ObjectKind,
    OutboundFilter, RecordingPolicy,
};

/// The numbers treated as emergency calls, as a regex over the dialled number.
pub const EMERGENCY_NUMBERS: &str = "^(911|933|112|999|000)$";

/// Which external destinations an extension may call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "allow", content = "regex", rename_all = "snake_case")]
pub enum OutboundFilterRule {
    All,
    None,
    Matching(String),
}

/// The caller ID number must match `regex`; otherwise `fallback` (the
/// tenant default, or none) is presented.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallerIdCheck {
    pub regex: String,
    pub fallback: Option<String>,
}

/// Rules for calls an extension places.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboundPolicy {
    /// External calls wait for this PIN.
    pub lock_pin: Option<String>,
    /// External calls are allowed only while this condition matches.
    pub working_hours: Option<NamedCondition>,
    pub filter: OutboundFilterRule,
    /// Numbers that may not be called (regex built from the Do Not list).
    pub blocked: Option<String>,
    /// The only numbers that may be called (from the Only Allow list).
    pub only_allowed: Option<String>,
    /// External calls placed are cut after this many seconds.
    pub max_duration: Option<u32>,
    /// Put before numbers of up to 8 digits dialled without a leading 0 or +.
    pub area_code: Option<String>,
    /// External caller ID number (empty: tenant default).
    pub caller_id_number: Option<String>,
    /// External caller ID name.
    pub caller_id_name: Option<String>,
    pub caller_id_check: Option<CallerIdCheck>,
    /// Caller ID number on calls to [`EMERGENCY_NUMBERS`].
    pub emergency_caller_id: Option<String>,
    pub hide_caller_id: bool,
    /// Name of the routing profile external calls use (empty: the default routes).
    pub routing_profile: Option<String>,
    /// ChanSpy groups of the calling channel.
    pub spy_groups: Vec<u8>,
    /// Record external calls placed (policy Always).
    pub record: bool,
}

pub(super) fn policy(
    tenant: &Tenant,
    extension: &Extension,
    extensions: &[Extension],
    lookup: &Lookup,
) -> OutboundPolicy {
    let s = &extension.settings;
    let text = |v: &str| (!v.is_empty()).then(|| v.to_owned());
    let list = |r: CallListRef| {
        lookup
            .value(ObjectKind::CallList, r.id())
            .map(|v| call_list_regex(&v))
    };
    let (caller_id_number, caller_id_name) = caller_id(extension, extensions);
    let emergency = text(s.outbound.emergency_caller_id.as_str());
    let trunk = extension.kind.is_phone() && s.trunk.trunk;
    OutboundPolicy {
        lock_pin: text(s.security.lock_pin.as_str()),
        working_hours: lookup.condition(s.security.working_hours),
        filter: match s.security.outbound_filter {
            OutboundFilter::All => OutboundFilterRule::All,
            OutboundFilter::None => OutboundFilterRule::None,
            OutboundFilter::Regex => {
                OutboundFilterRule::Matching(s.security.outbound_regex.as_str().to_owned())
            }
        },
        blocked: list(s.outbound.do_not_call_list),
        only_allowed: list(s.outbound.only_allow_list),
        max_duration: match s.security.max_call_duration.get() {
            0 => None,
            n => Some(n as u32),
        },
        area_code: text(s.outbound.area_code.as_str()),
        caller_id_number,
        caller_id_name,
        caller_id_check: text(s.outbound.caller_id_regex.as_str()).map(|regex| CallerIdCheck {
            regex,
            fallback: text(tenant.defaults.outbound.caller_id_number.as_str()),
        }),
        emergency_caller_id: match s.trunk.emergency_caller_id_override {
            EmergencyCallerIdOverride::FromInvite if trunk => None,
            EmergencyCallerIdOverride::Replace if trunk => {
                emergency.or_else(|| Some(extension.number.as_str().to_owned()))
            }
            _ => emergency,
        },
        hide_caller_id: s.outbound.caller_id_presentation == CallerIdPresentation::Hidden,
        routing_profile: lookup.value(ObjectKind::RoutingProfile, s.outbound.routing_profile.id()),
        spy_groups: if extension.kind.is_phone() {
            s.information.spy_groups.0.iter().copied().collect()
        } else {
            Vec::new()
        },
        record: s.outbound_recording.outbound_recording == RecordingPolicy::Always,
    }
}

/// The caller ID number and name set on external calls. A trunk keeps the
/// parts of its INVITE its override names; a member of a virtual extension
/// that shares its caller ID presents that number.
fn caller_id(extension: &Extension, extensions: &[Extension]) -> (Option<String>, Option<String>) {
    let s = &extension.settings;
    let text = |v: &str| (!v.is_empty()).then(|| v.to_owned());
    let shared = extensions
        .iter()
        .filter(|v| v.kind == ExtensionKind::Virtual)
        .filter(|v| v.settings.outbound.use_caller_id_in_virtual)
        .filter(|v| {
            v.settings
                .information
                .virtual_members
                .0
                .contains(&extension.number)
        })
        .find_map(|v| text(v.settings.outbound.caller_id_number.as_str()));
    // A phone whose P-Asserted-Identity is trusted keeps the number it sent.
    let from_header = extension.kind.is_phone() && s.outbound.caller_id_from_header;
    let number = text(s.outbound.caller_id_number.as_str())
        .or(shared)
        .filter(|_| !from_header);
    let name = text(s.outbound.caller_id_name.as_str());
    if !(extension.kind.is_phone() && s.trunk.trunk) {
        return (number, name);
    }
    let own_number = || {
        number
            .clone()
            .or_else(|| Some(extension.number.as_str().to_owned()))
    };
    let own_name = || {
        name.clone()
            .or_else(|| Some(extension.name.as_str().to_owned()))
    };
    match s.trunk.caller_id_override {
        CallerIdOverride::KeepNameAndNumber => (None, None),
        CallerIdOverride::KeepNumber => (None, own_name()),
        CallerIdOverride::KeepName => (own_number(), None),
        CallerIdOverride::UseExtension => (own_number(), own_name()),
    }
}

/// A regex matching the numbers of a call list (`0900X.,+4420`): digits and
/// `+ * #` literally, `X` any digit, `.` anything after.
pub fn call_list_regex(list: &str) -> String {
    let entries: Vec<String> = list
        .split(',')
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(|n| {
            n.chars()
                .map(|c| match c {
                    'X' => "[0-9]".to_owned(),
                    '.' => ".*".to_owned(),
                    '+' | '*' => format!("\\{c}"),
                    c => c.to_string(),
                })
                .collect()
        })
        .collect();
    format!("^({})$", entries.join("|"))
}

impl OutboundPolicy {
    /// True when an external call to `number` at `day`/`minute` passes the
    /// hours, destination and call-list checks (the PIN is assumed entered).
    pub fn allows(&self, number: &str, day: crate::objects::Weekday, minute: u16) -> bool {
        let matches = |re: &str| regex::Regex::new(re).is_ok_and(|re| re.is_match(number));
        // Emergency calls are never blocked: not by the lock, the hours,
        // the destination filter or the call lists.
        if matches(EMERGENCY_NUMBERS) {
            return true;
        }
        let in_hours = self
            .working_hours
            .as_ref()
            .is_none_or(|c| c.parsed().is_some_and(|rules| rules.matches(day, minute)));
        let by_filter = match &self.filter {
            OutboundFilterRule::All => true,
            OutboundFilterRule::None => false,
            OutboundFilterRule::Matching(re) => matches(re),
        };
        let by_lists = !self.blocked.as_deref().is_some_and(matches)
            && self.only_allowed.as_deref().is_none_or(matches);
        in_hours && by_filter && by_lists
    }
}
