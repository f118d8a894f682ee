//! What a ring step does to the channels it rings, as a pre-dial handler
//! (`Dial` option `b(<predial>^<number>^1(<auto-answer>))`) in the tenant's
//! `-predial` context: volume, auto-answer headers, spy groups, parking
//! lot; and the busy check of an extension without call waiting.

use pbx_domain::callflow::{CalleeSetup, CallerIdRule, RingTarget};
use pbx_domain::values::AutoAnswer;

use super::dial::device;
use super::flow::{Party, caller_id_lines};
use super::model::Exten;
use super::names::Names;
use crate::escape::{UnsafeValue, dial_literal};

/// Device states in which a phone is on a call.
const IN_USE: &str = "^(INUSE|BUSY|ONHOLD|RINGINUSE)$";

/// The `Dial` option that runs `number`'s pre-dial handler on each callee.
pub fn predial_option(names: &Names, number: &str, setup: &CalleeSetup) -> String {
    let answer = match setup.auto_answer {
        AutoAnswer::Off => "0",
        AutoAnswer::Always => "1",
        AutoAnswer::Intercom => "${IF($[\"${PBX_EXT}\" != \"\"]?1:0)}",
    };
    format!("b({}^{number}^1({answer}))", names.predial)
}

/// The pre-dial handler of one extension; `ARG1` is 1 when the phone is
/// asked to answer by itself. `externals` are the external numbers rung
/// with a caller ID of their own `(number, rule)`: on the Local channel of
/// one (`Local/<number>@...`), the handler sets the identity the channel
/// presents (its connected line, which the Local channel hands on as the
/// caller ID of the call it places) and nothing else.
pub fn predial_exten(
    number: &str,
    setup: &CalleeSetup,
    externals: &[(&str, &CallerIdRule)],
) -> Result<Exten, UnsafeValue> {
    let mut e = Exten::new(number);
    e.push("NoOp", format!("callee setup for {number}"));
    for (i, (external, rule)) in externals.iter().enumerate() {
        let channel = format!("Local/{}@", dial_literal("follow-me number", external)?);
        let other = format!("notexternal{i}");
        e.push(
            "GotoIf",
            format!(
                "$[\"${{CHANNEL(name):0:{}}}\" != \"{channel}\"]?{other}",
                channel.len()
            ),
        );
        caller_id_lines(&mut e, rule, Party::Presented)?;
        e.push("Return", "");
        e.push_labelled(&other, "NoOp", format!("not {external}"));
    }
    if setup.tx_volume != 0 {
        e.push("Set", format!("VOLUME(TX)={}", setup.tx_volume));
    }
    if setup.rx_volume != 0 {
        e.push("Set", format!("VOLUME(RX)={}", setup.rx_volume));
    }
    if !setup.spy_groups.is_empty() {
        e.push("Set", format!("SPYGROUP={}", spy_groups(&setup.spy_groups)));
    }
    if let Some(lot) = &setup.parking_lot {
        let lot = dial_literal("parking lot", lot)?;
        e.push("Set", format!("CHANNEL(parkinglot)={lot}"));
    }
    if setup.auto_answer != AutoAnswer::Off {
        e.push("GotoIf", "$[\"${ARG1}\" != \"1\"]?done");
        e.push("GotoIf", "$[\"${CHANNEL(channeltype)}\" = \"SIP\"]?sip");
        // A follow-me number's Local channel takes no SIP headers.
        e.push("GotoIf", "$[\"${CHANNEL(channeltype)}\" != \"PJSIP\"]?done");
        e.push("Set", "PJSIP_HEADER(add,Alert-Info)=info=alert-autoanswer");
        e.push("Set", "PJSIP_HEADER(add,Call-Info)=answer-after=0");
        e.push("Return", "");
        e.push_labelled("sip", "SIPAddHeader", "Alert-Info: info=alert-autoanswer");
        e.push("SIPAddHeader", "Call-Info: answer-after=0");
    }
    e.push_labelled("done", "Return", "");
    Ok(e)
}

/// `SPYGROUP` syntax: groups joined by `:`.
pub fn spy_groups(groups: &[u8]) -> String {
    groups
        .iter()
        .map(u8::to_string)
        .collect::<Vec<_>>()
        .join(":")
}

/// Sends the call to `busy` when every phone of `targets` is on a call.
pub fn busy_check(e: &mut Exten, targets: &[RingTarget], step: usize) {
    let phones: Vec<String> = targets
        .iter()
        .filter_map(|t| match t {
            RingTarget::Phone {
                stack, username, ..
            } => Some(device(*stack, username.as_str())),
            _ => None,
        })
        .collect();
    if phones.is_empty() {
        return;
    }
    let free = format!("free{step}");
    for dev in phones {
        e.push(
            "GotoIf",
            format!("$[${{REGEX(\"{IN_USE}\" ${{DEVICE_STATE({dev})}})}}]?:{free}"),
        );
    }
    e.push("Goto", "busy");
    e.push_labelled(&free, "NoOp", "not on a call");
}
