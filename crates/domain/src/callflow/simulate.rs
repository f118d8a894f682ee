//! Walks a [`CallFlow`] for a given time and device state: the path a call
//! takes, step by step, and where it ends.

use serde::{Deserialize, Serialize};

use super::{CallFlow, Ring, RingPurpose, RingTarget, Step, Target};
use crate::objects::Weekday;

/// The state of the called extension's devices during the simulated call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeviceState {
    Available,
    Busy,
    Offline,
    NoAnswer,
}

impl DeviceState {
    /// Parses `available`, `busy`, `offline` or `no_answer`.
    pub fn parse(raw: &str) -> Result<DeviceState, String> {
        match raw.trim() {
            "available" => Ok(DeviceState::Available),
            "busy" => Ok(DeviceState::Busy),
            "offline" => Ok(DeviceState::Offline),
            "no_answer" => Ok(DeviceState::NoAnswer),
            _ => Err("must be available, busy, offline or no_answer".into()),
        }
    }
}

/// How a simulated call ends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    /// A ring step's target answered.
    Answered { by: String },
    /// The call left the flow for a destination.
    Sent { to: Target },
}

/// Which branch sent an unanswered call on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Branch {
    NoAnswer,
    Busy,
    Offline,
}

/// The steps a simulated call took and how it ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallPath {
    /// One line per step taken, e.g. `ring 101 for 30 s: busy`.
    pub taken: Vec<String>,
    /// How many of the flow's steps the call met, in order: `taken[i]`
    /// describes `steps[i]` for every `i < reached`.
    pub reached: usize,
    /// The branch that ended the call when no step answered or sent it.
    pub branch: Option<Branch>,
    pub outcome: Outcome,
}

/// The path of a call to `flow` on `day` at `minute` after midnight, with
/// every rung device in `device` state (external follow-me numbers answer
/// only when the device state is `available`).
pub fn simulate(flow: &CallFlow, day: Weekday, minute: u16, device: DeviceState) -> CallPath {
    let mut taken: Vec<String> = Vec::new();
    let sent = |taken: Vec<String>, to: &Target| CallPath {
        reached: taken.len(),
        taken,
        branch: None,
        outcome: Outcome::Sent { to: to.clone() },
    };
    let mut own_status: Option<DeviceState> = None;
    for step in &flow.steps {
        match step {
            Step::Forward { to } => {
                taken.push(format!("unconditional forward to {}", describe(to)));
                return sent(taken, to);
            }
            Step::DoNotDisturb { to } => {
                taken.push(format!("do not disturb: to {}", describe(to)));
                return sent(taken, to);
            }
            Step::Condition { condition, to } => {
                let on = condition.parsed().is_some_and(|c| c.matches(day, minute));
                taken.push(format!(
                    "condition {}: {}",
                    condition.name,
                    if on { "matches" } else { "does not match" }
                ));
                if on {
                    return sent(taken, to);
                }
            }
            Step::Ring(ring) => {
                if let Some(c) = &ring.only_when
                    && !c.parsed().is_some_and(|c| c.matches(day, minute))
                {
                    taken.push(format!(
                        "skip {}: condition {} does not match",
                        label(ring),
                        c.name
                    ));
                    continue;
                }
                let status = if ring.targets.is_empty() {
                    DeviceState::Offline
                } else {
                    device
                };
                taken.push(format!(
                    "ring {} for {} s: {}",
                    label(ring),
                    ring.timeout,
                    state_word(status)
                ));
                if status == DeviceState::Available {
                    return CallPath {
                        reached: taken.len(),
                        taken,
                        branch: None,
                        outcome: Outcome::Answered { by: label(ring) },
                    };
                }
                own_status.get_or_insert(status);
            }
        }
    }
    let (branch, target) = match own_status.unwrap_or(DeviceState::Offline) {
        DeviceState::Busy => (Branch::Busy, &flow.branches.busy),
        DeviceState::Offline => (Branch::Offline, &flow.branches.offline),
        DeviceState::NoAnswer | DeviceState::Available => {
            (Branch::NoAnswer, &flow.branches.no_answer)
        }
    };
    let reached = taken.len();
    taken.push(format!("not answered: to {}", describe(target)));
    CallPath {
        taken,
        reached,
        branch: Some(branch),
        outcome: Outcome::Sent { to: target.clone() },
    }
}

fn state_word(state: DeviceState) -> &'static str {
    match state {
        DeviceState::Available => "answered",
        DeviceState::Busy => "busy",
        DeviceState::Offline => "offline",
        DeviceState::NoAnswer => "no answer",
    }
}

fn label(ring: &Ring) -> String {
    let names: Vec<String> = ring
        .targets
        .iter()
        .map(|t| match t {
            RingTarget::Phone { number, .. } | RingTarget::Channel { number, .. } => {
                number.to_string()
            }
            RingTarget::External { number, .. } => number.clone(),
        })
        .collect();
    let what = match ring.purpose {
        RingPurpose::FollowMe => "follow-me ",
        RingPurpose::Members => "members ",
        RingPurpose::Extension | RingPurpose::Custom => "",
    };
    format!("{what}{}", names.join("&"))
}

/// A human description of a target, e.g. `voicemail 101`.
pub fn describe(target: &Target) -> String {
    match target {
        Target::Extension(n) => format!("extension {n}"),
        Target::Voicemail(n) => format!("voicemail {n}"),
        Target::Number(n) => format!("number {n}"),
        Target::Hangup => "hang up".into(),
    }
}
