//! Translates an extension's call flow into its priorities in the tenant's
//! `-ext` context.

use pbx_domain::callflow::{
    CallFlow, CalleeSetup, CallerIdRule, NamedCondition, Ring, RingTarget, Step, Target,
};
use pbx_domain::objects::TimeCondition;

use super::callee::{busy_check, predial_option};
use super::dial::{dial_string, target_action};
use super::model::Exten;
use super::names::Names;
use crate::escape::{UnsafeValue, dial_literal, dialplan_text};

/// The announcement played to both parties when a recorded inbound call
/// is answered, when the extension asks for recording privacy (a sound
/// file the node provides).
pub const RECORDING_NOTICE: &str = "custom/pbx-recording-notice";

/// The priorities of a call to `flow`'s extension.
pub fn inbound_exten(names: &Names, flow: &CallFlow) -> Result<Exten, UnsafeValue> {
    let mut e = Exten::new(flow.number.as_str());
    e.push("NoOp", format!("call to {}", flow.number));
    e.push("Set", "PBX_CALLED=${EXTEN}");
    e.push("Set", "PBX_STATUS=");
    if let Some(class) = &flow.hold_music {
        let class = dial_literal("music-on-hold class", class)?;
        e.push("Set", format!("CHANNEL(musicclass)={class}"));
    }
    let mut endings: Vec<(String, &Target, &str)> = Vec::new();
    let mut recording = false;
    for (i, step) in flow.steps.iter().enumerate() {
        match step {
            Step::Forward { to } => {
                e.push("Goto", "forward");
                endings.push(("forward".into(), to, "u"));
            }
            Step::DoNotDisturb { to } => {
                e.push("Goto", "dnd");
                endings.push(("dnd".into(), to, "b"));
            }
            Step::Condition { condition, to } => {
                let label = format!("condition{i}");
                for test in time_tests(condition) {
                    e.push("GotoIfTime", format!("{test}?{label}"));
                }
                endings.push((label, to, "u"));
            }
            Step::Ring(ring) => {
                ring_lines(&mut e, names, flow.number.as_str(), ring, i, &mut recording)?;
            }
        }
    }
    e.push("GotoIf", "$[\"${PBX_STATUS}\" = \"BUSY\"]?busy");
    e.push("GotoIf", "$[\"${PBX_STATUS}\" = \"CHANUNAVAIL\"]?offline");
    // Jump explicitly: the labelled endings of the checks (forward, DND,
    // condition) come first and must never be fallen into.
    e.push("Goto", "noanswer");
    endings.push(("noanswer".into(), &flow.branches.no_answer, "u"));
    endings.push(("busy".into(), &flow.branches.busy, "b"));
    endings.push(("offline".into(), &flow.branches.offline, "u"));
    for (label, target, reason) in endings {
        let (app, args) = target_action(names, target, reason)?;
        if let Target::Voicemail(mailbox) = target {
            // The call's record names the box: pbx mails the message.
            e.push_labelled(&label, "Set", format!("CDR(pbx_voicemail)={mailbox}"));
            e.push(app, args);
        } else {
            e.push_labelled(&label, app, args);
        }
        if app != "Hangup" {
            e.push("Hangup", "");
        }
    }
    Ok(e)
}

/// The priorities of one ring step. `recording` is true once an earlier
/// step started the call's recording (one `MixMonitor` per call).
fn ring_lines(
    e: &mut Exten,
    names: &Names,
    number: &str,
    ring: &Ring,
    i: usize,
    recording: &mut bool,
) -> Result<(), UnsafeValue> {
    let skip = format!("skip{i}");
    if let Some(condition) = &ring.only_when {
        let go = format!("ring{i}");
        for test in time_tests(condition) {
            e.push("GotoIfTime", format!("{test}?{go}"));
        }
        e.push("Goto", skip.clone());
        e.push_labelled(&go, "NoOp", format!("condition {i} matches"));
    }
    if ring.busy_when_in_use {
        busy_check(e, &ring.targets, i);
    }
    let cid = &ring.caller_id;
    // The step's caller ID is for its own leg: the caller's comes back
    // after it, for the steps and destinations that follow.
    let changes_caller_id =
        cid.replace.is_some() || cid.prefix.is_some() || cid.hide_number || cid.hide_name;
    if changes_caller_id {
        e.push("Set", "PBX_CALLER_NAME=${CALLERID(name)}");
        e.push("Set", "PBX_CALLER_NUM=${CALLERID(num)}");
    }
    caller_id_lines(e, cid, Party::Caller)?;
    if ring.record && !*recording {
        e.push("MixMonitor", "${UNIQUEID}-in.wav");
        e.push("Set", "CDR(pbx_recording)=${UNIQUEID}-in.wav");
        *recording = true;
    }
    if let Some(sound) = &ring.announce {
        e.push("Playback", dial_literal("hold message", sound)?.to_owned());
    }
    let mut options = match (&ring.callee, external_caller_ids(ring).is_empty()) {
        (Some(setup), _) => predial_option(names, number, setup),
        (None, false) => predial_option(names, number, &CalleeSetup::default()),
        (None, true) => String::new(),
    };
    if let Some(confirm) = &ring.confirm {
        let sound = match &confirm.message {
            Some(m) => dial_literal("confirm message", m)?,
            None => "beep",
        };
        e.push("Set", format!("__PBX_CONFIRM_SOUND={sound}"));
        options.push_str(&format!("U({}^s^1)", names.confirm));
    }
    if ring.record && ring.record_notice {
        // Played to both parties once the callee answers (`A(callee:caller)`),
        // never to a caller whose call is still ringing.
        options.push_str(&format!("A({RECORDING_NOTICE}:{RECORDING_NOTICE})"));
    }
    if ring.targets.is_empty() {
        e.push("Set", "DIALSTATUS=CHANUNAVAIL");
    } else {
        let dials = ring
            .targets
            .iter()
            .map(|t| dial_string(names, t))
            .collect::<Result<Vec<_>, _>>()?;
        let mut args = format!("{},{}", dials.join("&"), ring.timeout);
        if !options.is_empty() {
            args = format!("{args},{options}");
        }
        e.push("Dial", args);
    }
    let own = ring
        .targets
        .iter()
        .any(|t| !matches!(t, RingTarget::External { .. }));
    if own || ring.targets.is_empty() {
        e.push(
            "ExecIf",
            "$[\"${PBX_STATUS}\" = \"\"]?Set(PBX_STATUS=${DIALSTATUS})",
        );
    }
    if changes_caller_id {
        e.push("Set", "CALLERID(name)=${PBX_CALLER_NAME}");
        e.push("Set", "CALLERID(num)=${PBX_CALLER_NUM}");
    }
    if ring.only_when.is_some() {
        e.push_labelled(&skip, "NoOp", format!("after step {i}"));
    }
    Ok(())
}

/// The party whose identity a rule changes: the caller's (`CALLERID`, on
/// the calling channel) or, on a rung channel before it is called, the
/// identity it presents (`CONNECTEDLINE`, set without an update).
#[derive(Clone, Copy)]
pub(super) enum Party {
    Caller,
    Presented,
}

impl Party {
    fn set(self, part: &str) -> String {
        match self {
            Party::Caller => format!("CALLERID({part})"),
            Party::Presented => format!("CONNECTEDLINE({part},i)"),
        }
    }

    fn get(self, part: &str) -> String {
        match self {
            Party::Caller => format!("${{CALLERID({part})}}"),
            Party::Presented => format!("${{CONNECTEDLINE({part})}}"),
        }
    }
}

/// The priorities changing `party`'s identity the way `cid` says.
pub(super) fn caller_id_lines(
    e: &mut Exten,
    cid: &CallerIdRule,
    party: Party,
) -> Result<(), UnsafeValue> {
    let (name, num) = (party.set("name"), party.set("num"));
    if let Some((new_name, number)) = &cid.replace {
        e.push("Set", format!("{name}={}", dialplan_text(new_name)));
        e.push(
            "Set",
            format!("{num}={}", dial_literal("caller ID number", number)?),
        );
    }
    if let Some(prefix) = &cid.prefix {
        e.push(
            "Set",
            format!(
                "{num}={}{}",
                dial_literal("caller ID prefix", prefix)?,
                party.get("num")
            ),
        );
    }
    if cid.hide_number {
        e.push("Set", format!("{num}="));
    }
    if cid.hide_name {
        e.push("Set", format!("{name}="));
    }
    Ok(())
}

/// The external targets of `ring` with a caller ID of their own (set on
/// their channel by the pre-dial handler): `(number, rule)`.
pub(super) fn external_caller_ids(ring: &Ring) -> Vec<(&str, &CallerIdRule)> {
    ring.targets
        .iter()
        .filter_map(|t| match t {
            RingTarget::External { number, caller_id } if !caller_id.is_unchanged() => {
                Some((number.as_str(), caller_id))
            }
            _ => None,
        })
        .collect()
}

/// `GotoIfTime` tests of a condition, one per rule: `08:00-17:59,mon-fri,*,*`.
/// Asterisk's end minute is inclusive, the model's exclusive.
pub fn time_tests(condition: &NamedCondition) -> Vec<String> {
    let Some(TimeCondition(rules)) = condition.parsed() else {
        return Vec::new();
    };
    rules
        .iter()
        .map(|r| {
            let hm = |m: u16| format!("{:02}:{:02}", m / 60, m % 60);
            let days = if r.first_day == r.last_day {
                r.first_day.as_str().to_owned()
            } else {
                format!("{}-{}", r.first_day.as_str(), r.last_day.as_str())
            };
            format!(
                "{}-{},{days},*,*",
                hm(r.start_minute),
                hm(r.end_minute.saturating_sub(1))
            )
        })
        .collect()
}
