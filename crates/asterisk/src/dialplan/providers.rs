//! Calls from provider trunks that custom extensions' targets place: the
//! tenant's `-providers` context recognises each by its caller ID number,
//! checks the extension's authentication method and allowed providers, and
//! places the call as that extension (see `pbx_domain::callflow::TargetCalls`).
//!
//! Provider trunks send their calls to the node's `<prefix>providers`
//! context (which includes every tenant's) with `PBX_PROVIDER` set to the
//! provider's name.

use pbx_domain::callflow::TargetCalls;

use super::model::Exten;
use super::names::Names;
use super::refuse_undialable;
use crate::escape::{UnsafeValue, base64, dial_literal, regex_argument};

/// `Set(<var>=${BASE64_DECODE(<regex>)})` and the `ExecIf` that hangs up
/// unless `value` matches it.
fn hang_up_unless(e: &mut Exten, var: &str, regex: &str, value: &str) {
    let argument = regex_argument(regex);
    e.push(
        "Set",
        format!("{var}=${{BASE64_DECODE({})}}", base64(argument.as_bytes())),
    );
    e.push(
        "ExecIf",
        format!("$[!${{REGEX(\"${{{var}}}\" {value})}}]?Hangup(21)"),
    );
}

/// The extensions of the `-providers` context for one custom extension:
/// one per dialled-number pattern, matched on the caller ID number.
pub fn provider_extens(names: &Names, calls: &TargetCalls) -> Result<Vec<Exten>, UnsafeValue> {
    let caller_id = dial_literal("custom target number", &calls.caller_id)?;
    let number = calls.number.as_str();
    let mut out = Vec::new();
    for pattern in ["_X.", "_+X.", "_*X."] {
        let mut e = Exten::new(format!("{pattern}/{caller_id}"));
        refuse_undialable(&mut e);
        e.push(
            "NoOp",
            format!("a call placed by the target of custom extension {number}"),
        );
        if calls.providers.is_empty() {
            e.push("ExecIf", "$[\"${PBX_PROVIDER}\" = \"\"]?Hangup(21)");
        } else {
            let names = calls
                .providers
                .iter()
                .map(|p| dial_literal("allowed provider", p))
                .collect::<Result<Vec<_>, _>>()?;
            hang_up_unless(
                &mut e,
                "PBX_PROVIDERS",
                &format!("^({})$", names.join("|")),
                "${PBX_PROVIDER}",
            );
        }
        if let Some(ip) = &calls.source_ip {
            let ip = dial_literal("custom target address", ip)?;
            // Each channel driver names the address its own way; only the
            // channel's own is read (reading the other logs a warning).
            e.push("GotoIf", "$[\"${CHANNEL(channeltype)}\" = \"PJSIP\"]?pjsip");
            e.push("Set", "PBX_SOURCE=${CHANNEL(peerip)}");
            e.push("Goto", "source");
            e.push_labelled("pjsip", "Set", "PBX_SOURCE=${CHANNEL(pjsip,remote_addr)}");
            e.push_labelled("source", "NoOp", "source ${PBX_SOURCE}");
            let escaped = ip.replace('.', "\\.");
            hang_up_unless(
                &mut e,
                "PBX_SOURCE_RE",
                &format!("^\\[?{escaped}\\]?(:[0-9]+)?$"),
                "${PBX_SOURCE}",
            );
        }
        e.push("Set", format!("__PBX_EXT={number}"));
        e.push("Goto", format!("{},${{EXTEN}},1", names.main));
        out.push(e);
    }
    Ok(out)
}
