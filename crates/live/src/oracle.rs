//! The call-flow simulator is the truth: what it says a call does, the
//! live Asterisk must do. [`expected`] walks the model; [`observed`] reads
//! the same shape off a [`CallTrace`]; [`assert_same_path`] compares them.

use pbx_domain::calendar::{civil_from_days, weekday_minute};
use pbx_domain::callflow::{
    CallFlow, CallPath, DeviceState, Outcome, Ring, RingTarget, Step, Target, TrunkDial, simulate,
};
use pbx_domain::objects::Weekday;
use pbx_domain::tenant::SipStack;

use crate::observe::CallTrace;

/// A call's path as both sides can tell it: the ring steps that ran (each
/// the set of what was rung) and where the call ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Path {
    /// Per ring step that ran, the dial strings' resources, sorted (e.g.
    /// `PJSIP/101-ACME`, `PJSIP/5551234@carrier`).
    pub rings: Vec<Vec<String>>,
    pub end: End,
}

/// Where a call ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum End {
    /// Answered by one of the resources of the last ring step.
    Answered(Vec<String>),
    /// Left in the voicemail box `<number>@<TENANT>`.
    Voicemail(String),
    /// Sent to another extension of the tenant.
    Extension(String),
    /// Sent to an external number.
    Number(String),
    /// Hung up.
    Hangup,
}

/// How pbx dials a ring target (the resource part of a dial string) on a
/// call that dialled `called`: a phone in trunk mode with the called
/// number, or its DID number, before the username (PJSIP) or after it
/// (chan_sip).
fn resource(target: &RingTarget, called: &str) -> String {
    match target {
        RingTarget::Phone {
            stack,
            username,
            trunk_dial,
            ..
        } => {
            let tech = stack.channel_tech();
            let user = match trunk_dial {
                None => return format!("{tech}/{username}"),
                Some(TrunkDial::CalledNumber) => called,
                Some(TrunkDial::Did(did)) => did.as_str(),
            };
            match stack {
                SipStack::Pjsip => format!("{tech}/{user}@{username}"),
                SipStack::ChanSip => format!("{tech}/{username}/{user}"),
            }
        }
        RingTarget::Channel { dial, .. } => dial.clone(),
        RingTarget::External { number, .. } => format!("external:{number}"),
    }
}

/// The path the simulator predicts for a call to `flow` now (UTC) with
/// the callee's devices in `state`.
pub fn expected(flow: &CallFlow, tenant: &str, state: DeviceState) -> (Path, CallPath) {
    let (day, minute) = now_utc();
    let path = simulate(flow, day, minute, state);
    expected_from(flow, path, tenant)
}

/// The path of a simulated call (as the call-flow API returns it) in the
/// shape [`observed`] reads off Asterisk.
pub fn expected_from(flow: &CallFlow, path: CallPath, tenant: &str) -> (Path, CallPath) {
    let mut rings = Vec::new();
    for (i, step) in flow.steps.iter().enumerate().take(path.reached) {
        if let Step::Ring(ring) = step {
            let skipped = path.taken[i].starts_with("skip ");
            if !skipped && !ring.targets.is_empty() {
                rings.push(ring_resources(ring, flow.number.as_str()));
            }
        }
    }
    let end = match &path.outcome {
        Outcome::Answered { .. } => End::Answered(rings.last().cloned().unwrap_or_default()),
        Outcome::Sent { to } => match to {
            Target::Voicemail(n) => End::Voicemail(format!("{n}@{tenant}")),
            Target::Extension(n) => End::Extension(n.to_string()),
            Target::Number(n) => End::Number(n.clone()),
            Target::Hangup => End::Hangup,
        },
    };
    (Path { rings, end }, path)
}

fn ring_resources(ring: &Ring, called: &str) -> Vec<String> {
    let mut out: Vec<String> = ring.targets.iter().map(|t| resource(t, called)).collect();
    out.sort();
    out
}

/// The current minute in UTC as the call-flow API's `at` parameter,
/// e.g. `2026-11-26T21:00`.
pub fn now_at() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs();
    let (y, m, d) = civil_from_days((secs / 86_400) as i64);
    let minute = (secs % 86_400) / 60;
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}", minute / 60, minute % 60)
}

/// Today's weekday and the minute of the day, in UTC (the live Asterisk
/// runs with `TZ=UTC`).
pub fn now_utc() -> (Weekday, u16) {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs();
    weekday_minute(secs as i64)
}

/// A time condition (the objects' syntax, e.g. `wed 06:20-07:20`) that
/// matches the current time (`true`) or excludes today entirely at hours
/// far from now.
pub fn condition_spec(matching: bool) -> String {
    let (day, minute) = now_utc();
    let day = day.as_str();
    let hm = |m: u16| format!("{:02}:{:02}", m / 60, m % 60);
    if matching {
        let start = minute.saturating_sub(30);
        let end = (minute + 30).min(24 * 60 - 1);
        format!("{day} {}-{}", hm(start), hm(end))
    } else if minute < 12 * 60 {
        format!("{day} 18:00-19:00")
    } else {
        format!("{day} 02:00-03:00")
    }
}

/// The contexts of a tenant's calls (prefix `pbx-`).
#[derive(Debug, Clone)]
pub struct Contexts {
    pub tenant: String,
    pub ext: String,
    pub outbound: String,
}

impl Contexts {
    /// The contexts of tenant `code` on a node with prefix `pbx-`.
    pub fn of(code: &str) -> Contexts {
        Contexts {
            tenant: code.into(),
            ext: format!("pbx-{code}-ext"),
            outbound: format!("pbx-{code}-outbound"),
        }
    }
}

/// The resources of a `Dial` argument: `PJSIP/101-ACME&Local/555@x/n,20,b(..)`
/// gives `PJSIP/101-ACME`, `external:555`.
fn dial_resources(data: &str) -> Vec<String> {
    let targets = data.split(',').next().unwrap_or_default();
    let mut out: Vec<String> = targets
        .split('&')
        .filter(|r| !r.is_empty())
        .map(|r| match r.strip_prefix("Local/") {
            Some(local) => format!("external:{}", local.split('@').next().unwrap_or_default()),
            None => r.to_owned(),
        })
        .collect();
    out.sort();
    out
}

/// The path Asterisk took with a call to `called`, read from the events of
/// the calling channel: each `Dial` it ran in the callee's `-ext` extension
/// is a ring step; the call ends when a rung channel answers, or when it
/// runs `VoiceMail`, moves to another extension of the tenant, or to the
/// outbound context (an external number). Otherwise it hung up.
pub fn observed(trace: &CallTrace, contexts: &Contexts, called: &str) -> Path {
    observed_from(trace, 0, None, contexts, called).0
}

/// The path of each extension a call went through, in order, from
/// `called`'s: where [`observed`] sees the call sent to another extension
/// of the tenant, that extension's own path follows (a no-answer
/// destination leading to an extension whose own no-answer leads on).
pub fn observed_chain(trace: &CallTrace, contexts: &Contexts, called: &str) -> Vec<(String, Path)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut caller = None;
    let mut number = called.to_owned();
    // An extension seen twice is a loop: its path is told once.
    while !out.iter().any(|(n, _)| n == &number) {
        let (path, next, channel) = observed_from(trace, start, caller, contexts, &number);
        let on = match &path.end {
            End::Extension(n) => Some(n.clone()),
            _ => None,
        };
        out.push((number, path));
        match on {
            Some(n) => {
                number = n;
                start = next;
                caller = channel;
            }
            None => break,
        }
    }
    out
}

/// [`observed`] from the `start`-th event on, with the calling channel
/// `caller` (none: the first that runs a step); the path, the index of the
/// event that ended it and the calling channel.
fn observed_from(
    trace: &CallTrace,
    start: usize,
    mut caller: Option<String>,
    contexts: &Contexts,
    called: &str,
) -> (Path, usize, Option<String>) {
    let mut rings: Vec<Vec<String>> = Vec::new();
    let mut end: Option<End> = None;
    let mut at = start;
    for (i, e) in trace.events.iter().enumerate().skip(start) {
        if end.is_some() {
            break;
        }
        at = i;
        let channel = e.get("Channel").unwrap_or_default();
        match e.get("Event") {
            Some("Newexten") => {
                let context = e.get("Context").unwrap_or_default();
                let exten = e.get("Extension").unwrap_or_default();
                if caller.is_none() {
                    caller = Some(channel.to_owned());
                }
                if caller.as_deref() != Some(channel) {
                    continue;
                }
                let app = e.get("Application").unwrap_or_default();
                let data = e.get("AppData").unwrap_or_default();
                if context == contexts.ext && exten == called {
                    match app {
                        "Dial" => rings.push(dial_resources(data)),
                        "VoiceMail" => {
                            let mailbox = data.split(',').next().unwrap_or_default();
                            end = Some(End::Voicemail(mailbox.to_owned()));
                        }
                        _ => {}
                    }
                } else if context == contexts.ext {
                    end = Some(End::Extension(exten.to_owned()));
                } else if context == contexts.outbound {
                    end = Some(End::Number(exten.to_owned()));
                }
            }
            Some("DialEnd")
                if caller.as_deref() == Some(channel) && e.get("DialStatus") == Some("ANSWER") =>
            {
                end = Some(End::Answered(rings.last().cloned().unwrap_or_default()));
            }
            _ => {}
        }
    }
    let path = Path {
        rings,
        end: end.unwrap_or(End::Hangup),
    };
    (path, at, caller)
}

/// Asserts that each extension of a chain took the path the simulator
/// predicts for it: `expected` by extension number, in the order the call
/// went through them.
pub fn assert_same_chain(
    expected: &[(&str, &(Path, CallPath))],
    observed: &[(String, Path)],
    trace: &CallTrace,
) {
    let numbers: Vec<&str> = observed.iter().map(|(n, _)| n.as_str()).collect();
    let wanted: Vec<&str> = expected.iter().map(|(n, _)| *n).collect();
    assert_eq!(
        wanted,
        numbers,
        "the call did not go through the simulated extensions\nasterisk:\n{}",
        trace.describe()
    );
    for ((number, expected), (_, path)) in expected.iter().zip(observed) {
        assert_eq!(
            &expected.0,
            path,
            "at {number} the call did not take the simulated path\nsimulator: {:#?}\nasterisk:\n{}",
            expected.1,
            trace.describe()
        );
    }
}

/// Asserts that Asterisk took the path the simulator predicts.
pub fn assert_same_path(expected: &(Path, CallPath), observed: &Path, trace: &CallTrace) {
    assert_eq!(
        &expected.0,
        observed,
        "the call did not take the simulated path\nsimulator: {:#?}\nasterisk:\n{}",
        expected.1,
        trace.describe()
    );
}
