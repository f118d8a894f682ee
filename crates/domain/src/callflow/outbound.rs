//! The rules for calls an extension places: lock PIN, working hours,
//! destination filter, maximum duration, caller ID and recording.

use serde::{Deserialize, Serialize};

use super::NamedCondition;
use super::build::Lookup;
use crate::extension::Extension;
use crate::values::{CallerIdPresentation, OutboundFilter, RecordingPolicy};

/// Which external destinations an extension may call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "allow", content = "regex", rename_all = "snake_case")]
pub enum OutboundFilterRule {
    All,
    None,
    Matching(String),
}

/// Rules for calls an extension places.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboundPolicy {
    /// External calls wait for this PIN.
    pub lock_pin: Option<String>,
    /// External calls are allowed only while this condition matches.
    pub working_hours: Option<NamedCondition>,
    pub filter: OutboundFilterRule,
    /// Every call placed is cut after this many seconds.
    pub max_duration: Option<u32>,
    /// External caller ID number (empty: tenant default).
    pub caller_id_number: Option<String>,
    /// External caller ID name.
    pub caller_id_name: Option<String>,
    pub hide_caller_id: bool,
    /// Record calls placed (policy Always).
    pub record: bool,
}

pub(super) fn policy(extension: &Extension, lookup: &Lookup) -> OutboundPolicy {
    let s = &extension.settings;
    let text = |v: &str| (!v.is_empty()).then(|| v.to_owned());
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
        max_duration: match s.security.max_call_duration.get() {
            0 => None,
            n => Some(n as u32),
        },
        caller_id_number: text(s.outbound.caller_id_number.as_str()),
        caller_id_name: text(s.outbound.caller_id_name.as_str()),
        hide_caller_id: s.outbound.caller_id_presentation == CallerIdPresentation::Hidden,
        record: s.outbound_recording.outbound_recording == RecordingPolicy::Always,
    }
}

impl OutboundPolicy {
    /// True when an external call to `number` at `day`/`minute` passes the
    /// hours and destination checks (the PIN is assumed entered).
    pub fn allows(&self, number: &str, day: crate::objects::Weekday, minute: u16) -> bool {
        let in_hours = self
            .working_hours
            .as_ref()
            .is_none_or(|c| c.parsed().is_some_and(|rules| rules.matches(day, minute)));
        let by_filter = match &self.filter {
            OutboundFilterRule::All => true,
            OutboundFilterRule::None => false,
            OutboundFilterRule::Matching(re) => {
                regex::Regex::new(re).is_ok_and(|re| re.is_match(number))
            }
        };
        in_hours && by_filter
    }
}
