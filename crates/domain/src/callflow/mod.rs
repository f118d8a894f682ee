//! The call-flow model: what happens to a call to an extension, built once
//! from the extension and read by the dialplan renderer, the call-flow page
//! and the simulator, so the three never disagree.
//!
//! A flow is an ordered list of [`Step`]s. Checks (forward, DND, condition)
//! may end the call at a [`Target`]; ring steps try targets for a while; the
//! [`Branches`] decide where an unanswered call ends. Calls the extension
//! itself places are governed by its [`OutboundPolicy`].

mod build;
mod outbound;
mod simulate;
mod target_calls;
#[cfg(test)]
mod tests;

pub use build::build;
pub use outbound::{
    CallerIdCheck, EMERGENCY_NUMBERS, OutboundFilterRule, OutboundPolicy, call_list_regex,
};
pub use simulate::{Branch, CallPath, DeviceState, Outcome, describe, simulate};
pub use target_calls::{TargetCalls, target_calls, target_ip, target_number};

use serde::{Deserialize, Serialize};

use crate::extension::{ExtensionKind, ExtensionNumber, SipUsername};
use crate::tenant::SipStack;
use crate::values::AutoAnswer;

/// What happens to a call to one extension.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallFlow {
    pub number: ExtensionNumber,
    pub kind: ExtensionKind,
    /// The checks and ring steps, in the order the call meets them.
    pub steps: Vec<Step>,
    /// Where an unanswered call goes, per reason.
    pub branches: Branches,
    /// Rules for calls this extension places.
    pub outbound: OutboundPolicy,
    /// Music-on-hold class callers hear when the extension holds them.
    pub hold_music: Option<String>,
}

/// One step of a flow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum Step {
    /// Unconditional forward: every call goes to `to`.
    Forward { to: Target },
    /// Do not disturb: every call goes to `to` (the busy destination).
    DoNotDisturb { to: Target },
    /// While `condition` matches, calls go to `to`.
    Condition {
        condition: NamedCondition,
        to: Target,
    },
    /// Ring targets together for `timeout` seconds.
    Ring(Ring),
}

/// A ring step: targets rung together, for a while, with a caller ID rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ring {
    /// Why this step exists: `extension`, `members`, `custom`, `follow_me`.
    pub purpose: RingPurpose,
    pub targets: Vec<RingTarget>,
    pub timeout: u32,
    pub caller_id: CallerIdRule,
    /// The step runs only while this condition matches (follow-me condition).
    pub only_when: Option<NamedCondition>,
    /// The answering party must press 1 (follow-me confirmation).
    pub confirm: Option<Confirm>,
    /// Sound played to the caller before this step (follow-me hold message).
    pub announce: Option<String>,
    /// Record the call (inbound recording policy Always).
    pub record: bool,
    /// Play the recording notice to the caller before recording starts.
    pub record_notice: bool,
    /// The extension counts as busy while it is on a call (call waiting
    /// disabled or handled by the server).
    pub busy_when_in_use: bool,
    /// Set on each channel this step rings, before it rings.
    pub callee: Option<CalleeSetup>,
}

/// What a pre-dial handler sets on the channel of a rung phone: volume,
/// auto-answer headers, ChanSpy groups and parking lot.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalleeSetup {
    /// Gain of the audio sent to the phone (-10 to 10; 0: unchanged).
    pub tx_volume: i64,
    /// Gain of the audio received from the phone.
    pub rx_volume: i64,
    pub auto_answer: AutoAnswer,
    /// ChanSpy groups of the channel.
    pub spy_groups: Vec<u8>,
    /// The parking lot calls of the channel park in.
    pub parking_lot: Option<String>,
}

impl CalleeSetup {
    /// True when the handler would set nothing.
    pub fn is_empty(&self) -> bool {
        self == &CalleeSetup::default()
    }
}

/// Why a ring step exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RingPurpose {
    Extension,
    Members,
    Custom,
    FollowMe,
}

/// Something a ring step rings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "target", rename_all = "snake_case")]
pub enum RingTarget {
    /// A registered phone; the device state applies to it.
    Phone {
        number: ExtensionNumber,
        stack: SipStack,
        username: SipUsername,
        /// Trunk mode: dial this user part at the peer instead of the peer.
        trunk_dial: Option<TrunkDial>,
    },
    /// A custom extension's channel, e.g. `PJSIP/+15551230106@carrier`.
    Channel {
        number: ExtensionNumber,
        dial: String,
    },
    /// An external number (follow-me), dialled through the tenant's routes.
    /// `caller_id` is how the caller ID presented to it alone is changed
    /// (a follow-me number rung together with the extension: the caller ID
    /// the step sets is for all of its targets).
    External {
        number: String,
        #[serde(default, skip_serializing_if = "CallerIdRule::is_unchanged")]
        caller_id: CallerIdRule,
    },
}

/// The user part a trunk-mode extension is dialled with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "dial", content = "number", rename_all = "snake_case")]
pub enum TrunkDial {
    /// The number the caller dialled.
    CalledNumber,
    /// The DID override.
    Did(String),
}

/// How the caller ID presented to ring targets is changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallerIdRule {
    pub hide_number: bool,
    pub hide_name: bool,
    /// Replace the caller ID with this name and number.
    pub replace: Option<(String, String)>,
    /// Digits put before the caller's number.
    pub prefix: Option<String>,
}

impl CallerIdRule {
    /// True when the rule changes nothing.
    pub fn is_unchanged(&self) -> bool {
        self == &CallerIdRule::default()
    }
}

/// Follow-me answer confirmation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Confirm {
    /// Prompt asking for the key press; `None`: the default prompt.
    pub message: Option<String>,
}

/// A tenant condition, by name, with its time spec.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NamedCondition {
    pub name: String,
    /// `mon-fri 08:00-18:00; sat 09:00-12:00`.
    pub spec: String,
}

impl NamedCondition {
    /// The parsed rules (a spec that no longer parses never matches).
    pub fn parsed(&self) -> Option<crate::objects::TimeCondition> {
        crate::objects::TimeCondition::parse(&self.spec).ok()
    }
}

/// Where a call ends when it is not answered by a ring step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "to", content = "number", rename_all = "snake_case")]
pub enum Target {
    Extension(ExtensionNumber),
    Voicemail(ExtensionNumber),
    Number(String),
    Hangup,
}

/// Where an unanswered call goes, per reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Branches {
    pub no_answer: Target,
    pub busy: Target,
    pub offline: Target,
}
