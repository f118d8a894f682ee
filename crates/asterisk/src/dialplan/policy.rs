//! The rules for calls an extension places, as a subroutine in the tenant's
//! `-policy` context: `Gosub(<policy>,<number>,1(int|ext,<dialled>))`.

use pbx_domain::ExtensionNumber;
use pbx_domain::callflow::{OutboundFilterRule, OutboundPolicy};

use super::flow::time_tests;
use super::model::Exten;
use crate::escape::{UnsafeValue, base64, dial_literal, dialplan_text};

/// The policy subroutine of one extension.
pub fn policy_exten(
    number: &ExtensionNumber,
    policy: &OutboundPolicy,
) -> Result<Exten, UnsafeValue> {
    let mut e = Exten::new(number.as_str());
    e.push("NoOp", format!("calls placed by {number}"));
    if let Some(seconds) = policy.max_duration {
        e.push("Set", format!("TIMEOUT(absolute)={seconds}"));
    }
    if policy.record {
        e.push("MixMonitor", "${UNIQUEID}-out.wav");
    }
    e.push("GotoIf", "$[\"${ARG1}\" != \"ext\"]?done");
    if let Some(pin) = &policy.lock_pin {
        e.push("Authenticate", dial_literal("lock PIN", pin)?.to_owned());
    }
    if let Some(hours) = &policy.working_hours {
        for test in time_tests(hours) {
            e.push("GotoIfTime", format!("{test}?hours"));
        }
        e.push("Hangup", "21");
        e.push_labelled("hours", "NoOp", "inside working hours");
    }
    match &policy.filter {
        OutboundFilterRule::All => {}
        OutboundFilterRule::None => e.push("Hangup", "21"),
        OutboundFilterRule::Matching(regex) => {
            e.push(
                "Set",
                format!(
                    "PBX_ALLOWED=${{BASE64_DECODE({})}}",
                    base64(regex.as_bytes())
                ),
            );
            e.push("GotoIf", "$[${REGEX(\"${PBX_ALLOWED}\" ${ARG2})}]?allowed");
            e.push("Hangup", "21");
            e.push_labelled("allowed", "NoOp", "destination allowed");
        }
    }
    if let Some(number) = &policy.caller_id_number {
        e.push(
            "Set",
            format!(
                "CALLERID(num)={}",
                dial_literal("caller ID number", number)?
            ),
        );
    }
    if let Some(name) = &policy.caller_id_name {
        e.push("Set", format!("CALLERID(name)={}", dialplan_text(name)));
    }
    if policy.hide_caller_id {
        e.push("Set", "CALLERID(pres)=prohib");
    }
    e.push_labelled("done", "Return", "");
    Ok(e)
}
