//! What the dialplan does for call records and cost limits.
//!
//! Every call an extension places or receives enters the tenant's policy
//! context through [`CDR_TAG`]: it writes the `pbx_*` CDR variables
//! (tenant, node, calling extension, direction, dialled number), which
//! `cdr_pgsql` stores beside the CDR, then goes on to the calling
//! extension's policy (or `nobody`'s) in the same subroutine frame.
//!
//! External calls of a node with a call-control service then run
//! [`LIMIT_CHECK`]: a FastAGI request to pbx, which answers in
//! `PBX_LIMIT` (`allow` or `refuse`) and `PBX_LIMIT_SECONDS` (the longest
//! the call may last, becoming its absolute timeout). When pbx cannot be
//! reached the tenant's fallback decides.

use pbx_domain::tenant::CallControlFallback;

use super::model::Exten;
use super::names::Names;
use super::policy::NOBODY;

/// The policy exten every call enters by (see the module docs).
pub const CDR_TAG: &str = "cdr";

/// The policy exten asking pbx whether an external call may go on.
pub const LIMIT_CHECK: &str = "limit";

/// The FastAGI script name pbx serves the limit check under.
pub const CALL_CONTROL_SCRIPT: &str = "call-control";

/// `Gosub(<policy>,cdr,1(int|ext,<dialled>))`: the argument of the Gosub
/// every call runs (see [`CDR_TAG`]).
pub fn policy_entry(names: &Names, direction: &str, dialled: &str) -> String {
    format!("{},{CDR_TAG},1({direction},{dialled})", names.policy)
}

/// The [`CDR_TAG`] exten. `PBX_EXT` is set by pbx on the extension's own
/// channels only (digits), never by a caller.
pub fn cdr_exten(names: &Names) -> Exten {
    let mut e = Exten::new(CDR_TAG);
    e.push("Set", format!("CDR(pbx_tenant)={}", names.tenant));
    e.push("Set", format!("CDR(pbx_node)={}", names.node));
    e.push("Set", "CDR(pbx_ext)=${PBX_EXT}");
    e.push("Set", "CDR(pbx_direction)=${ARG1}");
    e.push("Set", "CDR(pbx_dialled)=${ARG2}");
    e.push(
        "Goto",
        format!("${{IF($[\"${{PBX_EXT}}\" = \"\"]?{NOBODY}:${{PBX_EXT}})}},1"),
    );
    e
}

/// The [`LIMIT_CHECK`] exten, when the node has a call-control service.
pub fn limit_exten(names: &Names, fallback: CallControlFallback) -> Option<Exten> {
    let service = names.call_control.as_ref()?;
    let mut e = Exten::new(LIMIT_CHECK);
    e.push("Set", "PBX_LIMIT=unreached");
    e.push("Set", "PBX_LIMIT_SECONDS=0");
    e.push(
        "AGI",
        format!(
            "agi://{service}/{CALL_CONTROL_SCRIPT},{},${{PBX_EXT}},${{ARG1}},{}",
            names.tenant, names.node
        ),
    );
    e.push("ExecIf", "$[\"${PBX_LIMIT}\" = \"refuse\"]?Hangup(21)");
    if fallback == CallControlFallback::Refuse {
        e.push("ExecIf", "$[\"${PBX_LIMIT}\" != \"allow\"]?Hangup(21)");
    }
    e.push(
        "ExecIf",
        "$[${PBX_LIMIT_SECONDS} > 0]?Set(TIMEOUT(absolute)=${PBX_LIMIT_SECONDS})",
    );
    e.push("Return", "");
    Some(e)
}

/// The line an extension's policy runs for an external call (after the
/// emergency test, so emergency calls are never checked).
pub fn limit_call(names: &Names) -> Option<String> {
    names
        .call_control
        .as_ref()
        .map(|_| format!("{},{LIMIT_CHECK},1(${{ARG2}})", names.policy))
}
