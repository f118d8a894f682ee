//! The rules for calls an extension places, as a subroutine in the tenant's
//! `-policy` context, entered through `Gosub(<policy>,cdr,1(int|ext,<dialled>))`
//! (see [`super::accounting`]), which goes on to `<number>` or `nobody`. It
//! may set `PBX_DIAL` (the number handed to the outbound context) and
//! `PBX_ROUTES` (the routes context of the extension's routing profile).
//! Internal calls (`int`) only get the spy groups; everything else,
//! max duration and outbound recording included, is for external calls.

use pbx_domain::ExtensionNumber;
use pbx_domain::callflow::{EMERGENCY_NUMBERS, OutboundFilterRule, OutboundPolicy};

use super::callee::spy_groups;
use super::flow::time_tests;
use super::model::Exten;
use super::names::Names;
use crate::escape::{UnsafeValue, base64, dial_literal, dialplan_text, regex_argument};

/// Numbers an area code is put before: up to 8 digits, no leading 0.
const SHORT_NUMBER: &str = "^[1-9][0-9]{0,7}$";

/// `Set(<var>=${BASE64_DECODE(<regex>)})`: regexes never appear literally,
/// and survive `REGEX()`'s argument parsing (see [`regex_argument`]).
fn set_regex(e: &mut Exten, var: &str, regex: &str) {
    let argument = regex_argument(regex);
    e.push(
        "Set",
        format!("{var}=${{BASE64_DECODE({})}}", base64(argument.as_bytes())),
    );
}

/// The policy subroutine of calls without a calling extension: internal
/// calls go on (the called extension's rules are not the caller's), and
/// external calls are refused, since nobody's limits would apply to them.
pub const NOBODY: &str = "nobody";

/// The `nobody` subroutine (see [`NOBODY`]).
pub fn nobody_exten() -> Exten {
    let mut e = Exten::new(NOBODY);
    e.push("NoOp", "a call without a calling extension");
    e.push("GotoIf", "$[\"${ARG1}\" = \"ext\"]?refuse");
    e.push("Return", "");
    e.push_labelled("refuse", "Hangup", "21");
    e
}

/// The policy subroutine of one extension.
pub fn policy_exten(
    names: &Names,
    number: &ExtensionNumber,
    policy: &OutboundPolicy,
    limit: Option<&str>,
) -> Result<Exten, UnsafeValue> {
    let mut e = Exten::new(number.as_str());
    e.push("NoOp", format!("calls placed by {number}"));
    if !policy.spy_groups.is_empty() {
        e.push(
            "Set",
            format!("SPYGROUP={}", spy_groups(&policy.spy_groups)),
        );
    }
    e.push("GotoIf", "$[\"${ARG1}\" != \"ext\"]?done");
    // External calls only: an internal call is neither cut nor recorded
    // as outbound.
    if let Some(seconds) = policy.max_duration {
        e.push("Set", format!("TIMEOUT(absolute)={seconds}"));
    }
    if policy.record {
        e.push("MixMonitor", "${UNIQUEID}-out.wav");
        e.push("Set", "CDR(pbx_recording)=${UNIQUEID}-out.wav");
    }
    // Emergency calls skip every restriction below (lock PIN, hours,
    // filter, call lists, area code, routing profile).
    set_regex(&mut e, "PBX_EMERGENCY", EMERGENCY_NUMBERS);
    e.push(
        "GotoIf",
        "$[${REGEX(\"${PBX_EMERGENCY}\" ${ARG2})}]?emergency",
    );
    if let Some(limit) = limit {
        e.push("Gosub", limit.to_owned());
    }
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
            set_regex(&mut e, "PBX_ALLOWED", regex);
            e.push("GotoIf", "$[${REGEX(\"${PBX_ALLOWED}\" ${ARG2})}]?allowed");
            e.push("Hangup", "21");
            e.push_labelled("allowed", "NoOp", "destination allowed");
        }
    }
    if let Some(regex) = &policy.blocked {
        set_regex(&mut e, "PBX_BLOCKED", regex);
        e.push(
            "ExecIf",
            "$[${REGEX(\"${PBX_BLOCKED}\" ${ARG2})}]?Hangup(21)",
        );
    }
    if let Some(regex) = &policy.only_allowed {
        set_regex(&mut e, "PBX_ONLY", regex);
        e.push("ExecIf", "$[!${REGEX(\"${PBX_ONLY}\" ${ARG2})}]?Hangup(21)");
    }
    if let Some(area) = &policy.area_code {
        let area = dial_literal("area code", area)?;
        set_regex(&mut e, "PBX_SHORT", SHORT_NUMBER);
        e.push(
            "ExecIf",
            format!("$[${{REGEX(\"${{PBX_SHORT}}\" ${{ARG2}})}}]?Set(PBX_DIAL={area}${{ARG2}})"),
        );
    }
    if let Some(profile) = &policy.routing_profile {
        let profile = dial_literal("routing profile", profile)?;
        e.push("Set", format!("PBX_ROUTES={}-{profile}", names.routes));
    }
    e.push_labelled("emergency", "NoOp", "caller ID");
    caller_id_lines(&mut e, policy)?;
    e.push_labelled("done", "Return", "");
    Ok(e)
}

/// Caller ID of external calls: number, name, regex check, emergency
/// identity, presentation.
fn caller_id_lines(e: &mut Exten, policy: &OutboundPolicy) -> Result<(), UnsafeValue> {
    if let Some(number) = &policy.caller_id_number {
        let number = dial_literal("caller ID number", number)?;
        e.push("Set", format!("CALLERID(num)={number}"));
    }
    if let Some(name) = &policy.caller_id_name {
        e.push("Set", format!("CALLERID(name)={}", dialplan_text(name)));
    }
    if let Some(check) = &policy.caller_id_check {
        let fallback = match &check.fallback {
            Some(n) => dial_literal("tenant caller ID number", n)?,
            None => "",
        };
        set_regex(e, "PBX_CIDRE", &check.regex);
        e.push(
            "ExecIf",
            format!("$[!${{REGEX(\"${{PBX_CIDRE}}\" ${{CALLERID(num)}})}}]?Set(CALLERID(num)={fallback})"),
        );
    }
    if let Some(number) = &policy.emergency_caller_id {
        let number = dial_literal("emergency caller ID", number)?;
        e.push(
            "ExecIf",
            format!("$[${{REGEX(\"${{PBX_EMERGENCY}}\" ${{ARG2}})}}]?Set(CALLERID(num)={number})"),
        );
    }
    if policy.hide_caller_id {
        e.push("Set", "CALLERID(pres)=prohib");
    }
    Ok(())
}
